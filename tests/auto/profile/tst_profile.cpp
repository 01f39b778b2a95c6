// Provisioning profiles (issue #7 item 1, test-plan B12): every key accepted, every unknown key,
// wrong type and impossible value refused with its line and key path, before any modem is touched.

#include "core/provision/profile.h"
#include "core/provision/profilejson.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace ModemBench;

namespace {

QString dataDir()
{
    return QStringLiteral(MODEMBENCH_TEST_DATA_DIR "/profiles");
}

QString examplesDir()
{
    return QStringLiteral(MODEMBENCH_SOURCE_DIR "/examples/profiles");
}

// A profile whose `body` starts on line 3 (after "{" and the name).
QByteArray withName(const QByteArray &body)
{
    return "{\n  \"name\": \"test\",\n" + body + "\n}\n";
}

} // namespace

class TestProfile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fullProfileAccepted()
    {
        const Result<ProvisionProfile> loaded = loadProfile(dataDir() + QStringLiteral("/full.json"));
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().message));
        const ProvisionProfile &p = *loaded;
        QCOMPARE(p.name, QStringLiteral("Full profile"));
        QCOMPARE(p.sourcePath, QFileInfo(dataDir() + QStringLiteral("/full.json")).absoluteFilePath());
        QCOMPARE(p.hash.size(), 64);
        QCOMPARE(p.families, (QStringList{QStringLiteral("sim7000"), QStringLiteral("sim7080")}));
        QCOMPARE(p.minFirmware, QStringLiteral("1529B04SIM7000G"));
        QCOMPARE(p.settings.cnmp, std::optional<int>(38));
        QCOMPARE(p.settings.cmnb, std::optional<int>(1));
        QCOMPARE(p.settings.catmBands, QStringLiteral("3,8,20"));
        QCOMPARE(p.settings.sleep, std::optional<bool>(false));
        QCOMPARE(p.settings.netLight, std::optional<bool>(true));
        QCOMPARE(p.apn, QStringLiteral("iot.example"));
        QCOMPARE(p.certificates.caSource, ProfileCertificates::CaSource::OwnCa);
        QCOMPARE(p.certificates.caDirectory, QDir::cleanPath(dataDir() + QStringLiteral("/ca")));
        QCOMPARE(p.certificates.passphraseFile, QDir::cleanPath(dataDir() + QStringLiteral("/ca-passphrase.txt")));
        QVERIFY(p.certificates.deviceCertificate);
        QCOMPARE(p.certificates.deviceDays, 730);
        QCOMPARE(p.certificates.deviceKey, QStringLiteral("p256"));
        QCOMPARE(p.certificates.caName, QStringLiteral("factory-ca.pem"));
        QCOMPARE(p.certificates.clientName, QStringLiteral("device-cert.pem"));
        QVERIFY(p.tls);
        QCOMPARE(p.tls->version, TlsVersion::Tls12);
        QCOMPARE(p.tls->sni, QStringLiteral("provision.example"));
        QVERIFY(p.tls->ignoreRtcTime);
        QCOMPARE(p.tls->sslContext, 2);
        QCOMPARE(p.tls->caName, QStringLiteral("factory-ca.pem"));
        QCOMPARE(p.tls->clientCertName, QStringLiteral("device-cert.pem"));
        QVERIFY(p.verify.tlsTest);
        QCOMPARE(p.verify.tlsTest->host, QStringLiteral("provision.example"));
        QCOMPARE(p.verify.tlsTest->port, 8443);
        QCOMPARE(p.verify.tlsTest->payload, QByteArray("hello\n"));
        QCOMPARE(p.verify.tlsTest->receiveTimeoutMs, 20000);
        QCOMPARE(p.verify.tlsTest->openTimeoutMs, 60000);
        QCOMPARE(p.verify.tlsExpect, QByteArray("hello"));
        QCOMPARE(p.verify.pingHost, QStringLiteral("8.8.8.8"));
        QCOMPARE(p.verify.pingCount, 3);
        QCOMPARE(p.verify.minSignalDbm, std::optional<int>(-100));
        QCOMPARE(p.steps.size(), 3);
        QCOMPARE(p.steps.at(0).command, QByteArray("AT+CSQ"));
        QCOMPARE(p.steps.at(0).expect, QStringLiteral("\\+CSQ: \\d+"));
        QCOMPARE(p.steps.at(0).timeoutMs, 2000);
        QCOMPARE(p.steps.at(0).retries, 3);
        QCOMPARE(p.steps.at(0).retryDelayMs, 500);
        QCOMPARE(p.steps.at(0).name, QStringLiteral("Signal"));
        QCOMPARE(p.steps.at(0).line, 35);
        QCOMPARE(p.steps.at(1).delayMs, 1500);
        QVERIFY(p.steps.at(1).command.isEmpty());
        QCOMPARE(p.steps.at(1).line, 37);
        QCOMPARE(p.steps.at(2).name, QStringLiteral("ATI"));
        QCOMPARE(p.steps.at(2).timeoutMs, 5000);
        QVERIFY(p.radioOff);
        QCOMPARE(p.unitTimeoutMs, 300000);
        QVERIFY(p.needsDataConnection());
    }

    void minimalProfileDefaults()
    {
        const Result<ProvisionProfile> parsed = parseProfile("{\"name\": \"bare\"}", QDir::tempPath());
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
        QVERIFY(parsed->families.isEmpty());
        QVERIFY(!parsed->tls);
        QVERIFY(!parsed->needsDataConnection());
        QCOMPARE(parsed->certificates.caSource, ProfileCertificates::CaSource::None);
        QCOMPARE(parsed->certificates.deviceKey, QStringLiteral("rsa2048"));
        QCOMPARE(parsed->unitTimeoutMs, 600000);
        QVERIFY(!parsed->radioOff);
    }

    void examplesParse_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("basic") << QStringLiteral("basic.json");
        QTest::newRow("custom-steps") << QStringLiteral("custom-steps.json");
    }
    void examplesParse()
    {
        QFETCH(QString, file);
        const Result<ProvisionProfile> loaded = loadProfile(examplesDir() + QLatin1Char('/') + file);
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error().message));
    }

    // tls.json names a CA folder that `ca init` creates: with one in place it parses.
    void tlsExampleNeedsItsCa()
    {
        QFile example(examplesDir() + QStringLiteral("/tls.json"));
        QVERIFY(example.open(QIODevice::ReadOnly));
        const QByteArray text = example.readAll();
        const Result<ProvisionProfile> withoutCa = parseProfile(text, QStringLiteral("/nonexistent-h1"));
        QVERIFY(!withoutCa);
        QVERIFY2(withoutCa.error().message.contains(QLatin1String("ca init")), qPrintable(withoutCa.error().message));
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("station-ca")));
        QVERIFY(QFile::copy(dataDir() + QStringLiteral("/ca.pem"), dir.path() + QStringLiteral("/station-ca/ca.crt")));
        const Result<ProvisionProfile> withCa = parseProfile(text, dir.path());
        QVERIFY2(withCa, qPrintable(withCa ? QString() : withCa.error().message));
        QVERIFY(withCa->verify.tlsTest);
        QVERIFY(withCa->certificates.deviceCertificate);
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("reason");

        QTest::newRow("unknown top-level key") << withName("  \"radio\": false") << 3 << "radio" << "unknown key";
        QTest::newRow("unknown nested key")
            << withName("  \"settings\": {\n    \"rat\": \"lte\",\n    \"band\": \"3\"\n  }") << 5 << "settings.band" << "unknown key";
        QTest::newRow("name missing") << QByteArray("{\n  \"apn\": \"x\"\n}") << 1 << "name" << "is required";
        QTest::newRow("name wrong type") << QByteArray("{\n  \"name\": 7\n}") << 2 << "name" << "must be a string";
        QTest::newRow("name empty") << QByteArray("{\n  \"name\": \"  \"\n}") << 2 << "name" << "is empty";
        QTest::newRow("model unknown") << withName("  \"model\": \"sim5320\"") << 3 << "model" << "not a supported model";
        QTest::newRow("model in array unknown")
            << withName("  \"model\": [\n    \"sim7000\",\n    \"quectel\"\n  ]") << 5 << "model[1]" << "not a supported model";
        QTest::newRow("model empty array") << withName("  \"model\": []") << 3 << "model" << "non-empty array";
        QTest::newRow("model number") << withName("  \"model\": 7000") << 3 << "model" << "a number";
        QTest::newRow("min_firmware no digits") << withName("  \"min_firmware\": \"latest\"") << 3 << "min_firmware" << "no number";
        QTest::newRow("settings not object") << withName("  \"settings\": [1]") << 3 << "settings" << "must be an object";
        QTest::newRow("rat unknown") << withName("  \"settings\": {\n    \"rat\": \"5g\"\n  }") << 4 << "settings.rat" << "is not one of";
        QTest::newRow("lte_mode unknown") << withName("  \"settings\": {\"lte_mode\": \"catm\"}") << 3 << "settings.lte_mode" << "is not one of";
        QTest::newRow("band out of range") << withName("  \"settings\": {\"bands\": \"3,86\"}") << 3 << "settings.bands" << "1 to 85";
        QTest::newRow("band not a number") << withName("  \"settings\": {\"bands\": \"3,eight\"}") << 3 << "settings.bands" << "not an LTE band";
        QTest::newRow("band twice") << withName("  \"settings\": {\"bands\": [3, 3]}") << 3 << "settings.bands" << "listed twice";
        QTest::newRow("bands wrong type") << withName("  \"settings\": {\"bands\": true}") << 3 << "settings.bands" << "must be a string";
        QTest::newRow("sleep wrong type") << withName("  \"settings\": {\n\"sleep\": \"no\"}") << 4 << "settings.sleep" << "true or false";
        QTest::newRow("sim800 lte") << withName("  \"model\": \"sim800\",\n  \"settings\": {\"lte_mode\": \"cat-m\"}") << 4
                                    << "settings" << "SIM800 has no LTE";
        QTest::newRow("apn too long") << withName("  \"apn\": \"" + QByteArray(63, 'a') + "\"") << 3 << "apn" << "at most 62";
        QTest::newRow("apn quote") << withName("  \"apn\": \"a\\\"b\"") << 3 << "apn" << "cannot take";
        QTest::newRow("apn newline") << withName("  \"apn\": \"a\\nb\"") << 3 << "apn" << "control character";
        QTest::newRow("ca_file missing") << withName("  \"certificates\": {\n    \"ca_file\": \"nope.pem\"\n  }") << 4
                                         << "certificates.ca_file" << "no such file";
        QTest::newRow("ca_file not pem") << withName("  \"certificates\": {\"ca_file\": \"ca-passphrase.txt\"}") << 3
                                         << "certificates.ca_file" << "not a PEM certificate";
        QTest::newRow("ca and ca_file") << withName("  \"certificates\": {\"ca_file\": \"ca.pem\",\n \"ca\": {\"dir\": \"ca\"}}") << 4
                                        << "certificates.ca" << "not both";
        QTest::newRow("ca dir without CA") << withName("  \"certificates\": {\"ca\": {\n\"dir\": \".\"}}") << 4
                                           << "certificates.ca.dir" << "ca init";
        QTest::newRow("ca dir missing") << withName("  \"certificates\": {\"ca\": {}}") << 3 << "certificates.ca.dir" << "is required";
        QTest::newRow("passphrase file missing")
            << withName("  \"certificates\": {\"ca\": {\"dir\": \"ca\",\n\"passphrase_file\": \"nope\"}}") << 4
            << "certificates.ca.passphrase_file" << "no such file";
        QTest::newRow("device cert without ca")
            << withName("  \"certificates\": {\"ca_file\": \"ca.pem\",\n \"device_certificate\": true}") << 4
            << "certificates.device_certificate" << "our CA";
        QTest::newRow("device_days zero") << withName("  \"certificates\": {\"device_days\": 0}") << 3
                                          << "certificates.device_days" << "from 1 to 36500";
        QTest::newRow("device_days fraction") << withName("  \"certificates\": {\"device_days\": 1.5}") << 3
                                              << "certificates.device_days" << "whole number";
        QTest::newRow("device_key unknown") << withName("  \"certificates\": {\"device_key\": \"ed25519\"}") << 3
                                            << "certificates.device_key" << "rsa2048, rsa3072, rsa4096 or p256";
        QTest::newRow("name of 60 chars") << withName("  \"certificates\": {\"ca_name\": \"" + QByteArray(60, 'c') + "\"}") << 3
                                          << "certificates.ca_name" << "60 characters";
        QTest::newRow("name with slash") << withName("  \"certificates\": {\"client_name\": \"a/b\"}") << 3
                                         << "certificates.client_name" << "contains '/'";
        QTest::newRow("same names") << withName("  \"certificates\": {\"ca_name\": \"x.pem\", \"client_name\": \"x.pem\"}") << 3
                                    << "certificates.client_name" << "different names";
        QTest::newRow("tls version") << withName("  \"tls\": {\"version\": \"2.0\"},\n  \"verify\": {}") << 3 << "tls.version"
                                     << "not a TLS version";
        QTest::newRow("tls 1.0 not accepted") << withName("  \"verify\": {},\n  \"tls\": {\"version\": \"1.0\"}") << 4
                                              << "tls.version" << "accept_insecure_tls10";
        QTest::newRow("tls context") << withName("  \"verify\": {},\n  \"tls\": {\"context\": 6}") << 4 << "tls.context" << "0 to 5";
        QTest::newRow("tls for nothing") << withName("  \"tls\": {\"version\": \"1.2\"}") << 3 << "tls" << "do nothing";
        QTest::newRow("port zero") << withName("  \"verify\": {\n    \"tls_test\": {\n      \"host\": \"h\",\n      \"port\": 0\n    }\n  }")
                                   << 6 << "verify.tls_test.port" << "from 1 to 65535";
        QTest::newRow("port string") << withName("  \"verify\": {\"tls_test\": {\"host\": \"h\", \"port\": \"443\"}}") << 3
                                     << "verify.tls_test.port" << "a string";
        QTest::newRow("tls_test host missing") << withName("  \"verify\": {\n  \"tls_test\": {\"port\": 443}}") << 4
                                               << "verify.tls_test.host" << "is required";
        QTest::newRow("tls_test bad host") << withName("  \"verify\": {\"tls_test\": {\"host\": \"a b\", \"port\": 443}}") << 3
                                           << "verify.tls_test.host" << "not a host name";
        QTest::newRow("ping count") << withName("  \"verify\": {\"ping\": {\"host\": \"h\",\n \"count\": 101}}") << 4
                                    << "verify.ping.count" << "from 1 to 100";
        QTest::newRow("min signal high") << withName("  \"verify\": {\"min_signal_dbm\": -40}") << 3
                                         << "verify.min_signal_dbm" << "from -113 to -51";
        QTest::newRow("steps not array") << withName("  \"steps\": {}") << 3 << "steps" << "must be an array";
        QTest::newRow("step not object") << withName("  \"steps\": [\n    \"AT\"\n  ]") << 4 << "steps[0]" << "must be an object";
        QTest::newRow("step command missing") << withName("  \"steps\": [\n    {\"expect\": \"OK\"}\n  ]") << 4
                                              << "steps[0].command" << "is required";
        QTest::newRow("step command not AT")
            << withName("  \"steps\": [\n    {\"command\": \"AT\"},\n    {\"command\": \"+CSQ\"}\n  ]") << 5 << "steps[1].command"
            << "starts with \"AT\"";
        QTest::newRow("step command too long") << withName("  \"steps\": [{\"command\": \"AT" + QByteArray(560, 'X') + "\"}]") << 3
                                               << "steps[0].command" << "at most";
        QTest::newRow("step command CR") << withName("  \"steps\": [{\"command\": \"AT\\r\"}]") << 3 << "steps[0].command"
                                         << "control character";
        QTest::newRow("step bad regex")
            << withName("  \"steps\": [\n    {\n      \"command\": \"AT+CSQ\",\n      \"expect\": \"+CSQ: (\"\n    }\n  ]") << 6
            << "steps[0].expect" << "not valid";
        QTest::newRow("step timeout") << withName("  \"steps\": [{\"command\": \"AT\", \"timeout_ms\": 0}]") << 3
                                      << "steps[0].timeout_ms" << "from 1 to 600000";
        QTest::newRow("step retries") << withName("  \"steps\": [{\"command\": \"AT\", \"retries\": 101}]") << 3
                                      << "steps[0].retries" << "from 0 to 100";
        QTest::newRow("step unknown key") << withName("  \"steps\": [{\"command\": \"AT\",\n \"retry\": 1}]") << 4
                                          << "steps[0].retry" << "unknown key";
        QTest::newRow("wait with command") << withName("  \"steps\": [{\"wait_ms\": 10,\n \"command\": \"AT\"}]") << 4
                                           << "steps[0].command" << "unknown key";
        QTest::newRow("wait too long") << withName("  \"steps\": [{\"wait_ms\": 3600001}]") << 3 << "steps[0].wait_ms"
                                       << "from 1 to 3600000";
        QTest::newRow("radio_off wrong type") << withName("  \"radio_off\": 1") << 3 << "radio_off" << "true or false";
        QTest::newRow("unit timeout") << withName("  \"unit_timeout_s\": 5") << 3 << "unit_timeout_s" << "from 10 to 86400";
        QTest::newRow("null value") << withName("  \"apn\": null") << 3 << "apn" << "null";
        QTest::newRow("key in string value is not the key")
            << withName("  \"description\": \"radio_off\",\n  \"radio_off\": \"yes\"") << 4 << "radio_off" << "true or false";
    }
    void refused()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, line);
        QFETCH(QString, key);
        QFETCH(QString, reason);
        const Result<ProvisionProfile> parsed = parseProfile(json, dataDir());
        QVERIFY2(!parsed, json.constData());
        QCOMPARE(parsed.error().code, ErrorCode::Usage);
        const QString message = parsed.error().message;
        QVERIFY2(message.startsWith(QStringLiteral("line %1: key \"%2\": ").arg(line).arg(key)), qPrintable(message));
        QVERIFY2(message.contains(reason), qPrintable(message));
    }

    void syntaxError_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("line");
        QTest::newRow("missing comma") << QByteArray("{\n  \"name\": \"x\"\n  \"apn\": \"y\"\n}") << 3;
        QTest::newRow("trailing comma") << QByteArray("{\n  \"name\": \"x\",\n  \"apn\": \"y\",\n}\n") << 4;
        QTest::newRow("unterminated") << QByteArray("{\n  \"name\": \"x") << 2;
        QTest::newRow("empty") << QByteArray() << 1;
    }
    void syntaxError()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, line);
        const Result<ProvisionProfile> parsed = parseProfile(json, dataDir());
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, ErrorCode::Usage);
        QVERIFY2(parsed.error().message.startsWith(QStringLiteral("line %1: the profile is not valid JSON").arg(line)),
                 qPrintable(parsed.error().message));
    }

    void byteOrderMark()
    {
        const Result<ProvisionProfile> parsed = parseProfile("\xEF\xBB\xBF{\"name\": \"bom\"}", QDir::tempPath());
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
        QCOMPARE(parsed->hash, parseProfile("{\"name\": \"bom\"}", QDir::tempPath())->hash);
    }

    // A thousand steps in a text near 1 MiB: every step knows its line (found in one pass).
    void thousandStepsLines()
    {
        QByteArray body = QByteArray(900 * 1024, ' ') + "\"steps\": [\n";
        for (int i = 0; i < 1000; ++i)
            body += QByteArray("    {\"command\": \"AT+CSQ\", \"expect\": \"\\\\+CSQ\"}") + (i < 999 ? ",\n" : "\n");
        body += "  ]";
        const Result<ProvisionProfile> parsed = parseProfile(withName(body), QDir::tempPath());
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().message));
        QCOMPARE(parsed->steps.size(), 1000);
        QCOMPARE(parsed->steps.first().line, 4);
        QCOMPARE(parsed->steps.last().line, 1003);
        QCOMPARE(parsed->steps.last().expect, QStringLiteral("\\+CSQ"));
    }

    void notAnObject()
    {
        const Result<ProvisionProfile> parsed = parseProfile("[1, 2]", dataDir());
        QVERIFY(!parsed);
        QVERIFY(parsed.error().message.startsWith(QLatin1String("line 1:")));
    }

    void tooLarge()
    {
        const QByteArray big = withName("  \"description\": \"" + QByteArray(1024 * 1024, 'x') + "\"");
        const Result<ProvisionProfile> parsed = parseProfile(big, dataDir());
        QVERIFY(!parsed);
        QVERIFY2(parsed.error().message.contains(QLatin1String("1 MiB")), qPrintable(parsed.error().message));
    }

    void relativePaths()
    {
        const QByteArray json = withName("  \"certificates\": {\"ca_file\": \"ca.pem\"}");
        const Result<ProvisionProfile> here = parseProfile(json, dataDir());
        QVERIFY2(here, qPrintable(here ? QString() : here.error().message));
        QCOMPARE(here->certificates.caSource, ProfileCertificates::CaSource::File);
        QCOMPARE(here->certificates.caFile, QDir::cleanPath(dataDir() + QStringLiteral("/ca.pem")));
        QVERIFY(QFileInfo(here->certificates.caFile).isAbsolute());

        const Result<ProvisionProfile> elsewhere = parseProfile(json, QDir::tempPath() + QStringLiteral("/nonexistent-h1"));
        QVERIFY(!elsewhere);
        QVERIFY2(elsewhere.error().message.contains(QLatin1String("no such file")), qPrintable(elsewhere.error().message));

        const QByteArray absolute = withName("  \"certificates\": {\"ca_file\": \"" + (dataDir() + QStringLiteral("/ca.pem")).toUtf8() + "\"}");
        QVERIFY(parseProfile(absolute, QDir::tempPath()));
    }

    void loadMissingFile()
    {
        const Result<ProvisionProfile> loaded = loadProfile(QStringLiteral("/nonexistent-h1/profile.json"));
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().code, ErrorCode::Usage);
        QVERIFY(loaded.error().message.contains(QLatin1String("/nonexistent-h1/profile.json")));
    }

    void loadNamesFileInError()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + QStringLiteral("/p.json");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(withName("  \"bogus\": 1"));
        file.close();
        const Result<ProvisionProfile> loaded = loadProfile(path);
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().message.startsWith(path + QStringLiteral(": line 3: key \"bogus\"")), qPrintable(loaded.error().message));
    }

    void hashStableUnderFormatting()
    {
        const QByteArray compact = "{\"name\":\"h\",\"apn\":\"a\",\"settings\":{\"rat\":\"lte\",\"sleep\":false}}";
        const QByteArray spaced = "{\n  \"settings\": { \"sleep\": false,\n \"rat\": \"lte\" },\n\n  \"apn\" : \"a\",\n  \"name\": \"h\"\n}\n";
        const QByteArray changed = "{\"name\":\"h\",\"apn\":\"b\",\"settings\":{\"rat\":\"lte\",\"sleep\":false}}";
        const auto a = parseProfile(compact, {});
        const auto b = parseProfile(spaced, {});
        const auto c = parseProfile(changed, {});
        QVERIFY(a && b && c);
        QCOMPARE(a->hash, b->hash);
        QVERIFY(a->hash != c->hash);
        QVERIFY(QRegularExpression(QStringLiteral("^[0-9a-f]{64}$")).match(a->hash).hasMatch());
    }

    void locatorBounded_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("unterminated string") << QByteArray("{\"a\": \"\n\n");
        QTest::newRow("only closers") << QByteArray("]]]}}}\n,,,::");
        QTest::newRow("deep") << QByteArray(100000, '[');
        QTest::newRow("escape at end") << QByteArray("{\"a\\");
    }
    void locatorBounded()
    {
        QFETCH(QByteArray, text);
        const int line = ProfileJson::lineOfPath(text, {QStringLiteral("a"), QStringLiteral("[0]")});
        QVERIFY(line >= 1);
        QVERIFY(line <= text.count('\n') + 1);
    }

    void firmware_data()
    {
        QTest::addColumn<QString>("actual");
        QTest::addColumn<QString>("minimum");
        QTest::addColumn<bool>("atLeast");
        QTest::newRow("sim7000 newer") << "1529B04SIM7000G" << "1529B02SIM7000G" << true;
        QTest::newRow("sim7000 older") << "1529B02SIM7000G" << "1529B04SIM7000G" << false;
        QTest::newRow("sim7000 equal") << "1529B04SIM7000G" << "1529B04SIM7000G" << true;
        QTest::newRow("sim7000 with prefix") << "Revision:1529B08SIM7000G" << "1529B04SIM7000G" << true;
        QTest::newRow("sim7000 newer major") << "1351B11SIM7000G" << "1529B02SIM7000G" << false;
        QTest::newRow("sim800 newer") << "R14.18" << "R13.08" << true;
        QTest::newRow("sim800 older") << "R13.08" << "R14.18" << false;
        QTest::newRow("sim800 minor") << "R14.18" << "R14.9" << true;
        QTest::newRow("sim7000 vs sim800") << "1529B04SIM7000G" << "R13.08" << false;
        QTest::newRow("sim7080 vs sim7000") << "1951B16SIM7080" << "1529B02SIM7000G" << false;
        QTest::newRow("sim7000 vs sim7080") << "1529B08SIM7000G" << "1351B04SIM7080" << false;
        QTest::newRow("no minimum") << "anything" << "" << true;
        QTest::newRow("empty actual") << "" << "R13.08" << false;
    }
    void firmware()
    {
        QFETCH(QString, actual);
        QFETCH(QString, minimum);
        QFETCH(bool, atLeast);
        QCOMPARE(firmwareAtLeast(actual, minimum), atLeast);
    }
};

QTEST_GUILESS_MAIN(TestProfile)
#include "tst_profile.moc"
