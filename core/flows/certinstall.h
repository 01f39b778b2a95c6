#pragma once

// What `cert upload`, `cert install-ca`, `cert install-client` and the TLS wizard share (issue #6):
// check and prepare the files on the PC (nothing sent when that fails), then one step table that
// uploads each file with read-back and converts, and afterwards the inventory record.

#include "core/flows/uploadflows.h"
#include "core/store/fileinventory.h"

#include <QDateTime>

namespace ModemBench {

struct InstallItem {
    ModemFileKind kind = ModemFileKind::Other;
    QString name;            // on the modem, ≤ 50 chars (checkCfsName)
    QByteArray bytes;        // exactly what is uploaded (PEM normalised)
    bool secret = false;     // a private key: redacted, never read back
};

struct PreparedInstall {
    QList<InstallItem> items;
    QStringList warnings;    // e.g. "ECDSA key: verify that your firmware's convert accepts it"
    bool convertCa = false;      // AT+CSSLCFG="convert",2 on the CA item
    bool convertClient = false;  // AT+CSSLCFG="convert",1 on the cert + key items
    bool deleteKeyAfter = true;  // the manual suggests deleting the key file after convert (§7.1)

    qsizetype totalBytes() const;
};

// A file as it is (DER, P7B or anything else) or, when it is PEM text, normalised (normalizePem).
// `name` defaults to the file name of `sourcePath`. Usage for an empty file, a bad name, or a file
// over what the upload can hold.
Result<PreparedInstall> prepareUpload(const QByteArray &bytes, const QString &name);

// A root of trust: PEM normalised, every block a certificate, checked by Pki::checkForModem
// (expired and not-yet-valid are errors, weak keys warnings). Usage with every finding otherwise.
Result<PreparedInstall> prepareCaInstall(const QByteArray &caPem, const QString &name);

// A client certificate and its private key: PEM normalised, the key matches the certificate, key
// type the modem accepts (Pki::checkForModem). Names default to "<certName>" and "<stem>.key".
Result<PreparedInstall> prepareClientInstall(const QByteArray &certPem, const QByteArray &keyPem,
                                             const QString &certName, const QString &keyName = {});

// Upload (with read-back except for secrets) of each item, then the conversions the plan asks
// for. `context` is shared with the upload steps (warnings, verified bytes for progress).
QList<FlowStep> installSteps(const std::shared_ptr<UploadContext> &context, const PreparedInstall &plan,
                             int baud);
int installDeadlineMs(const PreparedInstall &plan, int baud);

// Inventory rows for a finished install (key rows dropped when deleteKeyAfter; converted flags
// set), timestamped `when`.
QList<ModemFileRecord> inventoryRecords(const QString &modemId, const PreparedInstall &plan, const QDateTime &when);

// After a finished install: its inventory rows recorded and public copies of its certificates kept
// (CertificateCopies; a copy that cannot be written is a warning: the doctor then knows less, the
// install stands). Returns the rows recorded. The CLI and the TLS wizard both end an install here.
Result<QList<ModemFileRecord>> recordInstall(FileInventory &inventory, const QString &modemId,
                                             const PreparedInstall &plan, const QDateTime &when,
                                             QStringList *warnings = nullptr);

} // namespace ModemBench
