#pragma once

#include "core/at/atrequest.h"
#include "core/modem/modemsession.h"
#include "core/modem/modemstatus.h"
#include "core/modem/statusquery.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QPushButton;
class QTimer;
class QVBoxLayout;

namespace ModemBench::Ui {

// The modem at a glance (issue #3): identity, SIM, registration, signal, the data connection, the
// model family and what the firmware can do. It shows the session's shared StatusQuery (the same
// reading as `modembench-cli status`, which the identity panel shows too). Fields that changed
// since the last refresh are highlighted for a moment; capabilities the model lacks are greyed out
// with the reason as tooltip.
class DashboardWidget : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kHighlightMs = 2000;

    explicit DashboardWidget(QWidget *parent = nullptr);

    void setSession(ModemSession *session);
    // Asks the session for a reading; while one runs, this joins it.
    void refresh(Priority priority = Priority::Background);
    bool isRefreshing() const { return !m_query.isNull(); }

    // The shown text of a field: "imei", "operator", "rsrp", "ip", "apn", "family", "tls", ...
    QString value(const QString &key) const;
    QLabel *field(const QString &key) const { return m_values.value(key); }
    bool isHighlighted(const QString &key) const { return m_highlighted.contains(key); }
    const std::optional<ModelProfile> &profile() const { return m_profile; }
    QPushButton *refreshButton() const { return m_refreshButton; }

Q_SIGNALS:
    void refreshed();

private:
    QWidget *buildFields();
    void addSection(QVBoxLayout *layout, const QString &title, const QList<QPair<QString, QString>> &rows);
    void attachQuery(StatusQuery *query);
    void onQueryFinished(StatusQuery *query);
    void show(const ModemStatus &status, const std::optional<ModelProfile> &profile, const IpStatus &ip);
    void setValue(const QString &key, const QString &text);
    void setUnavailable(const QString &key, const QString &text, const QString &reason);
    void clearHighlights();
    void updateButtons();

    QPointer<ModemSession> m_session;
    QPointer<StatusQuery> m_query;
    std::optional<ModelProfile> m_profile;
    QHash<QString, QLabel *> m_values;
    QStringList m_highlighted;
    QTimer *m_highlightTimer = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_problems = nullptr;
    QPushButton *m_refreshButton = nullptr;
    bool m_firstReading = true;
    int m_fadeStep = 0;
};

} // namespace ModemBench::Ui
