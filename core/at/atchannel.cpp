#include "core/at/atchannel.h"

#include "core/at/replyshape.h"
#include "core/catalog/commandcatalog.h"
#include "core/transport/transport.h"

#include <QDateTime>
#include <QLoggingCategory>

namespace ModemBench {

Q_LOGGING_CATEGORY(lcAt, "modembench.at")

namespace {
// protocol §1: 556 characters on SIM800, 559 on SIM7000; over-length lines are not executed.
constexpr qsizetype kMaxCommandLength = 556;
} // namespace

struct AtChannel::Pending {
    quint64 id = 0;
    AtRequest request;
    QPointer<QObject> context;
    bool hasContext = false;
    Callback callback;
    AtResponse response;
    bool echoSeen = false;
    bool promptSeen = false;
    bool payloadDone = false;
    qint64 startedMs = 0;
};

AtChannel::AtChannel(Transport *transport, Clock *clock, const CommandCatalog *catalog, QObject *parent)
    : AtChannel(transport, clock, catalog, Options{}, parent)
{
}

AtChannel::AtChannel(Transport *transport, Clock *clock, const CommandCatalog *catalog, Options options,
                     QObject *parent)
    : QObject(parent)
    , m_transport(transport)
    , m_clock(clock)
    , m_catalog(catalog)
    , m_options(options)
    , m_framer(options.maxLineLength)
    , m_timer(clock->createTimer())
{
    m_framer.setHandler([this](const Framer::Event &event) { onFramerEvent(event); });
    connect(m_transport, &Transport::dataReceived, this, &AtChannel::onData);
    connect(m_transport, &Transport::closed, this, &AtChannel::onTransportClosed);
}

AtChannel::~AtChannel()
{
    m_timer->stop();
}

quint64 AtChannel::send(const QByteArray &command, QObject *context, Callback callback)
{
    return send(AtRequest::make(command), context, std::move(callback));
}

quint64 AtChannel::send(AtRequest request, QObject *context, Callback callback)
{
    auto pending = std::make_unique<Pending>();
    pending->id = m_nextId++;
    pending->context = context;
    pending->hasContext = context != nullptr;
    pending->callback = std::move(callback);
    const quint64 id = pending->id;
    auto refuse = [&](Error error) {
        if (pending->callback)
            pending->callback(std::unexpected(std::move(error)));
        return id;
    };
    if (m_closed || !m_transport->isOpen())
        return refuse({ErrorCode::PortClosed, QStringLiteral("The port is not open; connect first."), {}, -1});
    if (!request.raw) {
        if (request.command.contains('\r') || request.command.contains('\n'))
            return refuse({ErrorCode::Usage, QStringLiteral("A command cannot contain CR or LF; send one "
                                                            "command per line."), {}, -1});
        if (request.command.size() > kMaxCommandLength)
            return refuse({ErrorCode::Usage, QStringLiteral("The command is %1 characters; the modem executes "
                                                            "nothing longer than %2 (protocol §1).")
                                                 .arg(request.command.size()).arg(kMaxCommandLength), {}, -1});
    }
    if (queuedCount() >= m_options.maxQueued)
        return refuse({ErrorCode::Overflow, QStringLiteral("%1 commands are already waiting; the modem is not "
                                                           "keeping up. Try again later.")
                                                .arg(queuedCount()), {}, -1});
    fillFromCatalog(request);
    pending->request = std::move(request);
    m_queues[size_t(pending->request.priority)].push_back(std::move(pending));
    dispatchNext();
    return id;
}

void AtChannel::fillFromCatalog(AtRequest &request) const
{
    if (request.raw)
        return;
    // "AT+CSQ;+CPSI?" carries several commands: own the prefixes of each part.
    const QList<QByteArray> parts = request.command.mid(2).split(';');
    int catalogTimeout = 0;
    for (const QByteArray &part : parts) {
        const CommandInfo *info = m_catalog ? m_catalog->lookup(QByteArrayLiteral("AT") + part.trimmed()) : nullptr;
        if (!info)
            continue;
        catalogTimeout = qMax(catalogTimeout, info->timeoutMs);
        if (!info->prefix.isEmpty() && !request.prefixes.contains(info->prefix))
            request.prefixes << info->prefix;
        if (request.bareReply == BareReply::None)
            request.bareReply = bareReplyFromName(info->bareReply);
    }
    if (request.timeoutMs <= 0)
        request.timeoutMs = catalogTimeout > 0 ? catalogTimeout : m_options.defaultTimeoutMs;
    if (request.prompt == PromptKind::None)
        request.prompt = promptKindFor(request.command);
    if (request.successFinals.isEmpty())
        request.successFinals = successFinalsFor(request.command);
    const QByteArray upper = request.command.toUpper();
    if (upper.startsWith("AT+CFUN=1,1") || upper.startsWith("AT+CFUN=6") || upper == "AT+CREBOOT")
        request.expectsRestart = true;
}

int AtChannel::queuedCount() const
{
    int count = 0;
    for (const auto &queue : m_queues)
        count += int(queue.size());
    return count;
}

qint64 AtChannel::garbageBytes() const
{
    return m_framer.garbageBytes();
}

void AtChannel::dispatchNext()
{
    if (m_current || m_resync.active || m_closed)
        return;
    for (auto queue = m_queues.rbegin(); queue != m_queues.rend(); ++queue) {
        while (!queue->empty()) {
            std::unique_ptr<Pending> next = std::move(queue->front());
            queue->pop_front();
            // Nobody is left to hear the answer: skip rather than poke the modem.
            if (next->hasContext && !next->context)
                continue;
            m_current = std::move(next);
            startCurrent();
            return;
        }
    }
}

void AtChannel::startCurrent()
{
    Pending *current = m_current.get();
    const AtRequest &request = current->request;
    current->startedMs = m_clock->nowMs();
    current->response.command = request.logText.isEmpty() ? request.command : request.logText;
    Q_EMIT commandStarted(current->id, current->response.command);
    if (request.raw) {
        // A raw write awaits no reply, so it is never "in flight": whatever the modem answers,
        // even synchronously from inside write(), is unsolicited.
        std::unique_ptr<Pending> done = std::move(m_current);
        record(true, TrafficKind::Raw, done->request.command, done->request.command);
        auto written = m_transport->write(done->request.command);
        Result<AtResponse> result = written ? Result<AtResponse>(done->response) : std::unexpected(written.error());
        deliver(std::move(done), std::move(result));
        return;
    }
    m_framer.setPromptDetection(request.prompt == PromptKind::Angle);
    m_framer.setBinaryRule(request.binary ? std::optional(Framer::BinaryRule{request.binary->prefix,
                                                                             request.binary->sameLine,
                                                                             request.binary->maxLength})
                                          : std::nullopt);
    armTimer();
    const QByteArray bytes = request.command + '\r';
    record(true, TrafficKind::Command, request.logText.isEmpty() ? bytes : request.logText + '\r',
           current->response.command, !request.logText.isEmpty());
    if (auto written = m_transport->write(bytes); !written && m_current.get() == current)
        completeCurrent(std::unexpected(written.error()), false);
}

void AtChannel::armTimer()
{
    if (!m_current)
        return;
    int timeout = m_current->request.timeoutMs;
    if (m_framer.inBinary())
        timeout = qMin(timeout, m_options.binaryIdleTimeoutMs);
    m_timer->start(timeout, [this] { onTimeout(); });
}

void AtChannel::onData(const QByteArray &bytes)
{
    // A callback run from inside feed() may send a command whose reply arrives synchronously
    // (loopback tests): queue it so bytes are framed in arrival order.
    if (m_feeding) {
        m_reentrantInput += bytes;
        return;
    }
    m_feeding = true;
    m_framer.feed(bytes);
    while (!m_reentrantInput.isEmpty())
        m_framer.feed(std::exchange(m_reentrantInput, {}));
    m_feeding = false;
    // A partial line stays in the framer; its raw bytes are logged with the event that ends it.
    if (m_current && m_framer.inBinary())
        armTimer();
    const qint64 garbage = garbageBytes();
    if (garbage != m_reportedGarbage) {
        m_reportedGarbage = garbage;
        Q_EMIT garbageCountChanged(garbage);
    }
}

void AtChannel::onFramerEvent(const Framer::Event &event)
{
    switch (event.kind) {
    case Framer::EventKind::Line:
        handleLine(event.data, event.raw);
        return;
    case Framer::EventKind::Prompt:
        handlePrompt(event.raw);
        return;
    case Framer::EventKind::Payload:
        record(false, TrafficKind::BinaryPayload, event.raw, event.data);
        if (m_current && m_current->request.binary && !m_current->payloadDone) {
            m_current->response.payload = event.data;
            m_current->payloadDone = true;
            armTimer();
        }
        return;
    case Framer::EventKind::BadBinaryHeader:
        record(false, TrafficKind::Garbage, event.raw, event.data);
        if (m_current)
            completeCurrent(fail(ErrorCode::Desync,
                                 QStringLiteral("%1: the modem announced more data than was asked for ('%2'); "
                                                "the channel resynchronises.")
                                     .arg(QString::fromLatin1(m_current->response.command),
                                          QString::fromLatin1(event.data.left(80)))),
                            true);
        return;
    case Framer::EventKind::Overflow:
        record(false, TrafficKind::Garbage, event.raw, QByteArrayLiteral("<line over the length cap dropped>"));
        if (m_current)
            completeCurrent(fail(ErrorCode::Overflow,
                                 QStringLiteral("%1: a reply line exceeded %2 bytes and was dropped.")
                                     .arg(QString::fromLatin1(m_current->response.command))
                                     .arg(m_options.maxLineLength)),
                            true);
        return;
    case Framer::EventKind::RawFlush:
        record(false, TrafficKind::Garbage, event.raw);
        return;
    }
}

void AtChannel::handleLine(const QByteArray &line, const QByteArray &raw)
{
    if (isBootBanner(line)) {
        handleBootBanner(line, raw);
        return;
    }
    if (m_resync.active) {
        handleResyncLine(line, raw);
        return;
    }
    if (m_current && handleLineForCurrent(line, raw))
        return;
    handleUnsolicited(line, raw);
}

bool AtChannel::isEcho(const QByteArray &line) const
{
    return !m_current->echoSeen && line.trimmed().compare(m_current->request.command.trimmed(), Qt::CaseInsensitive) == 0;
}

bool AtChannel::handleLineForCurrent(const QByteArray &line, const QByteArray &raw)
{
    Pending *current = m_current.get();
    if (isEcho(line)) {
        current->echoSeen = true;
        const bool secret = !current->request.logText.isEmpty();
        record(false, TrafficKind::Echo, secret ? current->request.logText + '\r' : raw,
               secret ? current->request.logText : line, secret);
        return true;
    }
    if (matchesSuccessFinal(current->request.successFinals, line)) {
        record(false, TrafficKind::Final, raw, line);
        current->response.finalLine = line.trimmed();
        completeCurrent(current->response, false);
        return true;
    }
    const FinalContext context{m_numericResults, current->request.prompt == PromptKind::Angle};
    if (const auto final = classifyFinal(line, context)) {
        record(false, TrafficKind::Final, raw, line);
        current->response.finalLine = line.trimmed();
        if (!isSuccess(*final)) {
            completeCurrent(std::unexpected(errorForFinal(*final, line.trimmed(), current->response.command)), false);
            return true;
        }
        if (current->request.binary && !current->payloadDone) {
            if (auto bad = malformedBinaryHeader(current->request.binary->prefix, current->response.lines)) {
                completeCurrent(fail(ErrorCode::Parse,
                                     QStringLiteral("%1: the data header '%2' has no valid length.")
                                         .arg(QString::fromLatin1(current->response.command),
                                              QString::fromLatin1(bad->left(80)))),
                                false);
                return true;
            }
        }
        trackResultMode(current->request.command);
        completeCurrent(current->response, false);
        return true;
    }
    if (current->request.prompt == PromptKind::Download && !current->promptSeen && line.trimmed() == "DOWNLOAD") {
        handlePrompt(raw);
        return true;
    }
    if (current->payloadDone && !isKnownUrc(line)) {
        // Bytes after a counted payload that are neither the final nor a URC: the length lied.
        record(false, TrafficKind::Garbage, raw, line);
        completeCurrent(fail(ErrorCode::Desync,
                             QStringLiteral("%1: data continued past the announced length; the reply is "
                                            "discarded and the channel resynchronises.")
                                 .arg(QString::fromLatin1(current->response.command))),
                        true);
        return true;
    }
    if (!ownsLine(line))
        return false;
    record(false, TrafficKind::Info, raw, line);
    if (current->response.lines.size() >= m_options.maxReplyLines) {
        completeCurrent(fail(ErrorCode::Overflow, QStringLiteral("%1: the reply exceeded %2 lines and was dropped.")
                                                      .arg(QString::fromLatin1(current->response.command))
                                                      .arg(m_options.maxReplyLines)),
                        true);
        return true;
    }
    current->response.lines << line;
    armTimer(); // the timeout restarts on each intermediate line (style.md)
    return true;
}

// Owned prefix first, then a format-checked bare reply, then (for commands with neither, like ATI)
// anything that is not a known URC.
bool AtChannel::ownsLine(const QByteArray &line) const
{
    const AtRequest &request = m_current->request;
    for (const QByteArray &prefix : request.prefixes) {
        if (line.startsWith(prefix))
            return isSolicitedShape(request.command, prefix, line);
    }
    if (request.bareReply != BareReply::None)
        return matchesBareReply(request.bareReply, line) && !isKnownUrc(line);
    return request.prefixes.isEmpty() && !isKnownUrc(line);
}

void AtChannel::handleUnsolicited(const QByteArray &line, const QByteArray &raw)
{
    if (!m_current && classifyFinal(line, {m_numericResults, false})) {
        // A final with nothing in flight is a reply that came too late: drop it, say so.
        ++m_lateLines;
        record(false, TrafficKind::Late, raw, line);
        return;
    }
    ++m_urcCount;
    record(false, TrafficKind::Urc, raw, line);
    Q_EMIT urcReceived(line);
}

void AtChannel::handleBootBanner(const QByteArray &line, const QByteArray &raw)
{
    ++m_urcCount;
    record(false, TrafficKind::Urc, raw, line);
    // A reboot resets ATV/ATE to their saved values; V1 is the factory default.
    m_numericResults = false;
    m_framer.reset();
    if (m_current && !m_current->request.expectsRestart) {
        // Resync: a banner can also be stale bytes from a boot before we opened the port, and then
        // the modem still answers the command; that answer must not reach the next command.
        completeCurrent(fail(ErrorCode::ModemReset,
                             QStringLiteral("The modem restarted while %1 was running (it printed RDY). Check "
                                            "the power supply; the command was not completed.")
                                 .arg(QString::fromLatin1(m_current->response.command))),
                        true);
    } else if (m_resync.active) {
        finishResync(true);
    }
    Q_EMIT urcReceived(line);
    Q_EMIT modemRestarted();
}

void AtChannel::handlePrompt(const QByteArray &raw)
{
    if (!m_current || m_current->promptSeen || m_current->request.prompt == PromptKind::None) {
        record(false, TrafficKind::Garbage, raw, QByteArrayLiteral(">"));
        return;
    }
    m_current->promptSeen = true;
    m_framer.setPromptDetection(false);
    record(false, TrafficKind::Prompt, raw, raw.trimmed());
    if (m_current->request.payload.isEmpty()) {
        armTimer();
        Q_EMIT promptWaiting(m_current->response.command);
        return;
    }
    writePayload(m_current->request.payload, m_current->request.payloadSecret);
}

Result<void> AtChannel::writePromptPayload(const QByteArray &bytes, bool secret)
{
    if (!m_current || !m_current->promptSeen || m_current->payloadDone)
        return fail(ErrorCode::Usage, QStringLiteral("No command is waiting at a prompt."));
    writePayload(bytes, secret);
    return {};
}

void AtChannel::writePayload(const QByteArray &payload, bool secret)
{
    const QByteArray redaction = QByteArrayLiteral("<") + QByteArray::number(payload.size())
        + QByteArrayLiteral(" bytes redacted>");
    record(true, TrafficKind::Payload, secret ? redaction : payload, secret ? redaction : payload, secret);
    armTimer();
    if (auto written = m_transport->write(payload); !written)
        completeCurrent(std::unexpected(written.error()), true);
}

void AtChannel::onTimeout()
{
    if (!m_current) {
        if (m_resync.active)
            sendProbe();
        return;
    }
    const bool binaryStall = m_framer.inBinary();
    const QString command = QString::fromLatin1(m_current->response.command);
    Error error = binaryStall
        ? Error{ErrorCode::Desync, QStringLiteral("%1: the counted data stopped arriving before its announced "
                                                  "length; the channel resynchronises.").arg(command), {}, -1}
        : Error{ErrorCode::Timeout, QStringLiteral("%1 got no final result within %2 ms. The modem may be busy, "
                                                   "asleep or at another baud rate.")
                                        .arg(command).arg(m_current->request.timeoutMs), {}, -1};
    QByteArray partial = m_framer.takePendingRaw();
    if (!partial.isEmpty())
        record(false, TrafficKind::Garbage, partial);
    error.raw = partial;
    completeCurrent(std::unexpected(error), true);
}

void AtChannel::completeCurrent(Result<AtResponse> result, bool needsResync)
{
    if (!m_current)
        return;
    m_timer->stop();
    std::unique_ptr<Pending> done = std::move(m_current);
    m_framer.setPromptDetection(false);
    m_framer.setBinaryRule(std::nullopt);
    if (result) {
        result->elapsedMs = m_clock->nowMs() - done->startedMs;
        noteSuccess();
    } else if (result.error().code == ErrorCode::Timeout) {
        noteTimeout();
    }
    // The resync probe goes out before any callback runs, so a command sent from a callback
    // queues behind it instead of sharing the wire with it.
    if (needsResync && !m_closed)
        startResync();
    deliver(std::move(done), std::move(result));
}

void AtChannel::deliver(std::unique_ptr<Pending> done, Result<AtResponse> result)
{
    Q_EMIT commandFinished(done->id, result.has_value());
    if (done->callback && (!done->hasContext || done->context))
        done->callback(result);
    dispatchNext();
}

void AtChannel::noteSuccess()
{
    m_consecutiveTimeouts = 0;
    m_unresponsiveReported = false;
}

void AtChannel::noteTimeout()
{
    ++m_consecutiveTimeouts;
    if (m_consecutiveTimeouts >= m_options.unresponsiveAfter && !m_unresponsiveReported) {
        m_unresponsiveReported = true;
        qCWarning(lcAt) << "modem unresponsive after" << m_consecutiveTimeouts << "timeouts";
        Q_EMIT portUnresponsive();
    }
}

void AtChannel::trackResultMode(const QByteArray &command)
{
    const QByteArray upper = command.toUpper();
    if (upper.contains('+') || !upper.startsWith("AT"))
        return;
    if (upper.contains("V0"))
        m_numericResults = true;
    else if (upper.contains("V1") || upper.contains('Z') || upper.contains("&F"))
        m_numericResults = false;
}

// After a timeout the late reply may still arrive. Probe with a command whose info line cannot be
// part of any other reply ("+CMEE: n") and drop everything until that probe's own OK: only then is
// the next command sure to get its own reply (test-plan F5; ModemManager's admitted bug).
void AtChannel::startResync()
{
    m_resync = ResyncState{true, false, 0, QByteArrayLiteral("AT+CMEE?")};
    m_framer.reset();
    sendProbe();
}

void AtChannel::sendProbe()
{
    if (m_resync.attempt >= m_options.resyncAttempts) {
        finishResync(false);
        return;
    }
    ++m_resync.attempt;
    m_resync.sawProbeInfo = false;
    // ESC abandons a pending "> " input on SIMCom modems, so the probe is read as a command.
    const QByteArray bytes = QByteArrayLiteral("\x1b") + m_resync.probe + '\r';
    record(true, TrafficKind::Command, bytes, m_resync.probe);
    m_timer->start(m_options.resyncProbeTimeoutMs, [this] { onTimeout(); });
    if (auto written = m_transport->write(bytes); !written)
        finishResync(false);
}

void AtChannel::handleResyncLine(const QByteArray &line, const QByteArray &raw)
{
    const QByteArray trimmed = line.trimmed();
    if (trimmed.compare(m_resync.probe, Qt::CaseInsensitive) == 0) {
        record(false, TrafficKind::Echo, raw, line);
        return;
    }
    if (trimmed.startsWith("+CMEE:")) {
        m_resync.sawProbeInfo = true;
        record(false, TrafficKind::Info, raw, line);
        return;
    }
    const auto final = classifyFinal(trimmed, {m_numericResults, false});
    if (final && m_resync.sawProbeInfo) {
        record(false, TrafficKind::Final, raw, line);
        finishResync(isSuccess(*final));
        return;
    }
    if (!final && isKnownUrc(line)) {
        handleUnsolicited(line, raw);
        return;
    }
    ++m_lateLines;
    record(false, TrafficKind::Late, raw, line);
}

void AtChannel::finishResync(bool success)
{
    m_timer->stop();
    m_resync = ResyncState{};
    if (success)
        noteSuccess();
    else
        noteTimeout();
    Q_EMIT resyncFinished(success);
    dispatchNext();
}

void AtChannel::cancel(quint64 id)
{
    if (m_current && m_current->id == id) {
        completeCurrent(fail(ErrorCode::Cancelled, QStringLiteral("Cancelled")), true);
        return;
    }
    for (auto &queue : m_queues) {
        for (auto it = queue.begin(); it != queue.end(); ++it) {
            if ((*it)->id != id)
                continue;
            std::unique_ptr<Pending> pending = std::move(*it);
            queue.erase(it);
            if (pending->callback && (!pending->hasContext || pending->context))
                pending->callback(fail(ErrorCode::Cancelled, QStringLiteral("Cancelled before it was sent")));
            return;
        }
    }
}

void AtChannel::cancelAll()
{
    const bool modemBusy = m_current != nullptr;
    std::vector<std::unique_ptr<Pending>> victims = takeAll();
    // The modem may still answer what was in flight: resync first (before callbacks can send).
    if (modemBusy && !m_closed && !m_resync.active && m_transport->isOpen())
        startResync();
    failVictims(victims, {ErrorCode::Cancelled, QStringLiteral("Cancelled"), {}, -1});
}

void AtChannel::shutdown(const Error &reason)
{
    m_closed = true;
    m_resync = ResyncState{};
    m_timer->stop();
    failVictims(takeAll(), reason);
}

// Takes the in-flight and queued requests out of the channel. The shared timer belongs to the
// in-flight command or to a resync probe; only the former is stopped here.
std::vector<std::unique_ptr<AtChannel::Pending>> AtChannel::takeAll()
{
    std::vector<std::unique_ptr<Pending>> victims;
    if (m_current) {
        m_timer->stop();
        m_framer.setPromptDetection(false);
        m_framer.setBinaryRule(std::nullopt);
        victims.push_back(std::move(m_current));
    }
    for (auto &queue : m_queues) {
        while (!queue.empty()) {
            victims.push_back(std::move(queue.front()));
            queue.pop_front();
        }
    }
    return victims;
}

void AtChannel::failVictims(const std::vector<std::unique_ptr<Pending>> &victims, const Error &error)
{
    for (const auto &pending : victims) {
        Q_EMIT commandFinished(pending->id, false);
        if (pending->callback && (!pending->hasContext || pending->context))
            pending->callback(std::unexpected(error));
    }
}

void AtChannel::onTransportClosed(const Error &reason)
{
    m_closed = true;
    m_resync = ResyncState{};
    m_framer.reset();
    record(false, TrafficKind::Notice, {}, reason.message.toUtf8());
    m_timer->stop();
    failVictims(takeAll(), reason);
    Q_EMIT closed(reason);
}

bool AtChannel::isAutomaticTraffic(TrafficKind kind) const
{
    switch (kind) {
    case TrafficKind::Urc:
    case TrafficKind::Garbage:
    case TrafficKind::Late:
    case TrafficKind::Notice:
        return false; // the modem's own news is never background noise
    default:
        break;
    }
    if (m_resync.active)
        return true;
    return m_current && m_current->request.priority != Priority::User;
}

void AtChannel::record(bool toModem, TrafficKind kind, const QByteArray &bytes, const QByteArray &text, bool redacted)
{
    TrafficRecord traffic;
    traffic.wallTimeMs = QDateTime::currentMSecsSinceEpoch();
    traffic.toModem = toModem;
    traffic.kind = kind;
    traffic.bytes = bytes;
    traffic.text = text.isEmpty() ? bytes.trimmed() : text;
    traffic.redacted = redacted;
    traffic.automatic = isAutomaticTraffic(kind);
    Q_EMIT this->traffic(traffic);
}

} // namespace ModemBench
