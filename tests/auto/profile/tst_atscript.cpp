// AT script files and the step runner they share with profile steps (issue #7 item 1): the parser
// refuses a bad file with its line before anything is sent; steps run on a scripted modem with a
// manual clock (passes, retries, expected errors, loops, cancel).

#include "../flows/scriptedmodem.h"

#include "core/provision/atscript.h"
#include "core/provision/scriptrun.h"

#include <QSignalSpy>
#include <QTest>

using namespace ModemBench;

namespace {

// Runs steps on the modem until the flow ends; returns its result.
Result<void> runSteps(ScriptedModem &modem, const QList<ScriptStep> &steps, const std::shared_ptr<ScriptContext> &context)
{
    context->clock = &modem.clock;
    FlowRunner runner(modem.channel.get(), &modem.clock, scriptSteps(steps, context), QStringLiteral("Script"),
                      scriptDeadlineMs(steps));
    bool finished = false;
    Result<void> outcome = fail(ErrorCode::Timeout, QStringLiteral("did not finish"));
    QObject::connect(&runner, &FlowRunner::finished, [&](const Result<void> &result) {
        outcome = result;
        finished = true;
    });
    runner.start();
    modem.runUntil(finished, 600000);
    return outcome;
}

QList<ScriptStep> parsed(const QByteArray &text)
{
    const Result<QList<ScriptStep>> steps = parseAtScript(text);
    if (!steps)
        qWarning("%s", qPrintable(steps.error().message));
    return steps.value_or(QList<ScriptStep>{});
}

} // namespace

class TestAtScript : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseValid()
    {
        const QByteArray text = "# comment\n"
                                "\n"
                                "AT\n"
                                "at+csq\r\n"
                                "    expect \\+CSQ: \\d+,\\d+\n"
                                "\ttimeout 2s\n"
                                "    retries 3\n"
                                "    retry_delay 250ms\n"
                                "    name Signal\n"
                                "wait 1500ms\n"
                                "  # an indented comment\n"
                                "AT+CPIN?\n";
        const Result<QList<ScriptStep>> steps = parseAtScript(text);
        QVERIFY2(steps, qPrintable(steps ? QString() : steps.error().message));
        QCOMPARE(steps->size(), 4);
        QCOMPARE(steps->at(0).command, QByteArray("AT"));
        QCOMPARE(steps->at(0).line, 3);
        QCOMPARE(steps->at(0).timeoutMs, 5000);
        const ScriptStep &csq = steps->at(1);
        QCOMPARE(csq.command, QByteArray("at+csq"));
        QCOMPARE(csq.expect, QStringLiteral("\\+CSQ: \\d+,\\d+"));
        QCOMPARE(csq.timeoutMs, 2000);
        QCOMPARE(csq.retries, 3);
        QCOMPARE(csq.retryDelayMs, 250);
        QCOMPARE(csq.name, QStringLiteral("Signal"));
        QCOMPARE(csq.line, 4);
        QCOMPARE(steps->at(2).delayMs, 1500);
        QVERIFY(steps->at(2).command.isEmpty());
        QCOMPARE(steps->at(2).line, 10);
        QCOMPARE(steps->at(3).command, QByteArray("AT+CPIN?"));
        QCOMPARE(steps->at(3).name, QStringLiteral("AT+CPIN?"));
    }

    void parseRefused_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QByteArray("# nothing\n") << 1 << "no steps";
        QTest::newRow("attribute first") << QByteArray("# x\n  expect OK\nAT\n") << 2 << "before any command";
        QTest::newRow("unknown keyword") << QByteArray("AT\nsend AT+CSQ\n") << 2 << "neither a command";
        QTest::newRow("unknown attribute") << QByteArray("AT\n  expects OK\n") << 2 << "unknown attribute";
        QTest::newRow("bad regex") << QByteArray("AT\nAT+CSQ\n  expect \\+CSQ: (\n") << 3 << "not valid";
        QTest::newRow("expect empty") << QByteArray("AT\n  expect\n") << 2 << "needs a regular expression";
        QTest::newRow("timeout no unit") << QByteArray("AT\n  timeout 5\n") << 2 << "not a duration";
        QTest::newRow("timeout too long") << QByteArray("AT\n  timeout 601s\n") << 2 << "not a duration";
        QTest::newRow("timeout zero") << QByteArray("AT\n  timeout 0ms\n") << 2 << "not a duration";
        QTest::newRow("retries negative") << QByteArray("AT\n  retries -1\n") << 2 << "from 0 to 100";
        QTest::newRow("retries huge") << QByteArray("AT\n  retries 101\n") << 2 << "from 0 to 100";
        QTest::newRow("attribute twice") << QByteArray("AT\n  retries 1\n  retries 2\n") << 3 << "twice";
        QTest::newRow("wait no unit") << QByteArray("AT\nwait 2\n") << 2 << "not a duration";
        QTest::newRow("wait attribute") << QByteArray("wait 2s\n  expect OK\n") << 2 << "wait step";
        QTest::newRow("too long") << QByteArray("AT\nAT+" + QByteArray(600, 'X') + "\n") << 2 << "at most 556";
        QTest::newRow("non-ascii") << QByteArray("AT\nAT+CSTT=\"\xc3\xa9\"\n") << 2 << "printable ASCII";
        QTest::newRow("too big") << QByteArray(2 * 1024 * 1024, '#') << 1 << "1 MiB";
    }
    void parseRefused()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(QString, reason);
        const Result<QList<ScriptStep>> steps = parseAtScript(text);
        QVERIFY(!steps);
        QCOMPARE(steps.error().code, ErrorCode::Usage);
        QVERIFY2(steps.error().message.startsWith(QStringLiteral("line %1: ").arg(line)), qPrintable(steps.error().message));
        QVERIFY2(steps.error().message.contains(reason), qPrintable(steps.error().message));
    }

    void byteOrderMark()
    {
        const Result<QList<ScriptStep>> steps = parseAtScript("\xEF\xBB\xBF" "AT+CSQ\n");
        QVERIFY2(steps, qPrintable(steps ? QString() : steps.error().message));
        QCOMPARE(steps->first().command, QByteArray("AT+CSQ"));
    }

    void tooManySteps()
    {
        const Result<QList<ScriptStep>> steps = parseAtScript(QByteArray("AT\n").repeated(kScriptMaxSteps + 1));
        QVERIFY(!steps);
        QVERIFY(steps.error().message.startsWith(QStringLiteral("line %1:").arg(kScriptMaxSteps + 1)));
    }

    void deadlineCoversEveryAttempt()
    {
        ScriptStep step;
        step.command = "AT";
        step.timeoutMs = 1000;
        step.retries = 2;
        step.retryDelayMs = 500;
        ScriptStep pause;
        pause.delayMs = 7000;
        QVERIFY(scriptDeadlineMs({step, pause}) >= 3 * 1000 + 2 * 500 + 7000);
        step.retries = kScriptMaxRetries;
        step.timeoutMs = kScriptMaxTimeoutMs;
        QCOMPARE(scriptDeadlineMs(QList<ScriptStep>(1000, step)), std::numeric_limits<int>::max());
    }

    void stepsPass()
    {
        ScriptedModem modem(ModelFamily::Sim7000);
        modem.on("AT+CSQ", ScriptedModem::ok("+CSQ: 20,99"));
        modem.on("AT+CUSTOM", ScriptedModem::ok("some text without a prefix\n+CUSTOM: 5"));
        auto context = std::make_shared<ScriptContext>();
        const auto steps = parsed("AT+CSQ\n  expect ^\\+CSQ: 20,99\\nOK$\nwait 2s\nAT+CUSTOM\n  expect without a prefix\\n\\+CUSTOM: 5\n");
        const qint64 started = modem.clock.nowMs();
        const Result<void> result = runSteps(modem, steps, context);
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
        QCOMPARE(context->results.size(), 3);
        QVERIFY(context->results.at(0).passed);
        QCOMPARE(context->results.at(0).reply, QStringLiteral("+CSQ: 20,99\nOK"));
        QCOMPARE(context->results.at(0).attempts, 1);
        QCOMPARE(context->results.at(1).durationMs, 2000);
        QCOMPARE(context->results.at(2).reply, QStringLiteral("some text without a prefix\n+CUSTOM: 5\nOK"));
        QVERIFY(modem.clock.nowMs() - started >= 2000);
    }

    void retriesUntilMatch()
    {
        ScriptedModem modem(ModelFamily::Sim7000);
        int calls = 0;
        modem.on("AT+CREG?", [&calls](const QByteArray &) {
            return ScriptedModem::ok(++calls < 3 ? "+CREG: 0,2" : "+CREG: 0,1");
        });
        auto context = std::make_shared<ScriptContext>();
        const auto steps = parsed("AT+CREG?\n  expect \\+CREG: 0,[15]\n  retries 3\n  retry_delay 1s\n");
        const Result<void> result = runSteps(modem, steps, context);
        QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
        QCOMPARE(modem.count("AT+CREG?"), 3);
        QCOMPARE(context->results.size(), 1);
        QCOMPARE(context->results.at(0).attempts, 3);
        QVERIFY(context->results.at(0).durationMs >= 2000);
    }

    void failsAfterRetries()
    {
        ScriptedModem modem(ModelFamily::Sim7000);
        modem.on("AT+CREG?", ScriptedModem::ok("+CREG: 0,2"));
        modem.on("AT+NEVER", ScriptedModem::ok());
        auto context = std::make_shared<ScriptContext>();
        const auto steps = parsed("AT+CREG?\n  expect \\+CREG: 0,1\n  retries 2\n  retry_delay 100ms\n  name Registered\nAT+NEVER\n");
        const Result<void> result = runSteps(modem, steps, context);
        QVERIFY(!result);
        QCOMPARE(modem.count("AT+CREG?"), 3);
        QCOMPARE(modem.count("AT+NEVER"), 0);
        const QString message = result.error().message;
        QVERIFY2(message.contains(QLatin1String("\"Registered\" (line 1)")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("/\\+CREG: 0,1/")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("+CREG: 0,2")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("after 3 attempts")), qPrintable(message));
        QCOMPARE(context->results.size(), 1);
        QVERIFY(!context->results.at(0).passed);
        QCOMPARE(context->results.at(0).attempts, 3);
    }

    void errorExpected_data()
    {
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<QString>("expect");
        QTest::addColumn<bool>("passes");
        QTest::newRow("ERROR expected") << QByteArray("\r\nERROR\r\n") << "^ERROR$" << true;
        QTest::newRow("CME expected") << QByteArray("\r\n+CME ERROR: 3\r\n") << "\\+CME ERROR: 3" << true;
        QTest::newRow("CME other number") << QByteArray("\r\n+CME ERROR: 4\r\n") << "\\+CME ERROR: 3" << false;
        QTest::newRow("ERROR without expect") << QByteArray("\r\nERROR\r\n") << "" << false;
        QTest::newRow("OK without expect") << QByteArray("\r\nOK\r\n") << "" << true;
        QTest::newRow("silence never matches") << QByteArray() << ".*" << false;
    }
    void errorExpected()
    {
        QFETCH(QByteArray, reply);
        QFETCH(QString, expect);
        QFETCH(bool, passes);
        ScriptedModem modem(ModelFamily::Sim7000);
        modem.on("AT+CPIN=1234", reply);
        ScriptStep step;
        step.command = "AT+CPIN=1234";
        step.expect = expect;
        step.timeoutMs = 1000;
        step.line = 7;
        auto context = std::make_shared<ScriptContext>();
        const Result<void> result = runSteps(modem, {step}, context);
        QCOMPARE(result.has_value(), passes);
        QCOMPARE(context->results.size(), 1);
        QCOMPARE(context->results.at(0).passed, passes);
        if (!passes) {
            QVERIFY(result.error().message.contains(QLatin1String("(line 7)")));
            QVERIFY(!context->results.at(0).error.isEmpty());
        }
    }

    void scriptRunLoops()
    {
        ScriptedModem modem(ModelFamily::Sim7000);
        modem.on("AT+CSQ", ScriptedModem::ok("+CSQ: 20,99"));
        ScriptRun run(modem.channel.get(), parsed("AT\nAT+CSQ\n  expect \\+CSQ\n"), 3, true, &modem.clock);
        QSignalSpy steps(&run, &ScriptRun::stepFinished);
        QSignalSpy loops(&run, &ScriptRun::loopFinished);
        QSignalSpy finished(&run, &ScriptRun::finished);
        QSignalSpy progress(&run, &ScriptRun::progressed);
        run.start();
        QVERIFY(run.isRunning());
        bool done = false;
        connect(&run, &ScriptRun::finished, this, [&done] { done = true; });
        QVERIFY(modem.runUntil(done, 60000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(loops.size(), 3);
        QCOMPARE(steps.size(), 6);
        QVERIFY(progress.size() >= 6);
        QCOMPARE(progress.first().at(0).toInt(), 1);
        QCOMPARE(progress.last().at(0).toInt(), 3);
        const ScriptSummary summary = run.summary();
        QVERIFY(summary.passed());
        QCOMPARE(summary.loops, 3);
        QCOMPARE(summary.passedLoops, 3);
        QCOMPARE(summary.stepsRun, 6);
        QCOMPARE(summary.stepsPassed, 6);
        QVERIFY(summary.failures.isEmpty());
        QCOMPARE(modem.count("AT+CSQ"), 3);
        QVERIFY(!run.isRunning());
    }

    void scriptRunStopsOrKeepsGoing_data()
    {
        QTest::addColumn<bool>("stopOnFailure");
        QTest::addColumn<int>("loopsRun");
        QTest::newRow("stop on failure") << true << 2;
        QTest::newRow("keep going") << false << 4;
    }
    void scriptRunStopsOrKeepsGoing()
    {
        QFETCH(bool, stopOnFailure);
        QFETCH(int, loopsRun);
        ScriptedModem modem(ModelFamily::Sim7000);
        int calls = 0;
        modem.on("AT+CSQ", [&calls](const QByteArray &) {
            return ScriptedModem::ok(++calls == 2 ? "+CSQ: 99,99" : "+CSQ: 20,99");
        });
        ScriptRun run(modem.channel.get(), parsed("AT+CSQ\n  expect \\+CSQ: 20\nAT\n"), 4, stopOnFailure, &modem.clock);
        bool done = false;
        connect(&run, &ScriptRun::finished, this, [&done] { done = true; });
        run.start();
        QVERIFY(modem.runUntil(done, 60000));
        const ScriptSummary summary = run.summary();
        QVERIFY(!summary.passed());
        QCOMPARE(summary.loops, loopsRun);
        QCOMPARE(summary.passedLoops, loopsRun - 1);
        QCOMPARE(summary.failures.size(), 1);
        QVERIFY2(summary.failures.at(0).name.startsWith(QLatin1String("loop 2: ")), qPrintable(summary.failures.at(0).name));
        QCOMPARE(summary.stepsRun, (loopsRun - 1) * 2 + 1);
        QCOMPARE(summary.stepsPassed, (loopsRun - 1) * 2);
    }

    void scriptRunCancel()
    {
        ScriptedModem modem(ModelFamily::Sim7000);
        modem.silent = true;
        ScriptRun run(modem.channel.get(), parsed("AT+CSQ\n  timeout 60s\nAT\n"), 5, true, &modem.clock);
        QSignalSpy finished(&run, &ScriptRun::finished);
        QSignalSpy steps(&run, &ScriptRun::stepFinished);
        run.start();
        bool never = false;
        modem.runUntil(never, 1000);
        QVERIFY(run.isRunning());
        run.cancel();
        QCOMPARE(finished.size(), 1);
        const ScriptSummary summary = run.summary();
        QVERIFY(summary.cancelled);
        QVERIFY(!summary.passed());
        QCOMPARE(summary.loops, 1);
        QCOMPARE(steps.size(), 1); // the step it stopped in, as failed
        QVERIFY(!steps.first().at(1).value<ScriptStepResult>().passed);
        QVERIFY(!run.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestAtScript)
#include "tst_atscript.moc"
