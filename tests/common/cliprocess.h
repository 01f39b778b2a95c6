#pragma once

// Runs the real modembench-cli binary (not CliRunner in-process), or the openssl program, and keeps
// what it printed: tests check exit codes and output exactly as a script would see them.

#include <QByteArray>
#include <QProcess>
#include <QStringList>

namespace CliTest {

struct Run {
    int exitCode = -1; // -2: crashed; -1: did not finish within the minute
    QByteArray out;
    QByteArray err;
};

// Any program; stdin is closed at once so nothing can wait for input.
inline Run run(const QString &program, const QStringList &arguments, const QString &workingDirectory = {})
{
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(program, arguments);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

inline Run cli(const QStringList &arguments)
{
    return run(QStringLiteral(MODEMBENCH_BIN_DIR "/modembench-cli"), arguments);
}

// The openssl program, its stdout and stderr together (tests look for its verdict in either).
struct OpensslRun {
    int exitCode = -1;
    QString output;
};

inline OpensslRun openssl(const QStringList &arguments)
{
    const Run result = run(QStringLiteral("openssl"), arguments);
    return {result.exitCode, QString::fromLocal8Bit(result.out + result.err)};
}

} // namespace CliTest
