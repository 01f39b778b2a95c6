#include "core/at/resultcodes.h"

#include "core/parsers/errors.h"

#include <array>

namespace ModemBench {

namespace {

struct TextFinal {
    const char *text;
    FinalResult result;
};

constexpr std::array kTextFinals{
    TextFinal{"OK", FinalResult::Ok},
    TextFinal{"ERROR", FinalResult::Error},
    TextFinal{"NO CARRIER", FinalResult::NoCarrier},
    TextFinal{"BUSY", FinalResult::Busy},
    TextFinal{"NO ANSWER", FinalResult::NoAnswer},
    TextFinal{"NO DIALTONE", FinalResult::NoDialtone},
};

// ATV0 numbers (protocol §1): 0 OK, 3 NO CARRIER, 4 ERROR, 6 NO DIALTONE, 7 BUSY, 8 NO ANSWER.
std::optional<FinalResult> numericFinal(const QByteArray &line)
{
    if (line.size() != 1)
        return std::nullopt;
    switch (line.at(0)) {
    case '0': return FinalResult::Ok;
    case '3': return FinalResult::NoCarrier;
    case '4': return FinalResult::Error;
    case '6': return FinalResult::NoDialtone;
    case '7': return FinalResult::Busy;
    case '8': return FinalResult::NoAnswer;
    default: return std::nullopt;
    }
}

// "SEND OK" or "<n>, SEND OK" / "<n>,SEND OK" (multi-connection CIP stack, protocol §11.2).
std::optional<FinalResult> sendFinal(const QByteArray &line)
{
    QByteArray rest = line;
    const qsizetype comma = rest.indexOf(',');
    if (comma > 0 && comma <= 2) {
        bool numeric = false;
        rest.left(comma).toInt(&numeric);
        if (numeric)
            rest = rest.mid(comma + 1).trimmed();
    }
    if (rest == "SEND OK")
        return FinalResult::SendOk;
    if (rest == "SEND FAIL")
        return FinalResult::SendFail;
    return std::nullopt;
}

QString describe(const QByteArray &command)
{
    return command.isEmpty() ? QStringLiteral("The command") : QString::fromLatin1(command);
}

} // namespace

std::optional<FinalResult> classifyFinal(const QByteArray &line, const FinalContext &context)
{
    const QByteArray trimmed = line.trimmed();
    for (const TextFinal &final : kTextFinals) {
        if (trimmed == final.text)
            return final.result;
    }
    if (trimmed.startsWith("+CME ERROR"))
        return FinalResult::CmeError;
    if (trimmed.startsWith("+CMS ERROR"))
        return FinalResult::CmsError;
    if (context.numericResults) {
        if (auto numeric = numericFinal(trimmed))
            return numeric;
    }
    if (context.sendCommand)
        return sendFinal(trimmed);
    return std::nullopt;
}

bool isSuccess(FinalResult result)
{
    return result == FinalResult::Ok || result == FinalResult::SendOk;
}

Error errorForFinal(FinalResult result, const QByteArray &line, const QByteArray &command)
{
    const QString who = describe(command);
    switch (result) {
    case FinalResult::CmeError:
    case FinalResult::CmsError: {
        const ErrorCode code = result == FinalResult::CmeError ? ErrorCode::CmeError : ErrorCode::CmsError;
        auto parsed = parseModemError(line.trimmed());
        if (!parsed)
            return {code, QStringLiteral("%1 failed with a malformed error report '%2'")
                              .arg(who, QString::fromLatin1(line)), line, -1};
        const int number = parsed->number.value_or(-1);
        return {code, QStringLiteral("%1 failed: %2").arg(who, parsed->text), line, number};
    }
    case FinalResult::Error:
        return {ErrorCode::Error,
                QStringLiteral("%1 answered ERROR. Send AT+CMEE=2 for the reason; check the syntax with the "
                               "command help.").arg(who), line, -1};
    case FinalResult::NoCarrier: return {ErrorCode::NoCarrier, who + QStringLiteral(": NO CARRIER"), line, -1};
    case FinalResult::Busy: return {ErrorCode::Busy, who + QStringLiteral(": BUSY"), line, -1};
    case FinalResult::NoAnswer: return {ErrorCode::NoAnswer, who + QStringLiteral(": NO ANSWER"), line, -1};
    case FinalResult::NoDialtone: return {ErrorCode::NoDialtone, who + QStringLiteral(": NO DIALTONE"), line, -1};
    case FinalResult::SendFail:
        return {ErrorCode::SendFail, who + QStringLiteral(": SEND FAIL (the peer did not take the data)"), line, -1};
    case FinalResult::Ok:
    case FinalResult::SendOk:
        break;
    }
    return {ErrorCode::Error, who + QStringLiteral(" failed"), line, -1};
}

bool isBootBanner(const QByteArray &line)
{
    return line.trimmed() == "RDY";
}

bool isKnownUrc(const QByteArray &line)
{
    static const std::array<const char *, 48> prefixes{
        "RDY", "+CFUN:", "+CPIN:", "Call Ready", "SMS Ready", "NORMAL POWER DOWN", "UNDER-VOLTAGE",
        "OVER-VOLTAGE", "CHARGE-ONLY MODE", "+CREG:", "+CGREG:", "+CEREG:", "+CNSMOD:", "*PSNWID:",
        "*PSUTTZ:", "+CTZV:", "DST:", "+CIEV:", "+APP PDP:", "+CAOPEN:", "+CASEND:", "+CADATAIND:",
        "+CAURC:", "+CASTATE:", "+CACLOSE:", "+CANEW:", "+SHREQ:", "+SHREAD:", "+SHSTATE:", "+CDNSGIP:",
        "+CNTP:", "+HTTPTOFS:", "+IPD", "+RECEIVE,", "RECV FROM:", "REMOTE IP:", "+CIPRXGET: 1",
        "+PDP: DEACT", "+SAPBR", "+HTTPACTION:", "+SSLSETCERT:", "+CMTI:", "+CMT:", "+CUSD:", "RING",
        "+SMSTATE:", "CLOSED", "+CLIP:"};
    const QByteArray trimmed = line.trimmed();
    for (const char *prefix : prefixes) {
        if (trimmed.startsWith(prefix))
            return true;
    }
    // CIP stack connection events: "CONNECT OK", "0, CONNECT OK", "1, CLOSED" (protocol §11.2).
    return trimmed.endsWith("CONNECT OK") || trimmed.endsWith("CONNECT FAIL") || trimmed.endsWith(", CLOSED")
        || trimmed.endsWith("ALREADY CONNECT");
}

} // namespace ModemBench
