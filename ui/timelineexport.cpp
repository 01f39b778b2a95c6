#include "ui/timelineexport.h"

#include "core/cli/monitorcommand.h"

#include <QSaveFile>

#include <functional>

namespace ModemBench::Ui {

namespace {

using RowWriter = std::function<QString(const SignalSample &, const std::optional<double> &, const QString &)>;

// Walks the three sorted lists once: each sample takes what happened since the previous one.
QStringList rows(const TimelineData &data, const RowWriter &write)
{
    QStringList out;
    if (!data.signal)
        return out;
    qsizetype ping = 0;
    qsizetype event = 0;
    for (const SignalSample &sample : *data.signal) {
        std::optional<PingSample> latest;
        for (; data.pings && ping < data.pings->size() && data.pings->at(ping).timeMs <= sample.timeMs; ++ping)
            latest = data.pings->at(ping);
        QStringList events;
        for (; data.events && event < data.events->size() && data.events->at(event).timeMs <= sample.timeMs; ++event) {
            const MonitorEvent &e = data.events->at(event);
            if (e.kind != MonitorEventKind::Note)
                events << monitorEventKindName(e.kind) + QStringLiteral(": ") + e.text;
        }
        if (latest && !latest->rttMs)
            events << QStringLiteral("ping lost");
        out << write(sample, latest ? latest->rttMs : std::nullopt, events.join(QStringLiteral("; ")));
    }
    return out;
}

} // namespace

QByteArray timelineCsv(const TimelineData &data)
{
    QStringList lines{QString::fromLatin1(MonitorCommand::kCsvHeader)};
    lines << rows(data, monitorCsvRow);
    return (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8();
}

QByteArray timelineJson(const TimelineData &data)
{
    const QStringList objects = rows(data, monitorJsonRow);
    if (objects.isEmpty())
        return "[]\n";
    return (QStringLiteral("[\n  ") + objects.join(QStringLiteral(",\n  ")) + QStringLiteral("\n]\n")).toUtf8();
}

Result<void> writeExportFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return fail(ErrorCode::Usage, QObject::tr("Could not write %1: %2. Check that the folder exists and is "
                                                  "writable, or choose another place.")
                                          .arg(path, file.errorString()));
    return {};
}

} // namespace ModemBench::Ui
