#pragma once

#include "core/at/atrequest.h"
#include "core/modem/modemsession.h"
#include "core/modem/modemstatus.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace ModemBench {
class StatusQuery;
} // namespace ModemBench

namespace ModemBench::Ui {

// What the modem says about itself: identity, SIM, registration and signal, from the session's
// shared StatusQuery (run when the session becomes ready, at background priority so the console
// goes first, and on Refresh; the dashboard shows the same reading). Values are selectable; "—" means the modem gave no value (the reason is listed below).
class IdentityPanel : public QWidget
{
    Q_OBJECT
public:
    explicit IdentityPanel(QWidget *parent = nullptr);

    void setSession(ModemSession *session);
    void refresh(Priority priority = Priority::Normal);
    bool isRefreshing() const { return !m_query.isNull(); }
    void showStatus(const ModemStatus &status);

    // The shown text of a field, by its statusToJson key: "imei", "model", "operator", "rsrp", ...
    QString value(const QString &key) const;
    QString asText() const;
    QPushButton *refreshButton() const { return m_refreshButton; }

Q_SIGNALS:
    void refreshed(bool complete);

private:
    QWidget *buildFields();
    void addSection(QVBoxLayout *layout, const QString &title, const QList<QPair<QString, QString>> &rows);
    void setValue(const QString &key, const QString &text);
    void attachQuery(StatusQuery *query);
    void onQueryFinished(StatusQuery *query);
    void onStateChanged(ModemSession::State state);
    void updateButtons();

    QPointer<ModemSession> m_session;
    QPointer<StatusQuery> m_query;
    QHash<QString, QLabel *> m_values;
    QStringList m_order;
    QHash<QString, QString> m_titles;
    QLabel *m_state = nullptr;
    QLabel *m_problems = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QPushButton *m_copyButton = nullptr;
    QString m_updatedAt;
};

} // namespace ModemBench::Ui
