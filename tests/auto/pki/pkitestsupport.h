#pragma once

// Helpers of the CA tests: fixed passphrases, IMEIs with their check digit, file modes and hashes,
// tampering, and the lint of test-plan Security 4 read with OpenSSL's own parser.

#include "core/parsers/identity.h"
#include "core/pki/certbuilder.h"
#include "core/pki/certificateauthority.h"
#include "core/pki/keys.h"
#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include "../../common/cliprocess.h"
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace PkiTest {

using namespace ModemBench;
using namespace ModemBench::Pki;


inline const SecretBytes &passphrase()
{
    static const SecretBytes secret(QByteArrayLiteral("correct horse battery"));
    return secret;
}

inline SecretBytes secret(const char *text)
{
    return SecretBytes(QByteArray(text));
}

using Run = CliTest::OpensslRun;
using CliTest::openssl;

// 14 digits + their Luhn check digit (3GPP TS 23.003 annex B).
inline QString imeiFrom(const QString &fourteen)
{
    for (int check = 0; check <= 9; ++check) {
        const QString imei = fourteen + QString::number(check);
        if (imeiLuhnValid(imei))
            return imei;
    }
    return {};
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline mode_t modeOf(const QString &path)
{
    struct stat info{};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? (info.st_mode & 07777) : mode_t(07777);
}

// Names, modes and contents of everything under `dir`: equal before and after = untouched.
inline QByteArray folderHash(const QString &dir)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QStringList entries;
    QDirIterator it(dir, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        entries << it.next();
    entries.sort();
    hash.addData(QByteArray::number(modeOf(dir)));
    for (const QString &entry : entries) {
        hash.addData(entry.toUtf8());
        hash.addData(QByteArray::number(modeOf(entry)));
        if (QFileInfo(entry).isFile())
            hash.addData(readFile(entry));
    }
    return hash.result().toHex();
}

// Flips one bit in the middle of the base64 body of a PEM file.
inline void tamper(const QString &path)
{
    QByteArray bytes = readFile(path);
    const qsizetype bodyStart = bytes.indexOf('\n') + 1;
    const qsizetype bodyEnd = bytes.lastIndexOf("-----END");
    qsizetype at = bodyStart + (bodyEnd - bodyStart) / 2;
    while (bytes.at(at) == '\n')
        ++at;
    bytes[at] = bytes.at(at) == 'A' ? 'B' : 'A';
    QVERIFY(writeFile(path, bytes));
}

struct X509Free {
    void operator()(X509 *x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

inline X509Ptr parse(const QByteArray &pem)
{
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    X509 *cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    return X509Ptr(cert);
}

inline QByteArray octets(const ASN1_OCTET_STRING *s)
{
    return s ? QByteArray(reinterpret_cast<const char *>(ASN1_STRING_get0_data(s)), ASN1_STRING_length(s)) : QByteArray();
}

// test-plan Security 4 (the lint of issued certificates).
inline void lintLeaf(const QByteArray &pem, X509 *ca, CertKind kind, bool rsa)
{
    X509Ptr cert = parse(pem);
    QVERIFY(cert);
    QCOMPARE(X509_get_version(cert.get()), long(X509_VERSION_3));
    const ASN1_INTEGER *serial = X509_get0_serialNumber(cert.get());
    QCOMPARE(ASN1_STRING_type(serial), V_ASN1_INTEGER);  // not V_ASN1_NEG_INTEGER
    QVERIFY(ASN1_STRING_length(serial) <= 20);
    QVERIFY(ASN1_STRING_length(serial) >= 8);          // >= 64 random bits (we use 126)

    int critical = -1;
    auto *constraints = static_cast<BASIC_CONSTRAINTS *>(X509_get_ext_d2i(cert.get(), NID_basic_constraints, &critical, nullptr));
    QVERIFY(constraints);
    QCOMPARE(constraints->ca, 0);
    QCOMPARE(critical, 1);
    BASIC_CONSTRAINTS_free(constraints);

    auto *usage = static_cast<ASN1_BIT_STRING *>(X509_get_ext_d2i(cert.get(), NID_key_usage, &critical, nullptr));
    QVERIFY(usage);
    QCOMPARE(critical, 1);
    ASN1_BIT_STRING_free(usage);
    const uint32_t keyUsage = X509_get_key_usage(cert.get());
    QCOMPARE(keyUsage, rsa ? uint32_t(KU_DIGITAL_SIGNATURE | KU_KEY_ENCIPHERMENT) : uint32_t(KU_DIGITAL_SIGNATURE));
    const uint32_t extended = X509_get_extended_key_usage(cert.get());
    QCOMPARE(extended, kind == CertKind::Server ? uint32_t(XKU_SSL_SERVER) : uint32_t(XKU_SSL_CLIENT));

    QVERIFY(X509_get0_subject_key_id(cert.get()));
    QVERIFY(X509_get0_authority_key_id(cert.get()));
    QCOMPARE(octets(X509_get0_authority_key_id(cert.get())), octets(X509_get0_subject_key_id(ca)));

    const int signature = X509_get_signature_nid(cert.get());
    QVERIFY2(signature == NID_sha256WithRSAEncryption || signature == NID_ecdsa_with_SHA256, OBJ_nid2ln(signature));
    EVP_PKEY *key = X509_get0_pubkey(cert.get());
    if (EVP_PKEY_is_a(key, "RSA") == 1)
        QVERIFY(EVP_PKEY_get_bits(key) >= 2048);
    QCOMPARE(EVP_PKEY_is_a(key, "RSA") == 1, rsa);
}

} // namespace PkiTest
