#include "core/parsers/sim.h"

#include "core/parsers/fields.h"

namespace ModemBench {

using namespace Internal;

namespace {

// 3GPP TS 27.007 §8.3 codes as SIMCom prints them (protocol.md §3.1). SIMCom writes "PH_SIM";
// 3GPP writes "PH-SIM", so both spellings are listed.
struct CpinCode {
    QByteArrayView text;
    SimState state;
};

constexpr CpinCode kCpinCodes[] = {
    {"READY", SimState::Ready},
    {"SIM PIN", SimState::PinRequired},
    {"SIM PUK", SimState::PukRequired},
    {"SIM PIN2", SimState::Pin2Required},
    {"SIM PUK2", SimState::Puk2Required},
    {"PH_SIM PIN", SimState::PhSimPinRequired},
    {"PH-SIM PIN", SimState::PhSimPinRequired},
    {"PH_SIM PUK", SimState::PhSimPukRequired},
    {"PH-SIM PUK", SimState::PhSimPukRequired},
    {"NOT INSERTED", SimState::NotInserted},
    {"NOT READY", SimState::NotReady},
};

} // namespace

Result<SimState> parseCpin(const QList<QByteArray> &lines)
{
    std::optional<QByteArrayView> code;
    QByteArrayView codeLine;
    for (const QByteArray &line : lines) {
        if (const auto value = valueAfterPrefix(line, "+CPIN:")) {
            code = unquoted(*value);
            codeLine = line;
        }
    }
    if (!code) {
        return fail(ErrorCode::Parse,
                    QStringLiteral("No \"+CPIN:\" line in the reply to AT+CPIN?, got %1; the SIM "
                                   "state is unknown (protocol.md §3.1).")
                        .arg(describeLines(lines)),
                    joinedRaw(lines));
    }
    if (code->isEmpty() || code->size() > 64 || !isPrintableAscii(*code)) {
        return fail(ErrorCode::Parse,
                    QStringLiteral("The SIM state code in %1 is empty or not text; expected e.g. "
                                   "\"+CPIN: READY\" (protocol.md §3.1).")
                        .arg(quoteForMessage(codeLine)),
                    codeLine.toByteArray());
    }
    // Collapse odd spacing ("SIM  PIN") before comparing.
    const QByteArray normalized = code->toByteArray().simplified();
    for (const CpinCode &known : kCpinCodes) {
        if (equalsNoCase(normalized, known.text))
            return known.state;
    }
    return SimState::Unknown;
}

QString simStateName(SimState state)
{
    switch (state) {
    case SimState::Ready: return QStringLiteral("ready");
    case SimState::PinRequired: return QStringLiteral("pin-required");
    case SimState::PukRequired: return QStringLiteral("puk-required");
    case SimState::Pin2Required: return QStringLiteral("pin2-required");
    case SimState::Puk2Required: return QStringLiteral("puk2-required");
    case SimState::PhSimPinRequired: return QStringLiteral("ph-sim-pin-required");
    case SimState::PhSimPukRequired: return QStringLiteral("ph-sim-puk-required");
    case SimState::NotInserted: return QStringLiteral("not-inserted");
    case SimState::NotReady: return QStringLiteral("not-ready");
    case SimState::Failure: return QStringLiteral("failure");
    case SimState::Unknown: return QStringLiteral("unknown");
    }
    return QStringLiteral("unknown");
}

SimState simStateFromCmeError(int number)
{
    // protocol.md §3.3: the SIM-related +CME ERROR codes.
    switch (number) {
    case 5: return SimState::PhSimPinRequired;
    case 10: return SimState::NotInserted;
    case 11: return SimState::PinRequired;
    case 12: return SimState::PukRequired;
    case 13: return SimState::Failure;
    case 14: return SimState::NotReady;  // "SIM busy": still initialising, ask again later
    case 17: return SimState::Pin2Required;
    case 18: return SimState::Puk2Required;
    default: return SimState::Unknown;
    }
}

} // namespace ModemBench
