#include "channelround.h"

#include <QTimer>

namespace ModemBench::Bench {

namespace {

SerialSettings ptySettings()
{
    SerialSettings settings;
    // A pty has no modem-control lines (environment.md); asking would only log a notice.
    settings.dataTerminalReady.reset();
    settings.requestToSend.reset();
    return settings;
}

} // namespace

ChannelRound::ChannelRound(const QString &portName, const CommandCatalog *catalog, int count, int warmup,
                           QObject *parent)
    : QObject(parent)
    , m_transport(portName, ptySettings())
    , m_channel(&m_transport, &m_clock, catalog)
    , m_count(count)
    , m_warmup(warmup)
{
    connect(&m_transport, &Transport::opened, this, &ChannelRound::sendNext);
    connect(&m_transport, &Transport::openFailed, this,
            [this](const Error &error) { finish(std::unexpected(error.message)); });
    connect(&m_channel, &AtChannel::closed, this,
            [this](const Error &error) { finish(std::unexpected(error.message)); });
}

void ChannelRound::start(Done done)
{
    m_done = std::move(done);
    m_transport.open();
}

void ChannelRound::sendNext()
{
    // The clock starts as the first timed command is queued.
    if (m_replies == m_warmup)
        m_start = std::chrono::steady_clock::now();
    m_channel.send(QByteArrayLiteral("AT"), this, [this](const Result<AtResponse> &reply) { onReply(reply); });
}

void ChannelRound::onReply(const Result<AtResponse> &reply)
{
    if (!reply) {
        finish(std::unexpected(QStringLiteral("reply %1: %2").arg(m_replies + 1).arg(reply.error().message)));
        return;
    }
    ++m_replies;
    if (m_replies < m_warmup + m_count) {
        sendNext();
        return;
    }
    const std::chrono::duration<double, std::micro> elapsed = std::chrono::steady_clock::now() - m_start;
    finish(elapsed.count() / m_count);
}

// Reported from a fresh event-loop turn: the caller closes the port and deletes this round, which
// must not happen inside the channel's callback (we are still inside QSerialPort::readyRead).
void ChannelRound::finish(Outcome outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    QTimer::singleShot(0, this, [this, outcome = std::move(outcome)] {
        m_transport.close();
        m_done(outcome);
    });
}

} // namespace ModemBench::Bench
