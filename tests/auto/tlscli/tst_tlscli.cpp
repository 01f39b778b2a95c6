// Issue #6 end to end, as a user runs it: our CA issues a `localhost` server certificate and a
// device certificate; `openssl s_server -rev` serves on loopback; the real modembench-cli installs
// the CA (and the client certificate) into an external modemsim SIM7000G, whose AT+CAOPEN makes a
// real TLS connection; tls-test must succeed and echo data both ways, and each wrong-certificate
// case must fail with the modem's result code and a doctor finding that names the cause.
#include "tlsclisupport.h"

#include "../../common/modemsimprocess.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <memory>

using TlsCliTest::Run;
using TlsCliTest::TlsServer;

namespace {

const QByteArray kPassphrase = "tlscli-correct-horse-42";
const QString kImei = QStringLiteral("869951031234564"); // modemsim's default IMEI
const QString kRootName = QStringLiteral("TlsCli Test Root");
const QString kOtherRootName = QStringLiteral("Unrelated Root");

QString s(const char *text)
{
    return QString::fromLatin1(text);
}

QJsonObject jsonOf(const Run &run)
{
    return QJsonDocument::fromJson(run.out).object();
}

// A finding of `checks` whose message contains `needle` (any severity unless `severity` is given).
bool hasFinding(const QJsonObject &result, const QStringList &checks, const QString &needle, const QString &severity = {})
{
    for (const QJsonValue &value : result.value(s("findings")).toArray()) {
        const QJsonObject finding = value.toObject();
        if (!checks.contains(finding.value(s("check")).toString()))
            continue;
        if (!severity.isEmpty() && finding.value(s("severity")).toString() != severity)
            continue;
        if (finding.value(s("message")).toString().contains(needle, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QString describe(const Run &run)
{
    return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3")
        .arg(run.exitCode)
        .arg(QString::fromUtf8(run.out), QString::fromUtf8(run.err));
}

} // namespace

class TestTlsCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_work;
    QProcessEnvironment m_environment;
    QString m_ca;
    QString m_otherCa;
    quint16 m_routedPort = 0;            // fixed before the modem starts: the scenario routes to it
    std::unique_ptr<SimTest::SimProcess> m_modem;
    QString m_modemPort;
    QByteArray m_printed;                // everything every run printed

    QString path(const QString &name) const { return m_work.filePath(name); }
    QString caFile() const { return QDir(m_ca).filePath(s("ca.crt")); }
    QString otherCaFile() const { return QDir(m_otherCa).filePath(s("ca.crt")); }

    Run cli(const QStringList &arguments)
    {
        const Run run = TlsCliTest::runCli(arguments, m_environment);
        m_printed += run.out + run.err;
        return run;
    }
    Run onModem(const QString &port, const QStringList &arguments)
    {
        return cli(QStringList{s("--port"), port} + arguments);
    }
    Run onModem(const QStringList &arguments) { return onModem(m_modemPort, arguments); }
    Run ca(const QString &dir, const QStringList &arguments)
    {
        return cli(QStringList{s("ca")} + arguments + QStringList{s("--ca-dir"), dir});
    }
    // tls-test --json against 127.0.0.1 (or a routed name) on `port`.
    Run tlsTest(const QString &modemPort, const QString &host, quint16 port, const QStringList &extra = {})
    {
        return onModem(modemPort, QStringList{s("tls-test"), s("--host"), host, s("--port"), QString::number(port),
                                              s("--json")}
                                      + extra);
    }
    void installCa(const QString &modemPort, const QString &file, const QString &name)
    {
        const Run run = onModem(modemPort, {s("cert"), s("install-ca"), file, s("--name"), name});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QVERIFY2(run.out.contains("read back byte-exact"), run.out.constData());
    }
    QString serialOf(const QString &certificate)
    {
        const Run run = CliTest::run(s("openssl"), {s("x509"), s("-noout"), s("-serial"), s("-in"), certificate});
        return QString::fromLatin1(run.out.trimmed()).section(QLatin1Char('='), 1);
    }
    bool startModem(SimTest::SimProcess &modem, const QJsonObject &scenario, const QString &name)
    {
        const QString file = path(name + s(".json"));
        if (!TlsCliTest::writeFile(file, QJsonDocument(scenario).toJson()))
            return false;
        return modem.start({s("--model"), s("sim7000g"), s("--scenario"), file, s("--link"), path(name),
                            s("--exit-with-stdin")});
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(s("openssl")).isEmpty())
            QSKIP("the openssl program is the TLS peer of these tests");
        QVERIFY(m_work.isValid());
        m_environment = QProcessEnvironment::systemEnvironment();
        m_environment.insert(s("MODEMBENCH_CA_PASSPHRASE"), QString::fromLatin1(kPassphrase));
        m_environment.insert(s("XDG_DATA_HOME"), path(s("data-initTestCase")));

        m_ca = path(s("ca"));
        m_otherCa = path(s("other-ca"));
        Run run = ca(m_ca, {s("init"), s("--key"), s("p256"), s("--subject"), s("/O=TlsCli/CN=") + kRootName});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        run = ca(m_otherCa, {s("init"), s("--key"), s("p256"), s("--subject"), s("/O=Elsewhere/CN=") + kOtherRootName});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        run = ca(m_ca, {s("issue-server"), s("--dns"), s("localhost"), s("--ip"), s("127.0.0.1"), s("--out"), path(s("server"))});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        run = ca(m_ca, {s("issue-device"), s("--imei"), kImei, s("--out"), path(s("device"))});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));

        // One modem for most cases; its routes send a name the server's certificate does not carry
        // to the loopback server of wrongHostNameIsExplained.
        m_routedPort = TlsCliTest::freePort();
        const QString routed = QStringLiteral("iot.example.com:%1").arg(m_routedPort);
        m_modem = std::make_unique<SimTest::SimProcess>();
        QVERIFY(startModem(*m_modem, {{s("routes"), QJsonObject{{routed, QStringLiteral("127.0.0.1:%1").arg(m_routedPort)}}}},
                           s("modem")));
        m_modemPort = path(s("modem"));
        run = onModem({s("connect")});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
    }

    // Each test has its own inventory (and remembered TLS settings); the modem's files stay.
    void init()
    {
        m_environment.insert(s("XDG_DATA_HOME"), path(s("data-") + QString::fromLatin1(QTest::currentTestFunction())));
    }

    void cleanupTestCase()
    {
        QVERIFY2(!m_printed.contains(kPassphrase), "the CA passphrase was printed");
        if (m_modem)
            m_modem->stop();
    }

    void helpListsTheCommands()
    {
        const Run help = cli({s("--help")});
        QCOMPARE(help.exitCode, 0);
        for (const char *needle : {"cert upload", "cert install-ca", "cert install-client", "tls-test", "--send",
                                   "--accept-insecure-tls10", "files verify", "files delete", "docs/tls.md"})
            QVERIFY2(help.out.contains(needle), needle);
    }

    void usageErrorsSendNothing()
    {
        // No --port at all: the argument check comes first, so these fail with 2 before any port.
        QCOMPARE(cli({s("tls-test"), s("--port"), s("8443")}).exitCode, 2);
        QCOMPARE(cli({s("tls-test"), s("--host"), s("localhost")}).exitCode, 2);
        QCOMPARE(cli({s("cert"), s("install-ca"), path(s("missing.pem"))}).exitCode, 2);
        QCOMPARE(cli({s("cert"), s("upload"), caFile(), s("--keep-key")}).exitCode, 2);
        QCOMPARE(cli({s("files"), s("shred")}).exitCode, 2);
        QCOMPARE(cli({s("tls-test"), s("--host"), s("localhost:8443"), s("--no-verify"), s("--ca-name"), s("x")}).exitCode, 2);
        QCOMPARE(cli({s("tls-test"), s("--host"), s("localhost"), s("--port"), s("8443"), s("--tls-version"), s("2.0")}).exitCode, 2);
        const Run badName = onModem({s("cert"), s("upload"), caFile(), s("--name"), QString(51, QLatin1Char('n'))});
        QCOMPARE(badName.exitCode, 2);
    }

    // (1) The done-when: CA into the modem, tls-test succeeds and the data comes back reversed.
    void installCaAndEcho()
    {
        TlsServer server;
        QVERIFY(server.start(path(s("server.crt")), path(s("server.key"))));
        installCa(m_modemPort, caFile(), s("ca.pem"));
        Run run = tlsTest(m_modemPort, s("localhost"), server.port(), {s("--send"), s("hello")});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        const QJsonObject result = jsonOf(run);
        QCOMPARE(result.value(s("result_code")).toInt(-1), 0);
        QCOMPARE(result.value(s("opened")).toBool(), true);
        QCOMPARE(result.value(s("sent_bytes")).toInt(), 6);
        QCOMPARE(result.value(s("received")).toString(), s("olleh\n"));
        QCOMPARE(result.value(s("received_bytes")).toInt(), 6);
        QCOMPARE(result.value(s("tls_version")).toString(), s("TLS 1.2"));
        QCOMPARE(result.value(s("sni")).toString(), s("localhost"));
        QVERIFY(result.value(s("error")).isNull());

        // Remembered: the text run needs no --ca-name and shows the escaped reply.
        run = onModem({s("tls-test"), s("--host"), s("localhost"), s("--port"), QString::number(server.port()),
                       s("--send"), s("abc")});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QVERIFY2(run.out.contains("CA ca.pem"), run.out.constData());
        QVERIFY2(run.out.contains("Received  4 bytes: cba\\n"), run.out.constData());
        QVERIFY2(run.out.contains("Result    0 ("), run.out.constData());
    }

    // (2) A CA that did not sign the server: the certificate result code, and the doctor names the issuer.
    void foreignCaIsExplained()
    {
        TlsServer server;
        QVERIFY(server.start(path(s("server.crt")), path(s("server.key"))));
        installCa(m_modemPort, caFile(), s("ca.pem"));
        installCa(m_modemPort, otherCaFile(), s("other.pem"));
        const Run run = tlsTest(m_modemPort, s("localhost"), server.port(), {s("--ca-name"), s("other.pem"), s("--send"), s("x")});
        QVERIFY2(run.exitCode == 1, qPrintable(describe(run)));
        const QJsonObject result = jsonOf(run);
        QCOMPARE(result.value(s("result_code")).toInt(-1), 27);
        QCOMPARE(result.value(s("opened")).toBool(), false);
        QVERIFY2(hasFinding(result, {s("chain"), s("ca")}, kRootName, s("problem")), run.out.constData());
        QVERIFY(!result.value(s("server_chain")).toArray().isEmpty());

        // install-ca remembered other.pem; a successful test with --ca-name remembers ca.pem instead.
        Run again = tlsTest(m_modemPort, s("localhost"), server.port(), {s("--ca-name"), s("ca.pem")});
        QVERIFY2(again.exitCode == 0, qPrintable(describe(again)));
        again = tlsTest(m_modemPort, s("localhost"), server.port());
        QVERIFY2(again.exitCode == 0, qPrintable(describe(again)));
        QCOMPARE(jsonOf(again).value(s("ca_name")).toString(), s("ca.pem"));
    }

    // (3) A server that demands a client certificate: ours succeeds; once revoked (CRL), refused.
    void clientCertificateAndRevocation()
    {
        installCa(m_modemPort, caFile(), s("ca.pem"));
        Run run = onModem({s("cert"), s("install-client"), path(s("device.crt")), path(s("device.key")), s("--name"),
                           s("device.pem")});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        const QStringList demand{s("-Verify"), s("1"), s("-CAfile"), caFile(), s("-verify_return_error")};
        {
            TlsServer server;
            QVERIFY(server.start(path(s("server.crt")), path(s("server.key")), demand));
            run = tlsTest(m_modemPort, s("localhost"), server.port(), {s("--send"), s("client")});
            QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
            QCOMPARE(jsonOf(run).value(s("received")).toString(), s("tneilc\n"));
            QCOMPARE(jsonOf(run).value(s("client_name")).toString(), s("device.pem"));
        }
        run = ca(m_ca, {s("revoke"), serialOf(path(s("device.crt"))), s("--reason"), s("keyCompromise")});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        run = ca(m_ca, {s("crl"), s("--out"), path(s("crl.pem"))});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        TlsServer strict;
        QVERIFY(strict.start(path(s("server.crt")), path(s("server.key")),
                             demand + QStringList{s("-CRL"), path(s("crl.pem")), s("-crl_check")}));
        run = tlsTest(m_modemPort, s("localhost"), strict.port(), {s("--send"), s("client")});
        QVERIFY2(run.exitCode == 1, qPrintable(describe(run)));
        QVERIFY2(jsonOf(run).value(s("received")).toString().isEmpty(), run.out.constData());
        // Refused for the revocation, not for anything else: the server says why.
        QByteArray said;
        QVERIFY2(QTest::qWaitFor([&] { return (said += strict.output()).contains("certificate revoked"); }, 10000),
                 said.constData());
    }

    // (4) 1 KB, 10 KB (one full write) and 25 KB (overwrite then appends) round-trip byte-exact.
    void uploadsRoundTrip()
    {
        QHash<QString, QByteArray> uploaded;
        QRandomGenerator random(20261122);
        for (const int size : {1024, 10240, 25600}) {
            QByteArray bytes(size, Qt::Uninitialized);
            random.fillRange(reinterpret_cast<quint32 *>(bytes.data()), size / 4);
            const QString name = QStringLiteral("blob%1.bin").arg(size);
            QVERIFY(TlsCliTest::writeFile(path(name), bytes));
            const Run run = onModem({s("cert"), s("upload"), path(name)});
            QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
            QVERIFY2(run.out.contains(QStringLiteral("Uploaded %1: %2 bytes, read back byte-exact").arg(name).arg(size).toUtf8()),
                     run.out.constData());
            uploaded.insert(name, bytes);
        }
        Run run = onModem({s("files"), s("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        const QJsonObject listing = jsonOf(run);
        QCOMPARE(listing.value(s("modem")).toString(), kImei);
        QHash<QString, QJsonObject> listed;
        for (const QJsonValue &value : listing.value(s("files")).toArray())
            listed.insert(value.toObject().value(s("name")).toString(), value.toObject());
        for (auto it = uploaded.cbegin(); it != uploaded.cend(); ++it) {
            QVERIFY2(listed.contains(it.key()), qPrintable(it.key()));
            QCOMPARE(listed[it.key()].value(s("size")).toInteger(), qint64(it.value().size()));
            QCOMPARE(listed[it.key()].value(s("sha256")).toString(),
                     QString::fromLatin1(QCryptographicHash::hash(it.value(), QCryptographicHash::Sha256).toHex()));
            QCOMPARE(listed[it.key()].value(s("kind")).toString(), s("other"));
        }
        run = onModem({s("files"), s("verify"), s("blob25600.bin"), s("--file"), path(s("blob25600.bin"))});
        QVERIFY2(run.exitCode == 0 && run.out.contains("blob25600.bin: byte-exact"), qPrintable(describe(run)));
        run = onModem({s("files"), s("verify"), s("blob10240.bin"), s("--file"), path(s("blob1024.bin"))});
        QVERIFY2(run.exitCode == 1 && run.out.contains("blob10240.bin: DIFFERS"), qPrintable(describe(run)));
        run = onModem({s("files"), s("verify"), s("blob1024.bin")});
        QVERIFY2(run.exitCode == 0 && run.out.contains("size matches"), qPrintable(describe(run)));
        run = onModem({s("files"), s("delete"), s("blob1024.bin")});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        run = onModem({s("files")});
        QVERIFY2(run.exitCode == 0 && !run.out.contains("blob1024.bin") && run.out.contains("blob10240.bin"),
                 qPrintable(describe(run)));
    }

    // (5) The traffic log of a client install holds no byte of the private key, in any encoding.
    void trafficLogHoldsNoKey()
    {
        const QString log = path(s("install-client.log"));
        const Run run = onModem({s("--log"), log, s("cert"), s("install-client"), path(s("device.crt")),
                                 path(s("device.key")), s("--name"), s("device.pem")});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        const QByteArray traffic = TlsCliTest::readFile(log);
        QVERIFY2(traffic.contains("CFSWFILE"), "the log did not record the upload");
        QVERIFY2(traffic.contains("convert"), "the log did not record the convert");
        QByteArray body;
        for (const QByteArray &line : TlsCliTest::readFile(path(s("device.key"))).split('\n')) {
            if (line.isEmpty() || line.startsWith("-----"))
                continue;
            QVERIFY2(!traffic.contains(line), "a line of the key's PEM body is in the traffic log");
            body += line;
        }
        const QByteArray der = QByteArray::fromBase64(body);
        QVERIFY(der.size() > 60);
        QVERIFY2(!traffic.contains(body), "the key's base64 is in the traffic log");
        QVERIFY2(!traffic.contains(der.mid(8, 24)), "the key's DER bytes are in the traffic log");
        QVERIFY2(!traffic.contains(der.mid(8, 24).toHex()), "the key's DER bytes (hex) are in the traffic log");
        QVERIFY2(!run.out.contains(body.left(32)) && !run.err.contains(body.left(32)), "the key was printed");
        // The key file is deleted after convert, so the inventory does not list it.
        const Run files = onModem({s("files"), s("--json")});
        QVERIFY2(files.exitCode == 0 && !files.out.contains("client-key") && files.out.contains("device.pem"),
                 qPrintable(describe(files)));
    }

    // (6) The name the modem asked for is not on the server's certificate: 25 and the name in a finding.
    void wrongHostNameIsExplained()
    {
        TlsServer server;
        QVERIFY(server.start(path(s("server.crt")), path(s("server.key")), {}, m_routedPort));
        installCa(m_modemPort, caFile(), s("ca.pem"));
        const Run run = tlsTest(m_modemPort, s("iot.example.com"), m_routedPort, {s("--send"), s("x")});
        QVERIFY2(run.exitCode == 1, qPrintable(describe(run)));
        const QJsonObject result = jsonOf(run);
        QCOMPARE(result.value(s("result_code")).toInt(-1), 25);
        QVERIFY2(hasFinding(result, {s("sni"), s("chain"), s("ca"), s("name"), s("host")}, s("iot.example.com")),
                 run.out.constData());
    }

    // (7) A module clock past the server certificate's validity: 24 and a clock finding;
    // ignorertctime makes the same connection work.
    void moduleClockInTheFuture()
    {
        SimTest::SimProcess modem;
        // Five years on: past the server certificate's 825 days, inside the CA's 30 years.
        const QString future = QDateTime::currentDateTimeUtc().addYears(5).toString(Qt::ISODate);
        QVERIFY(startModem(modem, {{s("clock"), future}}, s("future-modem")));
        const QString port = path(s("future-modem"));
        Run run = onModem(port, {s("connect")});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        installCa(port, caFile(), s("ca.pem"));
        TlsServer server;
        QVERIFY(server.start(path(s("server.crt")), path(s("server.key"))));
        run = tlsTest(port, s("localhost"), server.port(), {s("--send"), s("tick")});
        QVERIFY2(run.exitCode == 1, qPrintable(describe(run)));
        const QJsonObject result = jsonOf(run);
        QCOMPARE(result.value(s("result_code")).toInt(-1), 24);
        QVERIFY2(hasFinding(result, {s("clock")}, QString()), run.out.constData());
        run = tlsTest(port, s("localhost"), server.port(), {s("--send"), s("tick"), s("--ignore-rtc-time")});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QCOMPARE(jsonOf(run).value(s("received")).toString(), s("kcit\n"));
    }

    // A private simulator per run has no data connection: result 21 says to connect; --connect does.
    void privateSimulatorNeedsConnect()
    {
        TlsServer server;
        QVERIFY(server.start(path(s("server.crt")), path(s("server.key"))));
        Run run = tlsTest(s("sim:sim7000g"), s("localhost"), server.port(), {s("--no-verify")});
        QVERIFY2(run.exitCode == 1, qPrintable(describe(run)));
        QCOMPARE(jsonOf(run).value(s("result_code")).toInt(-1), 21);
        QVERIFY2(run.err.contains("modembench-cli --port PORT connect") && run.err.contains("--connect"), run.err.constData());
        run = tlsTest(s("sim:sim7000g"), s("localhost"), server.port(), {s("--no-verify"), s("--connect"), s("--send"), s("hi")});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QCOMPARE(jsonOf(run).value(s("received")).toString(), s("ih\n"));
    }

    // SIM800 offers TLS 1.0 at most: refused as a usage error unless the user accepts it.
    void sim800RefusesTls10()
    {
        const Run run = onModem(s("sim:sim800l"), {s("tls-test"), s("--host"), s("localhost"), s("--port"), s("8443")});
        QVERIFY2(run.exitCode == 2, qPrintable(describe(run)));
        QVERIFY2(run.err.contains("TLS 1.0") && QString::fromUtf8(run.err).contains(s("insecure"), Qt::CaseInsensitive),
                 run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestTlsCli)
#include "tst_tlscli.moc"
