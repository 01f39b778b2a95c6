#pragma once

#include "core/flows/flowrunner.h"
#include "core/modem/modelprofile.h"

#include <QObject>

#include <memory>

namespace ModemBench {

// What the probe read; filled in step by step.
struct ProbeFindings {
    QString cgmm;          // "SIMCOM_SIM800L"
    QString ati;           // "SIM800 R14.18"
    QString atiRevision;   // "R14.18"
    QString revision;      // "1418B05SIM800L24"
    std::optional<bool> cipssl; // SIM800 AT+CIPSSL=? answered +CIPSSL: (true) or ERROR (false)
    std::optional<ModelProfile> profile;
};

// Steps that read AT+CGMM, ATI and AT+CGMR (each may fail alone), decide the family, and on SIM800
// ask AT+CIPSSL=? because the firmware, not the model, decides TLS (protocol §11.1, §18). They
// fail with Unsupported when no family is recognised, or with the channel's error when the port
// goes away. The profile is left in findings->profile.
QList<FlowStep> capabilityProbeSteps(const std::shared_ptr<ProbeFindings> &findings);

// The probe as a stand-alone, cancellable operation (dashboard, `status`).
class CapabilityProbe : public QObject
{
    Q_OBJECT
public:
    CapabilityProbe(AtChannel *channel, Clock *clock, QObject *parent = nullptr);

    void start();
    void cancel();
    // Valid after finished(): the profile, or why there is none.
    const Result<ModelProfile> &result() const { return m_result; }

Q_SIGNALS:
    void progressed(int done, int total, const QString &label);
    void finished(const ModemBench::Result<ModemBench::ModelProfile> &result);

private:
    AtChannel *m_channel;
    Clock *m_clock;
    FlowRunner *m_runner = nullptr;
    Result<ModelProfile> m_result = fail(ErrorCode::Cancelled, QStringLiteral("Not run"));
};

} // namespace ModemBench
