// Replays the verbatim transcripts under tests/data/transcripts/simcom/<model>/ (format in the
// README there): every reply of a command that has a typed parser must parse.

#include "core/catalog/commandcatalog.h"
#include "core/parsers/identity.h"
#include "core/parsers/registration.h"
#include "core/parsers/signal.h"
#include "core/parsers/sim.h"
#include "testsupport.h"

#include <QDirIterator>
#include <QFile>
#include <QtTest>

#include <functional>

using namespace ModemBench;
using namespace ModemBench::Test;

namespace {

struct Exchange {
    QByteArray command;
    QList<QByteArray> lines;  // intermediate lines, final result removed
    QByteArray final;
};

bool isFinal(const QByteArray &line)
{
    return line == "OK" || line == "ERROR" || line.startsWith("+CME ERROR:") || line.startsWith("+CMS ERROR:");
}

QList<Exchange> readTranscript(const QString &path)
{
    QList<Exchange> exchanges;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return exchanges;
    for (const QByteArray &raw : file.readAll().split('\n')) {
        const QByteArray line = raw.endsWith('\r') ? raw.chopped(1) : raw;
        if (line.startsWith("> ")) {
            exchanges.append(Exchange{line.mid(2), {}, {}});
        } else if (line.startsWith("< ") && !exchanges.isEmpty() && exchanges.last().final.isEmpty()) {
            if (isFinal(line.mid(2)))
                exchanges.last().final = line.mid(2);
            else
                exchanges.last().lines.append(line.mid(2));
        }
    }
    return exchanges;
}

// Typed parser per command read form; true when the reply parsed (message filled otherwise).
using Check = std::function<bool(const QList<QByteArray> &, QString &)>;

template<class F>
Check check(F parser)
{
    return [parser](const QList<QByteArray> &lines, QString &message) {
        const auto result = parser(lines);
        if (!result)
            message = result.error().message;
        return bool(result);
    };
}

const QHash<QString, Check> &parsersByCommand()
{
    static const QHash<QString, Check> parsers{
        {"I", check(parseAti)},         {"+CGMI", check(parseManufacturer)},
        {"+GMI", check(parseManufacturer)}, {"+CGMM", check(parseModel)},
        {"+GMM", check(parseModel)},    {"+CGMR", check(parseRevision)},
        {"+GMR", check(parseRevision)}, {"+GSV", check(parseGsv)},
        {"+CGSN", check(parseImei)},    {"+GSN", check(parseImei)},
        {"+CIMI", check(parseImsi)},    {"+CCID", check(parseIccid)},
        {"+CPIN", check(parseCpin)},    {"+CREG", check(parseRegistrationReply)},
        {"+CGREG", check(parseRegistrationReply)}, {"+CEREG", check(parseRegistrationReply)},
        {"+COPS", check(parseCops)},    {"+CSQ", check(parseCsq)},
        {"+CPSI", check(parseCpsi)},
    };
    return parsers;
}

} // namespace

class TranscriptParserTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void transcripts_data();
    void transcripts();
};

void TranscriptParserTest::transcripts_data()
{
    QTest::addColumn<QString>("path");
    const QString root = QStringLiteral(MODEMBENCH_TEST_DATA_DIR "/transcripts/simcom");
    QDirIterator it(root, {QStringLiteral("*.txt")}, QDir::Files, QDirIterator::Subdirectories);
    QStringList paths;
    while (it.hasNext())
        paths.append(it.next());
    paths.sort();
    QVERIFY(!paths.isEmpty());
    for (const QString &path : paths)
        QTest::newRow(qPrintable(path.mid(root.size() + 1))) << path;
}

void TranscriptParserTest::transcripts()
{
    QFETCH(QString, path);
    const QList<Exchange> exchanges = readTranscript(path);
    QVERIFY(!exchanges.isEmpty());
    int parsed = 0;
    for (const Exchange &exchange : exchanges) {
        QVERIFY2(!exchange.final.isEmpty(), exchange.command.constData());
        // Only read/execute forms carry a reply to parse; "AT+CFUN=1" and "=?" do not.
        if (exchange.final != "OK" || exchange.command.contains('='))
            continue;
        const auto parser = parsersByCommand().constFind(CommandCatalog::commandName(exchange.command));
        if (parser == parsersByCommand().cend())
            continue;
        QString message;
        QVERIFY2((*parser)(exchange.lines, message), qPrintable(exchange.command + ": " + message.toUtf8()));
        ++parsed;
    }
    QVERIFY(parsed > 0);
}

int runTranscriptParserTests(int argc, char **argv)
{
    TranscriptParserTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_transcriptparsers.moc"
