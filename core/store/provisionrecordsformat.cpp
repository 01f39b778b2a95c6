// The export forms of provisioning records: JSON (report, export, and the steps/certificates
// columns) and CSV (RFC 4180).

#include "core/store/provisionrecords.h"

#include "core/store/provisionrecordsdb.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace ModemBench {

namespace {

const QList<std::pair<UnitResult, QString>> kResultNames{
    {UnitResult::Running, QStringLiteral("running")},
    {UnitResult::Pass, QStringLiteral("pass")},
    {UnitResult::Fail, QStringLiteral("fail")},
    {UnitResult::Interrupted, QStringLiteral("interrupted")},
};

QString isoUtc(const QDateTime &when)
{
    return when.isValid() ? when.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QJsonArray stepsToJson(const QList<StepRecord> &steps)
{
    QJsonArray array;
    for (const StepRecord &step : steps) {
        array.append(QJsonObject{{QStringLiteral("name"), step.name},
                                 {QStringLiteral("passed"), step.passed},
                                 {QStringLiteral("durationMs"), step.durationMs},
                                 {QStringLiteral("detail"), step.detail}});
    }
    return array;
}

QJsonArray certificatesToJson(const QList<CertificateRecord> &certificates)
{
    QJsonArray array;
    for (const CertificateRecord &certificate : certificates) {
        array.append(QJsonObject{{QStringLiteral("role"), certificate.role},
                                 {QStringLiteral("name"), certificate.name},
                                 {QStringLiteral("serial"), certificate.serialHex},
                                 {QStringLiteral("sha256"), certificate.sha256Fingerprint}});
    }
    return array;
}

// Reads the keys of one JSON object, remembering the first key that had the wrong type so the
// error names it. A missing key keeps the field's default: older reports lack newer fields.
class Reader
{
public:
    Reader(const QJsonObject &object, QString where) : m_object(object), m_where(std::move(where)) {}

    void text(const char *key, QString &out)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isString())
            out = value.toString();
        else if (!value.isUndefined() && !value.isNull())
            wrong(key, "a string");
    }
    void flag(const char *key, bool &out)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isBool())
            out = value.toBool();
        else if (!value.isUndefined())
            wrong(key, "true or false");
    }
    void integer(const char *key, qint64 &out)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isDouble() && value.toDouble() == double(value.toInteger()))
            out = value.toInteger();
        else if (!value.isUndefined())
            wrong(key, "a whole number");
    }
    void time(const char *key, QDateTime &out)
    {
        QString textValue;
        text(key, textValue);
        if (textValue.isEmpty())
            return;
        out = QDateTime::fromString(textValue, Qt::ISODateWithMs);
        if (!out.isValid())
            wrong(key, "an ISO-8601 time");
        out = out.toUTC();
    }
    QJsonArray array(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (!value.isArray() && !value.isUndefined())
            wrong(key, "an array");
        return value.toArray();
    }
    QJsonObject objectAt(const QJsonArray &array, qsizetype index, const char *key)
    {
        if (!array.at(index).isObject())
            wrong(key, "an array of objects");
        return array.at(index).toObject();
    }
    void wrong(const char *key, const char *expected)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("%1\"%2\" must be %3").arg(m_where, QLatin1String(key), QLatin1String(expected));
    }
    void absorb(const Reader &inner)
    {
        if (m_error.isEmpty())
            m_error = inner.m_error;
    }
    const QString &error() const { return m_error; }

private:
    QJsonObject m_object;
    QString m_where;
    QString m_error;
};

QList<StepRecord> stepsFrom(Reader &reader, const QJsonArray &array)
{
    QList<StepRecord> steps;
    for (qsizetype i = 0; i < array.size(); ++i) {
        Reader inner(reader.objectAt(array, i, "steps"), QStringLiteral("steps[%1].").arg(i));
        StepRecord step;
        inner.text("name", step.name);
        inner.flag("passed", step.passed);
        inner.integer("durationMs", step.durationMs);
        inner.text("detail", step.detail);
        reader.absorb(inner);
        steps << step;
    }
    return steps;
}

QList<CertificateRecord> certificatesFrom(Reader &reader, const QJsonArray &array)
{
    QList<CertificateRecord> certificates;
    for (qsizetype i = 0; i < array.size(); ++i) {
        Reader inner(reader.objectAt(array, i, "certificates"), QStringLiteral("certificates[%1].").arg(i));
        CertificateRecord certificate;
        inner.text("role", certificate.role);
        inner.text("name", certificate.name);
        inner.text("serial", certificate.serialHex);
        inner.text("sha256", certificate.sha256Fingerprint);
        reader.absorb(inner);
        certificates << certificate;
    }
    return certificates;
}

QByteArray compact(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

// RFC 4180 §2: a field with a comma, a quote or a line break is quoted, its quotes doubled.
QByteArray csvField(const QString &text)
{
    QByteArray field = text.toUtf8();
    if (!field.contains(',') && !field.contains('"') && !field.contains('\r') && !field.contains('\n'))
        return field;
    field.replace("\"", "\"\"");
    return '"' + field + '"';
}

} // namespace

QString unitResultName(UnitResult result)
{
    for (const auto &[value, name] : kResultNames) {
        if (value == result)
            return name;
    }
    return QStringLiteral("fail");
}

std::optional<UnitResult> unitResultFromName(const QString &name)
{
    for (const auto &[value, known] : kResultNames) {
        if (known == name)
            return value;
    }
    return std::nullopt;
}

QJsonObject recordToJson(const ProvisionRecord &record)
{
    return QJsonObject{
        {QStringLiteral("id"), record.id},
        {QStringLiteral("startedAt"), isoUtc(record.startedAt)},
        {QStringLiteral("finishedAt"), isoUtc(record.finishedAt)},
        {QStringLiteral("station"), record.station},
        {QStringLiteral("operator"), record.operatorName},
        {QStringLiteral("port"), record.port},
        {QStringLiteral("portLocation"), record.portLocation},
        {QStringLiteral("profileName"), record.profileName},
        {QStringLiteral("profileHash"), record.profileHash},
        {QStringLiteral("imei"), record.imei},
        {QStringLiteral("imsi"), record.imsi},
        {QStringLiteral("iccid"), record.iccid},
        {QStringLiteral("model"), record.model},
        {QStringLiteral("firmware"), record.firmware},
        {QStringLiteral("certificates"), certificatesToJson(record.certificates)},
        {QStringLiteral("steps"), stepsToJson(record.steps)},
        {QStringLiteral("signalDbm"), record.signalDbm ? QJsonValue(*record.signalDbm) : QJsonValue()},
        {QStringLiteral("result"), unitResultName(record.result)},
        {QStringLiteral("error"), record.error},
        {QStringLiteral("trafficLog"), record.trafficLogPath},
        {QStringLiteral("verifiedOnly"), record.verifiedOnly},
    };
}

Result<ProvisionRecord> recordFromJson(const QJsonObject &object)
{
    ProvisionRecord record;
    Reader reader(object, QString());
    reader.integer("id", record.id);
    reader.time("startedAt", record.startedAt);
    reader.time("finishedAt", record.finishedAt);
    for (const auto &[key, field] : {std::pair{"station", &record.station}, {"operator", &record.operatorName},
                                     {"port", &record.port}, {"portLocation", &record.portLocation},
                                     {"profileName", &record.profileName}, {"profileHash", &record.profileHash},
                                     {"imei", &record.imei}, {"imsi", &record.imsi}, {"iccid", &record.iccid},
                                     {"model", &record.model}, {"firmware", &record.firmware},
                                     {"error", &record.error}, {"trafficLog", &record.trafficLogPath}})
        reader.text(key, *field);
    record.certificates = certificatesFrom(reader, reader.array("certificates"));
    record.steps = stepsFrom(reader, reader.array("steps"));
    if (const QJsonValue signal = object.value(QStringLiteral("signalDbm")); !signal.isNull() && !signal.isUndefined()) {
        qint64 dbm = 0;
        reader.integer("signalDbm", dbm);
        record.signalDbm = int(dbm);
    }
    reader.flag("verifiedOnly", record.verifiedOnly);
    QString result;
    reader.text("result", result);
    if (reader.error().isEmpty() && !unitResultFromName(result))
        reader.wrong("result", "one of running, pass, fail, interrupted");
    if (!reader.error().isEmpty())
        return fail(ErrorCode::Parse, QStringLiteral("The provisioning record is not readable: %1.").arg(reader.error()));
    record.result = *unitResultFromName(result);
    return record;
}

QByteArray RecordStore::toCsv(const QList<ProvisionRecord> &records)
{
    QByteArray csv = "id,started_at,finished_at,station,operator,port,port_location,profile_name,profile_hash,"
                     "imei,imsi,iccid,model,firmware,certificates,steps,signal_dbm,result,error,traffic_log,"
                     "verified_only\r\n";
    for (const ProvisionRecord &r : records) {
        const QStringList fields{
            QString::number(r.id), isoUtc(r.startedAt), isoUtc(r.finishedAt), r.station, r.operatorName, r.port,
            r.portLocation, r.profileName, r.profileHash, r.imei, r.imsi, r.iccid, r.model, r.firmware,
            QString::fromUtf8(Internal::certificatesColumn(r.certificates)), QString::fromUtf8(Internal::stepsColumn(r.steps)),
            r.signalDbm ? QString::number(*r.signalDbm) : QString(), unitResultName(r.result), r.error,
            r.trafficLogPath, r.verifiedOnly ? QStringLiteral("1") : QStringLiteral("0")};
        for (qsizetype i = 0; i < fields.size(); ++i) {
            if (i > 0)
                csv += ',';
            csv += csvField(fields.at(i));
        }
        csv += "\r\n";
    }
    return csv;
}

QByteArray RecordStore::toJson(const QList<ProvisionRecord> &records)
{
    QJsonArray array;
    for (const ProvisionRecord &record : records)
        array.append(recordToJson(record));
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

namespace Internal {

QByteArray stepsColumn(const QList<StepRecord> &steps)
{
    return compact(stepsToJson(steps));
}

QByteArray certificatesColumn(const QList<CertificateRecord> &certificates)
{
    return compact(certificatesToJson(certificates));
}

namespace {

template<class T>
Result<QList<T>> fromColumn(const QByteArray &json, const char *column,
                            QList<T> (*read)(Reader &, const QJsonArray &))
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isArray()) {
        return fail(ErrorCode::Parse, QStringLiteral("The %1 column of a provisioning record is damaged: %2.")
                                          .arg(QLatin1String(column), parseError.errorString()));
    }
    Reader reader(QJsonObject{}, QString());
    QList<T> items = read(reader, document.array());
    if (!reader.error().isEmpty()) {
        return fail(ErrorCode::Parse, QStringLiteral("The %1 column of a provisioning record is damaged: %2.")
                                          .arg(QLatin1String(column), reader.error()));
    }
    return items;
}

} // namespace

Result<QList<StepRecord>> stepsFromColumn(const QByteArray &json)
{
    return fromColumn<StepRecord>(json, "steps", &stepsFrom);
}

Result<QList<CertificateRecord>> certificatesFromColumn(const QByteArray &json)
{
    return fromColumn<CertificateRecord>(json, "certificates", &certificatesFrom);
}

} // namespace Internal

} // namespace ModemBench
