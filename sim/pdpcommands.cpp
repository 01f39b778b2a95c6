#include "pdpcommands.h"

#include "datapath.h"

namespace ModemBench::Sim::PdpCommands {

bool parseConfig(const AtCommand &command, qsizetype first, PdpContext &target)
{
    const qsizetype count = command.args.size() - first;
    const auto ipType = command.intArg(first);
    if (count < 1 || count > 5 || count == 3 || !ipType || *ipType < 0 || *ipType > 2)
        return false;
    PdpContext next = target;
    next.ipType = *ipType;
    next.apn = count > 1 ? command.stringArg(first + 1).value_or(QByteArray()) : QByteArray();
    next.user = count > 2 ? command.stringArg(first + 2).value_or(QByteArray()) : QByteArray();
    next.password = count > 3 ? command.stringArg(first + 3).value_or(QByteArray()) : QByteArray();
    next.auth = 0;
    if (count > 4) {
        const auto auth = command.intArg(first + 4);
        if (!auth || *auth < 0 || *auth > 3)
            return false;
        next.auth = *auth;
    }
    if (next.apn.size() > 64 || next.user.size() > 64 || next.password.size() > 64)
        return false;
    target = next;
    return true;
}

QByteArray configFields(const PdpContext &pdp)
{
    return QByteArray::number(pdp.ipType) + ",\"" + pdp.apn + "\",\"" + pdp.user + "\",\"" + pdp.password + "\","
           + QByteArray::number(pdp.auth);
}

bool activate(ModemContext &context, int index, const QByteArray &apn)
{
    PdpContext &pdp = context.state.pdp.at(index);
    const QByteArray wanted = apn.isEmpty() ? pdp.apn : apn;
    if (!context.state.registered() || !DataPath::acceptsApn(context.config.pdp, wanted))
        return false;
    pdp.active = true;
    pdp.address = DataPath::addressFor(context.config.pdp, index);
    context.state.attached = true;
    return true;
}

} // namespace ModemBench::Sim::PdpCommands
