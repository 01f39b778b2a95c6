#pragma once

#include "core/error.h"
#include "ui/timelinechart.h"

#include <QByteArray>
#include <QString>

namespace ModemBench::Ui {

// The timeline's data in the columns of `modembench-cli monitor` (core's monitorCsvRow and
// monitorJsonRow): one row per signal sample, with the last ping since the previous row and the
// events since then ("kind: text", joined with "; "; a lost ping adds "ping lost"). Notes such as
// "monitor started" are left out, as the CLI does.
QByteArray timelineCsv(const TimelineData &data);
// A JSON array of the same row objects, keys in the CSV header's order.
QByteArray timelineJson(const TimelineData &data);

// Writes through QSaveFile, so an export never leaves half a file. Fails with a message that names
// the file and says what to check.
Result<void> writeExportFile(const QString &path, const QByteArray &bytes);

} // namespace ModemBench::Ui
