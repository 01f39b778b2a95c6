// Ping and the capability probe against scripted SIM7000G, SIM7080G and SIM800L modems:
// typed results (per-reply RTT, loss, min/avg/max) and the per-model command dialect.
#include "scriptedmodem.h"

#include "core/flows/networkflows.h"

#include <QTest>

using namespace ModemBench;

Q_DECLARE_METATYPE(ModemBench::ModelFamily)

namespace {

Result<void> runSteps(ScriptedModem &m, QList<FlowStep> steps, int deadlineMs = 120000)
{
    FlowRunner runner(m.channel.get(), &m.clock, std::move(steps), QStringLiteral("Ping"), deadlineMs);
    bool finished = false;
    Result<void> result = fail(ErrorCode::Cancelled, QStringLiteral("not finished"));
    QObject::connect(&runner, &FlowRunner::finished, [&](const Result<void> &r) {
        finished = true;
        result = r;
    });
    runner.start();
    m.runUntil(finished, deadlineMs + 5000);
    return result;
}

NetworkOptions pingOptions()
{
    NetworkOptions o;
    o.pingCount = 3;
    o.pingTimeoutMs = 5000;
    return o;
}

} // namespace

class TestPingFlow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ping_data()
    {
        QTest::addColumn<ModelFamily>("family");
        QTest::addColumn<int>("received");
        QTest::addColumn<int>("minMs");
        QTest::addColumn<int>("maxMs");
        QTest::addColumn<double>("loss");
        QTest::addColumn<QByteArray>("firstCommand");
        QTest::newRow("sim7000g") << ModelFamily::Sim7000 << 3 << 147 << 546 << 0.0 << QByteArray("AT+SNPING4=\"8.8.8.8\",3,16,5000");
        QTest::newRow("sim7080g") << ModelFamily::Sim7080 << 2 << 147 << 546 << 100.0 / 3 << QByteArray("AT+SNPDPID=0");
        QTest::newRow("sim800l") << ModelFamily::Sim800 << 2 << 300 << 500 << 100.0 / 3 << QByteArray("AT+CIPPING=\"8.8.8.8\",3,16,50");
    }
    void ping()
    {
        QFETCH(ModelFamily, family);
        QFETCH(int, received);
        QFETCH(int, minMs);
        QFETCH(int, maxMs);
        QFETCH(double, loss);
        QFETCH(QByteArray, firstCommand);
        ScriptedModem m(family);
        auto context = std::make_shared<NetworkContext>();
        QList<FlowStep> steps = capabilityProbeSteps(context->probe);
        steps << pingSteps(context, QStringLiteral("8.8.8.8"), pingOptions());
        const Result<void> result = runSteps(m, steps);
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
        const qsizetype at = m.commands.indexOf(firstCommand);
        QVERIFY(at >= 0);
        const PingReport &report = context->ping;
        QCOMPARE(report.received(), received);
        QCOMPARE(report.minMs().value_or(-1), minMs);
        QCOMPARE(report.maxMs().value_or(-1), maxMs);
        QVERIFY(qAbs(report.lossPercent() - loss) < 0.01);
        QVERIFY(report.avgMs().has_value());
        QCOMPARE(report.toJson().value(QStringLiteral("received")).toInt(), received);
    }

    void noReplyFails_data()
    {
        QTest::addColumn<ModelFamily>("family");
        QTest::addColumn<QByteArray>("command");
        QTest::addColumn<QByteArray>("reply");
        QTest::newRow("sim7000g-empty") << ModelFamily::Sim7000 << QByteArray("AT+SNPING4=\"8.8.8.8\",3,16,5000") << QByteArray("\r\nOK\r\n");
        QTest::newRow("sim7000g-error") << ModelFamily::Sim7000 << QByteArray("AT+SNPING4=\"8.8.8.8\",3,16,5000") << QByteArray("\r\nERROR\r\n");
        QTest::newRow("sim800l-all-lost") << ModelFamily::Sim800 << QByteArray("AT+CIPPING=\"8.8.8.8\",3,16,50")
                                          << ScriptedModem::ok("+CIPPING: 1,\"8.8.8.8\",600,255\n+CIPPING: 2,\"8.8.8.8\",600,255");
    }
    void noReplyFails()
    {
        QFETCH(ModelFamily, family);
        QFETCH(QByteArray, command);
        QFETCH(QByteArray, reply);
        ScriptedModem m(family);
        m.on(command, reply);
        auto context = std::make_shared<NetworkContext>();
        QList<FlowStep> steps = capabilityProbeSteps(context->probe);
        steps << pingSteps(context, QStringLiteral("8.8.8.8"), pingOptions());
        const Result<void> result = runSteps(m, steps);
        QVERIFY(!result.has_value());
        QVERIFY2(result.error().message.contains(QLatin1String("connect")), qPrintable(result.error().message));
    }

    void pingEndsByItsDeadline()
    {
        ScriptedModem m(ModelFamily::Sim7000);
        m.on("AT+SNPING4=\"8.8.8.8\",3,16,5000", QByteArray()); // never answers
        auto context = std::make_shared<NetworkContext>();
        QList<FlowStep> steps = capabilityProbeSteps(context->probe);
        steps << pingSteps(context, QStringLiteral("8.8.8.8"), pingOptions());
        const Result<void> result = runSteps(m, steps, 60000);
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, ErrorCode::Timeout);
        QVERIFY(m.clock.nowMs() <= 60000);
    }

    void probe_data()
    {
        QTest::addColumn<QByteArray>("cgmm");
        QTest::addColumn<QByteArray>("ati");
        QTest::addColumn<QByteArray>("cgmr");
        QTest::addColumn<QByteArray>("cipssl");
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("firmware");
        QTest::addColumn<bool>("tls");
        QTest::addColumn<QString>("note");
        QTest::newRow("sim7000g") << QByteArray("SIMCOM_SIM7000G") << QByteArray("SIM7000G R1529")
                                  << QByteArray("Revision:1529B04SIM7000G") << QByteArray() << "sim7000" << "R1529" << true << "TLS 1.2";
        QTest::newRow("sim7080g") << QByteArray("SIMCOM_SIM7080") << QByteArray("SIM7080 R1351")
                                  << QByteArray("Revision:1951B16SIM7080") << QByteArray() << "sim7080" << "R1351" << true << "TLS 1.2";
        QTest::newRow("sim800l-r14") << QByteArray("SIMCOM_SIM800L") << QByteArray("SIM800 R14.18")
                                     << QByteArray("Revision:1418B05SIM800L24") << QByteArray("+CIPSSL: (0-1)") << "sim800"
                                     << "R14.18" << true << "TLS 1.0 at most: insecure, must be accepted explicitly";
        QTest::newRow("sim800l-r13") << QByteArray("SIMCOM_SIM800L") << QByteArray("SIM800 R13.08")
                                     << QByteArray("Revision:1308B08SIM800L16") << QByteArray("ERROR") << "sim800" << "R13.08"
                                     << false << "SIM800 firmware R13.08 has no SSL/TLS; R14.18 or later adds TLS 1.0 at most";
        QTest::newRow("sim800l-no-ati") << QByteArray("SIMCOM_SIM800L") << QByteArray("ERROR")
                                        << QByteArray("Revision:1308B09SIM800L16") << QByteArray("ERROR") << "sim800" << "R13.08"
                                        << false << "R13.08 has no SSL";
    }
    void probe()
    {
        QFETCH(QByteArray, cgmm);
        QFETCH(QByteArray, ati);
        QFETCH(QByteArray, cgmr);
        QFETCH(QByteArray, cipssl);
        QFETCH(QString, family);
        QFETCH(QString, firmware);
        QFETCH(bool, tls);
        QFETCH(QString, note);
        ScriptedModem m(family == QLatin1String("sim800") ? ModelFamily::Sim800 : ModelFamily::Sim7000);
        const auto reply = [](const QByteArray &text) {
            return text == "ERROR" ? QByteArray("\r\nERROR\r\n") : ScriptedModem::ok(text);
        };
        m.on("AT+CGMM", reply(cgmm));
        m.on("ATI", reply(ati));
        m.on("AT+CGMR", reply(cgmr));
        if (!cipssl.isEmpty())
            m.on("AT+CIPSSL=?", reply(cipssl));
        auto findings = std::make_shared<ProbeFindings>();
        const Result<void> result = runSteps(m, capabilityProbeSteps(findings));
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
        QVERIFY(findings->profile);
        QCOMPARE(familyName(findings->profile->family), family);
        QCOMPARE(findings->profile->firmware, firmware);
        QCOMPARE(findings->profile->tls, tls);
        QVERIFY2(findings->profile->tlsNote.contains(note), qPrintable(findings->profile->tlsNote));
        QCOMPARE(m.count("AT+CIPSSL=?"), family == QLatin1String("sim800") ? 1 : 0);
    }

    void capabilityProbeObject()
    {
        ScriptedModem m(ModelFamily::Sim800);
        m.on("ATI", ScriptedModem::ok("SIM800 R13.08"));
        m.on("AT+CGMR", ScriptedModem::ok("Revision:1308B08SIM800L16"));
        m.on("AT+CIPSSL=?", QByteArray("\r\nERROR\r\n")); // §18: R13.08
        CapabilityProbe probe(m.channel.get(), &m.clock);
        bool finished = false;
        QObject::connect(&probe, &CapabilityProbe::finished, [&] { finished = true; });
        probe.start();
        QVERIFY(m.runUntil(finished, 40000));
        QVERIFY(probe.result());
        QCOMPARE(probe.result()->family, ModelFamily::Sim800);
        QCOMPARE(probe.result()->tls, false);
        QCOMPARE(profileToJson(*probe.result()).value(QStringLiteral("model_family")).toString(), QStringLiteral("sim800"));
    }

    void unknownModelIsRefused()
    {
        ScriptedModem m(ModelFamily::Sim7000);
        m.on("AT+CGMM", ScriptedModem::ok("EC25"));
        m.on("ATI", ScriptedModem::ok("Quectel EC25 Revision: EC25EFAR06A06M4G"));
        m.on("AT+CGMR", ScriptedModem::ok("EC25EFAR06A06M4G"));
        auto findings = std::make_shared<ProbeFindings>();
        const Result<void> result = runSteps(m, capabilityProbeSteps(findings));
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, ErrorCode::Unsupported);
        QVERIFY(result.error().message.contains(QLatin1String("SIM7000")));
    }
};

QTEST_GUILESS_MAIN(TestPingFlow)
#include "tst_pingflow.moc"
