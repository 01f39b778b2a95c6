#include "core/at/traffic.h"

namespace ModemBench {

QByteArray trafficKindName(TrafficKind kind)
{
    switch (kind) {
    case TrafficKind::Command: return "command";
    case TrafficKind::Payload: return "payload";
    case TrafficKind::Raw: return "raw";
    case TrafficKind::Echo: return "echo";
    case TrafficKind::Info: return "info";
    case TrafficKind::Final: return "final";
    case TrafficKind::Urc: return "urc";
    case TrafficKind::Prompt: return "prompt";
    case TrafficKind::BinaryPayload: return "binary";
    case TrafficKind::Garbage: return "garbage";
    case TrafficKind::Late: return "late";
    case TrafficKind::Notice: return "notice";
    }
    return "unknown";
}

} // namespace ModemBench
