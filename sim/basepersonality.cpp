#include "basepersonality.h"

#include "signalmodel.h"

#include <QHash>

namespace ModemBench::Sim {

namespace {
using Form = AtCommand::Form;

QByteArray hex(std::uint32_t value, int width)
{
    return QByteArray::number(value, 16).toUpper().rightJustified(width, '0');
}

bool isOneOf(std::optional<int> value, const QList<int> &allowed)
{
    return value && allowed.contains(*value);
}

// §3.3, SIM7000 AT manual V1.06 §20.1 (the subset a simulated modem can produce plus neighbours a
// client may want to see rendered).
const QHash<int, QByteArray> &cmeTexts()
{
    static const QHash<int, QByteArray> texts{
        {0, "phone failure"},
        {1, "no connection to phone"},
        {3, "operation not allowed"},
        {4, "operation not supported"},
        {10, "SIM not inserted"},
        {11, "SIM PIN required"},
        {12, "SIM PUK required"},
        {13, "SIM failure"},
        {14, "SIM busy"},
        {15, "SIM wrong"},
        {16, "incorrect password"},
        {20, "memory full"},
        {21, "invalid index"},
        {22, "not found"},
        {23, "memory failure"},
        {30, "no network service"},
        {31, "network timeout"},
        {32, "network not allowed - emergency calls only"},
        {100, "unknown"},
        {765, "Invalid input value"},
        {766, "Unsupported mode"},
        {767, "Operation failed"},
        {772, "SIM powered down"},
        {797, "CFUN state is 0 or 4"},
    };
    return texts;
}
} // namespace

BasePersonality::BasePersonality()
{
    addBasicCommands();
    addIdentityCommands();
    addRadioCommands();
    addRegistrationCommands();
    addPacketDomainCommands();
    addClockCommand();
}

void BasePersonality::execute(const AtCommand &command, ModemContext &context, Reply &reply)
{
    const auto handler = m_commands.constFind(command.name);
    if (handler == m_commands.constEnd()) {
        reply.fail(Cme::kOperationNotSupported);
        return;
    }
    (*handler)(command, context, reply);
}

void BasePersonality::addCommand(const QByteArray &name, Handler handler)
{
    m_commands.insert(name, std::move(handler));
}

void BasePersonality::addSetting(const QByteArray &name, int ModemState::*field, QList<int> allowed,
                                 const QByteArray &testLine)
{
    addCommand(name, [name, field, allowed, testLine](const AtCommand &command, ModemContext &context, Reply &reply) {
        switch (command.form) {
        case Form::Read:
            reply.add(name + ": " + decimal(context.state.*field));
            return;
        case Form::Test:
            reply.add(testLine);
            return;
        case Form::Write:
            if (command.args.size() != 1 || !isOneOf(command.intArg(0), allowed))
                return reply.fail(Cme::kInvalidInputValue);
            context.state.*field = *command.intArg(0);
            return;
        case Form::Action:
            return reply.fail(Cme::kOperationNotSupported);
        }
    });
}

void BasePersonality::addBasicCommands()
{
    addCommand("E", [this](const AtCommand &c, ModemContext &x, Reply &r) { onEcho(c, x, r); });
    addCommand("V", [this](const AtCommand &c, ModemContext &x, Reply &r) { onVerbose(c, x, r); });
    for (const char *name : {"Z", "&F"}) {
        addCommand(name, [this](const AtCommand &c, ModemContext &x, Reply &r) { onResetProfile(c, x, r); });
    }
    // AT&W: SIM7000 saves most settings by itself (AUTO_SAVE, §2.2); accept and do nothing.
    addCommand("&W", [](const AtCommand &, ModemContext &, Reply &) {});
    // ATH with no call in progress is simply OK.
    addCommand("H", [](const AtCommand &, ModemContext &, Reply &) {});
    addCommand("I", [this](const AtCommand &command, ModemContext &, Reply &reply) {
        if (command.number.value_or(0) != 0)
            return reply.fail(Cme::kOperationNotSupported);
        reply.add(identification());
    });
    addSetting("+CMEE", &ModemState::cmee, {0, 1, 2}, "+CMEE: (0-2)");
}

void BasePersonality::addIdentityCommands()
{
    using Text = QByteArray (BasePersonality::*)() const;
    const std::pair<const char *, Text> fixedTexts[] = {
        {"+CGMI", &BasePersonality::manufacturer}, {"+GMI", &BasePersonality::manufacturer},
        {"+CGMM", &BasePersonality::modelId},      {"+GMM", &BasePersonality::modelId},
        {"+CGMR", &BasePersonality::revision},     {"+GMR", &BasePersonality::revision},
    };
    for (const auto &[name, text] : fixedTexts) {
        addCommand(name, [this, text](const AtCommand &c, ModemContext &, Reply &r) {
            onFixedText(c, r, {(this->*text)()});
        });
    }
    addCommand("+GSV", [this](const AtCommand &c, ModemContext &, Reply &r) {
        onFixedText(c, r, {manufacturer(), modelId(), revision()});
    });
    // IMEI, IMSI and ICCID are bare lines without a prefix (§2.3).
    for (const char *name : {"+CGSN", "+GSN"}) {
        addCommand(name, [this](const AtCommand &c, ModemContext &x, Reply &r) {
            onFixedText(c, r, {x.identity.imei});
        });
    }
    addCommand("+CIMI", [this](const AtCommand &c, ModemContext &x, Reply &r) {
        onSimText(c, x, r, x.identity.imsi);
    });
    addCommand("+CCID", [this](const AtCommand &c, ModemContext &x, Reply &r) {
        onSimText(c, x, r, x.identity.iccid);
    });
    addCommand("+CPIN", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCpin(c, x, r); });
}

void BasePersonality::addRadioCommands()
{
    addCommand("+CSQ", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCsq(c, x, r); });
    addCommand("+CFUN", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCfun(c, x, r); });
    addCommand("+COPS", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCops(c, x, r); });
}

void BasePersonality::addRegistrationCommands()
{
    for (const RegKind kind : {RegKind::Creg, RegKind::Cgreg, RegKind::Cereg}) {
        addCommand(registrationPrefix(kind), [this, kind](const AtCommand &c, ModemContext &x, Reply &r) {
            onRegistration(kind, c, x, r);
        });
    }
}

void BasePersonality::onEcho(const AtCommand &command, ModemContext &context, Reply &reply)
{
    const int value = command.number.value_or(0);
    if (value > 1)
        return reply.fail(Cme::kInvalidInputValue);
    context.state.echo = value == 1;
}

void BasePersonality::onVerbose(const AtCommand &command, ModemContext &context, Reply &reply)
{
    const int value = command.number.value_or(0);
    if (value > 1)
        return reply.fail(Cme::kInvalidInputValue);
    context.state.verbose = value == 1;
}

void BasePersonality::onResetProfile(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.number.value_or(0) != 0)
        return reply.fail(Cme::kInvalidInputValue);
    context.state.restoreProfile(context.defaults);
}

void BasePersonality::onFixedText(const AtCommand &command, Reply &reply, const QList<QByteArray> &lines)
{
    if (command.form == Form::Test)
        return;
    if (command.form != Form::Action)
        return reply.fail(Cme::kOperationNotSupported);
    reply.lines.append(lines);
}

// IMSI and ICCID come from the SIM, which CFUN=0 powers down (§2.1: "+CPIN: NOT READY").
void BasePersonality::onSimText(const AtCommand &command, ModemContext &context, Reply &reply, const QByteArray &text)
{
    if (command.form == Form::Action && !simUsable(context))
        return reply.fail(Cme::kSimNotInserted);
    onFixedText(command, reply, {text});
}

void BasePersonality::onCpin(const AtCommand &command, ModemContext &context, Reply &reply)
{
    switch (command.form) {
    case Form::Read:
        // No SIM in the scenario, or powered down by CFUN=0: +CME ERROR: 10 (§3.1).
        if (!simUsable(context))
            return reply.fail(Cme::kSimNotInserted);
        reply.add("+CPIN: READY");
        return;
    case Form::Test:
        return;
    case Form::Write:
        // The simulated SIM has no PIN; entering one is not allowed in state READY.
        return reply.fail(Cme::kOperationNotAllowed);
    case Form::Action:
        return reply.fail(Cme::kOperationNotSupported);
    }
}

void BasePersonality::onCsq(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CSQ: (0-31,99),(0-7,99)");
    if (command.form != Form::Action)
        return reply.fail(Cme::kOperationNotSupported);
    if (!context.state.registered())
        return reply.add("+CSQ: 99,99");
    reply.add("+CSQ: " + decimal(context.signal.sample().rssi) + ",99");
}

void BasePersonality::onCfun(const AtCommand &command, ModemContext &context, Reply &reply)
{
    ModemState &state = context.state;
    if (command.form == Form::Read)
        return reply.add("+CFUN: " + decimal(state.cfun));
    if (command.form == Form::Test)
        return reply.add("+CFUN: (0,1,4-7),(0,1)");
    if (command.form != Form::Write || command.args.size() > 2)
        return reply.fail(Cme::kOperationNotSupported);
    const auto fun = command.intArg(0);
    const int reset = command.args.size() > 1 ? command.intArg(1).value_or(-1) : 0;
    if (!isOneOf(fun, {0, 1, 4, 5, 6, 7}) || (reset != 0 && reset != 1))
        return reply.fail(Cme::kInvalidInputValue);
    // fun 6 and rst 1 reset the module (§4.1); it comes back in the requested level.
    if (*fun == 6 || reset == 1)
        return reply.addEffect(Effect::Kind::Reboot, *fun == 6 ? 1 : *fun);
    const bool simWasPowered = state.simPowered();
    state.cfun = *fun;
    // §2.1: CFUN=0 emits "+CPIN: NOT READY" before OK; CFUN=1 emits OK then "+CPIN: READY".
    if (simWasPowered && !state.simPowered())
        reply.add("+CPIN: NOT READY");
    if (!simWasPowered && state.simPowered())
        reply.addEffect(Effect::Kind::SimReady);
    reply.addEffect(*fun == 1 ? Effect::Kind::StartRegistration : Effect::Kind::Deregister);
}

QByteArray BasePersonality::operatorName(const ModemContext &context, int format) const
{
    if (format == 2) {
        const auto [mcc, mnc] = plmnOf(context.identity);
        return mcc + mnc;
    }
    // Long and short alphanumeric forms are the same configured name.
    return context.identity.operatorName;
}

void BasePersonality::onCops(const AtCommand &command, ModemContext &context, Reply &reply)
{
    const ModemState &state = context.state;
    switch (command.form) {
    case Form::Read:
        if (state.copsMode != 2 && state.registered()) {
            // SIM800 has no <AcT> field (§5.1: "+COPS: 0,0,\"Viettel\"").
            reply.add("+COPS: " + decimal(state.copsMode) + ',' + decimal(state.copsFormat) + ",\""
                      + operatorName(context, state.copsFormat) + '"'
                      + (reportsAccessTech() ? ',' + decimal(int(state.act)) : QByteArray()));
        } else {
            reply.add("+COPS: " + decimal(state.copsMode));
        }
        return;
    case Form::Test: {
        QByteArray list;
        if (state.cfun == 1) {
            list = '(' + decimal(state.registered() ? 2 : 1) + ",\"" + operatorName(context, 0) + "\",\""
                   + operatorName(context, 1) + "\",\"" + operatorName(context, 2) + '"'
                   + (reportsAccessTech() ? ',' + decimal(int(accessTechnology(state))) : QByteArray()) + ')';
        }
        reply.add("+COPS: " + list + ",,(0,1,2,3,4),(0,1,2)");
        return;
    }
    case Form::Write:
        return onCopsWrite(command, context, reply);
    case Form::Action:
        return reply.fail(Cme::kOperationNotSupported);
    }
}

void BasePersonality::onCopsWrite(const AtCommand &command, ModemContext &context, Reply &reply)
{
    ModemState &state = context.state;
    const auto mode = command.intArg(0);
    const auto format = command.args.size() > 1 ? command.intArg(1) : std::optional<int>(state.copsFormat);
    if (!isOneOf(mode, {0, 1, 2, 3, 4}) || !isOneOf(format, {0, 1, 2}) || command.args.size() > 4)
        return reply.fail(Cme::kInvalidInputValue);
    if (*mode == 3) {
        state.copsFormat = *format;
        return;
    }
    if (*mode == 1 || *mode == 4) {
        // Manual selection succeeds only for the one simulated network; mode 4 falls back to automatic.
        const auto wanted = command.stringArg(2);
        if (!wanted)
            return reply.fail(Cme::kInvalidInputValue);
        if (*wanted != operatorName(context, *format) && *mode == 1)
            return reply.fail(Cme::kNoNetworkService);
    }
    state.copsMode = *mode;
    state.copsFormat = *format;
    reply.addEffect(*mode == 2 ? Effect::Kind::Deregister : Effect::Kind::StartRegistration);
}

void BasePersonality::onRegistration(RegKind kind, const AtCommand &command, ModemContext &context, Reply &reply)
{
    const QByteArray prefix = registrationPrefix(kind) + ": ";
    int &mode = context.state.*registrationField(kind);
    switch (command.form) {
    case Form::Read: {
        QByteArray line = prefix + decimal(mode) + ',' + decimal(int(context.state.regStat));
        if (mode == 2 && context.state.registered())
            line += registrationLocation(kind, context.state);
        return reply.add(line);
    }
    case Form::Test:
        return reply.add(prefix + "(0-2)");
    case Form::Write:
        if (command.args.size() != 1 || !isOneOf(command.intArg(0), {0, 1, 2}))
            return reply.fail(Cme::kInvalidInputValue);
        mode = *command.intArg(0);
        return;
    case Form::Action:
        return reply.fail(Cme::kOperationNotSupported);
    }
}

QList<QByteArray> BasePersonality::registrationUrcs(const ModemState &state) const
{
    QList<QByteArray> urcs;
    for (const RegKind kind : {RegKind::Creg, RegKind::Cgreg, RegKind::Cereg}) {
        const int mode = state.*registrationField(kind);
        if (mode == 0)
            continue;
        QByteArray line = registrationPrefix(kind) + ": " + decimal(int(state.regStat));
        if (mode == 2 && state.registered())
            line += registrationLocation(kind, state);
        urcs.append(line);
    }
    return urcs;
}

QByteArray BasePersonality::registrationLocation(RegKind, const ModemState &state) const
{
    return ",\"" + hex(ServingCell::kTac, 4) + "\",\"" + hex(ServingCell::kCellId, 8) + "\","
           + decimal(int(state.act));
}

QByteArray BasePersonality::standardCmeText(int code)
{
    return cmeTexts().value(code, "unknown");
}

std::pair<QByteArray, QByteArray> BasePersonality::plmnOf(const Identity &identity)
{
    const QByteArray mcc = identity.imsi.left(3);
    // North American MCCs use three-digit MNCs (ITU-T E.212 assignments); elsewhere two.
    const int code = mcc.toInt();
    const bool threeDigitMnc = (code >= 302 && code <= 316) || code == 334;
    return {mcc, identity.imsi.mid(3, threeDigitMnc ? 3 : 2)};
}

int ModemState::*BasePersonality::registrationField(RegKind kind)
{
    switch (kind) {
    case RegKind::Creg:
        return &ModemState::cregN;
    case RegKind::Cgreg:
        return &ModemState::cgregN;
    case RegKind::Cereg:
        break;
    }
    return &ModemState::ceregN;
}

QByteArray BasePersonality::registrationPrefix(RegKind kind)
{
    switch (kind) {
    case RegKind::Creg:
        return "+CREG";
    case RegKind::Cgreg:
        return "+CGREG";
    case RegKind::Cereg:
        break;
    }
    return "+CEREG";
}

} // namespace ModemBench::Sim
