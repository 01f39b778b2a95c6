#include "core/provision/profilejson.h"

#include <QList>

namespace ModemBench::ProfileJson {

namespace {

// QJsonDocument refuses deeper documents anyway; past this the walk stops with what it found.
constexpr int kMaxDepth = 512;

struct Frame {
    bool array = false;
    int index = -1;          // array: the element being read
    bool expectingKey = true; // object: the next string is a key
    QString key;             // object: the key of the value being read
    bool keySet = false;
};

// The "[N]" or key segments of the value currently being read.
class Walker
{
public:
    Walker(const QByteArray &text, const QStringList &target, bool collectElements = false)
        : m_text(text), m_target(target), m_collect(collectElements)
    {
    }
    QList<int> elementLines() const { return m_elementLines; }

    int run()
    {
        const qsizetype size = m_text.size();
        qsizetype pos = 0;
        while (pos < size) {
            const char c = m_text.at(pos);
            if (c == '\n') {
                ++m_line;
                ++pos;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                ++pos;
            } else if (c == '{' || c == '[') {
                valueStarts();
                if (m_stack.size() >= kMaxDepth)
                    break;
                Frame frame;
                frame.array = c == '[';
                m_stack.push_back(frame);
                ++pos;
            } else if (c == '}' || c == ']') {
                if (!m_stack.isEmpty())
                    m_stack.pop_back();
                ++pos;
            } else if (c == ',') {
                if (!m_stack.isEmpty() && !m_stack.last().array) {
                    m_stack.last().expectingKey = true;
                    m_stack.last().keySet = false;
                }
                ++pos;
            } else if (c == ':') {
                if (!m_stack.isEmpty() && !m_stack.last().array)
                    m_stack.last().expectingKey = false;
                ++pos;
            } else if (c == '"') {
                const int line = m_line;
                QByteArray decoded;
                pos = readString(pos + 1, decoded);
                if (!m_stack.isEmpty() && !m_stack.last().array && m_stack.last().expectingKey) {
                    m_stack.last().key = QString::fromUtf8(decoded);
                    m_stack.last().keySet = true;
                    consider(line);
                } else {
                    valueStarts(line);
                }
            } else {
                valueStarts();
                // A literal or number: up to the next delimiter (always at least one byte).
                ++pos;
                while (pos < size && !QByteArrayView(",:]}[{\" \t\r\n").contains(m_text.at(pos)))
                    ++pos;
            }
        }
        return m_best;
    }

private:
    // Returns the position after the closing quote (or the end); counts any raw newline inside.
    qsizetype readString(qsizetype pos, QByteArray &decoded)
    {
        const qsizetype size = m_text.size();
        while (pos < size) {
            const char c = m_text.at(pos);
            if (c == '"')
                return pos + 1;
            if (c == '\n')
                ++m_line;
            if (c == '\\' && pos + 1 < size) {
                const char escaped = m_text.at(pos + 1);
                if (escaped == '\n')
                    ++m_line;
                decoded += escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped;
                pos += 2;
                continue;
            }
            if (decoded.size() < 4096)
                decoded += c;
            ++pos;
        }
        return pos;
    }

    void valueStarts(int line = -1)
    {
        if (m_stack.isEmpty() || !m_stack.last().array)
            return;
        ++m_stack.last().index;
        if (m_collect) {
            if (m_stack.size() == m_target.size() + 1 && matchesTarget(m_target.size()))
                m_elementLines << (line < 0 ? m_line : line);
            return;
        }
        consider(line < 0 ? m_line : line);
    }

    // Whether the first `count` frames spell the first `count` segments of the target.
    bool matchesTarget(qsizetype count) const
    {
        for (qsizetype i = 0; i < count; ++i) {
            const Frame &frame = m_stack.at(i);
            const QString &want = m_target.at(i);
            if (frame.array) {
                if (want != QStringLiteral("[%1]").arg(frame.index))
                    return false;
            } else if (!frame.keySet || frame.key != want) {
                return false;
            }
        }
        return true;
    }

    // Keeps the line when the current path is the longest prefix of the target seen so far.
    void consider(int line)
    {
        if (m_collect || m_stack.size() > m_target.size() || !matchesTarget(m_stack.size()))
            return;
        if (m_stack.size() > m_bestDepth) {
            m_bestDepth = int(m_stack.size());
            m_best = line;
        }
    }

    const QByteArray &m_text;
    const QStringList &m_target;
    bool m_collect = false;
    QList<int> m_elementLines;
    QList<Frame> m_stack;
    int m_line = 1;
    int m_best = 1;
    int m_bestDepth = 0;
};

} // namespace

int lineOfOffset(const QByteArray &text, qsizetype offset)
{
    const qsizetype end = qBound(qsizetype(0), offset, text.size());
    return 1 + int(QByteArrayView(text).first(end).count('\n'));
}

QString pathText(const QStringList &path)
{
    QString text;
    for (const QString &segment : path) {
        if (!text.isEmpty() && !segment.startsWith(QLatin1Char('[')))
            text += QLatin1Char('.');
        text += segment;
    }
    return text;
}

int lineOfPath(const QByteArray &text, const QStringList &path)
{
    return Walker(text, path).run();
}

QList<int> elementLines(const QByteArray &text, const QStringList &arrayPath)
{
    Walker walker(text, arrayPath, true);
    walker.run();
    return walker.elementLines();
}

} // namespace ModemBench::ProfileJson
