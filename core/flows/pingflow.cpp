#include "core/flows/networkflows.h"

namespace ModemBench {

namespace {

PingDialect dialectOf(const NetworkContext &c)
{
    return c.hasProfile() ? c.profile().ping : PingDialect::Snping4;
}

QByteArray pingCommand(const NetworkContext &c, const QString &host, const NetworkOptions &o)
{
    QByteArray quotedHost = host.toLatin1();
    quotedHost.replace('"', "");
    quotedHost = '"' + quotedHost + '"';
    if (dialectOf(c) == PingDialect::Cipping) {
        // §6.8: timeout in units of 100 ms, 1..600.
        const int timeout = qBound(1, o.pingTimeoutMs / 100, 600);
        return "AT+CIPPING=" + quotedHost + ',' + QByteArray::number(o.pingCount) + ','
               + QByteArray::number(o.pingSize) + ',' + QByteArray::number(timeout);
    }
    return "AT+SNPING4=" + quotedHost + ',' + QByteArray::number(o.pingCount) + ',' + QByteArray::number(o.pingSize)
           + ',' + QByteArray::number(qBound(1, o.pingTimeoutMs, 60000));
}

FlowVerdict judgePing(NetworkContext &c, const QString &host, const NetworkOptions &o, const Result<AtResponse> &r)
{
    if (!r)
        return FlowVerdict::failedStep(r.error(), QObject::tr("Ping %1").arg(host),
                                       QObject::tr("Check the data connection first (modembench-cli connect)."));
    const auto replies = dialectOf(c) == PingDialect::Cipping ? parseCipping(r->lines) : parseSnping4(r->lines);
    if (!replies)
        return FlowVerdict::failed(replies.error());
    c.ping.host = host;
    c.ping.sent = o.pingCount;
    c.ping.replies = *replies;
    if (c.ping.received() == 0)
        return FlowVerdict::failed({ErrorCode::Error,
                                    QObject::tr("No replies from %1 (%2 sent): check the data connection "
                                                "(modembench-cli connect), the host name, and that the host answers ping")
                                        .arg(host)
                                        .arg(o.pingCount),
                                    r->lines.join('\n'), -1});
    return FlowVerdict::next();
}

} // namespace

QList<FlowStep> pingSteps(const std::shared_ptr<NetworkContext> &context, const QString &host,
                          const NetworkOptions &options)
{
    const std::shared_ptr<NetworkContext> c = context;
    FlowStep pdpid;
    pdpid.id = QStringLiteral("snpdpid");
    pdpid.label = QObject::tr("Choosing the PDP context for ping (AT+SNPDPID=0)");
    pdpid.when = [c] { return dialectOf(*c) == PingDialect::Snping4WithPdpid; };
    pdpid.request = [] { return AtRequest::make("AT+SNPDPID=0"); };
    FlowStep ping;
    ping.id = QStringLiteral("ping");
    ping.label = QObject::tr("Pinging %1").arg(host);
    ping.request = [c, host, options] {
        AtRequest request = AtRequest::make(pingCommand(*c, host, options));
        // Every probe may take its full timeout; the timeout restarts on each reply line.
        request.timeoutMs = options.pingTimeoutMs + 10000;
        request.prefixes = {"+SNPING4:", "+CIPPING:"};
        return request;
    };
    ping.handle = [c, host, options](const Result<AtResponse> &r) { return judgePing(*c, host, options, r); };
    return {pdpid, ping};
}

} // namespace ModemBench
