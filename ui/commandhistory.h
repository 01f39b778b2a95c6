#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace ModemBench::Ui {

// Console input history, shell style: Up walks back through earlier lines that start with what
// was typed before the first Up (empty: all lines), Down walks forward and finally restores that
// draft. Bounded; the oldest lines go first. A line is stored once, at its latest use.
class CommandHistory
{
public:
    static constexpr int kDefaultLimit = 500;

    explicit CommandHistory(int limit = kDefaultLimit);

    void add(const QString &line);
    // The older matching line, or nothing at the oldest one. `current` is the input's text.
    std::optional<QString> previous(const QString &current);
    // The newer matching line, the draft after the newest one, or nothing when not navigating.
    std::optional<QString> next();
    void resetNavigation();

    QStringList entries() const { return m_entries; }  // oldest first
    void setEntries(const QStringList &entries);
    int limit() const { return m_limit; }

private:
    bool matches(const QString &entry) const;

    QStringList m_entries;
    int m_limit;
    int m_position = -1; // index into m_entries while navigating, -1 otherwise
    QString m_draft;
};

} // namespace ModemBench::Ui
