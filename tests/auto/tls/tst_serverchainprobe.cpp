#include "core/tls/serverchainprobe.h"

#include "../pki/pkitestsupport.h"

#include <QCryptographicHash>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>

using namespace ModemBench;

Q_DECLARE_METATYPE(ModemBench::Result<ModemBench::ServerChain>)

namespace {

int freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return -1;
    const int port = server.serverPort();
    server.close();
    return port;
}

Result<ServerChain> resultOf(const QSignalSpy &spy, int index = 0)
{
    return spy.at(index).at(0).value<Result<ServerChain>>();
}

bool accepts(int port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, quint16(port));
    const bool settled = QTest::qWaitFor([&socket] { return socket.state() == QAbstractSocket::ConnectedState
                                                       || socket.state() == QAbstractSocket::UnconnectedState; }, 2000);
    return settled && socket.state() == QAbstractSocket::ConnectedState;
}

} // namespace

class TestServerChainProbe : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_certPath;
    QString m_keyPath;
    QString m_caPath;
    QByteArray m_caPem;
    QByteArray m_serverPem;

    // openssl s_server on a free port; the port once it accepts, -1 on failure.
    int startServer(QProcess &process, bool sendCa)
    {
        const int port = freePort();
        QStringList arguments{QStringLiteral("s_server"), QStringLiteral("-accept"), QStringLiteral("127.0.0.1:%1").arg(port),
                              QStringLiteral("-cert"), m_certPath, QStringLiteral("-key"), m_keyPath, QStringLiteral("-quiet")};
        if (sendCa)
            arguments << QStringLiteral("-cert_chain") << m_caPath;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral("openssl"), arguments);
        if (!process.waitForStarted(10000))
            return -1;
        const bool up = QTest::qWaitFor([&] { return process.state() != QProcess::Running || accepts(port); }, 15000);
        return up && process.state() == QProcess::Running ? port : -1;
    }

    static void stopServer(QProcess &process)
    {
        process.kill();
        process.waitForFinished(5000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<Result<ServerChain>>();
        QVERIFY(m_dir.isValid());
        QVERIFY2(QSslSocket::supportsSsl(), "Qt's OpenSSL TLS backend is needed for these tests");
        Pki::CaOptions options{Pki::KeyKind::P256, 30, QStringLiteral("/O=Bench/CN=Probe Root")};
        auto ca = Pki::CertificateAuthority::create(m_dir.filePath(QStringLiteral("ca")), options, PkiTest::passphrase());
        QVERIFY2(ca, ca ? "" : qPrintable(ca.error().message));
        Pki::ServerRequest request;
        request.dnsNames = {QStringLiteral("localhost")};
        request.ipAddresses = {QStringLiteral("127.0.0.1")};
        request.key = Pki::KeyKind::P256;
        auto issued = ca->issueServer(request);
        QVERIFY(issued);
        m_caPem = ca->certificatePem();
        m_serverPem = issued->certificatePem;
        m_certPath = m_dir.filePath(QStringLiteral("server.crt"));
        m_keyPath = m_dir.filePath(QStringLiteral("server.key"));
        m_caPath = m_dir.filePath(QStringLiteral("ca.crt"));
        QVERIFY(PkiTest::writeFile(m_certPath, m_serverPem));
        QVERIFY(PkiTest::writeFile(m_keyPath, issued->privateKeyPem.reveal()));
        QVERIFY(PkiTest::writeFile(m_caPath, m_caPem));
    }

    void readsTheChain_data()
    {
        QTest::addColumn<bool>("sendCa");
        QTest::addColumn<QString>("sni");
        QTest::newRow("leaf only, SNI localhost") << false << QStringLiteral("localhost");
        QTest::newRow("leaf and CA, no SNI") << true << QString();
    }

    void readsTheChain()
    {
        QFETCH(bool, sendCa);
        QFETCH(QString, sni);
        QProcess server;
        const int port = startServer(server, sendCa);
        QVERIFY2(port > 0, server.readAll().constData());
        ServerChainProbe probe;
        QSignalSpy spy(&probe, &ServerChainProbe::finished);
        probe.start(QStringLiteral("127.0.0.1"), port, sni, 15000);
        QVERIFY(spy.wait(20000));
        stopServer(server);
        QCOMPARE(spy.size(), 1);
        const Result<ServerChain> result = resultOf(spy);
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));
        QCOMPARE(result->certificates.size(), sendCa ? 2 : 1);
        const ServerChainCertificate &leaf = result->certificates.first();
        QCOMPARE(leaf.subject, QStringLiteral("CN=localhost"));
        QCOMPARE(leaf.issuer, QStringLiteral("O=Bench,CN=Probe Root"));
        QCOMPARE(leaf.der, QSslCertificate(m_serverPem).toDer());
        QCOMPARE(leaf.sha256, QCryptographicHash::hash(leaf.der, QCryptographicHash::Sha256).toHex());
        QVERIFY(leaf.notBefore.isValid() && leaf.notBefore < leaf.notAfter);
        QCOMPARE(leaf.notAfter, QSslCertificate(m_serverPem).expiryDate().toUTC());
        if (sendCa)
            QCOMPARE(result->certificates.at(1).subject, QStringLiteral("O=Bench,CN=Probe Root"));
        QVERIFY2(result->protocol.startsWith(QStringLiteral("TLSv1.")), qPrintable(result->protocol));
        QVERIFY(!result->cipher.isEmpty());
    }

    void closedPortIsATransportError()
    {
        const int port = freePort();
        ServerChainProbe probe;
        QSignalSpy spy(&probe, &ServerChainProbe::finished);
        probe.start(QStringLiteral("127.0.0.1"), port, {}, 10000);
        QVERIFY(spy.wait(15000));
        QCOMPARE(spy.size(), 1);
        const Result<ServerChain> result = resultOf(spy);
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::Transport);
        QVERIFY2(result.error().message.contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(result.error().message));
    }

    void plainTextServerIsAnErrorNotAHang()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        connect(&server, &QTcpServer::newConnection, &server, [&server] {
            QTcpSocket *client = server.nextPendingConnection();
            client->write("HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\nthis is not TLS at all\r\n");
            client->disconnectFromHost();
        });
        ServerChainProbe probe;
        QSignalSpy spy(&probe, &ServerChainProbe::finished);
        probe.start(QStringLiteral("127.0.0.1"), server.serverPort(), {}, 10000);
        QVERIFY(spy.wait(15000));
        QCOMPARE(spy.size(), 1);
        const Result<ServerChain> result = resultOf(spy);
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::Transport);
        QVERIFY(!result.error().message.isEmpty());
    }

    void silentServerTimesOut()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        ServerChainProbe probe;
        QSignalSpy spy(&probe, &ServerChainProbe::finished);
        probe.start(QStringLiteral("127.0.0.1"), server.serverPort(), {}, 300);
        QVERIFY(spy.wait(10000));
        QCOMPARE(spy.size(), 1);
        const Result<ServerChain> result = resultOf(spy);
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::Timeout);
        QVERIFY(result.error().message.contains(QStringLiteral("300 ms")));
    }

    void cancelFinishesOnce()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        ServerChainProbe probe;
        QSignalSpy spy(&probe, &ServerChainProbe::finished);
        probe.start(QStringLiteral("127.0.0.1"), server.serverPort(), {}, 200);
        probe.cancel();
        QCOMPARE(spy.size(), 1);
        QCOMPARE(resultOf(spy).error().code, ErrorCode::Cancelled);
        probe.cancel(); // nothing running: no second signal
        QCOMPARE(spy.size(), 1);
        // A second run on the same object reports its own timeout and nothing of the first run.
        probe.start(QStringLiteral("127.0.0.1"), server.serverPort(), {}, 200);
        QVERIFY(spy.wait(10000));
        QCOMPARE(spy.size(), 2);
        QCOMPARE(resultOf(spy, 1).error().code, ErrorCode::Timeout);
    }

    void badArgumentsAreReportedFromTheEventLoop()
    {
        ServerChainProbe probe;
        QSignalSpy spy(&probe, &ServerChainProbe::finished);
        probe.start(QStringLiteral("127.0.0.1"), 0);
        QCOMPARE(spy.size(), 0);
        QVERIFY(spy.wait(5000));
        QCOMPARE(spy.size(), 1);
        QCOMPARE(resultOf(spy).error().code, ErrorCode::Usage);
    }

    void destroyedWhileRunningIsQuiet()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        auto probe = std::make_unique<ServerChainProbe>();
        QSignalSpy spy(probe.get(), &ServerChainProbe::finished);
        probe->start(QStringLiteral("127.0.0.1"), server.serverPort(), {}, 5000);
        QVERIFY(QTest::qWaitFor([&server] { return server.hasPendingConnections(); }, 5000));
        probe.reset();
        QCOMPARE(spy.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestServerChainProbe)
#include "tst_serverchainprobe.moc"
