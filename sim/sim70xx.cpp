#include "sim70xx.h"

#include "castack.h"
#include "datapath.h"
#include "signalmodel.h"

#include <algorithm>
#include <cstdlib>

namespace ModemBench::Sim {

namespace {
using Form = AtCommand::Form;

QByteArray bandList(const QList<int> &bands)
{
    QByteArrayList list;
    for (const int band : bands)
        list.append(QByteArray::number(band));
    return list.join(',');
}

// The LTE bands a SIM7000G/SIM7080G radio supports (§4.4 read example).
const QList<int> kBands{1, 2, 3, 4, 5, 8, 12, 13, 14, 17, 18, 19, 20, 25, 26, 27, 28, 31, 39, 66, 71, 72, 73, 85};
} // namespace

Sim70xx::Sim70xx()
{
    addCommand("+CPSI", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCpsi(c, x, r); });
    addCommand("+CBANDCFG", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCbandcfg(c, x, r); });
    addCommand("+CGNAPN", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCgnapn(c, x, r); });
    addCommand("+SNPING4", [this](const AtCommand &c, ModemContext &x, Reply &r) { onSnping4(c, x, r); });
    // §4.2-§4.7, §5.5: stored settings whose read form echoes the value back.
    addFileSystem();
    addCaStack();
    addSetting("+CNMP", &ModemState::cnmp, {2, 13, 38, 51}, "+CNMP: (2,13,38,51)");
    addSetting("+CMNB", &ModemState::cmnb, {1, 2, 3}, "+CMNB: (1-3)");
    addSetting("+CNETLIGHT", &ModemState::cnetlight, {0, 1}, "+CNETLIGHT: (0,1)");
    addSetting("+CSCLK", &ModemState::csclk, {0, 1}, "+CSCLK: (0,1)");
    addSetting("+CBATCHK", &ModemState::cbatchk, {0, 1}, "+CBATCHK: (0,1)");
    // The manual's test response for CLTS really is this format string (§5.5).
    addSetting("+CLTS", &ModemState::clts, {0, 1}, "+CLTS: \"yy/MM/dd,hh:mm:ss+/-zz\"");
}

QList<QByteArray> Sim70xx::bootUrcs(int fun) const
{
    // §2.1: RDY, +CFUN, +CPIN: READY, SMS Ready (no "Call Ready" on SIM7000, §16.17).
    QList<QByteArray> urcs{"RDY", "+CFUN: " + decimal(fun)};
    if (fun != 0)
        urcs.append("+CPIN: READY");
    urcs.append("SMS Ready");
    return urcs;
}

QList<QByteArray> Sim70xx::networkTimeUrcs(const QDateTime &utc, int quarterHours) const
{
    // §5.5/§18: the Qualcomm-based firmware sends DST first, then a malformed *PSUTTZ with a
    // two-digit year, date and time joined, and a stray quote before the zone.
    const QByteArray zone = QByteArray(quarterHours < 0 ? "-" : "+")
                            + QByteArray::number(std::abs(quarterHours)).rightJustified(2, '0');
    const QByteArray stamp = utc.toString(QStringLiteral("yy/MM/dd,hh:mm:ss")).toLatin1();
    return {"DST: 0", "*PSUTTZ: " + stamp + "\",\"" + zone + "\",0"};
}

AccessTech Sim70xx::accessTechnology(const ModemState &state) const
{
    // CMNB 2 = NB-IoT only; 1 and 3 find the Cat-M cell first.
    return state.cmnb == 2 ? AccessTech::NbIot : AccessTech::CatM;
}

QByteArray Sim70xx::registrationLocation(RegKind kind, const ModemState &state) const
{
    if (kind != RegKind::Cereg)
        return BasePersonality::registrationLocation(kind, state);
    // SIM7000's CEREG carries an extra, empty <rac> between <tac> and <ci> (§5.2, §16.16).
    const QByteArray generic = BasePersonality::registrationLocation(kind, state);
    const qsizetype afterTac = generic.indexOf(',', 1);
    return generic.left(afterTac) + ',' + generic.mid(afterTac);
}

void Sim70xx::onCpsi(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CPSI: (0-255)");
    if (command.form != Form::Read)
        return reply.fail(Cme::kOperationNotSupported);
    const int cfun = context.state.cfun;
    if (cfun != 1) {
        reply.add(cfun == 7 ? "+CPSI: NO SERVICE,Offline" : "+CPSI: NO SERVICE,Low Power Mode");
        return;
    }
    if (!context.state.registered())
        return reply.add("+CPSI: NO SERVICE,Online");
    reply.add(servingCellLine(context));
}

// §5.4 LTE form, 14 fields, RSRQ before RSRP.
QByteArray Sim70xx::servingCellLine(ModemContext &context) const
{
    const auto [mcc, mnc] = plmnOf(context.identity);
    const SignalSample s = context.signal.sample();
    const bool nb = context.state.act == AccessTech::NbIot;
    QByteArrayList fields{
        nb ? "LTE NB-IOT" : "LTE CAT-M1",
        "Online",
        mcc + '-' + mnc,
        "0x" + QByteArray::number(ServingCell::kTac, 16).toUpper().rightJustified(4, '0'),
        decimal(int(ServingCell::kCellId)),
        decimal(ServingCell::kPhysicalCellId),
        "EUTRAN-BAND" + decimal(ServingCell::kBand),
        decimal(ServingCell::kEarfcn),
        nb ? "0" : "5",
        nb ? "0" : "5",
        decimal(s.rsrq),
        decimal(s.rsrp),
        decimal(s.rssiDbm),
        decimal(s.rssnr),
    };
    return "+CPSI: " + fields.join(',');
}

// §4.4: read prints one line per RAT; write replaces one RAT's list; AUTO_SAVE, effective at once.
void Sim70xx::onCbandcfg(const AtCommand &command, ModemContext &context, Reply &reply)
{
    ModemState &state = context.state;
    if (command.form == Form::Test)
        return reply.add("+CBANDCFG: (CAT-M,NB-IOT),(" + bandList(kBands) + ')');
    if (command.form == Form::Read) {
        reply.add("+CBANDCFG: \"CAT-M\"," + bandList(state.catMBands));
        return reply.add("+CBANDCFG: \"NB-IOT\"," + bandList(state.nbIotBands));
    }
    if (command.form != Form::Write || command.args.size() < 2)
        return reply.fail(Cme::kInvalidInputValue);
    const QByteArray rat = command.stringArg(0).value_or(QByteArray()).toUpper();
    if (rat != "CAT-M" && rat != "NB-IOT")
        return reply.fail(Cme::kInvalidInputValue);
    QList<int> bands;
    for (qsizetype i = 1; i < command.args.size(); ++i) {
        const auto band = command.intArg(i);
        if (!band || !kBands.contains(*band) || bands.contains(*band))
            return reply.fail(Cme::kInvalidInputValue);
        bands.append(*band);
    }
    std::sort(bands.begin(), bands.end());
    (rat == "CAT-M" ? state.catMBands : state.nbIotBands) = bands;
}

// §6.2: the APN the network delivered, or 0,"" when it sent none (scenario "pdp.announce_apn").
void Sim70xx::onCgnapn(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CGNAPN: (0,1),64");
    if (command.form != Form::Action)
        return reply.fail(Cme::kOperationNotSupported);
    const PdpScenario &pdp = context.config.pdp;
    if (!context.state.registered() || !pdp.announceApn || pdp.apn.isEmpty())
        return reply.add("+CGNAPN: 0,\"\"");
    reply.add("+CGNAPN: 1,\"" + pdp.apn + '"');
}

// §6.8: AT+SNPING4="<host>",<count>,<size>,<timeout ms>. One "+SNPING4: <n>,<ip>,<ms>" line per
// reply, each after its round trip; lost probes print nothing (the manual does not say what a real
// modem prints, §16.27) but still take their timeout. ERROR without an active data context.
void Sim70xx::onSnping4(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+SNPING4: \"host\",(1-500),(1-1400),(1-60000)");
    const auto host = command.stringArg(0);
    const auto count = command.intArg(1);
    const auto size = command.intArg(2);
    const auto timeout = command.intArg(3);
    if (command.form != Form::Write || command.args.size() != 4 || !host || host->isEmpty() || !count
        || *count < 1 || *count > 500 || !size || *size < 1 || *size > 1400 || !timeout || *timeout < 1
        || *timeout > 60000)
        return reply.failPlain();
    const auto pdp = pingContext(context.state);
    const auto address = DataPath::resolve(context.config.ping, *host);
    if (!pdp || !context.state.registered() || !address)
        return reply.failPlain();
    int waited = 0;
    int id = 0;
    for (const DataPath::Probe &probe : DataPath::probes(context.config.ping, context.random, *count, *timeout)) {
        ++id;
        waited += probe.rttMs;
        if (probe.lost)
            continue;
        reply.addTimed(waited, "+SNPING4: " + decimal(id) + ',' + *address + ',' + decimal(probe.rttMs));
        waited = 0;
    }
    if (waited > 0)
        reply.addTimed(waited, {});  // trailing lost probes: wait for them before OK
}

} // namespace ModemBench::Sim
