#include "core/cli/tlstestcommand.h"

#include "core/flows/networkflows.h"
#include "core/modem/modemsession.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ModemBench {

namespace {

const QString kHost = QStringLiteral("host");
const QString kSni = QStringLiteral("sni");
const QString kSend = QStringLiteral("send");
const QString kCaName = QStringLiteral("ca-name");
const QString kClientName = QStringLiteral("client-name");
const QString kNoVerify = QStringLiteral("no-verify");
const QString kTlsVersion = QStringLiteral("tls-version");
const QString kIgnoreRtc = QStringLiteral("ignore-rtc-time");
const QString kAcceptTls10 = QStringLiteral("accept-insecure-tls10");
const QString kTimeout = QStringLiteral("tls-timeout");
const QString kConnect = QStringLiteral("connect");
const QString kShowChain = QStringLiteral("show-chain");

constexpr int kNetworkNotActive = 21; // +CAOPEN result: no CNACT (protocol §8.2)
constexpr int kChainProbeTimeoutMs = 10000;

const char *const kUsage = "tls-test --host HOST --port PORT [--sni NAME] [--send TEXT] [--ca-name NAME] "
                           "[--client-name NAME] [--no-verify] [--tls-version 1.2] [--ignore-rtc-time] "
                           "[--accept-insecure-tls10] [--tls-timeout S] [--connect] [--show-chain] [--json]";

QString orNone(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("none") : text;
}

// A SIM800 cannot choose: AT+CIPSSL gives TLS 1.0 at most, whatever the settings say.
QString versionShown(const TlsContext &context, const TlsSettings &settings)
{
    const ModelProfile *profile = context.profile();
    if (profile && profile->family == ModelFamily::Sim800)
        return tlsVersionName(TlsVersion::Tls10);
    return tlsVersionName(settings.version);
}

QJsonArray chainToJson(const ServerChain &chain)
{
    QJsonArray array;
    for (const ServerChainCertificate &certificate : chain.certificates) {
        array << QJsonObject{{QStringLiteral("subject"), certificate.subject},
                             {QStringLiteral("issuer"), certificate.issuer},
                             {QStringLiteral("not_before"), certificate.notBefore.toUTC().toString(Qt::ISODate)},
                             {QStringLiteral("not_after"), certificate.notAfter.toUTC().toString(Qt::ISODate)},
                             {QStringLiteral("sha256"), QString::fromLatin1(certificate.sha256)}};
    }
    return array;
}

} // namespace

TlsTestCommand::TlsTestCommand(const QCommandLineParser &parser, QTextStream &out, QTextStream &err, QObject *parent)
    : ModemCommand(parser, out, err, parent)
{
}

Result<void> TlsTestCommand::parse(const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("'tls-test' takes options only (got '%1'). Usage: %2")
                                          .arg(arguments.first(), QLatin1String(kUsage)));
    if (Result<void> server = parseServer(); !server)
        return server;
    return parseSettings();
}

// --host H --port P, or --host H:P when --port is the modem's.
Result<void> TlsTestCommand::parseServer()
{
    m_host = m_parser.value(kHost).trimmed();
    QString port = serverPort(m_parser);
    if (port.isEmpty() && m_host.count(QLatin1Char(':')) == 1) {
        port = m_host.section(QLatin1Char(':'), 1);
        m_host = m_host.section(QLatin1Char(':'), 0, 0);
    }
    bool ok = false;
    m_port = port.toInt(&ok);
    if (m_host.isEmpty() || !ok || m_port < 1 || m_port > 65535)
        return fail(ErrorCode::Usage, QStringLiteral("tls-test needs the server: --host HOST --port 1..65535 (the "
                                                     "modem's port is the other --port). Usage: %1")
                                          .arg(QLatin1String(kUsage)));
    if (m_host.size() > 64)
        return fail(ErrorCode::Usage, QStringLiteral("--host is longer than the 64 characters AT+CAOPEN takes"));
    if (m_parser.isSet(kSend))
        m_payload = m_parser.value(kSend).toUtf8() + '\n'; // s_server and line-based peers answer a line
    return {};
}

Result<void> TlsTestCommand::parseSettings()
{
    if (m_parser.isSet(kTlsVersion)) {
        m_version = tlsVersionFromName(m_parser.value(kTlsVersion));
        if (!m_version)
            return fail(ErrorCode::Usage, QStringLiteral("--tls-version must be 1.0, 1.1, 1.2 or 1.3; got '%1'")
                                              .arg(m_parser.value(kTlsVersion)));
    }
    if (m_parser.isSet(kTimeout)) {
        bool ok = false;
        m_timeoutS = m_parser.value(kTimeout).toInt(&ok);
        if (!ok || m_timeoutS < 1 || m_timeoutS > 600)
            return fail(ErrorCode::Usage, QStringLiteral("--tls-timeout must be 1..600 seconds, e.g. 90"));
    }
    m_noVerify = m_parser.isSet(kNoVerify);
    if (m_noVerify && m_parser.isSet(kCaName))
        return fail(ErrorCode::Usage, QStringLiteral("--no-verify and --ca-name contradict each other: choose one"));
    if (m_parser.isSet(kCaName))
        m_caName = m_parser.value(kCaName);
    if (m_parser.isSet(kClientName))
        m_clientName = m_parser.value(kClientName);
    m_ignoreRtcTime = m_parser.isSet(kIgnoreRtc);
    m_acceptTls10 = m_parser.isSet(kAcceptTls10);
    return {};
}

void TlsTestCommand::run()
{
    if (m_parser.isSet(kConnect))
        connectFirst();
    else
        identify([this] { preflight(); });
}

void TlsTestCommand::connectFirst()
{
    auto network = std::make_shared<NetworkContext>();
    network->probe = m_tls->probe; // the TLS steps then skip their own probe
    NetworkOptions options;
    options.apn = m_parser.value(QStringLiteral("apn"));
    runFlow(connectSteps(network, options, m_session->transport(), SystemClock::instanceForThread()),
            tr("Connecting"), connectDeadlineMs(options), tr("Check the antenna, the SIM and the APN."),
            [this, network](const Result<void> &result) {
                printWarnings(network->warnings);
                if (!result)
                    return failWith(result.error());
                if (!m_json)
                    m_err << "... Data connection up: " << network->address << '\n';
                identify([this] { preflight(); });
            });
}

// Remembered settings for this IMEI, then the flags. One-off flags (--no-verify, --sni,
// --ignore-rtc-time, --accept-insecure-tls10, TLS 1.0/1.1) are not remembered: they would weaken
// every later test, and the CLI has no flag to take them back.
Result<void> TlsTestCommand::chooseSettings()
{
    const Result<FileInventory *> inventory = this->inventory();
    if (!inventory)
        return std::unexpected(inventory.error());
    const Result<std::optional<TlsSettings>> known = (*inventory)->tlsSettings(m_tls->imei);
    if (!known)
        return std::unexpected(known.error());
    m_remember = known->value_or(TlsSettings{});
    m_remember.tls = true;
    if (m_caName)
        m_remember.caName = *m_caName;
    if (m_clientName)
        m_remember.clientCertName = *m_clientName;
    if (m_version && *m_version >= TlsVersion::Tls12)
        m_remember.version = *m_version;
    m_remember.acceptInsecureTls10 = false;
    m_settings = m_remember;
    if (m_ignoreRtcTime)
        m_settings.ignoreRtcTime = true;
    if (m_version)
        m_settings.version = *m_version; // TLS 1.0/1.1: this run only, like the other weakening flags
    if (m_noVerify)
        m_settings.caName.clear();
    if (m_parser.isSet(kSni))
        m_settings.sni = m_parser.value(kSni);
    m_settings.acceptInsecureTls10 = m_acceptTls10;
    return {};
}

DoctorInput TlsTestCommand::doctorInput() const
{
    DoctorInput input;
    input.settings = m_settings;
    input.host = m_host;
    input.port = m_port;
    if (const ModelProfile *profile = m_tls->profile())
        input.profile = *profile;
    input.modemClock = m_tls->modemClock;
    input.now = QDateTime::currentDateTimeUtc();
    if (!m_settings.caName.isEmpty())
        input.caCertificatesPem = CertificateCopies::loadCertificates(m_tls->imei, m_settings.caName);
    if (!m_settings.clientCertName.isEmpty())
        input.clientCertificatePem = CertificateCopies::load(m_tls->imei, m_settings.clientCertName);
    if (m_inventoryRows)
        input.inventory = *m_inventoryRows;
    if (m_chain) {
        for (const ServerChainCertificate &certificate : m_chain->certificates)
            input.serverChainDer << certificate.der;
    }
    input.serverProbeError = m_chainError;
    return input;
}

void TlsTestCommand::preflight()
{
    if (Result<void> chosen = chooseSettings(); !chosen)
        return failWith(chosen.error());
    if (auto inventory = this->inventory(); inventory) {
        if (auto rows = (*inventory)->list(m_tls->imei); rows)
            m_inventoryRows = *rows;
    }
    m_preflight = preflightFindings(doctorInput());
    printPreflight();
    test();
}

void TlsTestCommand::test()
{
    TlsTestRequest request;
    request.host = m_host;
    request.port = m_port;
    request.payload = m_payload;
    if (m_timeoutS > 0) {
        request.openTimeoutMs = m_timeoutS * 1000;
        request.receiveTimeoutMs = m_timeoutS * 1000;
    }
    m_elapsed.start();
    runFlow(tlsTestSteps(m_tls, m_settings, request), tr("TLS test"), tlsTestDeadlineMs(request),
            tr("Check the data connection (connect) and the server."),
            [this](const Result<void> &result) { tested(result); });
}

void TlsTestCommand::tested(const Result<void> &result)
{
    m_elapsedMs = m_elapsed.elapsed();
    m_warnings << std::exchange(m_tls->warnings, {});
    if (result) {
        if (auto inventory = this->inventory(); inventory) {
            if (Result<void> saved = (*inventory)->saveTlsSettings(m_tls->imei, m_remember); !saved)
                m_warnings << saved.error().message;
        }
    } else {
        m_error = result.error();
        if (m_tls->openResult == kNetworkNotActive)
            m_error->message += tr(" The data connection is not up: run `modembench-cli --port PORT connect` first, "
                                   "or add --connect to this command.");
    }
    // A refusal before anything was sent (the SIM800 TLS 1.0 policy, bad settings) needs no chain,
    // and after Ctrl-C the user wants out, not a look at the server.
    const bool refused = m_error && (m_error->code == ErrorCode::Usage || m_error->code == ErrorCode::Cancelled);
    if ((m_error && !refused) || m_parser.isSet(kShowChain))
        probeChain();
    else
        conclude();
}

void TlsTestCommand::probeChain()
{
    auto *probe = new ServerChainProbe(this);
    connect(probe, &ServerChainProbe::finished, this, [this, probe](const Result<ServerChain> &chain) {
        probe->deleteLater();
        if (chain)
            m_chain = *chain;
        else
            m_chainError = chain.error().message;
        conclude();
    });
    probe->start(m_host, m_port, m_settings.sni, kChainProbeTimeoutMs);
}

void TlsTestCommand::conclude()
{
    if (m_error && m_tls->openResult > 0)
        m_failure = failureFindings(doctorInput(), m_tls->openResult);
    if (m_json)
        m_out << QJsonDocument(resultJson()).toJson(QJsonDocument::Indented);
    else
        printResult();
    printWarnings(m_warnings);
    if (m_error)
        failWith(*m_error);
    else
        succeed();
}

void TlsTestCommand::printPreflight() const
{
    if (m_json)
        return;
    const ModelProfile *profile = m_tls->profile();
    m_out << "Modem     " << (profile ? profile->model + QLatin1Char(' ') + profile->firmware : QStringLiteral("?"))
          << ", IMEI " << m_tls->imei << ", clock "
          << (m_tls->modemClock ? m_tls->modemClock->toString(Qt::ISODate) : QStringLiteral("unknown")) << '\n';
    m_out << "Settings  " << versionShown(*m_tls, m_settings) << ", SNI "
          << (m_settings.sni.isEmpty() ? m_host : m_settings.sni) << ", CA "
          << (m_settings.caName.isEmpty() ? QStringLiteral("none (the server is not verified)") : m_settings.caName)
          << ", client certificate " << orNone(m_settings.clientCertName)
          << (m_settings.ignoreRtcTime ? ", module clock ignored" : ", module clock checked") << '\n';
    m_out << "Doctor (before connecting):\n";
    printFindings(m_preflight);
    m_out.flush();
}

void TlsTestCommand::printResult() const
{
    const int code = m_tls->openResult;
    if (code == 0)
        m_out << "Opened    " << m_host << ':' << m_port << " in " << m_tls->openElapsedMs << " ms\n";
    else
        m_out << "Not opened: " << m_host << ':' << m_port << '\n';
    if (!m_payload.isEmpty() && code == 0) {
        m_out << "Sent      " << m_tls->sentBytes << " bytes: " << escapedText(m_payload) << '\n';
        m_out << "Received  " << m_tls->received.size() << " bytes: " << escapedText(m_tls->received) << '\n';
    }
    if (code >= 0)
        m_out << "Result    " << code << " (" << caResultMeaning(code).meaning << ")\n";
    if (!m_failure.isEmpty()) {
        m_out << "Doctor (likely causes, most likely first):\n";
        printFindings(m_failure);
    }
    printChain();
    m_out << "Elapsed   " << m_elapsedMs << " ms\n";
}

void TlsTestCommand::printFindings(const QList<DoctorFinding> &findings) const
{
    for (const DoctorFinding &finding : findings) {
        m_out << "  " << severityName(finding.severity).leftJustified(8) << ' ' << finding.check.leftJustified(12) << ' '
              << finding.message << '\n';
        if (!finding.fix.isEmpty() && finding.severity != DoctorFinding::Severity::Ok)
            m_out << "           fix: " << finding.fix << '\n';
    }
}

void TlsTestCommand::printChain() const
{
    if (!m_chainError.isEmpty())
        m_out << "Server chain: this PC could not see it either: " << m_chainError << '\n';
    if (!m_chain)
        return;
    m_out << "Server chain as this PC sees it (" << m_chain->protocol << ", " << m_chain->cipher << "):\n";
    int index = 0;
    for (const ServerChainCertificate &certificate : m_chain->certificates) {
        m_out << "  " << index++ << "  " << certificate.subject << "\n     issued by " << certificate.issuer
              << ", valid " << certificate.notBefore.toUTC().toString(Qt::ISODate) << " to "
              << certificate.notAfter.toUTC().toString(Qt::ISODate) << '\n';
    }
}

QJsonObject TlsTestCommand::resultJson() const
{
    const int code = m_tls->openResult;
    QJsonArray warnings;
    for (const QString &warning : m_warnings)
        warnings << warning;
    QJsonObject json{
        {QStringLiteral("host"), m_host},
        {QStringLiteral("port"), m_port},
        {QStringLiteral("modem"), m_tls->imei},
        {QStringLiteral("tls_version"), versionShown(*m_tls, m_settings)},
        {QStringLiteral("sni"), m_settings.sni.isEmpty() ? m_host : m_settings.sni},
        {QStringLiteral("ca_name"), m_settings.caName},
        {QStringLiteral("client_name"), m_settings.clientCertName},
        {QStringLiteral("result_code"), code >= 0 ? QJsonValue(code) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("result"), code >= 0 ? QJsonValue(caResultMeaning(code).meaning) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("opened"), code == 0},
        {QStringLiteral("open_ms"), m_tls->openElapsedMs},
        {QStringLiteral("sent_bytes"), qint64(m_tls->sentBytes)},
        {QStringLiteral("received"), QString::fromUtf8(m_tls->received)},
        {QStringLiteral("received_bytes"), qint64(m_tls->received.size())},
        {QStringLiteral("elapsed_ms"), m_elapsedMs},
        {QStringLiteral("findings"), findingsToJson(m_preflight + m_failure)},
        {QStringLiteral("warnings"), warnings},
        {QStringLiteral("error"), m_error ? QJsonValue(m_error->message) : QJsonValue(QJsonValue::Null)},
    };
    if (m_chain)
        json.insert(QStringLiteral("server_chain"), chainToJson(*m_chain));
    if (!m_chainError.isEmpty())
        json.insert(QStringLiteral("server_chain_error"), m_chainError);
    return json;
}

} // namespace ModemBench
