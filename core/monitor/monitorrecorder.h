#pragma once

#include "core/error.h"
#include "core/monitor/monitorsamples.h"

#include <QFile>
#include <QJsonObject>

namespace ModemBench {

// Writes what the signal monitor sees as JSON lines, one object per sample or event, flushed as
// it happens so a crash loses nothing already seen:
//   {"type":"signal","time":"2026-11-22T06:00:00.123Z","csq":21,"rssi_dbm":-72,...}
//   {"type":"ping","time":"...","host":"8.8.8.8","rtt_ms":48}
//   {"type":"event","time":"...","kind":"pdp","text":"PDP deactivated"}
// Only parsed values and event texts are written, never raw traffic (secrets cannot reach it).
class MonitorRecorder
{
public:
    // Fails with Usage naming the file when it cannot be created or written. The file is owner-only
    // (0600), like the traffic log: it shows where and when a device was online.
    Result<void> open(const QString &path);
    void close();
    bool isOpen() const { return m_file.isOpen(); }
    QString path() const { return m_file.isOpen() ? m_file.fileName() : QString(); }

    void write(const SignalSample &sample);
    void write(const PingSample &sample);
    void write(const MonitorEvent &event);

    static QJsonObject toJson(const SignalSample &sample);
    static QJsonObject toJson(const PingSample &sample);
    static QJsonObject toJson(const MonitorEvent &event);
    static QString isoTime(qint64 msSinceEpoch); // "2026-11-22T06:00:00.123Z"

private:
    void writeLine(const QJsonObject &object);

    QFile m_file;
};

} // namespace ModemBench
