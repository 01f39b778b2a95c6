#pragma once

#include <QByteArray>
#include <QList>

namespace ModemBench::Sim {

// +CME ERROR numbers used by the simulator (protocol.md §3.3).
namespace Cme {
constexpr int kOperationNotAllowed = 3;
constexpr int kOperationNotSupported = 4;
constexpr int kSimNotInserted = 10;
constexpr int kNoNetworkService = 30;
constexpr int kOperationFailed = 767;
constexpr int kInvalidInputValue = 765;
} // namespace Cme

// Something a command sets in motion that happens after its final result is on the wire.
struct Effect
{
    enum class Kind {
        Reboot,             // value = CFUN level to come back in
        SimReady,           // "+CPIN: READY" URC
        StartRegistration,  // begin searching, register after the configured delay
        Deregister,         // stat 0 now
        Urc,                // `text` as a URC, `value` ms (times the slow factor) after the final result
    };
    Kind kind;
    int value = 0;
    QByteArray text;
};

// An information line sent `afterMs` after the previous one (or after the command ran), before the
// final result: the replies of AT+SNPING4 and AT+CIPPING arrive one by one (protocol.md §6.8).
struct TimedLine
{
    int afterMs = 0;
    QByteArray text;
};

// What the commands of one line produced: information lines (unframed), one final result, effects.
struct Reply
{
    enum class Final { Ok, Error, CmeError };

    QList<QByteArray> lines;
    Final final = Final::Ok;
    int cmeCode = 0;
    QList<Effect> effects;
    QList<TimedLine> timedLines;
    // A final result other than OK on success ("SHUT OK", protocol.md §11.2), or none at all (AT+CIFSR
    // ends with its bare address line, §18), for the last command of the line.
    QByteArray okText;
    bool noFinal = false;

    void fail(int code)
    {
        final = Final::CmeError;
        cmeCode = code;
    }
    // V.250 plain ERROR, whatever CMEE says (protocol.md §1: an over-length line).
    void failPlain() { final = Final::Error; }
    bool failed() const { return final != Final::Ok; }
    void add(const QByteArray &line) { lines.append(line); }
    void addEffect(Effect::Kind kind, int value = 0) { effects.append(Effect{kind, value, {}}); }
    void addUrc(int afterMs, const QByteArray &text) { effects.append(Effect{Effect::Kind::Urc, afterMs, text}); }
    void addTimed(int afterMs, const QByteArray &text) { timedLines.append(TimedLine{afterMs, text}); }
};

} // namespace ModemBench::Sim
