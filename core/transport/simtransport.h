#pragma once

#include "core/transport/serialsettings.h"
#include "core/transport/transport.h"

#include <QProcess>
#include <QStringList>

#include <memory>

namespace ModemBench {

class SerialTransport;

// "sim:MODEL[?scenario=FILE&seed=N&...]": starts a private modemsim on a pseudo-terminal and talks
// to it through SerialTransport, so the simulated modem is reached exactly like real hardware
// (sigrok's demo device idea). modemsim exits with us (--exit-with-stdin).
class SimTransport final : public Transport
{
    Q_OBJECT
public:
    SimTransport(const QString &model, const QStringList &extraArguments, const SerialSettings &settings,
                 QObject *parent = nullptr);
    ~SimTransport() override;

    // "replay:FILE": modemsim --replay FILE, a virtual modem that answers with a recorded session
    // (docs/recording.md). A malformed recording fails open() with ErrorCode::Usage and modemsim's
    // message, which names the line.
    static std::unique_ptr<SimTransport> replaying(const QString &recordingPath, const SerialSettings &settings);

    void open() override;
    void close() override;
    bool isOpen() const override;
    Result<void> write(const QByteArray &bytes) override;
    QString description() const override
    {
        return m_replayPath.isEmpty() ? QStringLiteral("sim:") + m_model : QStringLiteral("replay:") + m_replayPath;
    }
    // The pty modemsim created, once known.
    QString devicePath() const { return m_devicePath; }

    // Where modemsim is looked for: $MODEMBENCH_MODEMSIM, next to this executable, the build tree,
    // then PATH. Empty when not found.
    static QString findModemsim();

private:
    void onSimulatorOutput();
    void onSimulatorFinished(int exitCode, QProcess::ExitStatus status);
    void connectSerial(const QString &path);
    void failOpen(const QString &message, ErrorCode code = ErrorCode::Transport);
    QStringList simulatorArguments() const;

    QString m_model;
    QStringList m_extraArguments;
    QString m_replayPath;
    SerialSettings m_settings;
    void createProcess();
    void releaseProcess();

    QProcess *m_process = nullptr; // owned; handed off while it exits (releaseProcess)
    QByteArray m_stdout;
    QString m_devicePath;
    std::unique_ptr<SerialTransport> m_serial;
    bool m_opening = false;
    bool m_closing = false;
};

} // namespace ModemBench
