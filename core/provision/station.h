#pragma once

// The provisioning station (issue #7): one UnitRun state machine per port, all on one event loop,
// ports given explicitly, expanded from "sim:MODEL*N", or found by a pattern and watched for
// hot-plug. Front ends (station view, `modembench-cli provision`, bench/station_scale) drive a
// Station and read its ports; they hold no provisioning logic.

#include "core/clock.h"
#include "core/error.h"
#include "core/store/provisionrecords.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace ModemBench {

struct ProvisionProfile;

// "sim:MODEL*N" (N 1-256, also "sim:MODEL?opts*N") → N simulated ports whose modems have
// distinct, valid IMEIs, IMSIs and ICCIDs (the same N gives the same identities on every run, so
// a second run sees the units it provisioned); any other port is returned as is. Usage for a bad N.
Result<QStringList> expandPortSpec(const QString &spec);

// The USB location path of a serial device ("1-2.3:1.2", from sysfs, also through
// /dev/serial/by-path links): stable per physical socket, unlike USB serial numbers that batches
// share (users.md "Provisioning at scale"). Empty when not USB or not known.
QString usbLocation(const QString &portName);

struct StationOptions {
    QString stationName;            // default: the host name
    QString operatorName;
    bool force = false;             // re-provision units already provisioned with this profile
    QString trafficLogDirectory;    // default <GenericDataLocation>/ModemBench/station-logs
    // The CA passphrase when the profile's certificates use our CA and name no passphrase file
    // (the GUI asks for it; the CLI reads it from --ca-passphrase-file or the terminal).
    QByteArray caPassphrase;
};

enum class PortState {
    Waiting,    // not started, or waiting for a modem on a watched port
    Running,
    Passed,     // the record is committed
    Failed,     // the record is committed with the error
    Stopped,    // stopped by the user; the record says so
    Unplugged,  // a watched port went away (a run in progress failed with PortClosed)
};
QString portStateName(PortState state); // "waiting", "running", "passed", ...

// One tile of the station view.
struct StationPort {
    QString port;                   // as given or found ("sim:sim7000g?imei=…", "/dev/ttyUSB3")
    QString displayName;            // short: "sim7000g #3", "ttyUSB3"
    QString location;               // usbLocation(), empty when unknown
    PortState state = PortState::Waiting;
    QString step;                   // current step label while running
    int done = 0;                   // progress: steps done of total
    int total = 0;
    QDateTime startedAt;            // UTC; invalid before the first start
    qint64 elapsedMs = 0;           // of the current or last run
    QString imei;
    QString iccid;
    QString message;                // the error of a failed unit, "verified, already provisioned", …
    std::optional<ProvisionRecord> lastRecord;
};

struct StationCounters {
    int passed = 0;
    int failed = 0;                 // failed and stopped
    int running = 0;
    double unitsPerHour = 0;        // finished units per hour since the first start
};

class Station : public QObject
{
    Q_OBJECT
public:
    // store and clock must outlive the station; clock may be null (the thread's SystemClock).
    Station(std::shared_ptr<const ProvisionProfile> profile, RecordStore *store, StationOptions options,
            Clock *clock = nullptr, QObject *parent = nullptr);
    ~Station() override;

    // What every unit shares, checked before any modem is touched: opens our CA when the profile
    // needs it (wrong passphrase: Usage), marks the rows this station left running as interrupted.
    Result<void> prepare();

    // A port gets a tile (no-op when it has one). Ports added while running start at once.
    void addPort(const QString &port);
    // Serial ports whose name, or /dev/serial/by-path name, matches the glob `pattern`
    // ("/dev/ttyUSB*") get a tile now and whenever they appear; a tile whose port disappears
    // shows Unplugged and starts again when it comes back (a new unit on that socket).
    void watchPorts(const QString &pattern, int intervalMs = 1000);

    void startAll();
    void stopAll();
    void start(int index);
    void stop(int index);
    bool isRunning() const;          // any unit running

    int portCount() const;
    const StationPort &portAt(int index) const;
    StationCounters counters() const;
    const ProvisionProfile &profile() const;
    const StationOptions &options() const;

Q_SIGNALS:
    void portAdded(int index);
    void portChanged(int index);
    // After the record is committed (or could not be: then the unit is Failed with that error).
    void unitFinished(int index, const ModemBench::ProvisionRecord &record);
    // Every started unit has ended.
    void idle();
    void noticed(const QString &message);

private:
    Result<void> openCa();
    int addTile(const QString &port, const QString &location, bool watched);
    void scanWatchedPorts();
    bool watchMatches(const QString &port) const;
    void onUnitFinished(int index, const ModemBench::ProvisionRecord &record, PortState state, const QString &message,
                        qint64 elapsedMs);
    int indexOfUnit(const void *unit) const;
    QString claimIdentity(const void *unit, const QString &imei, const QString &iccid);
    void releaseIdentity(int index);
    void throttledChange(int index);
    void flushPending();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ModemBench
