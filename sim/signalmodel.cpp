#include "signalmodel.h"

#include <algorithm>

namespace ModemBench::Sim {

SignalModel::SignalModel(std::mt19937 &random, int stepIntervalMs)
    : m_random(random)
    , m_stepIntervalMs(stepIntervalMs)
    , m_rssi(kMinRssi + draw(kMaxRssi - kMinRssi + 1))
{
    m_sinceStep.start();
}

// std::uniform_int_distribution is implementation-defined; a plain modulo keeps a seeded run
// identical on every standard library (the bias over 2^32 is irrelevant here).
int SignalModel::draw(int count)
{
    return static_cast<int>(m_random() % static_cast<std::mt19937::result_type>(count));
}

void SignalModel::advance()
{
    if (m_sinceStep.elapsed() < m_stepIntervalMs)
        return;
    m_sinceStep.restart();
    const int step = draw(3) - 1;
    // Reflect at the bounds so the walk never leaves [kMinRssi, kMaxRssi].
    int next = m_rssi + step;
    if (next < kMinRssi || next > kMaxRssi)
        next = m_rssi - step;
    m_rssi = std::clamp(next, kMinRssi, kMaxRssi);
}

SignalSample SignalModel::sample()
{
    advance();
    SignalSample s;
    s.rssi = m_rssi;
    s.rssiDbm = -114 + 2 * m_rssi;
    // A Cat-M carrier spreads RSSI over few resource blocks: RSRP sits about 30 dB below RSSI, as in
    // the captured "+CPSI: ...,-9,-97,-67,15" (§5.4). RSRQ and RSSNR follow the same walk.
    s.rsrp = std::clamp(s.rssiDbm - 30, -140, -44);
    s.rsrq = std::clamp(-19 + m_rssi / 2, -20, -3);
    s.rssnr = std::clamp(m_rssi - 8, 0, 25);
    return s;
}

} // namespace ModemBench::Sim
