// The 3GPP TS 27.007 packet-domain commands all SIMCom models share: CGATT, CGDCONT, CGPADDR
// (protocol.md §6.1).

#include "basepersonality.h"
#include "datapath.h"

namespace ModemBench::Sim {

namespace {
using Form = AtCommand::Form;
constexpr int kMaxCid = 24;  // SIM7000 cid 1-24 (§6.1)
} // namespace

void BasePersonality::addPacketDomainCommands()
{
    addCommand("+CGATT", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCgatt(c, x, r); });
    addCommand("+CGDCONT", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCgdcont(c, x, r); });
    addCommand("+CGPADDR", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCgpaddr(c, x, r); });
    addCommand("+CGACT", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCgact(c, x, r); });
}

QByteArray BasePersonality::bearerAddress(const ModemContext &context) const
{
    return context.state.attached ? DataPath::addressFor(context.config.pdp, 0) : QByteArray("0.0.0.0");
}

// Attach follows registration; CGATT=1 without a network fails (no network service), CGATT=0 detaches
// and drops the data sessions until the next registration change.
void BasePersonality::onCgatt(const AtCommand &command, ModemContext &context, Reply &reply)
{
    ModemState &state = context.state;
    switch (command.form) {
    case Form::Read:
        return reply.add("+CGATT: " + decimal(state.attached ? 1 : 0));
    case Form::Test:
        return reply.add("+CGATT: (0,1)");
    case Form::Write:
        if (command.args.size() != 1 || !command.intArg(0) || *command.intArg(0) < 0 || *command.intArg(0) > 1)
            return reply.fail(Cme::kInvalidInputValue);
        if (*command.intArg(0) == 1 && !state.registered())
            return reply.fail(Cme::kNoNetworkService);
        state.attached = *command.intArg(0) == 1;
        if (!state.attached) {
            for (PdpContext &pdp : state.pdp)
                pdp.active = false;
            state.cip = CipState::Initial;
        }
        return;
    case Form::Action:
        return reply.fail(Cme::kOperationNotSupported);
    }
}

void BasePersonality::onCgdcont(const AtCommand &command, ModemContext &context, Reply &reply)
{
    auto &contexts = context.state.cgdcont;
    switch (command.form) {
    case Form::Read:
        for (auto it = contexts.cbegin(); it != contexts.cend(); ++it)
            reply.add("+CGDCONT: " + decimal(it.key()) + ",\"" + it->first + "\",\"" + it->second
                      + "\",\"0.0.0.0\",0,0,0,0");
        return;
    case Form::Test:
        return reply.add("+CGDCONT: (1-24),\"IP\",,,(0-2),(0-4),(0-1),(0-1)");
    case Form::Write: {
        const auto cid = command.intArg(0);
        if (!cid || *cid < 1 || *cid > kMaxCid)
            return reply.fail(Cme::kInvalidInputValue);
        if (command.args.size() == 1) {
            contexts.remove(*cid);  // "AT+CGDCONT=<cid>" undefines the context
            return;
        }
        const QByteArray type = command.stringArg(1).value_or("IP").toUpper();
        if (type != "IP" && type != "PPP" && type != "IPV6" && type != "IPV4V6")
            return reply.fail(Cme::kInvalidInputValue);
        contexts.insert(*cid, {type, command.stringArg(2).value_or(QByteArray())});
        return;
    }
    case Form::Action:
        return reply.fail(Cme::kOperationNotSupported);
    }
}

// AT+CGACT=<state>[,<cid>]: activation needs the network and an accepted APN; read lists the
// defined contexts as "+CGACT: <cid>,<state>".
void BasePersonality::onCgact(const AtCommand &command, ModemContext &context, Reply &reply)
{
    ModemState &state = context.state;
    QList<int> cids = state.cgdcont.keys();
    if (cids.isEmpty())
        cids = {1};
    if (command.form == Form::Read) {
        for (const int cid : cids)
            reply.add("+CGACT: " + decimal(cid) + ',' + decimal(state.cgact.contains(cid) ? 1 : 0));
        return;
    }
    if (command.form == Form::Test)
        return reply.add("+CGACT: (0,1)");
    const auto on = command.intArg(0);
    const auto cid = command.args.size() > 1 ? command.intArg(1) : std::optional<int>(1);
    if (command.form != Form::Write || command.args.size() > 2 || !on || *on < 0 || *on > 1 || !cid || *cid < 1
        || *cid > kMaxCid)
        return reply.fail(Cme::kInvalidInputValue);
    state.cgact.removeAll(*cid);
    if (*on == 0)
        return;
    const QByteArray apn = state.cgdcont.value(*cid).second;
    if (!state.registered() || !DataPath::acceptsApn(context.config.pdp, apn))
        return reply.fail(Cme::kOperationFailed);
    state.cgact.append(*cid);
}

// "+CGPADDR: 1,10.118.51.20": unquoted (§6.1 real output).
void BasePersonality::onCgpaddr(const AtCommand &command, ModemContext &context, Reply &reply)
{
    QList<int> cids = context.state.cgdcont.keys();
    if (cids.isEmpty())
        cids = {1};
    if (command.form == Form::Test) {
        QByteArrayList list;
        for (const int cid : cids)
            list.append(decimal(cid));
        return reply.add("+CGPADDR: (" + list.join(',') + ')');
    }
    if (command.form == Form::Read)
        return reply.fail(Cme::kOperationNotSupported);
    if (command.form == Form::Write) {
        const auto cid = command.intArg(0);
        if (!cid || *cid < 1 || *cid > kMaxCid)
            return reply.fail(Cme::kInvalidInputValue);
        cids = {*cid};
    }
    for (const int cid : cids)
        reply.add("+CGPADDR: " + decimal(cid) + ',' + (cid == 1 ? bearerAddress(context) : QByteArray("0.0.0.0")));
}

} // namespace ModemBench::Sim
