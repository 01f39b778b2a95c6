// `modembench-cli provision` end to end (issue #7 item 5): the real binary provisions batches of
// simulated modems, prints a line per unit and a summary, writes the JSON report and one record per
// unit, refuses bad profiles and databases before any modem is touched, verifies units it already
// provisioned, and on Ctrl-C stops every unit and still writes their records.
#include "../../common/cliprocess.h"

#include "core/store/provisionrecords.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using CliTest::Run;

namespace {

QString dataFile(const QString &name)
{
    return QStringLiteral(MODEMBENCH_TEST_DATA_DIR "/provisioncli/") + name;
}

QString basicProfile()
{
    return dataFile(QStringLiteral("basic.json"));
}

QString exampleProfile()
{
    return QStringLiteral(MODEMBENCH_SOURCE_DIR "/examples/profiles/basic.json");
}

QList<QByteArray> linesStartingWith(const QByteArray &text, const QByteArray &prefix)
{
    QList<QByteArray> found;
    const QList<QByteArray> lines = text.split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(prefix))
            found << line;
    }
    return found;
}

QJsonArray readReport(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).array();
}

QString uniqueStation(const char *what)
{
    return QStringLiteral("tst-%1-%2").arg(QLatin1String(what)).arg(QRandomGenerator::global()->generate(), 8, 16,
                                                                     QLatin1Char('0'));
}

// The records of one station, read back through the store the CLI wrote with.
QList<ModemBench::ProvisionRecord> recordsOf(const QString &location, const QString &station)
{
    auto store = ModemBench::RecordStore::open(location);
    if (!store) {
        qWarning("cannot open %s: %s", qPrintable(location), qPrintable(store.error().message));
        return {};
    }
    ModemBench::RecordFilter filter;
    filter.text = station;
    auto records = (*store)->query(filter);
    if (!records) {
        qWarning("cannot query %s: %s", qPrintable(location), qPrintable(records.error().message));
        return {};
    }
    QList<ModemBench::ProvisionRecord> mine;
    for (const auto &record : std::as_const(*records)) {
        if (record.station == station)
            mine << record;
    }
    return mine;
}

} // namespace

class TestProvisionCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_work;

    QString path(const QString &name) const { return m_work.filePath(name); }

    static Run provision(const QStringList &arguments)
    {
        return CliTest::cli(QStringList{QStringLiteral("provision")} + arguments);
    }

    // The 8-unit batch everything else is compared with; returns the report.
    QJsonArray runEight(const QString &profile, const QString &db, const QString &station)
    {
        const QString report = path(station + QStringLiteral(".json"));
        const Run run = provision({QStringLiteral("--profile"), profile, QStringLiteral("--port"),
                                   QStringLiteral("sim:sim7000g*8"), QStringLiteral("--db"), db,
                                   QStringLiteral("--report"), report, QStringLiteral("--station"), station,
                                   QStringLiteral("--operator"), QStringLiteral("Ada")});
        if (run.exitCode != 0)
            qWarning("stdout:\n%s\nstderr:\n%s", run.out.constData(), run.err.constData());
        [&] {
            QCOMPARE(run.exitCode, 0);
            QCOMPARE(linesStartingWith(run.out, "PASS ").size(), 8);
            QVERIFY(linesStartingWith(run.out, "FAIL ").isEmpty());
            QVERIFY2(run.out.contains("8 units: 8 passed, 0 failed in "), run.out.constData());
            QVERIFY(run.out.contains("units/hour). Records: "));
        }();
        return readReport(report);
    }

    static void checkAllPassed(const QJsonArray &report)
    {
        QCOMPARE(report.size(), 8);
        QSet<QString> imeis;
        QSet<QString> iccids;
        for (const QJsonValue &value : report) {
            const QJsonObject unit = value.toObject();
            QCOMPARE(unit.value(QStringLiteral("result")).toString(), QStringLiteral("pass"));
            QCOMPARE(unit.value(QStringLiteral("error")).toString(), QString());
            QCOMPARE(unit.value(QStringLiteral("imei")).toString().size(), 15);
            QVERIFY(!unit.value(QStringLiteral("iccid")).toString().isEmpty());
            imeis << unit.value(QStringLiteral("imei")).toString();
            iccids << unit.value(QStringLiteral("iccid")).toString();
        }
        QCOMPARE(imeis.size(), 8);
        QCOMPARE(iccids.size(), 8);
    }

    static bool verifiedOnly(const QJsonObject &unit)
    {
        return unit.value(QStringLiteral("verifiedOnly")).toBool() || unit.value(QStringLiteral("verified_only")).toBool();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_work.isValid());
        // Nothing of the test reaches the real home: the CLI inherits these.
        QVERIFY(QDir().mkpath(path(QStringLiteral("runtime"))));
        QFile::setPermissions(path(QStringLiteral("runtime")), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(path(QStringLiteral("runtime"))));
        qputenv("XDG_DATA_HOME", QFile::encodeName(path(QStringLiteral("data"))));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(path(QStringLiteral("config"))));
        qunsetenv("MODEMBENCH_CA_PASSPHRASE");
        QVERIFY2(QFile::exists(QStringLiteral(MODEMBENCH_BIN_DIR "/modembench-cli")), "build modembench-cli first");
        QVERIFY2(QFile::exists(QStringLiteral(MODEMBENCH_BIN_DIR "/modemsim")), "build modemsim first");
    }

    void eightUnitsPassThenVerify()
    {
        const QString db = path(QStringLiteral("eight.sqlite"));
        const QString station = uniqueStation("eight");
        const QJsonArray report = runEight(basicProfile(), db, station);
        if (QTest::currentTestFailed())
            return;
        checkAllPassed(report);
        if (QTest::currentTestFailed())
            return;
        for (const QJsonValue &value : report)
            QVERIFY(!verifiedOnly(value.toObject()));
        // Exactly one row per unit, all passed.
        const auto records = recordsOf(db, station);
        QCOMPARE(records.size(), 8);
        for (const auto &record : records) {
            QCOMPARE(record.result, ModemBench::UnitResult::Pass);
            QCOMPARE(record.operatorName, QStringLiteral("Ada"));
        }

        // The same units again: each is verified, not redone, and --json prints the report.
        const Run again = provision({QStringLiteral("--profile"), basicProfile(), QStringLiteral("--port"),
                                     QStringLiteral("sim:sim7000g*8"), QStringLiteral("--db"), db,
                                     QStringLiteral("--station"), station, QStringLiteral("--json")});
        QVERIFY2(again.exitCode == 0, again.err.constData());
        QJsonParseError error;
        const QJsonArray second = QJsonDocument::fromJson(again.out, &error).array();
        QVERIFY2(error.error == QJsonParseError::NoError, again.out.constData());
        checkAllPassed(second);
        for (const QJsonValue &value : second)
            QVERIFY2(verifiedOnly(value.toObject()), qPrintable(QJsonDocument(value.toObject()).toJson()));
        QCOMPARE(recordsOf(db, station).size(), 16);
    }

    void exampleProfile8Units()
    {
        if (!QFile::exists(exampleProfile()))
            QSKIP("examples/profiles/basic.json is not there yet");
        checkAllPassed(runEight(exampleProfile(), path(QStringLiteral("example.sqlite")), uniqueStation("example")));
    }

    void mixedBatchFailsTheUnitWithoutSim()
    {
        const QString db = path(QStringLiteral("mixed.sqlite"));
        const QString report = path(QStringLiteral("mixed.json"));
        const QString station = uniqueStation("mixed");
        // Its own IMEI (valid Luhn), so it is not a duplicate of a unit of the batch.
        const QString noSim = QStringLiteral("sim:sim7000g?scenario=%1&imei=869951039999994")
                                  .arg(dataFile(QStringLiteral("no-sim.scenario.json")));
        const Run run = provision({QStringLiteral("--profile"), basicProfile(), QStringLiteral("--port"),
                                   QStringLiteral("sim:sim7000g*3"), QStringLiteral("--port"), noSim,
                                   QStringLiteral("--db"), db, QStringLiteral("--report"), report,
                                   QStringLiteral("--station"), station});
        QVERIFY2(run.exitCode == 1, run.out + run.err);
        QCOMPARE(linesStartingWith(run.out, "PASS ").size(), 3);
        const QList<QByteArray> failed = linesStartingWith(run.out, "FAIL ");
        QCOMPARE(failed.size(), 1);
        QVERIFY2(failed.first().toLower().contains("sim"), failed.first().constData());
        QVERIFY2(run.out.contains("4 units: 3 passed, 1 failed in "), run.out.constData());

        const QJsonArray units = readReport(report);
        QCOMPARE(units.size(), 4);
        int passed = 0;
        for (const QJsonValue &value : units) {
            const QJsonObject unit = value.toObject();
            if (unit.value(QStringLiteral("result")).toString() == QLatin1String("pass")) {
                ++passed;
                QCOMPARE(unit.value(QStringLiteral("error")).toString(), QString());
            } else {
                QCOMPARE(unit.value(QStringLiteral("result")).toString(), QStringLiteral("fail"));
                QCOMPARE(unit.value(QStringLiteral("imei")).toString(), QStringLiteral("869951039999994"));
                QVERIFY2(unit.value(QStringLiteral("error")).toString().contains(QLatin1String("SIM"), Qt::CaseInsensitive),
                         qPrintable(unit.value(QStringLiteral("error")).toString()));
            }
        }
        QCOMPARE(passed, 3);
        const auto records = recordsOf(db, station);
        QCOMPARE(records.size(), 4);
    }

    void unknownKeyIsRefusedBeforeAnyModem()
    {
        const QString db = path(QStringLiteral("refused.sqlite"));
        const Run run = provision({QStringLiteral("--profile"), dataFile(QStringLiteral("unknown-key.json")),
                                   QStringLiteral("--port"), QStringLiteral("sim:sim7000g*2"), QStringLiteral("--db"), db});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("profile ") && run.err.contains("line 5"), run.err.constData());
        QVERIFY2(run.err.contains("verfy"), run.err.constData());
        QVERIFY(run.out.isEmpty());
        QVERIFY2(!QFile::exists(db), "the database was opened for a profile that was refused");
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        const QString profile = basicProfile();
        QTest::newRow("no profile") << QStringList{QStringLiteral("--port"), QStringLiteral("sim:sim7000g")}
                                    << QByteArray("--profile");
        QTest::newRow("no port") << QStringList{QStringLiteral("--profile"), profile} << QByteArray("--port");
        QTest::newRow("both") << QStringList{QStringLiteral("--profile"), profile, QStringLiteral("--port"),
                                             QStringLiteral("sim:sim7000g"), QStringLiteral("--ports"),
                                             QStringLiteral("/dev/ttyUSB*")}
                              << QByteArray("not both");
        QTest::newRow("watch without pattern") << QStringList{QStringLiteral("--profile"), profile, QStringLiteral("--port"),
                                                              QStringLiteral("sim:sim7000g"), QStringLiteral("--watch")}
                                               << QByteArray("--watch");
        QTest::newRow("bad count") << QStringList{QStringLiteral("--profile"), profile, QStringLiteral("--port"),
                                                  QStringLiteral("sim:sim7000g*0")}
                                   << QByteArray("1 to 256");
        QTest::newRow("missing profile") << QStringList{QStringLiteral("--profile"), path(QStringLiteral("nope.json")),
                                                        QStringLiteral("--port"), QStringLiteral("sim:sim7000g")}
                                         << QByteArray("nope.json");
        QTest::newRow("argument") << QStringList{QStringLiteral("stray"), QStringLiteral("--profile"), profile,
                                                 QStringLiteral("--port"), QStringLiteral("sim:sim7000g")}
                                  << QByteArray("no arguments");
    }

    void usageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        const Run run = provision(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), run.err.constData());
        QVERIFY(run.out.isEmpty());
    }

    void badDatabaseIsRefused()
    {
        QFile blocker(path(QStringLiteral("a-file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        // A malformed URL is a usage error; a server or a file that cannot be opened a transport one.
        for (const QString &db : {QStringLiteral("postgresql://user@host:notaport/db"),
                                  path(QStringLiteral("a-file/records.sqlite")),
                                  QStringLiteral("postgresql://nobody@127.0.0.1:1/none")}) {
            const Run run = provision({QStringLiteral("--profile"), basicProfile(), QStringLiteral("--port"),
                                       QStringLiteral("sim:sim7000g*2"), QStringLiteral("--db"), db});
            QVERIFY2(run.exitCode == 2 || run.exitCode == 3,
                     qPrintable(QStringLiteral("%1: exit %2: %3").arg(db).arg(run.exitCode).arg(QString::fromLocal8Bit(run.err))));
            QVERIFY2(run.out.isEmpty(), run.out.constData());
            QVERIFY2(!run.err.contains("Provisioning"), run.err.constData());
        }
    }

    void postgresServer()
    {
        const QString url = qEnvironmentVariable("MODEMBENCH_TEST_POSTGRES_URL");
        if (url.isEmpty()) {
            if (qEnvironmentVariable("CI") == QLatin1String("true"))
                QFAIL("MODEMBENCH_TEST_POSTGRES_URL is not set: .ci/run starts PostgreSQL on loopback and sets it");
            QSKIP("MODEMBENCH_TEST_POSTGRES_URL is not set (e.g. postgresql://modembench@127.0.0.1:5432/modembench)");
        }
        const QString station = uniqueStation("pg");
        const QJsonArray report = runEight(basicProfile(), url, station);
        if (QTest::currentTestFailed())
            return;
        checkAllPassed(report);
        const auto records = recordsOf(url, station);
        QCOMPARE(records.size(), 8);
        for (const auto &record : records)
            QCOMPARE(record.result, ModemBench::UnitResult::Pass);
    }

    void ourCaNeedsItsPassphrase()
    {
        const QString dir = path(QStringLiteral("ca-run"));
        QVERIFY(QDir().mkpath(dir));
        const auto secretFile = [&dir](const QString &name, const QByteArray &text) {
            const QString file = QDir(dir).filePath(name);
            QFile out(file);
            if (!out.open(QIODevice::WriteOnly) || out.write(text) != text.size())
                return QString();
            out.close();
            QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner);
            return file;
        };
        const QString good = secretFile(QStringLiteral("pass"), "provisioncli-ca-secret\n");
        const QString bad = secretFile(QStringLiteral("bad"), "not-the-passphrase\n");
        const QString profile = secretFile(QStringLiteral("ca.json"),
                                           R"({ "name": "provisioncli-ca", "model": "sim7000",
  "certificates": { "ca": { "dir": "ca" }, "device_certificate": true } })");
        QVERIFY(!good.isEmpty() && !bad.isEmpty() && !profile.isEmpty());
        const Run init = CliTest::cli({QStringLiteral("ca"), QStringLiteral("init"), QStringLiteral("--ca-dir"),
                                       QDir(dir).filePath(QStringLiteral("ca")), QStringLiteral("--passphrase-file"), good,
                                       QStringLiteral("--key"), QStringLiteral("p256")});
        QVERIFY2(init.exitCode == 0, init.err.constData());
        const QStringList common{QStringLiteral("--profile"), profile, QStringLiteral("--port"),
                                 QStringLiteral("sim:sim7000g*2"), QStringLiteral("--db"),
                                 QDir(dir).filePath(QStringLiteral("records.sqlite"))};

        const Run none = provision(common);
        QCOMPARE(none.exitCode, 2);
        QVERIFY2(none.err.contains("--ca-passphrase-file"), none.err.constData());
        QVERIFY(none.out.isEmpty());

        const Run wrong = provision(common + QStringList{QStringLiteral("--ca-passphrase-file"), bad});
        QCOMPARE(wrong.exitCode, 2);
        QVERIFY(wrong.out.isEmpty());

        const QString report = QDir(dir).filePath(QStringLiteral("report.json"));
        const Run run = provision(common + QStringList{QStringLiteral("--ca-passphrase-file"), good,
                                                       QStringLiteral("--report"), report});
        QVERIFY2(run.exitCode == 0, run.out + run.err);
        QVERIFY(!(run.out + run.err).contains("provisioncli-ca-secret"));
        const QJsonArray units = readReport(report);
        QCOMPARE(units.size(), 2);
        QSet<QString> deviceSerials;
        for (const QJsonValue &value : units) {
            for (const QJsonValue &certificate : value.toObject().value(QStringLiteral("certificates")).toArray()) {
                if (certificate.toObject().value(QStringLiteral("role")).toString() == QLatin1String("device"))
                    deviceSerials << certificate.toObject().value(QStringLiteral("serial")).toString();
            }
        }
        QCOMPARE(deviceSerials.size(), 2); // one certificate per IMEI
    }

    void watchEndsCleanlyOnInterruptWhenIdle()
    {
        QProcess process;
        process.start(QStringLiteral(MODEMBENCH_BIN_DIR "/modembench-cli"),
                      {QStringLiteral("provision"), QStringLiteral("--profile"), basicProfile(), QStringLiteral("--ports"),
                       QStringLiteral("/dev/ttyNoSuchModem*"), QStringLiteral("--watch"), QStringLiteral("--db"),
                       path(QStringLiteral("watch.sqlite"))});
        process.closeWriteChannel();
        QVERIFY(process.waitForStarted());
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError(), err.contains("watching")), 30000);
        ::kill(pid_t(process.processId()), SIGINT);
        QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 30000);
        const QByteArray out = process.readAllStandardOutput();
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY2(out.contains("0 units: 0 passed, 0 failed"), out.constData());
    }

    void watchWithoutModemsAndWithoutWatchFails()
    {
        const Run run = provision({QStringLiteral("--profile"), basicProfile(), QStringLiteral("--ports"),
                                   QStringLiteral("/dev/ttyNoSuchModem*"), QStringLiteral("--db"),
                                   path(QStringLiteral("nomatch.sqlite"))});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.err.contains("no serial port matches"), run.err.constData());
    }

    void interruptStopsEveryUnitAndRecordsIt()
    {
        const QString db = path(QStringLiteral("interrupted.sqlite"));
        const QString report = path(QStringLiteral("interrupted.json"));
        const QString station = uniqueStation("stop");
        QProcess process;
        process.start(QStringLiteral(MODEMBENCH_BIN_DIR "/modembench-cli"),
                      {QStringLiteral("provision"), QStringLiteral("--profile"), dataFile(QStringLiteral("slow.json")),
                       QStringLiteral("--port"), QStringLiteral("sim:sim7000g*3"), QStringLiteral("--db"), db,
                       QStringLiteral("--report"), report, QStringLiteral("--station"), station,
                       QStringLiteral("--verbose")});
        process.closeWriteChannel();
        QVERIFY(process.waitForStarted());
        QByteArray err;
        // Every unit is in its long pause: well past opening its modem.
        QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError(), err.count("Long pause") >= 3), 30000);
        ::kill(pid_t(process.processId()), SIGINT);
        QTRY_VERIFY_WITH_TIMEOUT(process.state() == QProcess::NotRunning, 30000);
        err += process.readAllStandardError();
        const QByteArray out = process.readAllStandardOutput();
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(process.exitCode() != 0, out + err);
        QCOMPARE(linesStartingWith(out, "FAIL ").size(), 3);
        QVERIFY(linesStartingWith(out, "PASS ").isEmpty());
        const QJsonArray units = readReport(report);
        QCOMPARE(units.size(), 3);
        for (const QJsonValue &value : units) {
            QCOMPARE(value.toObject().value(QStringLiteral("result")).toString(), QStringLiteral("fail"));
            QVERIFY2(value.toObject().value(QStringLiteral("error")).toString().contains(QLatin1String("Stopped")),
                     qPrintable(value.toObject().value(QStringLiteral("error")).toString()));
        }
        const auto records = recordsOf(db, station);
        QCOMPARE(records.size(), 3);
        for (const auto &record : records)
            QCOMPARE(record.result, ModemBench::UnitResult::Fail);
    }
};

QTEST_GUILESS_MAIN(TestProvisionCli)
#include "tst_provisioncli.moc"
