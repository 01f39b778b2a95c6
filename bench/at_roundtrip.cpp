// at_roundtrip: what one AT command costs through the product's channel compared with the least a
// host can do on the same kind of port (test-plan "Figures to record"). See bench/README.md.
//
// Run A: SerialTransport (QSerialPort) + AtChannel + SystemClock + the default catalog, event-loop
// driven. Run B: a blocking write()/read() loop in plain C. Each talks to its own PtyResponder, an
// in-process modem that answers OK at once, so the modem side costs the same in both. Rounds
// alternate A and B because the machine is noisy (environment.md); medians are compared.
// The last line printed is "ratio=<median A / median B>".

#include "blockingloop.h"
#include "channelround.h"
#include "modemsimprobe.h"
#include "ptyresponder.h"
#include "stats.h"

#include "core/catalog/commandcatalog.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace ModemBench::Bench {

namespace {

struct Config {
    int count = 10000;
    int rounds = 5;
    int warmup = 500;
    bool modemsim = true;
};

void printLine(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

using ::BenchStats::median;

std::expected<Config, QString> parseArguments(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("AT round trips through AtChannel + QSerialPort vs a blocking "
                                                    "loop, each on a pty to an immediate responder."));
    parser.addHelpOption();
    const QCommandLineOption count(QStringLiteral("count"), QStringLiteral("Timed round trips per run (10000)."),
                                   QStringLiteral("n"), QStringLiteral("10000"));
    const QCommandLineOption rounds(QStringLiteral("rounds"), QStringLiteral("Rounds of A then B (5)."),
                                    QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption warmup(QStringLiteral("warmup"), QStringLiteral("Untimed round trips first (500)."),
                                    QStringLiteral("n"), QStringLiteral("500"));
    const QCommandLineOption noModemsim(QStringLiteral("no-modemsim"), QStringLiteral("Skip the modemsim figure."));
    parser.addOptions({count, rounds, warmup, noModemsim});
    parser.process(app);
    Config config;
    bool ok[3] = {};
    config.count = parser.value(count).toInt(&ok[0]);
    config.rounds = parser.value(rounds).toInt(&ok[1]);
    config.warmup = parser.value(warmup).toInt(&ok[2]);
    config.modemsim = !parser.isSet(noModemsim);
    if (!ok[0] || !ok[1] || !ok[2] || config.count < 1 || config.rounds < 1 || config.warmup < 0)
        return std::unexpected(QStringLiteral("--count and --rounds take a positive number, --warmup zero or more"));
    return config;
}

// Walks the rounds from the one event loop: a channel round reports back through its callback,
// the blocking round runs in the same turn, and the next channel round starts from a fresh turn.
class Driver : public QObject
{
public:
    Driver(const Config &config, const CommandCatalog *catalog, const PtyResponder *forChannel,
           const PtyResponder *forBlocking)
        : m_config(config)
        , m_catalog(catalog)
        , m_forChannel(forChannel)
        , m_forBlocking(forBlocking)
    {
    }

    void start() { QTimer::singleShot(0, this, [this] { runChannelRound(); }); }

private:
    void runChannelRound();
    void runBlockingRound();
    void reportModemsim();
    void finish();
    void abort(const QString &why);

    Config m_config;
    const CommandCatalog *m_catalog;
    const PtyResponder *m_forChannel;
    const PtyResponder *m_forBlocking;
    QList<double> m_channel;
    QList<double> m_blocking;
};

void Driver::runChannelRound()
{
    auto *round = new ChannelRound(m_forChannel->slavePath(), m_catalog, m_config.count, m_config.warmup, this);
    round->start([this, round](const ChannelRound::Outcome &outcome) {
        round->deleteLater();
        if (!outcome) {
            abort(QStringLiteral("channel round %1 failed: %2").arg(m_channel.size() + 1).arg(outcome.error()));
            return;
        }
        m_channel << *outcome;
        runBlockingRound();
    });
}

void Driver::runBlockingRound()
{
    const auto outcome = runBlockingLoop(m_forBlocking->slavePath(), {m_config.count, m_config.warmup, {}});
    if (!outcome) {
        abort(QStringLiteral("blocking round %1 failed: %2").arg(m_blocking.size() + 1).arg(outcome.error()));
        return;
    }
    m_blocking << *outcome;
    printLine(QStringLiteral("round %1: channel_us_per_roundtrip=%2 blocking_us_per_roundtrip=%3 ratio=%4")
                  .arg(m_blocking.size())
                  .arg(m_channel.last(), 0, 'f', 2)
                  .arg(m_blocking.last(), 0, 'f', 2)
                  .arg(m_channel.last() / m_blocking.last(), 0, 'f', 3));
    if (m_blocking.size() < m_config.rounds)
        QTimer::singleShot(0, this, [this] { runChannelRound(); });
    else
        finish();
}

// The simulator's own cost per command, for the integration tests' time budgets.
void Driver::reportModemsim()
{
    const QString program = QCoreApplication::applicationDirPath() + QStringLiteral("/modemsim");
    if (!m_config.modemsim) {
        printLine(QStringLiteral("modemsim: skipped (--no-modemsim)"));
        return;
    }
    if (!QFileInfo(program).isExecutable()) {
        printLine(QStringLiteral("modemsim: skipped (%1 not found)").arg(program));
        return;
    }
    const auto outcome = measureModemsim(program, {m_config.count, m_config.warmup, {}}, m_config.rounds);
    if (!outcome) {
        printLine(QStringLiteral("modemsim: skipped (%1)").arg(outcome.error()));
        return;
    }
    printLine(QStringLiteral("modemsim_us_per_roundtrip=%1 (blocking loop, ATE0, zero latency, median of %2)")
                  .arg(median(*outcome), 0, 'f', 2)
                  .arg(outcome->size()));
}

void Driver::finish()
{
    const double channel = median(m_channel);
    const double blocking = median(m_blocking);
    printLine(QStringLiteral("channel_median_us_per_roundtrip=%1").arg(channel, 0, 'f', 2));
    printLine(QStringLiteral("blocking_median_us_per_roundtrip=%1").arg(blocking, 0, 'f', 2));
    // Equal to rounds x (warmup + count) each when no command was retried or resynchronised.
    printLine(QStringLiteral("responder_answers: channel=%1 blocking=%2")
                  .arg(m_forChannel->answered())
                  .arg(m_forBlocking->answered()));
    reportModemsim();
    printLine(QStringLiteral("ratio=%1").arg(channel / blocking, 0, 'f', 3));
    QCoreApplication::exit(0);
}

void Driver::abort(const QString &why)
{
    std::fprintf(stderr, "at_roundtrip: %s\n", qPrintable(why));
    QCoreApplication::exit(1);
}

} // namespace

} // namespace ModemBench::Bench

int main(int argc, char *argv[])
{
    using namespace ModemBench;
    using namespace ModemBench::Bench;
    QCoreApplication app(argc, argv);
    const auto config = parseArguments(app);
    if (!config) {
        std::fprintf(stderr, "at_roundtrip: %s\n", qPrintable(config.error()));
        return 2;
    }
    const auto catalog = CommandCatalog::loadDefault();
    auto forChannel = PtyResponder::create();
    auto forBlocking = PtyResponder::create();
    if (!catalog || !forChannel || !forBlocking) {
        const QString why = !catalog ? catalog.error().message
                                     : (!forChannel ? forChannel.error() : forBlocking.error());
        std::fprintf(stderr, "at_roundtrip: %s\n", qPrintable(why));
        return 1;
    }
    printLine(QStringLiteral("at_roundtrip: %1 round trips x %2 rounds (+%3 warm-up); channel on %4, blocking on %5")
                  .arg(config->count)
                  .arg(config->rounds)
                  .arg(config->warmup)
                  .arg((*forChannel)->slavePath(), (*forBlocking)->slavePath()));
    Driver driver(*config, &*catalog, forChannel->get(), forBlocking->get());
    driver.start();
    return app.exec();
}
