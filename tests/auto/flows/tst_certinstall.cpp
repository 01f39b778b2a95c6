// Certificate installs of issue #6: what prepare* refuses before anything is sent (not PEM, a key
// that does not match, a bad name, an empty file), the plans they make, a 25 KB upload in three
// writes against a scripted SIM7000G file system (protocol §9, §7.1), and the inventory rows.
#include "scriptedmodem.h"

#include "../pki/pkitestsupport.h"

#include "core/flows/certinstall.h"

#include <QCryptographicHash>
#include <QTest>

using namespace ModemBench;
using SM = ScriptedModem;

namespace {

Result<void> run(ScriptedModem &m, QList<FlowStep> steps, int deadlineMs)
{
    FlowRunner runner(m.channel.get(), &m.clock, std::move(steps), QStringLiteral("Install"), deadlineMs);
    bool finished = false;
    Result<void> result = fail(ErrorCode::Cancelled, QStringLiteral("not finished"));
    QObject::connect(&runner, &FlowRunner::finished, [&](const Result<void> &r) {
        finished = true;
        result = r;
    });
    runner.start();
    m.runUntil(finished, deadlineMs + 5000, 50);
    return result;
}

// The §9 commands for one file on the scripted modem: DOWNLOAD + exactly <size> bytes per write,
// CFSGFIS with what was stored, CFSRFILE pieces from it.
void scriptFile(ScriptedModem &m, QHash<QString, QByteArray> *files, const QString &name, qsizetype size, int baud)
{
    const QByteArray quoted = '"' + name.toLatin1() + '"';
    const qsizetype chunk = cfsChunkSize(baud);
    for (qsizetype offset = 0; offset < size; offset += chunk) {
        const qsizetype n = qMin(chunk, size - offset);
        const QByteArray command = "AT+CFSWFILE=3," + quoted + ',' + (offset == 0 ? "0" : "1") + ','
            + QByteArray::number(n) + ',' + QByteArray::number(cfsInputTimeMs(n, baud));
        m.onPrompt(command, "\r\nDOWNLOAD\r\n", n, [files, name, offset](const QByteArray &bytes) {
            if (offset == 0)
                (*files)[name].clear();
            (*files)[name] += bytes;
            return SM::ok();
        });
    }
    m.on("AT+CFSGFIS=3," + quoted, [files, name](const QByteArray &) {
        return SM::ok("+CFSGFIS: " + QByteArray::number(files->value(name).size()));
    });
    for (qsizetype offset = 0; offset < size; offset += kCfsMaxWrite) {
        const qsizetype n = qMin(kCfsMaxWrite, size - offset);
        const QByteArray command = "AT+CFSRFILE=3," + quoted + ',' + (offset == 0 ? "0" : "1") + ','
            + QByteArray::number(n) + ',' + QByteArray::number(offset);
        m.on(command, [files, name, offset, n](const QByteArray &) {
            const QByteArray data = files->value(name).mid(offset, n);
            return "\r\n+CFSRFILE: " + QByteArray::number(data.size()) + "\r\n" + data + "\r\nOK\r\n";
        });
    }
}

QList<QByteArray> startingWith(const QList<QByteArray> &commands, const char *prefix)
{
    QList<QByteArray> out;
    for (const QByteArray &c : commands) {
        if (c.startsWith(prefix))
            out << c;
    }
    return out;
}

} // namespace

class TestCertInstall : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_temp;
    std::optional<Pki::CertificateAuthority> m_ca;
    QByteArray m_caPem;
    QByteArray m_certA;
    QByteArray m_keyA;
    QByteArray m_keyB;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_temp.isValid());
        auto ca = Pki::CertificateAuthority::create(m_temp.filePath(QStringLiteral("ca")), Pki::CaOptions{},
                                                    PkiTest::passphrase());
        QVERIFY2(ca, ca ? "" : qPrintable(ca.error().message));
        m_ca.emplace(std::move(*ca));
        m_caPem = m_ca->certificatePem();
        Pki::DeviceRequest device;
        device.imei = PkiTest::imeiFrom(QStringLiteral("86995103120000"));
        auto a = m_ca->issueDevice(device);
        auto b = m_ca->issueDevice(device);
        QVERIFY(a && b);
        m_certA = a->certificatePem;
        m_keyA = a->privateKeyPem.reveal();
        m_keyB = b->privateKeyPem.reveal();
    }

    void caRefusals_data()
    {
        QTest::addColumn<QByteArray>("pem");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("says");
        QTest::newRow("not PEM") << QByteArray("just some text") << "ca.pem" << "ca.pem";
        QTest::newRow("DER bytes") << QByteArray("\x30\x82\x03\x0b\x30\x82\x01\xf3", 8) << "ca.der" << "openssl";
        QTest::newRow("empty") << QByteArray() << "ca.pem" << "ca.pem";
        QTest::newRow("name of 60 characters") << QByteArray("CA") << QString(60, u'c') << "60 characters";
        QTest::newRow("name with a slash") << QByteArray("CA") << "certs/ca.pem" << "'/'";
    }
    void caRefusals()
    {
        QFETCH(QByteArray, pem);
        QFETCH(QString, name);
        QFETCH(QString, says);
        if (pem == "CA")
            pem = m_caPem;
        const auto plan = prepareCaInstall(pem, name);
        QVERIFY(!plan);
        QCOMPARE(plan.error().code, ErrorCode::Usage);
        QVERIFY2(plan.error().message.contains(says), qPrintable(plan.error().message));
    }

    void caWithKeyBlockRefused()
    {
        const auto plan = prepareCaInstall(m_caPem + m_keyA, QStringLiteral("ca.pem"));
        QVERIFY(!plan);
        QCOMPARE(plan.error().code, ErrorCode::Usage);
        QVERIFY(plan.error().message.contains(QLatin1String("PRIVATE KEY")));
    }

    void caPlan()
    {
        QByteArray messy = "subject=CN = test\r\n" + m_caPem;
        messy.replace("\n", "\r\n");
        const auto plan = prepareCaInstall(messy, QStringLiteral("root.pem"));
        QVERIFY2(plan, plan ? "" : qPrintable(plan.error().message));
        QCOMPARE(plan->items.size(), 1);
        const InstallItem &item = plan->items.constFirst();
        QCOMPARE(item.kind, ModemFileKind::Ca);
        QCOMPARE(item.name, QStringLiteral("root.pem"));
        QVERIFY(!item.secret);
        QVERIFY(!item.bytes.contains('\r'));
        QVERIFY(item.bytes.startsWith("-----BEGIN CERTIFICATE-----\n"));
        QVERIFY(plan->convertCa);
        QVERIFY(!plan->convertClient);
        QCOMPARE(plan->totalBytes(), item.bytes.size());
    }

    void clientRefusals()
    {
        auto plan = prepareClientInstall(m_certA, m_keyB, QStringLiteral("device.pem"));
        QVERIFY(!plan);
        QCOMPARE(plan.error().code, ErrorCode::Usage);
        QVERIFY2(plan.error().message.contains(QLatin1String("do not belong together")), qPrintable(plan.error().message));

        plan = prepareClientInstall(m_certA, "not a key", QStringLiteral("device.pem"));
        QVERIFY(!plan);
        QCOMPARE(plan.error().code, ErrorCode::Usage);

        plan = prepareClientInstall(m_certA, m_keyA, QString(60, u'd'));
        QVERIFY(!plan);
        QVERIFY(plan.error().message.contains(QLatin1String("60 characters")));

        plan = prepareClientInstall(m_certA, m_keyA, QStringLiteral("same"), QStringLiteral("same"));
        QVERIFY(!plan);

        plan = prepareClientInstall(QByteArray(), m_keyA, QStringLiteral("device.pem"));
        QVERIFY(!plan);
        QCOMPARE(plan.error().code, ErrorCode::Usage);
    }

    void clientPlan()
    {
        const auto plan = prepareClientInstall(m_certA, m_keyA, QStringLiteral("device.pem"));
        QVERIFY2(plan, plan ? "" : qPrintable(plan.error().message));
        QCOMPARE(plan->items.size(), 2);
        QCOMPARE(plan->items[0].kind, ModemFileKind::ClientCertificate);
        QCOMPARE(plan->items[0].name, QStringLiteral("device.pem"));
        QVERIFY(!plan->items[0].secret);
        QCOMPARE(plan->items[1].kind, ModemFileKind::ClientKey);
        QCOMPARE(plan->items[1].name, QStringLiteral("device.key"));
        QVERIFY(plan->items[1].secret);
        QVERIFY(plan->convertClient);
        QVERIFY(plan->deleteKeyAfter);
        QVERIFY(!plan->convertCa);
    }

    void uploadAsIs()
    {
        const QByteArray der("\x30\x82\x03\x0b\x30\x82\x01\xf3\x00\xff", 10);
        auto plan = prepareUpload(der, QStringLiteral("ca.der"));
        QVERIFY(plan);
        QCOMPARE(plan->items.constFirst().bytes, der);
        QVERIFY(!plan->convertCa && !plan->convertClient);

        QByteArray crlf = m_caPem;
        crlf.replace("\n", "\r\n");
        plan = prepareUpload(crlf, QStringLiteral("ca.pem"));
        QVERIFY(plan);
        QCOMPARE(plan->items.constFirst().bytes, m_caPem);

        plan = prepareUpload(m_keyA, QStringLiteral("k.pem"));
        QVERIFY(plan);
        QVERIFY(plan->items.constFirst().secret);

        QVERIFY(!prepareUpload(QByteArray(), QStringLiteral("x.pem")));
        QVERIFY(!prepareUpload(der, QString(60, u'x')));
        QVERIFY(!prepareUpload(der, QString()));
        QVERIFY(!prepareUpload(QByteArray(70000, 'x'), QStringLiteral("big.bin")));
    }

    void largeCaInThreeWrites()
    {
        QByteArray bundle;
        while (bundle.size() < 25 * 1024)
            bundle += m_caPem;
        const auto plan = prepareCaInstall(bundle, QStringLiteral("big.pem"));
        QVERIFY2(plan, plan ? "" : qPrintable(plan.error().message));
        const QByteArray bytes = plan->items.constFirst().bytes;
        QVERIFY(bytes.size() > 2 * kCfsMaxWrite && bytes.size() <= 3 * kCfsMaxWrite);
        QVERIFY(plan->warnings.join('\n').contains(QLatin1String("3 writes")));

        SM m(ModelFamily::Sim7000);
        QHash<QString, QByteArray> files;
        m.on("AT+CFSINIT", SM::ok());
        m.on("AT+CFSTERM", SM::ok());
        m.on("AT+CSSLCFG=\"convert\",2,\"big.pem\"", SM::ok());
        scriptFile(m, &files, QStringLiteral("big.pem"), bytes.size(), 115200);
        auto context = std::make_shared<UploadContext>();
        const auto result = run(m, installSteps(context, *plan, 115200), installDeadlineMs(*plan, 115200));
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));
        QCOMPARE(startingWith(m.commands, "AT+CFSWFILE").size(), 3);
        QCOMPARE(startingWith(m.commands, "AT+CFSRFILE").size(), 3);
        QCOMPARE(files.value(QStringLiteral("big.pem")), bytes);
        QCOMPARE(context->verifiedBytes, bytes.size());
        QCOMPARE(m.commands.constLast(), QByteArray("AT+CSSLCFG=\"convert\",2,\"big.pem\""));
    }

    void clientInstallSequence()
    {
        const auto plan = prepareClientInstall(m_certA, m_keyA, QStringLiteral("device.pem"));
        QVERIFY(plan);
        SM m(ModelFamily::Sim7080);
        QHash<QString, QByteArray> files;
        m.on("AT+CFSINIT", SM::ok());
        m.on("AT+CFSTERM", SM::ok());
        m.on("AT+CSSLCFG=\"convert\",1,\"device.pem\",\"device.key\"", SM::ok());
        m.on("AT+CFSDFILE=3,\"device.key\"", SM::ok());
        scriptFile(m, &files, QStringLiteral("device.pem"), plan->items[0].bytes.size(), 115200);
        scriptFile(m, &files, QStringLiteral("device.key"), plan->items[1].bytes.size(), 115200);
        auto context = std::make_shared<UploadContext>();
        const auto result = run(m, installSteps(context, *plan, 115200), installDeadlineMs(*plan, 115200));
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));
        const QByteArray certSize = QByteArray::number(plan->items[0].bytes.size());
        const QByteArray keySize = QByteArray::number(plan->items[1].bytes.size());
        const QList<QByteArray> expected{
            "AT+CFSINIT",
            "AT+CFSWFILE=3,\"device.pem\",0," + certSize + ',' + QByteArray::number(cfsInputTimeMs(plan->items[0].bytes.size(), 115200)),
            "AT+CFSGFIS=3,\"device.pem\"",
            "AT+CFSRFILE=3,\"device.pem\",0," + certSize + ",0",
            "AT+CFSTERM",
            "AT+CFSINIT",
            "AT+CFSWFILE=3,\"device.key\",0," + keySize + ',' + QByteArray::number(cfsInputTimeMs(plan->items[1].bytes.size(), 115200)),
            "AT+CFSGFIS=3,\"device.key\"",
            "AT+CFSTERM", // the key is never read back
            "AT+CSSLCFG=\"convert\",1,\"device.pem\",\"device.key\"",
            "AT+CFSINIT",
            "AT+CFSDFILE=3,\"device.key\"",
            "AT+CFSTERM"};
        QCOMPARE(m.commands, expected);
        QCOMPARE(files.value(QStringLiteral("device.key")), plan->items[1].bytes);
    }

    void inventory()
    {
        auto plan = prepareClientInstall(m_certA, m_keyA, QStringLiteral("device.pem"));
        QVERIFY(plan);
        const QDateTime when(QDate(2026, 11, 22), QTime(12, 0), Qt::UTC);
        auto records = inventoryRecords(QStringLiteral("869951031200001"), *plan, when);
        QCOMPARE(records.size(), 1); // the key was deleted after convert
        const ModemFileRecord &cert = records.constFirst();
        QCOMPARE(cert.modemId, QStringLiteral("869951031200001"));
        QCOMPARE(cert.directory, 3);
        QCOMPARE(cert.name, QStringLiteral("device.pem"));
        QCOMPARE(cert.size, plan->items[0].bytes.size());
        QCOMPARE(cert.sha256, QCryptographicHash::hash(plan->items[0].bytes, QCryptographicHash::Sha256).toHex());
        QCOMPARE(cert.sha256.size(), 64);
        QCOMPARE(cert.kind, ModemFileKind::ClientCertificate);
        QVERIFY(cert.converted);
        QCOMPARE(cert.when, when);

        plan->deleteKeyAfter = false;
        records = inventoryRecords(QStringLiteral("869951031200001"), *plan, when);
        QCOMPARE(records.size(), 2);
        QCOMPARE(records[1].kind, ModemFileKind::ClientKey);
        QVERIFY(records[1].converted);

        const auto ca = prepareCaInstall(m_caPem, QStringLiteral("ca.pem"));
        QVERIFY(ca);
        records = inventoryRecords(QStringLiteral("1"), *ca, when);
        QCOMPARE(records.size(), 1);
        QCOMPARE(records[0].kind, ModemFileKind::Ca);
        QVERIFY(records[0].converted);
        const auto upload = prepareUpload("plain", QStringLiteral("notes.txt"));
        QVERIFY(upload);
        records = inventoryRecords(QStringLiteral("1"), *upload, when);
        QCOMPARE(records.size(), 1);
        QVERIFY(!records[0].converted);
        QCOMPARE(records[0].sha256, QCryptographicHash::hash("plain", QCryptographicHash::Sha256).toHex());
    }
};

QTEST_GUILESS_MAIN(TestCertInstall)
#include "tst_certinstall.moc"
