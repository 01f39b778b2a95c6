#include "scenario.h"

#include "scenarioparts.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include <cmath>
#include <functional>

namespace ModemBench::Sim {

namespace ScenarioParts {

std::unexpected<QString> fail(const QString &what, const QString &why)
{
    return std::unexpected(QStringLiteral("key \"%1\": %2").arg(what, why));
}

std::expected<int, QString> toInt(const QJsonValue &value, int minimum, int maximum)
{
    const double number = value.toDouble();
    if (!value.isDouble() || std::floor(number) != number || number < minimum || number > maximum)
        return std::unexpected(QStringLiteral("expected an integer from %1 to %2").arg(minimum).arg(maximum));
    return static_cast<int>(number);
}

// Scenario strings stand for raw bytes: each character code 0-255 is one byte (so "\u0000" and
// "\u00ff" reach the wire), anything above cannot be a byte and is refused.
std::expected<QByteArray, QString> toBytes(const QJsonValue &value)
{
    if (!value.isString())
        return std::unexpected(QStringLiteral("expected a string"));
    const QString text = value.toString();
    QByteArray bytes;
    bytes.reserve(text.size());
    for (const QChar c : text) {
        if (c.unicode() > 0xff)
            return std::unexpected(QStringLiteral("character U+%1 is not a byte (codes 0-255 only)")
                                       .arg(c.unicode(), 4, 16, QLatin1Char('0')));
        bytes.append(static_cast<char>(c.unicode()));
    }
    return bytes;
}

} // namespace ScenarioParts

namespace {

using namespace ScenarioParts;

constexpr qint64 kMaxScenarioBytes = 16 * 1024 * 1024;
constexpr qsizetype kMaxUrcs = 10000;
constexpr qsizetype kMaxKeyLength = 600;

Status setIdentity(const QString &key, const QJsonValue &value, QByteArray &target,
                   QString (*check)(const QByteArray &))
{
    const auto bytes = toBytes(value);
    if (!bytes)
        return fail(key, bytes.error());
    if (const QString problem = check(*bytes); !problem.isEmpty())
        return fail(key, problem);
    target = *bytes;
    return {};
}

Status setInt(const QString &key, const QJsonValue &value, int &target, int minimum, int maximum)
{
    const auto number = toInt(value, minimum, maximum);
    if (!number)
        return fail(key, number.error());
    target = *number;
    return {};
}

Status setBool(const QString &key, const QJsonValue &value, bool &target)
{
    if (!value.isBool())
        return fail(key, QStringLiteral("expected true or false"));
    target = value.toBool();
    return {};
}

Status setLatency(const QJsonValue &value, SimConfig &config)
{
    if (!value.isObject())
        return fail(QStringLiteral("latency_ms"), QStringLiteral("expected an object of command -> milliseconds"));
    const QJsonObject table = value.toObject();
    for (auto it = table.begin(); it != table.end(); ++it) {
        const QString name = QStringLiteral("latency_ms.") + it.key();
        const auto ms = toInt(it.value(), 0, kMaxMilliseconds);
        if (!ms)
            return fail(name, ms.error());
        if (it.key().isEmpty() || it.key().size() > kMaxKeyLength)
            return fail(name, QStringLiteral("a command key must be 1 to %1 characters").arg(kMaxKeyLength));
        if (it.key() == QLatin1String("default"))
            config.defaultLatencyMs = *ms;
        else
            config.latencyMs.insert(it.key().toLatin1().toUpper(), *ms);
    }
    return {};
}

std::expected<QList<QByteArray>, QString> toReplyList(const QJsonValue &value)
{
    if (value.isString()) {
        const auto bytes = toBytes(value);
        if (!bytes)
            return std::unexpected(bytes.error());
        return QList<QByteArray>{*bytes};
    }
    if (!value.isArray() || value.toArray().isEmpty())
        return std::unexpected(QStringLiteral("expected a string or a non-empty array of strings"));
    QList<QByteArray> replies;
    for (const QJsonValue &element : value.toArray()) {
        const auto bytes = toBytes(element);
        if (!bytes)
            return std::unexpected(QStringLiteral("array element %1: %2").arg(replies.size()).arg(bytes.error()));
        replies.append(*bytes);
    }
    return replies;
}

Status setResponses(const QJsonValue &value, SimConfig &config)
{
    if (!value.isObject())
        return fail(QStringLiteral("responses"), QStringLiteral("expected an object of command line -> reply"));
    const QJsonObject table = value.toObject();
    for (auto it = table.begin(); it != table.end(); ++it) {
        const QString name = QStringLiteral("responses.") + it.key();
        if (it.key().isEmpty() || it.key().size() > kMaxKeyLength)
            return fail(name, QStringLiteral("a command line must be 1 to %1 characters").arg(kMaxKeyLength));
        const auto replies = toReplyList(it.value());
        if (!replies)
            return fail(name, replies.error());
        config.responses.insert(it.key().toLatin1().toUpper(), *replies);
    }
    return {};
}

Status appendUrc(const QJsonValue &value, qsizetype index, SimConfig &config)
{
    const QString name = QStringLiteral("urcs[%1]").arg(index);
    if (!value.isObject())
        return fail(name, QStringLiteral("expected an object {\"after_ms\": int, \"text\": string}"));
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() != QLatin1String("after_ms") && it.key() != QLatin1String("text"))
            return fail(name + QLatin1Char('.') + it.key(), QStringLiteral("unknown key (allowed: after_ms, text)"));
    }
    ScheduledUrc urc;
    if (auto status = setInt(name + QStringLiteral(".after_ms"), object.value(QStringLiteral("after_ms")),
                             urc.afterMs, 0, kMaxMilliseconds); !status)
        return status;
    const auto text = toBytes(object.value(QStringLiteral("text")));
    if (!text)
        return fail(name + QStringLiteral(".text"), text.error());
    urc.text = *text;
    config.urcs.append(urc);
    return {};
}

Status setUrcs(const QJsonValue &value, SimConfig &config)
{
    if (!value.isArray())
        return fail(QStringLiteral("urcs"), QStringLiteral("expected an array of {\"after_ms\", \"text\"} objects"));
    const QJsonArray list = value.toArray();
    if (list.size() > kMaxUrcs)
        return fail(QStringLiteral("urcs"), QStringLiteral("at most %1 entries").arg(kMaxUrcs));
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (auto status = appendUrc(list.at(i), i, config); !status)
            return status;
    }
    return {};
}

using KeyHandler = std::function<Status(const QString &, const QJsonValue &, SimConfig &)>;

const QHash<QString, KeyHandler> &keyHandlers()
{
    using namespace IdentityRules;
    static const QHash<QString, KeyHandler> handlers{
        {QStringLiteral("imei"),
         [](auto &k, auto &v, SimConfig &c) { return setIdentity(k, v, c.identity.imei, checkImei); }},
        {QStringLiteral("imsi"),
         [](auto &k, auto &v, SimConfig &c) { return setIdentity(k, v, c.identity.imsi, checkImsi); }},
        {QStringLiteral("iccid"),
         [](auto &k, auto &v, SimConfig &c) { return setIdentity(k, v, c.identity.iccid, checkIccid); }},
        {QStringLiteral("operator"),
         [](auto &k, auto &v, SimConfig &c) { return setIdentity(k, v, c.identity.operatorName, checkOperator); }},
        {QStringLiteral("registration_delay_ms"),
         [](auto &k, auto &v, SimConfig &c) { return setInt(k, v, c.registrationDelayMs, 0, kMaxMilliseconds); }},
        {QStringLiteral("banner_delay_ms"),
         [](auto &k, auto &v, SimConfig &c) { return setInt(k, v, c.bannerDelayMs, 0, kMaxMilliseconds); }},
        {QStringLiteral("signal_step_ms"),
         [](auto &k, auto &v, SimConfig &c) { return setInt(k, v, c.signalStepMs, 0, kMaxMilliseconds); }},
        {QStringLiteral("baud_pacing"),
         [](auto &k, auto &v, SimConfig &c) { return setInt(k, v, c.baudPacing, 0, 4000000); }},
        {QStringLiteral("fs_capacity_bytes"),
         [](auto &k, auto &v, SimConfig &c) { return setInt(k, v, c.fsCapacityBytes, 0, 16 * 1024 * 1024); }},
        {QStringLiteral("banner"), [](auto &k, auto &v, SimConfig &c) { return setBool(k, v, c.banner); }},
        {QStringLiteral("echo"), [](auto &k, auto &v, SimConfig &c) { return setBool(k, v, c.echo); }},
        {QStringLiteral("cmee"), [](auto &k, auto &v, SimConfig &c) { return setInt(k, v, c.cmee, 0, 2); }},
        {QStringLiteral("latency_ms"), [](auto &, auto &v, SimConfig &c) { return setLatency(v, c); }},
        {QStringLiteral("responses"), [](auto &, auto &v, SimConfig &c) { return setResponses(v, c); }},
        {QStringLiteral("urcs"), [](auto &, auto &v, SimConfig &c) { return setUrcs(v, c); }},
        {QStringLiteral("registration"), [](auto &, auto &v, SimConfig &c) { return setRegistration(v, c); }},
        {QStringLiteral("sim"), [](auto &, auto &v, SimConfig &c) { return setSim(v, c); }},
        {QStringLiteral("pdp"), [](auto &, auto &v, SimConfig &c) { return setPdp(v, c); }},
        {QStringLiteral("ping"), [](auto &, auto &v, SimConfig &c) { return setPing(v, c); }},
        {QStringLiteral("faults"), [](auto &, auto &v, SimConfig &c) { return setFaults(v, c); }},
        {QStringLiteral("routes"), [](auto &, auto &v, SimConfig &c) { return setRoutes(v, c); }},
        {QStringLiteral("clock"), [](auto &, auto &v, SimConfig &c) { return setClock(v, c); }},
    };
    return handlers;
}

} // namespace

std::expected<void, QString> Scenario::apply(const QString &path, SimConfig &config)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(QStringLiteral("cannot read: %1").arg(file.errorString()));
    if (file.size() > kMaxScenarioBytes)
        return std::unexpected(QStringLiteral("larger than %1 bytes").arg(kMaxScenarioBytes));
    return applyJson(file.read(kMaxScenarioBytes + 1), config);
}

std::expected<void, QString> Scenario::applyJson(const QByteArray &json, SimConfig &config)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return std::unexpected(
            QStringLiteral("invalid JSON at offset %1: %2").arg(error.offset).arg(error.errorString()));
    if (!document.isObject())
        return std::unexpected(QStringLiteral("the top level must be a JSON object"));
    const QJsonObject root = document.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        const auto handler = keyHandlers().constFind(it.key());
        if (handler == keyHandlers().constEnd()) {
            QStringList known = keyHandlers().keys();
            known.sort();
            return fail(it.key(), QStringLiteral("unknown key (known keys: %1)").arg(known.join(QStringLiteral(", "))));
        }
        if (auto status = (*handler)(it.key(), it.value(), config); !status)
            return status;
    }
    return {};
}

} // namespace ModemBench::Sim
