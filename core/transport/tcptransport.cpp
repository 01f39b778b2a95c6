#include "core/transport/tcptransport.h"

namespace ModemBench {

TcpTransport::TcpTransport(const QString &host, quint16 port, QObject *parent)
    : Transport(parent)
    , m_host(host)
    , m_port(port)
{
    connect(&m_socket, &QTcpSocket::connected, this, [this] {
        m_connected = true;
        // Modem traffic is many tiny writes; Nagle would add latency to every command.
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        Q_EMIT opened();
    });
    connect(&m_socket, &QTcpSocket::readyRead, this, [this] {
        const QByteArray bytes = m_socket.readAll();
        if (!bytes.isEmpty())
            Q_EMIT dataReceived(bytes);
    });
    connect(&m_socket, &QTcpSocket::bytesWritten, this, &TcpTransport::bytesWritten);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, &TcpTransport::onErrorOccurred);
    connect(&m_socket, &QTcpSocket::disconnected, this, &TcpTransport::onDisconnected);
}

QString TcpTransport::description() const
{
    return QStringLiteral("tcp://%1:%2").arg(m_host).arg(m_port);
}

void TcpTransport::open()
{
    m_closing = false;
    m_connected = false;
    m_socket.connectToHost(m_host, m_port);
}

void TcpTransport::close()
{
    m_closing = true;
    m_socket.abort();
    m_connected = false;
}

bool TcpTransport::isOpen() const
{
    return m_connected && m_socket.state() == QAbstractSocket::ConnectedState;
}

Result<void> TcpTransport::write(const QByteArray &bytes)
{
    if (!isOpen())
        return fail(ErrorCode::PortClosed, QStringLiteral("%1 is not connected").arg(description()));
    if (m_socket.write(bytes) != bytes.size())
        return fail(ErrorCode::Transport,
                    QStringLiteral("Writing to %1 failed: %2").arg(description(), m_socket.errorString()));
    return {};
}

void TcpTransport::onErrorOccurred(QAbstractSocket::SocketError error)
{
    if (m_closing)
        return;
    if (!m_connected) {
        const ErrorCode code = error == QAbstractSocket::ConnectionRefusedError ? ErrorCode::PortNotFound
                                                                               : ErrorCode::Transport;
        Q_EMIT openFailed(Error{code,
                                QStringLiteral("Cannot connect to %1: %2. Check that the serial-over-network "
                                               "server is running and the host and port are right.")
                                    .arg(description(), m_socket.errorString()), {}, -1});
        return;
    }
    if (error == QAbstractSocket::RemoteHostClosedError)
        return; // disconnected() reports it
}

void TcpTransport::onDisconnected()
{
    if (m_closing || !m_connected)
        return;
    m_connected = false;
    Q_EMIT closed(Error{ErrorCode::PortClosed,
                        QStringLiteral("%1 closed the connection. Reconnect when the server is back.")
                            .arg(description()), {}, -1});
}

} // namespace ModemBench
