#include "core/pki/certbuilder.h"

#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <QHostAddress>

#include <array>
#include <ctime>

namespace ModemBench::Pki::Internal {

namespace {

// DN attributes a subject may use (RFC 5280 4.1.2.4 and the ones openssl's -subj users meet).
constexpr std::array kSubjectNids{
    NID_countryName, NID_stateOrProvinceName, NID_localityName, NID_organizationName,
    NID_organizationalUnitName, NID_commonName, NID_pkcs9_emailAddress, NID_serialNumber,
    NID_domainComponent, NID_userId, NID_title, NID_givenName, NID_surname, NID_initials,
    NID_pseudonym, NID_dnQualifier, NID_streetAddress, NID_postalCode,
};

int noPassword(char *, int, int, void *)
{
    return -1;
}

Result<void> signingFailed(const QString &what)
{
    return fail(ErrorCode::Error, QStringLiteral("Could not build the certificate (%1): %2").arg(what, takeOpenSslError()));
}

Result<void> addConfExtension(X509 *certificate, X509V3_CTX *context, int nid, const char *value)
{
    X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, context, nid, value));
    if (!extension || X509_add_ext(certificate, extension.get(), -1) != 1)
        return signingFailed(QString::fromLatin1(OBJ_nid2ln(nid)));
    return {};
}

Result<X509Ptr> startCertificate(const X509_NAME *subject, const X509_NAME *issuer, EVP_PKEY *publicKey,
                                 const ASN1_INTEGER *serial, const QDateTime &notBefore, const QDateTime &notAfter)
{
    clearOpenSslErrors();
    X509Ptr certificate(X509_new());
    if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1
        || X509_set_serialNumber(certificate.get(), const_cast<ASN1_INTEGER *>(serial)) != 1
        || X509_set_subject_name(certificate.get(), subject) != 1
        || X509_set_issuer_name(certificate.get(), issuer) != 1
        || X509_set_pubkey(certificate.get(), publicKey) != 1
        || !setTime(X509_getm_notBefore(certificate.get()), notBefore)
        || !setTime(X509_getm_notAfter(certificate.get()), notAfter)) {
        return std::unexpected(signingFailed(QStringLiteral("fields")).error());
    }
    return certificate;
}

Result<void> addSubjectAltNames(X509 *certificate, const QStringList &dnsNames, const QList<QByteArray> &ipAddresses)
{
    if (dnsNames.isEmpty() && ipAddresses.isEmpty())
        return {};
    GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
    if (!names)
        return signingFailed(QStringLiteral("subjectAltName"));
    const auto push = [&](int type, ASN1_STRING *value) {
        GeneralNamePtr name(GENERAL_NAME_new());
        if (!name || value == nullptr) {
            ASN1_STRING_free(value);
            return false;
        }
        GENERAL_NAME_set0_value(name.get(), type, value);
        if (sk_GENERAL_NAME_push(names.get(), name.get()) <= 0)
            return false;
        (void)name.release();
        return true;
    };
    for (const QString &dns : dnsNames) {
        const QByteArray ascii = dns.toLatin1();
        ASN1_IA5STRING *value = ASN1_IA5STRING_new();
        if (value && ASN1_STRING_set(value, ascii.constData(), int(ascii.size())) != 1) {
            ASN1_STRING_free(value);
            value = nullptr;
        }
        if (!push(GEN_DNS, value))
            return signingFailed(QStringLiteral("subjectAltName"));
    }
    for (const QByteArray &ip : ipAddresses) {
        ASN1_OCTET_STRING *value = ASN1_OCTET_STRING_new();
        if (value && ASN1_OCTET_STRING_set(value, reinterpret_cast<const unsigned char *>(ip.constData()),
                                           int(ip.size())) != 1) {
            ASN1_OCTET_STRING_free(value);
            value = nullptr;
        }
        if (!push(GEN_IPADD, value))
            return signingFailed(QStringLiteral("subjectAltName"));
    }
    if (X509_add1_ext_i2d(certificate, NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT) != 1)
        return signingFailed(QStringLiteral("subjectAltName"));
    return {};
}

Result<void> sign(X509 *certificate, EVP_PKEY *key)
{
    if (X509_sign(certificate, key, EVP_sha256()) <= 0)
        return signingFailed(QStringLiteral("SHA-256 signature"));
    return {};
}

} // namespace

Result<X509NamePtr> parseSubject(const QString &text)
{
    const QString trimmed = text.trimmed();
    const auto bad = [&](const QString &why) {
        return fail(ErrorCode::Usage, QStringLiteral("The subject \"%1\" is not valid: %2. Write it like "
                                                     "/C=DE/O=Acme/CN=Root.").arg(trimmed, why));
    };
    if (!trimmed.startsWith(QLatin1Char('/')))
        return bad(QStringLiteral("it must start with '/'"));
    QStringList fields;
    QString current;
    bool escaped = false;
    for (qsizetype i = 1; i < trimmed.size(); ++i) {
        const QChar c = trimmed.at(i);
        if (escaped) {
            current += c;
            escaped = false;
        } else if (c == QLatin1Char('\\')) {
            escaped = true;
        } else if (c == QLatin1Char('/')) {
            fields << current;
            current.clear();
        } else {
            current += c;
        }
    }
    if (escaped)
        return bad(QStringLiteral("it ends with a lone backslash"));
    fields << current;

    X509NamePtr name(X509_NAME_new());
    if (!name)
        return fail(ErrorCode::Error, QStringLiteral("Out of memory"));
    for (const QString &field : fields) {
        const qsizetype equals = field.indexOf(QLatin1Char('='));
        if (field.trimmed().isEmpty())
            return bad(QStringLiteral("it has an empty field"));
        if (equals <= 0)
            return bad(QStringLiteral("field \"%1\" has no KEY=value form").arg(field));
        const QString key = field.left(equals).trimmed();
        const QString value = field.mid(equals + 1).trimmed();
        const int nid = OBJ_txt2nid(key.toLatin1().constData());
        if (nid == NID_undef || std::find(kSubjectNids.begin(), kSubjectNids.end(), nid) == kSubjectNids.end())
            return bad(QStringLiteral("\"%1\" is not a name attribute (use C, ST, L, O, OU, CN, ...)").arg(key));
        if (value.isEmpty())
            return bad(QStringLiteral("%1 is empty").arg(key));
        for (const QChar c : value) {
            if (c.unicode() < 0x20 || c.unicode() == 0x7f)
                return bad(QStringLiteral("%1 contains a control character").arg(key));
        }
        const QByteArray utf8 = value.toUtf8();
        clearOpenSslErrors();
        if (X509_NAME_add_entry_by_NID(name.get(), nid, MBSTRING_UTF8,
                                       reinterpret_cast<const unsigned char *>(utf8.constData()), int(utf8.size()),
                                       -1, 0) != 1) {
            return bad(QStringLiteral("%1=%2 is not allowed (%3)").arg(key, value, takeOpenSslError()));
        }
    }
    return name;
}

QString subjectOneLine(const X509_NAME *name)
{
    char *line = X509_NAME_oneline(name, nullptr, 0);
    if (line == nullptr)
        return {};
    const QString text = QString::fromUtf8(line);
    OPENSSL_free(line);
    return text;
}

QString commonName(const X509_NAME *name)
{
    const int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (index < 0)
        return {};
    const ASN1_STRING *data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
    unsigned char *utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, data);
    if (length < 0)
        return {};
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(utf8), length);
    OPENSSL_free(utf8);
    return text;
}

Result<Asn1IntegerPtr> randomSerial()
{
    std::array<unsigned char, 16> bytes{};
    if (RAND_bytes(bytes.data(), int(bytes.size())) != 1)
        return fail(ErrorCode::Error, QStringLiteral("The random number generator failed: %1").arg(takeOpenSslError()));
    bytes[0] = static_cast<unsigned char>((bytes[0] & 0x7f) | 0x40);
    BignumPtr number(BN_bin2bn(bytes.data(), int(bytes.size()), nullptr));
    Asn1IntegerPtr serial(number ? BN_to_ASN1_INTEGER(number.get(), nullptr) : nullptr);
    if (!serial)
        return fail(ErrorCode::Error, QStringLiteral("Out of memory"));
    return serial;
}

QString serialHex(const ASN1_INTEGER *serial)
{
    BignumPtr number(ASN1_INTEGER_to_BN(serial, nullptr));
    if (!number)
        return {};
    char *hex = BN_bn2hex(number.get());
    if (hex == nullptr)
        return {};
    const QString text = QString::fromLatin1(hex).toUpper();
    OPENSSL_free(hex);
    return text;
}

QString normalizeSerialHex(const QString &text)
{
    QString hex = text.trimmed();
    if (hex.startsWith(QLatin1String("serial="), Qt::CaseInsensitive))
        hex = hex.mid(7);
    if (hex.startsWith(QLatin1String("0x"), Qt::CaseInsensitive))
        hex = hex.mid(2);
    hex.remove(QLatin1Char(':'));
    hex.remove(QLatin1Char(' '));
    hex = hex.toUpper();
    if (hex.isEmpty() || hex.size() > 80)
        return {};
    for (const QChar c : hex) {
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('A') && c <= QLatin1Char('F'))))
            return {};
    }
    if (hex.size() % 2 != 0)
        hex.prepend(QLatin1Char('0'));
    while (hex.size() > 2 && hex.startsWith(QLatin1String("00")))
        hex.remove(0, 2);
    return hex;
}

Result<Asn1IntegerPtr> serialFromHex(const QString &hex)
{
    const QByteArray ascii = normalizeSerialHex(hex).toLatin1();
    BIGNUM *raw = nullptr;
    if (ascii.isEmpty() || BN_hex2bn(&raw, ascii.constData()) == 0)
        return fail(ErrorCode::Usage, QStringLiteral("\"%1\" is not a hexadecimal serial number.").arg(hex));
    BignumPtr number(raw);
    Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(number.get(), nullptr));
    if (!serial)
        return fail(ErrorCode::Error, QStringLiteral("Out of memory"));
    return serial;
}

QString sha256Fingerprint(X509 *certificate)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(certificate, EVP_sha256(), digest, &length) != 1)
        return {};
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), length).toHex(':').toUpper());
}

QDateTime toDateTime(const ASN1_TIME *time)
{
    std::tm parts{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1)
        return {};
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
                     QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
}

bool setTime(ASN1_TIME *time, const QDateTime &when)
{
    // ASN1_TIME_set picks UTCTime up to 2049 and GeneralizedTime after (RFC 5280 4.1.2.5).
    return time != nullptr && when.isValid() && ASN1_TIME_set(time, time_t(when.toSecsSinceEpoch())) != nullptr;
}

Result<void> checkDnsName(const QString &name)
{
    const auto bad = [&](const QString &why) {
        return fail(ErrorCode::Usage, QStringLiteral("\"%1\" is not a valid DNS name: %2.").arg(name, why));
    };
    if (name.isEmpty() || name.size() > 253)
        return bad(QStringLiteral("it must have 1 to 253 characters"));
    const QStringList labels = name.split(QLatin1Char('.'));
    for (qsizetype i = 0; i < labels.size(); ++i) {
        const QString &label = labels.at(i);
        if (i == 0 && label == QLatin1String("*") && labels.size() >= 3)
            continue; // a wildcard, leftmost only (RFC 6125 6.4.3)
        if (label.isEmpty() || label.size() > 63)
            return bad(QStringLiteral("each label must have 1 to 63 characters"));
        if (label.startsWith(QLatin1Char('-')) || label.endsWith(QLatin1Char('-')))
            return bad(QStringLiteral("a label may not start or end with '-'"));
        for (const QChar c : label) {
            const char16_t u = c.unicode();
            if (!((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '-'))
                return bad(QStringLiteral("only letters, digits, '-' and '.' are allowed"));
        }
    }
    return {};
}

Result<QByteArray> parseIpAddress(const QString &text)
{
    QHostAddress address;
    if (!address.setAddress(text.trimmed()) || !address.scopeId().isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("\"%1\" is not an IPv4 or IPv6 address.").arg(text));
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        const quint32 v4 = address.toIPv4Address();
        QByteArray bytes(4, Qt::Uninitialized);
        for (int i = 0; i < 4; ++i)
            bytes[i] = char((v4 >> (24 - 8 * i)) & 0xff);
        return bytes;
    }
    const Q_IPV6ADDR v6 = address.toIPv6Address();
    return QByteArray(reinterpret_cast<const char *>(v6.c), 16);
}

Result<X509Ptr> buildCaCertificate(EVP_PKEY *key, const X509_NAME *subject, const ASN1_INTEGER *serial,
                                   const QDateTime &notBefore, const QDateTime &notAfter)
{
    auto certificate = startCertificate(subject, subject, key, serial, notBefore, notAfter);
    if (!certificate)
        return certificate;
    X509 *cert = certificate->get();
    X509V3_CTX context;
    X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
    // pathlen 0: this CA signs leaves only.
    for (const auto &[nid, value] : {std::pair{NID_basic_constraints, "critical,CA:TRUE,pathlen:0"},
                                     std::pair{NID_key_usage, "critical,keyCertSign,cRLSign"},
                                     std::pair{NID_subject_key_identifier, "hash"},
                                     std::pair{NID_authority_key_identifier, "keyid:always"}}) {
        if (auto added = addConfExtension(cert, &context, nid, value); !added)
            return std::unexpected(added.error());
    }
    if (auto signedOk = sign(cert, key); !signedOk)
        return std::unexpected(signedOk.error());
    return certificate;
}

Result<X509Ptr> buildLeafCertificate(const LeafSpec &spec, const ASN1_INTEGER *serial, X509 *caCertificate,
                                     EVP_PKEY *caKey)
{
    auto certificate = startCertificate(spec.subject, X509_get_subject_name(caCertificate), spec.publicKey, serial,
                                        spec.notBefore, spec.notAfter);
    if (!certificate)
        return certificate;
    X509 *cert = certificate->get();
    X509V3_CTX context;
    X509V3_set_ctx(&context, caCertificate, cert, nullptr, nullptr, 0);
    // keyEncipherment only where the key can do it (RSA key transport); ECDSA signs only.
    const bool rsa = EVP_PKEY_is_a(spec.publicKey, "RSA") == 1;
    const char *keyUsage = rsa ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature";
    const char *extendedKeyUsage = spec.kind == CertKind::Server ? "serverAuth" : "clientAuth";
    for (const auto &[nid, value] : {std::pair{NID_basic_constraints, "critical,CA:FALSE"},
                                     std::pair{NID_key_usage, keyUsage},
                                     std::pair{NID_ext_key_usage, extendedKeyUsage},
                                     std::pair{NID_subject_key_identifier, "hash"},
                                     std::pair{NID_authority_key_identifier, "keyid:always"}}) {
        if (auto added = addConfExtension(cert, &context, nid, value); !added)
            return std::unexpected(added.error());
    }
    if (auto sans = addSubjectAltNames(cert, spec.dnsNames, spec.ipAddresses); !sans)
        return std::unexpected(sans.error());
    if (auto signedOk = sign(cert, caKey); !signedOk)
        return std::unexpected(signedOk.error());
    return certificate;
}

Result<X509Ptr> readCertificate(const QByteArray &pem)
{
    clearOpenSslErrors();
    BioPtr in = memoryBio(pem);
    X509Ptr certificate(PEM_read_bio_X509(in.get(), nullptr, noPassword, nullptr));
    clearOpenSslErrors();
    if (!certificate)
        return fail(ErrorCode::Parse, QStringLiteral("not a well-formed PEM certificate"));
    return certificate;
}

QByteArray certificatePem(X509 *certificate)
{
    BioPtr out = writableBio();
    if (!out || PEM_write_bio_X509(out.get(), certificate) != 1)
        return {};
    return bioContents(out.get());
}

bool isCaCertificate(X509 *certificate)
{
    const uint32_t flags = X509_get_extension_flags(certificate);
    if ((flags & EXFLAG_CA) == 0)
        return false;
    return (flags & EXFLAG_KUSAGE) == 0 || (X509_get_key_usage(certificate) & KU_KEY_CERT_SIGN) != 0;
}

bool hasSubjectKeyIdentifier(X509 *certificate)
{
    return X509_get0_subject_key_id(certificate) != nullptr;
}

} // namespace ModemBench::Pki::Internal
