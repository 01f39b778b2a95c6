#pragma once

#include <QByteArray>
#include <QString>

#include <expected>

namespace ModemBench {

// What went wrong, as a category callers can branch on. The human text lives in Error::message.
enum class ErrorCode {
    Timeout,          // no final result within the command's timeout
    CmeError,         // +CME ERROR: <n>|<text>
    CmsError,         // +CMS ERROR: <n>|<text>
    Error,            // plain ERROR
    NoCarrier,
    Busy,
    NoAnswer,
    NoDialtone,
    SendFail,
    PortClosed,       // the transport went away (unplugged, pty closed, peer closed)
    PortBusy,         // another process holds the port
    PortNotFound,
    PermissionDenied,
    Transport,        // any other transport failure
    Cancelled,
    Parse,            // the modem answered, but not in a form we understand
    Desync,           // framing lost (binary length mismatch, prompt missing, ...)
    ModemReset,       // a boot banner arrived while a command was in flight
    Overflow,         // a line or payload exceeded its bound
    Usage,            // bad input from the user or a file
    Unsupported,      // the modem, firmware or transport cannot do this
};

// An error as a value: a category, a message that says what to do, the modem's raw bytes when
// there were any, and the CME/CMS number when the modem gave one.
struct Error {
    ErrorCode code = ErrorCode::Error;
    QString message;
    QByteArray raw;
    int number = -1;

    bool operator==(const Error &) const = default;
};

template<class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorCode code, QString message, QByteArray raw = {}, int number = -1)
{
    return std::unexpected<Error>(Error{code, std::move(message), std::move(raw), number});
}

// Stable lower-case name, for JSON output and logs ("timeout", "cme-error", ...).
QString errorCodeName(ErrorCode code);

} // namespace ModemBench

#include <QMetaType>
Q_DECLARE_METATYPE(ModemBench::Error)
