#pragma once

#include "core/at/atchannel.h"
#include "core/at/trafficlogfile.h"
#include "core/transport/serialsettings.h"
#include "core/transport/transport.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace ModemBench {

class CommandCatalog;
class StatusQuery;

// One connection to one modem: the transport the port name selects, its AT channel, and the
// start-up handshake. Front ends (GUI, CLI) own a session and talk only to it and its channel.
class ModemSession : public QObject
{
    Q_OBJECT
public:
    enum class State { Closed, Opening, Starting, Ready, Reconnecting };
    Q_ENUM(State)

    struct Options {
        AtChannel::Options channel;
        int startupAttempts = 10;       // "doesn't always get an OK after power-up" (users.md)
        int startupProbeTimeoutMs = 1000;
        bool autoReconnect = false;     // reopen with backoff after the port goes away (test-plan F2)
        int reconnectMaxDelayMs = 30000;
    };

    // catalog and clock must outlive the session; clock may be null for wall time.
    ModemSession(const CommandCatalog *catalog, Clock *clock = nullptr, QObject *parent = nullptr);
    ModemSession(const CommandCatalog *catalog, Clock *clock, Options options, QObject *parent = nullptr);
    ~ModemSession() override;

    // Opens the port and waits for the modem to answer AT. Reports ready() or openFailed().
    void open(const QString &portName, const SerialSettings &settings = {});
    // Opens over a transport made elsewhere (tests, replay). Takes ownership.
    void openTransport(std::unique_ptr<Transport> transport, const QString &portName);
    void close();

    State state() const { return m_state; }
    QString portName() const { return m_portName; }
    AtChannel *channel() const { return m_channel.get(); }
    Transport *transport() const { return m_transport.get(); }
    const CommandCatalog *catalog() const { return m_catalog; }

    // Mirrors all traffic to a file as it happens (secrets already redacted).
    Result<void> startTrafficLog(const QString &path);
    void stopTrafficLog();
    // One status read shared by every view (identity panel, dashboard): a request while one runs
    // joins it instead of reading everything twice. Null when the session is not ready.
    StatusQuery *refreshStatus(Priority priority = Priority::Background);
    StatusQuery *runningStatusQuery() const;

    // Empty when no traffic log is being written.
    QString trafficLogPath() const { return m_trafficLog.isOpen() ? m_trafficLog.path() : QString(); }

Q_SIGNALS:
    void stateChanged(ModemBench::ModemSession::State state);
    // A new channel exists for each open; views bind to it here (the old one is gone).
    void channelChanged(ModemBench::AtChannel *channel);
    void ready();
    void openFailed(const ModemBench::Error &error);
    void closed(const ModemBench::Error &reason);
    void noticed(const QString &message);
    void traffic(const ModemBench::TrafficRecord &record);
    void urcReceived(const QByteArray &line);
    void modemRestarted();
    // A status read began (refreshStatus()); views connect to its progress and result.
    void statusQueryStarted(ModemBench::StatusQuery *query);

private:
    void setState(State state);
    void onTransportOpened();
    void onTransportClosed(const Error &reason);
    void probeStartup(int attempt);
    void scheduleReconnect();
    void teardown(bool immediately = false);
    void onNoticed(const QString &message);

    const CommandCatalog *m_catalog;
    Clock *m_clock;
    Options m_options;
    State m_state = State::Closed;
    QString m_portName;
    SerialSettings m_settings;
    std::unique_ptr<Transport> m_transport;
    std::unique_ptr<AtChannel> m_channel;
    std::unique_ptr<ClockTimer> m_reconnectTimer;
    QPointer<StatusQuery> m_statusQuery;
    TrafficLogFile m_trafficLog;
    int m_reconnectAttempt = 0;
    quint64 m_generation = 0;
};

} // namespace ModemBench
