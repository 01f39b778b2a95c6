#pragma once

#include "lineassembler.h"
#include "replayrecording.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace ModemBench::Sim {

class SimPort;
class TrafficLog;

// modemsim --replay: a virtual modem that answers each command line with the reply recorded for it
// (the Nth "AT+CSQ" gets the Nth recorded reply, the last one repeats, an unrecorded command gets
// ERROR) and sends the recorded URCs at their times (docs/recording.md). Echo follows the client's
// ATE state, byte by byte as it arrives, like the simulated modem's.
class ReplayEngine final : public QObject
{
    Q_OBJECT
public:
    // speed: 2 plays the URC timing twice as fast.
    ReplayEngine(Recording recording, SimPort &port, const TrafficLog &log, double speed, QObject *parent = nullptr);

    void start();

private:
    void onBytesReceived(const QByteArray &bytes);
    bool takePayloadByte();
    void answer(const QByteArray &line);
    void noteAnswered(const QByteArray &key, int occurrence);
    void trackEcho(const QByteArray &line);
    void scheduleNextUrc();
    void sendNextUrc();
    void send(const QByteArray &bytes);
    qint64 scaled(qint64 recordedMs) const;

    Recording m_recording;
    SimPort &m_port;
    const TrafficLog &m_log;
    double m_speed;
    LineAssembler m_assembler;
    bool m_echo;
    QHash<QByteArray, int> m_answered;  // key -> times answered
    // Payload after a data prompt: bytes still expected, and what the modem said after them.
    qsizetype m_payloadRemaining = 0;
    QByteArray m_afterPayload;
    // Per URC: replay-clock time its anchor command was answered, -1 while not yet.
    QList<qint64> m_anchorAnsweredMs;
    QHash<QByteArray, QList<qsizetype>> m_urcsByAnchor;  // "KEY#n" -> URC indexes
    qsizetype m_nextUrc = 0;
    QTimer m_urcTimer;
    QElapsedTimer m_clock;
};

} // namespace ModemBench::Sim
