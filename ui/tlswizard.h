#pragma once

#include "core/flows/certinstall.h"
#include "core/flows/tlsflows.h"
#include "core/modem/modemsession.h"
#include "core/store/fileinventory.h"
#include "core/tls/serverchainprobe.h"
#include "core/tls/tlsdoctor.h"
#include "ui/dialogseam.h"
#include "ui/passphrasedialog.h"

#include <QPointer>
#include <QWizard>

#include <memory>

namespace ModemBench::Ui {

class ClientPage;
class ConnectionPage;
class InstallPage;
class PassphraseSource;
class RootPage;
class TestPage;

// A root of trust (and optionally a client certificate) into the modem, then a TLS connection
// test (issue #6): root of trust → client certificate → install (upload, read-back, convert) →
// connection settings with the doctor's checks → test with the server's chain and, on failure,
// the likely cause. Every step is a core flow (core/flows/certinstall.h, tlsflows.h) run on the
// session's channel; the doctor and the chain probe are core's too. Show it modeless.
// Remembered in QSettings: host, port, SNI, TLS version, text to send, the last CA file.
class TlsWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { RootPageId, ClientPageId, InstallPageId, ConnectionPageId, TestPageId };

    // `baud` sizes the upload's input time (protocol §9); a simulated port takes the default.
    explicit TlsWizard(ModemSession *session, int baud = 115200, QWidget *parent = nullptr);
    ~TlsWizard() override;

    ModemSession *session() const { return m_session; }
    int baud() const { return m_baud; }

    // Test seams (dialogseam.h): file and folder choosers and the CA passphrase prompt.
    void setOpenFileChooser(OpenFileChooser chooser);
    const OpenFileChooser &openFileChooser() const { return m_openChooser; }
    void setDirectoryChooser(DirectoryChooser chooser) { m_directoryChooser = std::move(chooser); }
    const DirectoryChooser &directoryChooser() const { return m_directoryChooser; }
    void setPassphrasePrompt(PassphrasePrompt prompt);
    PassphraseSource *passphraseSource() const { return m_passphrases; }

    RootPage *rootPage() const { return m_rootPage; }
    ClientPage *clientPage() const { return m_clientPage; }
    InstallPage *installPage() const { return m_installPage; }
    ConnectionPage *connectionPage() const { return m_connectionPage; }
    TestPage *testPage() const { return m_testPage; }

    // What the modem said of itself (model, IMEI, clock): tlsPreparationSteps, run by readModem()
    // in the background when the wizard opens and again by the connection check.
    std::shared_ptr<TlsContext> modem() const { return m_modem; }
    void setModem(std::shared_ptr<TlsContext> modem);
    void readModem();
    bool isReadingModem() const { return !m_modemRunner.isNull(); }
    QString modemImei() const { return m_modem->imei; }
    QString modemSummary() const;
    const std::optional<Error> &modemError() const { return m_modemError; }

    // The root-of-trust and client plans merged: what the install page uploads.
    PreparedInstall installPlan() const;
    // The pages' choices as the modem's TLS configuration.
    TlsSettings tlsSettings() const;
    // For the doctor: the CA certificates chosen, split into PEM blocks, and the client certificate.
    QList<QByteArray> caCertificatesPem() const;
    QByteArray clientCertificatePem() const;
    // Names whose read-back differed (the install page sets them).
    QStringList filesNotByteExact;

    // The per-modem inventory (FileInventory::open() at its default path), opened on first use.
    Result<FileInventory *> inventory();
    DoctorInput doctorInput(const Result<ServerChain> *chain) const;

    bool isBusy() const;
    void done(int result) override;

Q_SIGNALS:
    void modemRead(bool success);
    // The install recorded files in the inventory (the modem files dialog refreshes).
    void inventoryChanged();

private:
    QPointer<ModemSession> m_session;
    int m_baud;
    OpenFileChooser m_openChooser;
    DirectoryChooser m_directoryChooser;
    PassphraseSource *m_passphrases = nullptr;
    std::shared_ptr<TlsContext> m_modem = std::make_shared<TlsContext>();
    std::optional<Error> m_modemError;
    QPointer<FlowRunner> m_modemRunner;
    std::unique_ptr<FileInventory> m_inventory;
    RootPage *m_rootPage = nullptr;
    ClientPage *m_clientPage = nullptr;
    InstallPage *m_installPage = nullptr;
    ConnectionPage *m_connectionPage = nullptr;
    TestPage *m_testPage = nullptr;
};

// Settings keys shared by the pages.
namespace TlsWizardSettings {
inline const QString kCaSource = QStringLiteral("tls/caSource");
inline const QString kCaFile = QStringLiteral("tls/caFile");
inline const QString kHost = QStringLiteral("tls/host");
inline const QString kPort = QStringLiteral("tls/port");
inline const QString kSni = QStringLiteral("tls/sni");
inline const QString kVersion = QStringLiteral("tls/version");
inline const QString kSendText = QStringLiteral("tls/sendText");
inline const QString kLastCaFolder = QStringLiteral("pki/lastCaFolder"); // the CA browser's and the certificate wizard's
} // namespace TlsWizardSettings

} // namespace ModemBench::Ui
