// Black-box tests of `modemsim --replay` (docs/recording.md): recordings written here by hand in the
// traffic log format, bytes on the pty (or TCP) compared verbatim, no ModemBench core code. Every
// wait ends on bytes arriving or the process ending, except one bounded check that a URC does NOT
// come before its command (absence can only be shown by waiting).

#include "simharness.h"

#include <QDateTime>
#include <QFile>
#include <QTcpSocket>
#include <QTemporaryDir>

using namespace SimTest;

namespace {

// One log line at `ms` after a fixed start; `bytes` is already escaped as in the log.
QByteArray record(qint64 ms, char direction, const char *kind, const QByteArray &bytes)
{
    const qint64 start = QDateTime(QDate(2026, 11, 22), QTime(6, 0), Qt::UTC).toMSecsSinceEpoch();
    return QDateTime::fromMSecsSinceEpoch(start + ms, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1() + ' '
        + direction + ' ' + kind + " \"" + bytes + "\"\n";
}

enum class Echo { On, Off };
enum class Place { First, AfterReply };

// A command exchange as the AT channel logs it: each line at its CR, so the LF that ends the
// previous reply opens this exchange's first record (unless it is the first in the file).
QByteArray exchange(qint64 ms, const QByteArray &command, const QList<QByteArray> &info, const QByteArray &final,
                    Place place = Place::AfterReply, Echo echo = Echo::On)
{
    QByteArray text = record(ms, '>', "command", command + "\\r");
    QByteArray lead = place == Place::AfterReply ? "\\n" : "";
    if (echo == Echo::On) {
        text += record(ms + 1, '<', "echo", lead + command + "\\r");
        lead.clear();
    }
    for (const QByteArray &line : info) {
        text += record(ms + 2, '<', "info", lead + "\\r\\n" + line + "\\r");
        lead = "\\n";
    }
    text += record(ms + 3, '<', "final", lead + "\\r\\n" + final + "\\r");
    return text;
}

QStringList replayArguments(const QString &path, const QStringList &more = {})
{
    return QStringList{QStringLiteral("--replay"), path} + more;
}

} // namespace

class TestModemSimReplay : public QObject
{
    Q_OBJECT

private:
    QString writeRecording(const QByteArray &text)
    {
        const QString path = m_dir.filePath(QStringLiteral("recording-%1.log").arg(++m_files));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
            return {};
        return path;
    }

    QTemporaryDir m_dir;
    int m_files = 0;

private Q_SLOTS:
    void repliesInRecordedOrder();
    void echoFollowsTheClient();
    void unknownCommandIsError();
    void urcsKeepTheirTiming();
    void urcWaitsForItsCommand();
    void payloadAfterPrompt();
    void worksOverLinkAndTcp();
    void malformedRecordings_data();
    void malformedRecordings();
    void refusesModemOptions();
};

void TestModemSimReplay::repliesInRecordedOrder()
{
    const QString path = writeRecording("# modembench-traffic-log 1\n"
                                        + exchange(0, "AT+CSQ", {"+CSQ: 5,99"}, "OK", Place::First)
                                        + exchange(100, "AT+CSQ", {"+CSQ: 17,99"}, "OK")
                                        + exchange(200, "AT+CIMI", {"001010123456789"}, "OK"));
    SimProcess sim;
    PtyClient client;
    START(sim, client, replayArguments(path));
    EXCHANGE(client, "AT+CSQ\r", "AT+CSQ\r\r\n+CSQ: 5,99\r\n\r\nOK\r\n");
    // Matching ignores case; the echo is what the client sent.
    EXCHANGE(client, "at+csq\r", "at+csq\r\r\n+CSQ: 17,99\r\n\r\nOK\r\n");
    // The replies ran out: the last one repeats.
    EXCHANGE(client, "AT+CSQ\r", "AT+CSQ\r\r\n+CSQ: 17,99\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CIMI\r", "AT+CIMI\r\r\n001010123456789\r\n\r\nOK\r\n");
    QCOMPARE(sim.stop(), 0);
}

void TestModemSimReplay::echoFollowsTheClient()
{
    // Recorded with echo off from the start: the replay starts with echo off, and ATE1 turns it on.
    const QString path = writeRecording(exchange(0, "AT", {}, "OK", Place::First, Echo::Off)
                                        + exchange(10, "ATE1", {}, "OK", Place::AfterReply, Echo::Off)
                                        + exchange(20, "ATI", {"SIM7000G R1529"}, "OK"));
    SimProcess sim;
    PtyClient client;
    START(sim, client, replayArguments(path));
    EXCHANGE(client, "AT\r", "\r\nOK\r\n");
    EXCHANGE(client, "ATE1\r", "\r\nOK\r\n");
    EXCHANGE(client, "ATI\r", "ATI\r\r\nSIM7000G R1529\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT\r", "AT\r\r\nOK\r\n");
    QCOMPARE(sim.stop(), 0);
}

void TestModemSimReplay::unknownCommandIsError()
{
    const QString path = writeRecording(exchange(0, "AT", {}, "OK", Place::First));
    SimProcess sim;
    PtyClient client;
    START(sim, client, replayArguments(path, {QStringLiteral("--verbose")}));
    EXCHANGE(client, "AT+CGMR\r", "AT+CGMR\r\r\nERROR\r\n");
    EXCHANGE(client, "AT\r", "AT\r\r\nOK\r\n");
    QCOMPARE(sim.stop(), 0);
    QVERIFY(sim.process().readAllStandardError().contains("'AT+CGMR' was never recorded: ERROR"));
}

// URCs before the first command come at their recorded times from the start, in order.
void TestModemSimReplay::urcsKeepTheirTiming()
{
    const QString path = writeRecording(record(0, '<', "urc", "\\r\\nRDY\\r") + record(300, '<', "urc", "\\n\\r\\n+CFUN: 1\\r")
                                        + record(600, '<', "urc", "\\n\\r\\nSMS Ready\\r")
                                        + exchange(700, "AT", {}, "OK"));
    SimProcess sim;
    PtyClient client;
    START(sim, client, replayArguments(path));
    QElapsedTimer clock;
    EXPECT_NEXT(client, "\r\nRDY\r\n");
    clock.start();
    EXPECT_NEXT(client, "\r\n+CFUN: 1\r\n");
    const qint64 second = clock.elapsed();
    EXPECT_NEXT(client, "\r\nSMS Ready\r\n");
    const qint64 third = clock.elapsed();
    // Timers never fire early; a few ms of delivery jitter on the first URC is allowed for.
    QVERIFY2(second >= 280, qPrintable(QString::number(second)));
    QVERIFY2(third - second >= 280, qPrintable(QString::number(third - second)));

    // Twice as fast: the gaps halve.
    SimProcess fast;
    PtyClient fastClient;
    START(fast, fastClient, replayArguments(path, {QStringLiteral("--replay-speed"), QStringLiteral("2")}));
    EXPECT_NEXT(fastClient, "\r\nRDY\r\n");
    clock.restart();
    EXPECT_NEXT(fastClient, "\r\n+CFUN: 1\r\n\r\nSMS Ready\r\n");
    const qint64 both = clock.elapsed();
    QVERIFY2(both >= 280 && both < 600, qPrintable(QString::number(both)));
}

void TestModemSimReplay::urcWaitsForItsCommand()
{
    const QString path = writeRecording(exchange(0, "AT+CNACT=1,\\\"iot\\\"", {}, "OK", Place::First)
                                        + record(100, '<', "urc", "\\n\\r\\n+APP PDP: ACTIVE\\r")
                                        + exchange(200, "AT", {}, "OK")
                                        + record(250, '<', "urc", "\\n\\r\\n+CEREG: 1\\r"));
    SimProcess sim;
    PtyClient client;
    START(sim, client, replayArguments(path));
    EXCHANGE(client, "AT\r", "AT\r\r\nOK\r\n");
    // Recorded 100 ms after the start, but after AT+CNACT: not before the client sends that.
    QVERIFY(!QTest::qWaitFor([&] { return !client.pending().isEmpty(); }, 500));
    QElapsedTimer clock;
    clock.start();
    EXCHANGE(client, "AT+CNACT=1,\"iot\"\r", "AT+CNACT=1,\"iot\"\r\r\nOK\r\n");
    EXPECT_NEXT(client, "\r\n+APP PDP: ACTIVE\r\n");
    // ... and then as long after the reply as after the command in the recording.
    QVERIFY2(clock.elapsed() >= 90, qPrintable(QString::number(clock.elapsed())));
    // The next URC was anchored to the first AT, answered long ago.
    EXPECT_NEXT(client, "\r\n+CEREG: 1\r\n");
    QCOMPARE(sim.stop(), 0);
}

void TestModemSimReplay::payloadAfterPrompt()
{
    const QString path = writeRecording(record(0, '>', "command", "AT+CASEND=0,5\\r")
                                        + record(1, '<', "echo", "AT+CASEND=0,5\\r")
                                        + record(2, '<', "prompt", "\\r\\n>")
                                        + record(3, '>', "payload", "<5 bytes redacted>")
                                        + record(4, '<', "final", " \\r\\nOK\\r")
                                        + exchange(10, "AT", {}, "OK"));
    SimProcess sim;
    PtyClient client;
    START(sim, client, replayArguments(path));
    EXCHANGE(client, "AT+CASEND=0,5\r", "AT+CASEND=0,5\r\r\n> ");
    // The payload is taken without echo, even when it looks like a command.
    EXCHANGE(client, "AT\rAT", "\r\nOK\r\n");
    EXCHANGE(client, "AT\r", "AT\r\r\nOK\r\n");
    QCOMPARE(sim.stop(), 0);
}

void TestModemSimReplay::worksOverLinkAndTcp()
{
    const QString path = writeRecording(exchange(0, "ATI", {"SIM7000G R1529"}, "OK", Place::First));
    const QString link = m_dir.filePath(QStringLiteral("modem-link"));
    SimProcess sim;
    PtyClient client;
    QVERIFY(sim.start(replayArguments(path, {QStringLiteral("--link"), link, QStringLiteral("--exit-with-stdin"),
                                             QStringLiteral("--no-banner")})));
    QVERIFY(client.open(link));
    EXCHANGE(client, "ATI\r", "ATI\r\r\nSIM7000G R1529\r\n\r\nOK\r\n");
    // SimTransport's way to stop it: close stdin.
    sim.process().closeWriteChannel();
    QVERIFY(finished(sim.process()));
    QCOMPARE(sim.process().exitCode(), 0);
    QVERIFY(!QFileInfo::exists(link));

    SimProcess tcp;
    QVERIFY(tcp.start(replayArguments(path, {QStringLiteral("--tcp"), QStringLiteral("127.0.0.1:0")})));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, tcp.line().section(QLatin1Char(':'), -1).toUShort());
    QVERIFY(socket.waitForConnected(kTimeoutMs));
    QByteArray received;
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { received += socket.readAll(); });
    socket.write("ATI\r");
    QVERIFY(QTest::qWaitFor([&] { return received.endsWith("OK\r\n"); }, kTimeoutMs));
    QCOMPARE(received, QByteArray("ATI\r\r\nSIM7000G R1529\r\n\r\nOK\r\n"));
    QCOMPARE(tcp.stop(), 0);
}

void TestModemSimReplay::malformedRecordings_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("what");
    const QByteArray good = exchange(0, "AT", {}, "OK", Place::First);
    QTest::newRow("bad timestamp") << good + "2026-13-22T06:00:00.123Z > command \"AT\\r\"\n" << QStringLiteral(":4:")
                                   << QStringLiteral("time stamp");
    QTest::newRow("bad escape") << good + record(5, '<', "urc", "\\q") << QStringLiteral(":4:")
                                << QStringLiteral("bad escape");
    QTest::newRow("short hex escape") << record(5, '<', "urc", "\\x4") << QStringLiteral(":1:")
                                      << QStringLiteral("two hex digits");
    QTest::newRow("unknown kind") << record(0, '<', "banana", "x") << QStringLiteral(":1:") << QStringLiteral("kind");
    QTest::newRow("no closing quote") << QByteArray("2026-11-22T06:00:00.123Z < urc \"abc\n") << QStringLiteral(":1:")
                                      << QStringLiteral("double quotes");
    QByteArray garbage(4096, '\0');
    for (int i = 0; i < garbage.size(); ++i)
        garbage[i] = char((i * 7919 + 13) & 0xff);
    QTest::newRow("binary garbage") << garbage << QStringLiteral(":1:") << QStringLiteral("time stamp");
    QTest::newRow("raw control byte") << record(0, '<', "urc", "a\x01") << QStringLiteral(":1:")
                                      << QStringLiteral("escaped");
    QTest::newRow("10 MB line") << good + QByteArray(10 * 1024 * 1024, 'A') + '\n' << QStringLiteral(":4:")
                                << QStringLiteral("longer than");
    QTest::newRow("newer format") << "# modembench-traffic-log 2\n" + good << QStringLiteral(":1:")
                                  << QStringLiteral("not supported");
    QTest::newRow("empty") << QByteArray("# modembench-traffic-log 1\n") << QStringLiteral(": ")
                           << QStringLiteral("no traffic records");
}

void TestModemSimReplay::malformedRecordings()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, where);
    QFETCH(QString, what);
    const QString path = writeRecording(text);
    QProcess process;
    process.start(modemsimPath(), replayArguments(path));
    QVERIFY(finished(process));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardOutput().isEmpty());  // no port was created
    const QString error = QString::fromLocal8Bit(process.readAllStandardError());
    QVERIFY2(error.startsWith(QStringLiteral("modemsim: recording ") + path + where), qPrintable(error));
    QVERIFY2(error.contains(what), qPrintable(error));
    QVERIFY2(error.size() < 400, qPrintable(error.left(400)));
}

void TestModemSimReplay::refusesModemOptions()
{
    const QString path = writeRecording(exchange(0, "AT", {}, "OK", Place::First));
    const QList<QStringList> bad{{QStringLiteral("--replay"), path, QStringLiteral("--model"), QStringLiteral("sim800l")},
                                 {QStringLiteral("--replay"), path, QStringLiteral("--replay-speed"), QStringLiteral("0")},
                                 {QStringLiteral("--replay-speed"), QStringLiteral("2")},
                                 {QStringLiteral("--replay"), m_dir.filePath(QStringLiteral("missing.log"))}};
    for (const QStringList &arguments : bad) {
        QProcess process;
        process.start(modemsimPath(), arguments);
        QVERIFY(finished(process));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(!process.readAllStandardError().trimmed().isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestModemSimReplay)
#include "tst_modemsimreplay.moc"
