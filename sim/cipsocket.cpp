// SIM800's single-connection CIP socket (protocol.md §11.2, §11.3, §14.9): AT+CIPSTART over a real
// TCP connection, with AT+CIPSSL=1 a TLS handshake offering at most TLS 1.0 (what the module's
// firmware speaks), AT+CIPSEND, AT+CIPCLOSE, AT+CIPHEAD and pushed data. CIPMUX=1 is not simulated.
#include "casocket.h"
#include "sim800.h"

namespace ModemBench::Sim {

namespace {
using Form = AtCommand::Form;

constexpr int kMaxSend = 1460;            // §11.2 CIPSEND? size
constexpr int kSendInputTimeMs = 645000;  // §11.2: no data within 645 s ends the prompt
constexpr int kOpenTimeoutMs = 75000;     // §11.2: 75 s
constexpr int kTlsConnectFailed = 27;

std::optional<int> number(const AtCommand &command, qsizetype index)
{
    const auto text = command.stringArg(index);
    bool ok = false;
    const int value = text ? text->trimmed().toInt(&ok) : 0;
    return ok ? std::optional<int>(value) : std::nullopt;
}
} // namespace

Sim800::~Sim800()
{
    // No event loop may run after us: delete now rather than later.
    if (CaSocket *socket = std::exchange(m_cip, nullptr)) {
        QObject::disconnect(socket, nullptr, nullptr, nullptr);
        delete socket;
    }
}

void Sim800::addCipSocket()
{
    addCommand("+CIPSTART", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCipstart(c, x, r); });
    addCommand("+CIPSEND", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCipsend(c, x, r); });
    addCommand("+CIPCLOSE", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCipclose(c, x, r); });
    addCommand("+CIPHEAD", [this](const AtCommand &command, ModemContext &, Reply &reply) {
        if (command.form == Form::Test)
            return reply.add("+CIPHEAD: (0,1)");
        if (command.form == Form::Read)
            return reply.add("+CIPHEAD: " + decimal(m_cipHead));
        const auto value = command.intArg(0);
        if (command.form != Form::Write || command.args.size() != 1 || !value || *value < 0 || *value > 1)
            return reply.fail(Cme::kInvalidInputValue);
        m_cipHead = *value;
    });
    // CIPSTATUS reports the connection (§11.2 states); CIPSHUT also ends it.
    addCommand("+CIPSTATUS", [this](const AtCommand &command, ModemContext &context, Reply &reply) {
        if (command.form != Form::Action || (!m_cip && !m_cipPeerClosed))
            return onCipstatus(command, context, reply);
        const bool open = m_cip && m_cip->state() == CaSocket::State::Open;
        reply.addUrc(0, QByteArray("STATE: ") + (open ? "CONNECT OK" : m_cip ? "TCP CONNECTING" : "TCP CLOSED"));
    });
    addCommand("+CIPSHUT", [this](const AtCommand &command, ModemContext &context, Reply &reply) {
        if (command.form == Form::Action) {
            closeCip();
            m_cipPeerClosed = false;
        }
        onCipshut(command, context, reply);
    });
}

// §11.2: "+PDP: DEACT" (dataLostUrcs) tells the host; the connection ends with the context.
void Sim800::networkLost()
{
    if (m_cip) {
        closeCip();
        m_cipPeerClosed = true;
    }
}

void Sim800::dropConnections()
{
    closeCip();
    m_cipPeerClosed = false;
    m_cipHead = 0;
}

void Sim800::closeCip()
{
    CaSocket *socket = std::exchange(m_cip, nullptr);
    if (!socket)
        return;
    // Also called from the socket's own signals: no more of them, deletion once control returns.
    QObject::disconnect(socket, nullptr, nullptr, nullptr);
    socket->close();
    socket->deleteLater();
}

// AT+CIPSTART="TCP","<host>","<port>" -> OK, then "CONNECT OK" or "STATE: TCP CLOSED" +
// "CONNECT FAIL"; a failed TLS handshake ends as "CLOSE OK" (§14.9). Needs the bearer up (CIICR).
void Sim800::onCipstart(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CIPSTART: (\"TCP\",\"UDP\"),(\"(0-255).(0-255).(0-255).(0-255)\"),(1-65535)");
    const QByteArray type = command.stringArg(0).value_or(QByteArray()).trimmed().toUpper();
    const QByteArray host = command.stringArg(1).value_or(QByteArray()).trimmed();
    const auto port = number(command, 2);
    if (command.form != Form::Write || command.args.size() != 3 || context.state.cipmux != 0 || type != "TCP"
        || host.isEmpty() || !port || *port < 1 || *port > 65535)
        return reply.failPlain();
    if (m_cip) {
        reply.failPlain();
        return reply.addUrc(0, "ALREADY CONNECT");
    }
    if (!cipBearerUp(context.state) || !context.state.registered())
        return reply.failPlain();
    std::optional<TlsSettings> tls;
    if (context.state.cipssl == 1) {
        // SSL2/SSL3/TLS 1.0 in practice (§11.3, §16.19); no CA store, no SNI.
        tls = TlsSettings{};
        tls->sslVersion = 1;
        tls->host = host;
    }
    m_cipPeerClosed = false;
    m_cip = new CaSocket;
    const bool secure = tls.has_value();
    QObject::connect(m_cip, &CaSocket::opened, m_cip, [this, secure](int result) {
        if (result == 0)
            return urc("CONNECT OK", false);
        closeCip();
        if (secure && result == kTlsConnectFailed)
            return urc("CLOSE OK", false);
        urc("STATE: TCP CLOSED", false);
        urc("CONNECT FAIL", false);
    });
    QObject::connect(m_cip, &CaSocket::dataArrived, m_cip, [this] { onCipData(); });
    QObject::connect(m_cip, &CaSocket::peerClosed, m_cip, [this] {
        onCipData();
        closeCip();
        m_cipPeerClosed = true;
        urc("CLOSED", false);
    });
    m_cip->open(QString::fromLatin1(host), quint16(*port), tls, kOpenTimeoutMs);
}

// §11.2 push mode: "+IPD,<len>:<data>" with CIPHEAD=1, the bare data otherwise.
void Sim800::onCipData()
{
    if (!m_cip)
        return;
    // Each pass drains a chunk of a buffer bounded by CaSocket::kReceiveBuffer.
    for (QByteArray data = m_cip->read(kMaxSend); !data.isEmpty(); data = m_cip->read(kMaxSend))
        urc(m_cipHead == 1 ? "\r\n+IPD," + decimal(int(data.size())) + ':' + data : data, true);
}

// AT+CIPSEND=<len> -> ">" (no space on SIM800, §18), exactly <len> bytes, "SEND OK" (CIPQSEND=1:
// "DATA ACCEPT:<len>"). The Ctrl-Z form and multi-connection ids are not simulated.
void Sim800::onCipsend(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CIPSEND: <length>");
    if (command.form == Form::Read)
        return reply.add("+CIPSEND: " + decimal(kMaxSend));
    const auto length = number(command, 0);
    if (command.form != Form::Write || command.args.size() != 1 || !length || *length < 1 || *length > kMaxSend
        || !m_cip || m_cip->state() != CaSocket::State::Open)
        return reply.failPlain();
    reply.addRaw("\r\n>");
    const bool quick = context.state.cipqsend == 1;
    reply.dataRequest = DataRequest{*length, kSendInputTimeMs, [this, quick](const QByteArray &data, ModemContext &, Reply &done) {
        if (!m_cip || !m_cip->send(data)) {
            done.okText = "SEND FAIL";
            return;
        }
        done.okText = quick ? "DATA ACCEPT:" + decimal(int(data.size())) : QByteArray("SEND OK");
    }};
}

// AT+CIPCLOSE[=<mode>] -> "CLOSE OK"; ERROR when nothing is connected (§11.2).
void Sim800::onCipclose(const AtCommand &command, ModemContext &, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CIPCLOSE: (0,1)");
    if ((command.form != Form::Action && command.form != Form::Write) || !m_cip)
        return reply.failPlain();
    closeCip();
    reply.okText = "CLOSE OK";
}

} // namespace ModemBench::Sim
