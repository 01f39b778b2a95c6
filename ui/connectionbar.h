#pragma once

#include "core/transport/portlist.h"
#include "core/transport/serialsettings.h"

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QToolButton;

namespace ModemBench::Ui {

// Port picker and serial settings. The port combo lists availablePorts() (SIMCom ports first, then
// the simulated modems) and is editable, so "tcp://host:port" or a device path can be typed.
class ConnectionBar : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kMaxRecentPorts = 8;

    explicit ConnectionBar(QWidget *parent = nullptr);

    // The port name to open: the chosen entry's name, or the typed text.
    QString portName() const;
    SerialSettings serialSettings() const;
    qint32 baudRate() const;
    void setBaudRate(qint32 baud);
    // Selects a listed port by name, or puts the name in the edit field.
    void selectPort(const QString &name);
    // The first SIMCom port, else the first simulated one: what a new user should try.
    QString defaultPort() const;
    // Remembers a typed port (tcp://..., a path not listed) so it is offered next time.
    void rememberPort(const QString &name);
    void setConnected(bool connected);

    QComboBox *portCombo() const { return m_port; }
    QComboBox *baudCombo() const { return m_baud; }
    QAction *refreshAction() const { return m_refreshAction; }

public Q_SLOTS:
    void refreshPorts();

Q_SIGNALS:
    // Enter in the port field.
    void connectRequested();

private:
    void updateBaudEnabled();
    int indexOfPort(const QString &name) const;

    QComboBox *m_port = nullptr;
    QComboBox *m_baud = nullptr;
    QToolButton *m_refresh = nullptr;
    QAction *m_refreshAction = nullptr;
    QList<PortInfo> m_ports;
    QStringList m_recent;
    bool m_connected = false;
};

} // namespace ModemBench::Ui
