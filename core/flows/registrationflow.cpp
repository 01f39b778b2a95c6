#include "core/flows/networkflows.h"

namespace ModemBench {

QString deniedMessage()
{
    return QObject::tr("Registration denied (stat 3): the network refused this SIM: check the subscription/APN "
                       "plan, or try another operator/RAT");
}

QString gaveUpMessage(int seconds)
{
    return QObject::tr("Registration gave up: the modem stopped searching (stat 0) for %1 s even after "
                       "re-registration (AT+COPS=2, AT+COPS=0): check the antenna and coverage, the bands and "
                       "RAT (AT+CNMP/AT+CMNB), and that the SIM is activated")
        .arg(seconds);
}

namespace {

// Without a profile (a caller that skipped the probe) read all three, LTE first (§5.2, §18).
QList<QByteArray> readsFor(const NetworkContext &context)
{
    return context.hasProfile() ? context.profile().registrationReads
                                : QList<QByteArray>{"AT+CEREG?", "AT+CGREG?", "AT+CREG?"};
}

// Registration state across polls of one flow run.
struct RegistrationTracker {
    qint64 startedMs = -1;
    qint64 notSearchingSinceMs = -1;
    int cycles = 0;
    int readIndex = 0;
    int roundStat = -1;   // worst-to-best merge of one round of reads
    int lastStat = 4;
};

// Registered beats denied beats searching beats the rest (protocol §18: trust the best of CEREG/CGREG).
int mergeStat(int round, int stat)
{
    const auto rank = [](int s) { return isRegistered(s) ? 4 : s == 3 ? 3 : s == 2 ? 2 : s < 0 ? 0 : 1; };
    return rank(stat) > rank(round) ? stat : round;
}

FlowVerdict judgeRound(RegistrationTracker &t, const NetworkOptions &options, qint64 now)
{
    const int stat = t.roundStat;
    t.roundStat = -1;
    t.lastStat = stat;
    if (stat == 3)
        return FlowVerdict::failed({ErrorCode::Error, deniedMessage(), {}, -1});
    if (stat != 0) {
        t.notSearchingSinceMs = -1;
    } else {
        if (t.notSearchingSinceMs < 0)
            t.notSearchingSinceMs = now;
        if (now - t.notSearchingSinceMs >= options.gaveUpAfterMs) {
            if (t.cycles < options.reregisterCycles)
                return FlowVerdict::jump(QStringLiteral("cops-off"));
            return FlowVerdict::failed({ErrorCode::Error, gaveUpMessage(options.gaveUpAfterMs / 1000), {}, -1});
        }
    }
    if (now - t.startedMs >= options.registrationTimeoutMs) {
        return FlowVerdict::failed(
            {ErrorCode::Timeout,
             QObject::tr("Not registered after %1 s (last state: %2): check the antenna and coverage, the bands "
                         "and RAT, or allow longer with --timeout-registration")
                 .arg(options.registrationTimeoutMs / 1000)
                 .arg(registrationStateName(stat)),
             {}, -1});
    }
    return FlowVerdict::retry(options.registrationPollMs);
}

std::optional<FlowVerdict> judgeUrc(const std::shared_ptr<NetworkContext> &context, const QByteArray &line)
{
    const auto urc = parseRegistrationUrc(line);
    if (!urc)
        return std::nullopt;
    // §18: on LTE a +CREG URC says nothing about data registration.
    const bool sim800 = context->hasProfile() && context->profile().family == ModelFamily::Sim800;
    if (!sim800 && urc->domain == RegistrationDomain::Cs)
        return std::nullopt;
    if (isRegistered(urc->stat)) {
        context->registration = *urc;
        return FlowVerdict::next();
    }
    if (urc->stat == 3)
        return FlowVerdict::failed({ErrorCode::Error, deniedMessage(), line, -1});
    return std::nullopt;
}

FlowStep pollStep(const std::shared_ptr<NetworkContext> &context, const NetworkOptions &options, Clock *clock,
                  const std::shared_ptr<RegistrationTracker> &tracker)
{
    FlowStep step;
    step.id = QStringLiteral("registration");
    step.label = QObject::tr("Waiting for network registration");
    step.request = [context, tracker, clock] {
        if (tracker->startedMs < 0)
            tracker->startedMs = clock->nowMs();
        const QList<QByteArray> reads = readsFor(*context);
        return AtRequest::make(reads.at(tracker->readIndex % reads.size()));
    };
    step.handle = [context, options, clock, tracker](const Result<AtResponse> &response) {
        if (!response && response.error().code != ErrorCode::CmeError && response.error().code != ErrorCode::Error)
            return FlowVerdict::failedStep(response.error(), QObject::tr("Reading the registration"));
        if (response) {
            if (const auto reg = parseRegistrationReply(response->lines)) {
                if (isRegistered(reg->stat)) {
                    context->registration = *reg;
                    return FlowVerdict::next();
                }
                tracker->roundStat = mergeStat(tracker->roundStat, reg->stat);
            }
        }
        const int reads = int(readsFor(*context).size());
        if (++tracker->readIndex % reads != 0)
            return FlowVerdict::retry(0);
        return judgeRound(*tracker, options, clock->nowMs());
    };
    step.urc = [context](const QByteArray &line) { return judgeUrc(context, line); };
    return step;
}

} // namespace

QList<FlowStep> registrationSteps(const std::shared_ptr<NetworkContext> &context, const NetworkOptions &options,
                                  Clock *clock)
{
    auto tracker = std::make_shared<RegistrationTracker>();
    QList<FlowStep> steps{pollStep(context, options, clock, tracker)};
    // The re-registration cycle (§5.1): deregister, wait (doubling each cycle), register again.
    FlowStep off;
    off.id = QStringLiteral("cops-off");
    off.label = QObject::tr("Re-registering: deregistering (AT+COPS=2)");
    off.when = [] { return false; }; // reached only by a jump from the poll
    off.request = [] { return AtRequest::make("AT+COPS=2"); };
    off.handle = [tracker, options](const Result<AtResponse> &response) {
        if (!response && response.error().code != ErrorCode::CmeError && response.error().code != ErrorCode::Error)
            return FlowVerdict::failedStep(response.error(), QStringLiteral("AT+COPS=2"));
        return FlowVerdict::jump(QStringLiteral("cops-on"), options.reregisterBackoffMs << tracker->cycles);
    };
    FlowStep on;
    on.id = QStringLiteral("cops-on");
    on.label = QObject::tr("Re-registering: automatic operator selection (AT+COPS=0)");
    on.when = [] { return false; };
    on.request = [] { return AtRequest::make("AT+COPS=0"); };
    on.handle = [tracker](const Result<AtResponse> &response) {
        if (!response && response.error().code != ErrorCode::CmeError && response.error().code != ErrorCode::Error)
            return FlowVerdict::failedStep(response.error(), QStringLiteral("AT+COPS=0"));
        ++tracker->cycles;
        tracker->notSearchingSinceMs = -1;
        return FlowVerdict::jump(QStringLiteral("registration"));
    };
    steps << off << on;
    return steps;
}

} // namespace ModemBench
