// Black-box tests of modemsim's SIM7000/SIM7080 AP file system (AT+CFS*, protocol.md §9) and the
// certificate convert of AT+CSSLCFG (§7.1): a modemsim process and a raw pty client comparing bytes.

#include "simharness.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using SimTest::PtyClient;
using SimTest::SimProcess;
using SimTest::kTimeoutMs;

namespace {

const QByteArray kOk = "\r\nOK\r\n";
const QByteArray kError = "\r\nERROR\r\n";
const QByteArray kDownload = "\r\nDOWNLOAD\r\n";

// Bytes 0-255 in a seeded shuffle, with CR, LF, "OK" and NUL inside.
QByteArray binaryData(qsizetype size, unsigned seed)
{
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> byte(0, 255);
    QByteArray data;
    data.reserve(size);
    for (qsizetype i = 0; i < size; ++i)
        data.append(char(byte(random)));
    const QByteArray marks("\r\n\r\nOK\r\n\0", 9);
    for (qsizetype i = 0; i < marks.size() && i * 97 < size; ++i)
        data[i * 97] = marks.at(i);
    return data;
}

} // namespace

class TestModemSimFiles : public QObject
{
    Q_OBJECT

private:
    QStringList arguments(const QStringList &extra = {}) const
    {
        return QStringList{QStringLiteral("--no-banner"), QStringLiteral("--exit-with-stdin")} + extra;
    }

    QString writeFile(const QString &name, const QByteArray &contents)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size())
            return {};
        return path;
    }

    QByteArray readFile(const QString &name) const
    {
        QFile file(m_dir.filePath(name));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    bool openssl(const QStringList &args)
    {
        QProcess process;
        process.setWorkingDirectory(m_dir.path());
        process.start(QStringLiteral("openssl"), args);
        return process.waitForFinished(kTimeoutMs) && process.exitStatus() == QProcess::NormalExit
               && process.exitCode() == 0;
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase();
    void writeAndRead();
    void appendTwoWrites();
    void largeFiles_data();
    void largeFiles();
    void limits();
    void quotedNumbersAndTest();
    void shortWriteEndsAtInputTime();
    void deleteAndRename();
    void withoutInit();
    void fileSystemFull();
    void convertCertificates();
    void convertFailures();
    void sslContextSettings();
    void persistsWithState();
    void baudPacing();
};

// The test certificates come from the openssl program: a CA, a client pair, DER forms.
void TestModemSimFiles::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QStringList ec{QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                         QStringLiteral("-days"), QStringLiteral("2")};
    QVERIFY(openssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ec
                    + QStringList{QStringLiteral("-keyout"), QStringLiteral("ca.key"), QStringLiteral("-out"),
                                  QStringLiteral("ca.pem"), QStringLiteral("-subj"), QStringLiteral("/CN=ModemSim Test CA")}));
    QVERIFY(openssl(QStringList{QStringLiteral("req"), QStringLiteral("-x509")} + ec
                    + QStringList{QStringLiteral("-keyout"), QStringLiteral("client.key"), QStringLiteral("-out"),
                                  QStringLiteral("client.crt"), QStringLiteral("-subj"), QStringLiteral("/CN=device-1")}));
    QVERIFY(openssl({QStringLiteral("x509"), QStringLiteral("-in"), QStringLiteral("ca.pem"), QStringLiteral("-outform"),
                     QStringLiteral("DER"), QStringLiteral("-out"), QStringLiteral("ca.der")}));
    QVERIFY(openssl({QStringLiteral("pkey"), QStringLiteral("-in"), QStringLiteral("client.key"),
                     QStringLiteral("-outform"), QStringLiteral("DER"), QStringLiteral("-out"),
                     QStringLiteral("client.key.der")}));
    for (const char *name : {"ca.key", "ca.pem", "client.key", "client.crt", "ca.der", "client.key.der"})
        QVERIFY2(!readFile(QString::fromLatin1(name)).isEmpty(), name);
}

#define UPLOAD(client, header, data)                                      \
    do {                                                                  \
        EXCHANGE(client, QByteArray(header) + "\r", kDownload);           \
        QVERIFY((client).sendAll(data));                                  \
        EXPECT_NEXT(client, kOk);                                         \
    } while (false)

void TestModemSimFiles::writeAndRead()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, arguments());
    // With echo on, the command is echoed; the payload is not.
    EXCHANGE(client, "AT+CFSINIT\r", "AT+CFSINIT\r" + kOk);
    EXCHANGE(client, "AT+CFSWFILE=3,\"a.txt\",0,10,1000\r", "AT+CFSWFILE=3,\"a.txt\",0,10,1000\r" + kDownload);
    QVERIFY(client.sendAll("0123456789"));
    EXPECT_NEXT(client, kOk);
    EXCHANGE(client, "ATE0\r", "ATE0\r" + kOk);
    EXCHANGE(client, "AT+CFSGFIS=3,\"a.txt\"\r", "\r\n+CFSGFIS: 10\r\n" + kOk);
    EXCHANGE(client, "AT+CFSRFILE=3,\"a.txt\",0,10240,0\r", "\r\n+CFSRFILE: 10\r\n0123456789" + kOk);
    EXCHANGE(client, "AT+CFSRFILE=3,\"a.txt\",1,4,3\r", "\r\n+CFSRFILE: 4\r\n3456" + kOk);
    // Case-insensitive command names, as in the real SIM7000E log (§9).
    EXCHANGE(client, "AT+CFSgfis=3,\"a.txt\"\r", "\r\n+CFSGFIS: 10\r\n" + kOk);
    EXCHANGE(client, "AT+CFSTERM\r", kOk);
    // A command right after the payload in the same write is a command again.
    EXCHANGE(client, "AT+CFSINIT\r", kOk);
    EXCHANGE(client, "AT+CFSWFILE=0,\"b\",0,3,1000\r", kDownload);
    QVERIFY(client.sendAll("xyzAT\r"));
    EXPECT_NEXT(client, kOk + kOk);
}

void TestModemSimFiles::appendTwoWrites()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, arguments());
    EXCHANGE(client, "ATE0\r", "ATE0\r" + kOk);
    EXCHANGE(client, "AT+CFSINIT\r", kOk);
    UPLOAD(client, "AT+CFSWFILE=2,\"log.bin\",0,3,1000", "abc");
    const QByteArray tail("\r\n\0\xff\r", 5);
    UPLOAD(client, "AT+CFSWFILE=2,\"log.bin\",1,5,1000", tail);
    EXCHANGE(client, "AT+CFSGFIS=2,\"log.bin\"\r", "\r\n+CFSGFIS: 8\r\n" + kOk);
    EXCHANGE(client, "AT+CFSRFILE=2,\"log.bin\",0,100,0\r", "\r\n+CFSRFILE: 8\r\nabc" + tail + kOk);
    // Mode 0 overwrites.
    UPLOAD(client, "AT+CFSWFILE=2,\"log.bin\",0,2,1000", "zz");
    EXCHANGE(client, "AT+CFSRFILE=2,\"log.bin\",0,100,0\r", "\r\n+CFSRFILE: 2\r\nzz" + kOk);
}

void TestModemSimFiles::largeFiles_data()
{
    QTest::addColumn<int>("size");
    QTest::newRow("1 KB") << 1024;
    QTest::newRow("10 KB") << 10240;
    QTest::newRow("25 KB") << 25 * 1024;
}

void TestModemSimFiles::largeFiles()
{
    QFETCH(int, size);
    const QByteArray data = binaryData(size, unsigned(size));
    SimProcess sim;
    PtyClient client;
    START(sim, client, arguments());
    EXCHANGE(client, "ATE0\r", "ATE0\r" + kOk);
    EXCHANGE(client, "AT+CFSINIT\r", kOk);
    for (qsizetype at = 0; at < data.size(); at += 10240) {
        const QByteArray chunk = data.mid(at, 10240);
        UPLOAD(client,
               "AT+CFSWFILE=3,\"big.bin\"," + QByteArray(at == 0 ? "0" : "1") + ','
                   + QByteArray::number(chunk.size()) + ",10000",
               chunk);
    }
    EXCHANGE(client, "AT+CFSGFIS=3,\"big.bin\"\r", "\r\n+CFSGFIS: " + QByteArray::number(size) + "\r\n" + kOk);
    for (qsizetype at = 0; at < data.size(); at += 10240) {
        const QByteArray chunk = data.mid(at, 10240);
        EXCHANGE(client, "AT+CFSRFILE=3,\"big.bin\",1,10240," + QByteArray::number(at) + "\r",
                 "\r\n+CFSRFILE: " + QByteArray::number(chunk.size()) + "\r\n" + chunk + kOk);
    }
    if (size <= 10240) {
        EXCHANGE(client, "AT+CFSRFILE=3,\"big.bin\",0,10240,0\r",
                 "\r\n+CFSRFILE: " + QByteArray::number(size) + "\r\n" + data + kOk);
    }
}

void TestModemSimFiles::limits()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, arguments());
    EXCHANGE(client, "ATE0\r", "ATE0\r" + kOk);
    EXCHANGE(client, "AT+CFSINIT\r", kOk);
    const QByteArray name50(50, 'n');
    const QByteArray name51(51, 'n');
    EXCHANGE(client, "AT+CFSWFILE=3,\"" + name51 + "\",0,1,1000\r", kError);
    UPLOAD(client, "AT+CFSWFILE=3,\"" + name50 + "\",0,1,1000", "x");
    EXCHANGE(client, "AT+CFSWFILE=3,\"\",0,1,1000\r", kError);
    EXCHANGE(client, "AT+CFSWFILE=3,\"a\",0,0,1000\r", kError);
    EXCHANGE(client, "AT+CFSWFILE=3,\"a\",0,10241,1000\r", kError);
    EXCHANGE(client, "AT+CFSWFILE=4,\"a\",0,1,1000\r", kError);
    EXCHANGE(client, "AT+CFSWFILE=-1,\"a\",0,1,1000\r", kError);
    EXCHANGE(client, "AT+CFSWFILE=3,\"a\",2,1,1000\r", kError);
    EXCHANGE(client, "AT+CFSWFILE=3,\"a\",0,1,99\r", kError);
    EXCHANGE(client, "AT+CFSWFILE=3,\"a\",0,1,10001\r", kError);
    EXCHANGE(client, "AT+CFSWFILE=3,\"a\",0,1\r", kError);
    UPLOAD(client, "AT+CFSWFILE=3,\"a\",0,1,100", "y");
    UPLOAD(client, "AT+CFSWFILE=3,\"a\",0,10240,10000", QByteArray(10240, 'q'));
    EXCHANGE(client, "AT+CFSGFIS=3,\"" + name51 + "\"\r", kError);
    EXCHANGE(client, "AT+CFSGFIS=3,\"missing\"\r", kError);
    EXCHANGE(client, "AT+CFSGFIS=4,\"a\"\r", kError);
    EXCHANGE(client, "AT+CFSRFILE=3,\"missing\",0,10,0\r", kError);
    EXCHANGE(client, "AT+CFSRFILE=3,\"a\",0,0,0\r", kError);
    EXCHANGE(client, "AT+CFSRFILE=3,\"a\",1,10,10241\r", kError);
    // The file is in directory 3 only.
    EXCHANGE(client, "AT+CFSGFIS=0,\"a\"\r", kError);
    // CMEE does not turn these into +CME ERROR lines.
    EXCHANGE(client, "AT+CMEE=2\r", kOk);
    EXCHANGE(client, "AT+CFSWFILE=3,\"a\",0,10241,1000\r", kError);
}

void TestModemSimFiles::quotedNumbersAndTest()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, arguments());
    EXCHANGE(client, "ATE0\r", "ATE0\r" + kOk);
    EXCHANGE(client, "AT+CFSWFILE=?\r", "\r\n+CFSWFILE: (0-3),\"fileName\",(0-1),(1-10240),(100-10000)\r\n" + kOk);
    EXCHANGE(client, "AT+CFSINIT\r", kOk);
    // Botletics quotes the numbers (§9).
    UPLOAD(client, "AT+CFSWFILE=3,\"ca.crt\",0,\"4\",\"5000\"", "abcd");
    EXCHANGE(client, "AT+CFSGFIS=3,ca.crt\r", "\r\n+CFSGFIS: 4\r\n" + kOk);
    EXCHANGE(client, "AT+CFSGFRS?\r", "\r\n+CFSGFRS: " + QByteArray::number(256 * 1024 - 4) + "\r\n" + kOk);
    EXCHANGE(client, "AT+CFSGFRS\r", kError);
}

// Fewer bytes than announced: the transfer ends at <inputtime> with OK and keeps what came (§14.6).
void TestModemSimFiles::shortWriteEndsAtInputTime()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, arguments());
    EXCHANGE(client, "ATE0\r", "ATE0\r" + kOk);
    EXCHANGE(client, "AT+CFSINIT\r", kOk);
    EXCHANGE(client, "AT+CFSWFILE=3,\"short\",0,10,200\r", kDownload);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(client.sendAll("abc"));
    EXPECT_NEXT(client, kOk);
    QVERIFY2(clock.elapsed() >= 150, QByteArray::number(clock.elapsed()).constData());
    EXCHANGE(client, "AT+CFSGFIS=3,\"short\"\r", "\r\n+CFSGFIS: 3\r\n" + kOk);
    // Nothing at all within the input time.
    EXCHANGE(client, "AT+CFSWFILE=3,\"empty\",0,10,100\r", kDownload);
    EXPECT_NEXT(client, kOk);
    EXCHANGE(client, "AT+CFSRFILE=3,\"short\",0,10,0\r", "\r\n+CFSRFILE: 3\r\nabc" + kOk);
}

void TestModemSimFiles::deleteAndRename()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, arguments());
    EXCHANGE(client, "ATE0\r", "ATE0\r" + kOk);
    EXCHANGE(client, "AT+CFSINIT\r", kOk);
    // A real SIM7080 answers OK for a file that is not there (§9).
    EXCHANGE(client, "AT+CFSDFILE=3,\"server_ca.cer\"\r", kOk);
    UPLOAD(client, "AT+CFSWFILE=3,\"server_ca.cer\",0,5,10000", "hello");
    EXCHANGE(client, "AT+CFSREN=3,\"server_ca.cer\",\"ca.cer\"\r", kOk);
    EXCHANGE(client, "AT+CFSGFIS=3,\"server_ca.cer\"\r", kError);
    EXCHANGE(client, "AT+CFSGFIS=3,\"ca.cer\"\r", "\r\n+CFSGFIS: 5\r\n" + kOk);
    EXCHANGE(client, "AT+CFSDFILE=3,\"ca.cer\"\r", kOk);
    EXCHANGE(client, "AT+CFSGFIS=3,\"ca.cer\"\r", kError);
    EXCHANGE(client, "AT+CFSRFILE=3,\"ca.cer\",0,10,0\r", kError);
    EXCHANGE(client, "AT+CFSDFILE=5,\"ca.cer\"\r", kError);
}

// One global buffer (§14.5): twice CFSINIT fails, everything else needs it.
void TestModemSimFiles::withoutInit()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, arguments());
    EXCHANGE(client, "ATE0\r", "ATE0\r" + kOk);
    EXCHANGE(client, "AT+CFSTERM\r", kError);
    EXCHANGE(client, "AT+CFSWFILE=3,\"a\",0,1,1000\r", kError);
    EXCHANGE(client, "AT+CFSGFIS=3,\"a\"\r", kError);
    EXCHANGE(client, "AT+CFSRFILE=3,\"a\",0,10,0\r", kError);
    EXCHANGE(client, "AT+CFSDFILE=3,\"a\"\r", kError);
    EXCHANGE(client, "AT+CFSGFRS?\r", kError);
    EXCHANGE(client, "AT+CFSINIT\r", kOk);
    EXCHANGE(client, "AT+CFSINIT\r", kError);
    UPLOAD(client, "AT+CFSWFILE=3,\"a\",0,1,1000", "1");
    EXCHANGE(client, "AT+CFSTERM\r", kOk);
    EXCHANGE(client, "AT+CFSGFIS=3,\"a\"\r", kError);
    EXCHANGE(client, "AT+CFSTERM\r", kError);
    // A reboot frees the buffer but keeps the files (flash).
    EXCHANGE(client, "AT+CFSINIT\r", kOk);
    EXCHANGE(client, "AT+CFUN=1,1\r", kOk);
    QVERIFY(QTest::qWaitFor([&] { return client.command("AT\r").endsWith(kOk); }, kTimeoutMs));
    EXCHANGE(client, "ATE0\r", "ATE0\r" + kOk);
    EXCHANGE(client, "AT+CFSINIT\r", kOk);
    EXCHANGE(client, "AT+CFSGFIS=3,\"a\"\r", "\r\n+CFSGFIS: 1\r\n" + kOk);
}

void TestModemSimFiles::fileSystemFull()
{
    const QString scenario = writeFile(QStringLiteral("small-fs.json"), R"({"fs_capacity_bytes": 2048})");
    QVERIFY(!scenario.isEmpty());
    SimProcess sim;
    PtyClient client;
    START(sim, client, arguments({QStringLiteral("--scenario"), scenario}));
    EXCHANGE(client, "ATE0\r", "ATE0\r" + kOk);
    EXCHANGE(client, "AT+CFSINIT\r", kOk);
    UPLOAD(client, "AT+CFSWFILE=0,\"a\",0,2000,1000", QByteArray(2000, 'a'));
    EXCHANGE(client, "AT+CFSGFRS?\r", "\r\n+CFSGFRS: 48\r\n" + kOk);
    EXCHANGE(client, "AT+CFSWFILE=1,\"b\",0,49,1000\r", kError);
    EXCHANGE(client, "AT+CMEE=1\r", kOk);
    EXCHANGE(client, "AT+CFSWFILE=0,\"a\",1,49,1000\r", "\r\n+CME ERROR: 20\r\n");
    EXCHANGE(client, "AT+CMEE=2\r", kOk);
    EXCHANGE(client, "AT+CFSWFILE=1,\"b\",0,49,1000\r", "\r\n+CME ERROR: memory full\r\n");
    // Overwriting counts the old size out; the rest fits.
    UPLOAD(client, "AT+CFSWFILE=0,\"a\",0,2048,1000", QByteArray(2048, 'b'));
    UPLOAD(client, "AT+CFSWFILE=0,\"a\",0,48,1000", QByteArray(48, 'c'));
    UPLOAD(client, "AT+CFSWFILE=1,\"b\",0,2000,1000", QByteArray(2000, 'd'));
}

void TestModemSimFiles::convertCertificates()
{
    const QString state = m_dir.filePath(QStringLiteral("convert-state.json"));
    SimProcess sim;
    PtyClient client;
    START(sim, client, arguments({QStringLiteral("--state"), state}));
    EXCHANGE(client, "ATE0\r", "ATE0\r" + kOk);
    EXCHANGE(client, "AT+CFSINIT\r", kOk);
    const QByteArray ca = readFile(QStringLiteral("ca.pem"));
    const QByteArray caDer = readFile(QStringLiteral("ca.der"));
    const QByteArray cert = readFile(QStringLiteral("client.crt"));
    const QByteArray key = readFile(QStringLiteral("client.key"));
    const QByteArray keyDer = readFile(QStringLiteral("client.key.der"));
    UPLOAD(client, "AT+CFSWFILE=3,\"root.pem\",0," + QByteArray::number(ca.size()) + ",10000", ca);
    UPLOAD(client, "AT+CFSWFILE=3,\"root.der\",0," + QByteArray::number(caDer.size()) + ",10000", caDer);
    UPLOAD(client, "AT+CFSWFILE=3,\"test crt.crt\",0," + QByteArray::number(cert.size()) + ",10000", cert);
    UPLOAD(client, "AT+CFSWFILE=3,\"test key.key\",0," + QByteArray::number(key.size()) + ",10000", key);
    UPLOAD(client, "AT+CFSWFILE=3,\"key.der\",0," + QByteArray::number(keyDer.size()) + ",10000", keyDer);
    EXCHANGE(client, "AT+CFSTERM\r", kOk);
    EXCHANGE(client, "AT+CSSLCFG=\"convert\",2,\"root.pem\"\r", kOk);
    EXCHANGE(client, "AT+CSSLCFG=\"CONVERT\",2,\"root.der\"\r", kOk);
    // BOT-LOG: unquoted, lower case, names with spaces (§7.1).
    EXCHANGE(client, "at+csslcfg=convert,1,test crt.crt,test key.key\r", kOk);
    EXCHANGE(client, "AT+CSSLCFG=\"convert\",1,\"test crt.crt\",\"key.der\"\r", kOk);
    EXCHANGE(client, "AT+CSSLCFG?\r", kOk);

    QFile file(state);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject converted = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("converted")).toObject();
    QCOMPARE(converted.value(QStringLiteral("root.pem")).toObject().value(QStringLiteral("type")).toInt(), 2);
    QCOMPARE(converted.value(QStringLiteral("root.pem")).toObject().value(QStringLiteral("subject")).toString(),
             QStringLiteral("CN=ModemSim Test CA"));
    QCOMPARE(converted.value(QStringLiteral("root.der")).toObject().value(QStringLiteral("subject")).toString(),
             QStringLiteral("CN=ModemSim Test CA"));
    const QJsonObject pair = converted.value(QStringLiteral("test crt.crt")).toObject();
    QCOMPARE(pair.value(QStringLiteral("type")).toInt(), 1);
    QCOMPARE(pair.value(QStringLiteral("subject")).toString(), QStringLiteral("CN=device-1"));
    QCOMPARE(pair.value(QStringLiteral("key")).toString(), QStringLiteral("key.der"));
}

void TestModemSimFiles::convertFailures()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, arguments());
    EXCHANGE(client, "ATE0\r", "ATE0\r" + kOk);
    EXCHANGE(client, "AT+CFSINIT\r", kOk);
    const QByteArray ca = readFile(QStringLiteral("ca.pem"));
    const QByteArray caKey = readFile(QStringLiteral("ca.key"));
    const QByteArray cert = readFile(QStringLiteral("client.crt"));
    QByteArray broken = ca;
    broken[broken.size() / 2] = '!';
    const QByteArray garbage = binaryData(700, 7);
    UPLOAD(client, "AT+CFSWFILE=3,\"garbage.pem\",0," + QByteArray::number(garbage.size()) + ",10000", garbage);
    UPLOAD(client, "AT+CFSWFILE=3,\"broken.pem\",0," + QByteArray::number(broken.size()) + ",10000", broken);
    UPLOAD(client, "AT+CFSWFILE=3,\"client.crt\",0," + QByteArray::number(cert.size()) + ",10000", cert);
    UPLOAD(client, "AT+CFSWFILE=3,\"ca.key\",0," + QByteArray::number(caKey.size()) + ",10000", caKey);
    UPLOAD(client, "AT+CFSWFILE=0,\"root.pem\",0," + QByteArray::number(ca.size()) + ",10000", ca);
    EXCHANGE(client, "AT+CFSTERM\r", kOk);
    EXCHANGE(client, "AT+CSSLCFG=\"convert\",2,\"garbage.pem\"\r", kError);
    EXCHANGE(client, "AT+CSSLCFG=\"convert\",2,\"broken.pem\"\r", kError);
    // A key is not a certificate.
    EXCHANGE(client, "AT+CSSLCFG=\"convert\",2,\"ca.key\"\r", kError);
    // Mismatched pair: the client certificate with the CA's key.
    EXCHANGE(client, "AT+CSSLCFG=\"convert\",1,\"client.crt\",\"ca.key\"\r", kError);
    EXCHANGE(client, "AT+CSSLCFG=\"convert\",1,\"client.crt\"\r", kError);
    EXCHANGE(client, "AT+CSSLCFG=\"convert\",1,\"client.crt\",\"garbage.pem\"\r", kError);
    // Not in /customer/, or not there at all.
    EXCHANGE(client, "AT+CSSLCFG=\"convert\",2,\"root.pem\"\r", kError);
    EXCHANGE(client, "AT+CSSLCFG=\"convert\",2,\"nothing.pem\"\r", kError);
    EXCHANGE(client, "AT+CSSLCFG=\"convert\",4,\"client.crt\"\r", kError);
    EXCHANGE(client, "AT+CSSLCFG=\"convert\",2,\"client.crt\"\r", kOk);
}

void TestModemSimFiles::sslContextSettings()
{
    SimProcess sim;
    PtyClient client;
    START(sim, client, arguments({QStringLiteral("--model"), QStringLiteral("sim7080g")}));
    EXCHANGE(client, "ATE0\r", "ATE0\r" + kOk);
    EXCHANGE(client, "AT+CSSLCFG=\"sslversion\",1,3\r", kOk);
    EXCHANGE(client, "AT+CSSLCFG=\"SNI\",1,\"example.com\"\r", kOk);
    EXCHANGE(client, "AT+CSSLCFG=ignorertctime,1,1\r", kOk);
    EXCHANGE(client, "AT+CSSLCFG=\"ciphersuite\",1,0,0xc02f\r", kOk);
    EXCHANGE(client, "AT+CSSLCFG=\"sslversion\",6,3\r", kError);
    EXCHANGE(client, "AT+CSSLCFG=\"sslversion\",1,9\r", kError);
    EXCHANGE(client, "AT+CSSLCFG=\"ctxindex\",1\r",
             "\r\n+CSSLCFG: 1,3,0xC02F,0x0000,0x0000,0x0000,0x0000,0x0000,0x0000,0x0000,1,1,\"example.com\"\r\n" + kOk);
    EXCHANGE(client, "AT+CFSINIT\r", kOk);
    EXCHANGE(client, "AT+CFSGFIS=3,\"none\"\r", kError);
}

void TestModemSimFiles::persistsWithState()
{
    const QString state = m_dir.filePath(QStringLiteral("persist-state.json"));
    const QByteArray data = binaryData(3000, 99);
    const QByteArray ca = readFile(QStringLiteral("ca.pem"));
    {
        SimProcess sim;
        PtyClient client;
        START(sim, client, arguments({QStringLiteral("--state"), state}));
        EXCHANGE(client, "ATE0\r", "ATE0\r" + kOk);
        EXCHANGE(client, "AT+CFSINIT\r", kOk);
        UPLOAD(client, "AT+CFSWFILE=2,\"data.bin\",0,3000,10000", data);
        UPLOAD(client, "AT+CFSWFILE=3,\"root.pem\",0," + QByteArray::number(ca.size()) + ",10000", ca);
        EXCHANGE(client, "AT+CFSTERM\r", kOk);
        EXCHANGE(client, "AT+CSSLCFG=\"convert\",2,\"root.pem\"\r", kOk);
        client.close();
        QCOMPARE(sim.stop(), 0);
    }
    SimProcess sim;
    PtyClient client;
    START(sim, client, arguments({QStringLiteral("--state"), state}));
    EXCHANGE(client, "ATE0\r", "ATE0\r" + kOk);
    EXCHANGE(client, "AT+CFSINIT\r", kOk);
    EXCHANGE(client, "AT+CFSGFIS=2,\"data.bin\"\r", "\r\n+CFSGFIS: 3000\r\n" + kOk);
    EXCHANGE(client, "AT+CFSRFILE=2,\"data.bin\",0,10240,0\r", "\r\n+CFSRFILE: 3000\r\n" + data + kOk);
    EXCHANGE(client, "AT+CFSDFILE=2,\"data.bin\"\r", kOk);
    EXCHANGE(client, "AT+CFSTERM\r", kOk);
    client.close();
    QCOMPARE(sim.stop(), 0);
    QFile file(state);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    QVERIFY(!root.value(QStringLiteral("files")).toObject().contains(QStringLiteral("2")));
    QVERIFY(root.value(QStringLiteral("files")).toObject().value(QStringLiteral("3")).toObject().contains(
        QStringLiteral("root.pem")));
    QCOMPARE(root.value(QStringLiteral("converted")).toObject().value(QStringLiteral("root.pem")).toObject().value(
                 QStringLiteral("subject")).toString(),
             QStringLiteral("CN=ModemSim Test CA"));
}

// --baud-pacing 19200: 1920 bytes a second each way, so 960 payload bytes take half a second to go
// in, and reading them back half a second to come out.
void TestModemSimFiles::baudPacing()
{
    const QByteArray data = binaryData(960, 3);
    SimProcess sim;
    PtyClient client;
    START(sim, client, arguments({QStringLiteral("--baud-pacing"), QStringLiteral("19200")}));
    EXCHANGE(client, "ATE0\r", "ATE0\r" + kOk);
    EXCHANGE(client, "AT+CFSINIT\r", kOk);
    EXCHANGE(client, "AT+CFSWFILE=3,\"paced\",0,960,10000\r", kDownload);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(client.sendAll(data));
    EXPECT_NEXT(client, kOk);
    QVERIFY2(clock.elapsed() >= 450, QByteArray::number(clock.elapsed()).constData());
    clock.restart();
    EXCHANGE(client, "AT+CFSRFILE=3,\"paced\",0,10240,0\r", "\r\n+CFSRFILE: 960\r\n" + data + kOk);
    QVERIFY2(clock.elapsed() >= 450, QByteArray::number(clock.elapsed()).constData());
}

QTEST_GUILESS_MAIN(TestModemSimFiles)
#include "tst_modemsimfiles.moc"
