#include "lineassembler.h"

#include <utility>

namespace ModemBench::Sim {

namespace {
constexpr char kCr = '\r';
constexpr char kLf = '\n';
constexpr char kBackspace = '\b';  // S5 default

bool isA(char c)
{
    return c == 'A' || c == 'a';
}

bool isT(char c)
{
    return c == 'T' || c == 't';
}
} // namespace

LineAssembler::LineAssembler(qsizetype maxLineLength)
    : m_maxLineLength(maxLineLength)
{
    m_line.reserve(maxLineLength);
}

LineAssembler::Step LineAssembler::feed(char byte)
{
    if (byte == kLf && m_lastWasCr) {
        m_lastWasCr = false;
        return {false, Outcome::None};
    }
    m_lastWasCr = byte == kCr;
    if (byte == kCr || byte == kLf)
        return finishLine();
    // Interactive terminals (demo mode) edit with backspace; never erase into the "AT" prefix.
    if (byte == kBackspace && m_scan == Scan::InCommand && !m_overflow) {
        if (m_line.size() > 2) {
            m_line.chop(1);
            --m_length;
        }
        return {};
    }
    if (++m_length > m_maxLineLength) {
        m_overflow = true;
        m_line.clear();
        return {};
    }
    switch (m_scan) {
    case Scan::WaitA:
        if (isA(byte)) {
            m_line = QByteArray(1, byte);
            m_scan = Scan::WaitT;
        }
        break;
    case Scan::WaitT:
        if (isT(byte)) {
            m_line.append(byte);
            m_scan = Scan::InCommand;
        } else if (isA(byte)) {
            m_line = QByteArray(1, byte);
        } else {
            m_line.clear();
            m_scan = Scan::WaitA;
        }
        break;
    case Scan::InCommand:
        if (!m_overflow)
            m_line.append(byte);
        break;
    }
    return {};
}

LineAssembler::Step LineAssembler::finishLine()
{
    Step step;
    if (m_overflow)
        step.outcome = Outcome::Overflow;
    else if (m_scan == Scan::InCommand) {
        step.outcome = Outcome::Line;
        m_finished = m_line;
    }
    m_line.clear();
    m_length = 0;
    m_scan = Scan::WaitA;
    m_overflow = false;
    return step;
}

QByteArray LineAssembler::takeLine()
{
    return std::exchange(m_finished, {});
}

void LineAssembler::reset()
{
    m_line.clear();
    m_finished.clear();
    m_length = 0;
    m_scan = Scan::WaitA;
    m_overflow = false;
    m_lastWasCr = false;
}

} // namespace ModemBench::Sim
