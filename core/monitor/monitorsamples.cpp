#include "core/monitor/monitorsamples.h"

namespace ModemBench {

QString monitorEventKindName(MonitorEventKind kind)
{
    switch (kind) {
    case MonitorEventKind::Registration:
        return QStringLiteral("registration");
    case MonitorEventKind::DataConnection:
        return QStringLiteral("pdp");
    case MonitorEventKind::Reboot:
        return QStringLiteral("reboot");
    case MonitorEventKind::PortClosed:
        return QStringLiteral("port-closed");
    case MonitorEventKind::Urc:
        return QStringLiteral("urc");
    case MonitorEventKind::PollFailed:
        return QStringLiteral("poll-failed");
    case MonitorEventKind::Note:
        return QStringLiteral("note");
    }
    return QStringLiteral("note");
}

} // namespace ModemBench
