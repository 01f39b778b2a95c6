#pragma once

#include "core/flows/certinstall.h"
#include "core/flows/networkflows.h"
#include "core/flows/tlsflows.h"
#include "core/pki/certificateauthority.h"
#include "core/tls/serverchainprobe.h"

#include <QPointer>
#include <QWizardPage>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTreeWidget;

namespace ModemBench::Ui {

class FindingsView;
class FlowPanel;
class PkiTask;
class TlsWizard;

// Page (a): the root of trust, a PEM file or our own CA's certificate, its name on the modem
// (checked as it is typed) and prepareCaInstall's findings, all before anything is sent.
class RootPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit RootPage(QWidget *parent = nullptr);

    QRadioButton *fileButton() const { return m_fileButton; }
    QRadioButton *ourCaButton() const { return m_ourCaButton; }
    QLineEdit *filePathEdit() const { return m_filePath; }
    QPushButton *chooseFileButton() const { return m_chooseFile; }
    QLineEdit *caFolderEdit() const { return m_caFolder; }
    QPushButton *chooseFolderButton() const { return m_chooseFolder; }
    QLineEdit *nameEdit() const { return m_name; }
    FindingsView *planView() const { return m_planView; }
    QLabel *modemLabel() const { return m_modemLabel; }

    const std::optional<PreparedInstall> &plan() const { return m_plan; }
    QByteArray caPem() const { return m_caPem; }
    QString modemName() const;
    // The CA folder the "our CA" choice uses (the client page issues from it too).
    QString caFolder() const;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

private:
    void chooseFile();
    void chooseFolder();
    void reload();
    void replan();
    void updateModemLabel();

    TlsWizard *owner() const;

    QRadioButton *m_fileButton = nullptr;
    QRadioButton *m_ourCaButton = nullptr;
    QLineEdit *m_filePath = nullptr;
    QPushButton *m_chooseFile = nullptr;
    QLineEdit *m_caFolder = nullptr;
    QPushButton *m_chooseFolder = nullptr;
    QLineEdit *m_name = nullptr;
    QLabel *m_nameHint = nullptr;
    FindingsView *m_planView = nullptr;
    QLabel *m_modemLabel = nullptr;
    QByteArray m_caPem;
    QString m_readError;
    std::optional<PreparedInstall> m_plan;
    bool m_nameEdited = false;
};

// Page (b): optionally a client certificate and key: none, two files, or one issued now by our
// CA for this modem's IMEI (the passphrase asked through PassphraseSource, the key generated off
// the GUI thread by PkiTask). The key's bytes are never shown; an issued key is kept only in
// memory until it is uploaded.
class ClientPage : public QWizardPage
{
    Q_OBJECT
public:
    enum class Mode { None, Files, Issue };

    explicit ClientPage(QWidget *parent = nullptr);
    ~ClientPage() override;

    QRadioButton *modeButton(Mode mode) const;
    Mode mode() const;
    QLineEdit *certificatePathEdit() const { return m_certPath; }
    QLineEdit *keyPathEdit() const { return m_keyPath; }
    QPushButton *issueButton() const { return m_issue; }
    QLineEdit *certificateNameEdit() const { return m_certName; }
    QLineEdit *keyNameEdit() const { return m_keyName; }
    QLabel *message() const { return m_message; }
    FindingsView *planView() const { return m_planView; }
    bool isIssuing() const;

    const std::optional<PreparedInstall> &plan() const { return m_plan; }
    QByteArray certificatePem() const { return m_certPem; }

    void initializePage() override;
    bool isComplete() const override;
    void cancel();

private:
    void buildLayout();
    void wire();
    void chooseInto(QLineEdit *edit, const QString &caption);
    void reloadFiles();
    void replan();
    void issue();
    void onKey(Result<Pki::PrivateKey> key, const std::shared_ptr<Pki::SecretBytes> &passphrase, const QString &folder,
               bool remember);
    void setMessage(const QString &html);

    TlsWizard *owner() const;

    QRadioButton *m_none = nullptr;
    QRadioButton *m_files = nullptr;
    QRadioButton *m_issueMode = nullptr;
    QLineEdit *m_certPath = nullptr;
    QLineEdit *m_keyPath = nullptr;
    QPushButton *m_chooseCert = nullptr;
    QPushButton *m_chooseKey = nullptr;
    QLabel *m_issueInfo = nullptr;
    QPushButton *m_issue = nullptr;
    QProgressBar *m_busy = nullptr;
    QLineEdit *m_certName = nullptr;
    QLineEdit *m_keyName = nullptr;
    QLabel *m_message = nullptr;
    FindingsView *m_planView = nullptr;
    PkiTask *m_task = nullptr;
    QByteArray m_certPem;
    Pki::SecretBytes m_keyPem;
    QString m_issuedFor;   // the IMEI the in-memory pair was issued for
    std::optional<PreparedInstall> m_plan;
};

// Page (c): upload with read-back and convert (installSteps), with a progress bar and a line per
// file; on success the inventory records what is on the modem and the TLS settings are saved.
class InstallPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit InstallPage(QWidget *parent = nullptr);

    FlowPanel *panel() const { return m_panel; }
    QPushButton *installButton() const { return m_install; }
    QTreeWidget *fileTable() const { return m_files; }
    QLabel *message() const { return m_message; }
    bool succeeded() const { return m_succeeded; }
    bool isRunning() const;

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    void start();

private:
    void runInstall();
    void onInstalled(const Result<void> &result);
    void fillTable(const QString &status);
    void setFileStatus(const QString &name, const QString &status);
    void recordInventory();

    TlsWizard *owner() const;

    FlowPanel *m_panel = nullptr;
    QPushButton *m_install = nullptr;
    QTreeWidget *m_files = nullptr;
    QLabel *m_message = nullptr;
    std::shared_ptr<UploadContext> m_upload;
    PreparedInstall m_running;
    bool m_succeeded = false;
};

// Page (d): host, port, SNI, TLS version, the module clock, what to send; Check runs
// tlsPreparationSteps (model, IMEI, clock) and shows the doctor's preflight findings.
class ConnectionPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit ConnectionPage(QWidget *parent = nullptr);
    ~ConnectionPage() override;

    QLineEdit *hostEdit() const { return m_host; }
    QSpinBox *portSpin() const { return m_port; }
    QLineEdit *sniEdit() const { return m_sni; }
    QComboBox *versionCombo() const { return m_version; }
    QCheckBox *ignoreClockBox() const { return m_ignoreClock; }
    QCheckBox *insecureTls10Box() const { return m_insecure; }
    QLineEdit *sendEdit() const { return m_send; }
    QPushButton *checkButton() const { return m_check; }
    FlowPanel *panel() const { return m_panel; }
    FindingsView *findingsView() const { return m_findings; }
    bool isChecking() const;

    QString host() const;
    int port() const;
    QByteArray payload() const;
    // Version, clock, SNI and the SIM800 consent as TlsSettings fields (names come from the wizard).
    void applyTo(TlsSettings &settings) const;
    void remember() const;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;
    void cancel();
    void check();

private:
    void onProbed(const Result<ServerChain> &chain);
    // Once both the modem's answers and the PC's look at the server are in.
    void showFindings();
    void updateSim800();

    TlsWizard *owner() const;

    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_sni = nullptr;
    QComboBox *m_version = nullptr;
    QCheckBox *m_ignoreClock = nullptr;
    QCheckBox *m_insecure = nullptr;
    QLineEdit *m_send = nullptr;
    QPushButton *m_check = nullptr;
    FlowPanel *m_panel = nullptr;
    FindingsView *m_findings = nullptr;
    QLabel *m_message = nullptr;
    QPointer<ServerChainProbe> m_probe;
    std::optional<Result<ServerChain>> m_chain;
    bool m_modemDone = false;
};

// Page (e): the connection test (tlsTestSteps; the data connection is brought up first when the
// modem has none), the result in large type, what came back, the server's chain as the PC sees
// it, and after a failure the result code's meaning and the doctor's likely causes.
class TestPage : public QWizardPage
{
    Q_OBJECT
public:
    explicit TestPage(QWidget *parent = nullptr);
    ~TestPage() override;

    FlowPanel *panel() const { return m_panel; }
    QPushButton *runButton() const { return m_run; }
    QLabel *resultLabel() const { return m_result; }
    QLabel *resultDetailLabel() const { return m_resultDetail; }
    QPlainTextEdit *receivedText() const { return m_received; }
    QTreeWidget *chainTree() const { return m_chainTree; }
    FindingsView *findingsView() const { return m_findings; }
    std::shared_ptr<TlsContext> context() const { return m_context; }
    bool isRunning() const;
    bool succeeded() const { return m_succeeded; }
    bool dataConnectedFirst() const { return m_connectedData; }

    void initializePage() override;
    bool isComplete() const override;
    void cancel();
    void start();

private:
    void onProbed(const Result<ServerChain> &chain);
    void readAddress();
    void connectData(std::function<void()> then);
    void runTest();
    void onTested(const Result<void> &result);
    void showChain();
    void showResult(bool success, const QString &html, const QString &detailHtml = {});

    TlsWizard *owner() const;

    FlowPanel *m_panel = nullptr;
    QPushButton *m_run = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_result = nullptr;
    QLabel *m_resultDetail = nullptr;
    QPlainTextEdit *m_received = nullptr;
    QTreeWidget *m_chainTree = nullptr;
    QLabel *m_findingsHeading = nullptr;
    FindingsView *m_findings = nullptr;
    QPointer<ServerChainProbe> m_probe;
    std::optional<Result<ServerChain>> m_chain;
    std::shared_ptr<TlsContext> m_context;
    std::shared_ptr<NetworkContext> m_network;
    bool m_connectedData = false;
    bool m_succeeded = false;
};

} // namespace ModemBench::Ui
