#include "core/cli/recordscommand.h"

#include "core/store/provisionrecords.h"

#include <QSaveFile>

namespace ModemBench {

namespace {

const QString kResult = QStringLiteral("result");
const QString kOut = QStringLiteral("out");
const QString kDb = QStringLiteral("db");

QString line(const ProvisionRecord &record)
{
    const QString when = record.startedAt.toUTC().toString(Qt::ISODate);
    QString text = QStringLiteral("%1  %2  IMEI %3  ICCID %4  %5  %6  %7")
                       .arg(when, unitResultName(record.result).toUpper().leftJustified(11),
                            record.imei.isEmpty() ? QStringLiteral("-") : record.imei,
                            record.iccid.isEmpty() ? QStringLiteral("-") : record.iccid,
                            record.model.isEmpty() ? QStringLiteral("-") : record.model, record.station, record.port);
    if (record.verifiedOnly)
        text += QStringLiteral("  (verified, already provisioned)");
    if (!record.error.isEmpty())
        text += QStringLiteral("  ") + record.error;
    return text;
}

int failWith(QTextStream &err, const Error &error, int code)
{
    err << "modembench-cli: " << error.message << '\n';
    return code;
}

} // namespace

QList<QCommandLineOption> RecordsCommand::options()
{
    return {
        // --db comes from `provision`, --out from `ca`, --csv from `monitor`: one option, one meaning.
        {kResult, QStringLiteral("records: only units with this result (pass, fail, interrupted, running)."),
         QStringLiteral("result")},
    };
}

int RecordsCommand::run(const QStringList &arguments, const QCommandLineParser &parser, QTextStream &out,
                        QTextStream &err)
{
    RecordFilter filter;
    if (arguments.size() > 1)
        return failWith(err, Error{ErrorCode::Usage, QStringLiteral("'records' takes at most one SEARCH text"), {}, -1}, 2);
    filter.text = arguments.value(0);
    if (parser.isSet(kResult)) {
        const auto result = unitResultFromName(parser.value(kResult).toLower());
        if (!result)
            return failWith(err, Error{ErrorCode::Usage, QStringLiteral("Unknown --result '%1': use pass, fail, "
                                                                        "interrupted or running").arg(parser.value(kResult)), {}, -1}, 2);
        filter.result = result;
    }
    const bool csv = parser.isSet(QStringLiteral("csv"));
    const bool json = parser.isSet(QStringLiteral("json"));
    if (csv && json)
        return failWith(err, Error{ErrorCode::Usage, QStringLiteral("'records' takes --csv or --json, not both"), {}, -1}, 2);
    if (parser.isSet(kOut) && !csv && !json)
        return failWith(err, Error{ErrorCode::Usage, QStringLiteral("--out needs --csv or --json: which format should the "
                                                                    "export have?"), {}, -1}, 2);

    const QString location = parser.isSet(kDb) ? parser.value(kDb) : RecordStore::defaultLocation();
    auto store = RecordStore::open(location);
    if (!store)
        return failWith(err, store.error(), store.error().code == ErrorCode::Usage ? 2 : 3);
    const auto records = (*store)->query(filter);
    if (!records)
        return failWith(err, records.error(), 3);

    if (!csv && !json) {
        for (const ProvisionRecord &record : *records)
            out << line(record) << '\n';
        out << records->size() << (records->size() == 1 ? " record" : " records") << " in "
            << (*store)->displayLocation() << '\n';
        return 0;
    }
    const QByteArray bytes = csv ? RecordStore::toCsv(*records) : RecordStore::toJson(*records);
    if (!parser.isSet(kOut)) {
        out << QString::fromUtf8(bytes);
        return 0;
    }
    QSaveFile file(parser.value(kOut));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return failWith(err, Error{ErrorCode::Usage, QStringLiteral("Cannot write %1: %2").arg(parser.value(kOut), file.errorString()), {}, -1}, 2);
    err << "Wrote " << records->size() << " records to " << parser.value(kOut) << '\n';
    return 0;
}

} // namespace ModemBench
