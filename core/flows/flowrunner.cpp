#include "core/flows/flowrunner.h"

namespace ModemBench {

FlowVerdict FlowVerdict::failedStep(const Error &error, const QString &what, const QString &hint)
{
    Error wrapped = error;
    wrapped.message = hint.isEmpty() ? QStringLiteral("%1 failed: %2").arg(what, error.message)
                                     : QStringLiteral("%1 failed: %2 %3").arg(what, error.message, hint);
    return failed(std::move(wrapped));
}

FlowRunner::FlowRunner(AtChannel *channel, Clock *clock, QList<FlowStep> steps, QString name, int deadlineMs,
                       QString deadlineHint, QObject *parent)
    : QObject(parent)
    , m_channel(channel)
    , m_clock(clock)
    , m_steps(std::move(steps))
    , m_name(std::move(name))
    , m_deadlineMs(deadlineMs)
    , m_deadlineHint(std::move(deadlineHint))
    , m_deadline(clock->createTimer())
    , m_pause(clock->createTimer())
{
}

FlowRunner::~FlowRunner()
{
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    if (m_inFlight)
        m_channel->cancel(m_inFlight);
}

QString FlowRunner::currentLabel() const
{
    return m_index < m_steps.size() ? m_steps.at(m_index).label : QString();
}

void FlowRunner::start()
{
    if (m_state != State::Idle)
        return;
    m_connections << connect(m_channel, &AtChannel::urcReceived, this, &FlowRunner::onUrc);
    m_connections << connect(m_channel, &AtChannel::modemRestarted, this, &FlowRunner::onModemRestarted);
    m_connections << connect(m_channel, &AtChannel::closed, this, [this](const Error &reason) {
        Error error = reason;
        error.message = QStringLiteral("%1: the port closed while \"%2\": %3").arg(m_name, currentLabel(), reason.message);
        finish(std::unexpected(error));
    });
    m_deadline->start(m_deadlineMs, [this] {
        finish(fail(ErrorCode::Timeout,
                    QStringLiteral("%1 did not finish within %2 s (stuck at \"%3\"). %4")
                        .arg(m_name)
                        .arg(m_deadlineMs / 1000)
                        .arg(currentLabel(), m_deadlineHint)
                        .trimmed()));
    });
    m_index = 0;
    runStep();
}

void FlowRunner::cancel()
{
    finish(fail(ErrorCode::Cancelled, QStringLiteral("%1 was cancelled").arg(m_name)));
}

Error FlowRunner::rebootError() const
{
    const QString times = m_restarts > 0 ? tr(", %1 times in this run").arg(m_restarts + 1) : QString();
    Error error{ErrorCode::ModemReset,
                tr("%1: the modem restarted while \"%2\" (it sent RDY)%3. Check its power supply (a weak supply "
                   "reboots SIMCom modems under load) and run the command again")
                    .arg(m_name, currentLabel(), times),
                {}, -1};
    return error;
}

// The channel fails the command in flight with ModemReset before it emits modemRestarted, so a
// restart can be decided in either place; m_restartPending keeps it to one per banner.
void FlowRunner::onModemRestarted()
{
    if (m_state == State::Idle || m_state == State::Finished || m_index >= m_steps.size())
        return;
    if (m_restartPending || m_steps.at(m_index).restartExpected)
        return;
    if (!restartAfterReboot())
        finish(std::unexpected(rebootError()));
}

bool FlowRunner::restartAfterReboot()
{
    const FlowStep &step = m_steps.at(m_index);
    if (step.restartFrom.isEmpty() || m_restarts >= kMaxRestarts || indexOf(step.restartFrom) < 0)
        return false;
    ++m_restarts;
    m_restartPending = true;
    if (const quint64 inFlight = std::exchange(m_inFlight, 0))
        m_channel->cancel(inFlight);
    apply(FlowVerdict::jump(step.restartFrom, kSettleAfterRestartMs));
    return true;
}

void FlowRunner::runStep(bool jumped)
{
    m_restartPending = false;
    // A jump target runs even when its `when` says no: that is how steps reached only by a jump
    // (a re-registration cycle) stay out of the normal order.
    while (m_index < m_steps.size() && !(jumped && m_index == m_jumpTarget) && m_steps.at(m_index).when
           && !m_steps.at(m_index).when())
        ++m_index;
    if (m_index >= m_steps.size()) {
        finish({});
        return;
    }
    const FlowStep &step = m_steps.at(m_index);
    Q_EMIT progressed(m_index, int(m_steps.size()), step.label);
    m_earlyUrcVerdict.reset();
    if (!step.request) {
        apply(step.action ? step.action() : FlowVerdict::next());
        return;
    }
    m_state = State::Sending;
    m_inFlight = m_channel->send(step.request(), this, [this](const Result<AtResponse> &response) {
        onResponse(response);
    });
}

void FlowRunner::onResponse(const Result<AtResponse> &response)
{
    m_inFlight = 0;
    if (m_state != State::Sending)
        return;
    const FlowStep &step = m_steps.at(m_index);
    if (!response && response.error().code == ErrorCode::ModemReset && !step.restartExpected) {
        if (!restartAfterReboot())
            finish(std::unexpected(rebootError()));
        return;
    }
    FlowVerdict verdict = step.handle ? step.handle(response)
                                      : (response ? FlowVerdict::next()
                                                  : FlowVerdict::failedStep(response.error(), step.label));
    // The URC may beat the final result (protocol §18: results arrive as URCs around OK).
    if (verdict.action == FlowVerdict::Action::Wait && m_earlyUrcVerdict)
        verdict = *std::exchange(m_earlyUrcVerdict, std::nullopt);
    apply(verdict);
}

void FlowRunner::onUrc(const QByteArray &line)
{
    if (m_state == State::Idle || m_state == State::Finished || m_index >= m_steps.size())
        return;
    const FlowStep &step = m_steps.at(m_index);
    if (!step.urc)
        return;
    std::optional<FlowVerdict> verdict = step.urc(line);
    if (!verdict)
        return;
    if (m_state == State::Sending) {
        m_earlyUrcVerdict = std::move(verdict);
        return;
    }
    stopPause();
    apply(*verdict);
}

void FlowRunner::apply(const FlowVerdict &verdict)
{
    if (m_state == State::Finished)
        return;
    switch (verdict.action) {
    case FlowVerdict::Action::Next:
        advance(verdict.delayMs);
        return;
    case FlowVerdict::Action::Retry:
        pauseThen(verdict.delayMs, [this] { runStep(); });
        return;
    case FlowVerdict::Action::Wait: {
        m_state = State::WaitingForUrc;
        stopPause();
        const Error onTimeout = verdict.error;
        m_pause->start(verdict.delayMs, [this, onTimeout] { finish(std::unexpected(onTimeout)); });
        return;
    }
    case FlowVerdict::Action::Jump: {
        const int target = indexOf(verdict.target);
        Q_ASSERT(target >= 0);
        pauseThen(verdict.delayMs, [this, target] {
            m_index = target;
            m_jumpTarget = target;
            runStep(true);
        });
        return;
    }
    case FlowVerdict::Action::Finish:
        finish({});
        return;
    case FlowVerdict::Action::Fail:
        finish(std::unexpected(verdict.error));
        return;
    }
}

void FlowRunner::pauseThen(int delayMs, std::function<void()> then)
{
    m_state = State::Pausing;
    stopPause();
    if (delayMs <= 0) {
        // Through the event loop so a polling loop never recurses on the stack; a ManualClock in
        // tests need not be stepped for steps that do not wait.
        QMetaObject::invokeMethod(
            this,
            [this, generation = m_pauseGeneration, then = std::move(then)] {
                if (generation == m_pauseGeneration && m_state == State::Pausing)
                    then();
            },
            Qt::QueuedConnection);
        return;
    }
    m_pause->start(delayMs, std::move(then));
}

void FlowRunner::advance(int delayMs)
{
    pauseThen(delayMs, [this] {
        ++m_index;
        runStep();
    });
}

void FlowRunner::stopPause()
{
    ++m_pauseGeneration;
    m_pause->stop();
}

int FlowRunner::indexOf(const QString &id) const
{
    for (int i = 0; i < m_steps.size(); ++i) {
        if (m_steps.at(i).id == id)
            return i;
    }
    return -1;
}

void FlowRunner::finish(Result<void> result)
{
    if (m_state == State::Finished)
        return;
    m_state = State::Finished;
    m_deadline->stop();
    stopPause();
    for (const auto &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    if (const quint64 inFlight = std::exchange(m_inFlight, 0))
        m_channel->cancel(inFlight);
    Q_EMIT progressed(int(m_steps.size()), int(m_steps.size()), QString());
    Q_EMIT finished(result);
}

} // namespace ModemBench
