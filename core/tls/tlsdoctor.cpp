#include "core/tls/tlsdoctor.h"

#include "core/tls/tlsdoctorinternal.h"

#include <QJsonObject>

namespace ModemBench {

using namespace Internal;

QString severityName(DoctorFinding::Severity severity)
{
    switch (severity) {
    case Severity::Ok: return QStringLiteral("ok");
    case Severity::Info: return QStringLiteral("info");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Problem: break;
    }
    return QStringLiteral("problem");
}

QJsonArray findingsToJson(const QList<DoctorFinding> &findings)
{
    QJsonArray array;
    for (const DoctorFinding &item : findings) {
        array.append(QJsonObject{{QStringLiteral("check"), item.check},
                                 {QStringLiteral("severity"), severityName(item.severity)},
                                 {QStringLiteral("message"), item.message},
                                 {QStringLiteral("fix"), item.fix}});
    }
    return array;
}

bool hasProblem(const QList<DoctorFinding> &findings)
{
    return std::any_of(findings.cbegin(), findings.cend(),
                       [](const DoctorFinding &item) { return item.severity == Severity::Problem; });
}

namespace Internal {

DoctorCertificates loadCertificates(const DoctorInput &input)
{
    DoctorCertificates certificates;
    for (const QByteArray &pem : input.caCertificatesPem) {
        const QList<CertificateFacts> parsed = certificatesFromPem(pem);
        certificates.caUnreadable = certificates.caUnreadable || (parsed.isEmpty() && !pem.trimmed().isEmpty());
        certificates.ca << parsed;
    }
    if (!input.clientCertificatePem.trimmed().isEmpty()) {
        certificates.client = certificatesFromPem(input.clientCertificatePem);
        certificates.clientUnreadable = certificates.client.isEmpty();
    }
    for (const QByteArray &der : input.serverChainDer) {
        if (auto facts = certificateFromDer(der))
            certificates.chain << *facts;
    }
    return certificates;
}

QString dateText(const QDateTime &when)
{
    return when.isValid() ? when.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")) : QStringLiteral("(unknown)");
}

QString durationText(qint64 seconds)
{
    seconds = std::abs(seconds);
    if (seconds >= 2 * 86400)
        return QStringLiteral("%1 days").arg(seconds / 86400);
    if (seconds >= 3600)
        return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg(seconds % 3600 / 60);
    if (seconds >= 60)
        return QStringLiteral("%1 min").arg(seconds / 60);
    return QStringLiteral("%1 s").arg(seconds);
}

QString effectiveSni(const DoctorInput &input)
{
    if (!input.settings.sni.isEmpty())
        return input.settings.sni;
    return isIpAddress(input.host) ? QString() : input.host;
}

QString expectedName(const DoctorInput &input)
{
    const QString sni = effectiveSni(input);
    return sni.isEmpty() ? input.host : sni;
}

bool inInventory(const DoctorInput &input, const QString &name)
{
    return std::any_of(input.inventory.cbegin(), input.inventory.cend(),
                       [&name](const ModemFileRecord &record) { return record.name == name; });
}

std::optional<QString> outsideValidity(const CertificateFacts &facts, const QDateTime &at, const QString &what)
{
    if (!at.isValid() || (at >= facts.notBefore && at <= facts.notAfter))
        return std::nullopt;
    return QStringLiteral("%1 %2 is valid from %3 to %4; the module clock says %5.")
        .arg(what, facts.subject, dateText(facts.notBefore), dateText(facts.notAfter), dateText(at));
}

} // namespace Internal

namespace {

const QString kTimeFix = QStringLiteral(
    "Set the module clock from the network: AT+CNTP (e.g. AT+CNTP=\"pool.ntp.org\",0 then AT+CNTP) or "
    "AT+CLTS=1 and re-register; or set ignorertctime if the server's validity must not be checked.");

DoctorFinding firmwareFinding(const DoctorInput &input)
{
    const QString check = QStringLiteral("firmware");
    if (!input.profile) {
        return finding(check, Severity::Info, QStringLiteral("The module's model and firmware are not known."),
                       QStringLiteral("Run the checks with the modem attached so its model and firmware are read."));
    }
    const ModelProfile &profile = *input.profile;
    const QString who = QStringLiteral("%1 (firmware %2)").arg(profile.model, profile.firmware);
    if (!input.settings.tls)
        return finding(check, Severity::Ok, QStringLiteral("%1: plain TCP needs no TLS support.").arg(who));
    if (!profile.tls) {
        return finding(check, Severity::Problem, QStringLiteral("%1 has no TLS: %2").arg(who, profile.tlsNote),
                       QStringLiteral("Use a firmware or module with TLS (SIM800 R14.18, SIM7000, SIM7080)."));
    }
    if (profile.family == ModelFamily::Sim800) {
        const QString message = QStringLiteral("%1 offers SSL 3 / TLS 1.0 at most, which is insecure and refused "
                                               "by most servers.").arg(who);
        const QString fix = QStringLiteral("Use a SIM7000 or SIM7080 for TLS 1.2; accept TLS 1.0 only for a test "
                                           "server of your own.");
        return finding(check, input.settings.acceptInsecureTls10 ? Severity::Warning : Severity::Problem,
                       input.settings.acceptInsecureTls10 ? message
                                                          : message + QStringLiteral(" It is refused unless you "
                                                                                     "accept insecure TLS 1.0."),
                       fix);
    }
    return finding(check, Severity::Ok, QStringLiteral("%1 supports TLS.").arg(who));
}

DoctorFinding versionFinding(const DoctorInput &input)
{
    const QString check = QStringLiteral("tls-version");
    if (!input.settings.tls)
        return finding(check, Severity::Info, QStringLiteral("TLS is off: the connection is plain TCP."));
    const TlsVersion version = input.settings.version;
    const QString name = tlsVersionName(version);
    const ModelFamily family = input.profile ? input.profile->family : ModelFamily::Unknown;
    if (family == ModelFamily::Sim800) {
        // §11.3: the SIM800 has no sslversion setting; its stack offers SSL 3/TLS 1.0 at most.
        return finding(check, Severity::Warning,
                       QStringLiteral("The SIM800 speaks TLS 1.0 at most, whatever is set (%1 is ignored); most "
                                      "servers refuse TLS 1.0.").arg(name),
                       QStringLiteral("Test against a server of your own that allows TLS 1.0, or use a SIM7000/SIM7080."));
    }
    if (version == TlsVersion::Tls10 || version == TlsVersion::Tls11) {
        return finding(check, Severity::Warning,
                       QStringLiteral("%1 is insecure and most servers refuse it.").arg(name),
                       QStringLiteral("Use TLS 1.2."));
    }
    if (version == TlsVersion::Tls13 && family == ModelFamily::Sim7000) {
        return finding(check, Severity::Problem, QStringLiteral("The SIM7000 has no TLS 1.3."),
                       QStringLiteral("Use TLS 1.2."));
    }
    if (version == TlsVersion::Tls13) {
        const bool has2117 = input.profile && (input.profile->firmware + input.profile->revision).contains(QLatin1String("2117"));
        if (!has2117) {
            return finding(check, Severity::Warning,
                           QStringLiteral("TLS 1.3 exists only on SIM7080 \"2117\" firmware; others answer ERROR."),
                           QStringLiteral("Use TLS 1.2 unless the server accepts nothing else."));
        }
        return finding(check, Severity::Ok, QStringLiteral("TLS 1.3 on firmware 2117."));
    }
    return finding(check, Severity::Ok, QStringLiteral("%1: what most servers need.").arg(name));
}

DoctorFinding sniFinding(const DoctorInput &input)
{
    const QString check = QStringLiteral("sni");
    const QString sni = input.settings.sni;
    if (!input.settings.tls)
        return finding(check, Severity::Ok, QStringLiteral("No SNI: TLS is off."));
    if (input.profile && input.profile->family == ModelFamily::Sim800) {
        // §11.3 lists no SNI setting for AT+CIPSSL: the server sees no name and presents its default.
        return finding(check, Severity::Info, QStringLiteral("The SIM800 sends no SNI."),
                       QStringLiteral("A server with several names presents its default certificate."));
    }
    if (sni.isEmpty() && isIpAddress(input.host)) {
        return finding(check, Severity::Info,
                       QStringLiteral("%1 is an IP address, so no SNI is sent.").arg(input.host),
                       QStringLiteral("If the server hosts several names, set the SNI to the name in its certificate."));
    }
    if (sni.isEmpty() || sni == input.host)
        return finding(check, Severity::Ok, QStringLiteral("SNI will be %1.").arg(input.host));
    return finding(check, Severity::Warning, QStringLiteral("The SNI %1 differs from the host %2.").arg(sni, input.host),
                   QStringLiteral("The server picks its certificate by SNI: leave the SNI empty unless you "
                                  "connect by another name on purpose."));
}

QList<DoctorFinding> validityFindings(const DoctorInput &input, const DoctorCertificates &certificates)
{
    QList<DoctorFinding> found;
    const QDateTime clock = *input.modemClock;
    const Severity severity = input.settings.ignoreRtcTime ? Severity::Info : Severity::Problem;
    const QString fix = input.settings.ignoreRtcTime ? QString() : kTimeFix;
    auto check = [&](const QList<CertificateFacts> &list, const QString &what) {
        for (const CertificateFacts &facts : list) {
            if (auto outside = outsideValidity(facts, clock, what)) {
                found << finding(QStringLiteral("clock"), severity,
                                 input.settings.ignoreRtcTime ? *outside + QStringLiteral(" ignorertctime is set, so it is not checked.")
                                                              : *outside,
                                 fix);
            }
        }
    };
    check(certificates.ca, QStringLiteral("The CA certificate"));
    check(certificates.client, QStringLiteral("The client certificate"));
    check(certificates.chain.mid(0, 1), QStringLiteral("The server's certificate"));
    return found;
}

QList<DoctorFinding> clockFindings(const DoctorInput &input, const DoctorCertificates &certificates)
{
    const QString check = QStringLiteral("clock");
    const bool ignore = input.settings.ignoreRtcTime;
    if (!input.settings.tls)
        return {finding(check, Severity::Ok, QStringLiteral("The clock does not matter: TLS is off."))};
    if (!input.modemClock) {
        if (ignore)
            return {finding(check, Severity::Ok, QStringLiteral("The module clock is ignored (ignorertctime)."))};
        return {finding(check, Severity::Warning, QStringLiteral("Cannot check the validity dates: could not read the module clock (AT+CCLK?)."), kTimeFix)};
    }
    const QDateTime clock = input.modemClock->toUTC();
    if (clock.date().year() < 2020) {
        return {finding(check, ignore ? Severity::Info : Severity::Problem,
                        QStringLiteral("The clock was never set: the module says %1.").arg(dateText(clock)), kTimeFix)};
    }
    QList<DoctorFinding> found = validityFindings(input, certificates);
    const qint64 offset = input.now.isValid() ? input.now.secsTo(clock) : 0;
    if (std::abs(offset) > kClockToleranceS) {
        found << finding(check, Severity::Warning,
                         QStringLiteral("The module clock is %1 %2 the PC (%3 vs %4).")
                             .arg(durationText(offset), offset < 0 ? QStringLiteral("behind") : QStringLiteral("ahead of"),
                                  dateText(clock), dateText(input.now)),
                         kTimeFix);
    }
    if (found.isEmpty()) {
        found << finding(check, Severity::Ok, QStringLiteral("The module clock (%1) agrees with the PC and is inside "
                                                             "the certificates' validity.").arg(dateText(clock)));
    }
    return found;
}

} // namespace

QList<DoctorFinding> preflightFindings(const DoctorInput &input)
{
    const DoctorCertificates certificates = loadCertificates(input);
    QList<DoctorFinding> found;
    found << firmwareFinding(input) << versionFinding(input) << sniFinding(input);
    found << clockFindings(input, certificates);
    found << caFindings(input, certificates) << chainFindings(input, certificates);
    found << clientFindings(input, certificates) << filesFindings(input) << namesFindings(input);
    return found;
}

} // namespace ModemBench
