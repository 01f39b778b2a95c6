#include "core/catalog/commandcatalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>
#include <cmath>

namespace ModemBench {

namespace {

constexpr int kCatalogVersion = 1;
// One hour: far above the longest manual maximum (CIPSEND's 645 s close), so a larger value is a
// typo (seconds written as milliseconds twice, ...).
constexpr int kMaxTimeoutMs = 3600 * 1000;

const QStringList &knownModels()
{
    static const QStringList models{QStringLiteral("sim7000"), QStringLiteral("sim7080"),
                                    QStringLiteral("sim800")};
    return models;
}

const QStringList &knownBareReplies()
{
    static const QStringList kinds{QString(), QStringLiteral("imei"), QStringLiteral("imsi"),
                                   QStringLiteral("iccid"), QStringLiteral("ip"), QStringLiteral("text")};
    return kinds;
}

const QStringList &knownKeys()
{
    static const QStringList keys{QStringLiteral("name"),       QStringLiteral("syntax"),
                                  QStringLiteral("description"), QStringLiteral("timeout_ms"),
                                  QStringLiteral("prefix"),     QStringLiteral("bare_reply"),
                                  QStringLiteral("models")};
    return keys;
}

bool isNameChar(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

bool isLetter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

// A JSON value as it would be written, for error messages.
QString jsonText(const QJsonValue &value)
{
    if (value.isUndefined())
        return QStringLiteral("nothing");
    if (value.isString())
        return QLatin1Char('"') + value.toString().left(80) + QLatin1Char('"');
    QJsonArray wrapper{value};
    const QByteArray compact = QJsonDocument(wrapper).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(compact.mid(1, compact.size() - 2)).left(80);
}

// Builds the "commands[3] ("+CSQ"): ..." error for a bad entry.
struct EntryContext {
    qsizetype index;
    QString name;

    std::unexpected<Error> error(const QString &key, const QString &what, const QJsonValue &got) const
    {
        const QString where = name.isNull()
            ? QStringLiteral("commands[%1]").arg(index)
            : QStringLiteral("commands[%1] (\"%2\")").arg(index).arg(name);
        return fail(ErrorCode::Usage,
                    QStringLiteral("Command catalog entry %1: \"%2\" %3, got %4.")
                        .arg(where, key, what, jsonText(got)));
    }
};

Result<QString> requiredText(const QJsonObject &entry, const QString &key, const EntryContext &ctx)
{
    const QJsonValue value = entry.value(key);
    const QString text = value.toString();
    if (!value.isString() || text.trimmed().isEmpty() || text.contains(QLatin1Char('\n')))
        return ctx.error(key, QStringLiteral("must be a non-empty one-line string"), value);
    return text;
}

Result<int> timeoutValue(const QJsonObject &entry, const EntryContext &ctx)
{
    const QJsonValue value = entry.value(QStringLiteral("timeout_ms"));
    const double ms = value.toDouble(-1);
    if (!value.isDouble() || ms < 1 || ms > kMaxTimeoutMs || std::floor(ms) != ms)
        return ctx.error(QStringLiteral("timeout_ms"),
                         QStringLiteral("must be a whole number of milliseconds from 1 to %1")
                             .arg(kMaxTimeoutMs),
                         value);
    return int(ms);
}

Result<QStringList> modelsValue(const QJsonObject &entry, const EntryContext &ctx)
{
    const QJsonValue value = entry.value(QStringLiteral("models"));
    const QString what = QStringLiteral("must be a non-empty array of distinct \"%1\"")
                             .arg(knownModels().join(QStringLiteral("\", \"")));
    if (!value.isArray() || value.toArray().isEmpty())
        return ctx.error(QStringLiteral("models"), what, value);
    QStringList models;
    for (const QJsonValue &model : value.toArray()) {
        if (!model.isString() || !knownModels().contains(model.toString()) ||
            models.contains(model.toString()))
            return ctx.error(QStringLiteral("models"), what, model);
        models.append(model.toString());
    }
    return models;
}

Result<void> checkKeysAndName(const QJsonObject &entry, EntryContext &ctx, CommandInfo &info)
{
    for (auto it = entry.begin(); it != entry.end(); ++it) {
        if (!knownKeys().contains(it.key()))
            return ctx.error(it.key(), QStringLiteral("is not a known key (known: %1)")
                                           .arg(knownKeys().join(QStringLiteral(", "))),
                             it.value());
    }
    const QJsonValue name = entry.value(QStringLiteral("name"));
    if (!name.isString())
        return ctx.error(QStringLiteral("name"), QStringLiteral("must be a string"), name);
    // The name must be what commandName() finds in "AT<name>", so lookups can always reach it.
    const QString upper = name.toString().toUpper();
    if (CommandCatalog::commandName(QByteArray("AT") + upper.toLatin1()) != upper)
        return ctx.error(QStringLiteral("name"),
                         QStringLiteral("must be a command name as written after \"AT\" "
                                        "(\"+CSQ\", \"I\", \"&W\", or \"\" for AT itself)"),
                         name);
    info.name = upper;
    ctx.name = upper;
    return {};
}

Result<void> readReplyShape(const QJsonObject &entry, const EntryContext &ctx, CommandInfo &info)
{
    const QJsonValue prefix = entry.value(QStringLiteral("prefix"));
    if (!prefix.isUndefined()) {
        const QString text = prefix.toString();
        if (!prefix.isString() || (!text.isEmpty() && !text.endsWith(QLatin1Char(':'))) ||
            text.contains(QLatin1Char(' ')))
            return ctx.error(QStringLiteral("prefix"),
                             QStringLiteral("must be empty or a reply prefix ending in ':' such as "
                                            "\"+CSQ:\""),
                             prefix);
        info.prefix = text.toLatin1();
    }
    const QJsonValue bare = entry.value(QStringLiteral("bare_reply"));
    if (!bare.isUndefined()) {
        if (!bare.isString() || !knownBareReplies().contains(bare.toString()))
            return ctx.error(QStringLiteral("bare_reply"),
                             QStringLiteral("must be one of \"\", \"imei\", \"imsi\", \"iccid\", "
                                            "\"ip\", \"text\""),
                             bare);
        info.bareReply = bare.toString();
    }
    return {};
}

Result<CommandInfo> parseEntry(qsizetype index, const QJsonValue &value)
{
    EntryContext ctx{index, QString()};
    if (!value.isObject())
        return ctx.error(QStringLiteral("entry"), QStringLiteral("must be an object"), value);
    const QJsonObject entry = value.toObject();
    CommandInfo info;
    if (auto ok = checkKeysAndName(entry, ctx, info); !ok)
        return std::unexpected(ok.error());
    auto syntax = requiredText(entry, QStringLiteral("syntax"), ctx);
    if (!syntax)
        return std::unexpected(syntax.error());
    auto description = requiredText(entry, QStringLiteral("description"), ctx);
    if (!description)
        return std::unexpected(description.error());
    auto timeout = timeoutValue(entry, ctx);
    if (!timeout)
        return std::unexpected(timeout.error());
    auto models = modelsValue(entry, ctx);
    if (!models)
        return std::unexpected(models.error());
    if (auto ok = readReplyShape(entry, ctx, info); !ok)
        return std::unexpected(ok.error());
    info.syntax = *syntax;
    info.description = *description;
    info.timeoutMs = *timeout;
    info.models = *models;
    return info;
}

Result<QJsonArray> commandArray(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(ErrorCode::Usage, QStringLiteral("The command catalog is not valid JSON: %1 at "
                                                     "byte offset %2.")
                                          .arg(parseError.errorString())
                                          .arg(parseError.offset));
    const QJsonObject root = doc.object();
    if (!doc.isObject() || root.value(QStringLiteral("version")).toInt(-1) != kCatalogVersion ||
        !root.value(QStringLiteral("version")).isDouble())
        return fail(ErrorCode::Usage,
                    QStringLiteral("The command catalog must be an object with \"version\": %1, got "
                                   "version %2.")
                        .arg(kCatalogVersion)
                        .arg(jsonText(root.value(QStringLiteral("version")))));
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() != QLatin1String("version") && it.key() != QLatin1String("commands"))
            return fail(ErrorCode::Usage, QStringLiteral("The command catalog has an unknown top-level "
                                                         "key \"%1\" (known: version, commands).")
                                              .arg(it.key()));
    }
    if (!root.value(QStringLiteral("commands")).isArray())
        return fail(ErrorCode::Usage, QStringLiteral("The command catalog's \"commands\" must be an "
                                                     "array, got %1.")
                                          .arg(jsonText(root.value(QStringLiteral("commands")))));
    return root.value(QStringLiteral("commands")).toArray();
}

} // namespace

Result<CommandCatalog> CommandCatalog::loadDefault()
{
    QFile file(QStringLiteral(":/modembench/commands.json"));
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Usage, QStringLiteral("The built-in command catalog "
                                                     ":/modembench/commands.json cannot be read (%1); "
                                                     "the build did not embed resources/commands.json.")
                                          .arg(file.errorString()));
    return loadFromJson(file.readAll());
}

Result<CommandCatalog> CommandCatalog::loadFromJson(const QByteArray &json)
{
    auto array = commandArray(json);
    if (!array)
        return std::unexpected(array.error());
    CommandCatalog catalog;
    for (qsizetype i = 0; i < array->size(); ++i) {
        auto info = parseEntry(i, array->at(i));
        if (!info)
            return std::unexpected(info.error());
        if (catalog.m_indexByName.contains(info->name))
            return EntryContext{i, info->name}.error(QStringLiteral("name"),
                                                     QStringLiteral("is already used by an earlier entry"),
                                                     QJsonValue(info->name));
        catalog.m_indexByName.insert(info->name, catalog.m_commands.size());
        catalog.m_commands.append(std::move(*info));
    }
    return catalog;
}

QString CommandCatalog::commandName(QByteArrayView commandLine)
{
    QByteArrayView text = commandLine.trimmed();
    if (text.size() < 2 || (text[0] != 'A' && text[0] != 'a') || (text[1] != 'T' && text[1] != 't'))
        return QString();
    text = text.sliced(2);
    // "AT" alone, or "AT;..." (protocol.md §1: commands share a line after one "AT").
    if (text.isEmpty() || text.front() == ';')
        return QStringLiteral("");
    const char first = text.front();
    // Extended commands: '+' (3GPP), '*', '$', '^', '#', '%' (vendor), then letters and digits.
    if (first == '+' || first == '*' || first == '$' || first == '^' || first == '#' || first == '%') {
        qsizetype end = 1;
        while (end < text.size() && isNameChar(text[end]))
            ++end;
        if (end == 1)
            return QString();
        return QString::fromLatin1(text.first(end)).toUpper();
    }
    // Basic commands: "&" + one letter ("&W", "&F"), or one letter ("E", "I", "Z").
    if (first == '&')
        return text.size() >= 2 && isLetter(text[1]) ? QString::fromLatin1(text.first(2)).toUpper()
                                                     : QString();
    if (isLetter(first))
        return QString(QLatin1Char(first)).toUpper();
    return QString();
}

const CommandInfo *CommandCatalog::lookup(QByteArrayView commandLine) const
{
    const QString name = commandName(commandLine);
    if (name.isNull())
        return nullptr;
    const auto it = m_indexByName.constFind(name);
    return it == m_indexByName.cend() ? nullptr : &m_commands.at(it.value());
}

QStringList CommandCatalog::completions(const QString &typed) const
{
    QString prefix = typed.trimmed().toUpper();
    const QString at = QStringLiteral("AT");
    if (!prefix.startsWith(at) && !at.startsWith(prefix))
        prefix.prepend(at);
    QStringList result;
    for (const CommandInfo &info : m_commands) {
        const QString full = at + info.name;
        if (full.startsWith(prefix))
            result.append(full);
    }
    std::sort(result.begin(), result.end());
    return result;
}

QString CommandCatalog::helpLine(QByteArrayView commandLine) const
{
    const CommandInfo *info = lookup(commandLine);
    if (!info)
        return QString();
    QString description = info->description.trimmed();
    if (!description.endsWith(QLatin1Char('.')) && !description.endsWith(QLatin1Char('?')) &&
        !description.endsWith(QLatin1Char('!')))
        description += QLatin1Char('.');
    return QStringLiteral("AT%1 %2 %3 Syntax: %4")
        .arg(info->name, QString(QChar(0x2014)), description, info->syntax);
}

int CommandCatalog::timeoutFor(QByteArrayView commandLine, int fallbackMs) const
{
    const CommandInfo *info = lookup(commandLine);
    return info ? info->timeoutMs : fallbackMs;
}

const QList<CommandInfo> &CommandCatalog::commands() const
{
    return m_commands;
}

} // namespace ModemBench
