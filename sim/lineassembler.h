#pragma once

#include <QByteArray>

namespace ModemBench::Sim {

// Turns the byte stream from the host into command lines, one byte at a time, with a fixed upper
// bound on memory. Bytes before an "AT" prefix are skipped the way a modem's UART scanner skips
// them; the line ends at CR (S3) or at a lone LF, and an LF right after a CR is swallowed, so both
// "AT\r" and "AT\r\n" are one command. A line longer than the model's limit (protocol.md §1: 559
// characters on SIM7000) is remembered only as "overflowed" and answered ERROR.
class LineAssembler
{
public:
    enum class Outcome {
        None,      // byte consumed, line not finished
        Line,      // a complete command line is ready: takeLine()
        Overflow,  // the line that just ended was too long
    };
    struct Step
    {
        bool echo = true;  // whether a modem in ATE1 echoes this byte
        Outcome outcome = Outcome::None;
    };

    explicit LineAssembler(qsizetype maxLineLength);

    Step feed(char byte);
    // The finished line from its "AT" prefix on, without the terminator.
    QByteArray takeLine();
    void reset();

private:
    enum class Scan { WaitA, WaitT, InCommand };

    Step finishLine();

    qsizetype m_maxLineLength;
    QByteArray m_line;
    QByteArray m_finished;
    qsizetype m_length = 0;
    Scan m_scan = Scan::WaitA;
    bool m_overflow = false;
    bool m_lastWasCr = false;
};

} // namespace ModemBench::Sim
