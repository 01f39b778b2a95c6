#include "core/parsers/signal.h"

#include "core/parsers/fields.h"

#include <algorithm>

namespace ModemBench {

using namespace Internal;

namespace {

constexpr int kUnknown = 99;

Error csqError(QByteArrayView line, const QString &what)
{
    return Error{ErrorCode::Parse,
                 QStringLiteral("%1 in %2; expected \"+CSQ: <rssi>,<ber>\" with rssi 0..31 or 99 "
                                "and ber 0..7 or 99 (protocol.md §5.3).")
                     .arg(what, quoteForMessage(line)),
                 line.toByteArray(), -1};
}

} // namespace

std::optional<int> csqToDbm(int rssi)
{
    // SIMCom manuals (SIM7000/SIM7080/SIM800): 0 = -115 or less, 1 = -111, 2..30 = -110..-54,
    // 31 = -52 or more. The 3GPP table (-113 + 2n) is 2-3 dB off for these modems (§16.1).
    if (rssi == 0)
        return -115;
    if (rssi == 1)
        return -111;
    if (rssi >= 2 && rssi <= 30)
        return -114 + 2 * rssi;
    if (rssi == 31)
        return -52;
    return std::nullopt;
}

Result<CsqInfo> parseCsq(const QList<QByteArray> &lines)
{
    for (const QByteArray &line : lines) {
        const auto value = valueAfterPrefix(line, "+CSQ:");
        if (!value)
            continue;
        const auto fields = splitFields(*value);
        if (!fields || fields->size() != 2)
            return std::unexpected(csqError(line, QStringLiteral("Not exactly two fields")));
        const auto rssi = toInt(fields->at(0).text, 0, kUnknown);
        if (!rssi || (*rssi > 31 && *rssi != kUnknown))
            return std::unexpected(csqError(line, QStringLiteral("The rssi %1 is out of range")
                                                      .arg(quoteForMessage(fields->at(0).text))));
        const auto ber = toInt(fields->at(1).text, 0, kUnknown);
        if (!ber || (*ber > 7 && *ber != kUnknown))
            return std::unexpected(csqError(line, QStringLiteral("The ber %1 is out of range")
                                                      .arg(quoteForMessage(fields->at(1).text))));
        CsqInfo info;
        info.rssi = *rssi;
        info.ber = *ber;
        info.rssiDbm = csqToDbm(*rssi);
        if (*ber != kUnknown)
            info.berOpt = *ber;
        return info;
    }
    return fail(ErrorCode::Parse,
                QStringLiteral("No \"+CSQ:\" line in the reply, got %1 (protocol.md §5.3).")
                    .arg(describeLines(lines)),
                joinedRaw(lines));
}

namespace {

// Measurements are small signed numbers; anything beyond this is garbage, and the bound keeps
// 2*RSSNR from overflowing.
constexpr int kMeasureMin = -1000;
constexpr int kMeasureMax = 1000;
constexpr int kMaxEarfcn = 262143;  // 18-bit E-ARFCN (3GPP TS 36.101)

Error cpsiError(QByteArrayView line, const QString &what)
{
    return Error{ErrorCode::Parse,
                 QStringLiteral("%1 in %2; expected a +CPSI line as in protocol.md §5.4 (GSM: 9 "
                                "fields, LTE: 14 fields, or \"<mode>,<state>\").")
                     .arg(what, quoteForMessage(line)),
                 line.toByteArray(), -1};
}

// One +CPSI line and its fields, with field readers whose errors name the field.
struct CpsiLine {
    QByteArrayView line;
    const QList<AtField> &fields;

    Error error(const QString &what) const { return cpsiError(line, what); }

    Result<int> number(qsizetype index, const char *name, int min, int max) const
    {
        if (const auto v = toInt(fields.at(index).text, min, max))
            return *v;
        return std::unexpected(error(QStringLiteral("The %1 field %2 is not a number from %3 to %4")
                                         .arg(QLatin1String(name), quoteForMessage(fields.at(index).text))
                                         .arg(min)
                                         .arg(max)));
    }

    // A printable identifier ("0x144f", "46576", "EUTRAN-BAND18").
    Result<QString> text(qsizetype index, const char *name) const
    {
        const QByteArrayView t = fields.at(index).text;
        if (!t.isEmpty() && t.size() <= 32 && isPrintableAscii(t))
            return QString::fromLatin1(t);
        return std::unexpected(error(QStringLiteral("The %1 field %2 is empty or not text")
                                         .arg(QLatin1String(name), quoteForMessage(t))));
    }

    // "460-01" -> ("460", "01").
    Result<void> plmn(CpsiInfo &info) const
    {
        const QByteArrayView t = fields.at(2).text;
        const qsizetype dash = t.indexOf('-');
        if (dash == 3 && isDigits(t.first(3)) && (t.size() == 6 || t.size() == 7) && isDigits(t.sliced(4))) {
            info.mcc = QString::fromLatin1(t.first(3));
            info.mnc = QString::fromLatin1(t.sliced(4));
            return {};
        }
        return std::unexpected(error(QStringLiteral("The MCC-MNC field %1 is not \"<3 digits>-<2 or 3 "
                                                    "digits>\"")
                                         .arg(quoteForMessage(t))));
    }
};

// <SysMode>,<OpMode>,<MCC>-<MNC>,<LAC>,<CellID>,<ARFCN>,<RxLev>,<TrackLOAdjust>,<C1>-<C2>; the
// ARFCN field carries the band as text: "97 EGSM 900" (protocol.md §5.4).
Result<void> fillGsm(CpsiInfo &info, const CpsiLine &c)
{
    if (c.fields.size() < 9)
        return std::unexpected(c.error(QStringLiteral("A GSM +CPSI line needs 9 fields, this one has %1")
                                           .arg(c.fields.size())));
    if (auto r = c.plmn(info); !r)
        return r;
    auto lac = c.text(3, "LAC");
    auto cell = c.text(4, "cell id");
    if (!lac || !cell)
        return std::unexpected(!lac ? lac.error() : cell.error());
    info.lacOrTac = *lac;
    info.cellId = *cell;
    const QByteArrayView arfcnField = c.fields.at(5).text;
    const qsizetype space = arfcnField.indexOf(' ');
    const QByteArrayView arfcnText = space < 0 ? arfcnField : arfcnField.first(space);
    const auto arfcn = toInt(arfcnText, 0, 1023);
    if (!arfcn)
        return std::unexpected(c.error(QStringLiteral("The ARFCN field %1 does not start with a number "
                                                      "from 0 to 1023")
                                           .arg(quoteForMessage(arfcnField))));
    info.earfcn = *arfcn;
    if (space >= 0 && !arfcnField.sliced(space).trimmed().isEmpty())
        info.band = QString::fromLatin1(arfcnField.sliced(space).trimmed());
    auto rxlev = c.number(6, "RxLev", kMeasureMin, kMeasureMax);
    if (!rxlev)
        return std::unexpected(rxlev.error());
    info.rxlev = *rxlev;
    return {};
}

// <SysMode>,<OpMode>,<MCC>-<MNC>,<TAC>,<SCellID>,<PCellID>,<FrequencyBand>,<earfcn>,<dlbw>,<ulbw>,
// <RSRQ>,<RSRP>,<RSSI>,<RSSNR>: RSRQ comes before RSRP (protocol.md §5.4).
Result<void> fillLte(CpsiInfo &info, const CpsiLine &c)
{
    if (c.fields.size() < 14)
        return std::unexpected(c.error(QStringLiteral("An LTE +CPSI line needs 14 fields (or just 2), "
                                                      "this one has %1")
                                           .arg(c.fields.size())));
    if (auto r = c.plmn(info); !r)
        return r;
    auto tac = c.text(3, "TAC");
    auto cell = c.text(4, "SCellID");
    auto band = c.text(6, "frequency band");
    if (!tac || !cell || !band)
        return std::unexpected(!tac ? tac.error() : !cell ? cell.error() : band.error());
    info.lacOrTac = *tac;
    info.cellId = *cell;
    info.band = *band;
    auto pcell = c.number(5, "PCellID", 0, 65535);
    auto earfcn = c.number(7, "earfcn", 0, kMaxEarfcn);
    auto rsrq = c.number(10, "RSRQ", kMeasureMin, kMeasureMax);
    auto rsrp = c.number(11, "RSRP", kMeasureMin, kMeasureMax);
    auto rssi = c.number(12, "RSSI", kMeasureMin, kMeasureMax);
    auto rssnr = c.number(13, "RSSNR", kMeasureMin, kMeasureMax);
    for (const Result<int> *r : {&pcell, &earfcn, &rsrq, &rsrp, &rssi, &rssnr}) {
        if (!*r)
            return std::unexpected(r->error());
    }
    info.earfcn = *earfcn;
    info.rsrq = *rsrq;
    info.rsrp = *rsrp;
    info.rssi = *rssi;
    info.rssnr = *rssnr;
    // SINR = 2*RSSNR - 20 dB, valid range -20..30 (protocol.md §5.4, Zephyr sim7080_meas.c).
    info.sinr = std::clamp(2 * *rssnr - 20, -20, 30);
    return {};
}

Result<CpsiInfo> parseCpsiLine(QByteArrayView line, QByteArrayView value)
{
    const auto fields = splitFields(value);
    if (!fields || fields->size() < 2)
        return std::unexpected(cpsiError(line, QStringLiteral("Fewer than two fields or unbalanced quotes")));
    const CpsiLine c{line, *fields};
    auto mode = c.text(0, "system mode");
    auto state = c.text(1, "operation mode");
    if (!mode || !state)
        return std::unexpected(!mode ? mode.error() : state.error());
    CpsiInfo info;
    info.systemMode = *mode;
    info.operationMode = *state;
    // "NO SERVICE,Online" and the B08 short form "LTE CAT-M1,Online" carry no cell fields.
    if (fields->size() == 2)
        return info;
    Result<void> filled;
    if (info.systemMode.startsWith(QLatin1String("GSM"), Qt::CaseInsensitive))
        filled = fillGsm(info, c);
    else if (info.systemMode.startsWith(QLatin1String("LTE"), Qt::CaseInsensitive))
        filled = fillLte(info, c);
    if (!filled)
        return std::unexpected(filled.error());
    return info;
}

} // namespace

Result<CpsiInfo> parseCpsi(const QList<QByteArray> &lines)
{
    for (const QByteArray &line : lines) {
        if (const auto value = valueAfterPrefix(line, "+CPSI:"))
            return parseCpsiLine(line, *value);
    }
    return fail(ErrorCode::Parse,
                QStringLiteral("No \"+CPSI:\" line in the reply, got %1 (protocol.md §5.4).")
                    .arg(describeLines(lines)),
                joinedRaw(lines));
}

} // namespace ModemBench
