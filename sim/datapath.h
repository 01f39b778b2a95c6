#pragma once

#include "simconfig.h"

#include <QByteArray>
#include <QList>

#include <optional>
#include <random>

namespace ModemBench::Sim::DataPath {

// Model-independent pieces of the simulated data path: addresses, name resolution, round trips.

// The IPv4 address of the host a ping names: a literal as is, else the scenario's "resolve" table,
// else a stable made-up address in TEST-NET-2 (198.51.100.0/24) derived from the name. nullopt when
// the scenario says the name does not resolve ("resolve": {"host": ""}).
std::optional<QByteArray> resolve(const PingScenario &ping, const QByteArray &host);

struct Probe
{
    bool lost = false;
    int rttMs = 0;  // for a lost probe: the time waited (the timeout)
};

// `count` probes drawn from the scenario's distribution: rtt ~ normal(mean, jitter), at least 1 ms;
// a probe is lost with probability "loss" or when its rtt exceeds timeoutMs.
QList<Probe> probes(const PingScenario &ping, std::mt19937 &random, int count, int timeoutMs);

// The address the network gives data context `index` (0 for the first): the scenario's address with
// the index added to its last octet.
QByteArray addressFor(const PdpScenario &pdp, int index);

// Whether the network accepts an activation with `apn` (empty = the network's own APN).
bool acceptsApn(const PdpScenario &pdp, const QByteArray &apn);

} // namespace ModemBench::Sim::DataPath
