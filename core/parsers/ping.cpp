#include "core/parsers/ping.h"

#include "core/parsers/fields.h"
#include "core/parsers/pdp.h"

#include <QJsonArray>

#include <algorithm>

namespace ModemBench {

using namespace Internal;

namespace {

Error pingParseError(const QByteArray &line)
{
    return Error{ErrorCode::Parse,
                 QStringLiteral("Could not read the ping reply %1; report it with the modem's model and firmware")
                     .arg(quoteForMessage(line)),
                 line, -1};
}

} // namespace

int PingReport::received() const
{
    return int(std::count_if(replies.cbegin(), replies.cend(), [](const PingReply &r) { return r.rttMs.has_value(); }));
}

double PingReport::lossPercent() const
{
    const int total = qMax(sent, int(replies.size()));
    return total == 0 ? 100.0 : 100.0 * (total - received()) / total;
}

std::optional<int> PingReport::minMs() const
{
    std::optional<int> best;
    for (const PingReply &reply : replies) {
        if (reply.rttMs && (!best || *reply.rttMs < *best))
            best = reply.rttMs;
    }
    return best;
}

std::optional<int> PingReport::maxMs() const
{
    std::optional<int> best;
    for (const PingReply &reply : replies) {
        if (reply.rttMs && (!best || *reply.rttMs > *best))
            best = reply.rttMs;
    }
    return best;
}

std::optional<double> PingReport::avgMs() const
{
    const int count = received();
    if (count == 0)
        return std::nullopt;
    double sum = 0;
    for (const PingReply &reply : replies)
        sum += reply.rttMs.value_or(0);
    return sum / count;
}

QJsonObject PingReport::toJson() const
{
    QJsonArray list;
    for (const PingReply &reply : replies) {
        list << QJsonObject{{QStringLiteral("id"), reply.id},
                            {QStringLiteral("address"), reply.address},
                            {QStringLiteral("rtt_ms"), reply.rttMs ? QJsonValue(*reply.rttMs) : QJsonValue()},
                            {QStringLiteral("ttl"), reply.ttl ? QJsonValue(*reply.ttl) : QJsonValue()}};
    }
    const auto opt = [](const auto &value) { return value ? QJsonValue(*value) : QJsonValue(); };
    return {{QStringLiteral("host"), host},
            {QStringLiteral("sent"), qMax(sent, int(replies.size()))},
            {QStringLiteral("received"), received()},
            {QStringLiteral("loss_percent"), lossPercent()},
            {QStringLiteral("min_ms"), opt(minMs())},
            {QStringLiteral("avg_ms"), opt(avgMs())},
            {QStringLiteral("max_ms"), opt(maxMs())},
            {QStringLiteral("replies"), list}};
}

Result<QList<PingReply>> parseSnping4(const QList<QByteArray> &lines)
{
    QList<PingReply> replies;
    for (const QByteArray &line : lines) {
        const auto value = valueAfterPrefix(line, "+SNPING4:");
        if (!value)
            continue;
        const auto fields = splitFields(*value);
        if (!fields || fields->size() != 3)
            return std::unexpected(pingParseError(line));
        const auto id = toInt(fields->at(0).text, 0, 100000);
        const auto ms = toInt(fields->at(2).text, 0, 600000);
        if (!id || !ms || !isIpv4Address(fields->at(1).text))
            return std::unexpected(pingParseError(line));
        replies << PingReply{*id, QString::fromLatin1(fields->at(1).text.toByteArray()), *ms, std::nullopt};
    }
    return replies;
}

Result<QList<PingReply>> parseCipping(const QList<QByteArray> &lines)
{
    QList<PingReply> replies;
    for (const QByteArray &line : lines) {
        const auto value = valueAfterPrefix(line, "+CIPPING:");
        if (!value)
            continue;
        const auto fields = splitFields(*value);
        if (!fields || fields->size() != 4)
            return std::unexpected(pingParseError(line));
        const auto id = toInt(fields->at(0).text, 0, 1000);
        const auto time = toInt(fields->at(2).text, 0, 600);
        const auto ttl = toInt(fields->at(3).text, 0, 255);
        if (!id || !time || !ttl)
            return std::unexpected(pingParseError(line));
        PingReply reply{*id, QString::fromLatin1(fields->at(1).text.toByteArray()), std::nullopt, *ttl};
        // §6.8: a probe that timed out is reported as time 600 (60 s) and ttl 255.
        if (!(*time == 600 && *ttl == 255))
            reply.rttMs = *time * 100;
        replies << reply;
    }
    return replies;
}

} // namespace ModemBench
