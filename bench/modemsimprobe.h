#pragma once

#include "blockingloop.h"

#include <QList>
#include <QString>

#include <expected>

namespace ModemBench::Bench {

// Starts `program` (modemsim) at zero latency without its power-on banner, reads the "PTY <path>"
// line it prints first, switches its echo off with ATE0 and runs the blocking loop against it
// `rounds` times. Returns microseconds per round trip for each round, or why it could not.
// modemsim exits when its stdin closes (--exit-with-stdin), so it cannot outlive the benchmark.
std::expected<QList<double>, QString> measureModemsim(const QString &program, const BlockingLoopOptions &options,
                                                      int rounds);

} // namespace ModemBench::Bench
