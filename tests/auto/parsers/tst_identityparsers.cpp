// Identification parsers (protocol.md §2.2, §2.3). Rows are named after the modem and the source
// key of the reply in protocol.md §0; rows marked "syntax" are built from a documented syntax
// rather than copied from a capture.

#include "core/parsers/identity.h"
#include "testsupport.h"

#include <QtTest>

using namespace ModemBench;
using namespace ModemBench::Test;

namespace {

// URC lines that slipped into replies in real sessions (protocol.md §5.5, §18; TinyGSM#682).
const QByteArray kDst = "DST: 1";
const QByteArray kPsuttz = "*PSUTTZ: 19/06/26,06:04:03\",\"+32\",0";
const QByteArray kCereg = "+CEREG: 1";

} // namespace

class IdentityParserTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ati_data();
    void ati();
    void manufacturer_data();
    void manufacturer();
    void model_data();
    void model();
    void revision_data();
    void revision();
    void gsv();
    void imei_data();
    void imei();
    void imeiLuhn();
    void imsi_data();
    void imsi();
    void iccid_data();
    void iccid();
};

void IdentityParserTest::ati_data()
{
    QTest::addColumn<QByteArrayList>("lines");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("revision");

    QTest::newRow("SIM7000G R1529 (IDX-19971327328)") << QByteArrayList{"SIM7000G R1529"} << true << "SIM7000G" << "R1529";
    QTest::newRow("SIM7000 manual example (S7K-AT 2.2.5)") << QByteArrayList{"SIM7000 R1351"} << true << "SIM7000" << "R1351";
    QTest::newRow("SIM7080 manual example (S7080-AT 2.2.5)") << QByteArrayList{"SIM7080 R1351"} << true << "SIM7080" << "R1351";
    QTest::newRow("SIM800 R14.18 (HIVE)") << QByteArrayList{"SIM800 R14.18"} << true << "SIM800" << "R14.18";
    QTest::newRow("SIM800 R13.08 (IDX-29806094086)") << QByteArrayList{"SIM800 R13.08"} << true << "SIM800" << "R13.08";
    QTest::newRow("SIM800 manual example R11.08 (S800-AT 2.2.9)") << QByteArrayList{"SIM800 R11.08"} << true << "SIM800" << "R11.08";
    QTest::newRow("SIM800 R14.18 after SMS Ready URC") << QByteArrayList{"SMS Ready", "SIM800 R14.18"} << true << "SIM800" << "R14.18";
    QTest::newRow("SIM7000G R1529 odd spacing and blank line") << QByteArrayList{"", "  SIM7000G   R1529 "} << true << "SIM7000G" << "R1529";
    QTest::newRow("URC only: SMS Ready") << QByteArrayList{"SMS Ready"} << false << "" << "";
    QTest::newRow("URC only: Call Ready") << QByteArrayList{"Call Ready"} << false << "" << "";
    QTest::newRow("URC only: DST") << QByteArrayList{kDst} << false << "" << "";
    QTest::newRow("model without revision") << QByteArrayList{"SIM7000G"} << false << "" << "";
    QTest::newRow("no lines") << QByteArrayList{} << false << "" << "";
}

void IdentityParserTest::ati()
{
    QFETCH(QByteArrayList, lines);
    QFETCH(bool, ok);
    const auto result = parseAti(lines);
    QCOMPARE(bool(result), ok);
    if (!ok) {
        QVERIFY(isParseError(result));
        return;
    }
    QFETCH(QString, model);
    QFETCH(QString, revision);
    QCOMPARE(result->model, model);
    QCOMPARE(result->revision, revision);
    QVERIFY(!result->raw.isEmpty());
}

void IdentityParserTest::manufacturer_data()
{
    QTest::addColumn<QByteArrayList>("lines");
    QTest::addColumn<QString>("expected");  // empty: a Parse error is expected

    QTest::newRow("SIM7000 AT+CGMI (S7K-AT 2.2.25)") << QByteArrayList{"SIMCOM_Ltd"} << "SIMCOM_Ltd";
    QTest::newRow("SIM800 AT+GMI (S800-AT 2.2.34)") << QByteArrayList{"SIMCOM_Ltd"} << "SIMCOM_Ltd";
    QTest::newRow("+CGMI prefixed form (syntax)") << QByteArrayList{"+CGMI: SIMCOM_Ltd"} << "SIMCOM_Ltd";
    QTest::newRow("SIM7000E after DST and PSUTTZ URCs (BOT-LOG)") << QByteArrayList{kDst, kPsuttz, "SIMCOM_Ltd"} << "SIMCOM_Ltd";
    QTest::newRow("SIM7080 boot URCs only (IDX-66704594966)") << QByteArrayList{"RDY", "+CFUN: 1", "+CPIN: READY", "SMS Ready"} << "";
    QTest::newRow("URC only: DST") << QByteArrayList{kDst} << "";
    QTest::newRow("no lines") << QByteArrayList{} << "";
}

void IdentityParserTest::manufacturer()
{
    QFETCH(QByteArrayList, lines);
    QFETCH(QString, expected);
    const auto result = parseManufacturer(lines);
    if (expected.isEmpty()) {
        QVERIFY(isParseError(result));
        return;
    }
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    QCOMPARE(*result, expected);
}

void IdentityParserTest::model_data()
{
    QTest::addColumn<QByteArrayList>("lines");
    QTest::addColumn<QString>("expected");

    QTest::newRow("SIM7000G AT+CGMM (ISSUES TinyGSM #381)") << QByteArrayList{"SIMCOM_SIM7000G"} << "SIMCOM_SIM7000G";
    QTest::newRow("SIM7000E AT+CGMM (IDX-29806094086)") << QByteArrayList{"SIMCOM_SIM7000E"} << "SIMCOM_SIM7000E";
    QTest::newRow("SIM7080 AT+CGMM (ZEP)") << QByteArrayList{"SIMCOM_SIM7080"} << "SIMCOM_SIM7080";
    QTest::newRow("SIM800L AT+CGMM (IDX-20257234182)") << QByteArrayList{"SIMCOM_SIM800L"} << "SIMCOM_SIM800L";
    QTest::newRow("+CGMM prefixed form (syntax)") << QByteArrayList{"+CGMM: SIMCOM_SIM7000G"} << "SIMCOM_SIM7000G";
    QTest::newRow("SIM800L after Call Ready and SMS Ready") << QByteArrayList{"Call Ready", "SMS Ready", "SIMCOM_SIM800L"} << "SIMCOM_SIM800L";
    QTest::newRow("URC only: +CEREG") << QByteArrayList{kCereg} << "";
    QTest::newRow("URC only: PSUTTZ") << QByteArrayList{kPsuttz} << "";
    QTest::newRow("blank lines only") << QByteArrayList{"", "  "} << "";
}

void IdentityParserTest::model()
{
    QFETCH(QByteArrayList, lines);
    QFETCH(QString, expected);
    const auto result = parseModel(lines);
    if (expected.isEmpty()) {
        QVERIFY(isParseError(result));
        return;
    }
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    QCOMPARE(*result, expected);
}

void IdentityParserTest::revision_data()
{
    QTest::addColumn<QByteArrayList>("lines");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("full");
    QTest::addColumn<QString>("build");
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("date");

    QTest::newRow("SIM7000E B05 dated (BOT-LOG SSL_Log_2)") << QByteArrayList{"Revision:1351B05SIM7000E_20180821_1526"} << true
        << "1351B05SIM7000E_20180821_1526" << "1351B05" << "SIM7000E" << "20180821_1526";
    QTest::newRow("SIM7000E B05 (BOT-LOG)") << QByteArrayList{"Revision:1351B05SIM7000E"} << true << "1351B05SIM7000E" << "1351B05" << "SIM7000E" << "";
    QTest::newRow("SIM7000E B08 (ISSUES botletics #49)") << QByteArrayList{"Revision:1351B08SIM7000E"} << true << "1351B08SIM7000E" << "1351B08" << "SIM7000E" << "";
    QTest::newRow("SIM7000G B04 (syntax)") << QByteArrayList{"Revision:1351B04SIM7000G"} << true << "1351B04SIM7000G" << "1351B04" << "SIM7000G" << "";
    QTest::newRow("SIM7000G B05 bare (1NCE)") << QByteArrayList{"1529B05SIM7000G"} << true << "1529B05SIM7000G" << "1529B05" << "SIM7000G" << "";
    QTest::newRow("SIM7080 B05 (ISSUES TinyGSM #592)") << QByteArrayList{"Revision:1951B05SIM7080"} << true << "1951B05SIM7080" << "1951B05" << "SIM7080" << "";
    QTest::newRow("SIM7080 B16 (IDX-66704594966)") << QByteArrayList{"Revision:1951B16SIM7080"} << true << "1951B16SIM7080" << "1951B16" << "SIM7080" << "";
    QTest::newRow("SIM800L R14.18 (HIVE)") << QByteArrayList{"Revision:1418B05SIM800L24"} << true << "1418B05SIM800L24" << "1418B05" << "SIM800L24" << "";
    QTest::newRow("SIM800L R13.08 (ISSUES TinyGSM #235)") << QByteArrayList{"Revision:1308B08SIM800L16"} << true << "1308B08SIM800L16" << "1308B08" << "SIM800L16" << "";
    QTest::newRow("SIM7000 AT+GSV manual (S7K-AT 5.2.10)") << QByteArrayList{"SIMCOM_Ltd", "SIMCOM_SIM7000", "Revision: 1351B01SIM7000"} << true
        << "1351B01SIM7000" << "1351B01" << "SIM7000" << "";
    QTest::newRow("SIM800H AT+GSV manual (S800-AT 19.1)") << QByteArrayList{"Revision: 1308B01SIM800H32"} << true << "1308B01SIM800H32" << "1308B01" << "SIM800H32" << "";
    QTest::newRow("+CGMR prefixed form (syntax)") << QByteArrayList{"+CGMR: 1351B04SIM7000G"} << true << "1351B04SIM7000G" << "1351B04" << "SIM7000G" << "";
    QTest::newRow("SIM800L T-Call trimmed (ISSUES pythings #3)") << QByteArrayList{"Revision:SIM800L16_20141031_1027"} << true
        << "SIM800L16_20141031_1027" << "" << "SIM800L16" << "20141031_1027";
    QTest::newRow("SIM7000E B05 after DST URC") << QByteArrayList{kDst, "Revision:1351B05SIM7000E"} << true << "1351B05SIM7000E" << "1351B05" << "SIM7000E" << "";
    QTest::newRow("URC only: +CEREG") << QByteArrayList{kCereg} << false << "" << "" << "" << "";
    QTest::newRow("URC only: DST") << QByteArrayList{kDst} << false << "" << "" << "" << "";
    QTest::newRow("empty Revision:") << QByteArrayList{"Revision:"} << false << "" << "" << "" << "";
    QTest::newRow("manufacturer line only") << QByteArrayList{"SIMCOM_Ltd"} << false << "" << "" << "" << "";
}

void IdentityParserTest::revision()
{
    QFETCH(QByteArrayList, lines);
    QFETCH(bool, ok);
    const auto result = parseRevision(lines);
    QCOMPARE(bool(result), ok);
    if (!ok) {
        QVERIFY(isParseError(result));
        return;
    }
    QFETCH(QString, full);
    QFETCH(QString, build);
    QFETCH(QString, model);
    QFETCH(QString, date);
    QCOMPARE(result->full, full);
    QCOMPARE(result->build, build);
    QCOMPARE(result->model, model);
    QCOMPARE(result->date, date);
}

void IdentityParserTest::gsv()
{
    // SIM7000 manual example (S7K-AT 5.2.10), with a URC in front.
    const auto result = parseGsv({"DST: 1", "SIMCOM_Ltd", "SIMCOM_SIM7000", "Revision: 1351B01SIM7000"});
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    QCOMPARE(result->manufacturer, QStringLiteral("SIMCOM_Ltd"));
    QCOMPARE(result->model, QStringLiteral("SIMCOM_SIM7000"));
    QCOMPARE(result->revision.build, QStringLiteral("1351B01"));
    QVERIFY(isParseError(parseGsv({"SIMCOM_Ltd", "Revision: 1351B01SIM7000"})));
    QVERIFY(isParseError(parseGsv({"SIMCOM_Ltd", "SIMCOM_SIM7000"})));
}

void IdentityParserTest::imei_data()
{
    QTest::addColumn<QByteArrayList>("lines");
    QTest::addColumn<QString>("expected");

    // protocol.md quotes no IMEI verbatim; the format is a bare 15-digit line (§2.3, TG-ED).
    QTest::newRow("SIM7000 bare AT+CGSN (TG-ED format)") << QByteArrayList{"490154203237518"} << "490154203237518";
    QTest::newRow("+CGSN prefixed form (syntax)") << QByteArrayList{"+CGSN: 490154203237518"} << "490154203237518";
    QTest::newRow("+GSN prefixed and quoted (syntax)") << QByteArrayList{"+GSN: \"490154203237518\""} << "490154203237518";
    QTest::newRow("Luhn mismatch is accepted") << QByteArrayList{"490154203237519"} << "490154203237519";
    QTest::newRow("after DST, PSUTTZ, CEREG URCs (TinyGSM#682)") << QByteArrayList{kDst, kPsuttz, kCereg, "490154203237518"} << "490154203237518";
    QTest::newRow("odd spacing") << QByteArrayList{"  490154203237518  "} << "490154203237518";
    QTest::newRow("14 digits") << QByteArrayList{"49015420323751"} << "";
    QTest::newRow("16 digits") << QByteArrayList{"4901542032375180"} << "";
    QTest::newRow("hex letter") << QByteArrayList{"49015420323751A"} << "";
    QTest::newRow("+CGSN short") << QByteArrayList{"+CGSN: 12345"} << "";
    QTest::newRow("URC only: DST") << QByteArrayList{kDst} << "";
    QTest::newRow("URC only: PSUTTZ") << QByteArrayList{kPsuttz} << "";
    QTest::newRow("URC only: +CEREG") << QByteArrayList{kCereg} << "";
    QTest::newRow("no lines") << QByteArrayList{} << "";
}

void IdentityParserTest::imei()
{
    QFETCH(QByteArrayList, lines);
    QFETCH(QString, expected);
    const auto result = parseImei(lines);
    if (expected.isEmpty()) {
        QVERIFY(isParseError(result));
        QVERIFY(result.error().message.contains(QLatin1String("15 digits")));
        return;
    }
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    QCOMPARE(*result, expected);
}

void IdentityParserTest::imeiLuhn()
{
    QVERIFY(imeiLuhnValid(QStringLiteral("490154203237518")));
    QVERIFY(!imeiLuhnValid(QStringLiteral("490154203237519")));
    QVERIFY(!imeiLuhnValid(QStringLiteral("49015420323751")));
    QVERIFY(!imeiLuhnValid(QStringLiteral("49015420323751X")));
    // The same digit computed, for IMEIs and for ICCIDs (modemsim's default 89012608622914771148).
    QCOMPARE(luhnCheckDigit(u"49015420323751"), QChar(u'8'));
    QCOMPARE(luhnCheckDigit(u"8901260862291477114"), QChar(u'8'));
    QCOMPARE(luhnCheckDigit(u""), QChar());
    QCOMPARE(luhnCheckDigit(u"12a4"), QChar());
}

void IdentityParserTest::imsi_data()
{
    QTest::addColumn<QByteArrayList>("lines");
    QTest::addColumn<QString>("expected");

    QTest::newRow("SIM7000 bare AT+CIMI (S7K-AT 3.2.6)") << QByteArrayList{"460011234567890"} << "460011234567890";
    QTest::newRow("SIM7000E DST before IMSI (BOT-LOG, TinyGSM#682)") << QByteArrayList{kDst, "460011234567890"} << "460011234567890";
    QTest::newRow("SIM7000E PSUTTZ before IMSI (BOT-LOG)") << QByteArrayList{kPsuttz, "460011234567890"} << "460011234567890";
    QTest::newRow("+CEREG URC before IMSI") << QByteArrayList{kCereg, "460011234567890"} << "460011234567890";
    QTest::newRow("all three URCs and a blank before IMSI") << QByteArrayList{kDst, "", kPsuttz, kCereg, "460011234567890"} << "460011234567890";
    QTest::newRow("SIM800 time URCs before IMSI (IDX-20969943979)")
        << QByteArrayList{"*PSUTTZ: 2024,7,24,14,4,19,\"+8\",1", "DST: 1", "262011234567890"} << "262011234567890";
    QTest::newRow("6 digits (shortest accepted)") << QByteArrayList{"123456"} << "123456";
    QTest::newRow("+CIMI prefixed form tolerated") << QByteArrayList{"+CIMI: 460011234567890"} << "460011234567890";
    QTest::newRow("URC only: DST") << QByteArrayList{kDst} << "";
    QTest::newRow("URC only: PSUTTZ") << QByteArrayList{kPsuttz} << "";
    QTest::newRow("URC only: +CEREG") << QByteArrayList{kCereg} << "";
    QTest::newRow("URC only: all three") << QByteArrayList{kDst, kPsuttz, kCereg} << "";
    QTest::newRow("URC only: +CPIN READY") << QByteArrayList{"+CPIN: READY"} << "";
    QTest::newRow("5 digits") << QByteArrayList{"12345"} << "";
    QTest::newRow("16 digits") << QByteArrayList{"4600112345678901"} << "";
    QTest::newRow("digits and letters") << QByteArrayList{"46001123456789A"} << "";
    QTest::newRow("no lines") << QByteArrayList{} << "";
}

void IdentityParserTest::imsi()
{
    QFETCH(QByteArrayList, lines);
    QFETCH(QString, expected);
    const auto result = parseImsi(lines);
    if (expected.isEmpty()) {
        QVERIFY(isParseError(result));
        return;
    }
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    QCOMPARE(*result, expected);
}

void IdentityParserTest::iccid_data()
{
    QTest::addColumn<QByteArrayList>("lines");
    QTest::addColumn<QString>("expected");

    QTest::newRow("SIM7000 bare with hex letter (S7K-AT 5.2.8)") << QByteArrayList{"898600810906F8048812"} << "898600810906F8048812";
    QTest::newRow("trailing F padding (protocol.md 2.3)") << QByteArrayList{"8981090040025215666F"} << "8981090040025215666";
    QTest::newRow("SIM800/SIM868 lower-case f padding (protocol.md 18)") << QByteArrayList{"8901260862291477114f"} << "8901260862291477114";
    QTest::newRow("+CCID prefixed (other units, protocol.md 18)") << QByteArrayList{"+CCID: 8981090040025215666F"} << "8981090040025215666";
    QTest::newRow("+ICCID prefixed") << QByteArrayList{"+ICCID: 8901260862291477114f"} << "8901260862291477114";
    QTest::newRow("+CCID quoted") << QByteArrayList{"+CCID: \"898600810906F8048812\""} << "898600810906F8048812";
    QTest::newRow("bare quoted") << QByteArrayList{"\"8901260862291477114f\""} << "8901260862291477114";
    QTest::newRow("after DST and PSUTTZ URCs") << QByteArrayList{kDst, kPsuttz, "898600810906F8048812"} << "898600810906F8048812";
    QTest::newRow("odd spacing after prefix") << QByteArrayList{"+CCID:   8981090040025215666F  "} << "8981090040025215666";
    QTest::newRow("17 characters") << QByteArrayList{"89860081090648812"} << "";
    QTest::newRow("23 characters") << QByteArrayList{"89860081090648812345678"} << "";
    QTest::newRow("starts with a letter") << QByteArrayList{"F98600810906F8048812"} << "";
    QTest::newRow("non-hex letter") << QByteArrayList{"898600810906G8048812"} << "";
    QTest::newRow("URC only: DST") << QByteArrayList{kDst} << "";
    QTest::newRow("URC only: +CEREG") << QByteArrayList{kCereg} << "";
    QTest::newRow("no lines") << QByteArrayList{} << "";
}

void IdentityParserTest::iccid()
{
    QFETCH(QByteArrayList, lines);
    QFETCH(QString, expected);
    const auto result = parseIccid(lines);
    if (expected.isEmpty()) {
        QVERIFY(isParseError(result));
        return;
    }
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    QCOMPARE(*result, expected);
}

int runIdentityParserTests(int argc, char **argv)
{
    IdentityParserTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_identityparsers.moc"
