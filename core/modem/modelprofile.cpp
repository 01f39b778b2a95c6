#include "core/modem/modelprofile.h"

#include <QRegularExpression>

namespace ModemBench {

namespace {

ModelFamily familyIn(const QString &text)
{
    const QString upper = text.toUpper();
    if (upper.contains(QLatin1String("SIM7080")) || upper.contains(QLatin1String("SIM7070"))
        || upper.contains(QLatin1String("SIM7090")))
        return ModelFamily::Sim7080;
    if (upper.contains(QLatin1String("SIM7000")))
        return ModelFamily::Sim7000;
    if (upper.contains(QLatin1String("SIM800")) || upper.contains(QLatin1String("SIM868")))
        return ModelFamily::Sim800;
    return ModelFamily::Unknown;
}

// §11.1, §18: R13.08 has no SSL (CIPSSL=? → ERROR); R14.18 has SSL but only up to TLS 1.0 in
// practice (§16.19), which modern servers refuse and which is insecure.
void setSim800Tls(ModelProfile &profile, std::optional<bool> cipsslTest)
{
    bool tls = false;
    if (cipsslTest) {
        tls = *cipsslTest;
    } else {
        const QStringList parts = profile.firmware.mid(1).split(QLatin1Char('.'));
        tls = parts.size() == 2 && parts.at(0).toInt() >= 14;
    }
    profile.tls = tls;
    profile.tlsNote = tls ? QStringLiteral("TLS 1.0 at most: insecure, must be accepted explicitly")
                          : QStringLiteral("SIM800 firmware R13.08 has no SSL/TLS; R14.18 or later adds TLS 1.0 at most");
}

} // namespace

QString familyName(ModelFamily family)
{
    switch (family) {
    case ModelFamily::Sim7000: return QStringLiteral("sim7000");
    case ModelFamily::Sim7080: return QStringLiteral("sim7080");
    case ModelFamily::Sim800: return QStringLiteral("sim800");
    case ModelFamily::Unknown: break;
    }
    return QStringLiteral("unknown");
}

ModelFamily detectFamily(const QString &cgmm, const QString &ati, const QString &revision)
{
    for (const QString *text : {&cgmm, &ati, &revision}) {
        if (const ModelFamily family = familyIn(*text); family != ModelFamily::Unknown)
            return family;
    }
    return ModelFamily::Unknown;
}

QString sim800Release(const QString &atiRevision, const QString &revision)
{
    static const QRegularExpression ati(QStringLiteral("^R(\\d+)\\.(\\d+)$"));
    if (const auto match = ati.match(atiRevision.trimmed()); match.hasMatch())
        return atiRevision.trimmed();
    // CGMR "1418B05SIM800L24": the first four digits are the release (§2.3: 1418 = R14.18).
    static const QRegularExpression build(QStringLiteral("(?:^|:)\\s*(\\d\\d)(\\d\\d)B\\d+"));
    if (const auto match = build.match(revision); match.hasMatch())
        return QStringLiteral("R%1.%2").arg(match.captured(1), match.captured(2));
    return {};
}

Result<ModelProfile> makeProfile(ModelFamily family, const QString &model, const QString &firmware,
                                 const QString &revision, std::optional<bool> cipsslTest)
{
    ModelProfile profile;
    profile.family = family;
    profile.model = model;
    profile.firmware = firmware;
    profile.revision = revision;
    switch (family) {
    case ModelFamily::Sim7000:
    case ModelFamily::Sim7080: {
        const bool is7080 = family == ModelFamily::Sim7080;
        profile.pdp = is7080 ? PdpDialect::CnactSim7080 : PdpDialect::CnactSim7000;
        profile.ping = is7080 ? PingDialect::Snping4WithPdpid : PingDialect::Snping4;
        profile.registrationReads = {"AT+CEREG?", "AT+CGREG?"};
        profile.hasCgnapn = true;
        profile.radioConfig = true;
        profile.tls = true;
        profile.tlsNote = QStringLiteral("TLS 1.2 via AT+CSSLCFG/AT+CASSLCFG");
        return profile;
    }
    case ModelFamily::Sim800:
        profile.pdp = PdpDialect::CipSim800;
        profile.ping = PingDialect::Cipping;
        profile.registrationReads = {"AT+CGREG?", "AT+CREG?"};
        if (profile.firmware.isEmpty())
            profile.firmware = sim800Release({}, revision);
        setSim800Tls(profile, cipsslTest);
        return profile;
    case ModelFamily::Unknown:
        break;
    }
    return fail(ErrorCode::Unsupported,
                QStringLiteral("The modem (model \"%1\", revision \"%2\") is not a SIM7000, SIM7080 or SIM800; "
                               "check the port is the modem's AT port, or use 'at' for raw commands")
                    .arg(model, revision));
}

QJsonObject profileToJson(const ModelProfile &profile)
{
    return {{QStringLiteral("model_family"), familyName(profile.family)},
            {QStringLiteral("capabilities"),
             QJsonObject{{QStringLiteral("tls"), profile.tls}, {QStringLiteral("tls_note"), profile.tlsNote}}}};
}

} // namespace ModemBench
