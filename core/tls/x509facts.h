#pragma once

// What the TLS doctor and the server-chain probe read from certificates, on OpenSSL (core/pki's
// RAII wrappers). Internal: no public header includes it, so OpenSSL stays out of the front ends.

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace ModemBench::Internal {

struct CertificateFacts {
    QByteArray der;
    QString subject;      // "O=Acme,CN=localhost" (forward order, no spaces)
    QString issuer;
    QDateTime notBefore;  // UTC
    QDateTime notAfter;
    QStringList names;    // subjectAltName DNS and IP entries; the CN when there are none
    QByteArray sha256;    // lower-case hex of the DER
};

std::optional<CertificateFacts> certificateFromDer(const QByteArray &der);
// Every certificate in a PEM bundle (or one DER certificate); empty when none parses.
QList<CertificateFacts> certificatesFromPem(const QByteArray &pemOrDer);

struct ChainVerdict {
    bool verified = false;
    QString reason;       // OpenSSL's verify error text when not verified
    bool issuerMissing = false; // no CA in `trusted` signed the chain (the usual mismatch)
};

// Whether `chainDer` (leaf first) leads to one of `trusted`, as a modem holding `trusted` as its CA
// list would decide: signatures only, any trusted certificate is an anchor (partial chains), and
// the time checked only when `at` is valid.
ChainVerdict verifyChain(const QList<QByteArray> &chainDer, const QList<CertificateFacts> &trusted,
                         const QDateTime &at = {});

// X509_check_host / X509_check_ip_asc against the leaf.
bool hostMatchesCertificate(const QByteArray &leafDer, const QString &host);
bool isIpAddress(const QString &host);

} // namespace ModemBench::Internal
