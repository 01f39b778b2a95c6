#include "ui/trafficview.h"

#include "core/at/trafficlogfile.h"

#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QSaveFile>
#include <QScrollBar>
#include <QTextBlock>

namespace ModemBench::Ui {

TrafficView::TrafficView(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setUndoRedoEnabled(false); // an undo stack would hold every line ever shown
    setLineWrapMode(QPlainTextEdit::NoWrap); // keeps the time and marker columns aligned
    setMaximumBlockCount(kScrollbackBlocks);
    setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setAccessibleName(tr("AT traffic"));
    m_renderTimer.setSingleShot(true);
    m_renderTimer.setInterval(kCoalesceMs);
    connect(&m_renderTimer, &QTimer::timeout, this, &TrafficView::flush);
    updateColors();
}

void TrafficView::appendRecord(const TrafficRecord &record)
{
    Entry entry;
    entry.record = record;
    store(std::move(entry));
}

void TrafficView::appendNote(NoteKind kind, const QString &text)
{
    Entry entry;
    entry.record.wallTimeMs = QDateTime::currentMSecsSinceEpoch();
    entry.isNote = true;
    entry.note = kind;
    entry.noteText = text;
    store(std::move(entry));
}

void TrafficView::store(Entry entry)
{
    if (!entry.isNote)
        ++m_recordCount;
    m_entries.push_back(std::move(entry));
    if (qsizetype(m_entries.size()) > kMaxStoredEntries) {
        if (!m_entries.front().isNote) {
            --m_recordCount;
            if (m_droppedRecords++ == 0)
                Q_EMIT storeLimitReached();
        }
        m_entries.pop_front();
        ++m_firstIndex;
    }
    scheduleRender();
}

void TrafficView::scheduleRender()
{
    if (!m_renderTimer.isActive())
        m_renderTimer.start();
}

void TrafficView::flush()
{
    m_renderTimer.stop();
    const qint64 end = m_firstIndex + qint64(m_entries.size());
    const qint64 from = std::max({m_renderedUpTo, m_firstIndex, m_viewStart});
    // Whatever would scroll out of the scrollback at once is not worth laying out (one line is
    // kept for saying so).
    const qint64 first = std::max(from, end - (kScrollbackBlocks - 1));
    m_renderedUpTo = end;
    if (first >= end)
        return;
    QScrollBar *bar = verticalScrollBar();
    const bool follow = bar->value() >= bar->maximum() - 1;
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.beginEditBlock();
    if (first > from) {
        insertLine(cursor, formatTime(m_entries[size_t(first - m_firstIndex)].record.wallTimeMs),
                   noteMarker(NoteKind::Info),
                   tr("%L1 earlier lines skipped to keep up; Save log has them all.").arg(first - from),
                   noteFormat(NoteKind::Info));
    }
    for (qint64 index = first; index < end; ++index)
        renderEntry(cursor, m_entries[size_t(index - m_firstIndex)]);
    cursor.endEditBlock();
    if (follow)
        bar->setValue(bar->maximum());
}

void TrafficView::rerender()
{
    QPlainTextEdit::clear();
    m_documentEmpty = true;
    m_renderedUpTo = m_viewStart;
    flush();
}

void TrafficView::setHexMode(bool on)
{
    if (m_hexMode == on)
        return;
    m_hexMode = on;
    rerender();
}

void TrafficView::setShowAutomatic(bool on)
{
    if (m_showAutomatic == on)
        return;
    m_showAutomatic = on;
    rerender();
}

void TrafficView::clearView()
{
    m_viewStart = m_firstIndex + qint64(m_entries.size());
    rerender();
}

void TrafficView::renderEntry(QTextCursor &cursor, const Entry &entry)
{
    const QString time = formatTime(entry.record.wallTimeMs);
    if (entry.isNote) {
        renderNote(cursor, time, entry);
        return;
    }
    const TrafficRecord &record = entry.record;
    if (record.automatic && !m_showAutomatic)
        return;
    const QTextCharFormat format = formatFor(record);
    const QString marker = directionMarker(trafficGroup(record.kind));
    if (!m_hexMode || record.bytes.isEmpty() || record.redacted) {
        insertLine(cursor, time, marker, displayText(record), format);
        return;
    }
    insertLine(cursor, time, marker,
               QStringLiteral("%1, %2 bytes").arg(QString::fromLatin1(trafficKindName(record.kind)))
                   .arg(record.bytes.size()),
               format);
    const QString indent(time.size(), QLatin1Char(' '));
    for (const QString &line : hexDumpLines(record.bytes))
        insertLine(cursor, indent, QStringLiteral(" "), line, format);
}

// Traffic lines are never wrapped (they are the wire's lines); notes are prose, often long error
// messages, and wrap with a hanging indent so the time column stays clean. QPlainTextEdit has no
// block indents, hence the manual split at the current width.
void TrafficView::renderNote(QTextCursor &cursor, const QString &time, const Entry &entry)
{
    const QTextCharFormat format = noteFormat(entry.note);
    const int charWidth = qMax(1, fontMetrics().horizontalAdvance(QLatin1Char('M')));
    const int prefix = int(time.size()) + 4;
    const int usable = viewport()->width() - 2 * int(document()->documentMargin());
    const int columns = qMax(40, usable / charWidth - prefix - 2);
    QStringList lines;
    QString line;
    for (const QString &word : entry.noteText.split(QLatin1Char(' '))) {
        if (!line.isEmpty() && line.size() + 1 + word.size() > columns) {
            lines << line;
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    lines << line;
    insertLine(cursor, time, noteMarker(entry.note), lines.takeFirst(), format);
    const QString indent(time.size(), QLatin1Char(' '));
    for (const QString &rest : std::as_const(lines))
        insertLine(cursor, indent, QStringLiteral(" "), rest, format);
}

void TrafficView::insertLine(QTextCursor &cursor, const QString &time, const QString &marker, const QString &text,
                             const QTextCharFormat &format)
{
    if (!m_documentEmpty)
        cursor.insertBlock();
    m_documentEmpty = false;
    cursor.insertText(time + QStringLiteral("  "), m_timeFormat);
    // The marker in bold: at console font size a thin arrow is easy to miss.
    QTextCharFormat markerFormat = format;
    markerFormat.setFontWeight(QFont::Bold);
    cursor.insertText(marker + QLatin1Char(' '), markerFormat);
    cursor.insertText(text, format);
}

QTextCharFormat TrafficView::formatFor(const TrafficRecord &record) const
{
    QTextCharFormat format;
    switch (trafficGroup(record.kind)) {
    case TrafficGroup::Sent: format.setForeground(m_colors.sent); break;
    case TrafficGroup::Received:
        format.setForeground(record.kind == TrafficKind::Echo ? m_colors.echo : m_colors.received);
        break;
    case TrafficGroup::Urc: format.setForeground(m_colors.urc); break;
    case TrafficGroup::Problem: format.setForeground(m_colors.problem); break;
    }
    if (record.automatic) {
        // Halfway to the background: still legible, clearly not the user's own exchange.
        const QColor fg = format.foreground().color();
        const QColor bg = palette().color(QPalette::Base);
        format.setForeground(QColor((fg.red() + bg.red()) / 2, (fg.green() + bg.green()) / 2,
                                    (fg.blue() + bg.blue()) / 2));
        return format;
    }
    // Final result codes close a reply; bold makes the reply boundaries easy to scan.
    if (record.kind == TrafficKind::Final || record.kind == TrafficKind::Command)
        format.setFontWeight(QFont::Bold);
    return format;
}

QTextCharFormat TrafficView::noteFormat(NoteKind kind) const
{
    QTextCharFormat format;
    switch (kind) {
    case NoteKind::Info: format.setForeground(m_colors.note); break;
    case NoteKind::Success: format.setForeground(m_colors.success); break;
    case NoteKind::Failure:
        format.setForeground(m_colors.problem);
        format.setFontWeight(QFont::Bold);
        break;
    case NoteKind::Warning: format.setForeground(m_colors.warning); break;
    }
    format.setFontItalic(kind == NoteKind::Info);
    return format;
}

void TrafficView::updateColors()
{
    m_colors = ConsoleColors::forBase(palette().color(QPalette::Base));
    m_timeFormat = QTextCharFormat();
    m_timeFormat.setForeground(m_colors.timestamp);
}

void TrafficView::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        updateColors();
        rerender();
    }
}

Result<void> TrafficView::saveLog(const QString &path) const
{
    // QSaveFile: a failed write never leaves a truncated log where a good one was.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Usage,
                    tr("Cannot write %1: %2. Pick a folder you can write to.").arg(path, file.errorString()));
    for (const Entry &entry : m_entries) {
        if (!entry.isNote)
            file.write(TrafficLogFile::formatRecord(entry.record));
    }
    if (!file.commit())
        return fail(ErrorCode::Usage, tr("Writing %1 failed: %2.").arg(path, file.errorString()));
    return {};
}

} // namespace ModemBench::Ui
