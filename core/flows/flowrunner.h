#pragma once

#include "core/at/atchannel.h"
#include "core/clock.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

namespace ModemBench {

// What a step decides after its command (or its URC, or its action): go on, poll again, wait for
// a URC, jump to another step, end the flow early with success, or fail.
struct FlowVerdict {
    enum class Action { Next, Retry, Wait, Jump, Finish, Fail };
    Action action = Action::Next;
    int delayMs = 0;       // Next/Retry/Jump: pause first; Wait: how long the URC may take
    QString target;        // Jump: step id
    Error error;           // Fail; Wait: the error when the URC does not come in time

    static FlowVerdict next(int delayMs = 0) { return {Action::Next, delayMs, {}, {}}; }
    static FlowVerdict retry(int delayMs) { return {Action::Retry, delayMs, {}, {}}; }
    static FlowVerdict wait(int timeoutMs, Error onTimeout) { return {Action::Wait, timeoutMs, {}, std::move(onTimeout)}; }
    static FlowVerdict jump(QString target, int delayMs = 0) { return {Action::Jump, delayMs, std::move(target), {}}; }
    static FlowVerdict finish() { return {Action::Finish, 0, {}, {}}; }
    static FlowVerdict failed(Error error) { return {Action::Fail, 0, {}, std::move(error)}; }
    // The command failed: keep the channel's code and raw bytes, say which step and what to try.
    static FlowVerdict failedStep(const Error &error, const QString &what, const QString &hint = {});
};

// One row of a flow's table (style.md "Flows"). A step either sends a command (`request`) and
// judges its reply (`handle`), or runs `action` without touching the modem. `urc` is consulted for
// every URC while the step is current; a verdict it returns ends the step's pause or URC wait (or,
// while the command is in flight, is kept until the command ends and a Wait is asked for).
struct FlowStep {
    QString id;
    QString label;                                           // progress text, e.g. "Waiting for registration"
    std::function<bool()> when;                              // empty or true: run; false: skip
    std::function<AtRequest()> request;
    std::function<FlowVerdict(const Result<AtResponse> &)> handle;
    std::function<FlowVerdict()> action;
    std::function<std::optional<FlowVerdict>(const QByteArray &)> urc;
    // A boot banner is expected here (waking a modem that is still powering up, protocol §2.1),
    // so it does not end the flow.
    bool restartExpected = false;
    // A boot banner here means the modem lost what the earlier steps told it, so the flow goes
    // back to this step id (a modem powered on just before we opened the port prints RDY late,
    // in the middle of bring-up). Bounded by FlowRunner::kMaxRestarts; empty: the flow fails.
    QString restartFrom;
};

// Runs a step table on one channel: one command at a time, progress per step, cancel() at any
// time, an overall deadline so no flow can hang, and a modem reboot (RDY) or a closed port ends the
// flow with ModemReset / PortClosed instead of letting it go on against a modem that forgot its
// state. finished() is emitted exactly once.
class FlowRunner : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Sending, Pausing, WaitingForUrc, Finished };
    Q_ENUM(State)
    // A modem that reboots more often than this is not healthy: report it instead of looping.
    static constexpr int kMaxRestarts = 2;
    // §2.1: a SIMCom module needs a moment after RDY before it takes commands reliably.
    static constexpr int kSettleAfterRestartMs = 1000;

    // `name` is used in messages ("Connecting"); `deadlineHint` is appended to the deadline error.
    FlowRunner(AtChannel *channel, Clock *clock, QList<FlowStep> steps, QString name, int deadlineMs,
               QString deadlineHint = {}, QObject *parent = nullptr);
    ~FlowRunner() override;

    void start();
    void cancel();
    State state() const { return m_state; }
    QString currentLabel() const;

Q_SIGNALS:
    void progressed(int done, int total, const QString &label);
    void finished(const ModemBench::Result<void> &result);

private:
    void runStep(bool jumped = false);
    void onResponse(const Result<AtResponse> &response);
    void onUrc(const QByteArray &line);
    void onModemRestarted();
    bool restartAfterReboot();
    Error rebootError() const;
    void apply(const FlowVerdict &verdict);
    void pauseThen(int delayMs, std::function<void()> then);
    void advance(int delayMs);
    void stopPause();
    void finish(Result<void> result);
    int indexOf(const QString &id) const;

    AtChannel *m_channel;
    Clock *m_clock;
    QList<FlowStep> m_steps;
    QString m_name;
    int m_deadlineMs;
    QString m_deadlineHint;
    State m_state = State::Idle;
    int m_index = 0;
    int m_jumpTarget = -1;
    int m_restarts = 0;
    bool m_restartPending = false; // between going back after RDY and running the target step
    quint64 m_inFlight = 0;
    quint64 m_pauseGeneration = 0;
    std::optional<FlowVerdict> m_earlyUrcVerdict;
    std::unique_ptr<ClockTimer> m_deadline;
    std::unique_ptr<ClockTimer> m_pause;
    QList<QMetaObject::Connection> m_connections;
};

} // namespace ModemBench
