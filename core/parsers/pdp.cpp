#include "core/parsers/pdp.h"

#include <algorithm>

#include "core/parsers/fields.h"

namespace ModemBench {

using namespace Internal;

namespace {

Error parseError(const char *what, const QList<QByteArray> &lines)
{
    return Error{ErrorCode::Parse,
                 QStringLiteral("Could not read %1 from the modem's reply (%2); check the model and firmware "
                                "with 'status' and report the reply if it is a supported modem")
                     .arg(QLatin1String(what), describeLines(lines)),
                 joinedRaw(lines), -1};
}

QString fieldText(const AtField &field)
{
    return QString::fromLatin1(field.text.toByteArray());
}

} // namespace

bool isIpv4Address(QByteArrayView text)
{
    const QList<QByteArray> parts = text.toByteArray().split('.');
    if (parts.size() != 4)
        return false;
    for (const QByteArray &part : parts) {
        // Digits only: toInt() would take "-0" or "+1" (found by fuzz_parsers).
        const bool digits = std::all_of(part.cbegin(), part.cend(), [](char c) { return c >= '0' && c <= '9'; });
        if (part.isEmpty() || part.size() > 3 || !digits || !toInt(part, 0, 255))
            return false;
    }
    return true;
}

Result<NetworkApn> parseCgnapn(const QList<QByteArray> &lines)
{
    for (const QByteArray &line : lines) {
        const auto value = valueAfterPrefix(line, "+CGNAPN:");
        if (!value)
            continue;
        const auto fields = splitFields(*value);
        if (!fields || fields->size() < 2)
            continue;
        const auto valid = toInt(fields->at(0).text, 0, 1);
        if (!valid)
            continue;
        return NetworkApn{*valid == 1 && !fields->at(1).text.isEmpty(), fieldText(fields->at(1))};
    }
    return std::unexpected(parseError("the network APN (+CGNAPN)", lines));
}

Result<QList<PdpContext>> parseCnact(const QList<QByteArray> &lines)
{
    QList<PdpContext> contexts;
    for (const QByteArray &line : lines) {
        const auto value = valueAfterPrefix(line, "+CNACT:");
        if (!value)
            continue;
        const auto fields = splitFields(*value);
        if (!fields || fields->size() < 2 || fields->size() > 3)
            continue;
        const bool sim7080 = fields->size() == 3;
        PdpContext context;
        const auto index = sim7080 ? toInt(fields->at(0).text, 0, 15) : std::optional<int>(0);
        const auto status = toInt(fields->at(sim7080 ? 1 : 0).text, 0, 2);
        const QByteArrayView address = fields->at(sim7080 ? 2 : 1).text;
        if (!index || !status || (!address.isEmpty() && !isIpv4Address(address) && !address.contains(':')))
            continue;
        context.index = *index;
        context.status = *status;
        context.address = QString::fromLatin1(address.toByteArray());
        contexts << context;
    }
    if (contexts.isEmpty())
        return std::unexpected(parseError("the data connection state (+CNACT)", lines));
    return contexts;
}

Result<AppPdpEvent> parseAppPdpUrc(const QByteArray &line)
{
    const auto value = valueAfterPrefix(line, "+APP PDP:");
    if (!value)
        return std::unexpected(parseError("a +APP PDP event", {line}));
    const auto fields = splitFields(*value);
    if (!fields || fields->isEmpty() || fields->size() > 2)
        return std::unexpected(parseError("a +APP PDP event", {line}));
    AppPdpEvent event;
    if (fields->size() == 2) {
        event.index = toInt(fields->at(0).text, 0, 15);
        if (!event.index)
            return std::unexpected(parseError("a +APP PDP event", {line}));
    }
    const QByteArrayView word = fields->last().text;
    if (equalsNoCase(word, "ACTIVE"))
        event.active = true;
    else if (!equalsNoCase(word, "DEACTIVE"))
        return std::unexpected(parseError("a +APP PDP event", {line}));
    return event;
}

Result<QString> parseCipState(const QList<QByteArray> &lines)
{
    for (const QByteArray &line : lines) {
        const auto value = valueAfterPrefix(line, "STATE:");
        if (value && !value->isEmpty() && isPrintableAscii(*value))
            return QString::fromLatin1(value->toByteArray()).toUpper();
    }
    return std::unexpected(parseError("the IP connection state (STATE:)", lines));
}

Result<QString> parseCifsr(const QList<QByteArray> &lines)
{
    for (const QByteArray &line : lines) {
        QByteArrayView text = QByteArrayView(line).trimmed();
        if (const auto value = valueAfterPrefix(line, "+CIFSREX:"))
            text = *value;
        if (isIpv4Address(text))
            return QString::fromLatin1(text.toByteArray());
    }
    return std::unexpected(parseError("the local IP address (AT+CIFSR)", lines));
}

Result<QString> parseCncfgApn(const QList<QByteArray> &lines, bool sim7080)
{
    for (const QByteArray &line : lines) {
        const auto value = valueAfterPrefix(line, "+CNCFG:");
        if (!value)
            continue;
        const auto fields = splitFields(*value);
        if (!fields || fields->size() < 2)
            continue;
        if (sim7080 && toInt(fields->at(0).text, 0, 3).value_or(-1) != 0)
            continue;
        const qsizetype at = sim7080 ? 2 : 1;
        if (at < fields->size())
            return fieldText(fields->at(at));
    }
    return std::unexpected(parseError("the configured APN (+CNCFG)", lines));
}

Result<QString> parseCsttApn(const QList<QByteArray> &lines)
{
    for (const QByteArray &line : lines) {
        const auto value = valueAfterPrefix(line, "+CSTT:");
        if (!value)
            continue;
        const auto fields = splitFields(*value);
        if (fields && !fields->isEmpty())
            return fieldText(fields->at(0));
    }
    return std::unexpected(parseError("the APN (+CSTT)", lines));
}

Result<bool> parseCgatt(const QList<QByteArray> &lines)
{
    for (const QByteArray &line : lines) {
        const auto value = valueAfterPrefix(line, "+CGATT:");
        if (!value)
            continue;
        if (const auto state = toInt(*value, 0, 1))
            return *state == 1;
    }
    return std::unexpected(parseError("the packet attach state (+CGATT)", lines));
}

} // namespace ModemBench
