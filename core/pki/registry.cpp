#include "core/pki/registry.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <fcntl.h>
#include <unistd.h>

namespace ModemBench::Pki::Internal {

namespace {

constexpr int kSchemaVersion = 1;
QAtomicInteger<quint64> s_connectionCounter;

QString isoUtc(const QDateTime &when)
{
    return when.isValid() ? when.toUTC().toString(Qt::ISODate) : QString();
}

QDateTime fromIso(const QVariant &value)
{
    if (value.isNull())
        return {};
    QDateTime when = QDateTime::fromString(value.toString(), Qt::ISODate);
    when.setTimeSpec(Qt::UTC);
    return when;
}

std::optional<CertKind> kindFromName(const QString &name)
{
    for (const CertKind kind : {CertKind::Ca, CertKind::Server, CertKind::Device}) {
        if (certKindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

Result<void> exec(QSqlQuery &query, const QString &what)
{
    if (!query.exec()) {
        return fail(ErrorCode::Error,
                    QStringLiteral("The CA registry failed to %1: %2").arg(what, query.lastError().text()));
    }
    return {};
}

Result<void> execText(const QSqlDatabase &db, const QString &sql, const QString &what)
{
    QSqlQuery query(db);
    if (!query.prepare(sql))
        return fail(ErrorCode::Error, QStringLiteral("The CA registry failed to %1: %2").arg(what, query.lastError().text()));
    return exec(query, what);
}

const char *const kColumns =
    "serial, kind, subject, imei, fingerprint, not_before, not_after, status, reason, revoked_at, path";

} // namespace

Registry::Registry(QString connectionName, QString caDir)
    : m_connection(std::move(connectionName)), m_caDir(std::move(caDir))
{
}

Registry::Registry(Registry &&other) noexcept
    : m_connection(std::exchange(other.m_connection, {})), m_caDir(std::move(other.m_caDir))
{
}

Registry &Registry::operator=(Registry &&other) noexcept
{
    if (this != &other) {
        close();
        m_connection = std::exchange(other.m_connection, {});
        m_caDir = std::move(other.m_caDir);
    }
    return *this;
}

Registry::~Registry()
{
    close();
}

void Registry::close()
{
    if (m_connection.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
    m_connection.clear();
}

Result<Registry> Registry::open(const QString &databasePath, const QString &caDir, Mode mode)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return fail(ErrorCode::Unsupported, QStringLiteral("Qt's SQLite driver is missing (install libqt6sql6-sqlite)."));
    if (mode == Mode::Create) {
        // Created 0600 before SQLite opens it; SQLite gives its journal the same mode.
        const int fd = ::open(QFile::encodeName(databasePath).constData(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
        if (fd < 0)
            return fail(ErrorCode::Error, QStringLiteral("Cannot create the CA registry %1.").arg(databasePath));
        ::close(fd);
    } else if (!QFile::exists(databasePath)) {
        return fail(ErrorCode::Usage, QStringLiteral("The CA registry %1 is missing.").arg(databasePath));
    }
    Registry registry(QStringLiteral("modembench-pki-%1").arg(++s_connectionCounter), caDir);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), registry.m_connection);
        db.setDatabaseName(databasePath);
        if (mode == Mode::ReadOnly)
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open())
            return fail(ErrorCode::Error, QStringLiteral("Cannot open the CA registry %1: %2").arg(databasePath, db.lastError().text()));
        if (mode != Mode::ReadOnly) {
            // WAL with synchronous=NORMAL: a commit is atomic and survives a crash of the program;
            // only an OS crash or power loss can roll back the last commits (sqlite.org/wal.html).
            // The rollback journal with FULL cost ~7 fsyncs per issued certificate (bench/ca_issue).
            for (const char *pragma : {"PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"}) {
                if (auto ok = execText(db, QString::fromLatin1(pragma), QStringLiteral("configure")); !ok)
                    return std::unexpected(ok.error());
            }
        }
        if (mode == Mode::Create) {
            const QStringList schema{
                QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
                QStringLiteral("CREATE TABLE certificates (serial TEXT PRIMARY KEY, kind TEXT NOT NULL, "
                               "subject TEXT NOT NULL, imei TEXT, fingerprint TEXT NOT NULL, not_before TEXT NOT NULL, "
                               "not_after TEXT NOT NULL, status TEXT NOT NULL, reason INTEGER, revoked_at TEXT, "
                               "path TEXT NOT NULL)"),
                QStringLiteral("INSERT INTO meta (key, value) VALUES ('schema', '%1'), ('crl_number', '0')").arg(kSchemaVersion),
            };
            for (const QString &sql : schema) {
                if (auto ok = execText(db, sql, QStringLiteral("create its tables")); !ok)
                    return std::unexpected(ok.error());
            }
        }
        QSqlQuery check(db);
        if (!check.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'schema'")) || !check.next()
            || check.value(0).toInt() != kSchemaVersion) {
            return fail(ErrorCode::Usage, QStringLiteral("The CA registry %1 is damaged or of another version.").arg(databasePath));
        }
    }
    return registry;
}

Result<void> Registry::insert(const IssuedCertificate &record, const QString &relativePath)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("INSERT INTO certificates (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                      .arg(QLatin1String(kColumns)));
    query.addBindValue(record.serialHex);
    query.addBindValue(certKindName(record.kind));
    query.addBindValue(record.subject);
    query.addBindValue(record.imei.isEmpty() ? QVariant() : QVariant(record.imei));
    query.addBindValue(record.sha256Fingerprint);
    query.addBindValue(isoUtc(record.notBefore));
    query.addBindValue(isoUtc(record.notAfter));
    query.addBindValue(record.status == CertStatus::Revoked ? QStringLiteral("revoked") : QStringLiteral("valid"));
    query.addBindValue(record.revocationReason ? QVariant(int(*record.revocationReason)) : QVariant());
    query.addBindValue(record.revokedAt.isValid() ? QVariant(isoUtc(record.revokedAt)) : QVariant());
    query.addBindValue(relativePath);
    return exec(query, QStringLiteral("record certificate %1").arg(record.serialHex));
}

Result<QList<IssuedCertificate>> Registry::all() const
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("SELECT %1 FROM certificates ORDER BY not_before, serial").arg(QLatin1String(kColumns)));
    if (auto ok = exec(query, QStringLiteral("list certificates")); !ok)
        return std::unexpected(ok.error());
    QList<IssuedCertificate> rows;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    while (query.next()) {
        IssuedCertificate row;
        row.serialHex = query.value(0).toString();
        row.kind = kindFromName(query.value(1).toString()).value_or(CertKind::Device);
        row.subject = query.value(2).toString();
        row.imei = query.value(3).toString();
        row.sha256Fingerprint = query.value(4).toString();
        row.notBefore = fromIso(query.value(5));
        row.notAfter = fromIso(query.value(6));
        const bool revoked = query.value(7).toString() == QLatin1String("revoked");
        row.status = revoked ? CertStatus::Revoked : row.notAfter < now ? CertStatus::Expired : CertStatus::Valid;
        if (!query.value(8).isNull())
            row.revocationReason = RevocationReason(query.value(8).toInt());
        row.revokedAt = fromIso(query.value(9));
        row.certificatePath = QDir(m_caDir).filePath(query.value(10).toString());
        rows << row;
    }
    return rows;
}

Result<std::optional<IssuedCertificate>> Registry::find(const QString &serialHex) const
{
    auto rows = all();
    if (!rows)
        return std::unexpected(rows.error());
    for (const IssuedCertificate &row : *rows) {
        if (row.serialHex == serialHex)
            return row;
    }
    return std::optional<IssuedCertificate>();
}

Result<bool> Registry::contains(const QString &serialHex) const
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM certificates WHERE serial = ?"));
    query.addBindValue(serialHex);
    if (auto ok = exec(query, QStringLiteral("look up a serial")); !ok)
        return std::unexpected(ok.error());
    return query.next() && query.value(0).toInt() > 0;
}

Result<void> Registry::markRevoked(const QString &serialHex, RevocationReason reason, const QDateTime &when)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("UPDATE certificates SET status = 'revoked', reason = ?, revoked_at = ? WHERE serial = ?"));
    query.addBindValue(int(reason));
    query.addBindValue(isoUtc(when));
    query.addBindValue(serialHex);
    if (auto ok = exec(query, QStringLiteral("revoke %1").arg(serialHex)); !ok)
        return ok;
    if (query.numRowsAffected() != 1)
        return fail(ErrorCode::Error, QStringLiteral("The CA registry has no certificate %1.").arg(serialHex));
    return {};
}

Result<QList<RevokedEntry>> Registry::revoked() const
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("SELECT serial, revoked_at, reason FROM certificates WHERE status = 'revoked' ORDER BY serial"));
    if (auto ok = exec(query, QStringLiteral("list revocations")); !ok)
        return std::unexpected(ok.error());
    QList<RevokedEntry> entries;
    while (query.next())
        entries << RevokedEntry{query.value(0).toString(), fromIso(query.value(1)), RevocationReason(query.value(2).toInt())};
    return entries;
}

Result<qint64> Registry::crlNumber() const
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("SELECT value FROM meta WHERE key = 'crl_number'"));
    if (auto ok = exec(query, QStringLiteral("read the CRL number")); !ok)
        return std::unexpected(ok.error());
    return query.next() ? query.value(0).toLongLong() : 0;
}

Result<void> Registry::setCrlNumber(qint64 number)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    query.prepare(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'crl_number'"));
    query.addBindValue(QString::number(number));
    return exec(query, QStringLiteral("store the CRL number"));
}

Result<void> Registry::begin()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction())
        return fail(ErrorCode::Error, QStringLiteral("The CA registry cannot start a transaction: %1").arg(db.lastError().text()));
    return {};
}

Result<void> Registry::commit()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.commit()) {
        const QString reason = db.lastError().text();
        db.rollback();
        return fail(ErrorCode::Error, QStringLiteral("The CA registry cannot save: %1").arg(reason));
    }
    return {};
}

void Registry::rollback()
{
    QSqlDatabase::database(m_connection, false).rollback();
}

} // namespace ModemBench::Pki::Internal
