// Black-box tests of modemsim's CA* TCP/TLS stack (protocol.md §7.2, §8) and AT+CCLK (§5.6): a
// modemsim process on a pty makes real connections to a QTcpServer in this test and to
// `openssl s_server` (environment.md "TLS peers"). No ModemBench core code.

#include "simharness.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using SimTest::PtyClient;
using SimTest::SimProcess;
using SimTest::kTimeoutMs;

namespace {

const QByteArray kOk = "\r\nOK\r\n";
const QByteArray kError = "\r\nERROR\r\n";

QString text(const char *latin1)
{
    return QString::fromLatin1(latin1);
}

// A port nothing listens on right now.
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

// `openssl s_server -rev`: answers each line reversed (environment.md "TLS peers").
class TlsServer
{
public:
    ~TlsServer()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(kTimeoutMs);
        }
    }

    bool start(const QString &directory, const QStringList &extra = {})
    {
        m_port = freePort();
        m_process.setWorkingDirectory(directory);
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(text("openssl"), QStringList{text("s_server"), text("-accept"),
                                                     text("127.0.0.1:") + QString::number(m_port), text("-cert"),
                                                     text("server.pem"), text("-key"), text("server.key"),
                                                     text("-rev"), text("-quiet")}
                                             + extra);
        if (m_port == 0 || !m_process.waitForStarted(kTimeoutMs))
            return false;
        // Ready once it accepts: a probe connection is retried until one goes through.
        return QTest::qWaitFor(
            [this] {
                QTcpSocket probe;
                probe.connectToHost(QHostAddress::LocalHost, m_port);
                return probe.waitForConnected(200);
            },
            kTimeoutMs);
    }
    quint16 port() const { return m_port; }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace

class TestModemSimTls : public QObject
{
    Q_OBJECT

private:
    bool openssl(const QStringList &args)
    {
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(text("openssl"), args);
        const bool ok = process.waitForFinished(kTimeoutMs) && process.exitStatus() == QProcess::NormalExit
                        && process.exitCode() == 0;
        if (!ok)
            qWarning("openssl %s: %s", qPrintable(args.join(QLatin1Char(' '))), process.readAll().constData());
        return ok;
    }

    QByteArray readFile(const QString &name) const
    {
        QFile file(m_dir.filePath(name));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    bool writeFile(const QString &name, const QByteArray &contents) const
    {
        QFile file(m_dir.filePath(name));
        return file.open(QIODevice::WriteOnly) && file.write(contents) == contents.size();
    }

    // A key and a certificate signed by ca.pem, valid for `days` from now.
    bool issue(const QString &name, const QString &subject, const QString &extensions)
    {
        return writeFile(name + text(".ext"), extensions.toLatin1())
               && openssl({text("req"), text("-newkey"), text("ec"), text("-pkeyopt"), text("ec_paramgen_curve:prime256v1"),
                           text("-nodes"), text("-keyout"), name + text(".key"), text("-out"), name + text(".csr"),
                           text("-subj"), subject})
               && openssl({text("x509"), text("-req"), text("-in"), name + text(".csr"), text("-CA"), text("ca.pem"),
                           text("-CAkey"), text("ca.key"), text("-CAcreateserial"), text("-days"), text("30"),
                           text("-out"), name + text(".pem"), text("-extfile"), name + text(".ext")});
    }

    bool makeCa(const QString &name, const QString &subject)
    {
        return openssl({text("req"), text("-x509"), text("-newkey"), text("ec"), text("-pkeyopt"),
                        text("ec_paramgen_curve:prime256v1"), text("-nodes"), text("-days"), text("30"), text("-keyout"),
                        name + text(".key"), text("-out"), name + text(".pem"), text("-subj"), subject, text("-addext"),
                        text("basicConstraints=critical,CA:TRUE"), text("-addext"), text("keyUsage=keyCertSign,cRLSign")});
    }

    // Starts modemsim (no banner, registered at once, CNACT answers at once) with the certificates
    // in /customer/ already converted, echo off. `scenario` adds keys such as "routes" and "clock".
    bool startModem(SimProcess &sim, PtyClient &client, const QString &model, QJsonObject scenario = {})
    {
        const QString tag = QString::number(++m_runs);
        scenario.insert(text("pdp"), QJsonObject{{text("activation_ms"), 0}});
        QJsonObject customer;
        for (const char *name : {"ca.pem", "other.pem", "client.pem", "client.key"})
            customer.insert(text(name), QString::fromLatin1(readFile(text(name)).toBase64()));
        const QJsonObject state{{text("files"), QJsonObject{{text("3"), customer}}}};
        if (!writeFile(text("scenario") + tag + text(".json"), QJsonDocument(scenario).toJson())
            || !writeFile(text("state") + tag + text(".json"), QJsonDocument(state).toJson()))
            return false;
        m_lastState = m_dir.filePath(text("state") + tag + text(".json"));
        const QStringList args{text("--no-banner"), text("--exit-with-stdin"), text("--registration-delay"), text("0"),
                               text("--model"), model, text("--scenario"), m_dir.filePath(text("scenario") + tag + text(".json")),
                               text("--state"), m_lastState};
        if (!sim.start(args) || !client.open(sim.path()))
            return false;
        if (model.startsWith(text("sim800")))
            return client.command("ATE0\r") == "ATE0\r" + kOk;  // no CSSLCFG on SIM800
        return client.command("ATE0\r") == "ATE0\r" + kOk
               && client.command("AT+CSSLCFG=\"convert\",2,\"ca.pem\";+CSSLCFG=\"convert\",2,\"other.pem\"\r") == kOk
               && client.command("AT+CSSLCFG=\"convert\",1,\"client.pem\",\"client.key\"\r") == kOk;
    }

    // Activates the application context and waits for its URC (§6.4).
    static bool activate(PtyClient &client, bool sim7080)
    {
        client.send(sim7080 ? "AT+CNACT=0,1\r" : "AT+CNACT=1,\"modemsim\"\r");
        const QByteArray urc = sim7080 ? "+APP PDP: 0,ACTIVE\r\n" : "+APP PDP: ACTIVE\r\n";
        const bool ok = QTest::qWaitFor([&] { return client.pending().endsWith(urc); }, kTimeoutMs);
        client.take(client.pending().size());
        return ok;
    }

    // Waits for `marker` and drops everything up to it.
    static bool waitFor(PtyClient &client, const QByteArray &marker)
    {
        const bool ok = QTest::qWaitFor([&] { return client.pending().contains(marker); }, kTimeoutMs);
        if (ok)
            client.take(client.pending().indexOf(marker) + marker.size());
        return ok;
    }

    // A SIM7000 TLS open with the given CASSLCFG/CSSLCFG lines, answered with `result`.
    static QByteArray tlsOpen(PtyClient &client, const QByteArray &settings, const QByteArray &host, quint16 port)
    {
        if (!settings.isEmpty() && client.command(settings + "\r") != kOk)
            return "settings refused";
        return client.command("AT+CAOPEN=0,\"" + host + "\"," + QByteArray::number(port) + "\r");
    }

    static QByteArray openResult(int result)
    {
        return "\r\n+CAOPEN: 0," + QByteArray::number(result) + "\r\n" + kOk;
    }

    QTemporaryDir m_dir;
    QString m_lastState;
    int m_runs = 0;

private Q_SLOTS:
    void initTestCase();
    void plainTcpSim7000();
    void plainTcpSim7080();
    void openFailures();
    void settingsAndClock();
    void tlsTrusted();
    void tlsWrongCa();
    void tlsHostMismatchThroughRoute();
    void tlsModuleClock();
    void tlsClientCertificate();
    void tlsVersionPinned();
    void badScenarioKeys();
    void sim800Tcp();
    void sim800Tls();
};

// A CA, a foreign CA, a server certificate for localhost/127.0.0.1 and a client pair, valid 30 days.
void TestModemSimTls::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(makeCa(text("ca"), text("/CN=ModemSim TLS Test CA")));
    QVERIFY(makeCa(text("other"), text("/CN=Someone Else CA")));
    QVERIFY(issue(text("server"), text("/CN=localhost"), text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")));
    QVERIFY(issue(text("client"), text("/CN=device-1"), text("extendedKeyUsage=clientAuth\n")));
}

// §8.2-§8.6 against a plain TCP server: bytes both ways, one +CADATAIND per burst, the peer's close.
void TestModemSimTls::plainTcpSim7000()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    SimProcess sim;
    PtyClient client;
    QVERIFY(startModem(sim, client, text("sim7000g")));
    QVERIFY(activate(client, false));
    const QByteArray port = QByteArray::number(server.serverPort());
    QCOMPARE(client.command("AT+CAOPEN=0,\"127.0.0.1\"," + port + "\r"), openResult(0));
    QVERIFY(QTest::qWaitFor([&] { return server.hasPendingConnections(); }, kTimeoutMs));
    std::unique_ptr<QTcpSocket> peer(server.nextPendingConnection());
    EXCHANGE(client, "AT+CASTATE?\r", "\r\n+CASTATE: 0,1\r\n" + kOk);
    EXCHANGE(client, "AT+CAOPEN?\r", "\r\n+CAOPEN: 0,\"TCP\",\"127.0.0.1\"," + port + "\r\n" + kOk);

    EXCHANGE(client, "AT+CASEND=0,7\r", "\r\n> ");
    QVERIFY(client.send(QByteArray("he\r\nl\0o", 7)));
    EXPECT_NEXT(client, kOk + "\r\n+CASEND: 0,0,7\r\n");
    QVERIFY(QTest::qWaitFor([&] { return peer->bytesAvailable() >= 7; }, kTimeoutMs));
    QCOMPARE(peer->readAll(), QByteArray("he\r\nl\0o", 7));

    peer->write("world\r\nOK\r\n");
    EXPECT_NEXT(client, "\r\n+CADATAIND: 0\r\n");
    EXCHANGE(client, "AT+CARECV?\r", "\r\n+CARECV: 0,11\r\n" + kOk);
    EXCHANGE(client, "AT+CARECV=0,3\r", "\r\n+CARECV: 3,wor\r\n" + kOk);
    EXCHANGE(client, "AT+CARECV=0,100\r", "\r\n+CARECV: 8,ld\r\nOK\r\n\r\n" + kOk);
    EXCHANGE(client, "AT+CARECV=0,100\r", "\r\n+CARECV: 0\r\n" + kOk);
    EXCHANGE(client, "AT+CAACK=0\r", "\r\n+CAACK: 7,0\r\n" + kOk);

    peer->close();
    EXPECT_NEXT(client, "\r\n+CASTATE: 0,0\r\n");
    EXCHANGE(client, "AT+CASTATE?\r", "\r\n+CASTATE: 0,0\r\n" + kOk);
    EXCHANGE(client, "AT+CASEND=0,5\r", kError);
    EXCHANGE(client, "AT+CACLOSE=0\r", kOk);
    EXCHANGE(client, "AT+CACLOSE=0\r", kError);
    EXCHANGE(client, "AT+CARECV=0,10\r", kError);
}

// The SIM7080 syntax: <pdp_index> and "TCP" in CAOPEN, only OK after CASEND data, CASEND=<cid>.
void TestModemSimTls::plainTcpSim7080()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    SimProcess sim;
    PtyClient client;
    QVERIFY(startModem(sim, client, text("sim7080g")));
    QVERIFY(activate(client, true));
    const QByteArray port = QByteArray::number(server.serverPort());
    QCOMPARE(client.command("AT+CAOPEN=2,0,\"TCP\",\"127.0.0.1\"," + port + "\r"), "\r\n+CAOPEN: 2,0\r\n" + kOk);
    QVERIFY(QTest::qWaitFor([&] { return server.hasPendingConnections(); }, kTimeoutMs));
    std::unique_ptr<QTcpSocket> peer(server.nextPendingConnection());
    EXCHANGE(client, "AT+CASEND=2\r", "\r\n+CASEND: 1460\r\n" + kOk);
    EXCHANGE(client, "AT+CASEND=2,5,1000\r", "\r\n> ");
    QVERIFY(client.send("hello"));
    EXPECT_NEXT(client, kOk);
    QVERIFY(QTest::qWaitFor([&] { return peer->bytesAvailable() >= 5; }, kTimeoutMs));
    QCOMPARE(peer->readAll(), QByteArray("hello"));
    EXCHANGE(client, "AT+CASEND=2,1461\r", kError);
    peer->write("abc");
    EXPECT_NEXT(client, "\r\n+CADATAIND: 2\r\n");
    EXCHANGE(client, "AT+CARECV=2,1460\r", "\r\n+CARECV: 3,abc\r\n" + kOk);
    // A cid in use cannot be opened again (docs/modemsim.md: ERROR, not result 3).
    EXCHANGE(client, "AT+CAOPEN=2,0,\"TCP\",\"127.0.0.1\"," + port + "\r", kError);
    EXCHANGE(client, "AT+CACLOSE=2\r", kOk);
    QVERIFY(QTest::qWaitFor([&] { return peer->state() == QAbstractSocket::UnconnectedState; }, kTimeoutMs));
    EXCHANGE(client, "AT+CASTATE?\r", "\r\n+CASTATE: 2,0\r\n" + kOk);

    // Deactivating the context ends its connections; the cid stays in use until AT+CACLOSE.
    QCOMPARE(client.command("AT+CAOPEN=3,0,\"TCP\",\"127.0.0.1\"," + port + "\r"), "\r\n+CAOPEN: 3,0\r\n" + kOk);
    EXCHANGE(client, "AT+CNACT=0,0\r", kOk + "\r\n+APP PDP: 0,DEACTIVE\r\n\r\n+CASTATE: 3,0\r\n");
    EXCHANGE(client, "AT+CASTATE?\r", "\r\n+CASTATE: 2,0\r\n\r\n+CASTATE: 3,0\r\n" + kOk);
    EXCHANGE(client, "AT+CACLOSE=3\r", kOk);
}

// §8.2: 21 without CNACT, 23 for a refused port, 20 for a name that does not resolve.
void TestModemSimTls::openFailures()
{
    SimProcess sim;
    PtyClient client;
    QVERIFY(startModem(sim, client, text("sim7000g")));
    const QByteArray closed = QByteArray::number(freePort());
    QCOMPARE(client.command("AT+CAOPEN=0,\"127.0.0.1\"," + closed + "\r"), openResult(21));
    QVERIFY(activate(client, false));
    QCOMPARE(client.command("AT+CAOPEN=0,\"TCP\",\"127.0.0.1\"," + closed + "\r"), openResult(23));
    QCOMPARE(client.command("AT+CAOPEN=0,\"modemsim-test.invalid\",80\r"), openResult(20));
    EXCHANGE(client, "AT+CASTATE?\r", kOk);
    EXCHANGE(client, "AT+CAOPEN=13,\"127.0.0.1\",80\r", kError);
    EXCHANGE(client, "AT+CAOPEN=0,\"127.0.0.1\",0\r", kError);
}

// §7.2 keyword forms and read blocks, §8.7 CACFG, §5.6 CCLK.
void TestModemSimTls::settingsAndClock()
{
    SimProcess sim;
    PtyClient client;
    QVERIFY(startModem(sim, client, text("sim7000g")));
    EXCHANGE(client, "AT+CASSLCFG?\r", kOk);
    EXCHANGE(client, "AT+CACID=1\r", kOk);
    EXCHANGE(client, "AT+CASSLCFG=1,SSL,1;+CASSLCFG=1,\"crindex\",2;+CASSLCFG=1,cacert,\"ca.pem\"\r", kOk);
    EXCHANGE(client, "AT+CASSLCFG=1,\"clientcert\",\"client.pem\";+CASSLCFG=1,timeout,500\r", kOk);
    EXCHANGE(client, "AT+CASSLCFG=1,\"CERT\",\"client.pem\"\r", kError);
    EXCHANGE(client, "AT+CASSLCFG?\r",
             "\r\n+CASSLCFG: 1\r\n\r\ncacert:ca.pem\r\n\r\nclientcert:client.pem\r\n\r\npsktable:\r\n\r\ntimeout:500\r\n"
             "\r\nssl:1\r\n\r\ncrindex:2\r\n\r\nlocalport:0\r\n\r\nprotocol:0\r\n" + kOk);
    EXCHANGE(client, "AT+CACFG=\"KEEPALIVE\",1,60,30,3;+CACFG=\"TRANSWAITTM\",2\r", kOk);
    EXCHANGE(client, "AT+CACFG=\"NOSUCHTAG\",1\r", kError);
    EXCHANGE(client, "AT+CACFG?\r", "\r\n+CACFG: \"KEEPALIVE\",1,60,30,3\r\n\r\n+CACFG: \"TRANSWAITTM\",2\r\n" + kOk);
    EXCHANGE(client, "AT+CCLK=\"31/01/02,03:04:05-08\"\r", kOk);
    const QByteArray read = client.command("AT+CCLK?\r");
    QVERIFY2(read.startsWith("\r\n+CCLK: \"31/01/02,03:04:0") && read.endsWith("-08\"\r\n" + kOk), read.constData());
    EXCHANGE(client, "AT+CCLK=\"31/13/02,03:04:05+00\"\r", kError);
    EXCHANGE(client, "AT+CSSLCFG=\"sslversion\",0,6\r", kError);  // TLS 1.3 only on SIM7080

    SimProcess sim80;
    PtyClient client80;
    QVERIFY(startModem(sim80, client80, text("sim7080g")));
    EXCHANGE(client80, "AT+CASSLCFG=3,\"SSL\",1;+CASSLCFG=3,\"CACERT\",\"ca.pem\";+CASSLCFG=3,CERT,client.pem\r", kOk);
    EXCHANGE(client80, "AT+CASSLCFG=3,\"timeout\",500\r", kError);
    EXCHANGE(client80, "AT+CASSLCFG?\r", "\r\n+CASSLCFG: 3,1,0,\"ca.pem\",\"client.pem\",\"\"\r\n" + kOk);
    EXCHANGE(client80, "AT+CSSLCFG=\"sslversion\",0,6\r", kOk);
}

// Verified against the converted CA: result 0, and the server's reversed line comes back (§8.8).
void TestModemSimTls::tlsTrusted()
{
    TlsServer server;
    QVERIFY(server.start(m_dir.path()));
    SimProcess sim;
    PtyClient client;
    QVERIFY(startModem(sim, client, text("sim7000g")));
    QVERIFY(activate(client, false));
    QCOMPARE(tlsOpen(client, "AT+CACID=0;+CASSLCFG=0,ssl,1;+CASSLCFG=0,crindex,0;+CASSLCFG=0,\"cacert\",\"ca.pem\"",
                     "127.0.0.1", server.port()),
             openResult(0));
    EXCHANGE(client, "AT+CASEND=0,6\r", "\r\n> ");
    QVERIFY(client.send("hello\n"));
    EXPECT_NEXT(client, kOk + "\r\n+CASEND: 0,0,6\r\n");
    EXPECT_NEXT(client, "\r\n+CADATAIND: 0\r\n");
    EXCHANGE(client, "AT+CARECV=0,100\r", "\r\n+CARECV: 6,olleh\n\r\n" + kOk);
    EXCHANGE(client, "AT+CACLOSE=0\r", kOk);
    // An empty cacert trusts any server (§7.2).
    QCOMPARE(tlsOpen(client, "AT+CASSLCFG=0,cacert,\"\"", "127.0.0.1", server.port()), openResult(0));
    // Losing the network ends the connection after the PDP URC.
    EXCHANGE(client, "AT+COPS=2\r", kOk + "\r\n+APP PDP: DEACTIVE\r\n\r\n+CASTATE: 0,0\r\n");
    EXCHANGE(client, "AT+CASTATE?\r", "\r\n+CASTATE: 0,0\r\n" + kOk);
}

// A chain that does not lead to the converted CA: the manual has no code, the sim says 27.
void TestModemSimTls::tlsWrongCa()
{
    TlsServer server;
    QVERIFY(server.start(m_dir.path()));
    SimProcess sim;
    PtyClient client;
    QVERIFY(startModem(sim, client, text("sim7000g")));
    QVERIFY(activate(client, false));
    QCOMPARE(tlsOpen(client, "AT+CASSLCFG=0,ssl,1;+CASSLCFG=0,cacert,\"other.pem\"", "127.0.0.1", server.port()),
             openResult(27));
    // A CA name that was never converted fails the same way.
    QCOMPARE(tlsOpen(client, "AT+CASSLCFG=0,cacert,\"missing.pem\"", "127.0.0.1", server.port()), openResult(27));
    EXCHANGE(client, "AT+CACLOSE=0\r", kError);  // a failed open leaves nothing to close
}

// A public-looking name routed to the loopback server: the name is checked against the requested
// host, which the certificate (localhost) does not carry (25).
void TestModemSimTls::tlsHostMismatchThroughRoute()
{
    TlsServer server;
    QVERIFY(server.start(m_dir.path()));
    const QString target = text("127.0.0.1:") + QString::number(server.port());
    SimProcess sim;
    PtyClient client;
    QVERIFY(startModem(sim, client, text("sim7000g"),
                       QJsonObject{{text("routes"), QJsonObject{{text("iot.example.com:8883"), target},
                                                                {text("localhost"), target}}}}));
    QVERIFY(activate(client, false));
    QCOMPARE(tlsOpen(client, "AT+CASSLCFG=0,ssl,1;+CASSLCFG=0,cacert,\"ca.pem\"", "iot.example.com", 8883),
             openResult(25));
    // A route by host alone, matched case-insensitively; the certificate's SAN has "localhost".
    QCOMPARE(tlsOpen(client, {}, "LOCALHOST", 443), openResult(0));
}

// Validity is judged at the module clock (§7.1): a scenario clock or AT+CCLK past notAfter gives 24,
// 26 together with a name mismatch, and ignorertctime 1 ignores the clock.
void TestModemSimTls::tlsModuleClock()
{
    TlsServer server;
    QVERIFY(server.start(m_dir.path()));
    const QString route = text("127.0.0.1:") + QString::number(server.port());
    const QString future = QDateTime::currentDateTimeUtc().addDays(400).toString(Qt::ISODate);
    SimProcess sim;
    PtyClient client;
    QVERIFY(startModem(sim, client, text("sim7000g"),
                       QJsonObject{{text("clock"), future}, {text("routes"), QJsonObject{{text("wrong.example"), route}}}}));
    QVERIFY(activate(client, false));
    QCOMPARE(tlsOpen(client, "AT+CASSLCFG=0,ssl,1;+CASSLCFG=0,cacert,\"ca.pem\"", "127.0.0.1", server.port()),
             openResult(24));
    QCOMPARE(tlsOpen(client, {}, "wrong.example", 443), openResult(26));
    QCOMPARE(tlsOpen(client, "AT+CSSLCFG=\"ignorertctime\",0,1", "127.0.0.1", server.port()), openResult(0));
    EXCHANGE(client, "AT+CACLOSE=0\r", kOk);

    // The clock set back to now by AT+CCLK makes the certificate valid; a year ahead, expired again.
    EXCHANGE(client, "AT+CSSLCFG=\"ignorertctime\",0,0\r", kOk);
    const QByteArray now = QDateTime::currentDateTimeUtc().toString(text("yy/MM/dd,hh:mm:ss")).toLatin1();
    EXCHANGE(client, "AT+CCLK=\"" + now + "+00\"\r", kOk);
    QCOMPARE(tlsOpen(client, {}, "127.0.0.1", server.port()), openResult(0));
    EXCHANGE(client, "AT+CACLOSE=0\r", kOk);
    const QByteArray later = QDateTime::currentDateTimeUtc().addYears(1).toString(text("yy/MM/dd,hh:mm:ss")).toLatin1();
    EXCHANGE(client, "AT+CCLK=\"" + later + "+04\"\r", kOk);
    QCOMPARE(tlsOpen(client, {}, "127.0.0.1", server.port()), openResult(24));
}

// A server that demands a client certificate (-Verify 1): the converted pair is presented (0),
// without one the handshake fails (27).
void TestModemSimTls::tlsClientCertificate()
{
    TlsServer server;
    QVERIFY(server.start(m_dir.path(), {text("-Verify"), text("1"), text("-CAfile"), text("ca.pem"),
                                        text("-verify_return_error")}));
    SimProcess sim;
    PtyClient client;
    QVERIFY(startModem(sim, client, text("sim7080g")));
    QVERIFY(activate(client, true));
    const QByteArray open = "AT+CAOPEN=0,0,\"TCP\",\"127.0.0.1\"," + QByteArray::number(server.port()) + "\r";
    EXCHANGE(client, "AT+CASSLCFG=0,\"SSL\",1;+CASSLCFG=0,\"CACERT\",\"ca.pem\"\r", kOk);
    QCOMPARE(client.command(open), openResult(27));
    EXCHANGE(client, "AT+CASSLCFG=0,\"CERT\",\"client.pem\"\r", kOk);
    QCOMPARE(client.command(open), openResult(0));
    EXCHANGE(client, "AT+CASEND=0,4\r", "\r\n> ");
    QVERIFY(client.send("abc\n"));
    EXPECT_NEXT(client, kOk);
    EXPECT_NEXT(client, "\r\n+CADATAIND: 0\r\n");
    EXCHANGE(client, "AT+CARECV=0,2\r", "\r\n+CARECV: 2,cb\r\n" + kOk);
    EXCHANGE(client, "AT+CARECV=0,2\r", "\r\n+CARECV: 2,a\n\r\n" + kOk);
    EXCHANGE(client, "AT+CACLOSE=0\r", kOk);

    // The pair's key is kept in the --state file and works after a restart without a new convert.
    QFile stateFile(m_lastState);
    QVERIFY(stateFile.open(QIODevice::ReadOnly));
    const QJsonObject pair = QJsonDocument::fromJson(stateFile.readAll())
                                 .object().value(text("converted")).toObject().value(text("client.pem")).toObject();
    QVERIFY(pair.value(text("keypem")).toString().startsWith(text("-----BEGIN PRIVATE KEY-----")));
    QCOMPARE(sim.stop(), 0);
    SimProcess again;
    PtyClient client2;
    QVERIFY(again.start({text("--no-banner"), text("--exit-with-stdin"), text("--registration-delay"), text("0"),
                         text("--model"), text("sim7080g"), text("--state"), m_lastState}));
    QVERIFY(client2.open(again.path()));
    QCOMPARE(client2.command("ATE0\r"), "ATE0\r" + kOk);
    QVERIFY(activate(client2, true));
    EXCHANGE(client2, "AT+CASSLCFG=0,SSL,1;+CASSLCFG=0,CACERT,ca.pem;+CASSLCFG=0,CERT,client.pem\r", kOk);
    QCOMPARE(client2.command(open), openResult(0));
}

// sslversion 1 pins TLS 1.0 (§7.1); s_server's defaults refuse it, so the handshake fails (27).
void TestModemSimTls::tlsVersionPinned()
{
    TlsServer server;
    QVERIFY(server.start(m_dir.path()));
    SimProcess sim;
    PtyClient client;
    QVERIFY(startModem(sim, client, text("sim7000g")));
    QVERIFY(activate(client, false));
    QCOMPARE(tlsOpen(client, "AT+CSSLCFG=\"sslversion\",0,1;+CASSLCFG=0,ssl,1;+CASSLCFG=0,cacert,\"ca.pem\"",
                     "127.0.0.1", server.port()),
             openResult(27));
    QCOMPARE(tlsOpen(client, "AT+CSSLCFG=\"sslversion\",0,3", "127.0.0.1", server.port()), openResult(0));
}

// Malformed "routes" and "clock" values stop modemsim with exit code 2 and the key's name.
void TestModemSimTls::badScenarioKeys()
{
    const QList<QByteArray> bad{R"({"routes": {"a.example": "not-an-ip"}})", R"({"routes": {"a": "127.0.0.1:70000"}})",
                                R"({"routes": []})", R"({"clock": "yesterday"})"};
    for (const QByteArray &json : bad) {
        QVERIFY(writeFile(text("bad.json"), json));
        QProcess process;
        process.start(SimTest::modemsimPath(), {text("--scenario"), m_dir.filePath(text("bad.json"))});
        QVERIFY(process.waitForFinished(kTimeoutMs));
        QCOMPARE(process.exitCode(), 2);
        const QByteArray err = process.readAllStandardError();
        QVERIFY2(err.contains("routes") || err.contains("clock"), err.constData());
    }
}

// SIM800 single-connection CIP socket (§11.2): CONNECT OK, SEND OK, +IPD push, CLOSED, CONNECT FAIL.
void TestModemSimTls::sim800Tcp()
{
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    SimProcess sim;
    PtyClient client;
    QVERIFY(startModem(sim, client, text("sim800l")));
    const QByteArray start = "AT+CIPSTART=\"TCP\",\"127.0.0.1\",\"" + QByteArray::number(server.serverPort()) + "\"\r";
    EXCHANGE(client, start, kError);  // the bearer is not up yet
    EXCHANGE(client, "AT+CSTT=\"modemsim\";+CIICR;+CIPHEAD=1\r", kOk);
    EXCHANGE(client, "AT+CIFSR\r", "\r\n10.64.0.2\r\n");
    EXCHANGE(client, start, kOk);
    EXPECT_NEXT(client, "\r\nCONNECT OK\r\n");
    QVERIFY(QTest::qWaitFor([&] { return server.hasPendingConnections(); }, kTimeoutMs));
    std::unique_ptr<QTcpSocket> peer(server.nextPendingConnection());
    EXCHANGE(client, "AT+CIPSTATUS\r", kOk + "\r\nSTATE: CONNECT OK\r\n");
    EXCHANGE(client, "AT+CIPSEND=5\r", "\r\n>");
    QVERIFY(client.send("hello"));
    EXPECT_NEXT(client, "\r\nSEND OK\r\n");
    QVERIFY(QTest::qWaitFor([&] { return peer->bytesAvailable() >= 5; }, kTimeoutMs));
    QCOMPARE(peer->readAll(), QByteArray("hello"));
    peer->write("abc\r\n");
    EXPECT_NEXT(client, "\r\n+IPD,5:abc\r\n");
    peer->close();
    EXPECT_NEXT(client, "\r\nCLOSED\r\n");
    EXCHANGE(client, "AT+CIPCLOSE\r", kError);
    EXCHANGE(client, "AT+CIPHEAD=0\r", kOk);
    EXCHANGE(client, start, kOk);
    EXPECT_NEXT(client, "\r\nCONNECT OK\r\n");
    QVERIFY(QTest::qWaitFor([&] { return server.hasPendingConnections(); }, kTimeoutMs));
    peer.reset(server.nextPendingConnection());
    peer->write("raw");
    EXPECT_NEXT(client, "raw");
    EXCHANGE(client, "AT+CIPCLOSE\r", "\r\nCLOSE OK\r\n");
    const QByteArray refused = "AT+CIPSTART=\"TCP\",\"127.0.0.1\",\"" + QByteArray::number(freePort()) + "\"\r";
    EXCHANGE(client, refused, kOk);
    EXPECT_NEXT(client, "\r\nSTATE: TCP CLOSED\r\n\r\nCONNECT FAIL\r\n");
}

// AT+CIPSSL=1 offers TLS 1.0 only: a server that still speaks it works, a default one (TLS 1.2+)
// fails the handshake, seen as CLOSE OK (§14.9).
void TestModemSimTls::sim800Tls()
{
    TlsServer legacy;
    QVERIFY(legacy.start(m_dir.path(), {text("-tls1"), text("-cipher"), text("DEFAULT:@SECLEVEL=0")}));
    TlsServer modern;
    QVERIFY(modern.start(m_dir.path()));
    SimProcess sim;
    PtyClient client;
    QVERIFY(startModem(sim, client, text("sim800l")));
    EXCHANGE(client, "AT+CSTT=\"modemsim\";+CIICR;+CIPSSL=1;+CIPHEAD=1\r", kOk);
    EXCHANGE(client, "AT+CIPSTART=\"TCP\",\"127.0.0.1\",\"" + QByteArray::number(legacy.port()) + "\"\r", kOk);
    EXPECT_NEXT(client, "\r\nCONNECT OK\r\n");
    EXCHANGE(client, "AT+CIPSEND=4\r", "\r\n>");
    QVERIFY(client.send("abc\n"));
    EXPECT_NEXT(client, "\r\nSEND OK\r\n");
    EXPECT_NEXT(client, "\r\n+IPD,4:cba\n");
    EXCHANGE(client, "AT+CIPCLOSE=1\r", "\r\nCLOSE OK\r\n");
    EXCHANGE(client, "AT+CIPSTART=\"TCP\",\"127.0.0.1\",\"" + QByteArray::number(modern.port()) + "\"\r", kOk);
    EXPECT_NEXT(client, "\r\nCLOSE OK\r\n");
}

QTEST_GUILESS_MAIN(TestModemSimTls)
#include "tst_modemsimtls.moc"
