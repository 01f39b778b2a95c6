#pragma once

#include "modemstate.h"

#include <QByteArray>
#include <QString>

#include <expected>

namespace ModemBench::Sim {

// --state FILE: the settings a SIMCom modem saves by itself (AUTO_SAVE in the SIM7000 manual,
// protocol.md §4.2-§4.7: CSCLK, CNMP, CMNB, CNETLIGHT, CBANDCFG), the AP file system's files (§9,
// base64) and the converted certificates (§7.1), kept across modemsim runs as JSON.
namespace StateFile {
// The saved settings of `state` as the file's JSON text.
QByteArray serialize(const ModemState &state);
// Applies the file to `state`. A missing file is not an error (first run); a malformed one is, and
// leaves `state` as it was.
std::expected<void, QString> load(const QString &path, ModemState &state);
// Replaces the file atomically (QSaveFile).
std::expected<void, QString> save(const QString &path, const QByteArray &json);
} // namespace StateFile

} // namespace ModemBench::Sim
