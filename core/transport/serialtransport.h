#pragma once

#include "core/transport/serialsettings.h"
#include "core/transport/transport.h"

#include <QSerialPort>

namespace ModemBench {

// A UART (or pty, or USB CDC/ACM port) through QSerialPort.
class SerialTransport final : public Transport
{
    Q_OBJECT
public:
    SerialTransport(const QString &portName, const SerialSettings &settings, QObject *parent = nullptr);
    ~SerialTransport() override;

    void open() override;
    void close() override;
    bool isOpen() const override;
    Result<void> write(const QByteArray &bytes) override;
    QString description() const override { return m_portName; }
    bool hasControlLines() const override { return m_controlLinesWork; }
    Result<void> setDataTerminalReady(bool on) override;
    Result<void> setRequestToSend(bool on) override;

private:
    void onReadyRead();
    void onErrorOccurred(QSerialPort::SerialPortError error);
    Result<void> applySettings();
    void applyControlLines();
    Error openError() const;
    Result<void> setControlLine(bool dtr, bool on);

    QString m_portName;
    SerialSettings m_settings;
    QSerialPort m_port;
    bool m_controlLinesWork = true;
    bool m_closing = false;
};

} // namespace ModemBench
