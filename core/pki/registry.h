#pragma once

// The CA's registry (DIR/registry.sqlite, QtSql QSQLITE): every certificate issued, revocations
// and the CRL number. One connection per object, named uniquely; the object stays on its thread.
// Writes are synchronous=FULL so an issued certificate always has a durable record (test-plan F7).

#include "core/error.h"
#include "core/pki/crl.h"
#include "core/pki/pkitypes.h"

#include <QList>
#include <QString>

#include <optional>

namespace ModemBench::Pki::Internal {

class Registry
{
public:
    enum class Mode { Create, ReadWrite, ReadOnly };
    // `caDir` resolves the relative certificate paths stored in the rows.
    static Result<Registry> open(const QString &databasePath, const QString &caDir, Mode mode);
    Registry(Registry &&other) noexcept;
    Registry &operator=(Registry &&other) noexcept;
    ~Registry();
    void close();

    // `relativePath` is stored ("issued/<serial>.crt", "ca.crt"); rows read back carry it absolute.
    Result<void> insert(const IssuedCertificate &record, const QString &relativePath);
    Result<QList<IssuedCertificate>> all() const;
    Result<std::optional<IssuedCertificate>> find(const QString &serialHex) const;
    Result<bool> contains(const QString &serialHex) const;
    Result<void> markRevoked(const QString &serialHex, RevocationReason reason, const QDateTime &when);
    Result<QList<RevokedEntry>> revoked() const;
    Result<qint64> crlNumber() const;
    Result<void> setCrlNumber(qint64 number);

    Result<void> begin();
    Result<void> commit();
    void rollback();

private:
    Registry(QString connectionName, QString caDir);
    QString m_connection;
    QString m_caDir;
};

} // namespace ModemBench::Pki::Internal
