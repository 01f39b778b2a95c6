#pragma once

// The CA folder on disk (internal to core/pki): file names, permission checks (folder 0700, key
// files 0600; test-plan Security 1) and atomic writes.

#include "core/error.h"

#include <QByteArray>
#include <QString>

namespace ModemBench::Pki::Internal {

struct CaPaths {
    QString dir;
    QString certificate() const { return dir + QLatin1String("/ca.crt"); }
    QString key() const { return dir + QLatin1String("/ca.key"); }
    QString registry() const { return dir + QLatin1String("/registry.sqlite"); }
    QString issuedDir() const { return dir + QLatin1String("/issued"); }
    QString crl() const { return dir + QLatin1String("/crl.pem"); }
    QString issued(const QString &serialHex) const { return issuedDir() + QLatin1Char('/') + serialHex + QLatin1String(".crt"); }
};

CaPaths caPaths(const QString &dir);  // absolute, cleaned

// Any of ca.crt, ca.key, registry.sqlite present.
bool holdsCa(const CaPaths &paths);
// Usage when `dir` does not hold a CA ("no CA in DIR; create one with ca init").
Result<void> requireCa(const CaPaths &paths);
// PermissionDenied naming the chmod to run when group or others have any access.
Result<void> checkPrivateFolder(const QString &dir);
Result<void> checkPrivateFile(const QString &path, const QString &what);

// Whole file, refused above maxBytes.
Result<QByteArray> readSmallFile(const QString &path, qint64 maxBytes, const QString &what);
// Temporary file + rename (QSaveFile); mode 0600 set before any byte is written.
Result<void> writeFileAtomically(const QString &path, const QByteArray &bytes);
// A file that must not exist yet (an issued certificate named by its fresh serial), created 0600
// with O_EXCL and not synced: the registry row is the durable record, and a crash before its
// commit leaves at most a stray file no row points to.
Result<void> writeNewFile(const QString &path, const QByteArray &bytes);

// A staging folder (0700) next to `dir` that becomes `dir` by rename, so a failed init or import
// leaves nothing behind and a CA that appeared meanwhile is never overwritten.
class StagingFolder
{
public:
    static Result<StagingFolder> create(const QString &dir);
    StagingFolder(StagingFolder &&other) noexcept;
    StagingFolder &operator=(StagingFolder &&) = delete;
    ~StagingFolder();  // removes the staging folder (and any parents it made) unless committed
    QString path() const { return m_path; }
    // rename(2) onto `dir` (which may exist only as an empty folder).
    Result<void> commit();

private:
    StagingFolder(QString target, QString path, QString createdParent);
    QString m_target;
    QString m_path;
    QString m_createdParent;  // the topmost parent folder this object created, removed on failure
    bool m_committed = false;
};

} // namespace ModemBench::Pki::Internal
