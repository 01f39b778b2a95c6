#pragma once

// `modembench-cli records [SEARCH] [--db URL] [--result R] [--csv|--json] [--out FILE]`: the
// provisioning records a station wrote (issue #7), listed or exported without a modem, so a line
// lead can check what the station recorded from any shell.

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>

namespace ModemBench {

class RecordsCommand
{
public:
    static QList<QCommandLineOption> options();
    // Runs to completion (the store is local or a short query to a server); returns the exit code:
    // 0 listed, 2 usage (bad --result, --csv with --json), 3 the database cannot be opened or read.
    static int run(const QStringList &arguments, const QCommandLineParser &parser, QTextStream &out,
                   QTextStream &err);
};

} // namespace ModemBench
