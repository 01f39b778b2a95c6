#pragma once

#include <QByteArray>
#include <QList>

#include <functional>
#include <optional>

namespace ModemBench::Sim {

// +CME ERROR numbers used by the simulator (protocol.md §3.3).
namespace Cme {
constexpr int kOperationNotAllowed = 3;
constexpr int kOperationNotSupported = 4;
constexpr int kSimNotInserted = 10;
constexpr int kMemoryFull = 20;
constexpr int kNoNetworkService = 30;
constexpr int kOperationFailed = 767;
constexpr int kInvalidInputValue = 765;
} // namespace Cme

struct ModemContext;
struct Reply;

// A command that takes raw bytes after its prompt (AT+CFSWFILE's DOWNLOAD, protocol.md §9): the
// engine passes the next `size` bytes from the host, or what came within `timeoutMs`, to `complete`,
// which sets the final result. The bytes are not echoed and are not command lines.
struct DataRequest
{
    int size = 0;
    int timeoutMs = 0;
    std::function<void(const QByteArray &data, ModemContext &context, Reply &reply)> complete;
};

// A command whose final result waits for real work (AT+CAOPEN's connection attempt, protocol.md §8.2):
// the engine sends the lines so far, keeps the line busy and calls `start` with `done`. `done` gets
// the information lines and whether the final result is OK; it is never called after a reboot.
struct AsyncRequest
{
    using Done = std::function<void(const QList<QByteArray> &lines, bool ok)>;
    std::function<void(Done done)> start;
};

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
    // Indexes into `lines` of lines sent as they are, unframed (AT+CFSRFILE's file bytes, §9).
    QList<qsizetype> rawLines;
    // Set by a command that now reads raw data (the last command of the line).
    std::optional<DataRequest> dataRequest;
    // Set by a command that answers when its work is done (the last command of the line).
    std::optional<AsyncRequest> async;

    void fail(int code)
    {
        final = Final::CmeError;
        cmeCode = code;
    }
    // V.250 plain ERROR, whatever CMEE says (protocol.md §1: an over-length line).
    void failPlain() { final = Final::Error; }
    bool failed() const { return final != Final::Ok; }
    void add(const QByteArray &line) { lines.append(line); }
    void addRaw(const QByteArray &bytes)
    {
        rawLines.append(lines.size());
        lines.append(bytes);
    }
    bool isRaw(qsizetype index) const { return rawLines.contains(index); }
    void addEffect(Effect::Kind kind, int value = 0) { effects.append(Effect{kind, value, {}}); }
    void addUrc(int afterMs, const QByteArray &text) { effects.append(Effect{Effect::Kind::Urc, afterMs, text}); }
    void addTimed(int afterMs, const QByteArray &text) { timedLines.append(TimedLine{afterMs, text}); }
};

} // namespace ModemBench::Sim
