// The object-valued scenario keys that describe the network and the faults (docs/modemsim.md):
// "registration", "sim", "pdp", "ping", "faults", "routes", "clock".

#include "scenarioparts.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <functional>
#include <utility>

namespace ModemBench::Sim::ScenarioParts {

namespace {

using Field = std::function<Status(const QString &name, const QJsonValue &value)>;

// Applies each member of the object `value` (called `name`) through `fields`; unknown members fail.
Status walk(const QString &name, const QJsonValue &value, const QList<std::pair<QString, Field>> &fields)
{
    if (!value.isObject())
        return fail(name, QStringLiteral("expected an object"));
    const QJsonObject object = value.toObject();
    QStringList allowed;
    for (const auto &field : fields)
        allowed.append(field.first);
    for (auto it = object.begin(); it != object.end(); ++it) {
        const qsizetype index = allowed.indexOf(it.key());
        const QString member = name + QLatin1Char('.') + it.key();
        if (index < 0)
            return fail(member, QStringLiteral("unknown key (allowed: %1)").arg(allowed.join(QStringLiteral(", "))));
        if (auto status = fields.at(index).second(member, it.value()); !status)
            return status;
    }
    return {};
}

Field intField(int &target, int minimum, int maximum)
{
    return [&target, minimum, maximum](const QString &name, const QJsonValue &value) -> Status {
        const auto number = toInt(value, minimum, maximum);
        if (!number)
            return fail(name, number.error());
        target = *number;
        return {};
    };
}

Field realField(double &target, double minimum, double maximum)
{
    return [&target, minimum, maximum](const QString &name, const QJsonValue &value) -> Status {
        if (!value.isDouble() || value.toDouble() < minimum || value.toDouble() > maximum)
            return fail(name, QStringLiteral("expected a number from %1 to %2").arg(minimum).arg(maximum));
        target = value.toDouble();
        return {};
    };
}

Field boolField(bool &target)
{
    return [&target](const QString &name, const QJsonValue &value) -> Status {
        if (!value.isBool())
            return fail(name, QStringLiteral("expected true or false"));
        target = value.toBool();
        return {};
    };
}

bool isIpv4(const QByteArray &text)
{
    // Dotted quad only: QHostAddress also takes inet_aton's short forms ("10.1.2").
    QHostAddress address;
    return text.count('.') == 3 && address.setAddress(QString::fromLatin1(text))
           && address.protocol() == QAbstractSocket::IPv4Protocol;
}

// A printable string without quotes (an APN or a host name), at most `maxLength` characters.
Field textField(QByteArray &target, qsizetype maxLength, bool ipv4 = false)
{
    return [&target, maxLength, ipv4](const QString &name, const QJsonValue &value) -> Status {
        const auto bytes = toBytes(value);
        if (!bytes)
            return fail(name, bytes.error());
        const bool printable = std::all_of(bytes->begin(), bytes->end(), [](char c) {
            return c > 0x20 && c <= 0x7e && c != '"';
        });
        if (bytes->size() > maxLength || !printable)
            return fail(name, QStringLiteral("expected at most %1 printable characters without spaces or '\"'")
                                  .arg(maxLength));
        if (ipv4 && !isIpv4(*bytes))
            return fail(name, QStringLiteral("expected an IPv4 address"));
        target = *bytes;
        return {};
    };
}

std::expected<RegistrationStep, QString> toStep(const QString &name, const QJsonValue &value)
{
    RegistrationStep step;
    int stat = 1;
    const Status status = walk(name, value, {{QStringLiteral("stat"), intField(stat, 0, 5)},
                                             {QStringLiteral("for_ms"), intField(step.forMs, 0, kMaxMilliseconds)}});
    if (!status)
        return std::unexpected(status.error());
    if (!value.toObject().contains(QStringLiteral("stat")))
        return std::unexpected(QStringLiteral("key \"%1.stat\": missing").arg(name));
    step.stat = RegStat(stat);
    return step;
}

Status setSequence(const QString &name, const QJsonValue &value, SimConfig &config)
{
    if (!value.isArray() || value.toArray().isEmpty() || value.toArray().size() > 1000)
        return fail(name, QStringLiteral("expected an array of 1 to 1000 {\"stat\", \"for_ms\"} objects"));
    QList<RegistrationStep> steps;
    const QJsonArray list = value.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        auto step = toStep(name + QStringLiteral("[%1]").arg(i), list.at(i));
        if (!step)
            return std::unexpected(step.error());
        steps.append(*step);
    }
    config.registrationSequence = steps;
    return {};
}

Status setResolve(const QString &name, const QJsonValue &value, SimConfig &config)
{
    if (!value.isObject())
        return fail(name, QStringLiteral("expected an object of host -> IPv4 address (\"\" = unresolvable)"));
    const QJsonObject table = value.toObject();
    for (auto it = table.begin(); it != table.end(); ++it) {
        QByteArray address;
        const QString member = name + QLatin1Char('.') + it.key();
        if (it.key().isEmpty() || it.key().size() > 255)
            return fail(member, QStringLiteral("a host name must be 1 to 255 characters"));
        if (!it.value().isString() || !it.value().toString().isEmpty()) {
            if (auto status = textField(address, 15, true)(member, it.value()); !status)
                return status;
        }
        config.ping.resolve.insert(it.key().toLatin1().toLower(), address);
    }
    return {};
}

// "127.0.0.1" or "127.0.0.1:8883": an IP literal with an optional port 1-65535.
bool isRouteTarget(const QString &text)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    const QString address = colon < 0 ? text : text.left(colon);
    bool ok = colon < 0;
    if (colon >= 0) {
        const uint port = text.mid(colon + 1).toUInt(&ok);
        ok = ok && port >= 1 && port <= 65535;
    }
    return ok && isIpv4(address.toLatin1());
}

} // namespace

// AT+CAOPEN connects where a route points; without one, to the host as given (docs/modemsim.md).
Status setRoutes(const QJsonValue &value, SimConfig &config)
{
    if (!value.isObject())
        return fail(QStringLiteral("routes"), QStringLiteral("expected an object \"host[:port]\" -> \"IPv4[:port]\""));
    const QJsonObject table = value.toObject();
    if (table.size() > 1000)
        return fail(QStringLiteral("routes"), QStringLiteral("at most 1000 routes"));
    for (auto it = table.begin(); it != table.end(); ++it) {
        const QString member = QStringLiteral("routes.") + it.key();
        if (it.key().isEmpty() || it.key().size() > 262 || it.key().contains(QLatin1Char('"')))
            return fail(member, QStringLiteral("a route key is \"host\" or \"host:port\", 1 to 262 characters"));
        if (!it.value().isString() || !isRouteTarget(it.value().toString()))
            return fail(member, QStringLiteral("expected \"IPv4\" or \"IPv4:port\""));
        config.routes.insert(it.key().toLatin1().toLower(), it.value().toString().toLatin1());
    }
    return {};
}

// ISO-8601; a time without a zone is UTC.
Status setClock(const QJsonValue &value, SimConfig &config)
{
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODate);
    if (!value.isString() || !time.isValid())
        return fail(QStringLiteral("clock"), QStringLiteral("expected an ISO-8601 time, e.g. \"2031-01-01T00:00:00Z\""));
    if (time.timeSpec() == Qt::LocalTime)
        time.setTimeSpec(Qt::UTC);
    config.clock = time.toUTC();
    return {};
}

Status setRegistration(const QJsonValue &value, SimConfig &config)
{
    return walk(QStringLiteral("registration"), value,
                {{QStringLiteral("sequence"), [&config](const QString &name, const QJsonValue &v) {
                      return setSequence(name, v, config);
                  }}});
}

Status setSim(const QJsonValue &value, SimConfig &config)
{
    const QString text = value.toString();
    if (!value.isString() || (text != QLatin1String("absent") && text != QLatin1String("present")))
        return fail(QStringLiteral("sim"), QStringLiteral("expected \"present\" or \"absent\""));
    config.simPresent = text == QLatin1String("present");
    return {};
}

Status setPdp(const QJsonValue &value, SimConfig &config)
{
    PdpScenario &pdp = config.pdp;
    return walk(QStringLiteral("pdp"), value,
                {{QStringLiteral("apn"), textField(pdp.apn, 64)},
                 {QStringLiteral("announce_apn"), boolField(pdp.announceApn)},
                 {QStringLiteral("reject_other_apns"), boolField(pdp.rejectOtherApns)},
                 {QStringLiteral("address"), textField(pdp.address, 15, true)},
                 {QStringLiteral("activation_ms"), intField(pdp.activationMs, 0, kMaxMilliseconds)}});
}

Status setPing(const QJsonValue &value, SimConfig &config)
{
    PingScenario &ping = config.ping;
    return walk(QStringLiteral("ping"), value,
                {{QStringLiteral("rtt_ms_mean"), intField(ping.rttMeanMs, 1, 60000)},
                 {QStringLiteral("rtt_ms_jitter"), intField(ping.rttJitterMs, 0, 60000)},
                 {QStringLiteral("loss"), realField(ping.loss, 0.0, 1.0)},
                 {QStringLiteral("resolve"), [&config](const QString &name, const QJsonValue &v) {
                      return setResolve(name, v, config);
                  }}});
}

Status setFaults(const QJsonValue &value, SimConfig &config)
{
    FaultScenario &faults = config.faults;
    return walk(QStringLiteral("faults"), value,
                {{QStringLiteral("noise_per_second"), intField(faults.noisePerSecond, 0, 1000)},
                 {QStringLiteral("drop_byte_rate"), realField(faults.dropByteRate, 0.0, 1.0)},
                 {QStringLiteral("reboot_after_commands"), intField(faults.rebootAfterCommands, 0, 1000000)},
                 {QStringLiteral("reboot_after_ms"), intField(faults.rebootAfterMs, 0, kMaxMilliseconds)},
                 {QStringLiteral("slow_factor"), realField(faults.slowFactor, 0.0, 100.0)},
                 {QStringLiteral("close_after_ms"), intField(faults.closeAfterMs, 0, kMaxMilliseconds)}});
}

} // namespace ModemBench::Sim::ScenarioParts
