#pragma once

#include "core/transport/transport.h"

#include <QTcpSocket>

namespace ModemBench {

// A raw TCP byte stream, as offered by serial-over-network servers (ser2net, socat, modemsim --tcp).
class TcpTransport final : public Transport
{
    Q_OBJECT
public:
    TcpTransport(const QString &host, quint16 port, QObject *parent = nullptr);

    void open() override;
    void close() override;
    bool isOpen() const override;
    Result<void> write(const QByteArray &bytes) override;
    QString description() const override;

private:
    void onErrorOccurred(QAbstractSocket::SocketError error);
    void onDisconnected();

    QString m_host;
    quint16 m_port;
    QTcpSocket m_socket;
    bool m_connected = false;
    bool m_closing = false;
};

} // namespace ModemBench
