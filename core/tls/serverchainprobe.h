#pragma once

// What the PC itself sees of a TLS server (issue #6: "show the server's chain"; the doctor compares
// it with the CA on the modem). Asynchronous, never verifies (it is a look, not a trust decision),
// bounded by a timeout, finished() exactly once.

#include "core/error.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>

namespace ModemBench {

struct ServerChainCertificate {
    QByteArray der;
    QString subject;     // one-line, e.g. "CN=localhost"
    QString issuer;
    QDateTime notBefore;
    QDateTime notAfter;
    QByteArray sha256;   // hex

    bool operator==(const ServerChainCertificate &) const = default;
};

struct ServerChain {
    QList<ServerChainCertificate> certificates; // leaf first, as sent
    QString protocol;                            // "TLSv1.3"
    QString cipher;

    bool operator==(const ServerChain &) const = default;
};

class ServerChainProbe : public QObject
{
    Q_OBJECT
public:
    explicit ServerChainProbe(QObject *parent = nullptr);
    ~ServerChainProbe() override;

    // `sni` empty: the host name. Fails with Transport (and the reason) when the server cannot be
    // reached or the handshake does not complete, Timeout after `timeoutMs`, Usage for an empty
    // host or a port outside 1-65535, Unsupported when Qt has no TLS backend. finished() always
    // comes from the event loop, never from inside start(). A start() while one runs is ignored.
    void start(const QString &host, int port, const QString &sni = {}, int timeoutMs = 10000);
    // finished(Cancelled) at once when running; nothing otherwise. Destroying a running probe
    // emits nothing.
    void cancel();

Q_SIGNALS:
    void finished(const ModemBench::Result<ModemBench::ServerChain> &result);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ModemBench
