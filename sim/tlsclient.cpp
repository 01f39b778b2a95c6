#include "tlsclient.h"

#include <QHostAddress>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>

namespace ModemBench::Sim {

struct TlsClient::Handles
{
    SSL_CTX *context = nullptr;
    SSL *ssl = nullptr;

    Handles() = default;
    Handles(const Handles &) = delete;
    Handles &operator=(const Handles &) = delete;
    ~Handles()
    {
        SSL_free(ssl);  // frees the memory BIOs too
        SSL_CTX_free(context);
    }
};

namespace {

struct BioFree
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

BioPtr readBio(const QByteArray &bytes)
{
    return BioPtr(BIO_new_mem_buf(bytes.constData(), int(bytes.size())));
}

QString lastError(const char *what)
{
    const unsigned long code = ERR_get_error();
    char text[256] = {};
    ERR_error_string_n(code, text, sizeof text);
    ERR_clear_error();
    return QStringLiteral("%1: %2").arg(QLatin1String(what), QLatin1String(text));
}

// §7.1 sslversion -> the one protocol version the module offers; 0 = OpenSSL's own range.
std::expected<int, QString> protocolVersion(int sslVersion)
{
    switch (sslVersion) {
    case 0:
        return 0;
    case 1:
        return TLS1_VERSION;
    case 2:
        return TLS1_1_VERSION;
    case 3:
        return TLS1_2_VERSION;
    case 6:
        return TLS1_3_VERSION;
    default:
        return std::unexpected(QStringLiteral("sslversion %1 (DTLS) over TCP").arg(sslVersion));
    }
}

// Keeps the handshake going after a verification problem so that every problem is seen and the
// verdict can say "expired and mismatched" (26, §8.2).
int verifyCallback(int preverifyOk, X509_STORE_CTX *store)
{
    if (preverifyOk)
        return 1;
    auto *ssl = static_cast<SSL *>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    if (auto *client = ssl ? static_cast<TlsClient *>(SSL_get_app_data(ssl)) : nullptr)
        client->noteVerifyError(X509_STORE_CTX_get_error(store));
    return 1;
}

std::expected<void, QString> addTrusted(SSL_CTX *context, const QByteArray &pem)
{
    X509_STORE *store = SSL_CTX_get_cert_store(context);
    BioPtr bio = readBio(pem);
    int added = 0;
    // Each pass consumes one certificate of a bounded buffer, so the loop ends.
    while (X509 *cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
        added += X509_STORE_add_cert(store, cert) == 1 ? 1 : 0;
        X509_free(cert);
    }
    ERR_clear_error();
    if (added == 0)
        return std::unexpected(QStringLiteral("no usable CA certificate"));
    return {};
}

std::expected<void, QString> useClientPair(SSL_CTX *context, const QByteArray &certPem, const QByteArray &keyPem)
{
    BioPtr certs = readBio(certPem);
    X509 *leaf = PEM_read_bio_X509(certs.get(), nullptr, nullptr, nullptr);
    if (!leaf || SSL_CTX_use_certificate(context, leaf) != 1) {
        X509_free(leaf);
        return std::unexpected(lastError("client certificate"));
    }
    X509_free(leaf);
    while (X509 *extra = PEM_read_bio_X509(certs.get(), nullptr, nullptr, nullptr)) {
        SSL_CTX_add1_chain_cert(context, extra);
        X509_free(extra);
    }
    ERR_clear_error();
    BioPtr keyBio = readBio(keyPem);
    EVP_PKEY *key = PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr);
    const bool used = key && SSL_CTX_use_PrivateKey(context, key) == 1;
    EVP_PKEY_free(key);
    if (!used)
        return std::unexpected(lastError("client key"));
    return {};
}

} // namespace

std::expected<std::unique_ptr<TlsClient>, QString> TlsClient::create(const TlsSettings &settings)
{
    std::unique_ptr<TlsClient> client(new TlsClient);
    if (auto ready = client->setUp(settings); !ready)
        return std::unexpected(ready.error());
    return client;
}

TlsClient::~TlsClient() = default;

std::expected<void, QString> TlsClient::setUp(const TlsSettings &settings)
{
    m_handles = std::make_unique<Handles>();
    const auto version = protocolVersion(settings.sslVersion);
    if (!version)
        return std::unexpected(version.error());
    SSL_CTX *context = m_handles->context = SSL_CTX_new(TLS_client_method());
    if (!context)
        return std::unexpected(lastError("SSL_CTX_new"));
    if (*version != 0) {
        SSL_CTX_set_min_proto_version(context, *version);
        SSL_CTX_set_max_proto_version(context, *version);
    }
    // OpenSSL 3 refuses TLS 1.0/1.1 above security level 0; the module still speaks them.
    if (*version == TLS1_VERSION || *version == TLS1_1_VERSION)
        SSL_CTX_set_security_level(context, 0);
    if (settings.verifyPeer) {
        if (auto trusted = addTrusted(context, settings.caPem); !trusted)
            return trusted;
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, verifyCallback);
    } else {
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nullptr);
    }
    if (!settings.clientCertPem.isEmpty()) {
        if (auto pair = useClientPair(context, settings.clientCertPem, settings.clientKeyPem); !pair)
            return pair;
    }
    SSL *ssl = m_handles->ssl = SSL_new(context);
    if (!ssl)
        return std::unexpected(lastError("SSL_new"));
    SSL_set_app_data(ssl, this);
    X509_VERIFY_PARAM *param = SSL_get0_param(ssl);
    // §8.2 code 25: the name is the host the client asked for, not where a route took us.
    const QString host = QString::fromLatin1(settings.host);
    if (QHostAddress(host).isNull())
        X509_VERIFY_PARAM_set1_host(param, settings.host.constData(), size_t(settings.host.size()));
    else
        X509_VERIFY_PARAM_set1_ip_asc(param, settings.host.constData());
    if (settings.checkTime)
        X509_VERIFY_PARAM_set_time(param, time_t(settings.checkTime->toSecsSinceEpoch()));
    else
        X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_NO_CHECK_TIME);
    if (!settings.sni.isEmpty())
        SSL_set_tlsext_host_name(ssl, settings.sni.constData());
    SSL_set_bio(ssl, BIO_new(BIO_s_mem()), BIO_new(BIO_s_mem()));
    SSL_set_connect_state(ssl);
    ERR_clear_error();
    return {};
}

void TlsClient::noteVerifyError(int code)
{
    switch (code) {
    case X509_V_ERR_CERT_NOT_YET_VALID:
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD:
    case X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD:
        m_timeBad = true;
        break;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
        m_nameBad = true;
        break;
    default:
        m_otherBad = true;
        break;
    }
}

void TlsClient::feed(const QByteArray &bytes)
{
    if (!bytes.isEmpty())
        BIO_write(SSL_get_rbio(m_handles->ssl), bytes.constData(), int(bytes.size()));
}

QByteArray TlsClient::takeOutgoing()
{
    BIO *out = SSL_get_wbio(m_handles->ssl);
    QByteArray bytes(qsizetype(BIO_ctrl_pending(out)), Qt::Uninitialized);
    if (!bytes.isEmpty())
        bytes.resize(std::max(0, BIO_read(out, bytes.data(), int(bytes.size()))));
    return bytes;
}

TlsClient::Progress TlsClient::handshake()
{
    ERR_clear_error();
    const int result = SSL_do_handshake(m_handles->ssl);
    if (result == 1)
        return Progress::Established;
    const int error = SSL_get_error(m_handles->ssl, result);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE)
        return Progress::Handshaking;
    m_error = lastError("handshake");
    return Progress::Failed;
}

// §8.2: 24 certificate time, 25 name, 26 both; a chain that does not lead to the CA has no code of
// its own in the manual and counts as a failed connection (27).
int TlsClient::verdict() const
{
    if (m_otherBad)
        return 27;
    if (m_timeBad && m_nameBad)
        return 26;
    if (m_timeBad)
        return 24;
    return m_nameBad ? 25 : 0;
}

QByteArray TlsClient::readPlain(qsizetype maximum)
{
    flushPendingWrites();
    QByteArray plain;
    char buffer[4096];
    // Each pass either adds bytes (bounded by `maximum`) or ends the loop.
    while (plain.size() < maximum && !m_closed) {
        ERR_clear_error();
        const int wanted = int(std::min<qsizetype>(qsizetype(sizeof buffer), maximum - plain.size()));
        const int n = SSL_read(m_handles->ssl, buffer, wanted);
        if (n > 0) {
            plain.append(buffer, n);
            continue;
        }
        const int error = SSL_get_error(m_handles->ssl, n);
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE)
            break;
        m_closed = true;  // close_notify or a fatal alert: nothing more will come
        if (error != SSL_ERROR_ZERO_RETURN)
            m_error = lastError("read");
    }
    return plain;
}

void TlsClient::writePlain(const QByteArray &bytes)
{
    m_pendingPlain += bytes;
    flushPendingWrites();
}

void TlsClient::flushPendingWrites()
{
    if (m_pendingPlain.isEmpty() || m_closed)
        return;
    ERR_clear_error();
    const int n = SSL_write(m_handles->ssl, m_pendingPlain.constData(), int(m_pendingPlain.size()));
    if (n > 0)
        m_pendingPlain.remove(0, n);
    ERR_clear_error();
}

} // namespace ModemBench::Sim
