#include "sim7000g.h"

#include "signalmodel.h"

#include <QHash>

#include <cstdlib>

namespace ModemBench::Sim {

namespace {
using Form = AtCommand::Form;

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

Sim7000g::Sim7000g()
{
    addCommand("+CPSI", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCpsi(c, x, r); });
    // §4.2-§4.7, §5.5: stored settings whose read form echoes the value back.
    addSetting("+CNMP", &ModemState::cnmp, {2, 13, 38, 51}, "+CNMP: (2,13,38,51)");
    addSetting("+CMNB", &ModemState::cmnb, {1, 2, 3}, "+CMNB: (1-3)");
    addSetting("+CNETLIGHT", &ModemState::cnetlight, {0, 1}, "+CNETLIGHT: (0,1)");
    addSetting("+CSCLK", &ModemState::csclk, {0, 1}, "+CSCLK: (0,1)");
    addSetting("+CBATCHK", &ModemState::cbatchk, {0, 1}, "+CBATCHK: (0,1)");
    // The manual's test response for CLTS really is this format string (§5.5).
    addSetting("+CLTS", &ModemState::clts, {0, 1}, "+CLTS: \"yy/MM/dd,hh:mm:ss+/-zz\"");
}

QByteArray Sim7000g::cmeText(int code) const
{
    return cmeTexts().value(code, "unknown");
}

QList<QByteArray> Sim7000g::bootUrcs(int fun) const
{
    // §2.1: RDY, +CFUN, +CPIN: READY, SMS Ready (no "Call Ready" on SIM7000, §16.17).
    QList<QByteArray> urcs{"RDY", "+CFUN: " + decimal(fun)};
    if (fun != 0)
        urcs.append("+CPIN: READY");
    urcs.append("SMS Ready");
    return urcs;
}

QList<QByteArray> Sim7000g::networkTimeUrcs(const QDateTime &utc, int quarterHours) const
{
    // §5.5/§18: the Qualcomm-based firmware sends DST first, then a malformed *PSUTTZ with a
    // two-digit year, date and time joined, and a stray quote before the zone.
    const QByteArray zone = QByteArray(quarterHours < 0 ? "-" : "+")
                            + QByteArray::number(std::abs(quarterHours)).rightJustified(2, '0');
    const QByteArray stamp = utc.toString(QStringLiteral("yy/MM/dd,hh:mm:ss")).toLatin1();
    return {"DST: 0", "*PSUTTZ: " + stamp + "\",\"" + zone + "\",0"};
}

AccessTech Sim7000g::accessTechnology(const ModemState &state) const
{
    // CMNB 2 = NB-IoT only; 1 and 3 find the Cat-M cell first.
    return state.cmnb == 2 ? AccessTech::NbIot : AccessTech::CatM;
}

QByteArray Sim7000g::registrationLocation(RegKind kind, const ModemState &state) const
{
    if (kind != RegKind::Cereg)
        return BasePersonality::registrationLocation(kind, state);
    // SIM7000's CEREG carries an extra, empty <rac> between <tac> and <ci> (§5.2, §16.16).
    const QByteArray generic = BasePersonality::registrationLocation(kind, state);
    const qsizetype afterTac = generic.indexOf(',', 1);
    return generic.left(afterTac) + ',' + generic.mid(afterTac);
}

void Sim7000g::onCpsi(const AtCommand &command, ModemContext &context, Reply &reply)
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
QByteArray Sim7000g::servingCellLine(ModemContext &context) const
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

} // namespace ModemBench::Sim
