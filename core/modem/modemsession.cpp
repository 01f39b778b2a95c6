#include "core/modem/modemsession.h"

#include "core/modem/statusquery.h"
#include "core/transport/transportfactory.h"

#include <QDateTime>
#include <QPointer>

namespace ModemBench {

ModemSession::ModemSession(const CommandCatalog *catalog, Clock *clock, QObject *parent)
    : ModemSession(catalog, clock, Options{}, parent)
{
}

ModemSession::ModemSession(const CommandCatalog *catalog, Clock *clock, Options options, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_clock(clock ? clock : SystemClock::instanceForThread())
    , m_options(options)
    , m_reconnectTimer(m_clock->createTimer())
{
    connect(this, &ModemSession::traffic, &m_trafficLog, &TrafficLogFile::append);
}

ModemSession::~ModemSession()
{
    m_reconnectTimer->stop();
    teardown(true);
}

void ModemSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void ModemSession::open(const QString &portName, const SerialSettings &settings)
{
    m_settings = settings;
    auto transport = createTransport(portName, settings);
    if (!transport) {
        m_portName = portName;
        const Error error = transport.error();
        QMetaObject::invokeMethod(this, [this, error] { Q_EMIT openFailed(error); }, Qt::QueuedConnection);
        return;
    }
    m_reconnectAttempt = 0;
    openTransport(std::move(*transport), portName);
}

void ModemSession::openTransport(std::unique_ptr<Transport> transport, const QString &portName)
{
    teardown();
    ++m_generation;
    m_portName = portName;
    m_transport = std::move(transport);
    m_channel = std::make_unique<AtChannel>(m_transport.get(), m_clock, m_catalog, m_options.channel);
    connect(m_transport.get(), &Transport::opened, this, &ModemSession::onTransportOpened);
    connect(m_transport.get(), &Transport::openFailed, this, [this](const Error &error) {
        if (m_state == State::Reconnecting) {
            scheduleReconnect();
            return;
        }
        setState(State::Closed);
        Q_EMIT openFailed(error);
    });
    connect(m_transport.get(), &Transport::noticed, this, &ModemSession::onNoticed);
    connect(m_channel.get(), &AtChannel::closed, this, &ModemSession::onTransportClosed);
    connect(m_channel.get(), &AtChannel::traffic, this, &ModemSession::traffic);
    connect(m_channel.get(), &AtChannel::urcReceived, this, &ModemSession::urcReceived);
    connect(m_channel.get(), &AtChannel::modemRestarted, this, &ModemSession::modemRestarted);
    Q_EMIT channelChanged(m_channel.get());
    if (m_state != State::Reconnecting)
        setState(State::Opening);
    m_transport->open();
}

void ModemSession::onTransportOpened()
{
    setState(State::Starting);
    probeStartup(1);
}

// AT until OK: the modem may still be booting, auto-bauding (SIM800) or asleep (protocol §2.1).
void ModemSession::probeStartup(int attempt)
{
    AtRequest probe = AtRequest::make("AT", Priority::Normal);
    probe.timeoutMs = m_options.startupProbeTimeoutMs;
    const quint64 generation = m_generation;
    m_channel->send(probe, this, [this, attempt, generation](const Result<AtResponse> &response) {
        if (generation != m_generation || m_state != State::Starting)
            return;
        if (response) {
            m_reconnectAttempt = 0;
            setState(State::Ready);
            Q_EMIT ready();
            return;
        }
        const Error &error = response.error();
        const bool retry = error.code == ErrorCode::Timeout || error.code == ErrorCode::ModemReset
            || error.code == ErrorCode::Desync;
        if (retry && attempt < m_options.startupAttempts) {
            probeStartup(attempt + 1);
            return;
        }
        const Error failure{error.code == ErrorCode::Timeout ? ErrorCode::Timeout : error.code,
                            QStringLiteral("%1 opened, but the modem did not answer AT after %2 tries (%3). Check "
                                           "that it is powered on, the baud rate (try 115200) and the cable.")
                                .arg(m_portName).arg(attempt).arg(error.message),
                            error.raw, error.number};
        teardown();
        setState(State::Closed);
        Q_EMIT openFailed(failure);
    });
}

void ModemSession::onTransportClosed(const Error &reason)
{
    const bool wasStarting = m_state == State::Starting;
    Q_EMIT closed(reason);
    if (m_options.autoReconnect && !wasStarting) {
        setState(State::Reconnecting);
        scheduleReconnect();
        return;
    }
    setState(State::Closed);
}

void ModemSession::scheduleReconnect()
{
    const int delay = qMin(m_options.reconnectMaxDelayMs, 1000 << qMin(m_reconnectAttempt, 5));
    ++m_reconnectAttempt;
    onNoticed(tr("Reconnecting to %1 in %2 s").arg(m_portName).arg(delay / 1000.0));
    m_reconnectTimer->start(delay, [this] {
        auto transport = createTransport(m_portName, m_settings);
        if (!transport) {
            setState(State::Closed);
            Q_EMIT openFailed(transport.error());
            return;
        }
        openTransport(std::move(*transport), m_portName);
    });
}

void ModemSession::close()
{
    m_reconnectTimer->stop();
    teardown();
    setState(State::Closed);
}

// close() may be called from inside a channel callback (a CLI finishing on a reply): the channel
// and transport are then still on the stack, so they are deleted from the event loop, not here.
void ModemSession::teardown(bool immediately)
{
    ++m_generation;
    if (m_statusQuery)
        m_statusQuery->cancel(); // while its channel still exists
    std::unique_ptr<AtChannel> channel = std::move(m_channel);
    std::unique_ptr<Transport> transport = std::move(m_transport);
    if (channel) {
        channel->disconnect(this);
        channel->shutdown({ErrorCode::Cancelled, QStringLiteral("The session was closed"), {}, -1});
    }
    if (transport) {
        transport->disconnect(this);
        transport->close();
    }
    if (immediately)
        return; // the unique_ptrs delete them now
    if (channel)
        channel.release()->deleteLater();
    if (transport)
        transport.release()->deleteLater();
}

StatusQuery *ModemSession::refreshStatus(Priority priority)
{
    if (m_state != State::Ready || !m_channel)
        return nullptr;
    if (StatusQuery *running = runningStatusQuery())
        return running;
    m_statusQuery = new StatusQuery(m_channel.get(), m_portName, this, m_clock);
    connect(m_statusQuery, &StatusQuery::finished, m_statusQuery, &QObject::deleteLater);
    Q_EMIT statusQueryStarted(m_statusQuery);
    m_statusQuery->start(priority);
    return m_statusQuery;
}

StatusQuery *ModemSession::runningStatusQuery() const
{
    return m_statusQuery && m_statusQuery->isRunning() ? m_statusQuery.data() : nullptr;
}

// Notices ("no DTR/RTS on this port") belong in the saved traffic too: they explain what follows.
void ModemSession::onNoticed(const QString &message)
{
    TrafficRecord record;
    record.wallTimeMs = QDateTime::currentMSecsSinceEpoch();
    record.kind = TrafficKind::Notice;
    record.text = message.toUtf8();
    record.bytes = record.text;
    Q_EMIT traffic(record);
    Q_EMIT noticed(message);
}

Result<void> ModemSession::startTrafficLog(const QString &path)
{
    return m_trafficLog.open(path);
}

void ModemSession::stopTrafficLog()
{
    m_trafficLog.close();
}

} // namespace ModemBench
