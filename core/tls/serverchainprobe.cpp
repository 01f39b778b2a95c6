#include "core/tls/serverchainprobe.h"

// Placeholder until the probe is written (issue #6): reports Unsupported.
namespace ModemBench {

struct ServerChainProbe::Private {};

ServerChainProbe::ServerChainProbe(QObject *parent) : QObject(parent), d(std::make_unique<Private>()) {}
ServerChainProbe::~ServerChainProbe() = default;

void ServerChainProbe::start(const QString &, int, const QString &, int)
{
    Q_EMIT finished(fail(ErrorCode::Unsupported, tr("Looking at the server's chain is not available yet.")));
}

void ServerChainProbe::cancel() {}

} // namespace ModemBench
