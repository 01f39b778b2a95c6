#pragma once

#include "core/at/atchannel.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/modem/modelprofile.h"
#include "core/monitor/monitorsamples.h"

#include <QObject>

#include <memory>
#include <optional>

namespace ModemBench {

class MonitorRecorder;

// Polls signal (AT+CSQ, and AT+CPSI? where the profile has it) and pings a host from the modem at
// set intervals, and turns registration/PDP URCs, reboots and other URCs into timestamped events
// (issue #4). Every command goes out at Priority::Background, so a console command never waits
// behind a poll for more than the one command in flight. Poll and ping each wait for their
// previous round to end: a slow modem lowers the rate, it never piles up a queue.
class SignalMonitor : public QObject
{
    Q_OBJECT
public:
    struct Options {
        int signalIntervalMs = 1000;
        QString pingHost;              // empty: no ping
        int pingIntervalMs = 1000;
        int pingTimeoutMs = 5000;
        qsizetype capacity = 200000;   // per series; 24 h at 1 Hz is 86400
        // After registration or the data connection is lost (or the modem rebooted), wait for the
        // network and activate the data connection again, so pings resume by themselves.
        bool restoreDataConnection = false;
        QString apn;                   // for that activation; empty: the network's (CGNAPN)
    };
    // Between attempts to restore a data connection that did not come back.
    static constexpr int kRestoreRetryMs = 30000;

    // `profile` picks the dialects (CPSI or not, SNPING4 or CIPPING); without one the monitor
    // runs the capability probe first. channel and clock must outlive the monitor.
    SignalMonitor(AtChannel *channel, Clock *clock, Options options, std::optional<ModelProfile> profile = {},
                  QObject *parent = nullptr);
    ~SignalMonitor() override;

    void start();
    void stop();                       // ends polling; the series are kept
    bool isRunning() const;
    void setOptions(const Options &options); // takes effect at the next round

    const BoundedSeries<SignalSample> &signalSeries() const;
    const BoundedSeries<PingSample> &pingSeries() const;
    const BoundedSeries<MonitorEvent> &events() const;
    void clear();

    // Records every sample and event as JSON lines to `path` as they happen (0600, like the
    // traffic log). Fails with a message naming the file when it cannot be opened.
    Result<void> startRecording(const QString &path);
    void stopRecording();
    QString recordingPath() const;

Q_SIGNALS:
    void signalSampled(const ModemBench::SignalSample &sample);
    void pingSampled(const ModemBench::PingSample &sample);
    void eventRecorded(const ModemBench::MonitorEvent &event);
    void runningChanged(bool running);
    // The monitor could not start or stopped by itself (no profile, port closed); the text says
    // what to do.
    void failed(const ModemBench::Error &error);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ModemBench

Q_DECLARE_METATYPE(ModemBench::SignalSample)
Q_DECLARE_METATYPE(ModemBench::PingSample)
Q_DECLARE_METATYPE(ModemBench::MonitorEvent)
