#pragma once

// Parsing a certificate signing request (internal to core/pki; also the entry point of
// fuzz/fuzz_pem.cpp). The CSR's own signature is verified; its key must be one we issue for.

#include "core/error.h"
#include "core/pki/opensslptr.h"
#include "core/pki/pkitypes.h"

#include <QList>
#include <QStringList>

namespace ModemBench::Pki::Internal {

inline constexpr qsizetype kMaxCsrBytes = 64 * 1024;

struct CsrContents {
    X509ReqPtr request;
    EvpPkeyPtr publicKey;
    KeyKind key = KeyKind::Rsa2048;
    QString subject;                // "/CN=..."
    QString commonName;
    QStringList dnsNames;           // from a subjectAltName extension request, checked
    QList<QByteArray> ipAddresses;  // 4 or 16 bytes each
};

// Usage errors say what is wrong: not PEM, bad signature, empty subject, unsupported key.
Result<CsrContents> parseCsr(const QByteArray &pem);

} // namespace ModemBench::Pki::Internal
