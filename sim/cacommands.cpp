// The SIM7000/SIM7080 CA* application stack (protocol.md §7.2, §8): per-connection settings, send,
// receive, state and close. AT+CAOPEN and the TLS set-up are in caopen.cpp, the sockets in
// castack.cpp / casocket.cpp.
#include "castack.h"
#include "sim70xx.h"

#include <algorithm>

namespace ModemBench::Sim {

namespace {
using Form = AtCommand::Form;

constexpr int kMaxChunk = 1460;          // §8.3/§8.4: the documented send and read limit
constexpr int kDefaultInputTimeMs = 5000;  // §8.3
constexpr qsizetype kMaxNameLength = 64;   // §7.2 certificate names

// Parameter i, quoted or not (§1: modules take both).
std::optional<int> number(const AtCommand &command, qsizetype index)
{
    const auto text = command.stringArg(index);
    bool ok = false;
    const int value = text ? text->trimmed().toInt(&ok) : 0;
    return ok ? std::optional<int>(value) : std::nullopt;
}

std::optional<int> numberIn(const AtCommand &command, qsizetype index, int minimum, int maximum)
{
    const auto value = number(command, index);
    return value && *value >= minimum && *value <= maximum ? value : std::nullopt;
}

QByteArray quoted(const QByteArray &text)
{
    return '"' + text + '"';
}

// §8.7 tags and how many values each takes (SIM7000 V1.06 list; SIM7080 accepts them as well).
struct CacfgTag
{
    const char *name;
    int minValues;
    int maxValues;
};
constexpr CacfgTag kCacfgTags[] = {
    {"TRANSWAITTM", 1, 1}, {"TRANSPKTSIZE", 1, 1}, {"SACK", 1, 1},       {"MSS", 1, 1},
    {"ACKDELAY", 1, 1},    {"TCPIRT", 1, 1},       {"MAXRXT", 1, 1},     {"TCPOT", 1, 1},
    {"KEEPALIVE", 1, 4},   {"TCP_NODELAY", 1, 1},  {"LINGER", 1, 2},     {"SNDBUF", 1, 1},
    {"RCVBUF", 1, 1},      {"ATOCLOSE", 1, 2},     {"ACCEPTNUM", 1, 1},  {"ASYNCOPEN", 1, 1},
    {"TIMEOUT", 2, 2},     {"LOCALPORT", 2, 2},    {"REMOTEADDR", 3, 3},
};
} // namespace

Sim70xx::~Sim70xx() = default;

void Sim70xx::addCaStack()
{
    m_ca = std::make_unique<CaStack>();
    addCommand("+CACID", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCacid(c, x, r); });
    addCommand("+CASSLCFG", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCasslcfg(c, x, r); });
    addCommand("+CACFG", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCacfg(c, x, r); });
    addCommand("+CAOPEN", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCaopen(c, x, r); });
    addCommand("+CASEND", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCasend(c, x, r); });
    addCommand("+CARECV", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCarecv(c, x, r); });
    addCommand("+CASTATE", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCastate(c, x, r); });
    addCommand("+CACLOSE", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCaclose(c, x, r); });
    addCommand("+CAACK", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCaack(c, x, r); });
}

void Sim70xx::setUnsolicitedSink(UnsolicitedSink sink)
{
    m_ca->setSink(std::move(sink));
}

void Sim70xx::dropConnections()
{
    m_ca->reset();
}

void Sim70xx::networkLost()
{
    for (const QByteArray &line : closeSocketsOn(std::nullopt))
        m_ca->urc(line);
}

// The connections stay in use (AT+CACLOSE answers OK, what came stays readable), like a peer close.
QList<QByteArray> Sim70xx::closeSocketsOn(std::optional<int> pdpIndex)
{
    QList<QByteArray> urcs;
    for (int cid = 0; cid <= CaStack::kMaxCid; ++cid) {
        CaSocket *socket = m_ca->socket(cid);
        if (!socket || (pdpIndex && m_ca->request(cid).pdpIndex != *pdpIndex))
            continue;
        if (socket->state() == CaSocket::State::Open)
            urcs.append("+CASTATE: " + decimal(cid) + ",0");
        socket->close();
    }
    return urcs;
}

// §8.1: AT+CACID=<cid> picks the cid the SIM7000 CASSLCFG read form shows.
void Sim70xx::onCacid(const AtCommand &command, ModemContext &, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CACID: (0-12)");
    if (command.form == Form::Read)
        return reply.add("+CACID: " + decimal(m_ca->cacid.value_or(0)));
    const auto cid = number(command, 0);
    if (command.form != Form::Write || command.args.size() != 1 || !CaStack::validCid(cid))
        return reply.fail(Cme::kInvalidInputValue);
    m_ca->cacid = *cid;
}

// §7.2: keywords case-insensitive, quoted or not; SIM7000 and SIM7080 have different sets.
void Sim70xx::onCasslcfg(const AtCommand &command, ModemContext &, Reply &reply)
{
    if (command.form == Form::Read)
        return onCasslcfgRead(reply);
    if (command.form == Form::Test) {
        return reply.add(sim7080Dialect() ? "+CASSLCFG: (0-12),(\"SSL\",\"CRINDEX\",\"CACERT\",\"CERT\",\"PSKTABLE\")"
                                          : "+CASSLCFG: (0-12),(\"ssl\",\"crindex\",\"cacert\",\"clientcert\","
                                            "\"psktable\",\"timeout\",\"localport\",\"protocol\")");
    }
    const auto cid = number(command, 0);
    if (command.form != Form::Write || command.args.size() != 3 || !CaStack::validCid(cid))
        return reply.fail(Cme::kInvalidInputValue);
    const QByteArray key = command.stringArg(1).value_or(QByteArray()).trimmed().toLower();
    CaConfig &config = m_ca->config(*cid);
    struct IntKey
    {
        const char *name;
        int CaConfig::*field;
        int maximum;
        bool sim7000Only;
    };
    static const IntKey kInts[] = {{"ssl", &CaConfig::ssl, 1, false},          {"crindex", &CaConfig::crindex, 5, false},
                                   {"timeout", &CaConfig::timeout, 65535, true}, {"localport", &CaConfig::localport, 65535, true},
                                   {"protocol", &CaConfig::protocol, 1, true}};
    for (const IntKey &entry : kInts) {
        if (key != entry.name || (entry.sim7000Only && sim7080Dialect()))
            continue;
        const auto value = numberIn(command, 2, 0, entry.maximum);
        if (!value)
            return reply.fail(Cme::kInvalidInputValue);
        config.*entry.field = *value;
        config.written = true;
        return;
    }
    const QByteArray clientKey = sim7080Dialect() ? "cert" : "clientcert";  // §16.10
    QByteArray *target = key == "cacert" ? &config.cacert
                         : key == clientKey ? &config.clientcert
                         : key == "psktable" ? &config.psktable
                                             : nullptr;
    const QByteArray name = command.stringArg(2).value_or(QByteArray());
    if (!target || name.size() > kMaxNameLength)
        return reply.fail(Cme::kInvalidInputValue);
    *target = name;
    config.written = true;
}

// §7.2 read forms: SIM7000 a block for the AT+CACID cid (just OK without one); SIM7080 one line per
// cid that was configured.
void Sim70xx::onCasslcfgRead(Reply &reply)
{
    if (sim7080Dialect()) {
        for (int cid = 0; cid <= CaStack::kMaxCid; ++cid) {
            const CaConfig &c = m_ca->config(cid);
            if (c.written)
                reply.add("+CASSLCFG: " + decimal(cid) + ',' + decimal(c.ssl) + ',' + decimal(c.crindex) + ','
                          + quoted(c.cacert) + ',' + quoted(c.clientcert) + ',' + quoted(c.psktable));
        }
        return;
    }
    if (!m_ca->cacid)
        return;
    const CaConfig &c = m_ca->config(*m_ca->cacid);
    reply.add("+CASSLCFG: " + decimal(*m_ca->cacid));
    for (const QByteArray &line : {"cacert:" + c.cacert, "clientcert:" + c.clientcert, "psktable:" + c.psktable,
                                   "timeout:" + decimal(c.timeout), "ssl:" + decimal(c.ssl),
                                   "crindex:" + decimal(c.crindex), "localport:" + decimal(c.localport),
                                   "protocol:" + decimal(c.protocol)})
        reply.add(line);
}

// §8.7: the tags are remembered (read form) and, except ASYNCOPEN, change nothing else.
void Sim70xx::onCacfg(const AtCommand &command, ModemContext &, Reply &reply)
{
    if (command.form == Form::Test) {
        QByteArrayList names;
        for (const CacfgTag &tag : kCacfgTags)
            names.append(quoted(tag.name));
        return reply.add("+CACFG: (" + names.join(',') + ')');
    }
    if (command.form == Form::Read) {
        for (auto it = m_ca->cacfg.cbegin(); it != m_ca->cacfg.cend(); ++it)
            reply.add("+CACFG: " + quoted(it.key()) + ',' + it->join(','));
        return;
    }
    if (command.form != Form::Write || command.args.isEmpty())
        return reply.fail(Cme::kInvalidInputValue);
    const QByteArray tag = command.stringArg(0).value_or(QByteArray()).trimmed().toUpper();
    const auto found = std::find_if(std::begin(kCacfgTags), std::end(kCacfgTags),
                                    [&](const CacfgTag &entry) { return tag == entry.name; });
    const qsizetype values = command.args.size() - 1;
    if (found == std::end(kCacfgTags) || values < found->minValues || values > found->maxValues)
        return reply.fail(Cme::kInvalidInputValue);
    QByteArrayList stored;
    for (qsizetype i = 1; i < command.args.size(); ++i) {
        const bool address = tag == "REMOTEADDR" && i == 2;
        const auto value = number(command, i);
        if (!address && (!value || *value < 0))
            return reply.fail(Cme::kInvalidInputValue);
        stored.append(address ? quoted(command.stringArg(i).value_or(QByteArray())) : decimal(*value));
    }
    m_ca->cacfg.insert(tag, stored);
}

// §8.3: AT+CASEND=<cid>,<len>[,<inputtime>] -> "> ", exactly <len> bytes, OK; SIM7000 then sends
// "+CASEND: <cid>,0,<len>", SIM7080 nothing more. SIM7080 AT+CASEND=<cid> gives the free room.
void Sim70xx::onCasend(const AtCommand &command, ModemContext &, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CASEND: (0-12),(1-1460),(1-50000)");
    const auto cid = number(command, 0);
    if (command.form != Form::Write || !CaStack::validCid(cid) || command.args.size() > 3)
        return reply.fail(Cme::kInvalidInputValue);
    CaSocket *socket = m_ca->socket(*cid);
    if (!socket || socket->state() != CaSocket::State::Open)
        return reply.failPlain();
    const int room = int(std::max<qint64>(0, kMaxChunk - socket->unacknowledged()));
    if (command.args.size() == 1) {
        if (!sim7080Dialect())
            return reply.fail(Cme::kInvalidInputValue);
        return reply.add("+CASEND: " + decimal(room));
    }
    const auto length = numberIn(command, 1, 1, kMaxChunk);
    const auto inputTime = command.args.size() > 2 ? numberIn(command, 2, 1, 50000) : kDefaultInputTimeMs;
    if (!length || !inputTime || *length > room)
        return reply.failPlain();
    reply.addRaw("\r\n> ");  // §18: SIM7000's prompt has a space
    const int id = *cid;
    reply.dataRequest = DataRequest{*length, *inputTime, [this, id](const QByteArray &data, ModemContext &, Reply &done) {
        CaSocket *target = m_ca->socket(id);
        if (!target || !target->send(data))
            return done.failPlain();
        if (!sim7080Dialect())
            done.addUrc(0, "+CASEND: " + decimal(id) + ",0," + decimal(int(data.size())));
    }};
}

// §8.4: "+CARECV: <n>,<data>" on one line (what real modules send), "+CARECV: 0" when empty. The
// read form lists the cids with data (TinyGSM's undocumented use).
void Sim70xx::onCarecv(const AtCommand &command, ModemContext &, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CARECV: (0-12),(1-1460)");
    if (command.form == Form::Read) {
        for (int cid = 0; cid <= CaStack::kMaxCid; ++cid) {
            if (const CaSocket *socket = m_ca->socket(cid); socket && socket->available() > 0)
                reply.add("+CARECV: " + decimal(cid) + ',' + decimal(int(socket->available())));
        }
        return;
    }
    const auto cid = number(command, 0);
    const auto wanted = number(command, 1);
    if (command.form != Form::Write || command.args.size() != 2 || !CaStack::validCid(cid) || !wanted || *wanted < 1)
        return reply.fail(Cme::kInvalidInputValue);
    CaSocket *socket = m_ca->socket(*cid);
    if (!socket)
        return reply.failPlain();
    const QByteArray data = socket->read(std::min(*wanted, kMaxChunk));
    reply.add(data.isEmpty() ? QByteArray("+CARECV: 0") : "+CARECV: " + decimal(int(data.size())) + ',' + data);
}

// §8.5: one line per cid opened since boot, 1 while connected, 0 once closed.
void Sim70xx::onCastate(const AtCommand &command, ModemContext &, Reply &reply)
{
    if (command.form == Form::Test)
        return;
    if (command.form != Form::Read)
        return reply.fail(Cme::kOperationNotSupported);
    for (const auto &[cid, state] : m_ca->states())
        reply.add("+CASTATE: " + decimal(cid) + ',' + decimal(state));
}

// §8.6: OK for a cid in use (also one the peer closed), ERROR otherwise.
void Sim70xx::onCaclose(const AtCommand &command, ModemContext &, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CACLOSE: (0-12)");
    const auto cid = number(command, 0);
    if (command.form != Form::Write || command.args.size() != 1 || !CaStack::validCid(cid))
        return reply.fail(Cme::kInvalidInputValue);
    if (!m_ca->close(*cid))
        reply.failPlain();
}

// §8.6: "+CAACK: <total sent>,<not yet acknowledged>" (bytes still in our send queue).
void Sim70xx::onCaack(const AtCommand &command, ModemContext &, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CAACK: (0-12)");
    const auto cid = number(command, 0);
    if (command.form != Form::Write || command.args.size() != 1 || !CaStack::validCid(cid))
        return reply.fail(Cme::kInvalidInputValue);
    const CaSocket *socket = m_ca->socket(*cid);
    if (!socket)
        return reply.failPlain();
    reply.add("+CAACK: " + QByteArray::number(socket->sentTotal()) + ','
              + QByteArray::number(socket->unacknowledged()));
}

} // namespace ModemBench::Sim
