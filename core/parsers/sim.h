#pragma once

// SIM state from AT+CPIN? and from +CME ERROR numbers (protocol.md §3.1, §3.3).

#include "core/error.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace ModemBench {

enum class SimState {
    Ready,
    PinRequired,
    PukRequired,
    Pin2Required,
    Puk2Required,
    PhSimPinRequired,
    PhSimPukRequired,
    NotInserted,
    NotReady,
    Failure,
    Unknown,
};

// "+CPIN: READY", "+CPIN: SIM PIN", "+CPIN: PH_SIM PIN", "+CPIN: NOT INSERTED", "+CPIN: NOT READY"
// (reply or URC form). A well-formed +CPIN line with a code we do not know (e.g. 3GPP "PH-NET PIN")
// gives SimState::Unknown; no +CPIN line, or an empty code, is a Parse error. When several +CPIN
// lines are present (a reboot during the command, protocol.md §18), the last one wins because it is
// the newest state.
Result<SimState> parseCpin(const QList<QByteArray> &lines);

// Stable lower-case name: "ready", "pin-required", ..., "not-inserted", "not-ready", "unknown".
QString simStateName(SimState state);

// The SIM state a +CME ERROR number implies: 10 NotInserted, 11 PinRequired, 12 PukRequired,
// 13 Failure, 14 NotReady (SIM busy); also 5 PhSimPinRequired, 17 Pin2Required, 18 Puk2Required
// (same table, §3.3). Anything else Unknown.
SimState simStateFromCmeError(int number);

} // namespace ModemBench
