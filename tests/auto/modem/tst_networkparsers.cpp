// PDP and ping parsers with verbatim replies from protocol.md (§6.2, §6.4, §6.8, §11.2, §18),
// rows named after the modem model.
#include "core/parsers/pdp.h"
#include "core/parsers/ping.h"

#include <QRandomGenerator>
#include <QTest>

using namespace ModemBench;

namespace {
QList<QByteArray> lines(const QByteArray &text)
{
    return text.split('\n');
}
} // namespace

class TestNetworkParsers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cgnapn_data()
    {
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("apn");
        QTest::newRow("sim7000-ctnb") << QByteArray("+CGNAPN: 1,\"ctnb\"") << true << "ctnb";
        QTest::newRow("sim7000-none") << QByteArray("+CGNAPN: 0,\"\"") << false << "";
        QTest::newRow("sim7080-telstra") << QByteArray("+CGNAPN: 1,\"telstra.m2m\"") << true << "telstra.m2m";
        QTest::newRow("sim7000-urc-first") << QByteArray("DST: 0\n+CGNAPN: 1,\"ctnb\"") << true << "ctnb";
    }
    void cgnapn()
    {
        QFETCH(QByteArray, reply);
        QFETCH(bool, valid);
        QFETCH(QString, apn);
        const auto parsed = parseCgnapn(lines(reply));
        QVERIFY(parsed);
        QCOMPARE(parsed->valid, valid);
        QCOMPARE(parsed->apn, apn);
    }

    void cnact_data()
    {
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("firstActive");
        QTest::addColumn<QString>("firstAddress");
        QTest::newRow("sim7000-active") << QByteArray("+CNACT: 1,\"10.250.5.248\"") << 1 << true << "10.250.5.248";
        QTest::newRow("sim7000-azure") << QByteArray("+CNACT: 1,\"100.122.15.36\"") << 1 << true << "100.122.15.36";
        QTest::newRow("sim7000-inactive") << QByteArray("+CNACT: 0,\"0.0.0.0\"") << 1 << false << "0.0.0.0";
        QTest::newRow("sim7080-four-lines") << QByteArray("+CNACT: 0,1,\"10.94.36.44\"\n+CNACT: 1,0,\"0.0.0.0\"\n"
                                                          "+CNACT: 2,0,\"0.0.0.0\"\n+CNACT: 3,0,\"0.0.0.0\"")
                                            << 4 << true << "10.94.36.44";
    }
    void cnact()
    {
        QFETCH(QByteArray, reply);
        QFETCH(int, count);
        QFETCH(bool, firstActive);
        QFETCH(QString, firstAddress);
        const auto parsed = parseCnact(lines(reply));
        QVERIFY(parsed);
        QCOMPARE(parsed->size(), count);
        QCOMPARE(parsed->first().active(), firstActive);
        QCOMPARE(parsed->first().address, firstAddress);
        QCOMPARE(parsed->first().index, 0);
    }

    void cnactRejects()
    {
        QVERIFY(!parseCnact({"+CNACT: 1,\"10.250.5\""}));
        QVERIFY(!parseCnact({"+CNACT: 9,\"10.250.5.248\""}));
        QVERIFY(!parseCnact({"OK"}));
        QCOMPARE(parseCnact({}).error().code, ErrorCode::Parse);
    }

    void appPdp_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<int>("index"); // -1 none
        QTest::addColumn<bool>("active");
        QTest::newRow("sim7000-active") << QByteArray("+APP PDP: ACTIVE") << true << -1 << true;
        QTest::newRow("sim7000-deactive") << QByteArray("+APP PDP: DEACTIVE") << true << -1 << false;
        QTest::newRow("sim7080-active") << QByteArray("+APP PDP: 0,ACTIVE") << true << 0 << true;
        QTest::newRow("sim7080-deactive") << QByteArray("+APP PDP: 0,DEACTIVE") << true << 0 << false;
        QTest::newRow("garbage") << QByteArray("+APP PDP: MAYBE") << false << -1 << false;
        QTest::newRow("other-urc") << QByteArray("+CEREG: 1") << false << -1 << false;
    }
    void appPdp()
    {
        QFETCH(QByteArray, line);
        QFETCH(bool, ok);
        QFETCH(int, index);
        QFETCH(bool, active);
        const auto parsed = parseAppPdpUrc(line);
        QCOMPARE(parsed.has_value(), ok);
        if (!ok)
            return;
        QCOMPARE(parsed->index.value_or(-1), index);
        QCOMPARE(parsed->active, active);
    }

    void sim800Cip()
    {
        QCOMPARE(*parseCipState({"STATE: IP INITIAL"}), QStringLiteral("IP INITIAL"));
        QCOMPARE(*parseCipState(lines("STATE: IP PROCESSING\nC: 0,0,\"TCP\",\"116.228.221.51\",\"8500\",\"CLOSED\"")),
                 QStringLiteral("IP PROCESSING"));
        QVERIFY(!parseCipState({"OK"}));
        QCOMPARE(*parseCifsr({"10.78.245.128"}), QStringLiteral("10.78.245.128"));
        QCOMPARE(*parseCifsr({"+CIFSREX: 10.78.245.128"}), QStringLiteral("10.78.245.128"));
        QVERIFY(!parseCifsr({"ERROR"}));
        QVERIFY(!parseCifsr({"10.78.245.256"}));
        QVERIFY(!parseCifsr({"+CIFSREX: -0.1.2.3"})); // fuzz_parsers: a sign is not a digit
        QVERIFY(!parseCifsr({"+1.2.3.4"}));
        QCOMPARE(*parseCgatt({"+CGATT: 1"}), true);
        QCOMPARE(*parseCgatt({"+CGATT: 0"}), false);
        QVERIFY(!parseCgatt({"+CGATT: 2"}));
    }

    void configuredApn()
    {
        QCOMPARE(*parseCncfgApn({"+CNCFG: 1,\"ctnb\",\"cdma\",\"1234\",0"}, false), QStringLiteral("ctnb"));
        QCOMPARE(*parseCncfgApn(lines("+CNCFG: 0,1,\"ctnb\",\"\",\"\",0\n+CNCFG: 1,0,\"\",\"\",\"\",0"), true),
                 QStringLiteral("ctnb"));
        QVERIFY(!parseCncfgApn({"OK"}, false));
        QCOMPARE(*parseCsttApn({"+CSTT: \"CMNET\",\"\",\"\""}), QStringLiteral("CMNET"));
    }

    // Bytes from a modem are parsed into a Result, never asserted (style.md "Errors").
    void garbageNeverCrashes()
    {
        QRandomGenerator random(1234);
        const QList<QByteArray> prefixes{"+CGNAPN: ", "+CNACT: ", "+APP PDP: ", "STATE: ", "+CGATT: ", "+CNCFG: ",
                                         "+CSTT: ", "+SNPING4: ", "+CIPPING: ", ""};
        for (int i = 0; i < 5000; ++i) {
            QByteArray line = prefixes.at(int(random.bounded(prefixes.size())));
            const int length = int(random.bounded(40));
            for (int j = 0; j < length; ++j)
                line += "0123456789,.\"\x00\xff ACTIVE"[random.bounded(22)];
            const QList<QByteArray> reply{line};
            (void)parseCgnapn(reply);
            (void)parseCnact(reply);
            (void)parseAppPdpUrc(line);
            (void)parseCipState(reply);
            (void)parseCifsr(reply);
            (void)parseCgatt(reply);
            (void)parseCncfgApn(reply, i % 2 == 0);
            (void)parseCsttApn(reply);
            (void)parseSnping4(reply);
            (void)parseCipping(reply);
        }
    }

    void snping4()
    {
        // §6.8, verbatim.
        const auto replies = parseSnping4(lines("+SNPING4: 1,180.97.33.108,147\n+SNPING4: 2,180.97.33.108,546\n"
                                                "+SNPING4: 3,180.97.33.108,278"));
        QVERIFY(replies);
        QCOMPARE(replies->size(), 3);
        PingReport report{QStringLiteral("www.baidu.com"), 3, *replies};
        QCOMPARE(report.received(), 3);
        QCOMPARE(*report.minMs(), 147);
        QCOMPARE(*report.maxMs(), 546);
        QVERIFY(qAbs(*report.avgMs() - 323.667) < 0.01);
        QCOMPARE(report.lossPercent(), 0.0);
        report.sent = 4; // one probe gave no line (undocumented timeout, §16.27)
        QCOMPARE(report.lossPercent(), 25.0);
        QVERIFY(!parseSnping4({"+SNPING4: 1,\"180.97.33.108\",x"}));
    }

    void cipping()
    {
        // §6.8: time in 100 ms units, 600/255 = lost.
        const auto replies = parseCipping(lines("+CIPPING: 1,\"8.8.8.8\",3,52\n+CIPPING: 2,\"8.8.8.8\",600,255\n"
                                                "+CIPPING: 3,\"8.8.8.8\",5,52"));
        QVERIFY(replies);
        QCOMPARE(replies->size(), 3);
        QCOMPARE(replies->at(0).rttMs.value_or(-1), 300);
        QVERIFY(!replies->at(1).rttMs);
        QCOMPARE(replies->at(2).ttl.value_or(-1), 52);
        PingReport report{QStringLiteral("8.8.8.8"), 3, *replies};
        QCOMPARE(report.received(), 2);
        QVERIFY(qAbs(report.lossPercent() - 100.0 / 3) < 0.01);
        QCOMPARE(report.toJson().value(QStringLiteral("min_ms")).toInt(), 300);
        QVERIFY(!parseCipping({"+CIPPING: 1,\"8.8.8.8\",601,52"}));
    }
};

QTEST_GUILESS_MAIN(TestNetworkParsers)
#include "tst_networkparsers.moc"
