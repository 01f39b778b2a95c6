#include "ui/modemfilesdialog.h"

#include "ui/tlswizardflow.h"
#include "ui/tlswizardsupport.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedLayout>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ModemBench::Ui {

using namespace TlsWizardSupport;

namespace {
constexpr int kDeleteMs = 20000;
constexpr int kShortHash = 12;

QTableWidgetItem *cell(const QString &text, const QString &tooltip = {})
{
    auto *item = new QTableWidgetItem(text);
    item->setToolTip(tooltip.isEmpty() ? text : tooltip);
    return item;
}
} // namespace

ModemFilesDialog::ModemFilesDialog(ModemSession *session, const QString &inventoryPath, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_inventoryPath(inventoryPath)
{
    setWindowTitle(tr("Modem Files"));
    setObjectName(QStringLiteral("modemFilesDialog"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("modemFilesStatus"));
    m_status->setWordWrap(true);
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("modemFilesTable"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Kind"), tr("Size"), tr("SHA-256"), tr("Uploaded"), tr("Converted")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_empty = new QLabel(tr("<p><b>No files recorded for this modem.</b></p><p>A SIMCom modem has no command that lists "
                            "its files, so this shows only what ModemBench uploaded to it (Certificates &gt; Install "
                            "in Modem and Test TLS…). Files put there by other tools are not shown.</p>"),
                         this);
    m_empty->setObjectName(QStringLiteral("modemFilesEmpty"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setMargin(24);
    auto *stack = new QWidget(this);
    auto *stackLayout = new QStackedLayout(stack);
    stackLayout->addWidget(m_table);
    stackLayout->addWidget(m_empty);
    m_delete = new QPushButton(tr("&Delete Selected…"), this);
    m_delete->setObjectName(QStringLiteral("modemFilesDelete"));
    m_delete->setAutoDefault(false);
    m_refresh = new QPushButton(tr("&Refresh"), this);
    m_refresh->setObjectName(QStringLiteral("modemFilesRefresh"));
    m_refresh->setAutoDefault(false);
    m_panel = new FlowPanel(this);
    m_panel->setSession(session);
    m_panel->addButton(m_refresh);
    m_panel->addButton(m_delete);
    m_panel->log()->setMaximumHeight(m_panel->log()->fontMetrics().lineSpacing() * 4);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(stack, 1);
    layout->addWidget(m_panel);
    layout->addWidget(close);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_refresh, &QPushButton::clicked, this, &ModemFilesDialog::refresh);
    connect(m_delete, &QPushButton::clicked, this, &ModemFilesDialog::deleteSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ModemFilesDialog::updateButtons);
    connect(m_panel, &FlowPanel::runningChanged, this, &ModemFilesDialog::updateButtons);
    m_confirm = [this](const QString &question) {
        return QMessageBox::question(this, tr("Delete from the Modem"), question) == QMessageBox::Yes;
    };
    resize(860, 420);
    refresh();
}

ModemFilesDialog::~ModemFilesDialog() = default;

bool ModemFilesDialog::isBusy() const
{
    return m_panel->isRunning();
}

Result<FileInventory *> ModemFilesDialog::inventory()
{
    if (!m_inventory) {
        Result<std::unique_ptr<FileInventory>> opened = FileInventory::open(m_inventoryPath);
        if (!opened)
            return std::unexpected(opened.error());
        m_inventory = std::move(*opened);
    }
    return m_inventory.get();
}

void ModemFilesDialog::refresh()
{
    if (isBusy())
        return;
    // The IMEI again each time: the port may now lead to another modem. Disconnected, the last
    // modem's list stays readable.
    const bool ready = m_session && m_session->state() == ModemSession::State::Ready;
    if (ready || m_imei.isEmpty())
        return readImei();
    list();
}

void ModemFilesDialog::readImei()
{
    m_status->setText(tr("Reading the modem's IMEI…"));
    auto context = std::make_shared<TlsContext>();
    m_panel->run(tlsPreparationSteps(context), tr("Reading the modem"), kPreparationDeadlineMs, {},
                 [this, context](const Result<void> &result) {
                     // The panel is this dialog's child: the callback never outlives it.
                     if (!result || context->imei.isEmpty()) {
                         m_status->setText(tr("Could not read the modem's IMEI, which keys the inventory: %1")
                                               .arg(result ? tr("no IMEI") : result.error().message));
                         m_records.clear();
                         m_table->setRowCount(0);
                         Q_EMIT refreshed();
                         return;
                     }
                     m_imei = context->imei;
                     list();
                 });
}

void ModemFilesDialog::list()
{
    Result<FileInventory *> opened = inventory();
    Result<QList<ModemFileRecord>> rows = opened ? (*opened)->list(m_imei)
                                                 : Result<QList<ModemFileRecord>>(std::unexpected(opened.error()));
    m_records = rows ? *rows : QList<ModemFileRecord>();
    m_status->setText(rows ? tr("Files ModemBench put on the modem with IMEI %1:").arg(m_imei)
                           : tr("Cannot read the inventory: %1").arg(rows.error().message));
    const QLocale locale;
    m_table->setRowCount(int(m_records.size()));
    for (int row = 0; row < m_records.size(); ++row) {
        const ModemFileRecord &record = m_records.at(row);
        const QString hash = QString::fromLatin1(record.sha256);
        m_table->setItem(row, NameColumn, cell(record.name, tr("%1 (directory %2)").arg(record.name).arg(record.directory)));
        m_table->setItem(row, KindColumn, cell(modemFileKindText(record.kind)));
        auto *size = cell(tr("%1 B").arg(locale.toString(record.size)));
        size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(row, SizeColumn, size);
        m_table->setItem(row, Sha256Column, cell(hash.left(kShortHash) + QStringLiteral("…"), hash));
        m_table->setItem(row, WhenColumn, cell(locale.toString(record.when.toLocalTime(), QLocale::ShortFormat)));
        m_table->setItem(row, ConvertedColumn, cell(record.converted ? tr("yes") : tr("no")));
    }
    m_table->resizeColumnsToContents();
    auto *stack = static_cast<QStackedLayout *>(m_table->parentWidget()->layout());
    stack->setCurrentWidget(m_records.isEmpty() ? static_cast<QWidget *>(m_empty) : m_table);
    updateButtons();
    Q_EMIT refreshed();
}

void ModemFilesDialog::updateButtons()
{
    m_delete->setEnabled(!isBusy() && !m_table->selectionModel()->selectedRows().isEmpty() && !m_records.isEmpty());
    m_refresh->setEnabled(!isBusy());
}

void ModemFilesDialog::deleteSelected()
{
    QList<ModemFileRecord> chosen;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows()) {
        if (index.row() < m_records.size())
            chosen << m_records.at(index.row());
    }
    if (chosen.isEmpty() || isBusy())
        return;
    QStringList names;
    for (const ModemFileRecord &record : std::as_const(chosen))
        names << record.name;
    const QString question = tr("Delete %1 from the modem's file system?\n\nA converted certificate stays usable by the "
                                "TLS stack until it is converted again; the file itself is gone.")
                                 .arg(names.join(QStringLiteral(", ")));
    if (!m_confirm(question))
        return;
    deleteNext(chosen);
}

void ModemFilesDialog::deleteNext(QList<ModemFileRecord> remaining)
{
    // One file after another; a failure stops and keeps the rest in the list.
    if (remaining.isEmpty())
        return list();
    const ModemFileRecord record = remaining.takeFirst();
    QPointer<ModemFilesDialog> self(this);
    m_panel->run(deleteFileSteps(record.name, record.directory), tr("Delete"), kDeleteMs, {},
                 [self, record, remaining](const Result<void> &result) {
                     if (!self)
                         return;
                     if (!result) {
                         self->m_panel->addLine(tr("%1 not deleted: %2").arg(record.name, result.error().message));
                         return self->list();
                     }
                     Result<FileInventory *> opened = self->inventory();
                     Result<void> removed = opened ? (*opened)->remove(self->m_imei, record.directory, record.name)
                                                   : Result<void>(std::unexpected(opened.error()));
                     self->m_panel->addLine(removed ? tr("Deleted %1").arg(record.name)
                                                    : tr("Deleted %1, but the inventory kept it: %2")
                                                          .arg(record.name, removed.error().message));
                     self->deleteNext(remaining);
                 });
}

void ModemFilesDialog::done(int result)
{
    m_panel->cancel();
    QDialog::done(result);
}

} // namespace ModemBench::Ui
