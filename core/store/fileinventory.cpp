#include "core/store/fileinventory.h"

#include "core/store/sqliteutil.h"

#include <QAtomicInteger>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

namespace ModemBench {

namespace {

// PRAGMA user_version: 0 = a new file, then one step per schema change so later versions can
// migrate a user's existing inventory instead of refusing it.
constexpr int kSchemaVersion = 1;
QAtomicInteger<quint64> s_connectionCounter;

const QList<ModemFileKind> kKinds{ModemFileKind::Ca, ModemFileKind::ClientCertificate,
                                  ModemFileKind::ClientKey, ModemFileKind::Other};

ModemFileKind kindFromName(const QString &name)
{
    for (const ModemFileKind kind : kKinds) {
        if (modemFileKindName(kind) == name)
            return kind;
    }
    return ModemFileKind::Other;
}

QString isoUtc(const QDateTime &when)
{
    return when.isValid() ? when.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime fromIso(const QVariant &value)
{
    if (value.isNull() || value.toString().isEmpty())
        return {};
    QDateTime when = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return when.toUTC();
}

const char *const kColumns = "modem_id, directory, name, size, sha256, uploaded_at, kind, converted";

const char *const kSchemaV1[] = {
    "CREATE TABLE IF NOT EXISTS modem_files (modem_id TEXT NOT NULL, directory INTEGER NOT NULL, "
    "name TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, uploaded_at TEXT NOT NULL, "
    "kind TEXT NOT NULL, converted INTEGER NOT NULL, PRIMARY KEY (modem_id, directory, name))",
    "CREATE TABLE IF NOT EXISTS tls_settings (modem_id TEXT PRIMARY KEY, json TEXT NOT NULL)",
    "PRAGMA user_version = 1",
};

} // namespace

QString modemFileKindName(ModemFileKind kind)
{
    switch (kind) {
    case ModemFileKind::Ca: return QStringLiteral("ca");
    case ModemFileKind::ClientCertificate: return QStringLiteral("client-cert");
    case ModemFileKind::ClientKey: return QStringLiteral("client-key");
    case ModemFileKind::Other: break;
    }
    return QStringLiteral("other");
}

QJsonObject modemFileRecordToJson(const ModemFileRecord &record)
{
    return QJsonObject{
        {QStringLiteral("modem"), record.modemId},
        {QStringLiteral("directory"), record.directory},
        {QStringLiteral("name"), record.name},
        {QStringLiteral("size"), record.size},
        {QStringLiteral("sha256"), QString::fromLatin1(record.sha256)},
        {QStringLiteral("when"), record.when.isValid() ? record.when.toUTC().toString(Qt::ISODate) : QString()},
        {QStringLiteral("kind"), modemFileKindName(record.kind)},
        {QStringLiteral("converted"), record.converted},
    };
}

struct FileInventory::Private {
    QString path;
    QString connection;

    QSqlDatabase db() const { return QSqlDatabase::database(connection, false); }

    Error error(const QString &what, const QSqlError &sqlError) const
    {
        return fail(ErrorCode::Error, QStringLiteral("The file inventory %1 could not %2: %3").arg(path, what, sqlError.text()))
            .error();
    }

    Result<void> run(QSqlQuery &query, const QString &what) const
    {
        if (!query.exec())
            return std::unexpected(error(what, query.lastError()));
        return {};
    }

    Result<void> runText(const QString &sql, const QString &what) const
    {
        QSqlQuery query(db());
        if (!query.exec(sql))
            return std::unexpected(error(what, query.lastError()));
        return {};
    }

    Result<void> configure() const;
    Result<void> migrate() const;
};

Result<void> FileInventory::Private::configure() const
{
    // WAL + NORMAL: each record is atomic and survives a crash of the program; an upload that
    // happened is cheap to record again, so the fsync per commit of FULL buys nothing here.
    for (const char *pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"}) {
        if (auto ok = runText(QString::fromLatin1(pragma), QStringLiteral("be configured")); !ok)
            return ok;
    }
    return {};
}

Result<void> FileInventory::Private::migrate() const
{
    QSqlQuery query(db());
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return std::unexpected(error(QStringLiteral("read its schema version"), query.lastError()));
    const int version = query.value(0).toInt();
    if (version > kSchemaVersion) {
        return fail(ErrorCode::Error, QStringLiteral("The file inventory %1 was written by a newer ModemBench "
                                                     "(schema %2, this one knows %3).")
                                          .arg(path).arg(version).arg(kSchemaVersion));
    }
    if (version == kSchemaVersion)
        return {};
    QSqlDatabase database = db();
    if (!database.transaction())
        return std::unexpected(error(QStringLiteral("start its schema update"), database.lastError()));
    for (const char *sql : kSchemaV1) {
        if (auto ok = runText(QString::fromLatin1(sql), QStringLiteral("create its tables")); !ok) {
            database.rollback();
            return ok;
        }
    }
    if (!database.commit())
        return std::unexpected(error(QStringLiteral("create its tables"), database.lastError()));
    return {};
}

QString FileInventory::defaultPath()
{
    // One inventory for the GUI and the CLI (AppDataLocation would give each application its own).
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/ModemBench/inventory.sqlite");
}

Result<std::unique_ptr<FileInventory>> FileInventory::open(const QString &path)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return fail(ErrorCode::Unsupported, QStringLiteral("Qt's SQLite driver is missing (install libqt6sql6-sqlite)."));
    auto d = std::make_unique<Private>();
    d->path = path.isEmpty() ? defaultPath() : path;
    if (auto ok = preparePrivateSqliteFile(d->path, QStringLiteral("file inventory")); !ok)
        return std::unexpected(ok.error());
    d->connection = QStringLiteral("modembench-inventory-%1").arg(++s_connectionCounter);
    // From here the destructor removes the connection, also on the error paths below.
    std::unique_ptr<FileInventory> inventory(new FileInventory(std::move(d)));
    Private &p = *inventory->d;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), p.connection);
        db.setDatabaseName(p.path);
        if (!db.open())
            return std::unexpected(p.error(QStringLiteral("be opened"), db.lastError()));
    }
    if (auto ok = p.configure(); !ok)
        return std::unexpected(ok.error());
    if (auto ok = p.migrate(); !ok)
        return std::unexpected(ok.error());
    return inventory;
}

FileInventory::FileInventory(std::unique_ptr<Private> p) : d(std::move(p)) {}

FileInventory::~FileInventory()
{
    if (d->connection.isEmpty())
        return;
    {
        QSqlDatabase db = d->db();
        db.close();
    }
    QSqlDatabase::removeDatabase(d->connection);
}

QString FileInventory::path() const
{
    return d->path;
}

Result<void> FileInventory::record(const ModemFileRecord &record)
{
    QSqlQuery query(d->db());
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO modem_files (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                      .arg(QLatin1String(kColumns)));
    query.addBindValue(record.modemId);
    query.addBindValue(record.directory);
    query.addBindValue(record.name);
    query.addBindValue(record.size);
    query.addBindValue(QString::fromLatin1(record.sha256));
    query.addBindValue(isoUtc(record.when));
    query.addBindValue(modemFileKindName(record.kind));
    query.addBindValue(record.converted ? 1 : 0);
    return d->run(query, QStringLiteral("record %1").arg(record.name));
}

Result<void> FileInventory::remove(const QString &modemId, int directory, const QString &name)
{
    QSqlQuery query(d->db());
    query.prepare(QStringLiteral("DELETE FROM modem_files WHERE modem_id = ? AND directory = ? AND name = ?"));
    query.addBindValue(modemId);
    query.addBindValue(directory);
    query.addBindValue(name);
    return d->run(query, QStringLiteral("forget %1").arg(name));
}

namespace {

ModemFileRecord recordFrom(const QSqlQuery &query)
{
    ModemFileRecord row;
    row.modemId = query.value(0).toString();
    row.directory = query.value(1).toInt();
    row.name = query.value(2).toString();
    row.size = query.value(3).toLongLong();
    row.sha256 = query.value(4).toString().toLatin1();
    row.when = fromIso(query.value(5));
    row.kind = kindFromName(query.value(6).toString());
    row.converted = query.value(7).toInt() != 0;
    return row;
}

} // namespace

Result<QList<ModemFileRecord>> FileInventory::list(const QString &modemId) const
{
    QSqlQuery query(d->db());
    query.prepare(QStringLiteral("SELECT %1 FROM modem_files WHERE modem_id = ? ORDER BY directory, name")
                      .arg(QLatin1String(kColumns)));
    query.addBindValue(modemId);
    if (auto ok = d->run(query, QStringLiteral("list the files of %1").arg(modemId)); !ok)
        return std::unexpected(ok.error());
    QList<ModemFileRecord> rows;
    while (query.next())
        rows << recordFrom(query);
    return rows;
}

Result<std::optional<ModemFileRecord>> FileInventory::find(const QString &modemId, int directory,
                                                           const QString &name) const
{
    QSqlQuery query(d->db());
    query.prepare(QStringLiteral("SELECT %1 FROM modem_files WHERE modem_id = ? AND directory = ? AND name = ?")
                      .arg(QLatin1String(kColumns)));
    query.addBindValue(modemId);
    query.addBindValue(directory);
    query.addBindValue(name);
    if (auto ok = d->run(query, QStringLiteral("look up %1").arg(name)); !ok)
        return std::unexpected(ok.error());
    if (!query.next())
        return std::optional<ModemFileRecord>();
    return std::optional<ModemFileRecord>(recordFrom(query));
}

Result<void> FileInventory::saveTlsSettings(const QString &modemId, const TlsSettings &settings)
{
    QSqlQuery query(d->db());
    query.prepare(QStringLiteral("INSERT OR REPLACE INTO tls_settings (modem_id, json) VALUES (?, ?)"));
    query.addBindValue(modemId);
    query.addBindValue(QString::fromUtf8(QJsonDocument(tlsSettingsToJson(settings)).toJson(QJsonDocument::Compact)));
    return d->run(query, QStringLiteral("save the TLS settings of %1").arg(modemId));
}

Result<std::optional<TlsSettings>> FileInventory::tlsSettings(const QString &modemId) const
{
    QSqlQuery query(d->db());
    query.prepare(QStringLiteral("SELECT json FROM tls_settings WHERE modem_id = ?"));
    query.addBindValue(modemId);
    if (auto ok = d->run(query, QStringLiteral("read the TLS settings of %1").arg(modemId)); !ok)
        return std::unexpected(ok.error());
    if (!query.next())
        return std::optional<TlsSettings>();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(query.value(0).toString().toUtf8(), &parseError);
    if (!document.isObject()) {
        return fail(ErrorCode::Parse, QStringLiteral("The TLS settings of %1 in %2 are damaged: %3")
                                          .arg(modemId, d->path, parseError.errorString()));
    }
    auto settings = tlsSettingsFromJson(document.object());
    if (!settings)
        return std::unexpected(settings.error());
    return std::optional<TlsSettings>(*settings);
}

} // namespace ModemBench
