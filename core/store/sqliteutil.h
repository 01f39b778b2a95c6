#pragma once

// Shared by the SQLite stores (provisioning records; the file inventory can adopt it): a database
// file that names modems (IMEIs, ICCIDs) is private to its user.

#include "core/error.h"

#include <QString>

namespace ModemBench {

// Creates the file with mode 0600 before SQLite opens it (SQLite gives its -wal and -shm files the
// same mode), and its folder with 0700 when the folder did not exist. An existing file or folder
// keeps its mode: an administrator may have shared it on purpose. Fails with Transport naming the
// path and the system's reason; `what` names the store in the message ("provisioning records").
Result<void> preparePrivateSqliteFile(const QString &path, const QString &what);

} // namespace ModemBench
