#include "symlinkguard.h"

#include <QByteArray>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace ModemBench::Sim {

namespace {
QString systemError(const QString &what)
{
    return QStringLiteral("%1: %2").arg(what, QString::fromLocal8Bit(std::strerror(errno)));
}

QByteArray linkTarget(const QByteArray &path)
{
    char buffer[4096];
    const ssize_t n = ::readlink(path.constData(), buffer, sizeof buffer);
    return n > 0 ? QByteArray(buffer, n) : QByteArray();
}
} // namespace

std::expected<std::unique_ptr<SymlinkGuard>, QString> SymlinkGuard::create(const QString &target, const QString &path)
{
    const QByteArray nativePath = path.toLocal8Bit();
    struct stat info {};
    if (::lstat(nativePath.constData(), &info) == 0 && !S_ISLNK(info.st_mode))
        return std::unexpected(
            QStringLiteral("--link %1: exists and is not a symbolic link; not replacing it").arg(path));
    const QByteArray temporary = nativePath + ".modemsim-" + QByteArray::number(::getpid());
    ::unlink(temporary.constData());
    if (::symlink(target.toLocal8Bit().constData(), temporary.constData()) != 0)
        return std::unexpected(systemError(QStringLiteral("--link %1: symlink").arg(path)));
    if (::rename(temporary.constData(), nativePath.constData()) != 0) {
        const QString error = systemError(QStringLiteral("--link %1: rename").arg(path));
        ::unlink(temporary.constData());
        return std::unexpected(error);
    }
    return std::unique_ptr<SymlinkGuard>(new SymlinkGuard(target, path));
}

SymlinkGuard::SymlinkGuard(const QString &target, const QString &path)
    : m_target(target)
    , m_path(path)
{
}

SymlinkGuard::~SymlinkGuard()
{
    // Another modemsim may have taken the name over since; leave its link alone.
    const QByteArray nativePath = m_path.toLocal8Bit();
    if (linkTarget(nativePath) == m_target.toLocal8Bit())
        ::unlink(nativePath.constData());
}

} // namespace ModemBench::Sim
