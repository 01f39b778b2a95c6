#pragma once

#include "core/store/provisionrecords.h"

#include <QAbstractTableModel>

namespace ModemBench::Ui {

// The station view's records table: rows as RecordStore::query() returned them (newest first).
// Filtering is the store's (RecordFilter), so the table shows what an export would write.
class RecordsTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Result, Imei, Iccid, Model, Firmware, Port, Operator, Error, Duration, ColumnCount };

    explicit RecordsTableModel(QObject *parent = nullptr);

    void setRecords(QList<ProvisionRecord> records);
    const QList<ProvisionRecord> &records() const { return m_records; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ProvisionRecord> m_records;
};

} // namespace ModemBench::Ui
