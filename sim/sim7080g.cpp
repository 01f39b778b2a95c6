#include "sim7080g.h"

#include "pdpcommands.h"

namespace ModemBench::Sim {

namespace {
using Form = AtCommand::Form;
constexpr int kContexts = 4;  // pdpidx 0-3

std::optional<int> contextIndex(const AtCommand &command)
{
    const auto index = command.intArg(0);
    return index && *index >= 0 && *index < kContexts ? index : std::nullopt;
}
} // namespace

Sim7080g::Sim7080g()
{
    addCommand("+CNCFG", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCncfg(c, x, r); });
    addCommand("+CNACT", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCnact(c, x, r); });
    addCommand("+SNPDPID", [this](const AtCommand &c, ModemContext &x, Reply &r) { onSnpdpid(c, x, r); });
    // §4.1: SIM7080 reboots with AT+CREBOOT (OK, then the banner).
    addCommand("+CREBOOT", [](const AtCommand &command, ModemContext &, Reply &reply) {
        if (command.form != Form::Action)
            return reply.fail(Cme::kOperationNotSupported);
        reply.addEffect(Effect::Kind::Reboot, 1);
    });
}

// §6.8: SNPING4 goes out of the context AT+SNPDPID chose (4 = automatic: the first active one).
std::optional<int> Sim7080g::pingContext(const ModemState &state) const
{
    if (state.snpdpid < 0)
        return std::nullopt;
    for (int index = 0; index < kContexts; ++index) {
        if ((state.snpdpid == index || state.snpdpid == kContexts) && state.pdp.at(index).active)
            return index;
    }
    return std::nullopt;
}

QList<QByteArray> Sim7080g::dataLostUrcs(const ModemState &state) const
{
    QList<QByteArray> urcs;
    for (int index = 0; index < kContexts; ++index) {
        if (state.pdp.at(index).active)
            urcs.append("+APP PDP: " + decimal(index) + ",DEACTIVE");
    }
    return urcs;
}

// §6.3 SIM7080 form: AT+CNCFG=<pdpidx>,<ip_type>[,"<APN>"[,"<user>","<pass>"[,<auth>]]].
void Sim7080g::onCncfg(const AtCommand &command, ModemContext &context, Reply &reply)
{
    switch (command.form) {
    case Form::Read:
        for (int index = 0; index < kContexts; ++index)
            reply.add("+CNCFG: " + decimal(index) + ',' + PdpCommands::configFields(context.state.pdp.at(index)));
        return;
    case Form::Test:
        return reply.add("+CNCFG: (0-3),(0-2),64,64,64,(0-3)");
    case Form::Write: {
        const auto index = contextIndex(command);
        if (!index || !PdpCommands::parseConfig(command, 1, context.state.pdp.at(*index)))
            return reply.fail(Cme::kInvalidInputValue);
        return;
    }
    case Form::Action:
        return reply.fail(Cme::kOperationNotSupported);
    }
}

// §6.4 SIM7080 form: AT+CNACT=<pdpidx>,<action> -> OK, then "+APP PDP: <pdpidx>,ACTIVE|DEACTIVE".
// Activating a context that is already active is ERROR (observed).
void Sim7080g::onCnact(const AtCommand &command, ModemContext &context, Reply &reply)
{
    auto &contexts = context.state.pdp;
    if (command.form == Form::Read) {
        for (int index = 0; index < kContexts; ++index) {
            const PdpContext &pdp = contexts.at(index);
            reply.add("+CNACT: " + decimal(index) + ',' + decimal(pdp.active ? 1 : 0) + ",\""
                      + (pdp.active ? pdp.address : "0.0.0.0") + '"');
        }
        return;
    }
    if (command.form == Form::Test)
        return reply.add("+CNACT: (0-3),(0-2)");
    const auto index = contextIndex(command);
    const auto action = command.intArg(1);
    if (command.form != Form::Write || command.args.size() != 2 || !index || !action || *action < 0 || *action > 2)
        return reply.fail(Cme::kInvalidInputValue);
    const QByteArray prefix = "+APP PDP: " + decimal(*index) + ',';
    PdpContext &pdp = contexts.at(*index);
    if (*action == 0) {
        pdp.active = false;
        pdp.address = "0.0.0.0";
        reply.addUrc(0, prefix + "DEACTIVE");
        for (const QByteArray &urc : closeSocketsOn(*index))
            reply.addUrc(0, urc);
        return;
    }
    if (pdp.active)
        return reply.failPlain();
    const bool active = PdpCommands::activate(context, *index, {});
    reply.addUrc(context.config.pdp.activationMs, prefix + (active ? "ACTIVE" : "DEACTIVE"));
}

void Sim7080g::onSnpdpid(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Read)
        return reply.add("+SNPDPID: " + decimal(std::max(context.state.snpdpid, 0)));
    if (command.form == Form::Test)
        return reply.add("+SNPDPID: (0-4)");
    const auto index = command.intArg(0);
    if (command.form != Form::Write || command.args.size() != 1 || !index || *index < 0 || *index > kContexts)
        return reply.fail(Cme::kInvalidInputValue);
    context.state.snpdpid = *index;
}

} // namespace ModemBench::Sim
