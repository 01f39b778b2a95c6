#pragma once

#include "core/error.h"

#include <QObject>

class QSocketNotifier;

namespace ModemBench {

// Turns SIGINT and SIGTERM into a Qt signal on the event loop (self-pipe): the handler only
// writes one byte, which is async-signal-safe; everything else happens in interrupted(). A
// second signal after the first ends the process the default way, so a run that does not stop
// can still be killed with another Ctrl-C. One instance at a time; the destructor restores the
// previous handlers.
class InterruptNotifier : public QObject
{
    Q_OBJECT
public:
    explicit InterruptNotifier(QObject *parent = nullptr);
    ~InterruptNotifier() override;

    // Fails when another notifier is installed or the pipe cannot be made.
    Result<void> install();

Q_SIGNALS:
    void interrupted(int signalNumber);

private:
    void onReadable();

    int m_fds[2] = {-1, -1};
    bool m_installed = false;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace ModemBench
