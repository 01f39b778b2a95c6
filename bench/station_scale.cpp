// station_scale: does the provisioning station (issue #7 item 7) scale? The same profile provisions
// 1, 8, 32 and 64 simulated modems (or the counts given as arguments) with realistic latencies,
// each count in its own run of an in-process Station on this event loop, exactly as the station
// view drives it. Per run: wall time, the memory per modem, and the longest gap of a 5 ms timer on
// the same loop (what a GUI would feel as a stall). The last line printed is
// "ratio=<time for the largest count / time for the first>" (target <= 1.15). See bench/README.md.

#include "core/provision/profile.h"
#include "core/provision/station.h"
#include "core/store/provisionrecords.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>

namespace ModemBench::Bench {

namespace {

constexpr int kTickMs = 5;
constexpr int kMemorySampleMs = 250;
constexpr double kStallLimitMs = 50.0;

// Latencies in the range a SIM7000G on a live LTE-M network shows (docs/modemsim.md scenario
// example, protocol.md §4-§6): slow operator selection, registration after seconds, PDP
// activation and ping round trips of a cellular link.
const char kScenario[] = R"({
  "registration_delay_ms": 3000,
  "latency_ms": { "default": 30, "AT+COPS": 500, "AT+CSQ": 60 },
  "pdp": { "activation_ms": 800 },
  "ping": { "rtt_ms_mean": 120, "rtt_ms_jitter": 20 }
})";

void printLine(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

// "VmRSS:   12345 kB" of /proc/<pid>/status, in KiB; 0 when the process is gone.
qint64 rssKiB(const QString &pid)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

// The summed RSS of this process's direct children (the modemsim behind every sim: port), from
// /proc/self/task/*/children: each thread lists the children it started.
qint64 childrenRssKiB()
{
    qint64 total = 0;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile file(tasks.filePath(task + QStringLiteral("/children")));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> pids = file.readAll().simplified().split(' ');
        for (const QByteArray &pid : pids) {
            if (!pid.isEmpty())
                total += rssKiB(QString::fromLatin1(pid));
        }
    }
    return total;
}

std::shared_ptr<const ProvisionProfile> benchProfile()
{
    auto profile = std::make_shared<ProvisionProfile>();
    profile->name = QStringLiteral("station_scale");
    profile->hash = QStringLiteral("station_scale-1");
    profile->families = {QStringLiteral("sim7000")};
    profile->settings.cnmp = 38;
    profile->settings.cmnb = 1;
    profile->settings.sleep = false;
    profile->settings.netLight = true;
    ScriptStep identity;
    identity.name = QStringLiteral("Firmware");
    identity.command = "AT+CGMR";
    identity.expect = QStringLiteral("SIM7000");
    ScriptStep functionality;
    functionality.name = QStringLiteral("Full functionality");
    functionality.command = "AT+CFUN?";
    functionality.expect = QStringLiteral("\\+CFUN: 1");
    functionality.retries = 2;
    profile->steps = {identity, functionality};
    profile->verify.pingHost = QStringLiteral("192.0.2.10");
    profile->verify.pingCount = 2;
    profile->verify.minSignalDbm = -110;
    profile->unitTimeoutMs = 180000;
    return profile;
}

struct Outcome {
    int count = 0;
    double seconds = 0;
    int passed = 0;
    double maxGapMs = 0;
    qint64 selfGrowthKiB = 0;
    qint64 childrenKiB = 0;
};

// One count after another; every run gets its own record file so a count never sees another's
// units as already provisioned.
class Driver : public QObject
{
public:
    Driver(QList<int> counts, QString scenarioPath, QString workDir)
        : m_counts(std::move(counts))
        , m_scenario(std::move(scenarioPath))
        , m_workDir(std::move(workDir))
        , m_profile(benchProfile())
    {
        m_tick.setTimerType(Qt::PreciseTimer);
        m_tick.setInterval(kTickMs);
        connect(&m_tick, &QTimer::timeout, this, [this] {
            const double gapMs = double(m_sinceTick.nsecsElapsed()) / 1e6;
            if (gapMs > m_maxGapMs) {
                m_maxGapMs = gapMs;
                m_maxGapAtMs = m_clock.elapsed();
            }
            m_sinceTick.restart();
        });
        m_memory.setInterval(kMemorySampleMs);
        connect(&m_memory, &QTimer::timeout, this, [this] { sampleMemory(); });
    }

    void runNext()
    {
        if (m_next >= m_counts.size()) {
            finish();
            return;
        }
        const int count = m_counts.at(m_next++);
        const QString spec = QStringLiteral("sim:sim7000g?scenario=%1*%2").arg(m_scenario).arg(count);
        Result<QStringList> ports = expandPortSpec(spec);
        if (!ports) {
            fail(QStringLiteral("%1: %2").arg(spec, ports.error().message));
            return;
        }
        Result<std::unique_ptr<RecordStore>> store =
            RecordStore::open(QDir(m_workDir).filePath(QStringLiteral("records-%1.sqlite").arg(count)));
        if (!store) {
            fail(store.error().message);
            return;
        }
        m_store = std::move(*store);
        StationOptions options;
        options.stationName = QStringLiteral("station_scale");
        options.operatorName = QStringLiteral("bench");
        options.trafficLogDirectory = QDir(m_workDir).filePath(QStringLiteral("logs-%1").arg(count));
        m_station = std::make_unique<Station>(m_profile, m_store.get(), options);
        if (Result<void> prepared = m_station->prepare(); !prepared) {
            fail(prepared.error().message);
            return;
        }
        m_outcome = Outcome{};
        m_outcome.count = count;
        connect(m_station.get(), &Station::unitFinished, this, [this](int index, const ProvisionRecord &record) {
            if (record.result == UnitResult::Pass)
                ++m_outcome.passed;
            else if (m_failuresShown++ < 5)
                std::fprintf(stderr, "station_scale: N=%d unit %d failed: %s\n", m_outcome.count, index + 1,
                             qPrintable(record.error));
        });
        connect(m_station.get(), &Station::idle, this, [this] { runEnded(); });
        for (const QString &port : std::as_const(*ports))
            m_station->addPort(port);

        m_rssBeforeKiB = rssKiB(QStringLiteral("self"));
        m_peakSelfKiB = m_rssBeforeKiB;
        m_peakChildrenKiB = 0;
        m_maxGapMs = 0;
        m_sinceTick.start();
        m_tick.start();
        m_memory.start();
        m_clock.start();
        m_station->startAll();
        m_startAllMs = double(m_clock.nsecsElapsed()) / 1e6;
    }

private:
    void sampleMemory()
    {
        m_peakSelfKiB = std::max(m_peakSelfKiB, rssKiB(QStringLiteral("self")));
        m_peakChildrenKiB = std::max(m_peakChildrenKiB, childrenRssKiB());
    }

    void runEnded()
    {
        if (!m_station || m_station->isRunning())
            return;
        m_outcome.seconds = double(m_clock.nsecsElapsed()) / 1e9;
        sampleMemory();
        m_tick.stop();
        m_memory.stop();
        m_outcome.maxGapMs = m_maxGapMs;
        m_outcome.selfGrowthKiB = std::max<qint64>(0, m_peakSelfKiB - m_rssBeforeKiB);
        m_outcome.childrenKiB = m_peakChildrenKiB;
        const Outcome &o = m_outcome;
        const double perModem = double(o.selfGrowthKiB + o.childrenKiB) / o.count;
        printLine(QStringLiteral("N=%1 time=%2s per_unit=%3s passed=%4/%1 memory_per_modem=%5KiB (station %6KiB + "
                                 "modemsim %7KiB) max_event_loop_stall_ms=%8 %9 (at %10 s; startAll() took %11 ms)")
                      .arg(o.count)
                      .arg(o.seconds, 0, 'f', 2)
                      .arg(o.seconds / o.count, 0, 'f', 3)
                      .arg(o.passed)
                      .arg(perModem, 0, 'f', 0)
                      .arg(double(o.selfGrowthKiB) / o.count, 0, 'f', 0)
                      .arg(double(o.childrenKiB) / o.count, 0, 'f', 0)
                      .arg(o.maxGapMs, 0, 'f', 1)
                      .arg(o.maxGapMs < kStallLimitMs ? QStringLiteral("stall_ok") : QStringLiteral("stall_over_50ms"))
                      .arg(double(m_maxGapAtMs) / 1000.0, 0, 'f', 2)
                      .arg(m_startAllMs, 0, 'f', 1));
        m_outcomes << m_outcome;
        if (o.passed != o.count) {
            fail(QStringLiteral("N=%1: %2 of %1 units failed; the figure would not be comparable")
                     .arg(o.count)
                     .arg(o.count - o.passed));
            return;
        }
        // Tear the station down from a clean stack: idle() is emitted from inside it.
        QTimer::singleShot(0, this, [this] {
            m_station.reset();
            m_store.reset();
            // The modemsim children need a moment to exit; a short pause keeps the next run's
            // baseline from counting them.
            QTimer::singleShot(500, this, [this] { runNext(); });
        });
    }

    void finish()
    {
        if (m_outcomes.size() < 2 || m_outcomes.first().seconds <= 0) {
            fail(QStringLiteral("give at least two counts (e.g. 1 64) to compute a ratio"));
            return;
        }
        printLine(QStringLiteral("ratio=%1").arg(m_outcomes.last().seconds / m_outcomes.first().seconds, 0, 'f', 2));
        QCoreApplication::exit(0);
    }

    void fail(const QString &message)
    {
        std::fprintf(stderr, "station_scale: %s\n", qPrintable(message));
        QCoreApplication::exit(1);
    }

    QList<int> m_counts;
    QString m_scenario;
    QString m_workDir;
    std::shared_ptr<const ProvisionProfile> m_profile;
    std::unique_ptr<RecordStore> m_store;
    std::unique_ptr<Station> m_station;
    qsizetype m_next = 0;
    Outcome m_outcome;
    QList<Outcome> m_outcomes;
    int m_failuresShown = 0;
    QTimer m_tick;
    QTimer m_memory;
    QElapsedTimer m_sinceTick;
    QElapsedTimer m_clock;
    double m_maxGapMs = 0;
    qint64 m_maxGapAtMs = 0;
    double m_startAllMs = 0;
    qint64 m_rssBeforeKiB = 0;
    qint64 m_peakSelfKiB = 0;
    qint64 m_peakChildrenKiB = 0;
};

} // namespace

} // namespace ModemBench::Bench

int main(int argc, char *argv[])
{
    using namespace ModemBench;
    QCoreApplication app(argc, argv);
    QList<int> counts;
    for (const QString &argument : QCoreApplication::arguments().mid(1)) {
        bool ok = false;
        const int count = argument.toInt(&ok);
        if (!ok || count < 1 || count > 256) {
            std::fprintf(stderr, "station_scale: '%s' is not a unit count (1-256); usage: station_scale [N ...] "
                                 "(default 1 8 32 64)\n", qPrintable(argument));
            return 2;
        }
        counts << count;
    }
    if (counts.isEmpty())
        counts = {1, 8, 32, 64};
    QTemporaryDir work;
    if (!work.isValid()) {
        std::fprintf(stderr, "station_scale: no temporary folder: %s\n", qPrintable(work.errorString()));
        return 1;
    }
    const QString scenario = work.filePath(QStringLiteral("scenario.json"));
    QFile file(scenario);
    if (!file.open(QIODevice::WriteOnly) || file.write(Bench::kScenario) < 0 || !file.flush()) {
        std::fprintf(stderr, "station_scale: cannot write %s\n", qPrintable(scenario));
        return 1;
    }
    Bench::printLine(QStringLiteral("station_scale: counts %1; registration 3 s, AT latency 30 ms (COPS 500), PDP "
                                    "800 ms, ping RTT 120 ms; records in %2")
                         .arg([&counts] {
                             QStringList text;
                             for (int count : std::as_const(counts))
                                 text << QString::number(count);
                             return text.join(QLatin1Char(' '));
                         }(),
                              work.path()));
    Bench::Driver driver(counts, scenario, work.path());
    QTimer::singleShot(0, &driver, [&driver] { driver.runNext(); });
    const int code = app.exec();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return code;
}
