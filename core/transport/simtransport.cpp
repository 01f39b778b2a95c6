#include "core/transport/simtransport.h"

#include "core/transport/serialtransport.h"

#include <QCoreApplication>
#include <QTimer>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <utility>

namespace ModemBench {

namespace {
// modemsim prints its endpoint on one line; anything longer is not the line we wait for.
constexpr qsizetype kMaxBannerBytes = 4096;
// modemsim's exit code for bad usage, which includes a malformed recording (docs/modemsim.md).
constexpr int kSimulatorUsageExit = 2;
} // namespace

SimTransport::SimTransport(const QString &model, const QStringList &extraArguments,
                           const SerialSettings &settings, QObject *parent)
    : Transport(parent)
    , m_model(model)
    , m_extraArguments(extraArguments)
    , m_settings(settings)
{
    // A pty has no modem-control lines; do not even try.
    m_settings.dataTerminalReady.reset();
    m_settings.requestToSend.reset();
    createProcess();
}

void SimTransport::createProcess()
{
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    connect(m_process, &QProcess::readyReadStandardOutput, this, &SimTransport::onSimulatorOutput);
    connect(m_process, &QProcess::finished, this, &SimTransport::onSimulatorFinished);
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            failOpen(QStringLiteral("Cannot start the simulator (%1): %2")
                         .arg(m_process->program(), m_process->errorString()));
    });
}

namespace {

// Owns a modemsim that is exiting. Waiting for it in close() blocked the event loop for every
// closed sim: port (a station closes dozens at once, issue #7), so it finishes on its own; only
// when the application ends first does the destructor wait a moment, instead of letting ~QProcess
// kill it with a warning on the user's terminal.
class ExitingSimulator : public QObject
{
public:
    ExitingSimulator(QProcess *process, QObject *parent)
        : QObject(parent)
        , m_process(process)
    {
        process->setParent(this);
        connect(process, &QProcess::finished, this, &QObject::deleteLater);
        QTimer::singleShot(kSimulatorExitGraceMs, this, [process] { process->kill(); });
    }
    ~ExitingSimulator() override
    {
        if (m_process->state() != QProcess::NotRunning && !m_process->waitForFinished(kSimulatorExitGraceMs)) {
            m_process->kill();
            m_process->waitForFinished(kSimulatorExitGraceMs);
        }
    }

private:
    static constexpr int kSimulatorExitGraceMs = 2000;
    QProcess *m_process;
};

} // namespace

// Closing stdin makes modemsim exit by itself (--exit-with-stdin), terminate is the fallback and a
// kill the last resort; open() makes a fresh process. At exit the application object deletes the
// holders that are left.
void SimTransport::releaseProcess()
{
    QProcess *exiting = std::exchange(m_process, nullptr);
    exiting->disconnect(this);
    exiting->closeWriteChannel();
    exiting->terminate();
    QCoreApplication *app = QCoreApplication::instance();
    new ExitingSimulator(exiting, app && app->thread() == exiting->thread() ? app : nullptr);
}

std::unique_ptr<SimTransport> SimTransport::replaying(const QString &recordingPath, const SerialSettings &settings)
{
    auto transport = std::make_unique<SimTransport>(QString(), QStringList(), settings);
    transport->m_replayPath = recordingPath;
    return transport;
}

SimTransport::~SimTransport()
{
    close();
}

QString SimTransport::findModemsim()
{
    const QString fromEnv = qEnvironmentVariable("MODEMBENCH_MODEMSIM");
    if (!fromEnv.isEmpty() && QFileInfo(fromEnv).isExecutable())
        return fromEnv;
    QStringList candidates;
    if (QCoreApplication::instance())
        candidates << QCoreApplication::applicationDirPath() + QStringLiteral("/modemsim");
#ifdef MODEMBENCH_BUILD_BIN_DIR
    candidates << QStringLiteral(MODEMBENCH_BUILD_BIN_DIR "/modemsim");
#endif
    for (const QString &candidate : candidates) {
        if (QFileInfo(candidate).isExecutable())
            return candidate;
    }
    return QStandardPaths::findExecutable(QStringLiteral("modemsim"));
}

void SimTransport::open()
{
    const QString program = findModemsim();
    m_closing = false;
    m_opening = true;
    if (program.isEmpty()) {
        QMetaObject::invokeMethod(this, [this] {
            failOpen(QStringLiteral("The simulator 'modemsim' was not found next to this program or on PATH; "
                                    "reinstall ModemBench or set MODEMBENCH_MODEMSIM."));
        }, Qt::QueuedConnection);
        return;
    }
    if (!m_process)
        createProcess();
    m_process->start(program, simulatorArguments());
}

QStringList SimTransport::simulatorArguments() const
{
    // A recording brings its own timing and its own boot messages, if any.
    if (!m_replayPath.isEmpty())
        return {QStringLiteral("--replay"), m_replayPath, QStringLiteral("--exit-with-stdin")};
    QStringList arguments{QStringLiteral("--model"), m_model, QStringLiteral("--exit-with-stdin")};
    // A simulated modem someone connects to has, like a bench modem, been up for a while: no
    // power-on banner (it would land in the middle of the first commands, as a reboot), and it is
    // registered already unless the user asks for a power-on delay or brings a scenario.
    arguments << QStringLiteral("--no-banner");
    const bool timingChosen = m_extraArguments.contains(QStringLiteral("--registration-delay"))
        || m_extraArguments.contains(QStringLiteral("--scenario"));
    if (!timingChosen)
        arguments << QStringLiteral("--registration-delay") << QStringLiteral("0");
    arguments << m_extraArguments;
    return arguments;
}

void SimTransport::onSimulatorOutput()
{
    m_stdout += m_process->readAllStandardOutput();
    if (!m_opening || !m_devicePath.isEmpty())
        return;
    const qsizetype newline = m_stdout.indexOf('\n');
    if (newline < 0) {
        if (m_stdout.size() > kMaxBannerBytes)
            failOpen(QStringLiteral("The simulator printed no 'PTY <path>' line"));
        return;
    }
    const QByteArray line = m_stdout.left(newline).trimmed();
    if (!line.startsWith("PTY ")) {
        failOpen(QStringLiteral("The simulator printed '%1' instead of 'PTY <path>'")
                     .arg(QString::fromLocal8Bit(line.left(200))));
        return;
    }
    connectSerial(QString::fromLocal8Bit(line.mid(4)));
}

void SimTransport::connectSerial(const QString &path)
{
    m_devicePath = path;
    m_serial = std::make_unique<SerialTransport>(path, m_settings);
    connect(m_serial.get(), &Transport::opened, this, [this] {
        m_opening = false;
        Q_EMIT opened();
    });
    connect(m_serial.get(), &Transport::openFailed, this, [this](const Error &error) {
        failOpen(error.message);
    });
    connect(m_serial.get(), &Transport::dataReceived, this, &Transport::dataReceived);
    connect(m_serial.get(), &Transport::bytesWritten, this, &Transport::bytesWritten);
    connect(m_serial.get(), &Transport::closed, this, &Transport::closed);
    connect(m_serial.get(), &Transport::noticed, this, &Transport::noticed);
    m_serial->open();
}

void SimTransport::onSimulatorFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_closing)
        return;
    const QString why = QString::fromLocal8Bit(m_process->readAllStandardError()).trimmed();
    const QString message = QStringLiteral("The simulator stopped (%1%2)%3")
                                .arg(status == QProcess::CrashExit ? QStringLiteral("crashed, code ")
                                                                   : QStringLiteral("exit code "))
                                .arg(exitCode)
                                .arg(why.isEmpty() ? QString() : QStringLiteral(": ") + why);
    if (m_opening) {
        // A recording modemsim refuses is the user's file at fault, like a bad option (CLI exit 2).
        const bool badRecording = !m_replayPath.isEmpty() && status == QProcess::NormalExit
            && exitCode == kSimulatorUsageExit;
        failOpen(message, badRecording ? ErrorCode::Usage : ErrorCode::Transport);
        return;
    }
    if (m_serial && m_serial->isOpen()) {
        m_serial->close();
        Q_EMIT closed(Error{ErrorCode::PortClosed, message, {}, -1});
    }
}

void SimTransport::failOpen(const QString &message, ErrorCode code)
{
    if (!m_opening)
        return;
    m_opening = false;
    close();
    Q_EMIT openFailed(Error{code, message, {}, -1});
}

void SimTransport::close()
{
    m_closing = true;
    if (m_serial)
        m_serial->close();
    if (m_process && m_process->state() != QProcess::NotRunning)
        releaseProcess();
}

bool SimTransport::isOpen() const
{
    return m_serial && m_serial->isOpen();
}

Result<void> SimTransport::write(const QByteArray &bytes)
{
    if (!m_serial)
        return fail(ErrorCode::PortClosed, QStringLiteral("%1 is not open").arg(description()));
    return m_serial->write(bytes);
}

} // namespace ModemBench
