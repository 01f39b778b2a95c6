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
    };
    Kind kind;
    int value = 0;
};

// What the commands of one line produced: information lines (unframed), one final result, effects.
struct Reply
{
    enum class Final { Ok, Error, CmeError };

    QList<QByteArray> lines;
    Final final = Final::Ok;
    int cmeCode = 0;
    QList<Effect> effects;

    void fail(int code)
    {
        final = Final::CmeError;
        cmeCode = code;
    }
    // V.250 plain ERROR, whatever CMEE says (protocol.md §1: an over-length line).
    void failPlain() { final = Final::Error; }
    bool failed() const { return final != Final::Ok; }
    void add(const QByteArray &line) { lines.append(line); }
    void addEffect(Effect::Kind kind, int value = 0) { effects.append(Effect{kind, value}); }
};

} // namespace ModemBench::Sim
