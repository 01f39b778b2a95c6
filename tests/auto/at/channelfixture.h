#pragma once

#include "core/at/atchannel.h"
#include "core/catalog/commandcatalog.h"
#include "core/clock.h"
#include "core/transport/loopbacktransport.h"

#include <QTest>

#include <memory>

// A channel on a loopback transport and a manual clock. The test plays the modem: it delivers
// bytes with modem() and steps time with advance(). Resync probes (AT+CMEE?) are answered
// automatically unless answerProbes is false, as a healthy modem would.
struct ChannelFixture {
    explicit ChannelFixture(ModemBench::LoopbackTransport::Chunking chunking = ModemBench::LoopbackTransport::Chunking::Whole,
                            int chunkSize = 1, ModemBench::AtChannel::Options options = {})
    {
        using namespace ModemBench;
        auto loaded = CommandCatalog::loadDefault();
        if (loaded)
            catalog = std::make_unique<CommandCatalog>(std::move(*loaded));
        transport.setChunking(chunking, chunkSize, 7);
        transport.open();
        channel = std::make_unique<AtChannel>(&transport, &clock, catalog.get(), options);
        QObject::connect(channel.get(), &AtChannel::urcReceived, [this](const QByteArray &line) { urcs << line; });
        QObject::connect(channel.get(), &AtChannel::traffic, [this](const TrafficRecord &r) { traffic << r; });
        QObject::connect(channel.get(), &AtChannel::modemRestarted, [this] { ++restarts; });
        QObject::connect(channel.get(), &AtChannel::portUnresponsive, [this] { ++unresponsive; });
        QObject::connect(&transport, &LoopbackTransport::hostWrote, [this](const QByteArray &bytes) {
            written += bytes;
            if (answerProbes && bytes.endsWith("AT+CMEE?\r")) {
                ++probes;
                transport.deliverFromModem(QByteArrayLiteral("\r\n+CMEE: 0\r\n\r\nOK\r\n"));
            }
        });
    }

    int send(ModemBench::AtRequest request, QObject *context = nullptr)
    {
        const int index = int(results.size());
        results.append(std::nullopt);
        channel->send(std::move(request), context, [this, index](const ModemBench::Result<ModemBench::AtResponse> &r) {
            results[index] = r;
        });
        return index;
    }
    int send(const QByteArray &command, ModemBench::Priority priority = ModemBench::Priority::Normal)
    {
        return send(ModemBench::AtRequest::make(command, priority));
    }
    void modem(const QByteArray &bytes) { transport.deliverFromModem(bytes); }
    void advance(qint64 ms) { clock.advance(ms); }
    bool done(int index) const { return results.at(index).has_value(); }
    const ModemBench::AtResponse &ok(int index) const { return **results.at(index); }
    QByteArray takeWritten() { return std::exchange(written, {}); }

    ModemBench::ManualClock clock;
    ModemBench::LoopbackTransport transport;
    std::unique_ptr<ModemBench::CommandCatalog> catalog;
    std::unique_ptr<ModemBench::AtChannel> channel;
    QList<std::optional<ModemBench::Result<ModemBench::AtResponse>>> results;
    QList<QByteArray> urcs;
    QList<ModemBench::TrafficRecord> traffic;
    QByteArray written;
    bool answerProbes = true;
    int probes = 0;
    int restarts = 0;
    int unresponsive = 0;
};

// Rows for every channel test: the same bytes delivered whole, one byte at a time, in 8-byte
// pieces (Zephyr's mock transport) and in random pieces.
inline void addChunkingRows()
{
    using Chunking = ModemBench::LoopbackTransport::Chunking;
    QTest::addColumn<int>("chunking");
    QTest::addColumn<int>("chunkSize");
    QTest::newRow("whole") << int(Chunking::Whole) << 0;
    QTest::newRow("chunk-1") << int(Chunking::Fixed) << 1;
    QTest::newRow("chunk-8") << int(Chunking::Fixed) << 8;
    QTest::newRow("random") << int(Chunking::Random) << 0;
}

#define CHANNEL_FIXTURE(name)                                                                                   \
    QFETCH(int, chunking);                                                                                      \
    QFETCH(int, chunkSize);                                                                                     \
    ChannelFixture name(ModemBench::LoopbackTransport::Chunking(chunking), chunkSize)
