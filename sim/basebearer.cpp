// AT+SAPBR (protocol.md §6.6): the bearer profiles SIM7000 and SIM800 use for HTTP, FTP and NTP.

#include "basepersonality.h"
#include "datapath.h"

namespace ModemBench::Sim {

namespace {
using Form = AtCommand::Form;

QByteArray paramValue(const SapbrBearer &bearer, const QByteArray &tag)
{
    for (const auto &[key, value] : bearer.params) {
        if (key == tag)
            return value;
    }
    return {};
}

// AT+SAPBR=3,<cid>,"<tag>","<value>": CONTYPE, APN, USER, PWD (SIM800 also PHONENUM, RATE).
bool setParam(SapbrBearer &bearer, const QByteArray &tag, const QByteArray &value)
{
    static const QByteArrayList tags{"CONTYPE", "APN", "USER", "PWD", "PHONENUM", "RATE"};
    if (!tags.contains(tag) || value.size() > 64)
        return false;
    for (auto &param : bearer.params) {
        if (param.first == tag) {
            param.second = value;
            return true;
        }
    }
    bearer.params.append({tag, value});
    return true;
}

// The one-line answers: 2 (query) "+SAPBR: <cid>,<status>,"<ip>"" and 4 (get parameters).
void queryBearer(const SapbrBearer &bearer, int cid, const ModemContext &context, Reply &reply)
{
    const QByteArray address = bearer.open ? DataPath::addressFor(context.config.pdp, 0) : "0.0.0.0";
    reply.add("+SAPBR: " + QByteArray::number(cid) + ',' + (bearer.open ? "1" : "3") + ",\"" + address + '"');
}

void onSapbr(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+SAPBR: (0-4),(1-3),\"ConParamTag\",\"ConParamValue\"");
    const auto cmd = command.intArg(0);
    const auto cid = command.intArg(1);
    if (command.form != Form::Write || !cmd || !cid || *cid < 1 || *cid > 3 || *cmd < 0 || *cmd > 4)
        return reply.failPlain();
    SapbrBearer &bearer = context.state.sapbr.at(*cid - 1);
    switch (*cmd) {
    case 0:
        if (!bearer.open)
            return reply.failPlain();
        bearer.open = false;
        return;
    case 1: {
        // "CMNET" is the factory default APN (§6.5): the network's own APN is used.
        const QByteArray apn = paramValue(bearer, "APN");
        if (bearer.open || !context.state.registered()
            || !DataPath::acceptsApn(context.config.pdp, apn == "CMNET" ? QByteArray() : apn))
            return reply.failPlain();
        bearer.open = true;
        context.state.attached = true;
        return;
    }
    case 2:
        return queryBearer(bearer, *cid, context, reply);
    case 3:
        if (command.args.size() != 4
            || !setParam(bearer, command.stringArg(2).value_or(QByteArray()).toUpper(), *command.stringArg(3)))
            return reply.failPlain();
        return;
    default:
        reply.add("+SAPBR:");
        for (const auto &[key, value] : bearer.params)
            reply.add(key + ": " + value);
        return;
    }
}
} // namespace

void BasePersonality::addSapbr()
{
    addCommand("+SAPBR", [](const AtCommand &c, ModemContext &x, Reply &r) { onSapbr(c, x, r); });
}

} // namespace ModemBench::Sim
