#pragma once

#include "core/store/provisionrecords.h"
#include "ui/dialogseam.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace ModemBench::Ui {

class RecordsTableModel;

// The records under the station's tiles: what the database holds (every station writing to it),
// with a text and a result filter, and Export CSV / JSON of exactly the filtered rows.
class StationRecordsPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kRowLimit = 5000; // the table is a view, not the archive: export is complete

    explicit StationRecordsPanel(QWidget *parent = nullptr);

    // store may be null (no database opened yet); it must outlive its use here.
    void setStore(RecordStore *store);
    void setSaveFileChooser(SaveFileChooser chooser) { m_chooser = std::move(chooser); }

    // Coalesces: 64 units finishing together cost one query.
    void scheduleRefresh();
    void refresh();

    RecordFilter filter(int limit = kRowLimit) const;
    RecordsTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }
    QComboBox *resultCombo() const { return m_result; }
    QPushButton *exportCsvButton() const { return m_exportCsv; }
    QPushButton *exportJsonButton() const { return m_exportJson; }
    QLabel *statusLabel() const { return m_status; }

public Q_SLOTS:
    void exportCsv();
    void exportJson();

Q_SIGNALS:
    // What went wrong (a query or an export), for the window's banner.
    void failed(const QString &message);
    void exported(const QString &path, int records);

private:
    void exportAs(bool json);

    RecordStore *m_store = nullptr;
    SaveFileChooser m_chooser;
    RecordsTableModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_filter = nullptr;
    QComboBox *m_result = nullptr;
    QPushButton *m_exportCsv = nullptr;
    QPushButton *m_exportJson = nullptr;
    QLabel *m_status = nullptr;
    QTimer m_refreshTimer;
};

} // namespace ModemBench::Ui
