#include "core/cli/modemcommand.h"

#include "core/cli/certcommands.h"
#include "core/cli/clirunner.h"
#include "core/cli/filescommand.h"
#include "core/cli/scriptcommand.h"
#include "core/cli/tlstestcommand.h"
#include "core/modem/modemsession.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace ModemBench {

namespace {

// Certificates and keys are a few KB; the CFS holds far less than this anyway (protocol §9).
constexpr qint64 kMaxLocalFile = 1024 * 1024;

bool isDigits(const QString &text)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    return digits.match(text).hasMatch();
}

} // namespace

QList<QCommandLineOption> ModemCommand::options()
{
    auto option = [](const char *name, const char *help, const char *value = nullptr) {
        return value ? QCommandLineOption(QString::fromLatin1(name), QString::fromUtf8(help), QString::fromLatin1(value))
                     : QCommandLineOption(QString::fromLatin1(name), QString::fromUtf8(help));
    };
    return {
        option("name", "cert: the file's name on the modem (≤ 50 characters; default: the local file name).", "name"),
        option("keep-key", "cert install-client: leave the key file on the modem after convert."),
        option("host", "tls-test: the server's host name or address, as the modem resolves it.", "host"),
        option("sni", "tls-test: the server name sent in the handshake (default: --host).", "name"),
        option("send", "tls-test: send TEXT plus a newline and wait for as many bytes back.", "text"),
        option("ca-name", "tls-test: the converted CA to verify the server with (default: remembered).", "name"),
        option("client-name", "tls-test: the converted client certificate to present.", "name"),
        option("no-verify", "tls-test: do not verify the server (this run only; insecure)."),
        option("tls-version", "tls-test: 1.0, 1.1, 1.2 (default) or 1.3 (SIM7080 2117 firmware).", "v"),
        option("ignore-rtc-time", "tls-test: do not check certificate validity against the module clock."),
        option("accept-insecure-tls10", "tls-test: allow TLS 1.0, the most a SIM800 offers (this run only)."),
        option("tls-timeout", "tls-test: seconds to wait for the open and for the reply (default 90 and 15).", "s"),
        option("connect", "tls-test: bring up the data connection first, in the same session."),
        option("show-chain", "tls-test: also show the server's chain as this PC sees it."),
        option("file", "files verify: the local file to compare the modem's copy with, byte for byte.", "path"),
        option("loops", "script: run the script N times (default 1).", "n"),
        option("keep-going", "script: run every loop even after one failed."),
    };
}

bool ModemCommand::handles(const QString &command)
{
    return command == QLatin1String("cert") || command == QLatin1String("tls-test") || command == QLatin1String("files")
           || command == QLatin1String("script");
}

Result<ModemCommand *> ModemCommand::create(const QString &command, const QStringList &arguments,
                                            const QCommandLineParser &parser, QTextStream &out, QTextStream &err,
                                            QObject *parent)
{
    ModemCommand *created = nullptr;
    if (command == QLatin1String("cert"))
        created = new CertCommand(parser, out, err, parent);
    else if (command == QLatin1String("tls-test"))
        created = new TlsTestCommand(parser, out, err, parent);
    else if (command == QLatin1String("script"))
        created = new ScriptCommand(parser, out, err, parent);
    else
        created = new FilesCommand(parser, out, err, parent);
    if (Result<void> parsed = created->parse(arguments); !parsed) {
        delete created;
        return std::unexpected(parsed.error());
    }
    return created;
}

QString ModemCommand::modemPort(const QCommandLineParser &parser)
{
    const QStringList values = parser.values(QStringLiteral("port"));
    for (auto it = values.crbegin(); it != values.crend(); ++it) {
        if (!isDigits(*it))
            return *it;
    }
    return {};
}

QString ModemCommand::serverPort(const QCommandLineParser &parser)
{
    const QStringList values = parser.values(QStringLiteral("port"));
    for (auto it = values.crbegin(); it != values.crend(); ++it) {
        if (isDigits(*it))
            return *it;
    }
    return {};
}

ModemCommand::ModemCommand(const QCommandLineParser &parser, QTextStream &out, QTextStream &err, QObject *parent)
    : QObject(parent)
    , m_parser(parser)
    , m_out(out)
    , m_err(err)
    , m_json(parser.isSet(QStringLiteral("json")))
{
}

void ModemCommand::start(ModemSession *session)
{
    m_session = session;
    run();
}

void ModemCommand::interrupt()
{
    if (m_flow && m_flow->state() != FlowRunner::State::Finished)
        m_flow->cancel(); // reported through the flow's result as "... was cancelled"
    else
        failWith({ErrorCode::Cancelled, tr("Cancelled (interrupted)"), {}, -1});
}

void ModemCommand::runFlow(QList<FlowStep> steps, const QString &name, int deadlineMs, const QString &hint,
                           std::function<void(const Result<void> &)> done)
{
    auto *runner = new FlowRunner(m_session->channel(), SystemClock::instanceForThread(), std::move(steps), name,
                                  deadlineMs, hint, this);
    m_flow = runner;
    if (!m_json)
        printProgress(runner, m_err);
    connect(runner, &FlowRunner::finished, this, [runner, done](const Result<void> &result) {
        runner->deleteLater();
        done(result);
    });
    runner->start();
}

void ModemCommand::identify(std::function<void()> then)
{
    runFlow(tlsPreparationSteps(m_tls), tr("Identifying the modem"), 60000, tr("Check the port and the modem's power."),
            [this, then](const Result<void> &result) {
                printWarnings(std::exchange(m_tls->warnings, {}));
                if (!result)
                    return failWith(result.error());
                if (m_tls->imei.isEmpty())
                    return failWith({ErrorCode::Parse, tr("The modem did not tell its IMEI (AT+GSN), which keys the "
                                                          "file inventory"), {}, -1});
                then();
            });
}

Result<FileInventory *> ModemCommand::inventory()
{
    if (!m_inventory) {
        auto opened = FileInventory::open();
        if (!opened)
            return std::unexpected(opened.error());
        m_inventory = std::move(*opened);
    }
    return m_inventory.get();
}

void ModemCommand::succeed()
{
    finishWith(CliRunner::Success);
}

void ModemCommand::failWith(const Error &error)
{
    m_err << "modembench-cli: " << error.message << '\n';
    finishWith(CliRunner::exitCodeFor(error));
}

void ModemCommand::finishWith(int exitCode)
{
    if (std::exchange(m_finished, true))
        return;
    m_out.flush();
    m_err.flush();
    Q_EMIT finished(exitCode);
}

void ModemCommand::printWarnings(const QStringList &warnings)
{
    for (const QString &warning : warnings)
        m_err << "warning: " << warning << '\n';
    m_err.flush();
}

void printProgress(FlowRunner *runner, QTextStream &err)
{
    QObject::connect(runner, &FlowRunner::progressed, runner, [&err, last = QString()](int, int, const QString &label) mutable {
        if (!label.isEmpty() && label != std::exchange(last, label)) {
            err << "... " << label << '\n';
            err.flush();
        }
    });
}

QString escapedText(const QByteArray &bytes)
{
    QString text;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte == '\n')
            text += QStringLiteral("\\n");
        else if (byte == '\r')
            text += QStringLiteral("\\r");
        else if (byte == '\\')
            text += QStringLiteral("\\\\");
        else if (byte >= 0x20 && byte < 0x7f)
            text += QLatin1Char(c);
        else
            text += QStringLiteral("\\x%1").arg(byte, 2, 16, QLatin1Char('0'));
    }
    return text;
}

Result<QByteArray> readLocalFile(const QString &path, const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Usage, QStringLiteral("Cannot read %1 %2: %3").arg(what, path, file.errorString()));
    if (file.size() > kMaxLocalFile)
        return fail(ErrorCode::Usage, QStringLiteral("%1 %2 is larger than %3 bytes: not a certificate or key")
                                          .arg(what, path).arg(kMaxLocalFile));
    return file.readAll();
}

} // namespace ModemBench
