#include "core/flows/uploadflows.h"

#include "core/pki/certificateauthority.h"

#include <QRegularExpression>

#include <algorithm>

namespace ModemBench {

namespace {

constexpr int kCfsCommandTimeoutMs = 5000;   // CFSINIT/GFIS/TERM (TG-ED, protocol §9)
constexpr int kWriteOkMarginMs = 5000;       // DOWNLOAD, then OK after the bytes (§9: Zephyr 10 s)
constexpr int kReadTimeoutMs = 10000;
constexpr int kConvertTimeoutMs = 20000;     // §7.1: a third-party installer allows 20 s

QByteArray quoted(const QString &name)
{
    return '"' + name.toLatin1() + '"';
}

FlowStep commandStep(QString id, QString label, std::function<AtRequest()> request,
                     std::function<FlowVerdict(const Result<AtResponse> &)> handle)
{
    FlowStep s;
    s.id = std::move(id);
    s.label = std::move(label);
    s.request = std::move(request);
    s.handle = std::move(handle);
    return s;
}

AtRequest cfsRequest(QByteArray command, int timeoutMs = kCfsCommandTimeoutMs)
{
    AtRequest request = AtRequest::make(std::move(command));
    request.timeoutMs = timeoutMs;
    return request;
}

// Remembers the failure and goes to the table's AT+CFSTERM (see the header).
FlowVerdict abortTo(UploadContext &c, const QString &termId, Error error)
{
    c.pendingError = std::move(error);
    return FlowVerdict::jump(termId);
}

FlowVerdict abortStep(UploadContext &c, const QString &termId, const Error &error, const QString &what,
                      const QString &hint = {})
{
    return abortTo(c, termId, FlowVerdict::failedStep(error, what, hint).error);
}

// AT+CFSINIT; a plain ERROR means a buffer is still allocated (§9, a run that never sent CFSTERM):
// free it and try once more.
QList<FlowStep> initSteps(const std::shared_ptr<UploadContext> &context, const QString &prefix)
{
    const std::shared_ptr<UploadContext> c = context;
    FlowStep init = commandStep(prefix + QStringLiteral("cfsinit"), QObject::tr("Opening the modem's file system"),
                                [] { return cfsRequest("AT+CFSINIT"); },
                                [c](const Result<AtResponse> &r) {
                                    if (!r && r.error().code == ErrorCode::Error) {
                                        c->staleBuffer = true;
                                        return FlowVerdict::next();
                                    }
                                    return r ? FlowVerdict::next(100) // TG-ED pauses 100 ms after CFSINIT
                                             : FlowVerdict::failedStep(r.error(), QStringLiteral("AT+CFSINIT"));
                                });
    FlowStep term = commandStep(prefix + QStringLiteral("cfsterm-stale"), QObject::tr("Freeing a stale file buffer"),
                                [] { return cfsRequest("AT+CFSTERM"); },
                                [](const Result<AtResponse> &) { return FlowVerdict::next(); });
    term.when = [c] { return c->staleBuffer; };
    FlowStep again = commandStep(prefix + QStringLiteral("cfsinit-again"), init.label,
                                 [] { return cfsRequest("AT+CFSINIT"); },
                                 [](const Result<AtResponse> &r) {
                                     return r ? FlowVerdict::next(100)
                                              : FlowVerdict::failedStep(r.error(), QStringLiteral("AT+CFSINIT"),
                                                                        QObject::tr("Power-cycle the modem and try again."));
                                 });
    again.when = [c] { return c->staleBuffer; };
    return {init, term, again};
}

// The closing AT+CFSTERM: runs in every case once CFSINIT succeeded; reports a stored failure.
FlowStep termStep(const std::shared_ptr<UploadContext> &context, const QString &id)
{
    const std::shared_ptr<UploadContext> c = context;
    return commandStep(id, QObject::tr("Closing the modem's file system"), [] { return cfsRequest("AT+CFSTERM"); },
                       [c](const Result<AtResponse> &r) {
                           if (c->pendingError)
                               return FlowVerdict::failed(*c->pendingError);
                           return r ? FlowVerdict::next() : FlowVerdict::failedStep(r.error(), QStringLiteral("AT+CFSTERM"));
                       });
}

FlowStep failingAction(const Error &error)
{
    FlowStep s;
    s.id = QStringLiteral("check");
    s.label = QObject::tr("Checking the file");
    s.action = [error] { return FlowVerdict::failed(error); };
    return s;
}

FlowStep writeStep(const std::shared_ptr<UploadContext> &c, const UploadRequest &req, const QString &termId, qsizetype offset,
                   qsizetype size)
{
    const QByteArray chunk = req.bytes.mid(offset, size);
    const int inputTime = cfsInputTimeMs(size, req.baud);
    const QByteArray command = "AT+CFSWFILE=" + QByteArray::number(req.directory) + ',' + quoted(req.name) + ','
        + (offset == 0 ? "0" : "1") + ',' + QByteArray::number(size) + ',' + QByteArray::number(inputTime);
    const QString label = QObject::tr("Writing %1 (bytes %2-%3 of %4)")
                              .arg(req.name).arg(offset).arg(offset + size).arg(req.bytes.size());
    return commandStep(
        QStringLiteral("upload:%1:write%2").arg(req.name).arg(offset), label,
        [command, chunk, inputTime, secret = req.secret] {
            AtRequest request = cfsRequest(command, inputTime + kWriteOkMarginMs);
            request.prompt = PromptKind::Download;
            request.payload = chunk;
            request.payloadSecret = secret;
            return request;
        },
        [c, termId, command](const Result<AtResponse> &r) {
            if (r)
                return FlowVerdict::next();
            const QString hint = r.error().number == 20
                ? QObject::tr("The file system is full: delete files with AT+CFSDFILE.")
                : QObject::tr("Check the name and that no other program uses the port.");
            return abortStep(*c, termId, r.error(), QString::fromLatin1(command), hint);
        });
}

FlowStep sizeStep(const std::shared_ptr<UploadContext> &c, const UploadRequest &req, const QString &termId)
{
    const QByteArray command = "AT+CFSGFIS=" + QByteArray::number(req.directory) + ',' + quoted(req.name);
    const qsizetype expected = req.bytes.size();
    return commandStep(
        QStringLiteral("upload:%1:size").arg(req.name), QObject::tr("Checking the size of %1").arg(req.name),
        [command] { return cfsRequest(command); },
        [c, termId, command, expected](const Result<AtResponse> &r) {
            if (!r)
                return abortStep(*c, termId, r.error(), QString::fromLatin1(command));
            static const QRegularExpression re(QStringLiteral("^\\+CFSGFIS:\\s*(\\d+)\\s*$"));
            const auto match = r->lines.isEmpty() ? QRegularExpressionMatch()
                                                  : re.match(QString::fromLatin1(r->lines.constLast()));
            if (!match.hasMatch())
                return abortTo(*c, termId, {ErrorCode::Parse, QObject::tr("%1: no size in the reply").arg(QString::fromLatin1(command)),
                                            r->lines.join('\n'), -1});
            c->reportedSize = match.captured(1).toLongLong();
            if (c->reportedSize == expected)
                return FlowVerdict::next();
            return abortTo(*c, termId,
                           {ErrorCode::Error,
                            QObject::tr("The modem stored %1 bytes of %2 instead of %3: bytes were lost on the line. "
                                        "Try a lower baud rate or enable hardware flow control.")
                                .arg(c->reportedSize).arg(QString::fromLatin1(command)).arg(expected),
                            {}, -1});
        });
}

FlowStep readStep(const std::shared_ptr<UploadContext> &c, const UploadRequest &req, const QString &termId, qsizetype offset,
                  qsizetype size)
{
    // Mode 0 reads from the start (position ignored), mode 1 from <position> (§9).
    const QByteArray command = "AT+CFSRFILE=" + QByteArray::number(req.directory) + ',' + quoted(req.name) + ','
        + (offset == 0 ? "0" : "1") + ',' + QByteArray::number(size) + ',' + QByteArray::number(offset);
    const QByteArray expected = req.bytes.mid(offset, size);
    return commandStep(
        QStringLiteral("upload:%1:read%2").arg(req.name).arg(offset), QObject::tr("Reading %1 back").arg(req.name),
        [command, size] {
            AtRequest request = cfsRequest(command, kReadTimeoutMs);
            request.binary = BinaryRead{"+CFSRFILE:", false, size};
            return request;
        },
        [c, termId, command, expected, offset](const Result<AtResponse> &r) {
            if (!r)
                return abortStep(*c, termId, r.error(), QString::fromLatin1(command));
            const QByteArray &got = r->payload;
            qsizetype i = 0;
            while (i < got.size() && i < expected.size() && got[i] == expected[i])
                ++i;
            if (i == expected.size() && got.size() == expected.size()) {
                c->verifiedBytes += i;
                return FlowVerdict::next();
            }
            const QString what = i < got.size()
                ? QObject::tr("byte %1 differs (sent 0x%2, read back 0x%3)")
                      .arg(offset + i)
                      .arg(uchar(expected[i]), 2, 16, QLatin1Char('0'))
                      .arg(uchar(got[i]), 2, 16, QLatin1Char('0'))
                : QObject::tr("the file ends at byte %1").arg(offset + i);
            return abortTo(*c, termId,
                           {ErrorCode::Error,
                            QObject::tr("The file read back differs from what was sent: %1. Upload it again; if it "
                                        "keeps happening try a lower baud rate or check flow control.")
                                .arg(what),
                            {}, -1});
        });
}

} // namespace

Result<void> checkCfsName(const QString &name)
{
    if (name.isEmpty() || name.size() > kCfsMaxName)
        return fail(ErrorCode::Usage, QObject::tr("The file name \"%1\" has %2 characters; the modem takes 1 to %3 "
                                                  "(protocol §9): choose a shorter name.")
                                          .arg(name).arg(name.size()).arg(kCfsMaxName));
    for (const QChar ch : name) {
        if (ch.unicode() < 0x20 || ch.unicode() >= 0x7f || ch == u'/' || ch == u'"' || ch == u',')
            return fail(ErrorCode::Usage, QObject::tr("The file name \"%1\" contains '%2': use letters, digits, "
                                                      "'.', '-' and '_'.").arg(name, QString(ch)));
    }
    return {};
}

int cfsInputTimeMs(qsizetype bytes, int baud)
{
    const qint64 lineMs = baud > 0 ? qint64(bytes) * 10 * 1000 / baud : kCfsMaxInputTimeMs;
    return int(std::clamp<qint64>(lineMs + kCfsInputMarginMs, kCfsMinInputTimeMs, kCfsMaxInputTimeMs));
}

qsizetype cfsChunkSize(int baud)
{
    const qint64 fits = qint64(kCfsMaxInputTimeMs - kCfsInputMarginMs) * qMax(baud, 1) / 10000;
    return qsizetype(std::clamp<qint64>(fits, 1, kCfsMaxWrite));
}

QList<FlowStep> uploadSteps(const std::shared_ptr<UploadContext> &context, const UploadRequest &request)
{
    if (auto ok = checkCfsName(request.name); !ok)
        return {failingAction(ok.error())};
    if (request.bytes.isEmpty())
        return {failingAction({ErrorCode::Usage, QObject::tr("%1 is empty: nothing to upload.").arg(request.name), {}, -1})};
    const std::shared_ptr<UploadContext> c = context;
    const QString termId = QStringLiteral("upload:%1:cfsterm").arg(request.name);
    QList<FlowStep> steps = initSteps(context, QStringLiteral("upload:%1:").arg(request.name));
    const qsizetype chunk = cfsChunkSize(request.baud);
    for (qsizetype offset = 0; offset < request.bytes.size(); offset += chunk)
        steps << writeStep(c, request, termId, offset, qMin(chunk, request.bytes.size() - offset));
    steps << sizeStep(c, request, termId);
    if (request.secret) {
        c->warnings << QObject::tr("%1 is a private key: it is not read back, so its bytes never appear in the "
                                   "traffic log; its size was checked and convert checks it against the certificate.")
                           .arg(request.name);
    } else {
        for (qsizetype offset = 0; offset < request.bytes.size(); offset += kCfsMaxWrite)
            steps << readStep(c, request, termId, offset, qMin(kCfsMaxWrite, request.bytes.size() - offset));
    }
    steps << termStep(context, termId);
    return steps;
}

int uploadDeadlineMs(const UploadRequest &request)
{
    const qsizetype chunk = cfsChunkSize(request.baud);
    const qsizetype writes = (request.bytes.size() + chunk - 1) / chunk;
    const qsizetype reads = (request.bytes.size() + kCfsMaxWrite - 1) / kCfsMaxWrite;
    return int(writes * (kCfsMaxInputTimeMs + kWriteOkMarginMs) + reads * kReadTimeoutMs
               + 5 * kCfsCommandTimeoutMs + 5000);
}

QList<FlowStep> cfsTermSteps()
{
    return {commandStep(QStringLiteral("cfsterm"), QObject::tr("Closing the modem's file system"),
                        [] { return cfsRequest("AT+CFSTERM"); },
                        [](const Result<AtResponse> &) { return FlowVerdict::next(); })};
}

QList<FlowStep> convertCaSteps(const QString &name)
{
    if (auto ok = checkCfsName(name); !ok)
        return {failingAction(ok.error())};
    const QByteArray command = "AT+CSSLCFG=\"convert\",2," + quoted(name);
    return {commandStep(QStringLiteral("convert:%1").arg(name), QObject::tr("Converting %1 (root of trust)").arg(name),
                        [command] { return cfsRequest(command, kConvertTimeoutMs); },
                        [command](const Result<AtResponse> &r) {
                            return r ? FlowVerdict::next()
                                     : FlowVerdict::failedStep(r.error(), QString::fromLatin1(command),
                                                               QObject::tr("Check that the file was uploaded to "
                                                                           "/customer/ and is a PEM or DER certificate."));
                        })};
}

QList<FlowStep> convertClientSteps(const std::shared_ptr<UploadContext> &context, const QString &certName,
                                   const QString &keyName, bool deleteKeyAfter)
{
    for (const QString &name : {certName, keyName}) {
        if (auto ok = checkCfsName(name); !ok)
            return {failingAction(ok.error())};
    }
    const QByteArray command = "AT+CSSLCFG=\"convert\",1," + quoted(certName) + ',' + quoted(keyName);
    QList<FlowStep> steps{commandStep(
        QStringLiteral("convert:%1").arg(certName), QObject::tr("Converting %1 with its key").arg(certName),
        [command] { return cfsRequest(command, kConvertTimeoutMs); },
        [command](const Result<AtResponse> &r) {
            return r ? FlowVerdict::next()
                     : FlowVerdict::failedStep(r.error(), QString::fromLatin1(command),
                                               QObject::tr("Check that both files were uploaded to /customer/ and "
                                                           "that the key belongs to the certificate."));
        })};
    if (!deleteKeyAfter)
        return steps;
    const std::shared_ptr<UploadContext> c = context;
    const QString termId = QStringLiteral("delete:%1:cfsterm").arg(keyName);
    steps << initSteps(context, QStringLiteral("delete:%1:").arg(keyName));
    const QByteArray del = "AT+CFSDFILE=" + QByteArray::number(kCfsCertDirectory) + ',' + quoted(keyName);
    steps << commandStep(QStringLiteral("delete:%1").arg(keyName), QObject::tr("Deleting the key file %1").arg(keyName),
                         [del] { return cfsRequest(del); },
                         [c, termId, del](const Result<AtResponse> &r) {
                             return r ? FlowVerdict::next() : abortStep(*c, termId, r.error(), QString::fromLatin1(del));
                         });
    steps << termStep(context, termId);
    return steps;
}

namespace Internal {

QList<FlowStep> cfsInitSteps(const std::shared_ptr<UploadContext> &context, const QString &prefix)
{
    return initSteps(context, prefix);
}

FlowStep cfsTermStep(const std::shared_ptr<UploadContext> &context, const QString &id)
{
    return termStep(context, id);
}

FlowStep cfsSizeStep(const std::shared_ptr<UploadContext> &context, const UploadRequest &request, const QString &termId)
{
    return sizeStep(context, request, termId);
}

FlowStep cfsReadStep(const std::shared_ptr<UploadContext> &context, const UploadRequest &request, const QString &termId,
                     qsizetype offset, qsizetype size)
{
    return readStep(context, request, termId, offset, size);
}

FlowStep cfsCommandStep(const std::shared_ptr<UploadContext> &context, const QString &id, const QString &label,
                        const QByteArray &command, const QString &termId)
{
    const std::shared_ptr<UploadContext> c = context;
    return commandStep(id, label, [command] { return cfsRequest(command); },
                       [c, termId, command](const Result<AtResponse> &r) {
                           return r ? FlowVerdict::next() : abortStep(*c, termId, r.error(), QString::fromLatin1(command));
                       });
}

FlowStep cfsFailingStep(const Error &error)
{
    return failingAction(error);
}

} // namespace Internal

Result<void> checkBeforeUpload(const QByteArray &certificatePem, const QByteArray &privateKeyPem, QStringList *warnings)
{
    QStringList errors;
    for (const Pki::ModemCheck &check : Pki::checkForModem(certificatePem, Pki::SecretBytes(privateKeyPem))) {
        if (check.severity == Pki::ModemCheck::Severity::Error)
            errors << check.message;
        else if (warnings)
            *warnings << check.message;
    }
    if (errors.isEmpty())
        return {};
    return fail(ErrorCode::Usage, QObject::tr("Not uploaded: %1").arg(errors.join(QStringLiteral("; "))));
}

} // namespace ModemBench
