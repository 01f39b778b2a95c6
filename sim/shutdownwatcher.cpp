#include "shutdownwatcher.h"

#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace ModemBench::Sim {

namespace {
volatile std::sig_atomic_t g_signalPipeWriteEnd = -1;

extern "C" void onTerminationSignal(int signalNumber)
{
    const int savedErrno = errno;
    const char byte = static_cast<char>(signalNumber);
    const ssize_t written = ::write(g_signalPipeWriteEnd, &byte, 1);
    static_cast<void>(written);  // a full pipe already holds a pending request
    errno = savedErrno;
}
} // namespace

ShutdownWatcher::ShutdownWatcher(QObject *parent)
    : QObject(parent)
{
}

ShutdownWatcher::~ShutdownWatcher()
{
    if (m_pipe[0] >= 0) {
        std::signal(SIGTERM, SIG_DFL);
        std::signal(SIGINT, SIG_DFL);
        g_signalPipeWriteEnd = -1;
        ::close(m_pipe[0]);
        ::close(m_pipe[1]);
    }
}

std::expected<void, QString> ShutdownWatcher::watchSignals()
{
    if (::pipe2(m_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return std::unexpected(QStringLiteral("pipe2: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    g_signalPipeWriteEnd = m_pipe[1];
    struct sigaction action {};
    action.sa_handler = onTerminationSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (::sigaction(SIGTERM, &action, nullptr) != 0 || ::sigaction(SIGINT, &action, nullptr) != 0)
        return std::unexpected(QStringLiteral("sigaction: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    m_signalNotifier = new QSocketNotifier(m_pipe[0], QSocketNotifier::Read, this);
    connect(m_signalNotifier, &QSocketNotifier::activated, this, &ShutdownWatcher::onSignalPipe);
    return {};
}

void ShutdownWatcher::watchStdin()
{
    if (::fcntl(STDIN_FILENO, F_GETFD) < 0) {
        // No stdin at all counts as already closed.
        QTimer::singleShot(0, this, [this] { Q_EMIT shutdownRequested(QStringLiteral("no standard input")); });
        return;
    }
    m_stdinNotifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_stdinNotifier, &QSocketNotifier::activated, this, &ShutdownWatcher::onStdin);
}

void ShutdownWatcher::onSignalPipe()
{
    char bytes[16];
    const ssize_t n = ::read(m_pipe[0], bytes, sizeof bytes);
    const int signalNumber = n > 0 ? bytes[0] : 0;
    Q_EMIT shutdownRequested(QStringLiteral("signal %1").arg(signalNumber));
}

void ShutdownWatcher::onStdin()
{
    // Whatever the parent writes is ignored; only the end of the stream matters.
    char buffer[4096];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n > 0 || (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)))
        return;
    m_stdinNotifier->setEnabled(false);
    Q_EMIT shutdownRequested(n == 0 ? QStringLiteral("end of standard input")
                                    : QStringLiteral("standard input failed"));
}

} // namespace ModemBench::Sim
