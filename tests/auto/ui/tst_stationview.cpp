// UI test, offscreen: the provisioning station view (issue #7 item 4) on simulated modems: six
// good SIM7000Gs, one without a SIM and one with a slow line, all started together. The test
// watches the tiles as an operator would: some PASS while the slow one still runs (the
// "station-mid-run" screenshot with MODEMBENCH_SCREENSHOT_DIR set), then every tile's colour and
// word, the counters, the records table and its filter, and a CSV export through the dialog seam.
// No sleeps: every wait is QTRY_* on a condition.

#include "core/pki/certificateauthority.h"
#include "core/provision/station.h"
#include "core/store/provisionrecords.h"
#include "ui/messagebanner.h"
#include "ui/recordstablemodel.h"
#include "ui/stationrecordspanel.h"
#include "ui/stationtile.h"
#include "ui/stationtilegrid.h"
#include "ui/stationwindow.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QElapsedTimer>
#include <QToolButton>

using namespace ModemBench;
using namespace ModemBench::Ui;

namespace {
constexpr int kStartTimeoutMs = 60000;
constexpr int kRunTimeoutMs = 180000; // eight simulators and their runs on a loaded two-core CI machine
constexpr int kGoodUnits = 6;

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Tests answer the window's questions and file dialogs at once.
ConfirmPrompt answering(bool yes, int *asked)
{
    return [yes, asked](QWidget *, const QString &, const QString &, std::function<void()> accept) {
        ++*asked;
        if (yes)
            accept();
    };
}
} // namespace

class TestStationView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void tileShowsEveryState();
    void sixtyFourTilesReflow();
    void startNeedsAnOperator();
    void badProfileIsRefusedWithItsLine();
    void badPortSpecIsRefused();
    void startIsReachableByKeyboard();
    void mixedRunShowsPassFailAndRecords();
    void ownCaAsksForThePassphrase();
    void stopAndCloseAskFirst();
    void sixtyFourUnitsKeepTheViewResponsive();

private:
    void shot(QWidget *widget, const QString &name);
    std::unique_ptr<StationWindow> makeWindow(const QString &database);

    QTemporaryDir m_dir;
    QString m_shotDir;
    QString m_profile;
    QString m_noSimScenario;
    QString m_slowScenario;
};

void TestStationView::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("ModemBenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_stationview"));
    qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
    qunsetenv("MODEMBENCH_CA_PASSPHRASE");
    m_shotDir = qEnvironmentVariable("MODEMBENCH_SCREENSHOT_DIR");

    // Settings and a custom step that reads the signal: no TLS server and no data connection needed.
    m_profile = m_dir.filePath(QStringLiteral("station-basic.json"));
    QVERIFY(writeFile(m_profile, R"({
  "name": "view-test",
  "settings": { "net_light": true },
  "steps": [
    { "command": "AT+CSQ", "expect": "\\+CSQ: \\d+,\\d+", "timeout_ms": 5000, "name": "Read signal" }
  ]
})"));
    m_noSimScenario = m_dir.filePath(QStringLiteral("nosim.json"));
    QVERIFY(writeFile(m_noSimScenario, R"({"sim": "absent"})"));
    // Every command answered slowly: still running while the others have finished.
    m_slowScenario = m_dir.filePath(QStringLiteral("slow.json"));
    QVERIFY(writeFile(m_slowScenario, R"({"latency_ms": {"default": 600}})"));
}

void TestStationView::cleanup()
{
    QSettings().clear();
}

void TestStationView::shot(QWidget *widget, const QString &name)
{
    if (m_shotDir.isEmpty())
        return;
    QDir().mkpath(m_shotDir);
    QVERIFY(widget->grab().save(QDir(m_shotDir).filePath(name), "PNG"));
}

std::unique_ptr<StationWindow> TestStationView::makeWindow(const QString &database)
{
    auto window = std::make_unique<StationWindow>();
    window->databaseEdit()->setText(database);
    window->resize(1400, 900);
    window->show();
    return window;
}

void TestStationView::tileShowsEveryState()
{
    StationTile tile(0);
    tile.show();
    StationPort port;
    port.port = QStringLiteral("sim:sim7000g?imei=1");
    port.displayName = QStringLiteral("sim7000g #1");
    port.location = QStringLiteral("1-2.3:1.2");
    const QList<std::pair<PortState, QString>> states = {
        {PortState::Waiting, QStringLiteral("WAITING")}, {PortState::Running, QStringLiteral("RUNNING")},
        {PortState::Passed, QStringLiteral("PASS")},     {PortState::Failed, QStringLiteral("FAIL")},
        {PortState::Stopped, QStringLiteral("STOPPED")}, {PortState::Unplugged, QStringLiteral("UNPLUGGED")}};
    QSet<QRgb> colours;
    for (const auto &[state, word] : states) {
        port.state = state;
        tile.showPort(port);
        QCOMPARE(tile.wordLabel()->text(), word);
        QCOMPARE(tile.wordLabel()->palette().color(QPalette::Window), StationTile::colorFor(state));
        colours.insert(StationTile::colorFor(state).rgb());
    }
    QCOMPARE(colours.size(), 5); // stopped and unplugged share amber

    port.state = PortState::Failed;
    port.message = QStringLiteral("no SIM card: +CPIN: NOT INSERTED. Insert a SIM and start this unit again, and "
                                  "this text goes on long enough to need eliding in a tile");
    port.done = 3;
    port.total = 9;
    tile.showPort(port);
    QCOMPARE(tile.errorLabel()->toolTip(), port.message);
    QVERIFY(tile.errorLabel()->text().endsWith(QChar(0x2026)));
    QCOMPARE(tile.progressBar()->value(), 3);
    QCOMPARE(tile.progressBar()->maximum(), 9);
    QVERIFY(tile.startButton()->isEnabled());
    QVERIFY(!tile.stopButton()->isEnabled());
    QCOMPARE(StationTile::formatElapsed(65000), QStringLiteral("1:05"));
    QCOMPARE(StationTile::formatElapsed(3723000), QStringLiteral("1:02:03"));
}

void TestStationView::sixtyFourTilesReflow()
{
    StationTileGrid grid;
    grid.resize(1400, 700);
    grid.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));
    StationPort port;
    port.state = PortState::Running;
    port.startedAt = QDateTime::currentDateTimeUtc().addSecs(-75);
    port.total = 20;
    for (int i = 0; i < 64; ++i) {
        auto *tile = new StationTile(i);
        port.displayName = QStringLiteral("ttyUSB%1").arg(i);
        port.done = i % 20;
        tile->showPort(port);
        grid.addTile(tile);
    }
    QCOMPARE(grid.tiles().size(), 64);
    const int wide = grid.columns();
    QVERIFY2(wide >= 4, qPrintable(QString::number(wide)));
    // Narrower window, fewer columns; every tile still laid out, the area scrolls.
    grid.resize(600, 700);
    QTRY_VERIFY(grid.columns() < wide);
    QVERIFY(grid.columns() >= 1);
    QTRY_VERIFY(grid.widget()->height() > grid.viewport()->height());
    // The one shared timer brings running tiles' elapsed time up to date.
    QTRY_VERIFY_WITH_TIMEOUT(grid.tiles().last()->elapsedLabel()->text().startsWith(QStringLiteral("1:1")), 5000);
    grid.clear();
    QCOMPARE(grid.tiles().size(), 0);
}

void TestStationView::startNeedsAnOperator()
{
    auto window = makeWindow(m_dir.filePath(QStringLiteral("operator.sqlite")));
    QVERIFY(window->setProfilePath(m_profile));
    QVERIFY(window->addPortSpec(QStringLiteral("sim:sim7000g*2")));
    window->operatorEdit()->clear();
    QTest::mouseClick(window->startButton(), Qt::LeftButton);
    QVERIFY(!window->station());
    QVERIFY(window->banner()->isVisible());
    QCOMPARE(window->banner()->level(), MessageBanner::Level::Error);
    QVERIFY2(window->banner()->text().contains(QStringLiteral("operator")), qPrintable(window->banner()->text()));
    QVERIFY(window->operatorEdit()->hasFocus() || !window->isActiveWindow());
}

void TestStationView::badProfileIsRefusedWithItsLine()
{
    const QString path = m_dir.filePath(QStringLiteral("bad.json"));
    QVERIFY(writeFile(path, "{\n  \"name\": \"bad\",\n  \"settings\": { \"rat\": \"5g\" }\n}\n"));
    auto window = makeWindow(m_dir.filePath(QStringLiteral("bad.sqlite")));
    QVERIFY(!window->setProfilePath(path));
    QVERIFY(!window->profile());
    QVERIFY2(window->banner()->text().contains(QStringLiteral("line 3")), qPrintable(window->banner()->text()));
    window->operatorEdit()->setText(QStringLiteral("Test Operator"));
    QVERIFY(window->addPortSpec(QStringLiteral("sim:sim7000g*1")));
    window->startAll();
    QVERIFY(!window->station()); // nothing touched
}

void TestStationView::badPortSpecIsRefused()
{
    auto window = makeWindow(m_dir.filePath(QStringLiteral("ports.sqlite")));
    QVERIFY(!window->addPortSpec(QStringLiteral("sim:sim7000g*0")));
    QCOMPARE(window->portList()->count(), 0);
    QVERIFY(window->banner()->text().contains(QStringLiteral("sim:sim7000g*0")));
    QVERIFY(window->addPortSpec(QStringLiteral("/dev/ttyUSB*")));
    QVERIFY(window->addPortSpec(QStringLiteral("/dev/ttyUSB*"))); // listed once
    QCOMPARE(window->portSpecs(), QStringList{QStringLiteral("/dev/ttyUSB*")});
}

void TestStationView::startIsReachableByKeyboard()
{
    auto window = makeWindow(m_dir.filePath(QStringLiteral("keys.sqlite")));
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    window->operatorEdit()->setFocus();
    // Tab from the operator's name reaches Start All without the mouse.
    bool reached = false;
    for (int i = 0; i < 12 && !reached; ++i) {
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        reached = QApplication::focusWidget() == window->startButton();
    }
    QVERIFY(reached);
    QCOMPARE(window->startAllAction()->shortcut(), QKeySequence(Qt::Key_F5));
    QCOMPARE(window->stopAllAction()->shortcut(), QKeySequence(Qt::SHIFT | Qt::Key_F5));
    // F5 without an operator: refused with the message, as the button would.
    window->operatorEdit()->clear();
    QTest::keyClick(window.get(), Qt::Key_F5);
    QVERIFY(window->banner()->text().contains(QStringLiteral("operator")));
}

void TestStationView::mixedRunShowsPassFailAndRecords()
{
    const QString database = m_dir.filePath(QStringLiteral("records.sqlite"));
    auto window = makeWindow(database);
    int confirmations = 0;
    window->setConfirmPrompt(answering(true, &confirmations));
    QVERIFY(window->setProfilePath(m_profile));
    window->operatorEdit()->setText(QStringLiteral("Ada Operator"));
    window->stationEdit()->setText(QStringLiteral("bench-1"));
    QVERIFY(window->addPortSpec(QStringLiteral("sim:sim7000g*%1").arg(kGoodUnits)));
    QVERIFY(window->addPortSpec(QStringLiteral("sim:sim7000g?scenario=%1&imei=356938035643809&iccid=89445001021983048261")
                                    .arg(m_noSimScenario)));
    QVERIFY(window->addPortSpec(QStringLiteral("sim:sim7000g?scenario=%1&imei=356938035643817&iccid=89445001021983048279"
                                               "&imsi=001010999999999")
                                    .arg(m_slowScenario)));
    const int units = kGoodUnits + 2;
    const int noSim = kGoodUnits;
    const int slow = kGoodUnits + 1;

    QTest::mouseClick(window->startButton(), Qt::LeftButton);
    QVERIFY2(window->station(), qPrintable(window->banner()->text()));
    Station *station = window->station();
    QCOMPARE(station->portCount(), units);
    QCOMPARE(window->tileGrid()->tiles().size(), units);
    QVERIFY(window->stopButton()->isEnabled());
    QVERIFY(!window->operatorEdit()->isEnabled()); // fixed while units run

    // The middle of a mixed run: some passed, the one without a SIM failed, the slow one runs on.
    auto tileState = [&](int i) { return window->tile(i)->state(); };
    QTRY_VERIFY_WITH_TIMEOUT(tileState(noSim) == PortState::Failed, kRunTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(tileState(0) == PortState::Passed || tileState(0) == PortState::Failed, kRunTimeoutMs);
    // Passed units are in the records while others still run.
    auto passedRows = [&] {
        int count = 0;
        for (const ProvisionRecord &record : window->recordsPanel()->model()->records())
            count += record.result == UnitResult::Pass ? 1 : 0;
        return count;
    };
    QTRY_VERIFY_WITH_TIMEOUT(passedRows() >= 1, kStartTimeoutMs);
    if (tileState(slow) == PortState::Running)
        shot(window.get(), QStringLiteral("shot-station-mid-run.png"));
    else
        qWarning("the slow unit finished before the others: no mid-run screenshot");

    QTRY_VERIFY_WITH_TIMEOUT(!station->isRunning(), kRunTimeoutMs);
    for (int i = 0; i < units; ++i) {
        StationTile *tile = window->tile(i);
        const StationPort &port = station->portAt(i);
        if (i == noSim) {
            QCOMPARE(tile->state(), PortState::Failed);
            QCOMPARE(tile->wordLabel()->text(), QStringLiteral("FAIL"));
            QCOMPARE(tile->wordLabel()->palette().color(QPalette::Window), StationTile::colorFor(PortState::Failed));
            QVERIFY(!port.message.isEmpty());
            QCOMPARE(tile->errorLabel()->toolTip(), port.message);
            QVERIFY2(tile->stepLabel()->text().startsWith(QStringLiteral("Failed")), qPrintable(tile->stepLabel()->text()));
        } else {
            QVERIFY2(tile->state() == PortState::Passed, qPrintable(QStringLiteral("unit %1: %2").arg(i).arg(port.message)));
            QCOMPARE(tile->wordLabel()->text(), QStringLiteral("PASS"));
            QCOMPARE(tile->wordLabel()->palette().color(QPalette::Window), StationTile::colorFor(PortState::Passed));
            QVERIFY(tile->identityLabel()->text().contains(port.imei));
            QCOMPARE(tile->progressBar()->value(), tile->progressBar()->maximum());
        }
    }
    QCOMPARE(station->counters().passed, units - 1);
    QCOMPARE(station->counters().failed, 1);
    QVERIFY(window->countersLabel()->text().contains(QStringLiteral("<b>%1</b> passed").arg(units - 1)));
    QVERIFY(window->countersLabel()->text().contains(QStringLiteral("<b>1</b> failed")));
    QVERIFY(!window->stopButton()->isEnabled());
    QVERIFY(window->operatorEdit()->isEnabled());
    shot(window.get(), QStringLiteral("shot-station-done.png"));

    // One row per unit, newest first; the filters are the store's.
    RecordsTableModel *model = window->recordsPanel()->model();
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), units, kStartTimeoutMs);
    QCOMPARE(model->index(0, RecordsTableModel::Operator).data().toString(), QStringLiteral("Ada Operator"));
    window->recordsPanel()->resultCombo()->setCurrentIndex(
        window->recordsPanel()->resultCombo()->findData(unitResultName(UnitResult::Fail)));
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, RecordsTableModel::Imei).data().toString(), QStringLiteral("356938035643809"));
    window->recordsPanel()->resultCombo()->setCurrentIndex(0);
    QTRY_COMPARE(model->rowCount(), units);
    window->recordsPanel()->filterEdit()->setText(QStringLiteral("356938035643817"));
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, RecordsTableModel::Result).data().toString(), QStringLiteral("PASS"));
    window->recordsPanel()->filterEdit()->clear();
    QTRY_COMPARE(model->rowCount(), units);

    // Export through the dialog seam: a header and one line per record (no newlines inside fields
    // in these records).
    const QString csv = m_dir.filePath(QStringLiteral("export.csv"));
    int asked = 0;
    window->setSaveFileChooser([&](QWidget *, const SaveFileRequest &request, std::function<void(const QString &)> accepted) {
        ++asked;
        QVERIFY(request.suggestedPath.endsWith(QLatin1String(".csv")));
        accepted(csv);
    });
    QTest::mouseClick(window->recordsPanel()->exportCsvButton(), Qt::LeftButton);
    QCOMPARE(asked, 1);
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QCOMPARE(RecordStore::toCsv(model->records()).size() > 0, true);
    auto stored = RecordStore::open(database);
    QVERIFY(stored);
    auto all = (*stored)->query();
    QVERIFY(all);
    QCOMPARE(bytes, RecordStore::toCsv(*all));
    QCOMPARE(int(all->size()), units);
    QVERIFY(bytes.count('\n') >= units + 1);

    // Stop All asks; with nothing running it does not.
    window->stopAll();
    QCOMPARE(confirmations, 0);
    // Settings are remembered for the next shift.
    window->close();
    QSettings settings;
    QCOMPARE(settings.value(QStringLiteral("station/operator")).toString(), QStringLiteral("Ada Operator"));
    QCOMPARE(settings.value(QStringLiteral("station/ports")).toStringList().size(), 3);
}

void TestStationView::ownCaAsksForThePassphrase()
{
    const QByteArray passphrase = "correct horse battery staple";
    const QString caDir = m_dir.filePath(QStringLiteral("ca"));
    Pki::CaOptions options;
    options.subject = QStringLiteral("/O=ModemBench Test/CN=Station Test Root");
    QVERIFY(Pki::CertificateAuthority::create(caDir, options, Pki::SecretBytes(passphrase)));
    const QString profile = m_dir.filePath(QStringLiteral("own-ca.json"));
    QVERIFY(writeFile(profile, QStringLiteral(R"({"name": "own-ca", "certificates": {"ca": {"dir": "%1"}, "device_certificate": true}})")
                                   .arg(caDir)
                                   .toUtf8()));
    auto window = makeWindow(m_dir.filePath(QStringLiteral("ca.sqlite")));
    QVERIFY2(window->setProfilePath(profile), qPrintable(window->banner()->text()));
    window->operatorEdit()->setText(QStringLiteral("Ada Operator"));
    QVERIFY(window->addPortSpec(QStringLiteral("sim:sim7000g*1")));

    // A wrong passphrase: refused before any modem is touched, said in the banner.
    QStringList asked;
    QByteArray answer = "not the passphrase";
    window->setPassphrasePrompt([&](QWidget *, const PassphraseRequest &request, std::function<void(PassphraseAnswer)> accepted) {
        asked << request.caDirectory;
        accepted(PassphraseAnswer{Pki::SecretBytes(answer), false});
    });
    window->startAll();
    QTRY_COMPARE(asked.size(), 1);
    QCOMPARE(asked.first(), caDir);
    QTRY_VERIFY(window->banner()->isVisible());
    QVERIFY(!window->station());
    QVERIFY(window->startButton()->isEnabled());

    answer = passphrase;
    window->startAll();
    QTRY_COMPARE(asked.size(), 2);
    QTRY_VERIFY2(window->station(), qPrintable(window->banner()->text()));
    QCOMPARE(window->station()->options().caPassphrase, passphrase);
    QTRY_VERIFY_WITH_TIMEOUT(!window->station()->isRunning(), kRunTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(window->recordsPanel()->model()->rowCount(), 1, kStartTimeoutMs);
}

void TestStationView::stopAndCloseAskFirst()
{
    const QString database = m_dir.filePath(QStringLiteral("close.sqlite"));
    auto window = makeWindow(database);
    int asked = 0;
    bool yes = false;
    window->setConfirmPrompt([&](QWidget *, const QString &, const QString &, std::function<void()> accept) {
        ++asked;
        if (yes)
            accept();
    });
    QVERIFY(window->setProfilePath(m_profile));
    window->operatorEdit()->setText(QStringLiteral("Ada Operator"));
    QVERIFY(window->addPortSpec(QStringLiteral("sim:sim7000g?scenario=%1*2").arg(m_slowScenario)));
    window->startAll();
    QVERIFY2(window->station(), qPrintable(window->banner()->text()));
    QVERIFY(window->station()->isRunning());

    // Esc is Stop All; "No" leaves the units running.
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    QTest::keyClick(window.get(), Qt::Key_Escape);
    QCOMPARE(asked, 1);
    QVERIFY(window->station()->isRunning());
    // Closing asks too; "No" keeps the window.
    window->close();
    QCOMPARE(asked, 2);
    QVERIFY(window->isVisible());
    QVERIFY(window->station()->isRunning());

    // "Yes": every unit stops, its record says so, then the window closes.
    yes = true;
    window->close();
    QCOMPARE(asked, 3);
    QTRY_VERIFY_WITH_TIMEOUT(!window->isVisible(), kRunTimeoutMs);
    QVERIFY(!window->station()->isRunning());
    for (int i = 0; i < 2; ++i)
        QVERIFY(window->station()->portAt(i).state != PortState::Running);
    auto store = RecordStore::open(database);
    QVERIFY(store);
    auto records = (*store)->query();
    QVERIFY(records);
    QCOMPARE(records->size(), 2);
    for (const ProvisionRecord &record : std::as_const(*records))
        QVERIFY2(record.result != UnitResult::Running && record.result != UnitResult::Pass, qPrintable(record.error));
}

// 64 simulators are heavy for a shared CI machine: on request only (MODEMBENCH_STATION_SCALE=1).
// Reports the longest gap between 10 ms ticks of the GUI event loop while 64 tiles update.
void TestStationView::sixtyFourUnitsKeepTheViewResponsive()
{
    if (qEnvironmentVariable("MODEMBENCH_STATION_SCALE") != QLatin1String("1"))
        QSKIP("set MODEMBENCH_STATION_SCALE=1 to provision 64 simulated modems in the view");
    auto window = makeWindow(m_dir.filePath(QStringLiteral("scale.sqlite")));
    QVERIFY(window->setProfilePath(m_profile));
    window->operatorEdit()->setText(QStringLiteral("Ada Operator"));
    QVERIFY(window->addPortSpec(QStringLiteral("sim:sim7000g*64")));
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 longest = 0;
    QTimer ticker;
    ticker.setInterval(10);
    connect(&ticker, &QTimer::timeout, this, [&] {
        const qint64 now = clock.elapsed();
        longest = qMax(longest, now - last);
        last = now;
    });
    // Started first, so the time startAll() itself holds the loop counts as a stall too.
    clock.start();
    ticker.start();
    QElapsedTimer startClock;
    startClock.start();
    window->startAll();
    const qint64 startMs = startClock.elapsed();
    QVERIFY2(window->station(), qPrintable(window->banner()->text()));
    QTRY_VERIFY_WITH_TIMEOUT(!window->station()->isRunning(), 600000);
    ticker.stop();
    qInfo("64 units in %lld ms (Start All took %lld ms), longest GUI stall %lld ms, passed %d", qint64(clock.elapsed()),
          startMs, longest,
          window->station()->counters().passed);
    QCOMPARE(window->station()->counters().passed, 64);
    // Issue #7's target is 50 ms on the bench; twice that here, on whatever machine runs it.
    QVERIFY2(longest < 100, qPrintable(QString::number(longest)));
    shot(window.get(), QStringLiteral("shot-station-64.png"));
}

QTEST_MAIN(TestStationView)
#include "tst_stationview.moc"
