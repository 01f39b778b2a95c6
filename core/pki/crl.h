#pragma once

// Certificate revocation lists (internal to core/pki): RFC 5280 5, v2, CRL number, AKI, reason codes.

#include "core/error.h"
#include "core/pki/opensslptr.h"
#include "core/pki/pkitypes.h"

#include <QDateTime>
#include <QList>

namespace ModemBench::Pki::Internal {

struct RevokedEntry {
    QString serialHex;
    QDateTime revokedAt;
    RevocationReason reason = RevocationReason::Unspecified;
};

Result<X509CrlPtr> buildCrl(X509 *caCertificate, EVP_PKEY *caKey, const QList<RevokedEntry> &revoked,
                            qint64 number, const QDateTime &lastUpdate, const QDateTime &nextUpdate);
QByteArray crlPem(X509_CRL *crl);
// The CRL number of a PEM CRL; 0 when it has none or does not parse.
qint64 crlNumberOf(const QByteArray &pem);

} // namespace ModemBench::Pki::Internal
