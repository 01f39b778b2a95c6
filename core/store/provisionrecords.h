#pragma once

// Provisioning records (issue #7): one row per unit per run, in an SQLite file by default or a
// PostgreSQL server ("postgresql://user:password@host:port/database") shared by several stations.
// A unit's row is inserted as "running" when its run begins, so a station that is killed leaves a
// row the next run can see, and it is rewritten in one transaction when the unit ends: a unit is
// shown as passed only after that commit returned success.

#include "core/error.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

class QIODevice;

namespace ModemBench {

enum class UnitResult { Running, Pass, Fail, Interrupted };
QString unitResultName(UnitResult result);                  // "running", "pass", "fail", "interrupted"
std::optional<UnitResult> unitResultFromName(const QString &name);

struct StepRecord {
    QString name;                   // "Bring-up", "Install certificates", "AT+CSCLK=0", "TLS test"
    bool passed = false;
    qint64 durationMs = 0;
    QString detail;                 // short: what it read or why it failed

    bool operator==(const StepRecord &) const = default;
};

struct CertificateRecord {
    QString role;                   // "ca" or "device"
    QString name;                   // file name on the modem
    QString serialHex;
    QString sha256Fingerprint;      // "AB:CD:…"

    bool operator==(const CertificateRecord &) const = default;
};

struct ProvisionRecord {
    qint64 id = 0;                  // set by the store
    QDateTime startedAt;            // UTC
    QDateTime finishedAt;           // UTC; invalid while running
    QString station;
    QString operatorName;
    QString port;                   // as given ("/dev/ttyUSB2", "sim:sim7000g?…")
    QString portLocation;           // USB location path when known ("1-2.3:1.2")
    QString profileName;
    QString profileHash;
    QString imei;
    QString imsi;
    QString iccid;
    QString model;
    QString firmware;
    QList<CertificateRecord> certificates;
    QList<StepRecord> steps;
    std::optional<int> signalDbm;   // RSSI at the end (AT+CSQ)
    UnitResult result = UnitResult::Running;
    QString error;                  // empty when passed
    QString trafficLogPath;
    bool verifiedOnly = false;      // already provisioned with this profile: verified, not redone

    bool operator==(const ProvisionRecord &) const = default;
};

// The report and export form: every field, "result" as unitResultName(), times in ISO-8601 UTC.
QJsonObject recordToJson(const ProvisionRecord &record);
Result<ProvisionRecord> recordFromJson(const QJsonObject &object);

struct RecordFilter {
    QString text;                   // matched against IMEI, ICCID, IMSI, station, operator, port, error
    std::optional<UnitResult> result;
    QDateTime from;                 // invalid: open
    QDateTime to;
    int limit = 10000;
};

class RecordStore
{
public:
    ~RecordStore();
    RecordStore(const RecordStore &) = delete;
    RecordStore &operator=(const RecordStore &) = delete;

    // A file path (SQLite, created 0600 with its folder) or a postgresql:// URL. Creates the schema
    // when missing. Fails with Usage for a malformed URL and Transport when the server or file
    // cannot be opened (the message names it, without the password).
    static Result<std::unique_ptr<RecordStore>> open(const QString &location);
    // <GenericDataLocation>/ModemBench/provisioning.sqlite
    static QString defaultLocation();

    // What open() was given, with any password replaced by "***".
    QString displayLocation() const;
    bool isPostgres() const;

    // Inserts the "running" row of a unit that begins; returns its id.
    Result<qint64> begin(const ProvisionRecord &unit);
    // Rewrites the unit's row (record.id) with everything it did, in one transaction.
    Result<void> finish(const ProvisionRecord &record);

    // Rows of this station left "running" by a run that never finished (killed, crashed): marked
    // Interrupted with an error that says so. Called when a station starts. Returns them.
    Result<QList<ProvisionRecord>> closeInterrupted(const QString &station);

    // Every row with this IMEI or this ICCID (either may be empty), newest first: the station's
    // duplicate, already-provisioned and interrupted checks read them.
    Result<QList<ProvisionRecord>> findUnit(const QString &imei, const QString &iccid);

    Result<QList<ProvisionRecord>> query(const RecordFilter &filter = {});

    // CSV (header + one line per record; steps and certificates as compact JSON in their column,
    // RFC 4180 quoting) and JSON (an array of recordToJson()).
    static QByteArray toCsv(const QList<ProvisionRecord> &records);
    static QByteArray toJson(const QList<ProvisionRecord> &records);

private:
    struct Private;
    explicit RecordStore(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace ModemBench
