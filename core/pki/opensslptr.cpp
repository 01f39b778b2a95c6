#include "core/pki/opensslptr.h"

#include <openssl/err.h>

#include <climits>

namespace ModemBench::Pki::Internal {

BioPtr memoryBio(const QByteArray &bytes)
{
    if (bytes.size() > INT_MAX)
        return BioPtr(BIO_new_mem_buf("", 0));
    return BioPtr(BIO_new_mem_buf(bytes.constData(), int(bytes.size())));
}

BioPtr writableBio(bool secure)
{
    return BioPtr(BIO_new(secure ? BIO_s_secmem() : BIO_s_mem()));
}

QByteArray bioContents(BIO *bio)
{
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    if (length <= 0 || data == nullptr)
        return {};
    return QByteArray(data, qsizetype(length));
}

QString takeOpenSslError()
{
    unsigned long last = 0;
    while (const unsigned long code = ERR_get_error())
        last = code;
    if (last == 0)
        return {};
    const char *reason = ERR_reason_error_string(last);
    return reason ? QString::fromLatin1(reason) : QStringLiteral("OpenSSL error %1").arg(last, 0, 16);
}

void clearOpenSslErrors()
{
    ERR_clear_error();
}

} // namespace ModemBench::Pki::Internal
