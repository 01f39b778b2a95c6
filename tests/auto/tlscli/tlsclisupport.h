#pragma once

// Helpers for the TLS CLI tests: the real modembench-cli with a private environment (its own
// XDG_DATA_HOME, so each test has its own file inventory), and `openssl s_server` as the TLS peer.

#include "../../common/cliprocess.h"

#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace TlsCliTest {

using CliTest::Run;

// Bounds only: each run normally ends in a few seconds.
constexpr int kRunTimeoutMs = 90000;
constexpr int kServerStartMs = 20000;

inline Run runCli(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(MODEMBENCH_BIN_DIR "/modembench-cli"), arguments);
    process.closeWriteChannel();
    if (!process.waitForFinished(kRunTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {-1, process.readAllStandardOutput(), process.readAllStandardError()};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A port nobody listens on right now (the kernel's choice, released at once).
inline quint16 freePort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

// One TCP connect attempt, answered by the event loop (no sleeping).
inline bool accepting(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    const bool settled = QTest::qWaitFor([&socket] {
        return socket.state() == QAbstractSocket::ConnectedState || socket.state() == QAbstractSocket::UnconnectedState;
    }, 2000);
    const bool connected = settled && socket.state() == QAbstractSocket::ConnectedState;
    socket.abort();
    return connected;
}

// `openssl s_server -rev`: answers each line reversed. Killed when the object goes.
class TlsServer
{
public:
    TlsServer() = default;
    ~TlsServer() { stop(); }
    TlsServer(const TlsServer &) = delete;
    TlsServer &operator=(const TlsServer &) = delete;

    bool start(const QString &certificate, const QString &key, const QStringList &extra = {}, quint16 port = 0)
    {
        m_port = port ? port : freePort();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(QStringLiteral("openssl"),
                        QStringList{QStringLiteral("s_server"), QStringLiteral("-accept"),
                                    QStringLiteral("127.0.0.1:%1").arg(m_port), QStringLiteral("-cert"), certificate,
                                    QStringLiteral("-key"), key, QStringLiteral("-rev"), QStringLiteral("-quiet")}
                            + extra);
        const bool up = QTest::qWaitFor([this] { return m_process.state() == QProcess::NotRunning || accepting(m_port); },
                                        kServerStartMs);
        return up && m_process.state() == QProcess::Running;
    }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(kServerStartMs);
    }
    quint16 port() const { return m_port; }
    QByteArray output() { return m_process.readAll(); }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

} // namespace TlsCliTest
