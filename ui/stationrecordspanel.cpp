#include "ui/stationrecordspanel.h"

#include "ui/recordstablemodel.h"

#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

namespace ModemBench::Ui {

namespace {
constexpr int kRefreshDelayMs = 150;
constexpr int kFilterDelayMs = 250;
constexpr int kExportLimit = 10000000;
constexpr int kMaxColumnWidth = 220;
} // namespace

StationRecordsPanel::StationRecordsPanel(QWidget *parent)
    : QWidget(parent)
    , m_chooser(defaultSaveFileChooser())
{
    m_model = new RecordsTableModel(this);
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("recordsView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setSectionResizeMode(RecordsTableModel::Error, QHeaderView::Stretch);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("recordsFilter"));
    m_filter->setPlaceholderText(tr("Filter: IMEI, ICCID, IMSI, station, operator, port or error"));
    m_filter->setClearButtonEnabled(true);
    m_result = new QComboBox(this);
    m_result->setObjectName(QStringLiteral("recordsResult"));
    m_result->addItem(tr("All results"), QString());
    for (UnitResult result : {UnitResult::Pass, UnitResult::Fail, UnitResult::Interrupted, UnitResult::Running})
        m_result->addItem(unitResultName(result), unitResultName(result));
    m_result->setAccessibleName(tr("Result filter"));
    m_exportCsv = new QPushButton(tr("Export &CSV…"), this);
    m_exportJson = new QPushButton(tr("Export &JSON…"), this);
    m_status = new QLabel(this);

    auto *bar = new QHBoxLayout;
    auto *title = new QLabel(tr("<b>Records</b>"), this);
    bar->addWidget(title);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_result);
    bar->addWidget(m_status);
    bar->addWidget(m_exportCsv);
    bar->addWidget(m_exportJson);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(kRefreshDelayMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &StationRecordsPanel::refresh);
    connect(m_filter, &QLineEdit::textChanged, this, [this] { m_refreshTimer.start(kFilterDelayMs); });
    connect(m_result, &QComboBox::currentIndexChanged, this, &StationRecordsPanel::refresh);
    connect(m_exportCsv, &QPushButton::clicked, this, &StationRecordsPanel::exportCsv);
    connect(m_exportJson, &QPushButton::clicked, this, &StationRecordsPanel::exportJson);
    setStore(nullptr);
}

void StationRecordsPanel::setStore(RecordStore *store)
{
    m_store = store;
    m_exportCsv->setEnabled(store != nullptr);
    m_exportJson->setEnabled(store != nullptr);
    refresh();
}

void StationRecordsPanel::scheduleRefresh()
{
    if (!m_refreshTimer.isActive())
        m_refreshTimer.start(kRefreshDelayMs);
}

RecordFilter StationRecordsPanel::filter(int limit) const
{
    RecordFilter filter;
    filter.text = m_filter->text().trimmed();
    filter.result = unitResultFromName(m_result->currentData().toString());
    filter.limit = limit;
    return filter;
}

void StationRecordsPanel::refresh()
{
    m_refreshTimer.stop();
    if (!m_store) {
        m_model->setRecords({});
        m_status->setText(tr("no database"));
        return;
    }
    auto records = m_store->query(filter());
    if (!records) {
        m_status->setText(tr("query failed"));
        Q_EMIT failed(tr("Could not read the records: %1").arg(records.error().message));
        return;
    }
    const int count = int(records->size());
    const bool firstFill = m_model->rowCount() == 0;
    m_model->setRecords(std::move(*records));
    m_status->setText(count >= kRowLimit ? tr("newest %n rows", nullptr, count) : tr("%n rows", nullptr, count));
    // Measuring every cell of thousands of rows would stall the station's loop on each refresh:
    // the columns are fitted once, when rows first arrive, and the user's widths kept after that.
    if (!firstFill || count == 0)
        return;
    m_view->resizeColumnsToContents();
    // A simulated port's name is a whole query string: cap every column, the tooltip has it all.
    for (int column = 0; column < RecordsTableModel::ColumnCount; ++column)
        if (column != RecordsTableModel::Error && m_view->columnWidth(column) > kMaxColumnWidth)
            m_view->setColumnWidth(column, kMaxColumnWidth);
}

void StationRecordsPanel::exportCsv()
{
    exportAs(false);
}

void StationRecordsPanel::exportJson()
{
    exportAs(true);
}

void StationRecordsPanel::exportAs(bool json)
{
    if (!m_store)
        return;
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"));
    const QString name = QStringLiteral("provisioning-%1.%2").arg(stamp, json ? QStringLiteral("json") : QStringLiteral("csv"));
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const SaveFileRequest request{json ? tr("Export Records as JSON") : tr("Export Records as CSV"),
                                  QDir(folder).filePath(name),
                                  json ? tr("JSON (*.json)") : tr("CSV (*.csv)")};
    m_chooser(this, request, [this, json](const QString &path) {
        if (!m_store)
            return;
        // The whole filtered set, not the rows the table was limited to.
        auto records = m_store->query(filter(kExportLimit));
        if (!records) {
            Q_EMIT failed(tr("Could not read the records to export: %1").arg(records.error().message));
            return;
        }
        const QByteArray bytes = json ? RecordStore::toJson(*records) : RecordStore::toCsv(*records);
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
            Q_EMIT failed(tr("Could not write %1: %2. Choose another folder.").arg(path, file.errorString()));
            return;
        }
        Q_EMIT exported(path, int(records->size()));
    });
}

} // namespace ModemBench::Ui
