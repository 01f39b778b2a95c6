#include "core/tls/tlsdoctorinternal.h"

namespace ModemBench {

using namespace Internal;

namespace {

const QString kClockFix = QStringLiteral(
    "Set the module clock: AT+CNTP (network time) or AT+CLTS=1 and re-register; or set ignorertctime.");

QList<DoctorFinding> timeCauses(const DoctorInput &input, const DoctorCertificates &certificates)
{
    const QString check = QStringLiteral("clock");
    if (!input.modemClock) {
        return {finding(check, Severity::Problem,
                        QStringLiteral("The module clock is outside the certificate's validity (it could not be read)."),
                        kClockFix)};
    }
    const QDateTime clock = input.modemClock->toUTC();
    QList<DoctorFinding> found;
    if (clock.date().year() < 2020) {
        found << finding(check, Severity::Problem,
                         QStringLiteral("The module clock was never set: it says %1.").arg(dateText(clock)), kClockFix);
    }
    auto add = [&](const QList<CertificateFacts> &list, const QString &what) {
        for (const CertificateFacts &facts : list) {
            if (auto outside = outsideValidity(facts, clock, what))
                found << finding(check, Severity::Problem, *outside, kClockFix);
        }
    };
    add(certificates.chain, QStringLiteral("The server's certificate"));
    add(certificates.ca, QStringLiteral("The CA certificate"));
    add(certificates.client, QStringLiteral("The client certificate"));
    if (found.isEmpty()) {
        found << finding(check, Severity::Warning,
                         QStringLiteral("The module clock (%1) is inside the validity of every certificate the PC "
                                        "knows; an intermediate of the server may be outside it.").arg(dateText(clock)),
                         kClockFix);
    }
    return found;
}

QList<DoctorFinding> nameCauses(const DoctorInput &input, const DoctorCertificates &certificates)
{
    QList<DoctorFinding> found;
    if (auto host = hostNameFinding(input, certificates, Severity::Problem); host && host->severity != Severity::Ok) {
        host->check = QStringLiteral("host");
        found << *host;
    } else if (certificates.chain.isEmpty()) {
        found << finding(QStringLiteral("host"), Severity::Problem,
                         QStringLiteral("The server's certificate does not carry the name %1.").arg(expectedName(input)),
                         QStringLiteral("Connect by a name the certificate carries, or look at the server's chain "
                                        "from the PC to see its names."));
    }
    const QString sni = input.settings.sni;
    if (sni.isEmpty() && isIpAddress(input.host)) {
        found << finding(QStringLiteral("sni"), Severity::Warning,
                         QStringLiteral("%1 is an IP address, so no SNI is sent and the server shows its default "
                                        "certificate.").arg(input.host),
                         QStringLiteral("Connect by the host name, or set the SNI to the name in the certificate."));
    } else if (!sni.isEmpty() && sni != input.host) {
        found << finding(QStringLiteral("sni"), Severity::Warning,
                         QStringLiteral("The SNI %1 differs from the host %2.").arg(sni, input.host),
                         QStringLiteral("Leave the SNI empty so the host name is sent."));
    }
    if (found.isEmpty()) {
        found << finding(QStringLiteral("host"), Severity::Warning,
                         QStringLiteral("The PC sees a certificate for %1; the module may check another name.").arg(expectedName(input)),
                         QStringLiteral("Re-send the configuration (SNI) and try again."));
    }
    return found;
}

int rank(TlsVersion version)
{
    switch (version) {
    case TlsVersion::Tls10: return 10;
    case TlsVersion::Tls11: return 11;
    case TlsVersion::Tls12: return 12;
    case TlsVersion::Tls13: return 13;
    }
    return 0;
}

std::optional<DoctorFinding> versionCause(const DoctorInput &input)
{
    const QString check = QStringLiteral("tls-version");
    const TlsVersion mine = input.settings.version;
    // "TLSv1.3" (OpenSSL's spelling) → "1.3".
    QString digits = input.serverProtocol;
    while (!digits.isEmpty() && !digits.front().isDigit())
        digits.remove(0, 1);
    const auto server = digits.isEmpty() ? std::nullopt : tlsVersionFromName(digits);
    if (!server) {
        if (rank(mine) < 12) {
            return finding(check, Severity::Warning, QStringLiteral("The module offers %1, which most servers refuse.").arg(tlsVersionName(mine)),
                           QStringLiteral("Use TLS 1.2."));
        }
        return std::nullopt;
    }
    if (rank(*server) > rank(mine)) {
        return finding(check, Severity::Warning,
                       QStringLiteral("The server chose %1 with the PC while the module offers %2; a server that "
                                      "refuses %2 cannot be reached.").arg(tlsVersionName(*server), tlsVersionName(mine)),
                       QStringLiteral("Set the TLS version to %1 if the module supports it, or allow %2 on the server.")
                           .arg(tlsVersionName(*server), tlsVersionName(mine)));
    }
    if (rank(*server) < rank(mine)) {
        return finding(check, Severity::Problem,
                       QStringLiteral("The server speaks %1 at most, the module asks for %2.").arg(tlsVersionName(*server), tlsVersionName(mine)),
                       QStringLiteral("Set the TLS version to %1.").arg(tlsVersionName(*server)));
    }
    return finding(check, Severity::Info, QStringLiteral("The server speaks %1 like the module.").arg(tlsVersionName(mine)));
}

DoctorFinding serverCause(const DoctorInput &input, const DoctorCertificates &certificates)
{
    const QString check = QStringLiteral("server");
    if (input.serverProbeError.contains(QLatin1String("not found"), Qt::CaseInsensitive)) {
        // The PC's resolver is not the modem's (another network, a private DNS, modemsim routes):
        // a name the PC cannot look up says nothing about the server.
        return finding(check, Severity::Warning,
                       QStringLiteral("The PC cannot resolve %1, so it could not look at the server: %2")
                           .arg(input.host, input.serverProbeError),
                       QStringLiteral("Check the name; if only the modem's network knows it, this is expected."));
    }
    if (!input.serverProbeError.isEmpty()) {
        return finding(check, Severity::Problem,
                       QStringLiteral("The PC cannot reach %1:%2 either: %3").arg(input.host).arg(input.port).arg(input.serverProbeError),
                       QStringLiteral("Check that the server is up, the port is right and no firewall blocks it."));
    }
    if (!certificates.chain.isEmpty())
        return finding(check, Severity::Info, QStringLiteral("The server answers the PC with TLS."));
    return finding(check, Severity::Warning, QStringLiteral("The server may be down or the port closed."),
                   QStringLiteral("Look at the server from the PC (its chain) to rule this out."));
}

QList<DoctorFinding> connectCauses(const DoctorInput &input, const DoctorCertificates &certificates)
{
    QList<DoctorFinding> definite;
    QList<DoctorFinding> likely;
    const DoctorFinding server = serverCause(input, certificates);
    (server.severity == Severity::Problem ? definite : likely) << server;
    if (!input.settings.tls)
        return definite + likely;
    if (auto chain = chainVerdictFinding(input, certificates))
        (chain->severity == Severity::Problem ? definite : likely) << *chain;
    if (auto version = versionCause(input))
        (version->severity == Severity::Problem ? definite : likely) << *version;
    const QString clientName = input.settings.clientCertName;
    likely << finding(QStringLiteral("client"), Severity::Warning,
                      clientName.isEmpty()
                          ? QStringLiteral("The server may require a client certificate (mutual TLS) and none is set.")
                          : QStringLiteral("The server may refuse the client certificate %1.").arg(clientName),
                      clientName.isEmpty()
                          ? QStringLiteral("Upload and convert a device certificate with its key and set it as the client certificate.")
                          : QStringLiteral("Check that the server trusts the CA that issued %1 and that its key was converted with it.").arg(clientName));
    // Informational findings (an Ok chain, an equal version) say what is ruled out; they go last.
    // (Two passes rather than std::stable_partition, whose libstdc++ 12 buffer is deprecated for clang.)
    QList<DoctorFinding> ruledOut;
    for (const DoctorFinding &item : std::as_const(likely))
        (item.severity == Severity::Info || item.severity == Severity::Ok ? ruledOut : definite) << item;
    return definite + ruledOut;
}

} // namespace

QList<DoctorFinding> failureFindings(const DoctorInput &input, int resultCode)
{
    const DoctorCertificates certificates = loadCertificates(input);
    switch (resultCode) {
    case 24:
        return timeCauses(input, certificates);
    case 25:
        return nameCauses(input, certificates);
    case 26:
        return timeCauses(input, certificates) + nameCauses(input, certificates);
    case 27:
        return connectCauses(input, certificates);
    case 20:
        return {finding(QStringLiteral("dns"), Severity::Problem, QStringLiteral("The module could not resolve %1.").arg(input.host),
                        QStringLiteral("Check the host name and the module's DNS servers (AT+CDNSCFG); try the IP address."))};
    case 21:
        return {finding(QStringLiteral("network"), Severity::Problem, QStringLiteral("The module's data connection is not active."),
                        QStringLiteral("Run connect first (AT+CNACT) and try again."))};
    case 23:
        return {finding(QStringLiteral("port"), Severity::Problem,
                        QStringLiteral("%1 refused the connection on port %2.").arg(input.host).arg(input.port),
                        QStringLiteral("Check the port, that the server listens on it, and the firewall."))};
    default:
        break;
    }
    const CaResultMeaning meaning = caResultMeaning(resultCode);
    return {finding(QStringLiteral("result"), Severity::Problem,
                    meaning.cause.isEmpty() ? meaning.meaning : QStringLiteral("%1: %2").arg(meaning.meaning, meaning.cause),
                    meaning.fix)};
}

} // namespace ModemBench
