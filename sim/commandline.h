#pragma once

#include "simconfig.h"

#include <QString>
#include <QStringList>

#include <expected>

namespace ModemBench::Sim {

struct CommandLineError
{
    int exitCode = 2;
    QString message;  // without the "modemsim: " prefix
};

// The modemsim command line (docs/modemsim.md). --help and --version print and exit 0 from inside
// parse(); every usage error, including a bad scenario file, is exit code 2.
class CommandLine
{
public:
    static std::expected<SimConfig, CommandLineError> parse(const QStringList &arguments);
};

} // namespace ModemBench::Sim
