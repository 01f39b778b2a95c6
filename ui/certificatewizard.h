#pragma once

#include "core/modem/modemsession.h"
#include "core/pki/certificateauthority.h"
#include "ui/dialogseam.h"
#include "ui/passphrasedialog.h"

#include <QPointer>
#include <QWizard>

#include <optional>

namespace ModemBench::Ui {

class CaPage;
class DevicePage;
class PassphraseSource;
class ServerPage;
class SummaryPage;

// One file pair the wizard wrote, for the summary (and tests).
struct WrittenCertificate {
    Pki::IssuedCertificate record;
    QString certificatePath;
    QString keyPath;
    Pki::KeyKind key = Pki::KeyKind::Rsa2048;
    QList<Pki::ModemCheck> modemChecks; // devices: checkForModem() findings
};

// Own CA → server certificate → device certificate for the connected modem's IMEI (issue #5).
// All certificate logic is core/pki's; this binds it to pages. Keys are generated off the GUI
// thread (PkiTask); the CA object lives here, on the GUI thread. Show it modeless.
// Remembered in QSettings: last CA folder, key type, output folder; never a passphrase.
class CertificateWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { CaPageId, ServerPageId, DevicePageId, SummaryPageId };

    // `session` may be null or not connected: the device page then asks for the IMEI.
    explicit CertificateWizard(ModemSession *session, QWidget *parent = nullptr);
    ~CertificateWizard() override;

    ModemSession *session() const { return m_session; }
    CaPage *caPage() const { return m_caPage; }
    ServerPage *serverPage() const { return m_serverPage; }
    DevicePage *devicePage() const { return m_devicePage; }
    SummaryPage *summaryPage() const { return m_summaryPage; }

    // Test seams: folder choosers and the passphrase prompt (see dialogseam.h).
    void setDirectoryChooser(DirectoryChooser chooser) { m_directoryChooser = std::move(chooser); }
    const DirectoryChooser &directoryChooser() const { return m_directoryChooser; }
    void setPassphrasePrompt(PassphrasePrompt prompt);
    void setOpenFileChooser(OpenFileChooser chooser);
    PassphraseSource *passphraseSource() const { return m_passphrases; }

    // The CA the first page created or opened; null before.
    Pki::CertificateAuthority *authority() { return m_authority ? &*m_authority : nullptr; }
    QString caDirectory() const { return m_caDirectory; }
    void setAuthority(Pki::CertificateAuthority authority, const QString &directory);
    void closeAuthority();

    const QList<WrittenCertificate> &written() const { return m_written; }
    void addWritten(WrittenCertificate certificate);
    bool isBusy() const;

    void done(int result) override;

Q_SIGNALS:
    // The CA changed (created, opened, or closed when going back): the browser can refresh.
    void authorityChanged(const QString &directory);
    void certificateWritten(const QString &certificatePath);

private:
    QPointer<ModemSession> m_session;
    DirectoryChooser m_directoryChooser;
    PassphraseSource *m_passphrases = nullptr;
    std::optional<Pki::CertificateAuthority> m_authority;
    QString m_caDirectory;
    QList<WrittenCertificate> m_written;
    CaPage *m_caPage = nullptr;
    ServerPage *m_serverPage = nullptr;
    DevicePage *m_devicePage = nullptr;
    SummaryPage *m_summaryPage = nullptr;
};

} // namespace ModemBench::Ui
