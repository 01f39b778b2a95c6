#pragma once

// Helpers for the `ca` CLI tests: the real modembench-cli (as a script runs it), the real openssl
// program (the done-when judge), and a pseudo-terminal on the CLI's stdin for the prompt.

#include "../../common/cliprocess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

namespace CaTest {

using CliTest::Run;

inline Run openssl(const QStringList &arguments)
{
    return CliTest::run(QStringLiteral("openssl"), arguments);
}

inline bool writeFile(const QString &path, const QByteArray &bytes, QFile::Permissions permissions)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        return false;
    file.close();
    return file.setPermissions(permissions);
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The permission bits of `path` (stat, not QFileInfo: the test is about what the kernel enforces).
inline int modeOf(const QString &path)
{
    struct stat info = {};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return -1;
    return int(info.st_mode & 07777);
}

// A pseudo-terminal whose slave becomes the CLI's stdin, so isatty(0) holds and the prompt runs
// exactly as for a user. The master side types and reads what the terminal would show.
class Terminal
{
public:
    Terminal()
    {
        m_master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (m_master < 0 || ::grantpt(m_master) != 0 || ::unlockpt(m_master) != 0)
            return;
        m_slave = ::open(::ptsname(m_master), O_RDWR | O_NOCTTY | O_CLOEXEC);
        ::fcntl(m_master, F_SETFL, ::fcntl(m_master, F_GETFL) | O_NONBLOCK);
    }
    ~Terminal()
    {
        if (m_slave >= 0)
            ::close(m_slave);
        if (m_master >= 0)
            ::close(m_master);
    }
    Terminal(const Terminal &) = delete;
    Terminal &operator=(const Terminal &) = delete;

    bool isOpen() const { return m_slave >= 0; }
    int slave() const { return m_slave; }

    void type(const QByteArray &text) { [[maybe_unused]] const ssize_t n = ::write(m_master, text.constData(), size_t(text.size())); }
    // Everything the terminal echoed so far.
    QByteArray screen()
    {
        char buffer[512];
        for (ssize_t n; (n = ::read(m_master, buffer, sizeof buffer)) > 0;)
            m_screen.append(buffer, n);
        return m_screen;
    }

private:
    int m_master = -1;
    int m_slave = -1;
    QByteArray m_screen;
};

// Starts modembench-cli with the terminal on stdin; the caller types after each prompt.
inline void startOnTerminal(QProcess &process, const Terminal &terminal, const QStringList &arguments)
{
    const int slave = terminal.slave();
    process.setChildProcessModifier([slave] { ::dup2(slave, STDIN_FILENO); });
    process.start(QStringLiteral(MODEMBENCH_BIN_DIR "/modembench-cli"), arguments);
}

// Waits until stderr has shown `prompt` `count` times in all; false after 30 s.
inline bool waitForPrompt(QProcess &process, QByteArray &err, const QByteArray &prompt, int count = 1)
{
    const QDeadlineTimer deadline(30000);
    process.setReadChannel(QProcess::StandardError);
    while (err.count(prompt) < count) {
        if (deadline.hasExpired() || process.state() == QProcess::NotRunning)
            return false;
        process.waitForReadyRead(100);
        err += process.readAllStandardError();
    }
    return true;
}

} // namespace CaTest
