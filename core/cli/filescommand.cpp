#include "core/cli/filescommand.h"

#include "core/flows/uploadflows.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ModemBench {

namespace {

const QString kFile = QStringLiteral("file");

const char *const kUsage = "use files [--json], files delete NAME or files verify [NAME] [--file PATH]";

QString sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

FilesCommand::FilesCommand(const QCommandLineParser &parser, QTextStream &out, QTextStream &err, QObject *parent)
    : ModemCommand(parser, out, err, parent)
{
}

Result<void> FilesCommand::parse(const QStringList &arguments)
{
    const QString sub = arguments.value(0);
    if (arguments.isEmpty())
        m_kind = Kind::List;
    else if (sub == QLatin1String("delete") && arguments.size() == 2)
        m_kind = Kind::Delete;
    else if (sub == QLatin1String("verify") && arguments.size() <= 2)
        m_kind = Kind::Verify;
    else
        return fail(ErrorCode::Usage, QStringLiteral("'files %1': %2").arg(arguments.join(QLatin1Char(' ')),
                                                                           QLatin1String(kUsage)));
    m_name = arguments.value(1);
    if (m_parser.isSet(kFile)) {
        if (m_kind != Kind::Verify || m_name.isEmpty())
            return fail(ErrorCode::Usage, QStringLiteral("--file belongs to files verify NAME --file PATH"));
        Result<QByteArray> bytes = readLocalFile(m_parser.value(kFile), QStringLiteral("file"));
        if (!bytes)
            return std::unexpected(bytes.error());
        m_localFile = *bytes;
    }
    return {};
}

void FilesCommand::run()
{
    identify([this] {
        if (m_kind == Kind::List)
            list();
        else if (m_kind == Kind::Delete)
            remove();
        else
            verify();
    });
}

Result<QList<ModemFileRecord>> FilesCommand::knownFiles()
{
    const Result<FileInventory *> inventory = this->inventory();
    if (!inventory)
        return std::unexpected(inventory.error());
    return (*inventory)->list(m_tls->imei);
}

void FilesCommand::list()
{
    const Result<QList<ModemFileRecord>> rows = knownFiles();
    if (!rows)
        return failWith(rows.error());
    if (m_json) {
        QJsonArray files;
        for (const ModemFileRecord &row : *rows)
            files << modemFileRecordToJson(row);
        m_out << QJsonDocument(QJsonObject{{QStringLiteral("modem"), m_tls->imei},
                                           {QStringLiteral("inventory"), (*this->inventory())->path()},
                                           {QStringLiteral("files"), files}})
                     .toJson(QJsonDocument::Indented);
        return succeed();
    }
    m_out << "Files ModemBench put on modem " << m_tls->imei << " (the modem itself cannot list them):\n";
    if (rows->isEmpty())
        m_out << "  none recorded\n";
    else
        m_out << QStringLiteral("  %1 %2  %3  %4  %5 %6\n")
                     .arg(QStringLiteral("NAME"), -24).arg(QStringLiteral("SIZE"), 7).arg(QStringLiteral("SHA-256"), -16)
                     .arg(QStringLiteral("WHEN (UTC)"), -20).arg(QStringLiteral("KIND"), -12).arg(QStringLiteral("CONVERTED"));
    for (const ModemFileRecord &row : *rows) {
        m_out << QStringLiteral("  %1 %2  %3  %4  %5 %6\n")
                     .arg(row.name, -24)
                     .arg(row.size, 7)
                     .arg(QString::fromLatin1(row.sha256.left(16)), -16)
                     .arg(row.when.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), -20)
                     .arg(modemFileKindName(row.kind), -12)
                     .arg(row.converted ? QStringLiteral("yes") : QStringLiteral("no"));
    }
    succeed();
}

void FilesCommand::remove()
{
    runFlow(deleteFileSteps(m_name), tr("Deleting %1").arg(m_name), 30000, {}, [this](const Result<void> &result) {
        if (!result)
            return failWith(result.error());
        const Result<FileInventory *> inventory = this->inventory();
        if (!inventory)
            return failWith(inventory.error());
        const auto known = (*inventory)->find(m_tls->imei, kCfsCertDirectory, m_name);
        if (Result<void> removed = (*inventory)->remove(m_tls->imei, kCfsCertDirectory, m_name); !removed)
            return failWith(removed.error());
        CertificateCopies::remove(m_tls->imei, m_name);
        // The modem answers OK whether or not the file existed (protocol §9), so say only what we know.
        m_out << "Deleted " << m_name << " from the modem's files"
              << (known && known->has_value() ? "" : " (it was not in the inventory)") << '\n';
        m_out << "A certificate converted from it stays usable until it is replaced by another convert.\n";
        succeed();
    });
}

void FilesCommand::verify()
{
    const Result<QList<ModemFileRecord>> rows = knownFiles();
    if (!rows)
        return failWith(rows.error());
    QList<Check> checks;
    for (const ModemFileRecord &row : *rows) {
        if (m_name.isEmpty() || row.name == m_name)
            checks << Check{row, {}, true};
    }
    if (checks.isEmpty() && !m_localFile)
        return failWith({ErrorCode::Usage, m_name.isEmpty()
                                               ? tr("Nothing recorded for modem %1: nothing to verify").arg(m_tls->imei)
                                               : tr("%1 is not in the inventory; pass --file PATH to compare it").arg(m_name),
                         {}, -1});
    if (checks.isEmpty())
        checks << Check{ModemFileRecord{m_tls->imei, kCfsCertDirectory, m_name, m_localFile->size(), {}, {}, {}, false},
                        {}, true};
    for (Check &check : checks) {
        if (check.record.kind == ModemFileKind::ClientKey)
            continue; // a key is never read back: its bytes must not reach the port or the log
        if (m_localFile) {
            check.expected = *m_localFile;
            if (!check.record.sha256.isEmpty() && check.record.sha256 != sha256Hex(*m_localFile).toLatin1())
                printWarnings({tr("%1 differs from what ModemBench uploaded as %2").arg(m_parser.value(kFile), m_name)});
        } else {
            check.expected = CertificateCopies::load(m_tls->imei, check.record.name);
        }
        check.sizeOnly = check.expected.isEmpty();
    }
    verifyNext(checks, 0);
}

void FilesCommand::verifyNext(QList<Check> checks, int failures)
{
    if (checks.isEmpty()) {
        if (failures == 0)
            return succeed();
        return failWith({ErrorCode::Error, tr("%1 file(s) on the modem are not what was uploaded: upload them again "
                                              "(cert upload / install-ca / install-client)").arg(failures), {}, -1});
    }
    const Check check = checks.takeFirst();
    // Size only: the steps compare AT+CFSGFIS with the expected length and, as for a secret, read nothing.
    const QByteArray expected = check.sizeOnly ? QByteArray(check.record.size, '\0') : check.expected;
    runFlow(verifyFileSteps(check.record.name, expected, check.sizeOnly, check.record.directory),
            tr("Verifying %1").arg(check.record.name), 120000, {},
            [this, check, checks, failures](const Result<void> &result) {
                if (!result) {
                    if (result.error().code != ErrorCode::Error && result.error().code != ErrorCode::CmeError)
                        return failWith(result.error()); // the port, not the file: stop here
                    m_out << check.record.name << ": DIFFERS: " << result.error().message << '\n';
                } else if (check.sizeOnly) {
                    m_out << check.record.name << ": size matches (" << check.record.size
                          << " bytes); contents not compared"
                          << (check.record.kind == ModemFileKind::ClientKey ? " (a private key is never read back)"
                                                                            : " (pass --file PATH to compare them)")
                          << '\n';
                } else {
                    m_out << check.record.name << ": byte-exact (" << check.expected.size() << " bytes read back)\n";
                }
                m_out.flush();
                verifyNext(checks, failures + (result ? 0 : 1));
            });
}

} // namespace ModemBench
