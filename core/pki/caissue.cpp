// CertificateAuthority: issuing server and device certificates (generated key or CSR), revoking
// and publishing CRLs. Every issue commits its registry row before the certificate is handed out
// (test-plan F7), and a serial is never reused (random 126 bits, checked against the registry).

#include "core/parsers/identity.h"
#include "core/pki/caprivate.h"
#include "core/pki/certbuilder.h"
#include "core/pki/crl.h"
#include "core/pki/csr.h"
#include "core/pki/keys.h"

#include <QFile>
#include <QRegularExpression>

namespace ModemBench::Pki {

using namespace Internal;

namespace {

constexpr int kMaxLeafDays = 36500;
constexpr int kSerialAttempts = 8;

Result<X509NamePtr> commonNameSubject(const QString &commonName)
{
    const QString cn = commonName.trimmed();
    if (cn.isEmpty() || cn.size() > 64)
        return fail(ErrorCode::Usage, QStringLiteral("The common name \"%1\" must have 1 to 64 characters.").arg(cn));
    for (const QChar c : cn) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return fail(ErrorCode::Usage, QStringLiteral("The common name contains a control character."));
    }
    X509NamePtr name(X509_NAME_new());
    const QByteArray utf8 = cn.toUtf8();
    if (!name || X509_NAME_add_entry_by_NID(name.get(), NID_commonName, MBSTRING_UTF8,
                                            reinterpret_cast<const unsigned char *>(utf8.constData()),
                                            int(utf8.size()), -1, 0) != 1) {
        clearOpenSslErrors();
        return fail(ErrorCode::Usage, QStringLiteral("The common name \"%1\" is not allowed.").arg(cn));
    }
    return name;
}

Result<QString> checkedImei(const QString &text)
{
    const QString imei = text.trimmed();
    static const QRegularExpression digits(QStringLiteral("^[0-9]{15}$"));
    if (!digits.match(imei).hasMatch() || !imeiLuhnValid(imei)) {
        return fail(ErrorCode::Usage, QStringLiteral("\"%1\" is not an IMEI: it must be 15 digits whose last one is "
                                                     "the Luhn check digit (read it with AT+GSN).").arg(imei));
    }
    return imei;
}

// A 15-digit, Luhn-valid run in a CSR's CN ("dev-869951031234564"): the device's IMEI.
QString imeiInCommonName(const QString &commonName)
{
    static const QRegularExpression run(QStringLiteral("(?<![0-9])[0-9]{15}(?![0-9])"));
    const auto match = run.match(commonName);
    return match.hasMatch() && imeiLuhnValid(match.captured(0)) ? match.captured(0) : QString();
}

struct LeafRequest {
    CertKind kind = CertKind::Device;
    const X509_NAME *subject = nullptr;
    EVP_PKEY *publicKey = nullptr;
    int days = 0;
    QStringList dnsNames;
    QList<QByteArray> ipAddresses;
    QString imei;
};

Result<Asn1IntegerPtr> uniqueSerial(const Registry &registry)
{
    for (int attempt = 0; attempt < kSerialAttempts; ++attempt) {
        auto serial = randomSerial();
        if (!serial)
            return serial;
        auto taken = registry.contains(serialHex(serial->get()));
        if (!taken)
            return std::unexpected(taken.error());
        if (!*taken)
            return serial;
    }
    return fail(ErrorCode::Error, QStringLiteral("Could not find an unused serial number; the random number "
                                                 "generator is broken."));
}

Result<IssueResult> issueLeaf(CaState &ca, const LeafRequest &request)
{
    if (request.days < 1 || request.days > kMaxLeafDays)
        return fail(ErrorCode::Usage, QStringLiteral("The validity must be 1 to %1 days (not %2).").arg(kMaxLeafDays).arg(request.days));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime notAfter = now.addDays(request.days);
    if (notAfter > ca.info.notAfter) {
        const qint64 most = now.daysTo(ca.info.notAfter);
        return fail(ErrorCode::Usage, QStringLiteral("The certificate would outlive the CA (valid until %1); use at "
                                                     "most %2 days.").arg(ca.info.notAfter.toString(Qt::ISODate)).arg(most));
    }
    auto serial = uniqueSerial(ca.registry);
    if (!serial)
        return std::unexpected(serial.error());
    LeafSpec spec{request.kind, request.subject, request.publicKey, now.addSecs(-kBackdateSeconds), notAfter,
                  request.dnsNames, request.ipAddresses};
    auto certificate = buildLeafCertificate(spec, serial->get(), ca.certificate.get(), ca.key.get());
    if (!certificate)
        return std::unexpected(certificate.error());

    IssueResult result;
    result.certificatePem = certificatePem(certificate->get());
    const QString serialText = serialHex(serial->get());
    result.record = recordOf(certificate->get(), request.kind, request.imei, ca.paths.issued(serialText));
    const QString relative = QStringLiteral("issued/%1.crt").arg(serialText);
    if (auto ok = ca.registry.begin(); !ok)
        return std::unexpected(ok.error());
    if (auto ok = ca.registry.insert(result.record, relative); !ok) {
        ca.registry.rollback();
        return std::unexpected(ok.error());
    }
    if (auto ok = writeNewFile(result.record.certificatePath, result.certificatePem); !ok) {
        ca.registry.rollback();
        return std::unexpected(ok.error());
    }
    if (auto ok = ca.registry.commit(); !ok) {
        QFile::remove(result.record.certificatePath);
        return std::unexpected(ok.error());
    }
    return result;
}

} // namespace

namespace {

// The subject from `cn`, the key (given or generated), the certificate, and the key as plain
// PKCS#8 for PREFIX.key or the modem.
Result<IssueResult> issueWithKey(CaState &ca, LeafRequest leaf, const QString &cn,
                                 std::optional<PrivateKey> &key, KeyKind kind)
{
    auto subject = commonNameSubject(cn);
    if (!subject)
        return std::unexpected(subject.error());
    auto privateKey = keyToUse(key, kind);
    if (!privateKey)
        return std::unexpected(privateKey.error());
    leaf.subject = subject->get();
    leaf.publicKey = privateKey->get();
    auto result = issueLeaf(ca, leaf);
    if (!result)
        return result;
    auto pem = plainPkcs8Pem(privateKey->get());
    if (!pem)
        return std::unexpected(pem.error());
    result->privateKeyPem = std::move(*pem);
    return result;
}

} // namespace

Result<IssueResult> CertificateAuthority::issueServer(const ServerRequest &request, std::optional<PrivateKey> key)
{
    LeafRequest leaf;
    leaf.kind = CertKind::Server;
    leaf.days = request.days;
    for (const QString &name : request.dnsNames) {
        const QString dns = name.trimmed();
        if (auto ok = checkDnsName(dns); !ok)
            return std::unexpected(ok.error());
        leaf.dnsNames << dns;
    }
    for (const QString &text : request.ipAddresses) {
        auto ip = parseIpAddress(text);
        if (!ip)
            return std::unexpected(ip.error());
        leaf.ipAddresses << *ip;
    }
    if (leaf.dnsNames.isEmpty() && leaf.ipAddresses.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("A server certificate needs at least one DNS name or IP address."));
    QString cn = request.commonName.trimmed();
    if (cn.isEmpty())
        cn = leaf.dnsNames.isEmpty() ? request.ipAddresses.first().trimmed() : leaf.dnsNames.first();
    return issueWithKey(*d, leaf, cn, key, request.key);
}

Result<IssueResult> CertificateAuthority::issueDevice(const DeviceRequest &request, std::optional<PrivateKey> key)
{
    auto imei = checkedImei(request.imei);
    if (!imei)
        return std::unexpected(imei.error());
    const QString pattern = request.cnTemplate.trimmed().isEmpty() ? QStringLiteral("dev-{imei}") : request.cnTemplate.trimmed();
    if (!pattern.contains(QLatin1String("{imei}"))) {
        return fail(ErrorCode::Usage, QStringLiteral("The CN template \"%1\" must contain {imei} (for example "
                                                     "dev-{imei}).").arg(pattern));
    }
    QString cn = pattern;
    cn.replace(QLatin1String("{imei}"), *imei);
    LeafRequest leaf;
    leaf.kind = CertKind::Device;
    leaf.days = request.days;
    leaf.imei = *imei;
    return issueWithKey(*d, leaf, cn, key, request.key);
}

Result<IssueResult> CertificateAuthority::signCsr(const QByteArray &csrPem, CertKind kind, int days)
{
    if (kind == CertKind::Ca)
        return fail(ErrorCode::Usage, QStringLiteral("A CSR is signed as a server or a device certificate, not as a CA."));
    auto csr = parseCsr(csrPem);
    if (!csr)
        return std::unexpected(csr.error());
    LeafRequest leaf;
    leaf.kind = kind;
    leaf.days = days;
    leaf.subject = X509_REQ_get_subject_name(csr->request.get());
    leaf.publicKey = csr->publicKey.get();
    if (kind == CertKind::Server) {
        leaf.dnsNames = csr->dnsNames;
        leaf.ipAddresses = csr->ipAddresses;
        if (leaf.dnsNames.isEmpty() && leaf.ipAddresses.isEmpty()) {
            if (auto ip = parseIpAddress(csr->commonName); ip)
                leaf.ipAddresses << *ip;
            else if (checkDnsName(csr->commonName))
                leaf.dnsNames << csr->commonName;
            else
                return fail(ErrorCode::Usage, QStringLiteral("The CSR names no host: it has no subjectAltName and its CN "
                                                             "\"%1\" is no DNS name or IP address.").arg(csr->commonName));
        }
    } else {
        leaf.imei = imeiInCommonName(csr->commonName);
    }
    return issueLeaf(*d, leaf);
}

Result<IssuedCertificate> CertificateAuthority::revoke(const QString &serialHex, RevocationReason reason)
{
    const QString serial = normalizeSerialHex(serialHex);
    if (serial.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("\"%1\" is not a hexadecimal serial number.").arg(serialHex));
    auto row = d->registry.find(serial);
    if (!row)
        return std::unexpected(row.error());
    if (!*row)
        return fail(ErrorCode::Usage, QStringLiteral("This CA has issued no certificate with serial %1.").arg(serial));
    if ((*row)->kind == CertKind::Ca)
        return fail(ErrorCode::Usage, QStringLiteral("%1 is the CA's own certificate; a CA cannot revoke itself.").arg(serial));
    if ((*row)->status == CertStatus::Revoked) {
        return fail(ErrorCode::Usage, QStringLiteral("%1 was already revoked on %2.")
                                          .arg(serial, (*row)->revokedAt.toString(Qt::ISODate)));
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (auto ok = d->registry.markRevoked(serial, reason, QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch(), Qt::UTC)); !ok)
        return std::unexpected(ok.error());
    auto updated = d->registry.find(serial);
    if (!updated)
        return std::unexpected(updated.error());
    return **updated;
}

Result<QByteArray> CertificateAuthority::publishCrl(int nextUpdateDays)
{
    if (nextUpdateDays < 1 || nextUpdateDays > 3650)
        return fail(ErrorCode::Usage, QStringLiteral("nextUpdate must be 1 to 3650 days ahead (not %1).").arg(nextUpdateDays));
    auto last = d->registry.crlNumber();
    if (!last)
        return std::unexpected(last.error());
    // Also above a crl.pem whose registry update was lost: a CRL number never repeats.
    QFile published(d->paths.crl());
    const qint64 onDisk = published.open(QIODevice::ReadOnly) ? crlNumberOf(published.read(kMaxPemFileBytes)) : 0;
    const qint64 number = std::max(*last, onDisk) + 1;
    auto revoked = d->registry.revoked();
    if (!revoked)
        return std::unexpected(revoked.error());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto crl = buildCrl(d->certificate.get(), d->key.get(), *revoked, number, now, now.addDays(nextUpdateDays));
    if (!crl)
        return std::unexpected(crl.error());
    const QByteArray pem = crlPem(crl->get());
    if (auto ok = d->registry.begin(); !ok)
        return std::unexpected(ok.error());
    if (auto ok = d->registry.setCrlNumber(number); !ok) {
        d->registry.rollback();
        return std::unexpected(ok.error());
    }
    if (auto ok = writeFileAtomically(d->paths.crl(), pem); !ok) {
        d->registry.rollback();
        return std::unexpected(ok.error());
    }
    if (auto ok = d->registry.commit(); !ok)
        return std::unexpected(ok.error());
    d->info.crlNumber = number;
    return pem;
}

} // namespace ModemBench::Pki
