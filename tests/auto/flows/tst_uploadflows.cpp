// Certificate upload and convert (issue #6) against an in-test model of the SIM7000 file system
// (protocol §9, §7.1) on LoopbackTransport + ManualClock: round trips, chunking, inputtime per
// baud, read-back mismatch, CFSTERM after a failure, redaction of key bytes, PEM normalisation.
#include "scriptedmodem.h"

#include "core/flows/pemnormalize.h"
#include "core/flows/uploadflows.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "../../common/cliprocess.h"

using namespace ModemBench;

namespace {

// Answers the CFS commands of §9 like modemsim: DOWNLOAD, then exactly <size> raw bytes, then OK.
struct CfsModem {
    CfsModem()
    {
        if (auto loaded = CommandCatalog::loadDefault())
            catalog = std::make_unique<CommandCatalog>(std::move(*loaded));
        transport.open();
        channel = std::make_unique<AtChannel>(&transport, &clock, catalog.get());
        QObject::connect(&transport, &LoopbackTransport::hostWrote, [this](const QByteArray &b) { onWrite(b); });
        QObject::connect(channel.get(), &AtChannel::traffic, [this](const TrafficRecord &r) { traffic << r; });
    }

    Result<void> run(QList<FlowStep> steps, int deadlineMs)
    {
        FlowRunner runner(channel.get(), &clock, std::move(steps), QStringLiteral("Upload"), deadlineMs);
        bool finished = false;
        Result<void> result = fail(ErrorCode::Cancelled, QStringLiteral("not finished"));
        QObject::connect(&runner, &FlowRunner::finished, [&](const Result<void> &r) {
            finished = true;
            result = r;
        });
        runner.start();
        const qint64 end = clock.nowMs() + deadlineMs + 5000;
        while (!finished && clock.nowMs() < end) {
            for (int i = 0; i < 20 && !finished; ++i)
                QCoreApplication::processEvents();
            if (!finished)
                clock.advance(50);
        }
        return result;
    }
    QList<QByteArray> matching(const char *prefix) const
    {
        QList<QByteArray> out;
        for (const QByteArray &c : commands)
            if (c.startsWith(prefix))
                out << c;
        return out;
    }

    ManualClock clock;
    LoopbackTransport transport;
    std::unique_ptr<CommandCatalog> catalog;
    std::unique_ptr<AtChannel> channel;
    QList<QByteArray> commands;
    QList<TrafficRecord> traffic;
    QHash<QByteArray, QByteArray> files;
    bool initialised = false;
    qsizetype corruptAt = -1;   // read-back flips this byte
    QByteArray failCommandPrefix; // answered ERROR

private:
    void reply(const QByteArray &bytes)
    {
        QMetaObject::invokeMethod(&transport, [this, bytes] { transport.deliverFromModem(bytes); }, Qt::QueuedConnection);
    }
    void onWrite(const QByteArray &bytes)
    {
        m_pending += bytes;
        while (!m_pending.isEmpty()) {
            if (m_expect > 0) {
                const QByteArray part = m_pending.left(m_expect);
                m_pending.remove(0, part.size());
                m_expect -= part.size();
                files[m_file] += part;
                if (m_expect == 0)
                    reply("\r\nOK\r\n");
                continue;
            }
            const qsizetype cr = m_pending.indexOf('\r');
            if (cr < 0)
                return;
            const QByteArray command = m_pending.left(cr).trimmed();
            m_pending.remove(0, cr + 1);
            if (!command.isEmpty())
                answer(command);
        }
    }
    void answer(const QByteArray &command)
    {
        commands << command;
        static const QRegularExpression write(QStringLiteral("^AT\\+CFSWFILE=3,\"([^\"]+)\",([01]),(\\d+),(\\d+)$"));
        static const QRegularExpression read(QStringLiteral("^AT\\+CFSRFILE=3,\"([^\"]+)\",([01]),(\\d+),(\\d+)$"));
        static const QRegularExpression size(QStringLiteral("^AT\\+CFSGFIS=3,\"([^\"]+)\"$"));
        const QString text = QString::fromLatin1(command);
        if (!failCommandPrefix.isEmpty() && command.startsWith(failCommandPrefix))
            return reply("\r\nERROR\r\n");
        if (command == "AT+CFSINIT" || command == "AT+CFSTERM") {
            const bool init = command == "AT+CFSINIT";
            const bool ok = init != initialised;
            initialised = init ? true : false;
            return reply(ok ? "\r\nOK\r\n" : "\r\nERROR\r\n");
        }
        if (auto m = write.match(text); m.hasMatch() && initialised) {
            m_file = m.captured(1).toLatin1();
            if (m.captured(2) == QLatin1String("0"))
                files[m_file].clear();
            m_expect = m.captured(3).toLongLong();
            return reply("\r\nDOWNLOAD\r\n");
        }
        if (auto m = size.match(text); m.hasMatch() && initialised && files.contains(m.captured(1).toLatin1()))
            return reply("\r\n+CFSGFIS: " + QByteArray::number(files[m.captured(1).toLatin1()].size()) + "\r\n\r\nOK\r\n");
        if (auto m = read.match(text); m.hasMatch() && initialised && files.contains(m.captured(1).toLatin1())) {
            QByteArray file = files[m.captured(1).toLatin1()];
            if (corruptAt >= 0 && corruptAt < file.size())
                file[corruptAt] = char(file[corruptAt] ^ 0x20);
            const qsizetype from = m.captured(2) == QLatin1String("0") ? 0 : m.captured(4).toLongLong();
            const QByteArray data = file.mid(from, m.captured(3).toLongLong());
            return reply("\r\n+CFSRFILE: " + QByteArray::number(data.size()) + "\r\n" + data + "\r\nOK\r\n");
        }
        if (command.startsWith("AT+CSSLCFG=\"convert\"") || command.startsWith("AT+CFSDFILE=3,"))
            return reply("\r\nOK\r\n");
        reply("\r\nERROR\r\n");
    }

    QByteArray m_pending;
    QByteArray m_file;
    qsizetype m_expect = 0;
};

QByteArray pemOfSize(qsizetype size)
{
    QByteArray out = "-----BEGIN CERTIFICATE-----\n";
    const QByteArray end = "-----END CERTIFICATE-----\n";
    for (int i = 0; out.size() + end.size() < size; ++i)
        out += char('A' + i % 26);
    return out.left(size - end.size()) + end;
}

UploadRequest request(QByteArray bytes, int baud = 115200, QString name = QStringLiteral("ca.pem"))
{
    UploadRequest r;
    r.name = std::move(name);
    r.bytes = std::move(bytes);
    r.baud = baud;
    return r;
}

} // namespace

class TestUploadFlows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("baud");
        QTest::addColumn<QList<QByteArray>>("writes");
        QTest::addColumn<int>("reads");
        QTest::newRow("1k-115200") << 1024 << 115200 << QList<QByteArray>{"0,1024,1088"} << 1;
        QTest::newRow("10k-115200") << 10240 << 115200 << QList<QByteArray>{"0,10240,1888"} << 1;
        QTest::newRow("25k-115200") << 25600 << 115200
                                    << QList<QByteArray>{"0,10240,1888", "1,10240,1888", "1,5120,1444"} << 3;
        // 9600 baud: a chunk must fit in 10 s with the margin, so 8640 bytes at most.
        QTest::newRow("10k-9600") << 10240 << 9600 << QList<QByteArray>{"0,8640,10000", "1,1600,2666"} << 1;
        QTest::newRow("1k-9600") << 1024 << 9600 << QList<QByteArray>{"0,1024,2066"} << 1;
    }
    void roundTrip()
    {
        QFETCH(int, size);
        QFETCH(int, baud);
        QFETCH(QList<QByteArray>, writes);
        QFETCH(int, reads);
        CfsModem m;
        auto context = std::make_shared<UploadContext>();
        const UploadRequest req = request(pemOfSize(size), baud);
        const Result<void> result = m.run(uploadSteps(context, req), uploadDeadlineMs(req));
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
        QCOMPARE(m.files.value("ca.pem"), req.bytes);
        QList<QByteArray> expected;
        for (const QByteArray &w : writes)
            expected << "AT+CFSWFILE=3,\"ca.pem\"," + w;
        QCOMPARE(m.matching("AT+CFSWFILE"), expected);
        QCOMPARE(m.matching("AT+CFSRFILE").size(), reads);
        if (reads > 1)
            QCOMPARE(m.matching("AT+CFSRFILE").at(1), QByteArray("AT+CFSRFILE=3,\"ca.pem\",1,10240,10240"));
        QCOMPARE(context->reportedSize, size);
        QCOMPARE(context->verifiedBytes, size);
        QCOMPARE(m.commands.first(), QByteArray("AT+CFSINIT"));
        QCOMPARE(m.commands.last(), QByteArray("AT+CFSTERM"));
        QVERIFY(!m.initialised);
    }

    void inputTimeAndChunkSize()
    {
        QCOMPARE(cfsInputTimeMs(10240, 115200), 1888);
        QCOMPARE(cfsInputTimeMs(1, 115200), 1000);
        QCOMPARE(cfsInputTimeMs(10240, 9600), 10000); // clamped
        QCOMPARE(cfsChunkSize(115200), qsizetype(10240));
        QCOMPARE(cfsChunkSize(9600), qsizetype(8640));
        QCOMPARE(cfsChunkSize(1200), qsizetype(1080));
    }

    void mismatchNamesTheOffsetAndClosesTheFileSystem()
    {
        CfsModem m;
        m.corruptAt = 12000;
        auto context = std::make_shared<UploadContext>();
        const UploadRequest req = request(pemOfSize(25600));
        const Result<void> result = m.run(uploadSteps(context, req), uploadDeadlineMs(req));
        QVERIFY(!result);
        QVERIFY2(result.error().message.contains(QLatin1String("byte 12000 differs")), qPrintable(result.error().message));
        QVERIFY(result.error().message.contains(QLatin1String("lower baud rate")));
        QCOMPARE(m.commands.last(), QByteArray("AT+CFSTERM"));
        QCOMPARE(m.matching("AT+CFSRFILE").size(), 2); // stopped at the bad piece
        QVERIFY(!m.initialised);
    }

    void failedWriteStillSendsCfsterm()
    {
        CfsModem m;
        m.failCommandPrefix = "AT+CFSWFILE";
        auto context = std::make_shared<UploadContext>();
        const UploadRequest req = request(pemOfSize(1024));
        const Result<void> result = m.run(uploadSteps(context, req), uploadDeadlineMs(req));
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::Error);
        QVERIFY(result.error().message.contains(QLatin1String("AT+CFSWFILE")));
        QCOMPARE(m.commands, (QList<QByteArray>{"AT+CFSINIT", "AT+CFSWFILE=3,\"ca.pem\",0,1024,1088", "AT+CFSTERM"}));
    }

    void staleBufferIsFreedFirst()
    {
        CfsModem m;
        m.initialised = true; // an earlier run never sent CFSTERM
        auto context = std::make_shared<UploadContext>();
        const UploadRequest req = request(pemOfSize(1024));
        const Result<void> result = m.run(uploadSteps(context, req), uploadDeadlineMs(req));
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
        QCOMPARE(m.commands.mid(0, 3), (QList<QByteArray>{"AT+CFSINIT", "AT+CFSTERM", "AT+CFSINIT"}));
    }

    void longNameRefusedBeforeAnythingIsSent()
    {
        CfsModem m;
        auto context = std::make_shared<UploadContext>();
        const UploadRequest req = request(pemOfSize(1024), 115200, QString(51, u'a'));
        const Result<void> result = m.run(uploadSteps(context, req), 10000);
        QVERIFY(!result);
        QCOMPARE(result.error().code, ErrorCode::Usage);
        QVERIFY(result.error().message.contains(QLatin1String("51 characters")));
        QVERIFY(m.commands.isEmpty());
        QVERIFY(checkCfsName(QString(50, u'a')).has_value());
        QVERIFY(!checkCfsName(QStringLiteral("a/b")).has_value());
    }

    void keyBytesNeverReachTheTrafficLog()
    {
        CfsModem m;
        const QByteArray key = "-----BEGIN PRIVATE KEY-----\nU0VDUkVUS0VZQllURVM=\n-----END PRIVATE KEY-----\n";
        auto context = std::make_shared<UploadContext>();
        UploadRequest req = request(key, 115200, QStringLiteral("client.key"));
        req.secret = true;
        const Result<void> result = m.run(uploadSteps(context, req), uploadDeadlineMs(req));
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
        QCOMPARE(m.files.value("client.key"), key);
        QVERIFY(m.matching("AT+CFSRFILE").isEmpty()); // a key is not read back
        QVERIFY(!context->warnings.isEmpty());
        bool sawRedaction = false;
        for (const TrafficRecord &r : m.traffic) {
            QVERIFY2(!r.bytes.contains("U0VDUkVU") && !r.text.contains("U0VDUkVU"), r.bytes.constData());
            sawRedaction = sawRedaction
                || (r.redacted && r.bytes == "<" + QByteArray::number(key.size()) + " bytes redacted>");
        }
        QVERIFY(sawRedaction);
    }

    void convert()
    {
        CfsModem m;
        auto context = std::make_shared<UploadContext>();
        QList<FlowStep> steps = convertCaSteps(QStringLiteral("ca.pem"));
        steps << convertClientSteps(context, QStringLiteral("client.crt"), QStringLiteral("client.key"), true);
        const Result<void> result = m.run(steps, kConvertDeadlineMs);
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
        QCOMPARE(m.commands, (QList<QByteArray>{"AT+CSSLCFG=\"convert\",2,\"ca.pem\"",
                                                "AT+CSSLCFG=\"convert\",1,\"client.crt\",\"client.key\"",
                                                "AT+CFSINIT", "AT+CFSDFILE=3,\"client.key\"", "AT+CFSTERM"}));
    }

    void convertFailureHasAHint()
    {
        CfsModem m;
        m.failCommandPrefix = "AT+CSSLCFG";
        const Result<void> result = m.run(convertCaSteps(QStringLiteral("ca.pem")), kConvertDeadlineMs);
        QVERIFY(!result);
        QVERIFY(result.error().message.contains(QLatin1String("/customer/")));
    }

    void normalizeLineEndings()
    {
        const QByteArray expected = "-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n";
        QCOMPARE(*normalizePem("-----BEGIN CERTIFICATE-----\r\nQUJD  \r\n-----END CERTIFICATE-----\r\n"), expected);
        QCOMPARE(*normalizePem("-----BEGIN CERTIFICATE-----\rQUJD\r-----END CERTIFICATE-----"), expected);
        QCOMPARE(*normalizePem("subject=CN x\n-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n\n\n"),
                 expected);
    }

    void normalizeRefusesGarbage()
    {
        const auto binary = normalizePem(QByteArray("\x30\x82\x01\x0a\x02", 5));
        QVERIFY(!binary);
        QCOMPARE(binary.error().code, ErrorCode::Usage);
        QVERIFY(binary.error().message.contains(QLatin1String("DER")));
        QVERIFY(!normalizePem("hello world\n"));
        QVERIFY(!normalizePem("-----BEGIN CERTIFICATE-----\nQUJD\n"));
    }

    // root → intermediate → leaf made with the openssl program, given in the wrong order.
    void normalizeOrdersAChain()
    {
        QTemporaryDir dir;
        const auto openssl = [&dir](const QStringList &args) {
            return CliTest::run(QStringLiteral("openssl"), args, dir.path()).exitCode == 0;
        };
        const auto read = [&dir](const char *name) {
            QFile f(dir.filePath(QLatin1String(name)));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        QVERIFY(openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                         "root.key", "-out", "root.pem", "-subj", "/CN=Root", "-days", "30"}));
        QVERIFY(openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "int.key",
                         "-out", "int.csr", "-subj", "/CN=Intermediate"}));
        QVERIFY(openssl({"x509", "-req", "-in", "int.csr", "-CA", "root.pem", "-CAkey", "root.key", "-CAcreateserial",
                         "-out", "int.pem", "-days", "30"}));
        QVERIFY(openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                         "leaf.key", "-out", "leaf.csr", "-subj", "/CN=Leaf"}));
        QVERIFY(openssl({"x509", "-req", "-in", "leaf.csr", "-CA", "int.pem", "-CAkey", "int.key", "-CAcreateserial",
                         "-out", "leaf.pem", "-days", "30"}));
        const QByteArray root = read("root.pem"), intermediate = read("int.pem"), leaf = read("leaf.pem");
        QVERIFY(!root.isEmpty() && !intermediate.isEmpty() && !leaf.isEmpty());
        QCOMPARE(*normalizePem(root + leaf + intermediate), leaf + intermediate + root);
        QCOMPARE(*normalizePem(intermediate + root + leaf), leaf + intermediate + root);
        // Two unrelated roots: a bundle keeps its order.
        QCOMPARE(*normalizePem(root + root), root + root);
    }
};

QTEST_GUILESS_MAIN(TestUploadFlows)
#include "tst_uploadflows.moc"
