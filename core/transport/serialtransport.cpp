#include "core/transport/serialtransport.h"

#include "core/transport/portholders.h"

#include <QFileInfo>
#include <QLoggingCategory>
#include <QTimer>

namespace ModemBench {

Q_LOGGING_CATEGORY(lcTransport, "modembench.transport")

namespace {

QSerialPort::Parity toQt(SerialSettings::Parity parity)
{
    switch (parity) {
    case SerialSettings::Parity::None: return QSerialPort::NoParity;
    case SerialSettings::Parity::Even: return QSerialPort::EvenParity;
    case SerialSettings::Parity::Odd: return QSerialPort::OddParity;
    case SerialSettings::Parity::Mark: return QSerialPort::MarkParity;
    case SerialSettings::Parity::Space: return QSerialPort::SpaceParity;
    }
    return QSerialPort::NoParity;
}

QSerialPort::FlowControl toQt(SerialSettings::FlowControl flow)
{
    switch (flow) {
    case SerialSettings::FlowControl::None: return QSerialPort::NoFlowControl;
    case SerialSettings::FlowControl::Hardware: return QSerialPort::HardwareControl;
    case SerialSettings::FlowControl::Software: return QSerialPort::SoftwareControl;
    }
    return QSerialPort::NoFlowControl;
}

} // namespace

SerialTransport::SerialTransport(const QString &portName, const SerialSettings &settings, QObject *parent)
    : Transport(parent)
    , m_portName(portName)
    , m_settings(settings)
{
    m_port.setPortName(portName);
    connect(&m_port, &QSerialPort::readyRead, this, &SerialTransport::onReadyRead);
    connect(&m_port, &QSerialPort::errorOccurred, this, &SerialTransport::onErrorOccurred);
    connect(&m_port, &QSerialPort::bytesWritten, this, &SerialTransport::bytesWritten);
}

SerialTransport::~SerialTransport()
{
    m_closing = true;
    m_port.close();
}

void SerialTransport::open()
{
    m_closing = false;
    if (!m_port.open(QIODevice::ReadWrite)) {
        const Error error = openError();
        QTimer::singleShot(0, this, [this, error] { Q_EMIT openFailed(error); });
        return;
    }
    if (auto applied = applySettings(); !applied) {
        m_port.close();
        QTimer::singleShot(0, this, [this, error = applied.error()] { Q_EMIT openFailed(error); });
        return;
    }
    applyControlLines();
    QTimer::singleShot(0, this, [this] {
        if (m_port.isOpen())
            Q_EMIT opened();
    });
}

Result<void> SerialTransport::applySettings()
{
    const bool ok = m_port.setBaudRate(m_settings.baudRate)
        && m_port.setDataBits(QSerialPort::DataBits(m_settings.dataBits))
        && m_port.setParity(toQt(m_settings.parity))
        && m_port.setStopBits(m_settings.stopBits == 2 ? QSerialPort::TwoStop : QSerialPort::OneStop)
        && m_port.setFlowControl(toQt(m_settings.flowControl));
    if (ok)
        return {};
    return fail(ErrorCode::Transport,
                QStringLiteral("%1 refused the line settings (%2 baud, %3 data bits): %4. Check the baud rate "
                               "and framing the modem expects (SIMCom default 115200 8N1).")
                    .arg(m_portName)
                    .arg(m_settings.baudRate)
                    .arg(m_settings.dataBits)
                    .arg(m_port.errorString()));
}

// A pty answers DTR/RTS ioctls with "Inappropriate ioctl for device" (environment.md): that means
// "no control lines", noted once, never a failed session.
void SerialTransport::applyControlLines()
{
    if (m_settings.dataTerminalReady)
        (void)setControlLine(true, *m_settings.dataTerminalReady);
    if (m_settings.requestToSend && m_controlLinesWork)
        (void)setControlLine(false, *m_settings.requestToSend);
}

Result<void> SerialTransport::setControlLine(bool dtr, bool on)
{
    if (!m_controlLinesWork)
        return unsupportedControlLines();
    const bool ok = dtr ? m_port.setDataTerminalReady(on) : m_port.setRequestToSend(on);
    if (ok)
        return {};
    m_controlLinesWork = false;
    m_port.clearError();
    Q_EMIT noticed(QStringLiteral("%1 does not support DTR/RTS (a pseudo-terminal or a bridge without "
                                  "modem-control lines); continuing without them.")
                       .arg(m_portName));
    return unsupportedControlLines();
}

Result<void> SerialTransport::setDataTerminalReady(bool on)
{
    return setControlLine(true, on);
}

Result<void> SerialTransport::setRequestToSend(bool on)
{
    return setControlLine(false, on);
}

Error SerialTransport::openError() const
{
    const QString reason = m_port.errorString();
    switch (m_port.error()) {
    case QSerialPort::DeviceNotFoundError:
        return {ErrorCode::PortNotFound,
                QStringLiteral("%1 does not exist. Check the cable and pick the port again (refresh the list).")
                    .arg(m_portName), {}, -1};
    case QSerialPort::PermissionError: {
        const QStringList holders = findPortHolders(QFileInfo(m_portName).isAbsolute()
                                                        ? m_portName
                                                        : QStringLiteral("/dev/") + m_portName);
        if (!holders.isEmpty())
            return {ErrorCode::PortBusy,
                    QStringLiteral("Port busy: %1 is held by %2. Close that program (for ModemManager: "
                                   "'sudo systemctl stop ModemManager' or install ModemBench's udev rule) "
                                   "and try again.").arg(m_portName, holders.join(QStringLiteral(", "))),
                    {}, -1};
        return {ErrorCode::PermissionDenied,
                QStringLiteral("Cannot open %1: %2. The port may be in use by another program, or you lack "
                               "permission: on Debian join the 'dialout' group and log in again.")
                    .arg(m_portName, reason), {}, -1};
    }
    default:
        return {ErrorCode::Transport, QStringLiteral("Cannot open %1: %2").arg(m_portName, reason), {}, -1};
    }
}

void SerialTransport::close()
{
    m_closing = true;
    m_port.close();
}

bool SerialTransport::isOpen() const
{
    return m_port.isOpen();
}

Result<void> SerialTransport::write(const QByteArray &bytes)
{
    if (!m_port.isOpen())
        return fail(ErrorCode::PortClosed, QStringLiteral("%1 is not open").arg(m_portName));
    if (m_port.write(bytes) != bytes.size())
        return fail(ErrorCode::Transport,
                    QStringLiteral("Writing to %1 failed: %2").arg(m_portName, m_port.errorString()));
    return {};
}

void SerialTransport::onReadyRead()
{
    const QByteArray bytes = m_port.readAll();
    if (!bytes.isEmpty())
        Q_EMIT dataReceived(bytes);
}

void SerialTransport::onErrorOccurred(QSerialPort::SerialPortError error)
{
    if (error == QSerialPort::NoError || error == QSerialPort::UnsupportedOperationError
        || error == QSerialPort::TimeoutError || m_closing || !m_port.isOpen())
        return;
    // ResourceError is what an unplugged USB adapter or a closed pty master produces.
    // errorString() can still hold an older, unrelated message (a refused DTR ioctl), so say it plainly.
    const QString reason = error == QSerialPort::ResourceError
        ? QStringLiteral("the device was removed or its other end closed")
        : m_port.errorString();
    qCInfo(lcTransport) << m_portName << "closed:" << reason;
    m_closing = true;
    m_port.close();
    Q_EMIT closed(Error{ErrorCode::PortClosed,
                        QStringLiteral("%1 went away (%2). Check the cable or power; reconnect when the port "
                                       "is back.").arg(m_portName, reason), {}, -1});
}

} // namespace ModemBench
