#pragma once

// Value types of the certificate authority (issue #5). Secrets live in SecretBytes, which wipes
// its buffer on destruction and has no way to be printed or logged (style.md: secrets are
// redacted by construction).

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>
#include <utility>

namespace ModemBench::Pki {

// A passphrase or a private key in PEM. Move-only; the bytes are zeroed when it dies.
class SecretBytes
{
public:
    SecretBytes() = default;
    explicit SecretBytes(QByteArray bytes) : m_bytes(std::move(bytes)) {}
    ~SecretBytes() { wipe(); }
    SecretBytes(SecretBytes &&other) noexcept : m_bytes(std::exchange(other.m_bytes, {})) {}
    SecretBytes &operator=(SecretBytes &&other) noexcept
    {
        if (this != &other) {
            wipe();
            m_bytes = std::exchange(other.m_bytes, {});
        }
        return *this;
    }
    SecretBytes(const SecretBytes &) = delete;
    SecretBytes &operator=(const SecretBytes &) = delete;

    bool isEmpty() const { return m_bytes.isEmpty(); }
    qsizetype size() const { return m_bytes.size(); }
    // For the one place that must hand the bytes to OpenSSL or a 0600 file.
    const QByteArray &reveal() const { return m_bytes; }

private:
    // Only a buffer we alone hold is zeroed: a shared one is still in use elsewhere (and
    // detaching would wipe a fresh copy instead).
    void wipe()
    {
        if (m_bytes.isDetached()) {
            volatile char *p = m_bytes.data();
            for (qsizetype i = 0; i < m_bytes.size(); ++i)
                p[i] = 0;
        }
        m_bytes.clear();
    }
    QByteArray m_bytes;
};

// RSA-2048 is the default: every public working SIM7000 example uses RSA (test-plan Security 6).
enum class KeyKind { Rsa2048, Rsa3072, Rsa4096, P256 };
QString keyKindName(KeyKind kind);                      // "rsa2048", ..., "p256"
std::optional<KeyKind> parseKeyKind(const QString &name); // case-insensitive

enum class CertKind { Ca, Server, Device };
QString certKindName(CertKind kind);                    // "ca", "server", "device"

enum class CertStatus { Valid, Revoked, Expired };
QString certStatusName(CertStatus status);              // "valid", "revoked", "expired"

// RFC 5280 CRLReason codes that make sense for our leaves.
enum class RevocationReason {
    Unspecified = 0,
    KeyCompromise = 1,
    CaCompromise = 2,
    AffiliationChanged = 3,
    Superseded = 4,
    CessationOfOperation = 5,
};
QString revocationReasonName(RevocationReason reason);  // "keyCompromise" (openssl's spelling)
std::optional<RevocationReason> parseRevocationReason(const QString &name);

struct CaOptions {
    KeyKind key = KeyKind::Rsa2048;
    int years = 30;                                      // 1..50
    QString subject = QStringLiteral("/CN=ModemBench Root CA"); // openssl-style "/C=DE/O=Acme/CN=Root"
};

struct ServerRequest {
    QStringList dnsNames;          // at least one of dnsNames / ipAddresses
    QStringList ipAddresses;       // IPv4 or IPv6 text
    QString commonName;            // empty: the first DNS name (or IP)
    int days = 825;
    KeyKind key = KeyKind::Rsa2048;
};

struct DeviceRequest {
    QString imei;                  // 15 digits (Luhn-checked)
    QString cnTemplate = QStringLiteral("dev-{imei}");
    int days = 3650;
    KeyKind key = KeyKind::Rsa2048;
};

// One row of the registry (DIR/registry.sqlite).
struct IssuedCertificate {
    QString serialHex;             // upper-case hex as `openssl x509 -serial` prints it
    CertKind kind = CertKind::Device;
    QString subject;               // openssl one-line form "/CN=dev-869951031234564"
    QString imei;                  // devices only
    QString sha256Fingerprint;     // "AB:CD:..." as openssl prints it
    QDateTime notBefore;
    QDateTime notAfter;
    CertStatus status = CertStatus::Valid;
    std::optional<RevocationReason> revocationReason;
    QDateTime revokedAt;
    QString certificatePath;       // DIR/issued/<serial>.crt
};

// A freshly issued certificate and (unless it came from a CSR) its unencrypted private key, for
// writing PREFIX.crt / PREFIX.key (0600) or for uploading to a modem (the modem needs it plain).
struct IssueResult {
    IssuedCertificate record;
    QByteArray certificatePem;
    SecretBytes privateKeyPem;     // PKCS#8 PEM; empty for a CSR
};

// What the CA folder says about itself without the passphrase (list, show, the CA browser).
struct CaInfo {
    QString directory;
    QString subject;
    QString sha256Fingerprint;
    KeyKind key = KeyKind::Rsa2048;
    QDateTime notBefore;
    QDateTime notAfter;
    qint64 crlNumber = 0;          // of the last CRL published; 0: none yet
};

// One finding of checkForModem(): an error stops an upload, a warning is shown and may be accepted.
struct ModemCheck {
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    QString message;               // says what is wrong and what to do
};

} // namespace ModemBench::Pki
