#pragma once

#include "core/at/atchannel.h"
#include "core/clock.h"
#include "core/transport/serialtransport.h"

#include <QObject>

#include <chrono>
#include <expected>
#include <functional>

namespace ModemBench {
class CommandCatalog;
}

namespace ModemBench::Bench {

// One timed run of the product path: SerialTransport (QSerialPort) + AtChannel with a SystemClock
// and the default catalog, driven only by the event loop. Each completion callback sends the next
// "AT", exactly as a flow would; nothing blocks and nothing waits on the port.
class ChannelRound : public QObject
{
    Q_OBJECT
public:
    using Outcome = std::expected<double, QString>; // microseconds per round trip
    using Done = std::function<void(const Outcome &)>;

    ChannelRound(const QString &portName, const CommandCatalog *catalog, int count, int warmup,
                 QObject *parent = nullptr);

    // Opens the port and starts; `done` runs once from the event loop when the last reply came
    // or something failed.
    void start(Done done);

private:
    void sendNext();
    void onReply(const Result<AtResponse> &reply);
    void finish(Outcome outcome);

    SystemClock m_clock;
    SerialTransport m_transport;
    AtChannel m_channel;
    int m_count;
    int m_warmup;
    int m_replies = 0;
    bool m_finished = false;
    std::chrono::steady_clock::time_point m_start;
    Done m_done;
};

} // namespace ModemBench::Bench
