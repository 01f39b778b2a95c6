// StatusQuery against scripted SIM7000G, SIM7080G and SIM800L modems: it asks only what the
// detected model understands (no AT+CEREG?/AT+CPSI? on a SIM800, protocol §11, §18), fills the
// profile and the data connection, notes refused reads instead of failing, and restarts after a
// boot banner.
#include "scriptedmodem.h"

#include "core/modem/statusquery.h"

#include <QSignalSpy>
#include <QTest>

using namespace ModemBench;

Q_DECLARE_METATYPE(ModemBench::ModelFamily)

namespace {

Result<ModemStatus> runQuery(ScriptedModem &m)
{
    StatusQuery query(m.channel.get(), QStringLiteral("scripted"), nullptr, &m.clock);
    bool done = false;
    QObject::connect(&query, &StatusQuery::finished, [&done] { done = true; });
    query.start(Priority::Background);
    m.runUntil(done, StatusQuery::kDeadlineMs + 5000);
    return done ? query.result() : fail(ErrorCode::Timeout, QStringLiteral("the query did not finish"));
}

void addIdentityReplies(ScriptedModem &m)
{
    m.on("AT+CGMI", ScriptedModem::ok("SIMCOM_Ltd"));
    m.on("AT+CGSN", ScriptedModem::ok("869951031234564"));
    m.on("AT+CIMI", ScriptedModem::ok("001010123456789"));
    m.on("AT+CCID", ScriptedModem::ok("89012608622914771148"));
    m.on("AT+COPS?", ScriptedModem::ok("+COPS: 0,0,\"Test\",7"));
    m.on("AT+CSQ", ScriptedModem::ok("+CSQ: 20,99"));
    m.on("AT+CPSI?", ScriptedModem::ok("+CPSI: LTE CAT-M1,Online,001-01,0x1A2B,26451713,94,EUTRAN-BAND20,6300,5,5,-10,-95,-70,12"));
    m.on("AT+CNCFG?", ScriptedModem::ok("+CNCFG: 0,\"\",\"\",\"\",0"));
    m.on("AT+CSTT?", ScriptedModem::ok("+CSTT: \"CMNET\",\"\",\"\""));
}

} // namespace

class TestStatusQuery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsWhatTheModelUnderstands_data()
    {
        QTest::addColumn<ModelFamily>("family");
        QTest::addColumn<bool>("lte");
        QTest::newRow("sim7000g") << ModelFamily::Sim7000 << true;
        QTest::newRow("sim7080g") << ModelFamily::Sim7080 << true;
        QTest::newRow("sim800l") << ModelFamily::Sim800 << false;
    }
    void readsWhatTheModelUnderstands()
    {
        QFETCH(ModelFamily, family);
        QFETCH(bool, lte);
        ScriptedModem m(family);
        addIdentityReplies(m);
        const Result<ModemStatus> result = runQuery(m);
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
        QVERIFY(result->profile);
        QCOMPARE(result->profile->family, family);
        QCOMPARE(m.count("AT+CEREG?"), lte ? 1 : 0);
        QCOMPARE(m.count("AT+CPSI?"), lte ? 1 : 0);
        QCOMPARE(m.count("AT+CREG?"), lte ? 0 : 1);
        QCOMPARE(m.count("AT+CGMM"), 1); // the probe's read serves the identity too
        QVERIFY(result->registration && isRegistered(result->registration->stat));
        QCOMPARE(result->cpsi.has_value(), lte);
        QVERIFY(result->ip);
        QVERIFY(!result->ip->active);
        QVERIFY2(result->problems.isEmpty(), qPrintable(result->problems.join(u'\n')));
        const QJsonObject json = statusToJson(*result);
        QCOMPARE(json.value(QStringLiteral("model_family")).toString(), familyName(family));
        QVERIFY(json.contains(QStringLiteral("ip")));
    }

    // An unknown modem is asked everything; the reads it refuses are notes, not a failure.
    void refusedReadsAreProblemsNotFailures()
    {
        ScriptedModem m(ModelFamily::Sim7000);
        addIdentityReplies(m);
        m.on("AT+CGMM", ScriptedModem::ok("ACME-42"));
        m.on("ATI", ScriptedModem::ok("ACME 42"));
        m.on("AT+CGMR", ScriptedModem::ok("Revision:1.0"));
        m.on("AT+CIMI", QByteArray("\r\n+CME ERROR: 10\r\n"));
        const Result<ModemStatus> result = runQuery(m);
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
        QVERIFY(!result->profile);
        QCOMPARE(m.count("AT+CEREG?"), 1);
        QCOMPARE(m.count("AT+CREG?"), 1);
        QCOMPARE(m.count("AT+CPSI?"), 1);
        QVERIFY(!result->identity.imsi);
        const QString problems = result->problems.join(u'\n');
        QVERIFY2(problems.contains(QLatin1String("AT+CIMI")), qPrintable(problems));
        QVERIFY2(problems.contains(QLatin1String("model profile")), qPrintable(problems));
        QCOMPARE(statusToJson(*result).value(QStringLiteral("model_family")).toString(), QStringLiteral("unknown"));
    }

    // A banner in the middle voids what was read: the query starts again from the model.
    void bootBannerRestartsTheReading()
    {
        ScriptedModem m(ModelFamily::Sim7000);
        addIdentityReplies(m);
        auto first = std::make_shared<bool>(true);
        m.on("AT+CGSN", [first](const QByteArray &) {
            if (std::exchange(*first, false))
                return QByteArray("\r\nRDY\r\n");
            return ScriptedModem::ok("869951031234564");
        });
        const Result<ModemStatus> result = runQuery(m);
        QVERIFY2(result.has_value(), qPrintable(result ? QString() : result.error().message));
        QCOMPARE(m.count("AT+CGMM"), 2);
        QCOMPARE(result->identity.imei, std::optional<QString>(QStringLiteral("869951031234564")));
    }

    void lostPortEndsTheQuery()
    {
        ScriptedModem m(ModelFamily::Sim7000);
        addIdentityReplies(m);
        m.on("AT+CIMI", [&m](const QByteArray &) {
            QMetaObject::invokeMethod(&m.transport, [&m] { m.transport.dropConnection(); }, Qt::QueuedConnection);
            return QByteArray();
        });
        const Result<ModemStatus> result = runQuery(m);
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, ErrorCode::PortClosed);
    }
};

QTEST_GUILESS_MAIN(TestStatusQuery)
#include "tst_statusquery.moc"
