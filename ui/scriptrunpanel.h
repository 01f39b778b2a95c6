#pragma once

#include "core/provision/atscript.h"
#include "core/provision/scriptrun.h"
#include "ui/dialogseam.h"
#include "ui/trafficformat.h"

#include <QDialog>
#include <QPointer>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace ModemBench {
class ModemSession;
}

namespace ModemBench::Ui {

// Console "Run Script…" (issue #7 item 1): runs an AT script file (docs/scripts.md) on the
// connected modem's channel with the same step runner as profiles and `modembench-cli script`:
// loops, keep going or stop on failure, a PASS/FAIL line per step, progress, Cancel and the
// summary. The file is parsed first: an error names its line and nothing is sent.
class ScriptRunPanel : public QDialog
{
    Q_OBJECT
public:
    static constexpr qint64 kMaxScriptBytes = 1024 * 1024;

    // session must outlive the panel.
    explicit ScriptRunPanel(ModemSession *session, QWidget *parent = nullptr);
    ~ScriptRunPanel() override;

    void setOpenFileChooser(OpenFileChooser chooser) { m_chooser = std::move(chooser); }
    void setScriptPath(const QString &path);

    QLineEdit *pathEdit() const { return m_path; }
    QPushButton *browseButton() const { return m_browse; }
    QSpinBox *loopsBox() const { return m_loops; }
    QCheckBox *keepGoingBox() const { return m_keepGoing; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *cancelButton() const { return m_cancel; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *stepLabel() const { return m_step; }
    QLabel *summaryLabel() const { return m_summary; }
    QLabel *errorLabel() const { return m_error; }
    QPlainTextEdit *output() const { return m_output; }
    bool isRunning() const;

public Q_SLOTS:
    // Parses the file and starts; returns at once (the run is on the event loop).
    void run();
    void cancel();
    void chooseScript();

Q_SIGNALS:
    // Each step's line and the summary, for the console.
    void lineReady(ModemBench::Ui::NoteKind kind, const QString &text);
    void finished(const ModemBench::ScriptSummary &summary);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void showError(const QString &text);
    void addLine(NoteKind kind, const QString &text);
    void onStepFinished(int loop, const ScriptStepResult &result);
    void onFinished(const ScriptSummary &summary);
    void updateButtons();
    Result<QList<ScriptStep>> readScript(const QString &path) const;

    QPointer<ModemSession> m_session;
    OpenFileChooser m_chooser;
    QPointer<ScriptRun> m_runner;
    int m_stepsPerLoop = 0;
    int m_loopCount = 0;

    QLineEdit *m_path = nullptr;
    QPushButton *m_browse = nullptr;
    QSpinBox *m_loops = nullptr;
    QCheckBox *m_keepGoing = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_close = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_step = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_error = nullptr;
    QPlainTextEdit *m_output = nullptr;
};

} // namespace ModemBench::Ui
