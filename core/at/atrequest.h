#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace ModemBench {

// Console commands jump ahead of background polling; within a priority the queue is FIFO.
enum class Priority { Background = 0, Normal = 1, User = 2 };

// Prompt after which the request's payload is sent (protocol §1): "DOWNLOAD" (a framed line, CFS
// uploads) or "> " (not framed; CASEND, CIPSEND).
enum class PromptKind { None, Download, Angle };

// What a reply's info lines may look like when they carry no prefix (protocol §2.3).
enum class BareReply { None, Imei, Imsi, Iccid, IpAddress, AnyText };

struct BinaryRead {
    QByteArray prefix;        // "+CARECV:" or "+CFSRFILE:"
    bool sameLine = true;     // "+CARECV: <n>,<data>" vs "+CFSRFILE: <n>" CR LF <data>
    qsizetype maxLength = 1460; // never ask for or accept more than this (a SIM7000 freezes, users.md)
};

// One command for AtChannel. Fields left empty are filled from the command catalog.
struct AtRequest {
    QByteArray command;             // without the trailing CR, e.g. "AT+CSQ"
    QList<QByteArray> prefixes;     // info-line prefixes this command owns, e.g. "+CSQ:"
    BareReply bareReply = BareReply::None;
    int timeoutMs = 0;              // 0: from the catalog, else the channel default
    Priority priority = Priority::Normal;
    PromptKind prompt = PromptKind::None;
    QByteArray payload;             // written after the prompt
    bool payloadSecret = false;     // logged as "<N bytes redacted>"
    QByteArray logText;             // logged instead of `command` when arguments are secret
    std::optional<BinaryRead> binary;
    bool expectsRestart = false;    // AT+CFUN=1,1, AT+CREBOOT: a boot banner is the expected outcome
    QList<QByteArray> successFinals; // command-specific final lines, e.g. "SHUT OK" for AT+CIPSHUT
    bool raw = false;               // console raw mode: bytes as typed, no CR added, no reply awaited

    static AtRequest make(QByteArray command, Priority priority = Priority::Normal)
    {
        AtRequest request;
        request.command = std::move(command);
        request.priority = priority;
        return request;
    }
};

struct AtResponse {
    QByteArray command;             // as sent (or its logText)
    QList<QByteArray> lines;        // info lines, without echo, URCs or the final result
    QByteArray finalLine;           // "OK", "SEND OK", ...
    QByteArray payload;             // counted binary bytes, when the request had a BinaryRead
    qint64 elapsedMs = 0;
};

} // namespace ModemBench
