#pragma once

// What the signal monitor records (issue #4): signal readings, modem-side ping results and
// timestamped events, each in a bounded series so a 24-hour session at one sample per second
// keeps a fixed memory ceiling.

#include <QList>
#include <QString>

#include <optional>

namespace ModemBench {

// One poll of AT+CSQ and (SIM7000/SIM7080) AT+CPSI?. A value the modem did not give (CSQ 99,
// a SIM800 with no CPSI, NO SERVICE) is empty, never a made-up number.
struct SignalSample {
    qint64 timeMs = 0;                 // wall time, ms since the Unix epoch
    std::optional<int> csq;            // 0-31 (AT+CSQ <rssi>)
    std::optional<double> rssiDbm;     // from CSQ through the SIMCom table
    std::optional<double> rsrpDbm;     // CPSI (LTE)
    std::optional<double> rsrqDb;
    std::optional<double> sinrDb;
};

// One modem-side ping reply (AT+SNPING4 / AT+CIPPING). rttMs empty: the reply was lost.
struct PingSample {
    qint64 timeMs = 0;
    QString host;
    std::optional<double> rttMs;
};

enum class MonitorEventKind {
    Registration,   // registration state changed (URC or poll), text says from/to
    DataConnection, // PDP up or down (+APP PDP, +PDP: DEACT, CNACT)
    Reboot,         // the modem printed RDY
    PortClosed,     // the port went away
    Urc,            // any other URC, verbatim
    PollFailed,     // a poll or ping command failed; text says which and why
    Note,           // monitor started, stopped, paused, recording started...
};

struct MonitorEvent {
    qint64 timeMs = 0;
    MonitorEventKind kind = MonitorEventKind::Note;
    QString text;
};

QString monitorEventKindName(MonitorEventKind kind); // "registration", "pdp", "reboot", ...

// A ring of at most `capacity` items, oldest dropped first; items stay in time order.
template<class T>
class BoundedSeries
{
public:
    explicit BoundedSeries(qsizetype capacity = 200000) : m_capacity(qMax<qsizetype>(1, capacity)) {}

    void append(T item)
    {
        if (m_items.size() >= m_capacity) {
            // Drop in blocks so appending stays amortised O(1) at the cap.
            m_items.remove(0, qMax<qsizetype>(1, m_capacity / 16));
            ++m_dropBlocks;
        }
        m_items.append(std::move(item));
    }
    void clear() { m_items.clear(); }
    qsizetype size() const { return m_items.size(); }
    bool isEmpty() const { return m_items.isEmpty(); }
    qsizetype capacity() const { return m_capacity; }
    bool hasDropped() const { return m_dropBlocks > 0; }
    const T &at(qsizetype i) const { return m_items.at(i); }
    const T &last() const { return m_items.last(); }
    const QList<T> &items() const { return m_items; }

private:
    qsizetype m_capacity;
    QList<T> m_items;
    int m_dropBlocks = 0;
};

} // namespace ModemBench
