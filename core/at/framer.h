#pragma once

#include <QByteArray>

#include <functional>
#include <optional>

namespace ModemBench {

// Cuts the modem's byte stream into lines, prompts and counted binary payloads, one byte at a
// time with a bounded buffer (Zephyr modem_chat style): a line over the cap is dropped, never
// grown. The channel switches the rules per command: prompt detection while a command waits for
// "> " (protocol §1: the prompt is not line-framed), and a binary rule while a command may answer
// "+CARECV: <n>,<n bytes>" (same line) or "+CFSRFILE: <n>" CR LF <n bytes> (next line).
class Framer
{
public:
    enum class EventKind {
        Line,          // a non-empty line without its terminator
        Prompt,        // ">" (an optional following space is swallowed)
        Payload,       // the counted bytes announced by a binary header
        BadBinaryHeader, // the header announced a length above the request's maximum
        Overflow,      // a line exceeded the cap and was dropped
        RawFlush,      // no event, but the raw buffer reached its cap (for the traffic log)
    };
    struct Event {
        EventKind kind;
        QByteArray data; // line text, payload bytes, or the header for BadBinaryHeader
        QByteArray raw;  // every byte consumed since the previous event, terminators included
    };
    struct BinaryRule {
        QByteArray prefix;     // "+CARECV:"
        bool sameLine = true;  // payload starts right after "<n>," on the header line
        qsizetype maxLength = 1460;
    };
    using Handler = std::function<void(const Event &)>;

    explicit Framer(qsizetype maxLineLength = 4096);

    void setHandler(Handler handler) { m_handler = std::move(handler); }
    void setPromptDetection(bool on) { m_promptDetection = on; }
    void setBinaryRule(std::optional<BinaryRule> rule) { m_binaryRule = std::move(rule); }
    // The handler may change rules; they apply from the next byte on.
    void feed(const QByteArray &bytes);
    // Forgets any partial line or payload (after a timeout the rest is stale).
    void reset();

    bool inBinary() const { return m_state == State::Binary || m_state == State::SkipLfThenBinary; }
    bool hasPartialLine() const { return !m_line.isEmpty(); }
    qint64 garbageBytes() const { return m_garbage; }
    qint64 overflowLines() const { return m_overflows; }
    // Raw bytes consumed but not yet attached to an event; taken (cleared) by the caller.
    QByteArray takePendingRaw() { return std::exchange(m_raw, {}); }

private:
    enum class State { Line, Discarding, Binary, SkipLfThenBinary };

    void feedByte(char byte);
    void feedLineByte(char byte);
    void endLine();
    bool tryStartSameLineBinary();
    std::optional<qsizetype> headerLength(const QByteArray &text, bool requireComma) const;
    void startBinary(qsizetype length, State state);
    void emitEvent(EventKind kind, QByteArray data);

    qsizetype m_maxLineLength;
    Handler m_handler;
    bool m_promptDetection = false;
    std::optional<BinaryRule> m_binaryRule;
    State m_state = State::Line;
    QByteArray m_line;
    QByteArray m_payload;
    qsizetype m_remaining = 0;
    bool m_skipSpace = false;
    QByteArray m_raw;
    qint64 m_garbage = 0;
    qint64 m_overflows = 0;
};

} // namespace ModemBench
