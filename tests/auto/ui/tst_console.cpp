// UI tests, offscreen (tests/CMakeLists.txt sets QT_QPA_PLATFORM): the console and the main window
// against the simulated SIM7000G, driven by key events as a user would. No sleeps: every wait is
// QTRY_* or QSignalSpy::wait on a condition.

#include "core/at/trafficlogfile.h"
#include "core/catalog/commandcatalog.h"
#include "core/transport/loopbacktransport.h"
#include "ui/commandhistory.h"
#include "ui/commandinput.h"
#include "ui/connectionbar.h"
#include "ui/consolewidget.h"
#include "ui/identitypanel.h"
#include "ui/mainwindow.h"
#include "ui/messagebanner.h"
#include "ui/trafficformat.h"
#include "ui/trafficview.h"

#include <QAbstractItemModel>
#include <QAbstractItemView>
#include <QCompleter>
#include <QFile>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

using namespace ModemBench;
using namespace ModemBench::Ui;

namespace {
// Generous: the CI machine has two cores and runs other suites at the same time.
constexpr int kConnectTimeoutMs = 30000;
constexpr int kReplyTimeoutMs = 15000;
const QString kSimImei = QStringLiteral("490154203237518");

QStringList modelStrings(const QAbstractItemModel *model)
{
    QStringList out;
    for (int row = 0; row < model->rowCount(); ++row)
        out << model->index(row, 0).data().toString();
    return out;
}

TrafficRecord makeRecord(qint64 n)
{
    TrafficRecord record;
    record.wallTimeMs = 1'700'000'000'000 + n;
    record.toModem = n % 2 == 0;
    record.kind = record.toModem ? TrafficKind::Command : TrafficKind::Urc;
    record.text = "+CEREG: " + QByteArray::number(n);
    record.bytes = record.text + "\r\n";
    return record;
}
} // namespace

class TestConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void historyWalksBackByPrefix();
    void historyIsBoundedAndPersistent();
    void upRecallsTheLastCommand();
    void completionOffersCatalogCommands();
    void completionPopupAcceptsWithEnter();
    void helpLineFollowsTyping();
    void floodStaysBoundedAndSaveLogKeepsAll();
    void saveLogGoesThroughTheDialogSeam();
    void hexDumpShowsBytes();
    void automaticTrafficCanBeHidden();
    void promptDataEndsWithCtrlZ();
    void rawModeWritesAsTyped();
    void windowTalksToTheSimulator();
    void failedOpenIsShownInTheBanner();

private:
    std::unique_ptr<ConsoleWidget> makeConsole();
    void openLoopback(ModemSession &session, ConsoleWidget &console, LoopbackTransport *&modem);

    QTemporaryDir m_dir;
    std::optional<CommandCatalog> m_catalog;
};

void TestConsole::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Settings of the test never touch (or depend on) the user's.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("ModemBenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_console"));
    auto catalog = CommandCatalog::loadDefault();
    QVERIFY2(catalog, qPrintable(catalog ? QString() : catalog.error().message));
    m_catalog = std::move(*catalog);
}

void TestConsole::cleanup()
{
    QSettings().clear();
}

std::unique_ptr<ConsoleWidget> TestConsole::makeConsole()
{
    auto console = std::make_unique<ConsoleWidget>(&*m_catalog);
    console->resize(900, 500);
    console->show();
    return console;
}

void TestConsole::historyWalksBackByPrefix()
{
    CommandHistory history;
    for (const char *line : {"AT+CSQ", "ATI", "AT+COPS?", "AT+CSQ", "AT+CPSI?"})
        history.add(QString::fromLatin1(line));
    QCOMPARE(history.entries(), QStringList({"ATI", "AT+COPS?", "AT+CSQ", "AT+CPSI?"}));
    QCOMPARE(history.previous(QString()), QStringLiteral("AT+CPSI?"));
    QCOMPARE(history.previous(QString()), QStringLiteral("AT+CSQ"));
    QCOMPARE(history.next(), QStringLiteral("AT+CPSI?"));
    QCOMPARE(history.next(), QString()); // back to the (empty) draft
    // What was typed before the first Up filters the walk.
    QCOMPARE(history.previous(QStringLiteral("at+c")), QStringLiteral("AT+CPSI?"));
    QCOMPARE(history.previous(QStringLiteral("ignored while walking")), QStringLiteral("AT+CSQ"));
    QCOMPARE(history.previous(QString()), QStringLiteral("AT+COPS?"));
    QCOMPARE(history.previous(QString()), std::nullopt);
}

void TestConsole::historyIsBoundedAndPersistent()
{
    CommandHistory history(3);
    for (int i = 0; i < 10; ++i)
        history.add(QStringLiteral("AT+N%1").arg(i));
    QCOMPARE(history.entries(), QStringList({"AT+N7", "AT+N8", "AT+N9"}));

    {
        auto console = makeConsole();
        console->input()->setFocus();
        QTest::keyClicks(console->input(), QStringLiteral("AT+CGMR"));
        QTest::keyClick(console->input(), Qt::Key_Return); // not connected: refused, but remembered
        QVERIFY(console->input()->text().isEmpty());
    }
    auto again = makeConsole();
    QCOMPARE(again->input()->history().entries().value(0), QStringLiteral("AT+CGMR"));
    QCOMPARE(again->input()->history().limit(), CommandHistory::kDefaultLimit);
}

void TestConsole::upRecallsTheLastCommand()
{
    auto console = makeConsole();
    CommandInput *input = console->input();
    QTest::keyClicks(input, QStringLiteral("ATI"));
    QTest::keyClick(input, Qt::Key_Return);
    QTest::keyClicks(input, QStringLiteral("AT+CSQ"));
    QTest::keyClick(input, Qt::Key_Enter);
    QVERIFY(input->text().isEmpty());
    QTest::keyClick(input, Qt::Key_Up);
    QCOMPARE(input->text(), QStringLiteral("AT+CSQ"));
    QTest::keyClick(input, Qt::Key_Up);
    QCOMPARE(input->text(), QStringLiteral("ATI"));
    QTest::keyClick(input, Qt::Key_Down);
    QTest::keyClick(input, Qt::Key_Down);
    QCOMPARE(input->text(), QString());
}

void TestConsole::completionOffersCatalogCommands()
{
    auto console = makeConsole();
    QTest::keyClicks(console->input(), QStringLiteral("AT+CS"));
    const QStringList offered = modelStrings(console->completer()->model());
    QVERIFY2(offered.contains(QStringLiteral("AT+CSQ")), qPrintable(offered.join(u' ')));
    for (const QString &command : offered)
        QVERIFY2(command.startsWith(QStringLiteral("AT+CS")), qPrintable(command));

    console->completer()->popup()->hide();

    // Tab completes a unique prefix in place.
    console->input()->clear();
    QTest::keyClicks(console->input(), QStringLiteral("+CPS"));
    QTest::keyClick(console->input(), Qt::Key_Tab);
    QCOMPARE(console->input()->text(), QStringLiteral("AT+CPSI"));
}

void TestConsole::completionPopupAcceptsWithEnter()
{
    auto console = makeConsole();
    console->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(console.get()));
    console->input()->setFocus();
    QTRY_VERIFY(console->input()->hasFocus());
    QTest::keyClicks(console->input(), QStringLiteral("AT+CS"));
    QTRY_VERIFY(console->completer()->popup()->isVisible());
    // Down then Enter in the popup takes the highlighted command and does not send anything.
    QTest::keyClick(console->completer()->popup(), Qt::Key_Down);
    const QString highlighted = console->completer()->popup()->currentIndex().data().toString();
    QVERIFY(highlighted.startsWith(QStringLiteral("AT+CS")));
    QTest::keyClick(console->completer()->popup(), Qt::Key_Return);
    QVERIFY(!console->completer()->popup()->isVisible());
    QCOMPARE(console->input()->text(), highlighted);
    QVERIFY(console->input()->history().entries().isEmpty());
    // The next Enter sends it.
    QTest::keyClick(console->input(), Qt::Key_Return);
    QCOMPARE(console->input()->history().entries(), QStringList{highlighted});
}

void TestConsole::helpLineFollowsTyping()
{
    auto console = makeConsole();
    QTest::keyClicks(console->input(), QStringLiteral("AT+CSQ"));
    QCOMPARE(console->helpLabel()->text(), m_catalog->helpLine("AT+CSQ"));
    QVERIFY(!console->helpLabel()->text().isEmpty());
}

void TestConsole::floodStaysBoundedAndSaveLogKeepsAll()
{
    constexpr int kRecords = 20000;
    auto console = makeConsole();
    TrafficView *view = console->view();
    for (int n = 0; n < kRecords; ++n)
        view->appendRecord(makeRecord(n));
    // Coalesced: nothing was laid out per record; the timer renders it in one pass.
    QVERIFY(view->hasPendingRender());
    QTRY_VERIFY_WITH_TIMEOUT(!view->hasPendingRender(), kReplyTimeoutMs);
    QVERIFY(view->document()->blockCount() <= TrafficView::kScrollbackBlocks);
    const QString shown = view->toPlainText();
    QVERIFY(shown.contains(QStringLiteral("+CEREG: %1").arg(kRecords - 1)));
    QVERIFY(shown.contains(QStringLiteral("lines skipped")));
    QCOMPARE(view->recordCount(), kRecords);

    const QString path = m_dir.filePath(QStringLiteral("flood.log"));
    const auto saved = console->saveLog(path);
    QVERIFY2(saved, qPrintable(saved ? QString() : saved.error().message));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), kRecords + 1); // the last line ends with '\n'
    QCOMPARE(lines.first() + '\n', TrafficLogFile::formatRecord(makeRecord(0)));
    QCOMPARE(lines.at(kRecords - 1) + '\n', TrafficLogFile::formatRecord(makeRecord(kRecords - 1)));

    // Clear empties the view, not the session's record.
    console->clearView();
    QVERIFY(view->toPlainText().isEmpty());
    QCOMPARE(view->recordCount(), kRecords);
}

void TestConsole::saveLogGoesThroughTheDialogSeam()
{
    auto console = makeConsole();
    console->view()->appendRecord(makeRecord(1));
    const QString path = m_dir.filePath(QStringLiteral("seam.log"));
    int asked = 0;
    console->setSaveFileChooser([&](QWidget *, const SaveFileRequest &request, std::function<void(const QString &)> accepted) {
        ++asked;
        QVERIFY(request.suggestedPath.endsWith(QStringLiteral(".log")));
        accepted(path);
    });
    console->saveLogInteractively();
    QCOMPARE(asked, 1);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), TrafficLogFile::formatRecord(makeRecord(1)));
}

void TestConsole::hexDumpShowsBytes()
{
    const QStringList dump = hexDumpLines(QByteArray("0123456789abcdef") + "ATI\r");
    QCOMPARE(dump.size(), 2);
    QVERIFY(dump.at(1).startsWith(QStringLiteral("0010  41 54 49 0d ")));
    // The text column stays aligned whether or not a row is full.
    QCOMPARE(dump.at(1).indexOf(QStringLiteral("ATI.")), dump.at(0).indexOf(QStringLiteral("0123456789abcdef")));
    QCOMPARE(visibleBytes("hi\x1A"), QStringLiteral("hi<Ctrl-Z>"));
    auto console = makeConsole();
    console->setHexMode(true);
    console->view()->appendRecord(makeRecord(2));
    console->view()->flush();
    QVERIFY2(console->view()->toPlainText().contains(QStringLiteral("2b 43 45 52")),
             qPrintable(console->view()->toPlainText()));
    console->setHexMode(false);
    QVERIFY(console->view()->toPlainText().contains(QStringLiteral("+CEREG: 2")));
}

// Status reads and probes are marked automatic by the channel: shown dimmed, or hidden on request,
// and always in the saved log.
void TestConsole::automaticTrafficCanBeHidden()
{
    auto console = makeConsole();
    TrafficRecord typed = makeRecord(1);
    TrafficRecord polled = makeRecord(2);
    polled.automatic = true;
    console->view()->appendRecord(typed);
    console->view()->appendRecord(polled);
    console->view()->flush();
    QVERIFY(console->view()->toPlainText().contains(QStringLiteral("+CEREG: 2")));
    console->setShowAutomatic(false);
    QVERIFY(console->view()->toPlainText().contains(QStringLiteral("+CEREG: 1")));
    QVERIFY(!console->view()->toPlainText().contains(QStringLiteral("+CEREG: 2")));
    const QString path = m_dir.filePath(QStringLiteral("auto.log"));
    QVERIFY(console->saveLog(path).has_value());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("+CEREG: 2"));
    console->setShowAutomatic(true);
    QVERIFY(console->view()->toPlainText().contains(QStringLiteral("+CEREG: 2")));
}

// A scripted modem on a LoopbackTransport: the simulator has no "> " prompt commands yet.
void TestConsole::openLoopback(ModemSession &session, ConsoleWidget &console, LoopbackTransport *&modem)
{
    modem = new LoopbackTransport;
    connect(modem, &LoopbackTransport::hostWrote, modem, [modem](const QByteArray &bytes) {
        QByteArray reply;
        if (bytes == "AT\r")
            reply = "\r\nOK\r\n";
        else if (bytes.startsWith("AT+CMGS="))
            reply = "\r\n> ";
        else if (bytes.endsWith('\x1A'))
            reply = "\r\n+CMGS: 7\r\n\r\nOK\r\n";
        else if (bytes == "\x1B")
            reply = "\r\nOK\r\n";
        // Answer from the event loop, as a real port does.
        if (!reply.isEmpty())
            QMetaObject::invokeMethod(modem, [modem, reply] { modem->deliverFromModem(reply); }, Qt::QueuedConnection);
    });
    console.setSession(&session);
    QSignalSpy ready(&session, &ModemSession::ready);
    session.openTransport(std::unique_ptr<Transport>(modem), QStringLiteral("loopback"));
    QVERIFY(ready.wait(kReplyTimeoutMs) || !ready.isEmpty());
}

void TestConsole::promptDataEndsWithCtrlZ()
{
    ModemSession session(&*m_catalog);
    auto console = makeConsole();
    LoopbackTransport *modem = nullptr;
    openLoopback(session, *console, modem);
    QVERIFY(modem);
    modem->takeWritten();
    QSignalSpy finished(console.get(), &ConsoleWidget::commandFinished);

    CommandInput *input = console->input();
    QTest::keyClicks(input, QStringLiteral("AT+CMGS=\"+123\""));
    QTest::keyClick(input, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(console->isWaitingForData(), kReplyTimeoutMs);
    QVERIFY(input->placeholderText().contains(QStringLiteral("Ctrl+Z")));
    QTest::keyClicks(input, QStringLiteral("hello"));
    QTest::keyClick(input, Qt::Key_Return);
    QTest::keyClicks(input, QStringLiteral("world"));
    QTest::keyClick(input, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(!console->isWaitingForData());
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kReplyTimeoutMs);
    QVERIFY(finished.constFirst().at(1).toBool());
    QCOMPARE(modem->takeWritten(), QByteArray("AT+CMGS=\"+123\"\rhello\r\nworld\x1A"));
    console->view()->flush();
    QVERIFY(console->view()->toPlainText().contains(QStringLiteral("+CMGS: 7")));

    // Esc abandons the data: the modem gets ESC and nothing of what was typed.
    QTest::keyClicks(input, QStringLiteral("AT+CMGS=\"+123\""));
    QTest::keyClick(input, Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(console->isWaitingForData(), kReplyTimeoutMs);
    QTest::keyClicks(input, QStringLiteral("never mind"));
    QTest::keyClick(input, Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, kReplyTimeoutMs);
    QCOMPARE(modem->takeWritten(), QByteArray("AT+CMGS=\"+123\"\r\x1B"));
}

void TestConsole::rawModeWritesAsTyped()
{
    ModemSession session(&*m_catalog);
    auto console = makeConsole();
    LoopbackTransport *modem = nullptr;
    openLoopback(session, *console, modem);
    QVERIFY(modem);
    modem->takeWritten();
    console->setRawMode(true);
    CommandInput *input = console->input();
    QTest::keyClicks(input, QStringLiteral("+++"));
    QTest::keyClick(input, Qt::Key_Return);
    QTest::keyClick(input, Qt::Key_Z, Qt::ControlModifier);
    QTest::keyClick(input, Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(modem->written(), QByteArray("+++\r\x1A\x1B"), kReplyTimeoutMs);
    QVERIFY(QSettings().value(QStringLiteral("console/raw")).toBool());
    console->setRawMode(false);
}

void TestConsole::windowTalksToTheSimulator()
{
    MainWindow window(&*m_catalog);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window)); // window shortcuts need an active window
    window.connectionBar()->selectPort(QStringLiteral("sim:sim7000g?imei=") + kSimImei);
    QSignalSpy ready(window.session(), &ModemSession::ready);
    QSignalSpy failed(window.session(), &ModemSession::openFailed);
    QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
    QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty() || !failed.isEmpty(), kConnectTimeoutMs);
    QVERIFY2(failed.isEmpty(), qPrintable(window.banner()->text()));
    QCOMPARE(window.session()->state(), ModemSession::State::Ready);
    QVERIFY(window.stateLabel()->text().contains(QStringLiteral("Ready")));

    ConsoleWidget *console = window.console();
    // "Log to file…" through the dialog seam: from now on every record goes to the file as well.
    const QString logPath = m_dir.filePath(QStringLiteral("session.log"));
    console->setSaveFileChooser([&](QWidget *, const SaveFileRequest &, std::function<void(const QString &)> accepted) {
        accepted(logPath);
    });
    console->logToFileAction()->trigger();
    QVERIFY(console->logToFileAction()->isChecked());
    QSignalSpy finished(console, &ConsoleWidget::commandFinished);
    console->input()->setFocus();
    QTest::keyClicks(console->input(), QStringLiteral("ATI"));
    QTest::keyClick(console->input(), Qt::Key_Return);
    QVERIFY(finished.wait(kReplyTimeoutMs) || !finished.isEmpty());
    QCOMPARE(finished.constFirst().at(0).toString(), QStringLiteral("ATI"));
    QVERIFY(finished.constFirst().at(1).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(console->view()->toPlainText().contains(QStringLiteral("SIM7000G R1529")),
                             kReplyTimeoutMs);
    const QString shown = console->view()->toPlainText();
    QVERIFY2(shown.contains(directionMarker(TrafficGroup::Received) + QStringLiteral(" OK")), qPrintable(shown));
    QVERIFY(shown.contains(directionMarker(TrafficGroup::Sent) + QStringLiteral(" ATI")));

    QTest::keyClick(console->input(), Qt::Key_Up);
    QCOMPARE(console->input()->text(), QStringLiteral("ATI"));
    QFile log(logPath);
    QVERIFY(log.open(QIODevice::ReadOnly));
    QVERIFY(log.readAll().contains("SIM7000G R1529"));

    // The panel reads the identity by itself once the session is ready.
    QTRY_COMPARE_WITH_TIMEOUT(window.identityPanel()->value(QStringLiteral("imei")), kSimImei, kReplyTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!window.identityPanel()->isRefreshing(), kReplyTimeoutMs);
    QVERIFY(window.identityPanel()->value(QStringLiteral("model")).contains(QStringLiteral("SIM7000G")));

    QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(window.session()->state(), ModemSession::State::Closed);
    QSettings settings;
    QCOMPARE(settings.value(QStringLiteral("connection/lastPort")).toString(),
             QStringLiteral("sim:sim7000g?imei=") + kSimImei);
}

void TestConsole::failedOpenIsShownInTheBanner()
{
    MainWindow window(&*m_catalog);
    window.show();
    window.connectionBar()->selectPort(QStringLiteral("/dev/modembench-no-such-port"));
    QSignalSpy failed(window.session(), &ModemSession::openFailed);
    window.connectModem();
    QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), kConnectTimeoutMs);
    QTRY_VERIFY(window.banner()->isVisible());
    QCOMPARE(window.banner()->level(), MessageBanner::Level::Error);
    QVERIFY2(window.banner()->text().contains(QStringLiteral("/dev/modembench-no-such-port")),
             qPrintable(window.banner()->text()));
    QCOMPARE(window.session()->state(), ModemSession::State::Closed);
}

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
