#include "core/tls/serverchainprobe.h"

#include "core/tls/x509facts.h"

#include <QPointer>
#include <QSslCipher>
#include <QSslSocket>
#include <QTimer>

namespace ModemBench {

namespace {

QString protocolName(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_3: return QStringLiteral("TLSv1.3");
    case QSsl::TlsV1_2: return QStringLiteral("TLSv1.2");
    default: break;
    }
    return {};
}

ServerChainCertificate chainEntry(const QSslCertificate &certificate)
{
    ServerChainCertificate entry;
    entry.der = certificate.toDer();
    if (auto facts = Internal::certificateFromDer(entry.der)) {
        entry.subject = facts->subject;
        entry.issuer = facts->issuer;
        entry.notBefore = facts->notBefore;
        entry.notAfter = facts->notAfter;
        entry.sha256 = facts->sha256;
    }
    return entry;
}

} // namespace

struct ServerChainProbe::Private {
    ServerChainProbe *q = nullptr;
    QPointer<QSslSocket> socket;
    QTimer timer;
    QString target;       // "host:port" for messages
    int timeoutMs = 0;
    quint64 run = 0;      // which start() a queued outcome belongs to
    bool running = false;
    bool starting = false; // inside start(): outcomes are queued (see the header)

    void connectSocket(QSslSocket *socket);
    void onEncrypted();
    void finish(const Result<ServerChain> &result);
    void finishLater(const Result<ServerChain> &result);
};

void ServerChainProbe::Private::connectSocket(QSslSocket *s)
{
    QObject::connect(s, &QSslSocket::encrypted, q, [this] { onEncrypted(); });
    QObject::connect(s, &QAbstractSocket::errorOccurred, q, [this] {
        finish(fail(ErrorCode::Transport, tr("Could not look at %1: %2").arg(target, socket->errorString())));
    });
    QObject::connect(s, &QAbstractSocket::disconnected, q, [this] {
        finish(fail(ErrorCode::Transport, tr("%1 closed the connection before the TLS handshake completed.").arg(target)));
    });
}

void ServerChainProbe::Private::onEncrypted()
{
    ServerChain chain;
    for (const QSslCertificate &certificate : socket->peerCertificateChain())
        chain.certificates << chainEntry(certificate);
    const QSslCipher cipher = socket->sessionCipher();
    chain.protocol = protocolName(socket->sessionProtocol());
    if (chain.protocol.isEmpty())
        chain.protocol = cipher.protocolString();
    chain.cipher = cipher.name();
    finish(chain);
}

void ServerChainProbe::Private::finish(const Result<ServerChain> &result)
{
    if (!running)
        return;
    if (starting) {
        finishLater(result);
        return;
    }
    running = false;
    timer.stop();
    if (QSslSocket *s = socket) {
        // Disconnected first: abort() would otherwise report a second outcome.
        s->disconnect(q);
        socket = nullptr;
        s->abort();
        s->deleteLater();
    }
    Q_EMIT q->finished(result);
}

// Outcomes known inside start() are still reported from the event loop, so a caller may connect
// to finished() after start() and never sees the signal re-enter its own call.
void ServerChainProbe::Private::finishLater(const Result<ServerChain> &result)
{
    QMetaObject::invokeMethod(q, [this, result, started = run] {
        if (started == run)
            finish(result);
    }, Qt::QueuedConnection);
}

ServerChainProbe::ServerChainProbe(QObject *parent) : QObject(parent), d(std::make_unique<Private>())
{
    d->q = this;
    d->timer.setSingleShot(true);
    connect(&d->timer, &QTimer::timeout, this, [this] {
        d->finish(fail(ErrorCode::Timeout, tr("%1 did not complete a TLS handshake within %2 ms.")
                                               .arg(d->target).arg(d->timeoutMs)));
    });
}

ServerChainProbe::~ServerChainProbe()
{
    // Destroyed while running: no signal (its receivers may be going away too).
    if (QSslSocket *s = d->socket) {
        s->disconnect(this);
        s->abort();
        delete s;
    }
}

void ServerChainProbe::start(const QString &host, int port, const QString &sni, int timeoutMs)
{
    if (d->running) {
        // The running probe keeps its one finished(); this call answers nothing else.
        return;
    }
    d->running = true;
    ++d->run;
    d->target = QStringLiteral("%1:%2").arg(host).arg(port);
    d->timeoutMs = std::max(timeoutMs, 1);
    if (!QSslSocket::supportsSsl()) {
        d->finishLater(fail(ErrorCode::Unsupported,
                            tr("This Qt has no working TLS backend (Qt's OpenSSL plugin or OpenSSL 3 is missing), "
                               "so the server cannot be looked at from the PC.")));
        return;
    }
    if (host.isEmpty() || port <= 0 || port > 65535) {
        d->finishLater(fail(ErrorCode::Usage, tr("No server to look at: give a host and a port 1-65535.")));
        return;
    }
    auto *socket = new QSslSocket(this);
    d->socket = socket;
    // A look, not a trust decision: the doctor compares the chain with the modem's CA itself.
    socket->setPeerVerifyMode(QSslSocket::VerifyNone);
    d->connectSocket(socket);
    d->timer.start(d->timeoutMs);
    d->starting = true;
    socket->connectToHostEncrypted(host, quint16(port), sni.isEmpty() ? host : sni);
    d->starting = false;
}

void ServerChainProbe::cancel()
{
    d->finish(fail(ErrorCode::Cancelled, tr("The look at %1 was cancelled.").arg(d->target)));
}

} // namespace ModemBench
