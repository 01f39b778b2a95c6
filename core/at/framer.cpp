#include "core/at/framer.h"

namespace ModemBench {

namespace {
constexpr qsizetype kRawFlushBytes = 4096;
// Lengths above this are never legitimate (CFS files are < 10240 bytes, sends ≤ 1460).
constexpr qsizetype kMaxDigits = 6;

bool isLineEnd(char byte)
{
    return byte == '\r' || byte == '\n';
}

// NUL, other control bytes and bytes above 0x7E never occur in SIMCom text (CSCS "IRA"/"GSM");
// they are line noise or wrong-baud garbage and are counted, not kept.
bool isGarbage(char byte)
{
    const auto value = static_cast<unsigned char>(byte);
    return (value < 0x20 && value != '\t') || value >= 0x7F;
}
} // namespace

Framer::Framer(qsizetype maxLineLength)
    : m_maxLineLength(maxLineLength)
{
}

void Framer::reset()
{
    m_state = State::Line;
    m_line.clear();
    m_payload.clear();
    m_remaining = 0;
    m_skipSpace = false;
}

void Framer::feed(const QByteArray &bytes)
{
    for (const char byte : bytes)
        feedByte(byte);
}

void Framer::feedByte(char byte)
{
    m_raw.append(byte);
    switch (m_state) {
    case State::SkipLfThenBinary:
        m_state = State::Binary;
        if (byte == '\n')
            break;
        [[fallthrough]];
    case State::Binary:
        m_payload.append(byte);
        if (--m_remaining == 0) {
            m_state = State::Line;
            emitEvent(EventKind::Payload, std::exchange(m_payload, {}));
        }
        break;
    case State::Discarding:
        ++m_garbage;
        if (isLineEnd(byte))
            m_state = State::Line;
        break;
    case State::Line:
        feedLineByte(byte);
        break;
    }
    if (m_raw.size() >= kRawFlushBytes)
        emitEvent(EventKind::RawFlush, {});
}

void Framer::feedLineByte(char byte)
{
    if (isLineEnd(byte)) {
        m_skipSpace = false;
        endLine();
        return;
    }
    if (std::exchange(m_skipSpace, false) && byte == ' ')
        return;
    if (isGarbage(byte)) {
        ++m_garbage;
        return;
    }
    if (m_line.size() >= m_maxLineLength) {
        ++m_overflows;
        m_garbage += m_line.size() + 1;
        m_line.clear();
        m_state = State::Discarding;
        emitEvent(EventKind::Overflow, {});
        return;
    }
    m_line.append(byte);
    if (m_promptDetection && m_line.size() == 1 && byte == '>') {
        m_line.clear();
        m_skipSpace = true;
        emitEvent(EventKind::Prompt, QByteArrayLiteral(">"));
        return;
    }
    if (byte == ',' && m_binaryRule && m_binaryRule->sameLine)
        tryStartSameLineBinary();
}

void Framer::endLine()
{
    if (m_line.isEmpty())
        return;
    QByteArray line = std::exchange(m_line, {});
    if (m_binaryRule && !m_binaryRule->sameLine && line.startsWith(m_binaryRule->prefix)) {
        if (const auto length = headerLength(line, false)) {
            emitEvent(EventKind::Line, line);
            if (*length > m_binaryRule->maxLength)
                emitEvent(EventKind::BadBinaryHeader, line);
            else if (*length > 0)
                startBinary(*length, State::SkipLfThenBinary);
            return;
        }
    }
    emitEvent(EventKind::Line, line);
}

// "+CARECV: 6,hello": the payload begins right after the first comma (protocol §8.4, §16.2).
bool Framer::tryStartSameLineBinary()
{
    if (!m_line.startsWith(m_binaryRule->prefix))
        return false;
    const auto length = headerLength(m_line, true);
    if (!length)
        return false;
    QByteArray header = std::exchange(m_line, {});
    header.chop(1); // the comma
    emitEvent(EventKind::Line, header);
    if (*length > m_binaryRule->maxLength)
        emitEvent(EventKind::BadBinaryHeader, header);
    else if (*length > 0)
        startBinary(*length, State::Binary);
    else
        emitEvent(EventKind::Payload, {});
    return true;
}

// Accepts "<prefix> <digits>" (followed by exactly one comma when requireComma) and nothing else.
std::optional<qsizetype> Framer::headerLength(const QByteArray &text, bool requireComma) const
{
    qsizetype pos = m_binaryRule->prefix.size();
    while (pos < text.size() && text.at(pos) == ' ')
        ++pos;
    const qsizetype digitsStart = pos;
    while (pos < text.size() && text.at(pos) >= '0' && text.at(pos) <= '9')
        ++pos;
    const qsizetype digits = pos - digitsStart;
    if (digits == 0 || digits > kMaxDigits)
        return std::nullopt;
    const qsizetype expectedEnd = requireComma ? pos + 1 : pos;
    if (expectedEnd != text.size() || (requireComma && text.at(pos) != ','))
        return std::nullopt;
    return text.mid(digitsStart, digits).toLongLong();
}

void Framer::startBinary(qsizetype length, State state)
{
    m_payload.clear();
    m_payload.reserve(length);
    m_remaining = length;
    m_state = state;
}

void Framer::emitEvent(EventKind kind, QByteArray data)
{
    Event event{kind, std::move(data), std::exchange(m_raw, {})};
    if (m_handler)
        m_handler(event);
}

} // namespace ModemBench
