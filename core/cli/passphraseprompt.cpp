#include "core/cli/passphraseprompt.h"

#include "core/pki/certificateauthority.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <termios.h>

namespace ModemBench {

namespace {

constexpr qsizetype kMaxPassphrase = 4096;
constexpr int kPromptSignals[] = {SIGINT, SIGTERM, SIGHUP};

volatile std::sig_atomic_t g_promptInterrupted = 0;

extern "C" void onPromptSignal(int)
{
    g_promptInterrupted = 1;
}

// While the prompt waits, Ctrl-C must end read() (the CLI's own handler restarts it, and a second
// Ctrl-C would kill us with echo still off): handlers without SA_RESTART, restored afterwards.
class PromptSignals
{
public:
    PromptSignals()
    {
        g_promptInterrupted = 0;
        struct sigaction action = {};
        action.sa_handler = onPromptSignal;
        sigemptyset(&action.sa_mask);
        for (int i = 0; i < 3; ++i)
            ::sigaction(kPromptSignals[i], &action, &m_previous[i]);
    }
    ~PromptSignals()
    {
        for (int i = 0; i < 3; ++i)
            ::sigaction(kPromptSignals[i], &m_previous[i], nullptr);
    }
    PromptSignals(const PromptSignals &) = delete;
    PromptSignals &operator=(const PromptSignals &) = delete;

private:
    struct sigaction m_previous[3];
};

// Echo off for the lifetime of the object; ECHONL keeps the newline so the next output starts on
// a fresh line. TCSAFLUSH drops anything typed before the prompt appeared.
class EchoOff
{
public:
    explicit EchoOff(int fd)
        : m_fd(fd)
    {
        if (::tcgetattr(fd, &m_saved) != 0)
            return;
        struct termios quiet = m_saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        quiet.c_lflag |= ECHONL;
        m_active = ::tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
    }
    ~EchoOff()
    {
        if (m_active)
            ::tcsetattr(m_fd, TCSANOW, &m_saved);
    }
    EchoOff(const EchoOff &) = delete;
    EchoOff &operator=(const EchoOff &) = delete;

private:
    int m_fd;
    struct termios m_saved = {};
    bool m_active = false;
};

void scrub(QByteArray &bytes)
{
    volatile char *p = bytes.data();
    for (qsizetype i = 0; i < bytes.size(); ++i)
        p[i] = 0;
    bytes.clear();
}

void writeAll(int fd, const QByteArray &text)
{
    qsizetype done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.constData() + done, size_t(text.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; // a prompt we cannot show is no reason to refuse the passphrase
        done += n;
    }
}

// Byte by byte so nothing after the newline is consumed (a second prompt may follow).
Result<Pki::SecretBytes> readLine(int fd)
{
    QByteArray line;
    line.reserve(kMaxPassphrase + 1); // no reallocation leaves copies of the secret behind
    for (;;) {
        char c = 0;
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR && !g_promptInterrupted)
            continue;
        if (n < 0 && errno == EINTR) {
            scrub(line);
            return fail(ErrorCode::Cancelled, QStringLiteral("Cancelled (interrupted at the passphrase prompt)"));
        }
        if (n < 0) {
            scrub(line);
            return fail(ErrorCode::Transport, QStringLiteral("Cannot read the passphrase from the terminal: %1")
                                                  .arg(QString::fromLocal8Bit(std::strerror(errno))));
        }
        if (n == 0 || c == '\n' || c == '\r')
            break;
        if (line.size() >= kMaxPassphrase) {
            scrub(line);
            return fail(ErrorCode::Usage, QStringLiteral("The passphrase is longer than %1 bytes").arg(kMaxPassphrase));
        }
        line.append(c);
    }
    return Pki::SecretBytes(std::move(line));
}

} // namespace

Result<Pki::SecretBytes> promptPassphrase(int fd, int promptFd, const QString &prompt)
{
    PromptSignals signalGuard;
    EchoOff echoGuard(fd);
    writeAll(promptFd, prompt.toLocal8Bit());
    return readLine(fd);
}

Result<Pki::SecretBytes> obtainPassphrase(const PassphraseSources &sources, const QString &prompt,
                                          PassphraseConfirm confirm)
{
    if (!sources.file.isEmpty()) {
        // Missing, unreadable or readable by others: the file the user named is wrong (exit 2, with
        // core's message naming the chmod), not an I/O failure of ours.
        Result<Pki::SecretBytes> fromFile = Pki::passphraseFromFile(sources.file);
        if (!fromFile)
            return fail(ErrorCode::Usage, fromFile.error().message);
        return fromFile;
    }
    if (sources.useEnvironment) {
        if (std::optional<Pki::SecretBytes> fromEnvironment = Pki::passphraseFromEnvironment())
            return std::move(*fromEnvironment);
    }
    if (!::isatty(sources.terminalFd))
        return fail(ErrorCode::Usage, QString::fromLatin1(kNoPassphraseMessage));
    Result<Pki::SecretBytes> first = promptPassphrase(sources.terminalFd, sources.promptFd, prompt);
    if (!first || confirm == PassphraseConfirm::Once)
        return first;
    if (first->isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("No passphrase entered"));
    Result<Pki::SecretBytes> again =
        promptPassphrase(sources.terminalFd, sources.promptFd, QStringLiteral("Enter it again: "));
    if (!again)
        return again;
    if (again->reveal() != first->reveal())
        return fail(ErrorCode::Usage, QStringLiteral("The two passphrases differ; nothing was changed"));
    return first;
}

} // namespace ModemBench
