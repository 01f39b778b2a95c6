// `modembench-cli --port sim:sim7000g script FILE` end to end (issue #7 item 1): the real binary
// against a private modemsim; exit 0 with the summary when every loop passed, 1 when a step's
// expectation failed, 2 for a bad file (its line named, nothing sent).

#include "../../common/cliprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString script(const char *name)
{
    return QStringLiteral(MODEMBENCH_TEST_DATA_DIR "/scripts/") + QLatin1String(name);
}

QString details(const CliTest::Run &run)
{
    return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3")
        .arg(run.exitCode)
        .arg(QString::fromUtf8(run.out), QString::fromUtf8(run.err));
}

} // namespace

class TestScriptCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // Nothing the CLI writes may land in the real home.
        QVERIFY(m_home.isValid());
        for (const char *name : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"}) {
            const QString dir = m_home.path() + QLatin1Char('/') + QLatin1String(name);
            QVERIFY(QDir().mkpath(dir));
            QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            qputenv(name, dir.toLocal8Bit());
        }
    }

    void loopsPass()
    {
        const CliTest::Run run = CliTest::cli({QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("script"),
                                               script("smoke.atscript"), QStringLiteral("--loops"), QStringLiteral("3")});
        QVERIFY2(run.exitCode == 0, qPrintable(details(run)));
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(out.contains(QLatin1String("3 of 3 loops passed, 12 of 12 steps")), qPrintable(details(run)));
        QCOMPARE(out.count(QLatin1String(": PASS ")), 12);
        QVERIFY2(out.contains(QRegularExpression(QStringLiteral("loop 1: PASS Signal quality \\(\\d+ ms\\) \\+CSQ: \\d+,\\d+"))),
                 qPrintable(details(run)));
        QVERIFY(!out.contains(QLatin1String("FAIL")));
    }

    void failingExpectation()
    {
        const CliTest::Run run = CliTest::cli({QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("script"),
                                               script("failing.atscript"), QStringLiteral("--loops"), QStringLiteral("2")});
        QVERIFY2(run.exitCode == 1, qPrintable(details(run)));
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(out.contains(QLatin1String("FAIL AT+CSQ")), qPrintable(details(run)));
        QVERIFY2(out.contains(QLatin1String("did not match")), qPrintable(details(run)));
        // Stops after the failed loop unless --keep-going.
        QVERIFY2(out.contains(QLatin1String("0 of 1 loops passed, 1 of 2 steps")), qPrintable(details(run)));
    }

    void keepGoingJson()
    {
        const CliTest::Run run = CliTest::cli({QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("script"),
                                               script("failing.atscript"), QStringLiteral("--loops"), QStringLiteral("2"),
                                               QStringLiteral("--keep-going"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 1, qPrintable(details(run)));
        const QJsonObject json = QJsonDocument::fromJson(run.out).object();
        QVERIFY2(!json.isEmpty(), qPrintable(details(run)));
        QCOMPARE(json.value(QStringLiteral("passed")).toBool(true), false);
        QCOMPARE(json.value(QStringLiteral("loops")).toInt(), 2);
        QCOMPARE(json.value(QStringLiteral("steps_run")).toInt(), 4);
        QCOMPARE(json.value(QStringLiteral("steps_passed")).toInt(), 2);
        const QJsonArray results = json.value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 4);
        QCOMPARE(results.at(1).toObject().value(QStringLiteral("command")).toString(), QStringLiteral("AT+CSQ"));
        QCOMPARE(results.at(1).toObject().value(QStringLiteral("passed")).toBool(true), false);
    }

    void badFile_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bad regex") << script("bad.atscript") << QStringLiteral("bad.atscript: line 4: ");
        QTest::newRow("missing") << QStringLiteral("/nonexistent-h1/x.atscript") << QStringLiteral("Cannot read the script");
    }
    void badFile()
    {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        const CliTest::Run run = CliTest::cli({QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("script"), file});
        QVERIFY2(run.exitCode == 2, qPrintable(details(run)));
        QVERIFY2(QString::fromUtf8(run.err).contains(expected), qPrintable(details(run)));
    }

    void badLoops()
    {
        const CliTest::Run run = CliTest::cli({QStringLiteral("--port"), QStringLiteral("sim:sim7000g"), QStringLiteral("script"),
                                               script("smoke.atscript"), QStringLiteral("--loops"), QStringLiteral("0")});
        QVERIFY2(run.exitCode == 2, qPrintable(details(run)));
        QVERIFY(run.err.contains("--loops"));
    }

private:
    QTemporaryDir m_home;
};

QTEST_GUILESS_MAIN(TestScriptCli)
#include "tst_scriptcli.moc"
