#pragma once

#include "simconfig.h"

#include <QString>

#include <expected>

namespace ModemBench::Sim {

// Reads a scenario JSON file into a SimConfig. The format is strict on purpose: an unknown key or a
// value of the wrong type is refused with a message that names the key, so a typo in a CI fixture
// fails loudly instead of silently running the default modem (docs/modemsim.md lists the keys).
class Scenario
{
public:
    static std::expected<void, QString> apply(const QString &path, SimConfig &config);
    static std::expected<void, QString> applyJson(const QByteArray &json, SimConfig &config);
};

} // namespace ModemBench::Sim
