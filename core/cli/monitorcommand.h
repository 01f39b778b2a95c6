#pragma once

#include "core/clock.h"
#include "core/error.h"
#include "core/monitor/signalmonitor.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QObject>
#include <QStringList>
#include <QTextStream>

#include <memory>
#include <optional>

namespace ModemBench {

// `modembench-cli monitor` (issue #4): runs a SignalMonitor and streams one row per signal sample,
//   timestamp,csq,rssi_dbm,rsrp_dbm,rsrq_db,sinr_db,rtt_ms,event
// as CSV (empty = no value) or as one JSON object per line (null = no value). rtt_ms is the latest
// ping since the previous row; a lost ping leaves it empty and adds "ping lost" to event. event
// joins the monitor's events since the previous row with "; " as "<kind>: <text>".
class MonitorCommand : public QObject
{
    Q_OBJECT
public:
    struct Settings {
        int intervalMs = 1000;
        std::optional<int> durationMs;
        QString pingHost;
        bool json = false;
        QString recordPath;
        bool keepConnected = false; // SignalMonitor::Options::restoreDataConnection
        QString apn;
    };

    static constexpr double kMinIntervalS = 0.2;
    static constexpr char kCsvHeader[] = "timestamp,csq,rssi_dbm,rsrp_dbm,rsrq_db,sinr_db,rtt_ms,event";

    // The options `monitor` adds to the CLI parser (--interval, --duration, --ping, --csv, --record).
    static QList<QCommandLineOption> options();
    // Reads them (and the shared --json); fails with Usage saying what is wrong, e.g. an interval
    // below 0.2 s or both --csv and --json. `arguments` are the positional ones after "monitor".
    static Result<Settings> parse(const QCommandLineParser &parser, const QStringList &arguments);

    // channel and clock must outlive the command. The monitor runs the capability probe itself.
    MonitorCommand(AtChannel *channel, Clock *clock, Settings settings, QTextStream &out, QObject *parent = nullptr);
    ~MonitorCommand() override;

    void start();
    // Ctrl-C or the end of --duration: stops polling, flushes, finished() with success.
    void interrupt();

Q_SIGNALS:
    // Once: success after interrupt() or --duration; the monitor's error when it could not run.
    void finished(const ModemBench::Result<void> &result);

private:
    void onSample(const SignalSample &sample);
    void onEvent(const MonitorEvent &event);
    void onPing(const PingSample &ping);
    void end(const Result<void> &result);
    QString eventText();

    Settings m_settings;
    QTextStream &m_out;
    Clock *m_clock;
    std::unique_ptr<SignalMonitor> m_monitor;
    std::unique_ptr<ClockTimer> m_duration;
    QStringList m_events;
    std::optional<PingSample> m_ping;   // the latest since the previous row
    bool m_ended = false;
};

// One row of `monitor` output (exposed for tests): CSV fields or a JSON object with the header's keys
// in the header's order.
QString monitorCsvRow(const SignalSample &sample, const std::optional<double> &rttMs, const QString &event);
QString monitorJsonRow(const SignalSample &sample, const std::optional<double> &rttMs, const QString &event);

} // namespace ModemBench
