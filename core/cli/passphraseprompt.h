#pragma once

// Where `modembench-cli ca` gets the CA passphrase (test-plan Security 2: never an argument, never
// the settings, never a log): --passphrase-file FILE (0600), else MODEMBENCH_CA_PASSPHRASE, else a
// prompt with echo off when stdin is a terminal. A script without any of them fails at once
// instead of hanging on a prompt nobody sees.

#include "core/error.h"
#include "core/pki/pkitypes.h"

#include <QString>

#include <unistd.h>

namespace ModemBench {

struct PassphraseSources {
    QString file;                       // --passphrase-file; empty: not given
    bool useEnvironment = true;         // MODEMBENCH_CA_PASSPHRASE
    int terminalFd = STDIN_FILENO;      // prompted only when this is a TTY
    int promptFd = STDERR_FILENO;       // where the prompt text goes (stdout stays clean for scripts)
};

enum class PassphraseConfirm { Once, Twice }; // Twice: a new passphrase is typed again and compared

inline constexpr char kNoPassphraseMessage[] =
    "no passphrase: use --passphrase-file, MODEMBENCH_CA_PASSPHRASE or run in a terminal";

// Takes the first source present. Fails with Usage when none is (kNoPassphraseMessage), when the
// file is unreadable or looser than 0600, or when two typed passphrases differ; with Cancelled
// when Ctrl-C ends the prompt (the terminal's echo is restored either way).
Result<Pki::SecretBytes> obtainPassphrase(const PassphraseSources &sources, const QString &prompt,
                                          PassphraseConfirm confirm);

// One line from the terminal `fd` with echo off, `prompt` written to `promptFd` first. The line
// ends at a newline (not included) or end of input; longer than 4 KiB is refused.
Result<Pki::SecretBytes> promptPassphrase(int fd, int promptFd, const QString &prompt);

} // namespace ModemBench
