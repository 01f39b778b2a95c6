#include "ui/certwizardpages.h"

#include "ui/certificatewizard.h"
#include "ui/keyringstore.h"
#include "ui/passphrasesource.h"
#include "ui/pkitask.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpressionValidator>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTimer>
#include <QVBoxLayout>

namespace ModemBench::Ui {

namespace {
const QString kLastCaKey = QStringLiteral("pki/lastCaFolder");
const QString kKeyTypeKey = QStringLiteral("pki/keyType");
// Lets the busy indicator paint before a step that blocks the GUI thread (CA create and open).
constexpr int kPaintDelayMs = 30;

QString defaultCaFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath(QStringLiteral("ca"));
}

// openssl's one-line subject form; the validator keeps '/' and '=' out of the fields.
QString subjectPart(const QString &key, const QString &value)
{
    const QString trimmed = value.trimmed();
    return trimmed.isEmpty() ? QString() : QStringLiteral("/%1=%2").arg(key, trimmed);
}
} // namespace

void fillKeyKindCombo(QComboBox *combo, Pki::KeyKind selected)
{
    using Pki::KeyKind;
    combo->clear();
    combo->addItem(QObject::tr("RSA 2048 (recommended: every SIM7000/SIM7080 accepts it)"), Pki::keyKindName(KeyKind::Rsa2048));
    combo->addItem(QObject::tr("RSA 3072"), Pki::keyKindName(KeyKind::Rsa3072));
    combo->addItem(QObject::tr("RSA 4096 (slow to generate and on the modem)"), Pki::keyKindName(KeyKind::Rsa4096));
    combo->addItem(QObject::tr("ECDSA P-256 (verify on your firmware)"), Pki::keyKindName(KeyKind::P256));
    combo->setItemData(3, QObject::tr("SIM7000/SIM7080 firmware may refuse an ECDSA key in AT+CSSLCFG=\"convert\": "
                                      "try it on your module before rolling it out."),
                       Qt::ToolTipRole);
    combo->setCurrentIndex(qMax(0, combo->findData(Pki::keyKindName(selected))));
}

Pki::KeyKind comboKeyKind(const QComboBox *combo)
{
    return Pki::parseKeyKind(combo->currentData().toString()).value_or(Pki::KeyKind::Rsa2048);
}

// ---- PkiPage ----

PkiPage::PkiPage(const QString &title, const QString &subTitle, const QString &actionText, QWidget *parent)
    : QWizardPage(parent)
    , m_task(new PkiTask(this))
{
    setTitle(title);
    setSubTitle(subTitle);
    m_form = new QWidget(this);
    m_action = new QPushButton(actionText, this);
    m_action->setObjectName(QStringLiteral("pkiAction"));
    m_action->setDefault(false);
    m_action->setAutoDefault(false);
    // "Stop", not "Cancel": the wizard's own Cancel closes it.
    m_cancel = new QPushButton(tr("&Stop"), this);
    m_cancel->setObjectName(QStringLiteral("pkiCancel"));
    m_cancel->setToolTip(tr("Stop waiting for the key; nothing is issued or written"));
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_progress->setFormat(QString());
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("pkiMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setMinimumHeight(m_message->fontMetrics().lineSpacing() * 3);
    m_message->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_action);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_form);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addStretch(1);

    connect(m_action, &QPushButton::clicked, this, [this] {
        if (!m_busy)
            run();
    });
    connect(m_cancel, &QPushButton::clicked, this, &PkiPage::cancel);
    connect(m_task, &PkiTask::ticked, this, [this](qint64 ms) {
        m_progress->setFormat(tr("%1… %2 s").arg(m_busyText).arg(ms / 1000));
    });
    connect(m_task, &PkiTask::cancelled, this, [this] {
        setBusy(false);
        m_progress->setFormat(tr("Cancelled"));
        m_message->setText(tr("Cancelled; nothing was issued or written. Press %1 to start again.")
                               .arg(m_action->text().remove(QLatin1Char('&'))));
        Q_EMIT operationFinished(false);
    });
}

CertificateWizard *PkiPage::certWizard() const
{
    return qobject_cast<CertificateWizard *>(wizard());
}

void PkiPage::cancel()
{
    m_task->cancel();
}

void PkiPage::setBusy(bool busy, const QString &what)
{
    m_busy = busy;
    m_busyText = what;
    m_action->setEnabled(!busy);
    m_cancel->setEnabled(busy && m_task->isRunning());
    m_form->setEnabled(!busy);
    if (busy) {
        m_succeeded = false;
        m_message->setText(what + QStringLiteral("…"));
        m_progress->setRange(0, 0);
        m_progress->setFormat(what + QStringLiteral("…"));
    } else {
        m_progress->setRange(0, 1);
    }
    Q_EMIT completeChanged();
}

void PkiPage::finishWithFailure(const QString &text)
{
    setBusy(false);
    m_succeeded = false;
    m_progress->setValue(0);
    m_progress->setFormat(tr("Failed"));
    m_message->setText(QStringLiteral("<span style=\"color:#c62828\">✘</span> ") + text.toHtmlEscaped());
    Q_EMIT completeChanged();
    Q_EMIT operationFinished(false);
}

void PkiPage::finishWithSuccess(const QString &text)
{
    setBusy(false);
    m_succeeded = true;
    m_progress->setValue(1);
    m_progress->setFormat(tr("Done"));
    m_message->setText(QStringLiteral("<span style=\"color:#2e7d32\">✔</span> ") + text);
    Q_EMIT completeChanged();
    Q_EMIT operationFinished(true);
}

// ---- CaPage ----

CaPage::CaPage(QWidget *parent)
    : PkiPage(tr("Certificate Authority"),
              tr("Your own CA signs the server and device certificates. Create one once and keep its folder and "
                 "passphrase safe, or open the one you made before."),
              tr("&Create CA"), parent)
{
    m_create = new QRadioButton(tr("Create a &new CA"), m_form);
    m_create->setObjectName(QStringLiteral("caCreate"));
    m_open = new QRadioButton(tr("&Open an existing CA"), m_form);
    m_open->setObjectName(QStringLiteral("caOpen"));
    m_create->setChecked(true);
    auto *mode = new QButtonGroup(this);
    mode->addButton(m_create);
    mode->addButton(m_open);
    auto *modeRow = new QHBoxLayout;
    modeRow->addWidget(m_create);
    modeRow->addWidget(m_open);
    modeRow->addStretch(1);

    m_folder = new QLineEdit(m_form);
    m_folder->setObjectName(QStringLiteral("caFolder"));
    m_browse = new QPushButton(tr("C&hoose…"), m_form);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(m_browse);
    m_folderInfo = new QLabel(m_form);
    m_folderInfo->setWordWrap(true);
    m_folderInfo->setForegroundRole(QPalette::PlaceholderText);

    m_newGroup = new QGroupBox(tr("New CA"), m_form);
    m_key = new QComboBox(m_newGroup);
    m_key->setObjectName(QStringLiteral("caKeyType"));
    m_years = new QSpinBox(m_newGroup);
    m_years->setObjectName(QStringLiteral("caYears"));
    m_years->setRange(1, 50);
    m_years->setValue(30);
    m_years->setSuffix(tr(" years"));
    m_years->setToolTip(tr("A root outlives every device it signs: 30 years is the default, 50 the most"));
    const auto *noSlash = new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[^/=]*")), this);
    m_commonName = new QLineEdit(QStringLiteral("ModemBench Root CA"), m_newGroup);
    m_commonName->setObjectName(QStringLiteral("caCommonName"));
    m_commonName->setValidator(noSlash);
    m_organization = new QLineEdit(m_newGroup);
    m_organization->setPlaceholderText(tr("optional, e.g. Acme Sensors GmbH"));
    m_organization->setValidator(noSlash);
    m_country = new QLineEdit(m_newGroup);
    m_country->setPlaceholderText(tr("optional, two letters, e.g. DE"));
    m_country->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[A-Za-z]{0,2}")), this));
    m_country->setMaxLength(2);
    auto *newForm = new QFormLayout(m_newGroup);
    newForm->addRow(tr("&Key type:"), m_key);
    newForm->addRow(tr("&Valid for:"), m_years);
    newForm->addRow(tr("Common &name (CN):"), m_commonName);
    newForm->addRow(tr("Or&ganization (O):"), m_organization);
    newForm->addRow(tr("Co&untry (C):"), m_country);

    m_origin = new QComboBox(m_form);
    m_origin->setObjectName(QStringLiteral("passphraseOrigin"));
    m_originNote = new QLabel(m_form);
    m_originNote->setWordWrap(true);
    m_originNote->setForegroundRole(QPalette::PlaceholderText);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("CA folder:"), folderRow); // a layout cannot be a label buddy: no &
    form->addRow(QString(), m_folderInfo);
    form->addRow(tr("&Passphrase from:"), m_origin);
    form->addRow(QString(), m_originNote);
    auto *layout = new QVBoxLayout(m_form);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(modeRow);
    layout->addLayout(form);
    layout->addWidget(m_newGroup);

    connect(m_create, &QRadioButton::toggled, this, &CaPage::onModeChanged);
    connect(m_folder, &QLineEdit::textChanged, this, &CaPage::onFolderChanged);
    connect(m_origin, &QComboBox::currentIndexChanged, this, &CaPage::updatePassphraseNote);
    connect(m_browse, &QPushButton::clicked, this, [this] {
        if (CertificateWizard *owner = certWizard())
            owner->directoryChooser()(this, DirectoryRequest{isCreating() ? tr("Folder for the New CA") : tr("CA Folder"),
                                                             m_folder->text()},
                                      [this](const QString &path) { m_folder->setText(QDir::toNativeSeparators(path)); });
    });
}

void CaPage::initializePage()
{
    QSettings settings;
    const QString last = settings.value(kLastCaKey).toString();
    const auto key = Pki::parseKeyKind(settings.value(kKeyTypeKey).toString()).value_or(Pki::KeyKind::Rsa2048);
    fillKeyKindCombo(m_key, key);
    // A CA made before is what most returning users want to open.
    const bool existing = !last.isEmpty() && QFileInfo::exists(QDir(last).filePath(QStringLiteral("ca.crt")));
    (existing ? m_open : m_create)->setChecked(true);
    m_folder->setText(QDir::toNativeSeparators(last.isEmpty() ? defaultCaFolder() : last));
    onModeChanged();
}

bool CaPage::isCreating() const
{
    return m_create->isChecked();
}

bool CaPage::isComplete() const
{
    const CertificateWizard *owner = qobject_cast<CertificateWizard *>(wizard());
    return !isBusy() && owner && const_cast<CertificateWizard *>(owner)->authority();
}

QString CaPage::subject() const
{
    return subjectPart(QStringLiteral("C"), m_country->text().toUpper())
        + subjectPart(QStringLiteral("O"), m_organization->text())
        + subjectPart(QStringLiteral("CN"), m_commonName->text());
}

void CaPage::onModeChanged()
{
    m_newGroup->setVisible(isCreating());
    actionButton()->setText(isCreating() ? tr("&Create CA") : tr("&Open CA"));
    onFolderChanged();
}

void CaPage::onFolderChanged()
{
    const QString folder = QDir::fromNativeSeparators(m_folder->text().trimmed());
    // A different folder or mode means a different CA: the one opened before no longer applies.
    if (CertificateWizard *owner = certWizard(); owner && owner->authority()
        && KeyringStore::keyFor(owner->caDirectory()) != KeyringStore::keyFor(folder)) {
        owner->closeAuthority();
        message()->clear();
    }
    const bool hasCa = !folder.isEmpty() && QFileInfo::exists(QDir(folder).filePath(QStringLiteral("ca.crt")));
    if (hasCa) {
        const Result<Pki::CaInfo> info = Pki::CertificateAuthority::inspect(folder);
        m_folderInfo->setText(info ? tr("Holds the CA %1, valid until %2.")
                                         .arg(info->subject, QLocale().toString(info->notAfter.date(), QLocale::ShortFormat))
                                   : tr("Holds a CA that cannot be read: %1").arg(info.error().message));
    } else {
        m_folderInfo->setText(isCreating() ? tr("Created with mode 0700 if it does not exist; it must not hold a CA yet.")
                                           : tr("No CA here yet (no ca.crt): choose its folder, or create a new CA."));
    }
    if (isCreating() && hasCa)
        m_folderInfo->setText(m_folderInfo->text() + QLatin1Char(' ') + tr("Choose Open, or another folder."));
    PassphraseSource::fillOriginCombo(m_origin, folder);
    updatePassphraseNote();
    Q_EMIT completeChanged();
}

void CaPage::updatePassphraseNote()
{
    switch (PassphraseSource::comboOrigin(m_origin)) {
    case PassphraseOrigin::Environment:
        m_originNote->setText(tr("MODEMBENCH_CA_PASSPHRASE is set: its value is used, nothing is asked."));
        break;
    case PassphraseOrigin::Keyring:
        m_originNote->setText(tr("Read from the desktop keyring, where you chose to remember it."));
        break;
    case PassphraseOrigin::File:
        m_originNote->setText(tr("You choose the file when you press the button; it must be readable by you only (0600)."));
        break;
    case PassphraseOrigin::Prompt:
        m_originNote->setText(isCreating() ? tr("You type it twice; it is never stored unless you opt in to the keyring.")
                                           : tr("You type it; it is never stored unless you opt in to the keyring."));
        break;
    }
}

void CaPage::run()
{
    CertificateWizard *owner = certWizard();
    const QString folder = QDir::fromNativeSeparators(m_folder->text().trimmed());
    if (!owner)
        return;
    if (folder.isEmpty())
        return finishWithFailure(tr("Choose a folder for the CA first."));
    const bool creating = isCreating();
    if (!creating && !QFileInfo::exists(QDir(folder).filePath(QStringLiteral("ca.crt"))))
        return finishWithFailure(tr("%1 holds no CA (no ca.crt). Choose the folder you created it in, or create a new CA.")
                                     .arg(QDir::toNativeSeparators(folder)));
    owner->closeAuthority();
    message()->setText(tr("Waiting for the passphrase…"));
    const PassphraseRequest request{creating ? PassphraseRequest::Mode::NewCa : PassphraseRequest::Mode::Unlock, folder,
                                    creating ? QString() : tr("to issue certificates")};
    QPointer<CaPage> self(this);
    owner->passphraseSource()->obtain(PassphraseSource::comboOrigin(m_origin), request,
                                      [self, folder, creating](Result<PassphraseAnswer> answer) {
                                          if (!self)
                                              return;
                                          if (!answer)
                                              return self->finishWithFailure(answer.error().message);
                                          self->execute(*answer, folder, creating);
                                      });
}

void CaPage::execute(const PassphraseAnswer &answer, const QString &folder, bool creating)
{
    auto shared = std::make_shared<PassphraseAnswer>(PassphraseAnswer{Pki::SecretBytes(answer.passphrase.reveal()),
                                                                       answer.remember});
    Pki::CaOptions options;
    options.key = comboKeyKind(m_key);
    options.years = m_years->value();
    options.subject = subject();
    QPointer<CaPage> self(this);
    if (creating) {
        // The key on a worker thread (an RSA-4096 key takes seconds), the CA written here: the CA
        // object and its SQLite connection must live on this thread.
        task()->start(options.key, [self, shared, folder, options](Result<Pki::PrivateKey> key) {
            if (!self)
                return;
            if (!key)
                return self->finishWithFailure(key.error().message);
            self->finishCa(Pki::CertificateAuthority::create(folder, options, shared->passphrase, std::move(*key)),
                           *shared, folder, true, options);
        });
        setBusy(true, tr("Generating the %1 CA key").arg(Pki::keyKindName(options.key).toUpper()));
        return;
    }
    // open() runs the key's KDF (~0.3 s) on this thread: show the busy state first.
    setBusy(true, tr("Unlocking the CA key"));
    QTimer::singleShot(kPaintDelayMs, this, [self, shared, folder, options] {
        if (self)
            self->finishCa(Pki::CertificateAuthority::open(folder, shared->passphrase), *shared, folder, false, options);
    });
}

void CaPage::finishCa(Result<Pki::CertificateAuthority> authority, const PassphraseAnswer &answer,
                      const QString &folder, bool creating, const Pki::CaOptions &options)
{
    CertificateWizard *owner = certWizard();
    if (!owner)
        return;
    if (!authority) {
        const QString hint = authority.error().message.contains(QLatin1String("passphrase"))
            ? tr(" Check the passphrase (Caps Lock?) and its source, then press Open CA again.")
            : QString();
        return finishWithFailure(authority.error().message + hint);
    }
    const Pki::CaInfo info = authority->info();
    owner->setAuthority(std::move(*authority), folder);
    QSettings settings;
    settings.setValue(kLastCaKey, folder);
    if (creating)
        settings.setValue(kKeyTypeKey, Pki::keyKindName(options.key));
    finishWithSuccess((creating ? tr("Created the CA <b>%1</b> in %2.") : tr("Opened the CA <b>%1</b> in %2."))
                          .arg(info.subject.toHtmlEscaped(), QDir::toNativeSeparators(folder).toHtmlEscaped())
                      + QStringLiteral("<br>") + tr("SHA-256 fingerprint: <tt>%1</tt>").arg(info.sha256Fingerprint));
    QPointer<CaPage> self(this);
    auto remembered = std::make_shared<PassphraseAnswer>(PassphraseAnswer{Pki::SecretBytes(answer.passphrase.reveal()),
                                                                           answer.remember});
    owner->passphraseSource()->rememberIfAsked(folder, *remembered, [self, remembered](Result<void> stored) {
        if (self && !stored)
            self->message()->setText(self->message()->text() + QStringLiteral("<br>")
                                     + tr("Not remembered: %1").arg(stored.error().message.toHtmlEscaped()));
    });
}

} // namespace ModemBench::Ui
