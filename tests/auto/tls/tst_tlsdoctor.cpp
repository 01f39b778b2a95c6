#include "core/modem/modelprofile.h"
#include "core/tls/tlsdoctor.h"

#include "../pki/pkitestsupport.h"

#include <QJsonObject>
#include <QSslCertificate>

using namespace ModemBench;
using Severity = DoctorFinding::Severity;

Q_DECLARE_METATYPE(ModemBench::DoctorFinding::Severity)

namespace {

QByteArray derOf(const QByteArray &pem)
{
    return QSslCertificate(pem, QSsl::Pem).toDer();
}

ModemFileRecord inventoryRecord(const QString &name, ModemFileKind kind, bool converted = true)
{
    ModemFileRecord record;
    record.modemId = QStringLiteral("869951031234564");
    record.name = name;
    record.size = 600;
    record.sha256 = QByteArrayLiteral("00");
    record.when = QDateTime::currentDateTimeUtc();
    record.kind = kind;
    record.converted = converted;
    return record;
}

ModelProfile profileOf(ModelFamily family, const QString &model, const QString &firmware, const QString &revision,
                       std::optional<bool> cipssl = std::nullopt)
{
    auto profile = makeProfile(family, model, firmware, revision, cipssl);
    Q_ASSERT(profile);
    return *profile;
}

QList<DoctorFinding> ofCheck(const QList<DoctorFinding> &findings, const QString &check)
{
    QList<DoctorFinding> selected;
    for (const DoctorFinding &item : findings) {
        if (item.check == check)
            selected << item;
    }
    return selected;
}

Severity worst(const QList<DoctorFinding> &findings)
{
    Severity severity = Severity::Ok;
    for (const DoctorFinding &item : findings)
        severity = std::max(severity, item.severity);
    return severity;
}

QString texts(const QList<DoctorFinding> &findings)
{
    QStringList lines;
    for (const DoctorFinding &item : findings)
        lines << QStringLiteral("[%1 %2] %3 | %4").arg(item.check, severityName(item.severity), item.message, item.fix);
    return lines.join(QLatin1Char('\n'));
}

bool mentions(const QList<DoctorFinding> &findings, const QString &text)
{
    return texts(findings).contains(text);
}

} // namespace

class TestTlsDoctor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QByteArray m_caA;
    QByteArray m_caB;
    QByteArray m_serverA;      // localhost + 127.0.0.1, issued by A
    QByteArray m_serverB;      // localhost, issued by B
    QByteArray m_deviceA;      // 1 day
    QDateTime m_now;

    DoctorInput baseInput() const
    {
        DoctorInput input;
        input.settings.caName = QStringLiteral("rootA.pem");
        input.host = QStringLiteral("localhost");
        input.port = 8443;
        input.profile = profileOf(ModelFamily::Sim7080, QStringLiteral("SIMCOM_SIM7080G"), QStringLiteral("1951B16SIM7080"),
                                  QStringLiteral("Revision:1951B16SIM7080"));
        input.now = m_now;
        input.modemClock = m_now.addSecs(20);
        input.caCertificatesPem = {m_caA};
        input.inventory = {inventoryRecord(QStringLiteral("rootA.pem"), ModemFileKind::Ca)};
        input.serverChainDer = {derOf(m_serverA), derOf(m_caA)};
        return input;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        Pki::CaOptions optionsA{Pki::KeyKind::P256, 30, QStringLiteral("/O=Bench/CN=Root A")};
        auto caA = Pki::CertificateAuthority::create(m_dir.filePath(QStringLiteral("a")), optionsA, PkiTest::passphrase());
        QVERIFY2(caA, caA ? "" : qPrintable(caA.error().message));
        Pki::CaOptions optionsB{Pki::KeyKind::P256, 30, QStringLiteral("/O=Other/CN=Root B")};
        auto caB = Pki::CertificateAuthority::create(m_dir.filePath(QStringLiteral("b")), optionsB, PkiTest::passphrase());
        QVERIFY(caB);
        m_caA = caA->certificatePem();
        m_caB = caB->certificatePem();
        Pki::ServerRequest server;
        server.dnsNames = {QStringLiteral("localhost")};
        server.ipAddresses = {QStringLiteral("127.0.0.1")};
        server.key = Pki::KeyKind::P256;
        auto issuedA = caA->issueServer(server);
        auto issuedB = caB->issueServer(server);
        QVERIFY(issuedA && issuedB);
        m_serverA = issuedA->certificatePem;
        m_serverB = issuedB->certificatePem;
        Pki::DeviceRequest device;
        device.imei = PkiTest::imeiFrom(QStringLiteral("86995103123456"));
        device.days = 1;
        device.key = Pki::KeyKind::P256;
        auto issuedDevice = caA->issueDevice(device);
        QVERIFY2(issuedDevice, issuedDevice ? "" : qPrintable(issuedDevice.error().message));
        m_deviceA = issuedDevice->certificatePem;
        m_now = QDateTime::currentDateTimeUtc();
    }

    void severityNamesAndJson()
    {
        QCOMPARE(severityName(Severity::Ok), QStringLiteral("ok"));
        QCOMPARE(severityName(Severity::Info), QStringLiteral("info"));
        QCOMPARE(severityName(Severity::Warning), QStringLiteral("warning"));
        QCOMPARE(severityName(Severity::Problem), QStringLiteral("problem"));
        const QList<DoctorFinding> findings{{Severity::Warning, QStringLiteral("sni"), QStringLiteral("m"), QStringLiteral("f")}};
        const QJsonArray json = findingsToJson(findings);
        QCOMPARE(json.size(), 1);
        const QJsonObject first = json.first().toObject();
        QCOMPARE(first.value(QStringLiteral("check")).toString(), QStringLiteral("sni"));
        QCOMPARE(first.value(QStringLiteral("severity")).toString(), QStringLiteral("warning"));
        QCOMPARE(first.value(QStringLiteral("message")).toString(), QStringLiteral("m"));
        QCOMPARE(first.value(QStringLiteral("fix")).toString(), QStringLiteral("f"));
        QVERIFY(!hasProblem(findings));
        QVERIFY(hasProblem({{Severity::Problem, QStringLiteral("x"), {}, {}}}));
    }

    void healthySetupIsAllOkInFixedOrder()
    {
        const QList<DoctorFinding> findings = preflightFindings(baseInput());
        QVERIFY2(worst(findings) == Severity::Ok, qPrintable(texts(findings)));
        QStringList order;
        for (const DoctorFinding &item : findings)
            order << item.check;
        QCOMPARE(order, (QStringList{QStringLiteral("firmware"), QStringLiteral("tls-version"), QStringLiteral("sni"),
                                     QStringLiteral("clock"), QStringLiteral("ca"), QStringLiteral("chain"), QStringLiteral("chain"),
                                     QStringLiteral("client"), QStringLiteral("files"), QStringLiteral("names")}));
        QVERIFY(mentions(findings, QStringLiteral("verifies against O=Bench,CN=Root A")));
    }

    void firmware_data()
    {
        QTest::addColumn<ModelProfile>("profile");
        QTest::addColumn<bool>("accept");
        QTest::addColumn<Severity>("expected");
        const ModelProfile r1418 = profileOf(ModelFamily::Sim800, QStringLiteral("SIMCOM_SIM800L"), QStringLiteral("R14.18"),
                                             QStringLiteral("1418B05SIM800L24"), true);
        const ModelProfile r1308 = profileOf(ModelFamily::Sim800, QStringLiteral("SIMCOM_SIM800L"), QStringLiteral("R13.08"),
                                             QStringLiteral("1308B08SIM800L16"), false);
        const ModelProfile sim7000 = profileOf(ModelFamily::Sim7000, QStringLiteral("SIMCOM_SIM7000G"), QStringLiteral("R1529"),
                                               QStringLiteral("1529B08SIM7000G"));
        QTest::newRow("SIM7000G R1529") << sim7000 << false << Severity::Ok;
        QTest::newRow("SIM800L R13.08 no TLS") << r1308 << false << Severity::Problem;
        QTest::newRow("SIM800L R14.18 TLS 1.0 refused") << r1418 << false << Severity::Problem;
        QTest::newRow("SIM800L R14.18 TLS 1.0 accepted") << r1418 << true << Severity::Warning;
    }

    void firmware()
    {
        QFETCH(ModelProfile, profile);
        QFETCH(bool, accept);
        QFETCH(Severity, expected);
        DoctorInput input = baseInput();
        input.profile = profile;
        input.settings.acceptInsecureTls10 = accept;
        const QList<DoctorFinding> found = ofCheck(preflightFindings(input), QStringLiteral("firmware"));
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().severity, expected);
        if (expected != Severity::Ok)
            QVERIFY(!found.first().fix.isEmpty());
        if (!profile.tls)
            QVERIFY(found.first().message.contains(profile.tlsNote));
    }

    void firmwareUnknown()
    {
        DoctorInput input = baseInput();
        input.profile.reset();
        QCOMPARE(ofCheck(preflightFindings(input), QStringLiteral("firmware")).first().severity, Severity::Info);
    }

    void tlsVersion_data()
    {
        QTest::addColumn<int>("family");
        QTest::addColumn<int>("version");
        QTest::addColumn<Severity>("expected");
        QTest::newRow("SIM7080 TLS 1.2") << int(ModelFamily::Sim7080) << int(TlsVersion::Tls12) << Severity::Ok;
        QTest::newRow("SIM7080 TLS 1.0") << int(ModelFamily::Sim7080) << int(TlsVersion::Tls10) << Severity::Warning;
        QTest::newRow("SIM7080 TLS 1.1") << int(ModelFamily::Sim7080) << int(TlsVersion::Tls11) << Severity::Warning;
        QTest::newRow("SIM7000 TLS 1.3") << int(ModelFamily::Sim7000) << int(TlsVersion::Tls13) << Severity::Problem;
        QTest::newRow("SIM7080 TLS 1.3 without 2117") << int(ModelFamily::Sim7080) << int(TlsVersion::Tls13) << Severity::Warning;
    }

    void tlsVersion()
    {
        QFETCH(int, family);
        QFETCH(int, version);
        QFETCH(Severity, expected);
        DoctorInput input = baseInput();
        input.profile = profileOf(ModelFamily(family), QStringLiteral("SIMCOM"), QStringLiteral("R1"), QStringLiteral("R1"));
        input.settings.version = TlsVersion(version);
        const QList<DoctorFinding> found = ofCheck(preflightFindings(input), QStringLiteral("tls-version"));
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().severity, expected);
    }

    void sni_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("sni");
        QTest::addColumn<Severity>("expected");
        QTest::addColumn<QString>("text");
        QTest::newRow("name, SNI empty") << "localhost" << "" << Severity::Ok << "SNI will be localhost";
        QTest::newRow("name, SNI same") << "localhost" << "localhost" << Severity::Ok << "localhost";
        QTest::newRow("name, SNI other") << "localhost" << "iot.example.com" << Severity::Warning << "iot.example.com";
        QTest::newRow("IP, SNI empty") << "127.0.0.1" << "" << Severity::Info << "IP address";
    }

    void sni()
    {
        QFETCH(QString, host);
        QFETCH(QString, sni);
        QFETCH(Severity, expected);
        QFETCH(QString, text);
        DoctorInput input = baseInput();
        input.host = host;
        input.settings.sni = sni;
        const QList<DoctorFinding> found = ofCheck(preflightFindings(input), QStringLiteral("sni"));
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().severity, expected);
        QVERIFY2(found.first().message.contains(text), qPrintable(found.first().message));
    }

    void clock_data()
    {
        QTest::addColumn<qint64>("offsetS");     // modem clock - now; INT64_MIN: unknown
        QTest::addColumn<bool>("ignoreRtc");
        QTest::addColumn<Severity>("expected");
        QTest::addColumn<QString>("text");
        const qint64 threeYears = 3 * 366 * 86400;
        QTest::newRow("in sync") << qint64(30) << false << Severity::Ok << "agrees";
        QTest::newRow("unknown") << std::numeric_limits<qint64>::min() << false << Severity::Warning << "could not read the module clock";
        QTest::newRow("unknown, ignored") << std::numeric_limits<qint64>::min() << true << Severity::Ok << "ignored";
        QTest::newRow("10 min behind") << qint64(-600) << false << Severity::Warning << "10 min behind";
        QTest::newRow("after the server's notAfter") << threeYears << false << Severity::Problem << "The server's certificate";
        QTest::newRow("after notAfter, ignored") << threeYears << true << Severity::Warning << "ignorertctime";
        QTest::newRow("before the CA's notBefore") << qint64(-3 * 86400) << false << Severity::Problem << "The CA certificate";
    }

    void clock()
    {
        QFETCH(qint64, offsetS);
        QFETCH(bool, ignoreRtc);
        QFETCH(Severity, expected);
        QFETCH(QString, text);
        DoctorInput input = baseInput();
        input.settings.ignoreRtcTime = ignoreRtc;
        if (offsetS == std::numeric_limits<qint64>::min())
            input.modemClock.reset();
        else
            input.modemClock = m_now.addSecs(offsetS);
        const QList<DoctorFinding> found = ofCheck(preflightFindings(input), QStringLiteral("clock"));
        QCOMPARE(worst(found), expected);
        QVERIFY2(mentions(found, text), qPrintable(texts(found)));
        if (expected == Severity::Problem)
            QVERIFY(mentions(found, QStringLiteral("AT+CNTP")));
    }

    void clockNeverSet()
    {
        DoctorInput input = baseInput();
        input.modemClock = QDateTime(QDate(2004, 1, 1), QTime(0, 0), Qt::UTC);
        const QList<DoctorFinding> found = ofCheck(preflightFindings(input), QStringLiteral("clock"));
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().severity, Severity::Problem);
        QVERIFY(found.first().message.contains(QStringLiteral("never set")));
    }

    void caChecks()
    {
        DoctorInput input = baseInput();
        input.settings.caName.clear();
        QList<DoctorFinding> found = ofCheck(preflightFindings(input), QStringLiteral("ca"));
        QCOMPARE(worst(found), Severity::Warning);
        QVERIFY(mentions(found, QStringLiteral("accept any server")));

        input = baseInput();
        input.inventory.clear();
        found = ofCheck(preflightFindings(input), QStringLiteral("ca"));
        QCOMPARE(worst(found), Severity::Warning);
        QVERIFY(mentions(found, QStringLiteral("not uploaded by this tool")));

        input = baseInput();
        input.now = m_now.addYears(31);
        input.modemClock = input.now;
        found = ofCheck(preflightFindings(input), QStringLiteral("ca"));
        QCOMPARE(worst(found), Severity::Problem);
        QVERIFY2(mentions(found, QStringLiteral("expired")), qPrintable(texts(found)));

        input = baseInput();
        input.caCertificatesPem = {QByteArrayLiteral("not a certificate")};
        QCOMPARE(worst(ofCheck(preflightFindings(input), QStringLiteral("ca"))), Severity::Problem);
    }

    void chainSignedByAnotherCa()
    {
        DoctorInput input = baseInput();
        input.serverChainDer = {derOf(m_serverB)};
        const QList<DoctorFinding> found = ofCheck(preflightFindings(input), QStringLiteral("chain"));
        QCOMPARE(worst(found), Severity::Problem);
        QVERIFY2(mentions(found, QStringLiteral("issued by O=Other,CN=Root B")), qPrintable(texts(found)));
        QVERIFY(mentions(found, QStringLiteral("O=Bench,CN=Root A")));
    }

    // `ca init` twice with the default name: the names match, the keys do not.
    void chainSignedByAnotherCaOfTheSameName()
    {
        Pki::CaOptions options{Pki::KeyKind::P256, 30, QStringLiteral("/O=Bench/CN=Root A")};
        auto twin = Pki::CertificateAuthority::create(m_dir.filePath(QStringLiteral("twin")), options, PkiTest::passphrase());
        QVERIFY(twin);
        Pki::ServerRequest server;
        server.dnsNames = {QStringLiteral("localhost")};
        server.key = Pki::KeyKind::P256;
        auto issued = twin->issueServer(server);
        QVERIFY(issued);
        DoctorInput input = baseInput();
        input.serverChainDer = {derOf(issued->certificatePem)};
        const QList<DoctorFinding> found = ofCheck(preflightFindings(input), QStringLiteral("chain"));
        QCOMPARE(worst(found), Severity::Problem);
        QVERIFY2(mentions(found, QStringLiteral("that name too, but it is a different CA")), qPrintable(texts(found)));
    }

    void chainLeafOnlyVerifies()
    {
        DoctorInput input = baseInput();
        input.serverChainDer = {derOf(m_serverA)};
        const QList<DoctorFinding> found = ofCheck(preflightFindings(input), QStringLiteral("chain"));
        QVERIFY2(worst(found) == Severity::Ok, qPrintable(texts(found)));
    }

    void hostName_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("caName");
        QTest::addColumn<Severity>("expected");
        QTest::newRow("localhost") << "localhost" << "rootA.pem" << Severity::Ok;
        QTest::newRow("IP in the SAN") << "127.0.0.1" << "rootA.pem" << Severity::Ok;
        QTest::newRow("wrong name") << "iot.example.com" << "rootA.pem" << Severity::Problem;
        QTest::newRow("wrong IP") << "10.1.2.3" << "rootA.pem" << Severity::Problem;
        QTest::newRow("wrong name, no CA") << "iot.example.com" << "" << Severity::Info;
    }

    void hostName()
    {
        QFETCH(QString, host);
        QFETCH(QString, caName);
        QFETCH(Severity, expected);
        DoctorInput input = baseInput();
        input.host = host;
        input.settings.caName = caName;
        const QList<DoctorFinding> found = ofCheck(preflightFindings(input), QStringLiteral("chain"));
        QVERIFY2(worst(found) == expected, qPrintable(texts(found)));
        if (expected != Severity::Ok)
            QVERIFY2(mentions(found, QStringLiteral("names localhost")), qPrintable(texts(found)));
    }

    void chainUnreachable()
    {
        DoctorInput input = baseInput();
        input.serverChainDer.clear();
        input.serverProbeError = QStringLiteral("Connection refused");
        const QList<DoctorFinding> found = ofCheck(preflightFindings(input), QStringLiteral("chain"));
        QCOMPARE(worst(found), Severity::Warning);
        QVERIFY(mentions(found, QStringLiteral("Connection refused")));
    }

    void clientChecks()
    {
        DoctorInput input = baseInput();
        input.settings.clientCertName = QStringLiteral("device.crt");
        QList<DoctorFinding> found = ofCheck(preflightFindings(input), QStringLiteral("client"));
        QCOMPARE(worst(found), Severity::Warning);
        QVERIFY(mentions(found, QStringLiteral("not uploaded by this tool")));

        input.inventory << inventoryRecord(QStringLiteral("device.crt"), ModemFileKind::ClientCertificate);
        input.clientCertificatePem = m_deviceA;
        found = ofCheck(preflightFindings(input), QStringLiteral("client"));
        QVERIFY2(worst(found) == Severity::Ok, qPrintable(texts(found)));

        input.now = m_now.addDays(3);
        input.modemClock = input.now;
        found = ofCheck(preflightFindings(input), QStringLiteral("client"));
        QCOMPARE(worst(found), Severity::Problem);
        QVERIFY(mentions(found, QStringLiteral("expired")));
    }

    void files()
    {
        DoctorInput input = baseInput();
        input.filesNotByteExact = {QStringLiteral("rootA.pem")};
        input.inventory << inventoryRecord(QStringLiteral("device.key"), ModemFileKind::ClientKey, false)
                        << inventoryRecord(QStringLiteral("notes.txt"), ModemFileKind::Other, false);
        const QList<DoctorFinding> found = ofCheck(preflightFindings(input), QStringLiteral("files"));
        QCOMPARE(found.size(), 2);
        QCOMPARE(found.at(0).severity, Severity::Problem);
        QVERIFY(found.at(0).fix.contains(QStringLiteral("Re-upload rootA.pem")));
        QCOMPARE(found.at(1).severity, Severity::Warning);
        QVERIFY(found.at(1).message.contains(QStringLiteral("device.key")));
    }

    void names()
    {
        DoctorInput input = baseInput();
        input.settings.caName = QString(70, QLatin1Char('c'));
        input.inventory << inventoryRecord(QString(51, QLatin1Char('n')), ModemFileKind::Other)
                        << inventoryRecord(QStringLiteral("test crt.crt"), ModemFileKind::Other);
        const QList<DoctorFinding> found = ofCheck(preflightFindings(input), QStringLiteral("names"));
        QCOMPARE(found.size(), 3);
        QCOMPARE(found.at(0).severity, Severity::Problem);
        QVERIFY(found.at(0).message.contains(QStringLiteral("70 characters")));
        QCOMPARE(found.at(1).severity, Severity::Problem);
        QVERIFY(found.at(1).message.contains(QStringLiteral("51 characters")));
        QCOMPARE(found.at(2).severity, Severity::Info);
        QVERIFY(found.at(2).message.contains(QStringLiteral("test crt.crt")));
        QVERIFY(ofCheck(preflightFindings(baseInput()), QStringLiteral("names")).first().severity == Severity::Ok);
    }

    void plainTcpSkipsTlsChecks()
    {
        DoctorInput input = baseInput();
        input.settings.tls = false;
        input.settings.caName.clear();
        input.modemClock.reset();
        input.profile = profileOf(ModelFamily::Sim800, QStringLiteral("SIMCOM_SIM800L"), QStringLiteral("R13.08"),
                                  QStringLiteral("1308B08SIM800L16"), false);
        const QList<DoctorFinding> found = preflightFindings(input);
        QVERIFY2(worst(found) <= Severity::Info, qPrintable(texts(found)));
    }

    void failureCertificateTime()
    {
        DoctorInput input = baseInput();
        input.modemClock = m_now.addYears(3);
        const QList<DoctorFinding> found = failureFindings(input, 24);
        QVERIFY(!found.isEmpty());
        QCOMPARE(found.first().check, QStringLiteral("clock"));
        QCOMPARE(found.first().severity, Severity::Problem);
        const QDateTime notAfter = QSslCertificate(m_serverA).expiryDate().toUTC();
        QVERIFY2(found.first().message.contains(notAfter.toString(QStringLiteral("yyyy-MM-dd"))), qPrintable(texts(found)));
        QVERIFY(found.first().fix.contains(QStringLiteral("AT+CNTP")));

        input.modemClock.reset();
        QCOMPARE(failureFindings(input, 24).first().check, QStringLiteral("clock"));
    }

    void failureCommonName()
    {
        DoctorInput input = baseInput();
        input.host = QStringLiteral("iot.example.com");
        const QList<DoctorFinding> found = failureFindings(input, 25);
        QVERIFY(!found.isEmpty());
        QCOMPARE(found.first().check, QStringLiteral("host"));
        QCOMPARE(found.first().severity, Severity::Problem);
        QVERIFY2(found.first().message.contains(QStringLiteral("localhost")), qPrintable(texts(found)));

        input = baseInput();
        input.host = QStringLiteral("127.0.0.2");
        input.serverChainDer.clear();
        const QList<DoctorFinding> byIp = failureFindings(input, 25);
        QVERIFY2(mentions(byIp, QStringLiteral("no SNI")), qPrintable(texts(byIp)));
    }

    void failureBoth()
    {
        DoctorInput input = baseInput();
        input.host = QStringLiteral("iot.example.com");
        input.modemClock = m_now.addYears(3);
        const QList<DoctorFinding> found = failureFindings(input, 26);
        QVERIFY(!ofCheck(found, QStringLiteral("clock")).isEmpty());
        QVERIFY(!ofCheck(found, QStringLiteral("host")).isEmpty());
    }

    void failureConnectWrongCa()
    {
        DoctorInput input = baseInput();
        input.serverChainDer = {derOf(m_serverB)};
        input.serverProtocol = QStringLiteral("TLSv1.3");
        const QList<DoctorFinding> found = failureFindings(input, 27);
        QVERIFY(found.size() >= 3);
        QCOMPARE(found.first().check, QStringLiteral("chain"));
        QCOMPARE(found.first().severity, Severity::Problem);
        QVERIFY(found.first().message.contains(QStringLiteral("O=Other,CN=Root B")));
        QVERIFY(found.first().message.contains(QStringLiteral("O=Bench,CN=Root A")));
        QVERIFY2(mentions(ofCheck(found, QStringLiteral("tls-version")), QStringLiteral("TLS 1.3")), qPrintable(texts(found)));
        QVERIFY(!ofCheck(found, QStringLiteral("client")).isEmpty());
    }

    void failureConnectServerDown()
    {
        DoctorInput input = baseInput();
        input.serverChainDer.clear();
        input.serverProbeError = QStringLiteral("Connection refused");
        const QList<DoctorFinding> found = failureFindings(input, 27);
        QCOMPARE(found.first().check, QStringLiteral("server"));
        QCOMPARE(found.first().severity, Severity::Problem);
        QVERIFY(found.first().message.contains(QStringLiteral("Connection refused")));
    }

    void failureConnectHostUnknownToThePc()
    {
        DoctorInput input = baseInput();
        input.serverChainDer.clear();
        input.serverProbeError = QStringLiteral("Host not found");
        const QList<DoctorFinding> found = ofCheck(failureFindings(input, 27), QStringLiteral("server"));
        QCOMPARE(worst(found), Severity::Warning);
        QVERIFY(mentions(found, QStringLiteral("cannot resolve")));
    }

    void sim800VersionAndSni()
    {
        DoctorInput input = baseInput();
        input.profile->family = ModelFamily::Sim800;
        const QList<DoctorFinding> found = preflightFindings(input);
        QCOMPARE(worst(ofCheck(found, QStringLiteral("tls-version"))), Severity::Warning);
        QVERIFY(mentions(ofCheck(found, QStringLiteral("tls-version")), QStringLiteral("TLS 1.0 at most")));
        QVERIFY(mentions(ofCheck(found, QStringLiteral("sni")), QStringLiteral("no SNI")));
    }

    void failureConnectServerOlderVersion()
    {
        DoctorInput input = baseInput();
        input.settings.version = TlsVersion::Tls13;
        input.serverProtocol = QStringLiteral("TLSv1.2");
        const QList<DoctorFinding> found = failureFindings(input, 27);
        QCOMPARE(found.first().check, QStringLiteral("tls-version"));
        QCOMPARE(found.first().severity, Severity::Problem);
        // The chain is fine: it is said, after the likely causes.
        QVERIFY(found.last().severity <= Severity::Info);
    }

    void failureOtherCodes_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("check");
        QTest::addColumn<QString>("text");
        QTest::newRow("20 DNS") << 20 << "dns" << "resolve";
        QTest::newRow("21 network") << 21 << "network" << "connect";
        QTest::newRow("23 refused") << 23 << "port" << "8443";
    }

    void failureOtherCodes()
    {
        QFETCH(int, code);
        QFETCH(QString, check);
        QFETCH(QString, text);
        const QList<DoctorFinding> found = failureFindings(baseInput(), code);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().check, check);
        QCOMPARE(found.first().severity, Severity::Problem);
        QVERIFY2(mentions(found, text), qPrintable(texts(found)));
        QVERIFY(!found.first().fix.isEmpty());
    }

    void failureUnknownCodeUsesTheResultTable()
    {
        const QList<DoctorFinding> found = failureFindings(baseInput(), 99);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().check, QStringLiteral("result"));
        QVERIFY(found.first().message.startsWith(caResultMeaning(99).meaning));
        QCOMPARE(found.first().fix, caResultMeaning(99).fix);
    }
};

QTEST_GUILESS_MAIN(TestTlsDoctor)
#include "tst_tlsdoctor.moc"
