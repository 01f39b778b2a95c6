// SIM state (protocol.md §3.1), registration (§5.2) and operator (§5.1) parsers. Rows are named
// after the modem and the source key in protocol.md §0; "syntax" rows follow a documented syntax.

#include "core/parsers/registration.h"
#include "core/parsers/sim.h"
#include "testsupport.h"

#include <QtTest>

using namespace ModemBench;
using namespace ModemBench::Test;

Q_DECLARE_METATYPE(ModemBench::SimState)
Q_DECLARE_METATYPE(ModemBench::RegistrationDomain)

class SimRegistrationParserTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cpin_data();
    void cpin();
    void simStateNames();
    void simStateFromCme();
    void registrationReply_data();
    void registrationReply();
    void registrationUrc_data();
    void registrationUrc();
    void registrationStateNames();
    void cops_data();
    void cops();
    void accessTechnologyNames();
};

void SimRegistrationParserTest::cpin_data()
{
    QTest::addColumn<QByteArrayList>("lines");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<SimState>("state");

    QTest::newRow("SIM7000E B05 READY (BOT-LOG SSL_Log_2)") << QByteArrayList{"+CPIN: READY"} << true << SimState::Ready;
    QTest::newRow("SIM7000 SIM PIN (S7K-AT 3.2.11)") << QByteArrayList{"+CPIN: SIM PIN"} << true << SimState::PinRequired;
    QTest::newRow("SIM7000 SIM PUK (S7K-AT 3.2.11)") << QByteArrayList{"+CPIN: SIM PUK"} << true << SimState::PukRequired;
    QTest::newRow("SIM7000 PH_SIM PIN (S7K-AT 3.2.11)") << QByteArrayList{"+CPIN: PH_SIM PIN"} << true << SimState::PhSimPinRequired;
    QTest::newRow("SIM7000 PH_SIM PUK (S7K-AT 3.2.11)") << QByteArrayList{"+CPIN: PH_SIM PUK"} << true << SimState::PhSimPukRequired;
    QTest::newRow("SIM7000 SIM PIN2 (S7K-AT 3.2.11)") << QByteArrayList{"+CPIN: SIM PIN2"} << true << SimState::Pin2Required;
    QTest::newRow("SIM7000 SIM PUK2 (S7K-AT 3.2.11)") << QByteArrayList{"+CPIN: SIM PUK2"} << true << SimState::Puk2Required;
    QTest::newRow("SIM7000 NOT INSERTED URC (S7K-AT 20.3)") << QByteArrayList{"+CPIN: NOT INSERTED"} << true << SimState::NotInserted;
    QTest::newRow("SIM800 NOT READY after CFUN=0 (S800-AT 19.1)") << QByteArrayList{"+CPIN: NOT READY"} << true << SimState::NotReady;
    QTest::newRow("3GPP PH-SIM PIN spelling") << QByteArrayList{"+CPIN: PH-SIM PIN"} << true << SimState::PhSimPinRequired;
    QTest::newRow("odd spacing") << QByteArrayList{"+CPIN:READY"} << true << SimState::Ready;
    QTest::newRow("lower case") << QByteArrayList{"+cpin: ready"} << true << SimState::Ready;
    QTest::newRow("SIM7080 reboot under AT+CPIN? (protocol.md 18)") << QByteArrayList{"RDY", "+CFUN: 1", "+CPIN: READY"} << true << SimState::Ready;
    QTest::newRow("unknown 3GPP code PH-NET PIN") << QByteArrayList{"+CPIN: PH-NET PIN"} << true << SimState::Unknown;
    QTest::newRow("empty code") << QByteArrayList{"+CPIN:"} << false << SimState::Unknown;
    QTest::newRow("URC only: SMS Ready") << QByteArrayList{"SMS Ready"} << false << SimState::Unknown;
    QTest::newRow("no lines") << QByteArrayList{} << false << SimState::Unknown;
}

void SimRegistrationParserTest::cpin()
{
    QFETCH(QByteArrayList, lines);
    QFETCH(bool, ok);
    QFETCH(SimState, state);
    const auto result = parseCpin(lines);
    QCOMPARE(bool(result), ok);
    if (ok)
        QCOMPARE(*result, state);
    else
        QVERIFY(isParseError(result));
}

void SimRegistrationParserTest::simStateNames()
{
    QCOMPARE(simStateName(SimState::Ready), QStringLiteral("ready"));
    QCOMPARE(simStateName(SimState::PinRequired), QStringLiteral("pin-required"));
    QCOMPARE(simStateName(SimState::PukRequired), QStringLiteral("puk-required"));
    QCOMPARE(simStateName(SimState::Pin2Required), QStringLiteral("pin2-required"));
    QCOMPARE(simStateName(SimState::Puk2Required), QStringLiteral("puk2-required"));
    QCOMPARE(simStateName(SimState::PhSimPinRequired), QStringLiteral("ph-sim-pin-required"));
    QCOMPARE(simStateName(SimState::PhSimPukRequired), QStringLiteral("ph-sim-puk-required"));
    QCOMPARE(simStateName(SimState::NotInserted), QStringLiteral("not-inserted"));
    QCOMPARE(simStateName(SimState::NotReady), QStringLiteral("not-ready"));
    QCOMPARE(simStateName(SimState::Failure), QStringLiteral("failure"));
    QCOMPARE(simStateName(SimState::Unknown), QStringLiteral("unknown"));
}

void SimRegistrationParserTest::simStateFromCme()
{
    QCOMPARE(simStateFromCmeError(10), SimState::NotInserted);
    QCOMPARE(simStateFromCmeError(11), SimState::PinRequired);
    QCOMPARE(simStateFromCmeError(12), SimState::PukRequired);
    QCOMPARE(simStateFromCmeError(13), SimState::Failure);
    QCOMPARE(simStateFromCmeError(14), SimState::NotReady);
    QCOMPARE(simStateFromCmeError(3), SimState::Unknown);
    QCOMPARE(simStateFromCmeError(-1), SimState::Unknown);
    QCOMPARE(simStateFromCmeError(100), SimState::Unknown);
}

void SimRegistrationParserTest::registrationReply_data()
{
    QTest::addColumn<QByteArrayList>("lines");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<RegistrationDomain>("domain");
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("stat");
    QTest::addColumn<QString>("lac");
    QTest::addColumn<QString>("ci");
    QTest::addColumn<int>("act");

    const auto cs = RegistrationDomain::Cs;
    const auto ps = RegistrationDomain::Ps;
    const auto eps = RegistrationDomain::Eps;
    QTest::newRow("SIM7000E B05 CGREG (BOT-LOG SSL_Log_2)") << QByteArrayList{"+CGREG: 0,1"} << true << ps << 0 << 1 << kNoText << kNoText << kNone;
    QTest::newRow("SIM7080 B16 CGREG (IDX-66704594966)") << QByteArrayList{"+CGREG: 1,1"} << true << ps << 1 << 1 << kNoText << kNoText << kNone;
    QTest::newRow("SIM7000 CEREG (IDX-29806094086)") << QByteArrayList{"+CEREG: 0,1"} << true << eps << 0 << 1 << kNoText << kNoText << kNone;
    QTest::newRow("SIM7000G CREG answer to CEREG? (1NCE doc error)") << QByteArrayList{"+CREG: 0,2"} << true << cs << 0 << 2 << kNoText << kNoText << kNone;
    QTest::newRow("SIM7000 CEREG n=2 with rac (S7K-AT 6.2.7 syntax)") << QByteArrayList{"+CEREG: 2,1,\"1A2B\",,\"0192E301\",7"} << true
        << eps << 2 << 1 << "1A2B" << "0192E301" << 7;
    QTest::newRow("3GPP CEREG n=2 (27.007 syntax)") << QByteArrayList{"+CEREG: 2,1,\"1A2B\",\"0192E301\",7"} << true
        << eps << 2 << 1 << "1A2B" << "0192E301" << 7;
    QTest::newRow("SIM7000 CEREG n=2 with rac value (syntax)") << QByteArrayList{"+CEREG: 2,5,\"1A2B\",\"01\",\"0192E301\",9"} << true
        << eps << 2 << 5 << "1A2B" << "0192E301" << 9;
    QTest::newRow("SIM7000 CEREG n=4 with PSM timers (S7K-AT 6.2.7 syntax)")
        << QByteArrayList{"+CEREG: 4,1,\"1A2B\",,\"0192E301\",9,,,\"00100100\",\"01000111\""} << true << eps << 4 << 1 << "1A2B" << "0192E301" << 9;
    QTest::newRow("3GPP CEREG n=4 with PSM timers (27.007 syntax)")
        << QByteArrayList{"+CEREG: 4,1,\"1A2B\",\"0192E301\",9,,,\"00100100\",\"01000111\""} << true << eps << 4 << 1 << "1A2B" << "0192E301" << 9;
    QTest::newRow("SIM7000 CREG n=2 with netact (S7K-AT 3.2.14 syntax)") << QByteArrayList{"+CREG: 2,1,\"144F\",\"B5F0\",0"} << true
        << cs << 2 << 1 << "144F" << "B5F0" << 0;
    QTest::newRow("SIM800 CREG n=2 without netact (S800-AT 3.2.32 syntax)") << QByteArrayList{"+CREG: 2,5,\"972D\",\"15B7\""} << true
        << cs << 2 << 5 << "972D" << "15B7" << kNone;
    QTest::newRow("SIM7000 CGREG n=2 (S7K-AT 6.2.5 syntax)") << QByteArrayList{"+CGREG: 2,1,\"972D\",\"15B7\",3"} << true
        << ps << 2 << 1 << "972D" << "15B7" << 3;
    QTest::newRow("odd spacing") << QByteArrayList{"+CEREG:  0 , 5"} << true << eps << 0 << 5 << kNoText << kNoText << kNone;
    QTest::newRow("no space") << QByteArrayList{"+CEREG:0,1"} << true << eps << 0 << 1 << kNoText << kNoText << kNone;
    QTest::newRow("+CEREG URC before the reply (test-plan B4)") << QByteArrayList{"+CEREG: 1", "+CEREG: 0,1"} << true << eps << 0 << 1 << kNoText << kNoText << kNone;
    QTest::newRow("n=2 URC before the reply") << QByteArrayList{"+CEREG: 5,\"1A2B\",\"0192E301\",7", "+CEREG: 2,5,\"1A2B\",\"0192E301\",7"} << true
        << eps << 2 << 5 << "1A2B" << "0192E301" << 7;
    QTest::newRow("DST URC before the reply") << QByteArrayList{"DST: 1", "+CGREG: 0,1"} << true << ps << 0 << 1 << kNoText << kNoText << kNone;
    QTest::newRow("URC form only") << QByteArrayList{"+CEREG: 1"} << false << eps << 0 << 0 << kNoText << kNoText << kNone;
    QTest::newRow("stat out of range") << QByteArrayList{"+CEREG: 0,11"} << false << eps << 0 << 0 << kNoText << kNoText << kNone;
    QTest::newRow("n not a number") << QByteArrayList{"+CEREG: x,1"} << false << eps << 0 << 0 << kNoText << kNoText << kNone;
    QTest::newRow("tac not hex") << QByteArrayList{"+CEREG: 2,1,\"XYZ\",\"0192E301\",7"} << false << eps << 0 << 0 << kNoText << kNoText << kNone;
    QTest::newRow("unbalanced quote") << QByteArrayList{"+CEREG: 2,1,\"1A2B"} << false << eps << 0 << 0 << kNoText << kNoText << kNone;
    QTest::newRow("no lines") << QByteArrayList{} << false << eps << 0 << 0 << kNoText << kNoText << kNone;
}

void SimRegistrationParserTest::registrationReply()
{
    QFETCH(QByteArrayList, lines);
    QFETCH(bool, ok);
    const auto result = parseRegistrationReply(lines);
    QCOMPARE(bool(result), ok);
    if (!ok) {
        QVERIFY(isParseError(result));
        return;
    }
    QFETCH(RegistrationDomain, domain);
    QFETCH(int, n);
    QFETCH(int, stat);
    QFETCH(QString, lac);
    QFETCH(QString, ci);
    QFETCH(int, act);
    QCOMPARE(result->domain, domain);
    QCOMPARE(opt(result->n), n);
    QCOMPARE(result->stat, stat);
    QCOMPARE(opt(result->lac), lac);
    QCOMPARE(opt(result->ci), ci);
    QCOMPARE(opt(result->act), act);
}

void SimRegistrationParserTest::registrationUrc_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<RegistrationDomain>("domain");
    QTest::addColumn<int>("stat");
    QTest::addColumn<QString>("lac");
    QTest::addColumn<QString>("ci");
    QTest::addColumn<int>("act");

    const auto cs = RegistrationDomain::Cs;
    const auto ps = RegistrationDomain::Ps;
    const auto eps = RegistrationDomain::Eps;
    QTest::newRow("SIM7000 CEREG n=1 URC (protocol.md 12)") << QByteArray("+CEREG: 1") << true << eps << 1 << kNoText << kNoText << kNone;
    QTest::newRow("SIM800 CREG n=1 URC") << QByteArray("+CREG: 5") << true << cs << 5 << kNoText << kNoText << kNone;
    QTest::newRow("SIM7000 CEREG n=2 URC with rac (syntax)") << QByteArray("+CEREG: 1,\"1A2B\",,\"0192E301\",7") << true
        << eps << 1 << "1A2B" << "0192E301" << 7;
    QTest::newRow("3GPP CEREG n=2 URC (syntax)") << QByteArray("+CEREG: 1,\"1A2B\",\"0192E301\",9") << true
        << eps << 1 << "1A2B" << "0192E301" << 9;
    QTest::newRow("SIM800 CGREG n=2 URC (syntax)") << QByteArray("+CGREG: 1,\"972D\",\"15B7\"") << true << ps << 1 << "972D" << "15B7" << kNone;
    QTest::newRow("odd spacing") << QByteArray("+CEREG:2") << true << eps << 2 << kNoText << kNoText << kNone;
    QTest::newRow("empty") << QByteArray("+CEREG:") << false << eps << 0 << kNoText << kNoText << kNone;
    QTest::newRow("not a number") << QByteArray("+CEREG: x") << false << eps << 0 << kNoText << kNoText << kNone;
    QTest::newRow("stat out of range") << QByteArray("+CEREG: 12") << false << eps << 0 << kNoText << kNoText << kNone;
    QTest::newRow("other URC") << QByteArray("DST: 1") << false << eps << 0 << kNoText << kNoText << kNone;
}

void SimRegistrationParserTest::registrationUrc()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, ok);
    const auto result = parseRegistrationUrc(line);
    QCOMPARE(bool(result), ok);
    if (!ok) {
        QVERIFY(isParseError(result));
        return;
    }
    QFETCH(RegistrationDomain, domain);
    QFETCH(int, stat);
    QFETCH(QString, lac);
    QFETCH(QString, ci);
    QFETCH(int, act);
    QCOMPARE(result->domain, domain);
    QVERIFY(!result->n.has_value());
    QCOMPARE(result->stat, stat);
    QCOMPARE(opt(result->lac), lac);
    QCOMPARE(opt(result->ci), ci);
    QCOMPARE(opt(result->act), act);
}

void SimRegistrationParserTest::registrationStateNames()
{
    QCOMPARE(registrationStateName(0), QStringLiteral("not-registered"));
    QCOMPARE(registrationStateName(1), QStringLiteral("registered-home"));
    QCOMPARE(registrationStateName(2), QStringLiteral("searching"));
    QCOMPARE(registrationStateName(3), QStringLiteral("denied"));
    QCOMPARE(registrationStateName(4), QStringLiteral("unknown"));
    QCOMPARE(registrationStateName(5), QStringLiteral("registered-roaming"));
    QCOMPARE(registrationStateName(6), QStringLiteral("unknown"));
    QCOMPARE(registrationStateName(-1), QStringLiteral("unknown"));
    QVERIFY(isRegistered(1));
    QVERIFY(isRegistered(5));
    QVERIFY(!isRegistered(2));
}

void SimRegistrationParserTest::cops_data()
{
    QTest::addColumn<QByteArrayList>("lines");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("act");

    QTest::newRow("SIM7000 GSM EGPRS (BOT-LOG)") << QByteArrayList{"+COPS: 0,0,\"CHINA MOBILE CMCC\",3"} << true << 0 << 0 << "CHINA MOBILE CMCC" << 3;
    QTest::newRow("SIM7000 NB-IoT (S7K-SSL)") << QByteArrayList{"+COPS: 0,0,\"CHN-CT\",9"} << true << 0 << 0 << "CHN-CT" << 9;
    QTest::newRow("SIM7000G 1NCE (1NCE)") << QByteArrayList{"+COPS: 0,0,\"Telekom.de 1nce.net\",3"} << true << 0 << 0 << "Telekom.de 1nce.net" << 3;
    QTest::newRow("SIM7000E B05 GSM (BOT-LOG SSL_Log_2)") << QByteArrayList{"+COPS: 0,0,\"CHN-UNICOM\",0"} << true << 0 << 0 << "CHN-UNICOM" << 0;
    QTest::newRow("SIM7000 numeric-looking name (IDX-42455969715)") << QByteArrayList{"+COPS: 0,0,\"0041\",9"} << true << 0 << 0 << "0041" << 9;
    QTest::newRow("SIM800 no AcT (IDX-62029214865)") << QByteArrayList{"+COPS: 0,0,\"Viettel\""} << true << 0 << 0 << "Viettel" << kNone;
    QTest::newRow("SIM7000 HTTPS AN spaced PLMN (protocol.md 16.28)") << QByteArrayList{"+COPS: 0,0,\"460 01\",9"} << true << 0 << 0 << "460 01" << 9;
    QTest::newRow("mode only, not registered (S7K-AT 3.2.9 syntax)") << QByteArrayList{"+COPS: 0"} << true << 0 << kNone << kNoText << kNone;
    QTest::newRow("comma inside the quoted name (syntax)") << QByteArrayList{"+COPS: 1,0,\"Foo, Inc.\",7"} << true << 1 << 0 << "Foo, Inc." << 7;
    QTest::newRow("numeric format, odd spacing") << QByteArrayList{"+COPS:0 , 2 , \"26201\" , 7"} << true << 0 << 2 << "26201" << 7;
    QTest::newRow("after DST URC") << QByteArrayList{"DST: 1", "+COPS: 0,0,\"CHN-CT\",9"} << true << 0 << 0 << "CHN-CT" << 9;
    QTest::newRow("test form is not a read reply") << QByteArrayList{"+COPS: (2,\"CHN-UNICOM\",\"UNICOM\",\"46001\",0),,(0-4),(0-2)"} << false << 0 << 0 << "" << 0;
    QTest::newRow("mode out of range") << QByteArrayList{"+COPS: 5"} << false << 0 << 0 << "" << 0;
    QTest::newRow("unterminated quote") << QByteArrayList{"+COPS: 0,0,\"CHN-CT"} << false << 0 << 0 << "" << 0;
    QTest::newRow("URC only") << QByteArrayList{"+CEREG: 1"} << false << 0 << 0 << "" << 0;
    QTest::newRow("no lines") << QByteArrayList{} << false << 0 << 0 << "" << 0;
}

void SimRegistrationParserTest::cops()
{
    QFETCH(QByteArrayList, lines);
    QFETCH(bool, ok);
    const auto result = parseCops(lines);
    QCOMPARE(bool(result), ok);
    if (!ok) {
        QVERIFY(isParseError(result));
        return;
    }
    QFETCH(int, mode);
    QFETCH(int, format);
    QFETCH(QString, name);
    QFETCH(int, act);
    QCOMPARE(result->mode, mode);
    QCOMPARE(opt(result->format), format);
    QCOMPARE(opt(result->name), name);
    QCOMPARE(opt(result->act), act);
}

void SimRegistrationParserTest::accessTechnologyNames()
{
    QCOMPARE(accessTechnologyName(0), QStringLiteral("GSM"));
    QCOMPARE(accessTechnologyName(1), QStringLiteral("GSM Compact"));
    QCOMPARE(accessTechnologyName(3), QStringLiteral("GSM EGPRS"));
    QCOMPARE(accessTechnologyName(7), QStringLiteral("LTE Cat-M1"));
    QCOMPARE(accessTechnologyName(9), QStringLiteral("LTE NB-IoT"));
    QCOMPARE(accessTechnologyName(2), QStringLiteral("unknown"));
    QCOMPARE(accessTechnologyName(-1), QStringLiteral("unknown"));
}

int runSimRegistrationParserTests(int argc, char **argv)
{
    SimRegistrationParserTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_simregparsers.moc"
