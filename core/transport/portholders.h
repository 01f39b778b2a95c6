#pragma once

#include <QString>
#include <QStringList>

namespace ModemBench {

// Processes other than this one that have `devicePath` open, as "name (pid N)". Linux reads
// /proc/<pid>/fd; elsewhere the list is empty. Used to say who holds a busy port (ModemManager
// is the usual suspect on Linux).
QStringList findPortHolders(const QString &devicePath);

} // namespace ModemBench
