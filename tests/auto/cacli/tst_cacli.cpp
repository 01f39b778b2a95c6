// `modembench-cli ca` as a new user runs it (issue #5 item 3), judged by the real openssl program:
// create a CA, a server certificate for localhost and a device certificate for the simulator's
// IMEI, each verifying with `openssl verify -x509_strict` for its purpose; revoke the device and
// see `openssl verify -crl_check` refuse it. Plus the usage errors, file modes, --force, the
// passphrase sources, and that the passphrase is never printed.
#include "catestsupport.h"

#include "core/cli/cacommand.h"
#include "core/cli/passphraseprompt.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using CaTest::modeOf;
using CaTest::openssl;
using CaTest::readFile;
using CliTest::Run;

namespace {

const QByteArray kPassphrase = "cacli-Tr0ub4dor&3-secret";
const QByteArray kTypedPassphrase = "typed-at-the-prompt-42";
const QString kImei = QStringLiteral("869951031234564"); // modemsim's default IMEI
const QByteArray kEnvironmentVariable = "MODEMBENCH_CA_PASSPHRASE";

QString serialOf(const QString &certificate)
{
    const Run run = openssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-serial"),
                             QStringLiteral("-in"), certificate});
    return QString::fromLatin1(run.out.trimmed()).section(QLatin1Char('='), 1);
}

} // namespace

class TestCaCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_work;
    QString m_passphraseFile;
    QString m_ca;           // a p256 CA made once for the tests that need any CA
    QByteArray m_printed;   // everything every run printed, checked for the passphrase at the end

    QString path(const QString &name) const { return m_work.filePath(name); }

    Run ca(const QStringList &arguments)
    {
        const Run run = CliTest::cli(QStringList{QStringLiteral("ca")} + arguments);
        m_printed += run.out + run.err;
        return run;
    }
    Run caWithPassphrase(const QString &dir, const QStringList &arguments)
    {
        return ca(arguments + QStringList{QStringLiteral("--ca-dir"), dir, QStringLiteral("--passphrase-file"), m_passphraseFile});
    }
    QJsonArray listJson(const QString &dir)
    {
        const Run run = ca({QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--ca-dir"), dir});
        return run.exitCode == 0 ? QJsonDocument::fromJson(run.out).array() : QJsonArray();
    }
    bool verifies(const QString &dir, const QString &purpose, const QString &certificate, const QStringList &extra = {})
    {
        const Run run = openssl(QStringList{QStringLiteral("verify"), QStringLiteral("-x509_strict"),
                                            QStringLiteral("-purpose"), purpose, QStringLiteral("-CAfile"),
                                            QDir(dir).filePath(QStringLiteral("ca.crt"))}
                                + extra + QStringList{certificate});
        if (run.exitCode != 0)
            qWarning("openssl verify %s: %s%s", qPrintable(certificate), run.out.constData(), run.err.constData());
        return run.exitCode == 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
            QSKIP("the openssl program is needed to judge the certificates");
        QVERIFY(m_work.isValid());
        qunsetenv(kEnvironmentVariable.constData()); // each test chooses its own source
        m_passphraseFile = path(QStringLiteral("passphrase.txt"));
        QVERIFY(CaTest::writeFile(m_passphraseFile, kPassphrase + '\n', QFile::ReadOwner | QFile::WriteOwner));
        m_ca = path(QStringLiteral("shared-ca"));
        const Run init = caWithPassphrase(m_ca, {QStringLiteral("init"), QStringLiteral("--key"), QStringLiteral("p256")});
        QVERIFY2(init.exitCode == 0, init.err.constData());
    }

    void cleanupTestCase()
    {
        QVERIFY(!m_printed.isEmpty());
        QVERIFY2(!m_printed.contains(kPassphrase), "the passphrase was printed");
        QVERIFY2(!m_printed.contains(kTypedPassphrase), "the typed passphrase was printed");
    }

    void helpMentionsCa()
    {
        const Run help = CliTest::cli({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        for (const char *needle : {"ca init", "ca issue-server", "ca issue-device", "ca sign-csr", "ca revoke", "ca crl",
                                   "ca list", "ca show", "--ca-dir", "--passphrase-file", "MODEMBENCH_CA_PASSPHRASE"})
            QVERIFY2(help.out.contains(needle), needle);
    }

    // The issue's done-when, for both the default RSA CA and a P-256 one.
    void doneWhenFlow_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("rsa2048") << QStringLiteral("rsa2048");
        QTest::newRow("p256") << QStringLiteral("p256");
    }
    void doneWhenFlow()
    {
        QFETCH(QString, key);
        const QString dir = path(QStringLiteral("flow-") + key);
        const QString out = path(QStringLiteral("out-") + key);
        QVERIFY(QDir().mkpath(out));
        Run run = caWithPassphrase(dir, {QStringLiteral("init"), QStringLiteral("--key"), key, QStringLiteral("--years"),
                                         QStringLiteral("10"), QStringLiteral("--subject"), QStringLiteral("/O=Test/CN=Test Root")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(QFile::exists(dir + QStringLiteral("/ca.crt")));
        QCOMPARE(modeOf(dir), 0700);
        QCOMPARE(modeOf(dir + QStringLiteral("/ca.key")), 0600);

        run = caWithPassphrase(dir, {QStringLiteral("issue-server"), QStringLiteral("--dns"), QStringLiteral("localhost"),
                                     QStringLiteral("--ip"), QStringLiteral("127.0.0.1"), QStringLiteral("--out"),
                                     out + QStringLiteral("/server")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        run = caWithPassphrase(dir, {QStringLiteral("issue-device"), QStringLiteral("--imei"), kImei,
                                     QStringLiteral("--out"), out + QStringLiteral("/device")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QString server = out + QStringLiteral("/server.crt");
        const QString device = out + QStringLiteral("/device.crt");
        QCOMPARE(modeOf(out + QStringLiteral("/server.key")), 0600);
        QCOMPARE(modeOf(out + QStringLiteral("/device.key")), 0600);
        QVERIFY(verifies(dir, QStringLiteral("sslserver"), server));
        QVERIFY(verifies(dir, QStringLiteral("sslclient"), device));
        const Run names = openssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-ext"),
                                   QStringLiteral("subjectAltName"), QStringLiteral("-in"), server});
        QVERIFY2(names.out.contains("DNS:localhost") && names.out.contains("IP Address:127.0.0.1"), names.out.constData());
        // The key written next to the certificate is the certificate's.
        const Run keyCheck = openssl({QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-pubkey"),
                                      QStringLiteral("-in"), device});
        const Run keyPub = openssl({QStringLiteral("pkey"), QStringLiteral("-pubout"), QStringLiteral("-in"),
                                    out + QStringLiteral("/device.key")});
        QCOMPARE(keyCheck.out, keyPub.out);

        const QString serial = serialOf(device);
        QVERIFY(!serial.isEmpty());
        run = caWithPassphrase(dir, {QStringLiteral("revoke"), serial, QStringLiteral("--reason"), QStringLiteral("keyCompromise")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        run = caWithPassphrase(dir, {QStringLiteral("revoke"), serial});
        QCOMPARE(run.exitCode, 1); // already revoked: the operation fails, the usage was fine
        const QString crl = out + QStringLiteral("/crl.pem");
        run = caWithPassphrase(dir, {QStringLiteral("crl"), QStringLiteral("--out"), crl});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(readFile(crl).startsWith("-----BEGIN X509 CRL-----"));

        const QStringList crlCheck{QStringLiteral("-crl_check"), QStringLiteral("-CRLfile"), crl};
        const Run refused = openssl(QStringList{QStringLiteral("verify"), QStringLiteral("-x509_strict"), QStringLiteral("-purpose"),
                                                QStringLiteral("sslclient"), QStringLiteral("-CAfile"), dir + QStringLiteral("/ca.crt")}
                                    + crlCheck + QStringList{device});
        QVERIFY(refused.exitCode != 0);
        QVERIFY2((refused.out + refused.err).contains("certificate revoked"), (refused.out + refused.err).constData());
        QVERIFY(verifies(dir, QStringLiteral("sslserver"), server, crlCheck)); // only the device was revoked

        const QJsonArray list = listJson(dir);
        QCOMPARE(list.size(), 3); // the CA's own certificate is listed too
        for (const QJsonValue &row : list) {
            const QJsonObject object = row.toObject();
            if (object.value(QStringLiteral("kind")).toString() == QLatin1String("ca"))
                continue;
            const bool isDevice = object.value(QStringLiteral("serial")).toString() == serial;
            QCOMPARE(object.value(QStringLiteral("status")).toString(), isDevice ? QStringLiteral("revoked") : QStringLiteral("valid"));
            if (isDevice) {
                QCOMPARE(object.value(QStringLiteral("imei")).toString(), kImei);
                QCOMPARE(object.value(QStringLiteral("revocation_reason")).toString(), QStringLiteral("keyCompromise"));
            }
        }
    }

    void signCsrMadeByOpenssl()
    {
        const QString csr = path(QStringLiteral("req.csr"));
        const Run made = openssl({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                                  QStringLiteral("-nodes"), QStringLiteral("-keyout"), path(QStringLiteral("req.key")),
                                  QStringLiteral("-subj"), QStringLiteral("/CN=csr-device"), QStringLiteral("-out"), csr});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        const QString certificate = path(QStringLiteral("csr.crt"));
        const Run run = caWithPassphrase(m_ca, {QStringLiteral("sign-csr"), csr, QStringLiteral("--out"), certificate});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(verifies(m_ca, QStringLiteral("sslclient"), certificate));
        QVERIFY(!QFile::exists(path(QStringLiteral("csr.key"))));

        const QString serverCertificate = path(QStringLiteral("csr-server.crt"));
        const Run server = caWithPassphrase(m_ca, {QStringLiteral("sign-csr"), csr, QStringLiteral("--kind"), QStringLiteral("server"),
                                                   QStringLiteral("--out"), serverCertificate});
        QVERIFY2(server.exitCode == 0, server.err.constData());
        QVERIFY(verifies(m_ca, QStringLiteral("sslserver"), serverCertificate));
    }

    // A CA made elsewhere (openssl, encrypted key) is adopted and issues certificates that verify.
    void importOpensslCa()
    {
        const QString certificate = path(QStringLiteral("external.crt"));
        const QString key = path(QStringLiteral("external.key"));
        const Run made = openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                                  QStringLiteral("-keyout"), key, QStringLiteral("-passout"), QStringLiteral("pass:external-pass"),
                                  QStringLiteral("-subj"), QStringLiteral("/CN=External Root"), QStringLiteral("-days"), QStringLiteral("365"),
                                  QStringLiteral("-addext"), QStringLiteral("basicConstraints=critical,CA:TRUE"),
                                  QStringLiteral("-addext"), QStringLiteral("keyUsage=critical,keyCertSign,cRLSign"),
                                  QStringLiteral("-out"), certificate});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        const QString dir = path(QStringLiteral("imported"));
        const Run withoutKeyPassphrase = caWithPassphrase(dir, {QStringLiteral("import"), certificate, key});
        QCOMPARE(withoutKeyPassphrase.exitCode, 2);
        QVERIFY2(withoutKeyPassphrase.err.contains("--key-passphrase-file"), withoutKeyPassphrase.err.constData());

        const QString keyPassphrase = path(QStringLiteral("external-pass.txt"));
        QVERIFY(CaTest::writeFile(keyPassphrase, "external-pass\n", QFile::ReadOwner | QFile::WriteOwner));
        const Run imported = caWithPassphrase(dir, {QStringLiteral("import"), certificate, key,
                                                    QStringLiteral("--key-passphrase-file"), keyPassphrase});
        QVERIFY2(imported.exitCode == 0, imported.err.constData());
        const QString prefix = path(QStringLiteral("imported-device"));
        const Run issued = caWithPassphrase(dir, {QStringLiteral("issue-device"), QStringLiteral("--imei"), kImei,
                                                  QStringLiteral("--days"), QStringLiteral("300"), QStringLiteral("--out"), prefix});
        QVERIFY2(issued.exitCode == 0, issued.err.constData());
        QVERIFY(verifies(dir, QStringLiteral("sslclient"), prefix + QStringLiteral(".crt")));
    }

    void listAndShow()
    {
        const QString prefix = path(QStringLiteral("listed"));
        const Run issued = caWithPassphrase(m_ca, {QStringLiteral("issue-device"), QStringLiteral("--imei"), kImei,
                                                   QStringLiteral("--out"), prefix});
        QVERIFY2(issued.exitCode == 0, issued.err.constData());
        const QString serial = serialOf(prefix + QStringLiteral(".crt"));
        const QJsonArray list = listJson(m_ca);
        QVERIFY(!list.isEmpty());
        const auto row = std::find_if(list.begin(), list.end(), [&](const QJsonValue &value) {
            return value.toObject().value(QStringLiteral("serial")).toString() == serial;
        });
        QVERIFY(row != list.end());
        const QJsonObject object = row->toObject();
        for (const char *key : {"serial", "kind", "subject", "imei", "fingerprint", "not_before", "not_after", "status",
                                "revocation_reason"})
            QVERIFY2(object.contains(QLatin1String(key)), key);
        QCOMPARE(object.value(QStringLiteral("kind")).toString(), QStringLiteral("device"));
        QVERIFY(object.value(QStringLiteral("revocation_reason")).isNull());

        const Run table = ca({QStringLiteral("list"), QStringLiteral("--ca-dir"), m_ca}); // no passphrase needed
        QCOMPARE(table.exitCode, 0);
        QVERIFY(table.out.startsWith("SERIAL"));
        QVERIFY(table.out.contains(serial.toLatin1()));

        const Run shown = ca({QStringLiteral("show"), serial.toLower(), QStringLiteral("--ca-dir"), m_ca});
        QVERIFY2(shown.exitCode == 0, shown.err.constData());
        QVERIFY(shown.out.contains(serial.toLatin1()));
        QVERIFY(shown.out.contains(kImei.toLatin1()));
        const Run json = ca({QStringLiteral("show"), serial, QStringLiteral("--json"), QStringLiteral("--ca-dir"), m_ca});
        QCOMPARE(QJsonDocument::fromJson(json.out).object().value(QStringLiteral("serial")).toString(), serial);

        const Run unknown = ca({QStringLiteral("show"), QStringLiteral("0123456789ABCDEF"), QStringLiteral("--ca-dir"), m_ca});
        QCOMPARE(unknown.exitCode, 1);
    }

    void revokeUnknownSerialExitsOne()
    {
        const Run run = caWithPassphrase(m_ca, {QStringLiteral("revoke"), QStringLiteral("7FFFFFFFFFFFFFFF01")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("7FFFFFFFFFFFFFFF01"), run.err.constData());
    }

    void existingFilesNeedForce()
    {
        const QString prefix = path(QStringLiteral("twice"));
        const QStringList issue{QStringLiteral("issue-device"), QStringLiteral("--imei"), kImei, QStringLiteral("--out"), prefix};
        QVERIFY(caWithPassphrase(m_ca, issue).exitCode == 0);
        const QByteArray key = readFile(prefix + QStringLiteral(".key"));
        const QByteArray certificate = readFile(prefix + QStringLiteral(".crt"));
        const qsizetype issuedBefore = listJson(m_ca).size();

        const Run refused = caWithPassphrase(m_ca, issue);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("--force"), refused.err.constData());
        QCOMPARE(readFile(prefix + QStringLiteral(".key")), key);
        QCOMPARE(readFile(prefix + QStringLiteral(".crt")), certificate);
        QCOMPARE(listJson(m_ca).size(), issuedBefore); // refused before anything was issued

        // A world-readable file in the way must not make the new key world-readable.
        QVERIFY(QFile::setPermissions(prefix + QStringLiteral(".key"), QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
        const Run forced = caWithPassphrase(m_ca, issue + QStringList{QStringLiteral("--force")});
        QVERIFY2(forced.exitCode == 0, forced.err.constData());
        QVERIFY(readFile(prefix + QStringLiteral(".key")) != key);
        QCOMPARE(modeOf(prefix + QStringLiteral(".key")), 0600);
        QCOMPARE(modeOf(prefix + QStringLiteral(".crt")) & 0644, 0644);
    }

    void environmentPassphrase()
    {
        qputenv(kEnvironmentVariable.constData(), kPassphrase);
        const Run run = ca({QStringLiteral("issue-server"), QStringLiteral("--dns"), QStringLiteral("env.example"),
                            QStringLiteral("--out"), path(QStringLiteral("env")), QStringLiteral("--ca-dir"), m_ca});
        qunsetenv(kEnvironmentVariable.constData());
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(verifies(m_ca, QStringLiteral("sslserver"), path(QStringLiteral("env.crt"))));
    }

    void usageErrorsExitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        const QString dir = path(QStringLiteral("never"));
        const QString ca = QStringLiteral("--ca-dir");
        QTest::newRow("no subcommand") << QStringList{ca, dir} << QByteArray("needs a subcommand");
        QTest::newRow("unknown subcommand") << QStringList{QStringLiteral("frobnicate"), ca, dir} << QByteArray("frobnicate");
        QTest::newRow("missing --ca-dir") << QStringList{QStringLiteral("list")} << QByteArray("--ca-dir");
        QTest::newRow("passphrase as an argument") << QStringList{QStringLiteral("init"), ca, dir, QStringLiteral("--passphrase"),
                                                                  QStringLiteral("hunter2hunter2")}
                                                   << QByteArray("Unknown option 'passphrase'");
        QTest::newRow("bad key kind") << QStringList{QStringLiteral("init"), ca, dir, QStringLiteral("--key"), QStringLiteral("rsa1024")}
                                      << QByteArray("--key");
        QTest::newRow("bad years") << QStringList{QStringLiteral("init"), ca, dir, QStringLiteral("--years"), QStringLiteral("0")}
                                   << QByteArray("--years");
        QTest::newRow("bad IMEI check digit") << QStringList{QStringLiteral("issue-device"), ca, dir, QStringLiteral("--imei"),
                                                             QStringLiteral("869951031234565"), QStringLiteral("--out"), QStringLiteral("x")}
                                              << QByteArray("--imei");
        QTest::newRow("short IMEI") << QStringList{QStringLiteral("issue-device"), ca, dir, QStringLiteral("--imei"),
                                                   QStringLiteral("12345"), QStringLiteral("--out"), QStringLiteral("x")}
                                    << QByteArray("--imei");
        QTest::newRow("no --out") << QStringList{QStringLiteral("issue-device"), ca, dir, QStringLiteral("--imei"), kImei}
                                  << QByteArray("--out");
        QTest::newRow("server without names") << QStringList{QStringLiteral("issue-server"), ca, dir, QStringLiteral("--out"), QStringLiteral("x")}
                                              << QByteArray("--dns");
        QTest::newRow("bad ip") << QStringList{QStringLiteral("issue-server"), ca, dir, QStringLiteral("--ip"), QStringLiteral("300.1.1.1"),
                                               QStringLiteral("--out"), QStringLiteral("x")}
                                << QByteArray("--ip");
        QTest::newRow("option of another subcommand") << QStringList{QStringLiteral("init"), ca, dir, QStringLiteral("--imei"), kImei}
                                                      << QByteArray("does not take --imei");
        QTest::newRow("bad reason") << QStringList{QStringLiteral("revoke"), QStringLiteral("01"), ca, dir, QStringLiteral("--reason"),
                                                   QStringLiteral("boredom")}
                                    << QByteArray("--reason");
        QTest::newRow("bad serial") << QStringList{QStringLiteral("show"), QStringLiteral("xyz"), ca, dir} << QByteArray("SERIAL");
        QTest::newRow("no passphrase source") << QStringList{QStringLiteral("init"), ca, dir}
                                              << QByteArray(ModemBench::kNoPassphraseMessage);
        QTest::newRow("missing CSR") << QStringList{QStringLiteral("sign-csr"), path(QStringLiteral("no.csr")), ca, dir,
                                                    QStringLiteral("--out"), path(QStringLiteral("no.crt"))}
                                     << QByteArray("no.csr");
    }
    void usageErrorsExitTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        const Run run = ca(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(message), run.err.constData());
        QVERIFY(!QFile::exists(path(QStringLiteral("never"))));
    }

    void passphraseProblemsExitTwo()
    {
        const QString wrong = path(QStringLiteral("wrong.txt"));
        QVERIFY(CaTest::writeFile(wrong, "not-the-passphrase\n", QFile::ReadOwner | QFile::WriteOwner));
        const QStringList issue{QStringLiteral("issue-server"), QStringLiteral("--dns"), QStringLiteral("a.example"),
                                QStringLiteral("--out"), path(QStringLiteral("wrong")), QStringLiteral("--ca-dir"), m_ca,
                                QStringLiteral("--passphrase-file")};
        Run run = ca(issue + QStringList{wrong});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("wrong passphrase"), run.err.constData());

        const QString loose = path(QStringLiteral("loose.txt"));
        QVERIFY(CaTest::writeFile(loose, kPassphrase + '\n', QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther));
        run = ca(issue + QStringList{loose});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("chmod"), run.err.constData());
        QVERIFY(!QFile::exists(path(QStringLiteral("wrong.crt"))));
    }

    // A user at a terminal: init asks twice with echo off, then issue asks once.
    void promptOnTerminal()
    {
        CaTest::Terminal terminal;
        QVERIFY(terminal.isOpen());
        const QString dir = path(QStringLiteral("prompted"));
        QProcess init;
        CaTest::startOnTerminal(init, terminal, {QStringLiteral("ca"), QStringLiteral("init"), QStringLiteral("--ca-dir"), dir,
                                                 QStringLiteral("--key"), QStringLiteral("p256")});
        QByteArray err;
        QVERIFY2(CaTest::waitForPrompt(init, err, "passphrase"), err.constData());
        terminal.type(kTypedPassphrase + '\n');
        QVERIFY2(CaTest::waitForPrompt(init, err, "again"), err.constData());
        terminal.type(kTypedPassphrase + '\n');
        QVERIFY(init.waitForFinished(60000));
        err += init.readAllStandardError();
        m_printed += init.readAllStandardOutput() + err + terminal.screen();
        QVERIFY2(init.exitCode() == 0, err.constData());

        QProcess issue;
        CaTest::startOnTerminal(issue, terminal, {QStringLiteral("ca"), QStringLiteral("issue-device"), QStringLiteral("--imei"), kImei,
                                                  QStringLiteral("--out"), path(QStringLiteral("prompted-device")),
                                                  QStringLiteral("--ca-dir"), dir});
        err.clear();
        QVERIFY2(CaTest::waitForPrompt(issue, err, "passphrase"), err.constData());
        terminal.type(kTypedPassphrase + '\n');
        QVERIFY(issue.waitForFinished(60000));
        err += issue.readAllStandardError();
        m_printed += issue.readAllStandardOutput() + err + terminal.screen();
        QVERIFY2(issue.exitCode() == 0, err.constData());
        QVERIFY(verifies(dir, QStringLiteral("sslclient"), path(QStringLiteral("prompted-device.crt"))));
        QVERIFY(!terminal.screen().contains(kTypedPassphrase)); // echo was off
    }

    void promptMismatchExitsTwo()
    {
        CaTest::Terminal terminal;
        QVERIFY(terminal.isOpen());
        const QString dir = path(QStringLiteral("mismatch"));
        QProcess init;
        CaTest::startOnTerminal(init, terminal, {QStringLiteral("ca"), QStringLiteral("init"), QStringLiteral("--ca-dir"), dir});
        QByteArray err;
        QVERIFY2(CaTest::waitForPrompt(init, err, "passphrase"), err.constData());
        terminal.type(kTypedPassphrase + '\n');
        QVERIFY2(CaTest::waitForPrompt(init, err, "again"), err.constData());
        terminal.type(kTypedPassphrase + "-typo\n");
        QVERIFY(init.waitForFinished(60000));
        err += init.readAllStandardError();
        m_printed += init.readAllStandardOutput() + err + terminal.screen();
        QCOMPARE(init.exitCode(), 2);
        QVERIFY2(err.contains("differ"), err.constData());
        QVERIFY(!QFile::exists(dir + QStringLiteral("/ca.crt")));
    }

    void helpers()
    {
        QVERIFY(ModemBench::isValidImei(kImei));
        QVERIFY(!ModemBench::isValidImei(QStringLiteral("869951031234565")));
        QVERIFY(!ModemBench::isValidImei(QStringLiteral("86995103123456")));
        QVERIFY(!ModemBench::isValidImei(QStringLiteral("86995103123456a")));
        QCOMPARE(ModemBench::normalizeSerial(QStringLiteral("serial=3a5f")), QStringLiteral("3A5F"));
        QCOMPARE(ModemBench::normalizeSerial(QStringLiteral("3a:5f")), QStringLiteral("3A5F"));
        QCOMPARE(ModemBench::normalizeSerial(QStringLiteral("a5f")), QStringLiteral("0A5F"));
        QCOMPARE(ModemBench::normalizeSerial(QStringLiteral("0x10")), QStringLiteral("10"));
        QVERIFY(ModemBench::normalizeSerial(QStringLiteral("xyz")).isEmpty());
        QVERIFY(ModemBench::normalizeSerial(QString(41, QLatin1Char('A'))).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCaCli)
#include "tst_cacli.moc"
