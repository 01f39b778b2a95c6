// SignalMonitor against scripted SIM7000G, SIM7080G and SIM800L modems on LoopbackTransport with a
// ManualClock: cadence, background priority, no pile-up, per-model polling, pings, events,
// bounded series and recording. Time moves only when a test advances the clock.
#include "../flows/scriptedmodem.h"

#include "core/cli/interruptnotifier.h"
#include "core/cli/monitorcommand.h"
#include "core/monitor/signalmonitor.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/stat.h>

using namespace ModemBench;

namespace {

const QByteArray kCpsiLte = "+CPSI: LTE CAT-M1,Online,001-01,0x1A2B,26403585,94,EUTRAN-BAND20,6300,5,5,-10,-96,-72,15";

ModelProfile profileFor(ModelFamily family)
{
    switch (family) {
    case ModelFamily::Sim800:
        return *makeProfile(family, QStringLiteral("SIMCOM_SIM800L"), QStringLiteral("R14.18"),
                            QStringLiteral("1418B05SIM800L24"), true);
    case ModelFamily::Sim7080:
        return *makeProfile(family, QStringLiteral("SIMCOM_SIM7080"), QStringLiteral("R1951"),
                            QStringLiteral("1951B16SIM7080"));
    default:
        return *makeProfile(ModelFamily::Sim7000, QStringLiteral("SIMCOM_SIM7000G"), QStringLiteral("R1529"),
                            QStringLiteral("1529B04SIM7000G"));
    }
}

struct Rig {
    explicit Rig(ModelFamily family = ModelFamily::Sim7000,
                 LoopbackTransport::Chunking chunking = LoopbackTransport::Chunking::Whole, int chunkSize = 1)
        : m(family, chunking, chunkSize)
    {
        m.on("AT+CSQ", ScriptedModem::ok("+CSQ: 21,99"));
        m.on("AT+CPSI?", ScriptedModem::ok(kCpsiLte));
        m.on("AT+CEREG?", ScriptedModem::ok("+CEREG: 0,1"));
        m.on("AT+CGREG?", ScriptedModem::ok("+CGREG: 0,1"));
    }
    // Lets queued replies and the commands they trigger run, then moves time in steps.
    void pump(qint64 ms, qint64 step = 50)
    {
        settle();
        for (qint64 done = 0; done < ms; done += step) {
            m.clock.advance(qMin(step, ms - done));
            settle();
        }
    }
    void settle()
    {
        for (int i = 0; i < 30; ++i)
            QCoreApplication::processEvents();
    }
    std::unique_ptr<SignalMonitor> monitor(SignalMonitor::Options options = {},
                                           std::optional<ModelProfile> profile = std::nullopt)
    {
        return std::make_unique<SignalMonitor>(m.channel.get(), &m.clock, options, profile);
    }
    ScriptedModem m;
};

bool hasEvent(const SignalMonitor &monitor, MonitorEventKind kind, const QString &needle = {})
{
    for (const MonitorEvent &event : monitor.events().items()) {
        if (event.kind == kind && event.text.contains(needle))
            return true;
    }
    return false;
}

} // namespace

class TestSignalMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pollsAtTheClocksCadence_data()
    {
        QTest::addColumn<int>("chunking");
        QTest::addColumn<int>("chunkSize");
        QTest::newRow("whole") << int(LoopbackTransport::Chunking::Whole) << 1;
        QTest::newRow("chunks of 1") << int(LoopbackTransport::Chunking::Fixed) << 1;
        QTest::newRow("chunks of 8") << int(LoopbackTransport::Chunking::Fixed) << 8;
        QTest::newRow("random chunks") << int(LoopbackTransport::Chunking::Random) << 1;
    }
    void pollsAtTheClocksCadence()
    {
        QFETCH(int, chunking);
        QFETCH(int, chunkSize);
        Rig rig(ModelFamily::Sim7000, LoopbackTransport::Chunking(chunking), chunkSize);
        auto monitor = rig.monitor({}, profileFor(ModelFamily::Sim7000));
        QSignalSpy samples(monitor.get(), &SignalMonitor::signalSampled);
        monitor->start();
        rig.pump(0);
        QCOMPARE(samples.count(), 1);
        rig.pump(950);
        QCOMPARE(samples.count(), 1);
        rig.pump(50);
        QCOMPARE(samples.count(), 2);
        rig.pump(3000);
        QCOMPARE(samples.count(), 5);
        const auto &series = monitor->signalSeries();
        QCOMPARE(series.at(1).timeMs - series.at(0).timeMs, 1000);
        QCOMPARE(series.at(4).timeMs - series.at(0).timeMs, 4000);
        const SignalSample &s = series.last();
        QCOMPARE(s.csq, 21);
        QCOMPARE(s.rssiDbm, -72.0); // SIMCom table: -114 + 2*21 (§5.3)
        QCOMPARE(s.rsrpDbm, -96.0);
        QCOMPARE(s.rsrqDb, -10.0);
        QCOMPARE(s.sinrDb, 10.0);   // 2*15 - 20 (§5.4)
        QCOMPARE(rig.m.count("AT+CSQ"), 5);
        QCOMPARE(rig.m.count("AT+CPSI?"), 5);
        QCOMPARE(rig.m.count("AT+CEREG?"), 5);
        monitor->stop();
        rig.pump(5000);
        QCOMPARE(samples.count(), 5);
        QVERIFY(!monitor->isRunning());
    }

    void consoleCommandsGoFirst()
    {
        Rig rig;
        // The console's first command holds the line for 500 ms.
        rig.m.on("ATI", [&rig](const QByteArray &) {
            rig.m.later(500, ScriptedModem::ok("SIM7000G R1529"));
            return QByteArray();
        });
        bool consoleDone = false;
        rig.m.channel->send(AtRequest::make("ATI", Priority::User), nullptr, [](const Result<AtResponse> &) {});
        rig.settle();
        auto monitor = rig.monitor({}, profileFor(ModelFamily::Sim7000));
        monitor->start();                                    // AT+CSQ queued behind ATI
        rig.m.channel->send(AtRequest::make("AT+CGMR", Priority::Normal), nullptr,
                            [&consoleDone](const Result<AtResponse> &r) { consoleDone = r.has_value(); });
        rig.pump(600);
        QVERIFY(consoleDone);
        const qsizetype cgmr = rig.m.commands.indexOf("AT+CGMR");
        const qsizetype csq = rig.m.commands.indexOf("AT+CSQ");
        QVERIFY(cgmr > 0 && csq > 0);
        QVERIFY2(cgmr < csq, qPrintable(rig.m.commands.join(' ')));
    }

    void slowModemLowersTheRateWithoutPilingUp()
    {
        Rig rig;
        rig.m.on("AT+CSQ", [&rig](const QByteArray &) {
            // Slow, but inside AT+CSQ's 2 s catalog timeout.
            rig.m.later(1800, ScriptedModem::ok("+CSQ: 18,99"));
            return QByteArray();
        });
        auto monitor = rig.monitor({}, profileFor(ModelFamily::Sim7000));
        monitor->start();
        int maxQueued = 0;
        for (int i = 0; i < 200; ++i) {
            rig.pump(50);
            maxQueued = qMax(maxQueued, rig.m.channel->queuedCount());
        }
        QCOMPARE(maxQueued, 0);                // never a second poll waiting behind the first
        QVERIFY(rig.m.count("AT+CSQ") >= 5);
        QVERIFY(rig.m.count("AT+CSQ") <= 6);   // 10 s / 1.8 s, not 10
        QCOMPARE(monitor->signalSeries().last().csq, 18);
    }

    void sim800PollsCsqOnly()
    {
        Rig rig(ModelFamily::Sim800);
        auto monitor = rig.monitor({}, profileFor(ModelFamily::Sim800));
        monitor->start();
        rig.pump(2000);
        QCOMPARE(rig.m.count("AT+CPSI?"), 0);
        QCOMPARE(rig.m.count("AT+CSQ"), 3);
        QCOMPARE(rig.m.count("AT+CGREG?"), 3); // SIM800 registration read (§11)
        const SignalSample &s = monitor->signalSeries().last();
        QCOMPARE(s.csq, 21);
        QVERIFY(s.rssiDbm);
        QVERIFY(!s.rsrpDbm && !s.rsrqDb && !s.sinrDb);
    }

    void unknownSignalGivesEmptyValues()
    {
        Rig rig;
        rig.m.on("AT+CSQ", ScriptedModem::ok("+CSQ: 99,99"));
        rig.m.on("AT+CPSI?", ScriptedModem::ok("+CPSI: NO SERVICE,Online"));
        auto monitor = rig.monitor({}, profileFor(ModelFamily::Sim7000));
        monitor->start();
        rig.pump(0);
        QCOMPARE(monitor->signalSeries().size(), 1);
        const SignalSample &s = monitor->signalSeries().last();
        QVERIFY(!s.csq && !s.rssiDbm && !s.rsrpDbm && !s.rsrqDb && !s.sinrDb);
        QVERIFY(!hasEvent(*monitor, MonitorEventKind::PollFailed));
    }

    void failedPollIsAnEvent()
    {
        Rig rig;
        rig.m.on("AT+CPSI?", QByteArray("\r\n+CME ERROR: 4\r\n"));
        auto monitor = rig.monitor({}, profileFor(ModelFamily::Sim7000));
        monitor->start();
        rig.pump(0);
        QVERIFY(hasEvent(*monitor, MonitorEventKind::PollFailed, QStringLiteral("AT+CPSI?")));
        QCOMPARE(monitor->signalSeries().last().csq, 21); // the CSQ half still counts
    }

    void pings_data()
    {
        QTest::addColumn<int>("family");
        QTest::addColumn<QByteArray>("command");
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<double>("rtt"); // -1: lost
        const QByteArray snping = "AT+SNPING4=\"8.8.8.8\",1,16,5000";
        const QByteArray cipping = "AT+CIPPING=\"8.8.8.8\",1,16,50";
        QTest::newRow("sim7000g reply") << int(ModelFamily::Sim7000) << snping
                                        << ScriptedModem::ok("+SNPING4: 1,8.8.8.8,48") << 48.0;
        // §16.27: a lost SNPING4 probe prints nothing before OK.
        QTest::newRow("sim7000g lost") << int(ModelFamily::Sim7000) << snping << ScriptedModem::ok() << -1.0;
        QTest::newRow("sim7080g reply") << int(ModelFamily::Sim7080) << snping
                                        << ScriptedModem::ok("+SNPING4: 1,8.8.8.8,61") << 61.0;
        QTest::newRow("sim800l reply") << int(ModelFamily::Sim800) << cipping
                                       << ScriptedModem::ok("+CIPPING: 1,\"8.8.8.8\",3,52") << 300.0;
        QTest::newRow("sim800l lost") << int(ModelFamily::Sim800) << cipping
                                      << ScriptedModem::ok("+CIPPING: 1,\"8.8.8.8\",600,255") << -1.0;
    }
    void pings()
    {
        QFETCH(int, family);
        QFETCH(QByteArray, command);
        QFETCH(QByteArray, reply);
        QFETCH(double, rtt);
        Rig rig{ModelFamily(family)};
        rig.m.on(command, reply);
        SignalMonitor::Options options;
        options.pingHost = QStringLiteral("8.8.8.8");
        auto monitor = rig.monitor(options, profileFor(ModelFamily(family)));
        monitor->start();
        rig.pump(2000);
        QCOMPARE(monitor->pingSeries().size(), 3);
        const PingSample &ping = monitor->pingSeries().last();
        QCOMPARE(ping.host, QStringLiteral("8.8.8.8"));
        if (rtt < 0)
            QVERIFY(!ping.rttMs);
        else
            QCOMPARE(ping.rttMs, rtt);
        // SIM7080 chooses the ping context once, not every round (§6.8).
        QCOMPARE(rig.m.count("AT+SNPDPID=0"), ModelFamily(family) == ModelFamily::Sim7080 ? 1 : 0);
        QVERIFY(!hasEvent(*monitor, MonitorEventKind::PollFailed));
    }

    void pingHostGivenWhileRunning()
    {
        Rig rig;
        rig.m.on("AT+SNPING4=\"8.8.8.8\",1,16,5000", ScriptedModem::ok("+SNPING4: 1,8.8.8.8,48"));
        auto monitor = rig.monitor({}, profileFor(ModelFamily::Sim7000));
        monitor->start();
        rig.pump(1000);
        QCOMPARE(monitor->pingSeries().size(), 0);
        SignalMonitor::Options options;
        options.pingHost = QStringLiteral("8.8.8.8");
        monitor->setOptions(options);
        monitor->setOptions(options); // twice: still one ping loop
        rig.pump(2000);
        QCOMPARE(monitor->pingSeries().size(), 3);
        options.pingHost.clear();
        monitor->setOptions(options);
        rig.pump(3000);
        QCOMPARE(monitor->pingSeries().size(), 3);
    }

    void pingWithoutDataConnectionIsAnEvent()
    {
        Rig rig;
        rig.m.on("AT+SNPING4=\"8.8.8.8\",1,16,5000", QByteArray("\r\nERROR\r\n"));
        SignalMonitor::Options options;
        options.pingHost = QStringLiteral("8.8.8.8");
        auto monitor = rig.monitor(options, profileFor(ModelFamily::Sim7000));
        monitor->start();
        rig.pump(0);
        QCOMPARE(monitor->pingSeries().size(), 0);
        QVERIFY(hasEvent(*monitor, MonitorEventKind::PollFailed, QStringLiteral("Ping 8.8.8.8")));
        QVERIFY(monitor->isRunning());
        // The same failure every round is one event, until a ping works again.
        const qsizetype events = monitor->events().size();
        rig.pump(3000);
        QCOMPARE(monitor->events().size(), events);
        rig.m.on("AT+SNPING4=\"8.8.8.8\",1,16,5000", ScriptedModem::ok("+SNPING4: 1,8.8.8.8,48"));
        rig.pump(1000);
        rig.m.on("AT+SNPING4=\"8.8.8.8\",1,16,5000", QByteArray("\r\nERROR\r\n"));
        rig.pump(1000);
        QCOMPARE(monitor->events().size(), events + 1);
    }

    void urcsBecomeEvents()
    {
        Rig rig;
        auto monitor = rig.monitor({}, profileFor(ModelFamily::Sim7000));
        QSignalSpy events(monitor.get(), &SignalMonitor::eventRecorded);
        monitor->start();
        rig.pump(0);
        QVERIFY(hasEvent(*monitor, MonitorEventKind::Registration, QStringLiteral("LTE (CEREG): registered-home")));
        rig.m.transport.deliverFromModem("\r\n+CEREG: 2\r\n");
        rig.m.transport.deliverFromModem("\r\n+APP PDP: DEACTIVE\r\n");
        rig.m.transport.deliverFromModem("\r\n+PDP: DEACT\r\n");
        rig.m.transport.deliverFromModem("\r\nDST: 0\r\n");
        rig.settle();
        QVERIFY(hasEvent(*monitor, MonitorEventKind::Registration, QStringLiteral("registered-home -> searching")));
        QVERIFY(hasEvent(*monitor, MonitorEventKind::DataConnection, QStringLiteral("PDP deactivated")));
        QVERIFY(hasEvent(*monitor, MonitorEventKind::DataConnection, QStringLiteral("+PDP: DEACT")));
        QVERIFY(hasEvent(*monitor, MonitorEventKind::Urc, QStringLiteral("DST: 0")));
        // The same state again from a poll is no change.
        rig.m.on("AT+CEREG?", ScriptedModem::ok("+CEREG: 0,2"));
        const qsizetype before = monitor->events().size();
        rig.pump(1000);
        QCOMPARE(monitor->events().size(), before);
        QCOMPARE(events.count(), int(monitor->events().size()));
    }

    // With restoreDataConnection the monitor waits for the network again and reactivates the
    // data connection in the profile's dialect, so pings resume after a drop by themselves.
    void restoresTheDataConnectionAfterADrop()
    {
        Rig rig;
        SignalMonitor::Options options;
        options.restoreDataConnection = true;
        auto monitor = rig.monitor(options, profileFor(ModelFamily::Sim7000));
        monitor->start();
        rig.pump(0);
        QCOMPARE(rig.m.count("AT+CNACT=1,\"ctnb\""), 0);
        rig.m.transport.deliverFromModem("\r\n+APP PDP: DEACTIVE\r\n");
        rig.pump(3000);
        QCOMPARE(rig.m.count("AT+CNACT=1,\"ctnb\""), 1);
        QVERIFY(hasEvent(*monitor, MonitorEventKind::DataConnection, QStringLiteral("Data connection restored (10.250.5.248)")));
        // Without the option a drop is only recorded.
        Rig plain;
        auto watcher = plain.monitor({}, profileFor(ModelFamily::Sim7000));
        watcher->start();
        plain.pump(0);
        plain.m.transport.deliverFromModem("\r\n+APP PDP: DEACTIVE\r\n");
        plain.pump(3000);
        QCOMPARE(plain.m.count("AT+CNACT=1,\"ctnb\""), 0);
    }

    // A network that refuses is tried again later, not in a tight loop, and stop() ends it.
    void failedRestoreIsRetriedLater()
    {
        Rig rig;
        rig.m.on("AT+CNACT=1,\"ctnb\"", QByteArray("\r\nERROR\r\n"));
        SignalMonitor::Options options;
        options.restoreDataConnection = true;
        auto monitor = rig.monitor(options, profileFor(ModelFamily::Sim7000));
        monitor->start();
        rig.pump(0);
        rig.m.transport.deliverFromModem("\r\n+APP PDP: DEACTIVE\r\n");
        rig.pump(5000);
        QCOMPARE(rig.m.count("AT+CNACT=1,\"ctnb\""), 1);
        QVERIFY(hasEvent(*monitor, MonitorEventKind::PollFailed, QStringLiteral("Could not restore")));
        rig.pump(SignalMonitor::kRestoreRetryMs);
        QCOMPARE(rig.m.count("AT+CNACT=1,\"ctnb\""), 2);
        monitor->stop();
        rig.pump(2 * SignalMonitor::kRestoreRetryMs);
        QCOMPARE(rig.m.count("AT+CNACT=1,\"ctnb\""), 2);
    }

    void rebootIsAnEvent()
    {
        Rig rig;
        auto monitor = rig.monitor({}, profileFor(ModelFamily::Sim7000));
        monitor->start();
        rig.pump(0);
        rig.m.transport.deliverFromModem("\r\nRDY\r\n");
        rig.settle();
        QVERIFY(hasEvent(*monitor, MonitorEventKind::Reboot));
        QVERIFY(monitor->isRunning()); // it keeps watching the modem come back
        rig.pump(1000);
        QCOMPARE(monitor->signalSeries().size(), 2);
    }

    void closedPortStopsTheMonitor()
    {
        Rig rig;
        auto monitor = rig.monitor({}, profileFor(ModelFamily::Sim7000));
        QSignalSpy failed(monitor.get(), &SignalMonitor::failed);
        monitor->start();
        rig.pump(0);
        rig.m.transport.dropConnection();
        rig.settle();
        QVERIFY(hasEvent(*monitor, MonitorEventKind::PortClosed));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).value<Error>().code, ErrorCode::PortClosed);
        QVERIFY(!monitor->isRunning());
        rig.pump(3000);
        QCOMPARE(monitor->signalSeries().size(), 1);
    }

    void probesTheModelWithoutAProfile()
    {
        Rig rig(ModelFamily::Sim800);
        auto monitor = rig.monitor();
        monitor->start();
        rig.pump(100);
        QCOMPARE(rig.m.count("AT+CGMM"), 1);
        QCOMPARE(monitor->signalSeries().size(), 1);
        QCOMPARE(rig.m.count("AT+CPSI?"), 0);
    }

    void seriesAreBounded()
    {
        Rig rig;
        SignalMonitor::Options options;
        options.capacity = 16;
        auto monitor = rig.monitor(options, profileFor(ModelFamily::Sim7000));
        monitor->start();
        rig.pump(40000, 500);
        QVERIFY(monitor->signalSeries().size() <= 16);
        QVERIFY(monitor->signalSeries().hasDropped());
        QCOMPARE(monitor->signalSeries().last().timeMs - monitor->signalSeries().at(0).timeMs,
                 (monitor->signalSeries().size() - 1) * 1000);
    }

    void recordsJsonLinesOwnerOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("monitor.jsonl"));
        Rig rig;
        SignalMonitor::Options options;
        options.pingHost = QStringLiteral("8.8.8.8");
        rig.m.on("AT+SNPING4=\"8.8.8.8\",1,16,5000", ScriptedModem::ok("+SNPING4: 1,8.8.8.8,48"));
        auto monitor = rig.monitor(options, profileFor(ModelFamily::Sim7000));
        QVERIFY(monitor->startRecording(path));
        QCOMPARE(monitor->recordingPath(), path);
        monitor->start();
        rig.pump(1000);
        rig.m.transport.deliverFromModem("\r\n+APP PDP: ACTIVE\r\n");
        rig.settle();
        monitor->stopRecording();
        struct stat info {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, 0600u);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QMap<QString, int> types;
        QJsonObject signal;
        for (const QByteArray &line : file.readAll().split('\n')) {
            if (line.isEmpty())
                continue;
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            QVERIFY2(!object.isEmpty(), line.constData());
            types[object.value(QStringLiteral("type")).toString()]++;
            if (object.value(QStringLiteral("type")).toString() == QLatin1String("signal"))
                signal = object;
        }
        QCOMPARE(types.value(QStringLiteral("signal")), 2);
        QCOMPARE(types.value(QStringLiteral("ping")), 2);
        QVERIFY(types.value(QStringLiteral("event")) >= 2);
        QCOMPARE(signal.value(QStringLiteral("csq")).toInt(), 21);
        QCOMPARE(signal.value(QStringLiteral("rsrp_dbm")).toDouble(), -96.0);
        QVERIFY(signal.value(QStringLiteral("time")).toString().endsWith(QLatin1Char('Z')));
    }

    void unwritableRecordingPathFails()
    {
        Rig rig;
        auto monitor = rig.monitor({}, profileFor(ModelFamily::Sim7000));
        const QString path = QStringLiteral("/nonexistent-modembench-dir/monitor.jsonl");
        const Result<void> result = monitor->startRecording(path);
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::Usage);
        QVERIFY(result.error().message.contains(path));
        QVERIFY(monitor->recordingPath().isEmpty());
    }

    void cliRowsFormat()
    {
        SignalSample s;
        s.timeMs = 1795334400123; // 2026-11-22T08:00:00.123Z
        s.csq = 21;
        s.rssiDbm = -72;
        const QString csv = monitorCsvRow(s, 48.5, QStringLiteral("urc: +CEREG: 1,\"1A2B\""));
        QCOMPARE(csv, QStringLiteral("2026-11-22T08:00:00.123Z,21,-72,,,,48.5,\"urc: +CEREG: 1,\"\"1A2B\"\"\""));
        const QString json = monitorJsonRow(s, std::nullopt, {});
        QCOMPARE(json, QStringLiteral("{\"timestamp\":\"2026-11-22T08:00:00.123Z\",\"csq\":21,\"rssi_dbm\":-72,"
                                      "\"rsrp_dbm\":null,\"rsrq_db\":null,\"sinr_db\":null,\"rtt_ms\":null,"
                                      "\"event\":null}"));
    }

    void interruptNotifierDeliversSigint()
    {
        InterruptNotifier notifier;
        QVERIFY(notifier.install());
        QSignalSpy spy(&notifier, &InterruptNotifier::interrupted);
        std::raise(SIGINT);
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy.at(0).at(0).toInt(), SIGINT);
        InterruptNotifier second;
        QVERIFY(!second.install()); // one at a time
    }
};

QTEST_MAIN(TestSignalMonitor)
#include "tst_signalmonitor.moc"
