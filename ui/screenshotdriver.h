#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

namespace ModemBench::Ui {

class MainWindow;

// Drives the window for documentation screenshots (`modembench --screenshot FILE`): waits for the
// session to be ready and the modem info to be read, types a few commands into the console one
// after another, then grabs the window to a PNG. Everything is signal- and timer-driven.
class ScreenshotDriver : public QObject
{
    Q_OBJECT
public:
    static constexpr int kGiveUpMs = 60000;
    static constexpr int kSettleMs = 400;

    ScreenshotDriver(MainWindow *window, const QString &path, QObject *parent = nullptr);
    void setCommands(const QStringList &commands) { m_commands = commands; }
    // What is left typed in the input line, so the shot shows the one-line help.
    void setDraft(const QString &draft) { m_draft = draft; }
    void start();

Q_SIGNALS:
    void finished(bool success);

private:
    void sendNext();
    void capture(bool success);

    MainWindow *m_window;
    QString m_path;
    QStringList m_commands;
    QString m_draft;
    QTimer m_giveUp;
    bool m_started = false;
    bool m_done = false;
};

} // namespace ModemBench::Ui
