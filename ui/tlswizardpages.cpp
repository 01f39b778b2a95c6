// The TLS wizard's first page, the root of trust. Declared in tlswizardpages.h; the client
// certificate page is in tlswizardclient.cpp, install in tlswizardinstall.cpp, connection in
// tlswizardconnection.cpp and the test in tlswizardtest.cpp.

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


// ---- RootPage ----

RootPage::RootPage(QWidget *parent)
    : QWizardPage(parent)
{
    setTitle(tr("Root of Trust"));
    setSubTitle(tr("The CA certificate the modem checks the server against. Nothing is sent to the modem before "
                   "the Install page."));
    m_modemLabel = new QLabel(this);
    m_modemLabel->setObjectName(QStringLiteral("tlsModem"));
    m_modemLabel->setWordWrap(true);
    m_fileButton = new QRadioButton(tr("A CA certificate &file:"), this);
    m_fileButton->setObjectName(QStringLiteral("caFromFile"));
    m_filePath = new QLineEdit(this);
    m_filePath->setObjectName(QStringLiteral("caFilePath"));
    m_filePath->setPlaceholderText(tr("PEM, e.g. the server's root CA or ISRG Root X1"));
    m_chooseFile = chooseButton(tr("C&hoose…"), this);
    m_ourCaButton = new QRadioButton(tr("&Our CA (made with the Certificate Wizard):"), this);
    m_ourCaButton->setObjectName(QStringLiteral("caFromOurCa"));
    m_caFolder = new QLineEdit(this);
    m_caFolder->setObjectName(QStringLiteral("caFolder"));
    m_caFolder->setPlaceholderText(tr("the CA folder (holds ca.crt)"));
    m_chooseFolder = chooseButton(tr("Choose fol&der…"), this);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("caModemName"));
    m_name->setMaxLength(kCfsMaxName + 20); // longer is refused with a reason, not cut silently
    auto *nameLabel = new QLabel(tr("Na&me on the modem:"), this);
    nameLabel->setBuddy(m_name);
    m_nameHint = new QLabel(this);
    m_nameHint->setObjectName(QStringLiteral("caNameHint"));
    m_nameHint->setWordWrap(true);
    m_planView = new FindingsView(this);
    m_planView->setObjectName(QStringLiteral("caPlan"));

    auto *grid = new QGridLayout;
    grid->addWidget(m_fileButton, 0, 0);
    grid->addWidget(m_filePath, 0, 1);
    grid->addWidget(m_chooseFile, 0, 2);
    grid->addWidget(m_ourCaButton, 1, 0);
    grid->addWidget(m_caFolder, 1, 1);
    grid->addWidget(m_chooseFolder, 1, 2);
    grid->addWidget(nameLabel, 2, 0);
    grid->addWidget(m_name, 2, 1, 1, 2);
    grid->addWidget(m_nameHint, 3, 1, 1, 2);
    grid->setColumnStretch(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_modemLabel);
    layout->addLayout(grid);
    layout->addWidget(new QLabel(tr("<b>Checked before anything is sent:</b>"), this));
    layout->addWidget(m_planView, 1);

    m_fileButton->setChecked(true);
    connect(m_fileButton, &QRadioButton::toggled, this, &RootPage::reload);
    connect(m_filePath, &QLineEdit::textChanged, this, &RootPage::reload);
    connect(m_caFolder, &QLineEdit::textChanged, this, &RootPage::reload);
    connect(m_name, &QLineEdit::textEdited, this, [this] { m_nameEdited = true; });
    connect(m_name, &QLineEdit::textChanged, this, &RootPage::replan);
    connect(m_chooseFile, &QPushButton::clicked, this, &RootPage::chooseFile);
    connect(m_chooseFolder, &QPushButton::clicked, this, &RootPage::chooseFolder);
    setTabOrder(m_fileButton, m_filePath);
    setTabOrder(m_filePath, m_chooseFile);
    setTabOrder(m_chooseFile, m_ourCaButton);
    setTabOrder(m_ourCaButton, m_caFolder);
    setTabOrder(m_caFolder, m_chooseFolder);
    setTabOrder(m_chooseFolder, m_name);
}

TlsWizard *RootPage::owner() const
{
    return qobject_cast<TlsWizard *>(wizard());
}

void RootPage::initializePage()
{
    QSettings settings;
    if (m_caFolder->text().isEmpty())
        m_caFolder->setText(QDir::toNativeSeparators(settings.value(TlsWizardSettings::kLastCaFolder).toString()));
    if (m_filePath->text().isEmpty())
        m_filePath->setText(QDir::toNativeSeparators(settings.value(TlsWizardSettings::kCaFile).toString()));
    if (settings.value(TlsWizardSettings::kCaSource).toString() == QLatin1String("ourca"))
        m_ourCaButton->setChecked(true);
    if (TlsWizard *wizard = owner())
        connect(wizard, &TlsWizard::modemRead, this, &RootPage::updateModemLabel, Qt::UniqueConnection);
    updateModemLabel();
    reload();
}

void RootPage::updateModemLabel()
{
    if (TlsWizard *wizard = owner())
        m_modemLabel->setText(tr("Modem: %1").arg(wizard->modemSummary().toHtmlEscaped()));
}

QString RootPage::caFolder() const
{
    return QDir::fromNativeSeparators(m_caFolder->text().trimmed());
}

QString RootPage::modemName() const
{
    return m_name->text().trimmed();
}

void RootPage::chooseFile()
{
    TlsWizard *wizard = owner();
    if (!wizard)
        return;
    const QString start = m_filePath->text().isEmpty() ? QDir::homePath() : QFileInfo(m_filePath->text()).absolutePath();
    wizard->openFileChooser()(this, OpenFileRequest{tr("CA Certificate"), start,
                                                    tr("Certificates (*.pem *.crt *.cer);;All files (*)")},
                              [this](const QString &path) {
                                  m_fileButton->setChecked(true);
                                  m_filePath->setText(QDir::toNativeSeparators(path));
                              });
}

void RootPage::chooseFolder()
{
    if (TlsWizard *wizard = owner())
        wizard->directoryChooser()(this, DirectoryRequest{tr("CA Folder"), caFolder()}, [this](const QString &path) {
            m_ourCaButton->setChecked(true);
            m_caFolder->setText(QDir::toNativeSeparators(path));
        });
}

void RootPage::reload()
{
    m_caPem.clear();
    m_readError.clear();
    QString defaultName;
    if (m_fileButton->isChecked()) {
        const QString path = QDir::fromNativeSeparators(m_filePath->text().trimmed());
        Result<QByteArray> bytes = readSmall(path);
        if (bytes)
            m_caPem = *bytes;
        else
            m_readError = bytes.error().message;
        defaultName = QFileInfo(path).fileName();
    } else {
        // The CA certificate is public: no passphrase is needed to read it.
        const QString folder = caFolder();
        Result<Pki::CaInfo> info = folder.isEmpty() ? fail(ErrorCode::Usage, tr("Choose the CA folder."))
                                                    : Pki::CertificateAuthority::inspect(folder);
        Result<QByteArray> bytes = info ? readSmall(QDir(folder).filePath(QStringLiteral("ca.crt")))
                                        : Result<QByteArray>(std::unexpected(info.error()));
        if (bytes)
            m_caPem = *bytes;
        else
            m_readError = bytes.error().message;
        defaultName = kOurCaName;
    }
    if (!m_nameEdited && !defaultName.isEmpty() && m_name->text() != defaultName)
        m_name->setText(defaultName); // replans
    else
        replan();
}

void RootPage::replan()
{
    m_plan.reset();
    const QString name = modemName();
    const Result<void> nameOk = checkCfsName(name);
    if (name.isEmpty())
        m_nameHint->setText(tr("Up to %1 ASCII characters, without / \" or comma.").arg(kCfsMaxName));
    else
        m_nameHint->setText(nameOk ? tr("%1 of %2 characters").arg(name.size()).arg(kCfsMaxName)
                                   : QStringLiteral("<span style=\"color:#c62828\">%1</span>")
                                         .arg(nameOk.error().message.toHtmlEscaped()));
    if (!m_readError.isEmpty()) {
        m_planView->setFindings(problemRows(QStringLiteral("file"), m_readError));
    } else if (!nameOk) {
        m_planView->setFindings(problemRows(QStringLiteral("names"), nameOk.error().message));
    } else if (Result<PreparedInstall> plan = prepareCaInstall(m_caPem, name); !plan) {
        m_planView->setFindings(problemRows(QStringLiteral("ca"), plan.error().message));
    } else {
        const qsizetype bytes = plan->totalBytes();
        m_plan = *plan;
        const qsizetype count = m_caPem.count("-----BEGIN CERTIFICATE-----");
        const QString certificates = count == 1 ? tr("1 certificate") : tr("%1 certificates").arg(count);
        m_planView->setFindings(planRows(*plan, tr("Ready: %1 bytes (%2) go to the modem as %3.")
                                                    .arg(bytes)
                                                    .arg(certificates, name)));
    }
    Q_EMIT completeChanged();
}

bool RootPage::isComplete() const
{
    return m_plan.has_value();
}

bool RootPage::validatePage()
{
    QSettings settings;
    settings.setValue(TlsWizardSettings::kCaSource, m_ourCaButton->isChecked() ? QStringLiteral("ourca") : QStringLiteral("file"));
    if (m_fileButton->isChecked())
        settings.setValue(TlsWizardSettings::kCaFile, QDir::fromNativeSeparators(m_filePath->text().trimmed()));
    return true;
}

} // namespace ModemBench::Ui
