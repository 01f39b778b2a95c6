// CertificateAuthority (issue #5 items 1 and 4; test-plan Security 1-6, F7): every issued chain is
// checked with the real openssl program (`verify -x509_strict -purpose ...`, `-crl_check`), the
// certificates are linted with OpenSSL's parser, and the failure paths (wrong passphrase, tampered
// files, loose modes, unwritable folder, second init) must leave the CA exactly as it was.

#include "pkitestsupport.h"

#include <QTest>

using namespace ModemBench;
using namespace ModemBench::Pki;

using namespace PkiTest;

class TestCertificateAuthority : public QObject
{
    Q_OBJECT

private:
    QString path(const QString &name) const { return m_temp.filePath(name); }
    QString caDir() const { return path(QStringLiteral("ca")); }
    QString caFile(const QString &name) const { return caDir() + QLatin1Char('/') + name; }
    QString save(const QString &name, const QByteArray &bytes)
    {
        const QString file = path(name);
        writeFile(file, bytes);
        return file;
    }
    void verifyOk(const QString &certificate, const QString &purpose, const QString &caCert)
    {
        const Run run = openssl({QStringLiteral("verify"), QStringLiteral("-x509_strict"), QStringLiteral("-purpose"),
                                 purpose, QStringLiteral("-CAfile"), caCert, certificate});
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        QVERIFY2(run.output.contains(QLatin1String(": OK")), qPrintable(run.output));
    }
    // A copy of the shared CA for tests that damage it.
    QString copyOfCa(const QString &name)
    {
        const QString copy = path(name);
        QProcess cp;
        cp.start(QStringLiteral("cp"), {QStringLiteral("-a"), caDir(), copy});
        cp.waitForFinished();
        return copy;
    }
    QString makeOpensslCa(const QString &name, bool ca);

    QTemporaryDir m_temp;
    std::optional<CertificateAuthority> m_ca;
    QSet<QString> m_serials;

private Q_SLOTS:
    void initTestCase();
    void names();
    void caFolderIsPrivateAndKeyEncrypted();
    void caCertificateLint();
    void issuedChainsVerify_data();
    void issuedChainsVerify();
    void givenKeyIsUsed();
    void issueRefusesBadInput();
    void csrSigning();
    void csrWithBadSignatureRefused();
    void revokeAndCrl();
    void registryListSearchFindExpiry();
    void reopenWithPassphrase();
    void wrongPassphrase();
    void tamperedFilesRefused();
    void looseModesRefused();
    void secondInitFails();
    void unwritableFolderFails();
    void createRefusesBadOptions();
    void importOpensslCa();
    void importRefusals();
    void p256Ca();
    void caFromAGivenKey();
};

void TestCertificateAuthority::initTestCase()
{
    QVERIFY(m_temp.isValid());
    QVERIFY2(openssl({QStringLiteral("version")}).exitCode == 0, "the openssl program is needed");
    CaOptions options;
    options.subject = QStringLiteral("/C=DE/O=ModemBench Test/CN=Test Root");
    auto ca = CertificateAuthority::create(caDir(), options, passphrase());
    QVERIFY2(ca, ca ? "" : qPrintable(ca.error().message));
    m_ca.emplace(std::move(*ca));
}

void TestCertificateAuthority::names()
{
    for (const KeyKind kind : {KeyKind::Rsa2048, KeyKind::Rsa3072, KeyKind::Rsa4096, KeyKind::P256})
        QCOMPARE(parseKeyKind(keyKindName(kind).toUpper()), kind);
    QCOMPARE(parseKeyKind(QStringLiteral("dsa")), std::nullopt);
    QCOMPARE(revocationReasonName(RevocationReason::KeyCompromise), QStringLiteral("keyCompromise"));
    QCOMPARE(parseRevocationReason(QStringLiteral("superseded")), RevocationReason::Superseded);
    QCOMPARE(certKindName(CertKind::Device), QStringLiteral("device"));
    QCOMPARE(certStatusName(CertStatus::Revoked), QStringLiteral("revoked"));
}

void TestCertificateAuthority::caFolderIsPrivateAndKeyEncrypted()
{
    QCOMPARE(modeOf(caDir()), mode_t(0700));
    QCOMPARE(modeOf(caFile(QStringLiteral("ca.key"))), mode_t(0600));
    QCOMPARE(modeOf(caFile(QStringLiteral("ca.crt"))), mode_t(0600));
    QCOMPARE(modeOf(caFile(QStringLiteral("registry.sqlite"))), mode_t(0600));
    const QString key = caFile(QStringLiteral("ca.key"));
    QVERIFY(readFile(key).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));

    const Run wrong = openssl({QStringLiteral("pkey"), QStringLiteral("-in"), key, QStringLiteral("-passin"),
                               QStringLiteral("pass:wrong"), QStringLiteral("-noout")});
    QVERIFY2(wrong.exitCode != 0, qPrintable(wrong.output));
    const Run right = openssl({QStringLiteral("pkey"), QStringLiteral("-in"), key, QStringLiteral("-passin"),
                               QStringLiteral("pass:correct horse battery"), QStringLiteral("-noout")});
    QVERIFY2(right.exitCode == 0, qPrintable(right.output));

    // The PBES2 parameters: PBKDF2 with HMAC-SHA256, >= 600000 iterations, AES-256-CBC.
    const Run asn1 = openssl({QStringLiteral("asn1parse"), QStringLiteral("-in"), key});
    QCOMPARE(asn1.exitCode, 0);
    QVERIFY(asn1.output.contains(QLatin1String(":PBES2")));
    QVERIFY(asn1.output.contains(QLatin1String(":hmacWithSHA256")));
    QVERIFY(asn1.output.contains(QLatin1String(":aes-256-cbc")));
    const qsizetype pbkdf2 = asn1.output.indexOf(QLatin1String(":PBKDF2"));
    QVERIFY(pbkdf2 > 0);
    const auto iterations = QRegularExpression(QStringLiteral("INTEGER\\s+:([0-9A-F]+)")).match(asn1.output, pbkdf2);
    QVERIFY(iterations.hasMatch());
    bool ok = false;
    const qlonglong count = iterations.captured(1).toLongLong(&ok, 16);
    QVERIFY(ok);
    QVERIFY2(count >= 600000, qPrintable(QString::number(count)));
}

void TestCertificateAuthority::caCertificateLint()
{
    X509Ptr ca = parse(m_ca->certificatePem());
    QVERIFY(ca);
    QCOMPARE(X509_get_version(ca.get()), long(X509_VERSION_3));
    int critical = -1;
    auto *constraints = static_cast<BASIC_CONSTRAINTS *>(X509_get_ext_d2i(ca.get(), NID_basic_constraints, &critical, nullptr));
    QVERIFY(constraints);
    QVERIFY(constraints->ca != 0);
    QCOMPARE(critical, 1);
    BASIC_CONSTRAINTS_free(constraints);
    QCOMPARE(X509_get_key_usage(ca.get()), uint32_t(KU_KEY_CERT_SIGN | KU_CRL_SIGN));
    QVERIFY(X509_get0_subject_key_id(ca.get()));
    QCOMPARE(X509_get_signature_nid(ca.get()), NID_sha256WithRSAEncryption);
    const CaInfo info = m_ca->info();
    QCOMPARE(info.subject, QStringLiteral("/C=DE/O=ModemBench Test/CN=Test Root"));
    QCOMPARE(info.key, KeyKind::Rsa2048);
    QVERIFY(info.notAfter > QDateTime::currentDateTimeUtc().addYears(29));
    QVERIFY(info.notAfter < QDateTime::currentDateTimeUtc().addYears(31));
    auto inspected = CertificateAuthority::inspect(caDir());
    QVERIFY(inspected);
    QCOMPARE(inspected->sha256Fingerprint, info.sha256Fingerprint);
    const Run fingerprint = openssl({QStringLiteral("x509"), QStringLiteral("-in"), caFile(QStringLiteral("ca.crt")),
                                     QStringLiteral("-noout"), QStringLiteral("-fingerprint"), QStringLiteral("-sha256")});
    QVERIFY(fingerprint.output.contains(info.sha256Fingerprint));
}

void TestCertificateAuthority::issuedChainsVerify_data()
{
    QTest::addColumn<KeyKind>("key");
    QTest::newRow("rsa2048") << KeyKind::Rsa2048;
    QTest::newRow("rsa3072") << KeyKind::Rsa3072;
    QTest::newRow("rsa4096") << KeyKind::Rsa4096;
    QTest::newRow("p256") << KeyKind::P256;
}

void TestCertificateAuthority::issuedChainsVerify()
{
    QFETCH(KeyKind, key);
    const bool rsa = key != KeyKind::P256;
    X509Ptr ca = parse(m_ca->certificatePem());
    const QString caCert = caFile(QStringLiteral("ca.crt"));

    ServerRequest server;
    server.dnsNames = {QStringLiteral("mqtt.example.com"), QStringLiteral("*.iot.example.com")};
    server.ipAddresses = {QStringLiteral("192.0.2.10"), QStringLiteral("2001:db8::1")};
    server.key = key;
    auto issuedServer = m_ca->issueServer(server);
    QVERIFY2(issuedServer, issuedServer ? "" : qPrintable(issuedServer.error().message));
    const QString serverCert = save(QStringLiteral("server-%1.crt").arg(keyKindName(key)), issuedServer->certificatePem);
    verifyOk(serverCert, QStringLiteral("sslserver"), caCert);
    lintLeaf(issuedServer->certificatePem, ca.get(), CertKind::Server, rsa);
    const Run san = openssl({QStringLiteral("x509"), QStringLiteral("-in"), serverCert, QStringLiteral("-noout"),
                             QStringLiteral("-ext"), QStringLiteral("subjectAltName")});
    QVERIFY2(san.output.contains(QLatin1String("DNS:mqtt.example.com")) && san.output.contains(QLatin1String("IP Address:192.0.2.10"))
                 && san.output.contains(QLatin1String("IP Address:2001:DB8:0:0:0:0:0:1")),
             qPrintable(san.output));
    QCOMPARE(issuedServer->record.subject, QStringLiteral("/CN=mqtt.example.com"));
    QCOMPARE(issuedServer->record.kind, CertKind::Server);

    DeviceRequest device;
    device.imei = imeiFrom(QStringLiteral("86995103123456"));
    device.key = key;
    auto issuedDevice = m_ca->issueDevice(device);
    QVERIFY2(issuedDevice, issuedDevice ? "" : qPrintable(issuedDevice.error().message));
    const QString deviceCert = save(QStringLiteral("device-%1.crt").arg(keyKindName(key)), issuedDevice->certificatePem);
    verifyOk(deviceCert, QStringLiteral("sslclient"), caCert);
    lintLeaf(issuedDevice->certificatePem, ca.get(), CertKind::Device, rsa);
    QCOMPARE(issuedDevice->record.subject, QStringLiteral("/CN=dev-%1").arg(device.imei));
    QCOMPARE(issuedDevice->record.imei, device.imei);

    // The serial as `openssl x509 -serial` prints it, unique across everything issued.
    for (const auto *issued : {&*issuedServer, &*issuedDevice}) {
        const QString file = save(QStringLiteral("serial.crt"), issued->certificatePem);
        const Run serial = openssl({QStringLiteral("x509"), QStringLiteral("-in"), file, QStringLiteral("-noout"), QStringLiteral("-serial")});
        QCOMPARE(serial.output.trimmed(), QStringLiteral("serial=%1").arg(issued->record.serialHex));
        QVERIFY(!m_serials.contains(issued->record.serialHex));
        m_serials.insert(issued->record.serialHex);
        QCOMPARE(readFile(issued->record.certificatePath), issued->certificatePem);
        QCOMPARE(modeOf(issued->record.certificatePath), mode_t(0600));
        // The key handed out is plain PKCS#8 that a modem takes, and it matches.
        QVERIFY(issued->privateKeyPem.reveal().startsWith("-----BEGIN PRIVATE KEY-----"));
        const QList<ModemCheck> checks = checkForModem(issued->certificatePem, SecretBytes(issued->privateKeyPem.reveal()));
        for (const ModemCheck &check : checks) {
            QVERIFY2(check.severity == ModemCheck::Severity::Warning, qPrintable(check.message));
            QVERIFY(check.message.contains(QLatin1String("verify on your firmware")));
        }
        QCOMPARE(checks.size(), rsa ? 0 : 1);
    }
    // A server certificate is no client certificate.
    const Run wrongPurpose = openssl({QStringLiteral("verify"), QStringLiteral("-x509_strict"), QStringLiteral("-purpose"),
                                      QStringLiteral("sslclient"), QStringLiteral("-CAfile"), caCert, serverCert});
    QVERIFY(wrongPurpose.exitCode != 0);
}

void TestCertificateAuthority::givenKeyIsUsed()
{
    auto key = generateKey(KeyKind::P256);
    QVERIFY(key);
    QCOMPARE(key->kind(), KeyKind::P256);
    DeviceRequest device;
    device.imei = imeiFrom(QStringLiteral("35209900176148"));
    device.cnTemplate = QStringLiteral("tracker-{imei}-eu");
    auto issued = m_ca->issueDevice(device, std::move(*key));
    QVERIFY2(issued, issued ? "" : qPrintable(issued.error().message));
    QCOMPARE(issued->record.subject, QStringLiteral("/CN=tracker-%1-eu").arg(device.imei));
    QVERIFY(issued->privateKeyPem.reveal().startsWith("-----BEGIN PRIVATE KEY-----"));
    verifyOk(save(QStringLiteral("given.crt"), issued->certificatePem), QStringLiteral("sslclient"), caFile(QStringLiteral("ca.crt")));
}

void TestCertificateAuthority::issueRefusesBadInput()
{
    const QByteArray before = folderHash(caDir());
    DeviceRequest device;
    device.imei = QStringLiteral("869951031234560");
    if (imeiLuhnValid(device.imei))
        device.imei = QStringLiteral("869951031234561");
    auto badLuhn = m_ca->issueDevice(device);
    QVERIFY(!badLuhn);
    QCOMPARE(badLuhn.error().code, ErrorCode::Usage);
    QVERIFY(badLuhn.error().message.contains(QLatin1String("Luhn")));

    device.imei = imeiFrom(QStringLiteral("86995103123456"));
    device.cnTemplate = QStringLiteral("device");
    auto noPlaceholder = m_ca->issueDevice(device);
    QVERIFY(!noPlaceholder);
    QVERIFY(noPlaceholder.error().message.contains(QLatin1String("{imei}")));

    device.cnTemplate = QStringLiteral("dev-{imei}");
    device.days = 365 * 40;
    auto outlives = m_ca->issueDevice(device);
    QVERIFY(!outlives);
    QVERIFY(outlives.error().message.contains(QLatin1String("outlive the CA")));

    ServerRequest server;
    auto noNames = m_ca->issueServer(server);
    QVERIFY(!noNames);
    QCOMPARE(noNames.error().code, ErrorCode::Usage);
    server.dnsNames = {QStringLiteral("bad_name.example.com")};
    QVERIFY(!m_ca->issueServer(server));
    server.dnsNames = {QStringLiteral("ok.example.com,DNS:evil.example.com")};
    QVERIFY(!m_ca->issueServer(server));
    server.dnsNames = {QStringLiteral("ok.example.com")};
    server.ipAddresses = {QStringLiteral("300.1.2.3")};
    QVERIFY(!m_ca->issueServer(server));
    QCOMPARE(folderHash(caDir()), before);
}

void TestCertificateAuthority::csrSigning()
{
    const QString imei = imeiFrom(QStringLiteral("49015420323751"));
    const QString key = path(QStringLiteral("csr.key"));
    const QString request = path(QStringLiteral("device.csr"));
    Run made = openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                        QStringLiteral("-nodes"), QStringLiteral("-keyout"), key, QStringLiteral("-out"), request,
                        QStringLiteral("-subj"), QStringLiteral("/CN=dev-%1").arg(imei)});
    QVERIFY2(made.exitCode == 0, qPrintable(made.output));
    auto signedDevice = m_ca->signCsr(readFile(request), CertKind::Device, 365);
    QVERIFY2(signedDevice, signedDevice ? "" : qPrintable(signedDevice.error().message));
    QVERIFY(signedDevice->privateKeyPem.isEmpty());
    QCOMPARE(signedDevice->record.imei, imei);
    QCOMPARE(signedDevice->record.subject, QStringLiteral("/CN=dev-%1").arg(imei));
    verifyOk(save(QStringLiteral("csr-device.crt"), signedDevice->certificatePem), QStringLiteral("sslclient"),
             caFile(QStringLiteral("ca.crt")));
    X509Ptr ca = parse(m_ca->certificatePem());
    lintLeaf(signedDevice->certificatePem, ca.get(), CertKind::Device, true);
    const QList<ModemCheck> checks = checkForModem(signedDevice->certificatePem, SecretBytes(readFile(key)));
    QVERIFY(checks.isEmpty());

    const QString serverRequest = path(QStringLiteral("server.csr"));
    made = openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                    QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                    QStringLiteral("-keyout"), path(QStringLiteral("server-csr.key")), QStringLiteral("-out"), serverRequest,
                    QStringLiteral("-subj"), QStringLiteral("/CN=broker"), QStringLiteral("-addext"),
                    QStringLiteral("subjectAltName=DNS:broker.example.com,IP:10.0.0.1")});
    QVERIFY2(made.exitCode == 0, qPrintable(made.output));
    auto signedServer = m_ca->signCsr(readFile(serverRequest), CertKind::Server, 825);
    QVERIFY2(signedServer, signedServer ? "" : qPrintable(signedServer.error().message));
    const QString serverCert = save(QStringLiteral("csr-server.crt"), signedServer->certificatePem);
    verifyOk(serverCert, QStringLiteral("sslserver"), caFile(QStringLiteral("ca.crt")));
    lintLeaf(signedServer->certificatePem, ca.get(), CertKind::Server, false);
    const Run hostname = openssl({QStringLiteral("verify"), QStringLiteral("-x509_strict"), QStringLiteral("-verify_hostname"),
                                  QStringLiteral("broker.example.com"), QStringLiteral("-CAfile"), caFile(QStringLiteral("ca.crt")), serverCert});
    QVERIFY2(hostname.exitCode == 0, qPrintable(hostname.output));

    auto asCa = m_ca->signCsr(readFile(request), CertKind::Ca, 365);
    QVERIFY(!asCa);
    auto garbage = m_ca->signCsr("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n", CertKind::Device, 30);
    QVERIFY(!garbage);
    QCOMPARE(garbage.error().code, ErrorCode::Usage);
    QVERIFY(!m_ca->signCsr(QByteArray(), CertKind::Device, 30));
}

void TestCertificateAuthority::csrWithBadSignatureRefused()
{
    const QString request = path(QStringLiteral("bad.csr"));
    const Run made = openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                              QStringLiteral("-nodes"), QStringLiteral("-keyout"), path(QStringLiteral("bad.key")),
                              QStringLiteral("-out"), request, QStringLiteral("-subj"), QStringLiteral("/CN=victim")});
    QVERIFY2(made.exitCode == 0, qPrintable(made.output));
    QByteArray pem = readFile(request);
    const qsizetype begin = pem.indexOf('\n') + 1;
    const qsizetype end = pem.indexOf("-----END");
    QByteArray der = QByteArray::fromBase64(pem.mid(begin, end - begin));
    der[der.size() - 5] = char(der.at(der.size() - 5) ^ 0x01);  // inside the signature value
    QByteArray body = der.toBase64();
    QByteArray rebuilt = "-----BEGIN CERTIFICATE REQUEST-----\n";
    for (qsizetype i = 0; i < body.size(); i += 64)
        rebuilt += body.mid(i, 64) + '\n';
    rebuilt += "-----END CERTIFICATE REQUEST-----\n";
    const QByteArray before = folderHash(caDir());
    auto refused = m_ca->signCsr(rebuilt, CertKind::Device, 30);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, ErrorCode::Usage);
    QVERIFY2(refused.error().message.contains(QLatin1String("signature")), qPrintable(refused.error().message));
    QCOMPARE(folderHash(caDir()), before);
}

void TestCertificateAuthority::revokeAndCrl()
{
    DeviceRequest device;
    device.imei = imeiFrom(QStringLiteral("35693803564380"));
    auto victim = m_ca->issueDevice(device);
    auto survivor = m_ca->issueDevice(device);
    QVERIFY(victim && survivor);
    const QString victimCert = save(QStringLiteral("victim.crt"), victim->certificatePem);
    const QString survivorCert = save(QStringLiteral("survivor.crt"), survivor->certificatePem);

    auto revoked = m_ca->revoke(victim->record.serialHex.toLower(), RevocationReason::KeyCompromise);
    QVERIFY2(revoked, revoked ? "" : qPrintable(revoked.error().message));
    QCOMPARE(revoked->status, CertStatus::Revoked);
    QCOMPARE(revoked->revocationReason, RevocationReason::KeyCompromise);
    QVERIFY(revoked->revokedAt.isValid());
    auto again = m_ca->revoke(victim->record.serialHex, RevocationReason::Superseded);
    QVERIFY(!again);
    QVERIFY(again.error().message.contains(QLatin1String("already revoked")));
    QVERIFY(!m_ca->revoke(QStringLiteral("0123456789ABCDEF"), RevocationReason::Unspecified));
    const QString caSerial = CertificateAuthority::list(caDir(), QStringLiteral("ca"))->first().serialHex;
    QVERIFY(!m_ca->revoke(caSerial, RevocationReason::Unspecified));

    const qint64 before = m_ca->info().crlNumber;
    auto first = m_ca->publishCrl(7);
    QVERIFY2(first, first ? "" : qPrintable(first.error().message));
    QCOMPARE(readFile(caFile(QStringLiteral("crl.pem"))), *first);
    QCOMPARE(m_ca->info().crlNumber, before + 1);
    const QString crl = caFile(QStringLiteral("crl.pem"));
    const QString caCert = caFile(QStringLiteral("ca.crt"));
    const Run refused = openssl({QStringLiteral("verify"), QStringLiteral("-x509_strict"), QStringLiteral("-crl_check"),
                                 QStringLiteral("-CAfile"), caCert, QStringLiteral("-CRLfile"), crl, victimCert});
    QVERIFY(refused.exitCode != 0);
    QVERIFY2(refused.output.contains(QLatin1String("certificate revoked")), qPrintable(refused.output));
    const Run accepted = openssl({QStringLiteral("verify"), QStringLiteral("-x509_strict"), QStringLiteral("-crl_check"),
                                  QStringLiteral("-purpose"), QStringLiteral("sslclient"), QStringLiteral("-CAfile"), caCert,
                                  QStringLiteral("-CRLfile"), crl, survivorCert});
    QVERIFY2(accepted.exitCode == 0, qPrintable(accepted.output));

    const Run text = openssl({QStringLiteral("crl"), QStringLiteral("-in"), crl, QStringLiteral("-noout"), QStringLiteral("-text")});
    QVERIFY(text.output.contains(QLatin1String("Key Compromise")));
    QVERIFY(text.output.contains(victim->record.serialHex));

    auto second = m_ca->publishCrl(30);
    QVERIFY(second);
    QCOMPARE(m_ca->info().crlNumber, before + 2);
    QCOMPARE(CertificateAuthority::inspect(caDir())->crlNumber, before + 2);
    BIO *bio = BIO_new_mem_buf(second->constData(), int(second->size()));
    X509_CRL *parsed = PEM_read_bio_X509_CRL(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    QVERIFY(parsed);
    auto *number = static_cast<ASN1_INTEGER *>(X509_CRL_get_ext_d2i(parsed, NID_crl_number, nullptr, nullptr));
    QVERIFY(number);
    QCOMPARE(ASN1_INTEGER_get(number), long(before + 2));
    ASN1_INTEGER_free(number);
    QCOMPARE(X509_CRL_get_version(parsed), long(X509_CRL_VERSION_2));
    QCOMPARE(X509_CRL_get_signature_nid(parsed), NID_sha256WithRSAEncryption);
    QVERIFY(X509_cmp_current_time(X509_CRL_get0_nextUpdate(parsed)) > 0);
    X509_CRL_free(parsed);

    auto row = CertificateAuthority::find(caDir(), victim->record.serialHex);
    QVERIFY(row);
    QCOMPARE(row->status, CertStatus::Revoked);
}

void TestCertificateAuthority::registryListSearchFindExpiry()
{
    DeviceRequest device;
    device.imei = imeiFrom(QStringLiteral("01234567890123"));
    device.days = 10;
    auto soon = m_ca->issueDevice(device);
    QVERIFY(soon);

    auto all = CertificateAuthority::list(caDir());
    QVERIFY(all);
    QVERIFY(all->size() >= 12);
    QCOMPARE(std::count_if(all->begin(), all->end(), [](const IssuedCertificate &c) { return c.kind == CertKind::Ca; }), 1);
    for (const IssuedCertificate &row : *all)
        QVERIFY2(QFileInfo::exists(row.certificatePath), qPrintable(row.certificatePath));

    auto byImei = CertificateAuthority::list(caDir(), device.imei);
    QVERIFY(byImei);
    QCOMPARE(byImei->size(), 1);
    QCOMPARE(byImei->first().serialHex, soon->record.serialHex);
    auto revoked = CertificateAuthority::list(caDir(), QStringLiteral("revoked"));
    QVERIFY(revoked);
    QCOMPARE(revoked->size(), 1);
    auto servers = CertificateAuthority::list(caDir(), QStringLiteral("SERVER"));
    QVERIFY(servers && servers->size() >= 5);

    // A serial written the way openssl's -text prints it.
    QString colons;
    for (qsizetype i = 0; i < soon->record.serialHex.size(); i += 2)
        colons += (i ? QStringLiteral(":") : QString()) + soon->record.serialHex.mid(i, 2).toLower();
    auto found = CertificateAuthority::find(caDir(), colons);
    QVERIFY2(found, found ? "" : qPrintable(found.error().message));
    QCOMPARE(found->sha256Fingerprint, soon->record.sha256Fingerprint);
    QCOMPARE(found->imei, device.imei);
    QCOMPARE(found->notAfter, soon->record.notAfter);
    auto missing = CertificateAuthority::find(caDir(), QStringLiteral("ABCDEF"));
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, ErrorCode::Usage);

    auto expiring = CertificateAuthority::expiringWithin(caDir(), 30);
    QVERIFY(expiring);
    QCOMPARE(expiring->size(), 1);
    QCOMPARE(expiring->first().serialHex, soon->record.serialHex);
    auto withCa = CertificateAuthority::expiringWithin(caDir(), 365 * 31);
    QVERIFY(withCa);
    QVERIFY(std::any_of(withCa->begin(), withCa->end(), [](const IssuedCertificate &c) { return c.kind == CertKind::Ca; }));
    QVERIFY(!CertificateAuthority::list(path(QStringLiteral("nowhere"))));
}

void TestCertificateAuthority::reopenWithPassphrase()
{
    auto reopened = CertificateAuthority::open(caDir(), passphrase());
    QVERIFY2(reopened, reopened ? "" : qPrintable(reopened.error().message));
    QCOMPARE(reopened->info().sha256Fingerprint, m_ca->info().sha256Fingerprint);
    QCOMPARE(reopened->info().crlNumber, m_ca->info().crlNumber);
    DeviceRequest device;
    device.imei = imeiFrom(QStringLiteral("86995103123400"));
    auto issued = reopened->issueDevice(device);
    QVERIFY(issued);
    verifyOk(save(QStringLiteral("reopened.crt"), issued->certificatePem), QStringLiteral("sslclient"), caFile(QStringLiteral("ca.crt")));
}

void TestCertificateAuthority::wrongPassphrase()
{
    const QByteArray before = folderHash(caDir());
    auto wrong = CertificateAuthority::open(caDir(), secret("not the passphrase"));
    QVERIFY(!wrong);
    QCOMPARE(wrong.error().code, ErrorCode::Usage);
    QVERIFY2(wrong.error().message.contains(QLatin1String("wrong passphrase")), qPrintable(wrong.error().message));
    QVERIFY(!wrong.error().message.contains(QLatin1String("not the passphrase")));
    QVERIFY(!CertificateAuthority::open(caDir(), SecretBytes()));
    QCOMPARE(folderHash(caDir()), before);
}

void TestCertificateAuthority::tamperedFilesRefused()
{
    const QString crtCopy = copyOfCa(QStringLiteral("tampered-crt"));
    tamper(crtCopy + QStringLiteral("/ca.crt"));
    QByteArray before = folderHash(crtCopy);
    auto openCrt = CertificateAuthority::open(crtCopy, passphrase());
    QVERIFY(!openCrt);
    QCOMPARE(openCrt.error().code, ErrorCode::Usage);
    QVERIFY2(openCrt.error().message.contains(QLatin1String("ca.crt")), qPrintable(openCrt.error().message));
    QVERIFY(!CertificateAuthority::inspect(crtCopy));
    QCOMPARE(folderHash(crtCopy), before);

    const QString keyCopy = copyOfCa(QStringLiteral("tampered-key"));
    tamper(keyCopy + QStringLiteral("/ca.key"));
    before = folderHash(keyCopy);
    auto openKey = CertificateAuthority::open(keyCopy, passphrase());
    QVERIFY(!openKey);
    QCOMPARE(openKey.error().code, ErrorCode::Usage);
    QVERIFY2(openKey.error().message.contains(QLatin1String("ca.key")), qPrintable(openKey.error().message));
    QCOMPARE(folderHash(keyCopy), before);

    // The key of another CA in place of ours.
    const QString swapped = copyOfCa(QStringLiteral("swapped-key"));
    auto other = CertificateAuthority::create(path(QStringLiteral("other-ca")), CaOptions{}, passphrase());
    QVERIFY(other);
    QVERIFY(QFile::remove(swapped + QStringLiteral("/ca.key")));
    QVERIFY(QFile::copy(path(QStringLiteral("other-ca/ca.key")), swapped + QStringLiteral("/ca.key")));
    auto openSwapped = CertificateAuthority::open(swapped, passphrase());
    QVERIFY(!openSwapped);
    QVERIFY2(openSwapped.error().message.contains(QLatin1String("does not belong")), qPrintable(openSwapped.error().message));
}

void TestCertificateAuthority::looseModesRefused()
{
    const QString copy = copyOfCa(QStringLiteral("loose"));
    const QString key = copy + QStringLiteral("/ca.key");
    QVERIFY(::chmod(QFile::encodeName(key).constData(), 0644) == 0);
    auto looseKey = CertificateAuthority::open(copy, passphrase());
    QVERIFY(!looseKey);
    QCOMPARE(looseKey.error().code, ErrorCode::PermissionDenied);
    QVERIFY2(looseKey.error().message.contains(QStringLiteral("chmod 600 %1").arg(key)), qPrintable(looseKey.error().message));
    QVERIFY(looseKey.error().message.contains(QLatin1String("0644")));
    QCOMPARE(modeOf(key), mode_t(0644));  // reported, not silently fixed

    QVERIFY(::chmod(QFile::encodeName(key).constData(), 0600) == 0);
    QVERIFY(::chmod(QFile::encodeName(copy).constData(), 0755) == 0);
    auto looseFolder = CertificateAuthority::open(copy, passphrase());
    QVERIFY(!looseFolder);
    QCOMPARE(looseFolder.error().code, ErrorCode::PermissionDenied);
    QVERIFY2(looseFolder.error().message.contains(QStringLiteral("chmod 700")), qPrintable(looseFolder.error().message));
    QVERIFY(::chmod(QFile::encodeName(copy).constData(), 0700) == 0);
    QVERIFY(CertificateAuthority::open(copy, passphrase()));
}

void TestCertificateAuthority::secondInitFails()
{
    const QByteArray before = folderHash(caDir());
    auto second = CertificateAuthority::create(caDir(), CaOptions{}, secret("another passphrase"));
    QVERIFY(!second);
    QCOMPARE(second.error().code, ErrorCode::Usage);
    QVERIFY(second.error().message.contains(QLatin1String("already holds a CA")));
    auto imported = CertificateAuthority::import(caDir(), caFile(QStringLiteral("ca.crt")), caFile(QStringLiteral("ca.key")),
                                                 passphrase(), secret("another passphrase"));
    QVERIFY(!imported);
    QCOMPARE(imported.error().code, ErrorCode::Usage);
    QCOMPARE(folderHash(caDir()), before);
    QVERIFY(CertificateAuthority::open(caDir(), passphrase()));

    const QString busy = path(QStringLiteral("busy"));
    QVERIFY(QDir().mkpath(busy));
    QVERIFY(writeFile(busy + QStringLiteral("/notes.txt"), "mine"));
    auto notEmpty = CertificateAuthority::create(busy, CaOptions{}, passphrase());
    QVERIFY(!notEmpty);
    QCOMPARE(notEmpty.error().code, ErrorCode::Usage);
    QCOMPARE(QDir(busy).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList{QStringLiteral("notes.txt")});

    // An existing empty folder is fine, and ends up 0700.
    const QString empty = path(QStringLiteral("empty"));
    QVERIFY(QDir().mkpath(empty));
    QVERIFY(::chmod(QFile::encodeName(empty).constData(), 0755) == 0);
    auto inEmpty = CertificateAuthority::create(empty, CaOptions{}, passphrase());
    QVERIFY2(inEmpty, inEmpty ? "" : qPrintable(inEmpty.error().message));
    QCOMPARE(modeOf(empty), mode_t(0700));
}

void TestCertificateAuthority::unwritableFolderFails()
{
    // Root ignores directory modes: a path below a regular file fails for everyone.
    QVERIFY(writeFile(path(QStringLiteral("afile")), "x"));
    const QString underFile = path(QStringLiteral("afile/sub/ca"));
    auto refused = CertificateAuthority::create(underFile, CaOptions{}, passphrase());
    QVERIFY(!refused);
    QVERIFY(!refused.error().message.isEmpty());
    QCOMPARE(readFile(path(QStringLiteral("afile"))), QByteArray("x"));

    const QString locked = path(QStringLiteral("locked"));
    QVERIFY(QDir().mkpath(locked));
    QVERIFY(::chmod(QFile::encodeName(locked).constData(), 0500) == 0);
    auto inLocked = CertificateAuthority::create(locked + QStringLiteral("/ca"), CaOptions{}, passphrase());
    if (::geteuid() != 0) {
        QVERIFY(!inLocked);
        QCOMPARE(inLocked.error().code, ErrorCode::PermissionDenied);
        QVERIFY2(inLocked.error().message.contains(locked), qPrintable(inLocked.error().message));
    }
    ::chmod(QFile::encodeName(locked).constData(), 0700);
    if (::geteuid() != 0)
        QVERIFY(QDir(locked).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty());

    // Parents that a failed create made are removed again.
    const QString deep = path(QStringLiteral("made/by/create"));
    auto badSubject = CertificateAuthority::create(deep, CaOptions{KeyKind::Rsa2048, 30, QStringLiteral("/CN=x/Bogus=1")}, passphrase());
    QVERIFY(!badSubject);
    QVERIFY(!QFileInfo::exists(path(QStringLiteral("made"))));
}

void TestCertificateAuthority::createRefusesBadOptions()
{
    const QString dir = path(QStringLiteral("never"));
    const auto refuse = [&](const CaOptions &options, const SecretBytes &secretBytes, const char *expected) {
        auto ca = CertificateAuthority::create(dir, options, secretBytes);
        QVERIFY(!ca);
        QCOMPARE(ca.error().code, ErrorCode::Usage);
        QVERIFY2(ca.error().message.contains(QLatin1String(expected)), qPrintable(ca.error().message));
        QVERIFY(!QFileInfo::exists(dir));
    };
    refuse(CaOptions{}, secret("short"), "at least 8");
    refuse(CaOptions{KeyKind::Rsa2048, 51, QStringLiteral("/CN=x")}, passphrase(), "1 to 50 years");
    refuse(CaOptions{KeyKind::Rsa2048, 0, QStringLiteral("/CN=x")}, passphrase(), "1 to 50 years");
    refuse(CaOptions{KeyKind::Rsa2048, 30, QStringLiteral("CN=x")}, passphrase(), "must start with '/'");
    refuse(CaOptions{KeyKind::Rsa2048, 30, QStringLiteral("/C=DEU/CN=x")}, passphrase(), "C=DEU");
    refuse(CaOptions{KeyKind::Rsa2048, 30, QStringLiteral("/CN=")}, passphrase(), "CN is empty");
    refuse(CaOptions{KeyKind::Rsa2048, 30, QStringLiteral("/CN=x/basicConstraints=1")}, passphrase(), "not a name attribute");
    refuse(CaOptions{KeyKind::Rsa2048, 30, QStringLiteral("/CN")}, passphrase(), "KEY=value");
    refuse(CaOptions{KeyKind::Rsa2048, 30, QStringLiteral("/")}, passphrase(), "empty field");

    auto escaped = Internal::parseSubject(QStringLiteral("/O=A\\/B/CN=Root"));
    QVERIFY(escaped);
    QCOMPARE(Internal::subjectOneLine(escaped->get()), QStringLiteral("/O=A\\/B/CN=Root"));
}

QString TestCertificateAuthority::makeOpensslCa(const QString &name, bool ca)
{
    const QString config = save(name + QStringLiteral(".cnf"),
                                "[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = Imported " + name.toUtf8() + "\n"
                                "[v3_ca]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\n"
                                "subjectKeyIdentifier = hash\nauthorityKeyIdentifier = keyid:always\n"
                                "[v3_leaf]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\n"
                                "subjectKeyIdentifier = hash\n");
    const Run run = openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-config"), config,
                             QStringLiteral("-extensions"), ca ? QStringLiteral("v3_ca") : QStringLiteral("v3_leaf"),
                             QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                             QStringLiteral("3650"), QStringLiteral("-keyout"), path(name + QStringLiteral(".key")),
                             QStringLiteral("-out"), path(name + QStringLiteral(".crt"))});
    if (run.exitCode != 0)
        qWarning().noquote() << run.output;
    return path(name);
}

void TestCertificateAuthority::importOpensslCa()
{
    const QString made = makeOpensslCa(QStringLiteral("external"), true);
    const QString dir = path(QStringLiteral("imported-plain"));
    auto plain = CertificateAuthority::import(dir, made + QStringLiteral(".crt"), made + QStringLiteral(".key"), SecretBytes(),
                                              passphrase());
    QVERIFY2(plain, plain ? "" : qPrintable(plain.error().message));
    QVERIFY(readFile(dir + QStringLiteral("/ca.key")).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    QCOMPARE(modeOf(dir), mode_t(0700));
    QCOMPARE(modeOf(dir + QStringLiteral("/ca.key")), mode_t(0600));
    DeviceRequest device;
    device.imei = imeiFrom(QStringLiteral("86995103123499"));
    device.days = 365;
    auto issued = plain->issueDevice(device);
    QVERIFY2(issued, issued ? "" : qPrintable(issued.error().message));
    verifyOk(save(QStringLiteral("from-imported.crt"), issued->certificatePem), QStringLiteral("sslclient"),
             made + QStringLiteral(".crt"));
    QVERIFY(CertificateAuthority::open(dir, passphrase()));

    // The same key encrypted by openssl (AES-256, its default PBKDF2).
    const QString encryptedKey = path(QStringLiteral("external-enc.key"));
    const Run encrypt = openssl({QStringLiteral("pkey"), QStringLiteral("-in"), made + QStringLiteral(".key"), QStringLiteral("-aes256"),
                                 QStringLiteral("-passout"), QStringLiteral("pass:import-pass"), QStringLiteral("-out"), encryptedKey});
    QVERIFY2(encrypt.exitCode == 0, qPrintable(encrypt.output));
    const QString wrongDir = path(QStringLiteral("imported-wrong"));
    auto wrong = CertificateAuthority::import(wrongDir, made + QStringLiteral(".crt"), encryptedKey, secret("nope-nope"), passphrase());
    QVERIFY(!wrong);
    QVERIFY2(wrong.error().message.contains(QLatin1String("wrong passphrase")), qPrintable(wrong.error().message));
    QVERIFY(!QFileInfo::exists(wrongDir));
    auto none = CertificateAuthority::import(wrongDir, made + QStringLiteral(".crt"), encryptedKey, SecretBytes(), passphrase());
    QVERIFY(!none);
    QVERIFY(none.error().message.contains(QLatin1String("encrypted")));
    auto encrypted = CertificateAuthority::import(path(QStringLiteral("imported-enc")), made + QStringLiteral(".crt"), encryptedKey,
                                                  secret("import-pass"), passphrase());
    QVERIFY2(encrypted, encrypted ? "" : qPrintable(encrypted.error().message));
    QCOMPARE(encrypted->info().subject, QStringLiteral("/CN=Imported external"));
}

void TestCertificateAuthority::importRefusals()
{
    const QString leaf = makeOpensslCa(QStringLiteral("notaca"), false);
    const QString dir = path(QStringLiteral("imported-refused"));
    auto notCa = CertificateAuthority::import(dir, leaf + QStringLiteral(".crt"), leaf + QStringLiteral(".key"), SecretBytes(), passphrase());
    QVERIFY(!notCa);
    QCOMPARE(notCa.error().code, ErrorCode::Usage);
    QVERIFY2(notCa.error().message.contains(QLatin1String("not a CA certificate")), qPrintable(notCa.error().message));

    const QString other = makeOpensslCa(QStringLiteral("mismatch"), true);
    auto mismatch = CertificateAuthority::import(dir, other + QStringLiteral(".crt"), leaf + QStringLiteral(".key"), SecretBytes(), passphrase());
    QVERIFY(!mismatch);
    QVERIFY2(mismatch.error().message.contains(QLatin1String("does not belong")), qPrintable(mismatch.error().message));
    auto noCert = CertificateAuthority::import(dir, path(QStringLiteral("missing.crt")), leaf + QStringLiteral(".key"), SecretBytes(), passphrase());
    QVERIFY(!noCert);
    auto weak = CertificateAuthority::import(dir, other + QStringLiteral(".crt"), other + QStringLiteral(".key"), SecretBytes(), secret("short"));
    QVERIFY(!weak);
    QVERIFY(!QFileInfo::exists(dir));
}

void TestCertificateAuthority::p256Ca()
{
    const QString dir = path(QStringLiteral("ec-ca"));
    auto ca = CertificateAuthority::create(dir, CaOptions{KeyKind::P256, 50, QStringLiteral("/O=Acme/CN=EC Root")}, passphrase());
    QVERIFY2(ca, ca ? "" : qPrintable(ca.error().message));
    QCOMPARE(ca->info().key, KeyKind::P256);
    X509Ptr root = parse(ca->certificatePem());
    QCOMPARE(X509_get_signature_nid(root.get()), NID_ecdsa_with_SHA256);
    QVERIFY(ca->info().notAfter > QDateTime::currentDateTimeUtc().addYears(49));  // GeneralizedTime past 2049
    DeviceRequest device;
    device.imei = imeiFrom(QStringLiteral("86995103123411"));
    auto issued = ca->issueDevice(device);
    QVERIFY(issued);
    verifyOk(save(QStringLiteral("ec-device.crt"), issued->certificatePem), QStringLiteral("sslclient"), dir + QStringLiteral("/ca.crt"));
    lintLeaf(issued->certificatePem, root.get(), CertKind::Device, true);
    QVERIFY(ca->revoke(issued->record.serialHex, RevocationReason::Unspecified));
    QVERIFY(ca->publishCrl());
    const Run refused = openssl({QStringLiteral("verify"), QStringLiteral("-crl_check"), QStringLiteral("-CAfile"),
                                 dir + QStringLiteral("/ca.crt"), QStringLiteral("-CRLfile"), dir + QStringLiteral("/crl.pem"),
                                 path(QStringLiteral("ec-device.crt"))});
    QVERIFY2(refused.output.contains(QLatin1String("certificate revoked")), qPrintable(refused.output));
}

// The GUI generates the CA key on a worker thread and hands it to create().
void TestCertificateAuthority::caFromAGivenKey()
{
    auto key = generateKey(KeyKind::P256);
    QVERIFY(key);
    const QString dir = path(QStringLiteral("given-key-ca"));
    // options.key says RSA: the key given wins, and the CA says what it really is.
    auto ca = CertificateAuthority::create(dir, CaOptions{}, passphrase(), std::move(*key));
    QVERIFY2(ca, ca ? "" : qPrintable(ca.error().message));
    QCOMPARE(ca->info().key, KeyKind::P256);
    const Run shown = openssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-text"), QStringLiteral("-in"),
                               dir + QStringLiteral("/ca.crt")});
    QVERIFY2(shown.output.contains(QLatin1String("prime256v1")), qPrintable(shown.output));
    auto empty = CertificateAuthority::create(path(QStringLiteral("null-key-ca")), CaOptions{}, passphrase(), PrivateKey());
    QVERIFY(!empty);
    QCOMPARE(empty.error().code, ErrorCode::Usage);
}

QTEST_GUILESS_MAIN(TestCertificateAuthority)
#include "tst_certificateauthority.moc"
