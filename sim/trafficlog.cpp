#include "trafficlog.h"

#include <QTime>

#include <cstdio>

namespace ModemBench::Sim {

TrafficLog::TrafficLog(bool enabled)
    : m_enabled(enabled)
{
    m_clock.start();
}

QByteArray TrafficLog::escape(QByteArrayView bytes)
{
    static constexpr char kHex[] = "0123456789abcdef";
    QByteArray text;
    text.reserve(bytes.size() + 8);
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '\r')
            text += "\\r";
        else if (c == '\n')
            text += "\\n";
        else if (c == '\\')
            text += "\\\\";
        else if (u >= 0x20 && u < 0x7f)
            text += c;
        else
            text += QByteArray("\\x") + kHex[u >> 4] + kHex[u & 0x0f];
    }
    return text;
}

void TrafficLog::received(QByteArrayView bytes) const
{
    if (m_enabled)
        print("<-", escape(bytes));
}

void TrafficLog::sent(QByteArrayView bytes) const
{
    if (m_enabled)
        print("->", escape(bytes));
}

void TrafficLog::note(const QString &message) const
{
    if (m_enabled)
        print("--", message.toLocal8Bit());
}

void TrafficLog::print(const char *direction, const QByteArray &text) const
{
    const QByteArray stamp = QTime::currentTime().toString(QStringLiteral("hh:mm:ss.zzz")).toLatin1();
    std::fprintf(stderr, "modemsim %s +%lldms %s %s\n", stamp.constData(),
                 static_cast<long long>(m_clock.elapsed()), direction, text.constData());
    std::fflush(stderr);
}

} // namespace ModemBench::Sim
