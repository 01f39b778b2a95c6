#include "core/pki/keys.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rsa.h>

#include <algorithm>
#include <cstring>

namespace ModemBench::Pki {

using namespace Internal;

PrivateKey::PrivateKey() = default;
PrivateKey::~PrivateKey() = default;
PrivateKey::PrivateKey(PrivateKey &&) noexcept = default;
PrivateKey &PrivateKey::operator=(PrivateKey &&) noexcept = default;
PrivateKey::PrivateKey(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

bool PrivateKey::isNull() const
{
    return !m_impl || !m_impl->key;
}

KeyKind PrivateKey::kind() const
{
    if (isNull())
        return KeyKind::Rsa2048;
    return keyKindOf(m_impl->key.get()).value_or(KeyKind::Rsa2048);
}

Result<PrivateKey> generateKey(KeyKind kind)
{
    auto key = generate(kind);
    if (!key)
        return std::unexpected(key.error());
    auto impl = std::make_unique<PrivateKey::Impl>();
    impl->key = std::move(*key);
    return PrivateKey(std::move(impl));
}

namespace Internal {

namespace {

// A pem_password_cb that hands over a SecretBytes (or nothing: no terminal prompt, ever).
int passphraseCallback(char *buffer, int size, int /*rwflag*/, void *userData)
{
    const auto *secret = static_cast<const SecretBytes *>(userData);
    if (secret == nullptr || secret->isEmpty() || size <= 0)
        return -1;
    const int length = int(std::min<qsizetype>(secret->size(), size));
    std::memcpy(buffer, secret->reveal().constData(), size_t(length));
    return length;
}

QString curveName(const EVP_PKEY *key)
{
    char name[80] = {};
    size_t length = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &length) != 1)
        return {};
    return QString::fromUtf8(name, qsizetype(length));
}

} // namespace

bool isRsa(const EVP_PKEY *key)
{
    return EVP_PKEY_is_a(key, "RSA") == 1;
}

bool isP256(const EVP_PKEY *key)
{
    if (EVP_PKEY_is_a(key, "EC") != 1)
        return false;
    const QString curve = curveName(key);
    return curve == QLatin1String("prime256v1") || curve == QLatin1String("P-256");
}

QString describeKey(const EVP_PKEY *key)
{
    if (isRsa(key))
        return QStringLiteral("RSA-%1").arg(EVP_PKEY_get_bits(key));
    if (EVP_PKEY_is_a(key, "EC") == 1) {
        const QString curve = curveName(key);
        return QStringLiteral("EC %1").arg(curve.isEmpty() ? QStringLiteral("(explicit parameters)") : curve);
    }
    const char *type = EVP_PKEY_get0_type_name(key);
    return type ? QString::fromLatin1(type) : QStringLiteral("an unknown key type");
}

Result<KeyKind> keyKindOf(const EVP_PKEY *key)
{
    if (isRsa(key)) {
        const int bits = EVP_PKEY_get_bits(key);
        if (bits < 2048) {
            return fail(ErrorCode::Unsupported,
                        QStringLiteral("The key is RSA-%1; at least RSA-2048 is required. Make a new key.").arg(bits));
        }
        return bits >= 4096 ? KeyKind::Rsa4096 : bits >= 3072 ? KeyKind::Rsa3072 : KeyKind::Rsa2048;
    }
    if (isP256(key))
        return KeyKind::P256;
    return fail(ErrorCode::Unsupported,
                QStringLiteral("The key is %1; only RSA (2048 bits or more) and ECDSA P-256 are supported.")
                    .arg(describeKey(key)));
}

Result<EvpPkeyPtr> generate(KeyKind kind)
{
    clearOpenSslErrors();
    EvpPkeyPtr key;
    switch (kind) {
    case KeyKind::Rsa2048:
        key.reset(EVP_RSA_gen(2048));
        break;
    case KeyKind::Rsa3072:
        key.reset(EVP_RSA_gen(3072));
        break;
    case KeyKind::Rsa4096:
        key.reset(EVP_RSA_gen(4096));
        break;
    case KeyKind::P256:
        // Named-curve encoding is OpenSSL 3's default; x509_strict refuses explicit parameters.
        key.reset(EVP_EC_gen("P-256"));
        break;
    }
    if (!key) {
        return fail(ErrorCode::Error,
                    QStringLiteral("Could not generate a %1 key: %2").arg(keyKindName(kind), takeOpenSslError()));
    }
    return key;
}

EvpPkeyPtr upRef(EVP_PKEY *key)
{
    if (key == nullptr || EVP_PKEY_up_ref(key) != 1)
        return {};
    return EvpPkeyPtr(key);
}

bool publicKeysMatch(const EVP_PKEY *a, const EVP_PKEY *b)
{
    const bool equal = a != nullptr && b != nullptr && EVP_PKEY_eq(a, b) == 1;
    clearOpenSslErrors();
    return equal;
}

Result<QByteArray> encryptedPkcs8Pem(EVP_PKEY *key, const SecretBytes &passphrase)
{
    clearOpenSslErrors();
    const auto failure = [](const QString &step) {
        return fail(ErrorCode::Error, QStringLiteral("Could not encrypt the key (%1): %2").arg(step, takeOpenSslError()));
    };
    Pkcs8InfoPtr info(EVP_PKEY2PKCS8(key));
    if (!info)
        return failure(QStringLiteral("PKCS#8"));
    // Random 16-byte salt and IV; PBES2 with PBKDF2-HMAC-SHA256 (RFC 8018 6.2, A.2).
    X509AlgorPtr pbe(PKCS5_pbe2_set_iv(EVP_aes_256_cbc(), kPbkdf2Iterations, nullptr, kPbkdf2SaltBytes, nullptr,
                                       NID_hmacWithSHA256));
    if (!pbe)
        return failure(QStringLiteral("PBES2 parameters"));
    X509SigPtr encrypted(PKCS8_set0_pbe(passphrase.reveal().constData(), int(passphrase.size()), info.get(), pbe.get()));
    if (!encrypted)
        return failure(QStringLiteral("AES-256"));
    (void)pbe.release(); // owned by `encrypted` now
    BioPtr out = writableBio();
    if (!out || PEM_write_bio_PKCS8(out.get(), encrypted.get()) != 1)
        return failure(QStringLiteral("PEM"));
    return bioContents(out.get());
}

Result<SecretBytes> plainPkcs8Pem(EVP_PKEY *key)
{
    clearOpenSslErrors();
    BioPtr out = writableBio(true);
    if (!out || PEM_write_bio_PrivateKey(out.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return fail(ErrorCode::Error, QStringLiteral("Could not write the private key: %1").arg(takeOpenSslError()));
    return SecretBytes(bioContents(out.get()));
}

Result<EvpPkeyPtr> decryptCaKey(const QByteArray &pem, const SecretBytes &passphrase, const QString &path)
{
    clearOpenSslErrors();
    BioPtr in = memoryBio(pem);
    X509SigPtr encrypted(PEM_read_bio_PKCS8(in.get(), nullptr, passphraseCallback, nullptr));
    if (!encrypted) {
        clearOpenSslErrors();
        return fail(ErrorCode::Usage,
                    QStringLiteral("The CA key %1 is damaged or not an encrypted PKCS#8 key "
                                   "(-----BEGIN ENCRYPTED PRIVATE KEY-----); restore it from a backup.")
                        .arg(path));
    }
    // PBES2 has no integrity check of its own: a wrong passphrase and a damaged body both end
    // here; a damaged body that still decrypts is caught by the key/certificate match in open().
    Pkcs8InfoPtr info(PKCS8_decrypt(encrypted.get(), passphrase.reveal().constData(), int(passphrase.size())));
    if (!info) {
        clearOpenSslErrors();
        return fail(ErrorCode::Usage,
                    QStringLiteral("Could not unlock the CA key %1: wrong passphrase (or the key file is damaged).")
                        .arg(path));
    }
    EvpPkeyPtr key(EVP_PKCS82PKEY(info.get()));
    if (!key) {
        clearOpenSslErrors();
        return fail(ErrorCode::Usage,
                    QStringLiteral("Could not unlock the CA key %1: wrong passphrase (or the key file is damaged).")
                        .arg(path));
    }
    return key;
}

Result<EvpPkeyPtr> readAnyPrivateKey(const QByteArray &pem, const SecretBytes &passphrase, const QString &what)
{
    clearOpenSslErrors();
    const bool encrypted = pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || pem.contains("Proc-Type: 4,ENCRYPTED");
    if (encrypted && passphrase.isEmpty()) {
        return fail(ErrorCode::Usage,
                    QStringLiteral("%1 is encrypted; give its passphrase.").arg(what));
    }
    BioPtr in = memoryBio(pem);
    EvpPkeyPtr key(PEM_read_bio_PrivateKey(in.get(), nullptr, passphraseCallback,
                                           const_cast<SecretBytes *>(&passphrase)));
    clearOpenSslErrors();
    if (!key) {
        if (encrypted) {
            return fail(ErrorCode::Usage,
                        QStringLiteral("Could not decrypt %1: wrong passphrase (or the file is damaged).").arg(what));
        }
        return fail(ErrorCode::Usage,
                    QStringLiteral("%1 is not a well-formed PEM private key.").arg(what));
    }
    return key;
}

Result<EvpPkeyPtr> readPlainPrivateKey(const QByteArray &pem)
{
    clearOpenSslErrors();
    BioPtr in = memoryBio(pem);
    EvpPkeyPtr key(PEM_read_bio_PrivateKey(in.get(), nullptr, passphraseCallback, nullptr));
    clearOpenSslErrors();
    if (!key)
        return fail(ErrorCode::Parse, QStringLiteral("not a well-formed PEM private key"));
    return key;
}

Result<EvpPkeyPtr> keyToUse(std::optional<PrivateKey> &given, KeyKind kind)
{
    if (!given)
        return generate(kind);
    if (given->isNull())
        return fail(ErrorCode::Usage, QStringLiteral("The key given is empty."));
    if (auto supported = keyKindOf(given->impl()->key.get()); !supported)
        return std::unexpected(supported.error());
    return upRef(given->impl()->key.get());
}

} // namespace Internal
} // namespace ModemBench::Pki
