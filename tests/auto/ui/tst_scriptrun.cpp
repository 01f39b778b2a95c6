// UI test, offscreen: the console's "Run Script…" (issue #7 item 1) on the simulated SIM7000G: a
// two-step script in two loops ends with "2 of 2 loops passed" and a PASS line per step (in the
// panel and the console); a script with a mistake names its line and sends nothing; Cancel ends
// a long run. No sleeps: every wait is QTRY_* on a condition.

#include "core/at/atchannel.h"
#include "core/catalog/commandcatalog.h"
#include "ui/connectionbar.h"
#include "ui/consolewidget.h"
#include "ui/dashboardwidget.h"
#include "ui/mainwindow.h"
#include "ui/messagebanner.h"
#include "ui/scriptrunpanel.h"
#include "ui/trafficview.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace ModemBench;
using namespace ModemBench::Ui;

namespace {
constexpr int kConnectTimeoutMs = 30000;
constexpr int kRunTimeoutMs = 60000;

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}
} // namespace

class TestScriptRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void twoLoopsPass();
    void badFileNamesTheLineAndSendsNothing();
    void failingStepIsReported();
    void cancelEndsALongRun();

private:
    void connectWindow(MainWindow &window);
    ScriptRunPanel *openPanel(MainWindow &window);

    QTemporaryDir m_dir;
    QString m_shotDir;
    std::optional<CommandCatalog> m_catalog;
};

void TestScriptRun::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("ModemBenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_scriptrun"));
    qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
    m_shotDir = qEnvironmentVariable("MODEMBENCH_SCREENSHOT_DIR");
    auto catalog = CommandCatalog::loadDefault();
    QVERIFY2(catalog, qPrintable(catalog ? QString() : catalog.error().message));
    m_catalog = std::move(*catalog);
}

void TestScriptRun::cleanup()
{
    QSettings().clear();
}

void TestScriptRun::connectWindow(MainWindow &window)
{
    window.resize(1280, 800);
    window.show();
    window.connectionBar()->selectPort(QStringLiteral("sim:sim7000g"));
    QSignalSpy failed(window.session(), &ModemSession::openFailed);
    window.connectModem();
    QTRY_VERIFY_WITH_TIMEOUT(window.session()->state() == ModemSession::State::Ready || !failed.isEmpty(),
                             kConnectTimeoutMs);
    QVERIFY2(failed.isEmpty(), qPrintable(window.banner()->text()));
}

ScriptRunPanel *TestScriptRun::openPanel(MainWindow &window)
{
    window.runScriptAction()->trigger();
    ScriptRunPanel *panel = window.scriptRunPanel();
    if (panel)
        panel->loopsBox()->setValue(1);
    return panel;
}

void TestScriptRun::twoLoopsPass()
{
    const QString script = m_dir.filePath(QStringLiteral("signal.atscript"));
    QVERIFY(writeFile(script, "# read the signal and the identity\n"
                              "AT+CSQ\n"
                              "  expect \\+CSQ: \\d+,\\d+\n"
                              "  timeout 5s\n"
                              "ATI\n"));
    MainWindow window(&*m_catalog);
    connectWindow(window);
    ScriptRunPanel *panel = openPanel(window);
    QVERIFY(panel);
    QVERIFY(panel->isVisible());
    int asked = 0;
    panel->setOpenFileChooser([&](QWidget *, const OpenFileRequest &, std::function<void(const QString &)> accepted) {
        ++asked;
        accepted(script);
    });
    QTest::mouseClick(panel->browseButton(), Qt::LeftButton);
    QCOMPARE(asked, 1);
    QCOMPARE(panel->pathEdit()->text(), script);
    panel->loopsBox()->setValue(2);
    QSignalSpy finished(panel, &ScriptRunPanel::finished);
    QTest::mouseClick(panel->runButton(), Qt::LeftButton);
    QVERIFY(panel->isRunning() || !finished.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kRunTimeoutMs);
    const auto summary = finished.first().first().value<ScriptSummary>();
    QVERIFY(summary.passed());
    QCOMPARE(summary.loops, 2);
    QCOMPARE(summary.stepsPassed, 4);
    QVERIFY2(panel->summaryLabel()->text().startsWith(QStringLiteral("2 of 2 loops passed")),
             qPrintable(panel->summaryLabel()->text()));
    const QString output = panel->output()->toPlainText();
    QCOMPARE(output.count(QStringLiteral("PASS  loop")), 4);
    QVERIFY(output.contains(QStringLiteral("PASS  loop 2  ATI")));
    QCOMPARE(panel->progressBar()->value(), panel->progressBar()->maximum());
    QVERIFY(!panel->cancelButton()->isEnabled());
    if (!m_shotDir.isEmpty()) {
        QDir().mkpath(m_shotDir);
        QVERIFY(panel->grab().save(QDir(m_shotDir).filePath(QStringLiteral("shot-scriptrun.png")), "PNG"));
    }
    panel->close();
}

void TestScriptRun::badFileNamesTheLineAndSendsNothing()
{
    const QString script = m_dir.filePath(QStringLiteral("bad.atscript"));
    QVERIFY(writeFile(script, "AT+CSCLK?\nfrobnicate the modem\nATI\n"));
    MainWindow window(&*m_catalog);
    connectWindow(window);
    QSignalSpy started(window.session()->channel(), &AtChannel::commandStarted);
    ScriptRunPanel *panel = openPanel(window);
    QVERIFY(panel);
    panel->setScriptPath(script);
    QSignalSpy finished(panel, &ScriptRunPanel::finished);
    QTest::mouseClick(panel->runButton(), Qt::LeftButton);
    QVERIFY(!panel->isRunning());
    QVERIFY(panel->errorLabel()->isVisible());
    QVERIFY2(panel->errorLabel()->text().contains(QStringLiteral("line 2")), qPrintable(panel->errorLabel()->text()));
    QVERIFY(panel->errorLabel()->text().contains(QStringLiteral("bad.atscript")));
    QCOMPARE(finished.size(), 0);

    // A good script afterwards runs; the bad one's first command was never among what was sent.
    const QString good = m_dir.filePath(QStringLiteral("good.atscript"));
    QVERIFY(writeFile(good, "AT\n"));
    panel->setScriptPath(good);
    QTest::mouseClick(panel->runButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kRunTimeoutMs);
    QVERIFY(!panel->errorLabel()->isVisible());
    for (const auto &arguments : std::as_const(started))
        QVERIFY(!arguments.at(1).toByteArray().startsWith("AT+CSCLK?"));
    panel->close();
}

void TestScriptRun::failingStepIsReported()
{
    const QString script = m_dir.filePath(QStringLiteral("fails.atscript"));
    QVERIFY(writeFile(script, "AT\nAT+CSQ\n  expect ^NEVER THIS$\n  timeout 2s\n"));
    MainWindow window(&*m_catalog);
    connectWindow(window);
    ScriptRunPanel *panel = openPanel(window);
    QVERIFY(panel);
    panel->setScriptPath(script);
    panel->loopsBox()->setValue(3);
    panel->keepGoingBox()->setChecked(false);
    QSignalSpy finished(panel, &ScriptRunPanel::finished);
    panel->run();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kRunTimeoutMs);
    const auto summary = finished.first().first().value<ScriptSummary>();
    QVERIFY(!summary.passed());
    QCOMPARE(summary.loops, 1); // stopped at the first failed loop
    QVERIFY2(panel->summaryLabel()->text().startsWith(QStringLiteral("0 of 1 loops passed")),
             qPrintable(panel->summaryLabel()->text()));
    QVERIFY(panel->output()->toPlainText().contains(QStringLiteral("FAIL  loop 1  AT+CSQ")));
    // The verdicts are in the console too, beside the traffic.
    QTRY_VERIFY(window.console()->view()->toPlainText().contains(QStringLiteral("FAIL  loop 1  AT+CSQ")));
    panel->close();
}

void TestScriptRun::cancelEndsALongRun()
{
    const QString script = m_dir.filePath(QStringLiteral("long.atscript"));
    QVERIFY(writeFile(script, "AT\nwait 30s\nAT\n"));
    MainWindow window(&*m_catalog);
    connectWindow(window);
    ScriptRunPanel *panel = openPanel(window);
    QVERIFY(panel);
    panel->setScriptPath(script);
    panel->loopsBox()->setValue(5);
    QSignalSpy finished(panel, &ScriptRunPanel::finished);
    panel->run();
    QVERIFY(panel->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(panel->stepLabel()->text().contains(QStringLiteral("wait")), kRunTimeoutMs);
    QVERIFY(panel->cancelButton()->isEnabled());
    QTest::mouseClick(panel->cancelButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, kRunTimeoutMs);
    const auto summary = finished.first().first().value<ScriptSummary>();
    QVERIFY(summary.cancelled);
    QVERIFY(panel->summaryLabel()->text().contains(QStringLiteral("cancelled")));
    QVERIFY(panel->runButton()->isEnabled());
}

QTEST_MAIN(TestScriptRun)
#include "tst_scriptrun.moc"
