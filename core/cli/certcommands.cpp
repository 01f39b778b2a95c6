#include "core/cli/certcommands.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ModemBench {

namespace {

const QString kName = QStringLiteral("name");
const QString kKeepKey = QStringLiteral("keep-key");

const char *const kUsage = "use cert upload FILE [--name NAME], cert install-ca FILE [--name NAME] or "
                           "cert install-client CERT KEY [--name NAME] [--keep-key]";

template<class T>
std::unexpected<Error> failed(const Result<T> &result)
{
    return std::unexpected(result.error());
}

QString nameFor(const QCommandLineParser &parser, const QString &path)
{
    return parser.isSet(kName) ? parser.value(kName) : QFileInfo(path).fileName();
}

} // namespace

CertCommand::CertCommand(const QCommandLineParser &parser, QTextStream &out, QTextStream &err, QObject *parent)
    : ModemCommand(parser, out, err, parent)
{
}

Result<void> CertCommand::parse(const QStringList &arguments)
{
    const QString sub = arguments.value(0);
    const QStringList files = arguments.mid(1);
    if (sub == QLatin1String("upload") && files.size() == 1)
        m_kind = Kind::Upload;
    else if (sub == QLatin1String("install-ca") && files.size() == 1)
        m_kind = Kind::InstallCa;
    else if (sub == QLatin1String("install-client") && files.size() == 2)
        m_kind = Kind::InstallClient;
    else
        return fail(ErrorCode::Usage, QStringLiteral("'cert %1': %2").arg(sub, QLatin1String(kUsage)));
    if (m_parser.isSet(kKeepKey) && m_kind != Kind::InstallClient)
        return fail(ErrorCode::Usage, QStringLiteral("--keep-key belongs to cert install-client"));
    bool ok = false;
    m_baud = m_parser.value(QStringLiteral("baud")).toInt(&ok);
    if (!ok || m_baud <= 0)
        return fail(ErrorCode::Usage, QStringLiteral("--baud must be a positive number, e.g. 115200"));
    return prepare(files);
}

Result<void> CertCommand::prepare(const QStringList &files)
{
    const Result<QByteArray> first = readLocalFile(files.at(0), m_kind == Kind::Upload ? QStringLiteral("file")
                                                                                         : QStringLiteral("certificate"));
    if (!first)
        return failed(first);
    const QString name = nameFor(m_parser, files.at(0));
    Result<PreparedInstall> plan = fail(ErrorCode::Usage, QString());
    if (m_kind == Kind::Upload) {
        plan = prepareUpload(*first, name);
    } else if (m_kind == Kind::InstallCa) {
        plan = prepareCaInstall(*first, name);
    } else {
        Result<QByteArray> key = readLocalFile(files.at(1), QStringLiteral("key"));
        if (!key)
            return failed(key);
        plan = prepareClientInstall(*first, *key, name);
        key->fill('\0'); // the plan holds the one copy that is sent
    }
    if (!plan)
        return failed(plan);
    m_plan = std::move(*plan);
    if (m_kind == Kind::InstallClient)
        m_plan.deleteKeyAfter = !m_parser.isSet(kKeepKey);
    return {};
}

void CertCommand::run()
{
    printWarnings(m_plan.warnings);
    identify([this] { install(); });
}

void CertCommand::install()
{
    // An interrupted or timed-out upload may leave the CFS buffer allocated: free it (its ERROR
    // when nothing was allocated is harmless) so the next command does not start with a stale one.
    const QString name = m_kind == Kind::Upload ? tr("Uploading") : tr("Installing");
    runFlow(installSteps(m_upload, m_plan, m_baud), name, installDeadlineMs(m_plan, m_baud),
            tr("Check the port; a slow link needs --baud set to its real rate."), [this](const Result<void> &result) {
                printWarnings(std::exchange(m_upload->warnings, {}));
                if (result) {
                    const Result<void> recorded = record();
                    wipeSecrets();
                    return recorded ? succeed() : failWith(recorded.error());
                }
                wipeSecrets();
                const Error error = result.error();
                if (error.code != ErrorCode::Cancelled && error.code != ErrorCode::Timeout)
                    return failWith(error);
                runFlow(cfsTermSteps(), tr("Freeing the upload buffer"), 10000, {},
                        [this, error](const Result<void> &) { failWith(error); });
            });
}

// The key was sent and hashed for the inventory; its size is all the report still needs.
void CertCommand::wipeSecrets()
{
    for (InstallItem &item : m_plan.items) {
        if (item.secret)
            item.bytes.fill('\0');
    }
}

Result<void> CertCommand::record()
{
    const Result<FileInventory *> inventory = this->inventory();
    if (!inventory)
        return failed(inventory);
    QStringList warnings;
    const Result<QList<ModemFileRecord>> records =
        recordInstall(**inventory, m_tls->imei, m_plan, QDateTime::currentDateTimeUtc(), &warnings);
    if (!records)
        return std::unexpected(records.error());
    printWarnings(warnings);
    if (Result<void> remembered = rememberSettings(*inventory); !remembered)
        return remembered;
    report(*records);
    return {};
}

// Keeps everything else remembered for this modem (TLS version, the other certificate, ...).
Result<void> CertCommand::rememberSettings(FileInventory *inventory)
{
    if (m_kind == Kind::Upload)
        return {};
    const Result<std::optional<TlsSettings>> known = inventory->tlsSettings(m_tls->imei);
    if (!known)
        return failed(known);
    TlsSettings settings = known->value_or(TlsSettings{});
    for (const InstallItem &item : std::as_const(m_plan.items)) {
        if (item.kind == ModemFileKind::Ca)
            settings.caName = item.name;
        else if (item.kind == ModemFileKind::ClientCertificate)
            settings.clientCertName = item.name;
    }
    return inventory->saveTlsSettings(m_tls->imei, settings);
}

void CertCommand::report(const QList<ModemFileRecord> &records)
{
    if (m_json) {
        QJsonArray files;
        for (const ModemFileRecord &row : records)
            files << modemFileRecordToJson(row);
        QJsonArray warnings;
        for (const QString &warning : std::as_const(m_plan.warnings))
            warnings << warning;
        m_out << QJsonDocument(QJsonObject{{QStringLiteral("modem"), m_tls->imei},
                                           {QStringLiteral("files"), files},
                                           {QStringLiteral("warnings"), warnings}})
                     .toJson(QJsonDocument::Indented);
        return;
    }
    QString certName;
    QString keyName;
    for (const InstallItem &item : std::as_const(m_plan.items)) {
        if (item.secret) {
            keyName = item.name;
            m_out << "Uploaded " << item.name << ": " << item.bytes.size()
                  << " bytes (a private key: not read back; convert checks it against the certificate)\n";
        } else {
            m_out << "Uploaded " << item.name << ": " << item.bytes.size() << " bytes, read back byte-exact\n";
        }
        if (item.kind == ModemFileKind::Ca || item.kind == ModemFileKind::ClientCertificate)
            certName = item.name;
    }
    if (m_plan.convertCa)
        m_out << "Converted " << certName << " as the CA that verifies servers; tls-test uses it from now on\n";
    if (m_plan.convertClient) {
        m_out << "Converted " << certName << " with " << keyName << " as the client certificate; tls-test presents it\n";
        m_out << (m_plan.deleteKeyAfter ? QStringLiteral("Deleted %1 from the modem's files (the converted copy stays)\n")
                                        : QStringLiteral("Kept %1 on the modem (--keep-key)\n"))
                     .arg(keyName);
    }
    m_out << "Inventory of modem " << m_tls->imei << " updated (modembench-cli files)\n";
}

} // namespace ModemBench
