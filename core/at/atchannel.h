#pragma once

#include "core/at/atrequest.h"
#include "core/at/framer.h"
#include "core/at/resultcodes.h"
#include "core/at/traffic.h"
#include "core/clock.h"
#include "core/error.h"

#include <QObject>
#include <QPointer>

#include <deque>
#include <vector>
#include <functional>
#include <memory>

namespace ModemBench {

class CommandCatalog;
class Transport;

// The one path to a modem's AT interface (style.md "The AT channel"): a priority queue, one
// command in flight, each line classified as echo, URC, info line (by owned prefix or a checked
// bare format) or final result; prompts and counted binary payloads; resync after a timeout so a
// late reply never reaches the next command; reboot detection; bounded buffers.
class AtChannel : public QObject
{
    Q_OBJECT
public:
    struct Options {
        int defaultTimeoutMs = 5000;
        int unresponsiveAfter = 10;     // consecutive timeouts before portUnresponsive (test-plan F3)
        int resyncProbeTimeoutMs = 1000;
        int resyncAttempts = 3;
        int binaryIdleTimeoutMs = 500;  // a counted payload that stops arriving is a desync (B9)
        qsizetype maxLineLength = 4096;
        int maxQueued = 256;
        int maxReplyLines = 100000;     // a reply longer than this is a runaway modem (B8)
    };
    using Callback = std::function<void(const Result<AtResponse> &)>;

    // The catalog may be null (then every command gets defaultTimeoutMs and no owned prefixes).
    AtChannel(Transport *transport, Clock *clock, const CommandCatalog *catalog, QObject *parent = nullptr);
    AtChannel(Transport *transport, Clock *clock, const CommandCatalog *catalog, Options options,
              QObject *parent = nullptr);
    ~AtChannel() override;

    // Queues a request. The callback runs once, from the event loop or from inside this call for
    // an immediate refusal, unless `context` has been destroyed by then. Returns an id for cancel().
    quint64 send(AtRequest request, QObject *context, Callback callback);
    quint64 send(const QByteArray &command, QObject *context, Callback callback);
    // Fails the request with Cancelled; an in-flight one also triggers a resync.
    void cancel(quint64 id);
    void cancelAll();
    // Fails everything without touching the modem again (the session is closing).
    void shutdown(const Error &reason);
    // Sends bytes for a prompt the in-flight request did not bring a payload for (console use).
    Result<void> writePromptPayload(const QByteArray &bytes, bool secret = false);

    bool isBusy() const { return m_current != nullptr || m_resync.active; }
    int queuedCount() const;
    bool numericResults() const { return m_numericResults; }
    qint64 garbageBytes() const;
    qint64 lateLinesDiscarded() const { return m_lateLines; }
    qint64 urcCount() const { return m_urcCount; }
    int consecutiveTimeouts() const { return m_consecutiveTimeouts; }
    const Options &options() const { return m_options; }

Q_SIGNALS:
    void urcReceived(const QByteArray &line);
    void traffic(const ModemBench::TrafficRecord &record);
    void commandStarted(quint64 id, const QByteArray &command);
    void commandFinished(quint64 id, bool success);
    void promptWaiting(const QByteArray &command);
    void modemRestarted();
    void portUnresponsive();
    void resyncFinished(bool success);
    void garbageCountChanged(qint64 bytes);
    void closed(const ModemBench::Error &reason);

private:
    struct Pending;
    struct ResyncState {
        bool active = false;
        bool sawProbeInfo = false;
        int attempt = 0;
        QByteArray probe;
    };

    void onData(const QByteArray &bytes);
    void onFramerEvent(const Framer::Event &event);
    void onTransportClosed(const Error &reason);
    void handleLine(const QByteArray &line, const QByteArray &raw);
    bool handleLineForCurrent(const QByteArray &line, const QByteArray &raw);
    void handleResyncLine(const QByteArray &line, const QByteArray &raw);
    void handleUnsolicited(const QByteArray &line, const QByteArray &raw);
    void handlePrompt(const QByteArray &raw);
    void handleBootBanner(const QByteArray &line, const QByteArray &raw);
    bool ownsLine(const QByteArray &line) const;
    bool isEcho(const QByteArray &line) const;

    void fillFromCatalog(AtRequest &request) const;
    void dispatchNext();
    void startCurrent();
    void writePayload(const QByteArray &payload, bool secret);
    void armTimer();
    void onTimeout();
    void completeCurrent(Result<AtResponse> result, bool needsResync);
    void startResync();
    void sendProbe();
    void finishResync(bool success);
    void deliver(std::unique_ptr<Pending> done, Result<AtResponse> result);
    std::vector<std::unique_ptr<Pending>> takeAll();
    void failVictims(const std::vector<std::unique_ptr<Pending>> &victims, const Error &error);
    void noteSuccess();
    void noteTimeout();
    void trackResultMode(const QByteArray &command);
    bool isAutomaticTraffic(TrafficKind kind) const;
    void record(bool toModem, TrafficKind kind, const QByteArray &bytes, const QByteArray &text = {},
                bool redacted = false);

    Transport *m_transport;
    Clock *m_clock;
    const CommandCatalog *m_catalog;
    Options m_options;
    Framer m_framer;
    std::unique_ptr<ClockTimer> m_timer;
    std::array<std::deque<std::unique_ptr<Pending>>, 3> m_queues;
    std::unique_ptr<Pending> m_current;
    ResyncState m_resync;
    quint64 m_nextId = 1;
    bool m_numericResults = false;
    bool m_closed = false;
    bool m_feeding = false;
    QByteArray m_reentrantInput;
    qint64 m_lateLines = 0;
    qint64 m_urcCount = 0;
    qint64 m_reportedGarbage = 0;
    int m_consecutiveTimeouts = 0;
    bool m_unresponsiveReported = false;
};

} // namespace ModemBench
