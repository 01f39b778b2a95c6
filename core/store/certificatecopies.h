#pragma once

// Public copies (CA and client certificates, never keys) of what was installed in a modem, kept
// beside the inventory (issue #6): the inventory holds only hashes, but the TLS doctor needs the
// certificates (validity against the module clock, the issuer the server's chain must match) and
// `files verify` needs the bytes. Shared by the CLI and the TLS wizard so either sees what the
// other installed. Names are CFS names (checkCfsName: no '/'), so they stay inside the folder.

#include "core/error.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace ModemBench::CertificateCopies {

// <folder of FileInventory::defaultPath()>/certificates/<modemId>
QString folder(const QString &modemId);
Result<void> save(const QString &modemId, const QString &name, const QByteArray &bytes);
QByteArray load(const QString &modemId, const QString &name); // empty when none was kept
QList<QByteArray> loadCertificates(const QString &modemId, const QString &name); // one PEM block each
void remove(const QString &modemId, const QString &name);

} // namespace ModemBench::CertificateCopies
