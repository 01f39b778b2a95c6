// `modembench-cli monitor` run in-process through CliRunner against a private modemsim
// (sim:sim7000g): the CSV and JSON streams, usage errors, and Ctrl-C (CliRunner::interrupt) for
// the monitor and for a running flow. Waits on signals, never on sleeps.
#include "core/cli/clirunner.h"
#include "core/cli/monitorcommand.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace ModemBench;

namespace {

struct InProcessCli {
    QString outText;
    QString errText;
    QTextStream out{&outText};
    QTextStream err{&errText};
    CliRunner runner{out, err};
    QSignalSpy finished{&runner, &CliRunner::finished};

    void start(const QStringList &arguments)
    {
        runner.run(QStringList{QStringLiteral("modembench-cli")} + arguments);
    }
    int waitForExit(int ms = 60000)
    {
        if (finished.isEmpty() && !finished.wait(ms))
            return -1;
        return finished.at(0).at(0).toInt();
    }
    QStringList lines()
    {
        out.flush();
        return outText.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }
};

} // namespace

class TestMonitorCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void csvStreamsFilledRows()
    {
        InProcessCli cli;
        cli.start({QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("monitor"),
                   QStringLiteral("--interval"), QStringLiteral("1"), QStringLiteral("--duration"),
                   QStringLiteral("5"), QStringLiteral("--csv")});
        QCOMPARE(cli.waitForExit(), 0);
        const QStringList lines = cli.lines();
        QVERIFY2(!lines.isEmpty(), qPrintable(cli.errText));
        QCOMPARE(lines.first(), QString::fromLatin1(MonitorCommand::kCsvHeader));
        QVERIFY2(lines.size() >= 6, qPrintable(lines.join(QLatin1Char('\n'))));
        for (const QString &row : lines.mid(1)) {
            const QStringList fields = row.split(QLatin1Char(','));
            QVERIFY2(fields.size() >= 8, qPrintable(row));
            QVERIFY2(fields.at(0).endsWith(QLatin1Char('Z')), qPrintable(row));
            for (int i = 1; i <= 5; ++i)
                QVERIFY2(!fields.at(i).isEmpty(), qPrintable(row));
        }
    }

    void jsonStreamsObjects()
    {
        InProcessCli cli;
        cli.start({QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("monitor"),
                   QStringLiteral("--interval"), QStringLiteral("0.5"), QStringLiteral("--duration"),
                   QStringLiteral("2"), QStringLiteral("--json"), QStringLiteral("--ping"), QStringLiteral("8.8.8.8")});
        QCOMPARE(cli.waitForExit(), 0);
        const QStringList lines = cli.lines();
        QVERIFY2(lines.size() >= 4, qPrintable(lines.join(QLatin1Char('\n')) + cli.errText));
        for (const QString &line : lines) {
            const QJsonObject row = QJsonDocument::fromJson(line.toUtf8()).object();
            QVERIFY2(!row.isEmpty(), qPrintable(line));
            for (const char *key : {"timestamp", "csq", "rssi_dbm", "rsrp_dbm", "rsrq_db", "sinr_db", "rtt_ms", "event"})
                QVERIFY2(row.contains(QLatin1String(key)), key);
            QVERIFY(row.value(QStringLiteral("csq")).isDouble());
            QVERIFY(row.value(QStringLiteral("sinr_db")).isDouble());
        }
        // No data connection on a fresh simulator: the pings fail, and the rows say so.
        QVERIFY2(cli.outText.contains(QStringLiteral("poll-failed: Ping 8.8.8.8 failed")), qPrintable(cli.outText));
    }

    void badArgumentsExitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("negative interval") << QStringList{QStringLiteral("--interval"), QStringLiteral("-1")}
                                           << QStringLiteral("--interval");
        QTest::newRow("interval too short") << QStringList{QStringLiteral("--interval"), QStringLiteral("0.1")}
                                            << QStringLiteral("at least 0.2");
        QTest::newRow("csv and json") << QStringList{QStringLiteral("--csv"), QStringLiteral("--json")}
                                      << QStringLiteral("not both");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--bogus")} << QStringLiteral("bogus");
        QTest::newRow("bad duration") << QStringList{QStringLiteral("--duration"), QStringLiteral("soon")}
                                      << QStringLiteral("--duration");
        QTest::newRow("stray argument") << QStringList{QStringLiteral("8.8.8.8")} << QStringLiteral("--ping HOST");
    }
    void badArgumentsExitTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        InProcessCli cli;
        cli.start(QStringList{QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("monitor")}
                  + arguments);
        QCOMPARE(cli.waitForExit(), 2);
        QVERIFY2(cli.errText.contains(message), qPrintable(cli.errText));
    }

    void interruptEndsMonitorCleanly()
    {
        InProcessCli cli;
        cli.start({QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("monitor"),
                   QStringLiteral("--interval"), QStringLiteral("0.2")});
        QTRY_VERIFY_WITH_TIMEOUT(cli.lines().size() >= 3, 30000);
        cli.runner.interrupt();
        QCOMPARE(cli.waitForExit(), 0);
        const QStringList lines = cli.lines();
        QVERIFY(lines.last().endsWith(QLatin1Char(',')) || lines.last().count(QLatin1Char(',')) >= 7);
    }

    void interruptCancelsAFlow()
    {
        InProcessCli cli;
        // Registration takes a minute here, so connect is still waiting when we interrupt it.
        cli.start({QStringLiteral("--port"), QStringLiteral("sim:sim7000g?registration-delay=60000"),
                   QStringLiteral("connect")});
        QTRY_VERIFY_WITH_TIMEOUT(cli.errText.contains(QStringLiteral("registration")), 30000);
        cli.runner.interrupt();
        const int code = cli.waitForExit();
        QVERIFY(code != 0 && code != -1);
        QVERIFY2(cli.errText.contains(QStringLiteral("cancelled")), qPrintable(cli.errText));
    }
};

QTEST_MAIN(TestMonitorCli)
#include "tst_monitorcli.moc"
