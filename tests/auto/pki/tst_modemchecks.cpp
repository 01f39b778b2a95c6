// Checks before anything reaches a modem (checkForModem: PEM, key match, the 10240-byte file limit,
// expiry, ECDSA "verify on your firmware") and the passphrase sources front ends use (a 0600 file,
// MODEMBENCH_CA_PASSPHRASE). Split from tst_certificateauthority, which covers the CA itself.
#include "pkitestsupport.h"

#include <QTest>

using namespace PkiTest;

class TestModemChecks : public QObject
{
    Q_OBJECT

private:
    QString path(const QString &name) const { return m_temp.filePath(name); }
    QString caFile(const QString &name) const { return path(QStringLiteral("ca")) + QLatin1Char('/') + name; }

    QTemporaryDir m_temp;
    std::optional<CertificateAuthority> m_ca;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_temp.isValid());
        auto ca = CertificateAuthority::create(path(QStringLiteral("ca")), CaOptions{}, passphrase());
        QVERIFY2(ca, ca ? "" : qPrintable(ca.error().message));
        m_ca.emplace(std::move(*ca));
    }
    void modemChecks();
    void passphraseSources();
};

void TestModemChecks::modemChecks()
{
    DeviceRequest device;
    device.imei = imeiFrom(QStringLiteral("86995103120000"));
    auto a = m_ca->issueDevice(device);
    auto b = m_ca->issueDevice(device);
    QVERIFY(a && b);
    const auto errors = [](const QList<ModemCheck> &checks) {
        QStringList messages;
        for (const ModemCheck &check : checks) {
            if (check.severity == ModemCheck::Severity::Error)
                messages << check.message;
        }
        return messages;
    };
    QVERIFY(checkForModem(a->certificatePem, SecretBytes(a->privateKeyPem.reveal())).isEmpty());
    QVERIFY(checkForModem(a->certificatePem, SecretBytes()).isEmpty());  // a certificate alone (CA upload)

    const QStringList mismatch = errors(checkForModem(a->certificatePem, SecretBytes(b->privateKeyPem.reveal())));
    QCOMPARE(mismatch.size(), 1);
    QVERIFY(mismatch.first().contains(QLatin1String("do not belong together")));

    QByteArray truncated = a->certificatePem;
    truncated.chop(200);
    truncated += "\n-----END CERTIFICATE-----\n";
    QVERIFY(errors(checkForModem(truncated, SecretBytes())).first().contains(QLatin1String("malformed")));
    QVERIFY(!errors(checkForModem("garbage", SecretBytes())).isEmpty());
    QVERIFY(!errors(checkForModem(QByteArray(), SecretBytes())).isEmpty());
    QByteArray utf16 = a->certificatePem;
    utf16.insert(40, "\xc3\xa4");
    QVERIFY(errors(checkForModem(utf16, SecretBytes())).first().contains(QLatin1String("not clean PEM")));
    QByteArray keyBroken = a->privateKeyPem.reveal();
    keyBroken.remove(100, 30);
    QVERIFY(errors(checkForModem(a->certificatePem, SecretBytes(keyBroken))).first().contains(QLatin1String("malformed")));
    const QStringList encrypted = errors(checkForModem(a->certificatePem, SecretBytes(readFile(caFile(QStringLiteral("ca.key"))))));
    QVERIFY(encrypted.first().contains(QLatin1String("encrypted")));

    QByteArray chain;
    while (chain.size() <= 10240)
        chain += a->certificatePem;
    const QStringList tooBig = errors(checkForModem(chain, SecretBytes(a->privateKeyPem.reveal())));
    QCOMPARE(tooBig.size(), 1);
    QVERIFY(tooBig.first().contains(QLatin1String("10240")));
    QVERIFY(errors(checkForModem(a->certificatePem, SecretBytes(a->privateKeyPem.reveal()), 512)).size() == 2);

    // An expired certificate, built with the CA's own builder a year in the past.
    auto key = Internal::generate(KeyKind::Rsa2048);
    QVERIFY(key);
    auto subject = Internal::parseSubject(QStringLiteral("/CN=old"));
    auto serial = Internal::randomSerial();
    QVERIFY(subject && serial);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto old = Internal::buildCaCertificate(key->get(), subject->get(), serial->get(), now.addDays(-400), now.addDays(-35));
    QVERIFY(old);
    auto oldKey = Internal::plainPkcs8Pem(key->get());
    QVERIFY(oldKey);
    const QStringList expired = errors(checkForModem(Internal::certificatePem(old->get()), std::move(*oldKey)));
    QCOMPARE(expired.size(), 1);
    QVERIFY(expired.first().contains(QLatin1String("expired")));
}

void TestModemChecks::passphraseSources()
{
    const QString file = path(QStringLiteral("pass.txt"));
    QVERIFY(writeFile(file, "file passphrase\r\nsecond line\n"));
    QVERIFY(::chmod(QFile::encodeName(file).constData(), 0600) == 0);
    auto read = passphraseFromFile(file);
    QVERIFY(read);
    QCOMPARE(read->reveal(), QByteArray("file passphrase"));

    QVERIFY(::chmod(QFile::encodeName(file).constData(), 0640) == 0);
    auto loose = passphraseFromFile(file);
    QVERIFY(!loose);
    QCOMPARE(loose.error().code, ErrorCode::PermissionDenied);
    QVERIFY(loose.error().message.contains(QStringLiteral("chmod 600 %1").arg(file)));
    QVERIFY(!loose.error().message.contains(QLatin1String("file passphrase")));

    QVERIFY(writeFile(file, "\nlater\n"));
    QVERIFY(::chmod(QFile::encodeName(file).constData(), 0600) == 0);
    auto empty = passphraseFromFile(file);
    QVERIFY(!empty);
    QCOMPARE(empty.error().code, ErrorCode::Usage);
    QVERIFY(!passphraseFromFile(path(QStringLiteral("no-such-file"))));

    qputenv("MODEMBENCH_CA_PASSPHRASE", "from the environment");
    auto fromEnvironment = passphraseFromEnvironment();
    QVERIFY(fromEnvironment);
    QCOMPARE(fromEnvironment->reveal(), QByteArray("from the environment"));
    qunsetenv("MODEMBENCH_CA_PASSPHRASE");
    QVERIFY(!passphraseFromEnvironment());
}

QTEST_GUILESS_MAIN(TestModemChecks)
#include "tst_modemchecks.moc"
