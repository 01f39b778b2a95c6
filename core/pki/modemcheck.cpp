// checkForModem(): what must hold before a certificate and key are uploaded to a SIMCom modem
// (issue #5; protocol.md: AT+CFSWFILE takes 1..10240 bytes; users.md: "a key type convert does not
// accept"; test-plan Security 6: RSA is what works, ECDSA P-256 is "verify on your firmware").

#include "core/pki/certbuilder.h"
#include "core/pki/certificateauthority.h"
#include "core/pki/keys.h"

#include <QLocale>

namespace ModemBench::Pki {

using namespace Internal;

namespace {

ModemCheck error(const QString &message)
{
    return ModemCheck{ModemCheck::Severity::Error, message};
}

ModemCheck warning(const QString &message)
{
    return ModemCheck{ModemCheck::Severity::Warning, message};
}

// What the modem's PEM parser gets must be plain ASCII PEM, starting with the BEGIN line.
bool isCleanPem(const QByteArray &bytes, const QByteArray &label)
{
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x7f || (u < 0x20 && c != '\n' && c != '\r' && c != '\t'))
            return false;
    }
    const QByteArray trimmed = bytes.trimmed();
    return trimmed.startsWith("-----BEGIN " + label + "-----") && trimmed.endsWith("-----");
}

void checkSize(QList<ModemCheck> &checks, const QByteArray &bytes, const QString &what, qsizetype fileLimit)
{
    if (bytes.size() > fileLimit) {
        checks << error(QStringLiteral("The %1 is %2 bytes; the modem takes files of at most %3 bytes (AT+CFSWFILE). "
                                       "Use a shorter chain or a smaller key.")
                            .arg(what).arg(bytes.size()).arg(fileLimit));
    }
}

void checkValidity(QList<ModemCheck> &checks, X509 *certificate)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime notAfter = toDateTime(X509_get0_notAfter(certificate));
    const QDateTime notBefore = toDateTime(X509_get0_notBefore(certificate));
    if (notAfter.isValid() && notAfter < now) {
        checks << error(QStringLiteral("The certificate expired on %1; issue a new one.")
                            .arg(notAfter.toString(Qt::ISODate)));
    }
    if (notBefore.isValid() && notBefore > now) {
        checks << warning(QStringLiteral("The certificate is valid only from %1; a modem whose clock is right "
                                         "refuses it until then.").arg(notBefore.toString(Qt::ISODate)));
    }
}

void checkKeyType(QList<ModemCheck> &checks, EVP_PKEY *key)
{
    if (isRsa(key)) {
        if (EVP_PKEY_get_bits(key) < 2048)
            checks << error(QStringLiteral("The key is %1; use RSA-2048 or larger.").arg(describeKey(key)));
        return;
    }
    if (isP256(key)) {
        checks << warning(QStringLiteral("The key is ECDSA P-256: verify on your firmware. Every public working "
                                         "SIM7000 example uses RSA-2048."));
        return;
    }
    checks << error(QStringLiteral("The key is %1, which SIMCom modems are not known to accept; use RSA-2048.")
                        .arg(describeKey(key)));
}

} // namespace

QList<ModemCheck> checkForModem(const QByteArray &certificatePem, const SecretBytes &privateKeyPem, qsizetype fileLimit)
{
    QList<ModemCheck> checks;
    checkSize(checks, certificatePem, QStringLiteral("certificate"), fileLimit);
    X509Ptr certificate;
    if (certificatePem.trimmed().isEmpty()) {
        checks << error(QStringLiteral("There is no certificate to upload."));
    } else if (!isCleanPem(certificatePem, "CERTIFICATE")) {
        checks << error(QStringLiteral("The certificate is not clean PEM: it must be ASCII and start with "
                                       "-----BEGIN CERTIFICATE-----. Export it again as PEM."));
    } else if (auto parsed = readCertificate(certificatePem); !parsed) {
        checks << error(QStringLiteral("The certificate PEM is malformed (it does not parse as X.509). Export it again."));
    } else {
        certificate = std::move(*parsed);
        checkValidity(checks, certificate.get());
    }

    // No key: a CA certificate on its own (AT+CSSLCFG="convert",2,...).
    if (privateKeyPem.isEmpty())
        return checks;
    const QByteArray &keyPem = privateKeyPem.reveal();
    checkSize(checks, keyPem, QStringLiteral("private key"), fileLimit);
    if (keyPem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || keyPem.contains("Proc-Type: 4,ENCRYPTED")) {
        checks << error(QStringLiteral("The private key is encrypted; the modem needs it unencrypted (it is stored in "
                                       "the modem's file system)."));
        return checks;
    }
    const bool labelled = isCleanPem(keyPem, "PRIVATE KEY") || isCleanPem(keyPem, "RSA PRIVATE KEY")
        || isCleanPem(keyPem, "EC PRIVATE KEY");
    auto key = labelled ? readPlainPrivateKey(keyPem) : Result<EvpPkeyPtr>(fail(ErrorCode::Parse, {}));
    if (!key) {
        checks << error(QStringLiteral("The private key PEM is malformed: it must be ASCII and start with "
                                       "-----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY). Export it again."));
        return checks;
    }
    checkKeyType(checks, key->get());
    if (certificate && !publicKeysMatch(X509_get0_pubkey(certificate.get()), key->get())) {
        checks << error(QStringLiteral("The certificate and the private key do not belong together; pick the key "
                                       "the certificate was issued for."));
    }
    return checks;
}

} // namespace ModemBench::Pki
