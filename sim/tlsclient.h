#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <expected>
#include <memory>
#include <optional>

namespace ModemBench::Sim {

// What a CA* socket with "ssl" 1 does in its handshake (protocol.md §7.1, §7.2), taken from the SSL
// context bound by "crindex" and the objects converted with AT+CSSLCFG="convert".
struct TlsSettings
{
    int sslVersion = 3;        // §7.1: 1 TLS1.0, 2 TLS1.1, 3 TLS1.2, 6 TLS1.3; 0 = not pinned
    bool verifyPeer = false;   // false: an empty "cacert" trusts every server (§7.2)
    QByteArray caPem;          // the trusted certificates
    QByteArray clientCertPem;  // empty: no client certificate
    QByteArray clientKeyPem;
    QByteArray sni;            // sent only when the context has one, like the module
    QByteArray host;           // the name the certificate must carry: the host given to AT+CAOPEN
    std::optional<QDateTime> checkTime;  // the module clock; nullopt = ignorertctime 1
};

// A TLS client over memory BIOs: the owner moves ciphertext between it and a socket, so the
// handshake and the records run on the Qt event loop without blocking.
class TlsClient
{
public:
    enum class Progress { Handshaking, Established, Failed };

    static std::expected<std::unique_ptr<TlsClient>, QString> create(const TlsSettings &settings);
    ~TlsClient();
    TlsClient(const TlsClient &) = delete;
    TlsClient &operator=(const TlsClient &) = delete;

    // Ciphertext from the peer.
    void feed(const QByteArray &bytes);
    // Ciphertext to send to the peer.
    QByteArray takeOutgoing();
    // Drives the handshake as far as the bytes fed so far allow.
    Progress handshake();
    // After Established: the AT+CAOPEN result of the verification (§8.2): 0, 24, 25, 26 or 27.
    int verdict() const;
    // Decrypted bytes, at most `maximum`; sets peerClosed() on a close_notify or a fatal error.
    QByteArray readPlain(qsizetype maximum);
    void writePlain(const QByteArray &bytes);
    bool peerClosed() const { return m_closed; }
    QString error() const { return m_error; }

    // Called by OpenSSL's verify callback for each problem of the chain.
    void noteVerifyError(int code);

private:
    TlsClient() = default;
    std::expected<void, QString> setUp(const TlsSettings &settings);
    void flushPendingWrites();

    struct Handles;
    std::unique_ptr<Handles> m_handles;
    QByteArray m_pendingPlain;
    bool m_timeBad = false;
    bool m_nameBad = false;
    bool m_otherBad = false;
    bool m_closed = false;
    QString m_error;
};

} // namespace ModemBench::Sim
