// The issuing pages of the certificate wizard (server, device) and its summary. Declared in
// certwizardpages.h.

#include "ui/certificatewizard.h"
#include "ui/certwizardpages.h"
#include "ui/pkitask.h"

#include "core/modem/statusquery.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ModemBench::Ui {

namespace {
const QString kOutputKey = QStringLiteral("pki/outputFolder");
const QString kKeyTypeKey = QStringLiteral("pki/keyType");

QString defaultOutputFolder()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
        .filePath(QStringLiteral("ModemBench/certificates"));
}

QStringList splitList(const QString &text)
{
    return text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts);
}

// O_EXCL with the final mode from the start: a key is never readable by others, not even for a
// moment, and an existing file is never overwritten.
Result<void> writeNew(const QString &path, const QByteArray &bytes, QFileDevice::Permissions permissions)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, permissions))
        return fail(ErrorCode::Usage, QObject::tr("Cannot create %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        file.remove();
        return fail(ErrorCode::Usage, QObject::tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    }
    return {};
}

QString dateText(const QDateTime &when)
{
    return QLocale().toString(when.toLocalTime().date(), QLocale::ShortFormat);
}
} // namespace

// ---- IssuePage ----

IssuePage::IssuePage(Pki::CertKind kind, const QString &title, const QString &subTitle, const QString &actionText,
                     QWidget *parent)
    : PkiPage(title, subTitle, actionText, parent)
    , m_kind(kind)
{
    m_fields = new QFormLayout(m_form);
    m_fields->setContentsMargins(0, 0, 0, 0);
    m_fields->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_key = new QComboBox(m_form);
    m_key->setObjectName(QStringLiteral("issueKeyType"));
    m_days = new QSpinBox(m_form);
    m_days->setObjectName(QStringLiteral("issueDays"));
    m_days->setSuffix(tr(" days"));
    m_outputFolder = new QLineEdit(m_form);
    m_outputFolder->setObjectName(QStringLiteral("outputFolder"));
    m_browse = new QPushButton(tr("Choo&se…"), m_form);
    m_prefix = new QLineEdit(m_form);
    m_prefix->setObjectName(QStringLiteral("filePrefix"));
    m_prefix->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[A-Za-z0-9_.{}-]+")), this));
    m_skip = new QCheckBox(m_form);
    connect(m_skip, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
    connect(m_browse, &QPushButton::clicked, this, [this] {
        if (CertificateWizard *owner = certWizard())
            owner->directoryChooser()(this, DirectoryRequest{tr("Output Folder"), m_outputFolder->text()},
                                      [this](const QString &path) { m_outputFolder->setText(QDir::toNativeSeparators(path)); });
    });
}

void IssuePage::initializePage()
{
    QSettings settings;
    fillKeyKindCombo(m_key, Pki::parseKeyKind(settings.value(kKeyTypeKey).toString()).value_or(Pki::KeyKind::Rsa2048));
    if (m_outputFolder->text().isEmpty())
        m_outputFolder->setText(QDir::toNativeSeparators(settings.value(kOutputKey, defaultOutputFolder()).toString()));
    // The shared rows go below the page's own.
    if (m_fields->indexOf(m_key) < 0) {
        auto *outputRow = new QHBoxLayout;
        outputRow->addWidget(m_outputFolder, 1);
        outputRow->addWidget(m_browse);
        m_fields->addRow(tr("&Key type:"), m_key);
        m_fields->addRow(tr("&Valid for:"), m_days);
        m_fields->addRow(tr("Output folder:"), outputRow); // a layout cannot be a label buddy: no &
        m_fields->addRow(tr("File &names:"), m_prefix);
        m_fields->addRow(QString(), m_skip);
    }
}

bool IssuePage::isComplete() const
{
    return !isBusy() && (succeeded() || m_skip->isChecked());
}

void IssuePage::cancel()
{
    PkiPage::cancel();
}

void IssuePage::run()
{
    CertificateWizard *owner = certWizard();
    if (!owner || !owner->authority())
        return finishWithFailure(tr("No CA is open. Go Back and create or open one."));
    if (const QString problem = validateInputs(); !problem.isEmpty())
        return finishWithFailure(problem);
    const QString folder = QDir::fromNativeSeparators(m_outputFolder->text().trimmed());
    if (folder.isEmpty())
        return finishWithFailure(tr("Choose an output folder."));
    const QString prefix = filePrefix();
    const QString certificatePath = QDir(folder).filePath(prefix + QStringLiteral(".crt"));
    const QString keyPath = QDir(folder).filePath(prefix + QStringLiteral(".key"));
    for (const QString &path : {certificatePath, keyPath}) {
        if (QFileInfo::exists(path))
            return finishWithFailure(tr("%1 already exists and is never overwritten. Change the file name, choose "
                                        "another output folder, or move the old files away.")
                                         .arg(QDir::toNativeSeparators(path)));
    }
    if (!QDir().mkpath(folder))
        return finishWithFailure(tr("Cannot create the output folder %1. Choose one you can write to.")
                                     .arg(QDir::toNativeSeparators(folder)));
    QSettings settings;
    settings.setValue(kOutputKey, folder);
    settings.setValue(kKeyTypeKey, Pki::keyKindName(comboKeyKind(m_key)));
    const Pki::KeyKind kind = comboKeyKind(m_key);
    // The callback always comes later (queued from the worker), so the busy state set after
    // start() is in place before it, with Cancel live.
    m_task->start(kind, [this, certificatePath, keyPath](Result<Pki::PrivateKey> key) {
        onKey(std::move(key), certificatePath, keyPath);
    });
    setBusy(true, tr("Generating the %1 key").arg(Pki::keyKindName(kind).toUpper()));
}

void IssuePage::onKey(Result<Pki::PrivateKey> key, const QString &certificatePath, const QString &keyPath)
{
    CertificateWizard *owner = certWizard();
    if (!key)
        return finishWithFailure(key.error().message);
    if (!owner || !owner->authority())
        return finishWithFailure(tr("The CA was closed while the key was generated. Go Back, open it, and try again."));
    const Pki::KeyKind kind = key->kind();
    Result<Pki::IssueResult> issued = issueWith(*owner->authority(), std::move(*key));
    if (!issued)
        return finishWithFailure(issued.error().message);
    // The certificate is in the CA's registry now; write the pair (key first: a certificate
    // without its key is useless, a key alone is harmless to retry with).
    if (Result<void> written = writeNew(keyPath, issued->privateKeyPem.reveal(), QFile::ReadOwner | QFile::WriteOwner); !written)
        return finishWithFailure(written.error().message + tr(" The certificate (serial %1) is in the CA registry; "
                                                              "revoke it in the CA Browser if you issue another.")
                                                               .arg(issued->record.serialHex));
    if (Result<void> written = writeNew(certificatePath, issued->certificatePem,
                                        QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
        !written) {
        QFile::remove(keyPath);
        return finishWithFailure(written.error().message);
    }
    WrittenCertificate record{issued->record, certificatePath, keyPath, kind, {}};
    if (m_kind == Pki::CertKind::Device)
        record.modemChecks = Pki::checkForModem(issued->certificatePem, issued->privateKeyPem);
    const QString subject = issued->record.subject;
    const QString notAfter = dateText(issued->record.notAfter);
    owner->addWritten(std::move(record));
    finishWithSuccess(tr("Issued <b>%1</b> (serial %2, valid until %3):<br><tt>%4</tt><br><tt>%5</tt> (mode 0600)")
                          .arg(subject.toHtmlEscaped(), issued->record.serialHex, notAfter,
                               QDir::toNativeSeparators(certificatePath).toHtmlEscaped(),
                               QDir::toNativeSeparators(keyPath).toHtmlEscaped()));
}

// ---- ServerPage ----

ServerPage::ServerPage(QWidget *parent)
    : IssuePage(Pki::CertKind::Server, tr("Server Certificate"),
                tr("For the TLS server your modems connect to (serverAuth). Its names must be what the modem "
                   "dials: a DNS name, an IP address, or both."),
                tr("&Issue Server Certificate"), parent)
{
    m_dns = new QLineEdit(QStringLiteral("localhost"), m_form);
    m_dns->setObjectName(QStringLiteral("serverDnsNames"));
    m_dns->setPlaceholderText(tr("comma-separated, e.g. mqtt.example.com, localhost"));
    m_ips = new QLineEdit(m_form);
    m_ips->setObjectName(QStringLiteral("serverIpAddresses"));
    m_ips->setPlaceholderText(tr("optional, comma-separated, e.g. 192.0.2.10, ::1"));
    m_fields->addRow(tr("&DNS names:"), m_dns);
    m_fields->addRow(tr("I&P addresses:"), m_ips);
    daysSpin()->setRange(1, 3650);
    daysSpin()->setValue(825);
    daysSpin()->setToolTip(tr("825 days is the most some TLS clients accept for a server certificate"));
    prefixEdit()->setText(QStringLiteral("server"));
    skipBox()->setText(tr("S&kip: I do not need a server certificate now"));
}

QStringList ServerPage::dnsNames() const
{
    return splitList(m_dns->text());
}

QStringList ServerPage::ipAddresses() const
{
    return splitList(m_ips->text());
}

QString ServerPage::validateInputs() const
{
    if (dnsNames().isEmpty() && ipAddresses().isEmpty())
        return tr("Enter at least one DNS name or IP address: the name the modem connects to.");
    return QString();
}

QString ServerPage::filePrefix() const
{
    return prefixEdit()->text().trimmed().isEmpty() ? QStringLiteral("server") : prefixEdit()->text().trimmed();
}

Result<Pki::IssueResult> ServerPage::issueWith(Pki::CertificateAuthority &authority, Pki::PrivateKey key)
{
    Pki::ServerRequest request;
    request.dnsNames = dnsNames();
    request.ipAddresses = ipAddresses();
    request.days = daysSpin()->value();
    request.key = key.kind();
    return authority.issueServer(request, std::move(key));
}

// ---- DevicePage ----

DevicePage::DevicePage(QWidget *parent)
    : IssuePage(Pki::CertKind::Device, tr("Device Certificate"),
                tr("The modem's own certificate for mutual TLS (clientAuth), named after its IMEI so the server "
                   "knows which device is calling."),
                tr("Issue for the &IMEI Below"), parent)
{
    m_modemLabel = new QLabel(m_form);
    m_modemLabel->setObjectName(QStringLiteral("deviceModem"));
    m_modemLabel->setWordWrap(true);
    m_forModem = new QPushButton(tr("Issue for &This Modem"), m_form);
    m_forModem->setObjectName(QStringLiteral("issueForModem"));
    m_forModem->setToolTip(tr("Reads the connected modem's IMEI and issues its certificate in one step"));
    auto *modemRow = new QHBoxLayout;
    modemRow->addWidget(m_modemLabel, 1);
    modemRow->addWidget(m_forModem);
    m_imei = new QLineEdit(m_form);
    m_imei->setObjectName(QStringLiteral("deviceImei"));
    m_imei->setPlaceholderText(tr("15 digits; *#06# on a phone, AT+GSN on a modem"));
    m_imei->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,15}")), this));
    m_cnTemplate = new QLineEdit(QStringLiteral("dev-{imei}"), m_form);
    m_cnTemplate->setObjectName(QStringLiteral("deviceCnTemplate"));
    m_cnTemplate->setToolTip(tr("{imei} is replaced by the IMEI"));
    m_fields->addRow(tr("Modem:"), modemRow);
    m_fields->addRow(tr("IM&EI:"), m_imei);
    m_fields->addRow(tr("Common &name:"), m_cnTemplate);
    daysSpin()->setRange(1, 36500);
    daysSpin()->setValue(3650);
    daysSpin()->setToolTip(tr("A device certificate usually lives as long as the device"));
    prefixEdit()->setText(QStringLiteral("dev-{imei}"));
    skipBox()->setText(tr("S&kip: no device certificate now"));
    connect(m_forModem, &QPushButton::clicked, this, &DevicePage::issueForModem);
    connect(m_imei, &QLineEdit::textChanged, this, [this] { message()->clear(); });
}

void DevicePage::initializePage()
{
    IssuePage::initializePage();
    CertificateWizard *owner = certWizard();
    if (owner && owner->serverPage()->outputFolderEdit()->text() != outputFolderEdit()->text()
        && !owner->serverPage()->outputFolderEdit()->text().isEmpty())
        outputFolderEdit()->setText(owner->serverPage()->outputFolderEdit()->text());
    if (owner && owner->session()) {
        ModemSession *session = owner->session();
        session->disconnect(this);
        connect(session, &ModemSession::statusQueryStarted, this, &DevicePage::attachQuery);
        connect(session, &ModemSession::stateChanged, this, &DevicePage::updateModemLabel);
    }
    readModem();
}

void DevicePage::readModem()
{
    CertificateWizard *owner = certWizard();
    ModemSession *session = owner ? owner->session() : nullptr;
    if (session && session->state() == ModemSession::State::Ready && !m_query) {
        // The session's shared read: joins one that is running (the identity panel's).
        StatusQuery *query = session->runningStatusQuery();
        if (query)
            attachQuery(query);
        else
            session->refreshStatus(Priority::Normal); // statusQueryStarted attaches it
    }
    updateModemLabel();
}

void DevicePage::attachQuery(StatusQuery *query)
{
    if (!query || m_query == query)
        return;
    m_query = query;
    m_modemError.clear();
    connect(query, &StatusQuery::finished, this, [this, query] {
        const ModemStatus &status = query->result() ? *query->result() : query->status();
        m_query = nullptr;
        m_modemImei = status.identity.imei.value_or(QString());
        m_modemModel = status.identity.model.value_or(QString());
        m_modemError = query->result() ? QString() : query->result().error().message;
        if (!m_modemImei.isEmpty() && m_imei->text().isEmpty())
            m_imei->setText(m_modemImei);
        updateModemLabel();
        if (std::exchange(m_issueWhenRead, false)) {
            if (m_modemImei.isEmpty())
                return finishWithFailure(tr("The modem gave no IMEI (%1). Type it, or reconnect and try again.")
                                             .arg(m_modemError.isEmpty() ? tr("AT+GSN") : m_modemError));
            issueForModem();
        }
    });
    updateModemLabel();
}

void DevicePage::updateModemLabel()
{
    CertificateWizard *owner = certWizard();
    ModemSession *session = owner ? owner->session() : nullptr;
    const bool ready = session && session->state() == ModemSession::State::Ready;
    m_forModem->setEnabled(ready && !m_query);
    if (!ready)
        m_modemLabel->setText(tr("No modem connected: type the IMEI, or connect (Ctrl+K) to read it."));
    else if (m_query)
        m_modemLabel->setText(tr("Reading the IMEI from %1…").arg(session->portName()));
    else if (m_modemImei.isEmpty())
        m_modemLabel->setText(tr("%1 gave no IMEI%2.").arg(session->portName(),
                                                         m_modemError.isEmpty() ? QString() : QStringLiteral(": ") + m_modemError));
    else
        m_modemLabel->setText(tr("%1 on %2, IMEI <b><tt>%3</tt></b>")
                                  .arg((m_modemModel.isEmpty() ? tr("Modem") : m_modemModel).toHtmlEscaped(),
                                       session->portName().toHtmlEscaped(), m_modemImei));
}

void DevicePage::issueForModem()
{
    if (isBusy())
        return;
    if (m_modemImei.isEmpty()) {
        m_issueWhenRead = true;
        if (!m_query)
            readModem();
        if (!m_query) {
            m_issueWhenRead = false;
            finishWithFailure(tr("No modem is connected. Connect (Ctrl+K) or type the IMEI and press %1.")
                                  .arg(actionButton()->text().remove(QLatin1Char('&'))));
        }
        return;
    }
    m_imei->setText(m_modemImei);
    run();
}

QString DevicePage::validateInputs() const
{
    const QString imei = m_imei->text().trimmed();
    if (imei.size() != 15)
        return tr("An IMEI has 15 digits (this has %1). Read it with AT+GSN or from the label.").arg(imei.size());
    if (!m_cnTemplate->text().contains(QLatin1String("{imei}")))
        return tr("The common name must contain {imei}, so each device's certificate names the device.");
    return QString();
}

QString DevicePage::filePrefix() const
{
    QString prefix = prefixEdit()->text().trimmed();
    if (prefix.isEmpty())
        prefix = QStringLiteral("dev-{imei}");
    return prefix.replace(QLatin1String("{imei}"), m_imei->text().trimmed());
}

Result<Pki::IssueResult> DevicePage::issueWith(Pki::CertificateAuthority &authority, Pki::PrivateKey key)
{
    Pki::DeviceRequest request;
    request.imei = m_imei->text().trimmed();
    request.cnTemplate = m_cnTemplate->text().trimmed();
    request.days = daysSpin()->value();
    request.key = key.kind();
    return authority.issueDevice(request, std::move(key));
}

// ---- SummaryPage ----

SummaryPage::SummaryPage(QWidget *parent)
    : QWizardPage(parent)
{
    setTitle(tr("Summary"));
    setSubTitle(tr("What was written, and how to check it yourself with the openssl program."));
    m_text = new QTextBrowser(this);
    m_text->setObjectName(QStringLiteral("summaryText"));
    m_text->setOpenLinks(false);
    m_text->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
}

QString SummaryPage::verifyCommand(const QString &caCertificate, const QString &certificate, Pki::CertKind kind)
{
    auto quoted = [](const QString &path) {
        const QString native = QDir::toNativeSeparators(path);
        return native.contains(QLatin1Char(' ')) ? QLatin1Char('\'') + native + QLatin1Char('\'') : native;
    };
    return QStringLiteral("openssl verify -x509_strict -purpose %1 -CAfile %2 %3")
        .arg(kind == Pki::CertKind::Server ? QStringLiteral("sslserver") : QStringLiteral("sslclient"),
             quoted(caCertificate), quoted(certificate));
}

void SummaryPage::initializePage()
{
    auto *owner = qobject_cast<CertificateWizard *>(wizard());
    if (!owner || !owner->authority())
        return m_text->setHtml(tr("No CA is open."));
    const Pki::CaInfo ca = owner->authority()->info();
    const QString caCertificate = QDir(owner->caDirectory()).filePath(QStringLiteral("ca.crt"));
    QString html = tr("<h3>Certificate authority</h3><p><b>%1</b>, valid until %2<br>Folder: <tt>%3</tt> (keep it and "
                      "its passphrase safe; back it up)<br>CA certificate for the modem and the server: <tt>%4</tt><br>"
                      "SHA-256: <tt>%5</tt></p>")
                       .arg(ca.subject.toHtmlEscaped(), dateText(ca.notAfter),
                            QDir::toNativeSeparators(owner->caDirectory()).toHtmlEscaped(),
                            QDir::toNativeSeparators(caCertificate).toHtmlEscaped(), ca.sha256Fingerprint);
    if (owner->written().isEmpty())
        html += tr("<p>No certificate was issued in this run.</p>");
    for (const WrittenCertificate &written : owner->written()) {
        const bool device = written.record.kind == Pki::CertKind::Device;
        html += tr("<h3>%1 certificate</h3><p><b>%2</b>, serial %3, %4, valid until %5<br>Certificate: <tt>%6</tt><br>"
                   "Private key: <tt>%7</tt> (0600, not encrypted: the modem needs it plain)<br>SHA-256: <tt>%8</tt></p>")
                    .arg(device ? tr("Device") : tr("Server"), written.record.subject.toHtmlEscaped(),
                         written.record.serialHex, Pki::keyKindName(written.key).toUpper(), dateText(written.record.notAfter),
                         QDir::toNativeSeparators(written.certificatePath).toHtmlEscaped(),
                         QDir::toNativeSeparators(written.keyPath).toHtmlEscaped(), written.record.sha256Fingerprint);
        // <tt> in a paragraph wraps at the spaces; <pre> would need a horizontal scroll bar.
        html += tr("<p>Check it yourself:<br><tt>%1</tt></p>")
                    .arg(verifyCommand(caCertificate, written.certificatePath, written.record.kind).toHtmlEscaped());
        if (device) {
            html += tr("<p>Before uploading to the modem:</p><ul>");
            if (written.modemChecks.isEmpty())
                html += tr("<li><span style=\"color:#2e7d32\">✔</span> PEM well-formed, key matches, each file within "
                           "the modem's 10240-byte limit, RSA key.</li>");
            for (const Pki::ModemCheck &check : written.modemChecks) {
                const bool error = check.severity == Pki::ModemCheck::Severity::Error;
                html += QStringLiteral("<li><span style=\"color:%1\">%2</span> %3</li>")
                            .arg(error ? QStringLiteral("#c62828") : QStringLiteral("#b26a00"),
                                 error ? QStringLiteral("✘") : QStringLiteral("⚠"), check.message.toHtmlEscaped());
            }
            html += QStringLiteral("</ul>");
        }
    }
    m_text->setHtml(html);
}

} // namespace ModemBench::Ui
