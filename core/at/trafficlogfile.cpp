#include "core/at/trafficlogfile.h"

#include <QDateTime>

namespace ModemBench {

TrafficLogFile::TrafficLogFile(QObject *parent)
    : QObject(parent)
{
}

Result<void> TrafficLogFile::open(const QString &path)
{
    close();
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
        return fail(ErrorCode::Usage, QStringLiteral("Cannot write the traffic log %1: %2. Pick a folder you can "
                                                     "write to.").arg(path, m_file.errorString()));
    // The log can hold identities and network details: owner-only.
    m_file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    // Appending to an existing log adds no second header: the file stays one format.
    if (m_file.size() == 0) {
        m_file.write(header());
        m_file.flush();
    }
    return {};
}

void TrafficLogFile::close()
{
    if (m_file.isOpen())
        m_file.close();
}

void TrafficLogFile::append(const TrafficRecord &record)
{
    if (!m_file.isOpen())
        return;
    m_file.write(formatRecord(record));
    m_file.flush();
}

QByteArray TrafficLogFile::header()
{
    return QByteArrayLiteral("# modembench-traffic-log 1\n");
}

QByteArray TrafficLogFile::escape(const QByteArray &bytes)
{
    QByteArray out;
    out.reserve(bytes.size() + 8);
    for (const char c : bytes) {
        const auto value = static_cast<unsigned char>(c);
        switch (c) {
        case '\r': out += "\\r"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        default:
            if (value < 0x20 || value >= 0x7F)
                out += "\\x" + QByteArray::number(value, 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    return out;
}

QByteArray TrafficLogFile::formatRecord(const TrafficRecord &record)
{
    const QByteArray time = QDateTime::fromMSecsSinceEpoch(record.wallTimeMs, Qt::UTC)
                                .toString(Qt::ISODateWithMs).toLatin1();
    return time + (record.toModem ? " > " : " < ") + trafficKindName(record.kind) + " \"" + escape(record.bytes)
        + "\"\n";
}

} // namespace ModemBench
