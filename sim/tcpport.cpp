#include "tcpport.h"

#include <QTcpSocket>

#include <utility>

namespace ModemBench::Sim {

namespace {
constexpr qsizetype kMaxBacklog = 4096;  // the size of a Linux tty input buffer
constexpr qint64 kMaxUnsent = 1024 * 1024;

std::expected<QHostAddress, QString> parseHost(const QString &host)
{
    if (host == QLatin1String("localhost"))
        return QHostAddress(QHostAddress::LocalHost);
    if (host == QLatin1String("*"))
        return QHostAddress(QHostAddress::Any);
    QString bare = host;
    if (bare.startsWith(QLatin1Char('[')) && bare.endsWith(QLatin1Char(']')))
        bare = bare.mid(1, bare.size() - 2);
    QHostAddress address;
    if (!address.setAddress(bare))
        return std::unexpected(QStringLiteral("'%1' is not an IP address, 'localhost' or '*'").arg(host));
    return address;
}
} // namespace

std::expected<std::unique_ptr<TcpPort>, QString> TcpPort::listen(const QString &endpoint)
{
    const qsizetype colon = endpoint.lastIndexOf(QLatin1Char(':'));
    bool portOk = false;
    const uint port = colon > 0 ? endpoint.mid(colon + 1).toUInt(&portOk) : 0;
    if (colon <= 0 || !portOk || port > 65535)
        return std::unexpected(QStringLiteral("--tcp expects HOST:PORT, got '%1'").arg(endpoint));
    const auto host = parseHost(endpoint.left(colon));
    if (!host)
        return std::unexpected(QStringLiteral("--tcp: ") + host.error());
    std::unique_ptr<TcpPort> tcp(new TcpPort);
    if (!tcp->m_server.listen(*host, static_cast<quint16>(port)))
        return std::unexpected(QStringLiteral("cannot listen on %1: %2").arg(endpoint, tcp->m_server.errorString()));
    connect(&tcp->m_server, &QTcpServer::newConnection, tcp.get(), &TcpPort::onNewConnection);
    return tcp;
}

TcpPort::~TcpPort()
{
    // The client socket is a child of m_server; take it down while our members still exist, since a
    // dying socket emits disconnected() into onClientDisconnected().
    if (m_client) {
        m_client->disconnect(this);
        m_client->abort();
        delete m_client.data();
    }
    m_server.close();
}

QString TcpPort::endpoint() const
{
    const QHostAddress address = m_server.serverAddress();
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QLatin1Char('[') + address.toString() + QLatin1Char(']')
                             : address.toString();
    return host + QLatin1Char(':') + QString::number(m_server.serverPort());
}

void TcpPort::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        if (m_client) {
            // One host at a time, like a serial port.
            Q_EMIT noticed(QStringLiteral("refused a second TCP client from %1").arg(socket->peerAddress().toString()));
            socket->abort();
            socket->deleteLater();
            continue;
        }
        if (std::exchange(m_dropNextClient, false)) {
            // dropConnection() found nobody to hang up on: this host gets the closed port.
            Q_EMIT noticed(QStringLiteral("dropping the TCP client"));
            socket->abort();
            socket->deleteLater();
            continue;
        }
        m_client = socket;
        m_dropNoticed = false;
        // The AT round trip is benchmarked against us; Nagle would add tens of milliseconds.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(socket, &QTcpSocket::readyRead, this, &TcpPort::onClientReadable);
        connect(socket, &QTcpSocket::disconnected, this, &TcpPort::onClientDisconnected);
        Q_EMIT noticed(QStringLiteral("TCP client connected from %1").arg(socket->peerAddress().toString()));
        if (!m_backlog.isEmpty())
            socket->write(std::exchange(m_backlog, {}));
    }
}

void TcpPort::onClientReadable()
{
    if (!m_client)
        return;
    const QByteArray bytes = m_client->readAll();
    if (!bytes.isEmpty())
        Q_EMIT bytesReceived(bytes);
}

void TcpPort::onClientDisconnected()
{
    if (!m_client)
        return;
    Q_EMIT noticed(QStringLiteral("TCP client disconnected"));
    m_client->deleteLater();
    m_client = nullptr;
}

bool TcpPort::dropConnection()
{
    QTcpSocket *client = std::exchange(m_client, nullptr);
    m_dropNextClient = client == nullptr;
    if (client) {
        Q_EMIT noticed(QStringLiteral("dropping the TCP client"));
        client->disconnect(this);
        client->abort();
        client->deleteLater();
    }
    m_backlog.clear();
    return true;
}

void TcpPort::write(const QByteArray &bytes)
{
    if (m_client && m_client->state() == QAbstractSocket::ConnectedState) {
        if (m_client->bytesToWrite() + bytes.size() <= kMaxUnsent) {
            m_client->write(bytes);
            return;
        }
    } else if (m_backlog.size() + bytes.size() <= kMaxBacklog) {
        m_backlog.append(bytes);
        return;
    }
    if (!std::exchange(m_dropNoticed, true))
        Q_EMIT noticed(QStringLiteral("the host is not reading; dropping output"));
}

} // namespace ModemBench::Sim
