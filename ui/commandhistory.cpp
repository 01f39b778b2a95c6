#include "ui/commandhistory.h"

namespace ModemBench::Ui {

CommandHistory::CommandHistory(int limit)
    : m_limit(qMax(1, limit))
{
}

void CommandHistory::add(const QString &line)
{
    resetNavigation();
    if (line.trimmed().isEmpty())
        return;
    // A repeated line moves to the end instead of crowding older, different lines out of the bound.
    m_entries.removeAll(line);
    m_entries.append(line);
    while (m_entries.size() > m_limit)
        m_entries.removeFirst();
}

void CommandHistory::setEntries(const QStringList &entries)
{
    resetNavigation();
    m_entries.clear();
    for (const QString &entry : entries)
        add(entry);
}

bool CommandHistory::matches(const QString &entry) const
{
    return entry.startsWith(m_draft, Qt::CaseInsensitive) && entry != m_draft;
}

std::optional<QString> CommandHistory::previous(const QString &current)
{
    if (m_position < 0) {
        m_draft = current;
        m_position = int(m_entries.size());
    }
    for (int index = m_position - 1; index >= 0; --index) {
        if (matches(m_entries.at(index))) {
            m_position = index;
            return m_entries.at(index);
        }
    }
    return std::nullopt;
}

std::optional<QString> CommandHistory::next()
{
    if (m_position < 0)
        return std::nullopt;
    for (int index = m_position + 1; index < m_entries.size(); ++index) {
        if (matches(m_entries.at(index))) {
            m_position = index;
            return m_entries.at(index);
        }
    }
    const QString draft = m_draft;
    resetNavigation();
    return draft;
}

void CommandHistory::resetNavigation()
{
    m_position = -1;
    m_draft.clear();
}

} // namespace ModemBench::Ui
