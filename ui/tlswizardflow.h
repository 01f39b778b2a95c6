#pragma once

#include "core/flows/flowrunner.h"
#include "core/modem/modemsession.h"
#include "core/tls/tlsdoctor.h"

#include <QPointer>
#include <QWidget>

#include <functional>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QVBoxLayout;

namespace ModemBench::Ui {

// Runs core flows one after another on the session's channel for the TLS wizard and the modem
// files dialog: a progress bar (FlowRunner::progressed), Cancel, and a log line per step. Pages
// chain flows by starting the next one from `done`, which runs after the runner is gone. Nothing
// here speaks AT: the step tables come from core/flows.
class FlowPanel : public QWidget
{
    Q_OBJECT
public:
    using Done = std::function<void(const Result<void> &result)>;

    explicit FlowPanel(QWidget *parent = nullptr);

    void setSession(ModemSession *session) { m_session = session; }
    // `done` gets Usage at once when the session is not ready or a flow is already running.
    void run(const QList<FlowStep> &steps, const QString &name, int deadlineMs, const QString &hint, Done done);
    void cancel();
    bool isRunning() const { return !m_runner.isNull(); }
    // Puts a page's own start button in front of Cancel.
    void addButton(QPushButton *button);
    void addLine(const QString &text);
    void clearLog();
    // The bar ends full (success) or with the word saying why it stopped.
    void finishBar(bool success, const QString &text = {});

    QProgressBar *progressBar() const { return m_progress; }
    QPushButton *cancelButton() const { return m_cancel; }
    QListWidget *log() const { return m_log; }
    QString lastLabel() const { return m_lastLabel; }

Q_SIGNALS:
    void runningChanged(bool running);
    // A step with a new label began (each step once, also for polling steps).
    void stepStarted(const QString &label);

private:
    void onFinished(const Result<void> &result, const Done &done);

    QPointer<ModemSession> m_session;
    QPointer<FlowRunner> m_runner;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancel = nullptr;
    QListWidget *m_log = nullptr;
    QLayout *m_buttons = nullptr;
    QString m_lastLabel;
};

// The doctor's findings (and the wizard's own plan checks) as rows: an icon for ok / info /
// warning / problem, the finding, and the fix under it. Word-wrapped labels, so long fixes stay
// readable at any width.
class FindingsView : public QWidget
{
    Q_OBJECT
public:
    explicit FindingsView(QWidget *parent = nullptr);

    void setFindings(const QList<DoctorFinding> &findings);
    void clear() { setFindings({}); }
    const QList<DoctorFinding> &findings() const { return m_findings; }
    // The rows' text, one line a finding, for tests and the accessible description.
    QStringList lines() const;

private:
    QVBoxLayout *m_rows = nullptr;
    QList<DoctorFinding> m_findings;
};

// "✔", "ℹ", "⚠", "✘" coloured for a rich-text label.
QString severityMark(DoctorFinding::Severity severity);

} // namespace ModemBench::Ui
