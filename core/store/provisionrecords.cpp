#include "core/store/provisionrecords.h"

#include "core/store/provisionrecordsdb.h"

#include <QAtomicInteger>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

#include <functional>

namespace ModemBench {

using namespace Internal;

namespace {

QAtomicInteger<quint64> s_connectionCounter;

constexpr const char *kColumns =
    "started_at, finished_at, station, operator, port, port_location, profile_name, profile_hash, imei, imsi, "
    "iccid, model, firmware, certificates, steps, signal_dbm, result, error, traffic_log, verified_only";
constexpr int kColumnCount = 20;

const QString kInterruptedError = QStringLiteral(
    "The station stopped before this unit finished (killed or crashed); it is redone on the next run");

QVariant isoOrNull(const QDateTime &when)
{
    return when.isValid() ? QVariant(when.toUTC().toString(Qt::ISODateWithMs)) : QVariant(QMetaType::fromType<QString>());
}

QDateTime timeFrom(const QVariant &value)
{
    if (value.isNull() || value.toString().isEmpty())
        return {};
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toUTC();
}

// Qt binds a null QString as SQL NULL, which the NOT NULL text columns refuse.
QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

// Binds every column but id, in kColumns order.
void bindRecord(QSqlQuery &query, const ProvisionRecord &r)
{
    const QVariantList values{
        isoOrNull(r.startedAt), isoOrNull(r.finishedAt), text(r.station), text(r.operatorName), text(r.port),
        text(r.portLocation), text(r.profileName), text(r.profileHash), text(r.imei), text(r.imsi), text(r.iccid),
        text(r.model), text(r.firmware), QString::fromUtf8(certificatesColumn(r.certificates)),
        QString::fromUtf8(stepsColumn(r.steps)),
        r.signalDbm ? QVariant(*r.signalDbm) : QVariant(QMetaType::fromType<int>()), unitResultName(r.result),
        text(r.error), text(r.trafficLogPath), r.verifiedOnly ? 1 : 0};
    for (const QVariant &value : values)
        query.addBindValue(value);
}

// A row read with "SELECT id, <kColumns>".
Result<ProvisionRecord> recordFromRow(const QSqlQuery &query)
{
    ProvisionRecord r;
    int column = 0;
    const auto next = [&] { return query.value(column++); };
    r.id = next().toLongLong();
    r.startedAt = timeFrom(next());
    r.finishedAt = timeFrom(next());
    for (QString *field : {&r.station, &r.operatorName, &r.port, &r.portLocation, &r.profileName, &r.profileHash,
                           &r.imei, &r.imsi, &r.iccid, &r.model, &r.firmware})
        *field = next().toString();
    auto certificates = certificatesFromColumn(next().toString().toUtf8());
    auto steps = stepsFromColumn(next().toString().toUtf8());
    if (!certificates)
        return std::unexpected(certificates.error());
    if (!steps)
        return std::unexpected(steps.error());
    r.certificates = *certificates;
    r.steps = *steps;
    if (const QVariant signal = next(); !signal.isNull())
        r.signalDbm = signal.toInt();
    const QString result = next().toString();
    // A result this version does not know (a newer station's) never reads as a pass.
    r.result = unitResultFromName(result).value_or(UnitResult::Fail);
    r.error = next().toString();
    r.trafficLogPath = next().toString();
    r.verifiedOnly = next().toInt() != 0;
    return r;
}

// '!' escapes LIKE's wildcards in the operator's filter text: the same ESCAPE works in both
// backends, where a backslash would depend on PostgreSQL's string settings.
QString likePattern(const QString &text)
{
    QString escaped = text.toLower();
    escaped.replace(u'!', QStringLiteral("!!")).replace(u'%', QStringLiteral("!%")).replace(u'_', QStringLiteral("!_"));
    return u'%' + escaped + u'%';
}

} // namespace

struct RecordStore::Private {
    RecordLocation location;
    QString connection;
    bool suspect = false;           // PostgreSQL: a statement failed; check the connection before reuse

    QSqlDatabase db() const { return QSqlDatabase::database(connection, false); }

    Error error(const QString &what, const QSqlError &sqlError)
    {
        suspect = location.postgres;
        return Error{ErrorCode::Transport, QStringLiteral("The provisioning records at %1 could not %2: %3")
                                               .arg(location.display, what, redacted(sqlError.text().trimmed(), location)),
                     {}, -1};
    }

    // Qt's PostgreSQL driver does not reconnect: after a server restart every query would fail
    // until the station restarts. So after a failure the connection is probed — only once the
    // failed transaction was rolled back, since an aborted one refuses every statement — and
    // reopened when it is dead.
    bool alive() const
    {
        const QSqlDatabase database = db();
        if (!database.isOpen())     // Qt's driver noticed the lost connection itself
            return false;
        QSqlQuery probe(database);
        return probe.exec(QStringLiteral("SELECT 1"));
    }

    Result<void> reopen()
    {
        {
            QSqlDatabase database = db();
            database.close();
            if (!database.open()) {
                return fail(ErrorCode::Transport, QStringLiteral("Cannot reconnect to the PostgreSQL server at %1:%2 (%3): check that it runs.")
                                                      .arg(location.host).arg(location.port)
                                                      .arg(redacted(database.lastError().text().trimmed(), location)));
            }
        }
        QSqlQuery quiet(db());
        quiet.exec(QStringLiteral("SET client_min_messages = warning"));
        return {};
    }

    // Before each operation.
    Result<void> ready()
    {
        if (!suspect)
            return {};
        suspect = false;
        return alive() ? Result<void>() : reopen();
    }

    // Runs an operation that is safe to repeat (not begin(): its INSERT may have committed before
    // the connection died); when it failed because the connection was lost, once more on a new one.
    template<class F>
    auto repeatable(F &&operation) -> decltype(operation())
    {
        if (auto ok = ready(); !ok)
            return std::unexpected(ok.error());
        auto result = operation();
        if (result || !suspect)
            return result;
        suspect = false;
        if (alive() || !reopen())
            return result;
        return operation();
    }

    Result<QList<ProvisionRecord>> select(QSqlQuery &query, const QString &what)
    {
        if (!query.exec())
            return std::unexpected(error(what, query.lastError()));
        QList<ProvisionRecord> records;
        while (query.next()) {
            auto record = recordFromRow(query);
            if (!record)
                return std::unexpected(record.error());
            records << *record;
        }
        return records;
    }

    Result<void> inTransaction(const QString &what, const std::function<Result<void>()> &work)
    {
        QSqlDatabase database = db();
        if (const QSqlError e = beginWrite(database, location.postgres); e.isValid())
            return std::unexpected(error(what, e));
        if (auto ok = work(); !ok) {
            rollbackWrite(database, location.postgres);
            return ok;
        }
        if (const QSqlError e = commitWrite(database, location.postgres); e.isValid()) {
            rollbackWrite(database, location.postgres);
            return std::unexpected(error(what, e));
        }
        return {};
    }
};

Result<std::unique_ptr<RecordStore>> RecordStore::open(const QString &location)
{
    auto parsed = parseRecordLocation(location, defaultLocation());
    if (!parsed)
        return std::unexpected(parsed.error());
    auto d = std::make_unique<Private>();
    d->location = *parsed;
    d->connection = QStringLiteral("modembench-records-%1").arg(++s_connectionCounter);
    // From here the destructor removes the connection, also on the error paths below.
    std::unique_ptr<RecordStore> store(new RecordStore(std::move(d)));
    if (auto ok = openRecordConnection(store->d->location, store->d->connection); !ok)
        return std::unexpected(ok.error());
    if (auto ok = migrateRecordSchema(store->d->db(), store->d->location); !ok)
        return std::unexpected(ok.error());
    return store;
}

QString RecordStore::defaultLocation()
{
    // Shared by the GUI and the CLI (AppDataLocation would give each application its own).
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
           + QStringLiteral("/ModemBench/provisioning.sqlite");
}

RecordStore::RecordStore(std::unique_ptr<Private> p) : d(std::move(p)) {}

RecordStore::~RecordStore()
{
    if (!QSqlDatabase::contains(d->connection))
        return;
    {
        QSqlDatabase db = d->db();
        db.close();
    }
    QSqlDatabase::removeDatabase(d->connection);
}

QString RecordStore::displayLocation() const
{
    return d->location.display;
}

bool RecordStore::isPostgres() const
{
    return d->location.postgres;
}

Result<qint64> RecordStore::begin(const ProvisionRecord &unit)
{
    if (auto ok = d->ready(); !ok)
        return std::unexpected(ok.error());
    ProvisionRecord row = unit;
    row.result = UnitResult::Running;
    row.finishedAt = {};
    if (!row.startedAt.isValid())
        row.startedAt = QDateTime::currentDateTimeUtc();
    QStringList marks;
    for (int i = 0; i < kColumnCount; ++i)
        marks << QStringLiteral("?");
    QSqlQuery query(d->db());
    query.prepare(QStringLiteral("INSERT INTO provision_records (%1) VALUES (%2)%3")
                      .arg(QLatin1String(kColumns), marks.join(u','),
                           d->location.postgres ? QStringLiteral(" RETURNING id") : QString()));
    bindRecord(query, row);
    const QString what = QStringLiteral("record the start of %1").arg(unit.imei.isEmpty() ? unit.port : unit.imei);
    if (!query.exec())
        return std::unexpected(d->error(what, query.lastError()));
    if (d->location.postgres)
        return query.next() ? query.value(0).toLongLong() : Result<qint64>(std::unexpected(d->error(what, query.lastError())));
    return query.lastInsertId().toLongLong();
}

Result<void> RecordStore::finish(const ProvisionRecord &record)
{
    if (record.result == UnitResult::Running) {
        return fail(ErrorCode::Usage, QStringLiteral("A finished unit needs a result (pass, fail or interrupted); "
                                                     "record %1 still says running.").arg(record.id));
    }
    ProvisionRecord row = record;
    if (!row.finishedAt.isValid())
        row.finishedAt = QDateTime::currentDateTimeUtc();
    QStringList assignments;
    for (const QString &column : QString::fromLatin1(kColumns).split(QStringLiteral(", ")))
        assignments << column + QStringLiteral(" = ?");
    const QString what = QStringLiteral("record the result of %1").arg(record.imei.isEmpty() ? record.port : record.imei);
    // Rewriting the same row twice is harmless, so a lost connection is retried.
    return d->repeatable([&] { return d->inTransaction(what, [&]() -> Result<void> {
        QSqlQuery query(d->db());
        query.prepare(QStringLiteral("UPDATE provision_records SET %1 WHERE id = ?").arg(assignments.join(QStringLiteral(", "))));
        bindRecord(query, row);
        query.addBindValue(row.id);
        if (!query.exec())
            return std::unexpected(d->error(what, query.lastError()));
        if (query.numRowsAffected() != 1) {
            return fail(ErrorCode::Usage, QStringLiteral("The provisioning records at %1 have no unit %2 to finish: "
                                                         "begin() it first.").arg(d->location.display).arg(row.id));
        }
        return {};
    }); });
}

Result<QList<ProvisionRecord>> RecordStore::closeInterrupted(const QString &station)
{
    QList<ProvisionRecord> closed;
    const QString what = QStringLiteral("close the interrupted units of %1").arg(station);
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    auto ok = d->repeatable([&] { return d->inTransaction(what, [&]() -> Result<void> {
        QSqlQuery select(d->db());
        select.prepare(QStringLiteral("SELECT id, %1 FROM provision_records WHERE station = ? AND result = 'running' "
                                      "ORDER BY started_at, id%2")
                           .arg(QLatin1String(kColumns), d->location.postgres ? QStringLiteral(" FOR UPDATE") : QString()));
        select.addBindValue(text(station));
        auto running = d->select(select, what);
        if (!running)
            return std::unexpected(running.error());
        select.finish();
        QSqlQuery update(d->db());
        update.prepare(QStringLiteral("UPDATE provision_records SET result = 'interrupted', finished_at = ?, error = ? "
                                      "WHERE id = ?"));
        for (ProvisionRecord &record : *running) {
            update.addBindValue(now);
            update.addBindValue(kInterruptedError);
            update.addBindValue(record.id);
            if (!update.exec())
                return std::unexpected(d->error(what, update.lastError()));
            record.result = UnitResult::Interrupted;
            record.finishedAt = timeFrom(now);
            record.error = kInterruptedError;
        }
        closed = *running;
        return {};
    }); });
    if (!ok)
        return std::unexpected(ok.error());
    return closed;
}

Result<QList<ProvisionRecord>> RecordStore::findUnit(const QString &imei, const QString &iccid)
{
    if (imei.isEmpty() && iccid.isEmpty())
        return QList<ProvisionRecord>();
    QStringList conditions;
    if (!imei.isEmpty())
        conditions << QStringLiteral("imei = ?");
    if (!iccid.isEmpty())
        conditions << QStringLiteral("iccid = ?");
    return d->repeatable([&] {
        QSqlQuery query(d->db());
        query.prepare(QStringLiteral("SELECT id, %1 FROM provision_records WHERE %2 ORDER BY started_at DESC, id DESC")
                          .arg(QLatin1String(kColumns), conditions.join(QStringLiteral(" OR "))));
        if (!imei.isEmpty())
            query.addBindValue(imei);
        if (!iccid.isEmpty())
            query.addBindValue(iccid);
        return d->select(query, QStringLiteral("look up the unit %1").arg(imei.isEmpty() ? iccid : imei));
    });
}

Result<QList<ProvisionRecord>> RecordStore::query(const RecordFilter &filter)
{
    QStringList conditions;
    QVariantList values;
    if (!filter.text.isEmpty()) {
        QStringList matches;
        for (const char *column : {"imei", "iccid", "imsi", "station", "operator", "port", "error"}) {
            matches << QStringLiteral("LOWER(%1) LIKE ? ESCAPE '!'").arg(QLatin1String(column));
            values << likePattern(filter.text);
        }
        conditions << u'(' + matches.join(QStringLiteral(" OR ")) + u')';
    }
    if (filter.result) {
        conditions << QStringLiteral("result = ?");
        values << unitResultName(*filter.result);
    }
    if (filter.from.isValid()) {
        conditions << QStringLiteral("started_at >= ?");
        values << isoOrNull(filter.from);
    }
    if (filter.to.isValid()) {
        conditions << QStringLiteral("started_at <= ?");
        values << isoOrNull(filter.to);
    }
    const QString sql = QStringLiteral("SELECT id, %1 FROM provision_records%2 ORDER BY started_at DESC, id DESC LIMIT %3")
                            .arg(QLatin1String(kColumns),
                                 conditions.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND ")))
                            .arg(qMax(0, filter.limit));
    return d->repeatable([&] {
        QSqlQuery query(d->db());
        query.prepare(sql);
        for (const QVariant &value : values)
            query.addBindValue(value);
        return d->select(query, QStringLiteral("list its records"));
    });
}

} // namespace ModemBench
