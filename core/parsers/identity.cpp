#include "core/parsers/identity.h"

#include "core/parsers/fields.h"

namespace ModemBench {

using namespace Internal;

namespace {

// Identification strings are short ("SIMCOM_SIM7000G"); a longer line is not one of them.
constexpr qsizetype kMaxTextValue = 128;

bool isAsciiLetter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool isAsciiDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isAlnum(char c)
{
    return isAsciiLetter(c) || isAsciiDigit(c);
}

// Information text that is not a URC or result code: printable, not a "+XXX:"/"*XXX:" line, and no
// colon at all, because every prefixed URC ("DST: 1", "STATE: IP INITIAL") has one.
bool isPlainTextValue(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > kMaxTextValue || !isPrintableAscii(text))
        return false;
    if (text.contains(':') || isKnownStatusLine(text))
        return false;
    const char first = text.front();
    return first != '+' && first != '*' && first != '^' && first != '$' && first != '#';
}

// A value after an explicit prefix ("+CGMM: x"): quotes removed, printable, bounded.
std::optional<QString> prefixedTextValue(QByteArrayView value)
{
    const QByteArrayView text = unquoted(value);
    if (text.isEmpty() || text.size() > kMaxTextValue || !isPrintableAscii(text))
        return std::nullopt;
    return QString::fromLatin1(text);
}

Result<QString> parseTextValue(const QList<QByteArray> &lines,
                               std::initializer_list<QByteArrayView> prefixes, const QString &what)
{
    for (const QByteArray &line : lines) {
        if (const auto value = valueAfterAnyPrefix(line, prefixes)) {
            if (auto text = prefixedTextValue(*value))
                return *text;
            continue;
        }
        const QByteArrayView text = QByteArrayView(line).trimmed();
        if (isPlainTextValue(text))
            return QString::fromLatin1(text);
    }
    return fail(ErrorCode::Parse,
                QStringLiteral("No %1 in the reply: expected a plain text line such as "
                               "\"SIMCOM_Ltd\" (protocol.md §2.3), got %2; the modem may not support "
                               "the command or a URC replaced its answer.")
                    .arg(what, describeLines(lines)),
                joinedRaw(lines));
}

// "R1529", "R14.18": 'R' then digits with optional dots.
bool isAtiRevision(QByteArrayView token)
{
    if (token.size() < 2 || token.size() > 16 || (token[0] != 'R' && token[0] != 'r'))
        return false;
    bool digit = false;
    for (char c : token.sliced(1)) {
        if (!isAsciiDigit(c) && c != '.')
            return false;
        digit = digit || isAsciiDigit(c);
    }
    return digit;
}

// "SIM7000G", "SIM800": letters, digits, '-' or '_' with at least one letter and one digit.
bool isAtiModel(QByteArrayView token)
{
    if (token.isEmpty() || token.size() > 32)
        return false;
    bool letter = false;
    bool digit = false;
    for (char c : token) {
        if (!isAlnum(c) && c != '-' && c != '_')
            return false;
        letter = letter || isAsciiLetter(c);
        digit = digit || isAsciiDigit(c);
    }
    return letter && digit;
}

std::optional<AtiInfo> atiFromLine(QByteArrayView line)
{
    const QByteArrayView text = line.trimmed();
    if (text.size() > kMaxTextValue)
        return std::nullopt;
    const QList<QByteArray> tokens = text.toByteArray().simplified().split(' ');
    if (tokens.size() != 2 || !isAtiModel(tokens[0]) || !isAtiRevision(tokens[1]))
        return std::nullopt;
    return AtiInfo{QString::fromLatin1(tokens[0]), QString::fromLatin1(tokens[1]),
                   QString::fromLatin1(text)};
}

// The IMEI/IMSI/ICCID text of a line: after one of the prefixes, or the whole trimmed line when
// bare; quotes removed in both cases.
QByteArrayView candidateValue(QByteArrayView line, std::initializer_list<QByteArrayView> prefixes)
{
    if (const auto value = valueAfterAnyPrefix(line, prefixes))
        return unquoted(*value);
    return unquoted(line);
}

} // namespace

Result<AtiInfo> parseAti(const QList<QByteArray> &lines)
{
    for (const QByteArray &line : lines) {
        if (auto info = atiFromLine(line))
            return *info;
    }
    return fail(ErrorCode::Parse,
                QStringLiteral("No ATI identification in the reply: expected \"<model> R<revision>\" "
                               "such as \"SIM7000G R1529\" or \"SIM800 R14.18\" (protocol.md §2.2), "
                               "got %1.")
                    .arg(describeLines(lines)),
                joinedRaw(lines));
}

Result<QString> parseManufacturer(const QList<QByteArray> &lines)
{
    return parseTextValue(lines, {"+CGMI:", "+GMI:"}, QStringLiteral("manufacturer"));
}

Result<QString> parseModel(const QList<QByteArray> &lines)
{
    return parseTextValue(lines, {"+CGMM:", "+GMM:"}, QStringLiteral("model"));
}

Result<ProductInfo> parseGsv(const QList<QByteArray> &lines)
{
    QStringList texts;
    for (const QByteArray &line : lines) {
        const QByteArrayView text = QByteArrayView(line).trimmed();
        if (texts.size() < 2 && isPlainTextValue(text))
            texts.append(QString::fromLatin1(text));
    }
    auto revision = parseRevision(lines);
    if (texts.size() < 2 || !revision)
        return fail(ErrorCode::Parse,
                    QStringLiteral("AT+GSV reply incomplete: expected manufacturer, model and "
                                   "\"Revision:\" lines (protocol.md §2.3), got %1.")
                        .arg(describeLines(lines)),
                    joinedRaw(lines));
    return ProductInfo{texts.at(0), texts.at(1), *revision};
}

RevisionInfo decomposeRevision(const QString &full)
{
    RevisionInfo info;
    info.full = full;
    const QByteArray text = full.toLatin1();
    qsizetype pos = 0;
    // Build "1351B05": digits, 'B', digits (protocol.md §2.3; 1351/1529/1951/1418/1308 families).
    qsizetype i = 0;
    while (i < text.size() && isAsciiDigit(text[i]))
        ++i;
    if (i > 0 && i < text.size() && (text[i] == 'B' || text[i] == 'b')) {
        qsizetype j = i + 1;
        while (j < text.size() && isAsciiDigit(text[j]))
            ++j;
        if (j > i + 1) {
            info.build = QString::fromLatin1(text.left(j));
            pos = j;
        }
    }
    // Model "SIM7000E"/"SIM800L24" runs up to the '_' that starts the optional build date.
    qsizetype end = pos;
    bool digit = false;
    while (end < text.size() && (isAlnum(text[end]) || text[end] == '-')) {
        digit = digit || isAsciiDigit(text[end]);
        ++end;
    }
    if (end > pos && isAsciiLetter(text[pos]) && digit)
        info.model = QString::fromLatin1(text.sliced(pos, end - pos));
    if (!info.model.isEmpty() && end < text.size() && text[end] == '_' && end + 1 < text.size())
        info.date = QString::fromLatin1(text.sliced(end + 1));
    return info;
}

Result<RevisionInfo> parseRevision(const QList<QByteArray> &lines)
{
    for (const QByteArray &line : lines) {
        // "Revision:" with or without a space: real devices print none, manuals show one (§2.3).
        if (const auto value = valueAfterAnyPrefix(line, {"Revision:", "+CGMR:", "+GMR:"})) {
            const QByteArrayView text = unquoted(*value);
            if (!text.isEmpty() && text.size() <= kMaxTextValue && isPrintableAscii(text))
                return decomposeRevision(QString::fromLatin1(text));
            continue;
        }
        // A bare line is only taken when it has the full "<build><model>" shape.
        const QByteArrayView text = QByteArrayView(line).trimmed();
        if (text.isEmpty() || text.size() > kMaxTextValue || !isPrintableAscii(text))
            continue;
        RevisionInfo info = decomposeRevision(QString::fromLatin1(text));
        if (!info.build.isEmpty() && !info.model.isEmpty())
            return info;
    }
    return fail(ErrorCode::Parse,
                QStringLiteral("No firmware revision in the reply: expected \"Revision:<build><model>\" "
                               "such as \"Revision:1351B04SIM7000G\" (protocol.md §2.3), got %1.")
                    .arg(describeLines(lines)),
                joinedRaw(lines));
}

Result<QString> parseImei(const QList<QByteArray> &lines)
{
    for (const QByteArray &line : lines) {
        const QByteArrayView value = candidateValue(line, {"+CGSN:", "+GSN:"});
        if (value.size() == 15 && isDigits(value))
            return QString::fromLatin1(value);
    }
    return fail(ErrorCode::Parse,
                QStringLiteral("No IMEI in the reply: expected a line of exactly 15 digits, bare or "
                               "after \"+CGSN: \" (protocol.md §2.3), got %1.")
                    .arg(describeLines(lines)),
                joinedRaw(lines));
}

bool imeiLuhnValid(const QString &imei)
{
    return imei.size() == 15 && luhnCheckDigit(QStringView(imei).left(14)) == imei.back();
}

QChar luhnCheckDigit(QStringView digits)
{
    if (digits.isEmpty())
        return QChar();
    // From the right, every second digit starting with the last one is doubled (its digits summed).
    int sum = 0;
    bool doubleIt = true;
    for (auto it = digits.crbegin(); it != digits.crend(); ++it) {
        const int digit = it->unicode() - u'0';
        if (digit < 0 || digit > 9)
            return QChar();
        const int value = doubleIt ? digit * 2 : digit;
        sum += value > 9 ? value - 9 : value;
        doubleIt = !doubleIt;
    }
    return QChar(u'0' + (10 - sum % 10) % 10);
}

Result<QString> parseImsi(const QList<QByteArray> &lines)
{
    for (const QByteArray &line : lines) {
        const QByteArrayView value = candidateValue(line, {"+CIMI:"});
        if (value.size() >= 6 && value.size() <= 15 && isDigits(value))
            return QString::fromLatin1(value);
    }
    return fail(ErrorCode::Parse,
                QStringLiteral("No IMSI in the reply: expected a bare line of 6 to 15 digits "
                               "(protocol.md §2.3), got %1; a SIM that is missing or locked answers "
                               "+CME ERROR instead.")
                    .arg(describeLines(lines)),
                joinedRaw(lines));
}

Result<QString> parseIccid(const QList<QByteArray> &lines)
{
    for (const QByteArray &line : lines) {
        QByteArrayView value = candidateValue(line, {"+CCID:", "+ICCID:"});
        if (value.size() < 18 || value.size() > 22 || !isHexDigits(value) || !isAsciiDigit(value[0]))
            continue;
        // SIM800/SIM868 pad a 19-digit ICCID with 'f' (protocol.md §18); the padding is not part
        // of the number.
        while (!value.isEmpty() && (value.back() == 'F' || value.back() == 'f'))
            value.chop(1);
        if (value.size() >= 17)
            return QString::fromLatin1(value);
    }
    return fail(ErrorCode::Parse,
                QStringLiteral("No ICCID in the reply: expected 18 to 22 digits (hex letters allowed, "
                               "trailing F padding), bare or after \"+CCID: \" (protocol.md §2.3), "
                               "got %1.")
                    .arg(describeLines(lines)),
                joinedRaw(lines));
}

} // namespace ModemBench
