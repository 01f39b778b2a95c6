#pragma once

// Runs the real modembench-cli binary (not CliRunner in-process) and keeps what it printed: the
// CLI tests check exit codes and output exactly as a script would see them.

#include <QByteArray>
#include <QProcess>
#include <QStringList>

namespace CliTest {

struct Run {
    int exitCode = -1; // -2: crashed; -1: did not finish within the minute
    QByteArray out;
    QByteArray err;
};

inline Run cli(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(MODEMBENCH_BIN_DIR "/modembench-cli"), arguments);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

} // namespace CliTest
