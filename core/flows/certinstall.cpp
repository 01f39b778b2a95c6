// Preparing certificate installs on the PC and the install table (issue #6; protocol §7.1, §9).

#include "core/flows/certinstall.h"

#include "core/store/certificatecopies.h"

#include "core/flows/pemnormalize.h"
#include "core/pki/certificateauthority.h"

#include <QCryptographicHash>

#include <algorithm>
#include <limits>

namespace ModemBench {

namespace {

// Uploads append in writes of ≤ 10240 bytes (§9), so a file may be larger than one write; this
// bounds what we send to a modem file system of a few hundred KiB.
constexpr qsizetype kMaxInstallBytes = 64 * 1024;

Error usage(const QString &message)
{
    return {ErrorCode::Usage, message, {}, -1};
}

QList<QByteArray> pemLabels(const QByteArray &pem)
{
    QList<QByteArray> labels;
    for (const QByteArray &line : pem.split('\n')) {
        if (line.startsWith("-----BEGIN ") && line.endsWith("-----"))
            labels << line.mid(11, line.size() - 16);
    }
    return labels;
}

QList<QByteArray> pemBlocks(const QByteArray &pem)
{
    QList<QByteArray> blocks;
    QByteArray current;
    for (const QByteArray &line : pem.split('\n')) {
        current += line + '\n';
        if (line.startsWith("-----END ")) {
            blocks << current;
            current.clear();
        }
    }
    return blocks;
}

void noteLargeFile(QStringList &warnings, const QString &name, qsizetype size)
{
    if (size > kCfsMaxWrite)
        warnings << QObject::tr("%1 is %2 bytes, more than one write of %3 takes: it is uploaded in %4 writes.")
                        .arg(name).arg(size).arg(kCfsMaxWrite).arg((size + kCfsMaxWrite - 1) / kCfsMaxWrite);
}

Result<void> checkItem(const QString &name, const QByteArray &bytes)
{
    if (auto ok = checkCfsName(name); !ok)
        return ok;
    if (bytes.isEmpty())
        return fail(ErrorCode::Usage, QObject::tr("%1 is empty: nothing to upload.").arg(name));
    if (bytes.size() > kMaxInstallBytes)
        return fail(ErrorCode::Usage, QObject::tr("%1 is %2 bytes; at most %3 bytes are uploaded to a modem.")
                                          .arg(name).arg(bytes.size()).arg(kMaxInstallBytes));
    return {};
}

// Pki::checkForModem findings: errors refuse (all listed), warnings go to the plan.
Result<void> applyChecks(const QList<Pki::ModemCheck> &checks, QStringList &warnings, const QString &what)
{
    QStringList errors;
    for (const Pki::ModemCheck &check : checks) {
        if (check.severity == Pki::ModemCheck::Severity::Error)
            errors << check.message;
        else if (!warnings.contains(check.message))
            warnings << check.message;
    }
    if (errors.isEmpty())
        return {};
    return fail(ErrorCode::Usage, QObject::tr("%1 was not installed: %2").arg(what, errors.join(QStringLiteral("; "))));
}

QString keyNameFor(const QString &certName)
{
    const qsizetype dot = certName.lastIndexOf(u'.');
    return (dot > 0 ? certName.left(dot) : certName) + QStringLiteral(".key");
}

FlowStep resetStep(const std::shared_ptr<UploadContext> &context, const QString &id)
{
    FlowStep step;
    step.id = id;
    step.label = QObject::tr("Preparing the next file");
    const std::shared_ptr<UploadContext> c = context;
    // Each file starts its own AT+CFSINIT; a stale buffer seen by the previous one is gone.
    step.action = [c] {
        c->staleBuffer = false;
        return FlowVerdict::next();
    };
    return step;
}

} // namespace

qsizetype PreparedInstall::totalBytes() const
{
    qsizetype total = 0;
    for (const InstallItem &item : items)
        total += item.bytes.size();
    return total;
}

Result<PreparedInstall> prepareUpload(const QByteArray &bytes, const QString &name)
{
    PreparedInstall plan;
    InstallItem item;
    item.name = name;
    item.bytes = bytes;
    // PEM text is cleaned up (§7.1: convert parses PEM); DER, P7B or anything else goes as it is.
    if (bytes.contains("-----BEGIN ")) {
        auto pem = normalizePem(bytes);
        if (!pem)
            return std::unexpected(usage(QObject::tr("%1: %2").arg(name, pem.error().message)));
        item.bytes = *pem;
        const QList<QByteArray> labels = pemLabels(item.bytes);
        item.secret = std::any_of(labels.cbegin(), labels.cend(), [](const QByteArray &l) { return l.endsWith("PRIVATE KEY"); });
        if (item.secret)
            item.kind = ModemFileKind::ClientKey;
    }
    if (auto ok = checkItem(name, item.bytes); !ok)
        return std::unexpected(ok.error());
    noteLargeFile(plan.warnings, name, item.bytes.size());
    plan.items << item;
    return plan;
}

Result<PreparedInstall> prepareCaInstall(const QByteArray &caPem, const QString &name)
{
    if (auto ok = checkCfsName(name); !ok)
        return std::unexpected(ok.error());
    auto pem = normalizePem(caPem);
    if (!pem)
        return std::unexpected(usage(QObject::tr("The CA %1: %2").arg(name, pem.error().message)));
    PreparedInstall plan;
    QStringList errors;
    for (const QByteArray &label : pemLabels(*pem)) {
        if (label != "CERTIFICATE")
            errors << QObject::tr("it contains a %1 block; a CA file holds certificates only").arg(QString::fromLatin1(label));
    }
    if (!errors.isEmpty())
        return std::unexpected(usage(QObject::tr("The CA %1 was not installed: %2").arg(name, errors.join(QStringLiteral("; ")))));
    QStringList findings;
    for (const QByteArray &block : pemBlocks(*pem)) {
        if (auto ok = applyChecks(Pki::checkForModem(block, Pki::SecretBytes(), kMaxInstallBytes), plan.warnings,
                                  QObject::tr("The CA %1").arg(name));
            !ok)
            findings << ok.error().message;
    }
    if (!findings.isEmpty())
        return std::unexpected(usage(findings.join(QLatin1Char('\n'))));
    if (auto ok = checkItem(name, *pem); !ok)
        return std::unexpected(ok.error());
    noteLargeFile(plan.warnings, name, pem->size());
    plan.items << InstallItem{ModemFileKind::Ca, name, *pem, false};
    plan.convertCa = true;
    return plan;
}

Result<PreparedInstall> prepareClientInstall(const QByteArray &certPem, const QByteArray &keyPem,
                                             const QString &certName, const QString &keyName)
{
    const QString key = keyName.isEmpty() ? keyNameFor(certName) : keyName;
    for (const QString &n : {certName, key}) {
        if (auto ok = checkCfsName(n); !ok)
            return std::unexpected(ok.error());
    }
    if (key == certName)
        return std::unexpected(usage(QObject::tr("The certificate and the key need different names (both are %1).").arg(key)));
    auto cert = normalizePem(certPem);
    if (!cert)
        return std::unexpected(usage(QObject::tr("The certificate %1: %2").arg(certName, cert.error().message)));
    auto keyBytes = normalizePem(keyPem);
    if (!keyBytes)
        return std::unexpected(usage(QObject::tr("The key %1: %2").arg(key, keyBytes.error().message)));
    PreparedInstall plan;
    if (auto ok = applyChecks(Pki::checkForModem(*cert, Pki::SecretBytes(*keyBytes), kMaxInstallBytes), plan.warnings,
                              QObject::tr("The client certificate %1").arg(certName));
        !ok)
        return std::unexpected(ok.error());
    for (const auto &[n, bytes] : {std::pair{certName, *cert}, std::pair{key, *keyBytes}}) {
        if (auto ok = checkItem(n, bytes); !ok)
            return std::unexpected(ok.error());
        noteLargeFile(plan.warnings, n, bytes.size());
    }
    plan.items << InstallItem{ModemFileKind::ClientCertificate, certName, *cert, false}
               << InstallItem{ModemFileKind::ClientKey, key, *keyBytes, true};
    plan.convertClient = true;
    return plan;
}

QList<FlowStep> installSteps(const std::shared_ptr<UploadContext> &context, const PreparedInstall &plan, int baud)
{
    QList<FlowStep> steps;
    QString caName;
    QString certName;
    QString keyName;
    for (const InstallItem &item : plan.items) {
        steps << resetStep(context, QStringLiteral("install:%1:reset").arg(item.name));
        steps << uploadSteps(context, UploadRequest{kCfsCertDirectory, item.name, item.bytes, item.secret, baud});
        if (item.kind == ModemFileKind::Ca)
            caName = item.name;
        else if (item.kind == ModemFileKind::ClientCertificate)
            certName = item.name;
        else if (item.kind == ModemFileKind::ClientKey)
            keyName = item.name;
    }
    if (plan.convertCa && !caName.isEmpty())
        steps << convertCaSteps(caName);
    if (plan.convertClient && !certName.isEmpty() && !keyName.isEmpty()) {
        steps << resetStep(context, QStringLiteral("install:convert:reset"));
        steps << convertClientSteps(context, certName, keyName, plan.deleteKeyAfter);
    }
    return steps;
}

int installDeadlineMs(const PreparedInstall &plan, int baud)
{
    qint64 total = 0;
    for (const InstallItem &item : plan.items)
        total += uploadDeadlineMs(UploadRequest{kCfsCertDirectory, item.name, item.bytes, item.secret, baud});
    total += (plan.convertCa ? kConvertDeadlineMs : 0) + (plan.convertClient ? kConvertDeadlineMs : 0);
    return int(qMin<qint64>(total, std::numeric_limits<int>::max()));
}

QList<ModemFileRecord> inventoryRecords(const QString &modemId, const PreparedInstall &plan, const QDateTime &when)
{
    QList<ModemFileRecord> records;
    for (const InstallItem &item : plan.items) {
        const bool key = item.kind == ModemFileKind::ClientKey;
        if (key && plan.convertClient && plan.deleteKeyAfter)
            continue; // deleted from the modem after convert (§7.1)
        ModemFileRecord record;
        record.modemId = modemId;
        record.directory = kCfsCertDirectory;
        record.name = item.name;
        record.size = item.bytes.size();
        record.sha256 = QCryptographicHash::hash(item.bytes, QCryptographicHash::Sha256).toHex();
        record.when = when.toUTC();
        record.kind = item.kind;
        record.converted = (item.kind == ModemFileKind::Ca && plan.convertCa)
            || ((item.kind == ModemFileKind::ClientCertificate || key) && plan.convertClient);
        records << record;
    }
    return records;
}

Result<QList<ModemFileRecord>> recordInstall(FileInventory &inventory, const QString &modemId,
                                             const PreparedInstall &plan, const QDateTime &when, QStringList *warnings)
{
    const QList<ModemFileRecord> records = inventoryRecords(modemId, plan, when);
    for (const ModemFileRecord &row : records) {
        if (Result<void> saved = inventory.record(row); !saved)
            return std::unexpected(saved.error());
    }
    for (const InstallItem &item : plan.items) {
        if (item.kind != ModemFileKind::Ca && item.kind != ModemFileKind::ClientCertificate)
            continue;
        if (Result<void> kept = CertificateCopies::save(modemId, item.name, item.bytes); !kept && warnings)
            warnings->append(kept.error().message);
    }
    return records;
}

} // namespace ModemBench
