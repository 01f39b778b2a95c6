#pragma once

#include "simport.h"

#include <QHostAddress>
#include <QPointer>
#include <QString>
#include <QTcpServer>

#include <expected>
#include <memory>

class QTcpSocket;

namespace ModemBench::Sim {

// The modem's serial port as a TCP server (like ser2net): one host at a time; a second connection
// is closed at once. Bytes the modem sends while nobody is connected wait, up to one tty buffer's
// worth, for the next host, which is what a pty does too.
class TcpPort final : public SimPort
{
    Q_OBJECT
public:
    // endpoint: "HOST:PORT" with HOST an IP address, "localhost" or "*" (any); PORT 0 = ephemeral.
    static std::expected<std::unique_ptr<TcpPort>, QString> listen(const QString &endpoint);
    ~TcpPort() override;

    // "127.0.0.1:40123", with the port actually bound.
    QString endpoint() const;
    void write(const QByteArray &bytes) override;
    // Drops the client; with none connected, the next one to connect is dropped at once.
    bool dropConnection() override;

private:
    TcpPort() = default;

    void onNewConnection();
    void onClientReadable();
    void onClientDisconnected();

    QTcpServer m_server;
    QPointer<QTcpSocket> m_client;
    QByteArray m_backlog;
    bool m_dropNoticed = false;
    bool m_dropNextClient = false;  // dropConnection() while nobody was connected
};

} // namespace ModemBench::Sim
