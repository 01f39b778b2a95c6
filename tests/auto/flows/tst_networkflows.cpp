// The connect chain (bring-up, registration, APN, activation) against scripted SIM7000G, SIM7080G
// and SIM800L modems in every scenario of issue #3: normal, slow registration, denied, gave up, no
// SIM, reboot mid-flow, line noise, port closed, a mute modem. Failures must be clear and every run
// must end by its deadline on the manual clock.
#include "scriptedmodem.h"

#include "core/flows/networkflows.h"

#include <QTest>

using namespace ModemBench;

Q_DECLARE_METATYPE(ModemBench::ModelFamily)

namespace {

constexpr int kDeadlineMs = 300000;

struct Outcome {
    bool finished = false;
    Result<void> result = fail(ErrorCode::Cancelled, QStringLiteral("not run"));
    qint64 endedAtMs = -1;
};

NetworkOptions testOptions(ModelFamily family)
{
    NetworkOptions o;
    o.gaveUpAfterMs = 10000;
    o.reregisterCycles = 1;
    o.reregisterBackoffMs = 1000;
    o.registrationTimeoutMs = 120000;
    o.apn = family == ModelFamily::Sim800 ? QStringLiteral("internet") : QString();
    return o;
}

Outcome runConnect(ScriptedModem &m, const std::shared_ptr<NetworkContext> &context, const NetworkOptions &o)
{
    FlowRunner runner(m.channel.get(), &m.clock, connectSteps(context, o, &m.transport, &m.clock), QStringLiteral("Connecting"), kDeadlineMs,
                      QStringLiteral("Check the antenna."));
    Outcome outcome;
    QObject::connect(&runner, &FlowRunner::finished, [&](const Result<void> &result) {
        outcome.finished = true;
        outcome.result = result;
        outcome.endedAtMs = m.clock.nowMs();
    });
    runner.start();
    m.runUntil(outcome.finished, kDeadlineMs + 10000);
    return outcome;
}

QList<QByteArray> registrationReads(ModelFamily family)
{
    return family == ModelFamily::Sim800 ? QList<QByteArray>{"AT+CGREG?", "AT+CREG?"}
                                         : QList<QByteArray>{"AT+CEREG?", "AT+CGREG?"};
}

void setRegistration(ScriptedModem &m, ModelFamily family, std::function<int()> stat)
{
    for (const QByteArray &read : registrationReads(family)) {
        const QByteArray prefix = read.mid(2, read.size() - 3) + ": 0,"; // "+CEREG: 0,"
        m.on(read, [prefix, stat](const QByteArray &) { return ScriptedModem::ok(prefix + QByteArray::number(stat())); });
    }
}

void applyScenario(ScriptedModem &m, ModelFamily family, const QString &scenario,
                   std::vector<std::unique_ptr<ClockTimer>> &timers)
{
    ManualClock *clock = &m.clock;
    if (scenario == QLatin1String("slow-registration"))
        setRegistration(m, family, [clock] { return clock->nowMs() < 40000 ? 2 : 1; });
    else if (scenario == QLatin1String("denied"))
        setRegistration(m, family, [] { return 3; });
    else if (scenario == QLatin1String("gave-up"))
        setRegistration(m, family, [] { return 0; });
    else if (scenario == QLatin1String("no-sim"))
        m.on("AT+CPIN?", QByteArray("\r\n+CME ERROR: 10\r\n"));
    else if (scenario == QLatin1String("noise"))
        m.noise = QByteArray("\x00\xff\xfe", 3) + "\r\nDST: 0\r\n*PSUTTZ: 19/06/26,06:04:03\",\"+32\",0\r\n";
    else if (scenario == QLatin1String("silent"))
        m.silent = true;
    if (scenario == QLatin1String("reboot") || scenario == QLatin1String("port-closed")) {
        setRegistration(m, family, [] { return 2; });
        timers.push_back(m.clock.createTimer());
        const bool reboot = scenario == QLatin1String("reboot");
        timers.back()->start(5000, [&m, reboot] {
            if (reboot)
                m.transport.deliverFromModem("\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n");
            else
                m.transport.dropConnection();
        });
    }
}

} // namespace

class TestNetworkFlows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void connectScenarios_data()
    {
        QTest::addColumn<ModelFamily>("family");
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<bool>("succeeds");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("says");
        const QList<std::pair<const char *, ModelFamily>> models{
            {"sim7000g", ModelFamily::Sim7000}, {"sim7080g", ModelFamily::Sim7080}, {"sim800l", ModelFamily::Sim800}};
        for (const auto &[name, family] : models) {
            const auto row = [&](const char *scenario) -> QTestData & {
                return QTest::newRow((QByteArray(name) + '-' + scenario).constData()) << family
                                                                                      << QString::fromLatin1(scenario);
            };
            row("normal") << true << 0 << QString();
            row("slow-registration") << true << 0 << QString();
            row("noise") << true << 0 << QString();
            row("denied") << false << int(ErrorCode::Error) << QStringLiteral("refused this SIM");
            row("gave-up") << false << int(ErrorCode::Error) << QStringLiteral("gave up");
            row("no-sim") << false << int(ErrorCode::CmeError) << QStringLiteral("No SIM");
            row("reboot") << false << int(ErrorCode::ModemReset) << QStringLiteral("restarted");
            row("port-closed") << false << int(ErrorCode::PortClosed) << QStringLiteral("port closed");
            row("silent") << false << int(ErrorCode::Timeout) << QStringLiteral("did not answer AT");
        }
    }
    void connectScenarios()
    {
        QFETCH(ModelFamily, family);
        QFETCH(QString, scenario);
        QFETCH(bool, succeeds);
        QFETCH(int, code);
        QFETCH(QString, says);
        ScriptedModem m(family);
        std::vector<std::unique_ptr<ClockTimer>> timers;
        applyScenario(m, family, scenario, timers);
        auto context = std::make_shared<NetworkContext>();
        const Outcome outcome = runConnect(m, context, testOptions(family));
        QVERIFY2(outcome.finished, "the flow did not end by its deadline");
        QVERIFY(outcome.endedAtMs <= kDeadlineMs);
        QVERIFY(kDeadlineMs <= connectDeadlineMs(testOptions(family)));
        if (succeeds) {
            QVERIFY2(outcome.result.has_value(), qPrintable(outcome.result ? QString() : outcome.result.error().message));
            QVERIFY(context->hasProfile());
            QCOMPARE(context->profile().family, family);
            const char *expected = family == ModelFamily::Sim7000   ? "10.250.5.248"
                                   : family == ModelFamily::Sim7080 ? "10.94.36.44"
                                                                    : "10.78.245.128";
            QCOMPARE(context->address, QString::fromLatin1(expected));
            return;
        }
        QVERIFY(!outcome.result.has_value());
        QVERIFY(context->address.isEmpty());
        QCOMPARE(int(outcome.result.error().code), code);
        QVERIFY2(outcome.result.error().message.contains(says, Qt::CaseInsensitive),
                 qPrintable(outcome.result.error().message));
        if (scenario == QLatin1String("gave-up")) {
            QCOMPARE(m.count("AT+COPS=2"), 1);
            QCOMPARE(m.count("AT+COPS=0"), 1);
        }
    }

    void dialectCommands_data()
    {
        QTest::addColumn<ModelFamily>("family");
        QTest::addColumn<QList<QByteArray>>("expected");
        QTest::newRow("sim7000g") << ModelFamily::Sim7000 << QList<QByteArray>{"AT+CGNAPN", "AT+CNACT?", "AT+CNCFG=1,\"ctnb\"", "AT+CNACT=1,\"ctnb\"", "AT+CNACT?"};
        QTest::newRow("sim7080g") << ModelFamily::Sim7080
                                  << QList<QByteArray>{"AT+CGNAPN", "AT+CNACT?", "AT+CNCFG=0,1,\"ctnb\"", "AT+CNACT=0,1", "AT+CNACT?"};
        QTest::newRow("sim800l") << ModelFamily::Sim800
                                 << QList<QByteArray>{"AT+CIPSTATUS", "AT+CSTT=\"internet\"", "AT+CIICR", "AT+CIFSR;E0"};
    }
    void dialectCommands()
    {
        QFETCH(ModelFamily, family);
        QFETCH(QList<QByteArray>, expected);
        ScriptedModem m(family);
        auto context = std::make_shared<NetworkContext>();
        const Outcome outcome = runConnect(m, context, testOptions(family));
        QVERIFY(outcome.result.has_value());
        const qsizetype start = m.commands.indexOf(expected.first());
        QVERIFY(start >= 0);
        QCOMPARE(m.commands.mid(start, expected.size()), expected);
    }

    // style.md: replies cut at every boundary (1 byte, Zephyr's 8-byte pieces, random).
    void connectAtEveryChunking_data()
    {
        QTest::addColumn<ModelFamily>("family");
        QTest::addColumn<int>("chunking");
        QTest::addColumn<int>("chunkSize");
        using Chunking = LoopbackTransport::Chunking;
        const QList<std::pair<const char *, ModelFamily>> models{
            {"sim7000g", ModelFamily::Sim7000}, {"sim7080g", ModelFamily::Sim7080}, {"sim800l", ModelFamily::Sim800}};
        for (const auto &[name, family] : models) {
            QTest::newRow((QByteArray(name) + "-chunk-1").constData()) << family << int(Chunking::Fixed) << 1;
            QTest::newRow((QByteArray(name) + "-chunk-8").constData()) << family << int(Chunking::Fixed) << 8;
            QTest::newRow((QByteArray(name) + "-random").constData()) << family << int(Chunking::Random) << 0;
        }
    }
    void connectAtEveryChunking()
    {
        QFETCH(ModelFamily, family);
        QFETCH(int, chunking);
        QFETCH(int, chunkSize);
        ScriptedModem m(family, LoopbackTransport::Chunking(chunking), chunkSize);
        m.noise = "\r\nDST: 0\r\n";
        auto context = std::make_shared<NetworkContext>();
        const Outcome outcome = runConnect(m, context, testOptions(family));
        QVERIFY2(outcome.result.has_value(), qPrintable(outcome.result ? QString() : outcome.result.error().message));
        QVERIFY(!context->address.isEmpty());
    }

    // A modem still booting answers nothing, then prints its banner, then answers AT (§2.1).
    void bootBannerDuringWakeUpIsFine()
    {
        ScriptedModem m(ModelFamily::Sim7080);
        m.silent = true;
        std::vector<std::unique_ptr<ClockTimer>> timers;
        timers.push_back(m.clock.createTimer());
        timers.back()->start(2500, [&m] {
            m.silent = false;
            m.transport.deliverFromModem("\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nSMS Ready\r\n");
        });
        auto context = std::make_shared<NetworkContext>();
        const Outcome outcome = runConnect(m, context, testOptions(ModelFamily::Sim7080));
        QVERIFY2(outcome.result.has_value(), qPrintable(outcome.result ? QString() : outcome.result.error().message));
        QVERIFY(m.count("AT") >= 2);
    }

    // A modem powered on just before the port opened prints RDY late, here in the middle of the
    // capability probe (found with an externally started modemsim): bring-up starts again from AT
    // and the probe's findings come from the restarted modem.
    void bootBannerDuringProbeRestartsBringUp_data()
    {
        QTest::addColumn<ModelFamily>("family");
        QTest::newRow("sim7000g") << ModelFamily::Sim7000;
        QTest::newRow("sim7080g") << ModelFamily::Sim7080;
        QTest::newRow("sim800l") << ModelFamily::Sim800;
    }
    void bootBannerDuringProbeRestartsBringUp()
    {
        QFETCH(ModelFamily, family);
        ScriptedModem m(family);
        const auto model = m.replies.value("AT+CGMM");
        auto banners = std::make_shared<int>(0);
        m.on("AT+CGMM", [&m, model, banners](const QByteArray &command) {
            if (++*banners > 1)
                return model(command);
            return QByteArray("\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n");
        });
        auto context = std::make_shared<NetworkContext>();
        const Outcome outcome = runConnect(m, context, testOptions(family));
        QVERIFY2(outcome.result.has_value(), qPrintable(outcome.result ? QString() : outcome.result.error().message));
        QCOMPARE(context->profile().family, family);
        QCOMPARE(m.count("AT+CGMM"), 2);
        QVERIFY(m.count("ATE0") >= 2); // echo and error mode set again after the reboot
        QVERIFY(!context->address.isEmpty());
    }

    // A modem that is switched off answers nothing until its PWRKEY (wired to RTS or DTR) is
    // pressed for the pulse time; then it boots, prints RDY and answers (protocol §2.1).
    void powerKeyPulseSwitchesTheModemOn_data()
    {
        QTest::addColumn<int>("line");
        QTest::newRow("rts") << int(PowerKeyLine::Rts);
        QTest::newRow("dtr") << int(PowerKeyLine::Dtr);
    }
    void powerKeyPulseSwitchesTheModemOn()
    {
        QFETCH(int, line);
        ScriptedModem m(ModelFamily::Sim7000);
        m.transport.setControlLinesAvailable(true);
        m.silent = true;
        const char wired = line == int(PowerKeyLine::Rts) ? 'R' : 'D';
        QList<std::pair<char, bool>> changes;
        qint64 pressedAt = -1;
        qint64 heldMs = -1;
        QObject::connect(&m.transport, &LoopbackTransport::controlLineChanged, [&](char which, bool asserted) {
            changes << std::pair{which, asserted};
            if (which != wired)
                return;
            if (asserted) {
                pressedAt = m.clock.nowMs();
                return;
            }
            heldMs = m.clock.nowMs() - pressedAt;
            m.silent = false;
            m.later(3000, "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n");
        });
        NetworkOptions options = testOptions(ModelFamily::Sim7000);
        options.powerKey = PowerKeyLine(line);
        auto context = std::make_shared<NetworkContext>();
        const Outcome outcome = runConnect(m, context, options);
        QVERIFY2(outcome.result.has_value(), qPrintable(outcome.result ? QString() : outcome.result.error().message));
        QVERIFY(heldMs >= options.powerKeyPulseMs && heldMs < options.powerKeyPulseMs + 500);
        // One press; with PWRKEY on DTR the DTR wake-up (which holds DTR) is left out.
        QCOMPARE(changes.count(std::pair{wired, true}), 1);
        QVERIFY(m.count("AT") >= options.powerKeyAfterAttempts + 1);
    }

    // A port without control lines (a pty) cannot press anything: the AT retries decide, and the
    // message says what to check.
    void powerKeyWithoutControlLinesIsSkipped()
    {
        ScriptedModem m(ModelFamily::Sim7000);
        m.silent = true;
        NetworkOptions options = testOptions(ModelFamily::Sim7000);
        options.powerKey = PowerKeyLine::Rts;
        auto context = std::make_shared<NetworkContext>();
        const Outcome outcome = runConnect(m, context, options);
        QVERIFY(!outcome.result.has_value());
        QCOMPARE(m.count("AT"), options.atAttempts);
        QVERIFY2(!outcome.result.error().message.contains(QLatin1String("power-key pulse")),
                 qPrintable(outcome.result.error().message));
        QVERIFY(outcome.result.error().message.contains(QLatin1String("PWRKEY")));
    }

    // A modem that reboots every time is reported, not retried for ever.
    void rebootLoopIsReported()
    {
        ScriptedModem m(ModelFamily::Sim7000);
        m.on("AT+CPIN?", QByteArray("\r\nRDY\r\n"));
        auto context = std::make_shared<NetworkContext>();
        const Outcome outcome = runConnect(m, context, testOptions(ModelFamily::Sim7000));
        QVERIFY(outcome.finished);
        QVERIFY(!outcome.result.has_value());
        QCOMPARE(outcome.result.error().code, ErrorCode::ModemReset);
        QCOMPARE(m.count("AT+CPIN?"), FlowRunner::kMaxRestarts + 1);
        QVERIFY2(outcome.result.error().message.contains(QLatin1String("power supply")),
                 qPrintable(outcome.result.error().message));
        QVERIFY2(outcome.result.error().message.contains(QLatin1String("3 times")),
                 qPrintable(outcome.result.error().message));
    }

    void configureSpeaksOnlyToSim70xx_data()
    {
        QTest::addColumn<ModelFamily>("family");
        QTest::addColumn<QList<QByteArray>>("expected");
        const QList<QByteArray> radio{"AT+CSCLK=0", "AT+CNMP=38", "AT+CMNB=1", "AT+CNETLIGHT=1", "AT+CBANDCFG=\"CAT-M\",3,8,20"};
        QTest::newRow("sim7000g") << ModelFamily::Sim7000 << radio;
        QTest::newRow("sim7080g") << ModelFamily::Sim7080 << radio;
        QTest::newRow("sim800l") << ModelFamily::Sim800 << QList<QByteArray>{};
    }
    void configureSpeaksOnlyToSim70xx()
    {
        QFETCH(ModelFamily, family);
        QFETCH(QList<QByteArray>, expected);
        ScriptedModem m(family);
        for (const QByteArray &command : expected)
            m.on(command, ScriptedModem::ok());
        auto context = std::make_shared<NetworkContext>();
        NetworkOptions o = testOptions(family);
        o.catmBands = QStringLiteral("3,8,20");
        QList<FlowStep> steps = bringUpSteps(context, o, &m.transport);
        steps << configureSteps(context, o);
        FlowRunner runner(m.channel.get(), &m.clock, steps, QStringLiteral("Bring-up"), 60000);
        bool finished = false;
        Result<void> result;
        QObject::connect(&runner, &FlowRunner::finished, [&](const Result<void> &r) { finished = true; result = r; });
        runner.start();
        QVERIFY(m.runUntil(finished, 70000));
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
        const qsizetype cpin = m.commands.lastIndexOf("AT+CPIN?");
        QCOMPARE(m.commands.mid(cpin + 1), expected);
    }

    // §18: results may come as URCs before the final OK; the flow must not then wait for them again.
    void pdpUrcBeforeOk()
    {
        ScriptedModem m(ModelFamily::Sim7000);
        m.on("AT+CNACT=1,\"ctnb\"", [&m](const QByteArray &) {
            m.on("AT+CNACT?", ScriptedModem::ok("+CNACT: 1,\"10.250.5.248\""));
            return QByteArray("\r\n+APP PDP: ACTIVE\r\n\r\nOK\r\n");
        });
        auto context = std::make_shared<NetworkContext>();
        NetworkOptions o = testOptions(ModelFamily::Sim7000);
        const Outcome outcome = runConnect(m, context, o);
        QVERIFY2(outcome.result.has_value(), qPrintable(outcome.result ? QString() : outcome.result.error().message));
        QVERIFY(outcome.endedAtMs < o.activationTimeoutMs);
        QCOMPARE(context->address, QStringLiteral("10.250.5.248"));
    }

    void apnMismatchWarns()
    {
        ScriptedModem m(ModelFamily::Sim7000);
        m.on("AT+CNACT=1,\"other\"", [&m](const QByteArray &) {
            m.later(500, "\r\n+APP PDP: ACTIVE\r\n");
            return ScriptedModem::ok();
        });
        m.on("AT+CNACT?", [&m](const QByteArray &) {
            return ScriptedModem::ok(m.count("AT+CNACT=1,\"other\"") ? "+CNACT: 1,\"10.1.2.3\"" : "+CNACT: 0,\"0.0.0.0\"");
        });
        auto context = std::make_shared<NetworkContext>();
        NetworkOptions o = testOptions(ModelFamily::Sim7000);
        o.apn = QStringLiteral("other");
        const Outcome outcome = runConnect(m, context, o);
        QVERIFY(outcome.result.has_value());
        QCOMPARE(context->apn, QStringLiteral("other"));
        QCOMPARE(context->warnings.size(), 1);
        QVERIFY(context->warnings.first().contains(QLatin1String("ctnb")));
    }

    void noApnAnywhereFails()
    {
        ScriptedModem m(ModelFamily::Sim7000);
        m.on("AT+CGNAPN", ScriptedModem::ok("+CGNAPN: 0,\"\""));
        auto context = std::make_shared<NetworkContext>();
        const Outcome outcome = runConnect(m, context, testOptions(ModelFamily::Sim7000));
        QVERIFY(!outcome.result.has_value());
        QCOMPARE(outcome.result.error().code, ErrorCode::Usage);
        QVERIFY(outcome.result.error().message.contains(QLatin1String("--apn")));
    }

    void activationDeniedAndLost_data()
    {
        QTest::addColumn<ModelFamily>("family");
        QTest::addColumn<QByteArray>("urc");
        QTest::addColumn<int>("code");
        QTest::newRow("sim7000g-deactive") << ModelFamily::Sim7000 << QByteArray("+APP PDP: DEACTIVE") << int(ErrorCode::Error);
        QTest::newRow("sim7080g-deactive") << ModelFamily::Sim7080 << QByteArray("+APP PDP: 0,DEACTIVE") << int(ErrorCode::Error);
        QTest::newRow("sim7000g-no-urc") << ModelFamily::Sim7000 << QByteArray() << int(ErrorCode::Timeout);
        QTest::newRow("sim7080g-no-urc") << ModelFamily::Sim7080 << QByteArray() << int(ErrorCode::Timeout);
    }
    void activationDeniedAndLost()
    {
        QFETCH(ModelFamily, family);
        QFETCH(QByteArray, urc);
        QFETCH(int, code);
        ScriptedModem m(family);
        const QByteArray command = family == ModelFamily::Sim7080 ? "AT+CNACT=0,1" : "AT+CNACT=1,\"ctnb\"";
        m.on(command, [&m, urc](const QByteArray &) {
            if (!urc.isEmpty())
                m.later(500, "\r\n" + urc + "\r\n");
            return ScriptedModem::ok();
        });
        auto context = std::make_shared<NetworkContext>();
        const Outcome outcome = runConnect(m, context, testOptions(family));
        QVERIFY(outcome.finished);
        QVERIFY(!outcome.result.has_value());
        QCOMPARE(int(outcome.result.error().code), code);
        QVERIFY(outcome.result.error().message.contains(QLatin1String("APN"), Qt::CaseInsensitive));
    }

    void cancelStopsAtOnce()
    {
        ScriptedModem m(ModelFamily::Sim7000);
        setRegistration(m, ModelFamily::Sim7000, [] { return 2; });
        auto context = std::make_shared<NetworkContext>();
        const NetworkOptions o = testOptions(ModelFamily::Sim7000);
        FlowRunner runner(m.channel.get(), &m.clock, registrationSteps(context, o, &m.clock), QStringLiteral("Registration"),
                          60000);
        // The registration table needs a profile: take it from a probe first.
        context->probe->profile = *makeProfile(ModelFamily::Sim7000, QStringLiteral("SIMCOM_SIM7000G"), {}, {});
        bool finished = false;
        Result<void> result;
        QObject::connect(&runner, &FlowRunner::finished, [&](const Result<void> &r) { finished = true; result = r; });
        runner.start();
        const bool never = false;
        m.runUntil(never, 5000); // polling "searching" for 5 s
        QVERIFY(!finished);
        QVERIFY(m.count("AT+CEREG?") >= 2);
        runner.cancel();
        QVERIFY(finished);
        QCOMPARE(result.error().code, ErrorCode::Cancelled);
    }

    void registrationUrcEndsTheWait()
    {
        ScriptedModem m(ModelFamily::Sim7080);
        setRegistration(m, ModelFamily::Sim7080, [] { return 2; });
        m.later(7000, "\r\n+CEREG: 5\r\n");
        auto context = std::make_shared<NetworkContext>();
        NetworkOptions o = testOptions(ModelFamily::Sim7080);
        o.registrationPollMs = 60000; // only the URC can end the wait in time
        const Outcome outcome = runConnect(m, context, o);
        QVERIFY2(outcome.result.has_value(), qPrintable(outcome.result ? QString() : outcome.result.error().message));
        QVERIFY(context->registration);
        QCOMPARE(context->registration->stat, 5);
        QVERIFY(outcome.endedAtMs < 20000);
    }
};

QTEST_GUILESS_MAIN(TestNetworkFlows)
#include "tst_networkflows.moc"
