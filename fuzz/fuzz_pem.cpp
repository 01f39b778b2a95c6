// libFuzzer target for CSR/PEM import (test-plan "Fuzz targets": CSR/PEM import).
//
// Input: the first byte selects the entry point (value % 3); the rest is the input:
//   0  Internal::parseCsr(rest)                      the CA's CSR parser (signCsr's first step)
//   1  checkForModem(rest, no key)                   a certificate alone
//   2  checkForModem(cert, key) with rest split at the first NUL byte (cert before, key after)
// Besides "no crash, no UB": a refused CSR is a Usage error with a one-line message; an accepted
// one has a signature that verified, a non-empty "/..." subject and a supported key; every modem
// check carries a non-empty one-line message, and a failed parse never passes without an error.
#include "fuzzcheck.h"

#include "core/pki/certificateauthority.h"
#include "core/pki/csr.h"

#include <cstdint>

namespace {

using namespace ModemBench;
using namespace ModemBench::Pki;

void checkMessage(const QString &message)
{
    FUZZ_CHECK(!message.isEmpty());
    FUZZ_CHECK(message.size() <= 2048);
    FUZZ_CHECK(!message.contains(QLatin1Char('\n')));
}

void checkCsr(const QByteArray &input)
{
    auto csr = Internal::parseCsr(input);
    if (!csr) {
        FUZZ_CHECK(csr.error().code == ErrorCode::Usage);
        checkMessage(csr.error().message);
        return;
    }
    FUZZ_CHECK(csr->request != nullptr);
    FUZZ_CHECK(csr->publicKey != nullptr);
    FUZZ_CHECK(csr->subject.startsWith(QLatin1Char('/')));
    for (const QByteArray &ip : csr->ipAddresses)
        FUZZ_CHECK(ip.size() == 4 || ip.size() == 16);
}

void checkModem(const QByteArray &certificate, const QByteArray &key)
{
    const QList<ModemCheck> checks = checkForModem(certificate, SecretBytes(key), 10240);
    bool anyError = false;
    for (const ModemCheck &check : checks) {
        checkMessage(check.message);
        anyError = anyError || check.severity == ModemCheck::Severity::Error;
    }
    // Nothing that is not a certificate passes.
    if (!certificate.contains("-----BEGIN CERTIFICATE-----"))
        FUZZ_CHECK(anyError);
    if (certificate.size() > 10240 || key.size() > 10240)
        FUZZ_CHECK(anyError);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const int which = data[0] % 3;
    const QByteArray rest(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    if (which == 0) {
        checkCsr(rest);
    } else if (which == 1) {
        checkModem(rest, {});
    } else {
        const qsizetype split = rest.indexOf('\0');
        checkModem(split < 0 ? rest : rest.left(split), split < 0 ? QByteArray() : rest.mid(split + 1));
    }
    return 0;
}
