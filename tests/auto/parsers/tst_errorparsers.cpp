// +CME ERROR / +CMS ERROR parsing and tables (protocol.md §3.2, §3.3; test-plan B3).

#include "core/parsers/errors.h"
#include "testsupport.h"

#include <QtTest>

using namespace ModemBench;
using namespace ModemBench::Test;

Q_DECLARE_METATYPE(ModemBench::ModemErrorKind)

namespace {

// Every code protocol.md §3.3 lists individually or as a range.
QList<int> listedCmeCodes()
{
    QList<int> codes{0,   1,   2,   3,   4,   5,   6,   7,   10,  11,  12,  13,  14,  15,  16,
                     17,  18,  20,  21,  22,  23,  24,  25,  26,  27,  30,  31,  32,  99,  100,
                     103, 106, 107, 111, 112, 113, 132, 133, 134, 148, 149, 150, 160, 161, 765,
                     766, 767, 768, 770, 772, 773, 791, 792, 793, 794, 795, 796, 797};
    for (int n = 40; n <= 47; ++n)
        codes.append(n);
    for (int n = 171; n <= 193; ++n)
        codes.append(n);
    for (int n = 600; n <= 614; ++n)
        codes.append(n);
    return codes;
}

} // namespace

class ErrorParserTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modemError_data();
    void modemError();
    void modemErrorRejects_data();
    void modemErrorRejects();
    void cmeTableCoversProtocol();
    void cmeTableRoundTrips();
    void cmsTable();
    void reverseLookup();
};

void ErrorParserTest::modemError_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<ModemErrorKind>("kind");
    QTest::addColumn<int>("number");
    QTest::addColumn<QString>("text");

    const auto cme = ModemErrorKind::Cme;
    const auto cms = ModemErrorKind::Cms;
    QTest::newRow("SIM7000 numeric SIM not inserted (S7K-AT 20.1)") << QByteArray("+CME ERROR: 10") << cme << 10 << "SIM not inserted";
    QTest::newRow("SIM7000E verbose no SIM (ISSUES TinyGSM #381)") << QByteArray("+CME ERROR: SIM failure") << cme << 13 << "SIM failure";
    QTest::newRow("SIM800 verbose CSCS (S800-AT 19.1)") << QByteArray("+CME ERROR: invalid input value") << cme << 765 << "invalid input value";
    QTest::newRow("SIM800 close not connected (ISSUES TinyGSM #425)") << QByteArray("+CME ERROR: operation not allowed") << cme << 3
        << "operation not allowed";
    QTest::newRow("SIM800 numeric vendor code 601 (S800-AT)") << QByteArray("+CME ERROR: 601") << cme << 601 << "Unrecognized Command";
    QTest::newRow("SIM7000 numeric 797 CFUN (S7K-AT 20.1)") << QByteArray("+CME ERROR: 797") << cme << 797 << "CFUN state is 0 or 4";
    QTest::newRow("SIM7000 CMS numeric 304 (S7K-AT 20.2)") << QByteArray("+CMS ERROR: 304") << cms << 304 << "invalid PDU mode parameter";
    QTest::newRow("SIM7000 CMS 532 (S7K-AT 20.2)") << QByteArray("+CMS ERROR: 532") << cms << 532 << "Doing SIM refresh";
    QTest::newRow("unknown number keeps the number") << QByteArray("+CME ERROR: 9999") << cme << 9999 << "unknown CME error 9999";
    QTest::newRow("INT_MAX") << QByteArray("+CME ERROR: 2147483647") << cme << 2147483647 << "unknown CME error 2147483647";
    QTest::newRow("no space after colon") << QByteArray("+CME ERROR:3") << cme << 3 << "operation not allowed";
    QTest::newRow("lower-case prefix, extra spaces") << QByteArray("  +cme error:   14  ") << cme << 14 << "SIM busy";
    QTest::newRow("unknown verbose text") << QByteArray("+CME ERROR: something new") << cme << kNone << "something new";
    QTest::newRow("quoted verbose text") << QByteArray("+CME ERROR: \"SIM busy\"") << cme << 14 << "SIM busy";
}

void ErrorParserTest::modemError()
{
    QFETCH(QByteArray, line);
    QFETCH(ModemErrorKind, kind);
    QFETCH(int, number);
    QFETCH(QString, text);
    const auto result = parseModemError(line);
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    QCOMPARE(result->kind, kind);
    QCOMPARE(opt(result->number), number);
    QCOMPARE(result->text, text);
}

void ErrorParserTest::modemErrorRejects_data()
{
    QTest::addColumn<QByteArray>("line");

    QTest::newRow("empty after prefix (test-plan B3)") << QByteArray("+CME ERROR:");
    QTest::newRow("blank after prefix") << QByteArray("+CME ERROR: ");
    QTest::newRow("CMS empty") << QByteArray("+CMS ERROR:");
    QTest::newRow("digits then letters") << QByteArray("+CME ERROR: 12abc");
    QTest::newRow("negative") << QByteArray("+CME ERROR: -1");
    QTest::newRow("plus sign") << QByteArray("+CME ERROR: +3");
    QTest::newRow("beyond int") << QByteArray("+CME ERROR: 2147483648");
    QTest::newRow("far beyond int") << QByteArray("+CME ERROR: 99999999999999999999999999");
    QTest::newRow("control bytes") << QByteArray("+CME ERROR: \x01\x02", 14);
    QTest::newRow("non-ASCII bytes") << QByteArray("+CME ERROR: \xff\xfe");
    QTest::newRow("punctuation only") << QByteArray("+CME ERROR: !!!");
    QTest::newRow("empty quotes") << QByteArray("+CME ERROR: \"\"");
    QTest::newRow("plain ERROR") << QByteArray("ERROR");
    QTest::newRow("empty line") << QByteArray();
    QTest::newRow("other prefix") << QByteArray("+CEER: 10");
}

void ErrorParserTest::modemErrorRejects()
{
    QFETCH(QByteArray, line);
    const auto result = parseModemError(line);
    QVERIFY(isParseError(result));
    QCOMPARE(result.error().raw, line);
}

void ErrorParserTest::cmeTableCoversProtocol()
{
    for (int code : listedCmeCodes()) {
        const QString text = cmeErrorText(code);
        QVERIFY2(!text.startsWith(QLatin1String("unknown CME error")), qPrintable(QString::number(code)));
    }
    QCOMPARE(cmeErrorText(10), QStringLiteral("SIM not inserted"));
    QCOMPARE(cmeErrorText(180), QStringLiteral("gprs is not attached"));
    QCOMPARE(cmeErrorText(8), QStringLiteral("unknown CME error 8"));
    QCOMPARE(cmeErrorText(-1), QStringLiteral("unknown CME error -1"));
}

void ErrorParserTest::cmeTableRoundTrips()
{
    for (int code : listedCmeCodes()) {
        const auto back = cmeErrorNumberFromText(cmeErrorText(code));
        QVERIFY2(back.has_value(), qPrintable(cmeErrorText(code)));
        QCOMPARE(*back, code);
    }
}

void ErrorParserTest::cmsTable()
{
    for (int code : {300, 301, 302, 303, 304, 305, 310, 311, 312, 313, 314, 315, 316, 317, 318, 320,
                     321, 322, 330, 331, 332, 500}) {
        QVERIFY2(!cmsErrorText(code).startsWith(QLatin1String("unknown CMS")), qPrintable(QString::number(code)));
    }
    for (int code = 512; code <= 532; ++code)
        QVERIFY2(!cmsErrorText(code).startsWith(QLatin1String("unknown CMS")), qPrintable(QString::number(code)));
    QCOMPARE(cmsErrorText(306), QStringLiteral("unknown CMS error 306"));
    QCOMPARE(cmsErrorNumberFromText(QStringLiteral("ME FAILURE")), std::optional<int>(300));
}

void ErrorParserTest::reverseLookup()
{
    QCOMPARE(cmeErrorNumberFromText(QStringLiteral("SIM not inserted")), std::optional<int>(10));
    QCOMPARE(cmeErrorNumberFromText(QStringLiteral("sim NOT inserted")), std::optional<int>(10));
    QCOMPARE(cmeErrorNumberFromText(QStringLiteral("  SIM   not  inserted ")), std::optional<int>(10));
    QCOMPARE(cmeErrorNumberFromText(QStringLiteral("INVALID INPUT VALUE")), std::optional<int>(765));
    QCOMPARE(cmeErrorNumberFromText(QStringLiteral("unknown")), std::optional<int>(100));
    QCOMPARE(cmeErrorNumberFromText(QStringLiteral("no such error")), std::nullopt);
    QCOMPARE(cmeErrorNumberFromText(QString()), std::nullopt);
}

int runErrorParserTests(int argc, char **argv)
{
    ErrorParserTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_errorparsers.moc"
