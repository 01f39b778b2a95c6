#pragma once

// Building and reading X.509 certificates (internal to core/pki): subjects, serials, validity,
// the v3 extensions of each kind (RFC 5280 4.2; test-plan Security 4), SHA-256 signatures.

#include "core/error.h"
#include "core/pki/opensslptr.h"
#include "core/pki/pkitypes.h"

#include <QDateTime>
#include <QList>
#include <QStringList>

namespace ModemBench::Pki::Internal {

// "/C=DE/O=Acme/CN=Root" (openssl's -subj form; "\/" is a literal slash). Usage error naming the
// bad field otherwise.
Result<X509NamePtr> parseSubject(const QString &text);
QString subjectOneLine(const X509_NAME *name);   // "/C=DE/O=Acme/CN=Root"
QString commonName(const X509_NAME *name);

// 16 random bytes, top bit clear (positive, RFC 5280 4.1.2.2) and the next one set so that every
// serial has 16 octets and 126 random bits.
Result<Asn1IntegerPtr> randomSerial();
QString serialHex(const ASN1_INTEGER *serial);   // "4F0A..." as `openssl x509 -serial` prints it
Result<Asn1IntegerPtr> serialFromHex(const QString &hex);
// Upper-case hex without separators or a "serial=" prefix, even length; empty when not hex.
QString normalizeSerialHex(const QString &text);

QString sha256Fingerprint(X509 *certificate);    // "AB:CD:..."
QDateTime toDateTime(const ASN1_TIME *time);
bool setTime(ASN1_TIME *time, const QDateTime &when);

// Validation of SAN entries; the IP in network byte order (4 or 16 bytes).
Result<void> checkDnsName(const QString &name);
Result<QByteArray> parseIpAddress(const QString &text);

struct LeafSpec {
    CertKind kind = CertKind::Device;
    const X509_NAME *subject = nullptr;
    EVP_PKEY *publicKey = nullptr;
    QDateTime notBefore;
    QDateTime notAfter;
    QStringList dnsNames;
    QList<QByteArray> ipAddresses;  // from parseIpAddress
};

Result<X509Ptr> buildCaCertificate(EVP_PKEY *key, const X509_NAME *subject, const ASN1_INTEGER *serial,
                                   const QDateTime &notBefore, const QDateTime &notAfter);
Result<X509Ptr> buildLeafCertificate(const LeafSpec &spec, const ASN1_INTEGER *serial, X509 *caCertificate,
                                     EVP_PKEY *caKey);

Result<X509Ptr> readCertificate(const QByteArray &pem);
QByteArray certificatePem(X509 *certificate);
// basicConstraints CA:TRUE and, when keyUsage is present, keyCertSign.
bool isCaCertificate(X509 *certificate);
bool hasSubjectKeyIdentifier(X509 *certificate);

} // namespace ModemBench::Pki::Internal
