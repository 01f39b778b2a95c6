#include "core/modem/statusquery.h"

#include "core/parsers/identity.h"

namespace ModemBench {

namespace {
// Errors that mean the port or the session is gone: continuing would only pile up the same error.
bool isFatal(const Error &error)
{
    return error.code == ErrorCode::PortClosed || error.code == ErrorCode::Cancelled;
}
} // namespace

StatusQuery::StatusQuery(AtChannel *channel, const QString &portName, QObject *parent)
    : QObject(parent)
    , m_channel(channel)
{
    m_status.port = portName;
}

Result<void> StatusQuery::note(const char *command, const Error &error)
{
    if (isFatal(error))
        return std::unexpected(error);
    m_status.problems << QStringLiteral("%1: %2").arg(QLatin1String(command), error.message);
    return {};
}

template<class T, class Parse, class Store>
CommandSequence::Step StatusQuery::step(const char *command, const QString &label, Priority priority, Parse parse,
                                        Store store)
{
    AtRequest request = AtRequest::make(QByteArray(command), priority);
    return {request,
            [this, command, parse, store](const Result<AtResponse> &response) -> Result<void> {
                if (!response)
                    return note(command, response.error());
                Result<T> parsed = parse(response->lines);
                if (!parsed)
                    return note(command, parsed.error());
                store(*parsed);
                return {};
            },
            label};
}

QList<CommandSequence::Step> StatusQuery::buildSteps(Priority p)
{
    ModemIdentity &id = m_status.identity;
    QList<CommandSequence::Step> steps{
        step<QString>("AT+CGMI", tr("Reading the manufacturer"), p, parseManufacturer, [&id](const QString &v) { id.manufacturer = v; }),
        step<QString>("AT+CGMM", tr("Reading the model"), p, parseModel, [&id](const QString &v) { id.model = v; }),
        step<RevisionInfo>("AT+CGMR", tr("Reading the firmware revision"), p, parseRevision,
                           [&id](const RevisionInfo &v) { id.revision = v.full; }),
        step<QString>("AT+CGSN", tr("Reading the IMEI"), p, parseImei, [&id](const QString &v) { id.imei = v; }),
    };
    // A missing SIM answers CPIN? with +CME ERROR 10: that is a SIM state, not a failed read.
    AtRequest cpin = AtRequest::make("AT+CPIN?", p);
    steps << CommandSequence::Step{cpin,
                                   [this](const Result<AtResponse> &response) -> Result<void> {
                                       if (!response) {
                                           if (response.error().code == ErrorCode::CmeError
                                               && response.error().number >= 0)
                                               m_status.sim = simStateFromCmeError(response.error().number);
                                           return note("AT+CPIN?", response.error());
                                       }
                                       auto state = parseCpin(response->lines);
                                       if (!state)
                                           return note("AT+CPIN?", state.error());
                                       m_status.sim = *state;
                                       return {};
                                   },
                                   tr("Reading the SIM state")};
    steps << step<QString>("AT+CIMI", tr("Reading the IMSI"), p, parseImsi, [&id](const QString &v) { id.imsi = v; })
          << step<QString>("AT+CCID", tr("Reading the ICCID"), p, parseIccid, [&id](const QString &v) { id.iccid = v; })
          << step<Registration>("AT+CEREG?", tr("Reading LTE registration"), p, parseRegistrationReply,
                                [this](const Registration &v) { m_eps = v; })
          << step<Registration>("AT+CGREG?", tr("Reading packet registration"), p, parseRegistrationReply,
                                [this](const Registration &v) { m_ps = v; })
          << step<Registration>("AT+CREG?", tr("Reading circuit registration"), p, parseRegistrationReply,
                                [this](const Registration &v) { m_cs = v; })
          << step<OperatorInfo>("AT+COPS?", tr("Reading the operator"), p, parseCops,
                                [this](const OperatorInfo &v) { m_status.networkOperator = v; })
          << step<CsqInfo>("AT+CSQ", tr("Reading signal quality"), p, parseCsq,
                           [this](const CsqInfo &v) { m_status.csq = v; })
          << step<CpsiInfo>("AT+CPSI?", tr("Reading serving cell"), p, parseCpsi,
                            [this](const CpsiInfo &v) { m_status.cpsi = v; });
    return steps;
}

void StatusQuery::start(Priority priority)
{
    delete m_sequence;
    m_sequence = new CommandSequence(m_channel, buildSteps(priority), this);
    connect(m_sequence, &CommandSequence::progressed, this, &StatusQuery::progressed);
    connect(m_sequence, &CommandSequence::finished, this, [this](const Result<void> &result) {
        m_status.registration = chooseRegistration(m_eps, m_ps, m_cs);
        if (!result)
            m_result = std::unexpected(result.error());
        else
            m_result = m_status;
        Q_EMIT finished();
    });
    m_sequence->start();
}

void StatusQuery::cancel()
{
    if (m_sequence)
        m_sequence->cancel();
}

} // namespace ModemBench
