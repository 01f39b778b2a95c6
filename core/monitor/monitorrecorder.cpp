#include "core/monitor/monitorrecorder.h"

#include <QDateTime>
#include <QJsonDocument>

namespace ModemBench {

namespace {

QJsonValue optional(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QJsonValue optional(const std::optional<int> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

} // namespace

Result<void> MonitorRecorder::open(const QString &path)
{
    close();
    m_file.setFileName(path);
    // Created owner-only from the start, so no other user can open it in between (0600).
    const QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text, ownerOnly))
        return fail(ErrorCode::Usage, QStringLiteral("Cannot write the monitor recording %1: %2. Pick a folder you "
                                                     "can write to.").arg(path, m_file.errorString()));
    // An existing file keeps its old mode on open: tighten it too.
    m_file.setPermissions(ownerOnly);
    return {};
}

void MonitorRecorder::close()
{
    if (m_file.isOpen())
        m_file.close();
}

QString MonitorRecorder::isoTime(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonObject MonitorRecorder::toJson(const SignalSample &s)
{
    return {{QStringLiteral("type"), QStringLiteral("signal")},
            {QStringLiteral("time"), isoTime(s.timeMs)},
            {QStringLiteral("csq"), optional(s.csq)},
            {QStringLiteral("rssi_dbm"), optional(s.rssiDbm)},
            {QStringLiteral("rsrp_dbm"), optional(s.rsrpDbm)},
            {QStringLiteral("rsrq_db"), optional(s.rsrqDb)},
            {QStringLiteral("sinr_db"), optional(s.sinrDb)}};
}

QJsonObject MonitorRecorder::toJson(const PingSample &s)
{
    return {{QStringLiteral("type"), QStringLiteral("ping")},
            {QStringLiteral("time"), isoTime(s.timeMs)},
            {QStringLiteral("host"), s.host},
            {QStringLiteral("rtt_ms"), optional(s.rttMs)}};
}

QJsonObject MonitorRecorder::toJson(const MonitorEvent &e)
{
    return {{QStringLiteral("type"), QStringLiteral("event")},
            {QStringLiteral("time"), isoTime(e.timeMs)},
            {QStringLiteral("kind"), monitorEventKindName(e.kind)},
            {QStringLiteral("text"), e.text}};
}

void MonitorRecorder::write(const SignalSample &sample)
{
    writeLine(toJson(sample));
}

void MonitorRecorder::write(const PingSample &sample)
{
    writeLine(toJson(sample));
}

void MonitorRecorder::write(const MonitorEvent &event)
{
    writeLine(toJson(event));
}

void MonitorRecorder::writeLine(const QJsonObject &object)
{
    if (!m_file.isOpen())
        return;
    m_file.write(QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n');
    m_file.flush();
}

} // namespace ModemBench
