// The TLS wizard's client certificate page (declared in tlswizardpages.h): none, two files, or a
// device certificate issued now by our CA for the modem's IMEI.

#include "ui/tlswizardpages.h"

#include "ui/passphrasesource.h"
#include "ui/pkitask.h"
#include "ui/tlswizard.h"
#include "ui/tlswizardflow.h"
#include "ui/tlswizardsupport.h"

#include "core/flows/uploadflows.h"
#include "core/pki/certificateauthority.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTimer>
#include <QVBoxLayout>

namespace ModemBench::Ui {

using namespace TlsWizardSupport;

// ---- ClientPage ----

ClientPage::ClientPage(QWidget *parent)
    : QWizardPage(parent)
    , m_task(new PkiTask(this))
{
    setTitle(tr("Client Certificate (Optional)"));
    setSubTitle(tr("Only for servers that ask the modem to prove who it is (mutual TLS). The key goes to the modem, "
                   "is converted with the certificate and then deleted from the modem's file system."));
    m_none = new QRadioButton(tr("N&o client certificate: the server does not ask for one"), this);
    m_none->setObjectName(QStringLiteral("clientNone"));
    m_files = new QRadioButton(tr("Certificate and key &files:"), this);
    m_files->setObjectName(QStringLiteral("clientFiles"));
    m_issueMode = new QRadioButton(tr("&Issue one now from our CA for this modem's IMEI"), this);
    m_issueMode->setObjectName(QStringLiteral("clientIssue"));
    m_certPath = new QLineEdit(this);
    m_certPath->setObjectName(QStringLiteral("clientCertPath"));
    m_keyPath = new QLineEdit(this);
    m_keyPath->setObjectName(QStringLiteral("clientKeyPath"));
    m_keyPath->setPlaceholderText(tr("PEM private key, not encrypted (the modem cannot decrypt it)"));
    m_chooseCert = chooseButton(tr("Choose &certificate…"), this);
    m_chooseKey = chooseButton(tr("Choose &key…"), this);
    m_issueInfo = noteLabel(QString(), this);
    m_issue = chooseButton(tr("Issue No&w"), this);
    m_issue->setObjectName(QStringLiteral("clientIssueNow"));
    m_busy = new QProgressBar(this);
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(120);
    m_busy->hide();
    m_certName = new QLineEdit(this);
    m_certName->setObjectName(QStringLiteral("clientCertName"));
    m_keyName = new QLineEdit(this);
    m_keyName->setObjectName(QStringLiteral("clientKeyName"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("clientMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_planView = new FindingsView(this);
    m_planView->setObjectName(QStringLiteral("clientPlan"));

    buildLayout();
    wire();
}

void ClientPage::buildLayout()
{
    QGridLayout *files = gridRows(this, {{tr("Certificate:"), m_certPath, m_chooseCert}, {tr("Key:"), m_keyPath, m_chooseKey}});
    files->setContentsMargins(24, 0, 0, 0); // under their radio button
    auto *issueRow = new QHBoxLayout;
    issueRow->setContentsMargins(24, 0, 0, 0);
    issueRow->addWidget(m_issueInfo, 1);
    issueRow->addWidget(m_busy);
    issueRow->addWidget(m_issue);
    QGridLayout *names = gridRows(this, {{tr("Certificate n&ame on the modem:"), m_certName, nullptr},
                                         {tr("K&ey name on the modem:"), m_keyName, nullptr}});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_none);
    layout->addWidget(m_files);
    layout->addLayout(files);
    layout->addWidget(m_issueMode);
    layout->addLayout(issueRow);
    layout->addLayout(names);
    layout->addWidget(m_message);
    layout->addWidget(m_planView, 1);
}

void ClientPage::wire()
{
    m_none->setChecked(true);
    for (QRadioButton *button : {m_none, m_files, m_issueMode})
        connect(button, &QRadioButton::toggled, this, &ClientPage::replan);
    connect(m_certPath, &QLineEdit::textChanged, this, &ClientPage::reloadFiles);
    connect(m_keyPath, &QLineEdit::textChanged, this, &ClientPage::reloadFiles);
    connect(m_certName, &QLineEdit::textEdited, this, &ClientPage::replan);
    connect(m_keyName, &QLineEdit::textEdited, this, &ClientPage::replan);
    connect(m_chooseCert, &QPushButton::clicked, this, [this] { chooseInto(m_certPath, tr("Client Certificate")); });
    connect(m_chooseKey, &QPushButton::clicked, this, [this] { chooseInto(m_keyPath, tr("Client Private Key")); });
    connect(m_issue, &QPushButton::clicked, this, &ClientPage::issue);
    connect(m_task, &PkiTask::started, this, [this] { m_busy->show(); });
    connect(m_task, &PkiTask::finished, this, [this] { m_busy->hide(); });
    connect(m_task, &PkiTask::cancelled, this, [this] { m_busy->hide(); });
}

ClientPage::~ClientPage() = default;

TlsWizard *ClientPage::owner() const
{
    return qobject_cast<TlsWizard *>(wizard());
}

QRadioButton *ClientPage::modeButton(Mode mode) const
{
    return mode == Mode::None ? m_none : mode == Mode::Files ? m_files : m_issueMode;
}

ClientPage::Mode ClientPage::mode() const
{
    return m_files->isChecked() ? Mode::Files : m_issueMode->isChecked() ? Mode::Issue : Mode::None;
}

bool ClientPage::isIssuing() const
{
    return m_task->isRunning();
}

void ClientPage::cancel()
{
    m_task->cancel();
}

void ClientPage::initializePage()
{
    TlsWizard *wizard = owner();
    if (!wizard)
        return;
    const QString imei = wizard->modemImei();
    m_issueInfo->setText(imei.isEmpty() ? tr("The modem's IMEI is not known yet (%1).").arg(wizard->modemSummary())
                                        : tr("Device certificate for IMEI %1 from the CA in %2.")
                                              .arg(imei, QDir::toNativeSeparators(wizard->rootPage()->caFolder())));
    replan();
}

void ClientPage::chooseInto(QLineEdit *edit, const QString &caption)
{
    TlsWizard *wizard = owner();
    if (!wizard)
        return;
    const QString start = edit->text().isEmpty() ? QDir::homePath() : QFileInfo(edit->text()).absolutePath();
    wizard->openFileChooser()(this, OpenFileRequest{caption, start, tr("PEM (*.pem *.crt *.key);;All files (*)")},
                              [this, edit](const QString &path) {
                                  m_files->setChecked(true);
                                  edit->setText(QDir::toNativeSeparators(path));
                              });
}

void ClientPage::reloadFiles()
{
    if (!m_files->isChecked())
        return replan();
    // Names follow the files until the user types their own.
    const QString cert = QFileInfo(m_certPath->text().trimmed()).fileName();
    const QString key = QFileInfo(m_keyPath->text().trimmed()).fileName();
    if (!m_certName->isModified())
        m_certName->setText(cert);
    if (!m_keyName->isModified())
        m_keyName->setText(key);
    replan();
}

void ClientPage::replan()
{
    m_plan.reset();
    const bool files = m_files->isChecked();
    const bool issuing = m_issueMode->isChecked();
    for (QWidget *widget : {static_cast<QWidget *>(m_certPath), static_cast<QWidget *>(m_keyPath),
                            static_cast<QWidget *>(m_chooseCert), static_cast<QWidget *>(m_chooseKey)})
        widget->setEnabled(files);
    m_issue->setEnabled(issuing);
    m_certName->setEnabled(files || issuing);
    m_keyName->setEnabled(files || issuing);
    QByteArray certPem;
    QByteArray keyPem;
    QString problem;
    if (files) {
        Result<QByteArray> cert = readSmall(QDir::fromNativeSeparators(m_certPath->text().trimmed()));
        Result<QByteArray> key = readSmall(QDir::fromNativeSeparators(m_keyPath->text().trimmed()));
        problem = !cert ? tr("Certificate: %1").arg(cert.error().message)
                        : !key ? tr("Key: %1").arg(key.error().message) : QString();
        if (problem.isEmpty()) {
            certPem = *cert;
            keyPem = *key;
        }
    } else if (issuing) {
        if (m_certPem.isEmpty())
            problem = tr("Press Issue Now: the passphrase of our CA is asked, then a 2048-bit RSA key and its certificate "
                         "are made for this modem.");
        certPem = m_certPem;
        keyPem = m_keyPem.reveal();
    }
    if (!files && !issuing) {
        m_certPem.clear();
        m_planView->setFindings({{DoctorFinding::Severity::Info, QStringLiteral("client"),
                                  tr("No client certificate: only the server is verified."), {}}});
    } else if (!problem.isEmpty()) {
        m_planView->setFindings({{DoctorFinding::Severity::Info, QStringLiteral("client"), problem, {}}});
    } else if (Result<PreparedInstall> plan = prepareClientInstall(certPem, keyPem, m_certName->text().trimmed(),
                                                                   m_keyName->text().trimmed());
               !plan) {
        m_planView->setFindings(problemRows(QStringLiteral("client"), plan.error().message));
    } else {
        if (files)
            m_certPem = certPem;
        m_plan = *plan;
        m_planView->setFindings(planRows(*plan, tr("Ready: certificate and key, %1 bytes; the key is never read back "
                                                   "and is deleted from the modem after the conversion.")
                                                    .arg(plan->totalBytes())));
    }
    Q_EMIT completeChanged();
}

bool ClientPage::isComplete() const
{
    return !isIssuing() && (mode() == Mode::None || m_plan.has_value());
}

void ClientPage::setMessage(const QString &html)
{
    m_message->setText(html);
}

void ClientPage::issue()
{
    TlsWizard *wizard = owner();
    if (!wizard || isIssuing())
        return;
    const QString folder = wizard->rootPage()->caFolder();
    if (folder.isEmpty() || !QFileInfo::exists(QDir(folder).filePath(QStringLiteral("ca.crt"))))
        return setMessage(tr("No CA folder: go Back, choose \"Our CA\" and its folder, or make a CA with the "
                             "Certificate Wizard first."));
    if (wizard->modemImei().isEmpty()) {
        wizard->readModem();
        return setMessage(tr("The modem's IMEI is not known yet; it is being read. Press Issue Now again in a moment."));
    }
    setMessage(tr("Waiting for the CA passphrase…"));
    const PassphraseRequest request{PassphraseRequest::Mode::Unlock, folder,
                                    tr("to issue a certificate for IMEI %1").arg(wizard->modemImei())};
    QPointer<ClientPage> self(this);
    wizard->passphraseSource()->obtain(
        PassphraseSource::preferredOrigin(folder), request, [self, folder](Result<PassphraseAnswer> answer) {
            if (!self)
                return;
            if (!answer)
                return self->setMessage(answer.error().message.toHtmlEscaped());
            auto passphrase = std::make_shared<Pki::SecretBytes>(answer->passphrase.reveal());
            const bool remember = answer->remember;
            self->setMessage(tr("Generating a 2048-bit RSA key…"));
            self->m_task->start(Pki::KeyKind::Rsa2048, [self, passphrase, folder, remember](Result<Pki::PrivateKey> key) {
                if (self)
                    self->onKey(std::move(key), passphrase, folder, remember);
            });
            Q_EMIT self->completeChanged();
        });
}

void ClientPage::onKey(Result<Pki::PrivateKey> key, const std::shared_ptr<Pki::SecretBytes> &passphrase,
                       const QString &folder, bool remember)
{
    TlsWizard *wizard = owner();
    if (!wizard)
        return;
    if (!key) {
        setMessage(key.error().message.toHtmlEscaped());
        return replan();
    }
    // The CA object lives only for this one issue, on this thread (its registry is per-thread).
    Result<Pki::CertificateAuthority> authority = Pki::CertificateAuthority::open(folder, *passphrase);
    if (!authority) {
        setMessage(tr("Could not open the CA: %1").arg(authority.error().message.toHtmlEscaped()));
        return replan();
    }
    Pki::DeviceRequest request;
    request.imei = wizard->modemImei();
    request.key = key->kind();
    Result<Pki::IssueResult> issued = authority->issueDevice(request, std::move(*key));
    if (!issued) {
        setMessage(tr("Could not issue: %1").arg(issued.error().message.toHtmlEscaped()));
        return replan();
    }
    m_certPem = issued->certificatePem;
    m_keyPem = Pki::SecretBytes(issued->privateKeyPem.reveal());
    m_issuedFor = request.imei;
    const QString stem = QStringLiteral("dev-%1").arg(request.imei);
    m_certName->setText(stem + QStringLiteral(".crt"));
    m_keyName->setText(stem + QStringLiteral(".key"));
    setMessage(tr("Issued <b>%1</b> (serial %2). The certificate is in the CA's registry; the key exists only here "
                  "until it is uploaded.")
                   .arg(issued->record.subject.toHtmlEscaped(), issued->record.serialHex));
    replan();
    // The passphrase proved right: store it when the user opted in to the keyring.
    auto answer = std::make_shared<PassphraseAnswer>(PassphraseAnswer{Pki::SecretBytes(passphrase->reveal()), remember});
    QPointer<ClientPage> self(this);
    wizard->passphraseSource()->rememberIfAsked(folder, *answer, [self, answer](Result<void> stored) {
        if (self && !stored)
            self->setMessage(self->m_message->text() + QStringLiteral("<br>")
                             + tr("Not remembered: %1").arg(stored.error().message.toHtmlEscaped()));
    });
}

} // namespace ModemBench::Ui
