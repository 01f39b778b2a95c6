// The CIP stack bearer of SIM800 and SIM7000 (protocol.md §6.5, §11.2): CSTT / CIICR / CIFSR /
// CIPSTATUS / CIPSHUT, and SIM800's CIPPING; single connection, no sockets.

#include "basepersonality.h"
#include "datapath.h"

namespace ModemBench::Sim {

namespace {
using Form = AtCommand::Form;

QByteArray stateName(CipState state)
{
    switch (state) {
    case CipState::Initial:
        return "IP INITIAL";
    case CipState::Start:
        return "IP START";
    case CipState::GprsAct:
        return "IP GPRSACT";
    case CipState::Status:
        break;
    }
    return "IP STATUS";
}

// An optional integer argument: `fallback` when absent, nullopt when present but out of range.
std::optional<int> optionalInt(const AtCommand &command, qsizetype index, int fallback, int minimum, int maximum)
{
    if (index >= command.args.size())
        return fallback;
    const auto value = command.intArg(index);
    return value && *value >= minimum && *value <= maximum ? value : std::nullopt;
}
} // namespace

void BasePersonality::addCipStack(bool withPing)
{
    addCommand("+CSTT", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCstt(c, x, r); });
    addCommand("+CIICR", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCiicr(c, x, r); });
    addCommand("+CIFSR", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCifsr(c, x, r); });
    addCommand("+CIPSTATUS", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCipstatus(c, x, r); });
    addCommand("+CIPSHUT", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCipshut(c, x, r); });
    if (withPing)
        addCommand("+CIPPING", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCipping(c, x, r); });
    // Settings TinyGSM sends before CSTT (§11.2); stored, without further effect here.
    addSetting("+CIPMUX", &ModemState::cipmux, {0, 1}, "+CIPMUX: (0,1)");
    addSetting("+CIPQSEND", &ModemState::cipqsend, {0, 1}, "+CIPQSEND: (0,1)");
    addSetting("+CIPRXGET", &ModemState::ciprxget, {0, 1}, "+CIPRXGET: (0-4)");
}

bool BasePersonality::cipBearerUp(const ModemState &state)
{
    return state.cip == CipState::GprsAct || state.cip == CipState::Status;
}

// AT+CSTT="apn"[,"user","pwd"]: only in IP INITIAL, which it leaves for IP START.
void BasePersonality::onCstt(const AtCommand &command, ModemContext &context, Reply &reply)
{
    ModemState &state = context.state;
    if (command.form == Form::Read)
        return reply.add("+CSTT: \"" + state.cipApn + "\",\"\",\"\"");
    if (command.form == Form::Test)
        return reply.add("+CSTT: \"APN\",\"USER\",\"PWD\"");
    if (command.args.size() > 3 || command.args.size() == 2)
        return reply.fail(Cme::kInvalidInputValue);
    if (state.cip != CipState::Initial)
        return reply.failPlain();
    if (command.form == Form::Write) {
        const QByteArray apn = command.stringArg(0).value_or(QByteArray());
        if (apn.size() > 50)
            return reply.fail(Cme::kInvalidInputValue);
        state.cipApn = apn;
    }
    state.cip = CipState::Start;
}

// AT+CIICR: IP START -> IP GPRSACT; ERROR without the network or when it refuses the APN.
void BasePersonality::onCiicr(const AtCommand &command, ModemContext &context, Reply &reply)
{
    ModemState &state = context.state;
    if (command.form == Form::Test)
        return;
    if (command.form != Form::Action || state.cip != CipState::Start || !state.registered())
        return reply.failPlain();
    if (!DataPath::acceptsApn(context.config.pdp, state.cipApn == "CMNET" ? QByteArray() : state.cipApn))
        return reply.failPlain();
    state.attached = true;
    state.cip = CipState::GprsAct;
}

// AT+CIFSR: the bare address and no final result (§11.2, §18); "AT+CIFSR;E0" ends with E0's OK.
void BasePersonality::onCifsr(const AtCommand &command, ModemContext &context, Reply &reply)
{
    ModemState &state = context.state;
    if (command.form == Form::Test)
        return;
    if (command.form != Form::Action || !cipBearerUp(state))
        return reply.failPlain();
    state.cip = CipState::Status;
    reply.add(DataPath::addressFor(context.config.pdp, 0));
    reply.noFinal = true;
}

// AT+CIPSTATUS: OK first, then "STATE: <state>" (§11.2).
void BasePersonality::onCipstatus(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return;
    if (command.form != Form::Action)
        return reply.fail(Cme::kOperationNotSupported);
    reply.addUrc(0, "STATE: " + stateName(context.state.cip));
}

// AT+CIPSHUT: back to IP INITIAL, answered "SHUT OK" instead of OK.
void BasePersonality::onCipshut(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return;
    if (command.form != Form::Action)
        return reply.fail(Cme::kOperationNotSupported);
    context.state.cip = CipState::Initial;
    context.state.cipApn = "CMNET";
    reply.okText = "SHUT OK";
}

// §6.8: AT+CIPPING="<host>"[,<retry 1-100>[,<len 0-1024>[,<timeout 1-600 x100 ms>[,<ttl 1-255>]]]]
// -> "+CIPPING: <id>,"<ip>",<time x100 ms>,<ttl>" per probe, a lost one as time 600, ttl 255.
void BasePersonality::onCipping(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CIPPING: (1-100),(0-1024),(1-600),(1-255)");
    const auto host = command.stringArg(0);
    const auto retry = optionalInt(command, 1, 4, 1, 100);
    const auto length = optionalInt(command, 2, 32, 0, 1024);
    const auto timeout = optionalInt(command, 3, 100, 1, 600);
    const auto ttl = optionalInt(command, 4, 64, 1, 255);
    if (command.form != Form::Write || command.args.size() > 5 || !host || host->isEmpty() || !retry || !length
        || !timeout || !ttl)
        return reply.failPlain();
    const auto address = DataPath::resolve(context.config.ping, *host);
    if (!cipBearerUp(context.state) || !context.state.registered() || !address)
        return reply.failPlain();
    int id = 0;
    for (const auto &probe : DataPath::probes(context.config.ping, context.random, *retry, *timeout * 100)) {
        const QByteArray fields = probe.lost ? QByteArray("600,255")
                                             : decimal((probe.rttMs + 99) / 100) + ',' + decimal(*ttl);
        reply.addTimed(probe.rttMs, "+CIPPING: " + decimal(++id) + ",\"" + *address + "\"," + fields);
    }
}

} // namespace ModemBench::Sim
