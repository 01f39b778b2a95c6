// Issue #6 upload and convert against modemsim over a pty (protocol §9, §7.1): a CA PEM and a
// client certificate + key made with the openssl program are uploaded, read back, converted, and
// the key file deleted afterwards.
#include "simprocess.h"

#include "core/catalog/commandcatalog.h"
#include "core/clock.h"
#include "core/flows/pemnormalize.h"
#include "core/flows/uploadflows.h"
#include "core/modem/modemsession.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "../../common/cliprocess.h"

using namespace ModemBench;

namespace {

Result<void> runFlow(ModemSession &session, Clock *clock, QList<FlowStep> steps, int deadlineMs)
{
    FlowRunner runner(session.channel(), clock, std::move(steps), QStringLiteral("Upload"), deadlineMs);
    std::optional<Result<void>> result;
    QObject::connect(&runner, &FlowRunner::finished, [&result](const Result<void> &r) { result = r; });
    runner.start();
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, deadlineMs + 5000))
        return fail(ErrorCode::Timeout, QStringLiteral("the flow did not finish"));
    return *result;
}

Result<AtResponse> command(ModemSession &session, const QByteArray &text)
{
    std::optional<Result<AtResponse>> result;
    session.channel()->send(AtRequest::make(text), &session, [&result](const Result<AtResponse> &r) { result = r; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 15000))
        return fail(ErrorCode::Timeout, QStringLiteral("no answer"));
    return *result;
}

} // namespace

class TestUpload : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void uploadReadBackAndConvert()
    {
        QTemporaryDir dir;
        const auto openssl = [&dir](const QStringList &args) {
            return CliTest::run(QStringLiteral("openssl"), args, dir.path()).exitCode == 0;
        };
        const auto read = [&dir](const char *name) {
            QFile f(dir.filePath(QLatin1String(name)));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        QVERIFY(openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                         "-subj", "/CN=Bench Root", "-days", "30"}));
        QVERIFY(openssl({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr",
                         "-subj", "/CN=device-1"}));
        QVERIFY(openssl({"x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                         "-out", "client.crt", "-days", "30"}));
        auto ca = normalizePem(read("ca.pem"));
        auto cert = normalizePem(read("client.crt"));
        auto key = normalizePem(read("client.key"));
        QVERIFY(ca && cert && key);
        const auto checked = checkBeforeUpload(*cert, *key);
        QVERIFY2(checked.has_value(), qPrintable(checked ? QString() : checked.error().message));

        auto catalog = CommandCatalog::loadDefault();
        QVERIFY(catalog.has_value());
        SystemClock clock;
        ModemSession session(&*catalog, &clock);
        QSignalSpy ready(&session, &ModemSession::ready);
        session.open(QStringLiteral("sim:sim7000g"));
        QVERIFY(ready.wait(20000));

        auto context = std::make_shared<UploadContext>();
        QList<FlowStep> steps;
        int deadline = kConvertDeadlineMs;
        for (const auto &[name, bytes, secret] : {std::tuple{QStringLiteral("ca.pem"), *ca, false},
                                                  std::tuple{QStringLiteral("client.crt"), *cert, false},
                                                  std::tuple{QStringLiteral("client.key"), *key, true}}) {
            UploadRequest request;
            request.name = name;
            request.bytes = bytes;
            request.secret = secret;
            steps << uploadSteps(context, request);
            deadline += uploadDeadlineMs(request);
        }
        steps << convertCaSteps(QStringLiteral("ca.pem"));
        steps << convertClientSteps(context, QStringLiteral("client.crt"), QStringLiteral("client.key"), true);
        const Result<void> result = runFlow(session, &clock, steps, deadline);
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
        QCOMPARE(context->verifiedBytes, ca->size() + cert->size());

        // The key is gone, the certificates stay; the buffer was freed each time.
        QVERIFY(command(session, "AT+CFSINIT").has_value());
        const auto certSize = command(session, "AT+CFSGFIS=3,\"client.crt\"");
        QVERIFY(certSize.has_value());
        QCOMPARE(certSize->lines, QList<QByteArray>{"+CFSGFIS: " + QByteArray::number(cert->size())});
        QVERIFY(!command(session, "AT+CFSGFIS=3,\"client.key\"").has_value());
        QVERIFY(command(session, "AT+CFSTERM").has_value());
    }
};

QTEST_GUILESS_MAIN(TestUpload)
#include "tst_upload.moc"
