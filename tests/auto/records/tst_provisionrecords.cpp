#include "core/store/provisionrecords.h"

#include "../../common/postgresfixture.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

#include <sys/stat.h>

using namespace ModemBench;

// The message is read only on failure: error() of a success is undefined.
#define QVERIFY_OK(result) QVERIFY2((result), (result) ? "" : qPrintable((result).error().message))

namespace {

QDateTime at(int hour, int minute, int second = 0, int ms = 0)
{
    return QDateTime(QDate(2026, 11, 22), QTime(hour, minute, second, ms), Qt::UTC);
}

ProvisionRecord unit(const QString &imei, const QString &iccid, const QDateTime &startedAt,
                     const QString &station = QStringLiteral("line1-st1"))
{
    ProvisionRecord r;
    r.startedAt = startedAt;
    r.station = station;
    r.operatorName = QStringLiteral("Ana");
    r.port = QStringLiteral("sim:sim7000g?imei=") + imei;
    r.portLocation = QStringLiteral("1-2.3:1.2");
    r.profileName = QStringLiteral("basic");
    r.profileHash = QStringLiteral("9f86d081884c7d65");
    r.imei = imei;
    r.imsi = QStringLiteral("001010123456789");
    r.iccid = iccid;
    r.model = QStringLiteral("SIM7000G");
    r.firmware = QStringLiteral("1529B11SIM7000G");
    return r;
}

ProvisionRecord finished(ProvisionRecord r, UnitResult result, const QString &error = {})
{
    r.finishedAt = r.startedAt.addSecs(42).addMSecs(7);
    r.result = result;
    r.error = error;
    r.signalDbm = -71;
    r.trafficLogPath = QStringLiteral("/var/log/modembench/") + r.imei + QStringLiteral(".log");
    r.certificates = {{QStringLiteral("ca"), QStringLiteral("ca.pem"), QStringLiteral("01"), QStringLiteral("AB:CD")},
                      {QStringLiteral("device"), QStringLiteral("dev.pem"), QStringLiteral("1F2E"), QStringLiteral("EF:01")}};
    r.steps = {{QStringLiteral("Bring-up"), true, 812, QStringLiteral("SIM7000G 1529B11")},
               {QStringLiteral("TLS test"), result == UnitResult::Pass, 2301, error}};
    return r;
}

RecordFilter filter(const QString &text, std::optional<UnitResult> result = {}, const QDateTime &from = {},
                    const QDateTime &to = {}, int limit = 10000)
{
    RecordFilter f;
    f.text = text;
    f.result = result;
    f.from = from;
    f.to = to;
    f.limit = limit;
    return f;
}

int mode(const QString &path)
{
    struct stat info {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? int(info.st_mode & 0777) : -1;
}

QStringList imeis(const QList<ProvisionRecord> &records)
{
    QStringList list;
    for (const ProvisionRecord &r : records)
        list << r.imei;
    return list;
}

} // namespace

class TestProvisionRecords : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanupTestCase();

    void roundTrip_data() { backends(); }
    void roundTrip();
    void failedNeverReadsAsPass_data() { backends(); }
    void failedNeverReadsAsPass();
    void finishRefusesRunningAndUnknownIds_data() { backends(); }
    void finishRefusesRunningAndUnknownIds();
    void closeInterruptedOnlyTouchesThisStationsRunningRows_data() { backends(); }
    void closeInterruptedOnlyTouchesThisStationsRunningRows();
    void findUnitNewestFirst_data() { backends(); }
    void findUnitNewestFirst();
    void queryFilters_data() { backends(); }
    void queryFilters();
    void twoStoresShareOneDatabase_data() { backends(); }
    void twoStoresShareOneDatabase();
    void reopenKeepsRecords_data() { backends(); }
    void reopenKeepsRecords();
    void newerSchemaIsRefused_data() { backends(); }
    void newerSchemaIsRefused();
    void stationsOpeningAtOnceShareOneSchema_data() { backends(); }
    void stationsOpeningAtOnceShareOneSchema();
    void lostServerConnectionIsReopened();

    void csvQuoting();
    void csvExportOfStoredRecords();
    void jsonRoundTrip();
    void jsonErrorsNameTheKey_data();
    void jsonErrorsNameTheKey();
    void sqliteFileIsPrivate();
    void badLocationIsUsage_data();
    void badLocationIsUsage();
    void unreachableServerIsTransportWithoutPassword();
    void displayLocationHidesPassword();

private:
    static void backends()
    {
        QTest::addColumn<bool>("postgres");
        QTest::newRow("sqlite") << false;
        QTest::newRow("postgresql") << true;
    }
    bool postgres() const { return QByteArray(QTest::currentDataTag()) == "postgresql"; }
    QString location() const { return postgres() ? m_pg.url() : m_dir->filePath(QStringLiteral("records.sqlite")); }
    std::unique_ptr<RecordStore> open()
    {
        auto store = RecordStore::open(location());
        if (!store)
            qWarning("%s", qPrintable(store.error().message));
        return store ? std::move(*store) : nullptr;
    }
    // SQL on the current backend's database behind the store's back (damage, versions).
    bool rawExec(const QString &sql);

    std::unique_ptr<QTemporaryDir> m_dir;
    Test::PostgresScratch m_pg;
};

void TestProvisionRecords::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    if (!postgres())
        return;
    MODEMBENCH_REQUIRE_POSTGRES(m_pg, "tst_provisionrecords");
    // A fresh schema per test: the tables go, the next open() recreates them.
    QCOMPARE(m_pg.exec(QStringLiteral("DROP TABLE IF EXISTS provision_records, provision_schema")), QString());
}

void TestProvisionRecords::cleanupTestCase()
{
    m_pg.drop();
}

bool TestProvisionRecords::rawExec(const QString &sql)
{
    if (postgres()) {
        const QString error = m_pg.exec(sql);
        if (!error.isEmpty())
            qWarning("%s", qPrintable(error));
        return error.isEmpty();
    }
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        db.setDatabaseName(location());
        ok = db.open() && QSqlQuery(db).exec(sql);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    return ok;
}

void TestProvisionRecords::roundTrip()
{
    auto store = open();
    QVERIFY(store);
    QCOMPARE(store->isPostgres(), postgres());
    ProvisionRecord started = unit(QStringLiteral("860000000000001"), QStringLiteral("8901000000000000001"), at(10, 0, 0, 123));
    const Result<qint64> id = store->begin(started);
    QVERIFY_OK(id);
    QVERIFY(*id > 0);
    started.id = *id;

    auto running = store->findUnit(started.imei, {});
    QVERIFY(running);
    QCOMPARE(running->size(), 1);
    QCOMPARE(running->first(), started);
    QCOMPARE(running->first().result, UnitResult::Running);
    QVERIFY(!running->first().finishedAt.isValid());
    QVERIFY(!running->first().signalDbm);

    ProvisionRecord done = finished(started, UnitResult::Pass);
    done.verifiedOnly = true;
    done.operatorName = QStringLiteral("Zoë \"night shift\"");
    const Result<void> ok = store->finish(done);
    QVERIFY_OK(ok);
    auto read = store->findUnit({}, started.iccid);
    QVERIFY(read);
    QCOMPARE(read->size(), 1);
    QCOMPARE(read->first(), done);
    QCOMPARE(read->first().finishedAt.toMSecsSinceEpoch(), done.finishedAt.toMSecsSinceEpoch());
    QCOMPARE(read->first().signalDbm, std::optional<int>(-71));
}

void TestProvisionRecords::failedNeverReadsAsPass()
{
    auto store = open();
    QVERIFY(store);
    ProvisionRecord r = unit(QStringLiteral("860000000000002"), QStringLiteral("8901000000000000002"), at(10, 1));
    r.id = *store->begin(r);
    QVERIFY(store->finish(finished(r, UnitResult::Fail, QStringLiteral("No SIM: insert one and retry"))));
    auto passes = store->query(filter({}, UnitResult::Pass));
    QVERIFY(passes);
    QVERIFY(passes->isEmpty());
    auto fails = store->query(filter({}, UnitResult::Fail));
    QVERIFY(fails);
    QCOMPARE(imeis(*fails), QStringList{r.imei});
    QCOMPARE(fails->first().error, QStringLiteral("No SIM: insert one and retry"));

    // A result this version does not know (a newer station's) is not a pass either.
    QVERIFY(rawExec(QStringLiteral("UPDATE provision_records SET result = 'passed-with-warnings'")));
    auto odd = store->findUnit(r.imei, {});
    QVERIFY(odd);
    QCOMPARE(odd->first().result, UnitResult::Fail);
}

void TestProvisionRecords::finishRefusesRunningAndUnknownIds()
{
    auto store = open();
    QVERIFY(store);
    ProvisionRecord r = unit(QStringLiteral("860000000000003"), QStringLiteral("8901000000000000003"), at(10, 2));
    r.id = *store->begin(r);
    const Result<void> stillRunning = store->finish(r);
    QVERIFY(!stillRunning);
    QCOMPARE(stillRunning.error().code, ErrorCode::Usage);
    ProvisionRecord ghost = finished(r, UnitResult::Pass);
    ghost.id = r.id + 1000;
    const Result<void> unknown = store->finish(ghost);
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().code, ErrorCode::Usage);
    // The refused finish wrote nothing: the real unit is still running.
    QCOMPARE(store->findUnit(r.imei, {})->first().result, UnitResult::Running);
}

void TestProvisionRecords::closeInterruptedOnlyTouchesThisStationsRunningRows()
{
    auto store = open();
    QVERIFY(store);
    ProvisionRecord a1 = unit(QStringLiteral("860000000000011"), QStringLiteral("8901000000000000011"), at(9, 0));
    ProvisionRecord a2 = unit(QStringLiteral("860000000000012"), QStringLiteral("8901000000000000012"), at(9, 1));
    ProvisionRecord aDone = unit(QStringLiteral("860000000000013"), QStringLiteral("8901000000000000013"), at(9, 2));
    ProvisionRecord b1 = unit(QStringLiteral("860000000000014"), QStringLiteral("8901000000000000014"), at(9, 3),
                              QStringLiteral("line1-st2"));
    for (ProvisionRecord *r : {&a1, &a2, &aDone, &b1})
        r->id = *store->begin(*r);
    QVERIFY(store->finish(finished(aDone, UnitResult::Pass)));

    auto closed = store->closeInterrupted(QStringLiteral("line1-st1"));
    QVERIFY_OK(closed);
    QCOMPARE(imeis(*closed), (QStringList{a1.imei, a2.imei}));
    for (const ProvisionRecord &r : *closed) {
        QCOMPARE(r.result, UnitResult::Interrupted);
        QVERIFY(r.finishedAt.isValid());
        QVERIFY(r.error.contains(QStringLiteral("redone on the next run")));
        QCOMPARE(store->findUnit(r.imei, {})->first(), r);
    }
    QCOMPARE(store->findUnit(aDone.imei, {})->first().result, UnitResult::Pass);
    QCOMPARE(store->findUnit(b1.imei, {})->first().result, UnitResult::Running);
    auto again = store->closeInterrupted(QStringLiteral("line1-st1"));
    QVERIFY(again);
    QVERIFY(again->isEmpty());
}

void TestProvisionRecords::findUnitNewestFirst()
{
    auto store = open();
    QVERIFY(store);
    const QString imei = QStringLiteral("860000000000021");
    const QString iccid = QStringLiteral("8901000000000000021");
    ProvisionRecord old = unit(imei, iccid, at(8, 0));
    ProvisionRecord newSim = unit(imei, QStringLiteral("8901000000000000099"), at(8, 30));
    ProvisionRecord simMoved = unit(QStringLiteral("860000000000022"), iccid, at(9, 0));
    ProvisionRecord other = unit(QStringLiteral("860000000000023"), QStringLiteral("8901000000000000023"), at(9, 30));
    for (ProvisionRecord *r : {&simMoved, &old, &other, &newSim})   // insertion order is not time order
        r->id = *store->begin(*r);

    const auto ids = [](const Result<QList<ProvisionRecord>> &records) {
        QList<qint64> list;
        for (const ProvisionRecord &r : *records)
            list << r.id;
        return list;
    };
    QCOMPARE(ids(store->findUnit(imei, {})), (QList<qint64>{newSim.id, old.id}));
    QCOMPARE(ids(store->findUnit({}, iccid)), (QList<qint64>{simMoved.id, old.id}));
    QCOMPARE(ids(store->findUnit(imei, iccid)), (QList<qint64>{simMoved.id, newSim.id, old.id}));
    QVERIFY(store->findUnit({}, {})->isEmpty());
    QVERIFY(store->findUnit(QStringLiteral("000000000000000"), {})->isEmpty());
}

void TestProvisionRecords::queryFilters()
{
    auto store = open();
    QVERIFY(store);
    ProvisionRecord r1 = unit(QStringLiteral("860000000000031"), QStringLiteral("8901000000000000031"), at(7, 0));
    ProvisionRecord r2 = unit(QStringLiteral("860000000000032"), QStringLiteral("8901000000000000032"), at(8, 0),
                              QStringLiteral("Line2-ST1"));
    ProvisionRecord r3 = unit(QStringLiteral("860000000000033"), QStringLiteral("8901000000000000033"), at(9, 0));
    for (ProvisionRecord *r : {&r1, &r2, &r3})
        r->id = *store->begin(*r);
    QVERIFY(store->finish(finished(r1, UnitResult::Pass)));
    QVERIFY(store->finish(finished(r2, UnitResult::Fail, QStringLiteral("Signal 5% below the minimum"))));

    const auto found = [&](const RecordFilter &filter) {
        const auto records = store->query(filter);
        if (!records)
            qWarning("%s", qPrintable(records.error().message));
        return records ? imeis(*records) : QStringList{QStringLiteral("error")};
    };
    QCOMPARE(found(filter({})), (QStringList{r3.imei, r2.imei, r1.imei}));
    QCOMPARE(found(filter(QStringLiteral("line2"))), QStringList{r2.imei});          // case-insensitive
    QCOMPARE(found(filter(QStringLiteral("000032"))), QStringList{r2.imei});         // IMEI or ICCID
    QCOMPARE(found(filter(QStringLiteral("5% below"))), QStringList{r2.imei});       // error text
    QCOMPARE(found(filter(QStringLiteral("%"))), QStringList{r2.imei});              // literal, not a wildcard
    QCOMPARE(found(filter(QStringLiteral("_"))), QStringList{});
    QCOMPARE(found(filter({}, UnitResult::Running)), QStringList{r3.imei});
    QCOMPARE(found(filter({}, {}, at(7, 30))), (QStringList{r3.imei, r2.imei}));
    QCOMPARE(found(filter({}, {}, at(7, 30), at(8, 0))), QStringList{r2.imei});
    QCOMPARE(found(filter({}, {}, {}, at(8, 59, 59, 999))), (QStringList{r2.imei, r1.imei}));
    QCOMPARE(found(filter({}, {}, {}, {}, 2)), (QStringList{r3.imei, r2.imei}));
    QCOMPARE(found(filter(QStringLiteral("line1"), UnitResult::Pass)), QStringList{r1.imei});
}

void TestProvisionRecords::twoStoresShareOneDatabase()
{
    // The GUI and the CLI on one file, or two stations on one server.
    auto gui = open();
    auto cli = open();
    QVERIFY(gui);
    QVERIFY(cli);
    ProvisionRecord r = unit(QStringLiteral("860000000000041"), QStringLiteral("8901000000000000041"), at(11, 0));
    r.id = *cli->begin(r);
    QCOMPARE(gui->findUnit(r.imei, {})->first().result, UnitResult::Running);
    QVERIFY(gui->finish(finished(r, UnitResult::Pass)));
    QCOMPARE(cli->findUnit(r.imei, {})->first().result, UnitResult::Pass);
    ProvisionRecord second = unit(QStringLiteral("860000000000042"), QStringLiteral("8901000000000000042"), at(11, 1));
    second.id = *gui->begin(second);
    QVERIFY(second.id != r.id);
    QCOMPARE(cli->query()->size(), 2);
}

void TestProvisionRecords::reopenKeepsRecords()
{
    ProvisionRecord r = unit(QStringLiteral("860000000000051"), QStringLiteral("8901000000000000051"), at(12, 0));
    {
        auto store = open();
        QVERIFY(store);
        r.id = *store->begin(r);
    }
    auto store = open();
    QVERIFY(store);
    QCOMPARE(store->findUnit(r.imei, {})->first(), r);
}

void TestProvisionRecords::newerSchemaIsRefused()
{
    QVERIFY(open());
    QVERIFY(rawExec(QStringLiteral("UPDATE provision_schema SET version = 99")));
    auto store = RecordStore::open(location());
    QVERIFY(!store);
    QCOMPARE(store.error().code, ErrorCode::Unsupported);
    QVERIFY2(store.error().message.contains(QStringLiteral("newer ModemBench")), qPrintable(store.error().message));
}

void TestProvisionRecords::stationsOpeningAtOnceShareOneSchema()
{
    // Each thread is a station starting on a database that has no tables yet (init() dropped them).
    constexpr int kStations = 6;
    const QString where = location();
    std::atomic<int> passed = 0;
    QStringList errors(kStations);
    {
        std::vector<std::jthread> stations;
        for (int i = 0; i < kStations; ++i) {
            stations.emplace_back([&, i] {
                auto store = RecordStore::open(where);
                if (!store) {
                    errors[i] = store.error().message;
                    return;
                }
                ProvisionRecord r = unit(QStringLiteral("8600000000001%1").arg(i, 2, 10, QLatin1Char('0')),
                                         QStringLiteral("89010000000000001%1").arg(i, 2, 10, QLatin1Char('0')),
                                         at(16, i), QStringLiteral("station-%1").arg(i));
                auto id = (*store)->begin(r);
                if (!id) {
                    errors[i] = id.error().message;
                    return;
                }
                r.id = *id;
                if (auto ok = (*store)->finish(finished(r, UnitResult::Pass)); !ok) {
                    errors[i] = ok.error().message;
                    return;
                }
                ++passed;
            });
        }
    }
    QVERIFY2(passed == kStations, qPrintable(errors.join(u'\n')));
    auto store = open();
    QVERIFY(store);
    QCOMPARE(store->query(filter({}, UnitResult::Pass))->size(), kStations);
}

void TestProvisionRecords::lostServerConnectionIsReopened()
{
    // A database server restarted under a running line: the next operations reconnect by themselves.
    if (Test::PostgresScratch::baseUrl().isEmpty() && !Test::PostgresScratch::requiredByCi())
        QSKIP("needs a server: MODEMBENCH_TEST_POSTGRES_URL is not set");
    MODEMBENCH_REQUIRE_POSTGRES(m_pg, "tst_provisionrecords");
    QCOMPARE(m_pg.exec(QStringLiteral("DROP TABLE IF EXISTS provision_records, provision_schema")), QString());
    auto opened = RecordStore::open(m_pg.url());
    QVERIFY_OK(opened);
    RecordStore &store = **opened;
    ProvisionRecord r = unit(QStringLiteral("860000000000091"), QStringLiteral("8901000000000000091"), at(17, 0));
    r.id = *store.begin(r);
    const QString killOthers = QStringLiteral("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                              "WHERE datname = current_database() AND pid <> pg_backend_pid()");
    QCOMPARE(m_pg.exec(killOthers), QString());
    QVERIFY_OK(store.finish(finished(r, UnitResult::Pass)));         // idempotent: retried on a new connection
    QCOMPARE(store.findUnit(r.imei, {})->first().result, UnitResult::Pass);

    QCOMPARE(m_pg.exec(killOthers), QString());
    ProvisionRecord next = unit(QStringLiteral("860000000000092"), QStringLiteral("8901000000000000092"), at(17, 1));
    const Result<qint64> lost = store.begin(next);                  // not repeated: it may have committed
    QVERIFY(!lost);
    QCOMPARE(lost.error().code, ErrorCode::Transport);
    QVERIFY(!lost.error().message.contains(QStringLiteral(":modembench@")));
    const Result<qint64> again = store.begin(next);
    QVERIFY_OK(again);
    QCOMPARE(store.query()->size(), 2);
}

void TestProvisionRecords::csvQuoting()
{
    ProvisionRecord r = finished(unit(QStringLiteral("860000000000061"), QStringLiteral("8901000000000000061"), at(13, 0)),
                                 UnitResult::Fail, QStringLiteral("Expected \"OK\", got ERROR,\r\nthen nothing"));
    r.id = 7;
    r.steps = {{QStringLiteral("AT+CSCLK=0"), false, 15, QStringLiteral("ERROR")}};
    r.certificates = {};
    r.signalDbm.reset();
    const QList<QByteArray> lines = RecordStore::toCsv({r}).split('\n');
    QCOMPARE(lines.at(0), QByteArray("id,started_at,finished_at,station,operator,port,port_location,profile_name,"
                                     "profile_hash,imei,imsi,iccid,model,firmware,certificates,steps,signal_dbm,result,"
                                     "error,traffic_log,verified_only\r"));
    const QByteArray row = RecordStore::toCsv({r}).split('\n').mid(1).join('\n');
    QCOMPARE(row, QByteArray("7,2026-11-22T13:00:00.000Z,2026-11-22T13:00:42.007Z,line1-st1,Ana,"
                             "sim:sim7000g?imei=860000000000061,1-2.3:1.2,basic,9f86d081884c7d65,860000000000061,"
                             "001010123456789,8901000000000000061,SIM7000G,1529B11SIM7000G,[],"
                             "\"[{\"\"detail\"\":\"\"ERROR\"\",\"\"durationMs\"\":15,\"\"name\"\":\"\"AT+CSCLK=0\"\","
                             "\"\"passed\"\":false}]\",,fail,\"Expected \"\"OK\"\", got ERROR,\r\nthen nothing\","
                             "/var/log/modembench/860000000000061.log,0\r\n"));
    QCOMPARE(RecordStore::toCsv({}), lines.at(0) + '\n');
}

void TestProvisionRecords::csvExportOfStoredRecords()
{
    m_dir = std::make_unique<QTemporaryDir>();
    auto store = RecordStore::open(m_dir->filePath(QStringLiteral("r.sqlite")));
    QVERIFY(store);
    ProvisionRecord r = unit(QStringLiteral("860000000000071"), QStringLiteral("8901000000000000071"), at(14, 0));
    r.id = *(*store)->begin(r);
    QVERIFY((*store)->finish(finished(r, UnitResult::Pass)));
    const QByteArray csv = RecordStore::toCsv(*(*store)->query());
    QCOMPARE(csv.count("\r\n"), 2);
    QVERIFY(csv.contains(",pass,,/var/log/modembench/860000000000071.log,0\r\n"));
    QVERIFY(csv.contains(",\"[{\"\"name\"\":\"\"ca.pem\"\",\"\"role\"\":\"\"ca\"\""));
}

void TestProvisionRecords::jsonRoundTrip()
{
    ProvisionRecord pass = finished(unit(QStringLiteral("860000000000081"), QStringLiteral("8901000000000000081"), at(15, 0, 1, 5)),
                                    UnitResult::Pass);
    pass.id = 1;
    ProvisionRecord failed = finished(unit(QStringLiteral("860000000000082"), QStringLiteral("8901000000000000082"), at(15, 1)),
                                      UnitResult::Fail, QStringLiteral("Denied by the network (+CREG: 0,3)"));
    failed.id = 2;
    failed.signalDbm.reset();
    ProvisionRecord running = unit(QStringLiteral("860000000000083"), {}, at(15, 2));

    const QJsonDocument document = QJsonDocument::fromJson(RecordStore::toJson({pass, failed, running}));
    QVERIFY(document.isArray());
    QCOMPARE(document.array().size(), 3);
    const QJsonObject first = document.array().at(0).toObject();
    QCOMPARE(first.value(QStringLiteral("imei")).toString(), pass.imei);
    QCOMPARE(first.value(QStringLiteral("iccid")).toString(), pass.iccid);
    QCOMPARE(first.value(QStringLiteral("result")).toString(), QStringLiteral("pass"));
    QCOMPARE(first.value(QStringLiteral("error")).toString(), QString());
    QVERIFY(first.value(QStringLiteral("error")).isString());
    QCOMPARE(first.value(QStringLiteral("startedAt")).toString(), QStringLiteral("2026-11-22T15:00:01.005Z"));
    QCOMPARE(document.array().at(1).toObject().value(QStringLiteral("result")).toString(), QStringLiteral("fail"));
    QVERIFY(document.array().at(1).toObject().value(QStringLiteral("signalDbm")).isNull());
    const QList<ProvisionRecord> originals{pass, failed, running};
    for (int i = 0; i < 3; ++i) {
        const auto back = recordFromJson(document.array().at(i).toObject());
        QVERIFY_OK(back);
        QCOMPARE(*back, originals.at(i));
    }
}

void TestProvisionRecords::jsonErrorsNameTheKey_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("key");
    QTest::newRow("imei-number") << QByteArray(R"({"imei": 860000000000001, "result": "pass"})") << "\"imei\"";
    QTest::newRow("result-unknown") << QByteArray(R"({"result": "ok"})") << "\"result\"";
    QTest::newRow("result-missing") << QByteArray(R"({"imei": "1"})") << "\"result\"";
    QTest::newRow("time") << QByteArray(R"({"result": "pass", "startedAt": "yesterday"})") << "\"startedAt\"";
    QTest::newRow("signal-fraction") << QByteArray(R"({"result": "pass", "signalDbm": -71.5})") << "\"signalDbm\"";
    QTest::newRow("steps-object") << QByteArray(R"({"result": "pass", "steps": {}})") << "\"steps\"";
    QTest::newRow("step-passed") << QByteArray(R"({"result": "pass", "steps": [{"name": "x", "passed": "yes"}]})")
                                 << "steps[0].\"passed\"";
    QTest::newRow("certificate-serial") << QByteArray(R"({"result": "pass", "certificates": [{"serial": 1}]})")
                                        << "certificates[0].\"serial\"";
}

void TestProvisionRecords::jsonErrorsNameTheKey()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, key);
    const auto record = recordFromJson(QJsonDocument::fromJson(json).object());
    QVERIFY(!record);
    QCOMPARE(record.error().code, ErrorCode::Parse);
    QVERIFY2(record.error().message.contains(key), qPrintable(record.error().message));
}

void TestProvisionRecords::sqliteFileIsPrivate()
{
    const QString folder = m_dir->filePath(QStringLiteral("new/ModemBench"));
    const QString path = folder + QStringLiteral("/provisioning.sqlite");
    auto store = RecordStore::open(path);
    QVERIFY_OK(store);
    QCOMPARE((*store)->displayLocation(), path);
    QVERIFY(!(*store)->isPostgres());
    QCOMPARE(mode(path), 0600);
    QCOMPARE(mode(folder), 0700);
    QVERIFY(RecordStore::defaultLocation().endsWith(QStringLiteral("/ModemBench/provisioning.sqlite")));

    const auto unwritable = RecordStore::open(QStringLiteral("/proc/modembench/records.sqlite"));
    QVERIFY(!unwritable);
    QCOMPARE(unwritable.error().code, ErrorCode::Transport);
    QVERIFY(unwritable.error().message.contains(QStringLiteral("/proc/modembench")));
}

void TestProvisionRecords::badLocationIsUsage_data()
{
    QTest::addColumn<QString>("location");
    QTest::newRow("no-database") << "postgresql://u:p@db.example:5432";
    QTest::newRow("slash-only") << "postgresql://u:p@db.example/";
    QTest::newRow("two-paths") << "postgres://u:p@db.example/records/extra";
    QTest::newRow("bad-port") << "postgresql://u:p@db.example:port/records";
    QTest::newRow("unknown-option") << "postgresql://u:p@db.example/records?sslmod=require";
    QTest::newRow("option-with-space") << "postgresql://u:p@db.example/records?application_name=a%20b";
    QTest::newRow("mysql") << "mysql://u:p@db.example/records";
}

void TestProvisionRecords::badLocationIsUsage()
{
    QFETCH(QString, location);
    const auto store = RecordStore::open(location);
    QVERIFY(!store);
    QCOMPARE(store.error().code, ErrorCode::Usage);
    QVERIFY2(!store.error().message.contains(QStringLiteral("u:p@")), qPrintable(store.error().message));
}

void TestProvisionRecords::unreachableServerIsTransportWithoutPassword()
{
    // A port that was free a moment ago: nothing listens there.
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost));
    const quint16 port = server.serverPort();
    server.close();
    const QString password = QStringLiteral("s3cr3t-Pw");
    const auto store = RecordStore::open(QStringLiteral("postgresql://station:%1@127.0.0.1:%2/records").arg(password).arg(port));
    QVERIFY(!store);
    QCOMPARE(store.error().code, ErrorCode::Transport);
    QVERIFY2(store.error().message.contains(QStringLiteral("127.0.0.1:%1").arg(port)), qPrintable(store.error().message));
    QVERIFY2(!store.error().message.contains(password), qPrintable(store.error().message));
}

void TestProvisionRecords::displayLocationHidesPassword()
{
    if (Test::PostgresScratch::baseUrl().isEmpty())
        QSKIP("needs a server: MODEMBENCH_TEST_POSTGRES_URL is not set");
    MODEMBENCH_REQUIRE_POSTGRES(m_pg, "tst_provisionrecords");
    QCOMPARE(m_pg.exec(QStringLiteral("DROP TABLE IF EXISTS provision_records, provision_schema")), QString());
    const QUrl url(m_pg.url());
    QVERIFY(!url.password().isEmpty());
    auto store = RecordStore::open(m_pg.url());
    QVERIFY_OK(store);
    QVERIFY((*store)->isPostgres());
    QUrl shown = url;
    shown.setPassword(QStringLiteral("***"));
    QCOMPARE((*store)->displayLocation(), shown.toString());
    QVERIFY(!(*store)->displayLocation().contains(u':' + url.password() + u'@'));
}

QTEST_GUILESS_MAIN(TestProvisionRecords)
#include "tst_provisionrecords.moc"
