#pragma once

// One unit on one port (issue #7 item 2): the per-port state machine of a Station. It opens the
// port, runs the phases one after another on one FlowRunner each, and always ends with exactly one
// record in the store, whatever happened (no SIM, duplicate, reboot, unplugged, stopped, deadline).
// Internal to core/provision: front ends see StationPort tiles.

#include "core/flows/networkflows.h"
#include "core/flows/certinstall.h"
#include "core/flows/tlsflows.h"
#include "core/provision/station.h"
#include "core/provision/unitsteps.h"

#include <QPointer>

#include <functional>
#include <memory>

namespace ModemBench {

class CommandCatalog;
class FlowRunner;
class ModemSession;
struct ScriptContext;

namespace Pki {
class CertificateAuthority;
}

// What every unit of a station shares; owned by the Station, outlives its units.
struct UnitEnvironment {
    std::shared_ptr<const ProvisionProfile> profile;
    RecordStore *store = nullptr;
    StationOptions options;
    Clock *clock = nullptr;
    const CommandCatalog *catalog = nullptr;
    Pki::CertificateAuthority *ca = nullptr;   // set when the profile issues device certificates
    QByteArray caPem;                          // the CA certificate to install; empty: none
    // Where installs are recorded for `files`, the TLS doctor and the wizard (may be null: then the
    // station goes on without, it only loses that convenience).
    FileInventory *inventory = nullptr;
    // Claims an IMEI and ICCID for this station's current run: empty when free, else the message
    // naming the other tile that has one of them.
    std::function<QString(const void *unit, const QString &imei, const QString &iccid)> claimIdentity;
};

class UnitRun : public QObject
{
    Q_OBJECT
public:
    // `tag` names the unit in its traffic log file ("sim7000g #3", "ttyUSB2").
    UnitRun(const UnitEnvironment *environment, QString port, QString location, QString tag,
            QObject *parent = nullptr);
    ~UnitRun() override;

    void start();
    // Ends the run as Stopped; the record says "Stopped by the operator".
    void stop();
    bool isRunning() const { return m_started && !m_ended; }
    const ProvisionRecord &record() const { return m_record; }

Q_SIGNALS:
    void identified(const QString &imei, const QString &iccid);
    void progressed(int done, int total, const QString &label);
    // Emitted once, after the record was committed (or could not be: then state is Failed and
    // message says why).
    void finished(const ModemBench::ProvisionRecord &record, ModemBench::PortState state, const QString &message);

private:
    enum class Phase { Opening, BringUp, Identity, Configure, Custom, Certificates, Network, Verify, RadioOff, Done };
    struct PhasePlan {
        QString name;
        QList<FlowStep> steps;
        int deadlineMs = 60000;
    };

    void onReady();
    void runPhase(Phase phase);
    Result<PhasePlan> planFor(Phase phase);
    void onPhaseFinished(Phase phase, const PhasePlan &plan, const Result<void> &result);
    Result<void> checkUnit();
    // unitcheck.cpp: what happens between the phases' flows.
    Result<PhasePlan> certificatePlan();
    void recordInstalledFiles();
    QList<FlowStep> verifySteps();
    int verifyDeadlineMs() const;
    QString phaseDetail(Phase phase) const;
    void appendScriptResults();
    void fillIdentity();
    Result<void> checkRecords();
    void failUnit(const Error &error);
    void end(UnitResult result, const QString &error, PortState state, const QString &message);
    void reportProgress(int doneInPhase, const QString &label);
    void onDeadline();
    QString trafficLogPath() const;
    static Phase nextPhase(Phase phase);

    const UnitEnvironment *m_env;
    QString m_port;
    QString m_tag;
    ProvisionRecord m_record;
    std::unique_ptr<ModemSession> m_session;
    QPointer<FlowRunner> m_runner;
    std::unique_ptr<ClockTimer> m_deadline;
    std::shared_ptr<NetworkContext> m_network;
    std::shared_ptr<UnitIdentity> m_identity;
    std::shared_ptr<ScriptContext> m_script;
    std::shared_ptr<std::optional<int>> m_signal;
    std::shared_ptr<TlsContext> m_tls;
    NetworkOptions m_networkOptions;
    Phase m_phase = Phase::Opening;
    qint64 m_startedMs = 0;
    qint64 m_phaseStartedMs = 0;
    int m_doneBefore = 0;       // steps of the finished phases
    int m_phaseTotal = 0;
    bool m_started = false;
    bool m_ended = false;
    bool m_verifyOnly = false;
    std::optional<Error> m_cancelReason; // stop() or the deadline, while a flow winds down
    PortState m_cancelState = PortState::Failed;
    std::optional<PreparedInstall> m_installPlan; // until its inventory rows are recorded
    QString m_note;             // "an earlier interrupted run … was redone", "verified …"
};

} // namespace ModemBench
