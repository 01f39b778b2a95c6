#pragma once

// `modembench-cli provision` (issue #7 item 5): a Station without a window. Everything is checked
// before any modem is touched (profile, database, ports, our CA); then every port runs at once on
// this event loop, a line per unit is printed as it ends, and the exit code says whether every unit
// passed. The station holds all provisioning logic; this class only parses, prints and reports.

#include "core/error.h"
#include "core/store/provisionrecords.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QTextStream>

#include <memory>

namespace ModemBench {

class Station;
struct ProvisionProfile;

class ProvisionCommand : public QObject
{
    Q_OBJECT
public:
    // The options `provision` adds to the CLI parser (--profile, --ports, --db, --report, ...).
    // --port (repeatable) and --force are the parser's own and shared with other commands.
    static QList<QCommandLineOption> options();

    // Checks the arguments, loads the profile, opens the records and the CA: nothing touches a
    // modem yet. Usage (exit 2) for bad arguments or a bad profile ("profile FILE: line L: …"),
    // Transport (exit 3) for a database that cannot be opened.
    static Result<ProvisionCommand *> create(const QStringList &arguments, const QCommandLineParser &parser,
                                             QTextStream &out, QTextStream &err, QObject *parent);
    ~ProvisionCommand() override;

    void start();
    // Ctrl-C: every running unit is stopped (its record says "Stopped by the operator"); the
    // command ends with Cancelled once those records are written. A --watch station with no unit
    // running just ends, its exit code from the units it did.
    void interrupt();

Q_SIGNALS:
    void finished(int exitCode);

private:
    ProvisionCommand(QTextStream &out, QTextStream &err, QObject *parent);

    Result<void> parse(const QStringList &arguments, const QCommandLineParser &parser);
    Result<void> preparePorts(const QCommandLineParser &parser);
    void onPortChanged(int index);
    void onUnitFinished(int index, const ProvisionRecord &record);
    void onIdle();
    void end();
    Result<void> writeReport() const;
    QList<ProvisionRecord> runRecords() const;

    QTextStream &m_out;
    QTextStream &m_err;
    std::unique_ptr<RecordStore> m_store;
    std::unique_ptr<Station> m_station;
    QStringList m_ports;            // expanded explicit ports
    QString m_pattern;              // --ports
    bool m_watch = false;
    bool m_json = false;
    bool m_verbose = false;
    QString m_reportPath;
    QList<std::pair<int, ProvisionRecord>> m_records; // this run's units, as they ended
    QStringList m_lastStep;         // per port: the step last printed (progress on stderr)
    QElapsedTimer m_elapsed;
    bool m_started = false;
    bool m_interrupted = false;
    bool m_cancelled = false;       // Ctrl-C cut units short: the run ends with Cancelled
    bool m_finished = false;
};

} // namespace ModemBench
