#include "core/store/provisionrecordsdb.h"

#include "core/store/sqliteutil.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QUrl>
#include <QUrlQuery>

namespace ModemBench::Internal {

namespace {

// One step per schema change, so a newer station can upgrade a line's database in place and an
// older one refuses a database it does not understand instead of writing half-rows.
constexpr int kSchemaVersion = 1;

// Any constant shared by every station: pg_advisory_xact_lock() queues the stations that open the
// database at once, because concurrent CREATE TABLE IF NOT EXISTS can fail in PostgreSQL with a
// unique violation on pg_type instead of waiting.
constexpr qint64 kSchemaLockKey = 0x4d42'5052'4f56; // "MBPROV"

// libpq options a URL may carry; anything else is refused so a typo is not silently ignored.
const QStringList kUrlOptions{QStringLiteral("sslmode"), QStringLiteral("sslrootcert"),
                              QStringLiteral("connect_timeout"), QStringLiteral("application_name")};

Error usage(const QString &location, const QString &why)
{
    return Error{ErrorCode::Usage,
                 QStringLiteral("The records location %1 is not usable: %2. Write postgresql://USER:PASSWORD@HOST:PORT/DATABASE "
                                "or a file path.").arg(location, why), {}, -1};
}

Result<RecordLocation> parsePostgresUrl(const QString &text)
{
    const QUrl url(text, QUrl::StrictMode);
    RecordLocation location;
    location.postgres = true;
    location.password = url.password(QUrl::FullyDecoded);
    QUrl shown = url;
    if (!location.password.isEmpty())
        shown.setPassword(QStringLiteral("***"));
    location.display = url.isValid() ? shown.toString() : QStringLiteral("(a postgresql:// URL QUrl cannot read)");
    if (!url.isValid())
        return std::unexpected(usage(location.display, QStringLiteral("it is not a valid URL")));
    location.user = url.userName(QUrl::FullyDecoded);
    location.host = url.host().isEmpty() ? QStringLiteral("localhost") : url.host();
    location.port = url.port(5432);
    if (location.port <= 0)
        return std::unexpected(usage(location.display, QStringLiteral("the port must be a number from 1 to 65535")));
    location.database = url.path(QUrl::FullyDecoded).mid(1);
    if (location.database.isEmpty() || location.database.contains(u'/'))
        return std::unexpected(usage(location.display, QStringLiteral("it must name exactly one database after the host")));
    // Qt passes the options to libpq separated by spaces, so values are kept to plain words.
    static const QRegularExpression plainValue(QStringLiteral("^[A-Za-z0-9_./-]+$"));
    bool hasTimeout = false;
    for (const auto &[key, value] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) {
        if (!kUrlOptions.contains(key)) {
            return std::unexpected(usage(location.display, QStringLiteral("the option \"%1\" is unknown (known: %2)")
                                                               .arg(key, kUrlOptions.join(QStringLiteral(", ")))));
        }
        if (!plainValue.match(value).hasMatch())
            return std::unexpected(usage(location.display, QStringLiteral("the option \"%1\" has an unusable value").arg(key)));
        hasTimeout = hasTimeout || key == QStringLiteral("connect_timeout");
        location.options << key + u'=' + value;
    }
    // Opening blocks the event loop until libpq gives up; without a limit a dead server freezes
    // the station for minutes (the TCP connect timeout).
    if (!hasTimeout)
        location.options << QStringLiteral("connect_timeout=5");
    return location;
}

} // namespace

Result<RecordLocation> parseRecordLocation(const QString &location, const QString &defaultSqlitePath)
{
    static const QRegularExpression scheme(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*)://"));
    const QRegularExpressionMatch match = scheme.match(location);
    if (match.hasMatch()) {
        const QString name = match.captured(1).toLower();
        if (name == QStringLiteral("postgresql") || name == QStringLiteral("postgres"))
            return parsePostgresUrl(location);
        if (name != QStringLiteral("file")) {
            QUrl shown(location);
            if (!shown.password().isEmpty())
                shown.setPassword(QStringLiteral("***"));
            return std::unexpected(usage(shown.toString(), QStringLiteral("the scheme %1:// is not supported").arg(name)));
        }
    }
    RecordLocation sqlite;
    sqlite.sqlitePath = location.isEmpty() ? defaultSqlitePath
                        : match.hasMatch() ? QUrl(location).toLocalFile() : location;
    if (sqlite.sqlitePath.isEmpty())
        return std::unexpected(usage(location, QStringLiteral("it names no file")));
    sqlite.display = sqlite.sqlitePath;
    return sqlite;
}

QString redacted(const QString &text, const RecordLocation &location)
{
    QString result = text;
    if (!location.password.isEmpty())
        result.replace(location.password, QStringLiteral("***"));
    return result;
}

namespace {

Result<void> openPostgres(const RecordLocation &location, const QString &name)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")))
        return fail(ErrorCode::Unsupported, QStringLiteral("Qt's PostgreSQL driver is missing (install libqt6sql6-psql)."));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(location.host);
    db.setPort(location.port);
    db.setDatabaseName(location.database);
    db.setUserName(location.user);
    db.setPassword(location.password);
    db.setConnectOptions(location.options.join(u';'));
    if (!db.open()) {
        return fail(ErrorCode::Transport, QStringLiteral("Cannot connect to the PostgreSQL server at %1:%2 (%3): check that it runs and the URL.")
                                              .arg(location.host).arg(location.port)
                                              .arg(redacted(db.lastError().text().trimmed(), location)));
    }
    // CREATE ... IF NOT EXISTS answers with NOTICEs that Qt's driver would print on every start.
    QSqlQuery quiet(db);
    quiet.exec(QStringLiteral("SET client_min_messages = warning"));
    return {};
}

Result<void> openSqlite(const RecordLocation &location, const QString &name)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return fail(ErrorCode::Unsupported, QStringLiteral("Qt's SQLite driver is missing (install libqt6sql6-sqlite)."));
    if (auto ok = preparePrivateSqliteFile(location.sqlitePath, QStringLiteral("provisioning records")); !ok)
        return ok;
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(location.sqlitePath);
    // The GUI and the CLI may write the same file at once: a writer waits for the other's commit.
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    if (!db.open()) {
        return fail(ErrorCode::Transport, QStringLiteral("Cannot open the provisioning records %1: %2")
                                              .arg(location.sqlitePath, db.lastError().text()));
    }
    // WAL: readers (the GUI's records table) never block the station's commits. synchronous=FULL
    // because a unit is shown as passed once its commit returned: that row must survive a power cut.
    QSqlQuery pragma(db);
    for (const char *sql : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL"}) {
        if (!pragma.exec(QString::fromLatin1(sql))) {
            return fail(ErrorCode::Transport, QStringLiteral("Cannot configure the provisioning records %1: %2")
                                                  .arg(location.sqlitePath, pragma.lastError().text()));
        }
    }
    return {};
}

QStringList schemaV1(bool postgres)
{
    const QString id = postgres ? QStringLiteral("BIGSERIAL PRIMARY KEY") : QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT");
    // Times are ISO-8601 UTC text with milliseconds, so both backends sort and compare them alike.
    return {
        QStringLiteral("CREATE TABLE IF NOT EXISTS provision_records (id %1, started_at TEXT NOT NULL, "
                       "finished_at TEXT, station TEXT NOT NULL, operator TEXT NOT NULL, port TEXT NOT NULL, "
                       "port_location TEXT NOT NULL, profile_name TEXT NOT NULL, profile_hash TEXT NOT NULL, "
                       "imei TEXT NOT NULL, imsi TEXT NOT NULL, iccid TEXT NOT NULL, model TEXT NOT NULL, "
                       "firmware TEXT NOT NULL, certificates TEXT NOT NULL, steps TEXT NOT NULL, signal_dbm INTEGER, "
                       "result TEXT NOT NULL, error TEXT NOT NULL, traffic_log TEXT NOT NULL, "
                       "verified_only INTEGER NOT NULL)").arg(id),
        QStringLiteral("CREATE INDEX IF NOT EXISTS provision_records_imei ON provision_records (imei)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS provision_records_iccid ON provision_records (iccid)"),
        QStringLiteral("CREATE INDEX IF NOT EXISTS provision_records_station ON provision_records (station, result)"),
    };
}

Error schemaError(const RecordLocation &location, const QString &what, const QSqlError &error)
{
    return Error{ErrorCode::Transport, QStringLiteral("The provisioning records at %1 could not %2: %3")
                                           .arg(location.display, what, redacted(error.text(), location)), {}, -1};
}

Result<int> readSchemaVersion(QSqlDatabase db, const RecordLocation &location)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS provision_schema (version INTEGER NOT NULL)")))
        return std::unexpected(schemaError(location, QStringLiteral("create its schema table"), query.lastError()));
    if (!query.exec(QStringLiteral("SELECT MAX(version) FROM provision_schema")))
        return std::unexpected(schemaError(location, QStringLiteral("read its schema version"), query.lastError()));
    return query.next() && !query.value(0).isNull() ? query.value(0).toInt() : 0;
}

Result<void> applySchema(QSqlDatabase db, const RecordLocation &location)
{
    QSqlQuery query(db);
    if (location.postgres) {
        if (!query.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(kSchemaLockKey)))
            return std::unexpected(schemaError(location, QStringLiteral("lock its schema"), query.lastError()));
    }
    const Result<int> version = readSchemaVersion(db, location);
    if (!version)
        return std::unexpected(version.error());
    if (*version > kSchemaVersion) {
        return fail(ErrorCode::Unsupported, QStringLiteral("The provisioning records at %1 were written by a newer ModemBench "
                                                           "(schema %2, this one knows %3): update this station.")
                                                .arg(location.display).arg(*version).arg(kSchemaVersion));
    }
    if (*version == kSchemaVersion)
        return {};
    for (const QString &sql : schemaV1(location.postgres)) {
        if (!query.exec(sql))
            return std::unexpected(schemaError(location, QStringLiteral("create its tables"), query.lastError()));
    }
    if (!query.exec(QStringLiteral("DELETE FROM provision_schema"))
        || !query.exec(QStringLiteral("INSERT INTO provision_schema (version) VALUES (%1)").arg(kSchemaVersion)))
        return std::unexpected(schemaError(location, QStringLiteral("record its schema version"), query.lastError()));
    return {};
}

} // namespace

Result<void> openRecordConnection(const RecordLocation &location, const QString &name)
{
    return location.postgres ? openPostgres(location, name) : openSqlite(location, name);
}

Result<void> migrateRecordSchema(QSqlDatabase db, const RecordLocation &location)
{
    if (const QSqlError error = beginWrite(db, location.postgres); error.isValid())
        return std::unexpected(schemaError(location, QStringLiteral("start its schema update"), error));
    if (auto ok = applySchema(db, location); !ok) {
        rollbackWrite(db, location.postgres);
        return ok;
    }
    if (const QSqlError error = commitWrite(db, location.postgres); error.isValid()) {
        rollbackWrite(db, location.postgres);
        return std::unexpected(schemaError(location, QStringLiteral("create its tables"), error));
    }
    return {};
}

QSqlError beginWrite(QSqlDatabase &db, bool postgres)
{
    if (postgres)
        return db.transaction() ? QSqlError() : db.lastError();
    QSqlQuery query(db);
    return query.exec(QStringLiteral("BEGIN IMMEDIATE")) ? QSqlError() : query.lastError();
}

QSqlError commitWrite(QSqlDatabase &db, bool postgres)
{
    if (postgres)
        return db.commit() ? QSqlError() : db.lastError();
    QSqlQuery query(db);
    return query.exec(QStringLiteral("COMMIT")) ? QSqlError() : query.lastError();
}

void rollbackWrite(QSqlDatabase &db, bool postgres)
{
    if (!db.isOpen())               // the connection died: the server rolled back already
        return;
    if (postgres) {
        db.rollback();
        return;
    }
    QSqlQuery query(db);
    query.exec(QStringLiteral("ROLLBACK"));
}

} // namespace ModemBench::Internal
