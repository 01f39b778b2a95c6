#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <expected>

namespace ModemBench::Bench {

struct BlockingLoopOptions {
    int count = 10000;
    int warmup = 500;
    // Commands sent once before the timed loop, each waited for up to its "OK\r\n" (e.g. "ATE0").
    QList<QByteArray> setup;
};

// The reference: the least a host can do per round trip. Opens `path` raw, then count times
// write("AT\r") and read() until "OK\r\n" has been seen. No event loop, no framing, no queue.
// Returns microseconds per round trip, or why it failed (open error, silence for 2 s, ERROR).
std::expected<double, QString> runBlockingLoop(const QString &path, const BlockingLoopOptions &options);

} // namespace ModemBench::Bench
