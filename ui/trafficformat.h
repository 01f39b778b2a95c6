#pragma once

#include "core/at/traffic.h"

#include <QColor>
#include <QString>
#include <QStringList>

namespace ModemBench::Ui {

// The four things a bench engineer scans a console for, each with its own colour.
enum class TrafficGroup { Sent, Received, Urc, Problem };

// Annotations the console adds between traffic lines; they are not wire traffic and are never
// written by "Save log".
enum class NoteKind { Info, Success, Failure, Warning };

TrafficGroup trafficGroup(TrafficKind kind);

// One fixed-width column: "▶" sent, "◀" received, "◆" URC, "!" problem.
QString directionMarker(TrafficGroup group);
QString noteMarker(NoteKind kind);

// "hh:mm:ss.zzz" in local time.
QString formatTime(qint64 wallTimeMs);

// The record as one readable line: control bytes become "<CR>", "<LF>", "<Ctrl-Z>", "<Esc>",
// "<0x07>" so that a payload or a garbage burst never breaks the line view.
QString displayText(const TrafficRecord &record);
QString visibleBytes(const QByteArray &bytes);

// Classic 16-bytes-per-row dump: "0000  41 54 49 0d                  ATI.".
QStringList hexDumpLines(const QByteArray &bytes);

// Colours chosen for the view's base colour so a dark desktop theme stays readable.
struct ConsoleColors {
    QColor timestamp;
    QColor sent;
    QColor received;
    QColor echo;
    QColor urc;
    QColor problem;
    QColor success;
    QColor note;
    QColor warning;

    static ConsoleColors forBase(const QColor &base);
};

} // namespace ModemBench::Ui
