#pragma once

#include "core/at/atchannel.h"

#include <QObject>

#include <functional>

namespace ModemBench {

// Runs a table of AT steps in order on one channel, reporting progress, stoppable at any time.
// Each step's handler sees the step's result and says whether to go on; a step marked optional
// lets the sequence continue after a modem error (status queries want every field they can get).
class CommandSequence : public QObject
{
    Q_OBJECT
public:
    struct Step {
        AtRequest request;
        // Returns false to stop the sequence (the sequence then finishes with that error).
        std::function<Result<void>(const Result<AtResponse> &)> handle;
        QString label; // for progress, e.g. "Reading the IMEI"
    };

    CommandSequence(AtChannel *channel, QList<Step> steps, QObject *parent = nullptr);

    void start();
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progressed(int done, int total, const QString &label);
    void finished(const ModemBench::Result<void> &result);

private:
    void runStep();
    void onStepDone(const Result<AtResponse> &response);
    void finish(Result<void> result);

    AtChannel *m_channel;
    QList<Step> m_steps;
    int m_index = 0;
    quint64 m_inFlight = 0;
    bool m_running = false;
};

} // namespace ModemBench
