#include "core/transport/portholders.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace ModemBench {

QStringList findPortHolders(const QString &devicePath)
{
    QStringList holders;
#ifdef Q_OS_LINUX
    const QString target = QFileInfo(devicePath).canonicalFilePath();
    if (target.isEmpty())
        return holders;
    const QString self = QString::number(QCoreApplication::applicationPid());
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList({}, QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &pid : pids) {
        bool numeric = false;
        pid.toInt(&numeric);
        if (!numeric || pid == self)
            continue;
        const QDir fdDir(QStringLiteral("/proc/%1/fd").arg(pid));
        // Unreadable for other users' processes unless root: then we simply cannot name them.
        const QStringList fds = fdDir.entryList(QDir::System | QDir::NoDotAndDotDot);
        for (const QString &fd : fds) {
            if (QFileInfo(fdDir.filePath(fd)).symLinkTarget() != target)
                continue;
            QFile comm(QStringLiteral("/proc/%1/comm").arg(pid));
            QString name = comm.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(comm.readAll()).trimmed()
                                                          : QStringLiteral("unknown");
            holders << QStringLiteral("%1 (pid %2)").arg(name, pid);
            break;
        }
    }
#else
    Q_UNUSED(devicePath)
#endif
    return holders;
}

} // namespace ModemBench
