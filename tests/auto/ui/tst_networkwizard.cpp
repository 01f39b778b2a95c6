// UI test, offscreen: the dashboard and the network wizard against the simulated modems, driven
// through the wizard's pages to a successful ping. No sleeps: every wait is QTRY_* on a condition.
// With MODEMBENCH_SCREENSHOT_DIR set (scripts/screenshots.sh) each stage is also saved as a PNG.

#include "core/catalog/commandcatalog.h"
#include "ui/connectionbar.h"
#include "ui/dashboardwidget.h"
#include "ui/mainwindow.h"
#include "ui/messagebanner.h"
#include "ui/networkwizard.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace ModemBench;
using namespace ModemBench::Ui;

namespace {
constexpr int kConnectTimeoutMs = 30000;
constexpr int kFlowTimeoutMs = 60000;
} // namespace

class TestNetworkWizard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void wizardPingsOnSim7000();
    void wizardConnectsEveryModel_data();
    void wizardConnectsEveryModel();
    void registrationCanBeCancelled();
    void deniedRegistrationSaysWhatToTry();
    void dashboardGreysOutTlsOnSim800R13();

private:
    void connectWindow(MainWindow &window, const QString &port);
    void shot(QWidget *widget, const QString &name);

    QTemporaryDir m_dir;
    std::optional<CommandCatalog> m_catalog;
    QString m_shotDir;
};

void TestNetworkWizard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("ModemBenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_networkwizard"));
    auto catalog = CommandCatalog::loadDefault();
    QVERIFY2(catalog, qPrintable(catalog ? QString() : catalog.error().message));
    m_catalog = std::move(*catalog);
    m_shotDir = qEnvironmentVariable("MODEMBENCH_SCREENSHOT_DIR");
}

void TestNetworkWizard::cleanup()
{
    QSettings().clear();
}

void TestNetworkWizard::connectWindow(MainWindow &window, const QString &port)
{
    window.resize(1280, 800);
    window.show();
    window.connectionBar()->selectPort(port);
    QSignalSpy refreshed(window.dashboard(), &DashboardWidget::refreshed);
    QSignalSpy failed(window.session(), &ModemSession::openFailed);
    window.connectModem();
    QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty() || !failed.isEmpty(), kConnectTimeoutMs);
    QVERIFY2(failed.isEmpty(), qPrintable(window.banner()->text()));
    QVERIFY(!window.dashboard()->isRefreshing());
}

void TestNetworkWizard::shot(QWidget *widget, const QString &name)
{
    if (m_shotDir.isEmpty())
        return;
    QDir().mkpath(m_shotDir);
    QVERIFY(widget->grab().save(QDir(m_shotDir).filePath(name), "PNG"));
}

void TestNetworkWizard::wizardPingsOnSim7000()
{
    MainWindow window(&*m_catalog);
    connectWindow(window, QStringLiteral("sim:sim7000g"));
    if (QTest::currentTestFailed())
        return;
    DashboardWidget *dashboard = window.dashboard();
    QCOMPARE(dashboard->value(QStringLiteral("family")), QStringLiteral("sim7000"));
    QVERIFY(dashboard->field(QStringLiteral("tls"))->isEnabled());
    QVERIFY(dashboard->field(QStringLiteral("radio"))->isEnabled());
    shot(&window, QStringLiteral("shot-dashboard.png"));

    window.networkWizardAction()->trigger();
    NetworkWizard *wizard = window.networkWizard();
    QVERIFY(wizard);
    QTRY_VERIFY(wizard->isVisible());
    QVERIFY(!wizard->isModal());
    QCOMPARE(wizard->currentId(), int(NetworkWizard::RadioPageId));
    QVERIFY(wizard->ratButton(NetworkWizard::Rat::CatM)->isChecked());
    QVERIFY(wizard->ratButton(NetworkWizard::Rat::NbIot)->isEnabled());
    QTest::keyClicks(wizard->bandsEdit(), QStringLiteral("3,8,"));
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled()); // a dangling comma is not a band list
    QTest::keyClicks(wizard->bandsEdit(), QStringLiteral("20"));
    QCOMPARE(wizard->bandsEdit()->text(), QStringLiteral("3,8,20"));
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    QCOMPARE(wizard->options().catmBands, QStringLiteral("3,8,20"));
    shot(wizard, QStringLiteral("shot-wizard-1-rat.png"));
    wizard->next();

    QCOMPARE(wizard->currentId(), int(NetworkWizard::ApnPageId));
    QVERIFY(wizard->apnAutomaticButton()->isChecked());
    shot(wizard, QStringLiteral("shot-wizard-2-apn.png"));
    wizard->next();

    QCOMPARE(wizard->currentId(), int(NetworkWizard::RegistrationPageId));
    FlowPage *registration = wizard->flowPage(NetworkWizard::RegistrationPageId);
    QTRY_VERIFY_WITH_TIMEOUT(!registration->isRunning(), kFlowTimeoutMs);
    QVERIFY2(registration->succeeded(), qPrintable(registration->message()->text()));
    QVERIFY(registration->log()->count() > 3);
    QCOMPARE(registration->progressBar()->value(), registration->progressBar()->maximum());
    shot(wizard, QStringLiteral("shot-wizard-3-registration.png"));
    wizard->next();

    QCOMPARE(wizard->currentId(), int(NetworkWizard::ActivationPageId));
    FlowPage *activation = wizard->flowPage(NetworkWizard::ActivationPageId);
    QSignalSpy refreshed(dashboard, &DashboardWidget::refreshed);
    QTRY_VERIFY_WITH_TIMEOUT(!activation->isRunning(), kFlowTimeoutMs);
    QVERIFY2(activation->succeeded(), qPrintable(activation->message()->text()));
    const QString address = wizard->addressLabel()->text();
    QVERIFY2(address.count(QLatin1Char('.')) == 3, qPrintable(address));
    shot(wizard, QStringLiteral("shot-wizard-4-activation.png"));
    wizard->next();

    QCOMPARE(wizard->currentId(), int(NetworkWizard::PingPageId));
    FlowPage *ping = wizard->flowPage(NetworkWizard::PingPageId);
    wizard->pingHostEdit()->setText(QStringLiteral("8.8.8.8"));
    wizard->pingCountSpin()->setValue(3);
    QTest::mouseClick(ping->startButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!ping->isRunning(), kFlowTimeoutMs);
    QVERIFY2(ping->succeeded(), qPrintable(ping->message()->text()));
    QTableWidget *table = wizard->pingTable();
    QVERIFY(table->rowCount() > 0);
    int replies = 0;
    for (int row = 0; row < table->rowCount(); ++row)
        replies += table->item(row, 2)->text().endsWith(QLatin1String(" ms")) ? 1 : 0;
    QVERIFY2(replies > 0, "no ping reply received");
    const QString summary = wizard->pingSummary()->text();
    QVERIFY2(summary.contains(QLatin1String("received")) && !summary.startsWith(QLatin1String("0 of")),
             qPrintable(summary));
    QVERIFY2(summary.contains(QLatin1String("min/avg/max")), qPrintable(summary));
    shot(wizard, QStringLiteral("shot-wizard-5-ping.png"));

    // Activation asked the dashboard to read again: it shows the address now.
    QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty() && !dashboard->isRefreshing(), kFlowTimeoutMs);
    QCOMPARE(dashboard->value(QStringLiteral("ip")), address);
    QCOMPARE(dashboard->value(QStringLiteral("active")), QStringLiteral("Yes"));
    QVERIFY(dashboard->isHighlighted(QStringLiteral("ip")));
    shot(&window, QStringLiteral("shot-dashboard-connected.png"));
    QTRY_VERIFY_WITH_TIMEOUT(!dashboard->isHighlighted(QStringLiteral("ip")), DashboardWidget::kHighlightMs * 3);

    wizard->button(QWizard::FinishButton)->click();
    QTRY_VERIFY(window.networkWizard() == nullptr);
}

void TestNetworkWizard::wizardConnectsEveryModel_data()
{
    QTest::addColumn<QString>("port");
    QTest::addColumn<bool>("radioChoice");
    QTest::newRow("sim7080g") << QStringLiteral("sim:sim7080g") << true;
    QTest::newRow("sim800l") << QStringLiteral("sim:sim800l") << false;
    QTest::newRow("sim800l-r13") << QStringLiteral("sim:sim800l-r13") << false;
}

// The same pages on the other dialects: SIM7080 CNACT with a PDP index, SIM800 CSTT/CIICR/CIPPING.
void TestNetworkWizard::wizardConnectsEveryModel()
{
    QFETCH(QString, port);
    QFETCH(bool, radioChoice);
    MainWindow window(&*m_catalog);
    connectWindow(window, port);
    if (QTest::currentTestFailed())
        return;
    window.networkWizardAction()->trigger();
    NetworkWizard *wizard = window.networkWizard();
    QVERIFY(wizard);
    QCOMPARE(wizard->ratButton(NetworkWizard::Rat::NbIot)->isEnabled(), radioChoice);
    wizard->next();
    wizard->next();
    for (int id : {NetworkWizard::RegistrationPageId, NetworkWizard::ActivationPageId}) {
        FlowPage *page = wizard->flowPage(id);
        QCOMPARE(wizard->currentId(), id);
        QTRY_VERIFY_WITH_TIMEOUT(!page->isRunning(), kFlowTimeoutMs);
        QVERIFY2(page->succeeded(), qPrintable(page->message()->text()));
        wizard->next();
    }
    FlowPage *ping = wizard->flowPage(NetworkWizard::PingPageId);
    wizard->pingCountSpin()->setValue(2);
    QTest::mouseClick(ping->startButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!ping->isRunning(), kFlowTimeoutMs);
    QVERIFY2(ping->succeeded(), qPrintable(ping->message()->text()));
    QVERIFY(wizard->pingTable()->rowCount() > 0);
    QTRY_VERIFY_WITH_TIMEOUT(window.dashboard()->value(QStringLiteral("ip")) == wizard->addressLabel()->text()
                                 && !window.dashboard()->isRefreshing(),
                             kFlowTimeoutMs);
    wizard->reject();
}

void TestNetworkWizard::registrationCanBeCancelled()
{
    MainWindow window(&*m_catalog);
    connectWindow(window, QStringLiteral("sim:sim7000g"));
    if (QTest::currentTestFailed())
        return;
    window.networkWizardAction()->trigger();
    NetworkWizard *wizard = window.networkWizard();
    QVERIFY(wizard);
    wizard->next();
    wizard->next();
    FlowPage *registration = wizard->flowPage(NetworkWizard::RegistrationPageId);
    QVERIFY(registration->isRunning());
    QVERIFY(registration->cancelButton()->isEnabled());
    QTest::mouseClick(registration->cancelButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!registration->isRunning(), kFlowTimeoutMs);
    QVERIFY(!registration->succeeded());
    QVERIFY(!registration->isComplete());
    QVERIFY(registration->message()->text().contains(QLatin1String("Cancelled")));
    QVERIFY(registration->startButton()->isEnabled());
    // Running it again after a cancel works.
    QTest::mouseClick(registration->startButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!registration->isRunning(), kFlowTimeoutMs);
    QVERIFY2(registration->succeeded(), qPrintable(registration->message()->text()));
    wizard->reject();
}

void TestNetworkWizard::deniedRegistrationSaysWhatToTry()
{
    const QString scenario = m_dir.filePath(QStringLiteral("denied.json"));
    QFile file(scenario);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"registration": {"sequence": [{"stat": 2, "for_ms": 300}, {"stat": 3}]}})");
    file.close();
    MainWindow window(&*m_catalog);
    connectWindow(window, QStringLiteral("sim:sim7000g?scenario=") + scenario);
    if (QTest::currentTestFailed())
        return;
    window.networkWizardAction()->trigger();
    NetworkWizard *wizard = window.networkWizard();
    QVERIFY(wizard);
    // A manual APN may not be empty.
    wizard->next();
    QTest::mouseClick(wizard->apnManualButton(), Qt::LeftButton);
    QVERIFY(wizard->apnManualButton()->isChecked());
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
    wizard->apnEdit()->setText(QStringLiteral("internet"));
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    wizard->next();
    FlowPage *registration = wizard->flowPage(NetworkWizard::RegistrationPageId);
    QTRY_VERIFY_WITH_TIMEOUT(!registration->isRunning(), kFlowTimeoutMs);
    QVERIFY(!registration->succeeded());
    QVERIFY2(registration->message()->text().contains(QLatin1String("refused this SIM")),
             qPrintable(registration->message()->text()));
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
    QVERIFY(registration->startButton()->isEnabled());
    shot(wizard, QStringLiteral("shot-wizard-3-registration-denied.png"));
    wizard->reject();
}

void TestNetworkWizard::dashboardGreysOutTlsOnSim800R13()
{
    MainWindow window(&*m_catalog);
    connectWindow(window, QStringLiteral("sim:sim800l-r13"));
    if (QTest::currentTestFailed())
        return;
    DashboardWidget *dashboard = window.dashboard();
    QCOMPARE(dashboard->value(QStringLiteral("family")), QStringLiteral("sim800"));
    QLabel *tls = dashboard->field(QStringLiteral("tls"));
    QVERIFY(!tls->isEnabled());
    QVERIFY(!tls->toolTip().isEmpty());
    QCOMPARE(tls->toolTip(), dashboard->profile()->tlsNote);
    QVERIFY(!dashboard->field(QStringLiteral("radio"))->isEnabled());
    shot(&window, QStringLiteral("shot-dashboard-sim800l-r13.png"));

    window.networkWizardAction()->trigger();
    NetworkWizard *wizard = window.networkWizard();
    QVERIFY(wizard);
    QVERIFY(!wizard->ratButton(NetworkWizard::Rat::CatM)->isEnabled());
    QVERIFY(!wizard->ratButton(NetworkWizard::Rat::CatM)->toolTip().isEmpty());
    shot(wizard, QStringLiteral("shot-wizard-1-rat-sim800.png"));
    wizard->reject();
}

QTEST_MAIN(TestNetworkWizard)
#include "tst_networkwizard.moc"
