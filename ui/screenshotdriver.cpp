#include "ui/screenshotdriver.h"

#include "ui/commandinput.h"
#include "ui/consolewidget.h"
#include "ui/identitypanel.h"
#include "ui/mainwindow.h"
#include "ui/timelinewidget.h"
#include "ui/trafficview.h"

#include "core/clock.h"
#include "core/flows/flowrunner.h"

#include <QDockWidget>
#include <QPixmap>

#include <cstdio>

namespace ModemBench::Ui {

ScreenshotDriver::ScreenshotDriver(MainWindow *window, const QString &path, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_path(path)
    , m_commands{QStringLiteral("ATI"), QStringLiteral("AT+CSQ"), QStringLiteral("AT+CPSI?"),
                 QStringLiteral("AT+COPS?"), QStringLiteral("AT+CEREG=2"), QStringLiteral("AT+CFUN=0"),
                 QStringLiteral("AT+CFUN=1"), QStringLiteral("AT+CFOO")}
    , m_draft(QStringLiteral("AT+CEREG?"))
{
    m_giveUp.setSingleShot(true);
    m_giveUp.setInterval(kGiveUpMs);
    connect(&m_giveUp, &QTimer::timeout, this, [this] { capture(false); });
}

void ScreenshotDriver::start()
{
    // The console shots are about the console: the timeline has its own (--screenshot-view timeline).
    m_window->timelineDock()->hide();
    m_giveUp.start();
    // The first full read of the modem info means the session is up and the panel is filled.
    connect(m_window->identityPanel(), &IdentityPanel::refreshed, this, [this] {
        if (!m_started) {
            m_started = true;
            sendNext();
        }
    });
    connect(m_window->console(), &ConsoleWidget::commandFinished, this, [this] {
        if (m_started)
            sendNext();
    });
    // A failed connection is worth a picture too: it shows how the failure is reported.
    connect(m_window->session(), &ModemSession::openFailed, this, [this] {
        QTimer::singleShot(kSettleMs, this, [this] { capture(false); });
    });
    if (m_window->session()->state() == ModemSession::State::Closed)
        m_window->connectModem();
}

void ScreenshotDriver::sendNext()
{
    if (m_done)
        return;
    if (m_commands.isEmpty()) {
        m_window->console()->input()->setText(m_draft);
        QTimer::singleShot(kSettleMs, this, [this] { capture(true); });
        return;
    }
    m_window->console()->submit(m_commands.takeFirst());
}

void ScreenshotDriver::capture(bool success)
{
    if (m_done)
        return;
    m_done = true;
    m_giveUp.stop();
    m_window->console()->view()->flush();
    const bool saved = m_window->grab().save(m_path, "PNG");
    if (!saved)
        std::fprintf(stderr, "modembench: cannot write the screenshot %s\n", qPrintable(m_path));
    Q_EMIT finished(success && saved);
}

namespace {
constexpr int kFlowDeadlineMs = 180000;
constexpr int kTimelineWidth = 1560;
constexpr int kTimelineHeight = 960;
} // namespace

TimelineScreenshotDriver::TimelineScreenshotDriver(MainWindow *window, const QString &path, int afterMs,
                                                   const QString &pingHost, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_path(path)
    , m_afterMs(afterMs)
    , m_pingHost(pingHost)
{
    m_giveUp.setSingleShot(true);
    connect(&m_giveUp, &QTimer::timeout, this, [this] { capture(false); });
}

void TimelineScreenshotDriver::start()
{
    // The chart wants room: a wide window with the timeline taking most of its height.
    m_window->resize(kTimelineWidth, kTimelineHeight);
    m_window->timelineDock()->show();
    m_window->resizeDocks({m_window->timelineDock()}, {kTimelineHeight * 62 / 100}, Qt::Vertical);
    m_giveUp.start(m_afterMs + kFlowDeadlineMs);
    connect(m_window->session(), &ModemSession::ready, this, &TimelineScreenshotDriver::onReady);
    connect(m_window->session(), &ModemSession::openFailed, this,
            [this] { QTimer::singleShot(ScreenshotDriver::kSettleMs, this, [this] { capture(false); }); });
    if (m_window->session()->state() == ModemSession::State::Closed)
        m_window->connectModem();
    else if (m_window->session()->state() == ModemSession::State::Ready)
        onReady();
}

void TimelineScreenshotDriver::onReady()
{
    if (m_connected || m_runner)
        return;
    ModemSession *session = m_window->session();
    runFlow(connectSteps(m_context, NetworkOptions{}, session->transport(), SystemClock::instanceForThread()),
            tr("Connecting"), [this](bool ok) {
                if (!ok) {
                    capture(false);
                    return;
                }
                m_connected = true;
                startMonitoring();
            });
}

void TimelineScreenshotDriver::startMonitoring()
{
    TimelineWidget *timeline = m_window->timeline();
    timeline->setWindowMs(TimelineWidget::kAllWindow);
    timeline->setIntervalMs(1000);
    timeline->setPingHost(m_pingHost);
    timeline->setKeepDataUp(true); // the monitor reactivates the data connection after the drop
    connect(timeline, &TimelineWidget::monitoringChanged, this, [this](bool running) {
        if (running && !m_done)
            QTimer::singleShot(m_afterMs, this, [this] { capture(true); });
    }, Qt::SingleShotConnection);
    timeline->startMonitoring();
}

void TimelineScreenshotDriver::runFlow(const QList<FlowStep> &steps, const QString &name, std::function<void(bool)> done)
{
    auto *runner = new FlowRunner(m_window->session()->channel(), SystemClock::instanceForThread(), steps, name,
                                  kFlowDeadlineMs, {}, this);
    m_runner = runner;
    connect(runner, &FlowRunner::finished, this, [this, runner, name, done](const Result<void> &result) {
        runner->deleteLater();
        m_runner = nullptr;
        if (!result)
            std::fprintf(stderr, "modembench: %s: %s\n", qPrintable(name), qPrintable(result.error().message));
        done(bool(result));
    });
    runner->start();
}

void TimelineScreenshotDriver::capture(bool success)
{
    if (m_done)
        return;
    m_done = true;
    m_giveUp.stop();
    m_window->timeline()->refreshNow();
    const bool saved = m_window->grab().save(m_path, "PNG");
    if (!saved)
        std::fprintf(stderr, "modembench: cannot write the screenshot %s\n", qPrintable(m_path));
    Q_EMIT finished(success && saved);
}

} // namespace ModemBench::Ui
