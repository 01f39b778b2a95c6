// UI test, offscreen: the certificate wizard and the CA browser (issue #5) driven like a new user
// would: create a CA, issue a server certificate for localhost and a device certificate for the
// IMEI of a simulated SIM7000G, check both with the real openssl program, then revoke the device
// certificate in the browser and check openssl refuses it against the exported CRL. No sleeps:
// every wait is QTRY_* on a condition. With MODEMBENCH_SCREENSHOT_DIR set (scripts/screenshots.sh)
// each wizard page and the browser are also saved as PNG.

#include "core/catalog/commandcatalog.h"
#include "core/pki/certificateauthority.h"
#include "ui/cabrowser.h"
#include "ui/certificatewizard.h"
#include "ui/certwizardpages.h"
#include "ui/connectionbar.h"
#include "ui/dashboardwidget.h"
#include "ui/keyringstore.h"
#include "ui/mainwindow.h"
#include "ui/messagebanner.h"
#include "ui/passphrasedialog.h"
#include "ui/pkitask.h"

#include "../../common/cliprocess.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

#include <optional>

using namespace ModemBench;
using namespace ModemBench::Ui;

namespace {
constexpr int kConnectTimeoutMs = 30000;
constexpr int kPkiTimeoutMs = 120000; // an RSA key and the CA key's KDF on a loaded CI machine
const QByteArray kPassphrase = "correct horse battery staple";
const QString kSimImei = QStringLiteral("869951031234564");

PassphrasePrompt answering(const QByteArray &passphrase, int *asked = nullptr)
{
    return [passphrase, asked](QWidget *, const PassphraseRequest &, std::function<void(PassphraseAnswer)> accepted) {
        if (asked)
            ++*asked;
        accepted(PassphraseAnswer{Pki::SecretBytes(passphrase), false});
    };
}

DirectoryChooser choosing(const QString &path)
{
    return [path](QWidget *, const DirectoryRequest &, std::function<void(const QString &)> accepted) { accepted(path); };
}

using Openssl = CliTest::OpensslRun;
using CliTest::openssl;

QString serverSerial(const QString &caDir)
{
    const auto rows = Pki::CertificateAuthority::list(caDir, QStringLiteral("localhost"));
    return rows && !rows->isEmpty() ? rows->first().serialHex : QString();
}

} // namespace

class TestCertificates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void wizardIssuesCertificatesThatOpensslAccepts();
    void browserRevokesAndTheCrlSaysSo();
    void cancelDuringKeyGenerationLeavesNoFiles();
    void wrongPassphraseIsReported();
    void environmentPassphraseIsUsedAndSaid();
    void passphraseDialogRules();
    void keyringWithoutDbusSaysWhatToDo();

private:
    void connectWindow(MainWindow &window, const QString &port);
    void createCa(CertificateWizard *wizard, const QString &folder);
    void shot(QWidget *widget, const QString &name);

    QTemporaryDir m_dir;
    std::optional<CommandCatalog> m_catalog;
    QString m_shotDir;
    bool m_haveOpenssl = false;
    // Made by the wizard test, used by the browser test.
    QString m_caDir;
    QString m_deviceCertificate;
    QString m_deviceSerial;
    QString m_serverCertificate;
};

void TestCertificates::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("ModemBenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_certificates"));
    qunsetenv("MODEMBENCH_CA_PASSPHRASE");
    auto catalog = CommandCatalog::loadDefault();
    QVERIFY2(catalog, qPrintable(catalog ? QString() : catalog.error().message));
    m_catalog = std::move(*catalog);
    m_shotDir = qEnvironmentVariable("MODEMBENCH_SCREENSHOT_DIR");
    m_haveOpenssl = !QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty();
}

void TestCertificates::cleanup()
{
    QSettings().clear();
    qunsetenv("MODEMBENCH_CA_PASSPHRASE");
    // A cancelled key generation finishes in the background; no test leaves one behind.
    QTRY_COMPARE_WITH_TIMEOUT(PkiTask::activeWorkers(), 0, kPkiTimeoutMs);
}

void TestCertificates::connectWindow(MainWindow &window, const QString &port)
{
    window.resize(1280, 800);
    window.show();
    window.connectionBar()->selectPort(port);
    QSignalSpy refreshed(window.dashboard(), &DashboardWidget::refreshed);
    QSignalSpy failed(window.session(), &ModemSession::openFailed);
    window.connectModem();
    QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty() || !failed.isEmpty(), kConnectTimeoutMs);
    QVERIFY2(failed.isEmpty(), qPrintable(window.banner()->text()));
}

void TestCertificates::shot(QWidget *widget, const QString &name)
{
    if (m_shotDir.isEmpty())
        return;
    QDir().mkpath(m_shotDir);
    QVERIFY(widget->grab().save(QDir(m_shotDir).filePath(name), "PNG"));
}

// Drives the first page: Create, the folder through the chooser seam, the passphrase prompt.
void TestCertificates::createCa(CertificateWizard *wizard, const QString &folder)
{
    CaPage *page = wizard->caPage();
    QCOMPARE(wizard->currentId(), int(CertificateWizard::CaPageId));
    QTest::mouseClick(page->createButton(), Qt::LeftButton);
    wizard->setDirectoryChooser(choosing(folder));
    QTest::mouseClick(page->browseButton(), Qt::LeftButton);
    QCOMPARE(QDir::fromNativeSeparators(page->folderEdit()->text()), folder);
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
    int asked = 0;
    wizard->setPassphrasePrompt(answering(kPassphrase, &asked));
    QTest::mouseClick(page->actionButton(), Qt::LeftButton);
    QCOMPARE(asked, 1);
    QTRY_VERIFY_WITH_TIMEOUT(!page->isBusy(), kPkiTimeoutMs);
    QVERIFY2(page->succeeded(), qPrintable(page->message()->text()));
    QVERIFY(wizard->authority());
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
}

void TestCertificates::wizardIssuesCertificatesThatOpensslAccepts()
{
    MainWindow window(&*m_catalog);
    connectWindow(window, QStringLiteral("sim:sim7000g"));
    if (QTest::currentTestFailed())
        return;
    QVERIFY(window.certificateWizardAction()->isEnabled());
    window.certificateWizardAction()->trigger();
    CertificateWizard *wizard = window.certificateWizard();
    QVERIFY(wizard);
    QTRY_VERIFY(wizard->isVisible());
    QVERIFY(!wizard->isModal());

    // Page 1: sensible defaults, then a new CA.
    CaPage *caPage = wizard->caPage();
    QVERIFY(caPage->createButton()->isChecked());
    QCOMPARE(caPage->keyCombo()->currentData().toString(), QStringLiteral("rsa2048"));
    QVERIFY(caPage->keyCombo()->itemText(caPage->keyCombo()->findData(QStringLiteral("p256"))).contains(QLatin1String("verify on your firmware")));
    QCOMPARE(caPage->yearsSpin()->value(), 30);
    QCOMPARE(caPage->yearsSpin()->maximum(), 50);
    QCOMPARE(caPage->commonNameEdit()->text(), QStringLiteral("ModemBench Root CA"));
    caPage->organizationEdit()->setText(QStringLiteral("ModemBench Test"));
    caPage->countryEdit()->setText(QStringLiteral("DE"));
    QCOMPARE(caPage->subject(), QStringLiteral("/C=DE/O=ModemBench Test/CN=ModemBench Root CA"));
    const QString caDir = m_dir.filePath(QStringLiteral("ca"));
    createCa(wizard, caDir);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(caPage->message()->text().contains(QLatin1String("SHA-256")));
    QCOMPARE(QSettings().value(QStringLiteral("pki/lastCaFolder")).toString(), caDir);
    for (const QString &key : QSettings().allKeys())
        QVERIFY2(!QSettings().value(key).toString().contains(QString::fromUtf8(kPassphrase)), qPrintable(key));
    shot(wizard, QStringLiteral("shot-certwizard-1-ca.png"));
    wizard->next();

    // Page 2: a server certificate for localhost.
    QCOMPARE(wizard->currentId(), int(CertificateWizard::ServerPageId));
    ServerPage *server = wizard->serverPage();
    QCOMPARE(server->dnsNamesEdit()->text(), QStringLiteral("localhost"));
    QCOMPARE(server->keyCombo()->currentData().toString(), QStringLiteral("rsa2048"));
    QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
    const QString outDir = m_dir.filePath(QStringLiteral("out"));
    server->outputFolderEdit()->setText(outDir);
    server->ipAddressesEdit()->setText(QStringLiteral("127.0.0.1"));
    QTest::mouseClick(server->actionButton(), Qt::LeftButton);
    QVERIFY(server->isBusy());
    QVERIFY(server->cancelButton()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!server->isBusy(), kPkiTimeoutMs);
    QVERIFY2(server->succeeded(), qPrintable(server->message()->text()));
    m_serverCertificate = QDir(outDir).filePath(QStringLiteral("server.crt"));
    QVERIFY(QFile::exists(m_serverCertificate));
    const QString serverKey = QDir(outDir).filePath(QStringLiteral("server.key"));
    QCOMPARE(QFile::permissions(serverKey) & (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
             QFile::Permissions());
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    shot(wizard, QStringLiteral("shot-certwizard-2-server.png"));
    wizard->next();

    // Page 3: the IMEI comes from the connected modem; one click issues for it.
    QCOMPARE(wizard->currentId(), int(CertificateWizard::DevicePageId));
    DevicePage *device = wizard->devicePage();
    QCOMPARE(QDir::fromNativeSeparators(device->outputFolderEdit()->text()), outDir);
    QTRY_COMPARE_WITH_TIMEOUT(device->modemImei(), kSimImei, kConnectTimeoutMs);
    QCOMPARE(device->imeiEdit()->text(), kSimImei);
    QVERIFY(device->modemLabel()->text().contains(kSimImei));
    QVERIFY(device->issueForModemButton()->isEnabled());
    QTest::mouseClick(device->issueForModemButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!device->isBusy(), kPkiTimeoutMs);
    QVERIFY2(device->succeeded(), qPrintable(device->message()->text()));
    m_deviceCertificate = QDir(outDir).filePath(QStringLiteral("dev-%1.crt").arg(kSimImei));
    QVERIFY(QFile::exists(m_deviceCertificate));
    QVERIFY(QFile::exists(QDir(outDir).filePath(QStringLiteral("dev-%1.key").arg(kSimImei))));
    shot(wizard, QStringLiteral("shot-certwizard-3-device.png"));
    wizard->next();

    // Page 4: what was written, fingerprints and the openssl command lines.
    QCOMPARE(wizard->currentId(), int(CertificateWizard::SummaryPageId));
    QCOMPARE(wizard->written().size(), 2);
    const WrittenCertificate &deviceRecord = wizard->written().at(1);
    QCOMPARE(deviceRecord.record.imei, kSimImei);
    QCOMPARE(deviceRecord.record.subject, QStringLiteral("/CN=dev-%1").arg(kSimImei));
    m_deviceSerial = deviceRecord.record.serialHex;
    const QString summary = wizard->summaryPage()->text()->toPlainText();
    const QString caCertificate = QDir(caDir).filePath(QStringLiteral("ca.crt"));
    QVERIFY2(summary.contains(SummaryPage::verifyCommand(caCertificate, m_deviceCertificate, Pki::CertKind::Device)),
             qPrintable(summary));
    QVERIFY(summary.contains(deviceRecord.record.sha256Fingerprint));
    shot(wizard, QStringLiteral("shot-certwizard-4-summary.png"));
    m_caDir = caDir;

    // What the summary tells the user to run, run for real.
    if (!m_haveOpenssl)
        QSKIP("the openssl program is not installed");
    const Openssl serverCheck = openssl({QStringLiteral("verify"), QStringLiteral("-x509_strict"), QStringLiteral("-purpose"),
                                         QStringLiteral("sslserver"), QStringLiteral("-CAfile"), caCertificate, m_serverCertificate});
    QVERIFY2(serverCheck.exitCode == 0 && serverCheck.output.contains(QLatin1String(": OK")), qPrintable(serverCheck.output));
    const Openssl deviceCheck = openssl({QStringLiteral("verify"), QStringLiteral("-x509_strict"), QStringLiteral("-purpose"),
                                         QStringLiteral("sslclient"), QStringLiteral("-CAfile"), caCertificate, m_deviceCertificate});
    QVERIFY2(deviceCheck.exitCode == 0 && deviceCheck.output.contains(QLatin1String(": OK")), qPrintable(deviceCheck.output));
    const Openssl names = openssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-ext"),
                                   QStringLiteral("subjectAltName"), QStringLiteral("-in"), m_serverCertificate});
    QVERIFY2(names.output.contains(QLatin1String("DNS:localhost")) && names.output.contains(QLatin1String("127.0.0.1")),
             qPrintable(names.output));
    wizard->button(QWizard::FinishButton)->click();
    QTRY_VERIFY(window.certificateWizard() == nullptr);
}

void TestCertificates::browserRevokesAndTheCrlSaysSo()
{
    if (m_caDir.isEmpty())
        QSKIP("needs the CA made by wizardIssuesCertificatesThatOpensslAccepts");
    // One more certificate, about to expire, for the expiry warning.
    {
        auto authority = Pki::CertificateAuthority::open(m_caDir, Pki::SecretBytes(kPassphrase));
        QVERIFY2(authority, qPrintable(authority ? QString() : authority.error().message));
        Pki::ServerRequest request;
        request.dnsNames = {QStringLiteral("old.example.com")};
        request.days = 10;
        const auto issued = authority->issueServer(request);
        QVERIFY2(issued, qPrintable(issued ? QString() : issued.error().message));
    }
    MainWindow window(&*m_catalog);
    window.resize(1280, 800);
    window.show();
    window.caBrowserAction()->trigger();
    CaBrowser *browser = window.caBrowser();
    QVERIFY(browser);
    browser->openDirectory(m_caDir); // no passphrase needed to list and inspect
    QTRY_VERIFY(browser->isVisible());
    // The registry lists the CA's own certificate too.
    QCOMPARE(browser->table()->rowCount(), 4);
    QVERIFY(browser->banner()->isVisible());
    QCOMPARE(browser->banner()->level(), MessageBanner::Level::Warning);
    QVERIFY2(browser->banner()->text().contains(QLatin1String("old.example.com")), qPrintable(browser->banner()->text()));
    QVERIFY(browser->caLabel()->text().contains(QLatin1String("ModemBench Root CA")));
    QVERIFY(browser->selectSerial(m_deviceSerial));
    QCOMPARE(browser->selectedCertificate()->imei, kSimImei);
    QVERIFY(browser->details()->toPlainText().contains(QLatin1String("-----BEGIN CERTIFICATE-----")));
    QVERIFY(browser->details()->toPlainText().contains(browser->selectedCertificate()->sha256Fingerprint));
    browser->searchEdit()->setText(kSimImei);
    QTRY_COMPARE(browser->table()->rowCount(), 1);
    browser->searchEdit()->clear();
    QTRY_COMPARE(browser->table()->rowCount(), 4);

    // Export a PEM bundle: the certificate, then the CA certificate.
    QVERIFY(browser->selectSerial(m_deviceSerial));
    const QString bundle = m_dir.filePath(QStringLiteral("bundle.pem"));
    browser->setSaveFileChooser([bundle](QWidget *, const SaveFileRequest &, std::function<void(const QString &)> accepted) {
        accepted(bundle);
    });
    QSignalSpy finished(browser, &CaBrowser::operationFinished);
    QTest::mouseClick(browser->exportBundleButton(), Qt::LeftButton);
    QTRY_COMPARE(finished.size(), 1);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QFile bundleFile(bundle);
    QVERIFY(bundleFile.open(QIODevice::ReadOnly));
    QCOMPARE(bundleFile.readAll().count("-----BEGIN CERTIFICATE-----"), 2);

    // Revoke the device certificate: reason, confirmation, passphrase.
    int asked = 0;
    browser->setPassphrasePrompt(answering(kPassphrase, &asked));
    QVERIFY(browser->revokeButton()->isEnabled());
    QTest::mouseClick(browser->revokeButton(), Qt::LeftButton);
    RevokeDialog *dialog = browser->revokeDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    dialog->reasonCombo()->setCurrentIndex(dialog->reasonCombo()->findData(int(Pki::RevocationReason::KeyCompromise)));
    shot(dialog, QStringLiteral("shot-cabrowser-revoke.png"));
    dialog->accept();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, kPkiTimeoutMs);
    QVERIFY2(finished.at(1).at(0).toBool(), qPrintable(finished.at(1).at(1).toString()));
    QCOMPARE(asked, 1);
    QCOMPARE(browser->selectedCertificate()->status, Pki::CertStatus::Revoked);
    QVERIFY(browser->table()->item(browser->table()->currentRow(), CaBrowser::StatusColumn)->text().startsWith(QLatin1String("Revoked")));
    QVERIFY(!browser->revokeButton()->isEnabled());

    // Export the CRL: the CA is still open, so no second passphrase.
    const QString crl = m_dir.filePath(QStringLiteral("exported-crl.pem"));
    browser->setSaveFileChooser([crl](QWidget *, const SaveFileRequest &, std::function<void(const QString &)> accepted) {
        accepted(crl);
    });
    QTest::mouseClick(browser->exportCrlButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, kPkiTimeoutMs);
    QVERIFY2(finished.at(2).at(0).toBool(), qPrintable(finished.at(2).at(1).toString()));
    QCOMPARE(asked, 1);
    QVERIFY(QFile::exists(crl));
    // The revoked row's colour shows when another row is selected.
    QVERIFY(browser->selectSerial(QFileInfo(m_serverCertificate).exists() ? serverSerial(m_caDir) : QString()));
    browser->resize(1100, 720);
    shot(browser, QStringLiteral("shot-cabrowser.png"));

    if (!m_haveOpenssl)
        QSKIP("the openssl program is not installed");
    const QString caCertificate = QDir(m_caDir).filePath(QStringLiteral("ca.crt"));
    const Openssl revoked = openssl({QStringLiteral("verify"), QStringLiteral("-crl_check"), QStringLiteral("-CAfile"),
                                     caCertificate, QStringLiteral("-CRLfile"), crl, m_deviceCertificate});
    QVERIFY2(revoked.exitCode != 0 && revoked.output.contains(QLatin1String("revoked")), qPrintable(revoked.output));
    const Openssl stillGood = openssl({QStringLiteral("verify"), QStringLiteral("-crl_check"), QStringLiteral("-CAfile"),
                                       caCertificate, QStringLiteral("-CRLfile"), crl, m_serverCertificate});
    QVERIFY2(stillGood.exitCode == 0, qPrintable(stillGood.output));
}

void TestCertificates::cancelDuringKeyGenerationLeavesNoFiles()
{
    CertificateWizard wizard(nullptr);
    wizard.show();
    const QString caDir = m_dir.filePath(QStringLiteral("ca-cancel"));
    createCa(&wizard, caDir);
    if (QTest::currentTestFailed())
        return;
    wizard.next();
    ServerPage *server = wizard.serverPage();
    const QString outDir = m_dir.filePath(QStringLiteral("out-cancel"));
    server->outputFolderEdit()->setText(outDir);
    server->keyCombo()->setCurrentIndex(server->keyCombo()->findData(QStringLiteral("rsa4096")));
    QSignalSpy finished(server, &PkiPage::operationFinished);
    QTest::mouseClick(server->actionButton(), Qt::LeftButton);
    QVERIFY(server->isBusy());
    QVERIFY(server->task()->isRunning());
    QTest::mouseClick(server->cancelButton(), Qt::LeftButton);
    QCOMPARE(finished.size(), 1);
    QVERIFY(!server->isBusy());
    QVERIFY(!server->succeeded());
    QVERIFY(server->message()->text().contains(QLatin1String("Cancelled")));
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    // The worker finishes on its own; its key is dropped, nothing is issued or written.
    QTRY_COMPARE_WITH_TIMEOUT(PkiTask::activeWorkers(), 0, kPkiTimeoutMs);
    QCoreApplication::processEvents();
    QCOMPARE(finished.size(), 1);
    QVERIFY(QDir(outDir).entryList(QDir::Files).isEmpty());
    const auto issued = Pki::CertificateAuthority::list(caDir);
    QVERIFY2(issued, qPrintable(issued ? QString() : issued.error().message));
    QVERIFY(std::all_of(issued->cbegin(), issued->cend(),
                        [](const Pki::IssuedCertificate &c) { return c.kind == Pki::CertKind::Ca; }));
    QVERIFY(wizard.written().isEmpty());

    // Pressing it again works.
    server->keyCombo()->setCurrentIndex(server->keyCombo()->findData(QStringLiteral("rsa2048")));
    QTest::mouseClick(server->actionButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!server->isBusy(), kPkiTimeoutMs);
    QVERIFY2(server->succeeded(), qPrintable(server->message()->text()));
    QCOMPARE(QDir(outDir).entryList(QDir::Files).size(), 2);
    // A second run never overwrites what the first wrote.
    QTest::mouseClick(server->actionButton(), Qt::LeftButton);
    QVERIFY(!server->succeeded());
    QVERIFY(server->message()->text().contains(QLatin1String("never overwritten")));
}

void TestCertificates::wrongPassphraseIsReported()
{
    const QString caDir = m_dir.filePath(QStringLiteral("ca-wrong"));
    {
        CertificateWizard wizard(nullptr);
        wizard.show();
        createCa(&wizard, caDir);
        if (QTest::currentTestFailed())
            return;
    }
    CertificateWizard wizard(nullptr);
    wizard.show();
    CaPage *page = wizard.caPage();
    // The folder used last is offered, in Open mode, since it holds a CA.
    QCOMPARE(QDir::fromNativeSeparators(page->folderEdit()->text()), caDir);
    QVERIFY(page->openButton()->isChecked());
    wizard.setPassphrasePrompt(answering("not the passphrase"));
    QTest::mouseClick(page->actionButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!page->isBusy(), kPkiTimeoutMs);
    QVERIFY(!page->succeeded());
    QVERIFY2(page->message()->text().contains(QLatin1String("wrong passphrase")), qPrintable(page->message()->text()));
    QVERIFY2(page->message()->text().contains(QLatin1String("try")) || page->message()->text().contains(QLatin1String("again")),
             qPrintable(page->message()->text()));
    QVERIFY(!wizard.authority());
    QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
    shot(&wizard, QStringLiteral("shot-certwizard-1-wrong-passphrase.png"));
    // The right one opens it.
    wizard.setPassphrasePrompt(answering(kPassphrase));
    QTest::mouseClick(page->actionButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!page->isBusy(), kPkiTimeoutMs);
    QVERIFY2(page->succeeded(), qPrintable(page->message()->text()));
}

void TestCertificates::environmentPassphraseIsUsedAndSaid()
{
    qputenv("MODEMBENCH_CA_PASSPHRASE", kPassphrase);
    CertificateWizard wizard(nullptr);
    wizard.show();
    CaPage *page = wizard.caPage();
    QCOMPARE(page->passphraseOriginCombo()->currentText(), QStringLiteral("Environment: MODEMBENCH_CA_PASSPHRASE"));
    int asked = 0;
    wizard.setPassphrasePrompt(answering("unused", &asked));
    wizard.setDirectoryChooser(choosing(m_dir.filePath(QStringLiteral("ca-env"))));
    QTest::mouseClick(page->browseButton(), Qt::LeftButton);
    QVERIFY(page->findChildren<QLabel *>().size() > 0);
    bool said = false;
    for (const QLabel *label : page->findChildren<QLabel *>())
        said |= label->text().contains(QLatin1String("MODEMBENCH_CA_PASSPHRASE is set"));
    QVERIFY(said);
    QTest::mouseClick(page->actionButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!page->isBusy() && !page->message()->text().contains(QLatin1String("Waiting")), kPkiTimeoutMs);
    QVERIFY2(page->succeeded(), qPrintable(page->message()->text()));
    QCOMPARE(asked, 0);
    const auto reopened = Pki::CertificateAuthority::open(m_dir.filePath(QStringLiteral("ca-env")), Pki::SecretBytes(kPassphrase));
    QVERIFY2(reopened, qPrintable(reopened ? QString() : reopened.error().message));
}

void TestCertificates::passphraseDialogRules()
{
    PassphraseDialog dialog(PassphraseRequest{PassphraseRequest::Mode::NewCa, m_dir.filePath(QStringLiteral("ca")), {}});
    dialog.show();
    auto *buttons = dialog.findChild<QDialogButtonBox *>();
    QVERIFY(buttons);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    QVERIFY(!dialog.rememberBox()->isChecked()); // the keyring is an opt-in
    QVERIFY(!ok->isEnabled());
    QTest::keyClicks(dialog.passphraseEdit(), QStringLiteral("short"));
    QVERIFY(dialog.hintLabel()->text().startsWith(QLatin1String("Too short")));
    QVERIFY(!ok->isEnabled());
    dialog.passphraseEdit()->setText(QString::fromUtf8(kPassphrase));
    dialog.confirmEdit()->setText(QStringLiteral("correct horse battery stapel"));
    QVERIFY(dialog.hintLabel()->text().contains(QLatin1String("differ")));
    QVERIFY(!ok->isEnabled());
    dialog.confirmEdit()->setText(QString::fromUtf8(kPassphrase));
    QVERIFY(ok->isEnabled());
    QVERIFY(dialog.hintLabel()->text().startsWith(QLatin1String("Strong")));
    shot(&dialog, QStringLiteral("shot-certwizard-passphrase.png"));
    const PassphraseAnswer answer = dialog.takeAnswer();
    QCOMPARE(answer.passphrase.reveal(), kPassphrase);
    QVERIFY(!answer.remember);
    QVERIFY(dialog.passphraseEdit()->text().isEmpty());
}

void TestCertificates::keyringWithoutDbusSaysWhatToDo()
{
    const QByteArray saved = qgetenv("DBUS_SESSION_BUS_ADDRESS");
    qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    KeyringStore store;
    std::optional<Result<Pki::SecretBytes>> read;
    store.read(m_dir.filePath(QStringLiteral("ca")), this, [&read](Result<Pki::SecretBytes> result) { read = std::move(result); });
    QVERIFY(!read); // always answered later, never inside the call
    QTRY_VERIFY(read.has_value());
    QVERIFY(!*read);
    QVERIFY2(read->error().message.contains(QLatin1String("D-Bus")), qPrintable(read->error().message));
    QVERIFY(read->error().message.contains(QLatin1String("MODEMBENCH_CA_PASSPHRASE")));
    PassphraseDialog dialog(PassphraseRequest{PassphraseRequest::Mode::Unlock, m_dir.filePath(QStringLiteral("ca")), {}});
    QVERIFY(!dialog.rememberBox()->isEnabled());
    if (!saved.isEmpty())
        qputenv("DBUS_SESSION_BUS_ADDRESS", saved);
}

QTEST_MAIN(TestCertificates)
#include "tst_certificates.moc"
