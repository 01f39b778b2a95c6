// Black-box tests of the modemsim executable: bytes on the wire, compared verbatim. The simulator
// is reached through raw POSIX on its pty (and QTcpSocket for --tcp); no ModemBench core code is
// involved, so these tests say what the simulator does, not what our engine believes.

#include "simharness.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <cerrno>
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

using namespace SimTest;

namespace {

bool hasValidLuhn(const QByteArray &digits)
{
    int sum = 0;
    bool doubleIt = false;
    for (auto it = digits.crbegin(); it != digits.crend(); ++it) {
        int digit = *it - '0';
        if (doubleIt && (digit *= 2) > 9)
            digit -= 9;
        sum += digit;
        doubleIt = !doubleIt;
    }
    return !digits.isEmpty() && sum % 10 == 0;
}

} // namespace

class TestModemSim : public QObject
{
    Q_OBJECT

private:
    QString writeScenario(const QByteArray &json)
    {
        const QString path = m_dir.filePath(QStringLiteral("scenario-%1.json").arg(++m_files));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size())
            return {};
        return path;
    }

    // Polls AT+CEREG? (each poll is a real round trip, no sleeping) until registered.
    static bool waitRegistered(PtyClient &client)
    {
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < kTimeoutMs) {
            if (client.command("AT+CEREG?\r").contains("+CEREG: 0,1"))
                return true;
        }
        return false;
    }

    static QList<int> csqSequence(const QStringList &arguments, int count);

    QTemporaryDir m_dir;
    int m_files = 0;

private Q_SLOTS:
    void initTestCase();
    void powerOnBanner();
    void echoOnOff();
    void identity_data();
    void identity();
    void identityOverrides();
    void cmeeErrorForms();
    void numericResults();
    void lineEndingsAndGarbage();
    void multipleCommands();
    void overlongLine();
    void registrationAfterDelay();
    void copsDeregistersAndReregisters();
    void cfunMinimumAndFull();
    void rebootBanner();
    void networkTime();
    void signalReadings();
    void seedRepeatability();
    void scenarioResponses();
    void scenarioLatency();
    void scenarioUrcs();
    void badScenario_data();
    void badScenario();
    void unknownModel();
    void tcpMode();
    void linkSymlink();
    void reopenPort();
    void exitWithStdin();
    void verboseLog();
};

void TestModemSim::initTestCase()
{
    QVERIFY2(QFileInfo(modemsimPath()).isExecutable(), qPrintable(modemsimPath()));
    QVERIFY(m_dir.isValid());
}

void TestModemSim::powerOnBanner()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--exit-with-stdin")});
    // protocol.md §2.1; the pty keeps what was sent before we opened it.
    const QByteArray banner("\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nSMS Ready\r\n");
    QCOMPARE(client.take(banner.size()), banner);
    EXCHANGE(client, "AT\r", "AT\r\r\nOK\r\n");
}

void TestModemSim::echoOnOff()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--exit-with-stdin")});
    EXCHANGE(client, "AT\r", "AT\r\r\nOK\r\n");
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    EXCHANGE(client, "AT\r", "\r\nOK\r\n");
    EXCHANGE(client, "ATE1\r", "\r\nOK\r\n");
    EXCHANGE(client, "at\r", "at\r\r\nOK\r\n");
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    EXCHANGE(client, "ATZ\r", "\r\nOK\r\n");  // ATZ restores echo on
    EXCHANGE(client, "AT\r", "AT\r\r\nOK\r\n");
}

void TestModemSim::identity_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<QByteArray>("reply");
    QTest::newRow("sim7000g ATI") << QByteArray("ATI") << QByteArray("SIM7000G R1529");
    QTest::newRow("sim7000g CGMI") << QByteArray("AT+CGMI") << QByteArray("SIMCOM_Ltd");
    QTest::newRow("sim7000g GMI") << QByteArray("AT+GMI") << QByteArray("SIMCOM_Ltd");
    QTest::newRow("sim7000g CGMM") << QByteArray("AT+CGMM") << QByteArray("SIMCOM_SIM7000G");
    QTest::newRow("sim7000g GMM") << QByteArray("AT+GMM") << QByteArray("SIMCOM_SIM7000G");
    QTest::newRow("sim7000g CGMR") << QByteArray("AT+CGMR") << QByteArray("Revision:1529B04SIM7000G");
    QTest::newRow("sim7000g GMR") << QByteArray("AT+GMR") << QByteArray("Revision:1529B04SIM7000G");
    QTest::newRow("sim7000g CGSN") << QByteArray("AT+CGSN") << QByteArray("869951031234564");
    QTest::newRow("sim7000g GSN") << QByteArray("AT+GSN") << QByteArray("869951031234564");
    QTest::newRow("sim7000g CIMI") << QByteArray("AT+CIMI") << QByteArray("001010123456789");
    QTest::newRow("sim7000g CCID") << QByteArray("AT+CCID") << QByteArray("89012608622914771148");
    QTest::newRow("sim7000g CPIN?") << QByteArray("AT+CPIN?") << QByteArray("+CPIN: READY");
}

void TestModemSim::identity()
{
    QFETCH(QByteArray, command);
    QFETCH(QByteArray, reply);
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--exit-with-stdin")});
    EXCHANGE(client, command + '\r', command + "\r\r\n" + reply + "\r\n\r\nOK\r\n");
    if (command.endsWith("GSN"))
        QVERIFY2(hasValidLuhn(reply), "the default IMEI must carry a valid Luhn check digit");
    if (command.endsWith("CCID"))
        QVERIFY2(hasValidLuhn(reply), "the default ICCID must carry a valid Luhn check digit");
}

void TestModemSim::identityOverrides()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--imei"), QStringLiteral("490154203237518"),
                        QStringLiteral("--imsi"), QStringLiteral("262011234567890"), QStringLiteral("--iccid"),
                        QStringLiteral("8949011234567890123f")});
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    EXCHANGE(client, "AT+CGSN;+CIMI;+CCID\r",
             "\r\n490154203237518\r\n\r\n262011234567890\r\n\r\n8949011234567890123f\r\n\r\nOK\r\n");
    SimProcess bad;
    QVERIFY(!bad.start({QStringLiteral("--imei"), QStringLiteral("12345")}));
    QVERIFY(finished(bad.process()));
    QCOMPARE(bad.process().exitCode(), 2);
    QVERIFY(bad.process().readAllStandardError().contains("--imei"));
}

void TestModemSim::cmeeErrorForms()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--exit-with-stdin")});
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    EXCHANGE(client, "AT+CMEE?\r", "\r\n+CMEE: 0\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+NOSUCH\r", "\r\nERROR\r\n");
    EXCHANGE(client, "AT+CMEE=1\r", "\r\nOK\r\n");
    EXCHANGE(client, "AT+NOSUCH\r", "\r\n+CME ERROR: 4\r\n");
    EXCHANGE(client, "AT+CFUN=9\r", "\r\n+CME ERROR: 765\r\n");
    EXCHANGE(client, "AT+CMEE=2\r", "\r\nOK\r\n");
    EXCHANGE(client, "AT+NOSUCH\r", "\r\n+CME ERROR: operation not supported\r\n");
    EXCHANGE(client, "AT+CFUN=9\r", "\r\n+CME ERROR: Invalid input value\r\n");
    EXCHANGE(client, "AT+CMEE=?\r", "\r\n+CMEE: (0-2)\r\n\r\nOK\r\n");
}

void TestModemSim::numericResults()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--exit-with-stdin")});
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    // protocol.md §1: ATV0 info "text<CR><LF>", results "<n><CR>"; +CME ERROR stays a text line.
    EXCHANGE(client, "ATV0\r", "0\r");
    EXCHANGE(client, "ATI\r", "SIM7000G R1529\r\n0\r");
    EXCHANGE(client, "AT+NOSUCH\r", "4\r");
    EXCHANGE(client, "AT+CMEE=1\r", "0\r");
    EXCHANGE(client, "AT+NOSUCH\r", "+CME ERROR: 4\r\n");
    EXCHANGE(client, "ATV1\r", "\r\nOK\r\n");
    EXCHANGE(client, "ATV0E1\r", "0\r");
    EXCHANGE(client, "ATZ\r", "ATZ\r\r\nOK\r\n");
}

void TestModemSim::lineEndingsAndGarbage()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--exit-with-stdin")});
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    // CR LF is one terminator, a lone LF is one too; the next command proves nothing extra came.
    EXCHANGE(client, "AT\r\nATI\r", "\r\nOK\r\n\r\nSIM7000G R1529\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT\nAT+CGMI\n", "\r\nOK\r\n\r\nSIMCOM_Ltd\r\n\r\nOK\r\n");
    // Lines without an AT prefix are ignored; bytes before "AT" are skipped.
    EXCHANGE(client, QByteArray("hello\r\r\n\x00\xff\r", 11) + "xxAT\r", "\r\nOK\r\n");
}

void TestModemSim::multipleCommands()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--registration-delay"),
                        QStringLiteral("600000")});
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    EXCHANGE(client, "AT+CSQ;+CPSI?\r", "\r\n+CSQ: 99,99\r\n\r\n+CPSI: NO SERVICE,Online\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CEREG?;+COPS?\r", "\r\n+CEREG: 0,2\r\n\r\n+COPS: 0\r\n\r\nOK\r\n");
    // An error ends the line: what ran before is shown, what follows does not run.
    EXCHANGE(client, "AT+CMEE=1;+CGMI;+NOSUCH;+CMEE=2\r", "\r\nSIMCOM_Ltd\r\n\r\n+CME ERROR: 4\r\n");
    EXCHANGE(client, "AT+CMEE?\r", "\r\n+CMEE: 1\r\n\r\nOK\r\n");
    // Echo was off while this line arrived; it is on for the next one.
    EXCHANGE(client, "ATE1V1;+CMEE=0\r", "\r\nOK\r\n");
    EXCHANGE(client, "AT\r", "AT\r\r\nOK\r\n");
}

void TestModemSim::overlongLine()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--exit-with-stdin")});
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    const QByteArray longLine = "AT+CGMI;" + QByteArray(692, 'X');
    QCOMPARE(longLine.size(), 700);
    EXCHANGE(client, longLine + '\r', "\r\nERROR\r\n");
    EXCHANGE(client, "AT\r", "\r\nOK\r\n");
    // 40 commands exceed SIM7000's 39 per line (protocol.md §1).
    QByteArray many = "AT";
    for (int i = 0; i < 40; ++i)
        many += "+CGMI;";
    EXCHANGE(client, many + '\r', "\r\nERROR\r\n");
}

void TestModemSim::registrationAfterDelay()
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--registration-delay"), QStringLiteral("3000")});
    EXCHANGE(client, "ATE0;+CEREG=1\r", "ATE0;+CEREG=1\r\r\nOK\r\n");
    EXCHANGE(client, "AT+CEREG?\r", "\r\n+CEREG: 1,2\r\n\r\nOK\r\n");
    EXPECT_NEXT(client, "\r\n+CEREG: 1\r\n");
    QVERIFY2(sinceStart.elapsed() >= 3000, qPrintable(QString::number(sinceStart.elapsed())));
    EXCHANGE(client, "AT+CEREG?\r", "\r\n+CEREG: 1,1\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CEREG=2;+CEREG?\r", "\r\n+CEREG: 2,1,\"1A2B\",,\"0192E301\",7\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CREG=2;+CREG?;+CGREG?\r",
             "\r\n+CREG: 2,1,\"1A2B\",\"0192E301\",7\r\n\r\n+CGREG: 0,1\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+COPS?\r", "\r\n+COPS: 0,0,\"ModemSim LTE\",7\r\n\r\nOK\r\n");
}

void TestModemSim::copsDeregistersAndReregisters()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--registration-delay"), QStringLiteral("300")});
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    QVERIFY(waitRegistered(client));
    EXCHANGE(client, "AT+CEREG=1\r", "\r\nOK\r\n");
    EXCHANGE(client, "AT+COPS=2\r", "\r\nOK\r\n\r\n+CEREG: 0\r\n");
    EXCHANGE(client, "AT+COPS?;+CSQ;+CEREG?\r", "\r\n+COPS: 2\r\n\r\n+CSQ: 99,99\r\n\r\n+CEREG: 1,0\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+COPS=0\r", "\r\nOK\r\n\r\n+CEREG: 2\r\n");
    EXPECT_NEXT(client, "\r\n+CEREG: 1\r\n");
    EXCHANGE(client, "AT+COPS=3,2;+COPS?\r", "\r\n+COPS: 0,2,\"00101\",7\r\n\r\nOK\r\n");
}

void TestModemSim::cfunMinimumAndFull()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--registration-delay"),
                        QStringLiteral("600000")});
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    // protocol.md §2.1: "+CPIN: NOT READY" before OK; OK then "+CPIN: READY".
    EXCHANGE(client, "AT+CFUN=0\r", "\r\n+CPIN: NOT READY\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CFUN?\r", "\r\n+CFUN: 0\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CMEE=1;+CIMI\r", "\r\n+CME ERROR: 10\r\n");
    EXCHANGE(client, "AT+CFUN=1\r", "\r\nOK\r\n\r\n+CPIN: READY\r\n");
    EXCHANGE(client, "AT+CFUN?;+CEREG?\r", "\r\n+CFUN: 1\r\n\r\n+CEREG: 0,2\r\n\r\nOK\r\n");
}

void TestModemSim::rebootBanner()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--exit-with-stdin")});
    EXCHANGE(client, "ATE0;+CMEE=2\r", "ATE0;+CMEE=2\r\r\nOK\r\n");
    EXCHANGE(client, "AT+CFUN=1,1\r", "\r\nOK\r\n\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nSMS Ready\r\n");
    // Echo, CMEE and V are back at their power-on values.
    EXCHANGE(client, "AT+NOSUCH\r", "AT+NOSUCH\r\r\nERROR\r\n");
    EXCHANGE(client, "AT+CFUN=6\r",
             "AT+CFUN=6\r\r\nOK\r\n\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nSMS Ready\r\n");
}

void TestModemSim::networkTime()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--registration-delay"), QStringLiteral("200")});
    // The manual-selection trick of protocol.md §5.1 makes the order deterministic.
    EXCHANGE(client, "ATE0;+COPS=2\r", "ATE0;+COPS=2\r\r\nOK\r\n");
    EXCHANGE(client, "AT+CLTS=1;+CLTS?\r", "\r\n+CLTS: 1\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+COPS=0\r", "\r\nOK\r\n");
    EXPECT_NEXT(client, "\r\nDST: 0\r\n");
    // protocol.md §5.5/§18: two-digit year, date and time joined, a stray quote.
    const QByteArray psuttz = client.take(qstrlen("\r\n*PSUTTZ: yy/MM/dd,hh:mm:ss\",\"+zz\",0\r\n"));
    static const QRegularExpression format(QStringLiteral(
        "^\r\n\\*PSUTTZ: \\d\\d/\\d\\d/\\d\\d,\\d\\d:\\d\\d:\\d\\d\",\"[+-]\\d\\d\",0\r\n$"));
    QVERIFY2(format.match(QString::fromLatin1(psuttz)).hasMatch(), psuttz.constData());
}

void TestModemSim::signalReadings()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--registration-delay"), QStringLiteral("0")});
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    QVERIFY(waitRegistered(client));
    const QByteArray cpsi = client.command("AT+CPSI?\r");
    static const QRegularExpression lte(QStringLiteral(
        "^\r\n\\+CPSI: LTE CAT-M1,Online,001-01,0x1A2B,26403585,94,EUTRAN-BAND20,6300,5,5,"
        "(-?\\d+),(-?\\d+),(-?\\d+),(\\d+)\r\n\r\nOK\r\n$"));
    const QRegularExpressionMatch m = lte.match(QString::fromLatin1(cpsi));
    QVERIFY2(m.hasMatch(), cpsi.constData());
    const int rsrq = m.captured(1).toInt();
    const int rsrp = m.captured(2).toInt();
    const int rssi = m.captured(3).toInt();
    const int rssnr = m.captured(4).toInt();
    QVERIFY(rsrq >= -20 && rsrq <= -3);
    QVERIFY(rsrp >= -140 && rsrp <= -44);
    QVERIFY(rssi >= -110 && rssi <= -54);
    QVERIFY(rssnr >= 0 && rssnr <= 25);
    QVERIFY(rsrp < rssi);
}

QList<int> TestModemSim::csqSequence(const QStringList &arguments, int count)
{
    QList<int> values;
    SimProcess sim;
    PtyClient client;
    if (!sim.start(arguments) || !client.open(sim.path()) || !client.command("ATE0\r").endsWith("OK\r\n")
        || !waitRegistered(client))
        return values;
    static const QRegularExpression csq(QStringLiteral("^\r\n\\+CSQ: (\\d+),99\r\n\r\nOK\r\n$"));
    for (int i = 0; i < count; ++i) {
        const QRegularExpressionMatch m = csq.match(QString::fromLatin1(client.command("AT+CSQ\r")));
        if (!m.hasMatch())
            return {};
        values.append(m.captured(1).toInt());
    }
    return values;
}

void TestModemSim::seedRepeatability()
{
    // signal_step_ms 0 steps the walk on every reading, which makes the sequence independent of timing.
    const QString scenario = writeScenario(R"({"signal_step_ms": 0, "registration_delay_ms": 0})");
    QVERIFY(!scenario.isEmpty());
    const auto arguments = [&](int seed) {
        return QStringList{QStringLiteral("--no-banner"), QStringLiteral("--scenario"), scenario,
                           QStringLiteral("--seed"), QString::number(seed)};
    };
    const QList<int> first = csqSequence(arguments(1), 12);
    QCOMPARE(first.size(), 12);
    QCOMPARE(csqSequence(arguments(1), 12), first);
    QVERIFY(csqSequence(arguments(2), 12) != first);
    for (qsizetype i = 0; i < first.size(); ++i) {
        QVERIFY(first.at(i) >= 10 && first.at(i) <= 28);
        if (i > 0)
            QVERIFY(qAbs(first.at(i) - first.at(i - 1)) <= 1);
    }
    QVERIFY(std::any_of(first.begin(), first.end(), [&](int v) { return v != first.constFirst(); }));
}

void TestModemSim::scenarioResponses()
{
    const QString scenario = writeScenario(R"({
        "echo": false,
        "responses": {
            "AT+CIMI": "\r\nDST: 1\r\n\r\n001010123456789\r\n\r\nOK\r\n",
            "at+csq": ["\r\n+CSQ: 5,99\r\n\r\nOK\r\n", "\r\n+CSQ: 6,99\r\n\r\nOK\r\n"],
            "AT+RAW": "\u0000\u00ff\r\nOK\r\n"
        }
    })");
    QVERIFY(!scenario.isEmpty());
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--scenario"), scenario});
    EXCHANGE(client, "AT+CIMI\r", "\r\nDST: 1\r\n\r\n001010123456789\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CSQ\r", "\r\n+CSQ: 5,99\r\n\r\nOK\r\n");
    EXCHANGE(client, "At+Csq\r", "\r\n+CSQ: 6,99\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CSQ\r", "\r\n+CSQ: 6,99\r\n\r\nOK\r\n");  // the last one repeats
    EXCHANGE(client, "AT+RAW\r", QByteArray("\x00\xff\r\nOK\r\n", 8));
    EXCHANGE(client, "AT+CGMI\r", "\r\nSIMCOM_Ltd\r\n\r\nOK\r\n");  // everything else is normal
}

void TestModemSim::scenarioLatency()
{
    const QString scenario =
        writeScenario(R"({"latency_ms": {"AT+CSQ": 1500, "default": 300}, "registration_delay_ms": 600000})");
    QVERIFY(!scenario.isEmpty());
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--scenario"), scenario});
    QElapsedTimer clock;
    clock.start();
    QVERIFY(client.send("AT+CSQ\r"));
    // The echo is immediate; the reply waits for its latency.
    EXPECT_NEXT(client, "AT+CSQ\r");
    QVERIFY2(client.pending().isEmpty(), client.pending().constData());
    EXPECT_NEXT(client, "\r\n+CSQ: 99,99\r\n\r\nOK\r\n");
    QVERIFY2(clock.elapsed() >= 1500, qPrintable(QString::number(clock.elapsed())));
    clock.restart();
    EXCHANGE(client, "ATI\r", "ATI\r\r\nSIM7000G R1529\r\n\r\nOK\r\n");
    QVERIFY2(clock.elapsed() >= 300, qPrintable(QString::number(clock.elapsed())));
}

void TestModemSim::scenarioUrcs()
{
    const QString scenario = writeScenario(R"({"banner": false, "urcs": [
        {"after_ms": 50, "text": "\r\n+CPIN: NOT INSERTED\r\n"}, {"after_ms": 300, "text": "x"}]})");
    QVERIFY(!scenario.isEmpty());
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--scenario"), scenario});
    EXPECT_NEXT(client, "\r\n+CPIN: NOT INSERTED\r\nx");
}

void TestModemSim::badScenario_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("named");
    QTest::newRow("unknown key") << QByteArray(R"({"bogus": 1})") << QByteArray("bogus");
    QTest::newRow("string for int") << QByteArray(R"({"registration_delay_ms": "fast"})")
                                    << QByteArray("registration_delay_ms");
    QTest::newRow("negative latency") << QByteArray(R"({"latency_ms": {"AT+CSQ": -5}})") << QByteArray("AT+CSQ");
    QTest::newRow("number as reply") << QByteArray(R"({"responses": {"AT+X": 5}})") << QByteArray("responses.AT+X");
    QTest::newRow("empty reply list") << QByteArray(R"({"responses": {"AT+X": []}})") << QByteArray("responses.AT+X");
    QTest::newRow("urc key typo") << QByteArray(R"({"urcs": [{"after_ms": 1, "txt": "x"}]})") << QByteArray("txt");
    QTest::newRow("cmee range") << QByteArray(R"({"cmee": 3})") << QByteArray("cmee");
    QTest::newRow("echo type") << QByteArray(R"({"echo": "yes"})") << QByteArray("echo");
    QTest::newRow("bad imei") << QByteArray(R"({"imei": "1234"})") << QByteArray("imei");
    QTest::newRow("not a byte") << QByteArray(R"({"responses": {"AT": "\u0100"}})") << QByteArray("responses.AT");
    QTest::newRow("not json") << QByteArray("{nope") << QByteArray("invalid JSON");
}

void TestModemSim::badScenario()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, named);
    const QString scenario = writeScenario(json);
    QVERIFY(!scenario.isEmpty());
    QProcess process;
    process.start(modemsimPath(), {QStringLiteral("--scenario"), scenario});
    QVERIFY(finished(process));
    const QByteArray errors = process.readAllStandardError();
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 2);
    QVERIFY2(errors.contains(named), errors.constData());
    QVERIFY2(errors.startsWith("modemsim: scenario "), errors.constData());
    QVERIFY(process.readAllStandardOutput().isEmpty());
}

void TestModemSim::unknownModel()
{
    QProcess process;
    process.start(modemsimPath(), {QStringLiteral("--model"), QStringLiteral("sim9999")});
    QVERIFY(finished(process));
    QCOMPARE(process.exitCode(), 2);
    QCOMPARE(process.readAllStandardError(),
             QByteArray("modemsim: unknown model 'sim9999'; supported: sim7000g, sim7080g, sim800l, sim800l-r13\n"));
}

void TestModemSim::tcpMode()
{
    SimProcess sim;
    QVERIFY(sim.start({QStringLiteral("--tcp"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--no-banner")}));
    static const QRegularExpression endpoint(QStringLiteral("^TCP 127\\.0\\.0\\.1:(\\d+)$"));
    const QRegularExpressionMatch m = endpoint.match(sim.line());
    QVERIFY2(m.hasMatch(), qPrintable(sim.line()));
    const quint16 port = m.captured(1).toUShort();
    QVERIFY(port != 0);

    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(kTimeoutMs));
    QByteArray received;
    QObject::connect(&socket, &QTcpSocket::readyRead, &socket, [&] { received += socket.readAll(); });
    socket.write("AT\r");
    QVERIFY(QTest::qWaitFor([&] { return received.size() >= 9; }, kTimeoutMs));
    QCOMPARE(received, QByteArray("AT\r\r\nOK\r\n"));

    // One host at a time: a second connection is closed.
    QTcpSocket second;
    second.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(QTest::qWaitFor([&] { return second.state() == QAbstractSocket::UnconnectedState; }, kTimeoutMs));
    received.clear();
    socket.write("ATE0;+CGMM\r");
    QVERIFY(QTest::qWaitFor([&] { return received.endsWith("OK\r\n"); }, kTimeoutMs));
    QCOMPARE(received, QByteArray("ATE0;+CGMM\r\r\nSIMCOM_SIM7000G\r\n\r\nOK\r\n"));
    QCOMPARE(sim.stop(), 0);
}

void TestModemSim::linkSymlink()
{
    const QString link = m_dir.filePath(QStringLiteral("ttyMODEM"));
    QVERIFY(QFile::link(QStringLiteral("/nonexistent/old-pty"), link));  // a stale link is replaced
    SimProcess sim;
    QVERIFY(sim.start({QStringLiteral("--no-banner"), QStringLiteral("--link"), link}));
    QVERIFY(QFileInfo(link).isSymLink());
    QCOMPARE(QFileInfo(link).symLinkTarget(), sim.path());
    PtyClient client;
    QVERIFY(client.open(link));
    EXCHANGE(client, "AT\r", "AT\r\r\nOK\r\n");
    client.close();
    QCOMPARE(sim.stop(), 0);  // SIGTERM is a clean exit...
    QVERIFY(!QFileInfo::exists(link) && !QFileInfo(link).isSymLink());  // ...that removes the link

    const QString file = m_dir.filePath(QStringLiteral("regular-file"));
    QFile regular(file);
    QVERIFY(regular.open(QIODevice::WriteOnly));
    regular.close();
    SimProcess refused;
    QVERIFY(!refused.start({QStringLiteral("--link"), file}));
    QVERIFY(finished(refused.process()));
    QVERIFY(refused.process().exitCode() != 0);
    QVERIFY(refused.process().readAllStandardError().contains("not a symbolic link"));
    QVERIFY(QFileInfo(file).isFile());
}

void TestModemSim::reopenPort()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--exit-with-stdin")});
    EXCHANGE(client, "AT\r", "AT\r\r\nOK\r\n");
    // environment.md: with its own slave descriptor open, modemsim survives the host closing the port.
    client.close();
    QVERIFY(client.open(sim.path()));
    EXCHANGE(client, "AT+CGMI\r", "AT+CGMI\r\r\nSIMCOM_Ltd\r\n\r\nOK\r\n");
}

void TestModemSim::exitWithStdin()
{
    SimProcess sim;
    QVERIFY(sim.start({QStringLiteral("--no-banner"), QStringLiteral("--exit-with-stdin")}));
    sim.process().closeWriteChannel();
    QVERIFY(finished(sim.process()));
    QCOMPARE(sim.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(sim.process().exitCode(), 0);
}

void TestModemSim::verboseLog()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--verbose"), QStringLiteral("--seed"),
                        QStringLiteral("7")});
    EXCHANGE(client, "AT\r", "AT\r\r\nOK\r\n");
    QCOMPARE(sim.stop(), 0);
    const QByteArray log = sim.process().readAllStandardError();
    QVERIFY2(log.contains("<- AT\\r"), log.constData());
    QVERIFY2(log.contains("-> AT\\r\\r\\nOK\\r\\n"), log.constData());
    QVERIFY2(log.contains("seed 7"), log.constData());
}

QTEST_GUILESS_MAIN(TestModemSim)
#include "tst_modemsim.moc"
