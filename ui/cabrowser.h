#pragma once

#include "core/pki/certificateauthority.h"
#include "ui/dialogseam.h"
#include "ui/passphrasedialog.h"

#include <QDialog>
#include <QPointer>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace ModemBench::Ui {

class MessageBanner;
class PassphraseSource;

// Asks which RFC 5280 reason and whether to go on; opened window-modal with open().
class RevokeDialog : public QDialog
{
    Q_OBJECT
public:
    RevokeDialog(const Pki::IssuedCertificate &certificate, QWidget *parent = nullptr);
    QComboBox *reasonCombo() const { return m_reason; }
    Pki::RevocationReason reason() const;

private:
    QComboBox *m_reason = nullptr;
};

// The CA's registry (issue #5): everything issued, searchable, with details and the PEM; revoke,
// export a PEM bundle (certificate + CA certificate) and the CRL; a banner for what expires within
// 30 days. Listing and inspecting need no passphrase; revoking and publishing the CRL ask for it
// once and keep the CA open until the folder changes or the window closes.
class CaBrowser : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kExpiryWarningDays = 30;
    enum Column { SerialColumn, KindColumn, SubjectColumn, ImeiColumn, NotAfterColumn, StatusColumn, ColumnCount };

    explicit CaBrowser(QWidget *parent = nullptr);
    ~CaBrowser() override;

    void openDirectory(const QString &directory);
    QString directory() const { return m_directory; }
    void refresh();
    bool selectSerial(const QString &serialHex);
    std::optional<Pki::IssuedCertificate> selectedCertificate() const;

    void requestRevoke();
    void exportBundle();
    void exportCrl();

    // Seams and parts, for tests and screenshots.
    void setSaveFileChooser(SaveFileChooser chooser) { m_saveChooser = std::move(chooser); }
    void setDirectoryChooser(DirectoryChooser chooser) { m_directoryChooser = std::move(chooser); }
    void setPassphrasePrompt(PassphrasePrompt prompt);
    QTableWidget *table() const { return m_table; }
    QLineEdit *searchEdit() const { return m_search; }
    QPlainTextEdit *details() const { return m_details; }
    MessageBanner *banner() const { return m_banner; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *caLabel() const { return m_caLabel; }
    QPushButton *revokeButton() const { return m_revoke; }
    QPushButton *exportBundleButton() const { return m_exportBundle; }
    QPushButton *exportCrlButton() const { return m_exportCrl; }
    RevokeDialog *revokeDialog() const { return m_revokeDialog; }

Q_SIGNALS:
    void refreshed();
    // An operation (revoke, export) ended; `message` is what the status line shows.
    void operationFinished(bool success, const QString &message);

private:
    void fillTable(const QList<Pki::IssuedCertificate> &certificates);
    void showDetails();
    void updateButtons();
    void showExpiryWarnings();
    void report(bool success, const QString &message);
    // Runs `then` with the CA open, asking for the passphrase the first time.
    void withAuthority(const QString &purpose, std::function<void(Pki::CertificateAuthority &)> then);
    void revoke(const Pki::IssuedCertificate &certificate, Pki::RevocationReason reason);
    void writeCrl(const QString &path);

    QString m_directory;
    std::optional<Pki::CertificateAuthority> m_authority;
    QList<Pki::IssuedCertificate> m_rows;
    SaveFileChooser m_saveChooser;
    DirectoryChooser m_directoryChooser;
    PassphraseSource *m_passphrases = nullptr;
    QLineEdit *m_folder = nullptr;
    QLabel *m_caLabel = nullptr;
    MessageBanner *m_banner = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_origin = nullptr;
    QTableWidget *m_table = nullptr;
    QPlainTextEdit *m_details = nullptr;
    QPushButton *m_revoke = nullptr;
    QPushButton *m_exportBundle = nullptr;
    QPushButton *m_exportCrl = nullptr;
    QLabel *m_status = nullptr;
    QPointer<RevokeDialog> m_revokeDialog;
};

} // namespace ModemBench::Ui
