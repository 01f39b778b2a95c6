#pragma once

#include "core/transport/serialsettings.h"
#include "core/transport/transport.h"

#include <memory>

namespace ModemBench {

// The kind of port a name denotes, as in sigrok: "tcp://HOST:PORT", "sim:MODEL[?key=value&...]",
// "replay:FILE" (a traffic log played back by modemsim --replay, docs/recording.md), anything else a
// serial device ("/dev/ttyUSB2", "ttyUSB2", "COM5").
struct PortName {
    enum class Kind { Serial, Tcp, Simulator, Replay };
    Kind kind = Kind::Serial;
    QString device;     // serial path, TCP host, simulator model, or the recording's absolute path
    quint16 port = 0;   // TCP only
    QStringList simulatorArguments; // sim only: ?scenario=F&seed=N -> --scenario F --seed N
};

// Fails with ErrorCode::Usage and a message naming the mistake (empty name, bad TCP port, ...).
Result<PortName> parsePortName(const QString &name);

// Creates (does not open) the transport for a port name.
Result<std::unique_ptr<Transport>> createTransport(const QString &name, const SerialSettings &settings = {});

// Simulator models the built-in modemsim offers.
QStringList simulatorModels();

} // namespace ModemBench
