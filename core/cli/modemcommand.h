#pragma once

// The base of the issue #6 subcommands that talk to a modem (`cert`, `tls-test`, `files`): argument
// checks before the port is opened (a typo costs nothing), then step tables run one after another
// on the session's channel, progress on stderr, the inventory, and one finished(exitCode).

#include "core/error.h"
#include "core/store/certificatecopies.h"
#include "core/flows/flowrunner.h"
#include "core/flows/tlsflows.h"
#include "core/store/fileinventory.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QObject>
#include <QPointer>
#include <QTextStream>

#include <functional>
#include <memory>

namespace ModemBench {

class ModemSession;

class ModemCommand : public QObject
{
    Q_OBJECT
public:
    // The options these subcommands add to the CLI parser.
    static QList<QCommandLineOption> options();
    static bool handles(const QString &command);
    // Reads and checks the arguments and local files; Usage when they are wrong (nothing sent).
    static Result<ModemCommand *> create(const QString &command, const QStringList &arguments,
                                         const QCommandLineParser &parser, QTextStream &out, QTextStream &err,
                                         QObject *parent);

    // `tls-test --port 8443` and the global `--port /dev/ttyUSB2` share one option name: a value
    // that is only digits is the server's port, anything else (a device, tcp://, sim:) the modem's.
    static QString modemPort(const QCommandLineParser &parser);
    static QString serverPort(const QCommandLineParser &parser);

    // Called once the session answers AT.
    void start(ModemSession *session);
    // Ctrl-C: cancel the running flow (an upload still gets its AT+CFSTERM where the flow allows).
    virtual void interrupt();

Q_SIGNALS:
    void finished(int exitCode);

protected:
    ModemCommand(const QCommandLineParser &parser, QTextStream &out, QTextStream &err, QObject *parent);

    virtual Result<void> parse(const QStringList &arguments) = 0;
    virtual void run() = 0;

    // One step table; `done` gets its result (progress is printed once per label unless --json).
    void runFlow(QList<FlowStep> steps, const QString &name, int deadlineMs, const QString &hint,
                 std::function<void(const Result<void> &)> done);
    // Capability probe, AT+GSN and AT+CCLK? into tls(), then `then`; a failure ends the command.
    void identify(std::function<void()> then);
    // The inventory, opened on first use.
    Result<FileInventory *> inventory();

    void succeed();
    void failWith(const Error &error);
    void finishWith(int exitCode);
    void printWarnings(const QStringList &warnings);

    const QCommandLineParser &m_parser;
    QTextStream &m_out;
    QTextStream &m_err;
    bool m_json = false;
    ModemSession *m_session = nullptr;
    std::shared_ptr<TlsContext> m_tls = std::make_shared<TlsContext>();

private:
    QPointer<FlowRunner> m_flow;
    std::unique_ptr<FileInventory> m_inventory;
    bool m_finished = false;
};

// "... <label>" on `err` for each step a flow starts, once (polling steps report on every poll).
void printProgress(FlowRunner *runner, QTextStream &err);

// "hello\n" → "hello\\n": printable ASCII as is, the rest escaped, for showing received bytes.
QString escapedText(const QByteArray &bytes);
// A local file for upload, bounded so a wrong path (a disk image) fails early.
Result<QByteArray> readLocalFile(const QString &path, const QString &what);

} // namespace ModemBench
