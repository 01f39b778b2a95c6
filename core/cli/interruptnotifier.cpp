#include "core/cli/interruptnotifier.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace ModemBench {

namespace {

constexpr int kSignals[] = {SIGINT, SIGTERM};
volatile std::sig_atomic_t g_writeFd = -1;
volatile std::sig_atomic_t g_received = 0;
struct sigaction g_previous[2];

extern "C" void onSignal(int number)
{
    const bool again = g_received != 0;
    g_received = 1;
    if (again) {
        // The clean stop did not finish and the user insists: die as the signal says.
        std::signal(number, SIG_DFL);
        std::raise(number);
        return;
    }
    const int savedErrno = errno;
    const char byte = char(number);
    if (g_writeFd >= 0) {
        // Nothing useful can be done in a handler if the pipe is full: a byte is already waiting.
        [[maybe_unused]] const ssize_t written = ::write(g_writeFd, &byte, 1);
    }
    errno = savedErrno;
}

} // namespace

InterruptNotifier::InterruptNotifier(QObject *parent)
    : QObject(parent)
{
}

InterruptNotifier::~InterruptNotifier()
{
    if (m_installed) {
        for (int i = 0; i < 2; ++i)
            ::sigaction(kSignals[i], &g_previous[i], nullptr);
        g_writeFd = -1;
    }
    delete m_notifier;
    for (const int fd : m_fds) {
        if (fd >= 0)
            ::close(fd);
    }
}

Result<void> InterruptNotifier::install()
{
    if (m_installed)
        return {};
    if (g_writeFd >= 0)
        return fail(ErrorCode::Usage, QStringLiteral("Another interrupt handler is installed already"));
    if (::pipe2(m_fds, O_CLOEXEC | O_NONBLOCK) != 0)
        return fail(ErrorCode::Transport, QStringLiteral("Cannot create the signal pipe: %1")
                                              .arg(QString::fromLocal8Bit(std::strerror(errno))));
    m_notifier = new QSocketNotifier(m_fds[0], QSocketNotifier::Read);
    connect(m_notifier, &QSocketNotifier::activated, this, &InterruptNotifier::onReadable);
    g_writeFd = m_fds[1];
    g_received = 0;
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (int i = 0; i < 2; ++i)
        ::sigaction(kSignals[i], &action, &g_previous[i]);
    m_installed = true;
    return {};
}

void InterruptNotifier::onReadable()
{
    char bytes[16];
    const ssize_t n = ::read(m_fds[0], bytes, sizeof bytes);
    // The pipe only ever carries signal numbers; report the first of this batch.
    if (n > 0)
        Q_EMIT interrupted(int(bytes[0]));
}

} // namespace ModemBench
