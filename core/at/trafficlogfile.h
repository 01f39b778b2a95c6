#pragma once

#include "core/at/traffic.h"
#include "core/error.h"

#include <QFile>
#include <QObject>

namespace ModemBench {

// Appends every traffic record to a text file, one line each:
//   2026-11-22T06:00:00.123Z > command "AT+CSQ\r"
// Bytes are C-escaped so CR, LF and binary survive; secrets were redacted before they got here.
// A new file starts with header(); `modemsim --replay` plays such a file back (docs/recording.md).
class TrafficLogFile : public QObject
{
    Q_OBJECT
public:
    explicit TrafficLogFile(QObject *parent = nullptr);
    Result<void> open(const QString &path);
    void close();
    bool isOpen() const { return m_file.isOpen(); }
    QString path() const { return m_file.fileName(); }
    void append(const ModemBench::TrafficRecord &record);

    static QByteArray formatRecord(const TrafficRecord &record);
    // "# modembench-traffic-log 1\n": the format version. Optional for readers (older logs lack it).
    static QByteArray header();
    static QByteArray escape(const QByteArray &bytes);

private:
    QFile m_file;
};

} // namespace ModemBench
