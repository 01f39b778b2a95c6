// libFuzzer target for Framer (test-plan B1, B2, B8, B9): the modem's byte stream cut into chunks
// whose sizes come from the input, with the channel's rule switches between chunks.
//
// Input (FuzzedDataProvider; fuzz/make_seeds.py writes seeds in this layout): the stream bytes are
// taken from the front, the control values from the back, so a verbatim reply at the front of a
// file stays a verbatim reply.
//   back:  u8 lineCap      < 128: 4096 (the channel default), else 1..128
//   then per chunk, until the input is used up:
//   back:  u8 rules        bit0 prompt detection; bits1-2 binary rule: 0 none, 1 "+CARECV:"
//                          same-line, 2 "+CFSRFILE:" next-line, 3 unchanged; bit3 reset() first
//   back:  u8 maxLength    binary rule's maximum: 0 means 1460, else 1..255
//   back:  u8 chunkLength  1 + value % 64
//   front: the chunk's bytes
#include "fuzzcheck.h"

#include "core/at/framer.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>

namespace {

using ModemBench::Framer;

// Framer's raw buffer is flushed at this size (framer.cpp kRawFlushBytes): no event ever carries
// more, which is what keeps a garbage flood from growing memory (B1, B8).
constexpr qsizetype kRawFlushBytes = 4096;

bool isLineGarbage(char byte)
{
    const auto value = static_cast<unsigned char>(byte);
    return (value < 0x20 && value != '\t') || value >= 0x7F;
}

class FramerHarness
{
public:
    explicit FramerHarness(qsizetype lineCap)
        : m_lineCap(lineCap)
        , m_framer(lineCap)
    {
        m_framer.setHandler([this](const Framer::Event &event) { onEvent(event); });
    }

    void applyRules(std::uint8_t rules, std::uint8_t maxLengthByte);
    void feed(const QByteArray &chunk);
    void finish();

private:
    void onEvent(const Framer::Event &event);
    void checkLine(const QByteArray &line) const;

    qsizetype m_lineCap;
    Framer m_framer;
    bool m_promptDetection = false;
    bool m_binaryRuleSet = false;
    qsizetype m_largestMaxLength = 0;
    QByteArray m_fed;
    QByteArray m_rawSeen;
    qint64 m_lastGarbage = 0;
    qint64 m_lastOverflows = 0;
};

void FramerHarness::applyRules(std::uint8_t rules, std::uint8_t maxLengthByte)
{
    if (rules & 0x08)
        m_framer.reset();
    m_promptDetection = rules & 0x01;
    m_framer.setPromptDetection(m_promptDetection);
    const qsizetype maxLength = maxLengthByte == 0 ? 1460 : maxLengthByte;
    switch ((rules >> 1) & 0x03) {
    case 0:
        m_framer.setBinaryRule(std::nullopt);
        m_binaryRuleSet = false;
        return;
    case 1:
        m_framer.setBinaryRule(Framer::BinaryRule{QByteArrayLiteral("+CARECV:"), true, maxLength});
        break;
    case 2:
        m_framer.setBinaryRule(Framer::BinaryRule{QByteArrayLiteral("+CFSRFILE:"), false, maxLength});
        break;
    default:
        return;
    }
    m_binaryRuleSet = true;
    m_largestMaxLength = qMax(m_largestMaxLength, maxLength);
}

void FramerHarness::feed(const QByteArray &chunk)
{
    m_fed += chunk;
    m_framer.feed(chunk);
    FUZZ_CHECK(m_framer.garbageBytes() >= m_lastGarbage);
    FUZZ_CHECK(m_framer.overflowLines() >= m_lastOverflows);
    m_lastGarbage = m_framer.garbageBytes();
    m_lastOverflows = m_framer.overflowLines();
}

// Every byte fed is accounted for exactly once, in order: the traffic log never loses or
// duplicates modem bytes, whatever the chunking or rule changes.
void FramerHarness::finish()
{
    m_rawSeen += m_framer.takePendingRaw();
    FUZZ_CHECK(m_rawSeen == m_fed);
}

void FramerHarness::checkLine(const QByteArray &line) const
{
    FUZZ_CHECK(!line.isEmpty());
    FUZZ_CHECK(line.size() <= m_lineCap);
    for (const char byte : line)
        FUZZ_CHECK(byte != '\r' && byte != '\n' && !isLineGarbage(byte));
}

void FramerHarness::onEvent(const Framer::Event &event)
{
    FUZZ_CHECK(event.raw.size() <= kRawFlushBytes);
    m_rawSeen += event.raw;
    switch (event.kind) {
    case Framer::EventKind::Line:
        checkLine(event.data);
        // The channel drops its rules when a command completes; do the same from inside the
        // handler, where a rule change must apply from the next byte on.
        if (event.data == "OK") {
            m_framer.setBinaryRule(std::nullopt);
            m_binaryRuleSet = false;
        }
        return;
    case Framer::EventKind::Prompt:
        FUZZ_CHECK(m_promptDetection);
        FUZZ_CHECK(event.data == ">");
        // As the channel does: one prompt per command.
        m_promptDetection = false;
        m_framer.setPromptDetection(false);
        return;
    case Framer::EventKind::Payload:
        FUZZ_CHECK(event.data.size() <= m_largestMaxLength);
        return;
    case Framer::EventKind::BadBinaryHeader:
        FUZZ_CHECK(m_binaryRuleSet);
        checkLine(event.data);
        return;
    case Framer::EventKind::Overflow:
    case Framer::EventKind::RawFlush:
        FUZZ_CHECK(event.data.isEmpty());
        return;
    }
    FUZZ_CHECK(false && "unknown event kind");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size)
{
    FuzzedDataProvider input(data, size);
    const auto capByte = input.ConsumeIntegral<std::uint8_t>();
    FramerHarness harness(capByte < 128 ? 4096 : capByte - 127);
    while (input.remaining_bytes() > 0) {
        const auto rules = input.ConsumeIntegral<std::uint8_t>();
        const auto maxLength = input.ConsumeIntegral<std::uint8_t>();
        const size_t chunkLength = 1 + input.ConsumeIntegral<std::uint8_t>() % 64;
        harness.applyRules(rules, maxLength);
        const std::vector<char> chunk = input.ConsumeBytes<char>(chunkLength);
        harness.feed(QByteArray(chunk.data(), qsizetype(chunk.size())));
    }
    harness.finish();
    return 0;
}
