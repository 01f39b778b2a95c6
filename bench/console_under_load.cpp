// console_under_load: does the signal monitor (issue #4) slow down the console? One run against a
// private modemsim (sim:sim7000g): connect (so the modem can ping), then console-priority commands
// with no monitor, then the same with the monitor polling signal at 1 Hz and pinging at 1 Hz, in
// alternating rounds because the machine is noisy (as at_roundtrip does). Commands are spaced by a random gap so they fall at every phase of the monitor's rounds, as a
// user's would. The last line printed is "ratio=<median loaded / median unloaded>" (target <= 1.2).
// See bench/README.md.

#include "core/catalog/commandcatalog.h"
#include "core/flows/networkflows.h"
#include "core/modem/modemsession.h"
#include "core/monitor/signalmonitor.h"

#include "stats.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace ModemBench::Bench {

namespace {

struct Config {
    int samples = 200;     // per phase and round
    int rounds = 3;
    int gapMs = 20;        // mean pause between console commands
    int warmup = 10;       // per phase
    QString port = QStringLiteral("sim:sim7000g?seed=7");
    QByteArray command = "AT+CGMR";
};

void printLine(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

using ::BenchStats::percentile;


using ::BenchStats::median;

std::expected<Config, QString> parseArguments(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Console command latency with and without the signal monitor "
                                                    "(1 Hz polling + 1 Hz ping) against modemsim."));
    parser.addHelpOption();
    const QCommandLineOption samples(QStringLiteral("samples"),
                                     QStringLiteral("Timed commands per phase and round (200)."), QStringLiteral("n"),
                                     QStringLiteral("200"));
    const QCommandLineOption rounds(QStringLiteral("rounds"), QStringLiteral("Rounds of unloaded then loaded (3)."),
                                    QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption gap(QStringLiteral("gap-ms"), QStringLiteral("Mean pause between commands (20)."),
                                 QStringLiteral("ms"), QStringLiteral("20"));
    const QCommandLineOption warmup(QStringLiteral("warmup"), QStringLiteral("Untimed commands per phase (10)."),
                                    QStringLiteral("n"), QStringLiteral("10"));
    const QCommandLineOption port(QStringLiteral("port"), QStringLiteral("Port (sim:sim7000g?seed=7)."),
                                  QStringLiteral("port"), QStringLiteral("sim:sim7000g?seed=7"));
    parser.addOptions({samples, rounds, gap, warmup, port});
    parser.process(app);
    Config config;
    bool ok[4] = {};
    config.samples = parser.value(samples).toInt(&ok[0]);
    config.gapMs = parser.value(gap).toInt(&ok[1]);
    config.warmup = parser.value(warmup).toInt(&ok[2]);
    config.rounds = parser.value(rounds).toInt(&ok[3]);
    config.port = parser.value(port);
    if (!ok[0] || !ok[1] || !ok[2] || !ok[3] || config.samples < 3 || config.rounds < 1 || config.gapMs < 0
        || config.warmup < 0)
        return std::unexpected(QStringLiteral("--samples takes 3 or more, --rounds 1 or more, --gap-ms and --warmup "
                                              "zero or more"));
    return config;
}

// Connects, measures unloaded, starts the monitor, measures loaded, reports. Everything runs from
// the one event loop: each command's callback schedules the next one after a random gap.
class Driver : public QObject
{
public:
    Driver(const Config &config, const CommandCatalog *catalog)
        : m_config(config)
        , m_session(catalog, SystemClock::instanceForThread())
    {
    }

    void start();

private:
    void connectData();
    void runRound();
    void runPhase(QList<double> *into, std::function<void()> then);
    void sendOne(int remaining, QList<double> *into, std::function<void()> then);
    void startMonitor(std::function<void()> then);
    void report();
    void abort(const QString &why);

    Config m_config;
    ModemSession m_session;
    std::shared_ptr<NetworkContext> m_network = std::make_shared<NetworkContext>();
    std::unique_ptr<SignalMonitor> m_monitor;
    QList<double> m_unloaded;
    QList<double> m_loaded;
    int m_round = 0;
    int m_warmupLeft = 0;
};

void Driver::start()
{
    connect(&m_session, &ModemSession::openFailed, this, [this](const Error &e) { abort(e.message); });
    connect(&m_session, &ModemSession::ready, this, [this] { connectData(); });
    m_session.open(m_config.port);
}

// The monitor pings over the modem's data connection (modemsim answers SNPING4 only then).
void Driver::connectData()
{
    NetworkOptions options;
    options.registrationTimeoutMs = 30000;
    auto *runner = new FlowRunner(m_session.channel(), SystemClock::instanceForThread(),
                                  connectSteps(m_network, options, m_session.transport(), SystemClock::instanceForThread()),
                                  QStringLiteral("Connecting"), connectDeadlineMs(options), {}, this);
    connect(runner, &FlowRunner::finished, this, [this, runner](const Result<void> &result) {
        runner->deleteLater();
        if (!result) {
            abort(QStringLiteral("connect failed: %1").arg(result.error().message));
            return;
        }
        printLine(QStringLiteral("connected: %1 (%2)").arg(m_network->address, familyName(m_network->profile().family)));
        SignalMonitor::Options monitorOptions;
        monitorOptions.signalIntervalMs = 1000;
        monitorOptions.pingIntervalMs = 1000;
        monitorOptions.pingHost = QStringLiteral("8.8.8.8");
        m_monitor = std::make_unique<SignalMonitor>(m_session.channel(), SystemClock::instanceForThread(),
                                                    monitorOptions, m_network->profile());
        runRound();
    });
    runner->start();
}

void Driver::runRound()
{
    const qsizetype unloadedBefore = m_unloaded.size();
    const qsizetype loadedBefore = m_loaded.size();
    runPhase(&m_unloaded, [=, this] {
        startMonitor([=, this] {
            m_monitor->stop();
            const auto tail = [](const QList<double> &v, qsizetype from) { return median(v.mid(from)); };
            printLine(QStringLiteral("round %1: unloaded_median_ms=%2 loaded_median_ms=%3")
                          .arg(++m_round)
                          .arg(tail(m_unloaded, unloadedBefore), 0, 'f', 3)
                          .arg(tail(m_loaded, loadedBefore), 0, 'f', 3));
            if (m_round < m_config.rounds)
                runRound();
            else
                report();
        });
    });
}

void Driver::runPhase(QList<double> *into, std::function<void()> then)
{
    m_warmupLeft = m_config.warmup;
    sendOne(m_config.samples + m_warmupLeft, into, std::move(then));
}

void Driver::sendOne(int remaining, QList<double> *into, std::function<void()> then)
{
    if (remaining == 0) {
        then();
        return;
    }
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    m_session.channel()->send(AtRequest::make(m_config.command, Priority::User), this,
                              [=, this](const Result<AtResponse> &response) {
                                  if (!response) {
                                      abort(QStringLiteral("%1 failed: %2").arg(QString::fromLatin1(m_config.command),
                                                                                 response.error().message));
                                      return;
                                  }
                                  const double ms = double(timer->nsecsElapsed()) / 1e6;
                                  if (m_warmupLeft > 0)
                                      --m_warmupLeft;
                                  else
                                      into->append(ms);
                                  // A uniform gap in [0, 2*mean] so commands land at every phase of
                                  // the monitor's 1 s rounds.
                                  const int gap = m_config.gapMs > 0
                                      ? int(QRandomGenerator::global()->bounded(2 * m_config.gapMs + 1))
                                      : 0;
                                  QTimer::singleShot(gap, this, [=, this] { sendOne(remaining - 1, into, then); });
                              });
}

void Driver::startMonitor(std::function<void()> then)
{
    m_monitor->start();
    // One full round first, so the loaded phase starts with both timers running.
    QTimer::singleShot(1100, this, [this, then] { runPhase(&m_loaded, then); });
}

void Driver::report()
{
    const auto line = [](const char *name, const QList<double> &v) {
        printLine(QStringLiteral("%1: n=%2 median_ms=%3 p90_ms=%4 p99_ms=%5 max_ms=%6")
                      .arg(QLatin1String(name))
                      .arg(v.size())
                      .arg(median(v), 0, 'f', 3)
                      .arg(percentile(v, 0.90), 0, 'f', 3)
                      .arg(percentile(v, 0.99), 0, 'f', 3)
                      .arg(*std::max_element(v.begin(), v.end()), 0, 'f', 3));
    };
    line("unloaded", m_unloaded);
    line("loaded", m_loaded);
    int received = 0;
    for (const PingSample &ping : m_monitor->pingSeries().items())
        received += ping.rttMs ? 1 : 0;
    printLine(QStringLiteral("monitor: signal_samples=%1 pings=%2 ping_replies=%3 events=%4")
                  .arg(m_monitor->signalSeries().size())
                  .arg(m_monitor->pingSeries().size())
                  .arg(received)
                  .arg(m_monitor->events().size()));
    printLine(QStringLiteral("ratio=%1").arg(median(m_loaded) / median(m_unloaded), 0, 'f', 2));
    m_session.close();
    QCoreApplication::exit(0);
}

void Driver::abort(const QString &why)
{
    std::fprintf(stderr, "console_under_load: %s\n", qPrintable(why));
    m_session.close();
    QCoreApplication::exit(1);
}

} // namespace

} // namespace ModemBench::Bench

int main(int argc, char *argv[])
{
    using namespace ModemBench;
    QCoreApplication app(argc, argv);
    const auto config = Bench::parseArguments(app);
    if (!config) {
        std::fprintf(stderr, "console_under_load: %s\n", qPrintable(config.error()));
        return 2;
    }
    auto catalog = CommandCatalog::loadDefault();
    if (!catalog) {
        std::fprintf(stderr, "console_under_load: %s\n", qPrintable(catalog.error().message));
        return 1;
    }
    Bench::printLine(QStringLiteral("console_under_load: %1 rounds of %2 x %3 per phase (+%4 warm-up), mean gap "
                                    "%5 ms, on %6")
                         .arg(config->rounds)
                         .arg(config->samples)
                         .arg(QString::fromLatin1(config->command))
                         .arg(config->warmup)
                         .arg(config->gapMs)
                         .arg(config->port));
    Bench::Driver driver(*config, &*catalog);
    QTimer::singleShot(0, &driver, [&driver] { driver.start(); });
    const int code = app.exec();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return code;
}
