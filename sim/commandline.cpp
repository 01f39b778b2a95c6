#include "commandline.h"

#include "personality.h"
#include "scenario.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

namespace ModemBench::Sim {

namespace {

using Parsed = std::expected<void, CommandLineError>;

const QString kDescription = QStringLiteral(
    "Simulates a SIMCom cellular modem on its serial AT interface.\n"
    "\n"
    "On start it prints exactly one line to stdout and flushes it:\n"
    "  PTY <slave path>      (default: a pseudo-terminal; open it like a serial port)\n"
    "  TCP <host>:<port>     (with --tcp; the port actually bound)\n"
    "Logs (--verbose) go to stderr. Exit codes: 0 clean stop (SIGTERM, SIGINT, stdin EOF with\n"
    "--exit-with-stdin), 1 cannot create the port, 2 bad usage, bad scenario file or bad recording.\n"
    "Command-line values override the scenario file. See docs/modemsim.md for the scenario format.");

QCommandLineOption option(const char *name, const char *description, const char *valueName = nullptr,
                          const char *defaultValue = nullptr)
{
    return QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(description),
                              QString::fromLatin1(valueName), QString::fromLatin1(defaultValue));
}

struct Options
{
    QCommandLineOption model = option("model", "Modem model to simulate.", "name", "sim7000g");
    QCommandLineOption link = option(
        "link", "Also create a symlink PATH to the pty (an older symlink there is replaced); removed on exit.",
        "path");
    QCommandLineOption tcp = option("tcp",
                                    "Listen on TCP instead of a pty. HOST is an IP address, 'localhost' or '*'; "
                                    "PORT 0 picks a free port. One client at a time.",
                                    "host:port");
    QCommandLineOption seed = option(
        "seed", "Seed (0-4294967295) for all randomness (signal drift), making a run repeatable. Default: random.",
        "n");
    QCommandLineOption scenario = option(
        "scenario", "JSON scenario file: identities, delays, latencies, canned responses, timed URCs, registration "
        "sequence, SIM, PDP and ping behaviour, faults.",
        "file");
    QCommandLineOption imei = option("imei", "IMEI, 15 digits (default 869951031234564).", "digits");
    QCommandLineOption imsi = option(
        "imsi", "IMSI, 6-15 digits; MCC and MNC also name the network (default 001010123456789).", "digits");
    QCommandLineOption iccid = option("iccid", "ICCID, 18-22 hex characters (default 89012608622914771148).", "id");
    QCommandLineOption registrationDelay = option(
        "registration-delay", "Milliseconds from power-on (or CFUN=1, COPS=0) to registration (default 1500).", "ms");
    QCommandLineOption noBanner = option("no-banner",
                                         "Do not send the power-on banner (RDY, +CFUN: 1, +CPIN: READY, SMS Ready) "
                                         "at start; the modem answers at once. A reboot still sends it.");
    QCommandLineOption exitWithStdin = option(
        "exit-with-stdin",
        "Exit cleanly when standard input reaches end of file (the parent closed the pipe or died).");
    QCommandLineOption state = option(
        "state",
        "JSON file of what the modem saves by itself (CSCLK, CNMP, CMNB, CNETLIGHT, CBANDCFG, the AT+CFS files and "
        "converted certificates); read at start, rewritten atomically when they change.",
        "file");
    QCommandLineOption baudPacing = option(
        "baud-pacing",
        "Take in and send out bytes no faster than a serial line at this baud rate (10 bits a byte), e.g. 115200.",
        "baud");
    QCommandLineOption verbose = option("verbose", "Log every byte in and out, escaped and timestamped, to stderr.");
    QCommandLineOption replay = option(
        "replay",
        "Play back a ModemBench traffic log (docs/recording.md): each command gets its recorded reply, "
        "unsolicited lines come at their recorded times. Cannot be combined with the modem options.",
        "file");
    QCommandLineOption replaySpeed = option(
        "replay-speed", "With --replay: play the recorded timing X times as fast (0.01-1000, default 1).", "x");
};

std::unexpected<CommandLineError> usage(const QString &message)
{
    return std::unexpected(CommandLineError{2, message});
}

Parsed applyIdentity(const QCommandLineParser &parser, const Options &options, SimConfig &config)
{
    using namespace IdentityRules;
    const struct {
        const QCommandLineOption &option;
        QByteArray &target;
        QString (*check)(const QByteArray &);
    } fields[] = {
        {options.imei, config.identity.imei, checkImei},
        {options.imsi, config.identity.imsi, checkImsi},
        {options.iccid, config.identity.iccid, checkIccid},
    };
    for (const auto &field : fields) {
        if (!parser.isSet(field.option))
            continue;
        const QByteArray value = parser.value(field.option).toLatin1();
        if (const QString problem = field.check(value); !problem.isEmpty())
            return usage(QStringLiteral("--%1 '%2': %3")
                             .arg(field.option.names().constFirst(), QString::fromLatin1(value), problem));
        field.target = value;
    }
    return {};
}

Parsed applyNumbers(const QCommandLineParser &parser, const Options &options, SimConfig &config)
{
    if (parser.isSet(options.registrationDelay)) {
        bool ok = false;
        const int ms = parser.value(options.registrationDelay).toInt(&ok);
        if (!ok || ms < 0 || ms > 24 * 60 * 60 * 1000)
            return usage(QStringLiteral("--registration-delay expects milliseconds from 0 to 86400000"));
        config.registrationDelayMs = ms;
    }
    if (parser.isSet(options.seed)) {
        bool ok = false;
        const qulonglong seed = parser.value(options.seed).toULongLong(&ok);
        if (!ok || seed > 0xffffffffULL)
            return usage(QStringLiteral("--seed expects an integer from 0 to 4294967295"));
        config.seed = static_cast<std::uint32_t>(seed);
    }
    if (parser.isSet(options.baudPacing)) {
        bool ok = false;
        const int baud = parser.value(options.baudPacing).toInt(&ok);
        if (!ok || baud < 300 || baud > 4000000)
            return usage(QStringLiteral("--baud-pacing expects a baud rate from 300 to 4000000"));
        config.baudPacing = baud;
    }
    return {};
}

// --replay plays what a modem said; the options that shape a simulated modem would be ignored, so
// they are refused rather than silently dropped.
Parsed applyReplay(const QCommandLineParser &parser, const Options &options, SimConfig &config)
{
    if (!parser.isSet(options.replay)) {
        if (parser.isSet(options.replaySpeed))
            return usage(QStringLiteral("--replay-speed needs --replay FILE"));
        return {};
    }
    for (const QCommandLineOption *modemOption : {&options.model, &options.scenario, &options.seed, &options.imei,
                                                  &options.imsi, &options.iccid, &options.registrationDelay,
                                                  &options.state, &options.baudPacing}) {
        if (parser.isSet(*modemOption))
            return usage(QStringLiteral("--%1 cannot be combined with --replay: the recording says what the modem "
                                        "does").arg(modemOption->names().constFirst()));
    }
    config.replayPath = parser.value(options.replay);
    if (parser.isSet(options.replaySpeed)) {
        bool ok = false;
        const double speed = parser.value(options.replaySpeed).toDouble(&ok);
        if (!ok || !(speed >= 0.01 && speed <= 1000))
            return usage(QStringLiteral("--replay-speed expects a number from 0.01 to 1000"));
        config.replaySpeed = speed;
    }
    return {};
}

Parsed applyOptions(const QCommandLineParser &parser, const Options &options, SimConfig &config)
{
    if (auto replay = applyReplay(parser, options, config); !replay)
        return replay;
    config.model = parser.value(options.model);
    if (!supportedModels().contains(config.model))
        return usage(QStringLiteral("unknown model '%1'; supported: %2")
                         .arg(config.model, supportedModels().join(QStringLiteral(", "))));
    if (parser.isSet(options.scenario)) {
        const QString path = parser.value(options.scenario);
        if (auto loaded = Scenario::apply(path, config); !loaded)
            return usage(QStringLiteral("scenario %1: %2").arg(path, loaded.error()));
    }
    if (auto identity = applyIdentity(parser, options, config); !identity)
        return identity;
    if (auto numbers = applyNumbers(parser, options, config); !numbers)
        return numbers;
    config.linkPath = parser.value(options.link);
    config.tcpEndpoint = parser.value(options.tcp);
    if (!config.linkPath.isEmpty() && !config.tcpEndpoint.isEmpty())
        return usage(QStringLiteral("--link names a pty and cannot be combined with --tcp"));
    if (parser.isSet(options.noBanner))
        config.banner = false;
    config.exitWithStdin = parser.isSet(options.exitWithStdin);
    config.verbose = parser.isSet(options.verbose);
    config.statePath = parser.value(options.state);
    return {};
}

} // namespace

std::expected<SimConfig, CommandLineError> CommandLine::parse(const QStringList &arguments)
{
    Options options;
    options.model.setDescription(QStringLiteral("Modem model to simulate. Supported: %1.")
                                     .arg(supportedModels().join(QStringLiteral(", "))));
    QCommandLineParser parser;
    parser.setApplicationDescription(kDescription);
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    parser.addOptions({options.model, options.link, options.tcp, options.seed, options.scenario, options.imei,
                       options.imsi, options.iccid, options.registrationDelay, options.noBanner,
                       options.exitWithStdin, options.state, options.baudPacing, options.verbose, options.replay,
                       options.replaySpeed});
    if (!parser.parse(arguments))
        return usage(parser.errorText());
    if (parser.isSet(help))
        parser.showHelp(0);
    if (parser.isSet(version))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument '%1' (see --help)")
                         .arg(parser.positionalArguments().constFirst()));
    SimConfig config;
    if (auto applied = applyOptions(parser, options, config); !applied)
        return std::unexpected(applied.error());
    return config;
}

} // namespace ModemBench::Sim
