// modembench-cli as users and scripts run it: exit codes, text and JSON output, sim: ports,
// scenarios with unusual but valid replies.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "../../common/cliprocess.h"

#include "../integration/simprocess.h"

namespace {

using CliTest::Run;
using CliTest::cli;

QJsonObject statusJson(const QString &port)
{
    const Run run = cli({QStringLiteral("--port"), port, QStringLiteral("status"), QStringLiteral("--json")});
    if (run.exitCode != 0) {
        qWarning("status failed (%d): %s", run.exitCode, run.err.constData());
        return {};
    }
    return QJsonDocument::fromJson(run.out).object();
}

// The data path (CNACT, SNPING4, CIP, registration sequences) came to modemsim with its issue #3
// personalities; an older modemsim refuses --model sim7080g with exit code 2.
bool simHasNetworkPersonalities()
{
    static const bool has = [] {
        SimProcess sim({QStringLiteral("--model"), QStringLiteral("sim7080g")});
        return !sim.endpoint("PTY").isEmpty();
    }();
    return has;
}

#define REQUIRE_NETWORK_SIM()                                                                                   \
    if (!simHasNetworkPersonalities())                                                                          \
    QSKIP("this modemsim has no issue #3 personalities yet (--model sim7080g exits 2)")

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versionAndHelp()
    {
        const Run version = cli({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith("modembench-cli "));
        const Run help = cli({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        for (const char *needle : {"ports", "status", "tcp://", "sim:sim7000g", "Exit codes", "--json", "--log", "bringup",
                                   "connect", "ping HOST", "--apn", "--timeout-registration", "--count", "--power-key"})
            QVERIFY2(help.out.contains(needle), needle);
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no command") << QStringList{};
        QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")};
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--bogus"), QStringLiteral("ports")};
        QTest::newRow("at without commands") << QStringList{QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("at")};
        QTest::newRow("no port") << QStringList{QStringLiteral("status")};
        QTest::newRow("bad baud") << QStringList{QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("--baud"), QStringLiteral("fast"), QStringLiteral("status")};
        QTest::newRow("bad tcp port") << QStringList{QStringLiteral("--port"), QStringLiteral("tcp://localhost:99999"), QStringLiteral("status")};
        QTest::newRow("ping without host") << QStringList{QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("ping")};
        QTest::newRow("ping bad count") << QStringList{QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("ping"), QStringLiteral("8.8.8.8"), QStringLiteral("--count"), QStringLiteral("0")};
        QTest::newRow("connect bad registration timeout") << QStringList{QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("connect"), QStringLiteral("--timeout-registration"), QStringLiteral("soon")};
        QTest::newRow("connect bad power key") << QStringList{QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("connect"), QStringLiteral("--power-key"), QStringLiteral("gpio4")};
        QTest::newRow("unknown sim model") << QStringList{QStringLiteral("--port"), QStringLiteral("sim:nokia3310"), QStringLiteral("status")};
    }
    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, arguments);
        const Run run = cli(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(!run.err.trimmed().isEmpty());
    }

    void portsJsonListsTheSimulator()
    {
        const Run run = cli({QStringLiteral("ports"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonArray ports = QJsonDocument::fromJson(run.out).array();
        const bool found = std::any_of(ports.begin(), ports.end(), [](const QJsonValue &port) {
            return port.toObject().value(QStringLiteral("name")).toString() == QLatin1String("sim:sim7000g");
        });
        QVERIFY(found);
    }

    void atCommandsSucceed()
    {
        const Run run = cli({QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("at"),
                             QStringLiteral("ATI"), QStringLiteral("AT+CSQ")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("SIM7000G R1529\nOK\n"));
        QVERIFY(run.out.contains("+CSQ: "));
    }

    void modemErrorExitsOne()
    {
        const Run run = cli({QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("at"),
                             QStringLiteral("AT+NOSUCH"), QStringLiteral("ATI"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 1);
        const QJsonArray results = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(results.size(), 2); // the error does not stop later commands
        QCOMPARE(results.at(0).toObject().value(QStringLiteral("ok")).toBool(), false);
        QCOMPARE(results.at(1).toObject().value(QStringLiteral("ok")).toBool(), true);
    }

    void transportErrorsExitThree_data()
    {
        QTest::addColumn<QString>("port");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("missing device") << QStringLiteral("/dev/ttyNoSuchModem7") << QByteArray("does not exist");
        QTest::newRow("refused tcp") << QStringLiteral("tcp://127.0.0.1:1") << QByteArray("Cannot connect");
    }
    void transportErrorsExitThree()
    {
        QFETCH(QString, port);
        QFETCH(QByteArray, message);
        const Run run = cli({QStringLiteral("--port"), port, QStringLiteral("at"), QStringLiteral("AT")});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.err.contains(message), run.err.constData());
    }

    // Done-when: every identity and signal field of the simulated modem, none null.
    void statusJsonIsComplete()
    {
        const QJsonObject status = statusJson(QStringLiteral("sim:sim7000g"));
        const QJsonObject identity = status.value(QStringLiteral("identity")).toObject();
        for (const char *key : {"manufacturer", "model", "revision", "imei", "imsi", "iccid"})
            QVERIFY2(identity.value(QLatin1String(key)).isString(), key);
        const QJsonObject signal = status.value(QStringLiteral("signal")).toObject();
        for (const char *key : {"csq", "ber", "rssi_dbm", "rsrp_dbm", "rsrq_db", "sinr_db"})
            QVERIFY2(signal.value(QLatin1String(key)).isDouble(), key);
        QCOMPARE(status.value(QStringLiteral("sim")).toString(), QStringLiteral("ready"));
        const QJsonObject registration = status.value(QStringLiteral("registration")).toObject();
        QCOMPARE(registration.value(QStringLiteral("state")).toString(), QStringLiteral("registered-home"));
        for (const char *key : {"stat", "act", "operator", "tac", "ci"})
            QVERIFY2(!registration.value(QLatin1String(key)).isNull(), key);
    }

    // Done-when: odd spacing, verbose errors and URCs in the middle still give the right fields.
    void unusualRepliesStillParse()
    {
        QTemporaryDir dir;
        const QString scenario = dir.filePath(QStringLiteral("unusual.json"));
        const QJsonObject responses{
            {QStringLiteral("AT+CGMI"), QStringLiteral("\r\n*PSUTTZ: 26/11/22,06:04:03\",\"+32\",0\r\n\r\nSIMCOM_Ltd\r\n\r\nOK\r\n")},
            {QStringLiteral("AT+CGMR"), QStringLiteral("\r\nRevision: 1351B05SIM7000E_20180821_1526\r\n\r\nOK\r\n")},
            {QStringLiteral("AT+CGSN"), QStringLiteral("\r\nDST: 1\r\n\r\n869951031234564\r\n\r\nOK\r\n")},
            {QStringLiteral("AT+CIMI"), QStringLiteral("\r\nDST: 1\r\n\r\n+CEREG: 1\r\n\r\n001019876543210\r\n\r\nOK\r\n")},
            {QStringLiteral("AT+CCID"), QStringLiteral("\r\n+CCID: 8901260862291477114f\r\n\r\nOK\r\n")},
            {QStringLiteral("AT+CPIN?"), QStringLiteral("\r\n+CPIN:READY\r\n\r\nOK\r\n")},
            {QStringLiteral("AT+CEREG?"), QStringLiteral("\r\n+CEREG: 5,\"00AB\",\"0001F2\",9\r\n\r\n+CEREG:  0 , 5\r\n\r\nOK\r\n")},
            {QStringLiteral("AT+CREG?"), QStringLiteral("\r\n+CME ERROR: operation not allowed\r\n")},
            {QStringLiteral("AT+COPS?"), QStringLiteral("\r\n+COPS: 0,0,\"Telekom.de 1nce.net\",9\r\n\r\nOK\r\n")},
            {QStringLiteral("AT+CSQ"), QStringLiteral("\r\n+CSQ:  24 , 0\r\n\r\n+CADATAIND: 0\r\n\r\nOK\r\n")},
            {QStringLiteral("AT+CPSI?"), QStringLiteral("\r\n+CPSI: LTE NB-IOT,Online,248-01,0x2AFA,51716400,177,EUTRAN-BAND20,6254,0,0,-10,-63,-54,15\r\n\r\nOK\r\n")},
        };
        QFile file(scenario);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("responses"), responses},
                                             {QStringLiteral("registration_delay_ms"), 0}})
                       .toJson());
        file.close();
        const QJsonObject status = statusJson(QStringLiteral("sim:sim7000g?scenario=") + scenario);
        const QJsonObject identity = status.value(QStringLiteral("identity")).toObject();
        QCOMPARE(identity.value(QStringLiteral("manufacturer")).toString(), QStringLiteral("SIMCOM_Ltd"));
        QCOMPARE(identity.value(QStringLiteral("revision")).toString(), QStringLiteral("1351B05SIM7000E_20180821_1526"));
        QCOMPARE(identity.value(QStringLiteral("imei")).toString(), QStringLiteral("869951031234564"));
        QCOMPARE(identity.value(QStringLiteral("imsi")).toString(), QStringLiteral("001019876543210"));
        QCOMPARE(identity.value(QStringLiteral("iccid")).toString(), QStringLiteral("8901260862291477114"));
        QCOMPARE(status.value(QStringLiteral("sim")).toString(), QStringLiteral("ready"));
        const QJsonObject registration = status.value(QStringLiteral("registration")).toObject();
        QCOMPARE(registration.value(QStringLiteral("stat")).toInt(), 5);
        QCOMPARE(registration.value(QStringLiteral("state")).toString(), QStringLiteral("registered-roaming"));
        QCOMPARE(registration.value(QStringLiteral("operator")).toString(), QStringLiteral("Telekom.de 1nce.net"));
        QCOMPARE(registration.value(QStringLiteral("act")).toString(), QStringLiteral("LTE NB-IoT"));
        const QJsonObject signal = status.value(QStringLiteral("signal")).toObject();
        QCOMPARE(signal.value(QStringLiteral("csq")).toInt(), 24);
        QCOMPARE(signal.value(QStringLiteral("ber")).toInt(), 0);
        QCOMPARE(signal.value(QStringLiteral("rssi_dbm")).toInt(), -66);
        QCOMPARE(signal.value(QStringLiteral("rsrp_dbm")).toInt(), -63);
        QCOMPARE(signal.value(QStringLiteral("rsrq_db")).toInt(), -10);
        QCOMPARE(signal.value(QStringLiteral("sinr_db")).toInt(), 10);
    }

    void trafficLogOption()
    {
        QTemporaryDir dir;
        const QString log = dir.filePath(QStringLiteral("t.log"));
        const Run run = cli({QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("--log"), log,
                             QStringLiteral("at"), QStringLiteral("AT+CGMM")});
        QCOMPARE(run.exitCode, 0);
        QFile file(log);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("SIMCOM_SIM7000G"));
    }

    // Issue #3: status --json names the family, the TLS capability and the data connection.
    void statusJsonHasNetworkFields()
    {
        const QJsonObject status = statusJson(QStringLiteral("sim:sim7000g"));
        QCOMPARE(status.value(QStringLiteral("model_family")).toString(), QStringLiteral("sim7000"));
        const QJsonObject caps = status.value(QStringLiteral("capabilities")).toObject();
        QCOMPARE(caps.value(QStringLiteral("tls")).toBool(), true);
        QVERIFY(!caps.value(QStringLiteral("tls_note")).toString().isEmpty());
        const QJsonObject ip = status.value(QStringLiteral("ip")).toObject();
        QVERIFY(ip.contains(QStringLiteral("active")));
        QVERIFY(ip.contains(QStringLiteral("address")));
        QVERIFY(ip.contains(QStringLiteral("apn")));
    }

    void bringupReportsTheModel()
    {
        REQUIRE_NETWORK_SIM();
        const Run run = cli({QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("bringup"),
                             QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value(QStringLiteral("model_family")).toString(), QStringLiteral("sim7000"));
        QVERIFY(!json.value(QStringLiteral("firmware")).toString().isEmpty());
    }

    // With a shared modemsim: connect, then status shows registered with an IP, then ping answers.
    void connectStatusPing_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("family");
        QTest::addColumn<bool>("tls");
        QTest::newRow("sim7000g") << "sim7000g" << "sim7000" << true;
        QTest::newRow("sim7080g") << "sim7080g" << "sim7080" << true;
        QTest::newRow("sim800l") << "sim800l" << "sim800" << true;
        QTest::newRow("sim800l-r13") << "sim800l-r13" << "sim800" << false;
    }
    void connectStatusPing()
    {
        QFETCH(QString, model);
        QFETCH(QString, family);
        QFETCH(bool, tls);
        REQUIRE_NETWORK_SIM();
        SimProcess sim({QStringLiteral("--model"), model});
        const QString port = sim.endpoint("PTY");
        if (port.isEmpty()) {
            sim.process().waitForFinished(5000);
            if (sim.process().exitCode() == 2)
                QSKIP("this modemsim has no such --model yet");
            QFAIL("modemsim did not start");
        }
        const Run connected = cli({QStringLiteral("--port"), port, QStringLiteral("connect"),
                                   QStringLiteral("--timeout-registration"), QStringLiteral("60")});
        QVERIFY2(connected.exitCode == 0, connected.err.constData());
        QVERIFY(connected.out.startsWith("Connected: "));
        const QJsonObject status = statusJson(port);
        QCOMPARE(status.value(QStringLiteral("model_family")).toString(), family);
        QCOMPARE(status.value(QStringLiteral("capabilities")).toObject().value(QStringLiteral("tls")).toBool(), tls);
        if (!tls)
            QVERIFY(status.value(QStringLiteral("capabilities")).toObject().value(QStringLiteral("tls_note")).toString().contains(QLatin1String("R13.08")));
        QVERIFY(status.value(QStringLiteral("registration")).toObject().value(QStringLiteral("state")).toString().startsWith(QLatin1String("registered")));
        const QJsonObject ip = status.value(QStringLiteral("ip")).toObject();
        QCOMPARE(ip.value(QStringLiteral("active")).toBool(), true);
        QVERIFY(!ip.value(QStringLiteral("address")).toString().isEmpty());
        const Run ping = cli({QStringLiteral("--port"), port, QStringLiteral("ping"), QStringLiteral("8.8.8.8"),
                              QStringLiteral("--count"), QStringLiteral("2"), QStringLiteral("--json")});
        QVERIFY2(ping.exitCode == 0, ping.err.constData());
        const QJsonObject report = QJsonDocument::fromJson(ping.out).object();
        QCOMPARE(report.value(QStringLiteral("sent")).toInt(), 2);
        QVERIFY(report.value(QStringLiteral("received")).toInt() >= 1);
        QVERIFY(report.value(QStringLiteral("replies")).toArray().size() >= 1);
    }

    // A denied network exits 1 with a plain-language message; one that never registers exits 3 by
    // the registration deadline.
    void connectFailuresExplainThemselves_data()
    {
        QTest::addColumn<QByteArray>("sequence");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QByteArray>("says");
        QTest::newRow("sim7000g-denied") << QByteArray(R"([{"stat": 2, "for_ms": 500}, {"stat": 3}])") << 1
                                         << QByteArray("refused this SIM");
        QTest::newRow("sim7000g-never-registers") << QByteArray(R"([{"stat": 2}])") << 3
                                                  << QByteArray("--timeout-registration");
    }
    void connectFailuresExplainThemselves()
    {
        QFETCH(QByteArray, sequence);
        QFETCH(int, exitCode);
        QFETCH(QByteArray, says);
        REQUIRE_NETWORK_SIM();
        QTemporaryDir dir;
        const QString scenario = dir.filePath(QStringLiteral("registration.json"));
        QFile file(scenario);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"registration": {"sequence": )" + sequence + "}}");
        file.close();
        const Run run = cli({QStringLiteral("--port"), QStringLiteral("sim:sim7000g?scenario=") + scenario,
                             QStringLiteral("connect"), QStringLiteral("--timeout-registration"), QStringLiteral("4")});
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY2(run.err.contains(says), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
