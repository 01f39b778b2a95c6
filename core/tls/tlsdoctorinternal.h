#pragma once

// Shared by tlsdoctor.cpp (preflight: firmware, version, SNI, clock), tlsdoctorchecks.cpp (CA,
// chain, client, files, names) and tlsdoctorfailure.cpp (after a failed open).

#include "core/tls/tlsdoctor.h"
#include "core/tls/x509facts.h"

namespace ModemBench::Internal {

using Severity = DoctorFinding::Severity;

inline DoctorFinding finding(const QString &check, Severity severity, const QString &message, const QString &fix = {})
{
    return DoctorFinding{severity, check, message, fix};
}

// The certificates the doctor can see, parsed once per call.
struct DoctorCertificates {
    QList<CertificateFacts> ca;
    QList<CertificateFacts> client;
    QList<CertificateFacts> chain;   // leaf first
    bool caUnreadable = false;       // caCertificatesPem given but nothing parsed
    bool clientUnreadable = false;
};
DoctorCertificates loadCertificates(const DoctorInput &input);

QString dateText(const QDateTime &when);           // "2026-11-22 12:00 UTC"
QString durationText(qint64 seconds);              // "3 h 12 min"
// The name the module sends as SNI (and, like mbedTLS, checks the certificate against): the SNI
// setting, else the host unless it is an IP address. Empty: none.
QString effectiveSni(const DoctorInput &input);
// The name the certificate must carry: the SNI, else the host (an IP then).
QString expectedName(const DoctorInput &input);
bool inInventory(const DoctorInput &input, const QString &name);

// "<what> <subject> is valid from A to B; the module clock says C." when `at` is outside.
std::optional<QString> outsideValidity(const CertificateFacts &facts, const QDateTime &at, const QString &what);

QList<DoctorFinding> caFindings(const DoctorInput &input, const DoctorCertificates &certificates);
QList<DoctorFinding> chainFindings(const DoctorInput &input, const DoctorCertificates &certificates);
QList<DoctorFinding> clientFindings(const DoctorInput &input, const DoctorCertificates &certificates);
QList<DoctorFinding> filesFindings(const DoctorInput &input);
QList<DoctorFinding> namesFindings(const DoctorInput &input);

// The chain check shared by preflight and failure 27: Problem naming both sides, or Ok.
std::optional<DoctorFinding> chainVerdictFinding(const DoctorInput &input, const DoctorCertificates &certificates);
std::optional<DoctorFinding> hostNameFinding(const DoctorInput &input, const DoctorCertificates &certificates,
                                             Severity mismatch);

inline constexpr qint64 kClockToleranceS = 5 * 60;
inline constexpr int kFileNameLimit = 50;      // AT+CFSWFILE (protocol §9)
inline constexpr int kCasslcfgNameLimit = 64;  // AT+CASSLCFG "cacert" (§7.2)

} // namespace ModemBench::Internal
