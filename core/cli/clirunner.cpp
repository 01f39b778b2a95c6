#include "core/cli/clirunner.h"

#include "core/cli/cacommand.h"
#include "core/cli/modemcommand.h"
#include "core/cli/monitorcommand.h"
#include "core/cli/provisioncommand.h"
#include "core/cli/recordscommand.h"
#include "core/modem/capabilityprobe.h"
#include "core/modem/modemsession.h"
#include "core/modem/statusquery.h"
#include "core/transport/portlist.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace ModemBench {

namespace {

const char *const kDescription = R"(Headless control of SIMCom modems (SIM7000/SIM7080/SIM800) over their AT interface.

Commands:
  ports                 List serial ports (SIMCom USB devices marked) and simulated modems.
  at CMD [CMD...]       Send each AT command in turn and print its reply.
  status                Print identity, SIM, registration, signal, model family,
                        TLS capability and the data connection (ip).
  bringup               Wake the modem, detect model and firmware, check the SIM,
                        and configure the radio (SIM7000/SIM7080: CSCLK=0, CNMP=38,
                        CMNB=1, CNETLIGHT=1). --power-key dtr|rts: pulse the line
                        wired to PWRKEY once if the modem stays silent (off).
  connect [--apn APN] [--timeout-registration S]
                        Bring up, wait for registration (default 180 s), choose
                        the APN (--apn, else the network's via AT+CGNAPN; SIM800
                        without --apn: CMNET) and activate the data connection;
                        prints the IP address.
  ping HOST [--count N] Ping HOST over the active data connection (run connect
                        first); prints per-reply RTT, loss and min/avg/max.
  monitor [--interval S] [--duration S] [--ping HOST] [--csv|--json] [--record FILE]
          [--keep-connected [--apn APN]]
                        Poll signal every S seconds (default 1, min 0.2) and ping
                        HOST from the modem; stream one row per poll:
                        timestamp,csq,rssi_dbm,rsrp_dbm,rsrq_db,sinr_db,rtt_ms,event
                        until --duration ends or Ctrl-C (exit 0). See docs/monitor.md.
  ca SUBCOMMAND --ca-dir DIR
                        The project's certificate authority (no modem needed;
                        see docs/ca.md). The passphrase comes from
                        --passphrase-file FILE (0600), MODEMBENCH_CA_PASSPHRASE
                        or a prompt, never from an argument.
      ca init [--key rsa2048|rsa3072|rsa4096|p256] [--years N] [--subject DN]
      ca import CERT KEY [--key-passphrase-file FILE]
      ca issue-server --dns NAME [--dns ...] [--ip ADDR] --out PREFIX
      ca issue-device --imei IMEI --out PREFIX
                        (PREFIX.crt and PREFIX.key, 0600; --force overwrites)
      ca sign-csr CSR --out FILE [--kind device|server]
      ca revoke SERIAL [--reason R]
      ca crl --out FILE
      ca list [SEARCH] [--json]
      ca show SERIAL
  cert upload FILE [--name NAME]
                        Upload FILE (PEM normalised) to the modem's /customer/
                        files and read it back byte for byte.
  cert install-ca FILE [--name NAME]
                        Upload a CA certificate, read it back, convert it as the
                        root of trust; tls-test then verifies servers with it.
  cert install-client CERT KEY [--name NAME] [--keep-key]
                        Upload a client certificate and its key (the key is never
                        read back nor logged), convert both, then delete the key
                        file from the modem unless --keep-key.
  tls-test --host HOST --port PORT [--send TEXT] [--sni NAME] [--ca-name NAME]
           [--client-name NAME] [--no-verify] [--tls-version 1.2]
           [--ignore-rtc-time] [--accept-insecure-tls10] [--tls-timeout S]
           [--connect] [--show-chain] [--json]
                        Open a TLS connection from the modem (AT+CAOPEN) with the
                        settings remembered for it, overridden by the flags; send
                        TEXT plus a newline and show what comes back. A digits-only
                        --port is the server's; give the modem's as well
                        (--port /dev/ttyUSB2 --port 8443). Needs the data
                        connection (connect, or --connect). The TLS doctor checks
                        the clock, version, SNI and files first and explains a
                        failure. See docs/tls.md.
  files [--json]        The files ModemBench put on this modem (the modem cannot
                        list them): name, size, SHA-256, when, kind, converted.
      files delete NAME
      files verify [NAME] [--file PATH]
                        Read back and compare byte for byte when the bytes are
                        known (--file, or the kept copy of an installed
                        certificate); otherwise compare the size only.
  script FILE [--loops N] [--keep-going] [--json]
                        Run the AT script FILE (docs/scripts.md) on --port: each
                        command, its expected reply, timeout and retries; N loops;
                        prints a pass/fail line per step and a summary.
  provision --profile FILE (--port P [--port P...] | --ports PATTERN [--watch])
            [--db PATH|postgresql://URL] [--report FILE] [--operator NAME]
            [--station NAME] [--force] [--ca-passphrase-file FILE] [--verbose]
            [--json]
                        Provision every port at once with the profile
                        (docs/profiles.md; examples/profiles/basic.json):
                        checks, settings, custom steps, certificates and
                        verification, one record per unit in the database
                        (default: an SQLite file in the data folder). Prints a
                        PASS/FAIL line per unit and a summary; --report writes
                        this run's records as JSON. --port sim:sim7000g*8 starts
                        8 simulated modems. Units already provisioned with the
                        profile are verified only, unless --force. Exit 0 only
                        when every unit passed.
  records [SEARCH] [--db PATH|URL] [--result pass|fail|interrupted|running]
          [--csv|--json] [--out FILE]
                        List the provisioning records (newest first), or export
                        them as CSV or JSON (docs/records.md). SEARCH matches
                        IMEI, ICCID, IMSI, station, operator, port and error.

Ports (--port):
  /dev/ttyUSB2, COM5    A serial port.
  tcp://HOST:PORT       A raw TCP serial server (ser2net, socat, modemsim --tcp).
  sim:sim7000g          A private simulated SIM7000G; options pass to modemsim:
                        sim:sim7000g?scenario=FILE&seed=N
  sim:sim7000g*8        provision: 8 simulated modems with distinct identities
                        (also sim:MODEL?opts*N).
  replay:FILE           Play back a traffic log saved with --log (modemsim --replay):
                        each command gets its recorded reply.

Exit codes:
  0  every command succeeded
  1  the modem answered with an error (ERROR, +CME ERROR, ...), or the network
     denied registration / the modem gave up searching, or no ping reply, or
     the TLS connection failed (tls-test: result code and the doctor's causes)
  2  usage error (bad arguments)
  3  transport error or timeout (port missing or busy, no answer, not registered
     within --timeout-registration), or cancelled with Ctrl-C (monitor: 0)
  provision: 0 only when every unit passed, 1 when any failed, 3 when the
     database cannot be opened or Ctrl-C stopped the run (records are written))";

} // namespace

CliRunner::CliRunner(QTextStream &out, QTextStream &err, QObject *parent)
    : QObject(parent)
    , m_out(out)
    , m_err(err)
{
    setUpParser();
}

CliRunner::~CliRunner() = default;

void CliRunner::setUpParser()
{
    m_parser.setApplicationDescription(QString::fromUtf8(kDescription));
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    m_parser.addOptions({
        {{QStringLiteral("p"), QStringLiteral("port")}, QStringLiteral("Port to use (see Ports)."), QStringLiteral("port")},
        {{QStringLiteral("b"), QStringLiteral("baud")}, QStringLiteral("Baud rate for serial ports (default 115200)."),
         QStringLiteral("rate"), QStringLiteral("115200")},
        {QStringLiteral("timeout"), QStringLiteral("Override every command's timeout, in milliseconds."), QStringLiteral("ms")},
        {QStringLiteral("log"), QStringLiteral("Append all traffic to FILE (secrets redacted)."), QStringLiteral("file")},
        {QStringLiteral("json"), QStringLiteral("Print JSON instead of text.")},
        {QStringLiteral("apn"), QStringLiteral("APN for connect (default: the network's, via AT+CGNAPN)."), QStringLiteral("apn")},
        {QStringLiteral("power-key"),
         QStringLiteral("Control line wired to the modem's PWRKEY (dtr or rts): bringup/connect pulse it once "
                        "when the modem does not answer AT."),
         QStringLiteral("line")},
        {QStringLiteral("timeout-registration"), QStringLiteral("Seconds connect waits for registration (default 180)."),
         QStringLiteral("s")},
        {QStringLiteral("count"), QStringLiteral("Number of pings (default 4)."), QStringLiteral("n")},
        {{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")},
    });
    m_parser.addOptions(MonitorCommand::options());
    m_parser.addOptions(CaCommand::options());
    m_parser.addOptions(ModemCommand::options());
    m_parser.addOptions(ProvisionCommand::options());
    m_parser.addOptions(RecordsCommand::options());
    m_parser.addOptions({
        {{QStringLiteral("v"), QStringLiteral("version")}, QStringLiteral("Print the version.")},
    });
    m_parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("ports | at | status | bringup | connect | ping | monitor | ca | cert | tls-test | files | script | provision | records"));
    m_parser.addPositionalArgument(QStringLiteral("args"), QStringLiteral("AT commands for 'at', HOST for 'ping'"),
                                   QStringLiteral("[args...]"));
}

QString CliRunner::helpText() const
{
    return m_parser.helpText();
}

int CliRunner::exitCodeFor(const Error &error)
{
    switch (error.code) {
    case ErrorCode::Usage:
        return UsageFailure;
    case ErrorCode::CmeError:
    case ErrorCode::CmsError:
    case ErrorCode::Error:
    case ErrorCode::NoCarrier:
    case ErrorCode::Busy:
    case ErrorCode::NoAnswer:
    case ErrorCode::NoDialtone:
    case ErrorCode::SendFail:
    case ErrorCode::Parse:
    case ErrorCode::Unsupported:
        return ModemFailure;
    default:
        return TransportFailure;
    }
}

void CliRunner::run(const QStringList &arguments)
{
    if (!m_parser.parse(arguments)) {
        m_err << "modembench-cli: " << m_parser.errorText() << "\nTry 'modembench-cli --help'.\n";
        finish(UsageFailure);
        return;
    }
    if (m_parser.isSet(QStringLiteral("help"))) {
        m_out << helpText();
        finish(Success);
        return;
    }
    if (m_parser.isSet(QStringLiteral("version"))) {
        m_out << "modembench-cli " << MODEMBENCH_VERSION << '\n';
        finish(Success);
        return;
    }
    m_json = m_parser.isSet(QStringLiteral("json"));
    const QStringList positional = m_parser.positionalArguments();
    const QString command = positional.value(0);
    if (command == QLatin1String("ports")) {
        runPorts();
    } else if (command == QLatin1String("at")) {
        if (positional.size() < 2) {
            failWith({ErrorCode::Usage, QStringLiteral("'at' needs at least one command, e.g. at AT+CSQ"), {}, -1});
            return;
        }
        const QStringList commands = positional.mid(1);
        withSession([this, commands] { runAt(commands); });
    } else if (command == QLatin1String("status")) {
        withSession([this] { runStatus(); });
    } else if (command == QLatin1String("bringup") || command == QLatin1String("connect")
               || command == QLatin1String("ping")) {
        runNetworkCommand(command, positional.mid(1));
    } else if (command == QLatin1String("monitor")) {
        runMonitor(positional.mid(1));
    } else if (command == QLatin1String("ca")) {
        // Synchronous: the CA needs no event loop (docs/ca.md).
        if (const Result<void> result = CaCommand(m_parser, m_out, m_err).run(positional.mid(1)); result)
            finish(Success);
        else
            failWith(result.error());
    } else if (command == QLatin1String("provision")) {
        runProvision(positional.mid(1));
    } else if (command == QLatin1String("records")) {
        finish(RecordsCommand::run(positional.mid(1), m_parser, m_out, m_err));
    } else if (ModemCommand::handles(command)) {
        runModemCommand(command, positional.mid(1));
    } else {
        failWith({ErrorCode::Usage,
                  command.isEmpty() ? QStringLiteral("No command given: use ports, at, status, bringup, connect, ping, monitor, ca, cert, tls-test, files, script, provision or records (see --help)")
                                    : QStringLiteral("Unknown command '%1': use ports, at, status, bringup, connect, ping, monitor, ca, cert, tls-test, files, script, provision or records").arg(command),
                  {}, -1});
    }
}

void CliRunner::runNetworkCommand(const QString &command, const QStringList &arguments)
{
    auto options = networkOptions();
    if (!options) {
        failWith(options.error());
        return;
    }
    m_networkOptions = *options;
    if (command == QLatin1String("ping") && arguments.size() != 1) {
        failWith({ErrorCode::Usage, QStringLiteral("'ping' needs one host, e.g. ping 8.8.8.8"), {}, -1});
        return;
    }
    if (command == QLatin1String("bringup"))
        withSession([this] { runBringUp(); });
    else if (command == QLatin1String("connect"))
        withSession([this] { runConnect(); });
    else
        withSession([this, host = arguments.first()] { runPing(host); });
}

void CliRunner::runPorts()
{
    const QList<PortInfo> ports = availablePorts();
    if (m_json) {
        QJsonArray array;
        for (const PortInfo &port : ports)
            array << port.toJson();
        m_out << QJsonDocument(array).toJson(QJsonDocument::Indented);
    } else {
        for (const PortInfo &port : ports)
            m_out << port.label() << '\n';
    }
    finish(Success);
}

void CliRunner::withSession(std::function<void()> body)
{
    const QString port = ModemCommand::modemPort(m_parser);
    if (port.isEmpty()) {
        failWith({ErrorCode::Usage, QStringLiteral("--port is required (a device, tcp://HOST:PORT or sim:sim7000g)"),
                  {}, -1});
        return;
    }
    bool ok = false;
    SerialSettings settings;
    settings.baudRate = m_parser.value(QStringLiteral("baud")).toInt(&ok);
    if (!ok || settings.baudRate <= 0) {
        failWith({ErrorCode::Usage, QStringLiteral("--baud must be a positive number, e.g. 115200"), {}, -1});
        return;
    }
    ModemSession::Options options;
    if (m_parser.isSet(QStringLiteral("timeout"))) {
        const int timeout = m_parser.value(QStringLiteral("timeout")).toInt(&ok);
        if (!ok || timeout <= 0) {
            failWith({ErrorCode::Usage, QStringLiteral("--timeout must be a positive number of milliseconds"), {}, -1});
            return;
        }
        options.channel.defaultTimeoutMs = timeout;
    }
    auto catalog = CommandCatalog::loadDefault();
    if (!catalog) {
        failWith(catalog.error());
        return;
    }
    m_catalog = std::make_unique<CommandCatalog>(std::move(*catalog));
    m_session = std::make_unique<ModemSession>(m_catalog.get(), nullptr, options);
    if (m_parser.isSet(QStringLiteral("log"))) {
        if (auto logging = m_session->startTrafficLog(m_parser.value(QStringLiteral("log"))); !logging) {
            failWith(logging.error());
            return;
        }
    }
    connect(m_session.get(), &ModemSession::noticed, this, [this](const QString &message) {
        m_err << "note: " << message << '\n';
        m_err.flush();
    });
    connect(m_session.get(), &ModemSession::openFailed, this, [this](const Error &error) { failWith(error); });
    connect(m_session.get(), &ModemSession::ready, this, std::move(body));
    m_session->open(port, settings);
}

void CliRunner::runAt(const QStringList &commands)
{
    runNextAt(commands, {}, Success);
}

void CliRunner::runNextAt(QStringList commands, QJsonArray results, int worst)
{
    if (commands.isEmpty()) {
        if (m_json)
            m_out << QJsonDocument(results).toJson(QJsonDocument::Indented);
        finish(worst);
        return;
    }
    const QByteArray command = commands.takeFirst().toLatin1();
    AtRequest request = AtRequest::make(command, Priority::User);
    if (m_parser.isSet(QStringLiteral("timeout")))
        request.timeoutMs = m_session->channel()->options().defaultTimeoutMs;
    m_session->channel()->send(request, this, [=, this](const Result<AtResponse> &response) mutable {
        QJsonObject entry{{QStringLiteral("command"), QString::fromLatin1(command)}, {QStringLiteral("ok"), response.has_value()}};
        if (response) {
            QJsonArray lines;
            for (const QByteArray &line : response->lines) {
                lines << QString::fromLatin1(line);
                if (!m_json)
                    m_out << line << '\n';
            }
            if (!m_json)
                m_out << response->finalLine << '\n';
            entry.insert(QStringLiteral("lines"), lines);
            entry.insert(QStringLiteral("final"), QString::fromLatin1(response->finalLine));
        } else {
            const Error &error = response.error();
            entry.insert(QStringLiteral("error"), error.message);
            entry.insert(QStringLiteral("error_code"), errorCodeName(error.code));
            if (!m_json)
                m_out << (error.raw.isEmpty() ? QByteArray("ERROR") : error.raw) << '\n';
            m_err << "modembench-cli: " << error.message << '\n';
            const int code = exitCodeFor(error);
            worst = qMax(worst, code);
            if (code == TransportFailure)
                commands.clear(); // the port is gone or mute: the rest would fail the same way
        }
        m_out.flush();
        results << entry;
        runNextAt(commands, results, worst);
    });
}

void CliRunner::runStatus()
{
    auto *query = new StatusQuery(m_session->channel(), m_session->portName(), this);
    connect(query, &StatusQuery::finished, this, [this, query] {
        query->deleteLater();
        const Result<ModemStatus> &result = query->result();
        if (!result) {
            failWith(result.error());
            return;
        }
        printStatusReport(*result);
        finish(Success);
    });
    query->start(Priority::User);
}

void CliRunner::printStatusReport(const ModemStatus &status)
{
    const IpStatus ip = status.ip.value_or(IpStatus{});
    const QJsonObject json = statusToJson(status);
    if (m_json) {
        m_out << QJsonDocument(json).toJson(QJsonDocument::Indented);
    } else {
        printStatus(status);
        const QJsonObject caps = json.value(QStringLiteral("capabilities")).toObject();
        m_out << "model_family  " << json.value(QStringLiteral("model_family")).toString() << '\n'
              << "tls           " << (caps.value(QStringLiteral("tls")).toBool() ? "yes" : "no") << " ("
              << caps.value(QStringLiteral("tls_note")).toString() << ")\n"
              << "ip            " << ip.address.value_or(QStringLiteral("—")) << '\n';
    }
    for (const QString &problem : status.problems)
        m_err << "note: " << problem << '\n';
}

Result<NetworkOptions> CliRunner::networkOptions()
{
    NetworkOptions options;
    options.apn = m_parser.value(QStringLiteral("apn"));
    bool ok = true;
    if (m_parser.isSet(QStringLiteral("timeout-registration"))) {
        const int seconds = m_parser.value(QStringLiteral("timeout-registration")).toInt(&ok);
        if (!ok || seconds <= 0 || seconds > 3600)
            return fail(ErrorCode::Usage, QStringLiteral("--timeout-registration must be 1..3600 seconds, e.g. 180"));
        options.registrationTimeoutMs = seconds * 1000;
    }
    if (m_parser.isSet(QStringLiteral("power-key"))) {
        const QString line = m_parser.value(QStringLiteral("power-key")).toLower();
        if (line != QLatin1String("dtr") && line != QLatin1String("rts"))
            return fail(ErrorCode::Usage, QStringLiteral("--power-key must be dtr or rts (the line your board wires to PWRKEY)"));
        options.powerKey = line == QLatin1String("rts") ? PowerKeyLine::Rts : PowerKeyLine::Dtr;
    }
    if (m_parser.isSet(QStringLiteral("count"))) {
        options.pingCount = m_parser.value(QStringLiteral("count")).toInt(&ok);
        if (!ok || options.pingCount < 1 || options.pingCount > 500)
            return fail(ErrorCode::Usage, QStringLiteral("--count must be 1..500 (AT+SNPING4 limit), e.g. 4"));
    }
    return options;
}

void CliRunner::runFlow(QList<FlowStep> steps, const QString &name, int deadlineMs, const QString &hint,
                        std::function<void()> onSuccess)
{
    auto *runner = new FlowRunner(m_session->channel(), SystemClock::instanceForThread(), std::move(steps), name,
                                  deadlineMs, hint, this);
    m_flow = runner;
    if (!m_json)
        printProgress(runner, m_err);
    connect(runner, &FlowRunner::finished, this, [this, runner, onSuccess](const Result<void> &result) {
        runner->deleteLater();
        printWarnings();
        if (!result) {
            failWith(result.error());
            return;
        }
        onSuccess();
    });
    runner->start();
}

void CliRunner::runMonitor(const QStringList &arguments)
{
    auto settings = MonitorCommand::parse(m_parser, arguments);
    if (!settings) {
        failWith(settings.error());
        return;
    }
    // withSession() waits until the modem answers AT; the monitor then detects the model itself.
    withSession([this, settings = *settings] {
        auto *monitor = new MonitorCommand(m_session->channel(), SystemClock::instanceForThread(), settings, m_out, this);
        m_monitor = monitor;
        connect(monitor, &MonitorCommand::finished, this, [this, monitor](const Result<void> &result) {
            monitor->deleteLater();
            if (result)
                finish(Success);
            else
                failWith(result.error());
        });
        monitor->start();
    });
}

void CliRunner::runModemCommand(const QString &command, const QStringList &arguments)
{
    const Result<ModemCommand *> created = ModemCommand::create(command, arguments, m_parser, m_out, m_err, this);
    if (!created) {
        failWith(created.error());
        return;
    }
    m_command = *created;
    connect(m_command, &ModemCommand::finished, this, &CliRunner::finish);
    withSession([this] { m_command->start(m_session.get()); });
}

void CliRunner::runProvision(const QStringList &arguments)
{
    // Many ports, each with its own session: the station opens them, not withSession().
    const Result<ProvisionCommand *> created = ProvisionCommand::create(arguments, m_parser, m_out, m_err, this);
    if (!created) {
        failWith(created.error());
        return;
    }
    m_provision = *created;
    connect(m_provision, &ProvisionCommand::finished, this, &CliRunner::finish);
    m_provision->start();
}

void CliRunner::interrupt()
{
    if (m_finished)
        return;
    if (m_provision) {
        m_provision->interrupt();
        return;
    }
    if (m_monitor) {
        m_monitor->interrupt();
        return;
    }
    if (m_command) {
        m_command->interrupt();
        return;
    }
    if (m_flow) {
        m_flow->cancel(); // reported through runFlow() as "<flow> was cancelled"
        return;
    }
    failWith({ErrorCode::Cancelled, tr("Cancelled (interrupted)"), {}, -1});
}

void CliRunner::printWarnings()
{
    if (!m_network)
        return;
    for (const QString &warning : std::as_const(m_network->warnings))
        m_err << "warning: " << warning << '\n';
    m_network->warnings.clear();
}

void CliRunner::runBringUp()
{
    m_network = std::make_shared<NetworkContext>();
    QList<FlowStep> steps = bringUpSteps(m_network, m_networkOptions, m_session->transport());
    steps << configureSteps(m_network, m_networkOptions);
    runFlow(steps, tr("Bring-up"), 90000, tr("Check power, the port and the SIM, then try again."), [this] {
        const ModelProfile &profile = m_network->profile();
        if (m_json) {
            QJsonObject json = profileToJson(profile);
            json.insert(QStringLiteral("model"), profile.model);
            json.insert(QStringLiteral("firmware"), profile.firmware);
            json.insert(QStringLiteral("revision"), profile.revision);
            m_out << QJsonDocument(json).toJson(QJsonDocument::Indented);
        } else {
            m_out << "Model     " << profile.model << " (" << familyName(profile.family) << ")\n"
                  << "Firmware  " << profile.firmware << " (" << profile.revision << ")\n"
                  << "TLS       " << (profile.tls ? "yes" : "no") << " (" << profile.tlsNote << ")\n";
        }
        finish(Success);
    });
}

void CliRunner::runConnect()
{
    m_network = std::make_shared<NetworkContext>();
    const QList<FlowStep> steps = connectSteps(m_network, m_networkOptions, m_session->transport(),
                                               SystemClock::instanceForThread());
    const int deadline = connectDeadlineMs(m_networkOptions);
    runFlow(steps, tr("Connecting"), deadline, tr("Check the antenna, the SIM and the APN."), [this] {
        if (m_json) {
            QJsonObject json = profileToJson(m_network->profile());
            json.insert(QStringLiteral("ip"), QJsonObject{{QStringLiteral("active"), true},
                                                          {QStringLiteral("address"), m_network->address},
                                                          {QStringLiteral("apn"), m_network->apn}});
            m_out << QJsonDocument(json).toJson(QJsonDocument::Indented);
        } else {
            m_out << "Connected: " << m_network->address;
            if (!m_network->apn.isEmpty())
                m_out << " (APN " << m_network->apn << ')';
            m_out << '\n';
        }
        finish(Success);
    });
}

void CliRunner::runPing(const QString &host)
{
    m_network = std::make_shared<NetworkContext>();
    QList<FlowStep> steps = capabilityProbeSteps(m_network->probe);
    steps << pingSteps(m_network, host, m_networkOptions);
    const int deadline = pingDeadlineMs(m_networkOptions);
    runFlow(steps, tr("Ping"), deadline, tr("Check the data connection (connect)."), [this] {
        const PingReport &report = m_network->ping;
        if (m_json) {
            m_out << QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented);
        } else {
            for (const PingReply &reply : report.replies) {
                m_out << "reply " << reply.id << " from " << reply.address << ": "
                      << (reply.rttMs ? QStringLiteral("%1 ms").arg(*reply.rttMs) : QStringLiteral("lost")) << '\n';
            }
            m_out << report.received() << '/' << qMax(report.sent, int(report.replies.size())) << " received, "
                  << QString::number(report.lossPercent(), 'f', 0) << "% loss";
            if (report.minMs())
                m_out << ", min/avg/max " << *report.minMs() << '/' << QString::number(report.avgMs().value_or(0), 'f', 1)
                      << '/' << *report.maxMs() << " ms";
            m_out << '\n';
        }
        finish(Success);
    });
}

void CliRunner::printStatus(const ModemStatus &status)
{
    const QJsonObject json = statusToJson(status);
    auto show = [this](const QString &label, const QJsonValue &value) {
        QString text = value.isNull() ? QStringLiteral("—") : value.toVariant().toString();
        m_out << label.leftJustified(14) << text << '\n';
    };
    m_out << "Port          " << status.port << '\n';
    const QJsonObject identity = json.value(QStringLiteral("identity")).toObject();
    for (const char *key : {"manufacturer", "model", "revision", "imei", "imsi", "iccid"})
        show(QString::fromLatin1(key), identity.value(QLatin1String(key)));
    show(QStringLiteral("sim"), json.value(QStringLiteral("sim")));
    const QJsonObject registration = json.value(QStringLiteral("registration")).toObject();
    for (const char *key : {"state", "act", "operator", "tac", "ci"})
        show(QString::fromLatin1(key), registration.value(QLatin1String(key)));
    const QJsonObject signal = json.value(QStringLiteral("signal")).toObject();
    for (const char *key : {"csq", "rssi_dbm", "rsrp_dbm", "rsrq_db", "sinr_db"})
        show(QString::fromLatin1(key), signal.value(QLatin1String(key)));
}

void CliRunner::failWith(const Error &error)
{
    m_err << "modembench-cli: " << error.message << '\n';
    finish(exitCodeFor(error));
}

void CliRunner::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_out.flush();
    m_err.flush();
    // Often called from inside a channel callback: close and report from a clean stack.
    QTimer::singleShot(0, this, [this, exitCode] {
        if (m_session)
            m_session->close();
        Q_EMIT finished(exitCode);
    });
}

} // namespace ModemBench
