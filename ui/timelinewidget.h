#pragma once

#include "core/modem/modemsession.h"
#include "core/monitor/signalmonitor.h"
#include "ui/dialogseam.h"
#include "ui/timelinechart.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <optional>

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace ModemBench::Ui {

class TimelineView;

// The signal timeline (issue #4): runs core's SignalMonitor on the session's channel and charts
// what it records. The view follows live data in a chosen time window; pause, zoom and pan freeze
// it while data keeps coming. The widget keeps its own copy of the samples, so the history
// survives a reconnect (a new channel needs a new monitor) and a stop and start.
class TimelineWidget : public QWidget
{
    Q_OBJECT
public:
    static constexpr qsizetype kCapacity = 200000;   // per series; 24 h at 1 Hz is 86400
    static constexpr int kMinRefreshMs = 250;        // at most four redraws a second
    static constexpr qint64 kAllWindow = 0;

    explicit TimelineWidget(QWidget *parent = nullptr);
    ~TimelineWidget() override;

    void setSession(ModemSession *session);
    void setSaveFileChooser(SaveFileChooser chooser) { m_chooser = std::move(chooser); }

    // Monitoring: the options come from the controls (interval, ping host).
    void startMonitoring();
    void stopMonitoring();
    bool isMonitoring() const { return m_monitor && m_monitor->isRunning(); }
    SignalMonitor *monitor() const { return m_monitor; }
    void setPingHost(const QString &host); // empty: no ping
    // Restore the data connection after a drop (SignalMonitor::Options::restoreDataConnection).
    void setKeepDataUp(bool keep);
    void setIntervalMs(int ms);

    // The view: a window of the last N ms (kAllWindow: everything), paused or following.
    QList<qint64> windowChoices() const;
    void setWindowMs(qint64 ms);
    qint64 windowMs() const;
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    bool isZoomed() const { return m_zoom.has_value(); }
    void zoomTo(qint64 fromMs, qint64 toMs);
    void resetZoom();
    void setRsrpThreshold(std::optional<double> dbm);
    void setRttThreshold(std::optional<double> ms);

    // Data: what the monitor emits; public so a recording or a test can fill the timeline.
    void addSample(const ModemBench::SignalSample &sample);
    void addPing(const ModemBench::PingSample &ping);
    void addEvent(const ModemBench::MonitorEvent &event);
    void clear();
    TimelineData data() const;

    // Exports through the file dialog seam; errors appear in the widget's message line.
    void exportCsv();
    void exportJson();
    void exportPng();

    void refreshNow();
    TimelineChart *chart() const { return m_chart; }
    TimelineView *view() const { return m_view; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *messageLabel() const { return m_message; }
    QAction *monitorAction() const { return m_monitorAction; }
    QAction *pauseAction() const { return m_pauseAction; }
    QAction *resetZoomAction() const { return m_resetZoomAction; }
    QList<QAction *> menuActions() const;

Q_SIGNALS:
    void rendered();
    void monitoringChanged(bool running);
    void exported(const QString &path);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildControls();
    void buildActions();
    void loadSettings();
    void saveSettings() const;
    SignalMonitor::Options monitorOptions() const;
    void createMonitor();
    void dropMonitor();
    void onSessionState(ModemSession::State state);
    void onMonitorFailed(const Error &error);
    void scheduleRefresh();
    std::pair<qint64, qint64> currentRange() const;
    qint64 liveEndMs() const;
    void updateTicking();
    void updateStatus();
    void updateControls();
    void showMessage(const QString &text, bool error);
    void exportData(const QString &what, const QString &suffix, const QString &filter,
                    const std::function<QByteArray()> &bytes);

    QPointer<ModemSession> m_session;
    QPointer<SignalMonitor> m_monitor;
    SaveFileChooser m_chooser;
    BoundedSeries<SignalSample> m_signal{kCapacity};
    BoundedSeries<PingSample> m_pings{kCapacity};
    BoundedSeries<MonitorEvent> m_events{kCapacity};
    qsizetype m_lostPings = 0;   // since the last clear (the status line)
    bool m_wanted = false;       // the user asked to monitor; survives a reconnect
    bool m_paused = false;
    bool m_loading = false;
    qint64 m_pausedEndMs = 0;
    std::optional<std::pair<qint64, qint64>> m_zoom;
    QTimer m_refreshTimer;
    QTimer m_tickTimer;
    QElapsedTimer m_sinceRender;

    TimelineChart *m_chart = nullptr;
    TimelineView *m_view = nullptr;
    QAction *m_monitorAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_resetZoomAction = nullptr;
    QAction *m_exportCsvAction = nullptr;
    QAction *m_exportJsonAction = nullptr;
    QAction *m_exportPngAction = nullptr;
    QAction *m_clearAction = nullptr;
    QDoubleSpinBox *m_interval = nullptr;
    QCheckBox *m_pingEnabled = nullptr;
    QCheckBox *m_keepData = nullptr;
    QLineEdit *m_pingHost = nullptr;
    QComboBox *m_window = nullptr;
    QCheckBox *m_rsrpEnabled = nullptr;
    QSpinBox *m_rsrpLimit = nullptr;
    QSpinBox *m_rttLimit = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_message = nullptr;
};

} // namespace ModemBench::Ui
