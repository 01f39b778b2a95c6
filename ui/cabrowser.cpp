#include "ui/cabrowser.h"

#include "ui/messagebanner.h"
#include "ui/passphrasesource.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace ModemBench::Ui {

namespace {
const QString kLastCaKey = QStringLiteral("pki/lastCaFolder");
constexpr int kPaintDelayMs = 30;

const QColor kRevokedBackground(0xfd, 0xe0, 0xe0);
const QColor kExpiringBackground(0xff, 0xf0, 0xc8);
const QColor kExpiredBackground(0xe4, 0xe4, 0xe4);

QString dateText(const QDateTime &when)
{
    return QLocale().toString(when.toLocalTime(), QStringLiteral("yyyy-MM-dd"));
}

int daysLeft(const Pki::IssuedCertificate &certificate)
{
    return int(QDateTime::currentDateTimeUtc().daysTo(certificate.notAfter.toUTC()));
}

QString kindText(Pki::CertKind kind)
{
    switch (kind) {
    case Pki::CertKind::Ca: return CaBrowser::tr("CA");
    case Pki::CertKind::Server: return CaBrowser::tr("Server");
    case Pki::CertKind::Device: return CaBrowser::tr("Device");
    }
    return QString();
}

QString statusText(const Pki::IssuedCertificate &certificate)
{
    switch (certificate.status) {
    case Pki::CertStatus::Revoked:
        return certificate.revocationReason
            ? CaBrowser::tr("Revoked (%1)").arg(Pki::revocationReasonName(*certificate.revocationReason))
            : CaBrowser::tr("Revoked");
    case Pki::CertStatus::Expired: return CaBrowser::tr("Expired");
    case Pki::CertStatus::Valid: break;
    }
    const int days = daysLeft(certificate);
    return days <= CaBrowser::kExpiryWarningDays ? CaBrowser::tr("Expires in %n day(s)", nullptr, days)
                                                 : CaBrowser::tr("Valid");
}

QByteArray readFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = CaBrowser::tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return {};
    }
    return file.readAll();
}

Result<void> saveFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return fail(ErrorCode::Usage, CaBrowser::tr("Cannot write %1: %2. Choose a folder you can write to.")
                                          .arg(QDir::toNativeSeparators(path), file.errorString()));
    return {};
}
} // namespace

// ---- RevokeDialog ----

RevokeDialog::RevokeDialog(const Pki::IssuedCertificate &certificate, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Revoke Certificate"));
    auto *text = new QLabel(tr("Revoke <b>%1</b> (serial %2)?<br><br>Revocation cannot be undone. Servers learn of "
                               "it from the next CRL you publish (Export CRL…).")
                                .arg(certificate.subject.toHtmlEscaped(), certificate.serialHex),
                            this);
    text->setWordWrap(true);
    m_reason = new QComboBox(this);
    m_reason->setObjectName(QStringLiteral("revocationReason"));
    using R = Pki::RevocationReason;
    const QList<QPair<R, QString>> reasons{{R::Unspecified, tr("Unspecified")},
                                           {R::KeyCompromise, tr("Key compromise (the key leaked)")},
                                           {R::AffiliationChanged, tr("Affiliation changed")},
                                           {R::Superseded, tr("Superseded (replaced by a new certificate)")},
                                           {R::CessationOfOperation, tr("Cessation of operation (device retired)")}};
    for (const auto &[reason, label] : reasons)
        m_reason->addItem(label, int(reason));
    auto *form = new QFormLayout;
    form->addRow(tr("&Reason:"), m_reason);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Revoke"));
    buttons->button(QDialogButtonBox::Cancel)->setDefault(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addLayout(form);
    layout->addWidget(buttons);
    setMinimumWidth(440);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

Pki::RevocationReason RevokeDialog::reason() const
{
    return Pki::RevocationReason(m_reason->currentData().toInt());
}

// ---- CaBrowser ----

CaBrowser::CaBrowser(QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_saveChooser(defaultSaveFileChooser())
    , m_directoryChooser(defaultDirectoryChooser())
    , m_passphrases(new PassphraseSource(this))
{
    setWindowTitle(tr("CA Browser"));
    m_folder = new QLineEdit(this);
    m_folder->setObjectName(QStringLiteral("browserFolder"));
    auto *choose = new QPushButton(tr("C&hoose…"), this);
    auto *reload = new QPushButton(tr("Re&load"), this);
    m_caLabel = new QLabel(this);
    m_caLabel->setObjectName(QStringLiteral("browserCa"));
    m_caLabel->setWordWrap(true);
    m_caLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner = new MessageBanner(this);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("browserSearch"));
    m_search->setPlaceholderText(tr("Search serial, subject or IMEI"));
    m_search->setClearButtonEnabled(true);
    m_origin = new QComboBox(this);
    m_origin->setToolTip(tr("Where the passphrase comes from when revoking or publishing the CRL"));

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("browserTable"));
    m_table->setHorizontalHeaderLabels({tr("Serial"), tr("Kind"), tr("Subject"), tr("IMEI"), tr("Not after"), tr("Status")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(SubjectColumn, QHeaderView::Stretch);
    m_table->setAlternatingRowColors(false);
    m_details = new QPlainTextEdit(this);
    m_details->setObjectName(QStringLiteral("browserDetails"));
    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->setPlaceholderText(tr("Select a certificate to see its fingerprint, dates and PEM."));
    m_details->setLineWrapMode(QPlainTextEdit::NoWrap);

    m_revoke = new QPushButton(tr("&Revoke…"), this);
    m_exportBundle = new QPushButton(tr("Export PEM &Bundle…"), this);
    m_exportBundle->setToolTip(tr("The certificate followed by the CA certificate, in one PEM file"));
    m_exportCrl = new QPushButton(tr("Export &CRL…"), this);
    m_exportCrl->setToolTip(tr("Publishes a new CRL with every revoked serial (needs the passphrase) and saves it"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("browserStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(new QLabel(tr("CA folder:"), this));
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(choose);
    folderRow->addWidget(reload);
    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 2);
    searchRow->addWidget(new QLabel(tr("Passphrase from:"), this));
    searchRow->addWidget(m_origin, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_revoke);
    buttons->addWidget(m_exportBundle);
    buttons->addWidget(m_exportCrl);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(folderRow);
    layout->addWidget(m_caLabel);
    layout->addWidget(m_banner);
    layout->addLayout(searchRow);
    layout->addWidget(splitter, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    resize(1000, 680);

    connect(m_folder, &QLineEdit::editingFinished, this, [this] {
        if (QDir::fromNativeSeparators(m_folder->text().trimmed()) != m_directory)
            openDirectory(QDir::fromNativeSeparators(m_folder->text().trimmed()));
    });
    connect(choose, &QPushButton::clicked, this, [this] {
        m_directoryChooser(this, DirectoryRequest{tr("CA Folder"), m_directory},
                           [this](const QString &path) { openDirectory(path); });
    });
    connect(reload, &QPushButton::clicked, this, &CaBrowser::refresh);
    connect(m_search, &QLineEdit::textChanged, this, &CaBrowser::refresh);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        showDetails();
        updateButtons();
    });
    connect(m_revoke, &QPushButton::clicked, this, &CaBrowser::requestRevoke);
    connect(m_exportBundle, &QPushButton::clicked, this, &CaBrowser::exportBundle);
    connect(m_exportCrl, &QPushButton::clicked, this, &CaBrowser::exportCrl);

    const QString last = QSettings().value(kLastCaKey).toString();
    if (!last.isEmpty())
        openDirectory(last);
    else
        updateButtons();
}

CaBrowser::~CaBrowser() = default;

void CaBrowser::setPassphrasePrompt(PassphrasePrompt prompt)
{
    m_passphrases->setPrompt(std::move(prompt));
}

void CaBrowser::openDirectory(const QString &directory)
{
    if (directory != m_directory)
        m_authority.reset(); // a different CA: the one unlocked before no longer applies
    m_directory = directory;
    m_folder->setText(QDir::toNativeSeparators(directory));
    PassphraseSource::fillOriginCombo(m_origin, directory);
    m_status->clear();
    refresh();
}

void CaBrowser::refresh()
{
    const std::optional<Pki::IssuedCertificate> selected = selectedCertificate();
    m_rows.clear();
    m_banner->hide();
    if (m_directory.isEmpty()) {
        m_caLabel->setText(tr("Choose the folder of a CA made with the Certificate Wizard or `modembench-cli ca init`."));
        fillTable({});
        return;
    }
    const Result<Pki::CaInfo> info = Pki::CertificateAuthority::inspect(m_directory);
    if (!info) {
        m_caLabel->setText(QStringLiteral("<span style=\"color:#c62828\">✘</span> ")
                           + tr("%1 Choose the folder that holds ca.crt and registry.sqlite.")
                                 .arg(info.error().message.toHtmlEscaped()));
        fillTable({});
        return;
    }
    m_caLabel->setText(tr("<b>%1</b> · %2 · valid until %3 · last CRL: %4<br>SHA-256 <tt>%5</tt>")
                           .arg(info->subject.toHtmlEscaped(), Pki::keyKindName(info->key).toUpper(),
                                dateText(info->notAfter),
                                info->crlNumber > 0 ? tr("number %1").arg(info->crlNumber) : tr("none published yet"),
                                info->sha256Fingerprint));
    const Result<QList<Pki::IssuedCertificate>> rows = Pki::CertificateAuthority::list(m_directory, m_search->text().trimmed());
    if (!rows) {
        report(false, rows.error().message);
        fillTable({});
        return;
    }
    m_rows = *rows;
    fillTable(m_rows);
    if (selected)
        selectSerial(selected->serialHex);
    showExpiryWarnings();
    Q_EMIT refreshed();
}

void CaBrowser::fillTable(const QList<Pki::IssuedCertificate> &certificates)
{
    m_table->setSortingEnabled(false);
    m_table->setRowCount(int(certificates.size()));
    for (int row = 0; row < certificates.size(); ++row) {
        const Pki::IssuedCertificate &certificate = certificates.at(row);
        const QStringList texts{certificate.serialHex, kindText(certificate.kind), certificate.subject, certificate.imei,
                                dateText(certificate.notAfter), statusText(certificate)};
        const bool expiring = certificate.status == Pki::CertStatus::Valid && daysLeft(certificate) <= kExpiryWarningDays;
        for (int column = 0; column < ColumnCount; ++column) {
            auto *item = new QTableWidgetItem(texts.at(column));
            item->setData(Qt::UserRole, certificate.serialHex);
            if (certificate.status == Pki::CertStatus::Revoked)
                item->setBackground(kRevokedBackground);
            else if (certificate.status == Pki::CertStatus::Expired)
                item->setBackground(kExpiredBackground);
            else if (expiring)
                item->setBackground(kExpiringBackground);
            if (column == StatusColumn && certificate.status != Pki::CertStatus::Valid) {
                QFont font = item->font();
                font.setBold(true);
                item->setFont(font);
            }
            if (column == SerialColumn || column == ImeiColumn)
                item->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
            m_table->setItem(row, column, item);
        }
    }
    showDetails();
    updateButtons();
}

bool CaBrowser::selectSerial(const QString &serialHex)
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, SerialColumn)->text().compare(serialHex, Qt::CaseInsensitive) == 0) {
            m_table->selectRow(row);
            return true;
        }
    }
    return false;
}

std::optional<Pki::IssuedCertificate> CaBrowser::selectedCertificate() const
{
    const QList<QTableWidgetItem *> items = m_table->selectedItems();
    if (items.isEmpty())
        return std::nullopt;
    const QString serial = items.first()->data(Qt::UserRole).toString();
    for (const Pki::IssuedCertificate &certificate : m_rows) {
        if (certificate.serialHex == serial)
            return certificate;
    }
    return std::nullopt;
}

void CaBrowser::showDetails()
{
    const std::optional<Pki::IssuedCertificate> certificate = selectedCertificate();
    if (!certificate) {
        m_details->clear();
        return;
    }
    QString error;
    const QByteArray pem = readFile(certificate->certificatePath, &error);
    QStringList lines{tr("Subject:      %1").arg(certificate->subject), tr("Serial:       %1").arg(certificate->serialHex),
                      tr("Kind:         %1").arg(kindText(certificate->kind))};
    if (!certificate->imei.isEmpty())
        lines << tr("IMEI:         %1").arg(certificate->imei);
    lines << tr("Not before:   %1").arg(certificate->notBefore.toUTC().toString(Qt::ISODate))
          << tr("Not after:    %1").arg(certificate->notAfter.toUTC().toString(Qt::ISODate))
          << tr("Status:       %1").arg(statusText(*certificate));
    if (certificate->status == Pki::CertStatus::Revoked && certificate->revokedAt.isValid())
        lines << tr("Revoked at:   %1").arg(certificate->revokedAt.toUTC().toString(Qt::ISODate));
    lines << tr("SHA-256:      %1").arg(certificate->sha256Fingerprint)
          << tr("File:         %1").arg(QDir::toNativeSeparators(certificate->certificatePath)) << QString()
          << (pem.isEmpty() ? error : QString::fromLatin1(pem).trimmed());
    m_details->setPlainText(lines.join(QLatin1Char('\n')));
}

void CaBrowser::updateButtons()
{
    const std::optional<Pki::IssuedCertificate> certificate = selectedCertificate();
    const bool haveCa = !m_directory.isEmpty() && m_caLabel->text().contains(QLatin1String("SHA-256"));
    m_revoke->setEnabled(certificate && certificate->status == Pki::CertStatus::Valid
                         && certificate->kind != Pki::CertKind::Ca);
    m_exportBundle->setEnabled(certificate.has_value());
    m_exportCrl->setEnabled(haveCa);
}

void CaBrowser::showExpiryWarnings()
{
    const Result<QList<Pki::IssuedCertificate>> expiring = Pki::CertificateAuthority::expiringWithin(m_directory, kExpiryWarningDays);
    if (!expiring || expiring->isEmpty())
        return;
    QStringList names;
    for (const Pki::IssuedCertificate &certificate : *expiring)
        names << tr("%1 (%2)").arg(certificate.subject, dateText(certificate.notAfter));
    const bool caExpiring = std::any_of(expiring->cbegin(), expiring->cend(),
                                        [](const Pki::IssuedCertificate &c) { return c.kind == Pki::CertKind::Ca; });
    m_banner->showMessage(caExpiring ? MessageBanner::Level::Error : MessageBanner::Level::Warning,
                          tr("%n certificate(s) expire within %1 days: %2. Issue replacements with the Certificate "
                             "Wizard and load them before the old ones run out.",
                             nullptr, int(expiring->size()))
                              .arg(kExpiryWarningDays)
                              .arg(names.join(QStringLiteral(", "))));
}

void CaBrowser::report(bool success, const QString &message)
{
    m_status->setText((success ? QStringLiteral("<span style=\"color:#2e7d32\">✔</span> ")
                               : QStringLiteral("<span style=\"color:#c62828\">✘</span> "))
                      + message.toHtmlEscaped());
    Q_EMIT operationFinished(success, message);
}

void CaBrowser::withAuthority(const QString &purpose, std::function<void(Pki::CertificateAuthority &)> then)
{
    if (m_authority)
        return then(*m_authority);
    const QString directory = m_directory;
    m_status->setText(tr("Waiting for the passphrase…"));
    QPointer<CaBrowser> self(this);
    m_passphrases->obtain(
        PassphraseSource::comboOrigin(m_origin), PassphraseRequest{PassphraseRequest::Mode::Unlock, directory, purpose},
        [self, directory, then](Result<PassphraseAnswer> answer) {
            if (!self || self->m_directory != directory)
                return;
            if (!answer)
                return self->report(false, answer.error().message);
            self->m_status->setText(tr("Unlocking the CA key…"));
            auto shared = std::make_shared<PassphraseAnswer>(std::move(*answer));
            // open() runs the key's KDF on this thread (the CA object must live here): paint first.
            QTimer::singleShot(kPaintDelayMs, self.data(), [self, directory, then, shared] {
                Result<Pki::CertificateAuthority> authority = Pki::CertificateAuthority::open(directory, shared->passphrase);
                if (!authority)
                    return self->report(false, authority.error().message
                                                   + tr(" Check the passphrase and its source (%1), then try again.")
                                                         .arg(self->m_origin->currentText()));
                self->m_authority.emplace(std::move(*authority));
                self->m_passphrases->rememberIfAsked(directory, *shared, [self](Result<void> stored) {
                    if (self && !stored)
                        self->m_banner->showMessage(MessageBanner::Level::Warning, stored.error().message);
                });
                then(*self->m_authority);
            });
        });
}

void CaBrowser::requestRevoke()
{
    const std::optional<Pki::IssuedCertificate> certificate = selectedCertificate();
    if (!certificate || m_revokeDialog)
        return;
    m_revokeDialog = new RevokeDialog(*certificate, this);
    m_revokeDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_revokeDialog, &QDialog::accepted, this, [this, certificate = *certificate] {
        revoke(certificate, m_revokeDialog->reason());
    });
    m_revokeDialog->open();
}

void CaBrowser::revoke(const Pki::IssuedCertificate &certificate, Pki::RevocationReason reason)
{
    withAuthority(tr("to revoke %1").arg(certificate.subject), [this, certificate, reason](Pki::CertificateAuthority &ca) {
        const Result<Pki::IssuedCertificate> revoked = ca.revoke(certificate.serialHex, reason);
        if (!revoked)
            return report(false, revoked.error().message);
        refresh();
        selectSerial(certificate.serialHex);
        report(true, tr("Revoked %1 (serial %2, %3). Export the CRL and install it on your server so it refuses this "
                        "certificate.")
                         .arg(certificate.subject, certificate.serialHex, Pki::revocationReasonName(reason)));
    });
}

void CaBrowser::exportBundle()
{
    const std::optional<Pki::IssuedCertificate> certificate = selectedCertificate();
    if (!certificate)
        return;
    const QString suggested = QDir(QFileInfo(certificate->certificatePath).absolutePath())
                                  .filePath(certificate->serialHex + QStringLiteral("-bundle.pem"));
    m_saveChooser(this, SaveFileRequest{tr("Export PEM Bundle"), suggested, tr("PEM files (*.pem);;All files (*)")},
                  [this, certificate = *certificate](const QString &path) {
                      QString error;
                      const QByteArray leaf = readFile(certificate.certificatePath, &error);
                      const QByteArray ca = error.isEmpty() ? readFile(QDir(m_directory).filePath(QStringLiteral("ca.crt")), &error)
                                                            : QByteArray();
                      if (!error.isEmpty())
                          return report(false, error);
                      QByteArray bundle = leaf;
                      if (!bundle.endsWith('\n'))
                          bundle += '\n';
                      bundle += ca;
                      if (const Result<void> saved = saveFile(path, bundle); !saved)
                          return report(false, saved.error().message);
                      report(true, tr("Wrote %1 (certificate, then the CA certificate).").arg(QDir::toNativeSeparators(path)));
                  });
}

void CaBrowser::exportCrl()
{
    if (m_directory.isEmpty())
        return;
    m_saveChooser(this, SaveFileRequest{tr("Export CRL"), QDir(m_directory).filePath(QStringLiteral("crl.pem")),
                                        tr("PEM files (*.pem *.crl);;All files (*)")},
                  [this](const QString &path) { writeCrl(path); });
}

void CaBrowser::writeCrl(const QString &path)
{
    withAuthority(tr("to publish the CRL"), [this, path](Pki::CertificateAuthority &ca) {
        const Result<QByteArray> crl = ca.publishCrl();
        if (!crl)
            return report(false, crl.error().message);
        const QString published = QDir(m_directory).filePath(QStringLiteral("crl.pem"));
        if (QFileInfo(path).absoluteFilePath() != QFileInfo(published).absoluteFilePath()) {
            if (const Result<void> saved = saveFile(path, *crl); !saved)
                return report(false, saved.error().message);
        }
        refresh();
        report(true, tr("Published CRL number %1 with every revoked serial to %2.")
                         .arg(ca.info().crlNumber)
                         .arg(QDir::toNativeSeparators(path)));
    });
}

} // namespace ModemBench::Ui
