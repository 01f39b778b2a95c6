#pragma once

#include <QString>

#include <atomic>
#include <expected>
#include <memory>
#include <thread>

namespace ModemBench::Bench {

// The cheapest possible modem: a pseudo-terminal whose master side is served by one thread doing
// blocking read()/write(), answering "\r\nOK\r\n" at once to every CR-terminated line. Both
// benchmark runs talk to an instance of this, so the modem side costs the same in each.
//
// The responder keeps its own slave descriptor open for its whole life: when the last slave
// descriptor closes, reads on the master fail with EIO (environment.md), and each round closes and
// reopens the client side.
class PtyResponder
{
public:
    static std::expected<std::unique_ptr<PtyResponder>, QString> create();
    ~PtyResponder();

    PtyResponder(const PtyResponder &) = delete;
    PtyResponder &operator=(const PtyResponder &) = delete;

    // The slave path a client opens like a serial port ("/dev/pts/7").
    const QString &slavePath() const { return m_slavePath; }
    // Lines answered so far.
    long answered() const { return m_answered.load(std::memory_order_relaxed); }

private:
    PtyResponder(int master, int keeper, QString slavePath);
    void serve();

    int m_master;
    int m_keeper;
    QString m_slavePath;
    std::atomic<long> m_answered = 0;
    std::thread m_thread;
};

// Opens a pty slave for a blocking client: raw mode, and a read that gives up after
// `timeoutDeciseconds` of silence (VMIN=0/VTIME) so a dead peer cannot hang the benchmark without
// costing an extra poll() per round trip. Returns the descriptor or an error text.
std::expected<int, QString> openRawSlave(const QString &path, int timeoutDeciseconds);

} // namespace ModemBench::Bench
