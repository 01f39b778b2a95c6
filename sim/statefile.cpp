#include "statefile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace ModemBench::Sim::StateFile {

namespace {

// Room for the largest file system a scenario may configure (16 MiB), base64-encoded.
constexpr qint64 kMaxStateBytes = 24 * 1024 * 1024;
constexpr qint64 kMaxFileBytes = 16 * 1024 * 1024;

struct IntSetting
{
    const char *key;
    int ModemState::*field;
    QList<int> allowed;
};

const QList<IntSetting> &intSettings()
{
    static const QList<IntSetting> settings{
        {"csclk", &ModemState::csclk, {0, 1, 2}},
        {"cnmp", &ModemState::cnmp, {2, 13, 38, 51}},
        {"cmnb", &ModemState::cmnb, {1, 2, 3}},
        {"cnetlight", &ModemState::cnetlight, {0, 1}},
    };
    return settings;
}

QJsonArray toArray(const QList<int> &values)
{
    QJsonArray array;
    for (const int value : values)
        array.append(value);
    return array;
}

std::optional<QList<int>> toBands(const QJsonValue &value)
{
    if (!value.isArray() || value.toArray().isEmpty())
        return std::nullopt;
    QList<int> bands;
    for (const QJsonValue &element : value.toArray()) {
        const int band = element.toInt(-1);
        if (band < 1 || band > 88)
            return std::nullopt;
        bands.append(band);
    }
    return bands;
}

// "files": {"<directory index>": {"<name>": "<base64>"}} (AT+CFS*, protocol.md §9).
std::expected<void, QString> applyFiles(const QJsonValue &value, ModemState &state)
{
    if (value.isUndefined())
        return {};
    if (!value.isObject())
        return std::unexpected(QStringLiteral("\"files\" is not an object"));
    const QJsonObject directories = value.toObject();
    qint64 total = 0;
    for (auto dir = directories.begin(); dir != directories.end(); ++dir) {
        bool ok = false;
        const int index = dir.key().toInt(&ok);
        if (!ok || index < 0 || index >= int(state.files.size()) || !dir.value().isObject())
            return std::unexpected(QStringLiteral("bad directory \"%1\" in \"files\"").arg(dir.key()));
        const QJsonObject files = dir.value().toObject();
        for (auto file = files.begin(); file != files.end(); ++file) {
            const auto decoded = QByteArray::fromBase64Encoding(file.value().toString().toLatin1(),
                                                                QByteArray::AbortOnBase64DecodingErrors);
            const QByteArray name = file.key().toUtf8();
            total += decoded.decoded.size();
            if (!file.value().isString() || !decoded || name.isEmpty() || name.size() > 50 || total > kMaxFileBytes)
                return std::unexpected(QStringLiteral("bad file \"%1\" in \"files\"").arg(file.key()));
            state.files.at(index).insert(name, decoded.decoded);
        }
    }
    return {};
}

// "converted": {"<name>": {"type": n, "subject": "...", "key": "...", "pem": "...", "keypem": "..."}} (§7.1).
std::expected<void, QString> applyConverted(const QJsonValue &value, ModemState &state)
{
    if (value.isUndefined())
        return {};
    if (!value.isObject())
        return std::unexpected(QStringLiteral("\"converted\" is not an object"));
    const QJsonObject objects = value.toObject();
    for (auto it = objects.begin(); it != objects.end(); ++it) {
        const QJsonObject entry = it.value().toObject();
        ConvertedCert cert;
        cert.type = entry.value(QStringLiteral("type")).toInt(0);
        if (!it.value().isObject() || cert.type < 1 || cert.type > 3 || it.key().isEmpty())
            return std::unexpected(QStringLiteral("bad entry \"%1\" in \"converted\"").arg(it.key()));
        cert.subject = entry.value(QStringLiteral("subject")).toString().toUtf8();
        cert.keyName = entry.value(QStringLiteral("key")).toString().toUtf8();
        cert.certificates = entry.value(QStringLiteral("pem")).toString().toLatin1();
        cert.keyPem = entry.value(QStringLiteral("keypem")).toString().toLatin1();
        state.converted.insert(it.key().toUtf8(), cert);
    }
    return {};
}

std::expected<void, QString> apply(const QJsonObject &object, ModemState &state)
{
    ModemState next = state;
    for (const IntSetting &setting : intSettings()) {
        const QJsonValue value = object.value(QLatin1String(setting.key));
        if (value.isUndefined())
            continue;
        if (!setting.allowed.contains(value.toInt(-1)))
            return std::unexpected(QStringLiteral("bad value for \"%1\"").arg(QLatin1String(setting.key)));
        next.*setting.field = value.toInt();
    }
    const std::pair<const char *, QList<int> *> bandLists[] = {{"cbandcfg_cat_m", &next.catMBands},
                                                               {"cbandcfg_nb_iot", &next.nbIotBands}};
    for (const auto &[key, target] : bandLists) {
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isUndefined())
            continue;
        const auto bands = toBands(value);
        if (!bands)
            return std::unexpected(QStringLiteral("bad band list for \"%1\"").arg(QLatin1String(key)));
        *target = *bands;
    }
    for (auto &directory : next.files)
        directory.clear();
    next.converted.clear();
    if (auto files = applyFiles(object.value(QStringLiteral("files")), next); !files)
        return files;
    if (auto converted = applyConverted(object.value(QStringLiteral("converted")), next); !converted)
        return converted;
    state = next;
    return {};
}

} // namespace

QByteArray serialize(const ModemState &state)
{
    QJsonObject object;
    for (const IntSetting &setting : intSettings())
        object.insert(QLatin1String(setting.key), state.*setting.field);
    object.insert(QStringLiteral("cbandcfg_cat_m"), toArray(state.catMBands));
    object.insert(QStringLiteral("cbandcfg_nb_iot"), toArray(state.nbIotBands));
    QJsonObject directories;
    for (qsizetype index = 0; index < qsizetype(state.files.size()); ++index) {
        if (state.files.at(index).isEmpty())
            continue;
        QJsonObject files;
        for (auto it = state.files.at(index).begin(); it != state.files.at(index).end(); ++it)
            files.insert(QString::fromUtf8(it.key()), QString::fromLatin1(it.value().toBase64()));
        directories.insert(QString::number(index), files);
    }
    if (!directories.isEmpty())
        object.insert(QStringLiteral("files"), directories);
    QJsonObject converted;
    for (auto it = state.converted.begin(); it != state.converted.end(); ++it) {
        converted.insert(QString::fromUtf8(it.key()),
                         QJsonObject{{QStringLiteral("type"), it->type},
                                     {QStringLiteral("subject"), QString::fromUtf8(it->subject)},
                                     {QStringLiteral("key"), QString::fromUtf8(it->keyName)},
                                     {QStringLiteral("pem"), QString::fromLatin1(it->certificates)},
                                     {QStringLiteral("keypem"), QString::fromLatin1(it->keyPem)}});
    }
    if (!converted.isEmpty())
        object.insert(QStringLiteral("converted"), converted);
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

std::expected<void, QString> load(const QString &path, ModemState &state)
{
    QFile file(path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return std::unexpected(QStringLiteral("state file %1: %2").arg(path, file.errorString()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.read(kMaxStateBytes), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::unexpected(QStringLiteral("state file %1: not a JSON object; ignored").arg(path));
    if (auto applied = apply(document.object(), state); !applied)
        return std::unexpected(QStringLiteral("state file %1: %2; ignored").arg(path, applied.error()));
    return {};
}

std::expected<void, QString> save(const QString &path, const QByteArray &json)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit())
        return std::unexpected(QStringLiteral("state file %1: cannot write: %2").arg(path, file.errorString()));
    return {};
}

} // namespace ModemBench::Sim::StateFile
