// Passphrase sources for the front ends (test-plan Security 2): a 0600 file or the environment.
// Error texts name the file and what to do, never its content.

#include "core/pki/cafolder.h"
#include "core/pki/certificateauthority.h"

#include <QFile>

namespace ModemBench::Pki {

namespace {
constexpr qint64 kMaxPassphraseFileBytes = 64 * 1024;
}

Result<SecretBytes> passphraseFromFile(const QString &path)
{
    if (auto ok = Internal::checkPrivateFile(path, QStringLiteral("The passphrase file")); !ok)
        return std::unexpected(ok.error());
    auto bytes = Internal::readSmallFile(path, kMaxPassphraseFileBytes, QStringLiteral("The passphrase file"));
    if (!bytes)
        return std::unexpected(bytes.error());
    SecretBytes whole(std::move(*bytes));
    const QByteArray &content = whole.reveal();
    qsizetype end = content.indexOf('\n');
    if (end < 0)
        end = content.size();
    if (end > 0 && content.at(end - 1) == '\r')
        --end;
    if (end == 0)
        return fail(ErrorCode::Usage, QStringLiteral("The passphrase file %1 is empty (its first line is).").arg(path));
    QByteArray line(content.constData(), end);
    return SecretBytes(std::move(line));
}

std::optional<SecretBytes> passphraseFromEnvironment()
{
    QByteArray value = qgetenv("MODEMBENCH_CA_PASSPHRASE");
    if (value.isEmpty())
        return std::nullopt;
    return SecretBytes(std::move(value));
}

} // namespace ModemBench::Pki
