// CertificateAuthority: making, importing and opening a CA folder, and the views that need no
// passphrase. Issuing and revocation are in caissue.cpp.

#include "core/pki/caprivate.h"
#include "core/pki/certbuilder.h"
#include "core/pki/keys.h"

#include <QFile>
#include <QLoggingCategory>

#include <sys/stat.h>

namespace ModemBench::Pki {

Q_LOGGING_CATEGORY(lcPki, "modembench.pki")

using namespace Internal;

namespace Internal {

CaInfo caInfoOf(const CaPaths &paths, X509 *certificate, qint64 crlNumber)
{
    CaInfo info;
    info.directory = paths.dir;
    info.subject = subjectOneLine(X509_get_subject_name(certificate));
    info.sha256Fingerprint = sha256Fingerprint(certificate);
    info.key = keyKindOf(X509_get0_pubkey(certificate)).value_or(KeyKind::Rsa2048);
    info.notBefore = toDateTime(X509_get0_notBefore(certificate));
    info.notAfter = toDateTime(X509_get0_notAfter(certificate));
    info.crlNumber = crlNumber;
    return info;
}

IssuedCertificate recordOf(X509 *certificate, CertKind kind, const QString &imei, const QString &path)
{
    IssuedCertificate record;
    record.serialHex = serialHex(X509_get0_serialNumber(certificate));
    record.kind = kind;
    record.subject = subjectOneLine(X509_get_subject_name(certificate));
    record.imei = imei;
    record.sha256Fingerprint = sha256Fingerprint(certificate);
    record.notBefore = toDateTime(X509_get0_notBefore(certificate));
    record.notAfter = toDateTime(X509_get0_notAfter(certificate));
    record.certificatePath = path;
    return record;
}

} // namespace Internal

namespace {

Result<void> checkNewPassphrase(const SecretBytes &passphrase)
{
    if (passphrase.size() < 8)
        return fail(ErrorCode::Usage, QStringLiteral("The CA passphrase must have at least 8 characters."));
    return {};
}

// ca.crt as a CA certificate whose self-signature (when self-issued) still verifies.
Result<X509Ptr> readCaCertificate(const CaPaths &paths)
{
    auto pem = readSmallFile(paths.certificate(), kMaxPemFileBytes, QStringLiteral("The CA certificate"));
    if (!pem)
        return std::unexpected(pem.error());
    auto certificate = readCertificate(*pem);
    const auto damaged = [&] {
        return fail(ErrorCode::Usage, QStringLiteral("The CA certificate %1 is damaged; restore it from a backup.")
                                          .arg(paths.certificate()));
    };
    if (!certificate || !isCaCertificate(certificate->get()))
        return damaged();
    X509 *cert = certificate->get();
    if (X509_check_issued(cert, cert) == X509_V_OK && X509_verify(cert, X509_get0_pubkey(cert)) != 1) {
        clearOpenSslErrors();
        return damaged();
    }
    clearOpenSslErrors();
    return certificate;
}

// Writes ca.key, ca.crt, issued/ and the registry (with the CA's own row) into the staging folder.
Result<void> populate(const QString &folder, X509 *certificate, EVP_PKEY *key, const SecretBytes &passphrase)
{
    const CaPaths paths{folder};
    auto encrypted = encryptedPkcs8Pem(key, passphrase);
    if (!encrypted)
        return std::unexpected(encrypted.error());
    if (auto ok = writeFileAtomically(paths.key(), *encrypted); !ok)
        return ok;
    if (auto ok = writeFileAtomically(paths.certificate(), certificatePem(certificate)); !ok)
        return ok;
    if (::mkdir(QFile::encodeName(paths.issuedDir()).constData(), 0700) != 0)
        return fail(ErrorCode::Error, QStringLiteral("Cannot create %1.").arg(paths.issuedDir()));
    auto registry = Registry::open(paths.registry(), folder, Registry::Mode::Create);
    if (!registry)
        return std::unexpected(registry.error());
    return registry->insert(recordOf(certificate, CertKind::Ca, {}, paths.certificate()), QStringLiteral("ca.crt"));
}

Result<void> stageAndCommit(const QString &dir, X509 *certificate, EVP_PKEY *key, const SecretBytes &passphrase)
{
    auto staging = StagingFolder::create(dir);
    if (!staging)
        return std::unexpected(staging.error());
    if (auto ok = populate(staging->path(), certificate, key, passphrase); !ok)
        return ok;
    return staging->commit();
}

Result<CaState> unlocked(const CaPaths &paths, X509Ptr certificate, EvpPkeyPtr key)
{
    auto registry = Registry::open(paths.registry(), paths.dir, Registry::Mode::ReadWrite);
    if (!registry)
        return std::unexpected(registry.error());
    auto crlNumber = registry->crlNumber();
    if (!crlNumber)
        return std::unexpected(crlNumber.error());
    CaInfo info = caInfoOf(paths, certificate.get(), *crlNumber);
    return CaState{paths, std::move(certificate), std::move(key), std::move(*registry),
                                         std::move(info)};
}

Result<X509Ptr> readImportedCertificate(const QString &path)
{
    auto pem = readSmallFile(path, kMaxPemFileBytes, QStringLiteral("The certificate"));
    if (!pem)
        return std::unexpected(pem.error());
    auto certificate = readCertificate(*pem);
    if (!certificate)
        return fail(ErrorCode::Usage, QStringLiteral("%1 is not a PEM certificate.").arg(path));
    X509 *cert = certificate->get();
    if (!isCaCertificate(cert)) {
        return fail(ErrorCode::Usage, QStringLiteral("%1 is not a CA certificate (it lacks basicConstraints CA:TRUE "
                                                     "or keyUsage keyCertSign); import a CA certificate.").arg(path));
    }
    if (!hasSubjectKeyIdentifier(cert)) {
        return fail(ErrorCode::Usage, QStringLiteral("The CA certificate %1 has no subjectKeyIdentifier, so issued "
                                                     "certificates could not name it (RFC 5280 4.2.1.1); re-issue it "
                                                     "with subjectKeyIdentifier=hash.").arg(path));
    }
    if (toDateTime(X509_get0_notAfter(cert)) < QDateTime::currentDateTimeUtc())
        return fail(ErrorCode::Usage, QStringLiteral("The CA certificate %1 has expired.").arg(path));
    if (auto kind = keyKindOf(X509_get0_pubkey(cert)); !kind)
        return fail(ErrorCode::Usage, QStringLiteral("The CA certificate %1: %2").arg(path, kind.error().message));
    return certificate;
}

} // namespace

CertificateAuthority::CertificateAuthority(std::unique_ptr<Private> state) : d(std::move(state)) {}
CertificateAuthority::~CertificateAuthority() = default;
CertificateAuthority::CertificateAuthority(CertificateAuthority &&) noexcept = default;
CertificateAuthority &CertificateAuthority::operator=(CertificateAuthority &&) noexcept = default;

Result<CertificateAuthority> CertificateAuthority::create(const QString &dir, const CaOptions &options,
                                                          const SecretBytes &passphrase, std::optional<PrivateKey> given)
{
    if (auto ok = checkNewPassphrase(passphrase); !ok)
        return std::unexpected(ok.error());
    if (options.years < 1 || options.years > 50)
        return fail(ErrorCode::Usage, QStringLiteral("The CA validity must be 1 to 50 years (not %1).").arg(options.years));
    auto subject = parseSubject(options.subject);
    if (!subject)
        return std::unexpected(subject.error());
    const CaPaths paths = caPaths(dir);
    if (holdsCa(paths)) {
        return fail(ErrorCode::Usage, QStringLiteral("%1 already holds a CA; it was left unchanged. Choose another "
                                                     "folder, or remove that CA first.").arg(paths.dir));
    }
    auto key = keyToUse(given, options.key);
    if (!key)
        return std::unexpected(key.error());
    auto serial = randomSerial();
    if (!serial)
        return std::unexpected(serial.error());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto certificate = buildCaCertificate(key->get(), subject->get(), serial->get(), now.addSecs(-kBackdateSeconds),
                                          now.addYears(options.years));
    if (!certificate)
        return std::unexpected(certificate.error());
    if (auto ok = stageAndCommit(paths.dir, certificate->get(), key->get(), passphrase); !ok)
        return std::unexpected(ok.error());
    qCInfo(lcPki) << "created CA" << paths.dir;
    auto state = unlocked(paths, std::move(*certificate), std::move(*key));
    if (!state)
        return std::unexpected(state.error());
    return CertificateAuthority(std::make_unique<Private>(std::move(*state)));
}

Result<CertificateAuthority> CertificateAuthority::import(const QString &dir, const QString &certificatePath,
                                                          const QString &keyPath, const SecretBytes &keyPassphrase,
                                                          const SecretBytes &passphrase)
{
    if (auto ok = checkNewPassphrase(passphrase); !ok)
        return std::unexpected(ok.error());
    const CaPaths paths = caPaths(dir);
    if (holdsCa(paths)) {
        return fail(ErrorCode::Usage, QStringLiteral("%1 already holds a CA; it was left unchanged. Choose another "
                                                     "folder, or remove that CA first.").arg(paths.dir));
    }
    auto certificate = readImportedCertificate(certificatePath);
    if (!certificate)
        return std::unexpected(certificate.error());
    auto keyPem = readSmallFile(keyPath, kMaxPemFileBytes, QStringLiteral("The key file"));
    if (!keyPem)
        return std::unexpected(keyPem.error());
    const SecretBytes keyBytes(std::move(*keyPem));
    auto key = readAnyPrivateKey(keyBytes.reveal(), keyPassphrase, QStringLiteral("The key file %1").arg(keyPath));
    if (!key)
        return std::unexpected(key.error());
    if (!publicKeysMatch(X509_get0_pubkey(certificate->get()), key->get())) {
        return fail(ErrorCode::Usage, QStringLiteral("The key %1 does not belong to the certificate %2.")
                                          .arg(keyPath, certificatePath));
    }
    if (auto ok = stageAndCommit(paths.dir, certificate->get(), key->get(), passphrase); !ok)
        return std::unexpected(ok.error());
    qCInfo(lcPki) << "imported CA" << certificatePath << "into" << paths.dir;
    auto state = unlocked(paths, std::move(*certificate), std::move(*key));
    if (!state)
        return std::unexpected(state.error());
    return CertificateAuthority(std::make_unique<Private>(std::move(*state)));
}

Result<CertificateAuthority> CertificateAuthority::open(const QString &dir, const SecretBytes &passphrase)
{
    const CaPaths paths = caPaths(dir);
    if (auto ok = requireCa(paths); !ok)
        return std::unexpected(ok.error());
    if (auto ok = checkPrivateFolder(paths.dir); !ok)
        return std::unexpected(ok.error());
    if (auto ok = checkPrivateFile(paths.key(), QStringLiteral("The CA key")); !ok)
        return std::unexpected(ok.error());
    auto certificate = readCaCertificate(paths);
    if (!certificate)
        return std::unexpected(certificate.error());
    auto keyPem = readSmallFile(paths.key(), kMaxPemFileBytes, QStringLiteral("The CA key"));
    if (!keyPem)
        return std::unexpected(keyPem.error());
    auto key = decryptCaKey(*keyPem, passphrase, paths.key());
    if (!key)
        return std::unexpected(key.error());
    if (!publicKeysMatch(X509_get0_pubkey(certificate->get()), key->get())) {
        return fail(ErrorCode::Usage, QStringLiteral("The CA key %1 does not belong to %2 (one of them was altered); "
                                                     "restore both from a backup.").arg(paths.key(), paths.certificate()));
    }
    auto state = unlocked(paths, std::move(*certificate), std::move(*key));
    if (!state)
        return std::unexpected(state.error());
    return CertificateAuthority(std::make_unique<Private>(std::move(*state)));
}

Result<CaInfo> CertificateAuthority::inspect(const QString &dir)
{
    const CaPaths paths = caPaths(dir);
    if (auto ok = requireCa(paths); !ok)
        return std::unexpected(ok.error());
    auto certificate = readCaCertificate(paths);
    if (!certificate)
        return std::unexpected(certificate.error());
    auto registry = Registry::open(paths.registry(), paths.dir, Registry::Mode::ReadOnly);
    if (!registry)
        return std::unexpected(registry.error());
    auto crlNumber = registry->crlNumber();
    if (!crlNumber)
        return std::unexpected(crlNumber.error());
    return caInfoOf(paths, certificate->get(), *crlNumber);
}

Result<QList<IssuedCertificate>> CertificateAuthority::list(const QString &dir, const QString &search)
{
    const CaPaths paths = caPaths(dir);
    if (auto ok = requireCa(paths); !ok)
        return std::unexpected(ok.error());
    auto registry = Registry::open(paths.registry(), paths.dir, Registry::Mode::ReadOnly);
    if (!registry)
        return std::unexpected(registry.error());
    auto rows = registry->all();
    const QString needle = search.trimmed();
    if (!rows || needle.isEmpty())
        return rows;
    const QString serial = normalizeSerialHex(needle);
    QList<IssuedCertificate> matches;
    for (const IssuedCertificate &row : *rows) {
        const bool hit = row.subject.contains(needle, Qt::CaseInsensitive) || row.imei.contains(needle)
            || row.serialHex.contains(needle, Qt::CaseInsensitive) || (!serial.isEmpty() && row.serialHex.contains(serial))
            || row.sha256Fingerprint.contains(needle, Qt::CaseInsensitive)
            || certKindName(row.kind).compare(needle, Qt::CaseInsensitive) == 0
            || certStatusName(row.status).compare(needle, Qt::CaseInsensitive) == 0;
        if (hit)
            matches << row;
    }
    return matches;
}

Result<IssuedCertificate> CertificateAuthority::find(const QString &dir, const QString &serialHex)
{
    const QString serial = normalizeSerialHex(serialHex);
    if (serial.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("\"%1\" is not a hexadecimal serial number.").arg(serialHex));
    auto rows = list(dir);
    if (!rows)
        return std::unexpected(rows.error());
    for (const IssuedCertificate &row : *rows) {
        if (row.serialHex == serial)
            return row;
    }
    return fail(ErrorCode::Usage, QStringLiteral("The CA in %1 has issued no certificate with serial %2.")
                                      .arg(caPaths(dir).dir, serial));
}

Result<QList<IssuedCertificate>> CertificateAuthority::expiringWithin(const QString &dir, int days)
{
    if (days < 0)
        return fail(ErrorCode::Usage, QStringLiteral("The number of days must not be negative."));
    auto rows = list(dir);
    if (!rows)
        return rows;
    const QDateTime limit = QDateTime::currentDateTimeUtc().addDays(days);
    QList<IssuedCertificate> expiring;
    for (const IssuedCertificate &row : *rows) {
        if (row.status == CertStatus::Valid && row.notAfter <= limit)
            expiring << row;
    }
    return expiring;
}

CaInfo CertificateAuthority::info() const
{
    return d->info;
}

QByteArray CertificateAuthority::certificatePem() const
{
    return Internal::certificatePem(d->certificate.get());
}

} // namespace ModemBench::Pki
