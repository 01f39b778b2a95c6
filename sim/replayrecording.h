#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QString>

#include <expected>

namespace ModemBench::Sim {

// One line of a ModemBench traffic log (docs/recording.md):
//   2026-11-22T06:00:00.123Z > command "AT+CSQ\r"
// The parser is modemsim's own, on purpose: sim/ shares no code with core/, so a replay test that
// passes shows that the writer and this reader agree on the format.
struct LogRecord
{
    qint64 wallTimeMs = 0;
    bool toModem = false;
    QByteArray kind;   // "command", "echo", "info", "final", "urc", ...
    QByteArray bytes;  // unescaped
};

// What the recorded modem answered to one command line, echo removed (the replay echoes live).
struct ReplayExchange
{
    QByteArray reply;
    // >= 0: the reply ended with a data prompt ("> "); that many payload bytes from the client are
    // taken without echo, then afterPayload is sent.
    qsizetype payloadLength = -1;
    QByteArray afterPayload;
};

// Unsolicited bytes sent at their recorded time. One that followed a command in the recording waits
// until the client has sent that command as often (anchorOccurrence) and is then sent as long after
// that reply as it came after the command in the recording.
struct ReplayUrc
{
    qint64 atMs = 0;  // since the first record
    QByteArray anchorKey;  // empty: recorded before any command
    int anchorOccurrence = 0;
    qint64 afterAnchorMs = 0;
    QByteArray bytes;
};

struct Recording
{
    // Upper-cased command line (as a modem scans it: from "AT", without the CR) -> its recorded
    // replies in order.
    QHash<QByteArray, QList<ReplayExchange>> exchanges;
    QList<ReplayUrc> urcs;
    bool initialEcho = true;  // whether the first answered command was echoed
    int commandCount = 0;
};

class RecordingReader
{
public:
    // Bounds (docs/recording.md): a bigger file or a longer line is refused, never read further.
    static constexpr qint64 kMaxFileBytes = 64LL * 1024 * 1024;
    static constexpr qint64 kMaxLineBytes = 256LL * 1024;
    static constexpr int kFormatVersion = 1;

    // Errors read "FILE:LINE: what is wrong" (or "FILE: ..." for the file as a whole).
    static std::expected<Recording, QString> load(const QString &path);
    // The whole log text; errors read "LINE: what is wrong", without the file name.
    static std::expected<Recording, QString> parse(QByteArrayView text);

    // One log line without its '\n'. Header and blank lines are not records: callers skip them.
    static std::expected<LogRecord, QString> parseLine(QByteArrayView line);
    // C escapes of the log: \r \n \t \\ \" \xHH; other bytes must be printable ASCII.
    static std::expected<QByteArray, QString> unescape(QByteArrayView text);
    static Recording build(const QList<LogRecord> &records);
};

} // namespace ModemBench::Sim
