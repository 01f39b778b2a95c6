#include "core/pki/pkitypes.h"

#include <array>

namespace ModemBench::Pki {

namespace {

struct KeyKindEntry {
    KeyKind kind;
    const char *name;
};
constexpr std::array kKeyKinds{
    KeyKindEntry{KeyKind::Rsa2048, "rsa2048"},
    KeyKindEntry{KeyKind::Rsa3072, "rsa3072"},
    KeyKindEntry{KeyKind::Rsa4096, "rsa4096"},
    KeyKindEntry{KeyKind::P256, "p256"},
};

struct ReasonEntry {
    RevocationReason reason;
    const char *name;
};
// openssl ca -crl_reason spells them like this.
constexpr std::array kReasons{
    ReasonEntry{RevocationReason::Unspecified, "unspecified"},
    ReasonEntry{RevocationReason::KeyCompromise, "keyCompromise"},
    ReasonEntry{RevocationReason::CaCompromise, "CACompromise"},
    ReasonEntry{RevocationReason::AffiliationChanged, "affiliationChanged"},
    ReasonEntry{RevocationReason::Superseded, "superseded"},
    ReasonEntry{RevocationReason::CessationOfOperation, "cessationOfOperation"},
};

} // namespace

QString keyKindName(KeyKind kind)
{
    for (const auto &entry : kKeyKinds) {
        if (entry.kind == kind)
            return QString::fromLatin1(entry.name);
    }
    return {};
}

std::optional<KeyKind> parseKeyKind(const QString &name)
{
    const QString wanted = name.trimmed();
    for (const auto &entry : kKeyKinds) {
        if (wanted.compare(QLatin1String(entry.name), Qt::CaseInsensitive) == 0)
            return entry.kind;
    }
    return std::nullopt;
}

QString certKindName(CertKind kind)
{
    switch (kind) {
    case CertKind::Ca:
        return QStringLiteral("ca");
    case CertKind::Server:
        return QStringLiteral("server");
    case CertKind::Device:
        return QStringLiteral("device");
    }
    return {};
}

QString certStatusName(CertStatus status)
{
    switch (status) {
    case CertStatus::Valid:
        return QStringLiteral("valid");
    case CertStatus::Revoked:
        return QStringLiteral("revoked");
    case CertStatus::Expired:
        return QStringLiteral("expired");
    }
    return {};
}

QString revocationReasonName(RevocationReason reason)
{
    for (const auto &entry : kReasons) {
        if (entry.reason == reason)
            return QString::fromLatin1(entry.name);
    }
    return {};
}

std::optional<RevocationReason> parseRevocationReason(const QString &name)
{
    const QString wanted = name.trimmed();
    for (const auto &entry : kReasons) {
        if (wanted.compare(QLatin1String(entry.name), Qt::CaseInsensitive) == 0)
            return entry.reason;
    }
    return std::nullopt;
}

} // namespace ModemBench::Pki
