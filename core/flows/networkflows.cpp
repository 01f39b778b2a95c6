#include "core/flows/networkflows.h"

namespace ModemBench {

QList<FlowStep> connectSteps(const std::shared_ptr<NetworkContext> &context, const NetworkOptions &options,
                             Transport *transport, Clock *clock)
{
    QList<FlowStep> steps = bringUpSteps(context, options, transport);
    steps << registrationSteps(context, options, clock) << apnSteps(context, options)
          << activationSteps(context, options);
    return steps;
}

int connectDeadlineMs(const NetworkOptions &o)
{
    // protocol §13: AT+COPS write up to 120 s, AT+CIICR 85 s; the AT retries about 1.5 s each.
    const qint64 powerKey = o.powerKey == PowerKeyLine::None ? 0 : qint64(o.powerKeyPulseMs) + o.bootWaitMs;
    const qint64 bringUp = 30000 + qint64(o.atAttempts) * (o.atRetryDelayMs + 4000) + powerKey;
    const qint64 cycles = qint64(o.reregisterCycles) * (240000 + (qint64(o.reregisterBackoffMs) << o.reregisterCycles));
    const qint64 total = bringUp + o.registrationTimeoutMs + cycles + o.activationTimeoutMs + 2 * 85000;
    return int(qMin<qint64>(total, 24 * 3600 * 1000));
}

int pingDeadlineMs(const NetworkOptions &o)
{
    return 30000 + o.pingCount * (o.pingTimeoutMs + 1000) + 20000;
}

} // namespace ModemBench
