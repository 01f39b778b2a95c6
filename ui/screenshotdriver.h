#pragma once

#include "core/flows/networkflows.h"
#include "core/monitor/monitorsamples.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>

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

// `modembench --screenshot FILE --screenshot-view timeline --screenshot-after-ms MS` (issue #4):
// connects, brings the data connection up with core's connect flow (as `modembench-cli connect`),
// starts the timeline's monitor with a ping, and grabs the window MS after monitoring started.
// The monitor does not bring a data connection back after registration is lost, and a ping needs
// one: when the timeline records the loss, this driver runs registration wait, APN and activation
// again, so the ping curve resumes after the drop as it would for a device that reconnects.
class TimelineScreenshotDriver : public QObject
{
    Q_OBJECT
public:
    TimelineScreenshotDriver(MainWindow *window, const QString &path, int afterMs, const QString &pingHost,
                             QObject *parent = nullptr);
    void start();

Q_SIGNALS:
    void finished(bool success);

private:
    void onReady();
    void startMonitoring();
    void runFlow(const QList<FlowStep> &steps, const QString &name, std::function<void(bool)> done);
    void capture(bool success);

    MainWindow *m_window;
    QString m_path;
    int m_afterMs;
    QString m_pingHost;
    std::shared_ptr<NetworkContext> m_context = std::make_shared<NetworkContext>();
    QPointer<QObject> m_runner;
    QTimer m_giveUp;
    bool m_connected = false;
    bool m_done = false;
};

} // namespace ModemBench::Ui
