#include "simconfig.h"

#include <algorithm>

namespace ModemBench::Sim::IdentityRules {

namespace {
bool allDigits(const QByteArray &value)
{
    return std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool allHex(const QByteArray &value)
{
    return std::all_of(value.begin(), value.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}
} // namespace

QString checkImei(const QByteArray &value)
{
    if (value.size() != 15 || !allDigits(value))
        return QStringLiteral("an IMEI must be exactly 15 digits");
    return {};
}

QString checkImsi(const QByteArray &value)
{
    // 3GPP TS 23.003: MCC (3) + MNC (2-3) + MSIN, at most 15 digits in all.
    if (value.size() < 6 || value.size() > 15 || !allDigits(value))
        return QStringLiteral("an IMSI must be 6 to 15 digits");
    return {};
}

QString checkIccid(const QByteArray &value)
{
    // Real ICCIDs are 19-20 digits; protocol.md §2.3/§18 shows hex letters and an 'f' pad in the wild.
    if (value.size() < 18 || value.size() > 22 || !allHex(value))
        return QStringLiteral("an ICCID must be 18 to 22 hexadecimal characters");
    return {};
}

QString checkOperator(const QByteArray &value)
{
    const bool printable = std::all_of(value.begin(), value.end(), [](char c) {
        return c >= 0x20 && c <= 0x7e && c != '"';
    });
    if (value.isEmpty() || value.size() > 64 || !printable)
        return QStringLiteral("an operator name must be 1 to 64 printable ASCII characters without '\"'");
    return {};
}

bool hasValidLuhn(const QByteArray &digits)
{
    if (digits.isEmpty() || !allDigits(digits))
        return false;
    int sum = 0;
    bool doubleIt = false;
    for (auto it = digits.crbegin(); it != digits.crend(); ++it) {
        int digit = *it - '0';
        if (doubleIt) {
            digit *= 2;
            if (digit > 9)
                digit -= 9;
        }
        sum += digit;
        doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
}

} // namespace ModemBench::Sim::IdentityRules
