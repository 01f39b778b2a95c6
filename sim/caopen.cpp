// AT+CAOPEN (protocol.md §8.2) in the SIM7000 and SIM7080 syntaxes: the scenario's routes, the TLS
// settings from CASSLCFG/CSSLCFG and the converted certificates (§7), and the deferred result.
#include "castack.h"
#include "sim70xx.h"

namespace ModemBench::Sim {

namespace {
using Form = AtCommand::Form;

constexpr int kNetworkNotActive = 21;  // §8.2, §14.2: no CNACT
constexpr qsizetype kMaxHostLength = 64;

std::optional<int> number(const AtCommand &command, qsizetype index)
{
    const auto text = command.stringArg(index);
    bool ok = false;
    const int value = text ? text->trimmed().toInt(&ok) : 0;
    return ok ? std::optional<int>(value) : std::nullopt;
}

// The connection type: "TCP" (any case); SIM7080 V1.02 also documents 0 for TCP (§16.5). UDP is
// not simulated.
bool isTcp(const AtCommand &command, qsizetype index)
{
    const QByteArray type = command.stringArg(index).value_or(QByteArray()).trimmed().toUpper();
    return type == "TCP" || type == "0";
}

struct Target
{
    QString address;
    quint16 port = 0;
};

// Scenario "routes": "host:port" first, then "host"; without one the host as given (docs/modemsim.md).
Target route(const SimConfig &config, const QByteArray &host, quint16 port)
{
    const QByteArray name = host.toLower();
    auto found = config.routes.constFind(name + ':' + QByteArray::number(port));
    if (found == config.routes.constEnd())
        found = config.routes.constFind(name);
    if (found == config.routes.constEnd())
        return {QString::fromLatin1(host), port};
    const qsizetype colon = found->indexOf(':');
    if (colon < 0)
        return {QString::fromLatin1(*found), port};
    return {QString::fromLatin1(found->left(colon)), quint16(found->mid(colon + 1).toUInt())};
}

} // namespace

// SIM7000: AT+CAOPEN=<cid>[,"TCP"],"<host>",<port>; SIM7080: AT+CAOPEN=<cid>,<pdp>,"TCP","<host>",
// <port>[,<recv_mode>] (§8.2, §15). "+CAOPEN: <cid>,<result>" then OK once the attempt is over, or
// with AT+CACFG="ASYNCOPEN",1 OK first and the result as a URC. A cid in use answers ERROR: the
// manual does not say (§14.7) and libraries always CACLOSE first.
void Sim70xx::onCaopen(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Read)
        return onCaopenRead(reply);
    if (command.form == Form::Test)
        return reply.add(sim7080Dialect() ? "+CAOPEN: (0-12),(0-3),(\"TCP\",\"UDP\"),<server>,(1-65535),(0-1)"
                                          : "+CAOPEN: (0-12),(\"TCP\",\"UDP\"),<server>,(1-65535)");
    const qsizetype count = command.args.size();
    const bool sim7080 = sim7080Dialect();
    const bool withType = sim7080 || count == 4;
    const qsizetype hostIndex = sim7080 ? 3 : count - 2;
    const auto cid = number(command, 0);
    const auto pdp = sim7080 ? number(command, 1) : std::optional<int>(0);
    const QByteArray host = command.stringArg(hostIndex).value_or(QByteArray()).trimmed();
    const auto port = number(command, hostIndex + 1);
    const bool countOk = sim7080 ? (count == 5 || count == 6) : (count == 3 || count == 4);
    // recv_mode 1 pushes +CAURC data (§8.2); only the CARECV mode is simulated.
    const bool recvModeOk = count != 6 || number(command, 5) == 0;
    if (command.form != Form::Write || !countOk || !CaStack::validCid(cid) || !pdp || *pdp < 0 || *pdp > 3
        || (withType && !isTcp(command, sim7080 ? 2 : 1)) || host.isEmpty() || host.size() > kMaxHostLength
        || !port || *port < 1 || *port > 65535 || !recvModeOk)
        return reply.fail(Cme::kInvalidInputValue);
    if (m_ca->inUse(*cid))
        return reply.failPlain();
    const QByteArray id = decimal(*cid);
    if (!context.state.pdp.at(*pdp).active)
        return reply.add("+CAOPEN: " + id + ',' + decimal(kNetworkNotActive));
    const Target target = route(context.config, host, quint16(*port));
    CaOpenRequest request{target.address, target.port, host, quint16(*port), *pdp, tlsSettings(*cid, host, context)};
    const int index = *cid;
    if (m_ca->cacfg.value("ASYNCOPEN").value(0) == "1") {
        m_ca->open(index, request, [this, id](int result) { m_ca->urc("+CAOPEN: " + id + ',' + decimal(result)); });
        return;
    }
    reply.async = AsyncRequest{[this, index, id, request](AsyncRequest::Done done) {
        m_ca->open(index, request, [id, done](int result) { done({"+CAOPEN: " + id + ',' + decimal(result)}, true); });
    }};
}

void Sim70xx::onCaopenRead(Reply &reply)
{
    for (int cid = 0; cid <= CaStack::kMaxCid; ++cid) {
        const CaSocket *socket = m_ca->socket(cid);
        if (!socket || socket->state() != CaSocket::State::Open)
            continue;
        const CaOpenRequest &r = m_ca->request(cid);
        const QByteArray where = "\"TCP\",\"" + r.host + "\"," + decimal(r.requestedPort);
        reply.add("+CAOPEN: " + decimal(cid) + ',' + (sim7080Dialect() ? decimal(r.pdpIndex) + ',' : QByteArray()) + where);
    }
}

// §7.2: "ssl" 1 makes the connection TLS with the SSL context "crindex" (§7.1). An empty "cacert"
// trusts every server; a named one must be a converted CA list. A "clientcert"/"CERT" must name a
// converted client pair. Validity is judged at the module clock unless ignorertctime is 1.
std::optional<TlsSettings> Sim70xx::tlsSettings(int cid, const QByteArray &host, const ModemContext &context) const
{
    const CaConfig &config = m_ca->config(cid);
    if (config.ssl != 1)
        return std::nullopt;
    const SslContext &ssl = context.state.ssl.at(config.crindex);
    TlsSettings settings;
    settings.sslVersion = ssl.protocol == 2 ? 4 : ssl.sslVersion;  // DTLS cannot run over TCP
    settings.sni = ssl.sni;
    settings.host = host;
    if (ssl.ignoreRtcTime != 1)
        settings.checkTime = context.state.moduleUtc();
    const auto &converted = context.state.converted;
    if (!config.cacert.isEmpty()) {
        settings.verifyPeer = true;
        const auto ca = converted.constFind(config.cacert);
        settings.caPem = ca != converted.constEnd() ? ca->certificates : QByteArray();  // none: open fails
    }
    if (!config.clientcert.isEmpty()) {
        const auto pair = converted.constFind(config.clientcert);
        const bool usable = pair != converted.constEnd() && pair->type == 1;
        // An unusable name fails the open (27) rather than silently connecting without it.
        settings.clientCertPem = usable ? pair->certificates : QByteArray("-");
        settings.clientKeyPem = usable ? pair->keyPem : QByteArray();
    }
    return settings;
}

} // namespace ModemBench::Sim
