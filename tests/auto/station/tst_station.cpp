// The provisioning station (issue #7 items 2 and 6) against real modemsim processes: 16 units at
// once with mixed faults, duplicates, already provisioned units, interrupted runs, stop. The same
// 16-unit run against PostgreSQL when MODEMBENCH_TEST_POSTGRES_URL is set.

#include "core/pki/certificateauthority.h"
#include "core/provision/profile.h"
#include "core/provision/station.h"
#include "core/store/fileinventory.h"
#include "core/store/provisionrecords.h"

#include "../../common/modemsimprocess.h"
#include "../../common/postgresfixture.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace ModemBench;

namespace {

constexpr int kRunTimeoutMs = 180000;   // a bound on a loaded 2-core CI machine, not a pace

QString scenario(const QString &name)
{
    return QStringLiteral(MODEMBENCH_TEST_DATA_DIR "/station/%1.json").arg(name);
}

// Unit i (0-based) of expandPortSpec("sim:sim7000g*N"), as another model with a scenario.
QString simPort(const QStringList &batch, int i, const QString &model, const QString &scenarioName)
{
    QString port = batch.at(i);
    port.replace(QStringLiteral("sim:sim7000g"), QStringLiteral("sim:") + model);
    return port + QStringLiteral("&scenario=") + scenario(scenarioName);
}

QString queryValue(const QString &port, const QString &key)
{
    const QString marker = key + u'=';
    const qsizetype at = port.indexOf(marker);
    if (at < 0)
        return {};
    const qsizetype end = port.indexOf(u'&', at);
    return port.mid(at + marker.size(), end < 0 ? -1 : end - at - marker.size());
}

std::shared_ptr<ProvisionProfile> quickProfile()
{
    auto profile = std::make_shared<ProvisionProfile>();
    profile->name = QStringLiteral("station-quick");
    profile->hash = QStringLiteral("quick-hash-1");
    profile->families = {QStringLiteral("sim7000"), QStringLiteral("sim7080"), QStringLiteral("sim800")};
    profile->unitTimeoutMs = 120000;
    ScriptStep csq;
    csq.name = QStringLiteral("Signal readable");
    csq.command = "AT+CSQ";
    csq.expect = QStringLiteral("\\+CSQ: \\d+,\\d+");
    profile->steps = {csq};
    return profile;
}

// Registers and pings, so a denied network fails the unit (issue #7 item 6).
std::shared_ptr<ProvisionProfile> networkProfile()
{
    auto profile = quickProfile();
    profile->name = QStringLiteral("station-network");
    profile->hash = QStringLiteral("network-hash-1");
    profile->verify.pingHost = QStringLiteral("10.0.0.1");
    profile->verify.pingCount = 1;
    return profile;
}

struct Expect {
    QString port;
    bool pass = true;
    QString words;      // in the error of a failing unit
};

} // namespace

class TestStation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sixteenMixedSqlite();
    void sixteenMixedPostgres();
    void duplicateImeiInOneRun();
    void duplicateImeiAgainstRecords();
    void secondRunVerifiesThenForceRedoes();
    void interruptedRunIsRedone();
    void radioOffUnitIsVerifiedAgain();
    void stopOneUnit();
    void wrongModelAndOldFirmwareAreRefused();
    void unitDeadline();
    void certificatesFromOurCa();
    void tlsVerification();
    void watchedPortsComeAndGo();

private:
    std::unique_ptr<RecordStore> openStore(const QString &location);
    StationOptions options(const QString &station) const;
    // startAll() and wait for idle(); false when it did not come in time.
    bool run(Station &station);
    void sixteenMixed(RecordStore &store);

    QTemporaryDir m_dir;
    Test::PostgresScratch m_postgres;
};

void TestStation::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QDir(m_dir.path()).mkpath(QStringLiteral("runtime"));
    QFile::setPermissions(m_dir.filePath(QStringLiteral("runtime")), QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                                                          | QFileDevice::ExeOwner);
    qputenv("XDG_RUNTIME_DIR", m_dir.filePath(QStringLiteral("runtime")).toLocal8Bit());
    qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toLocal8Bit());
    QVERIFY2(QFileInfo::exists(QStringLiteral(MODEMBENCH_BIN_DIR "/modemsim")), "modemsim must be built");
}

std::unique_ptr<RecordStore> TestStation::openStore(const QString &location)
{
    auto store = RecordStore::open(location);
    if (!store) {
        qWarning() << store.error().message;
        return nullptr;
    }
    return std::move(*store);
}

StationOptions TestStation::options(const QString &station) const
{
    StationOptions options;
    options.stationName = station;
    options.operatorName = QStringLiteral("tester");
    options.trafficLogDirectory = m_dir.filePath(QStringLiteral("logs"));
    return options;
}

bool TestStation::run(Station &station)
{
    QSignalSpy idle(&station, &Station::idle);
    station.startAll();
    if (!station.isRunning())
        return idle.size() > 0;
    return idle.wait(kRunTimeoutMs);
}

void TestStation::sixteenMixed(RecordStore &store)
{
    const auto batch = expandPortSpec(QStringLiteral("sim:sim7000g*16"));
    QVERIFY(batch);
    QList<Expect> expected;
    for (int i = 0; i < 10; ++i)
        expected.append({simPort(*batch, i, i % 3 == 2 ? QStringLiteral("sim7080g") : QStringLiteral("sim7000g"),
                                 QStringLiteral("healthy")),
                         true, {}});
    expected.append({simPort(*batch, 10, QStringLiteral("sim800l"), QStringLiteral("healthy")), true, {}});
    expected.append({simPort(*batch, 11, QStringLiteral("sim7000g"), QStringLiteral("nosim")), false,
                     QStringLiteral("No SIM card")});
    expected.append({simPort(*batch, 12, QStringLiteral("sim7000g"), QStringLiteral("denied")), false,
                     QStringLiteral("denied")});
    expected.append({simPort(*batch, 13, QStringLiteral("sim7080g"), QStringLiteral("reboot")), false,
                     QStringLiteral("restarted")});
    expected.append({simPort(*batch, 14, QStringLiteral("sim7000g"), QStringLiteral("noisy")), true, {}});
    expected.append({simPort(*batch, 15, QStringLiteral("sim7000g"), QStringLiteral("unplug")), false,
                     QStringLiteral("closed")});

    Station station(networkProfile(), &store, options(QStringLiteral("line-1")));
    QVERIFY(station.prepare());
    for (const Expect &unit : expected)
        station.addPort(unit.port);
    QCOMPARE(station.portCount(), 16);
    QSignalSpy finished(&station, &Station::unitFinished);
    QSignalSpy changed(&station, &Station::portChanged);
    QVERIFY(run(station));
    QCOMPARE(finished.size(), 16);
    QList<int> changes(16, 0);
    for (const QList<QVariant> &signal : changed)
        ++changes[signal.first().toInt()];

    int passes = 0;
    for (int i = 0; i < expected.size(); ++i) {
        const Expect &unit = expected.at(i);
        const StationPort &tile = station.portAt(i);
        const QString imei = queryValue(unit.port, QStringLiteral("imei"));
        auto rows = store.findUnit(imei, {});
        QVERIFY(rows);
        QVERIFY2(rows->size() == 1, qPrintable(QStringLiteral("%1: %2 records").arg(tile.displayName).arg(rows->size())));
        const ProvisionRecord &record = rows->first();
        QCOMPARE(record.port, unit.port);
        QVERIFY(record.finishedAt.isValid());
        const QString context = QStringLiteral("%1: %2 / %3").arg(tile.displayName, tile.message, record.error);
        qInfo().noquote() << context << record.steps.size() << "steps" << tile.elapsedMs << "ms";
        if (unit.pass) {
            ++passes;
            QVERIFY2(record.result == UnitResult::Pass, qPrintable(context));
            QCOMPARE(tile.state, PortState::Passed);
            QCOMPARE(record.iccid, queryValue(unit.port, QStringLiteral("iccid")));
            QVERIFY(record.signalDbm.has_value());
            QVERIFY(!record.model.isEmpty());
            QVERIFY(!record.trafficLogPath.isEmpty() && QFileInfo::exists(record.trafficLogPath));
            QVERIFY(record.error.isEmpty());
            QVERIFY(std::any_of(record.steps.cbegin(), record.steps.cend(), [](const StepRecord &s) {
                return s.name == QStringLiteral("Signal readable") && s.passed;
            }));
        } else {
            QVERIFY2(record.result == UnitResult::Fail, qPrintable(context));
            QCOMPARE(tile.state, PortState::Failed);
            QVERIFY2(record.error.contains(unit.words, Qt::CaseInsensitive), qPrintable(context));
            QVERIFY(std::any_of(record.steps.cbegin(), record.steps.cend(), [](const StepRecord &s) { return !s.passed; }));
        }
        QCOMPARE(tile.lastRecord->result, record.result);
        QVERIFY(tile.total > 0);
        QCOMPARE(tile.done, tile.total);
        // Repaints are throttled to about 10 a second per tile, plus start, identity and end.
        QVERIFY2(changes.at(i) <= tile.elapsedMs / 100 + 6, qPrintable(QString::number(changes.at(i))));
    }
    const StationCounters counters = station.counters();
    QCOMPARE(counters.passed, passes);
    QCOMPARE(counters.failed, 16 - passes);
    QCOMPARE(counters.running, 0);
    QVERIFY(counters.unitsPerHour > 0);
    auto all = store.query();
    QVERIFY(all);
    QCOMPARE(all->size(), 16);
}

void TestStation::sixteenMixedSqlite()
{
    auto store = openStore(m_dir.filePath(QStringLiteral("mixed.sqlite")));
    QVERIFY(store);
    sixteenMixed(*store);
}

void TestStation::sixteenMixedPostgres()
{
    MODEMBENCH_REQUIRE_POSTGRES(m_postgres, "tst_station");
    auto store = openStore(m_postgres.url());
    QVERIFY(store);
    QVERIFY(store->isPostgres());
    sixteenMixed(*store);
}

void TestStation::duplicateImeiInOneRun()
{
    auto store = openStore(m_dir.filePath(QStringLiteral("duprun.sqlite")));
    QVERIFY(store);
    const auto batch = expandPortSpec(QStringLiteral("sim:sim7000g*2"));
    QVERIFY(batch);
    const QString imei = queryValue(batch->at(0), QStringLiteral("imei"));
    QString second = simPort(*batch, 1, QStringLiteral("sim7000g"), QStringLiteral("healthy"));
    second.replace(queryValue(second, QStringLiteral("imei")), imei);
    Station station(quickProfile(), store.get(), options(QStringLiteral("dup")));
    QVERIFY(station.prepare());
    station.addPort(simPort(*batch, 0, QStringLiteral("sim7000g"), QStringLiteral("healthy")));
    station.addPort(second);
    QVERIFY(run(station));
    const StationPort &a = station.portAt(0);
    const StationPort &b = station.portAt(1);
    QVERIFY2((a.state == PortState::Passed) != (b.state == PortState::Passed), qPrintable(a.message + " | " + b.message));
    const StationPort &failed = a.state == PortState::Failed ? a : b;
    QVERIFY2(failed.message.contains(QStringLiteral("Duplicate IMEI ") + imei), qPrintable(failed.message));
    auto rows = store->findUnit(imei, {});
    QVERIFY(rows);
    QCOMPARE(rows->size(), 2);
}

void TestStation::duplicateImeiAgainstRecords()
{
    auto store = openStore(m_dir.filePath(QStringLiteral("duprec.sqlite")));
    QVERIFY(store);
    const auto batch = expandPortSpec(QStringLiteral("sim:sim7000g*1"));
    QVERIFY(batch);
    const QString port = simPort(*batch, 0, QStringLiteral("sim7000g"), QStringLiteral("healthy"));
    // The same IMEI recorded earlier on another board with another SIM, by another station.
    ProvisionRecord earlier;
    earlier.startedAt = QDateTime::currentDateTimeUtc().addDays(-1);
    earlier.station = QStringLiteral("line-2");
    earlier.port = QStringLiteral("/dev/ttyUSB0");
    earlier.profileName = QStringLiteral("station-quick");
    earlier.profileHash = QStringLiteral("quick-hash-1");
    earlier.imei = queryValue(port, QStringLiteral("imei"));
    earlier.iccid = QStringLiteral("8901260999999999996");
    auto id = store->begin(earlier);
    QVERIFY(id);
    earlier.id = *id;
    earlier.result = UnitResult::Pass;
    earlier.finishedAt = earlier.startedAt.addSecs(60);
    QVERIFY(store->finish(earlier));

    Station station(quickProfile(), store.get(), options(QStringLiteral("dup2")));
    QVERIFY(station.prepare());
    station.addPort(port);
    QVERIFY(run(station));
    const StationPort &tile = station.portAt(0);
    QCOMPARE(tile.state, PortState::Failed);
    QVERIFY2(tile.message.contains(QStringLiteral("Duplicate IMEI ") + earlier.imei), qPrintable(tile.message));
    QVERIFY(tile.message.contains(QStringLiteral("line-2")));
    QCOMPARE(tile.lastRecord->result, UnitResult::Fail);
    // Nothing was changed on the modem: the record stops after the identity.
    for (const StepRecord &step : tile.lastRecord->steps)
        QVERIFY2(step.name != QStringLiteral("Configure"), qPrintable(step.name));
}

void TestStation::secondRunVerifiesThenForceRedoes()
{
    auto store = openStore(m_dir.filePath(QStringLiteral("again.sqlite")));
    QVERIFY(store);
    const auto ports = expandPortSpec(QStringLiteral("sim:sim7080g?scenario=") + scenario(QStringLiteral("healthy"))
                                      + QStringLiteral("*2"));
    QVERIFY(ports);
    QCOMPARE(ports->size(), 2);
    const auto profile = quickProfile();
    for (int round = 0; round < 3; ++round) {
        StationOptions opts = options(QStringLiteral("again"));
        opts.force = round == 2;
        Station station(profile, store.get(), opts);
        QVERIFY(station.prepare());
        for (const QString &port : *ports)
            station.addPort(port);
        QVERIFY(run(station));
        for (int i = 0; i < 2; ++i) {
            const StationPort &tile = station.portAt(i);
            QVERIFY2(tile.state == PortState::Passed, qPrintable(tile.message));
            QCOMPARE(tile.lastRecord->verifiedOnly, round == 1);
            const bool configured = std::any_of(tile.lastRecord->steps.cbegin(), tile.lastRecord->steps.cend(),
                                                [](const StepRecord &s) { return s.name == QStringLiteral("Configure"); });
            QCOMPARE(configured, round != 1);
            if (round == 1)
                QVERIFY2(tile.message.contains(QStringLiteral("verified")), qPrintable(tile.message));
        }
    }
    auto rows = store->findUnit(queryValue(ports->at(0), QStringLiteral("imei")), {});
    QVERIFY(rows);
    QCOMPARE(rows->size(), 3);
}

void TestStation::interruptedRunIsRedone()
{
    auto store = openStore(m_dir.filePath(QStringLiteral("interrupted.sqlite")));
    QVERIFY(store);
    const auto batch = expandPortSpec(QStringLiteral("sim:sim7000g*1"));
    QVERIFY(batch);
    const QString port = simPort(*batch, 0, QStringLiteral("sim7000g"), QStringLiteral("healthy"));
    const auto profile = quickProfile();
    // What a killed station leaves: its unit's row still "running".
    ProvisionRecord killed;
    killed.startedAt = QDateTime::currentDateTimeUtc().addSecs(-600);
    killed.station = QStringLiteral("killed-station");
    killed.port = port;
    killed.profileName = profile->name;
    killed.profileHash = profile->hash;
    killed.imei = queryValue(port, QStringLiteral("imei"));
    killed.iccid = queryValue(port, QStringLiteral("iccid"));
    auto id = store->begin(killed);
    QVERIFY(id);

    Station station(profile, store.get(), options(QStringLiteral("killed-station")));
    QSignalSpy noticed(&station, &Station::noticed);
    QVERIFY(station.prepare());
    QCOMPARE(noticed.size(), 1);
    QVERIFY2(noticed.first().first().toString().contains(killed.imei), qPrintable(noticed.first().first().toString()));
    station.addPort(port);
    QVERIFY(run(station));
    const StationPort &tile = station.portAt(0);
    QVERIFY2(tile.state == PortState::Passed, qPrintable(tile.message));
    QVERIFY(!tile.lastRecord->verifiedOnly);
    QVERIFY2(tile.message.contains(QStringLiteral("interrupted")), qPrintable(tile.message));
    auto rows = store->findUnit(killed.imei, {});
    QVERIFY(rows);
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rows->at(0).result, UnitResult::Pass);
    QCOMPARE(rows->at(1).id, *id);
    QCOMPARE(rows->at(1).result, UnitResult::Interrupted);
}

void TestStation::radioOffUnitIsVerifiedAgain()
{
    auto store = openStore(m_dir.filePath(QStringLiteral("radiooff.sqlite")));
    QVERIFY(store);
    // One modemsim for both runs, as one board on the bench: its radio stays off in between.
    const auto identities = expandPortSpec(QStringLiteral("sim:sim7000g*1"));
    QVERIFY(identities);
    SimTest::SimProcess sim({QStringLiteral("--model"), QStringLiteral("sim7000g"), QStringLiteral("--scenario"),
                             scenario(QStringLiteral("healthy")), QStringLiteral("--imei"),
                             queryValue(identities->at(0), QStringLiteral("imei")), QStringLiteral("--iccid"),
                             queryValue(identities->at(0), QStringLiteral("iccid"))});
    QVERIFY(!sim.path().isEmpty());
    auto profile = networkProfile();
    profile->radioOff = true;
    for (int round = 0; round < 2; ++round) {
        Station station(profile, store.get(), options(QStringLiteral("radio")));
        QVERIFY(station.prepare());
        station.addPort(sim.path());
        QVERIFY(run(station));
        const StationPort &tile = station.portAt(0);
        QVERIFY2(tile.state == PortState::Passed, qPrintable(tile.message));
        QCOMPARE(tile.lastRecord->verifiedOnly, round == 1);
        QCOMPARE(tile.lastRecord->steps.last().name, QStringLiteral("Radio off"));
    }
}

void TestStation::stopOneUnit()
{
    auto store = openStore(m_dir.filePath(QStringLiteral("stop.sqlite")));
    QVERIFY(store);
    const auto batch = expandPortSpec(QStringLiteral("sim:sim7000g*2"));
    QVERIFY(batch);
    Station station(networkProfile(), store.get(), options(QStringLiteral("stopper")));
    QVERIFY(station.prepare());
    station.addPort(simPort(*batch, 0, QStringLiteral("sim7000g"), QStringLiteral("slowreg")));
    station.addPort(simPort(*batch, 1, QStringLiteral("sim7000g"), QStringLiteral("healthy")));
    QSignalSpy idle(&station, &Station::idle);
    station.startAll();
    // Stop the slow one once it waits for the network, i.e. after its row was begun.
    QTRY_VERIFY_WITH_TIMEOUT(station.portAt(0).step.contains(QStringLiteral("registration"), Qt::CaseInsensitive),
                             60000);
    station.stop(0);
    QCOMPARE(station.portAt(0).state, PortState::Stopped);
    QVERIFY(idle.wait(kRunTimeoutMs) || idle.size() == 1);
    QCOMPARE(station.portAt(1).state, PortState::Passed);
    const ProvisionRecord &record = *station.portAt(0).lastRecord;
    QCOMPARE(record.result, UnitResult::Fail);
    QCOMPARE(record.error, QStringLiteral("Stopped by the operator"));
    auto rows = store->findUnit(record.imei, {});
    QVERIFY(rows);
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->first().error, QStringLiteral("Stopped by the operator"));
    const StationCounters counters = station.counters();
    QCOMPARE(counters.passed, 1);
    QCOMPARE(counters.failed, 1);
}

void TestStation::wrongModelAndOldFirmwareAreRefused()
{
    auto store = openStore(m_dir.filePath(QStringLiteral("model.sqlite")));
    QVERIFY(store);
    const auto batch = expandPortSpec(QStringLiteral("sim:sim7000g*2"));
    QVERIFY(batch);
    auto onlySim800 = quickProfile();
    onlySim800->families = {QStringLiteral("sim800")};
    auto newFirmware = quickProfile();
    newFirmware->minFirmware = QStringLiteral("9999B99SIM7000G");
    // A SIM7080 build as the minimum cannot be compared with a SIM7000's: said so, not "older".
    auto otherLine = quickProfile();
    otherLine->minFirmware = QStringLiteral("1951B16SIM7080");
    for (const auto &[profile, words] : {std::pair{onlySim800, QStringLiteral("not allowed")},
                                         std::pair{newFirmware, QStringLiteral("older than")},
                                         std::pair{otherLine, QStringLiteral("another model's line")}}) {
        Station station(profile, store.get(), options(QStringLiteral("model")));
        QVERIFY(station.prepare());
        station.addPort(simPort(*batch, 0, QStringLiteral("sim7000g"), QStringLiteral("healthy")));
        QVERIFY(run(station));
        const StationPort &tile = station.portAt(0);
        QCOMPARE(tile.state, PortState::Failed);
        QVERIFY2(tile.message.contains(words), qPrintable(tile.message));
        QCOMPARE(tile.lastRecord->result, UnitResult::Fail);
        QVERIFY(!tile.lastRecord->imei.isEmpty());
    }
}

void TestStation::unitDeadline()
{
    auto store = openStore(m_dir.filePath(QStringLiteral("deadline.sqlite")));
    QVERIFY(store);
    const auto batch = expandPortSpec(QStringLiteral("sim:sim7000g*1"));
    QVERIFY(batch);
    auto profile = networkProfile();
    profile->unitTimeoutMs = 2000;
    Station station(profile, store.get(), options(QStringLiteral("deadline")));
    QVERIFY(station.prepare());
    station.addPort(simPort(*batch, 0, QStringLiteral("sim7000g"), QStringLiteral("slowreg")));
    QVERIFY(run(station));
    const StationPort &tile = station.portAt(0);
    QCOMPARE(tile.state, PortState::Failed);
    QVERIFY2(tile.message.contains(QStringLiteral("did not finish within 2 s")), qPrintable(tile.message));
    auto rows = store->findUnit(tile.imei, {});
    QVERIFY(rows);
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->first().result, UnitResult::Fail);
}

void TestStation::certificatesFromOurCa()
{
    const QString caDir = m_dir.filePath(QStringLiteral("ca"));
    const QByteArray passphrase("station-test-passphrase");
    Pki::CaOptions caOptions;
    caOptions.key = Pki::KeyKind::P256;
    QVERIFY(Pki::CertificateAuthority::create(caDir, caOptions, Pki::SecretBytes(passphrase)));
    auto store = openStore(m_dir.filePath(QStringLiteral("certs.sqlite")));
    QVERIFY(store);
    auto profile = quickProfile();
    profile->hash = QStringLiteral("certs-hash");
    profile->certificates.caSource = ProfileCertificates::CaSource::OwnCa;
    profile->certificates.caDirectory = caDir;
    profile->certificates.deviceCertificate = true;
    profile->certificates.deviceKey = QStringLiteral("p256"); // the fast key a big station would choose
    const auto ports = expandPortSpec(QStringLiteral("sim:sim7080g?scenario=") + scenario(QStringLiteral("healthy"))
                                      + QStringLiteral("*2"));
    QVERIFY(ports);

    {
        // Without the passphrase nothing starts.
        qunsetenv("MODEMBENCH_CA_PASSPHRASE");
        Station station(profile, store.get(), options(QStringLiteral("certs")));
        const auto prepared = station.prepare();
        QVERIFY(!prepared);
        QCOMPARE(prepared.error().code, ErrorCode::Usage);
    }
    StationOptions opts = options(QStringLiteral("certs"));
    opts.caPassphrase = passphrase;
    Station station(profile, store.get(), opts);
    QVERIFY(station.prepare());
    for (const QString &port : *ports)
        station.addPort(port);
    QVERIFY(run(station));
    QSet<QString> serials;
    for (int i = 0; i < 2; ++i) {
        const StationPort &tile = station.portAt(i);
        QVERIFY2(tile.state == PortState::Passed, qPrintable(tile.message));
        const QList<CertificateRecord> &certificates = tile.lastRecord->certificates;
        QCOMPARE(certificates.size(), 2);
        QCOMPARE(certificates.at(0).role, QStringLiteral("ca"));
        QCOMPARE(certificates.at(1).role, QStringLiteral("device"));
        for (const CertificateRecord &certificate : certificates) {
            QVERIFY(!certificate.serialHex.isEmpty());
            QCOMPARE(certificate.sha256Fingerprint.size(), 95); // 32 bytes as "AB:" …
        }
        serials << certificates.at(1).serialHex;
        // The modem cannot list its files: the installs are in the inventory `files` reads, the
        // key deleted after convert and so not listed.
        auto inventory = FileInventory::open();
        QVERIFY(inventory);
        auto files = (*inventory)->list(tile.imei);
        QVERIFY(files);
        QStringList names;
        for (const ModemFileRecord &file : *files)
            names << file.name;
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("ca.pem"), QStringLiteral("device.pem")}));
    }
    QCOMPARE(serials.size(), 2);
    auto issued = Pki::CertificateAuthority::list(caDir);
    QVERIFY(issued);
    const auto devices = std::count_if(issued->cbegin(), issued->cend(),
                                       [](const Pki::IssuedCertificate &c) { return c.kind == Pki::CertKind::Device; });
    QCOMPARE(devices, 2);
}

// The whole chain a TLS profile asks for: our CA and a device certificate installed, then a TLS
// test through modemsim's real socket to a server on loopback whose certificate our CA issued.
void TestStation::tlsVerification()
{
    QVERIFY2(QSslSocket::supportsSsl(), "Qt's OpenSSL TLS backend is needed");
    const QString caDir = m_dir.filePath(QStringLiteral("ca-tls"));
    const QByteArray passphrase("station-tls-passphrase");
    Pki::CaOptions caOptions;
    caOptions.key = Pki::KeyKind::P256;
    auto ca = Pki::CertificateAuthority::create(caDir, caOptions, Pki::SecretBytes(passphrase));
    QVERIFY(ca);
    Pki::ServerRequest serverRequest;
    serverRequest.dnsNames = {QStringLiteral("iot.example.com")};
    serverRequest.key = Pki::KeyKind::P256;
    auto serverCertificate = ca->issueServer(serverRequest);
    QVERIFY(serverCertificate);

    QSslServer server;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificate(QSslCertificate(serverCertificate->certificatePem, QSsl::Pem));
    tls.setPrivateKey(QSslKey(serverCertificate->privateKeyPem.reveal(), QSsl::Ec, QSsl::Pem));
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    server.setSslConfiguration(tls);
    connect(&server, &QSslServer::pendingConnectionAvailable, &server, [&server] {
        while (QTcpSocket *socket = server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, socket, [socket] {
                if (socket->readAll().contains("ping"))
                    socket->write("pong\n");
            });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    });
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const QString scenarioPath = m_dir.filePath(QStringLiteral("tls-scenario.json"));
    {
        QJsonObject routes{{QStringLiteral("iot.example.com:8883"), QStringLiteral("127.0.0.1:%1").arg(server.serverPort())}};
        QJsonObject object{{QStringLiteral("banner"), false},
                           {QStringLiteral("registration_delay_ms"), 300},
                           {QStringLiteral("routes"), routes}};
        QFile file(scenarioPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(object).toJson());
    }

    auto profile = quickProfile();
    profile->name = QStringLiteral("station-tls");
    profile->hash = QStringLiteral("tls-hash");
    profile->certificates.caSource = ProfileCertificates::CaSource::OwnCa;
    profile->certificates.caDirectory = caDir;
    profile->certificates.deviceCertificate = true;
    profile->tls = TlsSettings{};
    TlsTestRequest request;
    request.host = QStringLiteral("iot.example.com");
    request.port = 8883;
    request.payload = "ping\n";
    request.openTimeoutMs = 20000;
    request.receiveTimeoutMs = 10000;
    profile->verify.tlsTest = request;
    profile->verify.tlsExpect = "pong";

    auto store = openStore(m_dir.filePath(QStringLiteral("tls.sqlite")));
    QVERIFY(store);
    StationOptions opts = options(QStringLiteral("tls"));
    opts.caPassphrase = passphrase;
    Station station(profile, store.get(), opts);
    QVERIFY(station.prepare());
    const auto ports = expandPortSpec(QStringLiteral("sim:sim7000g?scenario=") + scenarioPath + QStringLiteral("*1"));
    QVERIFY(ports);
    station.addPort(ports->first());
    QVERIFY(run(station));
    const StationPort &tile = station.portAt(0);
    QVERIFY2(tile.state == PortState::Passed, qPrintable(tile.message));
    const StepRecord &verify = *std::find_if(tile.lastRecord->steps.cbegin(), tile.lastRecord->steps.cend(),
                                             [](const StepRecord &s) { return s.name == QStringLiteral("Verify"); });
    QVERIFY2(verify.detail.contains(QStringLiteral("TLS 5 bytes back")), qPrintable(verify.detail));
}

void TestStation::watchedPortsComeAndGo()
{
    auto store = openStore(m_dir.filePath(QStringLiteral("watch.sqlite")));
    QVERIFY(store);
    const QString sockets = m_dir.filePath(QStringLiteral("sockets"));
    QVERIFY(QDir().mkpath(sockets));
    const QString link = sockets + QStringLiteral("/tty-a");
    const auto identities = expandPortSpec(QStringLiteral("sim:sim7000g*2"));
    QVERIFY(identities);
    const auto simArguments = [&](int i) {
        return QStringList{QStringLiteral("--model"), QStringLiteral("sim7000g"), QStringLiteral("--scenario"),
                           scenario(QStringLiteral("healthy")), QStringLiteral("--imei"),
                           queryValue(identities->at(i), QStringLiteral("imei")), QStringLiteral("--iccid"),
                           queryValue(identities->at(i), QStringLiteral("iccid"))};
    };
    auto first = std::make_unique<SimTest::SimProcess>(simArguments(0));
    QVERIFY(!first->path().isEmpty());
    QVERIFY(QFile::link(first->path(), link));

    Station station(quickProfile(), store.get(), options(QStringLiteral("watch")));
    QVERIFY(station.prepare());
    QSignalSpy finished(&station, &Station::unitFinished);
    station.watchPorts(sockets + QStringLiteral("/tty-*"), 100);
    QCOMPARE(station.portCount(), 1);
    QCOMPARE(station.portAt(0).port, link);
    station.startAll();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY2(station.portAt(0).state == PortState::Passed, qPrintable(station.portAt(0).message));

    // Unplugged: the device behind the link goes away.
    first.reset();
    QTRY_COMPARE_WITH_TIMEOUT(station.portAt(0).state, PortState::Unplugged, 10000);
    // Another modem in the same socket: a new unit starts by itself.
    auto second = std::make_unique<SimTest::SimProcess>(simArguments(1));
    QVERIFY(QFile::remove(link));
    QVERIFY(QFile::link(second->path(), link));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 60000);
    QCOMPARE(station.portCount(), 1);
    QVERIFY2(station.portAt(0).state == PortState::Passed, qPrintable(station.portAt(0).message));
    QCOMPARE(station.portAt(0).imei, queryValue(identities->at(1), QStringLiteral("imei")));
    station.stopAll();
}

QTEST_GUILESS_MAIN(TestStation)
#include "tst_station.moc"
