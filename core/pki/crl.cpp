#include "core/pki/crl.h"

#include "core/pki/certbuilder.h"

#include <openssl/pem.h>

namespace ModemBench::Pki::Internal {

namespace {

Result<X509CrlPtr> crlFailed(const QString &what)
{
    return fail(ErrorCode::Error, QStringLiteral("Could not build the CRL (%1): %2").arg(what, takeOpenSslError()));
}

Result<void> addRevoked(X509_CRL *crl, const RevokedEntry &entry)
{
    auto serial = serialFromHex(entry.serialHex);
    if (!serial)
        return std::unexpected(serial.error());
    X509RevokedPtr revoked(X509_REVOKED_new());
    Asn1TimePtr when(ASN1_TIME_new());
    if (!revoked || !when || !setTime(when.get(), entry.revokedAt)
        || X509_REVOKED_set_serialNumber(revoked.get(), serial->get()) != 1
        || X509_REVOKED_set_revocationDate(revoked.get(), when.get()) != 1) {
        return std::unexpected(crlFailed(QStringLiteral("entry")).error());
    }
    // RFC 5280 5.3.1: reasonCode unspecified SHOULD be absent.
    if (entry.reason != RevocationReason::Unspecified) {
        Asn1EnumeratedPtr reason(ASN1_ENUMERATED_new());
        if (!reason || ASN1_ENUMERATED_set(reason.get(), long(entry.reason)) != 1
            || X509_REVOKED_add1_ext_i2d(revoked.get(), NID_crl_reason, reason.get(), 0, X509V3_ADD_DEFAULT) != 1) {
            return std::unexpected(crlFailed(QStringLiteral("reason")).error());
        }
    }
    if (X509_CRL_add0_revoked(crl, revoked.get()) != 1)
        return std::unexpected(crlFailed(QStringLiteral("entry")).error());
    (void)revoked.release();
    return {};
}

} // namespace

Result<X509CrlPtr> buildCrl(X509 *caCertificate, EVP_PKEY *caKey, const QList<RevokedEntry> &revoked,
                            qint64 number, const QDateTime &lastUpdate, const QDateTime &nextUpdate)
{
    clearOpenSslErrors();
    X509CrlPtr crl(X509_CRL_new());
    Asn1TimePtr last(ASN1_TIME_new());
    Asn1TimePtr next(ASN1_TIME_new());
    if (!crl || !last || !next || X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) != 1
        || X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(caCertificate)) != 1
        || !setTime(last.get(), lastUpdate) || !setTime(next.get(), nextUpdate)
        || X509_CRL_set1_lastUpdate(crl.get(), last.get()) != 1
        || X509_CRL_set1_nextUpdate(crl.get(), next.get()) != 1) {
        return crlFailed(QStringLiteral("fields"));
    }
    for (const RevokedEntry &entry : revoked) {
        if (auto added = addRevoked(crl.get(), entry); !added)
            return std::unexpected(added.error());
    }
    Asn1IntegerPtr crlNumber(ASN1_INTEGER_new());
    if (!crlNumber || ASN1_INTEGER_set_int64(crlNumber.get(), number) != 1
        || X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, crlNumber.get(), 0, X509V3_ADD_DEFAULT) != 1) {
        return crlFailed(QStringLiteral("CRL number"));
    }
    X509V3_CTX context;
    X509V3_set_ctx(&context, caCertificate, nullptr, nullptr, crl.get(), 0);
    X509ExtensionPtr authorityKeyId(X509V3_EXT_conf_nid(nullptr, &context, NID_authority_key_identifier, "keyid:always"));
    if (!authorityKeyId || X509_CRL_add_ext(crl.get(), authorityKeyId.get(), -1) != 1)
        return crlFailed(QStringLiteral("authorityKeyIdentifier"));
    if (X509_CRL_sort(crl.get()) != 1 || X509_CRL_sign(crl.get(), caKey, EVP_sha256()) <= 0)
        return crlFailed(QStringLiteral("SHA-256 signature"));
    return crl;
}

QByteArray crlPem(X509_CRL *crl)
{
    BioPtr out = writableBio();
    if (!out || PEM_write_bio_X509_CRL(out.get(), crl) != 1)
        return {};
    return bioContents(out.get());
}

qint64 crlNumberOf(const QByteArray &pem)
{
    BioPtr in = memoryBio(pem);
    X509CrlPtr crl(PEM_read_bio_X509_CRL(in.get(), nullptr, nullptr, nullptr));
    if (!crl) {
        clearOpenSslErrors();
        return 0;
    }
    Asn1IntegerPtr number(static_cast<ASN1_INTEGER *>(X509_CRL_get_ext_d2i(crl.get(), NID_crl_number, nullptr, nullptr)));
    int64_t value = 0;
    if (!number || ASN1_INTEGER_get_int64(&value, number.get()) != 1)
        value = 0;
    clearOpenSslErrors();
    return qint64(value);
}

} // namespace ModemBench::Pki::Internal
