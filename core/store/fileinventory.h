#pragma once

// The modem cannot list its files (users.md, "There is no command to list files"), so the tool
// keeps its own inventory per modem (issue #6): what was uploaded, its size and SHA-256, when, and
// whether it was converted; plus the TLS settings last used with that modem, re-sent before each
// connection. One SQLite file (WAL) per user, keyed by IMEI.

#include "core/error.h"
#include "core/flows/tlsflows.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace ModemBench {

enum class ModemFileKind { Ca, ClientCertificate, ClientKey, Other };
QString modemFileKindName(ModemFileKind kind); // "ca", "client-cert", "client-key", "other"

struct ModemFileRecord {
    QString modemId;          // IMEI
    int directory = 3;        // CFS index (§9)
    QString name;
    qint64 size = 0;
    QByteArray sha256;        // lower-case hex of the bytes uploaded
    QDateTime when;           // UTC
    ModemFileKind kind = ModemFileKind::Other;
    bool converted = false;   // AT+CSSLCFG="convert" succeeded on it

    bool operator==(const ModemFileRecord &) const = default;
};
QJsonObject modemFileRecordToJson(const ModemFileRecord &record);

class FileInventory
{
public:
    // `path` empty: defaultPath(). Creates the file (0600) and its folder. Transport-class errors
    // never happen here: a database that cannot be opened or written is ErrorCode::Error with the
    // path and the SQL driver's reason.
    static Result<std::unique_ptr<FileInventory>> open(const QString &path = {});
    // QStandardPaths::GenericDataLocation + "/ModemBench/inventory.sqlite", shared by the GUI and
    // the CLI (XDG_DATA_HOME moves it).
    static QString defaultPath();
    ~FileInventory();

    // Insert or replace by (modemId, directory, name).
    Result<void> record(const ModemFileRecord &record);
    Result<void> remove(const QString &modemId, int directory, const QString &name);
    // Sorted by directory, then name.
    Result<QList<ModemFileRecord>> list(const QString &modemId) const;
    Result<std::optional<ModemFileRecord>> find(const QString &modemId, int directory, const QString &name) const;

    Result<void> saveTlsSettings(const QString &modemId, const TlsSettings &settings);
    Result<std::optional<TlsSettings>> tlsSettings(const QString &modemId) const;

    QString path() const;

private:
    struct Private;
    explicit FileInventory(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace ModemBench
