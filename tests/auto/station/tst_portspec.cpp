// expandPortSpec() and usbLocation() (issue #7 item 2): simulated batches with distinct, valid,
// repeatable identities; bad counts refused; other ports untouched.

#include "core/parsers/identity.h"
#include "core/provision/station.h"

#include <QSet>
#include <QTest>
#include <QUrlQuery>

using namespace ModemBench;

namespace {

bool luhnValid(const QString &digits)
{
    int sum = 0;
    bool doubleIt = false;
    for (auto it = digits.crbegin(); it != digits.crend(); ++it) {
        int digit = it->digitValue();
        if (digit < 0)
            return false;
        if (doubleIt) {
            digit *= 2;
            if (digit > 9)
                digit -= 9;
        }
        sum += digit;
        doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
}

QUrlQuery queryOf(const QString &port)
{
    return QUrlQuery(port.mid(port.indexOf(u'?') + 1));
}

} // namespace

class TestPortSpec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void batchHasDistinctValidIdentities();
    void sameCountSameIdentities();
    void optionsAreKept();
    void badCountsAreRefused_data();
    void badCountsAreRefused();
    void otherPortsPassThrough();
    void stateNames();
    void noUsbLocationForNonUsb();
};

void TestPortSpec::batchHasDistinctValidIdentities()
{
    const auto ports = expandPortSpec(QStringLiteral("sim:sim7000g*64"));
    QVERIFY(ports);
    QCOMPARE(ports->size(), 64);
    QSet<QString> imeis, imsis, iccids, seeds;
    for (const QString &port : *ports) {
        QVERIFY(port.startsWith(QStringLiteral("sim:sim7000g?")));
        const QUrlQuery query = queryOf(port);
        const QString imei = query.queryItemValue(QStringLiteral("imei"));
        const QString imsi = query.queryItemValue(QStringLiteral("imsi"));
        const QString iccid = query.queryItemValue(QStringLiteral("iccid"));
        QCOMPARE(imei.size(), 15);
        QVERIFY2(imeiLuhnValid(imei), qPrintable(imei));
        QCOMPARE(imsi.size(), 15);
        QVERIFY(imsi.startsWith(QStringLiteral("00101")));
        QVERIFY(iccid.size() >= 19 && iccid.size() <= 20);
        QVERIFY2(luhnValid(iccid), qPrintable(iccid));
        imeis << imei;
        imsis << imsi;
        iccids << iccid;
        seeds << query.queryItemValue(QStringLiteral("seed"));
    }
    QCOMPARE(imeis.size(), 64);
    QCOMPARE(imsis.size(), 64);
    QCOMPARE(iccids.size(), 64);
    QCOMPARE(seeds.size(), 64);
}

void TestPortSpec::sameCountSameIdentities()
{
    const auto first = expandPortSpec(QStringLiteral("sim:sim7080g*8"));
    const auto second = expandPortSpec(QStringLiteral("sim:sim7080g*8"));
    QVERIFY(first && second);
    QCOMPARE(*first, *second);
    // A bigger batch begins with the same units, so a line that grows sees its earlier records.
    const auto bigger = expandPortSpec(QStringLiteral("sim:sim7080g*16"));
    QVERIFY(bigger);
    QCOMPARE(bigger->mid(0, 8), *first);
}

void TestPortSpec::optionsAreKept()
{
    const auto ports = expandPortSpec(QStringLiteral("sim:sim800l?scenario=/tmp/x.json&latency=5*3"));
    QVERIFY(ports);
    QCOMPARE(ports->size(), 3);
    for (const QString &port : *ports) {
        QVERIFY(port.startsWith(QStringLiteral("sim:sim800l?")));
        const QUrlQuery query = queryOf(port);
        QCOMPARE(query.queryItemValue(QStringLiteral("scenario")), QStringLiteral("/tmp/x.json"));
        QCOMPARE(query.queryItemValue(QStringLiteral("latency")), QStringLiteral("5"));
        QVERIFY(!query.queryItemValue(QStringLiteral("imei")).isEmpty());
    }
}

void TestPortSpec::badCountsAreRefused_data()
{
    QTest::addColumn<QString>("spec");
    QTest::newRow("zero") << QStringLiteral("sim:sim7000g*0");
    QTest::newRow("too many") << QStringLiteral("sim:sim7000g*257");
    QTest::newRow("negative") << QStringLiteral("sim:sim7000g*-2");
    QTest::newRow("not a number") << QStringLiteral("sim:sim7000g*many");
    QTest::newRow("empty") << QStringLiteral("sim:sim7000g*");
    QTest::newRow("no model") << QStringLiteral("sim:*4");
}

void TestPortSpec::badCountsAreRefused()
{
    QFETCH(QString, spec);
    const auto ports = expandPortSpec(spec);
    QVERIFY(!ports);
    QCOMPARE(ports.error().code, ErrorCode::Usage);
}

void TestPortSpec::otherPortsPassThrough()
{
    for (const QString &port : {QStringLiteral("/dev/ttyUSB3"), QStringLiteral("sim:sim7000g"),
                                QStringLiteral("sim:sim7000g?scenario=/a.json"), QStringLiteral("tcp://127.0.0.1:5000")}) {
        const auto ports = expandPortSpec(port);
        QVERIFY(ports);
        QCOMPARE(*ports, QStringList{port});
    }
    const auto max = expandPortSpec(QStringLiteral("sim:sim7000g*256"));
    QVERIFY(max);
    QCOMPARE(max->size(), 256);
}

void TestPortSpec::stateNames()
{
    QCOMPARE(portStateName(PortState::Waiting), QStringLiteral("waiting"));
    QCOMPARE(portStateName(PortState::Passed), QStringLiteral("passed"));
    QCOMPARE(portStateName(PortState::Unplugged), QStringLiteral("unplugged"));
}

void TestPortSpec::noUsbLocationForNonUsb()
{
    QCOMPARE(usbLocation(QStringLiteral("sim:sim7000g")), QString());
    QCOMPARE(usbLocation(QStringLiteral("tcp://127.0.0.1:5000")), QString());
    QCOMPARE(usbLocation(QStringLiteral("/dev/null")), QString());
    QCOMPARE(usbLocation(QStringLiteral("/dev/does-not-exist")), QString());
}

QTEST_GUILESS_MAIN(TestPortSpec)
#include "tst_portspec.moc"
