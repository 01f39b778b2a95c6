#include "core/error.h"

namespace ModemBench {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Timeout: return QStringLiteral("timeout");
    case ErrorCode::CmeError: return QStringLiteral("cme-error");
    case ErrorCode::CmsError: return QStringLiteral("cms-error");
    case ErrorCode::Error: return QStringLiteral("error");
    case ErrorCode::NoCarrier: return QStringLiteral("no-carrier");
    case ErrorCode::Busy: return QStringLiteral("busy");
    case ErrorCode::NoAnswer: return QStringLiteral("no-answer");
    case ErrorCode::NoDialtone: return QStringLiteral("no-dialtone");
    case ErrorCode::SendFail: return QStringLiteral("send-fail");
    case ErrorCode::PortClosed: return QStringLiteral("port-closed");
    case ErrorCode::PortBusy: return QStringLiteral("port-busy");
    case ErrorCode::PortNotFound: return QStringLiteral("port-not-found");
    case ErrorCode::PermissionDenied: return QStringLiteral("permission-denied");
    case ErrorCode::Transport: return QStringLiteral("transport");
    case ErrorCode::Cancelled: return QStringLiteral("cancelled");
    case ErrorCode::Parse: return QStringLiteral("parse");
    case ErrorCode::Desync: return QStringLiteral("desync");
    case ErrorCode::ModemReset: return QStringLiteral("modem-reset");
    case ErrorCode::Overflow: return QStringLiteral("overflow");
    case ErrorCode::Usage: return QStringLiteral("usage");
    case ErrorCode::Unsupported: return QStringLiteral("unsupported");
    }
    return QStringLiteral("unknown");
}

} // namespace ModemBench
