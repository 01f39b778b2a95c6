#pragma once

// Shared building blocks of the typed reply parsers. Everything here is pure and bounded: every
// function looks at each input byte a constant number of times, so a fuzzer-sized line costs
// linear time and nothing here can throw, assert or read out of bounds.

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <initializer_list>
#include <optional>

namespace ModemBench::Internal {

// A field of a comma-separated AT reply, trimmed, with its surrounding quotes removed.
struct AtField {
    QByteArrayView text;
    bool quoted = false;
};

// No reply field we parse has more than 20 parameters (+CPSI has 14, SIM7080 +CSSLCFG 13); a line
// with more than this is not a reply we know and is refused instead of being split further.
inline constexpr qsizetype kMaxFields = 64;

// ASCII case-insensitive "starts with" (modem prefixes are ASCII; V.250 allows lower case).
bool startsWithNoCase(QByteArrayView text, QByteArrayView prefix);
bool equalsNoCase(QByteArrayView a, QByteArrayView b);

// If the trimmed line starts with one of the prefixes (case-insensitively), the rest after the
// prefix, trimmed, so that "+CSQ:20,0" and "+CSQ:  20 , 0" both give "20 , 0"/"20,0".
std::optional<QByteArrayView> valueAfterPrefix(QByteArrayView line, QByteArrayView prefix);
std::optional<QByteArrayView> valueAfterAnyPrefix(QByteArrayView line,
                                                  std::initializer_list<QByteArrayView> prefixes);

// Splits at commas outside double quotes (operator names may contain commas, protocol.md §5.1).
// nullopt for an unbalanced quote or more than kMaxFields fields.
std::optional<QList<AtField>> splitFields(QByteArrayView value);

// Removes one pair of surrounding double quotes, if present, after trimming.
QByteArrayView unquoted(QByteArrayView text);

// Strict decimal integer: optional sign, digits only, no blanks, within [min, max].
std::optional<int> toInt(QByteArrayView text, int min, int max);

bool isDigits(QByteArrayView text);
bool isHexDigits(QByteArrayView text);
bool isPrintableAscii(QByteArrayView text);

// Unprefixed lines that are unsolicited result codes (protocol.md §2.1, §12) or result codes (§1)
// rather than information text. Bare-text parsers use this so that e.g. "SMS Ready" is never taken
// for a model name.
bool isKnownStatusLine(QByteArrayView line);

// The offending text in double quotes for an error message, with control and non-ASCII bytes shown
// as \xNN and long input shortened, so a message stays one readable line.
QString quoteForMessage(QByteArrayView text);

// The lines of a reply for an error message: at most a few, each quoted; "no lines" when empty.
QString describeLines(const QList<QByteArray> &lines);

// The lines joined with '\n' for Error::raw, capped so a huge reply cannot be copied into every
// error (test-plan B8).
QByteArray joinedRaw(const QList<QByteArray> &lines);

} // namespace ModemBench::Internal
