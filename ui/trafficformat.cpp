#include "ui/trafficformat.h"

#include <QDateTime>

namespace ModemBench::Ui {

TrafficGroup trafficGroup(TrafficKind kind)
{
    switch (kind) {
    case TrafficKind::Command:
    case TrafficKind::Payload:
    case TrafficKind::Raw:
        return TrafficGroup::Sent;
    case TrafficKind::Echo:
    case TrafficKind::Info:
    case TrafficKind::Final:
    case TrafficKind::Prompt:
    case TrafficKind::BinaryPayload:
        return TrafficGroup::Received;
    case TrafficKind::Urc:
        return TrafficGroup::Urc;
    case TrafficKind::Garbage:
    case TrafficKind::Late:
    case TrafficKind::Notice:
        return TrafficGroup::Problem;
    }
    return TrafficGroup::Problem;
}

QString directionMarker(TrafficGroup group)
{
    switch (group) {
    case TrafficGroup::Sent: return QStringLiteral("▶");
    case TrafficGroup::Received: return QStringLiteral("◀");
    case TrafficGroup::Urc: return QStringLiteral("◆");
    case TrafficGroup::Problem: return QStringLiteral("!");
    }
    return QStringLiteral(" ");
}

QString noteMarker(NoteKind kind)
{
    switch (kind) {
    case NoteKind::Info: return QStringLiteral("·");
    case NoteKind::Success: return QStringLiteral("✓");
    case NoteKind::Failure: return QStringLiteral("✗");
    case NoteKind::Warning: return QStringLiteral("!");
    }
    return QStringLiteral(" ");
}

QString formatTime(qint64 wallTimeMs)
{
    return QDateTime::fromMSecsSinceEpoch(wallTimeMs).toString(QStringLiteral("hh:mm:ss.zzz"));
}

QString visibleBytes(const QByteArray &bytes)
{
    // Valid UTF-8 (operator names, SMS text) reads as text; anything else is shown byte by byte.
    const QString decoded = QString::fromUtf8(bytes);
    const bool lossless = decoded.toUtf8() == bytes;
    QString out;
    out.reserve(bytes.size() + 8);
    auto control = [&out](uint value) {
        switch (value) {
        case '\r': out += QStringLiteral("<CR>"); break;
        case '\n': out += QStringLiteral("<LF>"); break;
        case 0x1A: out += QStringLiteral("<Ctrl-Z>"); break;
        case 0x1B: out += QStringLiteral("<Esc>"); break;
        default: out += QStringLiteral("<0x%1>").arg(value, 2, 16, QLatin1Char('0'));
        }
    };
    if (lossless) {
        for (const QChar c : decoded) {
            if (c.unicode() < 0x20 || c.unicode() == 0x7F)
                control(c.unicode());
            else
                out += c;
        }
        return out;
    }
    for (const char c : bytes) {
        const auto value = uint(static_cast<unsigned char>(c));
        if (value < 0x20 || value >= 0x7F)
            control(value);
        else
            out += QLatin1Char(c);
    }
    return out;
}

QString displayText(const TrafficRecord &record)
{
    // Line kinds carry their line without terminators; for the rest the bytes are the point.
    switch (record.kind) {
    case TrafficKind::Payload:
    case TrafficKind::Raw:
    case TrafficKind::BinaryPayload:
        return record.redacted ? QString::fromUtf8(record.bytes) : visibleBytes(record.bytes);
    case TrafficKind::Garbage:
        return visibleBytes(record.bytes.isEmpty() ? record.text : record.bytes);
    default:
        return visibleBytes(record.text.isEmpty() ? record.bytes.trimmed() : record.text);
    }
}

QStringList hexDumpLines(const QByteArray &bytes)
{
    QStringList lines;
    for (qsizetype offset = 0; offset < bytes.size(); offset += 16) {
        QString hex;
        QString ascii;
        for (qsizetype i = 0; i < 16; ++i) {
            if (i == 8)
                hex += QLatin1Char(' ');
            if (offset + i >= bytes.size()) {
                hex += QStringLiteral("   ");
                continue;
            }
            const auto value = uint(static_cast<unsigned char>(bytes.at(offset + i)));
            hex += QStringLiteral("%1 ").arg(value, 2, 16, QLatin1Char('0'));
            ascii += value >= 0x20 && value < 0x7F ? QChar(value) : QLatin1Char('.');
        }
        lines << QStringLiteral("%1  %2 %3").arg(offset, 4, 16, QLatin1Char('0')).arg(hex, ascii);
    }
    return lines;
}

ConsoleColors ConsoleColors::forBase(const QColor &base)
{
    if (base.lightness() < 128) {
        return {QColor(0x8a, 0x93, 0x9e), QColor(0x6c, 0xb6, 0xff), QColor(0xe6, 0xe6, 0xe6),
                QColor(0x9d, 0xb0, 0xc4), QColor(0xd4, 0x8c, 0xff), QColor(0xff, 0x6b, 0x6b),
                QColor(0x7d, 0xd8, 0x8a), QColor(0xa0, 0xa8, 0xb0), QColor(0xff, 0xb8, 0x4d)};
    }
    return {QColor(0x80, 0x86, 0x8c), QColor(0x0b, 0x57, 0xd0), QColor(0x1f, 0x23, 0x28),
            QColor(0x5f, 0x73, 0x87), QColor(0x8e, 0x24, 0xaa), QColor(0xc6, 0x28, 0x28),
            QColor(0x2e, 0x7d, 0x32), QColor(0x6a, 0x70, 0x76), QColor(0xb2, 0x6a, 0x00)};
}

} // namespace ModemBench::Ui
