#pragma once

#include "core/catalog/commandcatalog.h"
#include "core/error.h"
#include "core/flows/networkflows.h"
#include "core/modem/modemstatus.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QTextStream>

#include <memory>

namespace ModemBench {

class FlowRunner;
class ModemSession;
class ModemCommand;
class MonitorCommand;
class ProvisionCommand;

// The headless front end behind `modembench-cli`: parses the arguments, runs one subcommand over
// a ModemSession, prints text or JSON, and reports an exit code. Lives in core so tests can drive
// it in-process and the GUI can reuse its pieces.
class CliRunner : public QObject
{
    Q_OBJECT
public:
    enum ExitCode { Success = 0, ModemFailure = 1, UsageFailure = 2, TransportFailure = 3 };

    CliRunner(QTextStream &out, QTextStream &err, QObject *parent = nullptr);
    ~CliRunner() override;

    // Starts the run; finished() reports the exit code (possibly before run() returns for usage errors).
    void run(const QStringList &arguments);
    QString helpText() const;

    static int exitCodeFor(const Error &error);

    // Ctrl-C / SIGTERM: `monitor` stops and succeeds after flushing; a running flow is cancelled
    // ("... was cancelled", non-zero); anything else ends with Cancelled.
    void interrupt();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void setUpParser();
    void runPorts();
    void runNetworkCommand(const QString &command, const QStringList &arguments);
    void withSession(std::function<void()> body);
    void runAt(const QStringList &commands);
    void runNextAt(QStringList commands, QJsonArray results, int worst);
    void runStatus();
    void printStatus(const ModemStatus &status);
    void printStatusReport(const ModemStatus &status);
    Result<NetworkOptions> networkOptions();
    void runFlow(QList<FlowStep> steps, const QString &name, int deadlineMs, const QString &hint,
                 std::function<void()> onSuccess);
    void runBringUp();
    void runConnect();
    void runPing(const QString &host);
    void runMonitor(const QStringList &arguments);
    void runModemCommand(const QString &command, const QStringList &arguments);
    void runProvision(const QStringList &arguments);
    void printWarnings();
    void finish(int exitCode);
    void failWith(const Error &error);

    QTextStream &m_out;
    QTextStream &m_err;
    QCommandLineParser m_parser;
    std::unique_ptr<CommandCatalog> m_catalog;
    std::unique_ptr<ModemSession> m_session;
    std::shared_ptr<NetworkContext> m_network;
    NetworkOptions m_networkOptions;
    QPointer<FlowRunner> m_flow;
    QPointer<MonitorCommand> m_monitor;
    QPointer<ModemCommand> m_command;
    QPointer<ProvisionCommand> m_provision;
    bool m_json = false;
    bool m_finished = false;
};

} // namespace ModemBench
