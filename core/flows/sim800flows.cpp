#include "core/flows/flowsupport.h"

#include "core/parsers/pdp.h"

namespace ModemBench::Internal {

namespace {

bool isSim800(const NetworkContext &c)
{
    return c.hasProfile() && c.profile().pdp == PdpDialect::CipSim800;
}

// §11.2 state machine: which states already have a bearer (an address to read with CIFSR).
bool bearerUp(const QString &state)
{
    return state == QLatin1String("IP GPRSACT") || state == QLatin1String("IP STATUS")
           || state == QLatin1String("IP PROCESSING") || state.startsWith(QLatin1String("TCP"))
           || state.startsWith(QLatin1String("UDP")) || state.startsWith(QLatin1String("CONNECT"))
           || state.startsWith(QLatin1String("SERVER"));
}

FlowVerdict judgeState(NetworkContext &c, const QString &state, bool activating)
{
    c.sim800State = state;
    c.alreadyActive = bearerUp(state);
    if (activating && state == QLatin1String("PDP DEACT"))
        return FlowVerdict::failed({ErrorCode::Error,
                                    QObject::tr("The network dropped the SIM800 data context (STATE: PDP DEACT): send "
                                                "AT+CIPSHUT (modembench-cli at AT+CIPSHUT) and connect again"),
                                    {}, -1});
    if (activating && !c.alreadyActive && state != QLatin1String("IP INITIAL") && state != QLatin1String("IP START"))
        return FlowVerdict::failed({ErrorCode::Error,
                                    QObject::tr("The SIM800 IP stack is busy (STATE: %1): wait a minute, or reset it "
                                                "with AT+CIPSHUT, then connect again")
                                        .arg(state),
                                    {}, -1});
    return FlowVerdict::next();
}

FlowStep statusStep(const std::shared_ptr<NetworkContext> &c, bool activating)
{
    FlowStep step;
    step.id = QStringLiteral("cipstatus");
    step.label = QObject::tr("Reading the IP stack state (AT+CIPSTATUS)");
    step.when = [c] { return isSim800(*c); };
    step.request = [] {
        AtRequest request = AtRequest::make("AT+CIPSTATUS");
        request.prefixes = {"STATE:", "C:", "S:", "+CIPSTATUS:"};
        return request;
    };
    step.handle = [c, activating](const Result<AtResponse> &r) {
        if (!r)
            return FlowVerdict::failedStep(r.error(), QStringLiteral("AT+CIPSTATUS"));
        if (const auto state = parseCipState(r->lines))
            return judgeState(*c, *state, activating);
        // §11.2: "OK then STATE: <state>": the state line usually follows the final result.
        return FlowVerdict::wait(3000, {ErrorCode::Parse,
                                        QObject::tr("AT+CIPSTATUS gave no STATE: line within 3 s: check the "
                                                    "modem is a SIM800 with the CIP stack"),
                                        {}, -1});
    };
    step.urc = [c, activating](const QByteArray &line) -> std::optional<FlowVerdict> {
        const auto state = parseCipState({line});
        if (!state)
            return std::nullopt;
        return judgeState(*c, *state, activating);
    };
    return step;
}

FlowStep cifsrStep(const std::shared_ptr<NetworkContext> &c, bool required)
{
    FlowStep step;
    step.id = QStringLiteral("cifsr");
    step.label = QObject::tr("Reading the IP address (AT+CIFSR)");
    step.when = [c, required] { return isSim800(*c) && (required || c->alreadyActive); };
    step.request = [] {
        // §18: AT+CIFSR answers a bare address and no OK. Appending ";E0" (as TinyGSM does) makes
        // the modem end the line with OK, so the reply is framed like any other and no timeout and
        // resync is needed. Echo is already off after bring-up, so E0 changes nothing.
        AtRequest request = AtRequest::make("AT+CIFSR;E0");
        request.bareReply = BareReply::IpAddress;
        request.timeoutMs = 10000;
        return request;
    };
    step.handle = [c, required](const Result<AtResponse> &r) {
        if (!r)
            return required ? FlowVerdict::failedStep(r.error(), QStringLiteral("AT+CIFSR"),
                                                      QObject::tr("The bearer did not come up; check the APN."))
                            : FlowVerdict::next();
        const auto address = parseCifsr(r->lines);
        if (!address)
            return required ? FlowVerdict::failed(address.error()) : FlowVerdict::next();
        c->address = *address;
        return FlowVerdict::next();
    };
    return step;
}

} // namespace

QList<FlowStep> sim800ActivationSteps(const std::shared_ptr<NetworkContext> &context, const NetworkOptions &)
{
    const std::shared_ptr<NetworkContext> c = context;
    FlowStep cstt;
    cstt.id = QStringLiteral("cstt");
    cstt.label = QObject::tr("Setting the APN (AT+CSTT)");
    cstt.when = [c] { return isSim800(*c) && c->sim800State == QLatin1String("IP INITIAL"); };
    cstt.request = [c] {
        QByteArray apn = c->apn.toLatin1();
        apn.replace('"', "");
        return AtRequest::make("AT+CSTT=\"" + apn + '"');
    };
    FlowStep ciicr;
    ciicr.id = QStringLiteral("ciicr");
    ciicr.label = QObject::tr("Bringing up the wireless connection (AT+CIICR)");
    ciicr.when = [c] { return isSim800(*c) && !c->alreadyActive; };
    ciicr.request = [] { return AtRequest::make("AT+CIICR"); };
    ciicr.handle = [c](const Result<AtResponse> &r) {
        if (!r)
            return FlowVerdict::failedStep(r.error(), QStringLiteral("AT+CIICR"),
                                           QObject::tr("Check the APN \"%1\" (--apn) and that the SIM has a data plan.")
                                               .arg(c->apn));
        return FlowVerdict::next();
    };
    return {statusStep(c, true), cstt, ciicr, cifsrStep(c, true)};
}

QList<FlowStep> sim800AddressSteps(const std::shared_ptr<NetworkContext> &context)
{
    const std::shared_ptr<NetworkContext> c = context;
    FlowStep status = statusStep(c, false);
    status.handle = [inner = status.handle](const Result<AtResponse> &r) {
        if (!r && r.error().code != ErrorCode::PortClosed && r.error().code != ErrorCode::Cancelled)
            return FlowVerdict::next(); // status must not fail for a modem without the CIP stack
        return inner(r);
    };
    return {status, cifsrStep(c, false)};
}

} // namespace ModemBench::Internal
