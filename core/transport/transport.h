#pragma once

#include "core/error.h"

#include <QObject>

namespace ModemBench {

// A byte pipe to a modem. Implementations: SerialTransport (QSerialPort), TcpTransport,
// SimTransport (a private modemsim on a pty), LoopbackTransport (tests). The port name chooses
// one (see createTransport), as in sigrok.
//
// Lifecycle: open() reports opened() or openFailed(error) from the event loop, never from inside
// open(). After opened(), dataReceived() delivers bytes in arbitrary chunks; closed(error) reports
// an unexpected end (unplugged, peer gone). close() ends the session without closed().
class Transport : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    ~Transport() override = default;

    virtual void open() = 0;
    virtual void close() = 0;
    virtual bool isOpen() const = 0;
    // Queues bytes for sending. Fails when the transport is not open.
    virtual Result<void> write(const QByteArray &bytes) = 0;
    // What the user would call this port ("/dev/ttyUSB2", "tcp://host:port", "sim:sim7000g").
    virtual QString description() const = 0;

    // Control lines exist on real UARTs only; a pty or TCP link has none (environment.md).
    virtual bool hasControlLines() const { return false; }
    virtual Result<void> setDataTerminalReady(bool) { return unsupportedControlLines(); }
    virtual Result<void> setRequestToSend(bool) { return unsupportedControlLines(); }

Q_SIGNALS:
    void opened();
    void openFailed(const ModemBench::Error &error);
    void dataReceived(const QByteArray &bytes);
    void bytesWritten(qint64 count);
    void closed(const ModemBench::Error &reason);
    // Something the user should know that is not an error ("DTR/RTS not supported on this port").
    void noticed(const QString &message);

protected:
    Result<void> unsupportedControlLines() const
    {
        return fail(ErrorCode::Unsupported,
                    QStringLiteral("%1 has no DTR/RTS control lines; use the modem's PWRKEY or power it "
                                   "by hand").arg(description()));
    }
};

} // namespace ModemBench
