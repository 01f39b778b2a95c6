#pragma once

// The black-box harness of the modemsim tests: a modemsim process, the host side of its pty through
// raw POSIX calls, and macros that compare the bytes on the wire verbatim. No ModemBench core code.

#include "../../common/modemsimprocess.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <QtTest>

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <memory>
#include <termios.h>
#include <unistd.h>
#include <utility>

namespace SimTest {

// QProcess::waitForFinished() is false for a process that already ended; both count here.
inline bool finished(QProcess &process)
{
    return process.state() == QProcess::NotRunning || process.waitForFinished(kTimeoutMs);
}

// The host side of the pty, with plain POSIX calls: open, raw mode, read through a notifier.
class PtyClient
{
public:
    ~PtyClient() { close(); }

    bool open(const QString &path)
    {
        m_fd = ::open(path.toLocal8Bit().constData(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
        if (m_fd < 0)
            return false;
        termios settings{};
        if (::tcgetattr(m_fd, &settings) != 0)
            return false;
        ::cfmakeraw(&settings);
        if (::tcsetattr(m_fd, TCSANOW, &settings) != 0)
            return false;
        m_notifier = std::make_unique<QSocketNotifier>(m_fd, QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(), [this] { readAll(); });
        return true;
    }

    void close()
    {
        m_notifier.reset();
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

    bool send(const QByteArray &bytes)
    {
        return ::write(m_fd, bytes.constData(), bytes.size()) == bytes.size();
    }

    // Writes all of `bytes` even when they exceed the pty's buffer: waits (poll) until it drains,
    // reading the modem's side meanwhile.
    bool sendAll(const QByteArray &bytes)
    {
        qsizetype done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::write(m_fd, bytes.constData() + done, size_t(bytes.size() - done));
            if (n > 0) {
                done += n;
                continue;
            }
            if (n < 0 && errno != EAGAIN && errno != EINTR)
                return false;
            pollfd fd{m_fd, POLLOUT, 0};
            if (::poll(&fd, 1, kTimeoutMs) <= 0)
                return false;
            readAll();
        }
        return true;
    }

    const QByteArray &pending() const { return m_received; }

    // Exactly n bytes (fewer after the timeout), removed from the buffer.
    QByteArray take(qsizetype n, int timeoutMs = kTimeoutMs)
    {
        // On timeout the short result makes the caller's QCOMPARE fail with the bytes that did come.
        static_cast<void>(QTest::qWaitFor([&] { return m_received.size() >= n; }, timeoutMs));
        const QByteArray head = m_received.left(n);
        m_received.remove(0, head.size());
        return head;
    }

    // Sends a line, returns everything up to and including the V1 final result.
    QByteArray command(const QByteArray &line)
    {
        static const QRegularExpression final(QStringLiteral("\r\n(OK|ERROR|\\+CME ERROR: [^\r\n]*)\r\n$"));
        m_received.clear();
        send(line);
        static_cast<void>(QTest::qWaitFor([&] { return final.match(QString::fromLatin1(m_received)).hasMatch(); },
                                          kTimeoutMs));
        return std::exchange(m_received, {});
    }

private:
    void readAll()
    {
        char buffer[4096];
        ssize_t n = 0;
        while ((n = ::read(m_fd, buffer, sizeof buffer)) > 0)
            m_received.append(buffer, n);
    }

    int m_fd = -1;
    std::unique_ptr<QSocketNotifier> m_notifier;
    QByteArray m_received;
};

} // namespace SimTest

// Send `line`, expect exactly `expected` next on the wire (nothing may be pending before).
#define EXCHANGE(client, line, expected)                                      \
    do {                                                                      \
        QVERIFY2((client).pending().isEmpty(), (client).pending().constData()); \
        QVERIFY((client).send(line));                                         \
        const QByteArray expectedBytes_(expected);                            \
        QCOMPARE((client).take(expectedBytes_.size()), expectedBytes_);       \
    } while (false)

// Expect exactly `expected` next on the wire.
#define EXPECT_NEXT(client, expected)                                  \
    do {                                                               \
        const QByteArray expectedBytes_(expected);                     \
        QCOMPARE((client).take(expectedBytes_.size()), expectedBytes_); \
    } while (false)

#define START(sim, client, ...)                                   \
    QVERIFY2((sim).start(__VA_ARGS__), qPrintable((sim).line())); \
    QVERIFY2((client).open((sim).path()), qPrintable((sim).line()))
