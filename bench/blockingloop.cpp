#include "blockingloop.h"

#include "ptyresponder.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>

#include <unistd.h>

namespace ModemBench::Bench {

namespace {

// A healthy responder answers in well under a millisecond; two seconds of silence means it is gone.
constexpr int kSilenceDeciseconds = 20;

// Small and fixed: the loop must not cost more than the C a careful programmer would write.
class Exchanger
{
public:
    explicit Exchanger(int fd)
        : m_fd(fd)
    {
    }
    ~Exchanger() { ::close(m_fd); }

    Exchanger(const Exchanger &) = delete;
    Exchanger &operator=(const Exchanger &) = delete;

    // Writes `command` (CR included) and reads until "OK\r\n". Empty on success, else the reason.
    QString exchange(const char *command, size_t length);

private:
    bool sawOk();

    int m_fd;
    char m_reply[512];
    size_t m_size = 0;
};

QString Exchanger::exchange(const char *command, size_t length)
{
    if (::write(m_fd, command, length) != ssize_t(length))
        return QStringLiteral("write: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
    m_size = 0;
    for (;;) {
        if (m_size == sizeof(m_reply))
            return QStringLiteral("the reply grew past %1 bytes without OK").arg(sizeof(m_reply));
        const ssize_t count = ::read(m_fd, m_reply + m_size, sizeof(m_reply) - m_size);
        if (count < 0 && errno == EINTR)
            continue;
        if (count < 0)
            return QStringLiteral("read: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        if (count == 0)
            return QStringLiteral("no OK within 2 s (got '%1')")
                .arg(QString::fromLatin1(QByteArray(m_reply, qsizetype(m_size)).toPercentEncoding()));
        m_size += size_t(count);
        if (sawOk())
            return {};
    }
}

// Searched anywhere, not just at the end: a URC from modemsim may follow the OK in the same read.
bool Exchanger::sawOk()
{
    return std::string_view(m_reply, m_size).find("OK\r\n") != std::string_view::npos;
}

} // namespace

std::expected<double, QString> runBlockingLoop(const QString &path, const BlockingLoopOptions &options)
{
    auto fd = openRawSlave(path, kSilenceDeciseconds);
    if (!fd)
        return std::unexpected(fd.error());
    Exchanger exchanger(*fd);
    for (const QByteArray &command : options.setup) {
        const QByteArray line = command + '\r';
        if (QString error = exchanger.exchange(line.constData(), size_t(line.size())); !error.isEmpty())
            return std::unexpected(QStringLiteral("%1: %2").arg(QString::fromLatin1(command), error));
    }
    static constexpr char kAt[] = "AT\r";
    for (int i = 0; i < options.warmup; ++i) {
        if (QString error = exchanger.exchange(kAt, 3); !error.isEmpty())
            return std::unexpected(error);
    }
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < options.count; ++i) {
        if (QString error = exchanger.exchange(kAt, 3); !error.isEmpty())
            return std::unexpected(error);
    }
    const std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - start;
    return elapsed.count() / options.count;
}

} // namespace ModemBench::Bench
