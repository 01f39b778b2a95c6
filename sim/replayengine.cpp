#include "replayengine.h"

#include "simport.h"
#include "trafficlog.h"

#include <cmath>
#include <limits>

namespace ModemBench::Sim {

namespace {

// The replay matches recorded lines, it does not model a modem's line limit (protocol §1); this
// only bounds memory.
constexpr qsizetype kMaxLine = 4096;

QByteArray anchorName(const QByteArray &key, int occurrence)
{
    return key + '#' + QByteArray::number(occurrence);
}

// V.250 basic commands on the line ("ATE0V1", "AT+CIFSR;E0"): the echo setting after they ran.
bool echoAfter(const QByteArray &line, bool echo, bool powerOnEcho)
{
    const QList<QByteArray> parts = line.mid(2).split(';');
    for (const QByteArray &part : parts) {
        if (part.startsWith('+'))
            continue;
        for (qsizetype i = 0; i < part.size(); ++i) {
            const char c = part.at(i);
            if (c == 'E')
                echo = !(i + 1 < part.size() && part.at(i + 1) == '0');
            else if (c == 'Z' || (c == '&' && i + 1 < part.size() && part.at(i + 1) == 'F'))
                echo = powerOnEcho;
        }
    }
    return echo;
}

} // namespace

ReplayEngine::ReplayEngine(Recording recording, SimPort &port, const TrafficLog &log, double speed, QObject *parent)
    : QObject(parent)
    , m_recording(std::move(recording))
    , m_port(port)
    , m_log(log)
    , m_speed(speed > 0 ? speed : 1.0)
    , m_assembler(kMaxLine)
    , m_echo(m_recording.initialEcho)
{
    m_anchorAnsweredMs.fill(-1, m_recording.urcs.size());
    for (qsizetype i = 0; i < m_recording.urcs.size(); ++i) {
        const ReplayUrc &urc = m_recording.urcs.at(i);
        if (!urc.anchorKey.isEmpty())
            m_urcsByAnchor[anchorName(urc.anchorKey, urc.anchorOccurrence)].append(i);
    }
    m_urcTimer.setSingleShot(true);
    m_urcTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_urcTimer, &QTimer::timeout, this, &ReplayEngine::sendNextUrc);
    connect(&m_port, &SimPort::bytesReceived, this, &ReplayEngine::onBytesReceived);
    connect(&m_port, &SimPort::noticed, this, [this](const QString &message) { m_log.note(message); });
}

void ReplayEngine::start()
{
    m_log.note(QStringLiteral("replaying %1 recorded commands (%2 distinct) and %3 unsolicited messages, echo %4")
                   .arg(m_recording.commandCount)
                   .arg(m_recording.exchanges.size())
                   .arg(m_recording.urcs.size())
                   .arg(m_echo ? QStringLiteral("on") : QStringLiteral("off")));
    m_clock.start();
    scheduleNextUrc();
}

void ReplayEngine::onBytesReceived(const QByteArray &bytes)
{
    m_log.received(bytes);
    QByteArray echo;
    for (const char byte : bytes) {
        if (m_payloadRemaining > 0) {
            if (takePayloadByte())
                send(std::exchange(m_afterPayload, {}));
            continue;
        }
        const LineAssembler::Step step = m_assembler.feed(byte);
        if (m_echo && step.echo)
            echo.append(byte);
        if (step.outcome == LineAssembler::Outcome::None)
            continue;
        // The echo of the line goes out before its answer, as on the modem.
        send(std::exchange(echo, {}));
        if (step.outcome == LineAssembler::Outcome::Line) {
            answer(m_assembler.takeLine());
        } else {
            m_log.note(QStringLiteral("line longer than %1 characters: ERROR").arg(kMaxLine));
            send(QByteArrayLiteral("\r\nERROR\r\n"));
        }
    }
    send(echo);
}

// True when this byte completed the payload.
bool ReplayEngine::takePayloadByte()
{
    return --m_payloadRemaining == 0;
}

void ReplayEngine::answer(const QByteArray &line)
{
    const QByteArray key = line.toUpper();
    const auto found = m_recording.exchanges.constFind(key);
    if (found == m_recording.exchanges.constEnd() || found->isEmpty()) {
        m_log.note(QStringLiteral("'%1' was never recorded: ERROR").arg(QString::fromLatin1(line.left(200))));
        send(QByteArrayLiteral("\r\nERROR\r\n"));
        return;
    }
    const int occurrence = ++m_answered[key];
    const ReplayExchange &exchange = found->at(qMin<qsizetype>(occurrence, found->size()) - 1);
    if (occurrence > found->size())
        m_log.note(QStringLiteral("'%1' recorded %2 times; repeating the last reply")
                       .arg(QString::fromLatin1(line.left(200)))
                       .arg(found->size()));
    send(exchange.reply);
    if (exchange.payloadLength == 0)
        send(exchange.afterPayload);
    else if (exchange.payloadLength > 0) {
        m_payloadRemaining = exchange.payloadLength;
        m_afterPayload = exchange.afterPayload;
    }
    trackEcho(key);
    noteAnswered(key, occurrence);
}

void ReplayEngine::noteAnswered(const QByteArray &key, int occurrence)
{
    const auto anchored = m_urcsByAnchor.constFind(anchorName(key, occurrence));
    if (anchored == m_urcsByAnchor.constEnd())
        return;
    for (const qsizetype index : *anchored)
        m_anchorAnsweredMs[index] = m_clock.elapsed();
    scheduleNextUrc();
}

void ReplayEngine::trackEcho(const QByteArray &line)
{
    const bool echo = echoAfter(line, m_echo, m_recording.initialEcho);
    if (echo != m_echo)
        m_log.note(echo ? QStringLiteral("echo on") : QStringLiteral("echo off"));
    m_echo = echo;
}

// URCs go out in recorded order. Each is due at its recorded time from the start; one recorded
// after a command is also not sent before that command was answered here, so "+APP PDP: ACTIVE"
// never overtakes the AT+CNACT it answers.
void ReplayEngine::scheduleNextUrc()
{
    if (m_nextUrc >= m_recording.urcs.size())
        return;
    const ReplayUrc &urc = m_recording.urcs.at(m_nextUrc);
    qint64 due = scaled(urc.atMs);
    if (!urc.anchorKey.isEmpty()) {
        const qint64 anchorMs = m_anchorAnsweredMs.at(m_nextUrc);
        if (anchorMs < 0) {
            m_urcTimer.stop();  // waits for its command
            return;
        }
        due = qMax(due, anchorMs + scaled(urc.afterAnchorMs));
    }
    const qint64 delay = qBound(qint64(0), due - m_clock.elapsed(), qint64(std::numeric_limits<int>::max()));
    m_urcTimer.start(int(delay));
}

void ReplayEngine::sendNextUrc()
{
    if (m_nextUrc >= m_recording.urcs.size())
        return;
    send(m_recording.urcs.at(m_nextUrc).bytes);
    ++m_nextUrc;
    scheduleNextUrc();
}

qint64 ReplayEngine::scaled(qint64 recordedMs) const
{
    const double ms = std::ceil(double(recordedMs) / m_speed);
    return ms >= double(std::numeric_limits<int>::max()) ? std::numeric_limits<int>::max() : qint64(ms);
}

void ReplayEngine::send(const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return;
    m_log.sent(bytes);
    m_port.write(bytes);
}

} // namespace ModemBench::Sim
