#pragma once

#include "core/clock.h"
#include "core/flows/flowrunner.h"
#include "core/modem/modemstatus.h"

#include <QObject>

#include <memory>

namespace ModemBench {

struct NetworkContext;

// Reads everything `status` shows in one pass on a FlowRunner: the model (capability probe, so
// the reads that follow speak the model's dialect: no AT+CEREG?/AT+CPSI? on a SIM800), identity,
// SIM, registration, operator, signal and the data connection. A command the modem refuses
// leaves its fields empty and adds a line to ModemStatus::problems; only a lost port, a reboot
// loop, the deadline or a cancel end the query early.
class StatusQuery : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDeadlineMs = 120000; // background reads may queue behind the console

    // clock may be null for wall time; channel and clock must outlive the query.
    StatusQuery(AtChannel *channel, const QString &portName, QObject *parent = nullptr, Clock *clock = nullptr);
    ~StatusQuery() override;

    void start(Priority priority = Priority::Normal);
    void cancel();
    bool isRunning() const;
    // What was read so far (also after a failure).
    const ModemStatus &status() const { return m_status; }
    const Result<ModemStatus> &result() const { return m_result; }

Q_SIGNALS:
    void progressed(int done, int total, const QString &label);
    // result() then holds the status (possibly with problems), or the error that ended the query
    // early (the port went away, or cancel()).
    void finished();

private:
    QList<FlowStep> buildSteps(Priority priority);
    QList<FlowStep> identitySteps();
    QList<FlowStep> networkSteps();
    void tolerate(FlowStep &step, Priority priority);
    void onFinished(const Result<void> &result);

    AtChannel *m_channel;
    Clock *m_clock;
    ModemStatus m_status;
    Result<ModemStatus> m_result = fail(ErrorCode::Cancelled, QStringLiteral("Not run"));
    std::shared_ptr<NetworkContext> m_network;
    std::optional<Registration> m_eps;
    std::optional<Registration> m_ps;
    std::optional<Registration> m_cs;
    FlowRunner *m_runner = nullptr;
};

} // namespace ModemBench
