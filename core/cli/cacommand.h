#pragma once

#include "core/error.h"
#include "core/pki/pkitypes.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QJsonObject>
#include <QStringList>
#include <QTextStream>

#include <functional>

#include <sys/types.h>

namespace ModemBench {

namespace Pki {
class CertificateAuthority;
}

// `modembench-cli ca ...` (issue #5 item 3): the project's certificate authority from the command
// line, on Pki::CertificateAuthority. Needs no modem and no --port. Every subcommand takes
// --ca-dir DIR; those that use the CA key take the passphrase from --passphrase-file, the
// MODEMBENCH_CA_PASSPHRASE variable or a prompt (never an argument). All argument checks happen
// before the passphrase is asked for and before anything is issued, so a typo costs nothing.
// See docs/ca.md.
class CaCommand
{
public:
    static constexpr int kExpiryWarningDays = 30;

    // The options `ca` adds to the CLI parser (--ca-dir, --passphrase-file, --key, --out, ...).
    static QList<QCommandLineOption> options();

    // parser has been parsed with options(); out and err outlive the command.
    CaCommand(const QCommandLineParser &parser, QTextStream &out, QTextStream &err);

    // Runs `ca <subcommand> [args...]` to completion (the CA's work is CPU-bound and short; the
    // CLI has no window to keep responsive). Fails with Usage for bad arguments, a wrong or
    // missing passphrase and unreadable input files; Error when the CA refuses (e.g. an unknown
    // serial); Transport/PermissionDenied when an output cannot be written.
    Result<void> run(const QStringList &arguments);

private:
    struct Subcommand;
    static const QList<Subcommand> &subcommands();

    Result<void> checkOptions(const Subcommand &subcommand) const;
    Result<Pki::SecretBytes> passphrase(bool isNew) const;
    Result<Pki::CertificateAuthority> openCa() const;
    Result<void> printIssued(const Pki::IssueResult &issued, const QString &certificatePath, const QString &keyPath);
    void warnExpiring();

    Result<void> runInit(const QStringList &arguments);
    Result<void> runImport(const QStringList &arguments);
    Result<void> runIssueServer(const QStringList &arguments);
    Result<void> runIssueDevice(const QStringList &arguments);
    Result<void> issueToPrefix(const std::function<Result<Pki::IssueResult>(Pki::CertificateAuthority &)> &issue);
    Result<void> runSignCsr(const QStringList &arguments);
    Result<void> runRevoke(const QStringList &arguments);
    Result<void> runCrl(const QStringList &arguments);
    Result<void> runList(const QStringList &arguments);
    Result<void> runShow(const QStringList &arguments);

    const QCommandLineParser &m_parser;
    QTextStream &m_out;
    QTextStream &m_err;
    QString m_dir;
    bool m_json = false;
};

// Helpers shared with bench/ca_issue (which must write exactly what the CLI writes) and the tests.

// Writes `bytes` to a new file created with `mode` (never chmod afterwards: a key is not readable
// by others for even a moment). Refuses an existing path with Usage unless `overwrite`, which
// replaces it atomically (temporary file + rename, so the new mode applies).
Result<void> writeOutputFile(const QString &path, const QByteArray &bytes, mode_t mode, bool overwrite);
// PREFIX.crt (0644) and, unless the result has no key, PREFIX.key (0600).
Result<void> writeIssuedFiles(const QString &prefix, const Pki::IssueResult &issued, bool overwrite);

// 15 digits with a valid Luhn check digit (3GPP TS 23.003 §6.2.1).
bool isValidImei(const QString &imei);
// "3a:5f" / "serial=3A5F" / "a5f" -> "3A5F" / "0A5F" (upper-case, whole octets, as openssl prints);
// empty when it is not 1-20 octets of hex.
QString normalizeSerial(const QString &text);
// One registry row as `ca list --json` prints it.
QJsonObject issuedCertificateToJson(const Pki::IssuedCertificate &certificate);

} // namespace ModemBench
