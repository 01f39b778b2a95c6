#include "core/cli/cacommand.h"

#include "core/cli/passphraseprompt.h"
#include "core/pki/certificateauthority.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ModemBench {

using Pki::CertificateAuthority;

namespace {

const QString kCaDir = QStringLiteral("ca-dir");
const QString kPassphraseFile = QStringLiteral("passphrase-file");
const QString kKeyPassphraseFile = QStringLiteral("key-passphrase-file");
const QString kKey = QStringLiteral("key");
const QString kYears = QStringLiteral("years");
const QString kSubject = QStringLiteral("subject");
const QString kDns = QStringLiteral("dns");
const QString kIp = QStringLiteral("ip");
const QString kImei = QStringLiteral("imei");
const QString kOut = QStringLiteral("out");
const QString kDays = QStringLiteral("days");
const QString kKind = QStringLiteral("kind");
const QString kReason = QStringLiteral("reason");
const QString kForce = QStringLiteral("force");

// Everything under ca:, for refusing an option that the chosen subcommand would silently ignore.
const QStringList kSpecificOptions{kKeyPassphraseFile, kKey, kYears, kSubject, kDns, kIp, kImei,
                                   kOut, kDays, kKind, kReason, kForce};

template<class T>
std::unexpected<Error> failed(const Result<T> &result)
{
    return std::unexpected(result.error());
}

Result<int> intOption(const QCommandLineParser &parser, const QString &name, int minimum, int maximum, int fallback)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok || value < minimum || value > maximum)
        return fail(ErrorCode::Usage, QStringLiteral("--%1 must be a whole number from %2 to %3; got '%4'")
                                          .arg(name)
                                          .arg(minimum)
                                          .arg(maximum)
                                          .arg(parser.value(name)));
    return value;
}

Result<Pki::KeyKind> keyOption(const QCommandLineParser &parser, Pki::KeyKind fallback)
{
    if (!parser.isSet(kKey))
        return fallback;
    if (const std::optional<Pki::KeyKind> kind = Pki::parseKeyKind(parser.value(kKey)))
        return *kind;
    return fail(ErrorCode::Usage, QStringLiteral("--key must be rsa2048, rsa3072, rsa4096 or p256; got '%1'")
                                      .arg(parser.value(kKey)));
}

// --days and --key of the issue commands, into the request's fields (kept when not given).
Result<void> readDaysAndKey(const QCommandLineParser &parser, int &days, Pki::KeyKind &key)
{
    const Result<int> readDays = intOption(parser, kDays, 1, 36500, days);
    if (!readDays)
        return failed(readDays);
    const Result<Pki::KeyKind> readKey = keyOption(parser, key);
    if (!readKey)
        return failed(readKey);
    days = *readDays;
    key = *readKey;
    return {};
}

QString isoTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString();
}

QString day(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(QStringLiteral("yyyy-MM-dd")) : QStringLiteral("-");
}

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonObject caInfoToJson(const Pki::CaInfo &info)
{
    return {{QStringLiteral("directory"), info.directory},
            {QStringLiteral("certificate"), QDir(info.directory).filePath(QStringLiteral("ca.crt"))},
            {QStringLiteral("subject"), info.subject},
            {QStringLiteral("key"), Pki::keyKindName(info.key)},
            {QStringLiteral("fingerprint"), info.sha256Fingerprint},
            {QStringLiteral("not_before"), isoTime(info.notBefore)},
            {QStringLiteral("not_after"), isoTime(info.notAfter)},
            {QStringLiteral("crl_number"), info.crlNumber}};
}

// A folder that is missing or not writable is the user's to fix before anything is issued.
Result<void> checkOutputPath(const QString &path, bool overwrite)
{
    const QFileInfo file(path);
    if (file.exists() && !overwrite)
        return fail(ErrorCode::Usage, QStringLiteral("%1 exists; refusing to overwrite it (use --force)").arg(path));
    if (file.isDir())
        return fail(ErrorCode::Usage, QStringLiteral("%1 is a folder, not a file name").arg(path));
    const QFileInfo folder(file.absolutePath());
    if (!folder.isDir())
        return fail(ErrorCode::Usage, QStringLiteral("The folder %1 does not exist").arg(folder.filePath()));
    if (!folder.isWritable())
        return fail(ErrorCode::PermissionDenied, QStringLiteral("Cannot write to %1").arg(folder.filePath()));
    return {};
}

Result<QByteArray> readInputFile(const QString &path, const QString &what, qint64 limit)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Usage, QStringLiteral("Cannot read %1 %2: %3").arg(what, path, file.errorString()));
    if (file.size() > limit)
        return fail(ErrorCode::Usage, QStringLiteral("%1 %2 is larger than %3 bytes").arg(what, path).arg(limit));
    return file.readAll();
}

// Only the PEM headers are looked at: an encrypted key says so before its body (PKCS#8
// "ENCRYPTED PRIVATE KEY" or the traditional "Proc-Type: 4,ENCRYPTED").
bool keyFileLooksEncrypted(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false; // the import reports the unreadable file itself
    QByteArray head = file.read(256);
    const bool encrypted = head.contains("ENCRYPTED");
    head.fill('\0');
    return encrypted;
}

} // namespace

struct CaCommand::Subcommand {
    QString name;
    QString usage;
    int minArguments = 0;
    int maxArguments = 0;
    QStringList options; // the ca options it takes besides --ca-dir, --passphrase-file and --json
    Result<void> (CaCommand::*run)(const QStringList &) = nullptr;
};

const QList<CaCommand::Subcommand> &CaCommand::subcommands()
{
    static const QList<Subcommand> table{
        {QStringLiteral("init"), QStringLiteral("ca init [--key rsa2048|rsa3072|rsa4096|p256] [--years N] [--subject DN]"),
         0, 0, {kKey, kYears, kSubject}, &CaCommand::runInit},
        {QStringLiteral("import"), QStringLiteral("ca import CERT KEY [--key-passphrase-file FILE]"), 2, 2,
         {kKeyPassphraseFile}, &CaCommand::runImport},
        {QStringLiteral("issue-server"),
         QStringLiteral("ca issue-server --dns NAME [--dns NAME...] [--ip ADDR...] --out PREFIX [--days N] [--key KIND] [--force]"),
         0, 0, {kDns, kIp, kOut, kDays, kKey, kForce}, &CaCommand::runIssueServer},
        {QStringLiteral("issue-device"),
         QStringLiteral("ca issue-device --imei IMEI --out PREFIX [--days N] [--key KIND] [--force]"), 0, 0,
         {kImei, kOut, kDays, kKey, kForce}, &CaCommand::runIssueDevice},
        {QStringLiteral("sign-csr"), QStringLiteral("ca sign-csr CSR --out FILE [--kind device|server] [--days N] [--force]"),
         1, 1, {kOut, kKind, kDays, kForce}, &CaCommand::runSignCsr},
        {QStringLiteral("revoke"), QStringLiteral("ca revoke SERIAL [--reason REASON]"), 1, 1, {kReason},
         &CaCommand::runRevoke},
        {QStringLiteral("crl"), QStringLiteral("ca crl --out FILE [--days N] [--force]"), 0, 0, {kOut, kDays, kForce},
         &CaCommand::runCrl},
        {QStringLiteral("list"), QStringLiteral("ca list [SEARCH] [--json]"), 0, 1, {}, &CaCommand::runList},
        {QStringLiteral("show"), QStringLiteral("ca show SERIAL [--json]"), 1, 1, {}, &CaCommand::runShow},
    };
    return table;
}

QList<QCommandLineOption> CaCommand::options()
{
    return {
        {kCaDir, QStringLiteral("ca: the CA folder (required; see docs/ca.md)."), QStringLiteral("dir")},
        {kPassphraseFile, QStringLiteral("ca: read the CA passphrase from the first line of FILE (mode 0600)."),
         QStringLiteral("file")},
        {kKeyPassphraseFile, QStringLiteral("ca import: the passphrase of an encrypted KEY, from FILE (0600)."),
         QStringLiteral("file")},
        {kKey, QStringLiteral("ca: key type, rsa2048 (default), rsa3072, rsa4096 or p256."), QStringLiteral("kind")},
        {kYears, QStringLiteral("ca init: years the CA certificate is valid (default 30)."), QStringLiteral("n")},
        {kSubject, QStringLiteral("ca init: CA subject, e.g. \"/O=Acme/CN=Acme Root CA\"."), QStringLiteral("dn")},
        {kDns, QStringLiteral("ca issue-server: a DNS name of the server (repeatable)."), QStringLiteral("name")},
        {kIp, QStringLiteral("ca issue-server: an IP address of the server (repeatable)."), QStringLiteral("addr")},
        {kImei, QStringLiteral("ca issue-device: the modem's IMEI (15 digits)."), QStringLiteral("imei")},
        {kOut, QStringLiteral("ca: output PREFIX (issue-*: PREFIX.crt, PREFIX.key) or FILE (sign-csr, crl)."),
         QStringLiteral("path")},
        {kDays, QStringLiteral("ca: validity in days (server 825, device 3650; crl: next update, 30)."),
         QStringLiteral("n")},
        {kKind, QStringLiteral("ca sign-csr: device (clientAuth, default) or server (serverAuth)."),
         QStringLiteral("kind")},
        {kReason, QStringLiteral("ca revoke: keyCompromise, caCompromise, affiliationChanged, superseded, "
                                 "cessationOfOperation or unspecified (default)."),
         QStringLiteral("reason")},
        {kForce, QStringLiteral("ca: overwrite existing output files.")},
    };
}

CaCommand::CaCommand(const QCommandLineParser &parser, QTextStream &out, QTextStream &err)
    : m_parser(parser)
    , m_out(out)
    , m_err(err)
{
}

Result<void> CaCommand::run(const QStringList &arguments)
{
    QStringList names;
    for (const Subcommand &subcommand : subcommands())
        names << subcommand.name;
    const QString name = arguments.value(0);
    const auto found = std::find_if(subcommands().cbegin(), subcommands().cend(),
                                    [&name](const Subcommand &subcommand) { return subcommand.name == name; });
    if (found == subcommands().cend())
        return fail(ErrorCode::Usage, QStringLiteral("%1: use ca %2 (see docs/ca.md)")
                                          .arg(name.isEmpty() ? QStringLiteral("'ca' needs a subcommand")
                                                              : QStringLiteral("Unknown 'ca' subcommand '%1'").arg(name),
                                               names.join(QStringLiteral(", ca "))));
    const QStringList rest = arguments.mid(1);
    if (rest.size() < found->minArguments || rest.size() > found->maxArguments)
        return fail(ErrorCode::Usage, QStringLiteral("Usage: %1").arg(found->usage));
    if (Result<void> checked = checkOptions(*found); !checked)
        return checked;
    m_dir = m_parser.value(kCaDir);
    if (m_dir.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("'ca %1' needs --ca-dir DIR, the CA folder (see docs/ca.md)").arg(name));
    m_json = m_parser.isSet(QStringLiteral("json"));
    return (this->*found->run)(rest);
}

Result<void> CaCommand::checkOptions(const Subcommand &subcommand) const
{
    for (const QString &option : kSpecificOptions) {
        if (m_parser.isSet(option) && !subcommand.options.contains(option))
            return fail(ErrorCode::Usage, QStringLiteral("'ca %1' does not take --%2. Usage: %3")
                                              .arg(subcommand.name, option, subcommand.usage));
    }
    return {};
}

Result<Pki::SecretBytes> CaCommand::passphrase(bool isNew) const
{
    PassphraseSources sources;
    sources.file = m_parser.value(kPassphraseFile);
    return obtainPassphrase(sources, isNew ? QStringLiteral("New CA passphrase (at least 8 characters): ")
                                           : QStringLiteral("CA passphrase for %1: ").arg(m_dir),
                            isNew ? PassphraseConfirm::Twice : PassphraseConfirm::Once);
}

Result<CertificateAuthority> CaCommand::openCa() const
{
    Result<Pki::SecretBytes> secret = passphrase(false);
    if (!secret)
        return failed(secret);
    return CertificateAuthority::open(m_dir, *secret);
}

Result<void> CaCommand::runInit(const QStringList &)
{
    Pki::CaOptions options;
    const Result<Pki::KeyKind> key = keyOption(m_parser, options.key);
    const Result<int> years = intOption(m_parser, kYears, 1, 50, options.years);
    if (!key)
        return failed(key);
    if (!years)
        return failed(years);
    options.key = *key;
    options.years = *years;
    if (m_parser.isSet(kSubject)) {
        options.subject = m_parser.value(kSubject).trimmed();
        if (!options.subject.startsWith(QLatin1Char('/')) || !options.subject.contains(QLatin1Char('=')))
            return fail(ErrorCode::Usage, QStringLiteral("--subject takes an openssl-style name such as "
                                                         "\"/O=Acme/CN=Acme Root CA\"; got '%1'").arg(options.subject));
    }
    const Result<Pki::SecretBytes> secret = passphrase(true);
    if (!secret)
        return failed(secret);
    const Result<CertificateAuthority> ca = CertificateAuthority::create(m_dir, options, *secret);
    if (!ca)
        return failed(ca);
    const Pki::CaInfo info = ca->info();
    if (m_json) {
        m_out << QJsonDocument(caInfoToJson(info)).toJson(QJsonDocument::Indented);
        return {};
    }
    m_out << "Created a CA in " << m_dir << '\n'
          << "  certificate  " << QDir(m_dir).filePath(QStringLiteral("ca.crt"))
          << " (install it where servers and modems must trust this CA)\n"
          << "  key          " << QDir(m_dir).filePath(QStringLiteral("ca.key"))
          << " (encrypted; without the passphrase nothing can be issued)\n"
          << "  subject      " << info.subject << '\n'
          << "  key type     " << Pki::keyKindName(info.key) << '\n'
          << "  valid until  " << isoTime(info.notAfter) << '\n'
          << "  fingerprint  SHA256 " << info.sha256Fingerprint << '\n';
    return {};
}

Result<void> CaCommand::runImport(const QStringList &arguments)
{
    const QString certificate = arguments.at(0);
    const QString key = arguments.at(1);
    for (const QString &path : {certificate, key}) {
        if (!QFileInfo(path).isReadable())
            return fail(ErrorCode::Usage, QStringLiteral("Cannot read %1").arg(path));
    }
    Pki::SecretBytes keyPassphrase;
    if (m_parser.isSet(kKeyPassphraseFile)) {
        Result<Pki::SecretBytes> fromFile = Pki::passphraseFromFile(m_parser.value(kKeyPassphraseFile));
        if (!fromFile)
            return fail(ErrorCode::Usage, fromFile.error().message); // a wrong file, as for --passphrase-file
        keyPassphrase = std::move(*fromFile);
    } else if (keyFileLooksEncrypted(key)) {
        if (!::isatty(STDIN_FILENO))
            return fail(ErrorCode::Usage, QStringLiteral("%1 is encrypted: give its passphrase with "
                                                         "--key-passphrase-file FILE or run in a terminal").arg(key));
        Result<Pki::SecretBytes> typed =
            promptPassphrase(STDIN_FILENO, STDERR_FILENO, QStringLiteral("Passphrase of %1: ").arg(key));
        if (!typed)
            return failed(typed);
        keyPassphrase = std::move(*typed);
    }
    const Result<Pki::SecretBytes> secret = passphrase(true);
    if (!secret)
        return failed(secret);
    const Result<CertificateAuthority> ca = CertificateAuthority::import(m_dir, certificate, key, keyPassphrase, *secret);
    if (!ca)
        return failed(ca);
    const Pki::CaInfo info = ca->info();
    if (m_json)
        m_out << QJsonDocument(caInfoToJson(info)).toJson(QJsonDocument::Indented);
    else
        m_out << "Imported " << info.subject << " into " << m_dir << " (key re-encrypted under the new passphrase)\n";
    return {};
}

Result<void> CaCommand::runIssueServer(const QStringList &)
{
    Pki::ServerRequest request;
    static const QRegularExpression dnsName(QStringLiteral("^(\\*\\.)?[A-Za-z0-9_]([A-Za-z0-9_.-]{0,251}[A-Za-z0-9_])?$"));
    for (const QString &name : m_parser.values(kDns)) {
        if (!dnsName.match(name).hasMatch())
            return fail(ErrorCode::Usage, QStringLiteral("--dns takes a host name such as localhost or "
                                                         "mqtt.example.com; got '%1'").arg(name));
        request.dnsNames << name;
    }
    for (const QString &address : m_parser.values(kIp)) {
        if (QHostAddress(address).isNull())
            return fail(ErrorCode::Usage, QStringLiteral("--ip takes an IPv4 or IPv6 address such as 127.0.0.1; "
                                                         "got '%1'").arg(address));
        request.ipAddresses << address;
    }
    if (request.dnsNames.isEmpty() && request.ipAddresses.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("'ca issue-server' needs at least one --dns NAME or --ip ADDR"));
    if (auto ok = readDaysAndKey(m_parser, request.days, request.key); !ok)
        return ok;
    return issueToPrefix([&request](CertificateAuthority &ca) { return ca.issueServer(request); });
}

Result<void> CaCommand::runIssueDevice(const QStringList &)
{
    Pki::DeviceRequest request;
    request.imei = m_parser.value(kImei).trimmed();
    if (!isValidImei(request.imei))
        return fail(ErrorCode::Usage, QStringLiteral("--imei takes the modem's 15-digit IMEI (AT+GSN) with a valid "
                                                     "check digit; got '%1'").arg(request.imei));
    if (auto ok = readDaysAndKey(m_parser, request.days, request.key); !ok)
        return ok;
    if (request.key == Pki::KeyKind::P256)
        m_err << "warning: a P-256 device key: verify on your firmware (every public working SIM7000 example "
                 "uses RSA)\n";
    return issueToPrefix([&request](CertificateAuthority &ca) { return ca.issueDevice(request); });
}

// The outputs are checked before the passphrase is asked for, so nothing is issued that cannot
// be written.
Result<void> CaCommand::issueToPrefix(const std::function<Result<Pki::IssueResult>(CertificateAuthority &)> &issue)
{
    const QString prefix = m_parser.value(kOut);
    if (prefix.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("--out PREFIX is required: the certificate goes to PREFIX.crt, "
                                                     "its key to PREFIX.key"));
    const QString certificatePath = prefix + QStringLiteral(".crt");
    const QString keyPath = prefix + QStringLiteral(".key");
    const bool force = m_parser.isSet(kForce);
    for (const QString &path : {certificatePath, keyPath}) {
        if (Result<void> checked = checkOutputPath(path, force); !checked)
            return checked;
    }
    Result<CertificateAuthority> ca = openCa();
    if (!ca)
        return failed(ca);
    const Result<Pki::IssueResult> issued = issue(*ca);
    if (!issued)
        return failed(issued);
    if (Result<void> written = writeIssuedFiles(prefix, *issued, force); !written)
        return fail(written.error().code, QStringLiteral("%1 (certificate %2 was issued and registered; revoke it or "
                                                         "issue another)")
                                              .arg(written.error().message, issued->record.serialHex));
    return printIssued(*issued, certificatePath, issued->privateKeyPem.isEmpty() ? QString() : keyPath);
}

Result<void> CaCommand::printIssued(const Pki::IssueResult &issued, const QString &certificatePath, const QString &keyPath)
{
    const Pki::IssuedCertificate &record = issued.record;
    if (m_json) {
        QJsonObject json = issuedCertificateToJson(record);
        json.insert(QStringLiteral("certificate_file"), certificatePath);
        json.insert(QStringLiteral("key_file"), orNull(keyPath));
        m_out << QJsonDocument(json).toJson(QJsonDocument::Indented);
        return {};
    }
    m_out << "Issued " << Pki::certKindName(record.kind) << " certificate " << record.serialHex << '\n'
          << "  subject      " << record.subject << '\n'
          << "  valid until  " << isoTime(record.notAfter) << '\n'
          << "  certificate  " << certificatePath << '\n';
    if (!keyPath.isEmpty())
        m_out << "  key          " << keyPath << " (unencrypted, mode 0600: "
              << (record.kind == Pki::CertKind::Device ? "upload it to the modem" : "install it on the server")
              << "; keep it secret)\n";
    return {};
}

Result<void> CaCommand::runSignCsr(const QStringList &arguments)
{
    const QString kind = m_parser.isSet(kKind) ? m_parser.value(kKind).toLower() : QStringLiteral("device");
    if (kind != QLatin1String("device") && kind != QLatin1String("server"))
        return fail(ErrorCode::Usage, QStringLiteral("--kind must be device or server; got '%1'").arg(m_parser.value(kKind)));
    const Pki::CertKind certKind = kind == QLatin1String("server") ? Pki::CertKind::Server : Pki::CertKind::Device;
    const Result<int> days = intOption(m_parser, kDays, 1, 36500, certKind == Pki::CertKind::Server ? 825 : 3650);
    if (!days)
        return failed(days);
    const QString out = m_parser.value(kOut);
    if (out.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("--out FILE is required: where the certificate goes"));
    const bool force = m_parser.isSet(kForce);
    if (Result<void> checked = checkOutputPath(out, force); !checked)
        return checked;
    const Result<QByteArray> csr = readInputFile(arguments.at(0), QStringLiteral("CSR"), 64 * 1024);
    if (!csr)
        return failed(csr);
    Result<CertificateAuthority> ca = openCa();
    if (!ca)
        return failed(ca);
    const Result<Pki::IssueResult> issued = ca->signCsr(*csr, certKind, *days);
    if (!issued)
        return failed(issued);
    if (Result<void> written = writeOutputFile(out, issued->certificatePem, 0644, force); !written)
        return written;
    return printIssued(*issued, out, {});
}

Result<void> CaCommand::runRevoke(const QStringList &arguments)
{
    const QString serial = normalizeSerial(arguments.at(0));
    if (serial.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("SERIAL is the certificate's serial in hex as openssl prints it "
                                                     "(see ca list); got '%1'").arg(arguments.at(0)));
    Pki::RevocationReason reason = Pki::RevocationReason::Unspecified;
    if (m_parser.isSet(kReason)) {
        const std::optional<Pki::RevocationReason> parsed = Pki::parseRevocationReason(m_parser.value(kReason));
        if (!parsed)
            return fail(ErrorCode::Usage, QStringLiteral("--reason must be keyCompromise, caCompromise, "
                                                         "affiliationChanged, superseded, cessationOfOperation or "
                                                         "unspecified; got '%1'").arg(m_parser.value(kReason)));
        reason = *parsed;
    }
    // An unknown or already revoked serial is a failed operation (exit 1), not a usage error, and
    // is told before the passphrase is asked for. A folder that is no CA is left to open() to explain.
    if (const Result<Pki::IssuedCertificate> known = CertificateAuthority::find(m_dir, serial); known) {
        if (known->status == Pki::CertStatus::Revoked)
            return fail(ErrorCode::Error, QStringLiteral("%1 was already revoked on %2").arg(serial, isoTime(known->revokedAt)));
    } else if (CertificateAuthority::list(m_dir)) {
        return fail(ErrorCode::Error, QStringLiteral("No certificate with serial %1 in %2 (see ca list)").arg(serial, m_dir));
    }
    Result<CertificateAuthority> ca = openCa();
    if (!ca)
        return failed(ca);
    const Result<Pki::IssuedCertificate> revoked = ca->revoke(serial, reason);
    if (!revoked)
        return failed(revoked);
    if (m_json)
        m_out << QJsonDocument(issuedCertificateToJson(*revoked)).toJson(QJsonDocument::Indented);
    else
        m_out << "Revoked " << revoked->serialHex << " (" << revoked->subject << ", "
              << Pki::revocationReasonName(reason) << "); publish it with: ca crl --out FILE\n";
    return {};
}

Result<void> CaCommand::runCrl(const QStringList &)
{
    const Result<int> days = intOption(m_parser, kDays, 1, 3650, 30);
    if (!days)
        return failed(days);
    const QString out = m_parser.value(kOut);
    if (out.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("--out FILE is required: where the CRL (PEM) goes"));
    const bool force = m_parser.isSet(kForce);
    if (Result<void> checked = checkOutputPath(out, force); !checked)
        return checked;
    Result<CertificateAuthority> ca = openCa();
    if (!ca)
        return failed(ca);
    const Result<QByteArray> crl = ca->publishCrl(*days);
    if (!crl)
        return failed(crl);
    if (Result<void> written = writeOutputFile(out, *crl, 0644, force); !written)
        return written;
    const qint64 number = ca->info().crlNumber;
    const Result<QList<Pki::IssuedCertificate>> all = CertificateAuthority::list(m_dir);
    const qsizetype revoked = all ? std::count_if(all->cbegin(), all->cend(), [](const Pki::IssuedCertificate &c) {
        return c.status == Pki::CertStatus::Revoked;
    })
                                  : 0;
    if (m_json)
        m_out << QJsonDocument(QJsonObject{{QStringLiteral("file"), out},
                                           {QStringLiteral("crl_number"), number},
                                           {QStringLiteral("revoked"), revoked},
                                           {QStringLiteral("next_update_days"), *days}})
                     .toJson(QJsonDocument::Indented);
    else
        m_out << "CRL number " << number << " with " << revoked << " revoked certificate(s) written to " << out
              << " (next update in " << *days << " days; also " << QDir(m_dir).filePath(QStringLiteral("crl.pem"))
              << ")\n";
    return {};
}

Result<void> CaCommand::runList(const QStringList &arguments)
{
    const Result<QList<Pki::IssuedCertificate>> certificates = CertificateAuthority::list(m_dir, arguments.value(0));
    if (!certificates)
        return failed(certificates);
    if (m_json) {
        QJsonArray array;
        for (const Pki::IssuedCertificate &certificate : *certificates)
            array << issuedCertificateToJson(certificate);
        m_out << QJsonDocument(array).toJson(QJsonDocument::Indented);
    } else {
        qsizetype serialWidth = 6;
        for (const Pki::IssuedCertificate &certificate : *certificates)
            serialWidth = qMax(serialWidth, certificate.serialHex.size());
        m_out << QStringLiteral("SERIAL").leftJustified(serialWidth + 2) << "KIND    STATUS   NOT AFTER   SUBJECT\n";
        for (const Pki::IssuedCertificate &c : *certificates)
            m_out << c.serialHex.leftJustified(serialWidth + 2) << Pki::certKindName(c.kind).leftJustified(8)
                  << Pki::certStatusName(c.status).leftJustified(9) << day(c.notAfter).leftJustified(12) << c.subject
                  << '\n';
    }
    m_out.flush();
    warnExpiring();
    return {};
}

Result<void> CaCommand::runShow(const QStringList &arguments)
{
    const QString serial = normalizeSerial(arguments.at(0));
    if (serial.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("SERIAL is the certificate's serial in hex as openssl prints it "
                                                     "(see ca list); got '%1'").arg(arguments.at(0)));
    if (const Result<Pki::CaInfo> info = CertificateAuthority::inspect(m_dir); !info)
        return failed(info);
    const Result<Pki::IssuedCertificate> found = CertificateAuthority::find(m_dir, serial);
    if (!found)
        return fail(ErrorCode::Error, QStringLiteral("No certificate with serial %1 in %2 (see ca list)").arg(serial, m_dir));
    const Pki::IssuedCertificate &c = *found;
    if (m_json) {
        m_out << QJsonDocument(issuedCertificateToJson(c)).toJson(QJsonDocument::Indented);
    } else {
        QString status = Pki::certStatusName(c.status);
        if (c.status == Pki::CertStatus::Revoked)
            status += QStringLiteral(" (%1, %2)").arg(
                Pki::revocationReasonName(c.revocationReason.value_or(Pki::RevocationReason::Unspecified)),
                isoTime(c.revokedAt));
        m_out << "serial       " << c.serialHex << '\n'
              << "kind         " << Pki::certKindName(c.kind) << '\n'
              << "status       " << status << '\n'
              << "subject      " << c.subject << '\n';
        if (!c.imei.isEmpty())
            m_out << "imei         " << c.imei << '\n';
        m_out << "not before   " << isoTime(c.notBefore) << '\n'
              << "not after    " << isoTime(c.notAfter) << '\n'
              << "fingerprint  SHA256 " << c.sha256Fingerprint << '\n'
              << "certificate  " << c.certificatePath << '\n';
    }
    m_out.flush();
    warnExpiring();
    return {};
}

void CaCommand::warnExpiring()
{
    const Result<QList<Pki::IssuedCertificate>> expiring = CertificateAuthority::expiringWithin(m_dir, kExpiryWarningDays);
    if (!expiring)
        return; // the listing itself worked; a warning we cannot compute is no reason to fail it
    for (const Pki::IssuedCertificate &c : *expiring) {
        const qint64 days = QDateTime::currentDateTimeUtc().daysTo(c.notAfter);
        m_err << "warning: " << (c.kind == Pki::CertKind::Ca ? QStringLiteral("the CA certificate")
                                                               : Pki::certKindName(c.kind) + QStringLiteral(" certificate ")
                                                                     + c.serialHex)
              << " (" << c.subject << ") expires on " << isoTime(c.notAfter) << ", in " << days << " day(s)\n";
    }
    m_err.flush();
}

namespace {

Error fileError(const QString &path, int errorNumber)
{
    return {errorNumber == EACCES || errorNumber == EPERM ? ErrorCode::PermissionDenied : ErrorCode::Transport,
            QStringLiteral("Cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errorNumber))), {}, -1};
}

// Creates `native` exclusively with `mode` and writes all of `bytes`; on failure nothing is left.
int writeExclusive(const QByteArray &native, const QByteArray &bytes, mode_t mode)
{
    const int fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
        return errno;
    qsizetype done = 0;
    int error = 0;
    while (done < bytes.size() && !error) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0 && errno != EINTR)
            error = errno;
        else if (n > 0)
            done += n;
    }
    // No fsync, as openssl and ssh-keygen: the durable record is core's (the registry row and
    // DIR/issued/<serial>.crt are synced before the certificate is handed out, test-plan F7); an
    // output lost in a power cut is issued again, and a sync here would double the cost of a
    // certificate (bench/ca_issue).
    if (::close(fd) != 0 && !error)
        error = errno;
    if (error)
        ::unlink(native.constData());
    return error;
}

} // namespace

Result<void> writeOutputFile(const QString &path, const QByteArray &bytes, mode_t mode, bool overwrite)
{
    const QByteArray native = QFile::encodeName(path);
    if (!overwrite) {
        // O_EXCL also refuses a symlink planted at the path.
        const int error = writeExclusive(native, bytes, mode);
        if (error == EEXIST)
            return fail(ErrorCode::Usage, QStringLiteral("%1 exists; refusing to overwrite it (use --force)").arg(path));
        if (error)
            return std::unexpected(fileError(path, error));
        return {};
    }
    // Replacing: a new file (with the new mode) renamed over the old one, never the old inode
    // rewritten, so a 0644 file in the way cannot make a key world-readable.
    const QByteArray temporary = native + ".tmp-" + QByteArray::number(::getpid());
    if (const int error = writeExclusive(temporary, bytes, mode))
        return std::unexpected(fileError(path, error));
    if (::rename(temporary.constData(), native.constData()) != 0) {
        const int error = errno;
        ::unlink(temporary.constData());
        return std::unexpected(fileError(path, error));
    }
    return {};
}

Result<void> writeIssuedFiles(const QString &prefix, const Pki::IssueResult &issued, bool overwrite)
{
    const QString keyPath = prefix + QStringLiteral(".key");
    const bool hasKey = !issued.privateKeyPem.isEmpty();
    if (hasKey) {
        if (Result<void> written = writeOutputFile(keyPath, issued.privateKeyPem.reveal(), 0600, overwrite); !written)
            return written;
    }
    Result<void> written = writeOutputFile(prefix + QStringLiteral(".crt"), issued.certificatePem, 0644, overwrite);
    if (!written && hasKey && !overwrite)
        QFile::remove(keyPath); // a key without its certificate is of no use; we created it just now
    return written;
}

QJsonObject issuedCertificateToJson(const Pki::IssuedCertificate &c)
{
    return {{QStringLiteral("serial"), c.serialHex},
            {QStringLiteral("kind"), Pki::certKindName(c.kind)},
            {QStringLiteral("subject"), c.subject},
            {QStringLiteral("imei"), orNull(c.imei)},
            {QStringLiteral("fingerprint"), c.sha256Fingerprint},
            {QStringLiteral("not_before"), isoTime(c.notBefore)},
            {QStringLiteral("not_after"), isoTime(c.notAfter)},
            {QStringLiteral("status"), Pki::certStatusName(c.status)},
            {QStringLiteral("revocation_reason"),
             c.revocationReason ? QJsonValue(Pki::revocationReasonName(*c.revocationReason)) : QJsonValue()},
            {QStringLiteral("revoked_at"), orNull(isoTime(c.revokedAt))},
            {QStringLiteral("path"), c.certificatePath}};
}

bool isValidImei(const QString &imei)
{
    if (imei.size() != 15)
        return false;
    int sum = 0;
    for (int i = 0; i < 15; ++i) {
        if (!imei.at(i).isDigit() || imei.at(i).unicode() > '9')
            return false;
        int digit = imei.at(i).unicode() - '0';
        if (i % 2 == 1) {
            digit *= 2;
            if (digit > 9)
                digit -= 9;
        }
        sum += digit;
    }
    return sum % 10 == 0;
}

QString normalizeSerial(const QString &text)
{
    QString serial = text.trimmed().toUpper();
    if (serial.startsWith(QLatin1String("SERIAL=")))
        serial = serial.mid(7);
    else if (serial.startsWith(QLatin1String("0X")))
        serial = serial.mid(2);
    serial.remove(QLatin1Char(':'));
    serial.remove(QLatin1Char(' '));
    while (serial.size() > 2 && serial.startsWith(QLatin1String("00")))
        serial.remove(0, 2); // a sign octet some tools print; the registry has none
    static const QRegularExpression hex(QStringLiteral("^[0-9A-F]{1,40}$"));
    if (!hex.match(serial).hasMatch())
        return {};
    return serial.size() % 2 ? QLatin1Char('0') + serial : serial;
}

} // namespace ModemBench
