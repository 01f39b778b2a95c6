#include "certconvert.h"

#include <QList>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstring>
#include <memory>
#include <vector>

namespace ModemBench::Sim::CertConvert {

namespace {

struct BioFree
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};
struct X509Free
{
    void operator()(X509 *cert) const { X509_free(cert); }
};
struct KeyFree
{
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;

BioPtr memoryBio(const QByteArray &bytes)
{
    return BioPtr(BIO_new_mem_buf(bytes.constData(), int(bytes.size())));
}

// The passphrase callback: never prompts on a terminal; without a passkey an encrypted key fails.
int passphrase(char *buffer, int size, int, void *user)
{
    const auto *pass = static_cast<const QByteArray *>(user);
    if (pass == nullptr || pass->isEmpty() || pass->size() > size)
        return -1;
    std::memcpy(buffer, pass->constData(), size_t(pass->size()));
    return int(pass->size());
}

bool looksPem(const QByteArray &bytes)
{
    return bytes.contains("-----BEGIN ");
}

std::vector<X509Ptr> readCertificates(const QByteArray &file)
{
    std::vector<X509Ptr> certificates;
    if (looksPem(file)) {
        BioPtr bio = memoryBio(file);
        while (X509 *cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
            certificates.emplace_back(cert);
    } else {
        const auto *data = reinterpret_cast<const unsigned char *>(file.constData());
        const unsigned char *cursor = data;
        X509Ptr cert(d2i_X509(nullptr, &cursor, long(file.size())));
        if (cert && cursor == data + file.size())
            certificates.push_back(std::move(cert));
    }
    ERR_clear_error();
    return certificates;
}

KeyPtr readKey(const QByteArray &file, const QByteArray &passkey)
{
    KeyPtr key;
    if (looksPem(file)) {
        BioPtr bio = memoryBio(file);
        key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, passphrase, const_cast<QByteArray *>(&passkey)));
    } else {
        const auto *data = reinterpret_cast<const unsigned char *>(file.constData());
        const unsigned char *cursor = data;
        key.reset(d2i_AutoPrivateKey(nullptr, &cursor, long(file.size())));
    }
    ERR_clear_error();
    return key;
}

QByteArray bioText(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, qsizetype(size));
}

QByteArray subjectOf(X509 *cert)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
    return bioText(bio.get());
}

QByteArray toPem(const std::vector<X509Ptr> &certificates)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    for (const X509Ptr &cert : certificates)
        PEM_write_bio_X509(bio.get(), cert.get());
    return bioText(bio.get());
}

} // namespace

std::expected<Parsed, QString> caList(const QByteArray &file)
{
    const std::vector<X509Ptr> certificates = readCertificates(file);
    if (certificates.empty())
        return std::unexpected(QStringLiteral("no PEM or DER certificate in the file"));
    return Parsed{subjectOf(certificates.front().get()), toPem(certificates), {}};
}

std::expected<Parsed, QString> clientPair(const QByteArray &certFile, const QByteArray &keyFile,
                                          const QByteArray &passkey)
{
    const std::vector<X509Ptr> certificates = readCertificates(certFile);
    if (certificates.empty())
        return std::unexpected(QStringLiteral("no PEM or DER certificate in the certificate file"));
    const KeyPtr key = readKey(keyFile, passkey);
    if (!key)
        return std::unexpected(QStringLiteral("no readable private key in the key file"));
    const bool matches = X509_check_private_key(certificates.front().get(), key.get()) == 1;
    ERR_clear_error();
    if (!matches)
        return std::unexpected(QStringLiteral("the key does not belong to the certificate"));
    BioPtr keyBio(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(keyBio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    return Parsed{subjectOf(certificates.front().get()), toPem(certificates), bioText(keyBio.get())};
}

bool pskTable(const QByteArray &file)
{
    int entries = 0;
    for (QByteArray line : file.split('\n')) {
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || colon + 1 >= line.size())
            return false;
        for (const char c : line.mid(colon + 1)) {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
                return false;
        }
        ++entries;
    }
    return entries > 0;
}

} // namespace ModemBench::Sim::CertConvert
