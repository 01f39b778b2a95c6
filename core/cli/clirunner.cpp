#include "core/cli/clirunner.h"

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
  status                Print identity, SIM, registration and signal.

Ports (--port):
  /dev/ttyUSB2, COM5    A serial port.
  tcp://HOST:PORT       A raw TCP serial server (ser2net, socat, modemsim --tcp).
  sim:sim7000g          A private simulated SIM7000G; options pass to modemsim:
                        sim:sim7000g?scenario=FILE&seed=N

Exit codes:
  0  every command succeeded
  1  the modem answered with an error (ERROR, +CME ERROR, ...)
  2  usage error (bad arguments)
  3  transport error or timeout (port missing or busy, no answer))";

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
        {{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help.")},
        {{QStringLiteral("v"), QStringLiteral("version")}, QStringLiteral("Print the version.")},
    });
    m_parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("ports | at | status"));
    m_parser.addPositionalArgument(QStringLiteral("args"), QStringLiteral("AT commands for 'at'"),
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
    } else {
        failWith({ErrorCode::Usage,
                  command.isEmpty() ? QStringLiteral("No command given: use ports, at or status (see --help)")
                                    : QStringLiteral("Unknown command '%1': use ports, at or status").arg(command),
                  {}, -1});
    }
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
    const QString port = m_parser.value(QStringLiteral("port"));
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
        if (m_json)
            m_out << QJsonDocument(statusToJson(*result)).toJson(QJsonDocument::Indented);
        else
            printStatus(*result);
        for (const QString &problem : result->problems)
            m_err << "note: " << problem << '\n';
        finish(Success);
    });
    query->start(Priority::User);
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
