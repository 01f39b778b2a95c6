#pragma once

#include <QString>

#include <optional>

namespace ModemBench {

// UART parameters. SIMCom modems ship at 115200 8N1 without flow control (SIM800 auto-bauds).
struct SerialSettings {
    enum class Parity { None, Even, Odd, Mark, Space };
    enum class FlowControl { None, Hardware, Software };

    qint32 baudRate = 115200;
    int dataBits = 8;
    Parity parity = Parity::None;
    int stopBits = 1; // 1 or 2
    FlowControl flowControl = FlowControl::None;
    // Unset = leave the line as the driver set it. Pseudo-terminals cannot set them at all.
    std::optional<bool> dataTerminalReady = true;
    std::optional<bool> requestToSend;
};

} // namespace ModemBench
