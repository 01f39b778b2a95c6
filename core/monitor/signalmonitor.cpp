#include "core/monitor/signalmonitor.h"

#include "core/flows/networkflows.h"
#include "core/modem/capabilityprobe.h"
#include "core/monitor/monitorrecorder.h"
#include "core/parsers/pdp.h"
#include "core/parsers/registration.h"
#include "core/parsers/signal.h"

#include <QDateTime>
#include <QPointer>

#include <map>

namespace ModemBench {

namespace {

// Every command the monitor sends yields to console and flow commands (style.md "The AT channel").
QList<FlowStep> inBackground(QList<FlowStep> steps)
{
    for (FlowStep &step : steps) {
        if (!step.request)
            continue;
        step.request = [inner = step.request] {
            AtRequest request = inner();
            request.priority = Priority::Background;
            return request;
        };
    }
    return steps;
}

QString domainName(RegistrationDomain domain)
{
    switch (domain) {
    case RegistrationDomain::Eps:
        return QStringLiteral("LTE (CEREG)");
    case RegistrationDomain::Ps:
        return QStringLiteral("packet (CGREG)");
    case RegistrationDomain::Cs:
        return QStringLiteral("circuit (CREG)");
    }
    return QString();
}

// Errors the other handlers already report as events (reboot, port closed) or that mean we asked
// for it (stop): a PollFailed event on top would only repeat them.
bool reportedElsewhere(const Error &error)
{
    return error.code == ErrorCode::ModemReset || error.code == ErrorCode::PortClosed
        || error.code == ErrorCode::Cancelled;
}

} // namespace

struct SignalMonitor::Private {
    // One poll round: AT+CSQ, then AT+CPSI? (not on SIM800, protocol §11), then the profile's
    // first registration read (§5.2), each only after the previous one ended.
    enum class PollStep { Csq, Cpsi, Registration, Done };

    SignalMonitor *q;
    AtChannel *channel;
    Clock *clock;
    Options options;
    std::optional<ModelProfile> profile;
    BoundedSeries<SignalSample> signal;
    BoundedSeries<PingSample> pings;
    BoundedSeries<MonitorEvent> events;
    MonitorRecorder recorder;
    std::unique_ptr<ClockTimer> pollTimer;
    std::unique_ptr<ClockTimer> pingTimer;
    bool running = false;
    quint64 generation = 0;      // bumped by start/stop: callbacks of an older run are ignored
    bool pingActive = false;     // a ping round is running or scheduled (one loop at most)
    qint64 pollStartMs = 0;
    qint64 pingStartMs = 0;
    SignalSample sample;         // the round being read
    std::map<RegistrationDomain, int> registration;
    QPointer<FlowRunner> probeRunner;
    QPointer<FlowRunner> pingRunner;
    QPointer<FlowRunner> restoreRunner;
    std::unique_ptr<ClockTimer> restoreTimer;
    std::map<QString, QString> lastFailure; // per command: repeated identical failures are one event
    bool pdpidChosen = false;    // SIM7080 AT+SNPDPID=0 done since the last reboot (§6.8)
    qint64 wallOrigin = QDateTime::currentMSecsSinceEpoch();
    qint64 clockOrigin;

    Private(SignalMonitor *owner, AtChannel *c, Clock *k, Options o, std::optional<ModelProfile> p)
        : q(owner)
        , channel(c)
        , clock(k)
        , options(std::move(o))
        , profile(std::move(p))
        , signal(options.capacity)
        , pings(options.capacity)
        , events(options.capacity)
        , pollTimer(k->createTimer())
        , pingTimer(k->createTimer())
        , restoreTimer(k->createTimer())
        , clockOrigin(k->nowMs())
    {
    }

    // Wall time that moves with the injected clock, so tests with a ManualClock get exact spacing.
    qint64 wallNow() const { return wallOrigin + clock->nowMs() - clockOrigin; }

    void addEvent(MonitorEventKind kind, const QString &text);
    void noteFailure(const QString &what, const QString &message);
    void noteSuccess(const QString &what) { lastFailure.erase(what); }
    void runProbe();
    void beginRounds();
    void schedule(ClockTimer *timer, qint64 startedMs, int intervalMs, void (Private::*round)());
    void pollRound();
    void sendPoll(PollStep step);
    PollStep nextStep(PollStep step) const;
    QByteArray commandFor(PollStep step) const;
    void handlePoll(PollStep step, const Result<AtResponse> &response);
    void storePoll(PollStep step, const AtResponse &response);
    void finishPoll();
    void pingRound();
    void finishPing(const NetworkContext &context, const Result<void> &result);
    void noteRegistration(RegistrationDomain domain, int stat);
    void dataConnectionLost();
    void restoreDataConnection();
    void onUrc(const QByteArray &line);
    void onRestarted();
    void onClosed(const Error &reason);
};

void SignalMonitor::Private::addEvent(MonitorEventKind kind, const QString &text)
{
    const MonitorEvent event{wallNow(), kind, text};
    events.append(event);
    recorder.write(event);
    Q_EMIT q->eventRecorded(event);
}

// A modem without a data connection fails every ping; one event says so until it works again.
void SignalMonitor::Private::noteFailure(const QString &what, const QString &message)
{
    auto known = lastFailure.find(what);
    if (known != lastFailure.end() && known->second == message)
        return;
    lastFailure[what] = message;
    addEvent(MonitorEventKind::PollFailed, message);
}

// Without a profile the dialects are unknown: run the capability probe (CGMM, ATI, CGMR) first.
void SignalMonitor::Private::runProbe()
{
    auto findings = std::make_shared<ProbeFindings>();
    auto *runner = new FlowRunner(channel, clock, inBackground(capabilityProbeSteps(findings)),
                                  SignalMonitor::tr("Detecting the model"), 60000, {}, q);
    probeRunner = runner;
    QObject::connect(runner, &FlowRunner::finished, runner, &QObject::deleteLater);
    QObject::connect(runner, &FlowRunner::finished, q, [this, findings, run = generation](const Result<void> &result) {
        if (run != generation)
            return;
        if (!result || !findings->profile) {
            Error error = result ? Error{ErrorCode::Unsupported, {}, {}, -1} : result.error();
            error.message = SignalMonitor::tr("The monitor cannot start: the model was not recognised (%1). Check "
                                              "the port and that the modem answers AT.")
                                .arg(result ? SignalMonitor::tr("no SIMCom family") : result.error().message);
            q->stop();
            Q_EMIT q->failed(error);
            return;
        }
        profile = findings->profile;
        beginRounds();
    });
    runner->start();
}

void SignalMonitor::Private::beginRounds()
{
    pollRound();
    if (!options.pingHost.isEmpty())
        pingRound();
}

// A round starts one interval after the previous one started, or at once when it took longer: a
// slow modem lowers the rate and nothing queues up (issue #4).
void SignalMonitor::Private::schedule(ClockTimer *timer, qint64 startedMs, int intervalMs, void (Private::*round)())
{
    const qint64 delay = startedMs + intervalMs - clock->nowMs();
    const auto run = [this, round, g = generation] {
        if (g == generation && running)
            (this->*round)();
    };
    if (delay > 0) {
        timer->start(delay, run);
        return;
    }
    // From the event loop, so a modem that answers inside send() cannot recurse on the stack.
    QMetaObject::invokeMethod(q, run, Qt::QueuedConnection);
}

void SignalMonitor::Private::pollRound()
{
    pollStartMs = clock->nowMs();
    sample = SignalSample{};
    sample.timeMs = wallNow();
    sendPoll(PollStep::Csq);
}

SignalMonitor::Private::PollStep SignalMonitor::Private::nextStep(PollStep step) const
{
    switch (step) {
    case PollStep::Csq:
        // SIM800 has no AT+CPSI? (protocol §11): RSRP/RSRQ/SINR stay empty there.
        if (profile && profile->family != ModelFamily::Sim800)
            return PollStep::Cpsi;
        [[fallthrough]];
    case PollStep::Cpsi:
        if (profile && !profile->registrationReads.isEmpty())
            return PollStep::Registration;
        [[fallthrough]];
    default:
        return PollStep::Done;
    }
}

QByteArray SignalMonitor::Private::commandFor(PollStep step) const
{
    if (step == PollStep::Cpsi)
        return "AT+CPSI?";
    if (step == PollStep::Registration)
        return profile->registrationReads.first();
    return "AT+CSQ";
}

void SignalMonitor::Private::sendPoll(PollStep step)
{
    if (step == PollStep::Done) {
        finishPoll();
        return;
    }
    channel->send(AtRequest::make(commandFor(step), Priority::Background), q,
                  [this, step, g = generation](const Result<AtResponse> &response) {
                      if (g == generation && running)
                          handlePoll(step, response);
                  });
}

void SignalMonitor::Private::handlePoll(PollStep step, const Result<AtResponse> &response)
{
    if (!response) {
        // The closed() handler reports and stops; nothing more can be read from this port.
        if (response.error().code == ErrorCode::PortClosed)
            return;
        const QString command = QString::fromLatin1(commandFor(step));
        if (!reportedElsewhere(response.error()))
            noteFailure(command, QStringLiteral("%1: %2").arg(command, response.error().message));
    } else {
        noteSuccess(QString::fromLatin1(commandFor(step)));
        storePoll(step, *response);
    }
    sendPoll(nextStep(step));
}

void SignalMonitor::Private::storePoll(PollStep step, const AtResponse &response)
{
    const QString command = QString::fromLatin1(response.command);
    if (step == PollStep::Csq) {
        const Result<CsqInfo> csq = parseCsq(response.lines);
        if (!csq) {
            addEvent(MonitorEventKind::PollFailed, QStringLiteral("%1: %2").arg(command, csq.error().message));
        } else if (csq->rssi != 99) { // §5.3: 99 is "not known", not a level
            sample.csq = csq->rssi;
            if (const auto dbm = csqToDbm(csq->rssi))
                sample.rssiDbm = *dbm;
        }
    } else if (step == PollStep::Cpsi) {
        const Result<CpsiInfo> cpsi = parseCpsi(response.lines);
        if (!cpsi) {
            addEvent(MonitorEventKind::PollFailed, QStringLiteral("%1: %2").arg(command, cpsi.error().message));
            return;
        }
        // §5.4: only the LTE form carries these; NO SERVICE and GSM leave them empty.
        if (cpsi->rsrp)
            sample.rsrpDbm = *cpsi->rsrp;
        if (cpsi->rsrq)
            sample.rsrqDb = *cpsi->rsrq;
        if (cpsi->sinr)
            sample.sinrDb = *cpsi->sinr;
    } else {
        const Result<Registration> reg = parseRegistrationReply(response.lines);
        if (!reg)
            addEvent(MonitorEventKind::PollFailed, QStringLiteral("%1: %2").arg(command, reg.error().message));
        else
            noteRegistration(reg->domain, reg->stat);
    }
}

void SignalMonitor::Private::finishPoll()
{
    signal.append(sample);
    recorder.write(sample);
    const SignalSample done = sample;
    Q_EMIT q->signalSampled(done);
    if (running)
        schedule(pollTimer.get(), pollStartMs, options.signalIntervalMs, &Private::pollRound);
}

// One probe per round through the ping flow, in the profile's dialect (§6.8: SNPING4, SIM7080
// SNPDPID first, SIM800 CIPPING).
void SignalMonitor::Private::pingRound()
{
    if (options.pingHost.isEmpty()) {
        pingActive = false;
        return;
    }
    pingActive = true;
    pingStartMs = clock->nowMs();
    auto context = std::make_shared<NetworkContext>();
    context->probe->profile = profile;
    NetworkOptions o;
    o.pingCount = 1;
    o.pingTimeoutMs = options.pingTimeoutMs;
    QList<FlowStep> steps = pingSteps(context, options.pingHost, o);
    for (FlowStep &step : steps) {
        if (step.id == QLatin1String("snpdpid") && pdpidChosen)
            step.when = [] { return false; };
    }
    auto *runner = new FlowRunner(channel, clock, inBackground(steps), SignalMonitor::tr("Ping"), pingDeadlineMs(o),
                                  {}, q);
    pingRunner = runner;
    QObject::connect(runner, &FlowRunner::finished, runner, &QObject::deleteLater);
    QObject::connect(runner, &FlowRunner::finished, q, [this, context, g = generation](const Result<void> &result) {
        if (g == generation && running)
            finishPing(*context, result);
    });
    runner->start();
}

void SignalMonitor::Private::finishPing(const NetworkContext &context, const Result<void> &result)
{
    // The flow fails when no reply came; it still leaves what the modem printed. sent > 0 means
    // the ping command itself ran, so an empty reply is a lost probe, not a failed command.
    if (context.ping.sent > 0) {
        PingSample ping{wallNow(), context.ping.host, std::nullopt};
        for (const PingReply &reply : context.ping.replies) {
            if (reply.rttMs) {
                ping.rttMs = *reply.rttMs;
                break;
            }
        }
        pdpidChosen = true;
        pings.append(ping);
        recorder.write(ping);
        Q_EMIT q->pingSampled(ping);
        noteSuccess(QStringLiteral("ping"));
    } else if (!result && !reportedElsewhere(result.error())) {
        noteFailure(QStringLiteral("ping"), result.error().message); // "Ping <host> failed: ..."
    }
    if (running)
        schedule(pingTimer.get(), pingStartMs, options.pingIntervalMs, &Private::pingRound);
}

void SignalMonitor::Private::noteRegistration(RegistrationDomain domain, int stat)
{
    const auto known = registration.find(domain);
    if (known != registration.end() && known->second == stat)
        return;
    const QString to = registrationStateName(stat);
    const QString text = known == registration.end()
        ? QStringLiteral("%1: %2").arg(domainName(domain), to)
        : QStringLiteral("%1: %2 -> %3").arg(domainName(domain), registrationStateName(known->second), to);
    const bool wasRegistered = known != registration.end() && isRegistered(known->second);
    registration[domain] = stat;
    addEvent(MonitorEventKind::Registration, text);
    if (wasRegistered && !isRegistered(stat))
        dataConnectionLost(); // §6: every data session ends with the registration
}

void SignalMonitor::Private::dataConnectionLost()
{
    if (!running || !options.restoreDataConnection || restoreRunner || restoreTimer->isActive())
        return;
    // Let the modem settle (a reboot still prints its start-up URCs) before asking it anything.
    restoreTimer->start(1000, [this] { restoreDataConnection(); });
}

// The connect chain without bring-up: registration wait, APN, activation in the profile's dialect.
void SignalMonitor::Private::restoreDataConnection()
{
    if (!running || restoreRunner || !profile)
        return;
    auto context = std::make_shared<NetworkContext>();
    context->probe->profile = profile;
    NetworkOptions o;
    o.apn = options.apn;
    QList<FlowStep> steps = registrationSteps(context, o, clock);
    steps << apnSteps(context, o) << activationSteps(context, o);
    auto *runner = new FlowRunner(channel, clock, inBackground(steps), SignalMonitor::tr("Restoring the data connection"),
                                  connectDeadlineMs(o), {}, q);
    restoreRunner = runner;
    QObject::connect(runner, &FlowRunner::finished, runner, &QObject::deleteLater);
    QObject::connect(runner, &FlowRunner::finished, q, [this, context, g = generation](const Result<void> &result) {
        if (g != generation || !running)
            return;
        if (result) {
            addEvent(MonitorEventKind::DataConnection,
                     SignalMonitor::tr("Data connection restored (%1)").arg(context->address));
            return;
        }
        addEvent(MonitorEventKind::PollFailed,
                 SignalMonitor::tr("Could not restore the data connection: %1; trying again in %2 s")
                     .arg(result.error().message)
                     .arg(kRestoreRetryMs / 1000));
        restoreTimer->start(kRestoreRetryMs, [this] { restoreDataConnection(); });
    });
    runner->start();
}

// §12: registration URCs, the PDP drops of both stacks, and anything else verbatim.
void SignalMonitor::Private::onUrc(const QByteArray &line)
{
    if (!running)
        return;
    if (line.startsWith("+CEREG:") || line.startsWith("+CGREG:") || line.startsWith("+CREG:")) {
        if (const Result<Registration> reg = parseRegistrationUrc(line)) {
            noteRegistration(reg->domain, reg->stat);
            return;
        }
    } else if (line.startsWith("+APP PDP:")) {
        if (const Result<AppPdpEvent> pdp = parseAppPdpUrc(line)) {
            const QString which = pdp->index ? SignalMonitor::tr(" (context %1)").arg(*pdp->index) : QString();
            addEvent(MonitorEventKind::DataConnection,
                     (pdp->active ? SignalMonitor::tr("PDP active%1") : SignalMonitor::tr("PDP deactivated%1")).arg(which));
            if (!pdp->active)
                dataConnectionLost();
            return;
        }
    } else if (line.startsWith("+PDP: DEACT")) {
        addEvent(MonitorEventKind::DataConnection, SignalMonitor::tr("PDP deactivated by the network (+PDP: DEACT)"));
        dataConnectionLost();
        return;
    } else if (line.startsWith("+SAPBR") && line.endsWith("DEACT")) {
        addEvent(MonitorEventKind::DataConnection,
                 SignalMonitor::tr("bearer closed by the network (%1)").arg(QString::fromLatin1(line)));
        return;
    }
    addEvent(MonitorEventKind::Urc, QString::fromLatin1(line));
}

void SignalMonitor::Private::onRestarted()
{
    // A reboot forgets the SNPDPID choice and every NO_SAVE setting (§2.1).
    pdpidChosen = false;
    if (!running)
        return;
    addEvent(MonitorEventKind::Reboot, SignalMonitor::tr("The modem restarted (RDY)"));
    dataConnectionLost();
}

void SignalMonitor::Private::onClosed(const Error &reason)
{
    if (!running)
        return;
    addEvent(MonitorEventKind::PortClosed, SignalMonitor::tr("The port closed: %1").arg(reason.message));
    q->stop();
    Error error = reason;
    error.message = SignalMonitor::tr("The monitor stopped because the port closed (%1). Reconnect and start it "
                                      "again.").arg(reason.message);
    Q_EMIT q->failed(error);
}

SignalMonitor::SignalMonitor(AtChannel *channel, Clock *clock, Options options, std::optional<ModelProfile> profile,
                             QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, channel, clock, std::move(options), std::move(profile)))
{
    connect(channel, &AtChannel::urcReceived, this, [this](const QByteArray &line) { d->onUrc(line); });
    connect(channel, &AtChannel::modemRestarted, this, [this] { d->onRestarted(); });
    connect(channel, &AtChannel::closed, this, [this](const Error &reason) { d->onClosed(reason); });
}

SignalMonitor::~SignalMonitor() = default;

void SignalMonitor::start()
{
    if (d->running)
        return;
    d->running = true;
    ++d->generation;
    Q_EMIT runningChanged(true);
    d->addEvent(MonitorEventKind::Note,
                d->options.pingHost.isEmpty()
                    ? tr("Monitor started (signal every %1 ms)").arg(d->options.signalIntervalMs)
                    : tr("Monitor started (signal every %1 ms, ping %2 every %3 ms)")
                          .arg(d->options.signalIntervalMs)
                          .arg(d->options.pingHost)
                          .arg(d->options.pingIntervalMs));
    if (d->profile)
        d->beginRounds();
    else
        d->runProbe();
}

// A poll command already queued or in flight is left to finish (cancelling it would cost a resync)
// and its result is ignored because the generation moved on. A ping may take its whole timeout,
// so the ping flow is cancelled: a front end that closes the port next must not wait for it.
void SignalMonitor::stop()
{
    if (!d->running)
        return;
    d->running = false;
    ++d->generation;
    for (FlowRunner *runner : {d->probeRunner.data(), d->pingRunner.data(), d->restoreRunner.data()}) {
        if (runner)
            runner->cancel();
    }
    d->restoreTimer->stop();
    d->pingActive = false;
    d->pollTimer->stop();
    d->pingTimer->stop();
    d->addEvent(MonitorEventKind::Note, tr("Monitor stopped"));
    Q_EMIT runningChanged(false);
}

bool SignalMonitor::isRunning() const
{
    return d->running;
}

void SignalMonitor::setOptions(const Options &options)
{
    d->options = options;
    // A ping host given while running starts pinging now; the other values apply at the next round.
    if (d->running && d->profile && !options.pingHost.isEmpty() && !d->pingActive) {
        d->pingActive = true;
        d->pingStartMs = d->clock->nowMs() - options.pingIntervalMs;
        d->schedule(d->pingTimer.get(), d->pingStartMs, options.pingIntervalMs, &Private::pingRound);
    }
}

const BoundedSeries<SignalSample> &SignalMonitor::signalSeries() const
{
    return d->signal;
}

const BoundedSeries<PingSample> &SignalMonitor::pingSeries() const
{
    return d->pings;
}

const BoundedSeries<MonitorEvent> &SignalMonitor::events() const
{
    return d->events;
}

void SignalMonitor::clear()
{
    d->signal.clear();
    d->pings.clear();
    d->events.clear();
}

Result<void> SignalMonitor::startRecording(const QString &path)
{
    if (auto opened = d->recorder.open(path); !opened)
        return opened;
    d->addEvent(MonitorEventKind::Note, tr("Recording to %1").arg(path));
    return {};
}

void SignalMonitor::stopRecording()
{
    d->recorder.close();
}

QString SignalMonitor::recordingPath() const
{
    return d->recorder.path();
}

} // namespace ModemBench
