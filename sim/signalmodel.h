#pragma once

#include <QElapsedTimer>

#include <random>

namespace ModemBench::Sim {

// One coherent reading of the radio: CSQ and the CPSI LTE fields derived from the same walk.
struct SignalSample
{
    int rssi = 99;    // CSQ 0..31 (protocol.md §5.3)
    int rssiDbm = 0;  // SIMCom table: -114 + 2 * rssi for 2..30 (§5.3, §16.1)
    int rsrp = 0;     // dBm, -140..-44
    int rsrq = 0;     // dB, -20..-3
    int rssnr = 0;    // 0..25; SINR = 2 * RSSNR - 20 (§5.4)
};

// Signal strength as a bounded random walk. It is advanced lazily when someone asks, by at most one
// step of +-1 per step interval of wall time, so no timer runs while nobody looks, and with the same
// seed and the same pace of queries the sequence repeats. A step interval of 0 steps on every query,
// which makes a sequence independent of timing (used by tests through the scenario).
class SignalModel
{
public:
    static constexpr int kMinRssi = 10;
    static constexpr int kMaxRssi = 28;

    SignalModel(std::mt19937 &random, int stepIntervalMs);

    SignalSample sample();

private:
    int draw(int count);
    void advance();

    std::mt19937 &m_random;
    QElapsedTimer m_sinceStep;
    int m_stepIntervalMs;
    int m_rssi;
};

} // namespace ModemBench::Sim
