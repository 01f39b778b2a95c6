// UI test, offscreen: the TLS wizard and the modem files dialog (issue #6) against a simulated
// SIM7000G whose AT+CAOPEN makes a real TLS connection, with `openssl s_server -rev` serving a
// certificate from our own CA on loopback. A new user's path: choose the CA file, install it
// (upload, read-back, convert), check, test: "hello" comes back as "olleh". Then an unrelated CA:
// result 27 and the doctor's explanation. No sleeps: every wait is QTRY_* or qWaitFor on a
// condition. With MODEMBENCH_SCREENSHOT_DIR set (scripts/screenshots.sh) each stage is saved.

#include "core/catalog/commandcatalog.h"
#include "core/modem/modelprofile.h"
#include "core/pki/certificateauthority.h"
#include "core/store/fileinventory.h"
#include "ui/connectionbar.h"
#include "ui/dashboardwidget.h"
#include "ui/mainwindow.h"
#include "ui/messagebanner.h"
#include "ui/modemfilesdialog.h"
#include "ui/passphrasedialog.h"
#include "ui/tlswizard.h"
#include "ui/tlswizardflow.h"
#include "ui/tlswizardpages.h"

#include "../tlscli/tlsclisupport.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <optional>

using namespace ModemBench;
using namespace ModemBench::Ui;

namespace {
constexpr int kConnectTimeoutMs = 30000;
constexpr int kFlowTimeoutMs = 120000; // connect + TLS handshake on a loaded CI machine
const QString kSimImei = QStringLiteral("869951031234564");
const QByteArray kPassphrase = "correct horse battery staple";

OpenFileChooser choosing(const QString &path, int *asked = nullptr)
{
    return [path, asked](QWidget *, const OpenFileRequest &, std::function<void(const QString &)> accepted) {
        if (asked)
            ++*asked;
        accepted(path);
    };
}

// A CA in `dir` whose certificate is also written to `certificatePath`.
bool makeCa(const QString &dir, const QString &subject, const QString &certificatePath)
{
    Pki::CaOptions options;
    options.subject = subject;
    auto ca = Pki::CertificateAuthority::create(dir, options, Pki::SecretBytes(kPassphrase));
    return ca && TlsCliTest::writeFile(certificatePath, ca->certificatePem());
}
} // namespace

class TestTlsWizard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void installsCaConnectsAndListsFiles();
    void unrelatedCaFailsWithResult27AndDoctor();
    void ourCaAndAnIssuedDeviceCertificateForMutualTls();
    void installCanBeCancelledAndRunAgain();
    void actionsFollowTheConnection();
    void insecureTls10OnlyForSim800();
    void keyboardReachesEveryField();

private:
    void connectWindow(MainWindow &window);
    TlsWizard *openWizard(MainWindow &window);
    void chooseCaAndInstall(TlsWizard *wizard, const QString &caFile, const QString &warningShot);
    void checkAndTest(TlsWizard *wizard);
    void listAndDeleteFiles(MainWindow &window);
    void shot(QWidget *widget, const QString &name);

    QTemporaryDir m_dir;
    std::optional<CommandCatalog> m_catalog;
    QString m_shotDir;
    QString m_caFile;
    QString m_otherCaFile;
    QString m_caDir;
    QString m_serverCertificate;
    QString m_serverKey;
    TlsCliTest::TlsServer m_server;
};

void TestTlsWizard::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
        QSKIP("the openssl program is needed for the TLS peer");
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("ModemBenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_tlswizard"));
    // The inventory goes to its default path, inside this test's folder.
    qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
    qunsetenv("MODEMBENCH_CA_PASSPHRASE");
    auto catalog = CommandCatalog::loadDefault();
    QVERIFY2(catalog, qPrintable(catalog ? QString() : catalog.error().message));
    m_catalog = std::move(*catalog);
    m_shotDir = qEnvironmentVariable("MODEMBENCH_SCREENSHOT_DIR");

    // Our CA signs the server's certificate; the other one signed nothing the server sends.
    const QString caDir = m_dir.filePath(QStringLiteral("ca"));
    m_caDir = caDir;
    m_caFile = m_dir.filePath(QStringLiteral("ca.crt"));
    m_otherCaFile = m_dir.filePath(QStringLiteral("other-root.pem"));
    QVERIFY(makeCa(caDir, QStringLiteral("/O=ModemBench Test/CN=ModemBench Test Root"), m_caFile));
    QVERIFY(makeCa(m_dir.filePath(QStringLiteral("other")), QStringLiteral("/CN=Unrelated Root"), m_otherCaFile));
    auto ca = Pki::CertificateAuthority::open(caDir, Pki::SecretBytes(kPassphrase));
    QVERIFY(ca);
    Pki::ServerRequest request;
    request.dnsNames = {QStringLiteral("localhost")};
    request.ipAddresses = {QStringLiteral("127.0.0.1")};
    auto server = ca->issueServer(request);
    QVERIFY(server);
    const QString certificate = m_dir.filePath(QStringLiteral("server.crt"));
    const QString key = m_dir.filePath(QStringLiteral("server.key"));
    QVERIFY(TlsCliTest::writeFile(certificate, server->certificatePem));
    QVERIFY(TlsCliTest::writeFile(key, server->privateKeyPem.reveal()));
    m_serverCertificate = certificate;
    m_serverKey = key;
    QVERIFY2(m_server.start(certificate, key), m_server.output().constData());
}

void TestTlsWizard::cleanup()
{
    QSettings().clear();
}

void TestTlsWizard::connectWindow(MainWindow &window)
{
    window.resize(1280, 800);
    window.show();
    window.connectionBar()->selectPort(QStringLiteral("sim:sim7000g"));
    QSignalSpy refreshed(window.dashboard(), &DashboardWidget::refreshed);
    QSignalSpy failed(window.session(), &ModemSession::openFailed);
    window.connectModem();
    QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty() || !failed.isEmpty(), kConnectTimeoutMs);
    QVERIFY2(failed.isEmpty(), qPrintable(window.banner()->text()));
}

void TestTlsWizard::shot(QWidget *widget, const QString &name)
{
    if (m_shotDir.isEmpty())
        return;
    QDir().mkpath(m_shotDir);
    QVERIFY(widget->grab().save(QDir(m_shotDir).filePath(name), "PNG"));
}

TlsWizard *TestTlsWizard::openWizard(MainWindow &window)
{
    if (!window.tlsWizardAction()->isEnabled())
        return nullptr;
    window.tlsWizardAction()->trigger();
    TlsWizard *wizard = window.tlsWizard();
    if (!wizard || wizard->isModal())
        return nullptr;
    // The background read of model and IMEI (tlsPreparationSteps).
    if (!QTest::qWaitFor([wizard] { return !wizard->isReadingModem(); }, kFlowTimeoutMs))
        return nullptr;
    return wizard;
}

// Pages (a) to (c): the CA file through the chooser seam, no client certificate, the install.
void TestTlsWizard::chooseCaAndInstall(TlsWizard *wizard, const QString &caFile, const QString &warningShot)
{
    QCOMPARE(wizard->modemImei(), kSimImei);
    RootPage *root = wizard->rootPage();
    QVERIFY(root->modemLabel()->text().contains(kSimImei));
    QVERIFY(root->fileButton()->isChecked());
    int asked = 0;
    wizard->setOpenFileChooser(choosing(caFile, &asked));
    QTest::mouseClick(root->chooseFileButton(), Qt::LeftButton);
    QCOMPARE(asked, 1);
    QCOMPARE(QDir::fromNativeSeparators(root->filePathEdit()->text()), caFile);
    QCOMPARE(root->nameEdit()->text(), QFileInfo(caFile).fileName());
    QVERIFY2(root->plan(), qPrintable(root->planView()->lines().join(QLatin1Char('\n'))));
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());

    // The name is checked as it is typed: 51 characters are one too many, before anything is sent.
    const QString good = root->nameEdit()->text();
    root->nameEdit()->selectAll();
    QTest::keyClicks(root->nameEdit(), QString(51, QLatin1Char('n')));
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
    QVERIFY(root->planView()->lines().join(QLatin1Char('\n')).contains(QLatin1String("50")));
    root->nameEdit()->setText(good);
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    if (!warningShot.isEmpty()) {
        // A bundle too large for one write: uploaded in pieces, and the plan says so beforehand.
        QByteArray bundle = TlsCliTest::readFile(caFile);
        const QByteArray one = bundle;
        while (bundle.size() <= 10240)
            bundle += one;
        const QString bundleFile = m_dir.filePath(QStringLiteral("big-bundle.pem"));
        QVERIFY(TlsCliTest::writeFile(bundleFile, bundle));
        root->filePathEdit()->setText(bundleFile);
        const auto &findings = root->planView()->findings();
        const bool warned = std::any_of(findings.cbegin(), findings.cend(), [](const DoctorFinding &finding) {
            return finding.severity == DoctorFinding::Severity::Warning;
        });
        QVERIFY2(warned, qPrintable(root->planView()->lines().join(QLatin1Char('\n'))));
        shot(wizard, warningShot);
        root->filePathEdit()->setText(caFile);
        root->nameEdit()->setText(good);
        QVERIFY(root->plan());
    }
    wizard->next();

    QCOMPARE(wizard->currentId(), int(TlsWizard::ClientPageId));
    QVERIFY(wizard->clientPage()->modeButton(ClientPage::Mode::None)->isChecked());
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    wizard->next();

    QCOMPARE(wizard->currentId(), int(TlsWizard::InstallPageId));
    InstallPage *install = wizard->installPage();
    QVERIFY(install->isRunning()); // starts on entering the page
    QTRY_VERIFY_WITH_TIMEOUT(!install->isRunning(), kFlowTimeoutMs);
    QVERIFY2(install->succeeded(), qPrintable(install->message()->text()));
    QCOMPARE(install->panel()->progressBar()->value(), install->panel()->progressBar()->maximum());
    QTreeWidgetItem *row = install->fileTable()->topLevelItem(0);
    QVERIFY(row);
    QCOMPARE(row->text(0), good);
    QVERIFY2(row->text(3).contains(QLatin1String("read back byte-exact, converted")), qPrintable(row->text(3)));
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
}

// Pages (d) and (e): the connection to the s_server, Check, then the test (which brings the data
// connection up first: the simulated modem starts without one).
void TestTlsWizard::checkAndTest(TlsWizard *wizard)
{
    wizard->next();
    QCOMPARE(wizard->currentId(), int(TlsWizard::ConnectionPageId));
    ConnectionPage *connection = wizard->connectionPage();
    QVERIFY(!connection->insecureTls10Box()->isVisible()); // SIM800 only
    QCOMPARE(connection->versionCombo()->currentData().toInt(), int(TlsVersion::Tls12));
    QCOMPARE(connection->sniEdit()->placeholderText(), QStringLiteral("same as host"));
    QCOMPARE(connection->sendEdit()->text(), QStringLiteral("hello"));
    connection->hostEdit()->setText(QStringLiteral("localhost"));
    connection->portSpin()->setValue(m_server.port());
    QTest::mouseClick(connection->checkButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!connection->isChecking(), kFlowTimeoutMs);
    QVERIFY2(!connection->findingsView()->findings().isEmpty(), qPrintable(connection->panel()->log()->item(0)->text()));
}

void TestTlsWizard::installsCaConnectsAndListsFiles()
{
    MainWindow window(&*m_catalog);
    connectWindow(window);
    if (QTest::currentTestFailed())
        return;
    TlsWizard *wizard = openWizard(window);
    QVERIFY(wizard);
    shot(wizard, QStringLiteral("shot-tlswizard-1-root.png"));
    chooseCaAndInstall(wizard, m_caFile, {});
    if (QTest::currentTestFailed())
        return;
    shot(wizard, QStringLiteral("shot-tlswizard-3-install.png"));
    // The inventory knows what is on the modem now.
    auto inventory = FileInventory::open();
    QVERIFY(inventory);
    auto records = (*inventory)->list(kSimImei);
    QVERIFY(records);
    QCOMPARE(records->size(), 1);
    QCOMPARE(records->first().name, QStringLiteral("ca.crt"));
    QVERIFY(records->first().converted);
    QCOMPARE(records->first().kind, ModemFileKind::Ca);

    checkAndTest(wizard);
    if (QTest::currentTestFailed())
        return;
    const QStringList preflight = wizard->connectionPage()->findingsView()->lines();
    QVERIFY2(!hasProblem(wizard->connectionPage()->findingsView()->findings()), qPrintable(preflight.join(QLatin1Char('\n'))));
    shot(wizard, QStringLiteral("shot-tlswizard-4-connection.png"));

    wizard->next();
    QCOMPARE(wizard->currentId(), int(TlsWizard::TestPageId));
    TestPage *test = wizard->testPage();
    QVERIFY(test->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(!test->isRunning(), kFlowTimeoutMs);
    const QString log = [test] {
        QStringList lines;
        for (int i = 0; i < test->panel()->log()->count(); ++i)
            lines << test->panel()->log()->item(i)->text();
        return lines.join(QLatin1Char('\n'));
    }();
    QVERIFY2(test->succeeded(), qPrintable(test->resultLabel()->text() + QLatin1Char('\n') + log));
    QVERIFY(test->dataConnectedFirst());
    QVERIFY2(test->resultLabel()->text().contains(QStringLiteral("Connected — TLS 1.2 — sent 6 B, received 6 B")),
             qPrintable(test->resultLabel()->text()));
    QCOMPARE(test->receivedText()->toPlainText(), QStringLiteral("olleh\n"));
    QVERIFY(test->chainTree()->topLevelItemCount() >= 1);
    QVERIFY(test->chainTree()->topLevelItem(0)->text(0).contains(QLatin1String("CN=localhost")));
    QVERIFY(test->findingsView()->findings().isEmpty());
    shot(wizard, QStringLiteral("shot-tlswizard-5-test-success.png"));

    // Remembered for next time; the TLS settings are in the inventory, re-sent before each open.
    QSettings settings;
    QCOMPARE(settings.value(TlsWizardSettings::kHost).toString(), QStringLiteral("localhost"));
    QCOMPARE(settings.value(TlsWizardSettings::kPort).toInt(), int(m_server.port()));
    QCOMPARE(settings.value(TlsWizardSettings::kSendText).toString(), QStringLiteral("hello"));
    QCOMPARE(settings.value(TlsWizardSettings::kVersion).toString(), QStringLiteral("TLS 1.2"));
    auto saved = (*inventory)->tlsSettings(kSimImei);
    QVERIFY(saved && *saved);
    QCOMPARE((*saved)->caName, QStringLiteral("ca.crt"));
    wizard->accept();

    // The same modem (modemsim keeps its files only while it runs): the inventory, then a delete.
    listAndDeleteFiles(window);
}

void TestTlsWizard::unrelatedCaFailsWithResult27AndDoctor()
{
    MainWindow window(&*m_catalog);
    connectWindow(window);
    if (QTest::currentTestFailed())
        return;
    TlsWizard *wizard = openWizard(window);
    QVERIFY(wizard);
    chooseCaAndInstall(wizard, m_otherCaFile, QStringLiteral("shot-tlswizard-2-root-warning.png"));
    if (QTest::currentTestFailed())
        return;
    checkAndTest(wizard);
    if (QTest::currentTestFailed())
        return;
    wizard->next();
    TestPage *test = wizard->testPage();
    QTRY_VERIFY_WITH_TIMEOUT(!test->isRunning(), kFlowTimeoutMs);
    QVERIFY(!test->succeeded());
    QCOMPARE(test->context()->openResult, 27);
    QVERIFY2(test->resultLabel()->text().contains(QLatin1String("result 27")), qPrintable(test->resultLabel()->text()));
    const QList<DoctorFinding> findings = test->findingsView()->findings();
    QVERIFY(!findings.isEmpty());
    QVERIFY2(hasProblem(findings), qPrintable(test->findingsView()->lines().join(QLatin1Char('\n'))));
    // The server's chain as the PC saw it: issued by our CA, not by the one on the modem.
    QVERIFY(test->chainTree()->topLevelItemCount() >= 1);
    QVERIFY(test->chainTree()->topLevelItem(0)->text(1).contains(QLatin1String("ModemBench Test Root")));
    shot(wizard, QStringLiteral("shot-tlswizard-6-test-failure.png"));
    wizard->reject();
}

void TestTlsWizard::listAndDeleteFiles(MainWindow &window)
{
    QVERIFY(window.modemFilesAction()->isEnabled());
    window.modemFilesAction()->trigger();
    ModemFilesDialog *dialog = window.modemFilesDialog();
    QVERIFY(dialog);
    QSignalSpy refreshed(dialog, &ModemFilesDialog::refreshed);
    QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), kFlowTimeoutMs);
    QCOMPARE(dialog->imei(), kSimImei);
    QTableWidget *table = dialog->table();
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, ModemFilesDialog::NameColumn)->text(), QStringLiteral("ca.crt"));
    QCOMPARE(table->item(0, ModemFilesDialog::ConvertedColumn)->text(), QStringLiteral("yes"));
    const QString hash = table->item(0, ModemFilesDialog::Sha256Column)->toolTip();
    QCOMPARE(hash.size(), 64);
    QVERIFY(table->item(0, ModemFilesDialog::Sha256Column)->text().size() < 20);
    QVERIFY(!dialog->deleteButton()->isEnabled());
    shot(dialog, QStringLiteral("shot-modemfiles.png"));

    table->selectAll();
    QVERIFY(dialog->deleteButton()->isEnabled());
    int asked = 0;
    dialog->setConfirm([&asked](const QString &question) {
        ++asked;
        return question.contains(QLatin1String("ca.crt"));
    });
    refreshed.clear();
    QTest::mouseClick(dialog->deleteButton(), Qt::LeftButton);
    QCOMPARE(asked, 1);
    QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty() && !dialog->isBusy(), kFlowTimeoutMs);
    QCOMPARE(table->rowCount(), 0);
    QVERIFY(dialog->emptyLabel()->isVisible());
    QVERIFY(dialog->emptyLabel()->text().contains(QLatin1String("no command that lists")));
    shot(dialog, QStringLiteral("shot-modemfiles-empty.png"));
}

// "Our CA" as the root of trust, and a device certificate issued now for the modem's IMEI; the
// server demands a client certificate from that CA (s_server -Verify), so success proves the
// modem presented it.
void TestTlsWizard::ourCaAndAnIssuedDeviceCertificateForMutualTls()
{
    TlsCliTest::TlsServer mutual;
    QVERIFY2(mutual.start(m_serverCertificate, m_serverKey,
                          {QStringLiteral("-Verify"), QStringLiteral("1"), QStringLiteral("-CAfile"), m_caFile}),
             mutual.output().constData());
    MainWindow window(&*m_catalog);
    connectWindow(window);
    if (QTest::currentTestFailed())
        return;
    TlsWizard *wizard = openWizard(window);
    QVERIFY(wizard);
    RootPage *root = wizard->rootPage();
    wizard->setDirectoryChooser([this](QWidget *, const DirectoryRequest &, std::function<void(const QString &)> accepted) {
        accepted(m_caDir);
    });
    QTest::mouseClick(root->chooseFolderButton(), Qt::LeftButton);
    QVERIFY(root->ourCaButton()->isChecked());
    QCOMPARE(QDir::fromNativeSeparators(root->caFolderEdit()->text()), m_caDir);
    QCOMPARE(root->nameEdit()->text(), QStringLiteral("modembench-ca.crt"));
    QVERIFY2(root->plan(), qPrintable(root->planView()->lines().join(QLatin1Char('\n'))));
    wizard->next();

    ClientPage *client = wizard->clientPage();
    client->modeButton(ClientPage::Mode::Issue)->click();
    QVERIFY(client->modeButton(ClientPage::Mode::Issue)->isChecked());
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled()); // nothing issued yet
    int asked = 0;
    wizard->setPassphrasePrompt([&asked](QWidget *, const PassphraseRequest &request, std::function<void(PassphraseAnswer)> accepted) {
        ++asked;
        QVERIFY(request.purpose.contains(kSimImei));
        accepted(PassphraseAnswer{Pki::SecretBytes(kPassphrase), false});
    });
    QTest::mouseClick(client->issueButton(), Qt::LeftButton);
    QCOMPARE(asked, 1);
    QTRY_VERIFY_WITH_TIMEOUT(!client->isIssuing(), kFlowTimeoutMs);
    QVERIFY2(client->plan(), qPrintable(client->message()->text() + client->planView()->lines().join(QLatin1Char('\n'))));
    QCOMPARE(client->certificateNameEdit()->text(), QStringLiteral("dev-%1.crt").arg(kSimImei));
    QVERIFY(!client->message()->text().contains(QLatin1String("PRIVATE KEY"))); // never shown
    shot(wizard, QStringLiteral("shot-tlswizard-2b-client-issued.png"));
    wizard->next();

    InstallPage *install = wizard->installPage();
    QTRY_VERIFY_WITH_TIMEOUT(!install->isRunning(), kFlowTimeoutMs);
    QVERIFY2(install->succeeded(), qPrintable(install->message()->text()));
    QCOMPARE(install->fileTable()->topLevelItemCount(), 3);
    QVERIFY(install->fileTable()->topLevelItem(2)->text(3).contains(QLatin1String("never read back")));
    wizard->next();

    ConnectionPage *connection = wizard->connectionPage();
    connection->hostEdit()->setText(QStringLiteral("localhost"));
    connection->portSpin()->setValue(mutual.port());
    wizard->next();
    TestPage *test = wizard->testPage();
    QTRY_VERIFY_WITH_TIMEOUT(!test->isRunning(), kFlowTimeoutMs);
    QVERIFY2(test->succeeded(), qPrintable(test->resultLabel()->text() + QLatin1Char('\n') + mutual.output()));
    QCOMPARE(test->receivedText()->toPlainText(), QStringLiteral("olleh\n"));
    wizard->accept();
}

void TestTlsWizard::actionsFollowTheConnection()
{
    MainWindow window(&*m_catalog);
    window.show();
    QVERIFY(!window.tlsWizardAction()->isEnabled());
    QVERIFY(!window.modemFilesAction()->isEnabled());
    connectWindow(window);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(window.tlsWizardAction()->isEnabled());
    QVERIFY(window.modemFilesAction()->isEnabled());
    window.disconnectModem();
    QTRY_VERIFY(!window.tlsWizardAction()->isEnabled());
    QVERIFY(!window.modemFilesAction()->isEnabled());
}

void TestTlsWizard::installCanBeCancelledAndRunAgain()
{
    MainWindow window(&*m_catalog);
    connectWindow(window);
    if (QTest::currentTestFailed())
        return;
    TlsWizard *wizard = openWizard(window);
    QVERIFY(wizard);
    wizard->setOpenFileChooser(choosing(m_caFile));
    QTest::mouseClick(wizard->rootPage()->chooseFileButton(), Qt::LeftButton);
    wizard->next();
    wizard->next();
    InstallPage *install = wizard->installPage();
    QVERIFY(install->isRunning());
    QVERIFY(install->panel()->cancelButton()->isEnabled());
    QTest::mouseClick(install->panel()->cancelButton(), Qt::LeftButton);
    // Cancelled, then AT+CFSTERM releases the modem's file buffer.
    QTRY_VERIFY_WITH_TIMEOUT(!install->isRunning(), kFlowTimeoutMs);
    QVERIFY(!install->succeeded());
    QVERIFY2(install->message()->text().contains(QLatin1String("Cancelled")), qPrintable(install->message()->text()));
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
    QTest::mouseClick(install->installButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!install->isRunning(), kFlowTimeoutMs);
    QVERIFY2(install->succeeded(), qPrintable(install->message()->text()));
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    wizard->reject();
}

// The SIM800 consent is offered only where it means something; the combo says which versions are insecure.
void TestTlsWizard::insecureTls10OnlyForSim800()
{
    TlsWizard wizard(nullptr);
    ConnectionPage *page = wizard.connectionPage();
    auto sim800 = std::make_shared<TlsContext>();
    auto profile = makeProfile(ModelFamily::Sim800, QStringLiteral("SIMCOM_SIM800L"), QStringLiteral("R14.18"),
                               QStringLiteral("1418B05SIM800L24"), true);
    QVERIFY(profile);
    sim800->probe->profile = *profile;
    wizard.setModem(sim800);
    page->initializePage();
    QVERIFY(page->insecureTls10Box()->isVisibleTo(page));
    QVERIFY(!page->insecureTls10Box()->isChecked());
    TlsSettings settings;
    page->applyTo(settings);
    QVERIFY(!settings.acceptInsecureTls10);
    page->insecureTls10Box()->setChecked(true);
    page->applyTo(settings);
    QVERIFY(settings.acceptInsecureTls10);

    auto sim7000 = std::make_shared<TlsContext>();
    auto other = makeProfile(ModelFamily::Sim7000, QStringLiteral("SIMCOM_SIM7000G"), QStringLiteral("R1529"), {});
    QVERIFY(other);
    sim7000->probe->profile = *other;
    wizard.setModem(sim7000); // modemRead: the page follows
    QVERIFY(!page->insecureTls10Box()->isVisibleTo(page));
    page->applyTo(settings);
    QVERIFY(!settings.acceptInsecureTls10);
    QComboBox *version = page->versionCombo();
    for (TlsVersion insecure : {TlsVersion::Tls10, TlsVersion::Tls11})
        QVERIFY(version->itemText(version->findData(int(insecure))).contains(QLatin1String("insecure")));
    QVERIFY(!version->itemText(version->findData(int(TlsVersion::Tls12))).contains(QLatin1String("insecure")));
}

// Every input takes Tab focus and is in the focus chain; every label with a mnemonic has a buddy.
void TestTlsWizard::keyboardReachesEveryField()
{
    TlsWizard wizard(nullptr);
    for (int id : wizard.pageIds()) {
        QWizardPage *page = wizard.page(id);
        QSet<QWidget *> chain;
        QWidget *widget = page;
        for (int i = 0; i < 500 && widget; ++i, widget = widget->nextInFocusChain())
            chain.insert(widget);
        const QList<QWidget *> inputs = page->findChildren<QWidget *>();
        for (QWidget *input : inputs) {
            const bool field = qobject_cast<QLineEdit *>(input) || qobject_cast<QAbstractButton *>(input)
                || qobject_cast<QComboBox *>(input) || qobject_cast<QAbstractSpinBox *>(input);
            if (!field || qobject_cast<QLineEdit *>(input->parentWidget()) || qobject_cast<QAbstractSpinBox *>(input->parentWidget())
                || qobject_cast<QComboBox *>(input->parentWidget()))
                continue; // a spin box's or combo's own editor
            QVERIFY2(input->focusPolicy() & Qt::TabFocus, qPrintable(input->objectName()));
            QVERIFY2(chain.contains(input), qPrintable(input->objectName()));
        }
        for (QLabel *label : page->findChildren<QLabel *>()) {
            const QString text = label->text();
            if (text.contains(QLatin1Char('&')) && !text.contains(QLatin1String("&amp;")) && !text.contains(QLatin1String("&gt;")))
                QVERIFY2(label->buddy(), qPrintable(text));
        }
    }
}

QTEST_MAIN(TestTlsWizard)
#include "tst_tlswizard.moc"
