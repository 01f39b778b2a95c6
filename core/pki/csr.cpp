#include "core/pki/csr.h"

#include "core/pki/certbuilder.h"
#include "core/pki/keys.h"

#include <openssl/pem.h>

namespace ModemBench::Pki::Internal {

namespace {

int noPassword(char *, int, int, void *)
{
    return -1;
}

Result<void> readSubjectAltNames(X509_REQ *request, CsrContents &contents)
{
    STACK_OF(X509_EXTENSION) *extensions = X509_REQ_get_extensions(request);
    if (extensions == nullptr)
        return {};
    GeneralNamesPtr names(static_cast<GENERAL_NAMES *>(
        X509V3_get_d2i(extensions, NID_subject_alt_name, nullptr, nullptr)));
    sk_X509_EXTENSION_pop_free(extensions, X509_EXTENSION_free);
    clearOpenSslErrors();
    if (!names)
        return {};
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME *name = sk_GENERAL_NAME_value(names.get(), i);
        int type = 0;
        const auto *value = static_cast<const ASN1_STRING *>(GENERAL_NAME_get0_value(name, &type));
        if (value == nullptr)
            continue;
        const QByteArray bytes(reinterpret_cast<const char *>(ASN1_STRING_get0_data(value)), ASN1_STRING_length(value));
        if (type == GEN_DNS) {
            const QString dns = QString::fromLatin1(bytes);
            if (auto ok = checkDnsName(dns); !ok)
                return fail(ErrorCode::Usage, QStringLiteral("The CSR asks for a bad name: %1").arg(ok.error().message));
            contents.dnsNames << dns;
        } else if (type == GEN_IPADD) {
            if (bytes.size() != 4 && bytes.size() != 16)
                return fail(ErrorCode::Usage, QStringLiteral("The CSR asks for a malformed IP address."));
            contents.ipAddresses << bytes;
        }
    }
    return {};
}

} // namespace

Result<CsrContents> parseCsr(const QByteArray &pem)
{
    if (pem.size() > kMaxCsrBytes)
        return fail(ErrorCode::Usage, QStringLiteral("The CSR is %1 bytes; a CSR is a few KiB at most.").arg(pem.size()));
    if (!pem.contains("-----BEGIN CERTIFICATE REQUEST-----") && !pem.contains("-----BEGIN NEW CERTIFICATE REQUEST-----")) {
        return fail(ErrorCode::Usage,
                    QStringLiteral("The CSR is not PEM (-----BEGIN CERTIFICATE REQUEST-----); "
                                   "make one with openssl req -new."));
    }
    clearOpenSslErrors();
    CsrContents contents;
    BioPtr in = memoryBio(pem);
    contents.request.reset(PEM_read_bio_X509_REQ(in.get(), nullptr, noPassword, nullptr));
    if (!contents.request) {
        clearOpenSslErrors();
        return fail(ErrorCode::Usage, QStringLiteral("The CSR is not a well-formed PEM certificate request."));
    }
    contents.publicKey.reset(X509_REQ_get_pubkey(contents.request.get()));
    if (!contents.publicKey) {
        clearOpenSslErrors();
        return fail(ErrorCode::Usage, QStringLiteral("The CSR's public key cannot be read."));
    }
    const auto kind = keyKindOf(contents.publicKey.get());
    if (!kind)
        return fail(ErrorCode::Usage, QStringLiteral("The CSR's key is not accepted: %1").arg(kind.error().message));
    contents.key = *kind;
    // Proof of possession (RFC 2986 4.2): the request is signed by the key it carries.
    const int verified = X509_REQ_verify(contents.request.get(), contents.publicKey.get());
    clearOpenSslErrors();
    if (verified != 1) {
        return fail(ErrorCode::Usage,
                    QStringLiteral("The CSR's signature does not verify: it was altered or not signed by its own key."));
    }
    const X509_NAME *subject = X509_REQ_get_subject_name(contents.request.get());
    if (subject == nullptr || X509_NAME_entry_count(subject) == 0)
        return fail(ErrorCode::Usage, QStringLiteral("The CSR has an empty subject; give it at least a CN."));
    contents.subject = subjectOneLine(subject);
    contents.commonName = commonName(subject);
    if (auto sans = readSubjectAltNames(contents.request.get(), contents); !sans)
        return std::unexpected(sans.error());
    return contents;
}

} // namespace ModemBench::Pki::Internal
