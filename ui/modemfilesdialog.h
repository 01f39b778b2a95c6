#pragma once

#include "core/flows/tlsflows.h"
#include "core/modem/modemsession.h"
#include "core/store/fileinventory.h"

#include <QDialog>
#include <QPointer>

#include <memory>

class QLabel;
class QPushButton;
class QTableWidget;

namespace ModemBench::Ui {

class FlowPanel;

// Certificates → Modem Files: what ModemBench uploaded to the connected modem (issue #6). The
// modem has no command that lists its files, so this is the tool's own inventory, keyed by the
// modem's IMEI (read with tlsPreparationSteps). Delete runs deleteFileSteps, then drops the row.
// Modeless; the confirmation before a delete is the only modal box.
class ModemFilesDialog : public QDialog
{
    Q_OBJECT
public:
    enum Column { NameColumn, KindColumn, SizeColumn, Sha256Column, WhenColumn, ConvertedColumn, ColumnCount };

    // `inventoryPath` empty: FileInventory's default path.
    explicit ModemFilesDialog(ModemSession *session, const QString &inventoryPath = {}, QWidget *parent = nullptr);
    ~ModemFilesDialog() override;

    QTableWidget *table() const { return m_table; }
    QLabel *emptyLabel() const { return m_empty; }
    QLabel *statusLabel() const { return m_status; }
    QPushButton *deleteButton() const { return m_delete; }
    QPushButton *refreshButton() const { return m_refresh; }
    FlowPanel *panel() const { return m_panel; }
    QString imei() const { return m_imei; }
    bool isBusy() const;
    // Tests answer the confirmation themselves (true: delete).
    void setConfirm(std::function<bool(const QString &question)> confirm) { m_confirm = std::move(confirm); }

public Q_SLOTS:
    // Reads the IMEI when it is not known yet, then lists the inventory.
    void refresh();
    void deleteSelected();

Q_SIGNALS:
    void refreshed();

private:
    void readImei();
    void list();
    void deleteNext(QList<ModemFileRecord> remaining);
    void updateButtons();
    Result<FileInventory *> inventory();
    void done(int result) override;

    QPointer<ModemSession> m_session;
    QString m_inventoryPath;
    std::unique_ptr<FileInventory> m_inventory;
    std::function<bool(const QString &)> m_confirm;
    QString m_imei;
    QList<ModemFileRecord> m_records;
    QLabel *m_status = nullptr;
    QTableWidget *m_table = nullptr;
    QLabel *m_empty = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_refresh = nullptr;
    FlowPanel *m_panel = nullptr;
};

} // namespace ModemBench::Ui
