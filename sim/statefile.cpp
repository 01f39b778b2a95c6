#include "statefile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace ModemBench::Sim::StateFile {

namespace {

constexpr qint64 kMaxStateBytes = 64 * 1024;

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
