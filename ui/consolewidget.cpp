#include "ui/consolewidget.h"

#include "core/at/atchannel.h"
#include "core/at/replyshape.h"
#include "core/catalog/commandcatalog.h"
#include "ui/commandinput.h"
#include "ui/trafficview.h"

#include <QAbstractItemView>
#include <QAction>
#include <QComboBox>
#include <QCompleter>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStringListModel>
#include <QToolBar>
#include <QVBoxLayout>

namespace ModemBench::Ui {

namespace {
const QString kHistoryKey = QStringLiteral("console/history");
const QString kHexKey = QStringLiteral("console/hex");
const QString kAutomaticKey = QStringLiteral("console/showAutomatic");
const QString kRawKey = QStringLiteral("console/raw");
const QString kLineEndingKey = QStringLiteral("console/rawLineEnding");
const QString kLogDirKey = QStringLiteral("console/logDirectory");
// Below this length a popup on every keystroke ("A", "AT") would only get in the way; Tab still
// completes at any length.
constexpr int kAutoCompleteMinLength = 4;
} // namespace

ConsoleWidget::ConsoleWidget(const CommandCatalog *catalog, QWidget *parent)
    : QWidget(parent)
    , m_catalog(catalog)
    , m_chooser(defaultSaveFileChooser())
{
    m_view = new TrafficView(this);
    m_input = new CommandInput(this);
    m_input->setObjectName(QStringLiteral("consoleInput"));
    m_input->setFont(m_view->font());
    m_input->setAccessibleName(tr("AT command"));
    m_completionModel = new QStringListModel(this);
    m_completer = new QCompleter(m_completionModel, this);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    // The model is already filtered by CommandCatalog::completions ("+CS" means "AT+CS").
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->popup()->setFont(m_view->font());
    m_input->setCompleter(m_completer);
    buildToolBar();
    buildLayout();
    connect(m_input, &CommandInput::submitted, this, &ConsoleWidget::submit);
    connect(m_input, &CommandInput::ctrlZPressed, this, &ConsoleWidget::sendCtrlZ);
    connect(m_input, &CommandInput::escapePressed, this, &ConsoleWidget::sendEscape);
    connect(m_input, &CommandInput::completionRequested, this, &ConsoleWidget::onCompletionRequested);
    connect(m_input, &QLineEdit::textEdited, this, &ConsoleWidget::onTextEdited);
    connect(m_input, &QLineEdit::textChanged, this, &ConsoleWidget::updateHelp);
    connect(m_sendButton, &QPushButton::clicked, this, [this] { submit(m_input->text()); });
    connect(m_view, &TrafficView::storeLimitReached, this, [this] {
        note(NoteKind::Warning, tr("More than %L1 records: Save log now drops the oldest ones. Use \"Log to "
                                   "file…\" to keep a long session complete.").arg(TrafficView::kMaxStoredEntries));
    });
    loadSettings();
    updateModeUi();
    setFocusProxy(m_input);
    m_view->setPlaceholderText(tr("Traffic with the modem appears here. Choose a port and press Connect (Ctrl+K); "
                                  "\"Simulated SIM7000G\" works without any hardware."));
}

ConsoleWidget::~ConsoleWidget() = default;

void ConsoleWidget::createActions()
{
    m_hexAction = new QAction(tr("He&x"), this);
    m_hexAction->setCheckable(true);
    m_hexAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X));
    m_hexAction->setToolTip(tr("Show every record as a hex dump (Ctrl+Shift+X)"));
    m_autoAction = new QAction(tr("&Automatic"), this);
    m_autoAction->setCheckable(true);
    m_autoAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_autoAction->setToolTip(tr("Show the traffic of commands you did not type (status reads, probes), dimmed "
                                "(Ctrl+Shift+A). Save log always has it."));
    m_rawAction = new QAction(tr("&Raw"), this);
    m_rawAction->setCheckable(true);
    m_rawAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_rawAction->setToolTip(tr("Raw mode: write what you type as is, with the chosen line ending; no reply is "
                               "awaited (Ctrl+Shift+R)"));
    m_ctrlZAction = new QAction(tr("Send Ctrl-Z"), this);
    m_ctrlZAction->setToolTip(tr("Send 0x1A: ends the data at a \"> \" prompt (Ctrl+Z in the input line in raw "
                                 "mode or at a prompt)"));
    m_escAction = new QAction(tr("Send Esc"), this);
    m_escAction->setToolTip(tr("Send 0x1B: abandons the data at a \"> \" prompt (Esc in the input line in raw "
                               "mode or at a prompt)"));
    m_logAction = new QAction(tr("&Log to File…"), this);
    m_logAction->setCheckable(true);
    m_logAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    m_logAction->setToolTip(tr("Write every record to a file as it happens, however long the session "
                               "(Ctrl+Shift+L)"));
    m_saveAction = new QAction(tr("&Save Log…"), this);
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setToolTip(tr("Save the whole session's traffic, not only what is visible (Ctrl+S)"));
    m_clearAction = new QAction(tr("&Clear"), this);
    m_clearAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_clearAction->setToolTip(tr("Clear the view; Save log still has everything (Ctrl+L)"));
}

void ConsoleWidget::buildToolBar()
{
    createActions();
    m_lineEnding = new QComboBox(this);
    m_lineEnding->addItem(tr("+ CR"), QByteArray("\r"));
    m_lineEnding->addItem(tr("+ CR LF"), QByteArray("\r\n"));
    m_lineEnding->addItem(tr("nothing"), QByteArray());
    m_lineEnding->setToolTip(tr("What raw mode appends to each line"));
    m_logLabel = new QLabel(this);
    auto *spacer = new QWidget(this);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_toolBar = new QToolBar(tr("Console"), this);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolBar->addActions({m_hexAction, m_autoAction, m_rawAction});
    m_lineEndingAction = m_toolBar->addWidget(m_lineEnding);
    m_toolBar->addActions({m_ctrlZAction, m_escAction});
    m_toolBar->addWidget(spacer);
    m_toolBar->addWidget(m_logLabel);
    m_toolBar->addActions({m_logAction, m_saveAction, m_clearAction});
    connect(m_hexAction, &QAction::toggled, this, &ConsoleWidget::setHexMode);
    connect(m_autoAction, &QAction::toggled, this, &ConsoleWidget::setShowAutomatic);
    connect(m_rawAction, &QAction::toggled, this, &ConsoleWidget::setRawMode);
    connect(m_lineEnding, &QComboBox::currentIndexChanged, this, [this](int index) {
        QSettings().setValue(kLineEndingKey, index);
        updateHelp();
    });
    connect(m_ctrlZAction, &QAction::triggered, this, &ConsoleWidget::sendCtrlZ);
    connect(m_escAction, &QAction::triggered, this, &ConsoleWidget::sendEscape);
    connect(m_logAction, &QAction::triggered, this, &ConsoleWidget::onLogToFileTriggered);
    connect(m_saveAction, &QAction::triggered, this, &ConsoleWidget::saveLogInteractively);
    connect(m_clearAction, &QAction::triggered, this, &ConsoleWidget::clearView);
}

void ConsoleWidget::buildLayout()
{
    m_sendButton = new QPushButton(tr("Send"), this);
    m_sendButton->setToolTip(tr("Send the line (Enter)"));
    m_sendButton->setAutoDefault(false);
    m_help = new QLabel(this);
    m_help->setObjectName(QStringLiteral("consoleHelp"));
    m_help->setWordWrap(true);
    m_help->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Two lines reserved so that a long help text never makes the layout jump while typing.
    m_help->setFixedHeight(m_help->fontMetrics().lineSpacing() * 2 + 4);
    auto *inputRow = new QHBoxLayout;
    inputRow->setSpacing(6);
    inputRow->addWidget(m_input, 1);
    inputRow->addWidget(m_sendButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_toolBar);
    layout->addWidget(m_view, 1);
    layout->addLayout(inputRow);
    layout->addWidget(m_help);
}

void ConsoleWidget::loadSettings()
{
    QSettings settings;
    m_input->history().setEntries(settings.value(kHistoryKey).toStringList());
    m_lineEnding->setCurrentIndex(qBound(0, settings.value(kLineEndingKey, 0).toInt(), m_lineEnding->count() - 1));
    m_hexAction->setChecked(settings.value(kHexKey, false).toBool());
    m_autoAction->setChecked(settings.value(kAutomaticKey, true).toBool());
    m_view->setShowAutomatic(m_autoAction->isChecked());
    m_rawAction->setChecked(settings.value(kRawKey, false).toBool());
}

bool ConsoleWidget::hexMode() const
{
    return m_view->hexMode();
}

void ConsoleWidget::setHexMode(bool on)
{
    m_hexAction->setChecked(on);
    m_view->setHexMode(on);
    QSettings().setValue(kHexKey, on);
}

void ConsoleWidget::setShowAutomatic(bool on)
{
    m_autoAction->setChecked(on);
    m_view->setShowAutomatic(on);
    QSettings().setValue(kAutomaticKey, on);
}

bool ConsoleWidget::rawMode() const
{
    return m_rawAction->isChecked();
}

void ConsoleWidget::setRawMode(bool on)
{
    m_rawAction->setChecked(on);
    QSettings().setValue(kRawKey, on);
    updateModeUi();
}

void ConsoleWidget::setSession(ModemSession *session)
{
    if (m_session) {
        m_session->disconnect(this);
        m_session->disconnect(m_view);
    }
    m_session = session;
    if (!session)
        return;
    connect(session, &ModemSession::traffic, m_view, &TrafficView::appendRecord);
    connect(session, &ModemSession::stateChanged, this, &ConsoleWidget::onSessionStateChanged);
    connect(session, &ModemSession::openFailed, this, [this](const Error &error) {
        note(NoteKind::Failure, tr("Could not connect: %1").arg(error.message));
    });
    connect(session, &ModemSession::closed, this, [this](const Error &reason) {
        m_lossReported = true;
        note(NoteKind::Failure, tr("Connection lost: %1").arg(reason.message));
    });
    connect(session, &ModemSession::modemRestarted, this, [this] {
        note(NoteKind::Warning, tr("The modem restarted (boot banner seen)."));
    });
    connect(session, &ModemSession::noticed, this, [this](const QString &message) {
        if (m_noticesShown.contains(message))
            return;
        m_noticesShown << message;
        note(NoteKind::Info, message);
    });
    bindChannel(session->channel());
    updateModeUi();
}

void ConsoleWidget::bindChannel(AtChannel *channel)
{
    if (m_channel == channel)
        return;
    if (m_channel)
        m_channel->disconnect(this);
    m_channel = channel;
    if (channel)
        connect(channel, &AtChannel::promptWaiting, this, &ConsoleWidget::onPromptWaiting);
}

void ConsoleWidget::onSessionStateChanged(ModemSession::State state)
{
    // The session makes a new channel for every open: Starting is the first state that has it.
    if (m_session && state == ModemSession::State::Starting)
        bindChannel(m_session->channel());
    switch (state) {
    case ModemSession::State::Opening:
        m_noticesShown.clear();
        m_lossReported = false;
        note(NoteKind::Info, tr("Connecting to %1…").arg(m_session->portName()));
        break;
    case ModemSession::State::Ready:
        note(NoteKind::Success, tr("Connected to %1.").arg(m_session->portName()));
        break;
    case ModemSession::State::Reconnecting:
        endPrompt();
        break;
    case ModemSession::State::Closed:
        endPrompt();
        bindChannel(nullptr);
        // A failed open or a lost port has already said what happened.
        if (m_lastState == ModemSession::State::Ready && !m_lossReported)
            note(NoteKind::Info, tr("Disconnected."));
        break;
    case ModemSession::State::Starting:
        break;
    }
    m_lastState = state;
    updateModeUi();
}

bool ConsoleWidget::canSend() const
{
    return m_session && m_channel && m_session->state() == ModemSession::State::Ready;
}

void ConsoleWidget::note(NoteKind kind, const QString &text)
{
    m_view->appendNote(kind, text);
}

void ConsoleWidget::submit(const QString &text)
{
    if (isWaitingForData()) {
        addPromptLine(text);
        return;
    }
    const QString line = rawMode() ? text : text.trimmed();
    if (line.isEmpty() && !rawMode())
        return;
    m_input->history().add(line);
    QSettings().setValue(kHistoryKey, m_input->history().entries());
    m_input->clear();
    if (!canSend()) {
        note(NoteKind::Failure, tr("Not connected: \"%1\" was not sent. Connect first (Ctrl+K).").arg(line));
        return;
    }
    if (rawMode())
        sendRaw(line.toUtf8() + rawLineEnding());
    else
        sendCommand(line);
}

void ConsoleWidget::sendCommand(const QString &line)
{
    ++m_pendingCommands;
    m_lastCommandId = m_channel->send(AtRequest::make(line.toUtf8(), Priority::User), this,
                                      [this, line](const Result<AtResponse> &response) {
                                          onCommandDone(line, response);
                                      });
}

void ConsoleWidget::onCommandDone(const QString &line, const Result<AtResponse> &response)
{
    --m_pendingCommands;
    endPrompt();
    if (response) {
        note(NoteKind::Success, tr("%1: %2 in %3 ms")
                                    .arg(line, QString::fromLatin1(response->finalLine))
                                    .arg(response->elapsedMs));
    } else {
        // Core's messages usually name the command already; say it once.
        const QString &message = response.error().message;
        note(NoteKind::Failure, message.contains(line, Qt::CaseInsensitive)
                                    ? message : tr("%1 failed: %2").arg(line, message));
    }
    Q_EMIT commandFinished(line, response.has_value());
}

void ConsoleWidget::sendRaw(const QByteArray &bytes)
{
    if (!canSend()) {
        note(NoteKind::Failure, tr("Not connected: nothing was sent."));
        return;
    }
    AtRequest request;
    request.command = bytes;
    request.raw = true;
    request.priority = Priority::User;
    m_channel->send(std::move(request), this, [this](const Result<AtResponse> &response) {
        if (!response)
            note(NoteKind::Failure, tr("Raw write failed: %1").arg(response.error().message));
    });
}

QByteArray ConsoleWidget::rawLineEnding() const
{
    return m_lineEnding->currentData().toByteArray();
}

void ConsoleWidget::onPromptWaiting(const QByteArray &command)
{
    m_promptCommand = command;
    m_promptBuffer.clear();
    // A "> " prompt (CMGS, CASEND, CIPSEND) ends its data with Ctrl-Z; DOWNLOAD (CFSWFILE) counts
    // bytes, where a 0x1A would become part of the file.
    m_promptNeedsCtrlZ = promptKindFor(command) != PromptKind::Download;
    const QString name = QString::fromLatin1(command);
    note(NoteKind::Warning,
         m_promptNeedsCtrlZ
             ? tr("%1 waits for data: type it below. Enter adds a line break (CR LF), Ctrl+Z sends, Esc cancels.")
                   .arg(name)
             : tr("%1 waits for exactly the announced number of bytes: type them below. Enter adds CR LF, Ctrl+Z "
                  "sends them.").arg(name));
    updateModeUi();
    m_input->setFocus();
}

void ConsoleWidget::addPromptLine(const QString &text)
{
    m_promptBuffer += text.toUtf8() + "\r\n";
    note(NoteKind::Info, tr("data: %1").arg(text));
    m_input->clear();
    updateHelp();
}

void ConsoleWidget::finishPrompt(const QByteArray &terminator)
{
    if (!m_channel)
        return;
    const QByteArray payload = m_promptBuffer + m_input->text().toUtf8() + terminator;
    m_input->clear();
    endPrompt();
    if (auto written = m_channel->writePromptPayload(payload); !written)
        note(NoteKind::Failure, written.error().message);
}

void ConsoleWidget::endPrompt()
{
    if (m_promptCommand.isEmpty())
        return;
    m_promptCommand.clear();
    m_promptBuffer.clear();
    updateModeUi();
}

void ConsoleWidget::sendCtrlZ()
{
    if (isWaitingForData()) {
        finishPrompt(m_promptNeedsCtrlZ ? QByteArray("\x1A") : QByteArray());
        return;
    }
    if (rawMode())
        sendRaw(QByteArray("\x1A"));
}

void ConsoleWidget::sendEscape()
{
    if (isWaitingForData()) {
        if (m_promptNeedsCtrlZ) {
            m_promptBuffer.clear();
            m_input->clear();
            finishPrompt(QByteArray("\x1B"));
        } else if (m_channel) {
            // DOWNLOAD has no escape byte: cancelling makes the channel resynchronise instead.
            m_channel->cancel(m_lastCommandId);
        }
        return;
    }
    if (rawMode())
        sendRaw(QByteArray("\x1B"));
}

void ConsoleWidget::clearView()
{
    m_view->clearView();
}

Result<void> ConsoleWidget::saveLog(const QString &path) const
{
    m_view->flush();
    return m_view->saveLog(path);
}

QString ConsoleWidget::suggestedLogPath() const
{
    QString dir = QSettings().value(kLogDirKey).toString();
    if (dir.isEmpty() || !QFileInfo(dir).isDir())
        dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    return QDir(dir).filePath(QStringLiteral("modembench-%1.log").arg(stamp));
}

void ConsoleWidget::saveLogInteractively()
{
    const SaveFileRequest request{tr("Save AT Traffic Log"), suggestedLogPath(), tr("Traffic logs (*.log);;All files (*)")};
    m_chooser(this, request, [this](const QString &path) {
        QSettings().setValue(kLogDirKey, QFileInfo(path).absolutePath());
        if (auto saved = saveLog(path); !saved)
            note(NoteKind::Failure, saved.error().message);
        else
            note(NoteKind::Success, tr("Saved %L1 records to %2.").arg(m_view->recordCount()).arg(path));
    });
}

void ConsoleWidget::onLogToFileTriggered()
{
    // The action's check mark shows whether a log is open, not the click: a cancelled dialog
    // must leave it unchecked.
    const bool logging = !m_logLabel->text().isEmpty();
    m_logAction->setChecked(logging);
    if (!m_session)
        return;
    if (logging) {
        m_session->stopTrafficLog();
        m_logLabel->clear();
        note(NoteKind::Info, tr("Stopped logging to file."));
        return;
    }
    const SaveFileRequest request{tr("Log All Traffic To"), suggestedLogPath(), tr("Traffic logs (*.log);;All files (*)")};
    m_chooser(this, request, [this](const QString &path) {
        if (!m_session)
            return;
        QSettings().setValue(kLogDirKey, QFileInfo(path).absolutePath());
        if (auto started = m_session->startTrafficLog(path); !started) {
            note(NoteKind::Failure, started.error().message);
            return;
        }
        m_logAction->setChecked(true);
        m_logLabel->setText(tr("● Logging to %1").arg(QFileInfo(path).fileName()));
        m_logLabel->setToolTip(path);
        note(NoteKind::Info, tr("Logging every record to %1.").arg(path));
    });
}

void ConsoleWidget::onTextEdited(const QString &text)
{
    // Runs before QLineEdit asks the completer, so the popup always sees the current list.
    QStringList list;
    if (!rawMode() && !isWaitingForData() && text.trimmed().size() >= kAutoCompleteMinLength)
        list = m_catalog ? m_catalog->completions(text) : QStringList();
    if (list.size() == 1 && list.constFirst().compare(text.trimmed(), Qt::CaseInsensitive) == 0)
        list.clear();
    m_completionModel->setStringList(list);
}

void ConsoleWidget::onCompletionRequested()
{
    const QString text = m_input->text().trimmed();
    if (rawMode() || isWaitingForData() || !m_catalog)
        return;
    const QStringList list = m_catalog->completions(text);
    if (list.size() == 1) {
        m_input->setText(list.constFirst());
        return;
    }
    m_completionModel->setStringList(list);
    m_completer->setCompletionPrefix(text);
    m_completer->complete();
}

void ConsoleWidget::updateHelp()
{
    const QString text = m_input->text().trimmed();
    QString help;
    if (isWaitingForData()) {
        help = tr("Data for %1: %L2 bytes collected. Ctrl+Z sends%3.")
                   .arg(QString::fromLatin1(m_promptCommand)).arg(m_promptBuffer.size())
                   .arg(m_promptNeedsCtrlZ ? tr(", Esc cancels") : QString());
    } else if (rawMode()) {
        help = tr("Raw mode: Enter writes the line as typed, followed by %1; replies appear as they arrive. "
                  "Ctrl+Z and Esc are sent as bytes.").arg(m_lineEnding->currentText().remove(QLatin1Char('+')).trimmed());
    } else if (text.isEmpty()) {
        help = tr("Type an AT command and press Enter. Tab completes, Up/Down recall earlier commands.");
    } else if (const QString line = m_catalog ? m_catalog->helpLine(text.toLatin1()) : QString(); !line.isEmpty()) {
        help = line;
    } else if (const QStringList matches = m_catalog ? m_catalog->completions(text) : QStringList();
               !matches.isEmpty()) {
        help = tr("%n matching command(s): %1 (Tab completes)", nullptr, int(matches.size()))
                   .arg(QStringList(matches.mid(0, 6)).join(QStringLiteral(", "))
                        + (matches.size() > 6 ? QStringLiteral(", …") : QString()));
    } else {
        help = tr("Not in the command catalog: it is sent as typed, with the default timeout.");
    }
    m_help->setText(help);
}

void ConsoleWidget::updateModeUi()
{
    const bool prompt = isWaitingForData();
    const bool raw = rawMode();
    m_input->setControlKeysCaptured(prompt || raw);
    m_lineEndingAction->setVisible(raw);
    m_ctrlZAction->setEnabled(prompt || (raw && canSend()));
    m_escAction->setEnabled(prompt || (raw && canSend()));
    m_logAction->setEnabled(m_session != nullptr);
    if (prompt)
        m_input->setPlaceholderText(tr("Data for %1 — Ctrl+Z sends").arg(QString::fromLatin1(m_promptCommand)));
    else if (raw)
        m_input->setPlaceholderText(tr("Raw bytes to write"));
    else
        m_input->setPlaceholderText(tr("AT command, e.g. AT+CSQ"));
    if (prompt || raw)
        m_completionModel->setStringList({});
    updateHelp();
}

} // namespace ModemBench::Ui
