#pragma once

// +CME ERROR / +CMS ERROR final result codes (protocol.md §3.2, §3.3). AT+CMEE=1 gives numbers,
// AT+CMEE=2 verbose text; both are understood and mapped to each other where the table allows.

#include "core/error.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace ModemBench {

enum class ModemErrorKind {
    Cme,  // mobile equipment / network errors (3GPP TS 27.007 §9.2 + SIMCom vendor codes)
    Cms,  // SMS errors (3GPP TS 27.005 §3.2.5 + SIMCom vendor codes)
};

struct ModemError {
    ModemErrorKind kind = ModemErrorKind::Cme;
    std::optional<int> number;  // as sent, or looked up from verbose text when it is in the table
    QString text;               // verbose text from the modem, or looked up from the number
};

// "+CME ERROR: 10", "+CME ERROR: SIM not inserted", "+CMS ERROR: 304" (prefix case-insensitive,
// odd spacing tolerated). Parse error for: a line without either prefix; nothing after the prefix
// ("+CME ERROR:", "+CME ERROR: "); digits mixed with other characters ("12abc", "-1"); a number
// beyond int range; control or non-ASCII bytes, or no letter at all, in verbose text.
Result<ModemError> parseModemError(const QByteArray &line);

// Text for a +CME ERROR number (protocol.md §3.3 table); "unknown CME error <n>" otherwise.
QString cmeErrorText(int number);

// Text for a +CMS ERROR number (3GPP 300..340, 500; SIMCom 512..532); "unknown CMS error <n>".
QString cmsErrorText(int number);

// Reverse lookup of cmeErrorText(), case- and spacing-insensitive: "sim NOT inserted" -> 10.
std::optional<int> cmeErrorNumberFromText(const QString &verbose);

// Reverse lookup of cmsErrorText(), case- and spacing-insensitive.
std::optional<int> cmsErrorNumberFromText(const QString &verbose);

} // namespace ModemBench
