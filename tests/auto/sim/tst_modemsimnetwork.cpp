// Black-box tests of modemsim's personalities, data path, registration scenarios, --state and fault
// switches (docs/modemsim.md): bytes on the pty compared verbatim, no ModemBench core code, no sleeps
// (every wait ends on bytes arriving or a process ending).

#include "simharness.h"

#include <QFile>
#include <QTcpSocket>
#include <QTemporaryDir>

using namespace SimTest;

class TestModemSimNetwork : public QObject
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

    static QStringList quiet(const QString &model, const QStringList &more = {})
    {
        return QStringList{QStringLiteral("--model"), model, QStringLiteral("--no-banner"),
                           QStringLiteral("--registration-delay"), QStringLiteral("0")}
               + more;
    }

    QTemporaryDir m_dir;
    int m_files = 0;

private Q_SLOTS:
    void initTestCase();
    void identity_data();
    void identity();
    void bootBanner_data();
    void bootBanner();
    void sim800Dialect();
    void sim800Ssl();
    void sim7000DataPath();
    void sim7000ActivationRefused();
    void sim7080DataPath();
    void pingRepeatableAndTimed();
    void pingLossAndResolve();
    void sim800CipStack();
    void sim7000CipStack();
    void sim800NetworkTime();
    void sapbrAndCgact();
    void dataDroppedWithRegistration();
    void registrationSequence_data();
    void registrationSequence();
    void noSim();
    void statePersists();
    void faultReboots();
    void faultRebootAfterMs();
    void faultClosePty();
    void faultCloseTcp();
    void faultNoise();
    void faultDroppedBytes();
    void faultSlow();
};

void TestModemSimNetwork::initTestCase()
{
    QVERIFY2(QFileInfo(modemsimPath()).isExecutable(), qPrintable(modemsimPath()));
    QVERIFY(m_dir.isValid());
}

void TestModemSimNetwork::identity_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QByteArray>("reply");
    // protocol.md §2.3, §11.1.
    QTest::newRow("sim7000g") << QStringLiteral("sim7000g")
                              << QByteArray("SIM7000G R1529\r\n\r\nSIMCOM_SIM7000G\r\n\r\nRevision:1529B04SIM7000G");
    QTest::newRow("sim7080g") << QStringLiteral("sim7080g")
                              << QByteArray("SIM7080 R1951\r\n\r\nSIMCOM_SIM7080\r\n\r\nRevision:1951B16SIM7080");
    QTest::newRow("sim800l") << QStringLiteral("sim800l")
                             << QByteArray("SIM800 R14.18\r\n\r\nSIMCOM_SIM800L\r\n\r\nRevision:1418B05SIM800L24");
    QTest::newRow("sim800l-r13") << QStringLiteral("sim800l-r13")
                                 << QByteArray("SIM800 R13.08\r\n\r\nSIMCOM_SIM800L\r\n\r\nRevision:1308B08SIM800L16");
}

void TestModemSimNetwork::identity()
{
    QFETCH(QString, model);
    QFETCH(QByteArray, reply);
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(model));
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    EXCHANGE(client, "ATI;+CGMM;+CGMR\r", "\r\n" + reply + "\r\n\r\nOK\r\n");
}

void TestModemSimNetwork::bootBanner_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QByteArray>("banner");
    // §2.1: SIM7080 has no "Call Ready"; SIM800 has.
    QTest::newRow("sim7080g") << QStringLiteral("sim7080g")
                              << QByteArray("\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nSMS Ready\r\n");
    QTest::newRow("sim800l") << QStringLiteral("sim800l")
                             << QByteArray("\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nCall Ready\r\n"
                                           "\r\nSMS Ready\r\n");
}

void TestModemSimNetwork::bootBanner()
{
    QFETCH(QString, model);
    QFETCH(QByteArray, banner);
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--model"), model});
    EXPECT_NEXT(client, banner);
}

void TestModemSimNetwork::sim800Dialect()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(QStringLiteral("sim800l")));
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    // §5.2: no CEREG; §15: no CPSI, CNMP, CMNB; §5.1: COPS without <AcT>; CREG n=2 "<lac>","<ci>".
    for (const QByteArray line : {"AT+CEREG?\r", "AT+CPSI?\r", "AT+CNMP?\r", "AT+CMNB?\r", "AT+CNACT?\r"})
        EXCHANGE(client, line, "\r\nERROR\r\n");
    EXCHANGE(client, "AT+CMEE=1;+CEREG=1\r", "\r\nERROR\r\n");  // plain, whatever CMEE says
    EXCHANGE(client, "AT+CREG=2;+CREG?;+CGREG?\r", "\r\n+CREG: 2,1,\"1A2B\",\"E301\"\r\n\r\n+CGREG: 0,1\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+COPS?\r", "\r\n+COPS: 0,0,\"ModemSim LTE\"\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CSCLK=2;+CSCLK?\r", "\r\n+CSCLK: 2\r\n\r\nOK\r\n");
}

void TestModemSimNetwork::sim800Ssl()
{
    SimProcess r14;
    PtyClient client;
    START(r14, client, quiet(QStringLiteral("sim800l")));
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    EXCHANGE(client, "AT+CIPSSL=?\r", "\r\n+CIPSSL: (0-1)\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CIPSSL=1;+CIPSSL?\r", "\r\n+CIPSSL: 1\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+HTTPSSL=?\r", "\r\n+HTTPSSL: (0-1)\r\n\r\nOK\r\n");
    client.close();

    // §11.1: R13.08 has no SSL: plain ERROR, whatever CMEE says.
    SimProcess r13;
    PtyClient old;
    START(r13, old, quiet(QStringLiteral("sim800l-r13")));
    EXCHANGE(old, "ATE0;+CMEE=2\r", "ATE0;+CMEE=2\r\r\nOK\r\n");
    EXCHANGE(old, "AT+CIPSSL=?\r", "\r\nERROR\r\n");
    EXCHANGE(old, "AT+HTTPSSL=?\r", "\r\nERROR\r\n");
    EXCHANGE(old, "AT+CIPSSL=1\r", "\r\nERROR\r\n");
}

void TestModemSimNetwork::sim7000DataPath()
{
    const QString scenario = writeScenario(R"({"pdp": {"apn": "iot.example", "address": "10.250.5.248"},
        "ping": {"rtt_ms_mean": 20, "rtt_ms_jitter": 0}})");
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(QStringLiteral("sim7000g"), {QStringLiteral("--scenario"), scenario}));
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    EXCHANGE(client, "AT+CGATT?\r", "\r\n+CGATT: 1\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CGNAPN\r", "\r\n+CGNAPN: 1,\"iot.example\"\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CGDCONT=1,\"IP\",\"iot.example\";+CGDCONT?\r",
             "\r\n+CGDCONT: 1,\"IP\",\"iot.example\",\"0.0.0.0\",0,0,0,0\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CGPADDR=1\r", "\r\n+CGPADDR: 1,10.250.5.248\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CNCFG=1,\"iot.example\",\"u\",\"p\",3;+CNCFG?\r",
             "\r\n+CNCFG: 1,\"iot.example\",\"u\",\"p\",3\r\n\r\nOK\r\n");
    // §6.8: no active context -> ERROR.
    EXCHANGE(client, "AT+SNPING4=\"8.8.8.8\",1,16,1000\r", "\r\nERROR\r\n");
    EXCHANGE(client, "AT+CNACT?\r", "\r\n+CNACT: 0,\"0.0.0.0\"\r\n\r\nOK\r\n");
    // §6.4 SIM7000 form: OK, then the URC a moment later.
    EXCHANGE(client, "AT+CNACT=1,\"iot.example\"\r", "\r\nOK\r\n");
    EXPECT_NEXT(client, "\r\n+APP PDP: ACTIVE\r\n");
    EXCHANGE(client, "AT+CNACT?\r", "\r\n+CNACT: 1,\"10.250.5.248\"\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+SNPING4=\"8.8.8.8\",2,16,1000\r",
             "\r\n+SNPING4: 1,8.8.8.8,20\r\n\r\n+SNPING4: 2,8.8.8.8,20\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CNACT=0\r", "\r\nOK\r\n\r\n+APP PDP: DEACTIVE\r\n");
    EXCHANGE(client, "AT+CNACT?\r", "\r\n+CNACT: 0,\"0.0.0.0\"\r\n\r\nOK\r\n");
}

void TestModemSimNetwork::sim7000ActivationRefused()
{
    const QString scenario = writeScenario(R"({"pdp": {"apn": "right", "announce_apn": false,
        "reject_other_apns": true, "activation_ms": 0}})");
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(QStringLiteral("sim7000g"), {QStringLiteral("--scenario"), scenario}));
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    EXCHANGE(client, "AT+CGNAPN\r", "\r\n+CGNAPN: 0,\"\"\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CNACT=1,\"wrong\"\r", "\r\nOK\r\n\r\n+APP PDP: DEACTIVE\r\n");
    EXCHANGE(client, "AT+COPS=2\r", "\r\nOK\r\n");
    EXCHANGE(client, "AT+CNACT=1,\"right\"\r", "\r\nOK\r\n\r\n+APP PDP: DEACTIVE\r\n");
    EXCHANGE(client, "AT+CGATT=1\r", "\r\nERROR\r\n");
}

void TestModemSimNetwork::sim7080DataPath()
{
    const QString scenario = writeScenario(R"({"pdp": {"address": "10.94.36.44", "activation_ms": 0},
        "ping": {"rtt_ms_mean": 15, "rtt_ms_jitter": 0}})");
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(QStringLiteral("sim7080g"), {QStringLiteral("--scenario"), scenario}));
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    EXCHANGE(client, "AT+CNCFG=0,1,\"ctnb\"\r", "\r\nOK\r\n");
    EXCHANGE(client, "AT+CNACT=0,1\r", "\r\nOK\r\n\r\n+APP PDP: 0,ACTIVE\r\n");
    // Activating an active context is ERROR (§6.4, observed).
    EXCHANGE(client, "AT+CNACT=0,1\r", "\r\nERROR\r\n");
    EXCHANGE(client, "AT+CNACT?\r",
             "\r\n+CNACT: 0,1,\"10.94.36.44\"\r\n\r\n+CNACT: 1,0,\"0.0.0.0\"\r\n\r\n+CNACT: 2,0,\"0.0.0.0\"\r\n"
             "\r\n+CNACT: 3,0,\"0.0.0.0\"\r\n\r\nOK\r\n");
    // §6.8: SNPDPID first.
    EXCHANGE(client, "AT+SNPING4=\"1.1.1.1\",1,16,1000\r", "\r\nERROR\r\n");
    EXCHANGE(client, "AT+SNPDPID=0\r", "\r\nOK\r\n");
    EXCHANGE(client, "AT+SNPING4=\"1.1.1.1\",1,16,1000\r", "\r\n+SNPING4: 1,1.1.1.1,15\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CNACT=0,0\r", "\r\nOK\r\n\r\n+APP PDP: 0,DEACTIVE\r\n");
    EXCHANGE(client, "AT+CNCFG?\r",
             "\r\n+CNCFG: 0,1,\"ctnb\",\"\",\"\",0\r\n\r\n+CNCFG: 1,1,\"\",\"\",\"\",0\r\n"
             "\r\n+CNCFG: 2,1,\"\",\"\",\"\",0\r\n\r\n+CNCFG: 3,1,\"\",\"\",\"\",0\r\n\r\nOK\r\n");
}

void TestModemSimNetwork::pingRepeatableAndTimed()
{
    const QString scenario = writeScenario(R"({"pdp": {"activation_ms": 0},
        "ping": {"rtt_ms_mean": 150, "rtt_ms_jitter": 40, "loss": 0.3}})");
    QList<QByteArray> runs;
    for (int run = 0; run < 2; ++run) {
        SimProcess sim;
        PtyClient client;
        START(sim, client, quiet(QStringLiteral("sim7000g"), {QStringLiteral("--scenario"), scenario,
                                                            QStringLiteral("--seed"), QStringLiteral("42")}));
        EXCHANGE(client, "ATE0;+CNACT=1\r", "ATE0;+CNACT=1\r\r\nOK\r\n\r\n+APP PDP: ACTIVE\r\n");
        QElapsedTimer clock;
        clock.start();
        const QByteArray reply = client.command("AT+SNPING4=\"10.0.0.1\",6,16,2000\r");
        // Each reply waits for its round trip; a lost probe waits for the timeout.
        static const QRegularExpression line(QStringLiteral("\\+SNPING4: (\\d),10\\.0\\.0\\.1,(\\d+)\r\n"));
        qint64 minimum = 0;
        int replies = 0;
        for (auto it = line.globalMatch(QString::fromLatin1(reply)); it.hasNext(); ++replies)
            minimum += it.next().captured(2).toInt();
        minimum += (6 - replies) * 2000;
        QVERIFY2(clock.elapsed() >= minimum, qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(replies > 0 && replies < 6, reply.constData());  // seed 42 loses some, not all
        QVERIFY(reply.endsWith("\r\nOK\r\n"));
        runs.append(reply);
    }
    QCOMPARE(runs.at(0), runs.at(1));
}

void TestModemSimNetwork::pingLossAndResolve()
{
    const QString scenario = writeScenario(R"({"pdp": {"activation_ms": 0},
        "ping": {"loss": 1, "resolve": {"gw.example": "192.0.2.7", "nx.example": ""}}})");
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(QStringLiteral("sim7000g"), {QStringLiteral("--scenario"), scenario}));
    EXCHANGE(client, "ATE0;+CNACT=1\r", "ATE0;+CNACT=1\r\r\nOK\r\n\r\n+APP PDP: ACTIVE\r\n");
    // Every probe lost: no reply lines, OK after the timeouts.
    EXCHANGE(client, "AT+SNPING4=\"gw.example\",2,16,100\r", "\r\nOK\r\n");
    EXCHANGE(client, "AT+SNPING4=\"nx.example\",2,16,100\r", "\r\nERROR\r\n");
    EXCHANGE(client, "AT+SNPING4=\"gw.example\",0,16,100\r", "\r\nERROR\r\n");
}

void TestModemSimNetwork::sim800CipStack()
{
    const QString scenario = writeScenario(R"({"pdp": {"address": "10.78.245.128"},
        "ping": {"rtt_ms_mean": 120, "rtt_ms_jitter": 0, "resolve": {"gw.example": "192.0.2.7"}}})");
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(QStringLiteral("sim800l"), {QStringLiteral("--scenario"), scenario}));
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    EXCHANGE(client, "AT+CIPSTATUS\r", "\r\nOK\r\n\r\nSTATE: IP INITIAL\r\n");
    EXCHANGE(client, "AT+CIICR\r", "\r\nERROR\r\n");  // needs CSTT first
    EXCHANGE(client, "AT+CSTT=\"internet\",\"u\",\"p\"\r", "\r\nOK\r\n");
    EXCHANGE(client, "AT+CSTT=\"internet\"\r", "\r\nERROR\r\n");  // only in IP INITIAL
    EXCHANGE(client, "AT+CIPSTATUS\r", "\r\nOK\r\n\r\nSTATE: IP START\r\n");
    EXCHANGE(client, "AT+CIPPING=\"gw.example\"\r", "\r\nERROR\r\n");
    EXCHANGE(client, "AT+CIICR\r", "\r\nOK\r\n");
    EXCHANGE(client, "AT+CIPSTATUS\r", "\r\nOK\r\n\r\nSTATE: IP GPRSACT\r\n");
    // §18: a bare address and no OK; "AT+CIFSR;E0" ends with E0's OK.
    EXCHANGE(client, "AT+CIFSR\r", "\r\n10.78.245.128\r\n");
    QVERIFY(client.pending().isEmpty());
    EXCHANGE(client, "AT+CIFSR;E0\r", "\r\n10.78.245.128\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CIPSTATUS\r", "\r\nOK\r\n\r\nSTATE: IP STATUS\r\n");
    EXCHANGE(client, "AT+CIPPING=\"gw.example\",2\r",
             "\r\n+CIPPING: 1,\"192.0.2.7\",2,64\r\n\r\n+CIPPING: 2,\"192.0.2.7\",2,64\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CIPSHUT\r", "\r\nSHUT OK\r\n");
    EXCHANGE(client, "AT+CIPSTATUS\r", "\r\nOK\r\n\r\nSTATE: IP INITIAL\r\n");
}

void TestModemSimNetwork::sim7000CipStack()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(QStringLiteral("sim7000g")));
    // §6.5: TinyGSM's SIM7000 (non-SSL) bearer; no CIPPING on SIM7000.
    EXCHANGE(client, "ATE0;+CSTT=\"internet\";+CIICR\r", "ATE0;+CSTT=\"internet\";+CIICR\r\r\nOK\r\n");
    EXCHANGE(client, "AT+CIFSR;E0\r", "\r\n10.64.0.2\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CIPPING=\"192.0.2.1\"\r", "\r\nERROR\r\n");
    EXCHANGE(client, "AT+CIPSHUT\r", "\r\nSHUT OK\r\n");
}

void TestModemSimNetwork::sim800NetworkTime()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(QStringLiteral("sim800l"), {QStringLiteral("--registration-delay"),
                                                        QStringLiteral("50")}));
    EXCHANGE(client, "ATE0;+COPS=2;+CLTS=1\r", "ATE0;+COPS=2;+CLTS=1\r\r\nOK\r\n");
    EXCHANGE(client, "AT+COPS=0\r", "\r\nOK\r\n");
    // §5.5: the documented form on SIM800, then DST.
    static const QRegularExpression format(QStringLiteral(
        "^\r\n\\*PSUTTZ: \\d{4},\\d{1,2},\\d{1,2},\\d{1,2},\\d{1,2},\\d{1,2},\"[+-]\\d{1,2}\",0\r\n\r\nDST: 0\r\n$"));
    QVERIFY(QTest::qWaitFor([&] { return client.pending().endsWith("DST: 0\r\n"); }, kTimeoutMs));
    const QByteArray urcs = client.take(client.pending().size());
    QVERIFY2(format.match(QString::fromLatin1(urcs)).hasMatch(), urcs.constData());
}

void TestModemSimNetwork::sapbrAndCgact()
{
    const QString scenario = writeScenario(R"({"pdp": {"apn": "internet", "reject_other_apns": true}})");
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(QStringLiteral("sim800l"), {QStringLiteral("--scenario"), scenario}));
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    // §6.6, TinyGSM's SIM800 sequence.
    EXCHANGE(client, "AT+SAPBR=3,1,\"Contype\",\"GPRS\";+SAPBR=3,1,\"APN\",\"wrong\"\r", "\r\nOK\r\n");
    EXCHANGE(client, "AT+SAPBR=1,1\r", "\r\nERROR\r\n");
    EXCHANGE(client, "AT+SAPBR=3,1,\"APN\",\"internet\";+SAPBR=1,1\r", "\r\nOK\r\n");
    EXCHANGE(client, "AT+SAPBR=2,1\r", "\r\n+SAPBR: 1,1,\"10.64.0.2\"\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+SAPBR=0,1;+SAPBR=2,1\r", "\r\n+SAPBR: 1,3,\"0.0.0.0\"\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CGDCONT=1,\"IP\",\"internet\";+CGACT=1,1;+CGACT?\r", "\r\n+CGACT: 1,1\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+CGDCONT=2,\"IP\",\"other\";+CMEE=1;+CGACT=1,2\r", "\r\n+CME ERROR: 767\r\n");
}

void TestModemSimNetwork::dataDroppedWithRegistration()
{
    const QString scenario = writeScenario(R"({"pdp": {"activation_ms": 0}})");
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(QStringLiteral("sim7000g"), {QStringLiteral("--scenario"), scenario}));
    EXCHANGE(client, "ATE0;+CNACT=1\r", "ATE0;+CNACT=1\r\r\nOK\r\n\r\n+APP PDP: ACTIVE\r\n");
    EXCHANGE(client, "AT+COPS=2\r", "\r\nOK\r\n\r\n+APP PDP: DEACTIVE\r\n");
    EXCHANGE(client, "AT+CNACT?;+CGATT?\r", "\r\n+CNACT: 0,\"0.0.0.0\"\r\n\r\n+CGATT: 0\r\n\r\nOK\r\n");
    client.close();

    SimProcess gsm;
    PtyClient host;
    START(gsm, host, quiet(QStringLiteral("sim800l")));
    EXCHANGE(host, "ATE0;+CSTT=\"internet\";+CIICR\r", "ATE0;+CSTT=\"internet\";+CIICR\r\r\nOK\r\n");
    // §11.2: the host must CIPSHUT after "+PDP: DEACT".
    EXCHANGE(host, "AT+COPS=2\r", "\r\nOK\r\n\r\n+PDP: DEACT\r\n");
    EXCHANGE(host, "AT+CIPSTATUS\r", "\r\nOK\r\n\r\nSTATE: IP INITIAL\r\n");
}

void TestModemSimNetwork::registrationSequence_data()
{
    QTest::addColumn<QByteArray>("sequence");
    QTest::addColumn<QByteArray>("urcs");
    QTest::newRow("roaming") << QByteArray(R"([{"stat": 2, "for_ms": 100}, {"stat": 5}])")
                             << QByteArray("\r\n+CEREG: 2\r\n\r\n+CEREG: 5\r\n");
    QTest::newRow("denied") << QByteArray(R"([{"stat": 2, "for_ms": 100}, {"stat": 3}])")
                            << QByteArray("\r\n+CEREG: 2\r\n\r\n+CEREG: 3\r\n");
    QTest::newRow("gave up") << QByteArray(R"([{"stat": 2, "for_ms": 100}, {"stat": 0}])")
                             << QByteArray("\r\n+CEREG: 2\r\n\r\n+CEREG: 0\r\n");
    QTest::newRow("slow home")
        << QByteArray(R"([{"stat": 2, "for_ms": 100}, {"stat": 4, "for_ms": 100}, {"stat": 1}])")
                               << QByteArray("\r\n+CEREG: 2\r\n\r\n+CEREG: 4\r\n\r\n+CEREG: 1\r\n");
}

void TestModemSimNetwork::registrationSequence()
{
    QFETCH(QByteArray, sequence);
    QFETCH(QByteArray, urcs);
    const QString scenario = writeScenario(R"({"registration": {"sequence": )" + sequence + "}}");
    SimProcess sim;
    PtyClient client;
    // COPS=2 holds the sequence until COPS=0 restarts it, so every URC is seen (§5.1).
    START(sim, client, {QStringLiteral("--no-banner"), QStringLiteral("--scenario"), scenario});
    EXCHANGE(client, "ATE0;+COPS=2\r", "ATE0;+COPS=2\r\r\nOK\r\n");
    EXCHANGE(client, "AT+CEREG=1;+CEREG?\r", "\r\n+CEREG: 1,0\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+COPS=0\r", "\r\nOK\r\n");
    EXPECT_NEXT(client, urcs);
    if (!urcs.endsWith("1\r\n") && !urcs.endsWith("5\r\n")) {
        // Denied or gave up: COPS=0 starts over.
        EXCHANGE(client, "AT+COPS=0\r", "\r\nOK\r\n");
        EXPECT_NEXT(client, urcs);
    }
}

void TestModemSimNetwork::noSim()
{
    const QString scenario = writeScenario(R"({"sim": "absent"})");
    SimProcess sim;
    PtyClient client;
    START(sim, client, {QStringLiteral("--scenario"), scenario, QStringLiteral("--registration-delay"),
                        QStringLiteral("0")});
    EXPECT_NEXT(client, "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: NOT INSERTED\r\n\r\nSMS Ready\r\n");
    EXCHANGE(client, "ATE0;+CMEE=1\r", "ATE0;+CMEE=1\r\r\nOK\r\n");
    EXCHANGE(client, "AT+CPIN?\r", "\r\n+CME ERROR: 10\r\n");
    EXCHANGE(client, "AT+CMEE=2;+CPIN?\r", "\r\n+CME ERROR: SIM not inserted\r\n");
    EXCHANGE(client, "AT+CEREG?\r", "\r\n+CEREG: 0,0\r\n\r\nOK\r\n");
    EXCHANGE(client, "AT+COPS=0;+CEREG?\r", "\r\n+CEREG: 0,0\r\n\r\nOK\r\n");
}

void TestModemSimNetwork::statePersists()
{
    const QString state = m_dir.filePath(QStringLiteral("modem-state.json"));
    {
        SimProcess sim;
        PtyClient client;
        START(sim, client, quiet(QStringLiteral("sim7000g"), {QStringLiteral("--state"), state}));
        EXCHANGE(client, "ATE0;+CNMP=38;+CMNB=2;+CSCLK=1;+CNETLIGHT=0\r",
                 "ATE0;+CNMP=38;+CMNB=2;+CSCLK=1;+CNETLIGHT=0\r\r\nOK\r\n");
        EXCHANGE(client, "AT+CBANDCFG=\"CAT-M\",20,8\r", "\r\nOK\r\n");
        QCOMPARE(sim.stop(), 0);
    }
    QVERIFY(QFileInfo::exists(state));
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(QStringLiteral("sim7000g"), {QStringLiteral("--state"), state}));
    EXCHANGE(client, "ATE0;+CNMP?;+CMNB?;+CSCLK?;+CNETLIGHT?;+CBANDCFG?\r",
             "ATE0;+CNMP?;+CMNB?;+CSCLK?;+CNETLIGHT?;+CBANDCFG?\r\r\n+CNMP: 38\r\n\r\n+CMNB: 2\r\n\r\n+CSCLK: 1\r\n"
             "\r\n+CNETLIGHT: 0\r\n\r\n+CBANDCFG: \"CAT-M\",8,20\r\n"
             "\r\n+CBANDCFG: \"NB-IOT\",1,2,3,5,8,12,13,17,18,19,20,26,28\r\n\r\nOK\r\n");
    // CMNB=2 is NB-IoT (§4.3).
    EXCHANGE(client, "AT+COPS?\r", "\r\n+COPS: 0,0,\"ModemSim LTE\",9\r\n\r\nOK\r\n");
}

void TestModemSimNetwork::faultReboots()
{
    const QString scenario = writeScenario(R"({"faults": {"reboot_after_commands": 2}, "banner_delay_ms": 0})");
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(QStringLiteral("sim7000g"), {QStringLiteral("--scenario"), scenario}));
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    // The second line is answered, then the modem restarts by itself (once).
    EXCHANGE(client, "AT\r", "\r\nOK\r\n\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nSMS Ready\r\n");
    EXCHANGE(client, "AT\r", "AT\r\r\nOK\r\n");
    EXCHANGE(client, "AT\r", "AT\r\r\nOK\r\n");
}

void TestModemSimNetwork::faultRebootAfterMs()
{
    const QString scenario = writeScenario(R"({"faults": {"reboot_after_ms": 300}, "banner_delay_ms": 0})");
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(QStringLiteral("sim7080g"), {QStringLiteral("--scenario"), scenario}));
    EXPECT_NEXT(client, "\r\nRDY\r\n\r\n+CFUN: 1\r\n\r\n+CPIN: READY\r\n\r\nSMS Ready\r\n");
    EXCHANGE(client, "AT\r", "AT\r\r\nOK\r\n");
}

void TestModemSimNetwork::faultClosePty()
{
    const QString scenario = writeScenario(R"({"faults": {"close_after_ms": 300}})");
    SimProcess sim;
    QVERIFY(sim.start(quiet(QStringLiteral("sim7000g"), {QStringLiteral("--scenario"), scenario})));
    QVERIFY(sim.line().startsWith(QLatin1String("PTY ")));
    // The process ends by itself, cleanly, without another word on stdout.
    QVERIFY(finished(sim.process()));
    QCOMPARE(sim.process().exitStatus(), QProcess::NormalExit);
    QCOMPARE(sim.process().exitCode(), 0);
    QVERIFY(sim.process().readAllStandardOutput().isEmpty());
}

void TestModemSimNetwork::faultCloseTcp()
{
    const QString scenario = writeScenario(R"({"faults": {"close_after_ms": 500}})");
    SimProcess sim;
    QVERIFY(sim.start(quiet(QStringLiteral("sim7000g"), {QStringLiteral("--scenario"), scenario,
                                                        QStringLiteral("--tcp"), QStringLiteral("127.0.0.1:0")})));
    const quint16 port = sim.line().section(QLatin1Char(':'), -1).toUShort();
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(kTimeoutMs));
    QVERIFY(QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; }, kTimeoutMs));
    // The server stays: a new host can connect and talk.
    QTcpSocket again;
    again.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(again.waitForConnected(kTimeoutMs));
    QByteArray received;
    QObject::connect(&again, &QTcpSocket::readyRead, &again, [&] { received += again.readAll(); });
    again.write("AT\r");
    QVERIFY(QTest::qWaitFor([&] { return received.endsWith("OK\r\n"); }, kTimeoutMs));
    QCOMPARE(sim.stop(), 0);
}

void TestModemSimNetwork::faultNoise()
{
    const QString scenario = writeScenario(R"({"faults": {"noise_per_second": 100}})");
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(QStringLiteral("sim7000g"), {QStringLiteral("--scenario"), scenario}));
    // Garbage arrives unprompted, never CR or LF.
    QCOMPARE(client.take(5).size(), 5);
    QVERIFY(QTest::qWaitFor([&] { return client.pending().size() >= 5; }, kTimeoutMs));
    const QByteArray noise = client.take(5);
    QVERIFY(!noise.contains('\r') && !noise.contains('\n'));
    QVERIFY(client.send("ATE0\r"));
    QVERIFY(QTest::qWaitFor([&] { return client.pending().contains("\r\nOK\r\n"); }, kTimeoutMs));
}

void TestModemSimNetwork::faultDroppedBytes()
{
    const QString scenario = writeScenario(R"({"faults": {"drop_byte_rate": 0.5}})");
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(QStringLiteral("sim7000g"), {QStringLiteral("--scenario"), scenario,
                                                        QStringLiteral("--verbose")}));
    QVERIFY(client.send("AT+CGMR\r"));
    // The log says how many bytes of the reply survived; exactly those arrive.
    static const QRegularExpression kept(QStringLiteral("fault: kept (\\d+) of (\\d+) bytes"));
    QRegularExpressionMatch match;
    QByteArray log;
    QVERIFY(QTest::qWaitFor([&] {
        log += sim.process().readAllStandardError();
        match = kept.match(QString::fromLatin1(log));
        return match.hasMatch();
    }, kTimeoutMs));
    const int survived = match.captured(1).toInt();
    QVERIFY2(survived < match.captured(2).toInt(), log.constData());
    QCOMPARE(client.take(survived).size(), survived);
}

void TestModemSimNetwork::faultSlow()
{
    const QString scenario = writeScenario(R"({"faults": {"slow_factor": 4}, "latency_ms": {"AT+CSQ": 250}})");
    SimProcess sim;
    PtyClient client;
    START(sim, client, quiet(QStringLiteral("sim7000g"), {QStringLiteral("--scenario"), scenario}));
    EXCHANGE(client, "ATE0\r", "ATE0\r\r\nOK\r\n");
    QElapsedTimer clock;
    clock.start();
    QVERIFY(client.command("AT+CSQ\r").endsWith("\r\nOK\r\n"));
    QVERIFY2(clock.elapsed() >= 1000, qPrintable(QString::number(clock.elapsed())));
}

QTEST_GUILESS_MAIN(TestModemSimNetwork)
#include "tst_modemsimnetwork.moc"
