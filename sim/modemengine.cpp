#include "modemengine.h"

#include "simport.h"
#include "trafficlog.h"

#include <QDateTime>

#include <utility>

namespace ModemBench::Sim {

namespace {
// A host must wait for the final result before sending the next command (protocol.md §1); a few
// lines typed ahead are kept in order, a flood is dropped rather than buffered without bound.
constexpr qsizetype kMaxQueuedLines = 32;
} // namespace

ModemEngine::ModemEngine(const SimConfig &config, std::unique_ptr<Personality> personality, SimPort &port,
                         const TrafficLog &log, std::uint32_t seed, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_personality(std::move(personality))
    , m_port(port)
    , m_log(log)
    , m_random(seed)
    , m_signal(m_random, config.signalStepMs)
    , m_defaults{config.echo, config.cmee}
    , m_assembler(m_personality->maxLineLength())
{
    m_state.powerOn(m_defaults, 1);
    // Precise timers never fire early, so "the reply comes no sooner than latency_ms" holds.
    for (QTimer *timer : {&m_latencyTimer, &m_registrationTimer, &m_bootTimer}) {
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer);
    }
    connect(&m_latencyTimer, &QTimer::timeout, this, &ModemEngine::onLatencyElapsed);
    connect(&m_registrationTimer, &QTimer::timeout, this, &ModemEngine::onRegistrationDelayElapsed);
    connect(&m_bootTimer, &QTimer::timeout, this, [this] { boot(m_bootFun, true); });
    connect(&m_port, &SimPort::bytesReceived, this, &ModemEngine::onBytesReceived);
    connect(&m_port, &SimPort::noticed, this, [this](const QString &message) { m_log.note(message); });
}

ModemEngine::~ModemEngine() = default;

void ModemEngine::start()
{
    for (const ScheduledUrc &urc : std::as_const(m_config.urcs)) {
        QTimer::singleShot(urc.afterMs, Qt::PreciseTimer, this, [this, text = urc.text] { send(text); });
    }
    if (m_config.banner) {
        m_bootFun = 1;
        m_bootTimer.start(m_config.bannerDelayMs);
    } else {
        boot(1, false);
    }
}

void ModemEngine::onBytesReceived(const QByteArray &bytes)
{
    m_log.received(bytes);
    if (m_power != Power::On) {
        m_log.note(QStringLiteral("modem is off (booting); input dropped"));
        return;
    }
    m_batching = true;
    for (const char byte : bytes) {
        if (m_power != Power::On)
            break;  // a reboot inside this chunk: the rest falls on a dead UART
        const LineAssembler::Step step = m_assembler.feed(byte);
        // ATE1 echoes each byte as it arrives, before any reply (protocol.md §1).
        if (step.echo && m_state.echo)
            m_out.append(byte);
        if (step.outcome == LineAssembler::Outcome::Line)
            acceptLine({m_assembler.takeLine(), false});
        else if (step.outcome == LineAssembler::Outcome::Overflow)
            acceptLine({{}, true});
    }
    m_batching = false;
    flush();
}

void ModemEngine::acceptLine(const PendingLine &line)
{
    if (!m_inFlight && m_queue.isEmpty()) {
        startLine(line);
        return;
    }
    if (m_queue.size() >= kMaxQueuedLines) {
        m_log.note(QStringLiteral("command queue full; line dropped"));
        return;
    }
    m_queue.append(line);
}

void ModemEngine::startLine(const PendingLine &line)
{
    const int delay = latencyFor(line);
    if (delay <= 0) {
        executeLine(line);
        return;
    }
    m_inFlight = line;
    m_latencyTimer.start(delay);
}

void ModemEngine::onLatencyElapsed()
{
    if (!m_inFlight)
        return;
    const PendingLine line = *std::exchange(m_inFlight, std::nullopt);
    m_batching = true;
    executeLine(line);
    // Each pass takes one line off the queue; nothing here adds to it, so the loop ends.
    while (!m_inFlight && !m_queue.isEmpty() && m_power == Power::On)
        startLine(m_queue.takeFirst());
    m_batching = false;
    flush();
}

int ModemEngine::latencyFor(const PendingLine &line) const
{
    if (m_config.latencyMs.isEmpty() && !m_config.defaultLatencyMs)
        return 0;  // the benchmarked fast path: no parsing for timing
    const QByteArrayView body = QByteArrayView(line.text).sliced(std::min<qsizetype>(2, line.text.size()));
    const auto commands = AtCommand::parseBody(body);
    if (line.overflow || !commands)
        return m_config.defaultLatencyMs.value_or(0);
    if (commands->isEmpty())
        return latencyForKey("AT");
    // Several commands on one line each take their time.
    int total = 0;
    for (const AtCommand &command : *commands)
        total += latencyForKey(command.latencyKey());
    return total;
}

int ModemEngine::latencyForKey(const QByteArray &key) const
{
    if (const auto it = m_config.latencyMs.constFind(key); it != m_config.latencyMs.constEnd())
        return *it;
    // "ATE0" falls back to "ATE" so one key covers every value of a basic command.
    QByteArray stem = key;
    while (!stem.isEmpty() && stem.back() >= '0' && stem.back() <= '9')
        stem.chop(1);
    if (const auto it = m_config.latencyMs.constFind(stem); stem != key && it != m_config.latencyMs.constEnd())
        return *it;
    return m_config.defaultLatencyMs.value_or(0);
}

void ModemEngine::executeLine(const PendingLine &line)
{
    if (line.overflow) {
        // protocol.md §1: an over-length line is answered ERROR and nothing of it runs.
        m_log.note(QStringLiteral("line longer than %1 characters").arg(m_personality->maxLineLength()));
        Reply reply;
        reply.failPlain();
        sendReply(reply);
        return;
    }
    if (const auto canned = cannedReply(line.text)) {
        send(*canned);
        return;
    }
    Reply reply;
    runCommands(QByteArrayView(line.text).sliced(2), reply);
    sendReply(reply);
    applyEffects(reply.effects);
}

void ModemEngine::runCommands(QByteArrayView body, Reply &reply)
{
    const auto commands = AtCommand::parseBody(body);
    if (!commands) {
        m_log.note(QStringLiteral("syntax error: ") + commands.error());
        reply.fail(Cme::kOperationNotSupported);
        return;
    }
    if (commands->size() > m_personality->maxCommandsPerLine()) {
        reply.failPlain();  // §1: at most 39 commands on one line
        return;
    }
    ModemContext context{m_state, m_signal, m_config.identity, m_defaults};
    for (const AtCommand &command : *commands) {
        m_personality->execute(command, context, reply);
        if (reply.failed())
            return;  // V.250: an error ends the line; later commands do not run
    }
}

std::optional<QByteArray> ModemEngine::cannedReply(const QByteArray &line)
{
    const QByteArray key = line.toUpper();
    const auto it = m_config.responses.constFind(key);
    if (it == m_config.responses.constEnd())
        return std::nullopt;
    qsizetype &uses = m_responseUses[key];
    const qsizetype index = std::min(uses, it->size() - 1);
    uses = std::min(uses + 1, it->size());
    return it->at(index);
}

QByteArray ModemEngine::frameInfo(const QByteArray &text) const
{
    // §1: ATV1 "<CR><LF>text<CR><LF>", ATV0 "text<CR><LF>".
    return m_state.verbose ? "\r\n" + text + "\r\n" : text + "\r\n";
}

QByteArray ModemEngine::frameFinal(const Reply &reply) const
{
    if (reply.final == Reply::Final::Ok)
        return m_state.verbose ? QByteArray("\r\nOK\r\n") : QByteArray("0\r");
    if (reply.final == Reply::Final::CmeError && m_state.cmee != 0) {
        const QByteArray detail = m_state.cmee == 1 ? QByteArray::number(reply.cmeCode)
                                                    : m_personality->cmeText(reply.cmeCode);
        // +CME ERROR stays a text line in ATV0 too.
        return frameInfo("+CME ERROR: " + detail);
    }
    return m_state.verbose ? QByteArray("\r\nERROR\r\n") : QByteArray("4\r");
}

void ModemEngine::sendReply(const Reply &reply)
{
    QByteArray bytes;
    for (const QByteArray &line : reply.lines)
        bytes += frameInfo(line);
    bytes += frameFinal(reply);
    send(bytes);
}

void ModemEngine::applyEffects(const QList<Effect> &effects)
{
    for (const Effect &effect : effects) {
        switch (effect.kind) {
        case Effect::Kind::Reboot:
            reboot(effect.value);
            return;  // nothing else happens on a module that is resetting
        case Effect::Kind::SimReady:
            sendUrc("+CPIN: READY");
            break;
        case Effect::Kind::StartRegistration:
            startRegistration();
            break;
        case Effect::Kind::Deregister:
            deregister();
            break;
        }
    }
}

void ModemEngine::reboot(int fun)
{
    m_log.note(QStringLiteral("rebooting into CFUN=%1").arg(fun));
    m_power = Power::Off;
    m_queue.clear();
    m_inFlight.reset();
    m_latencyTimer.stop();
    m_registrationTimer.stop();
    m_assembler.reset();
    m_state.regStat = RegStat::NotSearching;
    m_bootFun = fun;
    m_bootTimer.start(m_config.bannerDelayMs);
}

void ModemEngine::boot(int fun, bool withBanner)
{
    m_state.powerOn(m_defaults, fun);
    m_assembler.reset();
    m_power = Power::On;
    m_log.note(QStringLiteral("powered on (CFUN=%1)").arg(fun));
    if (withBanner) {
        for (const QByteArray &urc : m_personality->bootUrcs(fun))
            sendUrc(urc);
    }
    startRegistration();
}

void ModemEngine::startRegistration()
{
    if (m_power != Power::On || m_state.cfun != 1 || m_state.copsMode == 2)
        return;
    if (m_state.regStat == RegStat::Searching || m_state.registered())
        return;
    setRegistration(RegStat::Searching);
    m_registrationTimer.start(m_config.registrationDelayMs);
}

void ModemEngine::deregister()
{
    m_registrationTimer.stop();
    setRegistration(RegStat::NotSearching);
}

void ModemEngine::onRegistrationDelayElapsed()
{
    if (m_power != Power::On || m_state.cfun != 1 || m_state.copsMode == 2)
        return;
    m_state.act = m_personality->accessTechnology(m_state);
    setRegistration(RegStat::Home);
}

void ModemEngine::setRegistration(RegStat stat)
{
    if (m_state.regStat == stat)
        return;
    m_state.regStat = stat;
    m_log.note(QStringLiteral("registration stat %1").arg(int(stat)));
    for (const QByteArray &urc : m_personality->registrationUrcs(m_state))
        sendUrc(urc);
    if (m_state.registered() && m_state.clts == 1) {
        // §5.5: the network sends its time (NITZ) right after attach.
        const QDateTime now = QDateTime::currentDateTime();
        for (const QByteArray &urc : m_personality->networkTimeUrcs(now.toUTC(), now.offsetFromUtc() / 900))
            sendUrc(urc);
    }
}

void ModemEngine::sendUrc(const QByteArray &line)
{
    send(frameInfo(line));
}

void ModemEngine::send(const QByteArray &bytes)
{
    m_out += bytes;
    if (!m_batching)
        flush();
}

void ModemEngine::flush()
{
    if (m_out.isEmpty())
        return;
    m_log.sent(m_out);
    m_port.write(std::exchange(m_out, {}));
}

} // namespace ModemBench::Sim
