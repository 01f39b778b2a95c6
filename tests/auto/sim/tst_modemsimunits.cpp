// Unit tests of modemsim's pure parts (line assembly, command splitting, scenario validation, the
// signal walk, the SIM7000G command table). The executable as a whole is tested in tst_modemsim.

#include "atcommand.h"
#include "datapath.h"
#include "lineassembler.h"
#include "modemstate.h"
#include "reply.h"
#include "scenario.h"
#include "signalmodel.h"
#include "sim7000g.h"
#include "simconfig.h"
#include "statefile.h"
#include "trafficlog.h"

#include <QtTest>

using namespace ModemBench::Sim;

namespace {

struct Fed
{
    QList<QByteArray> lines;
    int overflows = 0;
    QByteArray echo;
};

Fed feedAll(LineAssembler &assembler, const QByteArray &bytes)
{
    Fed fed;
    for (const char byte : bytes) {
        const LineAssembler::Step step = assembler.feed(byte);
        if (step.echo)
            fed.echo += byte;
        if (step.outcome == LineAssembler::Outcome::Line)
            fed.lines.append(assembler.takeLine());
        else if (step.outcome == LineAssembler::Outcome::Overflow)
            ++fed.overflows;
    }
    return fed;
}

} // namespace

class TestModemSimUnits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lineAssembler();
    void lineAssemblerOverflow();
    void parseBody();
    void parseBodyErrors();
    void latencyKey();
    void scenarioAccepted();
    void scenarioRejected();
    void defaultIdentityIsValid();
    void signalWalk();
    void escape();
    void sim7000gTable();
    void networkScenarioKeys();
    void dataPath();
    void stateFile();
};

void TestModemSimUnits::lineAssembler()
{
    LineAssembler assembler(559);
    Fed fed = feedAll(assembler, "AT\r\nat+csq\rxx\rgarbageATI\n");
    QCOMPARE(fed.lines, (QList<QByteArray>{"AT", "at+csq", "ATI"}));
    QCOMPARE(fed.echo, QByteArray("AT\rat+csq\rxx\rgarbageATI\n"));  // the LF after CR is swallowed
    fed = feedAll(assembler, "AT+CGMX\bI\r");
    QCOMPARE(fed.lines, QList<QByteArray>{"AT+CGMI"});
    fed = feedAll(assembler, "AAT\r");
    QCOMPARE(fed.lines, QList<QByteArray>{"AT"});
}

void TestModemSimUnits::lineAssemblerOverflow()
{
    LineAssembler assembler(559);
    Fed fed = feedAll(assembler, "AT" + QByteArray(557, 'E') + '\r');
    QCOMPARE(fed.lines.size(), 1);
    QCOMPARE(fed.overflows, 0);
    fed = feedAll(assembler, "AT" + QByteArray(558, 'E') + "\rAT\r");
    QCOMPARE(fed.overflows, 1);
    QCOMPARE(fed.lines, QList<QByteArray>{"AT"});
    // A megabyte without a terminator is one overflow, not a megabyte of memory.
    fed = feedAll(assembler, QByteArray(1024 * 1024, 'x') + '\r');
    QCOMPARE(fed.overflows, 1);
}

void TestModemSimUnits::parseBody()
{
    auto commands = AtCommand::parseBody("+CSQ;+CPSI?");
    QVERIFY(commands);
    QCOMPARE(commands->size(), 2);
    QCOMPARE(commands->at(0).name, QByteArray("+CSQ"));
    QCOMPARE(commands->at(0).form, AtCommand::Form::Action);
    QCOMPARE(commands->at(1).form, AtCommand::Form::Read);

    commands = AtCommand::parseBody("&fZE0&W");
    QVERIFY(commands);
    QCOMPARE(commands->size(), 4);
    QCOMPARE(commands->at(0).name, QByteArray("&F"));
    QCOMPARE(commands->at(2).name, QByteArray("E"));
    QCOMPARE(commands->at(2).number, std::optional<int>(0));

    commands = AtCommand::parseBody("+cops=1,2,\"262;01\";E0");
    QVERIFY(commands);
    QCOMPARE(commands->size(), 2);
    QCOMPARE(commands->at(0).name, QByteArray("+COPS"));
    QCOMPARE(commands->at(0).form, AtCommand::Form::Write);
    QCOMPARE(commands->at(0).intArg(1), std::optional<int>(2));
    QCOMPARE(commands->at(0).stringArg(2), std::optional<QByteArray>("262;01"));
    QCOMPARE(commands->at(1).name, QByteArray("E"));

    commands = AtCommand::parseBody("+CEREG=?");
    QVERIFY(commands);
    QCOMPARE(commands->at(0).form, AtCommand::Form::Test);
    commands = AtCommand::parseBody("");
    QVERIFY(commands && commands->isEmpty());
}

void TestModemSimUnits::parseBodyErrors()
{
    QVERIFY(!AtCommand::parseBody("+CSQ?X"));
    QVERIFY(!AtCommand::parseBody("+CCLK=\"24/07"));
    QVERIFY(!AtCommand::parseBody("+"));
    QVERIFY(!AtCommand::parseBody("&"));
    QVERIFY(!AtCommand::parseBody(QByteArrayView("\x00", 1)));
}

void TestModemSimUnits::latencyKey()
{
    QCOMPARE(AtCommand::parseBody("+csq=?")->at(0).latencyKey(), QByteArray("AT+CSQ"));
    QCOMPARE(AtCommand::parseBody("+COPS=0")->at(0).latencyKey(), QByteArray("AT+COPS"));
    QCOMPARE(AtCommand::parseBody("+CPSI?")->at(0).latencyKey(), QByteArray("AT+CPSI"));
    QCOMPARE(AtCommand::parseBody("i")->at(0).latencyKey(), QByteArray("ATI"));
    QCOMPARE(AtCommand::parseBody("E0")->at(0).latencyKey(), QByteArray("ATE0"));
}

void TestModemSimUnits::scenarioAccepted()
{
    SimConfig config;
    const auto applied = Scenario::applyJson(R"({
        "imei": "490154203237518", "imsi": "26201999", "iccid": "8949011234567890123f", "operator": "Test Net",
        "registration_delay_ms": 10, "banner_delay_ms": 0, "banner": false, "echo": false, "cmee": 2,
        "signal_step_ms": 0,
        "latency_ms": {"at+csq": 5, "default": 1},
        "responses": {"at+cimi": "\r\n1\r\n", "AT+X": ["a", "b"]},
        "urcs": [{"after_ms": 3, "text": "\u00ffZ"}]
    })", config);
    QVERIFY2(applied, applied ? "" : qPrintable(applied.error()));
    QCOMPARE(config.identity.imsi, QByteArray("26201999"));
    QCOMPARE(config.identity.operatorName, QByteArray("Test Net"));
    QCOMPARE(config.cmee, 2);
    QVERIFY(!config.echo && !config.banner);
    QCOMPARE(config.latencyMs.value("AT+CSQ"), 5);
    QCOMPARE(config.defaultLatencyMs, std::optional<int>(1));
    QCOMPARE(config.responses.value("AT+CIMI"), QList<QByteArray>{"\r\n1\r\n"});
    QCOMPARE(config.responses.value("AT+X").size(), 2);
    QCOMPARE(config.urcs.size(), 1);
    QCOMPARE(config.urcs.at(0).text, QByteArray("\xffZ"));
}

void TestModemSimUnits::scenarioRejected()
{
    SimConfig config;
    auto applied = Scenario::applyJson(R"({"latency_ms": {"AT+CSQ": 1.5}})", config);
    QVERIFY(!applied);
    QVERIFY2(applied.error().contains(QLatin1String("latency_ms.AT+CSQ")), qPrintable(applied.error()));
    applied = Scenario::applyJson(R"([1, 2])", config);
    QVERIFY(!applied);
    applied = Scenario::applyJson(R"({"urcs": {"after_ms": 1}})", config);
    QVERIFY(!applied && applied.error().contains(QLatin1String("urcs")));
    applied = Scenario::applyJson(R"({"operator": "bad\"quote"})", config);
    QVERIFY(!applied && applied.error().contains(QLatin1String("operator")));
}

void TestModemSimUnits::defaultIdentityIsValid()
{
    const Identity identity;
    QVERIFY(IdentityRules::checkImei(identity.imei).isEmpty());
    QVERIFY(IdentityRules::hasValidLuhn(identity.imei));
    QVERIFY(IdentityRules::hasValidLuhn(identity.iccid));
    QVERIFY(IdentityRules::checkImsi(identity.imsi).isEmpty());
    QVERIFY(IdentityRules::checkIccid(identity.iccid).isEmpty());
    QVERIFY(!IdentityRules::hasValidLuhn("869951031234565"));
}

void TestModemSimUnits::signalWalk()
{
    std::mt19937 first(42);
    std::mt19937 second(42);
    SignalModel a(first, 0);
    SignalModel b(second, 0);
    int previous = a.sample().rssi;
    QCOMPARE(b.sample().rssi, previous);
    for (int i = 0; i < 5000; ++i) {
        const SignalSample s = a.sample();
        QCOMPARE(b.sample().rssi, s.rssi);
        QVERIFY(s.rssi >= SignalModel::kMinRssi && s.rssi <= SignalModel::kMaxRssi);
        QVERIFY(qAbs(s.rssi - previous) <= 1);
        QVERIFY(s.rsrq >= -20 && s.rsrq <= -3);
        QVERIFY(s.rsrp >= -140 && s.rsrp <= -44);
        QVERIFY(s.rssnr >= 0 && s.rssnr <= 25);
        QCOMPARE(s.rssiDbm, -114 + 2 * s.rssi);
        previous = s.rssi;
    }
    // With the default interval nothing moves within one second.
    std::mt19937 third(7);
    SignalModel slow(third, 60000);
    const int fixed = slow.sample().rssi;
    for (int i = 0; i < 100; ++i)
        QCOMPARE(slow.sample().rssi, fixed);
}

void TestModemSimUnits::escape()
{
    QCOMPARE(TrafficLog::escape(QByteArray("AT\r\n\\\x01\xff", 7)), QByteArray("AT\\r\\n\\\\\\x01\\xff"));
}

void TestModemSimUnits::sim7000gTable()
{
    Sim7000g modem;
    ModemState state;
    std::mt19937 random(1);
    SignalModel signal(random, 0);
    const Identity identity;
    const PowerOnDefaults defaults;
    const SimConfig config;
    std::mt19937 dataRandom(2);
    ModemContext context{state, signal, identity, defaults, config, dataRandom};
    const auto run = [&](const QByteArray &body) {
        Reply reply;
        const auto commands = AtCommand::parseBody(body);
        for (const AtCommand &command : *commands) {
            modem.execute(command, context, reply);
            if (reply.failed())
                break;
        }
        return reply;
    };
    QCOMPARE(run("I").lines, QList<QByteArray>{"SIM7000G R1529"});
    QCOMPARE(run("+CNMP=38;+CNMP?").lines, QList<QByteArray>{"+CNMP: 38"});
    QCOMPARE(run("+CMNB=4").cmeCode, Cme::kInvalidInputValue);
    QCOMPARE(run("+CLTS=?").lines, QList<QByteArray>{"+CLTS: \"yy/MM/dd,hh:mm:ss+/-zz\""});
    QCOMPARE(run("+NOPE").cmeCode, Cme::kOperationNotSupported);
    QCOMPARE(modem.cmeText(765), QByteArray("Invalid input value"));
    const Reply reboot = run("+CFUN=1,1");
    QCOMPARE(reboot.effects.size(), 1);
    QCOMPARE(reboot.effects.at(0).kind, Effect::Kind::Reboot);
    state.regStat = RegStat::Home;
    state.ceregN = 2;
    QCOMPARE(modem.registrationUrcs(state), QList<QByteArray>{"+CEREG: 1,\"1A2B\",,\"0192E301\",7"});
    const QList<QByteArray> time = modem.networkTimeUrcs(QDateTime(QDate(2019, 6, 26), QTime(6, 4, 3), Qt::UTC), 32);
    QCOMPARE(time, (QList<QByteArray>{"DST: 0", "*PSUTTZ: 19/06/26,06:04:03\",\"+32\",0"}));
}

void TestModemSimUnits::networkScenarioKeys()
{
    SimConfig config;
    const auto applied = Scenario::applyJson(R"({
        "registration": {"sequence": [{"stat": 2, "for_ms": 100}, {"stat": 5}]},
        "sim": "absent",
        "pdp": {"apn": "iot.example", "announce_apn": false, "reject_other_apns": true, "address": "10.1.2.3",
                "activation_ms": 5},
        "ping": {"rtt_ms_mean": 80, "rtt_ms_jitter": 0, "loss": 0.25, "resolve": {"Gw.Example": "192.0.2.7",
                 "nx.example": ""}},
        "faults": {"noise_per_second": 3, "drop_byte_rate": 0.5, "reboot_after_commands": 4,
                   "reboot_after_ms": 9, "slow_factor": 2.5, "close_after_ms": 70}
    })", config);
    QVERIFY2(applied, qPrintable(applied ? QString() : applied.error()));
    QCOMPARE(config.registrationSequence.size(), 2);
    QCOMPARE(config.registrationSequence.at(1).stat, RegStat::Roaming);
    QCOMPARE(config.registrationSequence.at(0).forMs, 100);
    QVERIFY(!config.simPresent);
    QCOMPARE(config.pdp.apn, QByteArray("iot.example"));
    QCOMPARE(config.ping.resolve.value("gw.example"), QByteArray("192.0.2.7"));
    QCOMPARE(config.faults.slowFactor, 2.5);
    QCOMPARE(config.faults.closeAfterMs, 70);

    const char *bad[] = {
        R"({"registration": {"sequence": []}})",
        R"({"registration": {"sequence": [{"stat": 6}]}})",
        R"({"registration": {"sequence": [{"for_ms": 6}]}})",
        R"({"sim": "maybe"})",
        R"({"pdp": {"address": "10.1.2"}})",
        R"({"pdp": {"apn": "with space"}})",
        R"({"ping": {"loss": 1.5}})",
        R"({"ping": {"resolve": {"a": "b"}}})",
        R"({"faults": {"typo": 1}})",
    };
    for (const char *json : bad) {
        SimConfig rejected;
        QVERIFY2(!Scenario::applyJson(json, rejected), json);
    }
}

void TestModemSimUnits::dataPath()
{
    PingScenario ping;
    ping.resolve.insert("nx.example", {});
    QCOMPARE(DataPath::resolve(ping, "192.0.2.1"), std::optional<QByteArray>("192.0.2.1"));
    QCOMPARE(DataPath::resolve(ping, "nx.example"), std::nullopt);
    QCOMPARE(DataPath::resolve(ping, "Example.COM"), DataPath::resolve(ping, "example.com"));
    QVERIFY(DataPath::resolve(ping, "example.com")->startsWith("198.51.100."));
    std::mt19937 a(5);
    std::mt19937 b(5);
    ping.loss = 0.3;
    const auto first = DataPath::probes(ping, a, 50, 1000);
    const auto second = DataPath::probes(ping, b, 50, 1000);
    QCOMPARE(first.size(), 50);
    for (qsizetype i = 0; i < first.size(); ++i) {
        QCOMPARE(first.at(i).lost, second.at(i).lost);
        QCOMPARE(first.at(i).rttMs, second.at(i).rttMs);
    }
    PdpScenario pdp;
    QCOMPARE(DataPath::addressFor(pdp, 3), QByteArray("10.64.0.5"));
    pdp.rejectOtherApns = true;
    QVERIFY(DataPath::acceptsApn(pdp, "") && DataPath::acceptsApn(pdp, "MODEMSIM") && !DataPath::acceptsApn(pdp, "x"));
}

void TestModemSimUnits::stateFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("state.json"));
    ModemState state;
    QVERIFY(StateFile::load(path, state));  // a missing file is a first run
    state.cnmp = 38;
    state.catMBands = {20};
    QVERIFY(StateFile::save(path, StateFile::serialize(state)));
    ModemState loaded;
    QVERIFY(StateFile::load(path, loaded));
    QCOMPARE(loaded.cnmp, 38);
    QCOMPARE(loaded.catMBands, QList<int>{20});
    QFile broken(path);
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write(R"({"cnmp": 7})");
    broken.close();
    ModemState untouched;
    QVERIFY(!StateFile::load(path, untouched));
    QCOMPARE(untouched.cnmp, 2);
}

QTEST_GUILESS_MAIN(TestModemSimUnits)
#include "tst_modemsimunits.moc"
