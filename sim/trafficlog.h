#pragma once

#include <QByteArrayView>
#include <QElapsedTimer>
#include <QString>

namespace ModemBench::Sim {

// --verbose: every byte in and out, escaped, with a wall-clock timestamp and the milliseconds since
// start, on stderr (stdout carries only the "PTY"/"TCP" line that parents parse).
class TrafficLog
{
public:
    explicit TrafficLog(bool enabled);

    bool enabled() const { return m_enabled; }
    void received(QByteArrayView bytes) const;
    void sent(QByteArrayView bytes) const;
    void note(const QString &message) const;

    // "AT\r\n" -> "AT\\r\\n"; printable ASCII stays, everything else becomes \xHH.
    static QByteArray escape(QByteArrayView bytes);

private:
    void print(const char *direction, const QByteArray &text) const;

    bool m_enabled;
    QElapsedTimer m_clock;
};

} // namespace ModemBench::Sim
