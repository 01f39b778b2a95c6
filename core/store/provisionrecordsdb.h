#pragma once

// Internals of RecordStore (provisionrecords.h): where the records live, how to connect, the
// schema. Not for the front ends.

#include "core/error.h"
#include "core/store/provisionrecords.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QStringList>

namespace ModemBench::Internal {

// What RecordStore::open() was given, taken apart.
struct RecordLocation {
    bool postgres = false;
    QString sqlitePath;
    QString host;
    int port = 5432;
    QString database;
    QString user;                   // empty: libpq's default (PGUSER, then the login name)
    QString password;               // empty: libpq reads PGPASSWORD or ~/.pgpass
    QStringList options;            // libpq "key=value" connect options
    QString display;                // the location with any password replaced by "***"
};

// "postgresql://" or "postgres://" URLs are a server; any other scheme is refused with Usage;
// everything else is an SQLite path (empty: RecordStore::defaultLocation()).
Result<RecordLocation> parseRecordLocation(const QString &location, const QString &defaultSqlitePath);

// Adds and opens the connection `name` (the caller removes it). Fails with Transport naming the
// server or the file, never the password.
Result<void> openRecordConnection(const RecordLocation &location, const QString &name);

// Creates or upgrades the schema in one transaction; PostgreSQL serialises stations that open the
// same database at once with an advisory lock.
Result<void> migrateRecordSchema(QSqlDatabase db, const RecordLocation &location);

// Qt's SQLite transaction() is a deferred BEGIN: a read followed by a write can then fail at once
// with SQLITE_BUSY when another process (GUI and CLI on one file) wrote in between, without
// waiting for the busy timeout. BEGIN IMMEDIATE takes the write lock first.
// Each returns the driver's error, invalid when it worked.
QSqlError beginWrite(QSqlDatabase &db, bool postgres);
QSqlError commitWrite(QSqlDatabase &db, bool postgres);
void rollbackWrite(QSqlDatabase &db, bool postgres);

// Driver text with the password removed, for messages.
QString redacted(const QString &text, const RecordLocation &location);

// The steps and certificates columns hold compact JSON arrays, as in recordToJson() (defined in
// provisionrecordsformat.cpp). Reading fails with Parse naming the column's first bad key.
QByteArray stepsColumn(const QList<StepRecord> &steps);
QByteArray certificatesColumn(const QList<CertificateRecord> &certificates);
Result<QList<StepRecord>> stepsFromColumn(const QByteArray &json);
Result<QList<CertificateRecord>> certificatesFromColumn(const QByteArray &json);

} // namespace ModemBench::Internal
