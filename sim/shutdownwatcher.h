#pragma once

#include <QObject>
#include <QString>

#include <expected>

class QSocketNotifier;

namespace ModemBench::Sim {

// Turns SIGTERM/SIGINT (through a self-pipe, the only async-signal-safe way into the event loop)
// and, with --exit-with-stdin, end-of-file on standard input into one shutdownRequested() signal,
// so that modemsim leaves through the normal path and removes its --link symlink.
class ShutdownWatcher final : public QObject
{
    Q_OBJECT
public:
    explicit ShutdownWatcher(QObject *parent = nullptr);
    ~ShutdownWatcher() override;

    std::expected<void, QString> watchSignals();
    // The parent that spawned us holds our stdin; EOF means it died or closed the pipe.
    void watchStdin();

Q_SIGNALS:
    void shutdownRequested(const QString &why);

private:
    void onSignalPipe();
    void onStdin();

    int m_pipe[2] = {-1, -1};
    QSocketNotifier *m_signalNotifier = nullptr;
    QSocketNotifier *m_stdinNotifier = nullptr;
};

} // namespace ModemBench::Sim
