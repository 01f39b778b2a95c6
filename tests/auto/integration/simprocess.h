#pragma once

#include <QProcess>
#include <QSignalSpy>
#include <QElapsedTimer>
#include <QTest>

// A modemsim started by the test itself, so the test knows the pty path and can kill the "modem".
struct SimProcess {
    explicit SimProcess(QStringList arguments)
    {
        process.setProgram(QStringLiteral(MODEMBENCH_BIN_DIR "/modemsim"));
        process.setArguments(arguments << QStringLiteral("--exit-with-stdin"));
        process.start();
    }
    ~SimProcess()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
    // The endpoint modemsim printed: "PTY /dev/pts/N" or "TCP host:port" (its first stdout line).
    QString endpoint(const char *kind)
    {
        QByteArray out;
        QElapsedTimer timer;
        timer.start();
        while (!out.contains('\n') && timer.elapsed() < 10000) {
            if (!process.waitForReadyRead(10000 - int(timer.elapsed())))
                break;
            out += process.readAllStandardOutput();
        }
        const QByteArray line = out.left(out.indexOf('\n')).trimmed();
        const QByteArray prefix = QByteArray(kind) + ' ';
        return line.startsWith(prefix) ? QString::fromLocal8Bit(line.mid(prefix.size())) : QString();
    }
    QProcess process;
};
