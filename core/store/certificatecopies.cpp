#include "core/store/certificatecopies.h"

#include "core/flows/pemnormalize.h"
#include "core/store/fileinventory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace ModemBench::CertificateCopies {

QString folder(const QString &modemId)
{
    return QFileInfo(FileInventory::defaultPath()).dir().filePath(QStringLiteral("certificates/") + modemId);
}

Result<void> save(const QString &modemId, const QString &name, const QByteArray &bytes)
{
    const QString dir = folder(modemId);
    QFile file(QDir(dir).filePath(name));
    if (!QDir().mkpath(dir) || !file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        return fail(ErrorCode::Error, QStringLiteral("Cannot keep a copy of %1 in %2: %3").arg(name, dir, file.errorString()));
    return {};
}

QByteArray load(const QString &modemId, const QString &name)
{
    QFile file(QDir(folder(modemId)).filePath(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QList<QByteArray> loadCertificates(const QString &modemId, const QString &name)
{
    return pemCertificateBlocks(load(modemId, name));
}

void remove(const QString &modemId, const QString &name)
{
    QFile::remove(QDir(folder(modemId)).filePath(name));
}

} // namespace ModemBench::CertificateCopies
