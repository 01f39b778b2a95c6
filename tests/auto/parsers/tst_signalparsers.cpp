// Signal parsers: AT+CSQ (protocol.md §5.3, §16.1) and AT+CPSI? (§5.4). Rows are named after the
// modem and the source key in protocol.md §0; "syntax" rows follow a documented syntax.

#include "core/parsers/signal.h"
#include "testsupport.h"

#include <QtTest>

using namespace ModemBench;
using namespace ModemBench::Test;

class SignalParserTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void csq_data();
    void csq();
    void csqToDbmTable_data();
    void csqToDbmTable();
    void cpsi_data();
    void cpsi();
    void cpsiErrors_data();
    void cpsiErrors();
};

void SignalParserTest::csq_data()
{
    QTest::addColumn<QByteArrayList>("lines");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("rssi");
    QTest::addColumn<int>("ber");
    QTest::addColumn<int>("dbm");
    QTest::addColumn<int>("berOpt");

    QTest::newRow("SIM7000E 27,99 (BOT-LOG)") << QByteArrayList{"+CSQ: 27,99"} << true << 27 << 99 << -60 << kNone;
    QTest::newRow("SIM7000 24,99 (S7K-TCPIP)") << QByteArrayList{"+CSQ: 24,99"} << true << 24 << 99 << -66 << kNone;
    QTest::newRow("SIM7000 20,0 (S7K-TCPIP)") << QByteArrayList{"+CSQ: 20,0"} << true << 20 << 0 << -74 << 0;
    QTest::newRow("no space after colon") << QByteArrayList{"+CSQ:20,0"} << true << 20 << 0 << -74 << 0;
    QTest::newRow("extra spaces") << QByteArrayList{"+CSQ:  20 , 0"} << true << 20 << 0 << -74 << 0;
    QTest::newRow("unknown signal 99,99 (ZEP)") << QByteArrayList{"+CSQ: 99,99"} << true << 99 << 99 << kNone << kNone;
    QTest::newRow("edges 0,7") << QByteArrayList{"+CSQ: 0,7"} << true << 0 << 7 << -115 << 7;
    QTest::newRow("edges 31,0") << QByteArrayList{"+CSQ: 31,0"} << true << 31 << 0 << -52 << 0;
    QTest::newRow("after DST URC and a blank line") << QByteArrayList{"DST: 1", "", "+CSQ: 20,0"} << true << 20 << 0 << -74 << 0;
    QTest::newRow("rssi 32") << QByteArrayList{"+CSQ: 32,0"} << false << 0 << 0 << 0 << 0;
    QTest::newRow("rssi -1") << QByteArrayList{"+CSQ: -1,0"} << false << 0 << 0 << 0 << 0;
    QTest::newRow("ber 8") << QByteArrayList{"+CSQ: 20,8"} << false << 0 << 0 << 0 << 0;
    QTest::newRow("one field") << QByteArrayList{"+CSQ: 20"} << false << 0 << 0 << 0 << 0;
    QTest::newRow("three fields") << QByteArrayList{"+CSQ: 20,0,1"} << false << 0 << 0 << 0 << 0;
    QTest::newRow("test form (S7K-AT 3.2.16)") << QByteArrayList{"+CSQ: (0-31,99),(0-7,99)"} << false << 0 << 0 << 0 << 0;
    QTest::newRow("huge number") << QByteArrayList{"+CSQ: 2147483648,0"} << false << 0 << 0 << 0 << 0;
    QTest::newRow("empty value") << QByteArrayList{"+CSQ: "} << false << 0 << 0 << 0 << 0;
    QTest::newRow("URC only") << QByteArrayList{"+CEREG: 1"} << false << 0 << 0 << 0 << 0;
    QTest::newRow("no lines") << QByteArrayList{} << false << 0 << 0 << 0 << 0;
}

void SignalParserTest::csq()
{
    QFETCH(QByteArrayList, lines);
    QFETCH(bool, ok);
    const auto result = parseCsq(lines);
    QCOMPARE(bool(result), ok);
    if (!ok) {
        QVERIFY(isParseError(result));
        return;
    }
    QFETCH(int, rssi);
    QFETCH(int, ber);
    QFETCH(int, dbm);
    QFETCH(int, berOpt);
    QCOMPARE(result->rssi, rssi);
    QCOMPARE(result->ber, ber);
    QCOMPARE(opt(result->rssiDbm), dbm);
    QCOMPARE(opt(result->berOpt), berOpt);
}

void SignalParserTest::csqToDbmTable_data()
{
    QTest::addColumn<int>("rssi");
    QTest::addColumn<int>("dbm");

    // SIMCom table (S7K-AT 3.2.16, S7080-AT 3.2.16, S800-AT 3.2.35), not 3GPP's -113 + 2n.
    QTest::newRow("0 -> -115 or less") << 0 << -115;
    QTest::newRow("1 -> -111") << 1 << -111;
    QTest::newRow("2 -> -110") << 2 << -110;
    QTest::newRow("15 -> -84") << 15 << -84;
    QTest::newRow("30 -> -54") << 30 << -54;
    QTest::newRow("31 -> -52 or more") << 31 << -52;
    QTest::newRow("99 -> unknown") << 99 << kNone;
    QTest::newRow("32 -> out of range") << 32 << kNone;
    QTest::newRow("-1 -> out of range") << -1 << kNone;
}

void SignalParserTest::csqToDbmTable()
{
    QFETCH(int, rssi);
    QFETCH(int, dbm);
    QCOMPARE(opt(csqToDbm(rssi)), dbm);
}

void SignalParserTest::cpsi_data()
{
    QTest::addColumn<QByteArrayList>("lines");
    QTest::addColumn<QString>("systemMode");
    QTest::addColumn<QString>("operationMode");
    QTest::addColumn<QString>("mcc");
    QTest::addColumn<QString>("mnc");
    QTest::addColumn<QString>("lacOrTac");
    QTest::addColumn<QString>("cellId");
    QTest::addColumn<QString>("band");
    QTest::addColumn<int>("earfcn");
    QTest::addColumn<int>("rsrq");
    QTest::addColumn<int>("rsrp");
    QTest::addColumn<int>("rssi");
    QTest::addColumn<int>("rssnr");
    QTest::addColumn<int>("sinr");
    QTest::addColumn<int>("rxlev");

    const QString none = kNoText;
    QTest::newRow("SIM7000 no service (S7K-AT 5.2.21)") << QByteArrayList{"+CPSI: NO SERVICE,Online"}
        << "NO SERVICE" << "Online" << none << none << none << none << none << kNone << kNone << kNone << kNone << kNone << kNone << kNone;
    QTest::newRow("SIM7000E B05 GSM (BOT-LOG SSL_Log_2)")
        << QByteArrayList{"+CPSI: GSM,Online,460-01,0x144f,46576,97 EGSM 900,-52,0,39-65"}
        << "GSM" << "Online" << "460" << "01" << "0x144f" << "46576" << "EGSM 900" << 97 << kNone << kNone << kNone << kNone << kNone << -52;
    QTest::newRow("SIM7000G GSM (1NCE)") << QByteArrayList{"+CPSI: GSM,Online,262-01,0x972d,5559,79 EGSM 900,-83,0,24-24"}
        << "GSM" << "Online" << "262" << "01" << "0x972d" << "5559" << "EGSM 900" << 79 << kNone << kNone << kNone << kNone << kNone << -83;
    QTest::newRow("SIM7000 LTE CAT-M1 (IDX-21283425539)")
        << QByteArrayList{"+CPSI: LTE CAT-M1,Online,440-52,0x6061,33815299,94,EUTRAN-BAND18,5900,3,3,-8,-84,-60,18"}
        << "LTE CAT-M1" << "Online" << "440" << "52" << "0x6061" << "33815299" << "EUTRAN-BAND18" << 5900 << -8 << -84 << -60 << 18 << 16 << kNone;
    QTest::newRow("SIM7080 LTE NB-IOT (IDX-66683598599)")
        << QByteArrayList{"+CPSI: LTE NB-IOT,Online,248-01,0x2AFA,51716400,177,EUTRAN-BAND20,6254,0,0,-10,-63,-54,15"}
        << "LTE NB-IOT" << "Online" << "248" << "01" << "0x2AFA" << "51716400" << "EUTRAN-BAND20" << 6254 << -10 << -63 << -54 << 15 << 10 << kNone;
    QTest::newRow("SIM7000E B08 short form (ISSUES botletics #49)") << QByteArrayList{"+CPSI: LTE CAT-M1,Online"}
        << "LTE CAT-M1" << "Online" << none << none << none << none << none << kNone << kNone << kNone << kNone << kNone << kNone << kNone;
    QTest::newRow("SINR clamped to 30 (syntax)")
        << QByteArrayList{"+CPSI: LTE CAT-M1,Online,440-52,0x6061,33815299,94,EUTRAN-BAND18,5900,3,3,-8,-84,-60,30"}
        << "LTE CAT-M1" << "Online" << "440" << "52" << "0x6061" << "33815299" << "EUTRAN-BAND18" << 5900 << -8 << -84 << -60 << 30 << 30 << kNone;
    QTest::newRow("SINR clamped to -20 (syntax)")
        << QByteArrayList{"+CPSI: LTE NB-IOT,Online,248-01,0x2AFA,51716400,177,EUTRAN-BAND20,6254,0,0,-10,-63,-54,-5"}
        << "LTE NB-IOT" << "Online" << "248" << "01" << "0x2AFA" << "51716400" << "EUTRAN-BAND20" << 6254 << -10 << -63 << -54 << -5 << -20 << kNone;
    QTest::newRow("three-digit MNC, odd spacing (syntax)")
        << QByteArrayList{"+CPSI:GSM , Offline , 310-260 , 0x1 , 2 , 3 , -100 , 0 , 1-2"}
        << "GSM" << "Offline" << "310" << "260" << "0x1" << "2" << none << 3 << kNone << kNone << kNone << kNone << kNone << -100;
    QTest::newRow("after DST and PSUTTZ URCs (BOT-LOG)")
        << QByteArrayList{"DST: 0", "*PSUTTZ: 19/06/26,06:04:03\",\"+32\",0", "+CPSI: NO SERVICE,Online"}
        << "NO SERVICE" << "Online" << none << none << none << none << none << kNone << kNone << kNone << kNone << kNone << kNone << kNone;
}

void SignalParserTest::cpsi()
{
    QFETCH(QByteArrayList, lines);
    const auto result = parseCpsi(lines);
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    QFETCH(QString, systemMode);
    QFETCH(QString, operationMode);
    QFETCH(QString, mcc);
    QFETCH(QString, mnc);
    QFETCH(QString, lacOrTac);
    QFETCH(QString, cellId);
    QFETCH(QString, band);
    QCOMPARE(result->systemMode, systemMode);
    QCOMPARE(result->operationMode, operationMode);
    QCOMPARE(opt(result->mcc), mcc);
    QCOMPARE(opt(result->mnc), mnc);
    QCOMPARE(opt(result->lacOrTac), lacOrTac);
    QCOMPARE(opt(result->cellId), cellId);
    QCOMPARE(opt(result->band), band);
    QFETCH(int, earfcn);
    QFETCH(int, rsrq);
    QFETCH(int, rsrp);
    QFETCH(int, rssi);
    QFETCH(int, rssnr);
    QFETCH(int, sinr);
    QFETCH(int, rxlev);
    QCOMPARE(opt(result->earfcn), earfcn);
    QCOMPARE(opt(result->rsrq), rsrq);
    QCOMPARE(opt(result->rsrp), rsrp);
    QCOMPARE(opt(result->rssi), rssi);
    QCOMPARE(opt(result->rssnr), rssnr);
    QCOMPARE(opt(result->sinr), sinr);
    QCOMPARE(opt(result->rxlev), rxlev);
}

void SignalParserTest::cpsiErrors_data()
{
    QTest::addColumn<QByteArrayList>("lines");
    QTest::addColumn<QString>("mentions");  // a word the message must contain

    QTest::newRow("GSM with 3 fields") << QByteArrayList{"+CPSI: GSM,Online,460-01"} << "9 fields";
    QTest::newRow("LTE with 13 fields")
        << QByteArrayList{"+CPSI: LTE CAT-M1,Online,440-52,0x6061,33815299,94,EUTRAN-BAND18,5900,3,3,-8,-84,-60"} << "14 fields";
    QTest::newRow("LTE with non-numeric RSRQ")
        << QByteArrayList{"+CPSI: LTE CAT-M1,Online,440-52,0x6061,33815299,94,EUTRAN-BAND18,5900,3,3,x,-84,-60,18"} << "RSRQ";
    QTest::newRow("LTE with non-numeric RSRP")
        << QByteArrayList{"+CPSI: LTE CAT-M1,Online,440-52,0x6061,33815299,94,EUTRAN-BAND18,5900,3,3,-8,-8x4,-60,18"} << "RSRP";
    QTest::newRow("GSM with a bad MCC-MNC") << QByteArrayList{"+CPSI: GSM,Online,46-001,0x144f,46576,97 EGSM 900,-52,0,39-65"} << "MCC";
    QTest::newRow("GSM with a bad ARFCN") << QByteArrayList{"+CPSI: GSM,Online,460-01,0x144f,46576,EGSM 900,-52,0,39-65"} << "ARFCN";
    QTest::newRow("empty value") << QByteArrayList{"+CPSI: "} << "+CPSI";
    QTest::newRow("one word") << QByteArrayList{"+CPSI: garbage"} << "garbage";
    QTest::newRow("empty system mode") << QByteArrayList{"+CPSI: ,Online"} << "system mode";
    QTest::newRow("unbalanced quote") << QByteArrayList{"+CPSI: \"GSM,Online"} << "quote";
    QTest::newRow("URC only") << QByteArrayList{"DST: 1"} << "DST";
    QTest::newRow("no lines") << QByteArrayList{} << "no lines";
}

void SignalParserTest::cpsiErrors()
{
    QFETCH(QByteArrayList, lines);
    QFETCH(QString, mentions);
    const auto result = parseCpsi(lines);
    QVERIFY(isParseError(result));
    QVERIFY2(result.error().message.contains(mentions), qPrintable(result.error().message));
}

int runSignalParserTests(int argc, char **argv)
{
    SignalParserTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_signalparsers.moc"
