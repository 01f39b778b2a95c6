#pragma once

#include "core/at/atrequest.h"
#include "core/error.h"
#include "core/modem/modemsession.h"
#include "ui/dialogseam.h"
#include "ui/trafficformat.h"

#include <QPointer>
#include <QWidget>

class QAction;
class QComboBox;
class QCompleter;
class QLabel;
class QPushButton;
class QStringListModel;
class QToolBar;

namespace ModemBench {
class AtChannel;
class CommandCatalog;
} // namespace ModemBench

namespace ModemBench::Ui {

class CommandInput;
class TrafficView;

// The live AT console. Every command goes through the session's AtChannel queue at User priority,
// so it never interleaves with background traffic; every traffic record of the session is shown
// (TrafficView) and kept for "Save log". Raw mode writes what is typed; a data prompt ("> ",
// DOWNLOAD) collects the data and sends it with AtChannel::writePromptPayload.
class ConsoleWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ConsoleWidget(const CommandCatalog *catalog, QWidget *parent = nullptr);
    ~ConsoleWidget() override;

    void setSession(ModemSession *session);
    void setSaveFileChooser(SaveFileChooser chooser) { m_chooser = std::move(chooser); }

    TrafficView *view() const { return m_view; }
    CommandInput *input() const { return m_input; }
    QCompleter *completer() const { return m_completer; }
    QLabel *helpLabel() const { return m_help; }
    // For the main window's menus.
    QList<QAction *> fileActions() const { return {m_saveAction, m_logAction}; }
    QList<QAction *> viewActions() const { return {m_hexAction, m_rawAction, m_clearAction}; }
    QAction *logToFileAction() const { return m_logAction; }

    bool hexMode() const;
    void setHexMode(bool on);
    void setShowAutomatic(bool on);
    bool rawMode() const;
    void setRawMode(bool on);
    bool isWaitingForData() const { return !m_promptCommand.isEmpty(); }
    int pendingCommands() const { return m_pendingCommands; }

    Result<void> saveLog(const QString &path) const;
    void note(NoteKind kind, const QString &text);

public Q_SLOTS:
    // As if typed and Enter pressed.
    void submit(const QString &text);
    void saveLogInteractively();
    void sendCtrlZ();
    void sendEscape();
    void clearView();

Q_SIGNALS:
    void commandFinished(const QString &command, bool success);

private:
    void createActions();
    void buildToolBar();
    void buildLayout();
    void loadSettings();
    void bindChannel(AtChannel *channel);
    void onSessionStateChanged(ModemSession::State state);
    void onPromptWaiting(const QByteArray &command);
    void onCommandDone(const QString &line, const Result<AtResponse> &response);
    void onTextEdited(const QString &text);
    void onCompletionRequested();
    void onLogToFileTriggered();
    void sendCommand(const QString &line);
    void sendRaw(const QByteArray &bytes);
    void addPromptLine(const QString &text);
    void finishPrompt(const QByteArray &terminator);
    void endPrompt();
    void updateHelp();
    void updateModeUi();
    bool canSend() const;
    QByteArray rawLineEnding() const;
    QString suggestedLogPath() const;

    const CommandCatalog *m_catalog;
    QPointer<ModemSession> m_session;
    QPointer<AtChannel> m_channel;
    SaveFileChooser m_chooser;

    QToolBar *m_toolBar = nullptr;
    TrafficView *m_view = nullptr;
    CommandInput *m_input = nullptr;
    QPushButton *m_sendButton = nullptr;
    QLabel *m_help = nullptr;
    QLabel *m_logLabel = nullptr;
    QComboBox *m_lineEnding = nullptr;
    QAction *m_lineEndingAction = nullptr;
    QCompleter *m_completer = nullptr;
    QStringListModel *m_completionModel = nullptr;
    QAction *m_hexAction = nullptr;
    QAction *m_autoAction = nullptr;
    QAction *m_rawAction = nullptr;
    QAction *m_ctrlZAction = nullptr;
    QAction *m_escAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_logAction = nullptr;
    QAction *m_clearAction = nullptr;

    QByteArray m_promptCommand;   // the command waiting at a data prompt, empty otherwise
    QByteArray m_promptBuffer;    // data lines collected so far
    bool m_promptNeedsCtrlZ = true;
    quint64 m_lastCommandId = 0;
    int m_pendingCommands = 0;
    ModemSession::State m_lastState = ModemSession::State::Closed;
    bool m_lossReported = false;
    QStringList m_noticesShown;   // "DTR/RTS not supported" once per connection, not per reconnect
};

} // namespace ModemBench::Ui
