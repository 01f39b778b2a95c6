#pragma once

#include "lineassembler.h"
#include "modemstate.h"
#include "personality.h"
#include "reply.h"
#include "signalmodel.h"
#include "simconfig.h"

#include <QHash>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QTimer>

#include <cstdint>
#include <memory>
#include <optional>
#include <random>

namespace ModemBench::Sim {

class SimPort;
class TrafficLog;

// The model-independent half of the simulator: it assembles command lines from the wire, echoes,
// applies scenario latencies and canned replies, frames results per ATV/CMEE, runs the power and
// registration state machines, and emits URCs. The Personality decides what each command does.
//
// With zero latency a command is answered synchronously inside the read handler (no timer hop), so
// an "AT" round trip costs one read and one write.
class ModemEngine final : public QObject
{
    Q_OBJECT
public:
    ModemEngine(const SimConfig &config, std::unique_ptr<Personality> personality, SimPort &port,
                const TrafficLog &log, std::uint32_t seed, QObject *parent = nullptr);
    ~ModemEngine() override;

    // Power on: the banner after the banner delay (or at once without banner), scenario URCs, faults.
    void start();

Q_SIGNALS:
    // The "close_after_ms" fault on a port that cannot drop its host (a pty): the process should end.
    void portCloseRequested();

private:
    struct PendingLine
    {
        QByteArray text;  // from the "AT" prefix on, without terminator
        bool overflow = false;
    };
    enum class Power { Off, On };

    void onPortBytes(const QByteArray &bytes);
    void onBytesReceived(const QByteArray &bytes);
    // --baud-pacing: input and output go through backlogs drained at the line's byte rate.
    void pumpInput();
    void pumpOutput();
    qint64 byteNs() const { return 10'000'000'000LL / m_config.baudPacing; }
    void acceptLine(const PendingLine &line);
    void startLine(const PendingLine &line);
    void onLatencyElapsed();
    int latencyFor(const PendingLine &line) const;
    int latencyForKey(const QByteArray &key) const;

    bool busy() const
    {
        return m_inFlight.has_value() || m_deferred.has_value() || m_download.has_value() || m_async.has_value();
    }
    void startAsync(Reply reply);
    void finishAsync(const QList<QByteArray> &lines, bool ok);
    void onUnsolicited(const QByteArray &bytes, bool raw);
    void sendLinesNow(Reply &reply);
    void startDownload(Reply reply);
    void finishDownload();
    void drainQueue();
    int scaled(int ms) const;
    void executeLine(const PendingLine &line);
    void onTimedLineDue();
    void finishLine(const Reply &reply);
    void runCommands(QByteArrayView body, Reply &reply);
    std::optional<QByteArray> cannedReply(const QByteArray &line);
    void sendReply(const Reply &reply);
    QByteArray frameInfo(const QByteArray &text) const;
    QByteArray frameFinal(const Reply &reply) const;
    void applyEffects(const QList<Effect> &effects);

    void reboot(int fun);
    void boot(int fun, bool withBanner);
    void startRegistration();
    void deregister();
    void onRegistrationDelayElapsed();
    void runRegistrationStep(qsizetype index);
    void setRegistration(RegStat stat);

    void startFaults();
    void injectNoise();
    void closePort();
    void persistSettings();

    void sendUrc(const QByteArray &line);
    void send(const QByteArray &bytes);
    void flush();

    SimConfig m_config;
    std::unique_ptr<Personality> m_personality;
    SimPort &m_port;
    const TrafficLog &m_log;
    std::mt19937 m_random;
    std::mt19937 m_dataRandom;   // ping round trips
    std::mt19937 m_faultRandom;  // noise and dropped bytes
    SignalModel m_signal;
    PowerOnDefaults m_defaults;
    ModemState m_state;
    LineAssembler m_assembler;
    Power m_power = Power::Off;
    QList<PendingLine> m_queue;
    std::optional<PendingLine> m_inFlight;
    std::optional<Reply> m_deferred;  // a reply whose timed lines are still being sent
    qsizetype m_deferredNext = 0;
    QTimer m_deferTimer;
    std::optional<Reply> m_download;  // a command reading raw data after its prompt (AT+CFSWFILE)
    QByteArray m_downloadData;
    std::optional<Reply> m_async;  // a command waiting for its work (AT+CAOPEN)
    QTimer m_downloadTimer;
    QTimer m_noiseTimer;
    quint64 m_generation = 0;  // bumped by every reboot; URCs of an earlier life are dropped
    qint64 m_commandCount = 0;
    QList<RegistrationStep> m_sequence;
    qsizetype m_step = 0;
    QByteArray m_savedSettings;
    QTimer m_latencyTimer;
    QTimer m_registrationTimer;
    QTimer m_bootTimer;
    int m_bootFun = 1;
    QHash<QByteArray, qsizetype> m_responseUses;
    QByteArray m_out;
    QElapsedTimer m_paceClock;
    QByteArray m_inBacklog;
    QByteArray m_outBacklog;
    qint64 m_inFreeAt = 0;   // ns on m_paceClock when the input line has delivered its backlog so far
    qint64 m_outFreeAt = 0;  // ns when the output line is free for the next byte
    QTimer m_inPaceTimer;
    QTimer m_outPaceTimer;
    bool m_batching = false;
};

} // namespace ModemBench::Sim
