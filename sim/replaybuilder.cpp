// Turns the records of a traffic log into what the replay needs: per command line its recorded
// replies, and the unsolicited bytes with their times (docs/recording.md, "How it replays").

#include "lineassembler.h"
#include "replayrecording.h"

#include <QRegularExpression>

namespace ModemBench::Sim {

namespace {

// Recorded command lines are scanned like the replay scans the client's input; a long cap because
// the replay matches what was recorded, it does not model the modem's line limit.
constexpr qsizetype kMaxCommandLine = 4096;

// Bytes the channel met outside any command's reply; at the end of a segment they are unsolicited.
bool isUnsolicitedKind(const QByteArray &kind)
{
    return kind == "urc" || kind == "late" || kind == "garbage";
}

// A secret payload is logged as "<N bytes redacted>"; the client still sends N bytes.
qsizetype payloadSize(const QByteArray &bytes)
{
    static const QRegularExpression redacted(QStringLiteral("^<(\\d{1,9}) bytes redacted>$"));
    const auto match = redacted.match(QString::fromLatin1(bytes));
    return match.hasMatch() ? match.captured(1).toLongLong() : bytes.size();
}

class Builder
{
public:
    explicit Builder(qint64 startMs)
        : m_startMs(startMs)
        , m_assembler(kMaxCommandLine)
    {
    }

    void add(const LogRecord &record)
    {
        if (record.kind == "notice")
            return;  // ModemBench's own remarks, never bytes on the wire
        if (!record.toModem) {
            m_segment.append(record);
            return;
        }
        closeSegment();
        // The console's raw mode sends a prompt's payload as "raw".
        if (record.kind == "payload" || (record.kind == "raw" && m_lastWasPrompt))
            startPayload(record);
        else
            startCommands(record);
    }

    Recording finish()
    {
        closeSegment();
        // The framer logs a line's LF with the next line; the last line of the log has none left.
        if (QByteArray *last = buffer(m_lastOutput); last && last->endsWith('\r') && last->contains("\r\n"))
            last->append('\n');
        Recording recording;
        for (Flat &flat : m_exchanges)
            recording.exchanges[flat.key].append(std::move(flat.exchange));
        recording.urcs = std::move(m_urcs);
        recording.initialEcho = m_initialEcho.value_or(true);
        recording.commandCount = int(m_exchanges.size());
        return recording;
    }

private:
    enum class Target { None, Reply, AfterPayload, Urc };
    struct Location
    {
        Target target = Target::None;
        qsizetype index = -1;
    };
    struct Flat
    {
        QByteArray key;
        int occurrence = 0;
        qint64 commandMs = 0;
        ReplayExchange exchange;
    };

    QByteArray *buffer(Location where)
    {
        switch (where.target) {
        case Target::Reply: return &m_exchanges[where.index].exchange.reply;
        case Target::AfterPayload: return &m_exchanges[where.index].exchange.afterPayload;
        case Target::Urc: return &m_urcs[where.index].bytes;
        case Target::None: break;
        }
        return nullptr;
    }

    void startCommands(const LogRecord &record)
    {
        m_target = Target::None;  // raw bytes that end no line: what follows is unsolicited
        for (const char byte : record.bytes) {
            if (m_assembler.feed(byte).outcome != LineAssembler::Outcome::Line)
                continue;
            const QByteArray key = m_assembler.takeLine().toUpper();
            m_exchanges.append(Flat{key, ++m_occurrences[key], record.wallTimeMs, {}});
            m_target = Target::Reply;
        }
    }

    void startPayload(const LogRecord &record)
    {
        m_target = Target::None;
        if (m_exchanges.isEmpty() || !m_lastWasPrompt)
            return;
        ReplayExchange &exchange = m_exchanges.last().exchange;
        if (exchange.payloadLength >= 0)
            return;
        exchange.payloadLength = payloadSize(record.bytes);
        m_target = Target::AfterPayload;
    }

    // The bytes up to the last solicited record answer the command; unsolicited records after it are
    // timed URCs. A URC in the middle of a reply stays there: that interleaving is often the bug.
    void closeSegment()
    {
        const QList<LogRecord> segment = std::exchange(m_segment, {});
        qsizetype lastSolicited = -1;
        if (m_target != Target::None) {
            for (qsizetype i = 0; i < segment.size(); ++i) {
                if (!isUnsolicitedKind(segment.at(i).kind))
                    lastSolicited = i;
            }
        }
        bool echoDropped = false;
        for (qsizetype i = 0; i < segment.size(); ++i) {
            QByteArray bytes = segment.at(i).bytes;
            giveBackLineFeed(bytes);
            if (i > lastSolicited) {
                addUrc(segment.at(i), std::move(bytes));
                continue;
            }
            // The replay echoes what the client really sends (docs/recording.md, "Echo").
            if (m_target == Target::Reply && !echoDropped && segment.at(i).kind == "echo") {
                echoDropped = true;
                continue;
            }
            appendTo({m_target, m_exchanges.size() - 1}, bytes);
        }
        if (m_target == Target::Reply && !m_initialEcho.has_value() && lastSolicited >= 0)
            m_initialEcho = echoDropped;
        m_lastWasPrompt = lastSolicited >= 0 && segment.at(lastSolicited).kind == "prompt";
    }

    // "\r\nOK\r\n": the channel reports "\r\nOK\r" with the final and the "\n" with whatever comes next,
    // maybe the next command's echo. The LF belongs after the CR it follows, and likewise the space
    // of a "> " prompt after its '>'.
    void giveBackLineFeed(QByteArray &bytes)
    {
        QByteArray *previous = buffer(m_lastOutput);
        if (!previous || bytes.isEmpty())
            return;
        if ((previous->endsWith('\r') && bytes.front() == '\n') || (previous->endsWith('>') && bytes.front() == ' ')) {
            previous->append(bytes.front());
            bytes.remove(0, 1);
        }
    }

    void appendTo(Location where, const QByteArray &bytes)
    {
        if (bytes.isEmpty())
            return;
        buffer(where)->append(bytes);
        m_lastOutput = where;
    }

    void addUrc(const LogRecord &record, QByteArray bytes)
    {
        if (bytes.isEmpty())
            return;
        ReplayUrc urc;
        urc.atMs = qMax<qint64>(0, record.wallTimeMs - m_startMs);
        if (!m_exchanges.isEmpty()) {
            const Flat &anchor = m_exchanges.last();
            urc.anchorKey = anchor.key;
            urc.anchorOccurrence = anchor.occurrence;
            urc.afterAnchorMs = qMax<qint64>(0, record.wallTimeMs - anchor.commandMs);
        }
        urc.bytes = std::move(bytes);
        m_urcs.append(std::move(urc));
        m_lastOutput = {Target::Urc, m_urcs.size() - 1};
    }

    qint64 m_startMs;
    LineAssembler m_assembler;
    QList<Flat> m_exchanges;
    QHash<QByteArray, int> m_occurrences;
    QList<ReplayUrc> m_urcs;
    QList<LogRecord> m_segment;
    Target m_target = Target::None;
    Location m_lastOutput;
    bool m_lastWasPrompt = false;
    std::optional<bool> m_initialEcho;
};

} // namespace

Recording RecordingReader::build(const QList<LogRecord> &records)
{
    Builder builder(records.isEmpty() ? 0 : records.constFirst().wallTimeMs);
    for (const LogRecord &record : records)
        builder.add(record);
    return builder.finish();
}

} // namespace ModemBench::Sim
