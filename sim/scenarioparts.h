#pragma once

#include "simconfig.h"

#include <QJsonValue>
#include <QString>

#include <expected>

namespace ModemBench::Sim::ScenarioParts {

// Helpers and the object-valued keys of the scenario file (scenario.cpp, scenarionetwork.cpp).
using Status = std::expected<void, QString>;

constexpr int kMaxMilliseconds = 24 * 60 * 60 * 1000;

std::unexpected<QString> fail(const QString &what, const QString &why);
std::expected<int, QString> toInt(const QJsonValue &value, int minimum, int maximum);
std::expected<QByteArray, QString> toBytes(const QJsonValue &value);

Status setRegistration(const QJsonValue &value, SimConfig &config);  // "registration"
Status setSim(const QJsonValue &value, SimConfig &config);           // "sim"
Status setPdp(const QJsonValue &value, SimConfig &config);           // "pdp"
Status setPing(const QJsonValue &value, SimConfig &config);          // "ping"
Status setFaults(const QJsonValue &value, SimConfig &config);        // "faults"
Status setRoutes(const QJsonValue &value, SimConfig &config);        // "routes"
Status setClock(const QJsonValue &value, SimConfig &config);         // "clock"

} // namespace ModemBench::Sim::ScenarioParts
