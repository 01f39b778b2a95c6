#include "core/provision/unitrun.h"

#include "core/flows/certinstall.h"
#include "core/flows/tlsflows.h"
#include "core/modem/modemsession.h"
#include "core/pki/certificateauthority.h"
#include "core/provision/profile.h"

#include <QDir>
#include <QRegularExpression>

namespace ModemBench {

namespace {

// Bounds per phase that no healthy unit reaches; the unit deadline (profile "unit_timeout_s")
// bounds the whole run as well.
constexpr int kBringUpDeadlineMs = 120000;
constexpr int kIdentityDeadlineMs = 30000;
constexpr int kShortPhaseDeadlineMs = 60000;

QString stoppedMessage()
{
    return QObject::tr("Stopped by the operator");
}

} // namespace

UnitRun::UnitRun(const UnitEnvironment *environment, QString port, QString location, QString tag, QObject *parent)
    : QObject(parent)
    , m_env(environment)
    , m_port(std::move(port))
    , m_tag(std::move(tag))
{
    m_record.port = m_port;
    m_record.portLocation = std::move(location);
}

UnitRun::~UnitRun()
{
    if (m_runner)
        m_runner->disconnect(this);
    if (m_session)
        m_session->disconnect(this);
}

void UnitRun::start()
{
    if (m_started)
        return;
    m_started = true;
    const ProvisionProfile &profile = *m_env->profile;
    m_startedMs = m_env->clock->nowMs();
    m_record.startedAt = QDateTime::currentDateTimeUtc();
    m_record.station = m_env->options.stationName;
    m_record.operatorName = m_env->options.operatorName;
    m_record.profileName = profile.name;
    m_record.profileHash = profile.hash;
    m_network = std::make_shared<NetworkContext>();
    m_identity = std::make_shared<UnitIdentity>();
    m_script = std::make_shared<ScriptContext>();
    m_script->clock = m_env->clock;
    m_signal = std::make_shared<std::optional<int>>();
    m_networkOptions = unitNetworkOptions(profile);

    m_deadline = m_env->clock->createTimer();
    m_deadline->start(qMax(1000, profile.unitTimeoutMs), [this] { onDeadline(); });

    m_session = std::make_unique<ModemSession>(m_env->catalog, m_env->clock);
    if (!m_env->options.trafficLogDirectory.isEmpty()) {
        const QString path = trafficLogPath();
        QDir().mkpath(QFileInfo(path).absolutePath());
        // A log that cannot be written costs the evidence, not the unit: the record says so.
        if (auto logging = m_session->startTrafficLog(path); logging)
            m_record.trafficLogPath = path;
        else
            m_note = logging.error().message;
    }
    connect(m_session.get(), &ModemSession::ready, this, &UnitRun::onReady);
    connect(m_session.get(), &ModemSession::openFailed, this, [this](const Error &error) { failUnit(error); });
    connect(m_session.get(), &ModemSession::closed, this, [this](const Error &reason) {
        // A running flow ends itself with PortClosed; between flows nothing else would notice.
        if (!m_ended && !m_runner)
            failUnit(reason);
    });
    m_phase = Phase::Opening;
    reportProgress(0, tr("Opening %1").arg(m_tag));
    m_session->open(m_port);
}

void UnitRun::stop()
{
    if (!m_started || m_ended)
        return;
    m_cancelReason = Error{ErrorCode::Cancelled, stoppedMessage(), {}, -1};
    m_cancelState = PortState::Stopped;
    if (m_runner)
        m_runner->cancel(); // finishes synchronously; onPhaseFinished ends the unit
    else
        end(UnitResult::Fail, stoppedMessage(), PortState::Stopped, stoppedMessage());
}

void UnitRun::onDeadline()
{
    if (m_ended)
        return;
    const QString message = tr("The unit did not finish within %1 s (profile \"unit_timeout_s\"): check the "
                               "modem and its traffic log, then run it again")
                                .arg(m_env->profile->unitTimeoutMs / 1000);
    m_cancelReason = Error{ErrorCode::Timeout, message, {}, -1};
    m_cancelState = PortState::Failed;
    if (m_runner)
        m_runner->cancel();
    else
        failUnit(*m_cancelReason);
}

QString UnitRun::trafficLogPath() const
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9._-]+"));
    QString station = m_env->options.stationName;
    QString tag = m_tag;
    station.replace(unsafe, QStringLiteral("_"));
    tag.replace(unsafe, QStringLiteral("_"));
    const QString when = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmsszzz'Z'"));
    return QDir(m_env->options.trafficLogDirectory)
        .filePath(QStringLiteral("%1-%2-%3.log").arg(station.left(40), tag.left(60), when));
}

void UnitRun::onReady()
{
    if (m_ended || m_phase != Phase::Opening)
        return;
    runPhase(Phase::BringUp);
}

UnitRun::Phase UnitRun::nextPhase(Phase phase)
{
    return phase == Phase::Done ? Phase::Done : Phase(int(phase) + 1);
}

void UnitRun::runPhase(Phase phase)
{
    // Phases with nothing to do for this profile (or in verify-only mode) are skipped.
    for (; phase != Phase::Done; phase = nextPhase(phase)) {
        if (m_ended)
            return;
        m_phase = phase;
        Result<PhasePlan> plan = planFor(phase);
        if (!plan) {
            failUnit(plan.error());
            return;
        }
        if (plan->steps.isEmpty())
            continue;
        if (!m_session->channel()) {
            failUnit({ErrorCode::PortClosed, tr("The port %1 closed before \"%2\"").arg(m_tag, plan->name), {}, -1});
            return;
        }
        m_phaseTotal = int(plan->steps.size());
        m_phaseStartedMs = m_env->clock->nowMs();
        auto *runner = new FlowRunner(m_session->channel(), m_env->clock, plan->steps, plan->name,
                                      plan->deadlineMs, {}, this);
        m_runner = runner;
        connect(runner, &FlowRunner::progressed, this, [this](int done, int total, const QString &label) {
            m_phaseTotal = total;
            reportProgress(done, label);
        });
        connect(runner, &FlowRunner::finished, this,
                [this, runner, phase, name = plan->name, total = plan->steps.size()](const Result<void> &result) {
                    m_runner = nullptr;
                    runner->deleteLater();
                    m_doneBefore += int(total);
                    PhasePlan finishedPlan;
                    finishedPlan.name = name;
                    onPhaseFinished(phase, finishedPlan, result);
                });
        runner->start();
        return;
    }
    // Every phase passed: commit the record, and only then is the unit shown as passed.
    const QString message = m_verifyOnly || m_note.isEmpty() ? (m_verifyOnly ? m_note : tr("passed"))
                                                             : tr("passed (%1)").arg(m_note);
    end(UnitResult::Pass, {}, PortState::Passed, message);
}

Result<UnitRun::PhasePlan> UnitRun::planFor(Phase phase)
{
    const ProvisionProfile &profile = *m_env->profile;
    switch (phase) {
    case Phase::Opening:
    case Phase::Done:
        return PhasePlan{};
    case Phase::BringUp:
        return PhasePlan{tr("Bring-up"),
                         unitBringUpSteps(m_network, m_identity, m_networkOptions, m_session->transport()),
                         kBringUpDeadlineMs};
    case Phase::Identity:
        return PhasePlan{tr("Identity"), simIdentitySteps(m_identity), kIdentityDeadlineMs};
    case Phase::Configure:
        if (m_verifyOnly)
            return PhasePlan{};
        return PhasePlan{tr("Configure"), configureSteps(m_network, m_networkOptions), kShortPhaseDeadlineMs};
    case Phase::Custom:
        if (m_verifyOnly || profile.steps.isEmpty())
            return PhasePlan{};
        return PhasePlan{tr("Custom steps"), scriptSteps(profile.steps, m_script), scriptDeadlineMs(profile.steps)};
    case Phase::Certificates:
        if (m_verifyOnly)
            return PhasePlan{};
        return certificatePlan();
    case Phase::Network:
        if (!profile.needsDataConnection())
            return PhasePlan{};
        return PhasePlan{tr("Network"),
                         registrationUrcSteps(m_network) + registrationSteps(m_network, m_networkOptions, m_env->clock)
                             + apnSteps(m_network, m_networkOptions)
                             + activationSteps(m_network, m_networkOptions),
                         connectDeadlineMs(m_networkOptions)};
    case Phase::Verify:
        return PhasePlan{tr("Verify"), verifySteps(), verifyDeadlineMs()};
    case Phase::RadioOff:
        if (!profile.radioOff)
            return PhasePlan{};
        return PhasePlan{tr("Radio off"), radioOffSteps(), kShortPhaseDeadlineMs};
    }
    return PhasePlan{};
}

void UnitRun::onPhaseFinished(Phase phase, const PhasePlan &plan, const Result<void> &result)
{
    if (m_ended)
        return;
    StepRecord step;
    step.name = plan.name;
    step.passed = result.has_value();
    step.durationMs = m_env->clock->nowMs() - m_phaseStartedMs;
    if (!result)
        step.detail = (m_cancelReason ? *m_cancelReason : result.error()).message;
    else
        step.detail = phaseDetail(phase);
    m_record.steps.append(step);
    if (phase == Phase::Custom)
        appendScriptResults();

    if (m_cancelReason) {
        const Error reason = *m_cancelReason;
        end(UnitResult::Fail, reason.message, m_cancelState, reason.message);
        return;
    }
    if (!result) {
        failUnit(result.error());
        return;
    }
    if (phase == Phase::Certificates)
        recordInstalledFiles();
    if (phase == Phase::Identity) {
        if (Result<void> checked = checkUnit(); !checked) {
            failUnit(checked.error());
            return;
        }
    }
    runPhase(nextPhase(phase));
}

// The modem cannot list its files (protocol §9), so what the station put on it goes into the same
// inventory as the CLI's and the wizard's installs. Not being able to is noted, not a failure.
void UnitRun::recordInstalledFiles()
{
    std::optional<PreparedInstall> plan = std::exchange(m_installPlan, std::nullopt);
    if (!plan || !m_env->inventory)
        return;
    if (auto recorded = recordInstall(*m_env->inventory, m_record.imei, *plan, QDateTime::currentDateTimeUtc()); !recorded)
        m_note = tr("the file inventory was not updated: %1").arg(recorded.error().message);
}

void UnitRun::failUnit(const Error &error)
{
    if (m_ended)
        return;
    if (m_cancelReason) {
        end(UnitResult::Fail, m_cancelReason->message, m_cancelState, m_cancelReason->message);
        return;
    }
    end(UnitResult::Fail, error.message, PortState::Failed, error.message);
}

void UnitRun::end(UnitResult result, const QString &error, PortState state, const QString &message)
{
    if (m_ended)
        return;
    m_ended = true;
    m_deadline->stop();
    if (m_runner) {
        FlowRunner *runner = m_runner;
        m_runner = nullptr;
        runner->disconnect(this);
        runner->cancel();
        runner->deleteLater();
    }
    fillIdentity();
    m_record.signalDbm = *m_signal;
    m_record.verifiedOnly = m_verifyOnly && result == UnitResult::Pass;
    m_record.result = result;
    m_record.error = error;
    m_record.finishedAt = QDateTime::currentDateTimeUtc();

    PortState finalState = state;
    QString finalMessage = message;
    // A unit that failed before its row was begun (no SIM, duplicate, port missing) still gets one.
    if (m_record.id == 0) {
        ProvisionRecord running = m_record;
        running.result = UnitResult::Running;
        running.finishedAt = {};
        if (Result<qint64> id = m_env->store->begin(running); id)
            m_record.id = *id;
        else
            finalMessage = tr("%1; and it could not be recorded: %2").arg(message, id.error().message);
    }
    if (m_record.id != 0) {
        if (Result<void> written = m_env->store->finish(m_record); !written) {
            finalState = PortState::Failed;
            finalMessage = tr("Could not record the unit, so it is not passed: %1").arg(written.error().message);
            if (result == UnitResult::Pass) {
                // Leave the row saying fail rather than running, if the store takes that.
                m_record.result = UnitResult::Fail;
                m_record.error = finalMessage;
                (void)m_env->store->finish(m_record);
            }
        }
    } else {
        finalState = PortState::Failed;
    }
    // Closing ends modemsim for sim: ports; the tile keeps what it showed.
    m_session->disconnect(this);
    m_session->close();
    const int total = m_doneBefore;
    Q_EMIT progressed(total, total, portStateName(finalState));
    Q_EMIT finished(m_record, finalState, finalMessage);
}

// Later phases are counted as one step each until they are planned, so the bar never runs back.
void UnitRun::reportProgress(int doneInPhase, const QString &label)
{
    const int later = int(Phase::Done) - int(m_phase) - 1;
    Q_EMIT progressed(m_doneBefore + doneInPhase, m_doneBefore + qMax(m_phaseTotal, doneInPhase) + later, label);
}

} // namespace ModemBench
