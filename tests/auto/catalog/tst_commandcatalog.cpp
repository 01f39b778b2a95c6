// CommandCatalog: the embedded resources/commands.json, lookups of every command-line form,
// completion, help lines, and refusal of malformed catalogs with messages naming the fault.

#include "core/catalog/commandcatalog.h"

#include <QtTest>

using namespace ModemBench;

namespace {

// Every command protocol.md §2-§11 names; the default catalog must know each of them.
const QStringList kProtocolCommands{
    "", "E", "I", "V", "Q", "Z", "&F", "&W", "+GMI", "+CGMI", "+GMM", "+CGMM", "+GMR", "+CGMR",
    "+GSV", "+GOI", "+GSN", "+CGSN", "+CIMI", "+CCID", "+CPIN", "+CMEE", "+CFUN", "+CREBOOT",
    "+CPOWD", "+CNMP", "+CMNB", "+CBANDCFG", "+CNSMOD", "+CNETLIGHT", "+CSCLK", "+CLTS", "+CBATCHK",
    "+CVHU", "+CBC", "+IPR", "+COPS", "+CREG", "+CGREG", "+CEREG", "+CSQ", "+CPSI", "+CCLK",
    "+CNTP", "+CNTPCID", "+CGDCONT", "+CGATT", "+CGACT", "+CGPADDR", "+CGNAPN", "+CNCFG", "+CNACT",
    "+CNACTCFG", "+CAPNMODE", "+CSTT", "+CIICR", "+CIFSR", "+CIFSREX", "+CIPSHUT", "+SAPBR",
    "+CDNSGIP", "+CDNSCFG", "+CDNSPDPID", "+SNPING4", "+SNPING6", "+SNPDPID", "+CIPPING",
    "+CSSLCFG", "+CASSLCFG", "+SHSSL", "+SMSSL", "+CACID", "+CAOPEN", "+CASEND", "+CARECV",
    "+CASTATE", "+CACLOSE", "+CAACK", "+CASERVER", "+CACFG", "+CASWITCH", "+CFSINIT", "+CFSWFILE",
    "+CFSRFILE", "+CFSDFILE", "+CFSGFIS", "+CFSREN", "+CFSGFRS", "+CFSTERM", "+SHCONF", "+SHCONN",
    "+SHSTATE", "+SHCHEAD", "+SHAHEAD", "+SHBOD", "+SHBODEXT", "+SHPARA", "+SHCPARA", "+SHREQ",
    "+SHREAD", "+SHDISC", "+HTTPTOFS", "+HTTPTOFSRL", "+SMCONN", "+SMPUB", "+CIPMUX", "+CIPSTART",
    "+CIPSEND", "+CIPQSEND", "+CIPACK", "+CIPCLOSE", "+CIPSTATUS", "+CIPRXGET", "+CIPSERVER",
    "+CIPTKA", "+CIPSSL", "+SSLOPT", "+HTTPSSL", "+FTPSSL", "+EMAILSSL", "+FSCREATE", "+FSWRITE",
    "+SSLSETCERT", "+SSLSETROOT", "+SSLDEROOT", "+SSLDECLI", "+HTTPINIT", "+HTTPPARA", "+HTTPDATA",
    "+HTTPACTION", "+HTTPREAD", "+HTTPTERM", "+CIURC", "+CLCK", "H",
};

const char kMinimalEntry[] =
    R"({"name": "+CSQ", "syntax": "AT+CSQ", "description": "Signal quality", "timeout_ms": 2000,
        "prefix": "+CSQ:", "models": ["sim7000"]})";

QByteArray catalogWith(const QByteArray &entries)
{
    return R"({"version": 1, "commands": [)" + entries + "]}";
}

CommandCatalog defaultCatalog()
{
    auto catalog = CommandCatalog::loadDefault();
    if (!catalog)
        qFatal("default catalog failed: %s", qPrintable(catalog.error().message));
    return *catalog;
}

} // namespace

class CommandCatalogTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultLoads();
    void defaultCoversProtocol();
    void defaultTimeoutsAndReplies_data();
    void defaultTimeoutsAndReplies();
    void commandName_data();
    void commandName();
    void lookup_data();
    void lookup();
    void completions();
    void helpLine();
    void timeoutFor();
    void copyAndMove();
    void minimalCatalogLoads();
    void badCatalogs_data();
    void badCatalogs();
};

void CommandCatalogTest::defaultLoads()
{
    const auto catalog = CommandCatalog::loadDefault();
    QVERIFY2(catalog, qPrintable(catalog ? QString() : catalog.error().message));
    QVERIFY(catalog->commands().size() >= 140);
    for (const CommandInfo &info : catalog->commands()) {
        QVERIFY2(!info.description.trimmed().isEmpty(), qPrintable(info.name));
        QVERIFY2(!info.syntax.trimmed().isEmpty(), qPrintable(info.name));
        QVERIFY2(info.timeoutMs > 0, qPrintable(info.name));
        QVERIFY2(!info.models.isEmpty(), qPrintable(info.name));
        QCOMPARE(info.name, info.name.toUpper());
        // Each entry must be reachable through its own command line.
        const QByteArray line = "AT" + info.name.toLatin1();
        QCOMPARE(catalog->lookup(line), &info);
    }
}

void CommandCatalogTest::defaultCoversProtocol()
{
    const CommandCatalog catalog = defaultCatalog();
    for (const QString &name : kProtocolCommands) {
        const QByteArray line = "AT" + name.toLatin1();
        QVERIFY2(catalog.lookup(line), line.constData());
    }
}

void CommandCatalogTest::defaultTimeoutsAndReplies_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<QByteArray>("prefix");
    QTest::addColumn<QString>("bareReply");

    // Manual maxima from protocol.md §13.
    QTest::newRow("AT+CSQ") << QByteArray("AT+CSQ") << 2000 << QByteArray("+CSQ:") << "";
    QTest::newRow("AT+COPS=1,2,\"26201\"") << QByteArray("AT+COPS=1,2,\"26201\"") << 120000 << QByteArray("+COPS:") << "";
    QTest::newRow("AT+CIMI") << QByteArray("AT+CIMI") << 20000 << QByteArray() << "imsi";
    QTest::newRow("AT+CGATT=1") << QByteArray("AT+CGATT=1") << 75000 << QByteArray("+CGATT:") << "";
    QTest::newRow("AT+CGACT=1,1") << QByteArray("AT+CGACT=1,1") << 150000 << QByteArray("+CGACT:") << "";
    QTest::newRow("AT+CIICR") << QByteArray("AT+CIICR") << 85000 << QByteArray() << "";
    QTest::newRow("AT+CIPSTART") << QByteArray("AT+CIPSTART=\"TCP\",\"116.228.221.51\",\"8500\"") << 160000 << QByteArray("+CIPSTART:") << "";
    QTest::newRow("AT+CIPSHUT") << QByteArray("AT+CIPSHUT") << 65000 << QByteArray() << "";
    QTest::newRow("AT+CAOPEN") << QByteArray("AT+CAOPEN=0,\"116.247.119.165\",5171") << 90000 << QByteArray("+CAOPEN:") << "";
    QTest::newRow("AT+CFUN=1,1") << QByteArray("AT+CFUN=1,1") << 10000 << QByteArray("+CFUN:") << "";
    QTest::newRow("AT+CPIN?") << QByteArray("AT+CPIN?") << 5000 << QByteArray("+CPIN:") << "";
    QTest::newRow("AT+CCID") << QByteArray("AT+CCID") << 2000 << QByteArray("+CCID:") << "iccid";
    QTest::newRow("AT+CGSN") << QByteArray("AT+CGSN") << 5000 << QByteArray("+CGSN:") << "imei";
    QTest::newRow("AT+GSN") << QByteArray("AT+GSN") << 5000 << QByteArray("+GSN:") << "imei";
    QTest::newRow("AT+CIFSR") << QByteArray("AT+CIFSR") << 10000 << QByteArray() << "ip";
    QTest::newRow("AT+SAPBR=1,1") << QByteArray("AT+SAPBR=1,1") << 85000 << QByteArray("+SAPBR:") << "";
    QTest::newRow("ATI") << QByteArray("ATI") << 2000 << QByteArray() << "text";
    QTest::newRow("AT") << QByteArray("AT") << 2000 << QByteArray() << "";
}

void CommandCatalogTest::defaultTimeoutsAndReplies()
{
    QFETCH(QByteArray, line);
    QFETCH(int, timeoutMs);
    QFETCH(QByteArray, prefix);
    QFETCH(QString, bareReply);
    const CommandCatalog catalog = defaultCatalog();
    const CommandInfo *info = catalog.lookup(line);
    QVERIFY(info);
    QCOMPARE(info->timeoutMs, timeoutMs);
    QCOMPARE(info->prefix, prefix);
    QCOMPARE(info->bareReply, bareReply);
}

void CommandCatalogTest::commandName_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("isNull");

    QTest::newRow("AT+COPS=0") << QByteArray("AT+COPS=0") << "+COPS" << false;
    QTest::newRow("at+cpsi?") << QByteArray("at+cpsi?") << "+CPSI" << false;
    QTest::newRow("ATE0") << QByteArray("ATE0") << "E" << false;
    QTest::newRow("ATI") << QByteArray("ATI") << "I" << false;
    QTest::newRow("AT&W") << QByteArray("AT&W") << "&W" << false;
    QTest::newRow("AT") << QByteArray("AT") << "" << false;
    QTest::newRow("at with CR") << QByteArray("at\r") << "" << false;
    QTest::newRow("AT+CSQ;+CPSI?") << QByteArray("AT+CSQ;+CPSI?") << "+CSQ" << false;
    QTest::newRow("TinyGSM AT+CIFSR;E0 (TG)") << QByteArray("AT+CIFSR;E0") << "+CIFSR" << false;
    QTest::newRow("TinyGSM AT&FZE0&W (TG)") << QByteArray("AT&FZE0&W") << "&F" << false;
    QTest::newRow("BOT-LOG mixed case AT+CFSWfile") << QByteArray("AT+CFSWfile=3,\"sim.crt\",0,1322,5000") << "+CFSWFILE" << false;
    QTest::newRow("BOT-LOG at+csslcfg") << QByteArray("at+csslcfg=convert,2,x.cer") << "+CSSLCFG" << false;
    QTest::newRow("SNPING4 digit in name") << QByteArray("AT+SNPING4=\"www.baidu.com\",3,16,1000") << "+SNPING4" << false;
    QTest::newRow("surrounding blanks") << QByteArray("  AT+CSQ \r\n") << "+CSQ" << false;
    QTest::newRow("not AT") << QByteArray("hello") << "" << true;
    QTest::newRow("empty") << QByteArray() << "" << true;
    QTest::newRow("A only") << QByteArray("A") << "" << true;
    QTest::newRow("AT+ without name") << QByteArray("AT+") << "" << true;
    QTest::newRow("AT& without letter") << QByteArray("AT&") << "" << true;
    QTest::newRow("AT=") << QByteArray("AT=1") << "" << true;
}

void CommandCatalogTest::commandName()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, name);
    QFETCH(bool, isNull);
    const QString result = CommandCatalog::commandName(line);
    QCOMPARE(result.isNull(), isNull);
    QCOMPARE(result, name);
}

void CommandCatalogTest::lookup_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("name");  // null: nullptr expected

    QTest::newRow("AT+CSQ") << QByteArray("AT+CSQ") << "+CSQ";
    QTest::newRow("at+cops?") << QByteArray("at+cops?") << "+COPS";
    QTest::newRow("AT+COPS=0") << QByteArray("AT+COPS=0") << "+COPS";
    QTest::newRow("AT+COPS=?") << QByteArray("AT+COPS=?") << "+COPS";
    QTest::newRow("ATI") << QByteArray("ATI") << "I";
    QTest::newRow("ATE0") << QByteArray("ATE0") << "E";
    QTest::newRow("AT&W") << QByteArray("AT&W") << "&W";
    QTest::newRow("AT") << QByteArray("AT") << "";
    QTest::newRow("AT+CSQ;+CPSI?") << QByteArray("AT+CSQ;+CPSI?") << "+CSQ";
    QTest::newRow("unknown command") << QByteArray("AT+FOOBAR") << QString();
    QTest::newRow("not a command") << QByteArray("hello") << QString();
    QTest::newRow("empty") << QByteArray() << QString();
}

void CommandCatalogTest::lookup()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, name);
    const CommandCatalog catalog = defaultCatalog();
    const CommandInfo *info = catalog.lookup(line);
    if (name.isNull()) {
        QCOMPARE(info, nullptr);
        QVERIFY(catalog.helpLine(line).isEmpty());
        return;
    }
    QVERIFY(info);
    QCOMPARE(info->name, name);
}

void CommandCatalogTest::completions()
{
    const CommandCatalog catalog = defaultCatalog();
    const QStringList cs = catalog.completions(QStringLiteral("AT+CS"));
    for (const char *expected : {"AT+CSQ", "AT+CSCLK", "AT+CSTT", "AT+CSSLCFG"})
        QVERIFY2(cs.contains(QLatin1String(expected)), expected);
    for (const QString &item : cs)
        QVERIFY(item.startsWith(QLatin1String("AT+CS")));
    QStringList sorted = cs;
    sorted.sort();
    QCOMPARE(cs, sorted);
    QCOMPARE(catalog.completions(QStringLiteral("at+cs")), cs);
    QCOMPARE(catalog.completions(QStringLiteral("+cs")), cs);
    QCOMPARE(catalog.completions(QStringLiteral("AT&")),
             QStringList({QStringLiteral("AT&F"), QStringLiteral("AT&V"), QStringLiteral("AT&W")}));
    QVERIFY(catalog.completions(QStringLiteral("AT+ZZZ")).isEmpty());
    QCOMPARE(catalog.completions(QString()).size(), catalog.commands().size());
    QCOMPARE(catalog.completions(QStringLiteral("a")).size(), catalog.commands().size());
    QVERIFY(catalog.completions(QString()).contains(QStringLiteral("AT")));
}

void CommandCatalogTest::helpLine()
{
    const CommandCatalog catalog = defaultCatalog();
    QCOMPARE(catalog.helpLine("AT+CSQ"),
             QStringLiteral("AT+CSQ \u2014 Signal quality report (rssi, ber). Syntax: AT+CSQ"));
    QVERIFY(catalog.helpLine("at+cops=0").startsWith(QStringLiteral("AT+COPS \u2014 ")));
    QVERIFY(catalog.helpLine("AT+FOOBAR").isEmpty());
}

void CommandCatalogTest::timeoutFor()
{
    const CommandCatalog catalog = defaultCatalog();
    QCOMPARE(catalog.timeoutFor("AT+COPS=?"), 120000);
    QCOMPARE(catalog.timeoutFor("AT+FOOBAR"), 5000);
    QCOMPARE(catalog.timeoutFor("AT+FOOBAR", 1234), 1234);
}

void CommandCatalogTest::copyAndMove()
{
    const CommandCatalog original = defaultCatalog();
    CommandCatalog copy = original;
    QCOMPARE(copy.commands().size(), original.commands().size());
    QVERIFY(copy.lookup("AT+CSQ"));
    CommandCatalog moved = std::move(copy);
    QVERIFY(moved.lookup("AT+CSQ"));
    QCOMPARE(moved.lookup("AT+CSQ")->timeoutMs, 2000);
    CommandCatalog assigned;
    QVERIFY(!assigned.lookup("AT+CSQ"));
    assigned = original;
    QVERIFY(assigned.lookup("AT+CSQ"));
}

void CommandCatalogTest::minimalCatalogLoads()
{
    const auto catalog = CommandCatalog::loadFromJson(catalogWith(kMinimalEntry));
    QVERIFY2(catalog, qPrintable(catalog ? QString() : catalog.error().message));
    QCOMPARE(catalog->commands().size(), 1);
    const CommandInfo *info = catalog->lookup("at+csq");
    QVERIFY(info);
    QCOMPARE(info->prefix, QByteArray("+CSQ:"));
    QCOMPARE(info->bareReply, QString());
    QCOMPARE(info->models, QStringList{QStringLiteral("sim7000")});
    QVERIFY(CommandCatalog::loadFromJson(R"({"version": 1, "commands": []})"));
}

void CommandCatalogTest::badCatalogs_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("mentions");  // every word must appear in the message

    const QByteArray entry = kMinimalEntry;
    auto with = [&entry](const char *from, const char *to) {
        QByteArray e = entry;
        return catalogWith(e.replace(from, to));
    };
    QTest::newRow("not JSON") << QByteArray("{") << QStringList{"not valid JSON", "offset"};
    QTest::newRow("empty input") << QByteArray() << QStringList{"not valid JSON"};
    QTest::newRow("root is an array") << QByteArray("[]") << QStringList{"version"};
    QTest::newRow("wrong version") << QByteArray(R"({"version": 2, "commands": []})") << QStringList{"version", "2"};
    QTest::newRow("version as a string") << QByteArray(R"({"version": "1", "commands": []})") << QStringList{"version"};
    QTest::newRow("missing commands") << QByteArray(R"({"version": 1})") << QStringList{"commands", "array"};
    QTest::newRow("unknown top-level key") << QByteArray(R"({"version": 1, "commands": [], "extra": 1})") << QStringList{"extra"};
    QTest::newRow("entry not an object") << catalogWith("42") << QStringList{"commands[0]", "object"};
    QTest::newRow("missing description") << with(R"("description": "Signal quality", )", "")
                                         << QStringList{"commands[0]", "+CSQ", "description"};
    QTest::newRow("empty syntax") << with(R"("syntax": "AT+CSQ")", R"("syntax": "")") << QStringList{"syntax"};
    QTest::newRow("zero timeout") << with("2000", "0") << QStringList{"timeout_ms", "0"};
    QTest::newRow("negative timeout") << with("2000", "-5") << QStringList{"timeout_ms", "-5"};
    QTest::newRow("fractional timeout") << with("2000", "1.5") << QStringList{"timeout_ms", "1.5"};
    QTest::newRow("timeout as a string") << with("2000", R"("abc")") << QStringList{"timeout_ms", "abc"};
    QTest::newRow("missing timeout") << with(R"("timeout_ms": 2000,)", "") << QStringList{"timeout_ms", "nothing"};
    QTest::newRow("unknown key") << with(R"("timeout_ms")", R"("timeout": 1, "timeout_ms")") << QStringList{"\"timeout\"", "known"};
    QTest::newRow("unknown model") << with(R"(["sim7000"])", R"(["sim9000"])") << QStringList{"models", "sim9000"};
    QTest::newRow("empty models") << with(R"(["sim7000"])", "[]") << QStringList{"models"};
    QTest::newRow("duplicate model") << with(R"(["sim7000"])", R"(["sim7000", "sim7000"])") << QStringList{"models"};
    QTest::newRow("bad bare_reply") << with(R"("prefix")", R"("bare_reply": "imei2", "prefix")") << QStringList{"bare_reply", "imei2"};
    QTest::newRow("prefix without colon") << with(R"("+CSQ:")", R"("+CSQ")") << QStringList{"prefix", "+CSQ"};
    QTest::newRow("name with parameters") << with(R"("name": "+CSQ")", R"("name": "+CSQ?")") << QStringList{"name", "+CSQ?"};
    QTest::newRow("name not a string") << with(R"("name": "+CSQ")", R"("name": 5)") << QStringList{"name", "5"};
    QTest::newRow("duplicate name (case-insensitive)") << catalogWith(entry + "," + QByteArray(entry).replace("\"+CSQ\"", "\"+csq\""))
                                                       << QStringList{"commands[1]", "already used"};
}

void CommandCatalogTest::badCatalogs()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, mentions);
    const auto catalog = CommandCatalog::loadFromJson(json);
    QVERIFY(!catalog);
    QCOMPARE(catalog.error().code, ErrorCode::Usage);
    for (const QString &word : mentions)
        QVERIFY2(catalog.error().message.contains(word), qPrintable(catalog.error().message));
}

QTEST_GUILESS_MAIN(CommandCatalogTest)

#include "tst_commandcatalog.moc"
