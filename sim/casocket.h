#pragma once

#include "tlsclient.h"

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QTcpSocket>
#include <QTimer>

#include <memory>
#include <optional>

namespace ModemBench::Sim {

// One real TCP connection of the CA* stack (protocol.md §8), optionally with TLS, driven by the Qt
// event loop. Received bytes wait in a bounded buffer until AT+CARECV takes them.
class CaSocket final : public QObject
{
    Q_OBJECT
public:
    enum class State { Connecting, Handshaking, Open, Closed };
    // Beyond this the socket is not read any more: TCP flow control holds the peer back.
    static constexpr qsizetype kReceiveBuffer = 64 * 1024;

    explicit CaSocket(QObject *parent = nullptr);
    ~CaSocket() override;

    // Connects to `address`:`port` (a name is resolved); with `tls`, handshakes after connecting.
    // Emits opened() once with the AT+CAOPEN result (§8.2).
    void open(const QString &address, quint16 port, std::optional<TlsSettings> tls, int timeoutMs);
    State state() const { return m_state; }
    qsizetype available() const { return m_received.size(); }
    // Takes up to `maximum` received bytes.
    QByteArray read(qsizetype maximum);
    // Queues bytes for the peer; false when the connection is not open.
    bool send(const QByteArray &bytes);
    qint64 sentTotal() const { return m_sentTotal; }
    qint64 unacknowledged() const { return m_socket.bytesToWrite(); }
    void close();

Q_SIGNALS:
    void opened(int result);
    // The receive buffer was empty and now holds data (one +CADATAIND per burst, §8.4).
    void dataArrived();
    void peerClosed();

private:
    void onConnected();
    void onReadyRead();
    void onError(QAbstractSocket::SocketError error);
    void onDisconnected();
    void advanceHandshake();
    void pump();
    void writeTls();
    void finishOpen(int result);

    QTcpSocket m_socket;
    QTimer m_timeout;
    std::unique_ptr<TlsClient> m_tls;
    State m_state = State::Closed;
    QByteArray m_received;
    qint64 m_sentTotal = 0;
    bool m_openReported = false;
};

} // namespace ModemBench::Sim
