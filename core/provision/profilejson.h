#pragma once

// Where things are in a profile's JSON text, for messages that name a line (issue #7 item 1):
// QJsonDocument reports only a byte offset for a syntax error and nothing at all for a value it
// accepted but we refuse. Internal to core/provision.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace ModemBench::ProfileJson {

// 1-based line of a byte offset (offsets past the end count the lines of the whole text).
int lineOfOffset(const QByteArray &text, qsizetype offset);

// A key path: object keys and "[N]" array indexes, e.g. {"steps", "[2]", "expect"}.
// Printed as "steps[2].expect".
QString pathText(const QStringList &path);

// The line where `path` is written (the key, or an array element's first character). When it is
// not there (a required key that is missing) the line of its nearest written ancestor; 1 for the
// root. One bounded pass over the text: terminates on any input, valid JSON or not.
int lineOfPath(const QByteArray &text, const QStringList &path);

// The line of each element of the array at `arrayPath`, in one pass (a profile's steps: a
// thousand steps must not mean a thousand walks over a 1 MiB text).
QList<int> elementLines(const QByteArray &text, const QStringList &arrayPath);

} // namespace ModemBench::ProfileJson
