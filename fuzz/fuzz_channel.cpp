// libFuzzer target for the AtChannel state machine (test-plan B1-B11, F1, F2, F5): host commands,
// modem bytes and clock steps interleaved in any order, on a LoopbackTransport and a ManualClock.
//
// Invariants checked after every step:
//   - every callback runs at most once, and never after its context object died;
//   - after the connection drops, shutdown() or cancelAll(), everything that was pending has
//     completed (callbacks whose context died excepted);
//   - a busy channel always has a timer armed, so nothing can wait forever (B3, B7: "never a hang
//     past the timeout");
//   - the queue stays within Options::maxQueued, reply lines within the line cap, payloads within
//     the request's maximum;
//   - plus everything ASan/UBSan see.
//
// Input (FuzzedDataProvider; fuzz/make_seeds.py writes seeds in this layout; "back" bytes are
// consumed from the end of the input, "front" bytes from its start):
//   back: u8 chunking    % 3: Whole, Fixed (size 1 + value / 3 % 8), Random
//   back: u8 lineCap     < 128: 4096, else 8 + 2 * (value - 128)
//   back: u8 maxQueued   1 + value % 16
//   back: u8 autoAnswer  0: off; else each CR-terminated host write is answered at once with the
//                        fragment chosen by one more back byte (the synchronous-reply path)
//   then up to kMaxActions actions, each one back byte (% 13) plus its arguments:
//     0, 1  send         back: u8 command (% table), u8 flags (see sendCommand)
//     2     fragment     back: u8 fragment (% table)
//     3     raw bytes    back: u8 length; front: that many bytes
//     4     echo         the host's last write, back to it (ATE1)
//     5     advance      back: u8 v: v < 200 ? 10 * v ms : 4000 * (v - 199) ms
//     6     cancel       back: u8 ticket (% tickets so far)
//     7     cancelAll
//     8     drop         the cable is pulled
//     9     reconnect    a new channel on a reopened transport (the old one's pending are abandoned)
//     10    kill context back: u8 context (% contexts so far)
//     11    prompt data  back: u8 length; front: bytes for writePromptPayload()
//     12    shutdown
#include "fuzzcheck.h"

#include "core/at/atchannel.h"
#include "core/catalog/commandcatalog.h"
#include "core/clock.h"
#include "core/transport/loopbacktransport.h"

#include <QLoggingCategory>

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

using namespace std::string_view_literals;

namespace {

using namespace ModemBench;

constexpr int kMaxActions = 256;
constexpr int kMaxCallbackDepth = 3;
// Auto-answer plus follow-ups would otherwise be an endless conversation (the channel queues the
// synchronous reply and loops, so depth alone does not bound it): a budget per input does.
constexpr int kMaxFollowUps = 64;

enum class Binary { None, SameLine, NextLine };

struct CommandSpec {
    std::string_view command;
    std::string_view payload = {};
    Binary binary = Binary::None;
    bool raw = false;
};

// Commands whose replies take every path of the channel: owned prefixes, bare replies, prompts
// with and without a payload, counted binary reads, result-mode changes, expected reboots, raw
// console bytes, and requests the channel must refuse.
const CommandSpec kCommands[] = {
    {"AT"sv}, {"ATE0"sv}, {"ATE1"sv}, {"ATI"sv}, {"ATV0"sv}, {"ATV1"sv}, {"ATZ"sv},
    {"AT+CSQ"sv}, {"AT+CPSI?"sv}, {"AT+CEREG?"sv}, {"AT+CGSN"sv}, {"AT+CIMI"sv}, {"AT+CCID"sv},
    {"AT+CPIN?"sv}, {"AT+COPS?"sv}, {"AT+CSQ;+CPSI?"sv}, {"AT+CFUN=1,1"sv}, {"AT+CREBOOT"sv},
    {"AT+CASEND=0,5"sv, "hello"sv}, {"AT+CASEND=0,5"sv}, {"AT+CIPSEND"sv, "abc\x1a"sv},
    {"AT+CFSWFILE=3,\"c.pem\",0,5,5000"sv, "hello"sv},
    {"AT+CARECV=0,100"sv, {}, Binary::SameLine},
    {"AT+CFSRFILE=3,\"c.pem\",0,10240,0"sv, {}, Binary::NextLine},
    {"AT\r"sv, {}, Binary::None, true}, {"AT\r\nATI"sv}, {"at+cmee?"sv}, {"AT+CGMR"sv},
};

// Realistic pieces of modem output (protocol.md verbatim), combined by the fuzzer.
const std::string_view kFragments[] = {
    "\r\nOK\r\n"sv, "\r\nERROR\r\n"sv, "\r\n+CME ERROR: 10\r\n"sv, "\r\n+CME ERROR: SIM not inserted\r\n"sv,
    "\r\n+CMS ERROR: 304\r\n"sv, "\r\nRDY\r\n"sv, "\r\n+CFUN: 1\r\n"sv, "\r\n+CPIN: READY\r\n"sv,
    "\r\nSMS Ready\r\n"sv, "+CARECV: 5,"sv, "hello"sv, "\r\n+CARECV: 0\r\n"sv, "\r\n+CFSRFILE: 5\r\n"sv,
    "\r\n> "sv, ">"sv, "\r\nDOWNLOAD\r\n"sv, "\r\n+CSQ: 20,0\r\n"sv, "\r\n+CEREG: 0,1\r\n"sv,
    "\r\n+CEREG: 1\r\n"sv, "\r\n+CEREG: 1,\"1A2B\",\"0192E301\",7\r\n"sv, "\r\nDST: 1\r\n"sv,
    "\r\n*PSUTTZ: 19/06/26,06:04:03\",\"+32\",0\r\n"sv, "\r\n869951031234564\r\n"sv,
    "\r\n001010123456789\r\n"sv, "\r\n89012608622914771148\r\n"sv, "\r\nSIM7000G R1529\r\n"sv,
    "\r\n+CPSI: LTE CAT-M1,Online,440-52,0x6061,33815299,94,EUTRAN-BAND18,5900,3,3,-8,-84,-60,18\r\n"sv,
    "\r\n+CMEE: 1\r\n\r\nOK\r\n"sv, "\r\nSEND OK\r\n"sv, "\r\nNO CARRIER\r\n"sv, "0\r"sv, "4\r"sv,
    "\r\n+CADATAIND: 0\r\n"sv, "\r\n+CASEND: 0,0,5\r\n"sv, "AT\r"sv, "\r\n"sv, "\r"sv, "\n"sv,
    "\r\r\n"sv, "\0\xff\xfe\x80"sv, "\r\n+COPS: 0,0,\"CHN-UNICOM\",0\r\n"sv, "Revision:1529B04SIM7000G\r\n"sv,
    "\r\nOVER-VOLTAGE WARNNING\r\n"sv, "\r\nERRORX\r\n"sv, "\r\n+CME ERROR:\r\n"sv,
};

QByteArray bytesOf(std::string_view text)
{
    return QByteArray(text.data(), qsizetype(text.size()));
}

const CommandCatalog *defaultCatalog()
{
    static const auto catalog = CommandCatalog::loadDefault();
    FUZZ_CHECK(catalog.has_value());
    return &*catalog;
}

class ChannelHarness
{
public:
    explicit ChannelHarness(FuzzedDataProvider &input);
    ~ChannelHarness();
    void run();

private:
    struct Ticket {
        quint64 id = 0;
        int context = -1;
        int calls = 0;
        bool abandoned = false;
        bool followUp = false;   // its callback sends "AT" in turn
        bool fromCallback = false; // sent by another request's callback
        qsizetype maxPayload = 0;
        bool raw = false;
    };

    void configure();
    void createChannel();
    void step(int action);
    void sendCommand();
    void send(AtRequest request, int context, bool followUp);
    void onResult(size_t token, const Result<AtResponse> &result);
    void deliver(const QByteArray &bytes);
    void onHostWrote(const QByteArray &bytes);
    void advance();
    void cancelOne();
    void reconnect();
    void killContext();
    void checkAllCompleted(bool exceptFromCallbacks = false) const;
    void checkSteadyState() const;

    FuzzedDataProvider &m_input;
    ManualClock m_clock;
    LoopbackTransport m_transport;
    AtChannel::Options m_options;
    std::unique_ptr<AtChannel> m_channel;
    std::vector<std::unique_ptr<QObject>> m_contexts;
    std::vector<Ticket> m_tickets;
    QByteArray m_lastWrite;
    bool m_autoAnswer = false;
    int m_depth = 0;
    int m_followUps = 0;
};

ChannelHarness::ChannelHarness(FuzzedDataProvider &input)
    : m_input(input)
{
    configure();
    QObject::connect(&m_transport, &LoopbackTransport::hostWrote, [this](const QByteArray &bytes) {
        onHostWrote(bytes);
    });
    m_transport.open();
    createChannel();
}

ChannelHarness::~ChannelHarness()
{
    m_channel.reset();
}

void ChannelHarness::configure()
{
    const auto chunking = m_input.ConsumeIntegral<std::uint8_t>();
    const auto lineCap = m_input.ConsumeIntegral<std::uint8_t>();
    const auto maxQueued = m_input.ConsumeIntegral<std::uint8_t>();
    m_autoAnswer = m_input.ConsumeIntegral<std::uint8_t>() != 0;
    m_transport.setChunking(LoopbackTransport::Chunking(chunking % 3), 1 + chunking / 3 % 8, chunking);
    m_options.maxLineLength = lineCap < 128 ? 4096 : 8 + 2 * (lineCap - 128);
    m_options.maxQueued = 1 + maxQueued % 16;
}

void ChannelHarness::createChannel()
{
    m_channel = std::make_unique<AtChannel>(&m_transport, &m_clock, defaultCatalog(), m_options);
}

void ChannelHarness::run()
{
    for (int actions = 0; actions < kMaxActions && m_input.remaining_bytes() > 0; ++actions) {
        step(m_input.ConsumeIntegral<std::uint8_t>() % 13);
        m_transport.takeWritten(); // the loopback keeps everything written; keep memory flat
        checkSteadyState();
    }
    m_channel->shutdown(Error{ErrorCode::PortClosed, QStringLiteral("fuzz input ended"), {}, -1});
    checkAllCompleted();
}

void ChannelHarness::step(int action)
{
    switch (action) {
    case 0:
    case 1:
        sendCommand();
        return;
    case 2:
        deliver(bytesOf(kFragments[m_input.ConsumeIntegral<std::uint8_t>() % std::size(kFragments)]));
        return;
    case 3: {
        const std::vector<char> bytes = m_input.ConsumeBytes<char>(m_input.ConsumeIntegral<std::uint8_t>());
        deliver(QByteArray(bytes.data(), qsizetype(bytes.size())));
        return;
    }
    case 4:
        deliver(m_lastWrite);
        return;
    case 5:
        advance();
        return;
    case 6:
        cancelOne();
        return;
    case 7:
        // A callback may queue a new command while cancelAll() runs; that one is legitimately new.
        m_channel->cancelAll();
        checkAllCompleted(true);
        return;
    case 8:
        m_transport.dropConnection();
        checkAllCompleted();
        return;
    case 9:
        reconnect();
        return;
    case 10:
        killContext();
        return;
    case 11: {
        const std::vector<char> bytes = m_input.ConsumeBytes<char>(m_input.ConsumeIntegral<std::uint8_t>());
        (void)m_channel->writePromptPayload(QByteArray(bytes.data(), qsizetype(bytes.size())), bytes.size() % 2);
        return;
    }
    default:
        m_channel->shutdown(Error{ErrorCode::PortClosed, QStringLiteral("session closing"), {}, -1});
        checkAllCompleted();
        return;
    }
}

// flags: bits 0-1 priority (3 = User), bits 2-3 context (0/3 none, 1 a new one, 2 the newest),
// bit 4 the callback sends "AT" in turn, bits 5-6 timeout (catalog, 50, 1000, 5000 ms),
// bit 7 a small binary maximum (8 bytes) instead of 1460.
void ChannelHarness::sendCommand()
{
    const CommandSpec &spec = kCommands[m_input.ConsumeIntegral<std::uint8_t>() % std::size(kCommands)];
    const auto flags = m_input.ConsumeIntegral<std::uint8_t>();
    AtRequest request = AtRequest::make(bytesOf(spec.command), Priority(qMin(flags & 0x03, 2)));
    request.payload = bytesOf(spec.payload);
    request.payloadSecret = !spec.payload.empty() && (flags & 0x80);
    request.raw = spec.raw;
    static constexpr int kTimeouts[] = {0, 50, 1000, 5000};
    request.timeoutMs = kTimeouts[(flags >> 5) & 0x03];
    const qsizetype maxLength = (flags & 0x80) ? 8 : 1460;
    if (spec.binary == Binary::SameLine)
        request.binary = BinaryRead{QByteArrayLiteral("+CARECV:"), true, maxLength};
    else if (spec.binary == Binary::NextLine)
        request.binary = BinaryRead{QByteArrayLiteral("+CFSRFILE:"), false, maxLength};
    int context = -1;
    if (((flags >> 2) & 0x03) == 1) {
        m_contexts.push_back(std::make_unique<QObject>());
        context = int(m_contexts.size()) - 1;
    } else if (((flags >> 2) & 0x03) == 2 && !m_contexts.empty() && m_contexts.back()) {
        context = int(m_contexts.size()) - 1;
    }
    send(std::move(request), context, flags & 0x10);
}

// The ticket exists before send(): a refusal runs the callback from inside send().
void ChannelHarness::send(AtRequest request, int context, bool followUp)
{
    const size_t token = m_tickets.size();
    Ticket ticket;
    ticket.context = context;
    ticket.followUp = followUp;
    ticket.fromCallback = m_depth > 0;
    ticket.raw = request.raw;
    ticket.maxPayload = request.binary ? request.binary->maxLength : 0;
    m_tickets.push_back(ticket);
    QObject *contextObject = context >= 0 ? m_contexts[size_t(context)].get() : nullptr;
    const quint64 id = m_channel->send(std::move(request), contextObject,
                                       [this, token](const Result<AtResponse> &result) { onResult(token, result); });
    m_tickets[token].id = id;
}

void ChannelHarness::onResult(size_t token, const Result<AtResponse> &result)
{
    Ticket &ticket = m_tickets[token];
    FUZZ_CHECK(++ticket.calls == 1);
    FUZZ_CHECK(!ticket.abandoned);
    FUZZ_CHECK(ticket.context < 0 || m_contexts[size_t(ticket.context)]);
    if (result) {
        FUZZ_CHECK(ticket.raw || !result->finalLine.isEmpty());
        FUZZ_CHECK(result->elapsedMs >= 0);
        FUZZ_CHECK(result->payload.size() <= ticket.maxPayload);
        for (const QByteArray &line : result->lines)
            FUZZ_CHECK(line.size() <= m_options.maxLineLength);
    } else {
        FUZZ_CHECK(!result.error().message.isEmpty());
    }
    // Flows send their next command from the callback; so does the harness, a little. (No use of
    // `ticket` after send(): m_tickets may grow.)
    if (ticket.followUp && m_depth < kMaxCallbackDepth && m_followUps < kMaxFollowUps) {
        ++m_followUps;
        ++m_depth;
        send(AtRequest::make(QByteArrayLiteral("AT")), -1, true);
        --m_depth;
    }
}

void ChannelHarness::deliver(const QByteArray &bytes)
{
    m_transport.deliverFromModem(bytes);
}

// With autoAnswer the modem replies from inside the host's write(), as a loopback test may: the
// channel must queue those bytes rather than frame them out of order.
void ChannelHarness::onHostWrote(const QByteArray &bytes)
{
    m_lastWrite = bytes.right(600);
    if (!m_autoAnswer || !bytes.endsWith('\r') || m_depth >= kMaxCallbackDepth)
        return;
    ++m_depth;
    deliver(bytesOf(kFragments[m_input.ConsumeIntegral<std::uint8_t>() % std::size(kFragments)]));
    --m_depth;
}

void ChannelHarness::advance()
{
    const int value = m_input.ConsumeIntegral<std::uint8_t>();
    m_clock.advance(value < 200 ? 10 * value : 4000 * (value - 199));
}

void ChannelHarness::cancelOne()
{
    const auto index = m_input.ConsumeIntegral<std::uint8_t>();
    if (!m_tickets.empty())
        m_channel->cancel(m_tickets[index % m_tickets.size()].id);
}

// The old channel's pending requests die with it, unanswered: that is its documented contract
// (callbacks run "unless the context has been destroyed", and the channel is the owner here).
void ChannelHarness::reconnect()
{
    m_channel.reset();
    for (Ticket &ticket : m_tickets) {
        if (ticket.calls == 0)
            ticket.abandoned = true;
    }
    m_transport.open();
    createChannel();
}

void ChannelHarness::killContext()
{
    const auto index = m_input.ConsumeIntegral<std::uint8_t>();
    if (!m_contexts.empty())
        m_contexts[index % m_contexts.size()].reset();
}

void ChannelHarness::checkAllCompleted(bool exceptFromCallbacks) const
{
    for (const Ticket &ticket : m_tickets) {
        const bool contextDied = ticket.context >= 0 && !m_contexts[size_t(ticket.context)];
        if (ticket.abandoned || contextDied || (exceptFromCallbacks && ticket.fromCallback))
            continue;
        FUZZ_CHECK(ticket.calls == 1);
    }
}

void ChannelHarness::checkSteadyState() const
{
    FUZZ_CHECK(m_channel->queuedCount() <= m_options.maxQueued);
    FUZZ_CHECK(!m_channel->isBusy() || m_clock.pendingTimers() > 0);
    FUZZ_CHECK(m_channel->garbageBytes() >= 0);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // "modem unresponsive" warnings are expected here by the thousand; keep the fuzzer's log legible.
    QLoggingCategory::setFilterRules(QStringLiteral("modembench.*=false"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size)
{
    FuzzedDataProvider input(data, size);
    ChannelHarness harness(input);
    harness.run();
    return 0;
}
