#pragma once

#include <QByteArray>
#include <QObject>

namespace ModemBench::Sim {

// The wire the simulated modem sits on: a pseudo-terminal or a TCP socket.
class SimPort : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // Queues bytes for the host. Never blocks; a host that stops reading loses bytes beyond a bounded
    // backlog, as it would on a UART without flow control.
    virtual void write(const QByteArray &bytes) = 0;
    // Hangs up on the host if the port can (TCP drops its client); false if it cannot (a pty lives
    // as long as the process), in which case the caller ends the process.
    virtual bool dropConnection() { return false; }

Q_SIGNALS:
    void bytesReceived(const QByteArray &bytes);
    void noticed(const QString &message);
};

} // namespace ModemBench::Sim
