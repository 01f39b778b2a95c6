#include "core/parsers/errors.h"

#include "core/parsers/fields.h"

#include <QHash>

#include <limits>
#include <span>

namespace ModemBench {

using namespace Internal;

namespace {

struct CodeText {
    int number;
    const char *text;
};

// protocol.md §3.3 (SIM7000 V1.06 §20.1; SIM800 uses the same 3GPP core and moved its vendor codes
// 810-824 to 600-614). Individual texts of the 40-47, 171-193 and 753-773 ranges, which §3.3 only
// summarises, are SIMCom's published texts for those codes.
constexpr CodeText kCmeCodes[] = {
    {0, "phone failure"}, {1, "no connection to phone"}, {2, "phone-adaptor link reserved"},
    {3, "operation not allowed"}, {4, "operation not supported"}, {5, "PH-SIM PIN required"},
    {6, "PH-FSIM PIN required"}, {7, "PH-FSIM PUK required"}, {10, "SIM not inserted"},
    {11, "SIM PIN required"}, {12, "SIM PUK required"}, {13, "SIM failure"}, {14, "SIM busy"},
    {15, "SIM wrong"}, {16, "incorrect password"}, {17, "SIM PIN2 required"},
    {18, "SIM PUK2 required"}, {20, "memory full"}, {21, "invalid index"}, {22, "not found"},
    {23, "memory failure"}, {24, "text string too long"}, {25, "invalid characters in text string"},
    {26, "dial string too long"}, {27, "invalid characters in dial string"},
    {30, "no network service"}, {31, "network timeout"},
    {32, "network not allowed - emergency calls only"},
    {40, "network personalisation PIN required"}, {41, "network personalisation PUK required"},
    {42, "network subset personalisation PIN required"},
    {43, "network subset personalisation PUK required"},
    {44, "service provider personalisation PIN required"},
    {45, "service provider personalisation PUK required"},
    {46, "corporate personalisation PIN required"}, {47, "corporate personalisation PUK required"},
    {99, "resource limitation"}, {100, "unknown"}, {103, "Illegal MS"}, {106, "Illegal ME"},
    {107, "GPRS services not allowed"}, {111, "PLMN not allowed"},
    {112, "location area not allowed"}, {113, "roaming not allowed in this location area"},
    {132, "service option not supported"}, {133, "requested service option not subscribed"},
    {134, "service option temporarily out of order"}, {148, "unspecified GPRS error"},
    {149, "PDP authentication failure"}, {150, "invalid mobile class"},
    {160, "DNS resolve failed"}, {161, "socket open failed"},
    {171, "MMS task is busy now"}, {172, "the MMS data is oversize"},
    {173, "the operation is overtime"}, {174, "there is no MMS receiver"},
    {175, "the storage for address is full"}, {176, "not find the address"},
    {177, "the connection to network is failed"}, {178, "failed to read push message"},
    {179, "this is not a push message"}, {180, "gprs is not attached"},
    {181, "tcpip stack is busy"}, {182, "the MMS storage is full"}, {183, "the box is empty"},
    {184, "failed to save MMS"}, {185, "it is in edit mode"}, {186, "it is not in edit mode"},
    {187, "no content in the buffer"}, {188, "not find the file"},
    {189, "failed to receive MMS"}, {190, "failed to read MMS"},
    {191, "not M-Notification.ind"}, {192, "the MMS inclosure is full"}, {193, "unknown MMS error"},
    {600, "No Error"}, {601, "Unrecognized Command"}, {602, "Return Value Error"},
    {603, "Syntax Error"}, {604, "Unspecified Error"}, {605, "Data Transfer Already"},
    {606, "Action Already"}, {607, "Not At Cmd"}, {608, "Multi Cmd too long"},
    {609, "Abort Cops"}, {610, "No Call Disc"}, {611, "BT SAP Undefined"},
    {612, "BT SAP Not Accessible"}, {613, "BT SAP Card Removed"},
    {614, "AT Not Allowed By Customer"}, {753, "missing required cmd parameter"},
    {754, "invalid SIM command"}, {755, "invalid File Id"},
    {756, "missing required P1/2/3 parameter"}, {757, "invalid P1/2/3 parameter"},
    {758, "missing required command data"}, {759, "invalid characters in command data"},
    {765, "Invalid input value"}, {766, "Unsupported mode"}, {767, "Operation failed"},
    {768, "Mux already running"}, {769, "Unable to get control"}, {770, "SIM network reject"},
    {771, "Call setup in progress"}, {772, "SIM powered down"}, {773, "SIM file not present"},
    {791, "Param count not enough"}, {792, "Param count beyond"},
    {793, "Param value range beyond"}, {794, "Param type not match"},
    {795, "Param format invalid"}, {796, "Get a null param"}, {797, "CFUN state is 0 or 4"},
};

// 3GPP TS 27.005 §3.2.5 (300..340, 500) and SIMCom's 512..532 (protocol.md §3.3: "300 ME failure
// ... 532 Doing SIM refresh").
constexpr CodeText kCmsCodes[] = {
    {300, "ME failure"}, {301, "SMS service of ME reserved"}, {302, "operation not allowed"},
    {303, "operation not supported"}, {304, "invalid PDU mode parameter"},
    {305, "invalid text mode parameter"}, {310, "SIM not inserted"}, {311, "SIM PIN required"},
    {312, "PH-SIM PIN required"}, {313, "SIM failure"}, {314, "SIM busy"}, {315, "SIM wrong"},
    {316, "SIM PUK required"}, {317, "SIM PIN2 required"}, {318, "SIM PUK2 required"},
    {320, "memory failure"}, {321, "invalid memory index"}, {322, "memory full"},
    {323, "invalid input parameter"}, {324, "invalid input format"}, {325, "invalid input value"},
    {330, "SMSC address unknown"}, {331, "no network service"}, {332, "network timeout"},
    {340, "no +CNMA acknowledgement expected"}, {500, "unknown error"}, {512, "SMS no error"},
    {513, "message length exceeds maximum length"}, {514, "invalid request parameters"},
    {515, "ME storage failure"}, {516, "invalid bearer service"}, {517, "invalid service mode"},
    {518, "invalid storage type"}, {519, "invalid message format"},
    {520, "too many MO concatenated messages"}, {521, "SMSAL not ready"},
    {522, "SMSAL no more service"}, {523, "not support TP-Status-Report & TP-Command in storage"},
    {524, "reserved MTI"}, {525, "no free entity in RL layer"},
    {526, "the port number is already registered"}, {527, "there is no free entity for port number"},
    {528, "more message to send state error"}, {529, "MO SMS is not allowed"},
    {530, "GPRS is suspended"}, {531, "ME storage full"}, {532, "Doing SIM refresh"},
};

const char *lookupText(std::span<const CodeText> table, int number)
{
    for (const CodeText &entry : table) {
        if (entry.number == number)
            return entry.text;
    }
    return nullptr;
}

QString normalizedText(const QString &text)
{
    return text.simplified().toLower();
}

QHash<QString, int> reverseTable(std::span<const CodeText> table)
{
    QHash<QString, int> hash;
    for (const CodeText &entry : table) {
        // First entry wins where two codes share a text ("unknown").
        const QString key = normalizedText(QString::fromLatin1(entry.text));
        if (!hash.contains(key))
            hash.insert(key, entry.number);
    }
    return hash;
}

std::optional<int> lookupNumber(const QHash<QString, int> &hash, const QString &verbose)
{
    const auto it = hash.constFind(normalizedText(verbose));
    if (it == hash.cend())
        return std::nullopt;
    return it.value();
}

// Verbose text is short printable ASCII with at least one letter ("SIM not inserted").
constexpr qsizetype kMaxVerbose = 128;

bool isVerboseText(QByteArrayView text)
{
    if (text.size() > kMaxVerbose || !isPrintableAscii(text))
        return false;
    for (char c : text) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
            return true;
    }
    return false;
}

Error modemErrorParseError(QByteArrayView line, const QString &what)
{
    return Error{ErrorCode::Parse,
                 QStringLiteral("%1 in %2; expected \"+CME ERROR: <number>\" or \"+CME ERROR: <text>\" "
                                "(or +CMS ERROR), protocol.md §3.2.")
                     .arg(what, quoteForMessage(line)),
                 line.toByteArray(), -1};
}

} // namespace

Result<ModemError> parseModemError(const QByteArray &line)
{
    ModemError result;
    std::optional<QByteArrayView> value = valueAfterPrefix(line, "+CME ERROR:");
    if (!value) {
        value = valueAfterPrefix(line, "+CMS ERROR:");
        result.kind = ModemErrorKind::Cms;
    }
    if (!value)
        return std::unexpected(modemErrorParseError(line, QStringLiteral("Not a +CME/+CMS ERROR line")));
    const QByteArrayView text = unquoted(*value);
    if (text.isEmpty())
        return std::unexpected(modemErrorParseError(line, QStringLiteral("No error code or text")));
    const bool cme = result.kind == ModemErrorKind::Cme;
    const char first = text.front();
    if ((first >= '0' && first <= '9') || first == '-' || first == '+') {
        const auto number = isDigits(text) ? toInt(text, 0, std::numeric_limits<int>::max()) : std::nullopt;
        if (!number)
            return std::unexpected(modemErrorParseError(
                line, QStringLiteral("The error code %1 is not a non-negative integer within range")
                          .arg(quoteForMessage(text))));
        result.number = *number;
        result.text = cme ? cmeErrorText(*number) : cmsErrorText(*number);
        return result;
    }
    if (!isVerboseText(text))
        return std::unexpected(modemErrorParseError(
            line, QStringLiteral("The error text %1 is not readable text").arg(quoteForMessage(text))));
    result.text = QString::fromLatin1(text);
    result.number = cme ? cmeErrorNumberFromText(result.text) : cmsErrorNumberFromText(result.text);
    return result;
}

QString cmeErrorText(int number)
{
    if (const char *text = lookupText(kCmeCodes, number))
        return QString::fromLatin1(text);
    return QStringLiteral("unknown CME error %1").arg(number);
}

QString cmsErrorText(int number)
{
    if (const char *text = lookupText(kCmsCodes, number))
        return QString::fromLatin1(text);
    return QStringLiteral("unknown CMS error %1").arg(number);
}

std::optional<int> cmeErrorNumberFromText(const QString &verbose)
{
    static const QHash<QString, int> table = reverseTable(kCmeCodes);
    return lookupNumber(table, verbose);
}

std::optional<int> cmsErrorNumberFromText(const QString &verbose)
{
    static const QHash<QString, int> table = reverseTable(kCmsCodes);
    return lookupNumber(table, verbose);
}

} // namespace ModemBench
