#include "ui/recordstablemodel.h"

#include "ui/stationtile.h"

#include <QBrush>

namespace ModemBench::Ui {

namespace {
QString resultWord(UnitResult result)
{
    switch (result) {
    case UnitResult::Running: return QObject::tr("running");
    case UnitResult::Pass: return QObject::tr("PASS");
    case UnitResult::Fail: return QObject::tr("FAIL");
    case UnitResult::Interrupted: return QObject::tr("interrupted");
    }
    return QString();
}

QString duration(const ProvisionRecord &record)
{
    if (!record.startedAt.isValid() || !record.finishedAt.isValid())
        return QString();
    const qint64 ms = record.startedAt.msecsTo(record.finishedAt);
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}
} // namespace

RecordsTableModel::RecordsTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RecordsTableModel::setRecords(QList<ProvisionRecord> records)
{
    beginResetModel();
    m_records = std::move(records);
    endResetModel();
}

int RecordsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int RecordsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecordsTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_records.size())
        return {};
    const ProvisionRecord &record = m_records.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == Result) {
        if (record.result == UnitResult::Pass)
            return QBrush(StationTile::colorFor(PortState::Passed));
        if (record.result == UnitResult::Fail || record.result == UnitResult::Interrupted)
            return QBrush(StationTile::colorFor(PortState::Failed));
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == Error)
        return record.error.isEmpty() ? QVariant() : QVariant(record.error);
    if (role == Qt::ToolTipRole && index.column() == Port)
        return record.portLocation.isEmpty() ? record.port : tr("%1\nUSB %2").arg(record.port, record.portLocation);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Time: return record.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case Result:
        return record.verifiedOnly && record.result == UnitResult::Pass ? tr("PASS (verified)")
                                                                        : resultWord(record.result);
    case Imei: return record.imei;
    case Iccid: return record.iccid;
    case Model: return record.model;
    case Firmware: return record.firmware;
    case Port: return record.port;
    case Operator: return record.operatorName;
    case Error: return record.error;
    case Duration: return duration(record);
    case ColumnCount: break;
    }
    return {};
}

QVariant RecordsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Time: return tr("Time");
    case Result: return tr("Result");
    case Imei: return tr("IMEI");
    case Iccid: return tr("ICCID");
    case Model: return tr("Model");
    case Firmware: return tr("Firmware");
    case Port: return tr("Port");
    case Operator: return tr("Operator");
    case Error: return tr("Error");
    case Duration: return tr("Duration");
    case ColumnCount: break;
    }
    return {};
}

} // namespace ModemBench::Ui
