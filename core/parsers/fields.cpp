#include "core/parsers/fields.h"

namespace ModemBench::Internal {

namespace {

char toLowerAscii(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

// Error messages quote at most this much of the input; more helps nobody reading a log line.
constexpr qsizetype kMaxQuotedChars = 80;
constexpr qsizetype kMaxDescribedLines = 4;
constexpr qsizetype kMaxRawBytes = 4096;

} // namespace

bool startsWithNoCase(QByteArrayView text, QByteArrayView prefix)
{
    if (text.size() < prefix.size())
        return false;
    for (qsizetype i = 0; i < prefix.size(); ++i) {
        if (toLowerAscii(text[i]) != toLowerAscii(prefix[i]))
            return false;
    }
    return true;
}

bool equalsNoCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && startsWithNoCase(a, b);
}

std::optional<QByteArrayView> valueAfterPrefix(QByteArrayView line, QByteArrayView prefix)
{
    const QByteArrayView text = line.trimmed();
    if (!startsWithNoCase(text, prefix))
        return std::nullopt;
    return text.sliced(prefix.size()).trimmed();
}

std::optional<QByteArrayView> valueAfterAnyPrefix(QByteArrayView line,
                                                  std::initializer_list<QByteArrayView> prefixes)
{
    for (QByteArrayView prefix : prefixes) {
        if (auto value = valueAfterPrefix(line, prefix))
            return value;
    }
    return std::nullopt;
}

QByteArrayView unquoted(QByteArrayView text)
{
    const QByteArrayView t = text.trimmed();
    if (t.size() >= 2 && t.front() == '"' && t.back() == '"')
        return t.sliced(1, t.size() - 2);
    return t;
}

std::optional<QList<AtField>> splitFields(QByteArrayView value)
{
    QList<AtField> fields;
    bool inQuote = false;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= value.size(); ++i) {
        const bool atEnd = i == value.size();
        if (!atEnd && value[i] == '"') {
            inQuote = !inQuote;
            continue;
        }
        if (!atEnd && (inQuote || value[i] != ','))
            continue;
        if (atEnd && inQuote)
            return std::nullopt;
        if (fields.size() == kMaxFields)
            return std::nullopt;
        const QByteArrayView raw = value.sliced(start, i - start).trimmed();
        const bool quoted = raw.size() >= 2 && raw.front() == '"' && raw.back() == '"';
        fields.append(AtField{quoted ? raw.sliced(1, raw.size() - 2) : raw, quoted});
        start = i + 1;
    }
    return fields;
}

std::optional<int> toInt(QByteArrayView text, int min, int max)
{
    qsizetype i = 0;
    bool negative = false;
    if (!text.isEmpty() && (text[0] == '+' || text[0] == '-')) {
        negative = text[0] == '-';
        i = 1;
    }
    if (i == text.size())
        return std::nullopt;
    qint64 value = 0;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
        // Stop before qint64 could overflow; anything this large is out of every int range.
        if (value > qint64(1) << 40)
            return std::nullopt;
    }
    if (negative)
        value = -value;
    if (value < min || value > max)
        return std::nullopt;
    return int(value);
}

bool isDigits(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

bool isHexDigits(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (!hex)
            return false;
    }
    return true;
}

bool isPrintableAscii(QByteArrayView text)
{
    for (char c : text) {
        if (c < 0x20 || c > 0x7e)
            return false;
    }
    return true;
}

bool isKnownStatusLine(QByteArrayView line)
{
    // protocol.md §2.1 and §12: boot, power and call URCs that carry no "+XXX:" prefix.
    static constexpr QByteArrayView kUrcs[] = {
        "RDY", "SMS Ready", "Call Ready", "NORMAL POWER DOWN", "UNDER-VOLTAGE POWER DOWN",
        "UNDER-VOLTAGE WARNNING", "OVER-VOLTAGE POWER DOWN", "OVER-VOLTAGE WARNNING",
        "CHARGE-ONLY MODE", "RING", "NO CARRIER", "CLOSED", "SHUT OK", "CONNECT OK",
        "CONNECT FAIL", "ALREADY CONNECT", "SEND OK", "SEND FAIL", "CLOSE OK", "SERVER OK",
        "SERVER CLOSE", "DOWNLOAD", "OK", "ERROR",
    };
    QByteArrayView text = line.trimmed();
    // Multi-connection CIP URCs carry the link number first: "0, CONNECT OK", "1, CLOSED" (§11.2).
    qsizetype digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9')
        ++digits;
    if (digits > 0 && digits < text.size() && text[digits] == ',')
        text = text.sliced(digits + 1).trimmed();
    for (QByteArrayView urc : kUrcs) {
        if (equalsNoCase(text, urc))
            return true;
    }
    return false;
}

QString quoteForMessage(QByteArrayView text)
{
    QString out = QStringLiteral("\"");
    const qsizetype n = qMin(text.size(), kMaxQuotedChars);
    for (qsizetype i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c <= 0x7e && c != '\\')
            out += QLatin1Char(char(c));
        else
            out += QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0'));
    }
    if (text.size() > n)
        out += QStringLiteral("...");
    out += QLatin1Char('"');
    return out;
}

QString describeLines(const QList<QByteArray> &lines)
{
    QStringList parts;
    qsizetype shown = 0;
    for (const QByteArray &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        if (shown == kMaxDescribedLines) {
            parts.append(QStringLiteral("..."));
            break;
        }
        parts.append(quoteForMessage(line));
        ++shown;
    }
    if (parts.isEmpty())
        return QStringLiteral("no lines");
    return parts.join(QStringLiteral(", "));
}

QByteArray joinedRaw(const QList<QByteArray> &lines)
{
    QByteArray raw;
    for (const QByteArray &line : lines) {
        if (!raw.isEmpty())
            raw += '\n';
        raw += line.left(kMaxRawBytes - raw.size());
        if (raw.size() >= kMaxRawBytes)
            break;
    }
    return raw;
}

} // namespace ModemBench::Internal
