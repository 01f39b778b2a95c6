#include "core/store/sqliteutil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace ModemBench {

Result<void> preparePrivateSqliteFile(const QString &path, const QString &what)
{
    const QString folder = QFileInfo(path).absolutePath();
    if (!QFileInfo::exists(folder)) {
        if (!QDir().mkpath(folder))
            return fail(ErrorCode::Transport, QStringLiteral("Cannot create the folder %1 for the %2: check its parent's permissions.").arg(folder, what));
        QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    const int fd = ::open(QFile::encodeName(path).constData(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) {
        return fail(ErrorCode::Transport, QStringLiteral("Cannot open the %1 file %2: %3")
                                              .arg(what, path, QString::fromLocal8Bit(::strerror(errno))));
    }
    ::close(fd);
    return {};
}

} // namespace ModemBench
