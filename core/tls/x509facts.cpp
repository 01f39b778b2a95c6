#include "core/tls/x509facts.h"

#include "core/pki/opensslptr.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QtEndian>

#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#include <ctime>

namespace ModemBench::Internal {

namespace {

using namespace ModemBench::Pki::Internal;

using X509StorePtr = std::unique_ptr<X509_STORE, OpenSslDeleter<X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OpenSslDeleter<X509_STORE_CTX_free>>;

struct X509StackFree {
    void operator()(STACK_OF(X509) *stack) const { sk_X509_pop_free(stack, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackFree>;

QString nameText(const X509_NAME *name)
{
    BioPtr bio = writableBio();
    if (!bio || name == nullptr)
        return {};
    // RFC 2253 escaping and short names, but in the order the certificate lists them.
    const unsigned long flags = (ASN1_STRFLGS_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) | XN_FLAG_SEP_COMMA_PLUS | XN_FLAG_FN_SN;
    X509_NAME_print_ex(bio.get(), name, 0, flags);
    return QString::fromUtf8(bioContents(bio.get()));
}

QDateTime timeOf(const ASN1_TIME *time)
{
    struct tm parts{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1)
        return {};
    return QDateTime(QDate(parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday),
                     QTime(parts.tm_hour, parts.tm_min, parts.tm_sec), Qt::UTC);
}

QString asn1Text(const ASN1_STRING *text)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(ASN1_STRING_get0_data(text)), ASN1_STRING_length(text));
}

QString ipText(const ASN1_OCTET_STRING *ip)
{
    const QByteArray bytes(reinterpret_cast<const char *>(ASN1_STRING_get0_data(ip)), ASN1_STRING_length(ip));
    if (bytes.size() == 4)
        return QHostAddress(qFromBigEndian<quint32>(bytes.constData())).toString();
    if (bytes.size() == 16)
        return QHostAddress(reinterpret_cast<const quint8 *>(bytes.constData())).toString();
    return {};
}

QStringList namesOf(X509 *certificate)
{
    QStringList names;
    GeneralNamesPtr sans(static_cast<GENERAL_NAMES *>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
    for (int i = 0; sans && i < sk_GENERAL_NAME_num(sans.get()); ++i) {
        const GENERAL_NAME *entry = sk_GENERAL_NAME_value(sans.get(), i);
        if (entry->type == GEN_DNS)
            names << asn1Text(entry->d.dNSName);
        else if (entry->type == GEN_IPADD)
            names << ipText(entry->d.iPAddress);
    }
    if (!names.isEmpty())
        return names;
    const X509_NAME *subject = X509_get_subject_name(certificate);
    for (int at = -1; (at = X509_NAME_get_index_by_NID(subject, NID_commonName, at)) >= 0;)
        names << asn1Text(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, at)));
    return names;
}

X509Ptr parseDer(const QByteArray &der)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(der.constData());
    return X509Ptr(d2i_X509(nullptr, &bytes, long(der.size())));
}

CertificateFacts factsOf(X509 *certificate)
{
    CertificateFacts facts;
    unsigned char *bytes = nullptr;
    const int length = i2d_X509(certificate, &bytes);
    if (length > 0) {
        facts.der = QByteArray(reinterpret_cast<const char *>(bytes), length);
        OPENSSL_free(bytes);
    }
    facts.subject = nameText(X509_get_subject_name(certificate));
    facts.issuer = nameText(X509_get_issuer_name(certificate));
    facts.notBefore = timeOf(X509_get0_notBefore(certificate));
    facts.notAfter = timeOf(X509_get0_notAfter(certificate));
    facts.names = namesOf(certificate);
    facts.sha256 = QCryptographicHash::hash(facts.der, QCryptographicHash::Sha256).toHex();
    return facts;
}

} // namespace

std::optional<CertificateFacts> certificateFromDer(const QByteArray &der)
{
    X509Ptr certificate = parseDer(der);
    clearOpenSslErrors();
    if (!certificate)
        return std::nullopt;
    return factsOf(certificate.get());
}

QList<CertificateFacts> certificatesFromPem(const QByteArray &pemOrDer)
{
    QList<CertificateFacts> all;
    BioPtr bio = memoryBio(pemOrDer);
    while (bio) {
        X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        if (!certificate)
            break;
        all << factsOf(certificate.get());
    }
    clearOpenSslErrors();
    if (all.isEmpty()) {
        if (auto der = certificateFromDer(pemOrDer))
            all << *der;
    }
    return all;
}

ChainVerdict verifyChain(const QList<QByteArray> &chainDer, const QList<CertificateFacts> &trusted, const QDateTime &at)
{
    ChainVerdict verdict;
    X509StorePtr store(X509_STORE_new());
    X509StackPtr untrusted(sk_X509_new_null());
    X509StoreCtxPtr context(X509_STORE_CTX_new());
    if (chainDer.isEmpty() || !store || !untrusted || !context) {
        verdict.reason = QStringLiteral("no server chain to verify");
        return verdict;
    }
    for (const CertificateFacts &anchor : trusted) {
        if (X509Ptr certificate = parseDer(anchor.der))
            X509_STORE_add_cert(store.get(), certificate.get()); // takes its own reference
    }
    X509Ptr leaf = parseDer(chainDer.first());
    for (qsizetype i = 1; i < chainDer.size(); ++i) {
        if (X509Ptr certificate = parseDer(chainDer.at(i)); certificate && sk_X509_push(untrusted.get(), certificate.get()) > 0)
            certificate.release();
    }
    if (!leaf || X509_STORE_CTX_init(context.get(), store.get(), leaf.get(), untrusted.get()) != 1) {
        clearOpenSslErrors();
        verdict.reason = QStringLiteral("the server's certificate could not be read");
        return verdict;
    }
    // mbedTLS on the module treats every certificate of its CA list as a trust anchor.
    unsigned long flags = X509_V_FLAG_PARTIAL_CHAIN;
    if (at.isValid())
        X509_STORE_CTX_set_time(context.get(), 0, time_t(at.toSecsSinceEpoch()));
    else
        flags |= X509_V_FLAG_NO_CHECK_TIME;
    X509_STORE_CTX_set_flags(context.get(), flags);
    verdict.verified = X509_verify_cert(context.get()) == 1;
    if (!verdict.verified) {
        const int error = X509_STORE_CTX_get_error(context.get());
        verdict.reason = QString::fromUtf8(X509_verify_cert_error_string(error));
        verdict.issuerMissing = error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY
            || error == X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT || error == X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
            || error == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN || error == X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE
            || error == X509_V_ERR_CERT_SIGNATURE_FAILURE;
    }
    clearOpenSslErrors();
    return verdict;
}

bool isIpAddress(const QString &host)
{
    QHostAddress address;
    return address.setAddress(host);
}

bool hostMatchesCertificate(const QByteArray &leafDer, const QString &host)
{
    X509Ptr leaf = parseDer(leafDer);
    if (!leaf || host.isEmpty())
        return false;
    const QByteArray name = host.toUtf8();
    const int matched = isIpAddress(host) ? X509_check_ip_asc(leaf.get(), name.constData(), 0)
                                          : X509_check_host(leaf.get(), name.constData(), size_t(name.size()), 0, nullptr);
    clearOpenSslErrors();
    return matched == 1;
}

} // namespace ModemBench::Internal
