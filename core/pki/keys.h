#pragma once

#include <optional>

// Key generation, PKCS#8 encryption at rest and key parsing (internal to core/pki).

#include "core/error.h"
#include "core/pki/certificateauthority.h"
#include "core/pki/opensslptr.h"
#include "core/pki/pkitypes.h"

namespace ModemBench::Pki {

struct PrivateKey::Impl {
    Internal::EvpPkeyPtr key;
};

namespace Internal {

// PBKDF2-HMAC-SHA256 iterations for the CA key (PKCS#8 PBES2, AES-256-CBC). 600000 is OWASP's 2023
// figure for PBKDF2-HMAC-SHA256, ~300x OpenSSL's default of 2048. PBKDF2 rather than scrypt: OpenSSL
// 3.0 decrypts scrypt only within a 32 MiB budget, so N=2^15 (r=8) would not open with `openssl pkey`,
// and N=2^14 is what `openssl pkcs8 -scrypt` already gives (no stronger).
inline constexpr int kPbkdf2Iterations = 600000;
inline constexpr int kPbkdf2SaltBytes = 16;

// RSA of 2048/3072/4096 bits (other RSA sizes >= 2048 map to the next kind below) or EC P-256;
// anything else (RSA < 2048, other curves, Ed25519, DSA) is Unsupported with a message naming it.
Result<KeyKind> keyKindOf(const EVP_PKEY *key);
QString describeKey(const EVP_PKEY *key);  // "RSA-2048", "EC prime256v1", "ED25519"
bool isRsa(const EVP_PKEY *key);
bool isP256(const EVP_PKEY *key);

Result<EvpPkeyPtr> generate(KeyKind kind);
// The key a caller made (generateKey() off the GUI thread), or a new one of `kind`.
Result<EvpPkeyPtr> keyToUse(std::optional<PrivateKey> &given, KeyKind kind);
EvpPkeyPtr upRef(EVP_PKEY *key);
bool publicKeysMatch(const EVP_PKEY *a, const EVP_PKEY *b);

// "-----BEGIN ENCRYPTED PRIVATE KEY-----" (PBES2, AES-256-CBC, PBKDF2-HMAC-SHA256, kPbkdf2Iterations).
Result<QByteArray> encryptedPkcs8Pem(EVP_PKEY *key, const SecretBytes &passphrase);
// "-----BEGIN PRIVATE KEY-----", in a buffer wiped when the SecretBytes dies.
Result<SecretBytes> plainPkcs8Pem(EVP_PKEY *key);

// Our own CA key file: PKCS#8 encrypted only. A wrong passphrase is Usage "wrong passphrase".
Result<EvpPkeyPtr> decryptCaKey(const QByteArray &pem, const SecretBytes &passphrase, const QString &path);
// Any PEM private key (PKCS#8 plain or encrypted, traditional RSA/EC with or without DEK-Info);
// `passphrase` may be empty for a plain key. Never prompts on a terminal.
Result<EvpPkeyPtr> readAnyPrivateKey(const QByteArray &pem, const SecretBytes &passphrase, const QString &what);
// A plain key only (what a modem takes); an encrypted one fails.
Result<EvpPkeyPtr> readPlainPrivateKey(const QByteArray &pem);

} // namespace Internal
} // namespace ModemBench::Pki
