#include "ui/timelinewidget.h"

#include "core/clock.h"
#include "ui/timelineexport.h"
#include "ui/timelineview.h"

#include <QAction>
#include <QBuffer>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPixmap>
#include <QScopedValueRollback>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace ModemBench::Ui {

namespace {

const QString kIntervalKey = QStringLiteral("timeline/intervalMs");
const QString kPingEnabledKey = QStringLiteral("timeline/pingEnabled");
const QString kPingHostKey = QStringLiteral("timeline/pingHost");
const QString kKeepDataKey = QStringLiteral("timeline/keepDataUp");
const QString kWindowKey = QStringLiteral("timeline/windowMs");
const QString kRsrpEnabledKey = QStringLiteral("timeline/rsrpThresholdEnabled");
const QString kRsrpKey = QStringLiteral("timeline/rsrpThresholdDbm");
const QString kRttKey = QStringLiteral("timeline/rttThresholdMs");
const QString kExportDirKey = QStringLiteral("timeline/exportDir");

constexpr qint64 kMinute = 60 * 1000;
constexpr qint64 kHour = 60 * kMinute;
constexpr int kDefaultRsrp = -110;     // the usual "poor coverage" line for LTE-M (3GPP-agnostic rule of thumb)
constexpr qint64 kDefaultWindow = 5 * kMinute;
constexpr int kMaxTickMs = 5000;
constexpr qint64 kMinAllSpanMs = 10000;
// The monitor keeps little: the widget holds the history (see the class comment).
constexpr qsizetype kMonitorCapacity = 4096;

QString clock(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("hh:mm:ss"));
}

} // namespace

TimelineWidget::TimelineWidget(QWidget *parent)
    : QWidget(parent)
    , m_chooser(defaultSaveFileChooser())
{
    m_chart = new TimelineChart;
    m_view = new TimelineView(m_chart, this);
    m_view->setObjectName(QStringLiteral("timelineView"));
    m_view->setMinimumHeight(220);
    buildActions();
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("timelineStatus"));
    m_status->setToolTip(TimelineView::helpText());
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("timelineMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    layout->addWidget(buildControls());
    layout->addWidget(m_message);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);

    m_refreshTimer.setSingleShot(true);
    connect(&m_refreshTimer, &QTimer::timeout, this, &TimelineWidget::refreshNow);
    connect(&m_tickTimer, &QTimer::timeout, this, &TimelineWidget::scheduleRefresh);
    connect(m_view, &TimelineView::rangeRequested, this, &TimelineWidget::zoomTo);
    connect(m_view, &TimelineView::resetRequested, this, &TimelineWidget::resetZoom);
    connect(m_view, &TimelineView::resized, this, &TimelineWidget::scheduleRefresh);
    loadSettings();
    updateControls();
    refreshNow();
}

TimelineWidget::~TimelineWidget()
{
    dropMonitor();
}

void TimelineWidget::buildActions()
{
    m_monitorAction = new QAction(tr("&Monitor Signal"), this);
    m_monitorAction->setCheckable(true);
    m_monitorAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    m_monitorAction->setToolTip(tr("Start or stop polling signal and pinging from the modem (Ctrl+M)"));
    connect(m_monitorAction, &QAction::triggered, this, [this](bool on) { on ? startMonitoring() : stopMonitoring(); });
    m_pauseAction = new QAction(tr("&Pause Timeline"), this);
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_pauseAction->setToolTip(tr("Stop the view from moving; data is still collected (Ctrl+P)"));
    connect(m_pauseAction, &QAction::triggered, this, &TimelineWidget::setPaused);
    m_resetZoomAction = new QAction(tr("&Reset Zoom"), this);
    m_resetZoomAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    m_resetZoomAction->setToolTip(tr("Show the chosen time window again (Ctrl+0, or Home in the chart)"));
    connect(m_resetZoomAction, &QAction::triggered, this, &TimelineWidget::resetZoom);
    m_exportCsvAction = new QAction(tr("Export Timeline as &CSV…"), this);
    connect(m_exportCsvAction, &QAction::triggered, this, &TimelineWidget::exportCsv);
    m_exportJsonAction = new QAction(tr("Export Timeline as &JSON…"), this);
    connect(m_exportJsonAction, &QAction::triggered, this, &TimelineWidget::exportJson);
    m_exportPngAction = new QAction(tr("Export Timeline Chart as &PNG…"), this);
    connect(m_exportPngAction, &QAction::triggered, this, &TimelineWidget::exportPng);
    m_clearAction = new QAction(tr("C&lear Timeline"), this);
    m_clearAction->setToolTip(tr("Forget the samples and events shown so far"));
    connect(m_clearAction, &QAction::triggered, this, &TimelineWidget::clear);
    // Window-wide shortcuts: they work wherever the focus is while the timeline is shown.
    addActions(menuActions());
}

QList<QAction *> TimelineWidget::menuActions() const
{
    return {m_monitorAction, m_pauseAction, m_resetZoomAction, m_exportCsvAction,
            m_exportJsonAction, m_exportPngAction, m_clearAction};
}

QWidget *TimelineWidget::buildControls()
{
    auto *bar = new QToolBar(this);
    bar->setIconSize(QSize(16, 16));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(m_monitorAction);
    m_interval = new QDoubleSpinBox(bar);
    m_interval->setRange(0.2, 3600);
    m_interval->setDecimals(1);
    m_interval->setSuffix(tr(" s"));
    m_interval->setToolTip(tr("Seconds between signal polls and pings"));
    bar->addWidget(new QLabel(tr(" every "), bar));
    bar->addWidget(m_interval);
    m_pingEnabled = new QCheckBox(tr("Ping"), bar);
    m_pingEnabled->setToolTip(tr("Also ping a host from the modem; needs an active data connection "
                                 "(Modem > Network Wizard)"));
    m_pingHost = new QLineEdit(bar);
    m_pingHost->setPlaceholderText(tr("host or IPv4"));
    m_pingHost->setMaximumWidth(140);
    bar->addSeparator();
    bar->addWidget(m_pingEnabled);
    bar->addWidget(m_pingHost);
    m_keepData = new QCheckBox(tr("Keep data up"), bar);
    m_keepData->setToolTip(tr("After registration or the data connection is lost, wait for the network and "
                              "activate the data connection again (the network's APN), so pings resume"));
    bar->addWidget(m_keepData);
    bar->addSeparator();
    m_window = new QComboBox(bar);
    m_window->setToolTip(tr("How much of the recording the view shows"));
    const QStringList names{tr("1 min"), tr("5 min"), tr("15 min"), tr("1 h"), tr("6 h"), tr("24 h"), tr("All")};
    const QList<qint64> windows = windowChoices();
    for (qsizetype i = 0; i < windows.size(); ++i)
        m_window->addItem(names.at(i), windows.at(i));
    bar->addWidget(new QLabel(tr("Window "), bar));
    bar->addWidget(m_window);
    bar->addAction(m_pauseAction);
    bar->addAction(m_resetZoomAction);
    bar->addSeparator();
    m_rsrpEnabled = new QCheckBox(tr("RSRP limit"), bar);
    m_rsrpEnabled->setToolTip(tr("Draw a line at this RSRP; below it coverage is poor"));
    m_rsrpLimit = new QSpinBox(bar);
    m_rsrpLimit->setRange(-140, -44);
    m_rsrpLimit->setSuffix(tr(" dBm"));
    bar->addWidget(m_rsrpEnabled);
    bar->addWidget(m_rsrpLimit);
    m_rttLimit = new QSpinBox(bar);
    m_rttLimit->setRange(0, 60000);
    m_rttLimit->setSuffix(tr(" ms"));
    m_rttLimit->setSpecialValueText(tr("no RTT limit"));
    m_rttLimit->setToolTip(tr("Draw a line at this ping round-trip time (0: none)"));
    bar->addWidget(m_rttLimit);
    bar->addSeparator();
    auto *exportButton = new QToolButton(bar);
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(exportButton);
    menu->addActions({m_exportCsvAction, m_exportJsonAction, m_exportPngAction});
    exportButton->setMenu(menu);
    exportButton->setToolTip(tr("Save the data as CSV or JSON (the columns of modembench-cli monitor) or the chart as PNG"));
    bar->addWidget(exportButton);
    bar->addAction(m_clearAction);

    connect(m_window, &QComboBox::currentIndexChanged, this, [this] {
        saveSettings();
        m_zoom.reset();
        updateControls();
        scheduleRefresh();
    });
    connect(m_rsrpEnabled, &QCheckBox::toggled, this, [this] {
        setRsrpThreshold(m_rsrpEnabled->isChecked() ? std::optional<double>(m_rsrpLimit->value()) : std::nullopt);
    });
    connect(m_rsrpLimit, &QSpinBox::valueChanged, this, [this] {
        setRsrpThreshold(m_rsrpEnabled->isChecked() ? std::optional<double>(m_rsrpLimit->value()) : std::nullopt);
    });
    connect(m_rttLimit, &QSpinBox::valueChanged, this,
            [this](int ms) { setRttThreshold(ms > 0 ? std::optional<double>(ms) : std::nullopt); });
    // Changed while running: the monitor takes the new values at its next round.
    const auto apply = [this] {
        saveSettings();
        if (m_monitor)
            m_monitor->setOptions(monitorOptions());
    };
    connect(m_interval, &QDoubleSpinBox::editingFinished, this, apply);
    connect(m_pingHost, &QLineEdit::editingFinished, this, apply);
    connect(m_keepData, &QCheckBox::toggled, this, apply);
    connect(m_pingEnabled, &QCheckBox::toggled, this, [this, apply] {
        m_pingHost->setEnabled(m_pingEnabled->isChecked());
        apply();
    });
    return bar;
}

void TimelineWidget::loadSettings()
{
    // The controls' change handlers save the settings: not while they are being read.
    const QScopedValueRollback loading(m_loading, true);
    const QSettings settings;
    m_interval->setValue(settings.value(kIntervalKey, 1000).toInt() / 1000.0);
    m_pingEnabled->setChecked(settings.value(kPingEnabledKey, false).toBool());
    m_pingHost->setText(settings.value(kPingHostKey, QStringLiteral("8.8.8.8")).toString());
    m_pingHost->setEnabled(m_pingEnabled->isChecked());
    m_keepData->setChecked(settings.value(kKeepDataKey, false).toBool());
    const int window = m_window->findData(settings.value(kWindowKey, kDefaultWindow).toLongLong());
    m_window->setCurrentIndex(window >= 0 ? window : 1);
    m_rsrpLimit->setValue(settings.value(kRsrpKey, kDefaultRsrp).toInt());
    m_rsrpEnabled->setChecked(settings.value(kRsrpEnabledKey, true).toBool());
    m_rttLimit->setValue(settings.value(kRttKey, 0).toInt());
    setRsrpThreshold(m_rsrpEnabled->isChecked() ? std::optional<double>(m_rsrpLimit->value()) : std::nullopt);
    setRttThreshold(m_rttLimit->value() > 0 ? std::optional<double>(m_rttLimit->value()) : std::nullopt);
}

void TimelineWidget::saveSettings() const
{
    if (m_loading)
        return;
    QSettings settings;
    settings.setValue(kIntervalKey, qRound(m_interval->value() * 1000));
    settings.setValue(kPingEnabledKey, m_pingEnabled->isChecked());
    settings.setValue(kPingHostKey, m_pingHost->text().trimmed());
    settings.setValue(kKeepDataKey, m_keepData->isChecked());
    settings.setValue(kWindowKey, windowMs());
    settings.setValue(kRsrpEnabledKey, m_rsrpEnabled->isChecked());
    settings.setValue(kRsrpKey, m_rsrpLimit->value());
    settings.setValue(kRttKey, m_rttLimit->value());
}

void TimelineWidget::setSession(ModemSession *session)
{
    if (m_session)
        m_session->disconnect(this);
    dropMonitor();
    m_session = session;
    if (session)
        connect(session, &ModemSession::stateChanged, this, &TimelineWidget::onSessionState);
    updateControls();
}

// A monitor belongs to one channel, and a channel to one open: leaving Ready ends it; Ready again
// (after a reconnect) starts a new one when the user still wants monitoring.
void TimelineWidget::onSessionState(ModemSession::State state)
{
    if (state == ModemSession::State::Ready) {
        if (m_wanted && !m_monitor)
            createMonitor();
    } else {
        dropMonitor();
    }
    updateControls();
}

SignalMonitor::Options TimelineWidget::monitorOptions() const
{
    SignalMonitor::Options options;
    options.signalIntervalMs = qRound(m_interval->value() * 1000);
    options.pingIntervalMs = options.signalIntervalMs;
    options.pingHost = m_pingEnabled->isChecked() ? m_pingHost->text().trimmed() : QString();
    options.capacity = kMonitorCapacity;
    options.restoreDataConnection = m_keepData->isChecked();
    return options;
}

void TimelineWidget::startMonitoring()
{
    if (m_pingEnabled->isChecked() && m_pingHost->text().trimmed().isEmpty()) {
        showMessage(tr("Enter a host to ping (for example 8.8.8.8), or untick Ping."), true);
        updateControls();
        return;
    }
    if (!m_session || m_session->state() == ModemSession::State::Closed) {
        showMessage(tr("Connect to a modem first (Ctrl+K), then start monitoring."), true);
        updateControls();
        return;
    }
    saveSettings();
    m_wanted = true;
    m_message->hide();
    if (m_session->state() == ModemSession::State::Ready && !m_monitor)
        createMonitor();
    updateControls();
}

void TimelineWidget::stopMonitoring()
{
    m_wanted = false;
    dropMonitor();
    updateControls();
}

void TimelineWidget::setKeepDataUp(bool keep)
{
    m_keepData->setChecked(keep);
}

void TimelineWidget::setPingHost(const QString &host)
{
    m_pingEnabled->setChecked(!host.isEmpty());
    if (!host.isEmpty())
        m_pingHost->setText(host);
    if (m_monitor)
        m_monitor->setOptions(monitorOptions());
}

void TimelineWidget::setIntervalMs(int ms)
{
    m_interval->setValue(ms / 1000.0);
    if (m_monitor)
        m_monitor->setOptions(monitorOptions());
}

void TimelineWidget::createMonitor()
{
    m_monitor = new SignalMonitor(m_session->channel(), SystemClock::instanceForThread(), monitorOptions(), {}, this);
    // Samples further apart than this are a gap, not a line. A lost ping holds the AT line for
    // its whole timeout (SNPING4 answers nothing until then), which delays the next signal poll.
    const SignalMonitor::Options options = monitorOptions();
    m_chart->setGapMs(3LL * options.signalIntervalMs + options.pingTimeoutMs + 1000);
    connect(m_monitor, &SignalMonitor::signalSampled, this, &TimelineWidget::addSample);
    connect(m_monitor, &SignalMonitor::pingSampled, this, &TimelineWidget::addPing);
    connect(m_monitor, &SignalMonitor::eventRecorded, this, &TimelineWidget::addEvent);
    connect(m_monitor, &SignalMonitor::failed, this, &TimelineWidget::onMonitorFailed);
    connect(m_monitor, &SignalMonitor::runningChanged, this, [this](bool running) {
        updateControls();
        Q_EMIT monitoringChanged(running);
    });
    m_monitor->start();
}

// Stopped at once (a ping may otherwise wait out its timeout) but deleted from the event loop:
// this can run inside a signal of the channel the monitor is still using.
void TimelineWidget::dropMonitor()
{
    SignalMonitor *monitor = m_monitor;
    m_monitor = nullptr;
    if (!monitor)
        return;
    monitor->stop();
    monitor->disconnect(this);
    monitor->deleteLater();
    Q_EMIT monitoringChanged(false);
}

void TimelineWidget::onMonitorFailed(const Error &error)
{
    // A port that closes comes back by itself (the session reconnects): monitoring resumes then.
    const bool comesBack = error.code == ErrorCode::PortClosed;
    m_wanted = m_wanted && comesBack;
    if (!comesBack)
        dropMonitor();
    showMessage(comesBack ? tr("%1 Monitoring resumes when the modem is back.").arg(error.message) : error.message, true);
    updateControls();
}

void TimelineWidget::addSample(const SignalSample &sample)
{
    m_signal.append(sample);
    scheduleRefresh();
}

void TimelineWidget::addPing(const PingSample &ping)
{
    m_pings.append(ping);
    m_lostPings += ping.rttMs ? 0 : 1;
    scheduleRefresh();
}

void TimelineWidget::addEvent(const MonitorEvent &event)
{
    m_events.append(event);
    scheduleRefresh();
}

void TimelineWidget::clear()
{
    m_signal.clear();
    m_pings.clear();
    m_lostPings = 0;
    m_events.clear();
    m_zoom.reset();
    refreshNow();
}

TimelineData TimelineWidget::data() const
{
    return {&m_signal.items(), &m_pings.items(), &m_events.items()};
}

QList<qint64> TimelineWidget::windowChoices() const
{
    return {kMinute, 5 * kMinute, 15 * kMinute, kHour, 6 * kHour, 24 * kHour, kAllWindow};
}

void TimelineWidget::setWindowMs(qint64 ms)
{
    const int index = m_window->findData(ms);
    if (index >= 0)
        m_window->setCurrentIndex(index);
}

qint64 TimelineWidget::windowMs() const
{
    return m_window->currentData().toLongLong();
}

void TimelineWidget::setPaused(bool paused)
{
    if (paused && !m_paused)
        m_pausedEndMs = currentRange().second;
    m_paused = paused;
    if (!paused)
        m_zoom.reset(); // resuming means following the live data again
    updateControls();
    refreshNow();
}

void TimelineWidget::zoomTo(qint64 fromMs, qint64 toMs)
{
    // Zooming or panning freezes the view; Resume (or Reset Zoom, then Resume) follows live data.
    if (!m_paused) {
        m_pausedEndMs = currentRange().second;
        m_paused = true;
    }
    m_zoom = std::make_pair(fromMs, qMax(toMs, fromMs + 1));
    updateControls();
    scheduleRefresh();
}

void TimelineWidget::resetZoom()
{
    m_zoom.reset();
    updateControls();
    refreshNow();
}

void TimelineWidget::setRsrpThreshold(std::optional<double> dbm)
{
    m_chart->setRsrpThreshold(dbm);
    saveSettings();
    scheduleRefresh();
}

void TimelineWidget::setRttThreshold(std::optional<double> ms)
{
    m_chart->setRttThreshold(ms);
    saveSettings();
    scheduleRefresh();
}

qint64 TimelineWidget::liveEndMs() const
{
    if (isMonitoring() || (m_signal.isEmpty() && m_pings.isEmpty() && m_events.isEmpty()))
        return QDateTime::currentMSecsSinceEpoch();
    // Stopped: end at the last thing recorded instead of scrolling into emptiness.
    qint64 last = 0;
    if (!m_signal.isEmpty())
        last = qMax(last, m_signal.last().timeMs);
    if (!m_pings.isEmpty())
        last = qMax(last, m_pings.last().timeMs);
    if (!m_events.isEmpty())
        last = qMax(last, m_events.last().timeMs);
    return last;
}

std::pair<qint64, qint64> TimelineWidget::currentRange() const
{
    if (m_zoom)
        return *m_zoom;
    const qint64 end = m_paused ? m_pausedEndMs : liveEndMs();
    if (const qint64 window = windowMs(); window != kAllWindow)
        return {end - window, end};
    // Everything from the first record on; at least a few seconds so a fresh start is not a smear.
    qint64 first = end;
    for (qint64 t : {m_signal.isEmpty() ? end : m_signal.at(0).timeMs, m_pings.isEmpty() ? end : m_pings.at(0).timeMs,
                     m_events.isEmpty() ? end : m_events.at(0).timeMs})
        first = qMin(first, t);
    return {qMin(first, end - kMinAllSpanMs), end};
}

// Coalesces data arrivals, ticks and resizes into one redraw, at most every kMinRefreshMs.
void TimelineWidget::scheduleRefresh()
{
    // A closed dock draws nothing; showEvent() catches up.
    if (m_refreshTimer.isActive() || !isVisible())
        return;
    const qint64 since = m_sinceRender.isValid() ? m_sinceRender.elapsed() : kMinRefreshMs;
    m_refreshTimer.start(int(qMax<qint64>(0, kMinRefreshMs - since)));
}

void TimelineWidget::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    scheduleRefresh();
}

void TimelineWidget::refreshNow()
{
    m_refreshTimer.stop();
    m_sinceRender.start();
    const auto [from, to] = currentRange();
    const bool empty = m_signal.isEmpty() && m_pings.isEmpty();
    if (!empty)
        m_chart->setHint(QString());
    else if (isMonitoring())
        m_chart->setHint(tr("Waiting for the first reading…"));
    else
        m_chart->setHint(tr("Start Monitoring (Ctrl+M) to chart the signal; tick Ping to chart latency as well "
                            "(it needs a data connection: Modem > Network Wizard)."));
    m_chart->render(data(), from, to);
    updateTicking();
    updateStatus();
    Q_EMIT rendered();
}

// A live view moves by itself, but no faster than a pixel's worth of time: a 24-hour window on a
// 1500-pixel plot needs a redraw every minute, not four times a second.
void TimelineWidget::updateTicking()
{
    if (m_paused || !isMonitoring()) {
        m_tickTimer.stop();
        return;
    }
    const auto [from, to] = currentRange();
    const double width = qMax(100.0, m_chart->plotArea().width());
    const int interval = int(qBound<double>(kMinRefreshMs, double(to - from) / width, kMaxTickMs));
    if (!m_tickTimer.isActive() || m_tickTimer.interval() != interval)
        m_tickTimer.start(interval);
}

void TimelineWidget::updateStatus()
{
    QString view;
    if (m_zoom)
        view = tr("Zoomed to %1–%2: Reset Zoom (Ctrl+0) or Resume (Ctrl+P)")
                   .arg(clock(m_zoom->first), clock(m_zoom->second));
    else if (m_paused)
        view = tr("Paused at %1: Resume (Ctrl+P) to follow").arg(clock(m_pausedEndMs));
    else
        view = isMonitoring() ? tr("Live") : tr("Not monitoring");
    m_status->setText(tr("%1 · %L2 samples · %L3 pings (%L4 lost) · %L5 events")
                          .arg(view)
                          .arg(m_signal.size())
                          .arg(m_pings.size())
                          .arg(m_lostPings)
                          .arg(m_events.size()));
}

void TimelineWidget::updateControls()
{
    const bool running = isMonitoring();
    const bool connected = m_session && m_session->state() != ModemSession::State::Closed;
    m_monitorAction->setChecked(m_wanted || running);
    m_monitorAction->setText(m_wanted || running ? tr("Stop &Monitoring") : tr("Start &Monitoring"));
    m_monitorAction->setEnabled(connected || m_wanted);
    m_pauseAction->setChecked(m_paused);
    m_pauseAction->setText(m_paused ? tr("Resume Timeline") : tr("&Pause Timeline"));
    m_resetZoomAction->setEnabled(m_zoom.has_value());
    updateStatus();
}

void TimelineWidget::showMessage(const QString &text, bool error)
{
    m_message->setStyleSheet(error ? QStringLiteral("QLabel { color: #b71c1c; }") : QString());
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void TimelineWidget::exportData(const QString &what, const QString &suffix, const QString &filter,
                                const std::function<QByteArray()> &bytes)
{
    const QString dir = QSettings().value(kExportDirKey, QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                            .toString();
    const QString name = QStringLiteral("timeline-%1.%2")
                             .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss")), suffix);
    const SaveFileRequest request{tr("Export the Timeline as %1").arg(what), QDir(dir).filePath(name), filter};
    m_chooser(this, request, [this, bytes](const QString &path) {
        QSettings().setValue(kExportDirKey, QFileInfo(path).absolutePath());
        if (const auto written = writeExportFile(path, bytes()); !written) {
            showMessage(written.error().message, true);
            return;
        }
        showMessage(QString(), false);
        Q_EMIT exported(path);
    });
}

void TimelineWidget::exportCsv()
{
    exportData(tr("CSV"), QStringLiteral("csv"), tr("CSV files (*.csv);;All files (*)"),
               [this] { return timelineCsv(data()); });
}

void TimelineWidget::exportJson()
{
    exportData(tr("JSON"), QStringLiteral("json"), tr("JSON files (*.json);;All files (*)"),
               [this] { return timelineJson(data()); });
}

void TimelineWidget::exportPng()
{
    exportData(tr("PNG"), QStringLiteral("png"), tr("PNG images (*.png)"), [this] {
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        m_view->grab().save(&buffer, "PNG");
        return png;
    });
}

} // namespace ModemBench::Ui
