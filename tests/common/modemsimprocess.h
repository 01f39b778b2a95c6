#pragma once

// One modemsim process started by a test, so the test knows the pty path (or TCP port) and can
// stop the "modem" at will. Shared by the black-box simulator tests and the core integration tests;
// it uses no ModemBench code (the simulator tests must not depend on core).

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTest>

namespace SimTest {

// Generous for a loaded 2-core machine; these only bound waiting, nothing sleeps.
constexpr int kTimeoutMs = 20000;

inline QString modemsimPath()
{
    return QStringLiteral(MODEMBENCH_BIN_DIR "/modemsim");
}

// Its first stdout line is the endpoint ("PTY /dev/pts/N" / "TCP host:port").
class SimProcess
{
public:
    SimProcess() = default;
    // Starts at once and ends with the test's stdin (--exit-with-stdin), as the integration tests want.
    explicit SimProcess(QStringList arguments) { start(arguments << QStringLiteral("--exit-with-stdin")); }
    ~SimProcess() { stop(); }
    SimProcess(const SimProcess &) = delete;
    SimProcess &operator=(const SimProcess &) = delete;

    bool start(const QStringList &arguments)
    {
        m_process.start(modemsimPath(), arguments);
        if (!m_process.waitForStarted(kTimeoutMs))
            return false;
        const bool ended = QTest::qWaitFor(
            [this] { return m_process.canReadLine() || m_process.state() == QProcess::NotRunning; }, kTimeoutMs);
        if (!ended || !m_process.canReadLine())
            return false;
        m_line = QString::fromLocal8Bit(m_process.readLine()).trimmed();
        return true;
    }
    QString line() const { return m_line; }
    QString path() const { return endpoint("PTY"); }
    // The endpoint of the given kind ("PTY" or "TCP"), or empty when modemsim printed another.
    QString endpoint(const char *kind) const
    {
        const QString prefix = QLatin1String(kind) + QLatin1Char(' ');
        return m_line.startsWith(prefix) ? m_line.mid(prefix.size()) : QString();
    }
    QProcess &process() { return m_process; }

    // SIGTERM, as a service manager would; returns the exit code (-1 if it had to be killed).
    int stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return m_process.exitCode();
        m_process.terminate();
        if (m_process.waitForFinished(kTimeoutMs))
            return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
        m_process.kill();
        m_process.waitForFinished(kTimeoutMs);
        return -1;
    }

private:
    QProcess m_process;
    QString m_line;
};

} // namespace SimTest
