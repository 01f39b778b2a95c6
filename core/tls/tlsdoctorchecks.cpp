#include "core/tls/tlsdoctorinternal.h"

#include <algorithm>

#include <QSet>

namespace ModemBench::Internal {

namespace {

QString subjectsOf(const QList<CertificateFacts> &list)
{
    QStringList subjects;
    for (const CertificateFacts &facts : list)
        subjects << facts.subject;
    return subjects.join(QStringLiteral("; "));
}

// A certificate outside its validity at the PC's time: the modem cannot fix that with its clock.
std::optional<DoctorFinding> expiredAtNow(const QString &check, const CertificateFacts &facts, const QDateTime &now,
                                          const QString &what, const QString &fix)
{
    if (!now.isValid())
        return std::nullopt;
    if (now > facts.notAfter) {
        return finding(check, Severity::Problem,
                       QStringLiteral("%1 %2 expired on %3.").arg(what, facts.subject, dateText(facts.notAfter)), fix);
    }
    if (now < facts.notBefore) {
        return finding(check, Severity::Problem,
                       QStringLiteral("%1 %2 is not valid before %3.").arg(what, facts.subject, dateText(facts.notBefore)), fix);
    }
    return std::nullopt;
}

} // namespace

QList<DoctorFinding> caFindings(const DoctorInput &input, const DoctorCertificates &certificates)
{
    const QString check = QStringLiteral("ca");
    const QString caName = input.settings.caName;
    if (!input.settings.tls)
        return {finding(check, Severity::Ok, QStringLiteral("No CA needed: TLS is off."))};
    if (caName.isEmpty()) {
        return {finding(check, Severity::Warning, QStringLiteral("No CA is set: the modem will accept any server."),
                        QStringLiteral("Upload and convert the CA that issued the server's certificate, and set it as the CA."))};
    }
    QList<DoctorFinding> found;
    if (!inInventory(input, caName)) {
        found << finding(check, Severity::Warning,
                         QStringLiteral("%1 was not uploaded by this tool; cannot check it.").arg(caName),
                         QStringLiteral("Upload it with ModemBench so the inventory knows its contents."));
    }
    if (certificates.caUnreadable) {
        found << finding(check, Severity::Problem, QStringLiteral("%1 is not a readable certificate.").arg(caName),
                         QStringLiteral("Upload the CA as PEM or DER."));
    }
    const QString renew = QStringLiteral("Get a current CA certificate and upload and convert it again.");
    for (const CertificateFacts &facts : certificates.ca) {
        if (auto expired = expiredAtNow(check, facts, input.now, QStringLiteral("The CA certificate"), renew))
            found << *expired;
    }
    if (found.isEmpty() && !certificates.ca.isEmpty()) {
        found << finding(check, Severity::Ok, QStringLiteral("The CA %1 (%2) is valid until %3.")
                                                  .arg(caName, subjectsOf(certificates.ca), dateText(certificates.ca.first().notAfter)));
    } else if (found.isEmpty()) {
        found << finding(check, Severity::Ok, QStringLiteral("The CA %1 is on the modem.").arg(caName));
    }
    return found;
}

std::optional<DoctorFinding> chainVerdictFinding(const DoctorInput &input, const DoctorCertificates &certificates)
{
    if (certificates.chain.isEmpty() || certificates.ca.isEmpty() || input.settings.caName.isEmpty())
        return std::nullopt;
    const QString check = QStringLiteral("chain");
    const ChainVerdict verdict = verifyChain(input.serverChainDer, certificates.ca);
    const QString caSubject = subjectsOf(certificates.ca);
    if (verdict.verified)
        return finding(check, Severity::Ok, QStringLiteral("The server's chain verifies against %1.").arg(caSubject));
    const QString topIssuer = certificates.chain.last().issuer;
    const bool sameName = std::any_of(certificates.ca.cbegin(), certificates.ca.cend(),
                                      [&](const CertificateFacts &ca) { return ca.subject == topIssuer; });
    if (verdict.issuerMissing && sameName) {
        // Two CAs made with the same default name: the names match, the keys do not.
        return finding(check, Severity::Problem,
                       QStringLiteral("The server's chain is issued by a CA named %1, and the CA on the modem has "
                                      "that name too, but it is a different CA: its key did not sign the server's "
                                      "certificate (CA on the modem: SHA-256 %2).")
                           .arg(topIssuer, QString::fromLatin1(certificates.ca.first().sha256.left(16))),
                       QStringLiteral("Convert the very CA certificate that issued the server's (compare "
                                      "fingerprints), or reissue the server's certificate from the CA on the modem."));
    }
    if (verdict.issuerMissing) {
        return finding(check, Severity::Problem,
                       QStringLiteral("The server's chain is issued by %1, which the CA on the modem (%2) did not sign.")
                           .arg(topIssuer, caSubject),
                       QStringLiteral("Convert the CA that issued the server's chain (%1) as %2, or give the server a "
                                      "certificate from %3.").arg(topIssuer, input.settings.caName, caSubject));
    }
    return finding(check, Severity::Problem,
                   QStringLiteral("The server's chain (issued by %1) does not verify against %2: %3.")
                       .arg(topIssuer, caSubject, verdict.reason),
                   QStringLiteral("Check the server's certificate chain and the CA on the modem."));
}

std::optional<DoctorFinding> hostNameFinding(const DoctorInput &input, const DoctorCertificates &certificates,
                                             Severity mismatch)
{
    if (certificates.chain.isEmpty())
        return std::nullopt;
    const QString check = QStringLiteral("chain");
    const CertificateFacts &leaf = certificates.chain.first();
    const QString name = expectedName(input);
    if (hostMatchesCertificate(leaf.der, name))
        return finding(check, Severity::Ok, QStringLiteral("The server's certificate is valid for %1.").arg(name));
    return finding(check, mismatch,
                   QStringLiteral("The server's certificate names %1, not %2.")
                       .arg(leaf.names.isEmpty() ? QStringLiteral("no host") : leaf.names.join(QStringLiteral(", ")), name),
                   QStringLiteral("Connect by a name the certificate carries (or set the SNI to it), or give the server "
                                  "a certificate for %1.").arg(name));
}

QList<DoctorFinding> chainFindings(const DoctorInput &input, const DoctorCertificates &certificates)
{
    const QString check = QStringLiteral("chain");
    if (!input.settings.tls)
        return {finding(check, Severity::Ok, QStringLiteral("No server chain: TLS is off."))};
    if (certificates.chain.isEmpty()) {
        if (!input.serverProbeError.isEmpty()) {
            return {finding(check, Severity::Warning,
                            QStringLiteral("The PC could not reach the server either: %1").arg(input.serverProbeError),
                            QStringLiteral("Check that the server is up and the port is open."))};
        }
        return {finding(check, Severity::Info, QStringLiteral("The server's chain was not looked at from the PC."))};
    }
    QList<DoctorFinding> found;
    if (auto verdict = chainVerdictFinding(input, certificates))
        found << *verdict;
    // Without a CA the module verifies nothing, so a name mismatch is only worth knowing.
    const Severity mismatch = input.settings.caName.isEmpty() ? Severity::Info : Severity::Problem;
    if (auto host = hostNameFinding(input, certificates, mismatch))
        found << *host;
    return found;
}

QList<DoctorFinding> clientFindings(const DoctorInput &input, const DoctorCertificates &certificates)
{
    const QString check = QStringLiteral("client");
    const QString name = input.settings.clientCertName;
    if (!input.settings.tls || name.isEmpty())
        return {finding(check, Severity::Ok, QStringLiteral("No client certificate (the server is not asked to check the module)."))};
    QList<DoctorFinding> found;
    if (!inInventory(input, name)) {
        found << finding(check, Severity::Warning,
                         QStringLiteral("%1 was not uploaded by this tool; cannot check it.").arg(name),
                         QStringLiteral("Upload it with ModemBench so the inventory knows its contents."));
    }
    if (certificates.clientUnreadable) {
        found << finding(check, Severity::Problem, QStringLiteral("%1 is not a readable certificate.").arg(name),
                         QStringLiteral("Upload the client certificate as PEM or DER."));
    }
    const QString renew = QStringLiteral("Issue a new device certificate and upload and convert it with its key.");
    for (const CertificateFacts &facts : certificates.client) {
        if (auto expired = expiredAtNow(check, facts, input.now, QStringLiteral("The client certificate"), renew))
            found << *expired;
    }
    if (found.isEmpty()) {
        found << finding(check, Severity::Ok, certificates.client.isEmpty()
                             ? QStringLiteral("The client certificate %1 is on the modem.").arg(name)
                             : QStringLiteral("The client certificate %1 (%2) is valid until %3.")
                                   .arg(name, certificates.client.first().subject, dateText(certificates.client.first().notAfter)));
    }
    return found;
}

QList<DoctorFinding> filesFindings(const DoctorInput &input)
{
    const QString check = QStringLiteral("files");
    QList<DoctorFinding> found;
    for (const QString &name : input.filesNotByteExact) {
        found << finding(check, Severity::Problem,
                         QStringLiteral("%1 on the modem is not byte for byte what was uploaded.").arg(name),
                         QStringLiteral("Re-upload %1 (and convert it again).").arg(name));
    }
    for (const ModemFileRecord &record : input.inventory) {
        if (record.kind == ModemFileKind::Other || record.converted)
            continue;
        found << finding(check, Severity::Warning, QStringLiteral("%1 was uploaded but never converted.").arg(record.name),
                         QStringLiteral("Convert it (AT+CSSLCFG=\"convert\"), or upload it again with ModemBench, which converts."));
    }
    if (found.isEmpty())
        found << finding(check, Severity::Ok, QStringLiteral("The files this tool knows of are byte-exact and converted."));
    return found;
}

QList<DoctorFinding> namesFindings(const DoctorInput &input)
{
    const QString check = QStringLiteral("names");
    QStringList names;
    const QSet<QString> boundNames{input.settings.caName, input.settings.clientCertName};
    for (const QString &name : {input.settings.caName, input.settings.clientCertName}) {
        if (!name.isEmpty())
            names << name;
    }
    for (const ModemFileRecord &record : input.inventory)
        names << record.name;
    names.removeDuplicates();
    QList<DoctorFinding> found;
    for (const QString &name : std::as_const(names)) {
        if (name.size() > kFileNameLimit) {
            const bool overCasslcfg = boundNames.contains(name) && name.size() > kCasslcfgNameLimit;
            found << finding(check, Severity::Problem,
                             QStringLiteral("%1 is %2 characters long; the module's file system allows %3%4.")
                                 .arg(name).arg(name.size()).arg(kFileNameLimit)
                                 .arg(overCasslcfg ? QStringLiteral(" and AT+CASSLCFG %1").arg(kCasslcfgNameLimit) : QString()),
                             QStringLiteral("Use a file name of at most %1 characters.").arg(kFileNameLimit));
        }
        if (name.contains(QLatin1Char(' '))) {
            found << finding(check, Severity::Info, QStringLiteral("%1 contains spaces.").arg(name),
                             QStringLiteral("It works quoted, but names without spaces avoid trouble with other tools."));
        }
    }
    if (found.isEmpty())
        found << finding(check, Severity::Ok, QStringLiteral("Every file name fits the module's limits."));
    return found;
}

} // namespace ModemBench::Internal
