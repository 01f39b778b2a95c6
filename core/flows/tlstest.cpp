// The CA* connection test on SIM7000 and SIM7080 (protocol §8.2-8.6, §14.7, §18): close a left-over
// socket, open (either reply order), send in ≤1460-byte pieces, read what comes back, close.

#include "core/flows/tlsrun.h"

#include "core/parsers/fields.h"

namespace ModemBench::Internal {

namespace {

const QString kCloseId = QStringLiteral("ca:close");
const QString kStateId = QStringLiteral("ca:state");

// "+XXX: a,b,c" → the integer fields, or nullopt when a field is not a number.
std::optional<QList<int>> intFields(const QByteArray &line, const char *prefix)
{
    const auto value = valueAfterPrefix(line, prefix);
    if (!value)
        return std::nullopt;
    const auto fields = splitFields(*value);
    if (!fields)
        return std::nullopt;
    QList<int> out;
    for (const AtField &field : *fields) {
        const auto n = toInt(field.text, -1000000, 1000000);
        if (!n)
            return std::nullopt;
        out << *n;
    }
    return out;
}

QByteArray cidArg(const TlsRun &run)
{
    return QByteArray::number(run.settings.connectionId);
}

bool isCa(const TlsRun *r)
{
    return r->dialect != TlsDialect::Sim800;
}

} // namespace

void TlsRun::noteUrc(const QByteArray &line)
{
    if (dialect == TlsDialect::Sim800) {
        noteSim800Urc(line);
        return;
    }
    const int cid = settings.connectionId;
    const auto ours = [&line, cid](const char *prefix, qsizetype size) -> std::optional<QList<int>> {
        auto fields = intFields(line, prefix);
        if (!fields || fields->size() != size || fields->constFirst() != cid)
            return std::nullopt;
        return fields;
    };
    if (const auto open = ours("+CAOPEN:", 2)) {
        if (context->openResult < 0)
            context->openResult = open->at(1);
    } else if (const auto send = ours("+CASEND:", 3)) {
        casendResult = send->at(1);
    } else if (ours("+CADATAIND:", 1)) {
        dataIndicated = true;
    } else if (const auto recv = ours("+CARECV:", 2)) {
        // TinyGSM: an unsolicited "+CARECV: <cid>,<len>" announces buffered data.
        dataIndicated = true;
        announced = recv->at(1);
    } else if (const auto state = ours("+CASTATE:", 2)) {
        if (state->at(1) == 0)
            context->closedByPeer = true;
    } else if (ours("+CACLOSE:", 1)) {
        context->closedByPeer = true; // ATOCLOSE (§8.6)
    }
}

namespace {

FlowStep staleCloseStep(const std::shared_ptr<TlsRun> &run)
{
    TlsRun *r = run.get();
    FlowStep step = tlsStep(run, QStringLiteral("ca:close-stale"), QObject::tr("Closing a left-over connection"));
    step.when = [r] { return isCa(r); };
    step.request = [r] { return AtRequest::make("AT+CACLOSE=" + cidArg(*r)); };
    // §14.7: usually nothing is open and the modem says ERROR; that is the expected answer.
    step.handle = [](const Result<AtResponse> &) { return FlowVerdict::next(); };
    return step;
}

QByteArray openCommand(const TlsRun &r)
{
    const QByteArray target = quotedArg(r.host) + ',' + QByteArray::number(r.request.port);
    // §8.2/§15: SIM7000 takes no "TCP" (TinyGSM: it fails with it); SIM7080 needs pdp index and type.
    if (r.dialect == TlsDialect::Sim7080)
        return "AT+CAOPEN=" + cidArg(r) + ",0,\"TCP\"," + target;
    return "AT+CAOPEN=" + cidArg(r) + ',' + target;
}

FlowStep openStep(const std::shared_ptr<TlsRun> &run)
{
    TlsRun *r = run.get();
    FlowStep step = tlsStep(run, QStringLiteral("ca:open"), QObject::tr("Opening the connection"));
    step.when = [r] { return isCa(r); };
    step.request = [r] {
        r->context->openResult = -1;
        r->openStartMs = r->now();
        AtRequest request = AtRequest::make(openCommand(*r));
        request.timeoutMs = r->request.openTimeoutMs;
        return request;
    };
    step.handle = [r](const Result<AtResponse> &response) {
        if (!response)
            return abortTo(*r, kCloseId, FlowVerdict::failedStep(response.error(), QString::fromLatin1(openCommand(*r))).error);
        // Synchronous form: "+CAOPEN: cid,result" before OK; otherwise the URC follows (ASYNCOPEN).
        for (const QByteArray &line : response->lines)
            r->noteUrc(line);
        return FlowVerdict::next();
    };
    return step;
}

FlowVerdict afterOpen(TlsRun &r)
{
    TlsContext &c = *r.context;
    c.openElapsedMs = r.now() - r.openStartMs;
    const QString what = r.settings.tls ? tlsVersionName(r.settings.version) : QObject::tr("plain TCP");
    if (c.openResult == 0) {
        r.say(QObject::tr("Opened %1:%2 (%3) in %4 ms").arg(r.host).arg(r.request.port).arg(what).arg(c.openElapsedMs));
        return FlowVerdict::next();
    }
    const Error error = caOpenError(c.openResult, r.settings.tls);
    r.say(QObject::tr("Opening %1:%2 (%3) failed after %4 ms: result %5")
              .arg(r.host).arg(r.request.port).arg(what).arg(c.openElapsedMs).arg(c.openResult));
    return abortTo(r, kCloseId, error);
}

FlowStep openWaitStep(const std::shared_ptr<TlsRun> &run)
{
    TlsRun *r = run.get();
    FlowStep step = awaitStep(
        run, QStringLiteral("ca:open-wait"), QObject::tr("Waiting for the connection"),
        [r]() -> std::optional<FlowVerdict> {
            if (r->context->openResult < 0)
                return std::nullopt;
            return afterOpen(*r);
        },
        [r] { return r->openStartMs + r->request.openTimeoutMs; },
        [r] {
            return abortTo(*r, kCloseId,
                           {ErrorCode::Timeout,
                            QObject::tr("AT+CAOPEN gave no result within %1 s: the server or the network did not "
                                        "answer. Check the host and port and the signal.")
                                .arg(r->request.openTimeoutMs / 1000),
                            {}, -1});
        });
    step.when = [r] { return isCa(r); };
    return step;
}

QList<FlowStep> sendSteps(const std::shared_ptr<TlsRun> &run)
{
    TlsRun *r = run.get();
    QList<FlowStep> steps;
    const QByteArray &payload = r->request.payload;
    for (qsizetype offset = 0; offset < payload.size(); offset += kCaMaxChunk) {
        const QByteArray piece = payload.mid(offset, kCaMaxChunk);
        const QByteArray command = "AT+CASEND=" + cidArg(*r) + ',' + QByteArray::number(piece.size());
        FlowStep send = tlsStep(run, QStringLiteral("ca:send%1").arg(offset),
                                QObject::tr("Sending bytes %1-%2").arg(offset).arg(offset + piece.size()));
        send.when = [r] { return isCa(r); };
        send.request = [r, command, piece] {
            r->casendResult = -1;
            AtRequest request = AtRequest::make(command);
            request.prompt = PromptKind::Angle;
            request.payload = piece;
            return request;
        };
        send.handle = [r, command, size = piece.size()](const Result<AtResponse> &response) {
            if (!response)
                return abortTo(*r, kCloseId, FlowVerdict::failedStep(response.error(), QString::fromLatin1(command)).error);
            r->context->sentBytes += size;
            r->casendWaitUntil = r->now() + kCasendUrcWaitMs;
            return FlowVerdict::next();
        };
        // §18: SIM7000 2019 firmware confirms with "+CASEND: cid,0,len" after OK, 2024 firmware and
        // the SIM7080 only with OK: wait briefly for the URC, never require it.
        FlowStep confirm = awaitStep(
            run, QStringLiteral("ca:sent%1").arg(offset), QObject::tr("Waiting for the send confirmation"),
            [r]() -> std::optional<FlowVerdict> {
                if (r->casendResult < 0)
                    return std::nullopt;
                if (r->casendResult == 0)
                    return FlowVerdict::next();
                const CaResultMeaning m = caResultMeaning(r->casendResult, r->settings.tls);
                return abortTo(*r, kCloseId,
                               {ErrorCode::Error, QObject::tr("The send failed (+CASEND result %1, %2): %3 %4")
                                                      .arg(m.code).arg(m.meaning, m.cause, m.fix), {}, m.code});
            },
            [r] { return r->casendWaitUntil; }, [] { return FlowVerdict::next(); }, 100);
        confirm.when = [r] { return r->dialect == TlsDialect::Sim7000; };
        steps << send << confirm;
    }
    return steps;
}

std::optional<FlowVerdict> receiveDecision(TlsRun *r)
{
    if (r->receiveStartMs < 0) {
        r->receiveStartMs = r->now();
        r->nextPollMs = r->receiveStartMs + kReceivePollMs;
    }
    if (r->context->received.size() >= r->expectBytes())
        return FlowVerdict::jump(kStateId);
    // A peer that closed and was polled once since has nothing more to give.
    if (r->context->closedByPeer && r->polledSinceClose && !r->dataIndicated)
        return FlowVerdict::jump(kStateId);
    if (r->dataIndicated || r->now() >= r->nextPollMs)
        return FlowVerdict::next();
    return std::nullopt;
}

QList<FlowStep> receiveSteps(const std::shared_ptr<TlsRun> &run)
{
    TlsRun *r = run.get();
    const auto receiving = [r] { return isCa(r) && r->expectBytes() > 0; };
    FlowStep waiter = awaitStep(
        run, QStringLiteral("ca:recv-wait"), QObject::tr("Waiting for the answer"), [r] { return receiveDecision(r); },
        [r] { return r->receiveStartMs + r->request.receiveTimeoutMs; },
        [r] {
            r->warn(QObject::tr("Received %1 of %2 bytes within %3 s.")
                        .arg(r->context->received.size()).arg(r->expectBytes()).arg(r->request.receiveTimeoutMs / 1000));
            return FlowVerdict::jump(kStateId);
        });
    waiter.when = receiving;
    FlowStep reader = tlsStep(run, QStringLiteral("ca:recv"), QObject::tr("Reading the answer"));
    reader.when = receiving;
    reader.request = [r] {
        // §8.4: never ask for more than 1460 or than is announced (a SIM7000 freezes otherwise).
        qsizetype ask = qMin(kCaMaxChunk, r->expectBytes() - r->context->received.size());
        if (r->announced > 0)
            ask = qMin(ask, r->announced);
        ask = qMax<qsizetype>(ask, 1);
        r->lastAsk = ask;
        r->dataIndicated = false;
        r->announced = -1;
        r->polledSinceClose = r->context->closedByPeer;
        AtRequest request = AtRequest::make("AT+CARECV=" + cidArg(*r) + ',' + QByteArray::number(ask));
        request.binary = BinaryRead{"+CARECV:", true, ask};
        return request;
    };
    reader.handle = [r](const Result<AtResponse> &response) {
        if (!response)
            return abortTo(*r, kCloseId, FlowVerdict::failedStep(response.error(), QStringLiteral("AT+CARECV")).error);
        r->context->received += response->payload;
        // A full read may leave more buffered: read again at once. Otherwise wait for the next
        // +CADATAIND, or poll after a pause in case it came while another command was in flight.
        if (response->payload.size() == r->lastAsk)
            r->dataIndicated = true;
        else
            r->nextPollMs = r->now() + kReceivePollMs;
        return FlowVerdict::jump(QStringLiteral("ca:recv-wait"));
    };
    return {waiter, reader};
}

FlowStep stateStep(const std::shared_ptr<TlsRun> &run)
{
    TlsRun *r = run.get();
    FlowStep step = tlsStep(run, kStateId, QObject::tr("Reading the connection state"));
    step.when = [r] { return isCa(r); };
    step.request = [] { return AtRequest::make("AT+CASTATE?"); };
    step.handle = [r](const Result<AtResponse> &response) {
        if (!response) {
            r->warn(QObject::tr("AT+CASTATE? failed: %1").arg(response.error().message));
            return FlowVerdict::next();
        }
        for (const QByteArray &line : response->lines)
            r->noteUrc(line); // "+CASTATE: cid,0" = closed by the peer (§8.5)
        return FlowVerdict::next();
    };
    return step;
}

FlowStep closeStep(const std::shared_ptr<TlsRun> &run)
{
    TlsRun *r = run.get();
    FlowStep step = tlsStep(run, kCloseId, QObject::tr("Closing the connection"));
    step.when = [r] { return isCa(r); };
    step.request = [r] { return AtRequest::make("AT+CACLOSE=" + cidArg(*r)); };
    step.handle = [r](const Result<AtResponse> &response) { return closingVerdict(*r, response, "AT+CACLOSE"); };
    return step;
}

} // namespace

QList<FlowStep> caTestSteps(const std::shared_ptr<TlsRun> &run)
{
    QList<FlowStep> steps{staleCloseStep(run), openStep(run), openWaitStep(run)};
    steps << sendSteps(run) << receiveSteps(run) << stateStep(run) << closeStep(run);
    return steps;
}

} // namespace ModemBench::Internal
