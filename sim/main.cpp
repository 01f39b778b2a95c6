// modemsim: a SIMCom modem simulator on a pseudo-terminal or a TCP port (docs/modemsim.md).

#include "commandline.h"
#include "modemengine.h"
#include "personality.h"
#include "ptyport.h"
#include "replayengine.h"
#include "shutdownwatcher.h"
#include "symlinkguard.h"
#include "tcpport.h"
#include "trafficlog.h"

#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <random>

using namespace ModemBench::Sim;

namespace {

constexpr int kExitRuntimeFailure = 1;
constexpr int kExitUsage = 2;

void printLine(const QString &line)
{
    // Parents parse this one line (core's SimTransport waits for "PTY <path>"); flush it now.
    std::fprintf(stdout, "%s\n", line.toLocal8Bit().constData());
    std::fflush(stdout);
}

int fail(const QString &message, int exitCode)
{
    std::fprintf(stderr, "modemsim: %s\n", message.toLocal8Bit().constData());
    return exitCode;
}

struct Endpoint
{
    std::unique_ptr<SimPort> port;
    std::unique_ptr<SymlinkGuard> link;
};

std::expected<Endpoint, QString> openEndpoint(const SimConfig &config)
{
    Endpoint endpoint;
    if (!config.tcpEndpoint.isEmpty()) {
        auto tcp = TcpPort::listen(config.tcpEndpoint);
        if (!tcp)
            return std::unexpected(tcp.error());
        printLine(QStringLiteral("TCP ") + (*tcp)->endpoint());
        endpoint.port = std::move(*tcp);
        return endpoint;
    }
    auto pty = PtyPort::create();
    if (!pty)
        return std::unexpected(pty.error());
    if (!config.linkPath.isEmpty()) {
        auto link = SymlinkGuard::create((*pty)->slavePath(), config.linkPath);
        if (!link)
            return std::unexpected(link.error());
        endpoint.link = std::move(*link);
    }
    printLine(QStringLiteral("PTY ") + (*pty)->slavePath());
    endpoint.port = std::move(*pty);
    return endpoint;
}

int run(QCoreApplication &app, const SimConfig &config)
{
    // A parent that closed our stdout or stderr must not kill us with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    const TrafficLog log(config.verbose);
    // A bad recording is a usage error, reported before any port exists (docs/recording.md).
    std::optional<Recording> recording;
    if (!config.replayPath.isEmpty()) {
        auto loaded = RecordingReader::load(config.replayPath);
        if (!loaded)
            return fail(QStringLiteral("recording ") + loaded.error(), kExitUsage);
        recording = std::move(*loaded);
    }
    const std::uint32_t seed = config.seed.value_or(std::random_device{}());
    if (!recording)
        log.note(QStringLiteral("model %1, seed %2 (repeat with --seed %2)").arg(config.model).arg(seed));

    ShutdownWatcher watcher;
    if (auto watching = watcher.watchSignals(); !watching)
        return fail(watching.error(), kExitRuntimeFailure);
    auto endpoint = openEndpoint(config);
    if (!endpoint)
        return fail(endpoint.error(), kExitRuntimeFailure);
    if (config.exitWithStdin)
        watcher.watchStdin();
    QObject::connect(&watcher, &ShutdownWatcher::shutdownRequested, &app, [&app, &log](const QString &why) {
        log.note(QStringLiteral("shutting down: ") + why);
        app.quit();
    });

    if (recording) {
        ReplayEngine replay(std::move(*recording), *endpoint->port, log, config.replaySpeed);
        replay.start();
        return app.exec();
    }
    ModemEngine engine(config, createPersonality(config.model), *endpoint->port, log, seed);
    // The "close_after_ms" fault on a pty: the port goes away with the process, exit code 0.
    QObject::connect(&engine, &ModemEngine::portCloseRequested, &app, [&app] { app.exit(0); });
    engine.start();
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("modemsim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MODEMBENCH_VERSION));
    const auto config = CommandLine::parse(QCoreApplication::arguments());
    if (!config)
        return fail(config.error().message, config.error().exitCode);
    return run(app, *config);
}
