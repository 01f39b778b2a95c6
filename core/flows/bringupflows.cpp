#include "core/flows/networkflows.h"

#include "core/parsers/sim.h"
#include "core/transport/transport.h"

namespace ModemBench {

namespace {

FlowStep commandStep(const QString &id, const QString &label, QByteArray command, int timeoutMs = 0)
{
    FlowStep step;
    step.id = id;
    step.label = label;
    step.request = [command = std::move(command), timeoutMs] {
        AtRequest request = AtRequest::make(command);
        request.timeoutMs = timeoutMs;
        return request;
    };
    return step;
}

FlowStep wakeStep(Transport *transport, const NetworkOptions &options)
{
    FlowStep step;
    step.id = QStringLiteral("wake");
    step.label = QObject::tr("Asserting DTR to wake the modem");
    // Holding a DTR wired to PWRKEY would switch the modem off again (§2.1).
    const bool dtrIsPowerKey = options.powerKey == PowerKeyLine::Dtr;
    step.when = [transport, dtrIsPowerKey] { return transport && transport->hasControlLines() && !dtrIsPowerKey; };
    step.restartExpected = true;
    step.action = [transport] {
        // A port that refuses DTR still works for AT; the AT retries below decide.
        (void)transport->setDataTerminalReady(true);
        return FlowVerdict::next(100); // §4.7: DTR low ≥ 50 ms wakes the module
    };
    return step;
}

Result<void> setLine(Transport *transport, PowerKeyLine line, bool asserted)
{
    return line == PowerKeyLine::Rts ? transport->setRequestToSend(asserted) : transport->setDataTerminalReady(asserted);
}

bool canPulsePowerKey(Transport *transport, const NetworkOptions &options)
{
    return options.powerKey != PowerKeyLine::None && transport && transport->hasControlLines();
}

// Reached only by a jump from the AT step: press, hold, release, then give the modem its boot time.
QList<FlowStep> powerKeySteps(Transport *transport, const NetworkOptions &options)
{
    FlowStep press;
    press.id = QStringLiteral("pwrkey");
    press.label = QObject::tr("Pressing the power key (%1)").arg(options.powerKey == PowerKeyLine::Rts ? "RTS" : "DTR");
    press.when = [] { return false; };
    press.restartExpected = true;
    press.action = [transport, options] {
        if (auto pressed = setLine(transport, options.powerKey, true); !pressed)
            return FlowVerdict::failed(pressed.error());
        return FlowVerdict::jump(QStringLiteral("pwrkey-release"), options.powerKeyPulseMs);
    };
    FlowStep release;
    release.id = QStringLiteral("pwrkey-release");
    release.label = QObject::tr("Releasing the power key; waiting for the modem to boot");
    release.when = [] { return false; };
    release.restartExpected = true;
    release.action = [transport, options] {
        if (auto released = setLine(transport, options.powerKey, false); !released)
            return FlowVerdict::failed(released.error());
        return FlowVerdict::jump(QStringLiteral("at"), options.bootWaitMs);
    };
    return {press, release};
}

FlowStep atStep(const NetworkOptions &options, Transport *transport)
{
    auto attempts = std::make_shared<int>(0);
    auto pulsed = std::make_shared<bool>(false);
    FlowStep step = commandStep(QStringLiteral("at"), QObject::tr("Waiting for the modem to answer AT"), "AT", 1000);
    step.restartExpected = true; // a modem still powering up prints RDY while we poll
    step.handle = [attempts, pulsed, options, transport](const Result<AtResponse> &response) {
        if (response)
            return FlowVerdict::next();
        if (response.error().code == ErrorCode::PortClosed || response.error().code == ErrorCode::Cancelled)
            return FlowVerdict::failedStep(response.error(), QStringLiteral("AT"));
        ++*attempts;
        // A modem that is off answers nothing: one pulse, then keep polling (bounded by atAttempts).
        if (!*pulsed && *attempts >= options.powerKeyAfterAttempts && *attempts < options.atAttempts
            && canPulsePowerKey(transport, options)) {
            *pulsed = true;
            return FlowVerdict::jump(QStringLiteral("pwrkey"));
        }
        if (*attempts < options.atAttempts)
            return FlowVerdict::retry(options.atRetryDelayMs);
        Error error = response.error();
        error.message = QObject::tr("The modem did not answer AT after %1 tries%2: check that it is powered on "
                                    "(hold PWRKEY 1 s), the port and baud rate, and that no other program "
                                    "holds the port")
                            .arg(options.atAttempts)
                            .arg(*pulsed ? QObject::tr(" and a power-key pulse") : QString());
        return FlowVerdict::failed(error);
    };
    return step;
}

QString simMessage(SimState state)
{
    switch (state) {
    case SimState::NotInserted:
        return QObject::tr("No SIM card (+CME ERROR 10): insert a SIM, check it is seated the right way "
                           "round, then power-cycle the modem");
    case SimState::PinRequired:
        return QObject::tr("The SIM is locked with a PIN: unlock it (at 'AT+CPIN=\"1234\"') or disable the PIN "
                           "in a phone");
    case SimState::PukRequired:
        return QObject::tr("The SIM is blocked and needs its PUK: unblock it in a phone");
    default:
        return QObject::tr("The SIM is not usable (state %1): reseat it or try another SIM").arg(simStateName(state));
    }
}

FlowStep simStep()
{
    FlowStep step = commandStep(QStringLiteral("cpin"), QObject::tr("Checking the SIM"), "AT+CPIN?");
    step.handle = [](const Result<AtResponse> &response) {
        if (!response) {
            const Error &error = response.error();
            if (error.code != ErrorCode::CmeError || error.number < 0)
                return FlowVerdict::failedStep(error, QObject::tr("Checking the SIM"));
            Error simError = error;
            simError.message = simMessage(simStateFromCmeError(error.number));
            return FlowVerdict::failed(simError);
        }
        const auto state = parseCpin(response->lines);
        if (!state)
            return FlowVerdict::failed(state.error());
        if (*state != SimState::Ready)
            return FlowVerdict::failed({ErrorCode::Error, simMessage(*state), {}, -1});
        return FlowVerdict::next();
    };
    return step;
}

// A banner during bring-up is most often a modem that was powered on just before the port opened
// (§2.1); later steps have no such excuse, so registration and activation fail on a reboot.
void markRestartFrom(QList<FlowStep> &steps, const QString &target)
{
    for (FlowStep &step : steps) {
        if (!step.restartExpected)
            step.restartFrom = target;
    }
}

} // namespace

QList<FlowStep> bringUpSteps(const std::shared_ptr<NetworkContext> &context, const NetworkOptions &options,
                             Transport *transport)
{
    QList<FlowStep> steps{wakeStep(transport, options), atStep(options, transport)};
    steps << powerKeySteps(transport, options);
    if (options.sendAtz) {
        FlowStep atz = commandStep(QStringLiteral("atz"), QObject::tr("Restoring the user profile (ATZ)"), "ATZ");
        atz.handle = [](const Result<AtResponse> &) { return FlowVerdict::next(); }; // §2.2: SIM7000 may refuse ATZ
        steps << atz;
    }
    steps << commandStep(QStringLiteral("ate0"), QObject::tr("Turning echo off"), "ATE0");
    FlowStep cmee = commandStep(QStringLiteral("cmee"), QObject::tr("Asking for numeric error codes"), "AT+CMEE=1");
    cmee.handle = [](const Result<AtResponse> &) { return FlowVerdict::next(); }; // §3.2: result ignored by libraries
    steps << cmee;
    steps << capabilityProbeSteps(context->probe);
    steps << simStep();
    markRestartFrom(steps, QStringLiteral("at"));
    return steps;
}

QList<FlowStep> configureSteps(const std::shared_ptr<NetworkContext> &context, const NetworkOptions &options)
{
    const auto radio = [context] { return context->hasProfile() && context->profile().radioConfig; };
    QList<FlowStep> steps{
        commandStep(QStringLiteral("csclk"), QObject::tr("Disabling sleep (AT+CSCLK=0)"), "AT+CSCLK=0"),
        commandStep(QStringLiteral("cnmp"), QObject::tr("Choosing the radio (AT+CNMP)"),
                    "AT+CNMP=" + QByteArray::number(options.cnmp)),
        commandStep(QStringLiteral("cmnb"), QObject::tr("Choosing Cat-M or NB-IoT (AT+CMNB)"),
                    "AT+CMNB=" + QByteArray::number(options.cmnb)),
        commandStep(QStringLiteral("cnetlight"), QObject::tr("Setting the network light"),
                    options.netLight ? "AT+CNETLIGHT=1" : "AT+CNETLIGHT=0"),
    };
    if (!options.catmBands.isEmpty())
        steps << commandStep(QStringLiteral("cbandcfg"), QObject::tr("Choosing Cat-M bands"),
                             "AT+CBANDCFG=\"CAT-M\"," + options.catmBands.toLatin1());
    for (FlowStep &step : steps)
        step.when = radio;
    // Settings not yet saved are lost in a reboot: wake the modem and configure it again.
    markRestartFrom(steps, QStringLiteral("at"));
    return steps;
}

} // namespace ModemBench
