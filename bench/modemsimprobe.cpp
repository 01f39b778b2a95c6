#include "modemsimprobe.h"

#include <QProcess>

namespace ModemBench::Bench {

namespace {

constexpr int kStartTimeoutMs = 10000;
constexpr int kExitTimeoutMs = 5000;

// modemsim's contract: its first stdout line is "PTY <slave path>" (sim/commandline.cpp).
std::expected<QString, QString> readPtyPath(QProcess &process)
{
    if (!process.waitForStarted(kStartTimeoutMs))
        return std::unexpected(QStringLiteral("cannot start %1: %2").arg(process.program(), process.errorString()));
    while (!process.canReadLine()) {
        if (!process.waitForReadyRead(kStartTimeoutMs))
            return std::unexpected(QStringLiteral("%1 printed no PTY line within %2 ms")
                                       .arg(process.program())
                                       .arg(kStartTimeoutMs));
    }
    const QByteArray line = process.readLine().trimmed();
    if (!line.startsWith("PTY "))
        return std::unexpected(QStringLiteral("unexpected first line from modemsim: '%1'")
                                   .arg(QString::fromLatin1(line)));
    return QString::fromLocal8Bit(line.mid(4));
}

void stop(QProcess &process)
{
    process.closeWriteChannel();
    if (!process.waitForFinished(kExitTimeoutMs)) {
        process.kill();
        process.waitForFinished(kExitTimeoutMs);
    }
}

} // namespace

std::expected<QList<double>, QString> measureModemsim(const QString &program, const BlockingLoopOptions &options,
                                                      int rounds)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(program, {QStringLiteral("--no-banner"), QStringLiteral("--exit-with-stdin")});
    const auto path = readPtyPath(process);
    if (!path) {
        stop(process);
        return std::unexpected(path.error());
    }
    BlockingLoopOptions withEchoOff = options;
    withEchoOff.setup.prepend(QByteArrayLiteral("ATE0")); // modemsim starts in ATE1 like the modem
    QList<double> results;
    for (int round = 0; round < rounds; ++round) {
        const auto result = runBlockingLoop(*path, withEchoOff);
        if (!result) {
            stop(process);
            return std::unexpected(QStringLiteral("modemsim on %1: %2").arg(*path, result.error()));
        }
        results << *result;
    }
    stop(process);
    return results;
}

} // namespace ModemBench::Bench
