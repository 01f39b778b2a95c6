// Deleting and verifying a file on the modem (protocol §9) with the upload table's pieces:
// AT+CFSTERM always closes what AT+CFSINIT opened (uploadflows.h).

#include "core/flows/tlsflows.h"
#include "core/flows/uploadflows.h"

namespace ModemBench {

using namespace Internal;

namespace {

// The tables own their context: every step keeps it alive.
QList<FlowStep> owning(QList<FlowStep> steps, const std::shared_ptr<UploadContext> &context)
{
    for (FlowStep &step : steps) {
        if (step.handle)
            step.handle = [context, handle = step.handle](const Result<AtResponse> &r) { return handle(r); };
        if (step.action)
            step.action = [context, action = step.action] { return action(); };
    }
    return steps;
}

} // namespace

QList<FlowStep> deleteFileSteps(const QString &name, int directory)
{
    if (auto ok = checkCfsName(name); !ok)
        return {cfsFailingStep(ok.error())};
    auto context = std::make_shared<UploadContext>();
    const QString prefix = QStringLiteral("delete:%1:").arg(name);
    const QString termId = prefix + QStringLiteral("cfsterm");
    const QByteArray command = "AT+CFSDFILE=" + QByteArray::number(directory) + ",\"" + name.toLatin1() + '"';
    QList<FlowStep> steps = cfsInitSteps(context, prefix);
    steps << cfsCommandStep(context, prefix + QStringLiteral("delete"), QObject::tr("Deleting %1").arg(name), command,
                            termId);
    steps << cfsTermStep(context, termId);
    return owning(steps, context);
}

QList<FlowStep> verifyFileSteps(const QString &name, const QByteArray &expected, bool secret, int directory)
{
    if (auto ok = checkCfsName(name); !ok)
        return {cfsFailingStep(ok.error())};
    if (expected.isEmpty())
        return {cfsFailingStep({ErrorCode::Usage, QObject::tr("Nothing to compare %1 with.").arg(name), {}, -1})};
    auto context = std::make_shared<UploadContext>();
    UploadRequest request;
    request.directory = directory;
    request.name = name;
    request.bytes = expected;
    request.secret = secret;
    const QString prefix = QStringLiteral("verify:%1:").arg(name);
    const QString termId = prefix + QStringLiteral("cfsterm");
    QList<FlowStep> steps = cfsInitSteps(context, prefix);
    steps << cfsSizeStep(context, request, termId);
    // A key is checked by size only: its bytes must never reach the traffic log.
    if (!secret) {
        for (qsizetype offset = 0; offset < expected.size(); offset += kCfsMaxWrite)
            steps << cfsReadStep(context, request, termId, offset, qMin(kCfsMaxWrite, expected.size() - offset));
    }
    steps << cfsTermStep(context, termId);
    return owning(steps, context);
}

} // namespace ModemBench
