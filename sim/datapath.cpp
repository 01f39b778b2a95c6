#include "datapath.h"

#include <QHostAddress>

#include <cmath>

namespace ModemBench::Sim::DataPath {

std::optional<QByteArray> resolve(const PingScenario &ping, const QByteArray &host)
{
    QHostAddress literal;
    if (literal.setAddress(QString::fromLatin1(host)) && literal.protocol() == QAbstractSocket::IPv4Protocol)
        return literal.toString().toLatin1();
    if (const auto it = ping.resolve.constFind(host.toLower()); it != ping.resolve.constEnd())
        return it->isEmpty() ? std::nullopt : std::optional<QByteArray>(*it);
    // FNV-1a of the name: the same host always gets the same address, whatever the seed.
    std::uint32_t hash = 2166136261u;
    for (const char c : host.toLower())
        hash = (hash ^ std::uint8_t(c)) * 16777619u;
    return "198.51.100." + QByteArray::number(1 + hash % 254);
}

QList<Probe> probes(const PingScenario &ping, std::mt19937 &random, int count, int timeoutMs)
{
    std::normal_distribution<double> rtt(ping.rttMeanMs, std::max(ping.rttJitterMs, 0));
    std::bernoulli_distribution lost(ping.loss);
    QList<Probe> result;
    for (int i = 0; i < count; ++i) {
        // Both draws happen for every probe so the sequence does not depend on the loss outcome.
        const int ms = std::max(1, int(std::lround(ping.rttJitterMs > 0 ? rtt(random) : ping.rttMeanMs)));
        const bool dropped = lost(random);
        if (dropped || ms > timeoutMs)
            result.append(Probe{true, timeoutMs});
        else
            result.append(Probe{false, ms});
    }
    return result;
}

QByteArray addressFor(const PdpScenario &pdp, int index)
{
    QHostAddress address(QString::fromLatin1(pdp.address));
    return QHostAddress(address.toIPv4Address() + std::uint32_t(index)).toString().toLatin1();
}

bool acceptsApn(const PdpScenario &pdp, const QByteArray &apn)
{
    return apn.isEmpty() || !pdp.rejectOtherApns || apn.compare(pdp.apn, Qt::CaseInsensitive) == 0;
}

} // namespace ModemBench::Sim::DataPath
