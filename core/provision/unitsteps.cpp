#include "core/provision/unitsteps.h"

#include "core/parsers/identity.h"
#include "core/parsers/signal.h"
#include "core/provision/profile.h"

namespace ModemBench {

namespace {

FlowStep commandStep(const QString &id, const QString &label, QByteArray command)
{
    FlowStep step;
    step.id = id;
    step.label = label;
    step.request = [command = std::move(command)] { return AtRequest::make(command); };
    return step;
}

// An identity read that the modem refused or garbled fails the unit: a record without its IMEI or
// ICCID could not be matched against the others (duplicates, already provisioned).
template<class Parse>
FlowStep identityStep(const QString &id, const QString &label, QByteArray command, Parse parse,
                      std::function<void(const QString &)> store)
{
    FlowStep step = commandStep(id, label, std::move(command));
    step.handle = [label, parse, store = std::move(store)](const Result<AtResponse> &response) {
        if (!response)
            return FlowVerdict::failedStep(response.error(), label);
        const Result<QString> value = parse(response->lines);
        if (!value)
            return FlowVerdict::failedStep(value.error(), label, QObject::tr("check the modem's serial line"));
        store(*value);
        return FlowVerdict::next();
    };
    return step;
}

} // namespace

NetworkOptions unitNetworkOptions(const ProvisionProfile &profile)
{
    NetworkOptions options;
    if (profile.settings.cnmp)
        options.cnmp = *profile.settings.cnmp;
    if (profile.settings.cmnb)
        options.cmnb = *profile.settings.cmnb;
    if (profile.settings.netLight)
        options.netLight = *profile.settings.netLight;
    options.catmBands = profile.settings.catmBands;
    options.apn = profile.apn;
    options.pingCount = qBound(1, profile.verify.pingCount, 100);
    // A station has many units to get through: one that stays unregistered is failed sooner than
    // the interactive `connect` would give up (its unit deadline bounds it anyway).
    // The URCs (registrationUrcSteps) usually end the wait; a modem without them is polled every second.
    options.registrationPollMs = 1000;
    options.registrationTimeoutMs = qMin(options.registrationTimeoutMs, qMax(10000, profile.unitTimeoutMs / 2));
    return options;
}

FlowStep imeiStep(const std::shared_ptr<UnitIdentity> &identity)
{
    return identityStep(QStringLiteral("imei"), QObject::tr("Reading the IMEI"), "AT+GSN", parseImei,
                        [identity](const QString &value) { identity->imei = value; });
}

QList<FlowStep> simIdentitySteps(const std::shared_ptr<UnitIdentity> &identity)
{
    return {identityStep(QStringLiteral("imsi"), QObject::tr("Reading the IMSI"), "AT+CIMI", parseImsi,
                         [identity](const QString &value) { identity->imsi = value; }),
            identityStep(QStringLiteral("iccid"), QObject::tr("Reading the ICCID"), "AT+CCID", parseIccid,
                         [identity](const QString &value) { identity->iccid = value; })};
}

QList<FlowStep> unitBringUpSteps(const std::shared_ptr<NetworkContext> &context,
                                 const std::shared_ptr<UnitIdentity> &identity, const NetworkOptions &options,
                                 Transport *transport)
{
    QList<FlowStep> steps = bringUpSteps(context, options, transport);
    qsizetype at = steps.size();
    for (qsizetype i = 0; i < steps.size(); ++i) {
        if (steps[i].id == QLatin1String("cpin")) {
            at = i;
            break;
        }
    }
    // A unit shipped with its radio off (CFUN=0) also has its SIM off: switch it on before the SIM check.
    const QList<FlowStep> before = radioOnSteps() << imeiStep(identity);
    for (qsizetype i = 0; i < before.size(); ++i)
        steps.insert(at + i, before.at(i));
    return steps;
}

QList<FlowStep> registrationUrcSteps(const std::shared_ptr<NetworkContext> &context)
{
    QList<FlowStep> steps;
    for (const QByteArray &read : {QByteArrayLiteral("AT+CEREG?"), QByteArrayLiteral("AT+CGREG?"), QByteArrayLiteral("AT+CREG?")}) {
        const QByteArray enable = read.chopped(1) + "=1";
        FlowStep step = commandStep(QStringLiteral("urc-") + QString::fromLatin1(read.mid(3).chopped(1)).toLower(),
                                    QObject::tr("Enabling registration reports"), enable);
        step.when = [context, read] {
            return context->hasProfile() && context->profile().registrationReads.contains(read);
        };
        step.handle = [](const Result<AtResponse> &response) {
            if (!response && response.error().code != ErrorCode::CmeError && response.error().code != ErrorCode::Error)
                return FlowVerdict::failedStep(response.error(), QObject::tr("Enabling registration reports"));
            return FlowVerdict::next();
        };
        steps << step;
    }
    return steps;
}

QList<FlowStep> signalSteps(const std::shared_ptr<std::optional<int>> &dbm, std::optional<int> minimumDbm)
{
    const QString label = QObject::tr("Reading the signal");
    FlowStep step = commandStep(QStringLiteral("csq"), label, "AT+CSQ");
    step.handle = [dbm, minimumDbm, label](const Result<AtResponse> &response) {
        if (!response)
            return FlowVerdict::failedStep(response.error(), label);
        const Result<CsqInfo> csq = parseCsq(response->lines);
        if (!csq)
            return FlowVerdict::failedStep(csq.error(), label);
        *dbm = csq->rssiDbm;
        if (!minimumDbm || (csq->rssiDbm && *csq->rssiDbm >= *minimumDbm))
            return FlowVerdict::next();
        const QString have = csq->rssiDbm ? QObject::tr("%1 dBm").arg(*csq->rssiDbm) : QObject::tr("unknown (99)");
        return FlowVerdict::failed(Error{ErrorCode::Error,
                                         QObject::tr("Signal too weak: %1, the profile needs at least %2 dBm. "
                                                     "Check the antenna and its connector")
                                             .arg(have)
                                             .arg(*minimumDbm),
                                         {}, -1});
    };
    return {step};
}

FlowStep checkStep(const QString &id, const QString &label, std::function<std::optional<Error>()> check)
{
    FlowStep step;
    step.id = id;
    step.label = label;
    step.action = [check = std::move(check)] {
        if (std::optional<Error> error = check())
            return FlowVerdict::failed(*error);
        return FlowVerdict::next();
    };
    return step;
}

QList<FlowStep> radioOnSteps()
{
    auto radioOff = std::make_shared<bool>(false);
    const QString readLabel = QObject::tr("Reading the radio state");
    FlowStep read = commandStep(QStringLiteral("cfun-read"), readLabel, "AT+CFUN?");
    read.handle = [radioOff, readLabel](const Result<AtResponse> &response) {
        if (!response)
            return FlowVerdict::failedStep(response.error(), readLabel);
        for (const QByteArray &line : response->lines) {
            if (line.startsWith("+CFUN:")) {
                const int mode = line.mid(6).trimmed().toInt();
                *radioOff = mode == 0 || mode == 4;
            }
        }
        return FlowVerdict::next();
    };
    const QString onLabel = QObject::tr("Switching the radio on");
    FlowStep on = commandStep(QStringLiteral("cfun1"), onLabel, "AT+CFUN=1");
    on.when = [radioOff] { return *radioOff; };
    on.handle = [onLabel](const Result<AtResponse> &response) {
        return response ? FlowVerdict::next() : FlowVerdict::failedStep(response.error(), onLabel);
    };
    return {read, on};
}

QList<FlowStep> radioOffSteps()
{
    const QString label = QObject::tr("Switching the radio off");
    FlowStep step = commandStep(QStringLiteral("cfun0"), label, "AT+CFUN=0");
    step.handle = [label](const Result<AtResponse> &response) {
        return response ? FlowVerdict::next() : FlowVerdict::failedStep(response.error(), label);
    };
    return {step};
}

} // namespace ModemBench
