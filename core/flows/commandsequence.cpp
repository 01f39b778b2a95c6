#include "core/flows/commandsequence.h"

namespace ModemBench {

CommandSequence::CommandSequence(AtChannel *channel, QList<Step> steps, QObject *parent)
    : QObject(parent)
    , m_channel(channel)
    , m_steps(std::move(steps))
{
}

void CommandSequence::start()
{
    m_index = 0;
    m_running = true;
    runStep();
}

void CommandSequence::runStep()
{
    if (!m_running)
        return;
    if (m_index >= m_steps.size()) {
        finish({});
        return;
    }
    const Step &step = m_steps.at(m_index);
    Q_EMIT progressed(m_index, int(m_steps.size()), step.label);
    m_inFlight = m_channel->send(step.request, this, [this](const Result<AtResponse> &response) {
        onStepDone(response);
    });
}

void CommandSequence::onStepDone(const Result<AtResponse> &response)
{
    m_inFlight = 0;
    if (!m_running)
        return;
    const Step &step = m_steps.at(m_index);
    Result<void> verdict = step.handle ? step.handle(response)
                                       : (response ? Result<void>{} : std::unexpected(response.error()));
    if (!verdict) {
        finish(std::move(verdict));
        return;
    }
    ++m_index;
    runStep();
}

void CommandSequence::cancel()
{
    if (!m_running)
        return;
    const quint64 inFlight = m_inFlight;
    finish(fail(ErrorCode::Cancelled, QStringLiteral("Cancelled by the user")));
    if (inFlight)
        m_channel->cancel(inFlight);
}

void CommandSequence::finish(Result<void> result)
{
    if (!m_running)
        return;
    m_running = false;
    Q_EMIT progressed(int(m_steps.size()), int(m_steps.size()), QString());
    Q_EMIT finished(result);
}

} // namespace ModemBench
