#include "ptyport.h"

#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>
#include <utility>

namespace ModemBench::Sim {

namespace {
constexpr qsizetype kReadChunk = 4096;
constexpr int kReadsPerWakeup = 16;  // then yield to the event loop
constexpr qsizetype kMaxPending = 1024 * 1024;
constexpr int kRetryAfterErrorMs = 100;

QString systemError(const char *what)
{
    return QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromLocal8Bit(std::strerror(errno)));
}

std::expected<QString, QString> prepareSlave(int master)
{
    if (::grantpt(master) != 0)
        return std::unexpected(systemError("grantpt"));
    if (::unlockpt(master) != 0)
        return std::unexpected(systemError("unlockpt"));
    char name[256] = {};
    if (::ptsname_r(master, name, sizeof name) != 0)
        return std::unexpected(systemError("ptsname_r"));
    const int flags = ::fcntl(master, F_GETFL);
    if (flags < 0 || ::fcntl(master, F_SETFL, flags | O_NONBLOCK) != 0)
        return std::unexpected(systemError("fcntl(O_NONBLOCK)"));
    return QString::fromLocal8Bit(name);
}

// Raw mode on the slave so the tty layer neither echoes the host's bytes nor turns CR into LF:
// echo and line endings are the modem's business (protocol.md §1).
std::expected<void, QString> makeRaw(int slave)
{
    termios settings{};
    if (::tcgetattr(slave, &settings) != 0)
        return std::unexpected(systemError("tcgetattr"));
    ::cfmakeraw(&settings);
    ::cfsetspeed(&settings, B115200);
    if (::tcsetattr(slave, TCSANOW, &settings) != 0)
        return std::unexpected(systemError("tcsetattr"));
    return {};
}
} // namespace

std::expected<std::unique_ptr<PtyPort>, QString> PtyPort::create()
{
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0)
        return std::unexpected(systemError("posix_openpt"));
    const auto path = prepareSlave(master);
    if (!path) {
        ::close(master);
        return std::unexpected(path.error());
    }
    const int slave = ::open(path->toLocal8Bit().constData(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (slave < 0) {
        const QString error = systemError("open(slave)");
        ::close(master);
        return std::unexpected(error);
    }
    if (auto raw = makeRaw(slave); !raw) {
        ::close(slave);
        ::close(master);
        return std::unexpected(raw.error());
    }
    return std::unique_ptr<PtyPort>(new PtyPort(master, slave, *path));
}

PtyPort::PtyPort(int master, int slave, const QString &slavePath)
    : m_master(master)
    , m_slave(slave)
    , m_slavePath(slavePath)
    , m_readNotifier(new QSocketNotifier(master, QSocketNotifier::Read, this))
    , m_writeNotifier(new QSocketNotifier(master, QSocketNotifier::Write, this))
{
    m_writeNotifier->setEnabled(false);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &PtyPort::onReadable);
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &PtyPort::onWritable);
}

PtyPort::~PtyPort()
{
    m_readNotifier->setEnabled(false);
    m_writeNotifier->setEnabled(false);
    ::close(m_slave);
    ::close(m_master);
}

void PtyPort::onReadable()
{
    QByteArray received;
    char buffer[kReadChunk];
    for (int i = 0; i < kReadsPerWakeup; ++i) {
        const ssize_t n = ::read(m_master, buffer, sizeof buffer);
        if (n > 0) {
            received.append(buffer, n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
            pauseReading(systemError("read(pty master)"));
        break;
    }
    if (!received.isEmpty())
        Q_EMIT bytesReceived(received);
}

// A level-triggered notifier on a failing descriptor would spin; stop watching for a moment instead.
void PtyPort::pauseReading(const QString &why)
{
    Q_EMIT noticed(why);
    m_readNotifier->setEnabled(false);
    QTimer::singleShot(kRetryAfterErrorMs, this, [this] { m_readNotifier->setEnabled(true); });
}

qsizetype PtyPort::writeSome(const char *data, qsizetype size)
{
    qsizetype done = 0;
    int interrupted = 0;
    while (done < size) {
        const ssize_t n = ::write(m_master, data + done, static_cast<size_t>(size - done));
        if (n > 0) {
            done += n;
        } else if (n < 0 && errno == EINTR && ++interrupted < 8) {
            continue;
        } else {
            // EAGAIN: the tty's buffer is full and the write notifier resumes; anything else is fatal.
            m_writeFailed = n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
            break;
        }
    }
    return done;
}

void PtyPort::write(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    qsizetype done = 0;
    if (m_pending.isEmpty())
        done = writeSome(bytes.constData(), bytes.size());
    if (done == bytes.size())
        return;
    const qsizetype rest = bytes.size() - done;
    if (m_pending.size() + rest > kMaxPending) {
        if (!std::exchange(m_dropNoticed, true))
            Q_EMIT noticed(QStringLiteral("the host is not reading; dropping output beyond %1 bytes").arg(kMaxPending));
        return;
    }
    m_pending.append(bytes.constData() + done, rest);
    m_writeNotifier->setEnabled(true);
}

void PtyPort::onWritable()
{
    const qsizetype done = writeSome(m_pending.constData(), m_pending.size());
    m_pending.remove(0, done);
    if (m_writeFailed) {
        Q_EMIT noticed(systemError("write(pty master)"));
        m_pending.clear();
    }
    if (m_pending.isEmpty()) {
        m_writeNotifier->setEnabled(false);
        m_dropNoticed = false;
    }
}

} // namespace ModemBench::Sim
