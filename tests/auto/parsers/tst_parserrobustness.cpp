// Every parser on hostile input (test-plan B1, B3, B8): truncations of real replies at every byte,
// seeded random bytes, huge lines, many fields, NUL runs. Each must return a value or a Parse
// error with a message; a crash, hang or sanitizer report fails the test. The libFuzzer targets
// go further; this keeps the basics in every ctest run.

#include "core/parsers/errors.h"
#include "core/parsers/identity.h"
#include "core/parsers/registration.h"
#include "core/parsers/signal.h"
#include "core/parsers/sim.h"
#include "testsupport.h"

#include <QRandomGenerator>
#include <QtTest>

#include <functional>

using namespace ModemBench;
using namespace ModemBench::Test;

namespace {

// Real replies from protocol.md, the seeds that get cut and mutated.
const QByteArrayList kSeeds{
    "SIM7000G R1529",
    "SIMCOM_SIM7000G",
    "Revision:1351B05SIM7000E_20180821_1526",
    "490154203237518",
    "460011234567890",
    "+CCID: 8981090040025215666F",
    "+CPIN: READY",
    "+CEREG: 2,1,\"1A2B\",,\"0192E301\",7",
    "+CGREG: 0,1",
    "+COPS: 0,0,\"CHN-UNICOM\",0",
    "+CSQ: 20,0",
    "+CPSI: GSM,Online,460-01,0x144f,46576,97 EGSM 900,-52,0,39-65",
    "+CPSI: LTE CAT-M1,Online,440-52,0x6061,33815299,94,EUTRAN-BAND18,5900,3,3,-8,-84,-60,18",
    "+CME ERROR: SIM not inserted",
    "+CMS ERROR: 304",
    "*PSUTTZ: 19/06/26,06:04:03\",\"+32\",0",
};

// Runs every lines-based parser and checks the outcome is a value or a described Parse error.
bool allParsersBehave(const QList<QByteArray> &lines)
{
    bool ok = true;
    auto check = [&ok](const auto &result) {
        ok = ok && (bool(result) || isParseError(result));
    };
    check(parseAti(lines));
    check(parseManufacturer(lines));
    check(parseModel(lines));
    check(parseRevision(lines));
    check(parseImei(lines));
    check(parseImsi(lines));
    check(parseIccid(lines));
    check(parseCpin(lines));
    check(parseRegistrationReply(lines));
    check(parseCops(lines));
    check(parseCsq(lines));
    check(parseCpsi(lines));
    for (const QByteArray &line : lines) {
        check(parseRegistrationUrc(line));
        check(parseModemError(line));
    }
    return ok;
}

QByteArray randomBytes(QRandomGenerator &rng, int size, bool printable)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes)
        c = printable ? char(0x20 + rng.bounded(0x5f)) : char(rng.bounded(256));
    return bytes;
}

} // namespace

class ParserRobustnessTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void seedsParse();
    void everyTruncation();
    void randomMutations();
    void randomGarbage();
    void hugeAndPathologicalLines();
    void valuesNeverComeFromUrcs();
};

void ParserRobustnessTest::seedsParse()
{
    QVERIFY(allParsersBehave(kSeeds));
}

void ParserRobustnessTest::everyTruncation()
{
    for (const QByteArray &seed : kSeeds) {
        for (qsizetype cut = 0; cut <= seed.size(); ++cut) {
            QVERIFY2(allParsersBehave({seed.left(cut)}), seed.left(cut).constData());
            QVERIFY2(allParsersBehave({seed.mid(cut)}), seed.mid(cut).constData());
        }
    }
}

void ParserRobustnessTest::randomMutations()
{
    QRandomGenerator rng(0x5137000u);  // fixed seed: failures must reproduce
    static const char kTokens[] = ",\"-: 0123456789+xF\x00\xff\r\n";
    for (int round = 0; round < 3000; ++round) {
        QByteArray line = kSeeds.at(rng.bounded(int(kSeeds.size())));
        const int edits = 1 + rng.bounded(4);
        for (int e = 0; e < edits && !line.isEmpty(); ++e) {
            const int pos = rng.bounded(int(line.size()));
            const char token = kTokens[rng.bounded(int(sizeof(kTokens) - 1))];
            switch (rng.bounded(3)) {
            case 0: line[pos] = token; break;
            case 1: line.insert(pos, token); break;
            default: line.remove(pos, 1); break;
            }
        }
        QVERIFY2(allParsersBehave({line}), line.toHex().constData());
    }
}

void ParserRobustnessTest::randomGarbage()
{
    QRandomGenerator rng(0xA7u);
    for (int round = 0; round < 500; ++round) {
        QList<QByteArray> lines;
        const int count = rng.bounded(5);
        for (int i = 0; i < count; ++i)
            lines.append(randomBytes(rng, rng.bounded(300), round % 2 == 0));
        QVERIFY(allParsersBehave(lines));
    }
}

void ParserRobustnessTest::hugeAndPathologicalLines()
{
    const QByteArray mib(1 << 20, 'A');
    QVERIFY(allParsersBehave({mib}));
    QVERIFY(allParsersBehave({QByteArray(1 << 16, '\0')}));
    QVERIFY(allParsersBehave({"+CPSI: " + QByteArray(100000, ',')}));
    QVERIFY(allParsersBehave({"+COPS: " + QByteArray(100000, '"')}));
    QVERIFY(allParsersBehave({"+CSQ: " + QByteArray(100000, '9') + ",0"}));
    QVERIFY(allParsersBehave({"+CCID: " + QByteArray(100000, 'F')}));
    QVERIFY(allParsersBehave({"+CME ERROR: " + mib}));
    QList<QByteArray> many;
    for (int i = 0; i < 10000; ++i)
        many.append("DST: 1");
    QVERIFY(allParsersBehave(many));
    // Error messages and raw copies stay bounded however large the input is.
    const auto result = parseImsi({mib, mib});
    QVERIFY(isParseError(result));
    QVERIFY(result.error().message.size() < 1000);
    QVERIFY(result.error().raw.size() <= 4096);
}

void ParserRobustnessTest::valuesNeverComeFromUrcs()
{
    // Every URC of protocol.md §12 with sample values; none may be taken as an identity value.
    const QByteArrayList urcs{
        "RDY", "+CFUN: 1", "+CPIN: READY", "Call Ready", "SMS Ready", "NORMAL POWER DOWN",
        "OVER-VOLTAGE WARNNING", "+CREG: 1", "+CGREG: 1", "+CEREG: 1", "+CNSMOD: 7",
        "*PSNWID: \"460\",\"01\",\"CU\",0,\"CU\",0", "*PSUTTZ: 19/06/26,06:04:03\",\"+32\",0",
        "*PSUTTZ: 2024,7,24,14,4,19,\"+8\",1", "+CTZV: +4,0", "DST: 1",
        "+CIEV: 10,\"26003\",\"Orange\",\"Orange\", 0, 0", "+APP PDP: ACTIVE", "+APP PDP: 0,ACTIVE",
        "+CAOPEN: 0,0", "+CASEND: 0,0,5", "+CADATAIND: 0", "+CASTATE: 0,0", "+CACLOSE: 0",
        "+CANEW: 0,1,117.131.85.139,5004", "+SHREQ: \"GET\",200,387", "+SHREAD: 387", "+SHSTATE: 0",
        "+CDNSGIP: 1,\"www.baidu.com\",\"119.75.218.77\"", "+CNTP: 1", "0, CONNECT OK", "0, CLOSED",
        "+IPD,5:hello", "+RECEIVE,0,17:", "+CIPRXGET: 1", "+PDP: DEACT", "+SAPBR 1: DEACT",
        "+HTTPACTION: 0,200,84200", "+SSLSETCERT: 0", "+CMTI: \"SM\",1", "RING",
    };
    QVERIFY(!parseImei(urcs));
    QVERIFY(!parseImsi(urcs));
    QVERIFY(!parseIccid(urcs));
    QVERIFY(!parseManufacturer(urcs));
    QVERIFY(!parseModel(urcs));
    QVERIFY(!parseAti(urcs));
    QVERIFY(!parseRevision(urcs));
}

int runParserRobustnessTests(int argc, char **argv)
{
    ParserRobustnessTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_parserrobustness.moc"
