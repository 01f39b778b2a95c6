// UI test, offscreen: the signal timeline (issue #4). The pure parts (decimation, event grouping,
// export rows) run on made-up data, including a 24-hour recording at 1 Hz; the widget runs on the
// simulated SIM7000G with a scenario that drops registration once, a few seconds in. No sleeps:
// every wait is QTRY_* or QSignalSpy::wait on a condition.
// With MODEMBENCH_SCREENSHOT_DIR set the simulator run also saves the window as a PNG.

#include "core/catalog/commandcatalog.h"
#include "core/clock.h"
#include "core/cli/monitorcommand.h"
#include "core/flows/flowrunner.h"
#include "core/flows/networkflows.h"
#include "ui/connectionbar.h"
#include "ui/dashboardwidget.h"
#include "ui/mainwindow.h"
#include "ui/messagebanner.h"
#include "ui/timelinechart.h"
#include "ui/timelinedecimation.h"
#include "ui/timelineexport.h"
#include "ui/timelinemarkers.h"
#include "ui/timelineview.h"
#include "ui/timelinewidget.h"

#include <QAction>
#include <QDateTimeAxis>
#include <QDockWidget>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QScatterSeries>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>

#include <cmath>
#include <optional>

using namespace ModemBench;
using namespace ModemBench::Ui;

namespace {

constexpr int kConnectTimeoutMs = 30000;
constexpr int kFlowTimeoutMs = 60000;
constexpr int kDropTimeoutMs = 40000;
constexpr qint64 kDay = 24 * 3600 * 1000;
constexpr qint64 kStart = 1795000000000; // a fixed wall time (November 2026)

// Registered at once, lost for 3 s after 9 s, then back: the monitor starts within ~3 s of
// power-on, so the drop lands inside the recording.
const char kScenario[] = R"({
  "registration": { "sequence": [ { "stat": 1, "for_ms": 9000 }, { "stat": 2, "for_ms": 3000 }, { "stat": 1 } ] },
  "ping": { "rtt_ms_mean": 60, "rtt_ms_jitter": 15 }
})";

// A day at 1 Hz: a slow sine with one deep dip and one spike, a 10-minute outage (no values) at
// noon, and every 50th ping lost.
struct DayData {
    QList<SignalSample> signal;
    QList<PingSample> pings;
    QList<MonitorEvent> events;
    qint64 dipMs = kStart + 3 * 3600 * 1000 + 17000;
    qint64 spikeMs = kStart + 20 * 3600 * 1000 + 5000;

    DayData()
    {
        signal.reserve(86400);
        pings.reserve(86400);
        for (qint64 i = 0; i < 86400; ++i) {
            const qint64 t = kStart + i * 1000;
            SignalSample s;
            s.timeMs = t;
            const bool outage = i >= 43200 && i < 43800;
            if (!outage) {
                s.csq = 20;
                s.rssiDbm = -70 + 5 * std::sin(double(i) / 3000);
                s.rsrpDbm = t == dipMs ? -139.0 : (t == spikeMs ? -45.0 : -100 + 5 * std::sin(double(i) / 2000));
                s.rsrqDb = -10;
                s.sinrDb = 12;
            }
            signal << s;
            PingSample p{t, QStringLiteral("8.8.8.8"), i % 50 == 0 ? std::nullopt : std::optional<double>(50 + i % 7)};
            pings << p;
        }
        events << MonitorEvent{kStart + 43200 * 1000, MonitorEventKind::Registration,
                               QStringLiteral("LTE (CEREG): registered-home -> searching")}
               << MonitorEvent{kStart + 43200 * 1000 + 5, MonitorEventKind::DataConnection,
                               QStringLiteral("PDP deactivated")}
               << MonitorEvent{kStart + 43800 * 1000, MonitorEventKind::Registration,
                               QStringLiteral("LTE (CEREG): searching -> registered-home")};
    }
    TimelineData data() const { return {&signal, &pings, &events}; }
};

bool hasY(const Segments &segments, double y)
{
    for (const auto &segment : segments)
        for (const QPointF &p : segment)
            if (qFuzzyCompare(p.y(), y))
                return true;
    return false;
}

bool hasMarker(const TimelineChart *chart, const QString &label)
{
    for (const EventMarker &marker : chart->eventMarkers())
        if (marker.label.contains(label))
            return true;
    return false;
}

} // namespace

class TestTimeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void decimationBoundsADayAndKeepsExtremes();
    void decimationBreaksAtGaps();
    void chartPushesBoundedPointsForADay();
    void eventsCloseTogetherShareAMarker();
    void exportUsesTheCliColumns();
    void timelineOnSimulator();
    void openRecordingConnectsToReplayPort();
    void replayedRecordingFeedsTheTimeline();

private:
    void connectAndBringUpData(MainWindow &window, const QString &port);
    void checkPauseAndWindow(TimelineWidget *timeline);
    void checkZoom(TimelineWidget *timeline);
    void checkExports(TimelineWidget *timeline);

    QTemporaryDir m_dir;
    std::optional<CommandCatalog> m_catalog;
    QString m_shotDir;
};

void TestTimeline::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("ModemBenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_timeline"));
    auto catalog = CommandCatalog::loadDefault();
    QVERIFY2(catalog, qPrintable(catalog ? QString() : catalog.error().message));
    m_catalog = std::move(*catalog);
    m_shotDir = qEnvironmentVariable("MODEMBENCH_SCREENSHOT_DIR");
}

void TestTimeline::cleanup()
{
    QSettings().clear();
}

void TestTimeline::decimationBoundsADayAndKeepsExtremes()
{
    const DayData day;
    DecimationSpan span;
    span.fromMs = kStart;
    span.toMs = kStart + kDay;
    span.buckets = 1500;
    const Segments rsrp = decimate(day.signal, span, [](const SignalSample &s) { return s.rsrpDbm; });
    QVERIFY2(pointCount(rsrp) <= 2 * span.buckets + 4, qPrintable(QString::number(pointCount(rsrp))));
    QVERIFY(pointCount(rsrp) > span.buckets); // not thinned to nothing either
    QVERIFY2(hasY(rsrp, -139.0), "the one-sample dip was lost");
    QVERIFY2(hasY(rsrp, -45.0), "the one-sample spike was lost");
    const QList<QPointF> lost =
        decimateMarkers(day.pings, span, [](const PingSample &p) { return !p.rttMs; }, 100);
    QVERIFY(lost.size() <= span.buckets + 1);
    QVERIFY(lost.size() > span.buckets / 2);
}

void TestTimeline::decimationBreaksAtGaps()
{
    const DayData day;
    DecimationSpan span;
    span.fromMs = kStart + 43000 * 1000;
    span.toMs = kStart + 44000 * 1000;
    span.buckets = 500;
    // The 10-minute outage splits the line in two; the time gap rule too when values are absent.
    const Segments rssi = decimate(day.signal, span, [](const SignalSample &s) { return s.rssiDbm; });
    QCOMPARE(rssi.size(), 2);
    QVERIFY(rssi.first().last().x() < double(kStart + 43200 * 1000));
    QVERIFY(rssi.last().first().x() >= double(kStart + 43800 * 1000));
    span.breakOnMissing = false;
    span.gapMs = 5000;
    QCOMPARE(decimate(day.signal, span, [](const SignalSample &s) { return s.rssiDbm; }).size(), 2);
    // Lost pings do not break the RTT line when missing values are joined.
    QCOMPARE(decimate(day.pings, span, [](const PingSample &p) { return p.rttMs; }).size(), 1);
}

void TestTimeline::chartPushesBoundedPointsForADay()
{
    const DayData day;
    auto *chart = new TimelineChart;
    TimelineView view(chart);
    view.resize(1500, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    chart->render(day.data(), kStart, kStart + kDay);
    QTRY_VERIFY(chart->plotArea().width() > 500);
    QElapsedTimer timer;
    timer.start();
    chart->render(day.data(), kStart, kStart + kDay);
    const qint64 elapsed = timer.elapsed();
    const int width = int(chart->plotArea().width());
    qInfo("a day at 1 Hz (5 series of 86400 samples): render %lld ms, %d points pushed for %d px",
          elapsed, chart->pushedPointCount(), width);
    for (int m = 0; m < TimelineChart::kMetricCount; ++m) {
        const int points = chart->pointCount(TimelineChart::Metric(m));
        QVERIFY2(points > 0 && points <= 2 * width + 8, qPrintable(QStringLiteral("metric %1: %2 points for %3 px")
                                                                          .arg(m).arg(points).arg(width)));
    }
    QVERIFY(chart->lostPingCount() <= width + 1);
    QVERIFY2(chart->pushedPointCount() < 12 * width, qPrintable(QString::number(chart->pushedPointCount())));
    // 5 × 86400 samples walked once: far below a frame budget on any machine that runs the suite.
    QVERIFY2(elapsed < 1000, qPrintable(QStringLiteral("render took %1 ms").arg(elapsed)));
    QCOMPARE(chart->segmentCount(TimelineChart::Metric::Rsrp), 2);
    QVERIFY(hasMarker(chart, QStringLiteral("Registration lost")));
    QVERIFY(hasMarker(chart, QStringLiteral("Registered")));
    QCOMPARE(chart->timeAxis()->min().toMSecsSinceEpoch(), kStart);
    QCOMPARE(chart->timeAxis()->max().toMSecsSinceEpoch(), kStart + kDay);
    // The RSRP threshold is on the dBm axis and spans the view.
    chart->setRsrpThreshold(-110);
    QCOMPARE(chart->rsrpThresholdSeries()->count(), 2);
    QCOMPARE(chart->rsrpThresholdSeries()->at(0).y(), -110.0);
    QVERIFY(chart->dbmAxis()->min() <= -139 && chart->dbmAxis()->max() >= -45);
}

void TestTimeline::eventsCloseTogetherShareAMarker()
{
    const DayData day;
    const QList<EventMarker> markers = groupEvents(day.events, kStart, kStart + kDay, 1500);
    QCOMPARE(markers.size(), 2);
    QCOMPARE(markers.at(0).label, QStringLiteral("Registration lost (searching) · PDP down"));
    QVERIFY(markers.at(0).major);
    QVERIFY(markers.at(0).toolTip.contains(QLatin1String("pdp: PDP deactivated")));
    QCOMPARE(markers.at(1).label, QStringLiteral("Registered"));
    // Zoomed in far enough, the two drop events are apart again.
    const qint64 drop = kStart + 43200 * 1000;
    QCOMPARE(groupEvents(day.events, drop - 50, drop + 50, 1500).size(), 2);
    const QList<OutageSpan> outages = outageSpans(day.events, kStart, kStart + kDay);
    QCOMPARE(outages.size(), 1);
    QCOMPARE(outages.first().fromMs, drop);
    QCOMPARE(outages.first().toMs, kStart + 43800 * 1000);
    QVERIFY(!outages.first().ongoing);
    // Viewed from inside the outage, it runs to the right edge and is still going on.
    const QList<OutageSpan> inside = outageSpans(day.events, drop + 1000, drop + 2000);
    QCOMPARE(inside.size(), 1);
    QVERIFY(inside.first().ongoing && inside.first().fromMs == drop + 1000);
    const MonitorEvent urc{kStart, MonitorEventKind::Urc, QStringLiteral("DST: 0")};
    QVERIFY(!eventStyle(urc).major);
}

void TestTimeline::exportUsesTheCliColumns()
{
    QList<SignalSample> signal(3);
    for (int i = 0; i < 3; ++i) {
        signal[i].timeMs = kStart + i * 1000;
        signal[i].csq = 20 + i;
        signal[i].rssiDbm = -74 + 2 * i;
    }
    signal[2] = SignalSample{kStart + 2000, {}, {}, {}, {}, {}}; // CSQ 99: no values
    const QList<PingSample> pings{{kStart + 500, QStringLiteral("8.8.8.8"), 48.0},
                                  {kStart + 1500, QStringLiteral("8.8.8.8"), std::nullopt}};
    const QList<MonitorEvent> events{{kStart, MonitorEventKind::Note, QStringLiteral("Monitor started")},
                                     {kStart + 1900, MonitorEventKind::Registration,
                                      QStringLiteral("LTE (CEREG): registered-home -> searching")}};
    const TimelineData data{&signal, &pings, &events};
    const QStringList csv = QString::fromUtf8(timelineCsv(data)).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(csv.size(), 4);
    QCOMPARE(csv.at(0), QString::fromLatin1(MonitorCommand::kCsvHeader));
    QCOMPARE(csv.at(1), monitorCsvRow(signal.at(0), std::nullopt, QString()));
    QCOMPARE(csv.at(2), monitorCsvRow(signal.at(1), 48.0, QString()));
    QCOMPARE(csv.at(3), monitorCsvRow(signal.at(2), std::nullopt,
                                      QStringLiteral("registration: LTE (CEREG): registered-home -> searching; ping lost")));
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(timelineJson(data), &error);
    QVERIFY2(json.isArray(), qPrintable(error.errorString()));
    QCOMPARE(json.array().size(), 3);
    const QJsonObject row = json.array().at(1).toObject();
    QCOMPARE(row.value(QStringLiteral("rtt_ms")).toDouble(), 48.0);
    QCOMPARE(row.value(QStringLiteral("csq")).toInt(), 21);
    QVERIFY(json.array().at(2).toObject().value(QStringLiteral("rssi_dbm")).isNull());
    QCOMPARE(QJsonDocument::fromJson(timelineJson({})).array().size(), 0);
    QVERIFY(!writeExportFile(m_dir.filePath(QStringLiteral("missing/dir/x.csv")), "x"));
}

void TestTimeline::connectAndBringUpData(MainWindow &window, const QString &port)
{
    window.resize(1400, 900);
    window.show();
    window.connectionBar()->selectPort(port);
    QSignalSpy ready(window.session(), &ModemSession::ready);
    QSignalSpy failed(window.session(), &ModemSession::openFailed);
    window.connectModem();
    QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() || !failed.isEmpty(), kConnectTimeoutMs);
    QVERIFY2(failed.isEmpty(), qPrintable(window.banner()->text()));
    // A ping needs a data connection: the same connect flow as the CLI and the wizard.
    auto context = std::make_shared<NetworkContext>();
    FlowRunner runner(window.session()->channel(), SystemClock::instanceForThread(),
                      connectSteps(context, {}, window.session()->transport(), SystemClock::instanceForThread()),
                      QStringLiteral("connect"), kFlowTimeoutMs);
    std::optional<Result<void>> result;
    connect(&runner, &FlowRunner::finished, this, [&result](const Result<void> &r) { result = r; });
    runner.start();
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), kFlowTimeoutMs);
    QVERIFY2(*result, qPrintable(*result ? QString() : result->error().message));
}

void TestTimeline::timelineOnSimulator()
{
    const QString scenario = m_dir.filePath(QStringLiteral("drop.json"));
    QFile file(scenario);
    QVERIFY(file.open(QIODevice::WriteOnly) && file.write(kScenario) > 0);
    file.close();
    MainWindow window(&*m_catalog);
    connectAndBringUpData(window, QStringLiteral("sim:sim7000g?scenario=") + scenario);
    if (QTest::currentTestFailed())
        return;
    TimelineWidget *timeline = window.timeline();
    QVERIFY(window.timelineDock()->isVisible());
    timeline->setWindowMs(60000);
    timeline->setPingHost(QStringLiteral("8.8.8.8"));
    timeline->monitorAction()->trigger();
    QVERIFY(timeline->isMonitoring());
    TimelineChart *chart = timeline->chart();
    QTRY_VERIFY_WITH_TIMEOUT(hasMarker(chart, QStringLiteral("Registration lost")), kDropTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(hasMarker(chart, QStringLiteral("PDP down")), kFlowTimeoutMs);
    QVERIFY(!chart->outages().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(chart->pointCount(TimelineChart::Metric::Rsrp) > 0
                                 && chart->pointCount(TimelineChart::Metric::Rtt) > 0,
                             kFlowTimeoutMs);
    QVERIFY(chart->pointCount(TimelineChart::Metric::Rssi) > 0);
    QVERIFY(chart->pointCount(TimelineChart::Metric::Sinr) > 0);
    // The samples during the drop have no signal values: the line has a hole after the drop.
    QTRY_VERIFY_WITH_TIMEOUT(chart->segmentCount(TimelineChart::Metric::Rssi) >= 2, kDropTimeoutMs);
    if (!m_shotDir.isEmpty()) {
        QDir().mkpath(m_shotDir);
        timeline->refreshNow();
        QVERIFY(window.grab().save(QDir(m_shotDir).filePath(QStringLiteral("shot-timeline-test.png")), "PNG"));
    }
    checkPauseAndWindow(timeline);
    checkZoom(timeline);
    checkExports(timeline);
    timeline->monitorAction()->trigger();
    QVERIFY(!timeline->isMonitoring());
}

void TestTimeline::checkPauseAndWindow(TimelineWidget *timeline)
{
    TimelineChart *chart = timeline->chart();
    SignalMonitor *monitor = timeline->monitor();
    QVERIFY(monitor);
    QSignalSpy samples(monitor, &SignalMonitor::signalSampled);
    QSignalSpy rendered(timeline, &TimelineWidget::rendered);
    timeline->pauseAction()->trigger();
    QVERIFY(timeline->isPaused());
    const qint64 pausedMax = chart->timeAxis()->max().toMSecsSinceEpoch();
    const int before = int(timeline->data().signal->size());
    QTRY_VERIFY_WITH_TIMEOUT(samples.size() >= 2 && rendered.size() >= 2, kFlowTimeoutMs);
    QVERIFY(int(timeline->data().signal->size()) > before); // still collected
    QCOMPARE(chart->timeAxis()->max().toMSecsSinceEpoch(), pausedMax);
    QVERIFY(timeline->statusLabel()->text().contains(QLatin1String("Paused")));
    // A window change while paused keeps the end and changes the span.
    timeline->setWindowMs(5 * 60000);
    QTRY_COMPARE(chart->timeAxis()->min().toMSecsSinceEpoch(), pausedMax - 5 * 60000);
    QCOMPARE(chart->timeAxis()->max().toMSecsSinceEpoch(), pausedMax);
    timeline->pauseAction()->trigger();
    QVERIFY(!timeline->isPaused());
    QTRY_VERIFY_WITH_TIMEOUT(chart->timeAxis()->max().toMSecsSinceEpoch() > pausedMax, kFlowTimeoutMs);
    timeline->setWindowMs(60000);
    QTRY_COMPARE(chart->toMs() - chart->fromMs(), qint64(60000));
}

void TestTimeline::checkZoom(TimelineWidget *timeline)
{
    TimelineChart *chart = timeline->chart();
    TimelineView *view = timeline->view();
    const qint64 span = chart->toMs() - chart->fromMs();
    view->zoom(0.5, (chart->fromMs() + chart->toMs()) / 2);
    QTRY_VERIFY(timeline->isZoomed());
    QTRY_VERIFY(qAbs((chart->toMs() - chart->fromMs()) - span / 2) < 100);
    QVERIFY(timeline->isPaused());
    QVERIFY(timeline->resetZoomAction()->isEnabled());
    const qint64 zoomedFrom = chart->fromMs();
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Left);
    QTRY_VERIFY(chart->fromMs() < zoomedFrom);
    QTest::keyClick(view, Qt::Key_Home);
    QTRY_VERIFY(!timeline->isZoomed());
    QCOMPARE(chart->toMs() - chart->fromMs(), span);
    timeline->pauseAction()->trigger(); // resume
    QVERIFY(!timeline->isPaused());
}

void TestTimeline::checkExports(TimelineWidget *timeline)
{
    QString asked;
    timeline->setSaveFileChooser([this, &asked](QWidget *, const SaveFileRequest &request, auto accepted) {
        asked = request.suggestedPath;
        accepted(m_dir.filePath(QFileInfo(request.suggestedPath).fileName()));
    });
    QSignalSpy exported(timeline, &TimelineWidget::exported);
    timeline->pauseAction()->trigger(); // a fixed data set for the comparisons below
    timeline->exportCsv();
    QCOMPARE(exported.size(), 1);
    QVERIFY(asked.endsWith(QLatin1String(".csv")));
    QFile csv(exported.last().first().toString());
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.first(), QString::fromLatin1(MonitorCommand::kCsvHeader));
    QVERIFY(lines.size() - 1 >= int(timeline->data().signal->size()) - 2);
    QVERIFY(lines.join(QLatin1Char('\n')).contains(QLatin1String("registered-home -> searching")));

    timeline->exportJson();
    QCOMPARE(exported.size(), 2);
    QFile json(exported.last().first().toString());
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonDocument doc = QJsonDocument::fromJson(json.readAll());
    QVERIFY(doc.isArray() && !doc.array().isEmpty());
    QVERIFY(doc.array().first().toObject().contains(QStringLiteral("rsrp_dbm")));

    timeline->exportPng();
    QCOMPARE(exported.size(), 3);
    const QImage png(exported.last().first().toString());
    QVERIFY(!png.isNull());
    QCOMPARE(png.size(), timeline->view()->size() * timeline->view()->devicePixelRatio());

    // A folder that does not exist: the message says which file and what to do.
    timeline->setSaveFileChooser([this](QWidget *, const SaveFileRequest &, auto accepted) {
        accepted(m_dir.filePath(QStringLiteral("no/such/folder/t.csv")));
    });
    timeline->exportCsv();
    QCOMPARE(exported.size(), 3);
    QVERIFY(!timeline->messageLabel()->isHidden());
    QVERIFY(timeline->messageLabel()->text().contains(QLatin1String("no/such/folder")));
    QVERIFY(timeline->messageLabel()->text().contains(QLatin1String("writable")));
    timeline->pauseAction()->trigger();
}

// File > Open Recording… asks through the dialog seam and connects to replay:FILE. A file that is
// not there fails to open, and the banner says so; the port shows what was tried.
void TestTimeline::openRecordingConnectsToReplayPort()
{
    MainWindow window(&*m_catalog);
    window.show();
    const QString path = m_dir.filePath(QStringLiteral("no-such-recording.log"));
    QString caption;
    window.setOpenFileChooser([&](QWidget *, const OpenFileRequest &request, auto accepted) {
        caption = request.caption;
        accepted(path);
    });
    QSignalSpy failed(window.session(), &ModemSession::openFailed);
    QSignalSpy ready(window.session(), &ModemSession::ready);
    window.openRecordingAction()->trigger();
    QVERIFY(caption.contains(QLatin1String("Recording")));
    QCOMPARE(window.connectionBar()->portName(), QStringLiteral("replay:") + path);
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty() || !ready.isEmpty(), kConnectTimeoutMs);
    QVERIFY(ready.isEmpty());
    QVERIFY2(window.banner()->text().contains(QLatin1String("no-such-recording.log")),
             qPrintable(window.banner()->text()));
}

// Record a short monitoring session, open the recording (replay:FILE) and monitor it again: the
// replayed modem answers the monitor's polls with the recorded readings.
void TestTimeline::replayedRecordingFeedsTheTimeline()
{
    const QString log = m_dir.filePath(QStringLiteral("monitoring.log"));
    {
        MainWindow window(&*m_catalog);
        window.show();
        window.connectionBar()->selectPort(QStringLiteral("sim:sim7000g"));
        QSignalSpy ready(window.session(), &ModemSession::ready);
        window.connectModem();
        QVERIFY(ready.wait(kConnectTimeoutMs));
        QVERIFY(window.session()->startTrafficLog(log));
        window.timeline()->setPingHost(QString());
        window.timeline()->startMonitoring();
        QTRY_VERIFY_WITH_TIMEOUT(window.timeline()->data().signal->size() >= 3, kFlowTimeoutMs);
        window.timeline()->stopMonitoring();
        window.disconnectModem();
    }
    MainWindow window(&*m_catalog);
    window.show();
    window.setOpenFileChooser([&log](QWidget *, const OpenFileRequest &, auto accepted) { accepted(log); });
    QSignalSpy ready(window.session(), &ModemSession::ready);
    window.openRecordingAction()->trigger();
    QVERIFY2(ready.wait(kConnectTimeoutMs), qPrintable(window.banner()->text()));
    TimelineWidget *timeline = window.timeline();
    timeline->setPingHost(QString());
    timeline->startMonitoring();
    QTRY_VERIFY_WITH_TIMEOUT(timeline->data().signal->size() >= 2
                                 && timeline->data().signal->last().rssiDbm.has_value(),
                             kFlowTimeoutMs);
    timeline->refreshNow();
    QVERIFY(timeline->chart()->pointCount(TimelineChart::Metric::Rssi) > 0);
}

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"
