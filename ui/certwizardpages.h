#pragma once

#include "core/pki/certificateauthority.h"

#include <QPointer>
#include <QWizardPage>

class QButtonGroup;
class QCheckBox;
class QFormLayout;
class QComboBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTextBrowser;

namespace ModemBench {
class StatusQuery;
} // namespace ModemBench

namespace ModemBench::Ui {

class CertificateWizard;
class PkiTask;
struct PassphraseAnswer;

// Fills a combo with the key types (data: keyKindName), RSA-2048 first; P-256 says to verify it on
// the modem's firmware (every public working SIM7000 example uses RSA).
void fillKeyKindCombo(QComboBox *combo, Pki::KeyKind selected);
Pki::KeyKind comboKeyKind(const QComboBox *combo);

// A page with one long operation: its inputs above, then the action button, Cancel, a progress bar
// (a busy indicator with the elapsed time: OpenSSL reports no progress) and a message that on
// failure says what to try next.
class PkiPage : public QWizardPage
{
    Q_OBJECT
public:
    PkiPage(const QString &title, const QString &subTitle, const QString &actionText, QWidget *parent = nullptr);

    QPushButton *actionButton() const { return m_action; }
    QPushButton *cancelButton() const { return m_cancel; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *message() const { return m_message; }
    bool isBusy() const { return m_busy; }
    bool succeeded() const { return m_succeeded; }
    PkiTask *task() const { return m_task; }
    virtual void cancel();

Q_SIGNALS:
    void operationFinished(bool success);

protected:
    CertificateWizard *certWizard() const;
    void setBusy(bool busy, const QString &what = {});
    void finishWithFailure(const QString &text);
    void finishWithSuccess(const QString &text);
    virtual void run() = 0;

    QWidget *m_form = nullptr; // the page's inputs go here
    PkiTask *m_task = nullptr;
    bool m_succeeded = false;

private:
    QPushButton *m_action = nullptr;
    QPushButton *m_cancel = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_message = nullptr;
    QString m_busyText;
    bool m_busy = false;
};

// Page 1: create a new CA (folder, key type, lifetime, subject) or open an existing one.
class CaPage : public PkiPage
{
    Q_OBJECT
public:
    explicit CaPage(QWidget *parent = nullptr);

    QRadioButton *createButton() const { return m_create; }
    QRadioButton *openButton() const { return m_open; }
    QLineEdit *folderEdit() const { return m_folder; }
    QPushButton *browseButton() const { return m_browse; }
    QComboBox *keyCombo() const { return m_key; }
    QSpinBox *yearsSpin() const { return m_years; }
    QLineEdit *commonNameEdit() const { return m_commonName; }
    QLineEdit *organizationEdit() const { return m_organization; }
    QLineEdit *countryEdit() const { return m_country; }
    QComboBox *passphraseOriginCombo() const { return m_origin; }

    void initializePage() override;
    bool isComplete() const override;
    bool isCreating() const;
    QString subject() const;

protected:
    void run() override;

private:
    void onModeChanged();
    void onFolderChanged();
    void updatePassphraseNote();
    void execute(const PassphraseAnswer &answer, const QString &directory, bool creating);
    void finishCa(Result<Pki::CertificateAuthority> authority, const PassphraseAnswer &answer, const QString &folder,
                  bool creating, const Pki::CaOptions &options);

    QRadioButton *m_create = nullptr;
    QRadioButton *m_open = nullptr;
    QLineEdit *m_folder = nullptr;
    QPushButton *m_browse = nullptr;
    QLabel *m_folderInfo = nullptr;
    QGroupBox *m_newGroup = nullptr;
    QComboBox *m_key = nullptr;
    QSpinBox *m_years = nullptr;
    QLineEdit *m_commonName = nullptr;
    QLineEdit *m_organization = nullptr;
    QLineEdit *m_country = nullptr;
    QComboBox *m_origin = nullptr;
    QLabel *m_originNote = nullptr;
};

// Pages 2 and 3: generate a key off the GUI thread, issue on it, write PREFIX.crt and PREFIX.key
// (0600, never overwriting) into the output folder.
class IssuePage : public PkiPage
{
    Q_OBJECT
public:
    IssuePage(Pki::CertKind kind, const QString &title, const QString &subTitle, const QString &actionText,
              QWidget *parent = nullptr);

    QComboBox *keyCombo() const { return m_key; }
    QSpinBox *daysSpin() const { return m_days; }
    QLineEdit *outputFolderEdit() const { return m_outputFolder; }
    QLineEdit *prefixEdit() const { return m_prefix; }
    QCheckBox *skipBox() const { return m_skip; }
    bool isComplete() const override;
    void initializePage() override;
    void cancel() override;

protected:
    void run() override;
    // What is wrong with the inputs, or empty.
    virtual QString validateInputs() const = 0;
    virtual QString filePrefix() const = 0;
    virtual Result<Pki::IssueResult> issueWith(Pki::CertificateAuthority &authority, Pki::PrivateKey key) = 0;
    // Adds the page's own rows (names, IMEI) above the shared ones.
    QFormLayout *m_fields = nullptr;

private:
    void onKey(Result<Pki::PrivateKey> key, const QString &certificatePath, const QString &keyPath);

    Pki::CertKind m_kind;
    QComboBox *m_key = nullptr;
    QSpinBox *m_days = nullptr;
    QLineEdit *m_outputFolder = nullptr;
    QPushButton *m_browse = nullptr;
    QLineEdit *m_prefix = nullptr;
    QCheckBox *m_skip = nullptr;
};

class ServerPage : public IssuePage
{
    Q_OBJECT
public:
    explicit ServerPage(QWidget *parent = nullptr);
    QLineEdit *dnsNamesEdit() const { return m_dns; }
    QLineEdit *ipAddressesEdit() const { return m_ips; }

protected:
    QString validateInputs() const override;
    QString filePrefix() const override;
    Result<Pki::IssueResult> issueWith(Pki::CertificateAuthority &authority, Pki::PrivateKey key) override;

private:
    QStringList dnsNames() const;
    QStringList ipAddresses() const;
    QLineEdit *m_dns = nullptr;
    QLineEdit *m_ips = nullptr;
};

class DevicePage : public IssuePage
{
    Q_OBJECT
public:
    explicit DevicePage(QWidget *parent = nullptr);
    QLineEdit *imeiEdit() const { return m_imei; }
    QLineEdit *cnTemplateEdit() const { return m_cnTemplate; }
    QPushButton *issueForModemButton() const { return m_forModem; }
    QLabel *modemLabel() const { return m_modemLabel; }
    QString modemImei() const { return m_modemImei; }
    void initializePage() override;
    // Reads the connected modem's IMEI and issues for it: the one-click path.
    void issueForModem();

protected:
    QString validateInputs() const override;
    QString filePrefix() const override;
    Result<Pki::IssueResult> issueWith(Pki::CertificateAuthority &authority, Pki::PrivateKey key) override;

private:
    void readModem();
    void attachQuery(StatusQuery *query);
    void updateModemLabel();

    QLabel *m_modemLabel = nullptr;
    QPushButton *m_forModem = nullptr;
    QLineEdit *m_imei = nullptr;
    QLineEdit *m_cnTemplate = nullptr;
    QPointer<StatusQuery> m_query;
    QString m_modemImei;
    QString m_modemModel;
    QString m_modemError;
    bool m_issueWhenRead = false;
};

// Page 4: what was written, fingerprints, the openssl commands to check it, the modem checks.
class SummaryPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit SummaryPage(QWidget *parent = nullptr);
    void initializePage() override;
    QTextBrowser *text() const { return m_text; }
    // `openssl verify` for one written certificate against the wizard's CA.
    static QString verifyCommand(const QString &caCertificate, const QString &certificate, Pki::CertKind kind);

private:
    QTextBrowser *m_text = nullptr;
};

} // namespace ModemBench::Ui
