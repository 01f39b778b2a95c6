#include "ptyresponder.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace ModemBench::Bench {

namespace {

// Written by the owner through its slave descriptor to stop the thread blocked in read(). Neither
// benchmark client ever sends a NUL, so it cannot be mistaken for traffic.
constexpr char kStopByte = '\0';
constexpr char kOk[] = "\r\nOK\r\n";
constexpr size_t kOkLength = sizeof(kOk) - 1;

QString systemError(const char *what)
{
    return QStringLiteral("%1: %2").arg(QLatin1String(what), QString::fromLocal8Bit(std::strerror(errno)));
}

bool makeRaw(int fd)
{
    termios settings{};
    if (tcgetattr(fd, &settings) != 0)
        return false;
    cfmakeraw(&settings);
    return tcsetattr(fd, TCSANOW, &settings) == 0;
}

bool writeAll(int fd, const char *data, size_t size)
{
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            return false;
        data += written;
        size -= size_t(written);
    }
    return true;
}

} // namespace

std::expected<std::unique_ptr<PtyResponder>, QString> PtyResponder::create()
{
    const int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0)
        return std::unexpected(systemError("posix_openpt"));
    const char *name = (grantpt(master) == 0 && unlockpt(master) == 0) ? ptsname(master) : nullptr;
    if (!name) {
        const QString error = systemError("grantpt/unlockpt/ptsname");
        ::close(master);
        return std::unexpected(error);
    }
    const QString path = QString::fromLocal8Bit(name);
    const int keeper = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (keeper < 0 || !makeRaw(keeper)) {
        const QString error = systemError("opening the pty slave");
        if (keeper >= 0)
            ::close(keeper);
        ::close(master);
        return std::unexpected(error);
    }
    return std::unique_ptr<PtyResponder>(new PtyResponder(master, keeper, path));
}

PtyResponder::PtyResponder(int master, int keeper, QString slavePath)
    : m_master(master)
    , m_keeper(keeper)
    , m_slavePath(std::move(slavePath))
    , m_thread([this] { serve(); })
{
}

PtyResponder::~PtyResponder()
{
    writeAll(m_keeper, &kStopByte, 1);
    m_thread.join();
    ::close(m_keeper);
    ::close(m_master);
}

// One read may carry several lines (a client that pipelines); each CR gets its own OK, written in
// one go so the client sees one chunk per read as a real UART would deliver it.
void PtyResponder::serve()
{
    char input[512];
    char output[sizeof(input) * kOkLength];
    for (;;) {
        const ssize_t count = ::read(m_master, input, sizeof(input));
        if (count < 0 && errno == EINTR)
            continue;
        if (count <= 0)
            return;
        size_t outputSize = 0;
        for (ssize_t i = 0; i < count; ++i) {
            if (input[i] == kStopByte)
                return;
            if (input[i] != '\r')
                continue;
            std::memcpy(output + outputSize, kOk, kOkLength);
            outputSize += kOkLength;
        }
        if (outputSize > 0 && !writeAll(m_master, output, outputSize))
            return;
        m_answered.fetch_add(long(outputSize / kOkLength), std::memory_order_relaxed);
    }
}

std::expected<int, QString> openRawSlave(const QString &path, int timeoutDeciseconds)
{
    const int fd = ::open(path.toLocal8Bit().constData(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return std::unexpected(systemError(qPrintable(path)));
    termios settings{};
    if (tcgetattr(fd, &settings) == 0) {
        cfmakeraw(&settings);
        settings.c_cc[VMIN] = 0;
        settings.c_cc[VTIME] = cc_t(timeoutDeciseconds);
        if (tcsetattr(fd, TCSANOW, &settings) == 0)
            return fd;
    }
    const QString error = systemError("configuring the pty slave");
    ::close(fd);
    return std::unexpected(error);
}

} // namespace ModemBench::Bench
