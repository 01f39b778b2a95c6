#pragma once

#include "core/at/traffic.h"
#include "core/error.h"
#include "ui/trafficformat.h"

#include <QPlainTextEdit>
#include <QTextCharFormat>
#include <QTimer>

#include <deque>

namespace ModemBench::Ui {

// The console's output: every traffic record with time, direction and a colour by kind.
//
// Two stores with two bounds: the document keeps the last kScrollbackBlocks lines so the view stays
// fast, while the entry store keeps every record (up to kMaxStoredEntries) so "Save log" writes the
// whole session and the hex toggle can re-render. Appends are coalesced: a flood of records costs
// one layout pass per kCoalesceMs, and never renders more than fits in the scrollback.
class TrafficView : public QPlainTextEdit
{
    Q_OBJECT
public:
    static constexpr int kScrollbackBlocks = 5000;
    static constexpr qsizetype kMaxStoredEntries = 200000;
    static constexpr int kCoalesceMs = 50;

    explicit TrafficView(QWidget *parent = nullptr);

    void appendRecord(const ModemBench::TrafficRecord &record);
    void appendNote(NoteKind kind, const QString &text);

    bool hexMode() const { return m_hexMode; }
    void setHexMode(bool on);
    // Traffic of commands the user did not type (status reads, probes): dimmed when shown.
    bool showAutomatic() const { return m_showAutomatic; }
    void setShowAutomatic(bool on);
    // Empties the view; the records stay available to Save log.
    void clearView();

    // Writes every stored traffic record (not the notes) with TrafficLogFile::formatRecord.
    Result<void> saveLog(const QString &path) const;
    qsizetype recordCount() const { return m_recordCount; }
    qint64 droppedRecords() const { return m_droppedRecords; }
    bool hasPendingRender() const { return m_renderedUpTo < m_firstIndex + qint64(m_entries.size()); }
    // Renders what is pending now instead of at the next coalescing tick.
    void flush();

Q_SIGNALS:
    // Emitted once when the in-memory store starts dropping its oldest records.
    void storeLimitReached();

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Entry {
        TrafficRecord record;
        bool isNote = false;
        NoteKind note = NoteKind::Info;
        QString noteText;
    };

    void store(Entry entry);
    void scheduleRender();
    void rerender();
    void renderEntry(QTextCursor &cursor, const Entry &entry);
    void renderNote(QTextCursor &cursor, const QString &time, const Entry &entry);
    void insertLine(QTextCursor &cursor, const QString &time, const QString &marker, const QString &text,
                    const QTextCharFormat &format);
    QTextCharFormat formatFor(const TrafficRecord &record) const;
    QTextCharFormat noteFormat(NoteKind kind) const;
    void updateColors();

    std::deque<Entry> m_entries;
    qint64 m_firstIndex = 0;    // absolute index of m_entries.front()
    qint64 m_renderedUpTo = 0;  // absolute index of the first entry not yet in the document
    qint64 m_viewStart = 0;     // entries before this were cleared from the view
    qsizetype m_recordCount = 0;
    qint64 m_droppedRecords = 0;
    bool m_hexMode = false;
    bool m_showAutomatic = true;
    bool m_documentEmpty = true;
    QTimer m_renderTimer;
    ConsoleColors m_colors;
    QTextCharFormat m_timeFormat;
};

} // namespace ModemBench::Ui
