#include "core/parsers/registration.h"

#include "core/parsers/fields.h"

namespace ModemBench {

using namespace Internal;

namespace {

// 3GPP TS 27.007 §7.2: <stat> 0..10 (6..10 are SMS-only/CSFB variants), <n> 0..5, <AcT> 0..13.
constexpr int kMaxStat = 10;
constexpr int kMaxN = 5;
constexpr int kMaxAct = 15;
// A 28-bit E-UTRAN cell id is 7 hex digits; some firmware zero-pads to 8.
constexpr qsizetype kMaxHexId = 8;

struct DomainPrefix {
    QByteArrayView prefix;
    RegistrationDomain domain;
};

constexpr DomainPrefix kDomainPrefixes[] = {
    {"+CREG:", RegistrationDomain::Cs},
    {"+CGREG:", RegistrationDomain::Ps},
    {"+CEREG:", RegistrationDomain::Eps},
};

struct PrefixedValue {
    RegistrationDomain domain;
    QByteArrayView value;
};

std::optional<PrefixedValue> registrationValue(QByteArrayView line)
{
    for (const DomainPrefix &p : kDomainPrefixes) {
        if (const auto value = valueAfterPrefix(line, p.prefix))
            return PrefixedValue{p.domain, *value};
    }
    return std::nullopt;
}

// An optional hex identifier: empty means absent; anything but 1..8 hex digits is an error.
Result<std::optional<QString>> hexId(const AtField &field, QByteArrayView line, const char *what)
{
    if (field.text.isEmpty())
        return std::optional<QString>();
    if (field.text.size() <= kMaxHexId && isHexDigits(field.text))
        return std::optional<QString>(QString::fromLatin1(field.text));
    return fail(ErrorCode::Parse,
                QStringLiteral("The %1 field %2 in %3 is not a hexadecimal identifier of at most 8 "
                               "digits (protocol.md §5.2).")
                    .arg(QLatin1String(what), quoteForMessage(field.text), quoteForMessage(line)),
                line.toByteArray());
}

Result<std::optional<int>> optionalAct(const AtField &field, QByteArrayView line)
{
    if (field.text.isEmpty())
        return std::optional<int>();
    if (const auto act = toInt(field.text, 0, kMaxAct))
        return std::optional<int>(*act);
    return fail(ErrorCode::Parse,
                QStringLiteral("The access technology %1 in %2 is not a number from 0 to %3 "
                               "(protocol.md §5.2).")
                    .arg(quoteForMessage(field.text), quoteForMessage(line))
                    .arg(kMaxAct),
                line.toByteArray());
}

// For CEREG the third field after <tac> tells the layouts apart: SIM7000 puts the quoted <ci>
// there (after its extra <rac>), 3GPP puts the unquoted numeric <AcT> there (protocol.md §16.16).
bool hasRacField(const QList<AtField> &location)
{
    if (location.size() < 3)
        return false;
    const AtField &third = location[2];
    return third.quoted || !toInt(third.text, 0, kMaxAct).has_value();
}

// Fills lac/ci/act from the fields that follow <stat>.
Result<void> fillLocation(Registration &reg, const QList<AtField> &location, QByteArrayView line)
{
    if (location.isEmpty())
        return {};
    qsizetype ciIndex = 1;
    qsizetype actIndex = 2;
    if (reg.domain == RegistrationDomain::Eps && hasRacField(location)) {
        ciIndex = 2;
        actIndex = 3;
    }
    auto lac = hexId(location[0], line, reg.domain == RegistrationDomain::Eps ? "tac" : "lac");
    if (!lac)
        return std::unexpected(lac.error());
    reg.lac = *lac;
    if (ciIndex < location.size()) {
        auto ci = hexId(location[ciIndex], line, "cell id");
        if (!ci)
            return std::unexpected(ci.error());
        reg.ci = *ci;
    }
    if (actIndex < location.size()) {
        auto act = optionalAct(location[actIndex], line);
        if (!act)
            return std::unexpected(act.error());
        reg.act = *act;
    }
    return {};
}

Error registrationError(QByteArrayView line, const QString &what)
{
    return Error{ErrorCode::Parse,
                 QStringLiteral("%1 in %2; expected \"+CEREG: [<n>,]<stat>[,<tac>,<ci>[,<act>]]\" "
                                "with <stat> 0..10 (protocol.md §5.2).")
                     .arg(what, quoteForMessage(line)),
                 line.toByteArray(), -1};
}

// Parses the fields of one +CxREG line; withN selects the read form (<n> first) or the URC form.
Result<Registration> parseRegistrationLine(QByteArrayView line, bool withN)
{
    const auto prefixed = registrationValue(line);
    if (!prefixed)
        return std::unexpected(registrationError(line, QStringLiteral("Not a +CREG/+CGREG/+CEREG line")));
    const auto fields = splitFields(prefixed->value);
    if (!fields || fields->isEmpty() || fields->front().text.isEmpty())
        return std::unexpected(registrationError(line, QStringLiteral("No registration fields")));
    Registration reg;
    reg.domain = prefixed->domain;
    qsizetype next = 0;
    if (withN) {
        const auto n = fields->size() >= 2 ? toInt(fields->at(0).text, 0, kMaxN) : std::nullopt;
        if (!n || fields->at(0).quoted)
            return std::unexpected(registrationError(line, QStringLiteral("No valid <n>,<stat> pair")));
        reg.n = *n;
        next = 1;
    }
    const auto stat = toInt(fields->at(next).text, 0, kMaxStat);
    if (!stat || fields->at(next).quoted)
        return std::unexpected(registrationError(
            line, QStringLiteral("The <stat> field %1 is not a number from 0 to 10")
                      .arg(quoteForMessage(fields->at(next).text))));
    reg.stat = *stat;
    if (auto filled = fillLocation(reg, fields->mid(next + 1), line); !filled)
        return std::unexpected(filled.error());
    return reg;
}

} // namespace

Result<Registration> parseRegistrationReply(const QList<QByteArray> &lines)
{
    std::optional<Error> firstError;
    for (const QByteArray &line : lines) {
        if (!registrationValue(line))
            continue;
        auto reg = parseRegistrationLine(line, true);
        if (reg)
            return reg;
        // A URC-form line ("+CEREG: 1", "+CEREG: 1,"1A2B",...") can precede the reply; keep
        // looking, but report the first problem if nothing fits.
        if (!firstError)
            firstError = reg.error();
    }
    if (firstError)
        return std::unexpected(*firstError);
    return fail(ErrorCode::Parse,
                QStringLiteral("No \"+CREG:\", \"+CGREG:\" or \"+CEREG:\" line in the reply, got %1 "
                               "(protocol.md §5.2).")
                    .arg(describeLines(lines)),
                joinedRaw(lines));
}

Result<Registration> parseRegistrationUrc(const QByteArray &line)
{
    return parseRegistrationLine(line, false);
}

QString registrationStateName(int stat)
{
    switch (stat) {
    case 0: return QStringLiteral("not-registered");
    case 1: return QStringLiteral("registered-home");
    case 2: return QStringLiteral("searching");
    case 3: return QStringLiteral("denied");
    case 5: return QStringLiteral("registered-roaming");
    default: return QStringLiteral("unknown");
    }
}

bool isRegistered(int stat)
{
    return stat == 1 || stat == 5;
}

namespace {

Error copsError(QByteArrayView line, const QString &what)
{
    return Error{ErrorCode::Parse,
                 QStringLiteral("%1 in %2; expected '+COPS: <mode>[,<format>,<oper>[,<AcT>]]' such as "
                                "'+COPS: 0,0,\"CHN-UNICOM\",0' (protocol.md §5.1).")
                     .arg(what, quoteForMessage(line)),
                 line.toByteArray(), -1};
}

Result<OperatorInfo> parseCopsLine(QByteArrayView line, QByteArrayView value)
{
    const auto fields = splitFields(value);
    if (!fields)
        return std::unexpected(copsError(line, QStringLiteral("Unbalanced quotes or too many fields")));
    OperatorInfo info;
    const auto mode = toInt(fields->at(0).text, 0, 4);
    if (!mode)
        return std::unexpected(copsError(line, QStringLiteral("The mode %1 is not a number from 0 to 4")
                                                   .arg(quoteForMessage(fields->at(0).text))));
    info.mode = *mode;
    if (fields->size() >= 2 && !fields->at(1).text.isEmpty()) {
        const auto format = toInt(fields->at(1).text, 0, 2);
        if (!format)
            return std::unexpected(copsError(line, QStringLiteral("The format %1 is not 0, 1 or 2")
                                                       .arg(quoteForMessage(fields->at(1).text))));
        info.format = *format;
    }
    if (fields->size() >= 3 && !fields->at(2).text.isEmpty()) {
        if (!isPrintableAscii(fields->at(2).text))
            return std::unexpected(copsError(line, QStringLiteral("The operator name is not printable text")));
        info.name = QString::fromLatin1(fields->at(2).text);
    }
    if (fields->size() >= 4 && !fields->at(3).text.isEmpty()) {
        const auto act = toInt(fields->at(3).text, 0, kMaxAct);
        if (!act)
            return std::unexpected(copsError(line, QStringLiteral("The access technology %1 is not a number")
                                                       .arg(quoteForMessage(fields->at(3).text))));
        info.act = *act;
    }
    if (fields->size() > 4)
        return std::unexpected(copsError(line, QStringLiteral("More than four fields")));
    return info;
}

} // namespace

Result<OperatorInfo> parseCops(const QList<QByteArray> &lines)
{
    for (const QByteArray &line : lines) {
        if (const auto value = valueAfterPrefix(line, "+COPS:"))
            return parseCopsLine(line, *value);
    }
    return fail(ErrorCode::Parse,
                QStringLiteral("No \"+COPS:\" line in the reply, got %1 (protocol.md §5.1).")
                    .arg(describeLines(lines)),
                joinedRaw(lines));
}

QString accessTechnologyName(int act)
{
    switch (act) {
    case 0: return QStringLiteral("GSM");
    case 1: return QStringLiteral("GSM Compact");
    case 3: return QStringLiteral("GSM EGPRS");
    case 7: return QStringLiteral("LTE Cat-M1");
    case 9: return QStringLiteral("LTE NB-IoT");
    default: return QStringLiteral("unknown");
    }
}

} // namespace ModemBench
