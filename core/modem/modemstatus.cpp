#include "core/modem/modemstatus.h"

#include <QJsonArray>
#include <QJsonValue>

namespace ModemBench {

namespace {

QJsonValue optionalString(const std::optional<QString> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonValue optionalInt(const std::optional<int> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonObject identityJson(const ModemIdentity &identity)
{
    return {
        {QStringLiteral("manufacturer"), optionalString(identity.manufacturer)},
        {QStringLiteral("model"), optionalString(identity.model)},
        {QStringLiteral("revision"), optionalString(identity.revision)},
        {QStringLiteral("imei"), optionalString(identity.imei)},
        {QStringLiteral("imsi"), optionalString(identity.imsi)},
        {QStringLiteral("iccid"), optionalString(identity.iccid)},
    };
}

// AT+CPSI? names the serving cell even when +CEREG? was read with n=0 (no location fields). It
// prints the TAC as "0x1A2B" and the cell id in decimal; +CEREG uses bare hex for both.
std::optional<QString> tacFromCpsi(const std::optional<CpsiInfo> &cpsi)
{
    if (!cpsi || !cpsi->lacOrTac)
        return std::nullopt;
    QString tac = *cpsi->lacOrTac;
    if (tac.startsWith(QLatin1String("0x"), Qt::CaseInsensitive))
        tac = tac.mid(2);
    return tac.toUpper();
}

std::optional<QString> cellIdFromCpsi(const std::optional<CpsiInfo> &cpsi)
{
    if (!cpsi || !cpsi->cellId)
        return std::nullopt;
    bool ok = false;
    const qulonglong value = cpsi->cellId->toULongLong(&ok);
    return ok ? QString::number(value, 16).toUpper() : *cpsi->cellId;
}

QJsonObject registrationJson(const ModemStatus &status)
{
    const auto &registration = status.registration;
    // GCC 12 sees a maybe-uninitialized optional<int> in the ?: form; value_or keeps it plain.
    int act = registration && registration->act ? *registration->act : -1;
    if (act < 0 && status.networkOperator)
        act = status.networkOperator->act.value_or(-1);
    std::optional<QString> operatorName = status.networkOperator ? status.networkOperator->name : std::nullopt;
    return {
        {QStringLiteral("stat"), registration ? QJsonValue(registration->stat) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("state"), registration ? QJsonValue(registrationStateName(registration->stat))
                                               : QJsonValue(QStringLiteral("unknown"))},
        {QStringLiteral("act"), act >= 0 ? QJsonValue(accessTechnologyName(act)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("operator"), optionalString(operatorName)},
        {QStringLiteral("tac"), optionalString(registration && registration->lac ? registration->lac
                                                                                 : tacFromCpsi(status.cpsi))},
        {QStringLiteral("ci"), optionalString(registration && registration->ci ? registration->ci
                                                                               : cellIdFromCpsi(status.cpsi))},
    };
}

QJsonObject signalJson(const ModemStatus &status)
{
    const auto &csq = status.csq;
    const auto &cpsi = status.cpsi;
    return {
        {QStringLiteral("csq"), csq ? QJsonValue(csq->rssi) : QJsonValue(QJsonValue::Null)},
        // csq and ber are the modem's raw values (99 = "not known", 27.007); the dBm fields are null then.
        {QStringLiteral("ber"), csq ? QJsonValue(csq->ber) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("rssi_dbm"), optionalInt(csq ? csq->rssiDbm : std::nullopt)},
        {QStringLiteral("rsrp_dbm"), optionalInt(cpsi ? cpsi->rsrp : std::nullopt)},
        {QStringLiteral("rsrq_db"), optionalInt(cpsi ? cpsi->rsrq : std::nullopt)},
        {QStringLiteral("sinr_db"), optionalInt(cpsi ? cpsi->sinr : std::nullopt)},
    };
}

} // namespace

QJsonObject statusToJson(const ModemStatus &status)
{
    QJsonObject json{
        {QStringLiteral("port"), status.port},
        {QStringLiteral("identity"), identityJson(status.identity)},
        {QStringLiteral("sim"), status.sim ? QJsonValue(simStateName(*status.sim)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("registration"), registrationJson(status)},
        {QStringLiteral("signal"), signalJson(status)},
    };
    if (status.profile || status.ip)
        addNetworkJson(json, status.profile, status.ip.value_or(IpStatus{}));
    if (!status.problems.isEmpty())
        json.insert(QStringLiteral("problems"), QJsonArray::fromStringList(status.problems));
    return json;
}

std::optional<Registration> chooseRegistration(const std::optional<Registration> &eps,
                                               const std::optional<Registration> &ps,
                                               const std::optional<Registration> &cs)
{
    for (const auto *candidate : {&eps, &ps, &cs}) {
        if (*candidate && isRegistered((*candidate)->stat))
            return *candidate;
    }
    for (const auto *candidate : {&eps, &ps, &cs}) {
        if (*candidate)
            return *candidate;
    }
    return std::nullopt;
}

void addNetworkJson(QJsonObject &json, const std::optional<ModelProfile> &profile, const IpStatus &ip)
{
    if (profile) {
        const QJsonObject profileJson = profileToJson(*profile);
        for (auto it = profileJson.begin(); it != profileJson.end(); ++it)
            json.insert(it.key(), it.value());
    } else {
        json.insert(QStringLiteral("model_family"), familyName(ModelFamily::Unknown));
        json.insert(QStringLiteral("capabilities"),
                    QJsonObject{{QStringLiteral("tls"), false},
                                {QStringLiteral("tls_note"), QStringLiteral("unknown model: TLS support not checked")}});
    }
    json.insert(QStringLiteral("ip"), QJsonObject{{QStringLiteral("active"), ip.active},
                                                  {QStringLiteral("address"), optionalString(ip.address)},
                                                  {QStringLiteral("apn"), optionalString(ip.apn)}});
}

} // namespace ModemBench
