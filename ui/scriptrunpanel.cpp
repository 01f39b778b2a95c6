#include "ui/scriptrunpanel.h"

#include "core/modem/modemsession.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ModemBench::Ui {

namespace {
const QString kPathKey = QStringLiteral("script/lastPath");
const QString kLoopsKey = QStringLiteral("script/loops");
const QString kKeepGoingKey = QStringLiteral("script/keepGoing");
constexpr int kMaxLoops = 100000;
constexpr int kMaxOutputBlocks = 20000; // a long soak run keeps the newest lines, bounded

QString oneLine(const QString &text)
{
    QString line = text;
    line.replace(QLatin1Char('\n'), QStringLiteral(" | "));
    return line.left(300);
}
} // namespace

ScriptRunPanel::ScriptRunPanel(ModemSession *session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_chooser(defaultOpenFileChooser())
{
    setWindowTitle(tr("Run AT Script"));
    setObjectName(QStringLiteral("scriptRunPanel"));
    setModal(false);

    m_path = new QLineEdit(this);
    m_path->setPlaceholderText(tr("An AT script (.atscript), see docs/scripts.md"));
    m_browse = new QPushButton(tr("&Browse…"), this);
    m_browse->setAutoDefault(false);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    m_loops = new QSpinBox(this);
    m_loops->setRange(1, kMaxLoops);
    m_loops->setAccessibleName(tr("Loops"));
    m_keepGoing = new QCheckBox(tr("&Keep going after a failed loop"), this);
    auto *form = new QFormLayout;
    auto *pathLabel = new QLabel(tr("&Script:"), this);
    pathLabel->setBuddy(m_path); // addRow(text, layout) would show the "&"
    form->addRow(pathLabel, pathRow);
    form->addRow(tr("&Loops:"), m_loops);
    form->addRow(QString(), m_keepGoing);

    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_step = new QLabel(this);
    m_output = new QPlainTextEdit(this);
    m_output->setReadOnly(true);
    m_output->setMaximumBlockCount(kMaxOutputBlocks);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setMinimumSize(520, 220);
    m_summary = new QLabel(this);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);

    m_run = new QPushButton(tr("&Run"), this);
    m_run->setDefault(true);
    m_cancel = new QPushButton(tr("&Cancel Run"), this);
    m_cancel->setAutoDefault(false);
    m_close = new QPushButton(tr("Close"), this);
    m_close->setAutoDefault(false);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_summary, 1);
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_close);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_progress);
    layout->addWidget(m_step);
    layout->addWidget(m_output, 1);
    layout->addLayout(buttons);

    QSettings settings;
    m_path->setText(settings.value(kPathKey).toString());
    m_loops->setValue(settings.value(kLoopsKey, 1).toInt());
    m_keepGoing->setChecked(settings.value(kKeepGoingKey, false).toBool());

    connect(m_browse, &QPushButton::clicked, this, &ScriptRunPanel::chooseScript);
    connect(m_run, &QPushButton::clicked, this, &ScriptRunPanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &ScriptRunPanel::cancel);
    connect(m_close, &QPushButton::clicked, this, &QWidget::close);
    if (m_session)
        connect(m_session, &ModemSession::stateChanged, this, [this](ModemSession::State state) {
            // The channel a run holds goes with the connection: end the run first.
            if (state != ModemSession::State::Ready && isRunning())
                cancel();
            updateButtons();
        });
    updateButtons();
}

ScriptRunPanel::~ScriptRunPanel()
{
    if (m_runner)
        m_runner->cancel();
}

bool ScriptRunPanel::isRunning() const
{
    return m_runner && m_runner->isRunning();
}

void ScriptRunPanel::setScriptPath(const QString &path)
{
    m_path->setText(path);
    m_error->hide();
}

void ScriptRunPanel::chooseScript()
{
    const QString current = m_path->text().trimmed();
    const OpenFileRequest request{tr("Open an AT Script"), current.isEmpty() ? QString() : QFileInfo(current).absolutePath(),
                                  tr("AT scripts (*.atscript *.txt);;All files (*)")};
    m_chooser(this, request, [this](const QString &path) { setScriptPath(path); });
}

Result<QList<ScriptStep>> ScriptRunPanel::readScript(const QString &path) const
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Usage, tr("cannot read %1: %2").arg(path, file.errorString()));
    if (file.size() > kMaxScriptBytes)
        return fail(ErrorCode::Usage, tr("%1 is over 1 MiB: not an AT script").arg(path));
    return parseAtScript(file.read(kMaxScriptBytes + 1));
}

void ScriptRunPanel::run()
{
    if (isRunning())
        return;
    m_error->hide();
    const QString path = m_path->text().trimmed();
    if (path.isEmpty()) {
        showError(tr("Choose a script file first (Browse…)."));
        return;
    }
    // Parsed whole before the first byte goes out: a typo on line 40 must not leave half a setup.
    auto steps = readScript(path);
    if (!steps) {
        showError(tr("%1: %2").arg(QFileInfo(path).fileName(), steps.error().message));
        return;
    }
    if (steps->isEmpty()) {
        showError(tr("%1 has no steps.").arg(QFileInfo(path).fileName()));
        return;
    }
    if (!m_session || m_session->state() != ModemSession::State::Ready || !m_session->channel()) {
        showError(tr("Connect to a modem first (Ctrl+K): the script runs on the connected modem."));
        return;
    }
    QSettings settings;
    settings.setValue(kPathKey, path);
    settings.setValue(kLoopsKey, m_loops->value());
    settings.setValue(kKeepGoingKey, m_keepGoing->isChecked());

    m_stepsPerLoop = int(steps->size());
    m_loopCount = m_loops->value();
    m_output->clear();
    m_summary->clear();
    m_progress->setRange(0, m_stepsPerLoop * m_loopCount);
    m_progress->setValue(0);
    addLine(NoteKind::Info, tr("Script %1: %n step(s)", nullptr, m_stepsPerLoop).arg(QFileInfo(path).fileName())
                                + tr(", %n loop(s)", nullptr, m_loopCount));
    auto *runner = new ScriptRun(m_session->channel(), std::move(*steps), m_loopCount, !m_keepGoing->isChecked(),
                                 nullptr, this);
    m_runner = runner;
    connect(runner, &ScriptRun::progressed, this, [this](int loop, int done, int total, const QString &label) {
        m_progress->setValue((loop - 1) * m_stepsPerLoop + done);
        m_step->setText(tr("Loop %1 of %2, step %3 of %4: %5").arg(loop).arg(m_loopCount).arg(done + 1).arg(total).arg(label));
    });
    connect(runner, &ScriptRun::stepFinished, this, &ScriptRunPanel::onStepFinished);
    connect(runner, &ScriptRun::loopFinished, this, [this](int loop, bool passed) {
        addLine(passed ? NoteKind::Success : NoteKind::Failure,
                passed ? tr("loop %1 passed").arg(loop) : tr("loop %1 FAILED").arg(loop));
    });
    connect(runner, &ScriptRun::finished, this, &ScriptRunPanel::onFinished);
    runner->start();
    updateButtons();
}

void ScriptRunPanel::cancel()
{
    if (m_runner && m_runner->isRunning())
        m_runner->cancel();
}

void ScriptRunPanel::onStepFinished(int loop, const ScriptStepResult &result)
{
    const QString name = result.name.isEmpty() ? QString::fromLatin1(result.command) : result.name;
    if (result.passed) {
        addLine(NoteKind::Success, tr("PASS  loop %1  %2  (%3 ms)").arg(loop).arg(name).arg(result.durationMs));
    } else {
        addLine(NoteKind::Failure,
                tr("FAIL  loop %1  %2  (%3 ms, %n attempt(s)): ", nullptr, result.attempts).arg(loop).arg(name).arg(result.durationMs)
                    + oneLine(result.error));
    }
}

void ScriptRunPanel::onFinished(const ScriptSummary &summary)
{
    const QString text = tr("%1 of %2 loops passed · %3 of %4 steps · %5 s%6")
                             .arg(summary.passedLoops)
                             .arg(summary.loops)
                             .arg(summary.stepsPassed)
                             .arg(summary.stepsRun)
                             .arg(double(summary.durationMs) / 1000.0, 0, 'f', 1)
                             .arg(summary.cancelled ? tr(" · cancelled") : QString());
    m_summary->setText(text);
    m_summary->setStyleSheet(summary.passed() ? QStringLiteral("color: #2e7d32;") : QStringLiteral("color: #c62828;"));
    m_step->setText(summary.passed() ? tr("Passed") : (summary.cancelled ? tr("Cancelled") : tr("Failed")));
    addLine(summary.passed() ? NoteKind::Success : NoteKind::Failure, text);
    if (m_runner)
        m_runner->deleteLater();
    updateButtons();
    Q_EMIT finished(summary);
}

void ScriptRunPanel::showError(const QString &text)
{
    m_error->setText(text);
    m_error->show();
}

void ScriptRunPanel::addLine(NoteKind kind, const QString &text)
{
    m_output->appendPlainText(noteMarker(kind) + QLatin1Char(' ') + text);
    Q_EMIT lineReady(kind, text);
}

void ScriptRunPanel::updateButtons()
{
    const bool running = isRunning();
    const bool connected = m_session && m_session->state() == ModemSession::State::Ready;
    m_run->setEnabled(!running);
    m_run->setToolTip(connected ? tr("Run the script on the connected modem") : tr("Checks the file; connect to a modem (Ctrl+K) to run it"));
    m_cancel->setEnabled(running);
    m_path->setEnabled(!running);
    m_browse->setEnabled(!running);
    m_loops->setEnabled(!running);
    m_keepGoing->setEnabled(!running);
}

void ScriptRunPanel::closeEvent(QCloseEvent *event)
{
    // Closing is cancelling: a script must not keep talking to the modem from a hidden window.
    cancel();
    QDialog::closeEvent(event);
}

} // namespace ModemBench::Ui
