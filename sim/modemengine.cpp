#include "modemengine.h"

#include "simport.h"
#include "statefile.h"
#include "trafficlog.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>

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
    , m_dataRandom(seed ^ 0x5eed0001u)
    , m_faultRandom(seed ^ 0x5eed0002u)
    , m_signal(m_random, config.signalStepMs)
    , m_defaults{config.echo, config.cmee}
    , m_assembler(m_personality->maxLineLength())
{
    m_state.powerOn(m_defaults, 1);
    // Scenario "clock": the module's RTC starts there and runs with the host clock (AT+CCLK, §5.6).
    if (m_config.clock)
        m_state.clockOffsetMs = QDateTime::currentDateTimeUtc().msecsTo(*m_config.clock);
    m_personality->setUnsolicitedSink([this](const QByteArray &bytes, bool raw) { onUnsolicited(bytes, raw); });
    m_sequence = m_config.registrationSequence;
    // A zero delay means "already registered": no searching step and no timer hop, so a client
    // that talks at once (sim: ports, tests on a loaded machine) never races the registration.
    if (m_sequence.isEmpty() && m_config.registrationDelayMs == 0)
        m_sequence = {{RegStat::Home, -1}};
    else if (m_sequence.isEmpty())
        m_sequence = {{RegStat::Searching, m_config.registrationDelayMs}, {RegStat::Home, -1}};
    if (!m_config.statePath.isEmpty()) {
        if (auto loaded = StateFile::load(m_config.statePath, m_state); !loaded)
            m_log.note(loaded.error());
        m_savedSettings = StateFile::serialize(m_state);
    }
    // Precise timers never fire early, so "the reply comes no sooner than latency_ms" holds.
    for (QTimer *timer : {&m_latencyTimer, &m_registrationTimer, &m_bootTimer, &m_deferTimer, &m_downloadTimer}) {
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer);
    }
    connect(&m_latencyTimer, &QTimer::timeout, this, &ModemEngine::onLatencyElapsed);
    connect(&m_registrationTimer, &QTimer::timeout, this, &ModemEngine::onRegistrationDelayElapsed);
    connect(&m_bootTimer, &QTimer::timeout, this, [this] { boot(m_bootFun, true); });
    connect(&m_deferTimer, &QTimer::timeout, this, &ModemEngine::onTimedLineDue);
    connect(&m_downloadTimer, &QTimer::timeout, this, [this] {
        // protocol.md §14.6: fewer bytes than announced; the transfer ends at <inputtime> with OK.
        if (!m_download)
            return;
        m_log.note(QStringLiteral("data input time over after %1 of %2 bytes")
                       .arg(m_downloadData.size())
                       .arg(m_download->dataRequest->size));
        m_batching = true;
        finishDownload();
        drainQueue();
        m_batching = false;
        flush();
    });
    connect(&m_noiseTimer, &QTimer::timeout, this, &ModemEngine::injectNoise);
    connect(&m_port, &SimPort::bytesReceived, this, &ModemEngine::onPortBytes);
    m_paceClock.start();
    for (QTimer *timer : {&m_inPaceTimer, &m_outPaceTimer}) {
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer);
    }
    connect(&m_inPaceTimer, &QTimer::timeout, this, &ModemEngine::pumpInput);
    connect(&m_outPaceTimer, &QTimer::timeout, this, &ModemEngine::pumpOutput);
    connect(&m_port, &SimPort::noticed, this, [this](const QString &message) { m_log.note(message); });
}

ModemEngine::~ModemEngine() = default;

void ModemEngine::start()
{
    for (const ScheduledUrc &urc : std::as_const(m_config.urcs)) {
        QTimer::singleShot(urc.afterMs, Qt::PreciseTimer, this, [this, text = urc.text] { send(text); });
    }
    startFaults();
    if (m_config.banner) {
        m_bootFun = 1;
        m_bootTimer.start(m_config.bannerDelayMs);
    } else {
        boot(1, false);
    }
}

void ModemEngine::onPortBytes(const QByteArray &bytes)
{
    if (m_config.baudPacing <= 0) {
        onBytesReceived(bytes);
        return;
    }
    // An idle line starts delivering now; a busy one after what it still carries.
    if (m_inBacklog.isEmpty())
        m_inFreeAt = std::max(m_inFreeAt, m_paceClock.nsecsElapsed());
    m_inBacklog += bytes;
    pumpInput();
}

// Hands on the bytes a UART at the paced rate has delivered by now (each takes 10 bit times).
void ModemEngine::pumpInput()
{
    const qint64 now = m_paceClock.nsecsElapsed();
    const qsizetype due = std::min<qsizetype>(m_inBacklog.size(), std::max<qint64>(0, (now - m_inFreeAt) / byteNs()));
    if (due > 0) {
        m_inFreeAt += due * byteNs();
        const QByteArray bytes = m_inBacklog.left(due);
        m_inBacklog.remove(0, due);
        onBytesReceived(bytes);
    }
    if (!m_inBacklog.isEmpty() && !m_inPaceTimer.isActive()) {
        const qint64 wait = m_inFreeAt + byteNs() - m_paceClock.nsecsElapsed();
        m_inPaceTimer.start(int(std::max<qint64>(1, (wait + 999'999) / 1'000'000)));
    }
}

// Writes the bytes whose transmission starts by now; the rest when the line gets to them.
void ModemEngine::pumpOutput()
{
    const qint64 now = m_paceClock.nsecsElapsed();
    const qsizetype due = std::min<qsizetype>(m_outBacklog.size(), std::max<qint64>(0, (now - m_outFreeAt) / byteNs()));
    if (due > 0) {
        m_outFreeAt += due * byteNs();
        const QByteArray bytes = m_outBacklog.left(due);
        m_outBacklog.remove(0, due);
        m_log.sent(bytes);
        m_port.write(bytes);
    }
    if (!m_outBacklog.isEmpty() && !m_outPaceTimer.isActive()) {
        const qint64 wait = m_outFreeAt + byteNs() - m_paceClock.nsecsElapsed();
        m_outPaceTimer.start(int(std::max<qint64>(1, (wait + 999'999) / 1'000'000)));
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
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (m_power != Power::On)
            break;  // a reboot inside this chunk: the rest falls on a dead UART
        if (m_download) {
            // Raw data after a DOWNLOAD prompt: taken as a block, not echoed, not command lines.
            const qsizetype wanted = m_download->dataRequest->size - m_downloadData.size();
            const qsizetype n = std::min(wanted, bytes.size() - i);
            m_downloadData.append(bytes.constData() + i, n);
            i += n - 1;
            if (m_downloadData.size() >= m_download->dataRequest->size) {
                finishDownload();
                drainQueue();
            }
            continue;
        }
        const char byte = bytes.at(i);
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
    if (!busy() && m_queue.isEmpty()) {
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
    const int delay = scaled(latencyFor(line));
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
    drainQueue();
    m_batching = false;
    flush();
}

void ModemEngine::drainQueue()
{
    // Each pass takes one line off the queue; nothing here adds to it, so the loop ends.
    while (!busy() && !m_queue.isEmpty() && m_power == Power::On)
        startLine(m_queue.takeFirst());
}

// The "slow_factor" fault stretches every latency (docs/modemsim.md).
int ModemEngine::scaled(int ms) const
{
    if (m_config.faults.slowFactor == 1.0)
        return ms;
    return int(std::lround(std::min(ms * m_config.faults.slowFactor, 86400000.0)));
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
        finishLine({});
        return;
    }
    Reply reply;
    runCommands(QByteArrayView(line.text).sliced(2), reply);
    if (!reply.failed() && reply.dataRequest) {
        startDownload(std::move(reply));
        return;
    }
    if (!reply.failed() && reply.async) {
        startAsync(std::move(reply));
        return;
    }
    if (!reply.failed() && !reply.timedLines.isEmpty()) {
        // Lines that trickle in (ping replies): the line stays busy until its final result. Lines of
        // earlier commands on the same line go out now.
        sendLinesNow(reply);
        m_deferred = reply;
        m_deferredNext = 0;
        m_deferTimer.start(scaled(reply.timedLines.constFirst().afterMs));
        return;
    }
    sendReply(reply);
    finishLine(reply);
}

// Sends the reply's lines (raw ones as they are) ahead of its final result, and forgets them.
void ModemEngine::sendLinesNow(Reply &reply)
{
    for (qsizetype i = 0; i < reply.lines.size(); ++i)
        send(reply.isRaw(i) ? reply.lines.at(i) : frameInfo(reply.lines.at(i)));
    reply.lines.clear();
    reply.rawLines.clear();
}

// The prompt (the reply's lines) goes out now; the final result waits for the data.
void ModemEngine::startDownload(Reply reply)
{
    sendLinesNow(reply);
    m_downloadData.clear();
    const int timeout = reply.dataRequest->timeoutMs;
    m_download = std::move(reply);
    m_downloadTimer.start(timeout);
}

void ModemEngine::finishDownload()
{
    m_downloadTimer.stop();
    Reply reply = *std::exchange(m_download, std::nullopt);
    const DataRequest request = *std::exchange(reply.dataRequest, std::nullopt);
    ModemContext context{m_state, m_signal, m_config.identity, m_defaults, m_config, m_dataRandom};
    request.complete(std::exchange(m_downloadData, {}), context, reply);
    sendReply(reply);
    finishLine(reply);
}

// Lines of earlier commands go out now; the final result waits for the work (protocol.md §8.2).
void ModemEngine::startAsync(Reply reply)
{
    sendLinesNow(reply);
    const AsyncRequest request = *std::exchange(reply.async, std::nullopt);
    m_async = std::move(reply);
    request.start([this, life = m_generation](const QList<QByteArray> &lines, bool ok) {
        if (life == m_generation)
            finishAsync(lines, ok);
    });
}

void ModemEngine::finishAsync(const QList<QByteArray> &lines, bool ok)
{
    if (!m_async)
        return;
    Reply reply = *std::exchange(m_async, std::nullopt);
    reply.lines = lines;
    if (!ok)
        reply.failPlain();
    const bool nested = m_batching;
    m_batching = true;
    sendReply(reply);
    finishLine(reply);
    drainQueue();
    m_batching = nested;
    if (!nested)
        flush();
}

// Socket URCs and pushed data (protocol.md §8.4, §8.5); a module that is off says nothing.
void ModemEngine::onUnsolicited(const QByteArray &bytes, bool raw)
{
    if (m_power != Power::On)
        return;
    if (raw)
        send(bytes);
    else
        sendUrc(bytes);
}

void ModemEngine::onTimedLineDue()
{
    if (!m_deferred)
        return;
    const QList<TimedLine> &lines = m_deferred->timedLines;
    // An empty line is only a wait (lost ping probes at the end).
    if (const QByteArray &text = lines.at(m_deferredNext++).text; !text.isEmpty())
        sendUrc(text);
    if (m_deferredNext < lines.size()) {
        m_deferTimer.start(scaled(lines.at(m_deferredNext).afterMs));
        return;
    }
    Reply reply = *std::exchange(m_deferred, std::nullopt);
    m_batching = true;
    sendReply(reply);
    finishLine(reply);
    drainQueue();
    m_batching = false;
    flush();
}

// After a line's final result: its effects, saved settings, the "reboot_after_commands" fault.
void ModemEngine::finishLine(const Reply &reply)
{
    persistSettings();
    const int rebootAfter = m_config.faults.rebootAfterCommands;
    if (rebootAfter > 0 && ++m_commandCount == rebootAfter) {
        m_log.note(QStringLiteral("fault: spontaneous reboot after %1 command lines").arg(rebootAfter));
        reboot(1);
        return;
    }
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
    ModemContext context{m_state, m_signal, m_config.identity, m_defaults, m_config, m_dataRandom};
    for (const AtCommand &command : *commands) {
        // Only the last command decides whether the line ends without a final result (AT+CIFSR;E0).
        reply.noFinal = false;
        reply.okText.clear();
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
    if (reply.final == Reply::Final::Ok && reply.noFinal)
        return {};
    if (reply.final == Reply::Final::Ok && !reply.okText.isEmpty())
        return frameInfo(reply.okText);
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
    for (qsizetype i = 0; i < reply.lines.size(); ++i)
        bytes += reply.isRaw(i) ? reply.lines.at(i) : frameInfo(reply.lines.at(i));
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
            sendUrc(m_config.simPresent ? QByteArray("+CPIN: READY") : m_personality->simAbsentUrc());
            break;
        case Effect::Kind::StartRegistration:
            startRegistration();
            break;
        case Effect::Kind::Deregister:
            deregister();
            break;
        case Effect::Kind::Urc:
            if (effect.value == 0) {
                sendUrc(effect.text);
                break;
            }
            QTimer::singleShot(scaled(effect.value), Qt::PreciseTimer, this,
                               [this, text = effect.text, life = m_generation] {
                                   if (life == m_generation && m_power == Power::On)
                                       sendUrc(text);
                               });
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
    m_deferred.reset();
    m_deferTimer.stop();
    m_download.reset();
    m_downloadData.clear();
    m_downloadTimer.stop();
    m_async.reset();
    m_personality->dropConnections();
    ++m_generation;
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
            sendUrc(urc == "+CPIN: READY" && !m_config.simPresent ? m_personality->simAbsentUrc() : urc);
    }
    startRegistration();
}

// (Re)starts the scenario's registration sequence; one already running or a registered modem is left
// alone (AT+COPS=0 while registered changes nothing). Without a SIM the modem never registers.
void ModemEngine::startRegistration()
{
    if (m_power != Power::On || m_state.cfun != 1 || m_state.copsMode == 2 || !m_config.simPresent)
        return;
    if (m_registrationTimer.isActive() || m_state.registered())
        return;
    runRegistrationStep(0);
}

void ModemEngine::runRegistrationStep(qsizetype index)
{
    m_step = index;
    const RegistrationStep &step = m_sequence.at(index);
    if (step.stat == RegStat::Home || step.stat == RegStat::Roaming)
        m_state.act = m_personality->accessTechnology(m_state);
    setRegistration(step.stat);
    if (step.forMs >= 0 && index + 1 < m_sequence.size())
        m_registrationTimer.start(step.forMs);
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
    if (m_step + 1 < m_sequence.size())
        runRegistrationStep(m_step + 1);
}

void ModemEngine::setRegistration(RegStat stat)
{
    if (m_state.regStat == stat)
        return;
    m_state.regStat = stat;
    m_state.attached = m_state.registered();
    QList<QByteArray> dropped;
    if (!m_state.registered()) {
        // Losing the network drops every data session (protocol.md §11.2 "PDP DEACT").
        dropped = m_personality->dataLostUrcs(m_state);
        for (PdpContext &context : m_state.pdp) {
            context.active = false;
            context.address = "0.0.0.0";
        }
        m_state.cip = CipState::Initial;
        m_state.cgact.clear();
        for (SapbrBearer &bearer : m_state.sapbr)
            bearer.open = false;
    }
    m_log.note(QStringLiteral("registration stat %1").arg(int(stat)));
    for (const QByteArray &urc : m_personality->registrationUrcs(m_state) + dropped)
        sendUrc(urc);
    if (!m_state.registered())
        m_personality->networkLost();
    if (m_state.registered() && m_state.clts == 1) {
        // §5.5: the network sends its time (NITZ) right after attach.
        const QDateTime now = QDateTime::currentDateTime();  // the network's time, not the module's
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
    QByteArray bytes = std::exchange(m_out, {});
    if (m_config.faults.dropByteRate > 0.0) {
        // The "drop_byte_rate" fault: each byte is lost with this probability.
        std::bernoulli_distribution lost(m_config.faults.dropByteRate);
        const qsizetype before = bytes.size();
        bytes.removeIf([&](char) { return lost(m_faultRandom); });
        m_log.note(QStringLiteral("fault: kept %1 of %2 bytes").arg(bytes.size()).arg(before));
    }
    if (m_config.baudPacing > 0) {
        // An idle line starts sending now (it does not save up time); a busy one after its backlog.
        // Resetting on every pump instead would let only one byte out per timer tick.
        if (m_outBacklog.isEmpty())
            m_outFreeAt = std::max(m_outFreeAt, m_paceClock.nsecsElapsed() - byteNs());
        m_outBacklog += bytes;
        pumpOutput();
        return;
    }
    m_log.sent(bytes);
    m_port.write(bytes);
}

void ModemEngine::startFaults()
{
    const FaultScenario &faults = m_config.faults;
    if (faults.noisePerSecond > 0)
        m_noiseTimer.start(std::max(1, 1000 / faults.noisePerSecond));
    if (faults.rebootAfterMs > 0) {
        QTimer::singleShot(faults.rebootAfterMs, Qt::PreciseTimer, this, [this] {
            m_log.note(QStringLiteral("fault: spontaneous reboot"));
            reboot(1);
        });
    }
    if (faults.closeAfterMs > 0)
        QTimer::singleShot(faults.closeAfterMs, Qt::PreciseTimer, this, &ModemEngine::closePort);
}

// The "noise_per_second" fault: one garbage byte between replies, never CR or LF, so it garbles
// a line without inventing one.
void ModemEngine::injectNoise()
{
    if (m_batching)
        return;
    std::uniform_int_distribution<int> byte(0, 255);
    char noise = '\r';
    while (noise == '\r' || noise == '\n')
        noise = char(byte(m_faultRandom));
    send(QByteArray(1, noise));
}

void ModemEngine::closePort()
{
    m_log.note(QStringLiteral("fault: closing the port"));
    if (!m_port.dropConnection())
        Q_EMIT portCloseRequested();
}

// --state: the settings the modem saves by itself, written whenever they changed.
void ModemEngine::persistSettings()
{
    if (m_config.statePath.isEmpty())
        return;
    const QByteArray current = StateFile::serialize(m_state);
    if (current == m_savedSettings)
        return;
    if (auto saved = StateFile::save(m_config.statePath, current); !saved) {
        m_log.note(saved.error());
        return;
    }
    m_savedSettings = current;
}

} // namespace ModemBench::Sim
