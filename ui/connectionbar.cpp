#include "ui/connectionbar.h"

#include "core/transport/transportfactory.h"

#include <QAction>
#include <QComboBox>
#include <QFont>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QStyle>
#include <QToolButton>

namespace ModemBench::Ui {

namespace {
const QString kRecentKey = QStringLiteral("connection/recentPorts");
constexpr qint32 kBaudRates[] = {9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600};
} // namespace

ConnectionBar::ConnectionBar(QWidget *parent)
    : QWidget(parent)
{
    m_port = new QComboBox(this);
    m_port->setObjectName(QStringLiteral("portCombo"));
    m_port->setEditable(true);
    m_port->setInsertPolicy(QComboBox::NoInsert);
    m_port->setMinimumContentsLength(36);
    // Wide enough for "/dev/ttyUSB2 — SIMCom modem (...) [1e0e:9001]", not the whole window.
    m_port->setMaximumWidth(m_port->fontMetrics().averageCharWidth() * 64);
    m_port->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_port->setToolTip(tr("Serial port, a simulated modem, or type tcp://HOST:PORT (Alt+P)"));
    m_port->lineEdit()->setPlaceholderText(tr("/dev/ttyUSB2, COM5, tcp://host:port, sim:sim7000g"));
    m_refreshAction = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Refresh &Port List"), this);
    m_refreshAction->setShortcut(QKeySequence(Qt::Key_F6));
    m_refreshAction->setToolTip(tr("Look for serial ports again (F6)"));
    m_refresh = new QToolButton(this);
    m_refresh->setDefaultAction(m_refreshAction);
    m_refresh->setAutoRaise(true);
    m_baud = new QComboBox(this);
    m_baud->setObjectName(QStringLiteral("baudCombo"));
    for (const qint32 baud : kBaudRates)
        m_baud->addItem(QString::number(baud), baud);
    m_baud->setCurrentIndex(m_baud->findData(115200));
    auto *portLabel = new QLabel(tr("&Port:"), this);
    portLabel->setBuddy(m_port);
    auto *baudLabel = new QLabel(tr("&Baud:"), this);
    baudLabel->setBuddy(m_baud);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(portLabel);
    layout->addWidget(m_port);
    layout->addWidget(m_refresh);
    layout->addSpacing(8);
    layout->addWidget(baudLabel);
    layout->addWidget(m_baud);

    m_recent = QSettings().value(kRecentKey).toStringList();
    connect(m_refreshAction, &QAction::triggered, this, &ConnectionBar::refreshPorts);
    connect(m_port, &QComboBox::currentTextChanged, this, &ConnectionBar::updateBaudEnabled);
    connect(m_port->lineEdit(), &QLineEdit::returnPressed, this, &ConnectionBar::connectRequested);
    refreshPorts();
}

void ConnectionBar::refreshPorts()
{
    const QString keep = portName();
    m_ports = availablePorts();
    m_port->clear();
    QFont bold = m_port->font();
    bold.setBold(true);
    for (const PortInfo &port : std::as_const(m_ports)) {
        m_port->addItem(port.label(), port.name);
        const int index = m_port->count() - 1;
        QStringList details{port.name};
        if (!port.manufacturer.isEmpty())
            details << port.manufacturer;
        if (!port.serialNumber.isEmpty())
            details << tr("serial number %1").arg(port.serialNumber);
        m_port->setItemData(index, details.join(QStringLiteral(", ")), Qt::ToolTipRole);
        // The ports a SIMCom modem enumerates as are the ones users look for.
        if (port.simcom)
            m_port->setItemData(index, bold, Qt::FontRole);
    }
    for (const QString &name : std::as_const(m_recent)) {
        if (indexOfPort(name) < 0)
            m_port->addItem(name, name);
    }
    if (!keep.isEmpty())
        selectPort(keep);
    updateBaudEnabled();
}

int ConnectionBar::indexOfPort(const QString &name) const
{
    return m_port->findData(name);
}

QString ConnectionBar::portName() const
{
    const QString typed = m_port->currentText().trimmed();
    // The field shows an entry's label; a typed name is used as it is.
    const int index = m_port->findText(typed, Qt::MatchExactly);
    if (index >= 0)
        return m_port->itemData(index).toString();
    return typed;
}

void ConnectionBar::selectPort(const QString &name)
{
    const int index = indexOfPort(name);
    if (index >= 0)
        m_port->setCurrentIndex(index);
    else
        m_port->setEditText(name);
}

QString ConnectionBar::defaultPort() const
{
    for (const PortInfo &port : m_ports) {
        if (port.simcom)
            return port.name;
    }
    for (const PortInfo &port : m_ports) {
        if (port.simulated)
            return port.name;
    }
    return m_ports.isEmpty() ? QString() : m_ports.constFirst().name;
}

void ConnectionBar::rememberPort(const QString &name)
{
    for (const PortInfo &port : std::as_const(m_ports)) {
        if (port.name == name)
            return;
    }
    m_recent.removeAll(name);
    m_recent.prepend(name);
    while (m_recent.size() > kMaxRecentPorts)
        m_recent.removeLast();
    QSettings().setValue(kRecentKey, m_recent);
    if (indexOfPort(name) < 0)
        m_port->addItem(name, name);
}

SerialSettings ConnectionBar::serialSettings() const
{
    SerialSettings settings;
    settings.baudRate = baudRate();
    return settings;
}

qint32 ConnectionBar::baudRate() const
{
    return m_baud->currentData().toInt();
}

void ConnectionBar::setBaudRate(qint32 baud)
{
    const int index = m_baud->findData(baud);
    if (index >= 0)
        m_baud->setCurrentIndex(index);
}

void ConnectionBar::setConnected(bool connected)
{
    m_connected = connected;
    m_port->setEnabled(!connected);
    m_refreshAction->setEnabled(!connected);
    updateBaudEnabled();
}

void ConnectionBar::updateBaudEnabled()
{
    // A simulator or a TCP bridge has no UART to configure.
    const auto parsed = parsePortName(portName());
    const bool serial = !parsed || parsed->kind == PortName::Kind::Serial;
    m_baud->setEnabled(serial && !m_connected);
    m_baud->setToolTip(serial ? tr("Baud rate; SIMCom modems ship at 115200 (Alt+B)")
                              : tr("Not used for simulated or TCP ports"));
}

} // namespace ModemBench::Ui
