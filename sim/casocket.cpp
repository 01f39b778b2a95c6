#include "casocket.h"

#include <algorithm>

namespace ModemBench::Sim {

namespace {
// §8.2 result codes.
constexpr int kOpened = 0;
constexpr int kUnresolvable = 20;
constexpr int kRefused = 23;
constexpr int kConnectFailed = 27;
constexpr qint64 kRawChunk = 16 * 1024;
} // namespace

CaSocket::CaSocket(QObject *parent)
    : QObject(parent)
{
    m_socket.setReadBufferSize(kReceiveBuffer);
    m_timeout.setSingleShot(true);
    connect(&m_socket, &QTcpSocket::connected, this, &CaSocket::onConnected);
    connect(&m_socket, &QTcpSocket::readyRead, this, &CaSocket::onReadyRead);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, &CaSocket::onError);
    connect(&m_socket, &QTcpSocket::disconnected, this, &CaSocket::onDisconnected);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_socket.abort();
        finishOpen(kConnectFailed);
    });
}

CaSocket::~CaSocket()
{
    // The member socket outlives nothing of ours: no signal may reach a half-destroyed object.
    QObject::disconnect(&m_socket, nullptr, this, nullptr);
    m_socket.abort();
}

void CaSocket::open(const QString &address, quint16 port, std::optional<TlsSettings> tls, int timeoutMs)
{
    m_state = State::Connecting;
    if (tls) {
        auto client = TlsClient::create(*tls);
        if (!client) {
            qWarning("modemsim: TLS set-up failed: %s", qPrintable(client.error()));
            // Asynchronous like every other outcome, so the command's reply path is always the same.
            QTimer::singleShot(0, this, [this] { finishOpen(kConnectFailed); });
            return;
        }
        m_tls = std::move(*client);
    }
    m_timeout.start(timeoutMs);
    m_socket.connectToHost(address, port);
}

void CaSocket::finishOpen(int result)
{
    if (m_openReported)
        return;
    m_openReported = true;
    m_timeout.stop();
    m_state = result == kOpened ? State::Open : State::Closed;
    if (result != kOpened)
        m_socket.abort();
    Q_EMIT opened(result);
    if (result == kOpened)
        pump();  // application data that came with the end of the handshake
}

void CaSocket::onConnected()
{
    if (!m_tls)
        return finishOpen(kOpened);
    m_state = State::Handshaking;
    advanceHandshake();
}

void CaSocket::advanceHandshake()
{
    const TlsClient::Progress progress = m_tls->handshake();
    writeTls();
    if (progress == TlsClient::Progress::Failed) {
        qWarning("modemsim: TLS %s", qPrintable(m_tls->error()));
        return finishOpen(kConnectFailed);
    }
    if (progress == TlsClient::Progress::Established)
        finishOpen(m_tls->verdict());
}

void CaSocket::onReadyRead()
{
    if (m_state == State::Handshaking) {
        // Handshake messages are small; the socket's own buffer bounds what is read here.
        m_tls->feed(m_socket.read(kReceiveBuffer));
        return advanceHandshake();
    }
    if (m_state == State::Open)
        pump();
}

// Moves bytes from the socket into the receive buffer while it has room. Each pass either fills
// the buffer or consumes socket bytes, both bounded, so the loop ends.
void CaSocket::pump()
{
    const bool wasEmpty = m_received.isEmpty();
    while (m_received.size() < kReceiveBuffer) {
        if (!m_tls) {
            const QByteArray bytes = m_socket.read(kReceiveBuffer - m_received.size());
            if (bytes.isEmpty())
                break;
            m_received += bytes;
            continue;
        }
        const QByteArray plain = m_tls->readPlain(kReceiveBuffer - m_received.size());
        if (!plain.isEmpty()) {
            m_received += plain;
            continue;
        }
        const QByteArray raw = m_tls->peerClosed() ? QByteArray() : m_socket.read(kRawChunk);
        if (raw.isEmpty())
            break;
        m_tls->feed(raw);
    }
    if (m_tls)
        writeTls();
    if (wasEmpty && !m_received.isEmpty())
        Q_EMIT dataArrived();
}

void CaSocket::writeTls()
{
    if (const QByteArray out = m_tls->takeOutgoing(); !out.isEmpty())
        m_socket.write(out);
}

void CaSocket::onError(QAbstractSocket::SocketError error)
{
    if (m_state == State::Connecting) {
        if (error == QAbstractSocket::HostNotFoundError)
            return finishOpen(kUnresolvable);
        if (error == QAbstractSocket::ConnectionRefusedError)
            return finishOpen(kRefused);
        return finishOpen(kConnectFailed);
    }
    if (m_state == State::Handshaking)
        return finishOpen(kConnectFailed);
    // While open, the end of the connection arrives as disconnected().
}

void CaSocket::onDisconnected()
{
    if (m_state == State::Connecting || m_state == State::Handshaking)
        return finishOpen(kConnectFailed);
    if (m_state != State::Open)
        return;
    pump();  // what is still in the socket's buffer stays readable with AT+CARECV
    m_state = State::Closed;
    Q_EMIT peerClosed();
}

QByteArray CaSocket::read(qsizetype maximum)
{
    const QByteArray bytes = m_received.left(std::max<qsizetype>(0, maximum));
    m_received.remove(0, bytes.size());
    // Refill later, not inside the command: a +CADATAIND must not come before this reply.
    if (!bytes.isEmpty())
        QTimer::singleShot(0, this, [this] {
            if (m_state == State::Open)
                pump();
        });
    return bytes;
}

bool CaSocket::send(const QByteArray &bytes)
{
    if (m_state != State::Open)
        return false;
    m_sentTotal += bytes.size();
    if (!m_tls) {
        m_socket.write(bytes);
        return true;
    }
    m_tls->writePlain(bytes);
    writeTls();
    return true;
}

void CaSocket::close()
{
    m_timeout.stop();
    m_state = State::Closed;
    m_openReported = true;
    m_socket.abort();
}

} // namespace ModemBench::Sim
