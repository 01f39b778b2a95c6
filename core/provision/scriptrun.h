#pragma once

// Runs an AT script (parseAtScript) on a channel a given number of times, for the console's
// "Run Script…" and `modembench-cli script FILE --loops N`: one FlowRunner per loop over
// scriptSteps(), progress per step, cancel at any time, and a pass/fail summary.

#include "core/provision/atscript.h"

#include <QObject>
#include <QPointer>

namespace ModemBench {

class AtChannel;

struct ScriptSummary {
    int loops = 0;                  // loops started
    int passedLoops = 0;            // loops in which every step passed
    int stepsRun = 0;
    int stepsPassed = 0;
    qint64 durationMs = 0;
    QList<ScriptStepResult> failures; // every failed step (its loop in `name`: "loop 3: AT+CSQ")
    bool cancelled = false;
    bool passed() const { return !cancelled && loops > 0 && passedLoops == loops; }
};

class ScriptRun : public QObject
{
    Q_OBJECT
public:
    // channel and clock must outlive the run; clock may be null (the thread's SystemClock).
    // loops ≥ 1. With stopOnFailure a failed loop ends the run; otherwise every loop runs.
    ScriptRun(AtChannel *channel, QList<ScriptStep> steps, int loops, bool stopOnFailure, Clock *clock = nullptr,
              QObject *parent = nullptr);
    ~ScriptRun() override;

    void start();
    void cancel();
    bool isRunning() const;
    const ScriptSummary &summary() const { return m_summary; }

Q_SIGNALS:
    // loop is 1-based
    void progressed(int loop, int done, int total, const QString &label);
    void stepFinished(int loop, const ModemBench::ScriptStepResult &result);
    void loopFinished(int loop, bool passed);
    void finished(const ModemBench::ScriptSummary &summary);

private:
    void startLoop();
    void onLoopFinished(const Result<void> &result);
    void reportNewResults(int loop);

    AtChannel *m_channel;
    QList<ScriptStep> m_steps;
    int m_loops;
    bool m_stopOnFailure;
    Clock *m_clock;
    ScriptSummary m_summary;
    std::shared_ptr<ScriptContext> m_context;
    QPointer<class FlowRunner> m_runner;
    qint64 m_startedMs = 0;
    bool m_cancelled = false;
    qsizetype m_reported = 0;       // results of the current loop already emitted
};

} // namespace ModemBench
