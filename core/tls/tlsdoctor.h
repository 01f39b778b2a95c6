#pragma once

// The TLS doctor of issue #6 (users.md, "TLS connections fail with opaque errors"): checks before
// a connection that catch what users find only after days (module clock vs validity, TLS version,
// SNI, files not byte-exact, name lengths, firmware), and after a failure the likely cause and the
// fix, using what the PC can see of the server itself. Pure functions over plain data: no modem,
// no network, so every finding is unit-tested.

#include "core/flows/tlsflows.h"
#include "core/store/fileinventory.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QString>

#include <optional>

namespace ModemBench {

struct DoctorFinding {
    enum class Severity { Ok, Info, Warning, Problem };
    Severity severity = Severity::Ok;
    QString check;     // stable id: "clock", "tls-version", "sni", "files", "names", "firmware", "ca", "chain", ...
    QString message;   // what was found, in words
    QString fix;       // what to do (empty for Ok)
};
QString severityName(DoctorFinding::Severity severity); // "ok", "info", "warning", "problem"
QJsonArray findingsToJson(const QList<DoctorFinding> &findings);
bool hasProblem(const QList<DoctorFinding> &findings);

struct DoctorInput {
    TlsSettings settings;
    QString host;
    int port = 0;
    std::optional<ModelProfile> profile;        // model, firmware, TLS capability
    std::optional<QDateTime> modemClock;        // AT+CCLK?, UTC
    QDateTime now;                              // the PC clock, UTC (injectable)
    QList<QByteArray> caCertificatesPem;        // what was (or will be) converted as settings.caName
    QByteArray clientCertificatePem;            // settings.clientCertName's certificate, if known
    QList<ModemFileRecord> inventory;           // what the tool knows is on the modem
    QStringList filesNotByteExact;              // names whose read-back failed (verifyFileSteps)
    QList<QByteArray> serverChainDer;           // as the PC saw it (ServerChainProbe), leaf first; may be empty
    QString serverProbeError;                   // why the PC could not reach the server, if it tried
    QString serverProtocol;                     // ServerChain::protocol ("TLSv1.3") the PC negotiated; may be empty
};

// Before connecting: every check, Ok ones included, in a fixed order: firmware, tls-version, sni,
// clock, ca, chain (server chain vs the CA, then the host name vs the leaf), client, files, names.
// A check with several findings (two files to re-upload) repeats its id; one with nothing wrong
// gives a single Ok. With settings.tls false the TLS checks give Ok/Info "TLS is off".
QList<DoctorFinding> preflightFindings(const DoctorInput &input);

// After AT+CAOPEN (or SIM800 CIPSTART) failed with `resultCode`: the likely causes, most likely
// first, each with its fix. Uses the server chain when present to say e.g. "the server's chain is
// issued by CN=X, which the CA on the modem (CN=Y) did not sign". Check ids: 24 "clock"; 25 "host",
// "sni"; 26 both; 27 "server", "chain", "tls-version", "client" (Problems first, then Warnings, then
// what was ruled out); 20 "dns"; 21 "network"; 23 "port"; any other code "result" (caResultMeaning).
QList<DoctorFinding> failureFindings(const DoctorInput &input, int resultCode);

} // namespace ModemBench
