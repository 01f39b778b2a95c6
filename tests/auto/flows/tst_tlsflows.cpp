// The TLS configuration and connection test of issue #6 against scripted SIM7000G, SIM7080G and
// SIM800L modems (protocol §7, §8, §11.2, §11.3, §18): exact command sequences per dialect, the
// refusals that send nothing, +CAOPEN results, both reply orders, CASEND with and without its URC,
// CARECV bounds, a peer close and the deadlines, all on the manual clock.
#include "scriptedmodem.h"

#include "core/flows/tlsflows.h"

#include <QJsonObject>
#include <QTest>

using namespace ModemBench;

namespace {

using SM = ScriptedModem;

struct Outcome {
    bool finished = false;
    Result<void> result = fail(ErrorCode::Cancelled, QStringLiteral("not run"));
    qint64 endedAtMs = -1;
};

Outcome run(ScriptedModem &m, QList<FlowStep> steps, int deadlineMs = 200000)
{
    FlowRunner runner(m.channel.get(), &m.clock, std::move(steps), QStringLiteral("TLS test"), deadlineMs);
    Outcome outcome;
    QObject::connect(&runner, &FlowRunner::finished, [&](const Result<void> &result) {
        outcome.finished = true;
        outcome.result = result;
        outcome.endedAtMs = m.clock.nowMs();
    });
    runner.start();
    m.runUntil(outcome.finished, deadlineMs + 10000, 50);
    return outcome;
}

std::shared_ptr<TlsContext> contextFor(ScriptedModem &m, ModelFamily family, bool tls = true)
{
    auto context = std::make_shared<TlsContext>();
    context->clock = &m.clock;
    if (family == ModelFamily::Sim7000)
        context->probe->profile = *makeProfile(family, QStringLiteral("SIMCOM_SIM7000G"), QStringLiteral("R1529"),
                                               QStringLiteral("1529B04SIM7000G"));
    else if (family == ModelFamily::Sim7080)
        context->probe->profile = *makeProfile(family, QStringLiteral("SIMCOM_SIM7080"), QStringLiteral("R1351"),
                                               QStringLiteral("1951B16SIM7080"));
    else if (family == ModelFamily::Sim800)
        context->probe->profile = *makeProfile(family, QStringLiteral("SIMCOM_SIM800L"),
                                               tls ? QStringLiteral("R14.18") : QStringLiteral("R13.08"),
                                               tls ? QStringLiteral("1418B05SIM800L24") : QStringLiteral("1308B08SIM800L16"),
                                               tls);
    return context;
}

TlsSettings caSettings()
{
    TlsSettings s;
    s.caName = QStringLiteral("ca.pem");
    return s;
}

TlsTestRequest hello(int receiveTimeoutMs = 15000)
{
    TlsTestRequest r;
    r.host = QStringLiteral("example.com");
    r.port = 8443;
    r.payload = "hello";
    r.receiveTimeoutMs = receiveTimeoutMs;
    return r;
}

const QList<QByteArray> kSim7000Config{
    "AT+CACID=0",
    "AT+CSSLCFG=\"sslversion\",0,3",
    "AT+CSSLCFG=\"ignorertctime\",0,0",
    "AT+CASSLCFG=0,\"ssl\",1",
    "AT+CASSLCFG=0,\"crindex\",0",
    "AT+CASSLCFG=0,\"protocol\",0",
    "AT+CASSLCFG=0,\"cacert\",\"ca.pem\"",
    "AT+CSSLCFG=\"sni\",0,\"example.com\"",
};

const QList<QByteArray> kSim7080Config{
    "AT+CACID=0",
    "AT+CSSLCFG=\"sslversion\",0,3",
    "AT+CSSLCFG=\"ignorertctime\",0,1",
    "AT+CASSLCFG=0,\"SSL\",1",
    "AT+CASSLCFG=0,\"CRINDEX\",0",
    "AT+CASSLCFG=0,\"CACERT\",\"ca.pem\"",
    "AT+CASSLCFG=0,\"CERT\",\"client.pem\"",
    "AT+CSSLCFG=\"sni\",0,\"example.com\"",
};

// The CA* socket as a small model: a receive buffer, AT+CARECV answering at most what is asked
// and buffered, CACLOSE that says ERROR when nothing is open (§14.7).
struct CaSocket {
    QByteArray buffer;
    bool open = false;
    int state = 1;
    QList<qsizetype> asks;
};

void installCa(ScriptedModem &m, const QList<QByteArray> &config, const std::shared_ptr<CaSocket> &socket)
{
    for (const QByteArray &command : config)
        m.on(command, SM::ok());
    m.on("AT+CACLOSE=0", [socket](const QByteArray &) {
        const bool wasOpen = std::exchange(socket->open, false);
        return wasOpen ? SM::ok() : QByteArray("\r\nERROR\r\n");
    });
    m.on("AT+CAOPEN=0,\"example.com\",8443", [socket](const QByteArray &) {
        socket->open = true;
        return SM::ok("+CAOPEN: 0,0");
    });
    m.on("AT+CASTATE?", [socket](const QByteArray &) {
        return SM::ok("+CASTATE: 0," + QByteArray::number(socket->state));
    });
    for (int ask = 1; ask <= 1460; ++ask) {
        m.on("AT+CARECV=0," + QByteArray::number(ask), [socket, ask](const QByteArray &) {
            socket->asks << ask;
            const QByteArray data = socket->buffer.left(ask);
            socket->buffer.remove(0, data.size());
            if (data.isEmpty())
                return SM::ok("+CARECV: 0");
            return "\r\n+CARECV: " + QByteArray::number(data.size()) + ',' + data + "\r\n\r\nOK\r\n";
        });
    }
}

// AT+CASEND=0,<n>: "> ", the bytes, OK and (SIM7000 2019 firmware) the +CASEND URC; the server echoes.
void echoSends(ScriptedModem &m, const std::shared_ptr<CaSocket> &socket, qsizetype size, bool casendUrc,
               QByteArray extra = "\r\n+CADATAIND: 0\r\n")
{
    m.onPrompt("AT+CASEND=0," + QByteArray::number(size), "\r\n> ", size,
               [socket, casendUrc, extra, size](const QByteArray &payload) {
                   socket->buffer += payload;
                   QByteArray reply = "\r\nOK\r\n";
                   if (casendUrc)
                       reply += "\r\n+CASEND: 0,0," + QByteArray::number(size) + "\r\n";
                   return reply + extra;
               });
}

QList<QByteArray> withoutPolls(const QList<QByteArray> &commands)
{
    QList<QByteArray> out;
    for (const QByteArray &c : commands) {
        if (out.isEmpty() || out.constLast() != c || !c.startsWith("AT+CARECV"))
            out << c;
    }
    return out;
}

} // namespace

class TestTlsFlows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sim7000Sequence_data()
    {
        QTest::addColumn<int>("chunking");
        QTest::addColumn<int>("chunkSize");
        QTest::newRow("SIM7000G whole replies") << int(LoopbackTransport::Chunking::Whole) << 1;
        QTest::newRow("SIM7000G byte by byte") << int(LoopbackTransport::Chunking::Fixed) << 1;
        QTest::newRow("SIM7000G 8-byte pieces") << int(LoopbackTransport::Chunking::Fixed) << 8;
        QTest::newRow("SIM7000G random pieces") << int(LoopbackTransport::Chunking::Random) << 5;
    }
    void sim7000Sequence()
    {
        QFETCH(int, chunking);
        QFETCH(int, chunkSize);
        SM m(ModelFamily::Sim7000, LoopbackTransport::Chunking(chunking), chunkSize);
        auto socket = std::make_shared<CaSocket>();
        installCa(m, kSim7000Config, socket);
        echoSends(m, socket, 5, true);
        auto context = contextFor(m, ModelFamily::Sim7000);
        const Outcome o = run(m, tlsTestSteps(context, caSettings(), hello()));
        QVERIFY2(o.result, qPrintable(o.result ? QString() : o.result.error().message));
        QList<QByteArray> expected = kSim7000Config;
        expected << "AT+CACLOSE=0" << "AT+CAOPEN=0,\"example.com\",8443" << "AT+CASEND=0,5" << "AT+CARECV=0,5"
                 << "AT+CASTATE?" << "AT+CACLOSE=0";
        QCOMPARE(m.commands, expected);
        QCOMPARE(m.payloads, QList<QByteArray>{"hello"});
        QCOMPARE(context->received, QByteArray("hello"));
        QCOMPARE(context->sentBytes, 5);
        QCOMPARE(context->openResult, 0);
        QVERIFY(context->openElapsedMs >= 0);
        QVERIFY(!context->closedByPeer);
        QVERIFY(context->transcript.join('\n').contains(QLatin1String("Opened example.com:8443 (TLS 1.2) in")));
        QVERIFY(context->warnings.isEmpty());
    }

    void sim7080Sequence()
    {
        SM m(ModelFamily::Sim7080);
        auto socket = std::make_shared<CaSocket>();
        installCa(m, kSim7080Config, socket);
        // §8.2 ASYNCOPEN order: OK first, the result as a URC 300 ms later.
        m.on("AT+CAOPEN=0,0,\"TCP\",\"example.com\",8443", [&m, socket](const QByteArray &) {
            socket->open = true;
            m.later(300, "\r\n+CAOPEN: 0,0\r\n");
            return SM::ok();
        });
        echoSends(m, socket, 5, false, {});
        auto context = contextFor(m, ModelFamily::Sim7080);
        TlsSettings s = caSettings();
        s.ignoreRtcTime = true;
        s.clientCertName = QStringLiteral("client.pem");
        m.later(2000, "\r\n+CADATAIND: 0\r\n");
        const Outcome o = run(m, tlsTestSteps(context, s, hello()));
        QVERIFY2(o.result, qPrintable(o.result ? QString() : o.result.error().message));
        QList<QByteArray> expected = kSim7080Config;
        expected << "AT+CACLOSE=0" << "AT+CAOPEN=0,0,\"TCP\",\"example.com\",8443" << "AT+CASEND=0,5"
                 << "AT+CARECV=0,5" << "AT+CASTATE?" << "AT+CACLOSE=0";
        QCOMPARE(withoutPolls(m.commands), expected);
        QCOMPARE(context->received, QByteArray("hello"));
        QVERIFY(context->openElapsedMs >= 300);
    }

    void plainTcpAndKeepAliveSim7000()
    {
        SM m(ModelFamily::Sim7000);
        auto socket = std::make_shared<CaSocket>();
        const QList<QByteArray> config{"AT+CACID=1", "AT+CASSLCFG=1,\"ssl\",0", "AT+CASSLCFG=1,\"protocol\",0",
                                       "AT+CASSLCFG=1,\"timeout\",30", "AT+CACFG=\"KEEPALIVE\",1,60,30,3"};
        for (const QByteArray &c : config)
            m.on(c, SM::ok());
        TlsSettings s;
        s.tls = false;
        s.connectionId = 1;
        s.timeoutS = 30;
        s.keepAlive = true;
        s.keepAliveIdleS = 60;
        s.keepAliveIntervalS = 30;
        s.keepAliveCount = 3;
        auto context = contextFor(m, ModelFamily::Sim7000);
        const Outcome o = run(m, tlsConfigureSteps(context, s, QStringLiteral("example.com")));
        QVERIFY(o.result);
        QCOMPARE(m.commands, config);
    }

    void sim800Accepted()
    {
        SM m(ModelFamily::Sim800);
        m.on("AT+CIPHEAD=1", SM::ok());
        m.on("AT+CIPSSL=1", SM::ok());
        m.on("AT+SSLOPT=0,1", SM::ok());
        m.on("AT+CIPSTART=\"TCP\",\"example.com\",\"8443\"", [&m](const QByteArray &) {
            m.later(1500, "\r\nCONNECT OK\r\n");
            return SM::ok();
        });
        m.onPrompt("AT+CIPSEND=5", "\r\n>", 5, [](const QByteArray &payload) {
            return "\r\nSEND OK\r\n\r\n+IPD,5:" + payload + "\r\n";
        });
        m.on("AT+CIPCLOSE", QByteArray("\r\nCLOSE OK\r\n"));
        auto context = contextFor(m, ModelFamily::Sim800);
        TlsSettings s;
        s.acceptInsecureTls10 = true;
        s.version = TlsVersion::Tls10;
        const Outcome o = run(m, tlsTestSteps(context, s, hello()));
        QVERIFY2(o.result, qPrintable(o.result ? QString() : o.result.error().message));
        QCOMPARE(m.commands, (QList<QByteArray>{"AT+CIPHEAD=1", "AT+CIPSSL=1", "AT+SSLOPT=0,1",
                                                "AT+CIPSTART=\"TCP\",\"example.com\",\"8443\"", "AT+CIPSEND=5",
                                                "AT+CIPCLOSE"}));
        QCOMPARE(m.payloads, QList<QByteArray>{"hello"});
        QCOMPARE(context->received, QByteArray("hello"));
        QCOMPARE(context->openResult, 0);
        QVERIFY(context->warnings.join('\n').contains(QLatin1String("TLS 1.0")));
    }

    void sim800IpdWithLineBreaks()
    {
        SM m(ModelFamily::Sim800);
        m.on("AT+CIPHEAD=1", SM::ok());
        m.on("AT+CIPSSL=0", SM::ok());
        m.on("AT+CIPSTART=\"TCP\",\"example.com\",\"8443\"", QByteArray("\r\nOK\r\n\r\nCONNECT OK\r\n"));
        m.onPrompt("AT+CIPSEND=5", "\r\n>", 5, [](const QByteArray &) {
            return QByteArray("\r\nSEND OK\r\n\r\n+IPD,12:hello\r\nworld\r\n\r\nCLOSED\r\n");
        });
        m.on("AT+CIPCLOSE", QByteArray("\r\nERROR\r\n"));
        auto context = contextFor(m, ModelFamily::Sim800);
        TlsSettings s;
        s.tls = false;
        TlsTestRequest r = hello();
        r.expectBytes = 20;
        const Outcome o = run(m, tlsTestSteps(context, s, r));
        QVERIFY2(o.result, qPrintable(o.result ? QString() : o.result.error().message));
        QCOMPARE(m.commands.first(2), (QList<QByteArray>{"AT+CIPHEAD=1", "AT+CIPSSL=0"}));
        QCOMPARE(context->received, QByteArray("hello\r\nworld"));
        QVERIFY(context->closedByPeer);
        QVERIFY(o.endedAtMs < 5000); // the close ended the wait, not the 15 s receive timeout
    }

    // s_server -rev answers "ih\n" for "hi\n": the data's own line break ends the +IPD line.
    void sim800IpdEndingInALineBreak()
    {
        SM m(ModelFamily::Sim800);
        m.on("AT+CIPHEAD=1", SM::ok());
        m.on("AT+CIPSSL=0", SM::ok());
        m.on("AT+CIPSTART=\"TCP\",\"example.com\",\"8443\"", QByteArray("\r\nOK\r\n\r\nCONNECT OK\r\n"));
        m.onPrompt("AT+CIPSEND=3", "\r\n>", 3, [](const QByteArray &) {
            return QByteArray("\r\nSEND OK\r\n+IPD,3:ih\n");
        });
        m.on("AT+CIPCLOSE", QByteArray("\r\nCLOSE OK\r\n"));
        auto context = contextFor(m, ModelFamily::Sim800);
        TlsSettings s;
        s.tls = false;
        TlsTestRequest r = hello();
        r.payload = "hi\n";
        const Outcome o = run(m, tlsTestSteps(context, s, r));
        QVERIFY2(o.result, qPrintable(o.result ? QString() : o.result.error().message));
        QCOMPARE(context->received, QByteArray("ih\n"));
        QVERIFY(o.endedAtMs < 5000); // all three bytes came: no wait for the receive timeout
    }

    void deadlineCoversTheWaits()
    {
        TlsTestRequest r = hello();
        r.payload = QByteArray(5000, 'x');
        QVERIFY(tlsTestDeadlineMs(r) > r.openTimeoutMs + r.receiveTimeoutMs + 4 * 10000);
    }

    void sim800HandshakeFailed()
    {
        SM m(ModelFamily::Sim800);
        m.on("AT+CIPHEAD=1", SM::ok());
        m.on("AT+CIPSSL=1", SM::ok());
        m.on("AT+SSLOPT=0,1", SM::ok());
        m.on("AT+CIPSTART=\"TCP\",\"example.com\",\"8443\"", [&m](const QByteArray &) {
            m.later(800, "\r\nCLOSE OK\r\n");
            return SM::ok();
        });
        m.on("AT+CIPCLOSE", QByteArray("\r\nERROR\r\n"));
        auto context = contextFor(m, ModelFamily::Sim800);
        TlsSettings s;
        s.acceptInsecureTls10 = true;
        const Outcome o = run(m, tlsTestSteps(context, s, hello()));
        QVERIFY(!o.result);
        QCOMPARE(o.result.error().number, 27);
        QVERIFY(o.result.error().message.contains(QLatin1String("handshake")));
        QCOMPARE(m.commands.constLast(), QByteArray("AT+CIPCLOSE"));
        QCOMPARE(m.count("AT+CIPSEND=5"), 0);
    }

    void sim800RefusedWithoutAcceptance()
    {
        SM m(ModelFamily::Sim800);
        auto context = contextFor(m, ModelFamily::Sim800);
        const Outcome o = run(m, tlsTestSteps(context, TlsSettings{}, hello()));
        QVERIFY(!o.result);
        QCOMPARE(o.result.error().code, ErrorCode::Usage);
        QVERIFY(o.result.error().message.contains(QLatin1String("--accept-insecure-tls10")));
        QVERIFY(m.commands.isEmpty());
    }

    void sim800R13Unsupported()
    {
        SM m(ModelFamily::Sim800);
        auto context = contextFor(m, ModelFamily::Sim800, false);
        QVERIFY(!context->profile()->tls);
        TlsSettings s;
        s.acceptInsecureTls10 = true;
        const Outcome o = run(m, tlsTestSteps(context, s, hello()));
        QVERIFY(!o.result);
        QCOMPARE(o.result.error().code, ErrorCode::Unsupported);
        QVERIFY(m.commands.isEmpty());
    }

    void tls13OnSim7000Refused()
    {
        SM m(ModelFamily::Sim7000);
        auto context = contextFor(m, ModelFamily::Sim7000);
        TlsSettings s = caSettings();
        s.version = TlsVersion::Tls13;
        const Outcome o = run(m, tlsTestSteps(context, s, hello()));
        QVERIFY(!o.result);
        QCOMPARE(o.result.error().code, ErrorCode::Usage);
        QVERIFY(m.commands.isEmpty());
    }

    void oldVersionWarnsAndUnknownModelUsesSim7000()
    {
        SM m(ModelFamily::Sim7000);
        auto context = std::make_shared<TlsContext>();
        context->clock = &m.clock;
        TlsSettings s;
        s.version = TlsVersion::Tls11;
        s.sni = QStringLiteral("other.example.com");
        const QList<QByteArray> config{"AT+CACID=0", "AT+CSSLCFG=\"sslversion\",0,2", "AT+CSSLCFG=\"ignorertctime\",0,0",
                                       "AT+CASSLCFG=0,\"ssl\",1", "AT+CASSLCFG=0,\"crindex\",0",
                                       "AT+CASSLCFG=0,\"protocol\",0", "AT+CSSLCFG=\"sni\",0,\"other.example.com\""};
        for (const QByteArray &c : config)
            m.on(c, SM::ok());
        const Outcome o = run(m, tlsConfigureSteps(context, s, QStringLiteral("example.com")));
        QVERIFY(o.result);
        QCOMPARE(m.commands, config);
        const QString warnings = context->warnings.join('\n');
        QVERIFY(warnings.contains(QLatin1String("unknown")));
        QVERIFY(warnings.contains(QLatin1String("insecure")));
        QVERIFY(warnings.contains(QLatin1String("differs from the host")));
        QVERIFY(warnings.contains(QLatin1String("No CA")));
    }

    void ipHostSendsNoSni()
    {
        SM m(ModelFamily::Sim7080);
        auto context = contextFor(m, ModelFamily::Sim7080);
        const QList<QByteArray> config{"AT+CACID=0", "AT+CSSLCFG=\"sslversion\",0,3", "AT+CSSLCFG=\"ignorertctime\",0,0",
                                       "AT+CASSLCFG=0,\"SSL\",1", "AT+CASSLCFG=0,\"CRINDEX\",0",
                                       "AT+CASSLCFG=0,\"CACERT\",\"ca.pem\""};
        for (const QByteArray &c : config)
            m.on(c, SM::ok());
        const Outcome o = run(m, tlsConfigureSteps(context, caSettings(), QStringLiteral("10.0.0.1")));
        QVERIFY(o.result);
        QCOMPARE(m.commands, config);
    }

    void openResultMessages_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("meaning");
        QTest::addColumn<QString>("fix");
        QTest::newRow("SIM7000G 24 time expired") << 24 << "certificate time expired" << "AT+CCLK";
        QTest::newRow("SIM7000G 25 CN mismatch") << 25 << "common name mismatch" << "SNI";
        QTest::newRow("SIM7000G 26 both") << 26 << "mismatch and time expired" << "AT+CNTP";
        QTest::newRow("SIM7000G 27 handshake") << 27 << "connect failed" << "handshake";
        QTest::newRow("SIM7000G 21 no network") << 21 << "network not active" << "Run connect first";
        QTest::newRow("SIM7000G 20 DNS") << 20 << "resolve" << "IP address";
        QTest::newRow("SIM7000G 99 unknown") << 99 << "unknown result 99" << "manual";
    }
    void openResultMessages()
    {
        QFETCH(int, code);
        QFETCH(QString, meaning);
        QFETCH(QString, fix);
        SM m(ModelFamily::Sim7000);
        auto socket = std::make_shared<CaSocket>();
        installCa(m, kSim7000Config, socket);
        m.on("AT+CAOPEN=0,\"example.com\",8443", [socket, code](const QByteArray &) {
            socket->open = true;
            return SM::ok("+CAOPEN: 0," + QByteArray::number(code));
        });
        auto context = contextFor(m, ModelFamily::Sim7000);
        const Outcome o = run(m, tlsTestSteps(context, caSettings(), hello()));
        QVERIFY(!o.result);
        QCOMPARE(o.result.error().code, ErrorCode::Error);
        QCOMPARE(o.result.error().number, code);
        QVERIFY2(o.result.error().message.contains(meaning), qPrintable(o.result.error().message));
        QVERIFY2(o.result.error().message.contains(fix), qPrintable(o.result.error().message));
        QCOMPARE(context->openResult, code);
        // Zephyr: close after a failed open; nothing is sent on it.
        QCOMPARE(m.commands.constLast(), QByteArray("AT+CACLOSE=0"));
        QCOMPARE(m.count("AT+CACLOSE=0"), 2);
        QCOMPARE(m.count("AT+CASEND=0,5"), 0);
    }

    void openReplyOrders_data()
    {
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<QByteArray>("urc");
        QTest::newRow("SIM7000G result before OK") << QByteArray("\r\n+CAOPEN: 0,0\r\n\r\nOK\r\n") << QByteArray();
        QTest::newRow("SIM7000G ASYNCOPEN OK then URC") << QByteArray("\r\nOK\r\n") << QByteArray("\r\n+CAOPEN: 0,0\r\n");
        QTest::newRow("SIM7000G OK and URC in one read") << QByteArray("\r\nOK\r\n\r\n+CAOPEN: 0,0\r\n") << QByteArray();
        QTest::newRow("SIM7000G URC with overvoltage noise")
            << QByteArray("\r\nOK\r\n") << QByteArray("\r\nOVER-VOLTAGE WARNNING\r\n\r\n+CAOPEN: 0,0\r\n");
    }
    void openReplyOrders()
    {
        QFETCH(QByteArray, reply);
        QFETCH(QByteArray, urc);
        SM m(ModelFamily::Sim7000);
        auto socket = std::make_shared<CaSocket>();
        installCa(m, kSim7000Config, socket);
        echoSends(m, socket, 5, true);
        m.on("AT+CAOPEN=0,\"example.com\",8443", [&m, socket, reply, urc](const QByteArray &) {
            socket->open = true;
            if (!urc.isEmpty())
                m.later(5000, urc);
            return reply;
        });
        auto context = contextFor(m, ModelFamily::Sim7000);
        const Outcome o = run(m, tlsTestSteps(context, caSettings(), hello()));
        QVERIFY2(o.result, qPrintable(o.result ? QString() : o.result.error().message));
        QCOMPARE(context->openResult, 0);
        QCOMPARE(context->received, QByteArray("hello"));
        if (!urc.isEmpty())
            QVERIFY(context->openElapsedMs >= 5000 && context->openElapsedMs < 6000);
    }

    void openTimesOutAndCloses()
    {
        SM m(ModelFamily::Sim7000);
        auto socket = std::make_shared<CaSocket>();
        installCa(m, kSim7000Config, socket);
        m.on("AT+CAOPEN=0,\"example.com\",8443", SM::ok()); // ASYNCOPEN, and the URC never comes
        auto context = contextFor(m, ModelFamily::Sim7000);
        TlsTestRequest r = hello();
        r.openTimeoutMs = 20000;
        const Outcome o = run(m, tlsTestSteps(context, caSettings(), r));
        QVERIFY(!o.result);
        QCOMPARE(o.result.error().code, ErrorCode::Timeout);
        QVERIFY(o.endedAtMs >= 20000 && o.endedAtMs < 22000);
        QCOMPARE(m.commands.constLast(), QByteArray("AT+CACLOSE=0"));
    }

    void casendConfirmation_data()
    {
        QTest::addColumn<bool>("urc");
        QTest::newRow("SIM7000G 2019 firmware: OK + +CASEND") << true;
        QTest::newRow("SIM7000G 1529B10 (2024): OK only") << false;
    }
    void casendConfirmation()
    {
        QFETCH(bool, urc);
        SM m(ModelFamily::Sim7000);
        auto socket = std::make_shared<CaSocket>();
        installCa(m, kSim7000Config, socket);
        echoSends(m, socket, 5, urc);
        auto context = contextFor(m, ModelFamily::Sim7000);
        const Outcome o = run(m, tlsTestSteps(context, caSettings(), hello()));
        QVERIFY2(o.result, qPrintable(o.result ? QString() : o.result.error().message));
        QCOMPARE(context->sentBytes, 5);
        QCOMPARE(context->received, QByteArray("hello"));
    }

    void casendFailureResult()
    {
        SM m(ModelFamily::Sim7000);
        auto socket = std::make_shared<CaSocket>();
        installCa(m, kSim7000Config, socket);
        m.onPrompt("AT+CASEND=0,5", "\r\n> ", 5, [](const QByteArray &) {
            return QByteArray("\r\nOK\r\n\r\n+CASEND: 0,1,0\r\n");
        });
        auto context = contextFor(m, ModelFamily::Sim7000);
        const Outcome o = run(m, tlsTestSteps(context, caSettings(), hello()));
        QVERIFY(!o.result);
        QCOMPARE(o.result.error().number, 1);
        QCOMPARE(m.commands.constLast(), QByteArray("AT+CACLOSE=0"));
    }

    void largePayloadChunksAndReadBounds()
    {
        SM m(ModelFamily::Sim7000);
        auto socket = std::make_shared<CaSocket>();
        installCa(m, kSim7000Config, socket);
        QByteArray payload(3000, 'x');
        for (int i = 0; i < payload.size(); ++i)
            payload[i] = char('a' + i % 26);
        echoSends(m, socket, 1460, true, {});
        echoSends(m, socket, 80, true, "\r\n+CADATAIND: 0\r\n");
        auto context = contextFor(m, ModelFamily::Sim7000);
        TlsTestRequest r = hello();
        r.payload = payload;
        const Outcome o = run(m, tlsTestSteps(context, caSettings(), r));
        QVERIFY2(o.result, qPrintable(o.result ? QString() : o.result.error().message));
        QCOMPARE(m.payloads.size(), 3);
        QCOMPARE(m.payloads.join(), payload);
        QCOMPARE(context->received, payload);
        QCOMPARE(socket->asks, (QList<qsizetype>{1460, 1460, 80}));
    }

    void readNeverAsksMoreThanAnnounced()
    {
        SM m(ModelFamily::Sim7000);
        auto socket = std::make_shared<CaSocket>();
        installCa(m, kSim7000Config, socket);
        // TinyGSM: an unsolicited "+CARECV: <cid>,<len>" says how much is buffered.
        echoSends(m, socket, 5, true, "\r\n+CARECV: 0,3\r\n");
        auto context = contextFor(m, ModelFamily::Sim7000);
        const Outcome o = run(m, tlsTestSteps(context, caSettings(), hello()));
        QVERIFY2(o.result, qPrintable(o.result ? QString() : o.result.error().message));
        QCOMPARE(socket->asks.constFirst(), 3);
        QCOMPARE(context->received, QByteArray("hello"));
        for (qsizetype ask : std::as_const(socket->asks))
            QVERIFY(ask <= 5);
    }

    void dataIndicationDuringCasend()
    {
        SM m(ModelFamily::Sim7000);
        auto socket = std::make_shared<CaSocket>();
        installCa(m, kSim7000Config, socket);
        // The +CADATAIND lands before the CASEND's OK, while the command is still in flight.
        m.onPrompt("AT+CASEND=0,5", "\r\n> ", 5, [socket](const QByteArray &payload) {
            socket->buffer += payload;
            return QByteArray("\r\n+CADATAIND: 0\r\n\r\nOK\r\n");
        });
        auto context = contextFor(m, ModelFamily::Sim7000);
        const Outcome o = run(m, tlsTestSteps(context, caSettings(), hello()));
        QVERIFY(o.result);
        QCOMPARE(context->received, QByteArray("hello"));
        QCOMPARE(socket->asks, QList<qsizetype>{5});
        // Read at once: no poll pause (1 s) was needed.
        QVERIFY2(o.endedAtMs < 1400, qPrintable(QString::number(o.endedAtMs)));
    }

    void emptyReadThenPoll()
    {
        SM m(ModelFamily::Sim7000);
        auto socket = std::make_shared<CaSocket>();
        installCa(m, kSim7000Config, socket);
        // The indication comes, but the data only 2.5 s later, without a second +CADATAIND.
        m.onPrompt("AT+CASEND=0,5", "\r\n> ", 5, [&m, socket](const QByteArray &payload) {
            auto timer = m.clock.createTimer();
            timer->start(2500, [socket, payload] { socket->buffer += payload; });
            m.timers.push_back(std::move(timer));
            return QByteArray("\r\nOK\r\n\r\n+CASEND: 0,0,5\r\n\r\n+CADATAIND: 0\r\n");
        });
        auto context = contextFor(m, ModelFamily::Sim7000);
        const Outcome o = run(m, tlsTestSteps(context, caSettings(), hello()));
        QVERIFY(o.result);
        QCOMPARE(context->received, QByteArray("hello"));
        QVERIFY(m.count("AT+CARECV=0,5") >= 2);
        QVERIFY(o.endedAtMs >= 2500);
    }

    void peerCloses()
    {
        SM m(ModelFamily::Sim7000);
        auto socket = std::make_shared<CaSocket>();
        installCa(m, kSim7000Config, socket);
        m.onPrompt("AT+CASEND=0,5", "\r\n> ", 5, [socket](const QByteArray &) {
            socket->buffer += "bye";
            socket->state = 0;
            return QByteArray("\r\nOK\r\n\r\n+CASEND: 0,0,5\r\n\r\n+CADATAIND: 0\r\n\r\n+CASTATE: 0,0\r\n");
        });
        auto context = contextFor(m, ModelFamily::Sim7000);
        const Outcome o = run(m, tlsTestSteps(context, caSettings(), hello(15000)));
        QVERIFY2(o.result, qPrintable(o.result ? QString() : o.result.error().message));
        QVERIFY(context->closedByPeer);
        QCOMPARE(context->received, QByteArray("bye"));
        QVERIFY2(o.endedAtMs < 5000, qPrintable(QString::number(o.endedAtMs))); // not the 15 s receive timeout
        QVERIFY(context->transcript.constLast().contains(QLatin1String("server closed")));
    }

    void receiveDeadline()
    {
        SM m(ModelFamily::Sim7000);
        auto socket = std::make_shared<CaSocket>();
        installCa(m, kSim7000Config, socket);
        m.onPrompt("AT+CASEND=0,5", "\r\n> ", 5, [](const QByteArray &) { return QByteArray("\r\nOK\r\n"); });
        auto context = contextFor(m, ModelFamily::Sim7000);
        const Outcome o = run(m, tlsTestSteps(context, caSettings(), hello(5000)));
        QVERIFY(o.result);
        QVERIFY(context->received.isEmpty());
        QVERIFY(o.endedAtMs >= 5000 && o.endedAtMs < 7000);
        QVERIFY(m.count("AT+CARECV=0,5") >= 3); // polled about once a second
        QVERIFY(context->warnings.join('\n').contains(QLatin1String("Received 0 of 5 bytes")));
        QCOMPARE(m.commands.constLast(), QByteArray("AT+CACLOSE=0"));
    }

    void preparation()
    {
        SM m(ModelFamily::Sim7000);
        m.on("AT+GSN", SM::ok("869951031234564"));
        m.on("AT+CCLK?", SM::ok("+CCLK: \"24/07/24,14:04:22+08\""));
        auto context = std::make_shared<TlsContext>();
        context->clock = &m.clock;
        const Outcome o = run(m, tlsPreparationSteps(context));
        QVERIFY2(o.result, qPrintable(o.result ? QString() : o.result.error().message));
        QVERIFY(context->profile());
        QCOMPARE(context->profile()->family, ModelFamily::Sim7000);
        QCOMPARE(context->imei, QStringLiteral("869951031234564"));
        QCOMPARE(*context->modemClock, QDateTime(QDate(2024, 7, 24), QTime(12, 4, 22), Qt::UTC));
        QVERIFY(context->warnings.isEmpty());
    }

    void preparationClockRefused()
    {
        SM m(ModelFamily::Sim7080);
        m.on("AT+GSN", SM::ok("869951031234564"));
        auto context = contextFor(m, ModelFamily::Sim7080);
        const Outcome o = run(m, tlsPreparationSteps(context));
        QVERIFY(o.result);
        QCOMPARE(m.commands, (QList<QByteArray>{"AT+GSN", "AT+CCLK?"}));
        QVERIFY(!context->modemClock);
        QVERIFY(context->warnings.join('\n').contains(QLatin1String("AT+CCLK?")));
    }

    void cclk_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QDateTime>("utc");
        QTest::newRow("SIM7000G +08") << QByteArray("+CCLK: \"24/07/24,14:04:22+08\"")
                                      << QDateTime(QDate(2024, 7, 24), QTime(12, 4, 22), Qt::UTC);
        QTest::newRow("SIM800L +04") << QByteArray("+CCLK: \"17/01/22,22:07:47+04\"")
                                     << QDateTime(QDate(2017, 1, 22), QTime(21, 7, 47), Qt::UTC);
        QTest::newRow("negative zone -20") << QByteArray("+CCLK: \"25/07/21,15:13:23-20\"")
                                           << QDateTime(QDate(2025, 7, 21), QTime(20, 13, 23), Qt::UTC);
        QTest::newRow("over midnight") << QByteArray("+CCLK: \"26/01/01,01:00:00+08\"")
                                       << QDateTime(QDate(2025, 12, 31), QTime(23, 0, 0), Qt::UTC);
        QTest::newRow("zero zone, unquoted") << QByteArray("+CCLK: 80/01/06,00:00:07+00")
                                             << QDateTime(QDate(2080, 1, 6), QTime(0, 0, 7), Qt::UTC);
    }
    void cclk()
    {
        QFETCH(QByteArray, line);
        QFETCH(QDateTime, utc);
        const auto parsed = parseCclk(line);
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
        QCOMPARE(*parsed, utc);
        QCOMPARE(parsed->timeSpec(), Qt::UTC);
    }

    void cclkMalformed_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("no zone") << QByteArray("+CCLK: \"24/07/24,14:04:22\"");
        QTest::newRow("month 13") << QByteArray("+CCLK: \"24/13/24,14:04:22+08\"");
        QTest::newRow("hour 25") << QByteArray("+CCLK: \"24/07/24,25:04:22+08\"");
        QTest::newRow("zone +60") << QByteArray("+CCLK: \"24/07/24,14:04:22+60\"");
        QTest::newRow("four-digit year") << QByteArray("+CCLK: \"2024/07/24,14:04:22+08\"");
        QTest::newRow("garbage") << QByteArray("+CCLK: \"\xff\xfe\"");
    }
    void cclkMalformed()
    {
        QFETCH(QByteArray, line);
        const auto parsed = parseCclk(line);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, ErrorCode::Parse);
        QVERIFY(parsed.error().message.contains(QLatin1String("yy/MM/dd")));
    }

    void settingsJson()
    {
        TlsSettings s = caSettings();
        s.version = TlsVersion::Tls13;
        s.keepAlive = true;
        s.sni = QStringLiteral("x.example");
        s.acceptInsecureTls10 = true;
        const auto back = tlsSettingsFromJson(tlsSettingsToJson(s));
        QVERIFY(back);
        QCOMPARE(*back, s);
        QCOMPARE(*tlsSettingsFromJson({}), TlsSettings{});
        QJsonObject bad = tlsSettingsToJson(s);
        bad.insert(QStringLiteral("ssl_context"), QStringLiteral("zero"));
        const auto refused = tlsSettingsFromJson(bad);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QLatin1String("ssl_context")));
        bad = tlsSettingsToJson(s);
        bad.insert(QStringLiteral("version"), QStringLiteral("1.4"));
        QVERIFY(!tlsSettingsFromJson(bad));
    }

    void versionNames()
    {
        QCOMPARE(tlsVersionName(TlsVersion::Tls12), QStringLiteral("TLS 1.2"));
        QCOMPARE(tlsVersionFromName(QStringLiteral("1.2")), TlsVersion::Tls12);
        QCOMPARE(tlsVersionFromName(QStringLiteral("tls1.3")), TlsVersion::Tls13);
        QCOMPARE(tlsVersionFromName(QStringLiteral("TLS 1.0")), TlsVersion::Tls10);
        QCOMPARE(tlsVersionFromName(QStringLiteral("3")), TlsVersion::Tls12);
        QVERIFY(!tlsVersionFromName(QStringLiteral("ssl3")));
    }

    void resultMeanings()
    {
        QCOMPARE(caResultMeaning(24).code, 24);
        QVERIFY(caResultMeaning(27).cause.contains(QLatin1String("handshake")));
        QVERIFY(!caResultMeaning(27, false).cause.contains(QLatin1String("handshake")));
        QVERIFY(caResultMeaning(5).meaning.contains(QLatin1String("5")));
    }

    void deleteAndVerifyFile()
    {
        SM m(ModelFamily::Sim7080);
        m.on("AT+CFSINIT", SM::ok());
        m.on("AT+CFSTERM", SM::ok());
        m.on("AT+CFSDFILE=3,\"ca.pem\"", SM::ok());
        m.on("AT+CFSGFIS=3,\"ca.pem\"", SM::ok("+CFSGFIS: 5"));
        m.on("AT+CFSRFILE=3,\"ca.pem\",0,5,0", QByteArray("\r\n+CFSRFILE: 5\r\nhello\r\nOK\r\n"));
        Outcome o = run(m, deleteFileSteps(QStringLiteral("ca.pem")));
        QVERIFY(o.result);
        QCOMPARE(m.commands, (QList<QByteArray>{"AT+CFSINIT", "AT+CFSDFILE=3,\"ca.pem\"", "AT+CFSTERM"}));
        m.commands.clear();
        o = run(m, verifyFileSteps(QStringLiteral("ca.pem"), "hello", false));
        QVERIFY(o.result);
        m.commands.clear();
        o = run(m, verifyFileSteps(QStringLiteral("ca.pem"), "hellO", false));
        QVERIFY(!o.result);
        QVERIFY(o.result.error().message.contains(QLatin1String("byte 4")));
        QCOMPARE(m.commands.constLast(), QByteArray("AT+CFSTERM"));
        m.commands.clear();
        o = run(m, verifyFileSteps(QStringLiteral("ca.pem"), "hello", true));
        QVERIFY(o.result);
        QCOMPARE(m.commands, (QList<QByteArray>{"AT+CFSINIT", "AT+CFSGFIS=3,\"ca.pem\"", "AT+CFSTERM"}));
        m.commands.clear();
        o = run(m, verifyFileSteps(QStringLiteral("ca.pem"), "hello!", false));
        QVERIFY(!o.result);
        QCOMPARE(m.commands.constLast(), QByteArray("AT+CFSTERM"));
    }
};

QTEST_GUILESS_MAIN(TestTlsFlows)
#include "tst_tlsflows.moc"
