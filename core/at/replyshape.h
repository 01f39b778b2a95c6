#pragma once

#include "core/at/atrequest.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace ModemBench {

// Line-shape rules the channel uses to tell a reply from a URC that shares its prefix. These are
// framing decisions, not parsing: the typed parsers in core/parsers still validate every value.

// "+CEREG: 1" and "+CEREG: 1,\"1A2B\",..." are URCs even while AT+CEREG? runs; the read reply is
// "+CEREG: <n>,<stat>[,...]" with an unquoted second field (protocol §5.2, test-plan B4).
bool isSolicitedShape(const QByteArray &command, const QByteArray &prefix, const QByteArray &line);

// Bare info lines (protocol §2.3): IMEI 15 digits, IMSI 6-15 digits, ICCID 18-22 hex digits with
// optional "+CCID:"/"+ICCID:" and F padding, an IPv4 address, or any text.
bool matchesBareReply(BareReply kind, const QByteArray &line);
BareReply bareReplyFromName(const QString &name);

// Commands that answer with a "> " or DOWNLOAD prompt before their data (protocol §1, §8.3, §9).
PromptKind promptKindFor(const QByteArray &command);

// Final lines some commands use instead of OK (protocol §11.2): AT+CIPSHUT answers "SHUT OK",
// AT+CIPCLOSE "CLOSE OK" (or "<n>, CLOSE OK" in multi-connection mode).
QList<QByteArray> successFinalsFor(const QByteArray &command);
bool matchesSuccessFinal(const QList<QByteArray> &finals, const QByteArray &line);

// The first line with `prefix` that is not a valid "<prefix> 0" header, if any.
std::optional<QByteArray> malformedBinaryHeader(const QByteArray &prefix, const QList<QByteArray> &lines);

} // namespace ModemBench
