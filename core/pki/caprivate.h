#pragma once

// CertificateAuthority's state, shared by certificateauthority.cpp (create, import, open, the
// read-only views) and caissue.cpp (issue, sign, revoke, CRL).

#include "core/pki/cafolder.h"
#include "core/pki/certificateauthority.h"
#include "core/pki/opensslptr.h"
#include "core/pki/registry.h"

namespace ModemBench::Pki {

namespace Internal {

struct CaState {
    CaPaths paths;
    X509Ptr certificate;
    EvpPkeyPtr key;
    Registry registry;
    CaInfo info;
};

inline constexpr qint64 kMaxPemFileBytes = 256 * 1024;
// Certificates start this far in the past: a modem clock a little behind still accepts a fresh one.
inline constexpr qint64 kBackdateSeconds = 3600;

CaInfo caInfoOf(const CaPaths &paths, X509 *certificate, qint64 crlNumber);
IssuedCertificate recordOf(X509 *certificate, CertKind kind, const QString &imei, const QString &path);

} // namespace Internal

struct CertificateAuthority::Private : Internal::CaState {
    explicit Private(Internal::CaState &&state) : CaState(std::move(state)) {}
};

} // namespace ModemBench::Pki
