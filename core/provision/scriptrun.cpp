#include "core/provision/scriptrun.h"

#include "core/at/atchannel.h"

namespace ModemBench {

ScriptRun::ScriptRun(AtChannel *channel, QList<ScriptStep> steps, int loops, bool stopOnFailure, Clock *clock,
                     QObject *parent)
    : QObject(parent)
    , m_channel(channel)
    , m_steps(std::move(steps))
    , m_loops(qMax(1, loops))
    , m_stopOnFailure(stopOnFailure)
    , m_clock(clock ? clock : SystemClock::instanceForThread())
{
}

ScriptRun::~ScriptRun()
{
    delete m_runner.data(); // its destructor cancels a command still in flight
}

void ScriptRun::start()
{
    if (isRunning() || m_summary.loops > 0)
        return;
    m_startedMs = m_clock->nowMs();
    startLoop();
}

void ScriptRun::cancel()
{
    if (!isRunning())
        return;
    m_cancelled = true;
    m_runner->cancel(); // finished() arrives through onLoopFinished with Cancelled
}

bool ScriptRun::isRunning() const
{
    return m_runner && m_runner->state() != FlowRunner::State::Finished;
}

void ScriptRun::startLoop()
{
    const int loop = ++m_summary.loops;
    m_context = std::make_shared<ScriptContext>();
    m_context->clock = m_clock;
    auto *runner = new FlowRunner(m_channel, m_clock, scriptSteps(m_steps, m_context),
                                  tr("Script loop %1").arg(loop), scriptDeadlineMs(m_steps),
                                  tr("Raise the steps' timeouts or check the modem."), this);
    m_runner = runner;
    const int total = int(m_steps.size());
    m_reported = 0;
    connect(runner, &FlowRunner::progressed, this, [this, loop, total](int done, int, const QString &label) {
        reportNewResults(loop); // the step before this one has ended
        Q_EMIT progressed(loop, done, total, label);
    });
    connect(runner, &FlowRunner::finished, this, &ScriptRun::onLoopFinished);
    runner->start();
}

void ScriptRun::onLoopFinished(const Result<void> &result)
{
    const int loop = m_summary.loops;
    QList<ScriptStepResult> &results = m_context->results;
    // A loop ended by something other than a step's verdict (cancel, deadline, unplugged, reboot)
    // still reports the step it stopped in.
    if (!result && (results.isEmpty() || results.last().passed)) {
        ScriptStepResult stopped;
        stopped.name = m_runner ? m_runner->currentLabel() : QString();
        const int index = int(results.size());
        if (index < m_steps.size())
            stopped.command = m_steps.at(index).command;
        stopped.error = result.error().message;
        results << stopped;
    }
    reportNewResults(loop);
    const bool passed = result.has_value();
    if (passed)
        ++m_summary.passedLoops;
    if (m_runner)
        m_runner->deleteLater();
    m_runner.clear();
    Q_EMIT loopFinished(loop, passed);
    const bool stop = m_cancelled || (!passed && m_stopOnFailure) || loop >= m_loops
                      || (!passed && (result.error().code == ErrorCode::PortClosed));
    if (!stop) {
        startLoop();
        return;
    }
    m_summary.cancelled = m_cancelled;
    m_summary.durationMs = m_clock->nowMs() - m_startedMs;
    Q_EMIT finished(m_summary);
}

void ScriptRun::reportNewResults(int loop)
{
    const QList<ScriptStepResult> results = m_context->results;
    for (; m_reported < results.size(); ++m_reported) {
        const ScriptStepResult &step = results.at(m_reported);
        ++m_summary.stepsRun;
        if (step.passed) {
            ++m_summary.stepsPassed;
        } else {
            ScriptStepResult failure = step;
            failure.name = tr("loop %1: %2").arg(loop).arg(step.name);
            m_summary.failures << failure;
        }
        Q_EMIT stepFinished(loop, step);
    }
}

} // namespace ModemBench
