// Record and replay round trips (docs/recording.md): modembench-cli talks to a simulated modem
// with --log, then to replay:LOG, and must print the same result; URCs come back in their order;
// a malformed recording is a usage error that names the line. No sleeps: every wait ends on a
// process ending or a signal.
#include "core/at/trafficlogfile.h"
#include "core/catalog/commandcatalog.h"
#include "core/modem/modemsession.h"
#include "core/transport/transportfactory.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "../../common/cliprocess.h"

using namespace ModemBench;

namespace {

using CliTest::Run;
using CliTest::cli;

QStringList portArgs(const QString &port, const QStringList &more)
{
    return QStringList{QStringLiteral("--port"), port} + more;
}

QJsonObject withoutPort(QJsonObject json)
{
    json.remove(QStringLiteral("port"));
    return json;
}

QByteArray record(qint64 ms, char direction, const char *kind, const QByteArray &escaped)
{
    const qint64 start = QDateTime(QDate(2026, 11, 22), QTime(6, 0), Qt::UTC).toMSecsSinceEpoch();
    return QDateTime::fromMSecsSinceEpoch(start + ms, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1() + ' '
        + direction + ' ' + kind + " \"" + escaped + "\"\n";
}

} // namespace

class TestReplay : public QObject
{
    Q_OBJECT

private:
    QString writeFile(const QString &name, const QByteArray &text)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
            return {};
        return path;
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(QFileInfo(QStringLiteral(MODEMBENCH_BIN_DIR "/modembench-cli")).isExecutable());
        QVERIFY(QFileInfo(QStringLiteral(MODEMBENCH_BIN_DIR "/modemsim")).isExecutable());
    }

    void portNames()
    {
        const QString log = writeFile(QStringLiteral("names.log"), record(0, '<', "urc", "\\r\\nRDY\\r"));
        auto parsed = parsePortName(QStringLiteral("replay:") + log);
        QVERIFY(parsed.has_value());
        QCOMPARE(parsed->kind, PortName::Kind::Replay);
        QCOMPARE(parsed->device, QFileInfo(log).absoluteFilePath());
        for (const QString &bad : {QStringLiteral("replay:"), QStringLiteral("replay:/no/such/recording.log"),
                                   QStringLiteral("replay:") + m_dir.path()}) {
            auto refused = parsePortName(bad);
            QVERIFY2(!refused.has_value(), qPrintable(bad));
            QCOMPARE(refused.error().code, ErrorCode::Usage);
        }
        QVERIFY(parsePortName(QString()).error().message.contains(QStringLiteral("replay:FILE")));
        QVERIFY(cli({QStringLiteral("--help")}).out.contains("replay:FILE"));
    }

    // The round trip: status --json recorded against the simulator, then replayed.
    void statusRoundTrip()
    {
        const QString log = m_dir.filePath(QStringLiteral("status.log"));
        const Run recorded = cli(portArgs(QStringLiteral("sim:sim7000g"),
                                          {QStringLiteral("--log"), log, QStringLiteral("status"), QStringLiteral("--json")}));
        QVERIFY2(recorded.exitCode == 0, recorded.err.constData());
        QFile file(log);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readLine() == TrafficLogFile::header());

        const Run replayed = cli(portArgs(QStringLiteral("replay:") + log, {QStringLiteral("status"), QStringLiteral("--json")}));
        QVERIFY2(replayed.exitCode == 0, replayed.err.constData());
        const QJsonObject original = QJsonDocument::fromJson(recorded.out).object();
        const QJsonObject replay = QJsonDocument::fromJson(replayed.out).object();
        QVERIFY(!original.isEmpty());
        QCOMPARE(replay.value(QStringLiteral("port")).toString(), QStringLiteral("replay:") + QFileInfo(log).absoluteFilePath());
        QCOMPARE(withoutPort(replay), withoutPort(original));
        // Played twice: the recording is read, never written.
        const Run again = cli(portArgs(QStringLiteral("replay:") + log, {QStringLiteral("status"), QStringLiteral("--json")}));
        QCOMPARE(withoutPort(QJsonDocument::fromJson(again.out).object()), withoutPort(original));
    }

    // connect waits for "+APP PDP: ACTIVE" after AT+CNACT: the URC must follow its command.
    void connectRoundTrip()
    {
        const QString log = m_dir.filePath(QStringLiteral("connect.log"));
        const Run recorded = cli(portArgs(QStringLiteral("sim:sim7000g"), {QStringLiteral("--log"), log, QStringLiteral("connect"),
                                                                          QStringLiteral("--json")}));
        QVERIFY2(recorded.exitCode == 0, recorded.err.constData());
        const Run replayed = cli(portArgs(QStringLiteral("replay:") + log, {QStringLiteral("connect"), QStringLiteral("--json")}));
        QVERIFY2(replayed.exitCode == 0, replayed.err.constData());
        QCOMPARE(withoutPort(QJsonDocument::fromJson(replayed.out).object()),
                 withoutPort(QJsonDocument::fromJson(recorded.out).object()));
    }

    // A command the recording never saw gets ERROR; the recorded ones still answer.
    void unknownCommandIsError()
    {
        const QString log = m_dir.filePath(QStringLiteral("at.log"));
        const Run recorded = cli(portArgs(QStringLiteral("sim:sim7000g"), {QStringLiteral("--log"), log, QStringLiteral("at"),
                                                                          QStringLiteral("ATI"), QStringLiteral("--json")}));
        QCOMPARE(recorded.exitCode, 0);
        const Run replayed = cli(portArgs(QStringLiteral("replay:") + log, {QStringLiteral("at"), QStringLiteral("ATI"),
                                                                           QStringLiteral("AT+CGMR"), QStringLiteral("--json")}));
        QCOMPARE(replayed.exitCode, 1);
        const QJsonArray results = QJsonDocument::fromJson(replayed.out).array();
        QCOMPARE(results.size(), 2);
        QCOMPARE(results.at(0).toObject(), QJsonDocument::fromJson(recorded.out).array().at(0).toObject());
        QCOMPARE(results.at(1).toObject().value(QStringLiteral("ok")).toBool(), false);
        QCOMPARE(results.at(1).toObject().value(QStringLiteral("error_code")).toString(), errorCodeName(ErrorCode::Error));
    }

    // Through the whole stack (SimTransport, AtChannel, ModemSession): URCs in recorded order.
    void urcsReplayInOrder()
    {
        const QString log = writeFile(QStringLiteral("urcs.log"),
                                      TrafficLogFile::header() + record(0, '<', "urc", "\\r\\n+CEREG: 2\\r")
                                          + record(200, '<', "urc", "\\n\\r\\n+CEREG: 1\\r")
                                          + record(300, '>', "command", "AT\\r") + record(301, '<', "echo", "\\nAT\\r")
                                          + record(302, '<', "final", "\\r\\nOK\\r")
                                          + record(400, '<', "urc", "\\n\\r\\n+APP PDP: ACTIVE\\r")
                                          + record(500, '<', "urc", "\\n\\r\\nDST: 1\\r"));
        auto catalog = CommandCatalog::loadDefault();
        QVERIFY(catalog.has_value());
        ModemSession session(&*catalog);
        QSignalSpy urcs(&session, &ModemSession::urcReceived);
        QSignalSpy ready(&session, &ModemSession::ready);
        session.open(QStringLiteral("replay:") + log);
        QVERIFY(ready.wait(20000));
        QTRY_COMPARE_WITH_TIMEOUT(urcs.size(), 4, 20000);
        QStringList lines;
        for (const QList<QVariant> &urc : urcs)
            lines << urc.first().toString();
        QCOMPARE(lines, (QStringList{QStringLiteral("+CEREG: 2"), QStringLiteral("+CEREG: 1"),
                                     QStringLiteral("+APP PDP: ACTIVE"), QStringLiteral("DST: 1")}));
        session.close();
    }

    void malformedRecordingIsUsageError_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("where");
        QTest::newRow("bad timestamp") << QByteArray("2026-11-22 06:00:00 > command \"AT\\r\"\n") << QByteArray(":1:");
        QTest::newRow("bad escape") << record(0, '>', "command", "AT\\r") + record(1, '<', "final", "\\r\\nOK\\z")
                                    << QByteArray(":2:");
        QByteArray garbage(2048, '\0');
        for (int i = 0; i < garbage.size(); ++i)
            garbage[i] = char((i * 131 + 7) & 0xff);
        QTest::newRow("binary garbage") << garbage << QByteArray(":1:");
        QTest::newRow("10 MB line") << record(0, '<', "urc", QByteArray(10 * 1024 * 1024, 'x')) << QByteArray(":1:");
    }
    void malformedRecordingIsUsageError()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, where);
        const QString log = writeFile(QStringLiteral("bad-%1.log").arg(QTest::currentDataTag()).replace(u' ', u'-'), text);
        const Run run = cli(portArgs(QStringLiteral("replay:") + log, {QStringLiteral("status")}));
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QFileInfo(log).absoluteFilePath().toLocal8Bit() + where), run.err.left(500).constData());
    }

    void missingRecordingIsUsageError()
    {
        const Run run = cli(portArgs(QStringLiteral("replay:") + m_dir.filePath(QStringLiteral("none.log")), {QStringLiteral("status")}));
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("none.log"));
    }
};

QTEST_GUILESS_MAIN(TestReplay)
#include "tst_replay.moc"
