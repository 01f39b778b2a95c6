#include "atcommand.h"

namespace ModemBench::Sim {

namespace {

constexpr int kNumberCap = 1'000'000'000;

char upper(char c)
{
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// V.250 §5.4.1: extended command names start with one of these prefix characters.
bool isExtendedPrefix(char c)
{
    return c == '+' || c == '*' || c == '$' || c == '#' || c == '%' || c == '^';
}

bool isNameChar(char c)
{
    return isLetter(c) || isDigit(c) || c == '_' || c == '-' || c == '.' || c == '!' || c == '/' || c == ':';
}

QList<QByteArray> splitParameters(QByteArrayView text)
{
    QList<QByteArray> parameters;
    QByteArray current;
    bool quoted = false;
    for (const char c : text) {
        if (c == '"')
            quoted = !quoted;
        if (c == ',' && !quoted) {
            parameters.append(current);
            current.clear();
        } else {
            current.append(c);
        }
    }
    parameters.append(current);
    return parameters;
}

// Walks the text after "AT" once, left to right; every step consumes at least one character, so
// parsing ends for any input.
class BodyParser
{
public:
    explicit BodyParser(QByteArrayView body) : m_body(body) {}

    std::expected<QList<AtCommand>, QString> run()
    {
        QList<AtCommand> commands;
        while (!atEnd()) {
            const char c = m_body.at(m_pos);
            if (c == ';' || c == ' ') {
                ++m_pos;
                continue;
            }
            auto command = isExtendedPrefix(c) ? extended() : basic();
            if (!command)
                return std::unexpected(command.error());
            commands.append(std::move(*command));
        }
        return commands;
    }

private:
    bool atEnd() const { return m_pos >= m_body.size(); }
    bool next(char c) const { return !atEnd() && m_body.at(m_pos) == c; }

    std::optional<int> digits()
    {
        if (atEnd() || !isDigit(m_body.at(m_pos)))
            return std::nullopt;
        int value = 0;
        while (!atEnd() && isDigit(m_body.at(m_pos))) {
            value = std::min(value * 10 + (m_body.at(m_pos) - '0'), kNumberCap);
            ++m_pos;
        }
        return value;
    }

    std::expected<QList<QByteArray>, QString> parameters()
    {
        const qsizetype start = m_pos;
        bool quoted = false;
        while (!atEnd() && (quoted || m_body.at(m_pos) != ';')) {
            if (m_body.at(m_pos) == '"')
                quoted = !quoted;
            ++m_pos;
        }
        if (quoted)
            return std::unexpected(QStringLiteral("unterminated string"));
        return splitParameters(m_body.sliced(start, m_pos - start));
    }

    std::expected<AtCommand, QString> extended()
    {
        AtCommand command;
        const qsizetype start = m_pos++;
        while (!atEnd() && isNameChar(m_body.at(m_pos)))
            ++m_pos;
        command.name = m_body.sliced(start, m_pos - start).toByteArray().toUpper();
        if (command.name.size() < 2)
            return std::unexpected(QStringLiteral("missing command name after '%1'")
                                       .arg(QChar::fromLatin1(command.name.at(0))));
        if (next('=')) {
            ++m_pos;
            if (next('?')) {
                ++m_pos;
                command.form = AtCommand::Form::Test;
            } else {
                auto args = parameters();
                if (!args)
                    return std::unexpected(args.error());
                command.form = AtCommand::Form::Write;
                command.args = std::move(*args);
            }
        } else if (next('?')) {
            ++m_pos;
            command.form = AtCommand::Form::Read;
        }
        command.text = m_body.sliced(start, m_pos - start).toByteArray();
        if (!atEnd() && !next(';'))
            return std::unexpected(QStringLiteral("unexpected '%1' after %2")
                                       .arg(QChar::fromLatin1(m_body.at(m_pos)), QString::fromLatin1(command.name)));
        return command;
    }

    std::expected<AtCommand, QString> basic()
    {
        AtCommand command;
        const qsizetype start = m_pos;
        const char c = upper(m_body.at(m_pos++));
        if (c == '&') {
            if (atEnd() || !isLetter(m_body.at(m_pos)))
                return std::unexpected(QStringLiteral("'&' must be followed by a letter"));
            command.name = QByteArray("&") + upper(m_body.at(m_pos++));
            command.number = digits();
        } else if (c == 'D') {
            // V.250 §6.3.1: the dial string runs to the end of the line.
            command.name = "D";
            command.form = AtCommand::Form::Write;
            command.args = {m_body.sliced(m_pos).toByteArray()};
            m_pos = m_body.size();
        } else if (c == 'S') {
            command.name = "S";
            command.number = digits();
            if (!command.number)
                return std::unexpected(QStringLiteral("S must be followed by a register number"));
            if (next('?')) {
                ++m_pos;
                command.form = AtCommand::Form::Read;
            } else if (next('=')) {
                ++m_pos;
                command.form = AtCommand::Form::Write;
                command.args = {QByteArray::number(digits().value_or(0))};
            }
        } else if (isLetter(c)) {
            command.name = QByteArray(1, c);
            command.number = digits();
        } else {
            return std::unexpected(QStringLiteral("unexpected character 0x%1")
                                       .arg(static_cast<uchar>(c), 2, 16, QLatin1Char('0')));
        }
        command.text = m_body.sliced(start, m_pos - start).toByteArray();
        return command;
    }

    QByteArrayView m_body;
    qsizetype m_pos = 0;
};

} // namespace

std::optional<int> AtCommand::intArg(qsizetype index) const
{
    if (index < 0 || index >= args.size())
        return std::nullopt;
    const QByteArray value = args.at(index).trimmed();
    bool ok = false;
    const int parsed = value.toInt(&ok, 10);
    if (!ok || value.isEmpty() || value.size() > 10)
        return std::nullopt;
    return parsed;
}

std::optional<QByteArray> AtCommand::stringArg(qsizetype index) const
{
    if (index < 0 || index >= args.size())
        return std::nullopt;
    const QByteArray value = args.at(index).trimmed();
    if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
        return value.sliced(1, value.size() - 2);
    return value;
}

QByteArray AtCommand::latencyKey() const
{
    QByteArray key = QByteArray("AT") + text.toUpper();
    const qsizetype cut = key.indexOf('=') >= 0 ? key.indexOf('=') : key.indexOf('?');
    return cut >= 0 ? key.left(cut) : key;
}

std::expected<QList<AtCommand>, QString> AtCommand::parseBody(QByteArrayView body)
{
    return BodyParser(body).run();
}

} // namespace ModemBench::Sim
