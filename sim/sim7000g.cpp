#include "sim7000g.h"

#include "pdpcommands.h"

namespace ModemBench::Sim {

namespace {
using Form = AtCommand::Form;
} // namespace

Sim7000g::Sim7000g()
{
    addCommand("+CNCFG", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCncfg(c, x, r); });
    addCommand("+CNACT", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCnact(c, x, r); });
    addSapbr();
    // §6.5: SIM7000 also has the CIP stack (TinyGSM's non-SSL SIM7000 class uses it); no CIPPING.
    addCipStack(false);
}

std::optional<int> Sim7000g::pingContext(const ModemState &state) const
{
    return state.pdp.at(0).active ? std::optional<int>(0) : std::nullopt;
}

QList<QByteArray> Sim7000g::dataLostUrcs(const ModemState &state) const
{
    QList<QByteArray> urcs;
    if (state.pdp.at(0).active)
        urcs.append("+APP PDP: DEACTIVE");
    if (cipBearerUp(state))
        urcs.append("+PDP: DEACT");
    return urcs;
}

// §6.3 SIM7000 form: AT+CNCFG=<ip_type>[,"<APN>"[,"<user>","<pass>"[,<auth>]]].
void Sim7000g::onCncfg(const AtCommand &command, ModemContext &context, Reply &reply)
{
    PdpContext &pdp = context.state.pdp.at(0);
    switch (command.form) {
    case Form::Read:
        return reply.add("+CNCFG: " + PdpCommands::configFields(pdp));
    case Form::Test:
        return reply.add("+CNCFG: (0-2),64,64,64,(0-3)");
    case Form::Write:
        if (!PdpCommands::parseConfig(command, 0, pdp))
            return reply.fail(Cme::kInvalidInputValue);
        return;
    case Form::Action:
        return reply.fail(Cme::kOperationNotSupported);
    }
}

// §6.4 SIM7000 form: AT+CNACT=<mode>[,"<apn>"] -> OK, then "+APP PDP: ACTIVE" (or DEACTIVE when the
// modem is not registered or the network refuses the APN). Activating again while active repeats
// the ACTIVE URC (the manual says nothing; libraries retry CNACT=1 and wait for that URC).
void Sim7000g::onCnact(const AtCommand &command, ModemContext &context, Reply &reply)
{
    PdpContext &pdp = context.state.pdp.at(0);
    const int delay = context.config.pdp.activationMs;
    if (command.form == Form::Read)
        return reply.add("+CNACT: " + decimal(pdp.active ? 1 : 0) + ",\""
                         + (pdp.active ? pdp.address : "0.0.0.0") + '"');
    if (command.form == Form::Test)
        return reply.add("+CNACT: (0-2)");
    const auto mode = command.intArg(0);
    if (command.form != Form::Write || command.args.size() > 2 || !mode || *mode < 0 || *mode > 2)
        return reply.fail(Cme::kInvalidInputValue);
    if (*mode == 0) {
        pdp.active = false;
        pdp.address = "0.0.0.0";
        reply.addUrc(0, "+APP PDP: DEACTIVE");
        for (const QByteArray &urc : closeSocketsOn(0))
            reply.addUrc(0, urc);
        return;
    }
    const QByteArray apn = command.stringArg(1).value_or(QByteArray());
    if (apn.size() > 64)
        return reply.fail(Cme::kInvalidInputValue);
    const bool active = pdp.active || PdpCommands::activate(context, 0, apn);
    reply.addUrc(delay, active ? "+APP PDP: ACTIVE" : "+APP PDP: DEACTIVE");
}

} // namespace ModemBench::Sim
