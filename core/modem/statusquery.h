#pragma once

#include "core/flows/commandsequence.h"
#include "core/modem/modemstatus.h"

#include <QObject>

namespace ModemBench {

// Reads identity, SIM, registration, operator and signal in one pass. A command the modem refuses
// leaves its fields empty and adds a line to ModemStatus::problems; only a lost port or a cancel
// ends the query early.
class StatusQuery : public QObject
{
    Q_OBJECT
public:
    StatusQuery(AtChannel *channel, const QString &portName, QObject *parent = nullptr);

    void start(Priority priority = Priority::Normal);
    void cancel();
    const ModemStatus &status() const { return m_status; }
    const Result<ModemStatus> &result() const { return m_result; }

Q_SIGNALS:
    void progressed(int done, int total, const QString &label);
    // result() then holds the status (possibly with problems), or the error that ended the query
    // early (the port went away, or cancel()).
    void finished();

private:
    QList<CommandSequence::Step> buildSteps(Priority priority);
    template<class T, class Parse, class Store>
    CommandSequence::Step step(const char *command, const QString &label, Priority priority, Parse parse,
                               Store store);
    Result<void> note(const char *command, const Error &error);

    AtChannel *m_channel;
    ModemStatus m_status;
    Result<ModemStatus> m_result = fail(ErrorCode::Cancelled, QStringLiteral("Not run"));
    std::optional<Registration> m_eps;
    std::optional<Registration> m_ps;
    std::optional<Registration> m_cs;
    CommandSequence *m_sequence = nullptr;
};

} // namespace ModemBench
