// The TLS wizard's install page (declared in tlswizardpages.h): installSteps on the session's
// channel, a line per file, and the inventory afterwards.

#include "ui/tlswizard.h"
#include "ui/tlswizardflow.h"
#include "ui/tlswizardpages.h"
#include "ui/tlswizardsupport.h"

#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ModemBench::Ui {

using namespace TlsWizardSupport;

namespace {
enum Column { NameColumn, KindColumn, SizeColumn, StatusColumn };

// What was done to a file once the whole install succeeded (installSteps fails otherwise).
QString doneText(const InstallItem &item, const PreparedInstall &plan)
{
    if (item.secret)
        return plan.deleteKeyAfter ? InstallPage::tr("✔ uploaded (never read back: a private key), converted, deleted")
                                   : InstallPage::tr("✔ uploaded (never read back: a private key), converted");
    const bool converted = (item.kind == ModemFileKind::Ca && plan.convertCa)
        || (item.kind == ModemFileKind::ClientCertificate && plan.convertClient);
    return converted ? InstallPage::tr("✔ uploaded, read back byte-exact, converted")
                     : InstallPage::tr("✔ uploaded, read back byte-exact");
}

// The modem's state is unknown after these: its file buffer may still be allocated (uploadflows.h).
bool leftBufferOpen(ErrorCode code)
{
    return code == ErrorCode::Cancelled || code == ErrorCode::Timeout;
}
} // namespace

InstallPage::InstallPage(QWidget *parent)
    : QWizardPage(parent)
{
    setTitle(tr("Install in the Modem"));
    setSubTitle(tr("Each file is uploaded (AT+CFSWFILE), read back and compared byte for byte, then converted "
                   "(AT+CSSLCFG=\"convert\") so the TLS stack can use it."));
    m_files = new QTreeWidget(this);
    m_files->setObjectName(QStringLiteral("installFiles"));
    m_files->setHeaderLabels({tr("Name on the modem"), tr("Kind"), tr("Size"), tr("Status")});
    m_files->setRootIsDecorated(false);
    m_files->header()->setStretchLastSection(true);
    m_files->setMaximumHeight(m_files->fontMetrics().lineSpacing() * 6);
    m_install = new QPushButton(tr("&Install"), this);
    m_install->setObjectName(QStringLiteral("installStart"));
    m_install->setAutoDefault(false);
    m_panel = new FlowPanel(this);
    m_panel->addButton(m_install);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("installMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setMinimumHeight(m_message->fontMetrics().lineSpacing() * 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_files);
    layout->addWidget(m_panel, 1);
    layout->addWidget(m_message);
    connect(m_install, &QPushButton::clicked, this, &InstallPage::start);
    connect(m_panel, &FlowPanel::runningChanged, this, [this](bool running) {
        m_install->setEnabled(!running);
        Q_EMIT completeChanged();
    });
    connect(m_panel, &FlowPanel::stepStarted, this, [this](const QString &label) {
        // Steps name their file ("Uploading ca.crt"): show the latest one on that file's row.
        for (const InstallItem &item : std::as_const(m_running.items)) {
            if (label.contains(item.name))
                setFileStatus(item.name, label);
        }
    });
}

TlsWizard *InstallPage::owner() const
{
    return qobject_cast<TlsWizard *>(wizard());
}

bool InstallPage::isRunning() const
{
    return m_panel->isRunning();
}

void InstallPage::initializePage()
{
    if (TlsWizard *wizard = owner()) {
        m_panel->setSession(wizard->session());
        m_running = wizard->installPlan();
    }
    fillTable(tr("waiting"));
    if (!m_succeeded)
        start();
}

void InstallPage::cleanupPage()
{
    // Going Back may change the files: the install runs again when the page is next entered.
    m_panel->cancel();
    m_succeeded = false;
    QWizardPage::cleanupPage();
}

bool InstallPage::isComplete() const
{
    return m_succeeded && !isRunning();
}

void InstallPage::fillTable(const QString &status)
{
    m_files->clear();
    const QLocale locale;
    for (const InstallItem &item : std::as_const(m_running.items)) {
        auto *row = new QTreeWidgetItem(m_files, {item.name, modemFileKindText(item.kind),
                                                  tr("%1 B").arg(locale.toString(item.bytes.size())), status});
        row->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
    }
    for (int column : {NameColumn, KindColumn, SizeColumn})
        m_files->resizeColumnToContents(column);
}

void InstallPage::setFileStatus(const QString &name, const QString &status)
{
    const QList<QTreeWidgetItem *> rows = m_files->findItems(name, Qt::MatchExactly, NameColumn);
    for (QTreeWidgetItem *row : rows)
        row->setText(StatusColumn, status);
}

void InstallPage::start()
{
    TlsWizard *wizard = owner();
    if (!wizard || isRunning())
        return;
    m_running = wizard->installPlan();
    if (m_running.items.isEmpty()) {
        m_message->setText(tr("Nothing to install: go Back and choose a CA certificate."));
        return;
    }
    m_succeeded = false;
    wizard->filesNotByteExact.clear();
    m_message->clear();
    m_panel->clearLog();
    fillTable(tr("waiting"));
    runInstall();
}

void InstallPage::runInstall()
{
    TlsWizard *wizard = owner();
    m_upload = std::make_shared<UploadContext>();
    // The inventory is keyed by IMEI: read it first when the background read has not yet.
    auto modem = std::make_shared<TlsContext>();
    const bool readFirst = wizard->modemImei().isEmpty();
    QList<FlowStep> steps = readFirst ? tlsPreparationSteps(modem) : QList<FlowStep>();
    steps << installSteps(m_upload, m_running, wizard->baud());
    const int deadline = installDeadlineMs(m_running, wizard->baud()) + (readFirst ? kPreparationDeadlineMs : 0);
    QPointer<InstallPage> self(this);
    m_panel->run(steps, tr("Install"), deadline, tr("Check the cable and the baud rate."),
                 [self, modem, readFirst](const Result<void> &result) {
                     if (!self)
                         return;
                     if (readFirst && !modem->imei.isEmpty() && self->owner())
                         self->owner()->setModem(modem);
                     self->onInstalled(result);
                 });
}

void InstallPage::onInstalled(const Result<void> &result)
{
    TlsWizard *wizard = owner();
    for (const QString &warning : std::as_const(m_upload->warnings))
        m_panel->addLine(tr("Warning: %1").arg(warning));
    if (result) {
        m_succeeded = true;
        for (const InstallItem &item : std::as_const(m_running.items))
            setFileStatus(item.name, doneText(item, m_running));
        m_files->resizeColumnToContents(StatusColumn);
        m_panel->finishBar(true);
        m_message->setText(QStringLiteral("<span style=\"color:#2e7d32\">✔</span> ")
                           + tr("Installed. Press Next to set up the connection."));
        recordInventory();
        Q_EMIT completeChanged();
        return;
    }
    const Error &error = result.error();
    const QString failedAt = m_panel->lastLabel();
    for (const InstallItem &item : std::as_const(m_running.items)) {
        if (failedAt.contains(item.name)) {
            setFileStatus(item.name, tr("✘ %1").arg(failedAt));
            // A read-back that differs is what the doctor's "files" check needs to know.
            if (error.message.contains(QLatin1String("differ")) || error.message.contains(QLatin1String("size")))
                wizard->filesNotByteExact << item.name;
        }
    }
    m_panel->finishBar(false, error.code == ErrorCode::Cancelled ? tr("Cancelled") : tr("Failed"));
    m_message->setText(error.code == ErrorCode::Cancelled
                           ? tr("Cancelled. Press Install to run it again.")
                           : QStringLiteral("<span style=\"color:#c62828\">✘</span> ") + error.message.toHtmlEscaped());
    if (wizard && leftBufferOpen(error.code)) {
        // The runner cannot reach the table's own AT+CFSTERM after a cancel or its deadline; a
        // buffer left allocated would make the next AT+CFSINIT fail (protocol §16.5).
        m_panel->run(cfsTermSteps(), tr("Release"), 10000, {}, [](const Result<void> &) {});
    }
    Q_EMIT completeChanged();
}

void InstallPage::recordInventory()
{
    TlsWizard *wizard = owner();
    const QString imei = wizard ? wizard->modemImei() : QString();
    if (imei.isEmpty()) {
        m_panel->addLine(tr("Not recorded in the inventory: the modem's IMEI could not be read."));
        return;
    }
    Result<FileInventory *> inventory = wizard->inventory();
    Result<void> stored = inventory ? Result<void>() : Result<void>(std::unexpected(inventory.error()));
    QStringList warnings;
    if (stored) {
        const auto recorded = recordInstall(**inventory, imei, m_running, QDateTime::currentDateTimeUtc(), &warnings);
        if (!recorded)
            stored = std::unexpected(recorded.error());
    }
    for (const QString &warning : std::as_const(warnings))
        m_panel->addLine(warning);
    if (stored)
        stored = (*inventory)->saveTlsSettings(imei, wizard->tlsSettings());
    if (!stored) {
        m_panel->addLine(tr("Not recorded in the inventory: %1").arg(stored.error().message));
        return;
    }
    m_panel->addLine(tr("Recorded in the inventory of IMEI %1 (Certificates > Modem Files…)").arg(imei));
    Q_EMIT wizard->inventoryChanged();
}

} // namespace ModemBench::Ui
