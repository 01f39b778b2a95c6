#include "core/modem/statusquery.h"

#include "core/flows/networkflows.h"
#include "core/modem/capabilityprobe.h"
#include "core/parsers/identity.h"

namespace ModemBench {

namespace {

// Errors that mean the port or the session is gone: going on would only pile up the same error.
bool isFatal(const Error &error)
{
    return error.code == ErrorCode::PortClosed || error.code == ErrorCode::Cancelled
           || error.code == ErrorCode::ModemReset;
}

// A read whose reply is parsed and stored; a refusal or an unreadable reply fails the step, which
// StatusQuery::tolerate() turns into a problem line.
template<class T, class Parse, class Store>
FlowStep readStep(const char *command, const QString &label, Parse parse, Store store)
{
    FlowStep step;
    step.id = QString::fromLatin1(command);
    step.label = label;
    step.request = [command] { return AtRequest::make(QByteArray(command)); };
    step.handle = [parse, store](const Result<AtResponse> &response) {
        if (!response)
            return FlowVerdict::failed(response.error());
        Result<T> parsed = parse(response->lines);
        if (!parsed)
            return FlowVerdict::failed(parsed.error());
        store(*parsed);
        return FlowVerdict::next();
    };
    return step;
}

} // namespace

StatusQuery::StatusQuery(AtChannel *channel, const QString &portName, QObject *parent, Clock *clock)
    : QObject(parent)
    , m_channel(channel)
    , m_clock(clock ? clock : SystemClock::instanceForThread())
{
    m_status.port = portName;
}

StatusQuery::~StatusQuery() = default;

bool StatusQuery::isRunning() const
{
    return m_runner && m_runner->state() != FlowRunner::State::Finished;
}

// Every read may fail on its own (older firmware lacks a command, a SIM-less modem refuses CIMI):
// that is noted and the query goes on. The step's command (or label) names the problem.
void StatusQuery::tolerate(FlowStep &step, Priority priority)
{
    if (step.request) {
        step.request = [request = step.request, priority] {
            AtRequest r = request();
            r.priority = priority;
            return r;
        };
    }
    const QString what = step.request ? QString::fromLatin1(step.request().command) : step.label;
    const auto note = [this, what](FlowVerdict verdict) {
        if (verdict.action != FlowVerdict::Action::Fail || isFatal(verdict.error))
            return verdict;
        m_status.problems << QStringLiteral("%1: %2").arg(what, verdict.error.message);
        return FlowVerdict::next();
    };
    if (step.handle)
        step.handle = [handle = step.handle, note](const Result<AtResponse> &r) { return note(handle(r)); };
    if (step.action)
        step.action = [action = step.action, note] { return note(action()); };
    // A reboot voids what was read: read it all again from the model on.
    step.restartFrom = QStringLiteral("cgmm");
}

QList<FlowStep> StatusQuery::identitySteps()
{
    ModemIdentity &id = m_status.identity;
    QList<FlowStep> steps{
        readStep<QString>("AT+CGMI", tr("Reading the manufacturer"), parseManufacturer,
                          [&id](const QString &v) { id.manufacturer = v; }),
        readStep<QString>("AT+CGSN", tr("Reading the IMEI"), parseImei, [&id](const QString &v) { id.imei = v; }),
    };
    // A missing SIM answers CPIN? with +CME ERROR 10: that is a SIM state, and still a problem line.
    FlowStep cpin = readStep<SimState>("AT+CPIN?", tr("Reading the SIM state"), parseCpin,
                                       [this](SimState v) { m_status.sim = v; });
    cpin.handle = [this, handle = cpin.handle](const Result<AtResponse> &response) {
        if (!response && response.error().code == ErrorCode::CmeError && response.error().number >= 0)
            m_status.sim = simStateFromCmeError(response.error().number);
        return handle(response);
    };
    steps << cpin
          << readStep<QString>("AT+CIMI", tr("Reading the IMSI"), parseImsi, [&id](const QString &v) { id.imsi = v; })
          << readStep<QString>("AT+CCID", tr("Reading the ICCID"), parseIccid, [&id](const QString &v) { id.iccid = v; });
    return steps;
}

QList<FlowStep> StatusQuery::networkSteps()
{
    NetworkContext *c = m_network.get();
    // The profile's registration reads (§18: never CREG alone on LTE; SIM800 has no CEREG);
    // an unknown model is asked all three.
    const auto reads = [c](const char *command) {
        return [c, command] {
            return !c->hasProfile() || c->profile().registrationReads.contains(QByteArray(command));
        };
    };
    FlowStep eps = readStep<Registration>("AT+CEREG?", tr("Reading LTE registration"), parseRegistrationReply,
                                          [this](const Registration &v) { m_eps = v; });
    eps.when = reads("AT+CEREG?");
    FlowStep ps = readStep<Registration>("AT+CGREG?", tr("Reading packet registration"), parseRegistrationReply,
                                         [this](const Registration &v) { m_ps = v; });
    ps.when = reads("AT+CGREG?");
    FlowStep cs = readStep<Registration>("AT+CREG?", tr("Reading circuit registration"), parseRegistrationReply,
                                         [this](const Registration &v) { m_cs = v; });
    cs.when = [c] { return !c->hasProfile() || c->profile().family == ModelFamily::Sim800; };
    // §11: AT+CPSI? is SIM7000/SIM7080 only.
    FlowStep cpsi = readStep<CpsiInfo>("AT+CPSI?", tr("Reading serving cell"), parseCpsi,
                                       [this](const CpsiInfo &v) { m_status.cpsi = v; });
    cpsi.when = [c] { return !c->hasProfile() || c->profile().family != ModelFamily::Sim800; };
    QList<FlowStep> steps{eps, ps, cs,
                          readStep<OperatorInfo>("AT+COPS?", tr("Reading the operator"), parseCops,
                                                 [this](const OperatorInfo &v) { m_status.networkOperator = v; }),
                          readStep<CsqInfo>("AT+CSQ", tr("Reading signal quality"), parseCsq,
                                            [this](const CsqInfo &v) { m_status.csq = v; }),
                          cpsi};
    steps << addressReadSteps(m_network);
    return steps;
}

QList<FlowStep> StatusQuery::buildSteps(Priority priority)
{
    QList<FlowStep> steps = capabilityProbeSteps(m_network->probe);
    steps << identitySteps() << networkSteps();
    for (FlowStep &step : steps)
        tolerate(step, priority);
    return steps;
}

void StatusQuery::start(Priority priority)
{
    if (isRunning())
        return;
    m_network = std::make_shared<NetworkContext>();
    ModemStatus fresh;
    fresh.port = m_status.port;
    m_status = fresh;
    m_eps.reset();
    m_ps.reset();
    m_cs.reset();
    delete m_runner;
    m_runner = new FlowRunner(m_channel, m_clock, buildSteps(priority), tr("Reading the modem status"), kDeadlineMs,
                              tr("Check that the modem answers AT on this port."), this);
    connect(m_runner, &FlowRunner::progressed, this, &StatusQuery::progressed);
    connect(m_runner, &FlowRunner::finished, this, &StatusQuery::onFinished);
    m_runner->start();
}

void StatusQuery::onFinished(const Result<void> &result)
{
    const ProbeFindings &probe = *m_network->probe;
    m_status.identity.model = probe.cgmm.isEmpty() ? std::nullopt : std::optional<QString>(probe.cgmm);
    m_status.identity.revision = probe.revision.isEmpty() ? std::nullopt : std::optional<QString>(probe.revision);
    m_status.profile = probe.profile;
    m_status.registration = chooseRegistration(m_eps, m_ps, m_cs);
    if (result) {
        IpStatus ip;
        ip.active = !m_network->address.isEmpty();
        if (ip.active)
            ip.address = m_network->address;
        if (ip.active && !m_network->apn.isEmpty())
            ip.apn = m_network->apn;
        m_status.ip = ip;
        m_result = m_status;
    } else {
        m_result = std::unexpected(result.error());
    }
    Q_EMIT finished();
}

void StatusQuery::cancel()
{
    if (m_runner)
        m_runner->cancel();
}

} // namespace ModemBench
