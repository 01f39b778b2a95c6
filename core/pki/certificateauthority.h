#pragma once

// The project's own certificate authority (issue #5), on OpenSSL 3's EVP/X509 APIs (no openssl
// program). A CA is a folder (0700):
//   ca.crt            the CA certificate (PEM)
//   ca.key            its key, PKCS#8 PEM encrypted with AES-256 under PBES2 with a KDF cost far
//                     above OpenSSL's default 2048 PBKDF2 iterations; 0600
//   registry.sqlite   everything issued (IssuedCertificate rows), revocations, the CRL number
//   issued/<serial>.crt
//   crl.pem           the last CRL published
// Every operation that writes does so atomically (temporary file + rename) so a failure leaves
// the CA as it was. The object is not thread-safe and must stay on the thread that opened it (its
// SQLite connection is per-thread); generateKey() alone may run on any thread.

#include "core/error.h"
#include "core/pki/pkitypes.h"

#include <QList>
#include <QString>

#include <memory>

namespace ModemBench::Pki {

// An opaque EVP_PKEY (RAII). Made by generateKey() or parsed from PEM.
class PrivateKey
{
public:
    PrivateKey();
    ~PrivateKey();
    PrivateKey(PrivateKey &&) noexcept;
    PrivateKey &operator=(PrivateKey &&) noexcept;
    bool isNull() const;
    KeyKind kind() const;
    struct Impl;
    explicit PrivateKey(std::unique_ptr<Impl> impl);
    Impl *impl() const { return m_impl.get(); }

private:
    std::unique_ptr<Impl> m_impl;
};

// Thread-safe (OpenSSL 3 keygen); the GUI runs it off the GUI thread.
Result<PrivateKey> generateKey(KeyKind kind);

class CertificateAuthority
{
public:
    ~CertificateAuthority();
    CertificateAuthority(CertificateAuthority &&) noexcept;
    CertificateAuthority &operator=(CertificateAuthority &&) noexcept;

    // A new CA in `dir` (created 0700 if missing; refused with Usage if it already holds a CA, so
    // a second init never damages the first). The passphrase must be at least 8 bytes. The CA key is
    // generated (of options.key) unless one is given: the GUI makes it with generateKey() on a
    // worker thread, since an RSA-4096 key takes seconds.
    static Result<CertificateAuthority> create(const QString &dir, const CaOptions &options,
                                               const SecretBytes &passphrase,
                                               std::optional<PrivateKey> key = std::nullopt);
    // An existing CA certificate and key (PEM; the key plain or encrypted with keyPassphrase),
    // re-encrypted under `passphrase`. Refused when they do not match or the cert is no CA.
    static Result<CertificateAuthority> import(const QString &dir, const QString &certificatePath,
                                               const QString &keyPath, const SecretBytes &keyPassphrase,
                                               const SecretBytes &passphrase);
    // Opens and unlocks: refuses a key file or folder looser than 0600/0700 (naming the file and the
    // chmod to run), a wrong passphrase (ErrorCode::Usage, "wrong passphrase"), and tampered files.
    static Result<CertificateAuthority> open(const QString &dir, const SecretBytes &passphrase);
    // No passphrase needed: the CA certificate and the registry (list, show, expiry warnings).
    static Result<CaInfo> inspect(const QString &dir);
    static Result<QList<IssuedCertificate>> list(const QString &dir, const QString &search = {});
    static Result<IssuedCertificate> find(const QString &dir, const QString &serialHex);
    // Valid certificates whose notAfter is within `days` from now (the CA's own included, as kind Ca).
    static Result<QList<IssuedCertificate>> expiringWithin(const QString &dir, int days);

    CaInfo info() const;
    QByteArray certificatePem() const;

    // A key is generated (of request.key) unless one is given.
    Result<IssueResult> issueServer(const ServerRequest &request, std::optional<PrivateKey> key = std::nullopt);
    Result<IssueResult> issueDevice(const DeviceRequest &request, std::optional<PrivateKey> key = std::nullopt);
    // Signs a PEM CSR (its signature checked) as a device (clientAuth) or server (serverAuth)
    // certificate; the subject and public key come from the CSR, extensions from us.
    Result<IssueResult> signCsr(const QByteArray &csrPem, CertKind kind, int days);

    Result<IssuedCertificate> revoke(const QString &serialHex, RevocationReason reason);
    // A CRL with every revoked serial, its number one above the last, nextUpdate `days` ahead;
    // also written to DIR/crl.pem. Returns the PEM.
    Result<QByteArray> publishCrl(int nextUpdateDays = 30);

private:
    struct Private;
    explicit CertificateAuthority(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

// Checks before anything reaches a modem (issue #5): PEM well-formed, certificate and key match,
// each file within the modem's file limit (AT+CFSWFILE < 10240 bytes, protocol §16), key type the
// modem is known to accept (RSA; ECDSA is a warning "verify on your firmware"), not expired.
QList<ModemCheck> checkForModem(const QByteArray &certificatePem, const SecretBytes &privateKeyPem,
                                qsizetype fileLimit = 10240);

// Passphrase sources for front ends, never an argument or the settings (test-plan Security 2):
// the whole first line of `path` (the file itself 0600 or the read fails with what to chmod), or
// the environment variable MODEMBENCH_CA_PASSPHRASE. Prompting and the keyring are the front
// ends' business.
Result<SecretBytes> passphraseFromFile(const QString &path);
std::optional<SecretBytes> passphraseFromEnvironment();

} // namespace ModemBench::Pki
