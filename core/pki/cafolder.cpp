#include "core/pki/cafolder.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>

namespace ModemBench::Pki::Internal {

namespace {

QString octalMode(mode_t mode)
{
    return QStringLiteral("0%1").arg(mode & 07777, 3, 8, QLatin1Char('0'));
}

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

bool isEmptyFolder(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System).isEmpty();
}

} // namespace

CaPaths caPaths(const QString &dir)
{
    return CaPaths{QDir::cleanPath(QFileInfo(dir).absoluteFilePath())};
}

bool holdsCa(const CaPaths &paths)
{
    return QFileInfo::exists(paths.certificate()) || QFileInfo::exists(paths.key())
        || QFileInfo::exists(paths.registry());
}

Result<void> requireCa(const CaPaths &paths)
{
    if (!QFileInfo(paths.dir).isDir())
        return fail(ErrorCode::Usage, QStringLiteral("There is no CA folder %1; create one with \"ca init\".").arg(paths.dir));
    if (!QFileInfo::exists(paths.certificate()) || !QFileInfo::exists(paths.registry())) {
        return fail(ErrorCode::Usage, QStringLiteral("%1 does not hold a ModemBench CA (ca.crt and registry.sqlite "
                                                     "are missing); create one with \"ca init\".").arg(paths.dir));
    }
    return {};
}

Result<void> checkPrivateFolder(const QString &dir)
{
    struct stat info{};
    if (::stat(QFile::encodeName(dir).constData(), &info) != 0)
        return fail(ErrorCode::Usage, QStringLiteral("Cannot read the CA folder %1: %2.").arg(dir, systemError(errno)));
    if (!S_ISDIR(info.st_mode))
        return fail(ErrorCode::Usage, QStringLiteral("%1 is not a folder.").arg(dir));
    if ((info.st_mode & 077) != 0) {
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("The CA folder %1 is open to other users (mode %2); run chmod 700 %1")
                        .arg(dir, octalMode(info.st_mode)));
    }
    return {};
}

Result<void> checkPrivateFile(const QString &path, const QString &what)
{
    struct stat info{};
    if (::stat(QFile::encodeName(path).constData(), &info) != 0)
        return fail(ErrorCode::Usage, QStringLiteral("Cannot read %1 %2: %3.").arg(what, path, systemError(errno)));
    if (!S_ISREG(info.st_mode))
        return fail(ErrorCode::Usage, QStringLiteral("%1 %2 is not a regular file.").arg(what, path));
    if ((info.st_mode & 077) != 0) {
        return fail(ErrorCode::PermissionDenied,
                    QStringLiteral("%1 %2 is readable by others (mode %3); run chmod 600 %2")
                        .arg(what, path, octalMode(info.st_mode)));
    }
    return {};
}

Result<QByteArray> readSmallFile(const QString &path, qint64 maxBytes, const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Usage, QStringLiteral("Cannot read %1 %2: %3.").arg(what, path, file.errorString()));
    if (file.size() > maxBytes) {
        return fail(ErrorCode::Usage,
                    QStringLiteral("%1 %2 is %3 bytes, more than such a file can be (%4).").arg(what, path).arg(file.size()).arg(maxBytes));
    }
    QByteArray bytes = file.read(maxBytes + 1);
    if (bytes.size() > maxBytes)
        return fail(ErrorCode::Usage, QStringLiteral("%1 %2 is larger than such a file can be.").arg(what, path));
    return bytes;
}

Result<void> writeFileAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    const auto failed = [&](const QString &step) {
        const ErrorCode code = file.error() == QFileDevice::PermissionsError ? ErrorCode::PermissionDenied : ErrorCode::Error;
        const QString reason = file.errorString();
        file.cancelWriting();
        return fail(code, QStringLiteral("Cannot %1 %2: %3.").arg(step, path, reason));
    };
    if (!file.open(QIODevice::WriteOnly))
        return failed(QStringLiteral("create"));
    // Before any byte: the temporary file is created with 0666 & ~umask.
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return failed(QStringLiteral("restrict the permissions of"));
    if (file.write(bytes) != bytes.size())
        return failed(QStringLiteral("write"));
    if (!file.commit())
        return failed(QStringLiteral("save"));
    return {};
}

Result<void> writeNewFile(const QString &path, const QByteArray &bytes)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(errno == EACCES ? ErrorCode::PermissionDenied : ErrorCode::Error,
                    QStringLiteral("Cannot create %1: %2.").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    QFile file;
    if (!file.open(fd, QIODevice::WriteOnly, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        return fail(ErrorCode::Error, QStringLiteral("Cannot write %1.").arg(path));
    }
    if (file.write(bytes) != bytes.size() || !file.flush()) {
        const QString reason = file.errorString();
        file.close();
        QFile::remove(path);
        return fail(ErrorCode::Error, QStringLiteral("Cannot write %1: %2.").arg(path, reason));
    }
    return {};
}

Result<StagingFolder> StagingFolder::create(const QString &dir)
{
    const QString target = caPaths(dir).dir;
    const QFileInfo info(target);
    if (info.exists() && !info.isDir())
        return fail(ErrorCode::Usage, QStringLiteral("%1 exists and is not a folder; choose another CA folder.").arg(target));
    if (info.isDir() && holdsCa(caPaths(target))) {
        return fail(ErrorCode::Usage, QStringLiteral("%1 already holds a CA; it was left unchanged. Choose another "
                                                     "folder, or remove that CA first.").arg(target));
    }
    if (info.isDir() && !isEmptyFolder(target))
        return fail(ErrorCode::Usage, QStringLiteral("%1 is not empty; choose a new or empty folder for the CA.").arg(target));

    const QString parent = info.absolutePath();
    QString createdParent;
    for (QString missing = parent; !QFileInfo::exists(missing); missing = QFileInfo(missing).absolutePath()) {
        createdParent = missing;
        if (missing == QFileInfo(missing).absolutePath())
            break;
    }
    if (!createdParent.isEmpty() && !QDir().mkpath(parent)) {
        QString stop = parent;
        while (stop.size() >= createdParent.size() && QDir().rmdir(stop))
            stop = QFileInfo(stop).absolutePath();
        return fail(ErrorCode::PermissionDenied, QStringLiteral("Cannot create the folder %1; check the path and its "
                                                                "permissions.").arg(parent));
    }
    QByteArray pattern = QFile::encodeName(parent + QLatin1String("/.") + info.fileName() + QLatin1String(".init-XXXXXX"));
    if (::mkdtemp(pattern.data()) == nullptr) {  // 0700 whatever the umask
        const int error = errno;
        StagingFolder cleanup(target, QString(), createdParent);
        Q_UNUSED(cleanup);
        return fail(error == EACCES || error == EROFS || error == EPERM ? ErrorCode::PermissionDenied : ErrorCode::Error,
                    QStringLiteral("Cannot create the CA folder %1: %2. Check that %3 is writable.")
                        .arg(target, systemError(error), parent));
    }
    return StagingFolder(target, QFile::decodeName(pattern), createdParent);
}

StagingFolder::StagingFolder(QString target, QString path, QString createdParent)
    : m_target(std::move(target)), m_path(std::move(path)), m_createdParent(std::move(createdParent))
{
}

StagingFolder::StagingFolder(StagingFolder &&other) noexcept
    : m_target(other.m_target), m_path(other.m_path), m_createdParent(other.m_createdParent),
      m_committed(std::exchange(other.m_committed, true))
{
}

StagingFolder::~StagingFolder()
{
    if (m_committed)
        return;
    if (!m_path.isEmpty())
        QDir(m_path).removeRecursively();
    if (!m_createdParent.isEmpty()) {
        // Only folders this object made, and only while empty.
        QString folder = QFileInfo(m_target).absolutePath();
        while (folder.size() >= m_createdParent.size() && QDir().rmdir(folder))
            folder = QFileInfo(folder).absolutePath();
    }
}

Result<void> StagingFolder::commit()
{
    // rename(2) replaces an empty folder and fails on a non-empty one: a CA made meanwhile survives.
    if (::rename(QFile::encodeName(m_path).constData(), QFile::encodeName(m_target).constData()) != 0) {
        const int error = errno;
        if (error == ENOTEMPTY || error == EEXIST) {
            return fail(ErrorCode::Usage, QStringLiteral("%1 already holds files (another CA?); it was left unchanged.")
                                              .arg(m_target));
        }
        return fail(ErrorCode::Error, QStringLiteral("Cannot move the new CA into %1: %2.").arg(m_target, systemError(error)));
    }
    m_committed = true;
    return {};
}

} // namespace ModemBench::Pki::Internal
