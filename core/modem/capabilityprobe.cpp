#include "core/modem/capabilityprobe.h"

#include "core/parsers/identity.h"

namespace ModemBench {

namespace {

bool isFatal(const Error &error)
{
    return error.code == ErrorCode::PortClosed || error.code == ErrorCode::Cancelled
           || error.code == ErrorCode::ModemReset;
}

// A read that may fail on its own (older firmware lacks a command): only a lost port ends the probe.
FlowStep readStep(const char *id, const char *command, const QString &label,
                  std::function<void(const QList<QByteArray> &)> store)
{
    FlowStep step;
    step.id = QString::fromLatin1(id);
    step.label = label;
    step.request = [command] { return AtRequest::make(command); };
    step.handle = [store = std::move(store), label](const Result<AtResponse> &response) {
        if (!response)
            return isFatal(response.error()) ? FlowVerdict::failedStep(response.error(), label) : FlowVerdict::next();
        store(response->lines);
        return FlowVerdict::next();
    };
    return step;
}

FlowVerdict decide(ProbeFindings &f)
{
    const ModelFamily family = detectFamily(f.cgmm, f.ati, f.revision);
    QString firmware = f.atiRevision;
    if (family == ModelFamily::Sim800)
        firmware = sim800Release(f.atiRevision, f.revision);
    else if (firmware.isEmpty())
        firmware = decomposeRevision(f.revision).build;
    auto profile = makeProfile(family, f.cgmm.isEmpty() ? f.ati : f.cgmm, firmware, f.revision, f.cipssl);
    if (!profile)
        return FlowVerdict::failed(profile.error());
    f.profile = *profile;
    return FlowVerdict::next();
}

} // namespace

QList<FlowStep> capabilityProbeSteps(const std::shared_ptr<ProbeFindings> &findings)
{
    ProbeFindings *f = findings.get();
    QList<FlowStep> steps;
    steps << readStep("cgmm", "AT+CGMM", QObject::tr("Reading the model"), [f](const QList<QByteArray> &lines) {
        if (auto model = parseModel(lines))
            f->cgmm = *model;
    });
    steps << readStep("ati", "ATI", QObject::tr("Reading the product line (ATI)"), [f](const QList<QByteArray> &lines) {
        if (auto ati = parseAti(lines)) {
            f->ati = ati->raw;
            f->atiRevision = ati->revision;
        }
    });
    steps << readStep("cgmr", "AT+CGMR", QObject::tr("Reading the firmware revision"), [f](const QList<QByteArray> &lines) {
        if (auto revision = parseRevision(lines))
            f->revision = revision->full;
    });
    FlowStep cipssl;
    cipssl.id = QStringLiteral("cipssl");
    cipssl.label = QObject::tr("Checking SSL support (AT+CIPSSL=?)");
    cipssl.when = [f] { return detectFamily(f->cgmm, f->ati, f->revision) == ModelFamily::Sim800; };
    cipssl.request = [] { return AtRequest::make("AT+CIPSSL=?"); };
    cipssl.handle = [f, label = cipssl.label](const Result<AtResponse> &response) {
        if (!response && isFatal(response.error()))
            return FlowVerdict::failedStep(response.error(), label);
        // R13.08 answers plain ERROR (§11.1); R14.18 "+CIPSSL: (0-1)".
        f->cipssl = response.has_value();
        return FlowVerdict::next();
    };
    steps << cipssl;
    FlowStep decideStep;
    decideStep.id = QStringLiteral("profile");
    decideStep.label = QObject::tr("Choosing the model profile");
    decideStep.action = [f] { return decide(*f); };
    steps << decideStep;
    // A banner in the middle (a modem powered on just before we asked) voids what was read so far.
    for (FlowStep &step : steps)
        step.restartFrom = QStringLiteral("cgmm");
    return steps;
}

CapabilityProbe::CapabilityProbe(AtChannel *channel, Clock *clock, QObject *parent)
    : QObject(parent)
    , m_channel(channel)
    , m_clock(clock)
{
}

void CapabilityProbe::start()
{
    auto findings = std::make_shared<ProbeFindings>();
    delete m_runner;
    m_runner = new FlowRunner(m_channel, m_clock, capabilityProbeSteps(findings), tr("Model detection"), 30000,
                              tr("Check that the modem answers AT on this port."), this);
    connect(m_runner, &FlowRunner::progressed, this, &CapabilityProbe::progressed);
    connect(m_runner, &FlowRunner::finished, this, [this, findings](const Result<void> &result) {
        if (result && findings->profile)
            m_result = *findings->profile;
        else
            m_result = std::unexpected(result ? Error{ErrorCode::Unsupported, tr("No profile"), {}, -1} : result.error());
        Q_EMIT finished(m_result);
    });
    m_runner->start();
}

void CapabilityProbe::cancel()
{
    if (m_runner)
        m_runner->cancel();
}

} // namespace ModemBench
