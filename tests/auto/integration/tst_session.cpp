// ModemSession against modemsim through real pseudo-terminals and QSerialPort (and TCP).
#include "simprocess.h"

#include "core/catalog/commandcatalog.h"
#include "core/modem/modemsession.h"
#include "core/modem/statusquery.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace ModemBench;

namespace {

std::optional<Result<AtResponse>> sendAndWait(ModemSession &session, const QByteArray &command)
{
    std::optional<Result<AtResponse>> result;
    session.channel()->send(AtRequest::make(command, Priority::User), &session,
                            [&result](const Result<AtResponse> &r) { result = r; });
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 15000))
        result = fail(ErrorCode::Timeout, QStringLiteral("no answer within 15 s"));
    return result;
}

} // namespace

class TestSession : public QObject
{
    Q_OBJECT

    std::unique_ptr<CommandCatalog> m_catalog;

private Q_SLOTS:
    void initTestCase()
    {
        auto catalog = CommandCatalog::loadDefault();
        QVERIFY2(catalog.has_value(), catalog ? "" : qPrintable(catalog.error().message));
        m_catalog = std::make_unique<CommandCatalog>(std::move(*catalog));
    }

    // sim: ports start a private modemsim and reach it exactly like hardware.
    void simulatorPortIsReady()
    {
        ModemSession session(m_catalog.get());
        QSignalSpy ready(&session, &ModemSession::ready);
        QSignalSpy failed(&session, &ModemSession::openFailed);
        session.open(QStringLiteral("sim:sim7000g"));
        QVERIFY(ready.wait(20000));
        QCOMPARE(failed.size(), 0);
        auto ati = sendAndWait(session, "ATI");
        QVERIFY(ati->has_value());
        QCOMPARE((*ati)->lines, QList<QByteArray>{"SIM7000G R1529"});
    }

    // A pty has no DTR/RTS: one notice, and the session works (environment.md).
    void ptyWithoutControlLinesDegradesGracefully()
    {
        SimProcess sim({QStringLiteral("--no-banner")});
        const QString path = sim.endpoint("PTY");
        QVERIFY(!path.isEmpty());
        ModemSession session(m_catalog.get());
        QSignalSpy ready(&session, &ModemSession::ready);
        QSignalSpy notices(&session, &ModemSession::noticed);
        SerialSettings settings;
        settings.dataTerminalReady = true;
        settings.requestToSend = true;
        session.open(path, settings);
        QVERIFY(ready.wait(15000));
        QCOMPARE(notices.size(), 1);
        QVERIFY(notices.first().first().toString().contains(QLatin1String("DTR/RTS")));
        QVERIFY(!session.transport()->hasControlLines());
        QVERIFY(sendAndWait(session, "AT+CSQ")->has_value());
    }

    void statusHasEveryField()
    {
        ModemSession session(m_catalog.get());
        QSignalSpy ready(&session, &ModemSession::ready);
        session.open(QStringLiteral("sim:sim7000g"));
        QVERIFY(ready.wait(20000));
        StatusQuery query(session.channel(), session.portName());
        QSignalSpy finished(&query, &StatusQuery::finished);
        query.start();
        QVERIFY(finished.wait(20000));
        QVERIFY(query.result().has_value());
        const ModemStatus &status = *query.result();
        QCOMPARE(status.identity.model, std::optional<QString>(QStringLiteral("SIMCOM_SIM7000G")));
        QVERIFY(status.identity.imei && status.identity.imei->size() == 15);
        QVERIFY(status.identity.imsi && status.identity.iccid && status.identity.revision);
        QCOMPARE(status.sim, std::optional<SimState>(SimState::Ready));
        QVERIFY(status.registration && isRegistered(status.registration->stat));
        QVERIFY(status.csq && status.csq->rssiDbm);
        QVERIFY(status.cpsi && status.cpsi->rsrp && status.cpsi->sinr);
        QVERIFY2(status.problems.isEmpty(), qPrintable(status.problems.join(u'\n')));
    }

    // A second opener gets "port busy" naming who holds the port.
    void busyPortNamesHolder()
    {
        SimProcess sim({QStringLiteral("--no-banner")});
        const QString path = sim.endpoint("PTY");
        ModemSession first(m_catalog.get());
        QSignalSpy ready(&first, &ModemSession::ready);
        first.open(path);
        QVERIFY(ready.wait(15000));
        ModemSession second(m_catalog.get());
        QSignalSpy failed(&second, &ModemSession::openFailed);
        second.open(path);
        QVERIFY(failed.wait(15000));
        const Error error = failed.first().first().value<Error>();
        QCOMPARE(error.code, ErrorCode::PortBusy);
        QVERIFY2(error.message.contains(QLatin1String("modemsim")), qPrintable(error.message));
    }

    // F2: the modem side vanishes: the session reports it closed, pending commands fail.
    void unpluggedPortIsReported()
    {
        SimProcess sim({QStringLiteral("--no-banner")});
        const QString path = sim.endpoint("PTY");
        ModemSession session(m_catalog.get());
        QSignalSpy ready(&session, &ModemSession::ready);
        QSignalSpy closed(&session, &ModemSession::closed);
        session.open(path);
        QVERIFY(ready.wait(15000));
        std::optional<Result<AtResponse>> pending;
        AtRequest request = AtRequest::make("AT+CSQ");
        request.timeoutMs = 60000;
        sim.process().kill();
        session.channel()->send(request, &session, [&pending](const Result<AtResponse> &r) { pending = r; });
        QVERIFY(closed.wait(15000));
        QTRY_VERIFY_WITH_TIMEOUT(pending.has_value(), 5000);
        QVERIFY(!pending->has_value());
        QCOMPARE(session.state(), ModemSession::State::Closed);
    }

    // F1 on a real pty: a reboot the command asked for, then the modem works again.
    void rebootThroughPty()
    {
        ModemSession session(m_catalog.get());
        QSignalSpy ready(&session, &ModemSession::ready);
        QSignalSpy restarted(&session, &ModemSession::modemRestarted);
        session.open(QStringLiteral("sim:sim7000g"));
        QVERIFY(ready.wait(20000));
        QVERIFY(sendAndWait(session, "AT+CFUN=1,1")->has_value());
        QVERIFY(restarted.size() > 0 || restarted.wait(15000));
        auto after = sendAndWait(session, "AT");
        QVERIFY2(after->has_value(), qPrintable(*after ? QString() : after->error().message));
    }

    void tcpTransport()
    {
        SimProcess sim({QStringLiteral("--no-banner"), QStringLiteral("--tcp"), QStringLiteral("127.0.0.1:0")});
        const QString endpoint = sim.endpoint("TCP");
        QVERIFY(!endpoint.isEmpty());
        ModemSession session(m_catalog.get());
        QSignalSpy ready(&session, &ModemSession::ready);
        session.open(QStringLiteral("tcp://") + endpoint);
        QVERIFY(ready.wait(15000));
        auto model = sendAndWait(session, "AT+CGMM");
        QCOMPARE((*model)->lines, QList<QByteArray>{"SIMCOM_SIM7000G"});
    }

    void missingPortIsClear()
    {
        ModemSession session(m_catalog.get());
        QSignalSpy failed(&session, &ModemSession::openFailed);
        session.open(QStringLiteral("/dev/ttyDoesNotExist9"));
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.first().first().value<Error>().code, ErrorCode::PortNotFound);
    }

    // Every byte of a session reaches the traffic log file.
    void trafficLogFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("traffic.log"));
        ModemSession session(m_catalog.get());
        QVERIFY(session.startTrafficLog(path).has_value());
        QSignalSpy ready(&session, &ModemSession::ready);
        session.open(QStringLiteral("sim:sim7000g"));
        QVERIFY(ready.wait(20000));
        QVERIFY(sendAndWait(session, "AT+CSQ")->has_value());
        session.close();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray log = file.readAll();
        QVERIFY(log.contains("> command \"AT+CSQ\\r\""));
        QVERIFY(log.contains("< info \"\\r\\n+CSQ: "));
        QCOMPARE(file.permissions() & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
