// The SSL configuration in each dialect (protocol §7.1, §7.2, §8.7, §11.3, §15), decided when the
// table runs (the profile may come from a probe earlier in the same table), and sent as data: one
// looping step walks the command list.

#include "core/flows/tlsrun.h"

namespace ModemBench::Internal {

namespace {

QByteArray num(int value)
{
    return QByteArray::number(value);
}

QString dialectName(TlsDialect dialect)
{
    switch (dialect) {
    case TlsDialect::Sim7000:
        return QStringLiteral("SIM7000");
    case TlsDialect::Sim7080:
        return QStringLiteral("SIM7080");
    case TlsDialect::Sim800:
        return QStringLiteral("SIM800");
    }
    return {};
}

TlsDialect decideDialect(TlsRun &run)
{
    const ModelProfile *profile = run.context->profile();
    const ModelFamily family = profile ? profile->family : ModelFamily::Unknown;
    switch (family) {
    case ModelFamily::Sim7080:
        return TlsDialect::Sim7080;
    case ModelFamily::Sim800:
        return TlsDialect::Sim800;
    case ModelFamily::Sim7000:
        return TlsDialect::Sim7000;
    case ModelFamily::Unknown:
        break;
    }
    run.warn(QObject::tr("The modem model is unknown: the SIM7000 form of the TLS commands is used (protocol §15)."));
    return TlsDialect::Sim7000;
}

Result<void> checkTarget(const TlsRun &run, bool testing)
{
    const TlsSettings &s = run.settings;
    if (run.host.isEmpty() || run.host.size() > 64)
        return fail(ErrorCode::Usage, QObject::tr("The host \"%1\" must have 1 to 64 characters (AT+CAOPEN, §8.2).")
                                          .arg(run.host));
    if (run.host.contains(u'"') || run.host.contains(u','))
        return fail(ErrorCode::Usage, QObject::tr("The host \"%1\" contains a quote or a comma.").arg(run.host));
    if (testing && (run.request.port < 1 || run.request.port > 65535))
        return fail(ErrorCode::Usage, QObject::tr("The port %1 is not 1..65535.").arg(run.request.port));
    if (s.sslContext < 0 || s.sslContext > 5)
        return fail(ErrorCode::Usage, QObject::tr("The SSL context %1 is not 0..5 (AT+CSSLCFG, §7.1).").arg(s.sslContext));
    if (s.connectionId < 0 || s.connectionId > 12)
        return fail(ErrorCode::Usage, QObject::tr("The connection id %1 is not 0..12 (AT+CACID, §8.1).").arg(s.connectionId));
    return {};
}

// SNI: the host unless it is an address; a different name is allowed but warned about.
void decideSni(TlsRun &run)
{
    const QString &asked = run.settings.sni;
    run.sni = asked.isEmpty() ? (isIpLiteral(run.host) ? QString() : run.host) : asked;
    if (!asked.isEmpty() && asked != run.host)
        run.warn(QObject::tr("The SNI \"%1\" differs from the host \"%2\": the server picks its certificate by the "
                             "SNI, and a certificate that does not name the host fails with result 25.")
                     .arg(asked, run.host));
}

Result<void> checkCaVersion(TlsRun &run)
{
    const TlsVersion v = run.settings.version;
    if (v == TlsVersion::Tls13 && run.dialect == TlsDialect::Sim7000)
        return fail(ErrorCode::Usage, QObject::tr("TLS 1.3 exists only on SIM7080 firmware 2117 (protocol §7.1); the "
                                                  "SIM7000 offers TLS 1.2 at most: choose TLS 1.2."));
    if (v == TlsVersion::Tls13)
        run.warn(QObject::tr("TLS 1.3 needs SIM7080 firmware 2117; other firmware refuses sslversion 6 (§7.1)."));
    if (v == TlsVersion::Tls10 || v == TlsVersion::Tls11)
        run.warn(QObject::tr("%1 is insecure: use TLS 1.2 unless the server offers nothing newer.")
                     .arg(tlsVersionName(v)));
    return {};
}

void addCaConfig(TlsRun &run)
{
    const TlsSettings &s = run.settings;
    const bool sim7080 = run.dialect == TlsDialect::Sim7080;
    const QByteArray cid = num(s.connectionId);
    const QByteArray ctx = num(s.sslContext);
    const auto add = [&run](QByteArray command, QString label) { run.config << TlsConfigCommand{std::move(command), std::move(label), false}; };
    const auto cassl = [&](const char *sim7000Key, const char *sim7080Key, const QByteArray &value) {
        return "AT+CASSLCFG=" + cid + ",\"" + (sim7080 ? sim7080Key : sim7000Key) + "\"," + value;
    };
    // TinyGSM/Zephyr order (§7.2): CACID first, sslversion, SSL 1, CRINDEX, then the certificates.
    add("AT+CACID=" + cid, QObject::tr("Selecting connection %1").arg(s.connectionId));
    if (s.tls) {
        add("AT+CSSLCFG=\"sslversion\"," + ctx + ',' + num(int(s.version)), QObject::tr("Setting %1").arg(tlsVersionName(s.version)));
        add("AT+CSSLCFG=\"ignorertctime\"," + ctx + ',' + (s.ignoreRtcTime ? "1" : "0"), QObject::tr("Setting the clock check"));
    }
    add(cassl("ssl", "SSL", s.tls ? "1" : "0"), s.tls ? QObject::tr("Enabling TLS") : QObject::tr("Disabling TLS"));
    if (s.tls)
        add(cassl("crindex", "CRINDEX", ctx), QObject::tr("Binding SSL context %1").arg(s.sslContext));
    if (!sim7080)
        add(cassl("protocol", "", "0"), QObject::tr("Selecting TCP"));
    if (s.tls && !s.caName.isEmpty())
        add(cassl("cacert", "CACERT", quotedArg(s.caName)), QObject::tr("Selecting the CA %1").arg(s.caName));
    if (s.tls && !s.clientCertName.isEmpty())
        add(cassl("clientcert", "CERT", quotedArg(s.clientCertName)),
            QObject::tr("Selecting the client certificate %1").arg(s.clientCertName));
    // §14.4: sni belongs to the SSL context, not the connection.
    if (s.tls && !run.sni.isEmpty())
        add("AT+CSSLCFG=\"sni\"," + ctx + ',' + quotedArg(run.sni), QObject::tr("Setting the SNI %1").arg(run.sni));
    if (s.timeoutS > 0 && !sim7080)
        add(cassl("timeout", "", num(s.timeoutS)), QObject::tr("Setting the timeout"));
    if (s.keepAlive && !sim7080)
        add("AT+CACFG=\"KEEPALIVE\",1," + num(s.keepAliveIdleS) + ',' + num(s.keepAliveIntervalS) + ','
                + num(s.keepAliveCount),
            QObject::tr("Setting keep-alive"));
    if (sim7080 && s.timeoutS > 0)
        run.warn(QObject::tr("The SIM7080 has no per-connection TLS timeout (§7.2): the timeout setting is ignored."));
    if (sim7080 && s.keepAlive)
        run.warn(QObject::tr("The SIM7080 has no CACFG KEEPALIVE (§8.7): the keep-alive setting is ignored."));
    if (s.tls && s.caName.isEmpty())
        run.warn(QObject::tr("No CA is selected: the modem accepts any server certificate, so the server is not "
                             "verified."));
}

Result<void> planSim800(TlsRun &run)
{
    const ModelProfile *profile = run.context->profile();
    const TlsSettings &s = run.settings;
    run.config << TlsConfigCommand{"AT+CIPHEAD=1", QObject::tr("Asking for +IPD headers"), true};
    if (!s.tls) {
        if (profile->tls)
            run.config << TlsConfigCommand{"AT+CIPSSL=0", QObject::tr("Disabling TLS"), false};
        return {};
    }
    if (!profile->tls)
        return fail(ErrorCode::Unsupported,
                    profile->tlsNote.isEmpty()
                        ? QObject::tr("This SIM800 firmware has no TLS (AT+CIPSSL=? answered ERROR, §11.1).")
                        : profile->tlsNote);
    if (!s.acceptInsecureTls10)
        return fail(ErrorCode::Usage, QObject::tr("SIM800 offers TLS 1.0 at most, which is insecure; pass "
                                                  "--accept-insecure-tls10 / tick the box to test anyway."));
    run.config << TlsConfigCommand{"AT+CIPSSL=1", QObject::tr("Enabling TLS on CIPSTART"), false};
    // §11.3: SSLOPT option 0 = ignore an invalid server certificate.
    run.config << TlsConfigCommand{QByteArray("AT+SSLOPT=0,") + (s.caName.isEmpty() ? "1" : "0"),
                                   QObject::tr("Setting server verification"), true};
    run.warn(QObject::tr("SIM800: the link is TLS 1.0 at most, which is insecure; use it only to test."));
    if (s.version != TlsVersion::Tls10)
        run.warn(QObject::tr("SIM800 cannot choose the TLS version: %1 is ignored.").arg(tlsVersionName(s.version)));
    if (!s.caName.isEmpty() || !s.clientCertName.isEmpty())
        run.warn(QObject::tr("SIM800 does not use certificates converted with AT+CSSLCFG: the CA and client "
                             "certificate names are ignored."));
    return {};
}

} // namespace

Result<void> planConfiguration(TlsRun &run)
{
    run.config.clear();
    run.configIndex = 0;
    run.dialect = decideDialect(run);
    if (auto ok = checkTarget(run, run.testing); !ok)
        return ok;
    if (run.dialect == TlsDialect::Sim800)
        return planSim800(run);
    if (run.settings.tls) {
        if (auto ok = checkCaVersion(run); !ok)
            return ok;
        decideSni(run);
    }
    addCaConfig(run);
    run.say(QObject::tr("Configuring %1 (%2 commands)")
                .arg(run.settings.tls ? tlsVersionName(run.settings.version) : QObject::tr("plain TCP"),
                     dialectName(run.dialect) + QStringLiteral(", ") + QString::number(run.config.size())));
    return {};
}

QList<FlowStep> configureSteps(const std::shared_ptr<TlsRun> &run)
{
    TlsRun *r = run.get();
    FlowStep plan = tlsStep(run, QStringLiteral("tls:plan"), QObject::tr("Checking the TLS settings"));
    plan.action = [r] {
        auto ok = planConfiguration(*r);
        return ok ? FlowVerdict::next() : FlowVerdict::failed(ok.error());
    };
    FlowStep send = tlsStep(run, QStringLiteral("tls:config"), QObject::tr("Configuring TLS"));
    send.when = [r] { return r->configIndex < r->config.size(); };
    send.request = [r] {
        AtRequest request = AtRequest::make(r->config.at(r->configIndex).command);
        request.timeoutMs = kConfigCommandTimeoutMs;
        return request;
    };
    send.handle = [r](const Result<AtResponse> &response) {
        const TlsConfigCommand command = r->config.at(r->configIndex++);
        if (!response && !command.optional)
            return FlowVerdict::failedStep(response.error(), QString::fromLatin1(command.command),
                                           QObject::tr("The firmware refused this setting (%1); check the name of "
                                                       "converted files and the firmware version.")
                                               .arg(command.label));
        if (!response)
            r->warn(QObject::tr("%1 was refused (%2); going on without it.")
                        .arg(QString::fromLatin1(command.command), response.error().message));
        return r->configIndex < r->config.size() ? FlowVerdict::retry(0) : FlowVerdict::next();
    };
    return {plan, send};
}

} // namespace ModemBench::Internal
