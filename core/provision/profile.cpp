#include "core/provision/profile.h"

#include "core/flows/uploadflows.h"
#include "core/pki/pkitypes.h"
#include "core/provision/profilejson.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>
#include <functional>

namespace ModemBench {

namespace {

using Path = QStringList;

constexpr qint64 kMaxProfileBytes = 1024 * 1024;
constexpr qint64 kMaxCaFileBytes = 1024 * 1024;
constexpr int kMaxSteps = 1000;
constexpr int kMaxTextField = 255;
constexpr int kMaxApn = 62;          // 3GPP TS 23.003 §9.1: an APN is at most 63 octets with its length byte
constexpr int kMaxTlsPayload = 1460; // one AT+CASEND (protocol §8.3)

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("true/false");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("nothing");
}

bool isPrintableAscii(const QString &text)
{
    for (const QChar ch : text) {
        if (ch.unicode() < 0x20 || ch.unicode() >= 0x7f)
            return false;
    }
    return true;
}

bool hasControl(const QString &text)
{
    for (const QChar ch : text) {
        if (ch.unicode() < 0x20 || ch.unicode() == 0x7f)
            return true;
    }
    return false;
}

// "SIM7000G", "sim7000", "SIMCOM_SIM7080G" → the family names familyName() uses.
std::optional<QString> familyOf(const QString &model)
{
    static const QRegularExpression pattern(QStringLiteral("^(?:simcom_)?sim(7000|7080|800)(?:[a-z][a-z0-9-]*)?$"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(model.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    return QStringLiteral("sim") + match.captured(1);
}

// First error wins; every getter returns nullopt when the key is absent or wrong (the error is kept).
class Parser
{
public:
    Parser(const QByteArray &text, const QString &baseDirectory) : m_text(text), m_base(baseDirectory) {}

    Result<ProvisionProfile> parse(const QJsonObject &root);

private:
    void refuse(const Path &path, const QString &reason)
    {
        if (m_error)
            return;
        m_error = Error{ErrorCode::Usage,
                        QStringLiteral("line %1: key \"%2\": %3")
                            .arg(ProfileJson::lineOfPath(m_text, path))
                            .arg(ProfileJson::pathText(path), reason),
                        {}, -1};
    }

    void checkKeys(const QJsonObject &object, const Path &path, const QStringList &allowed)
    {
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!allowed.contains(it.key()))
                refuse(path + Path{it.key()}, QStringLiteral("unknown key; the keys allowed here are %1 (docs/profiles.md)")
                                                  .arg(allowed.join(QStringLiteral(", "))));
        }
    }

    std::optional<QJsonValue> value(const QJsonObject &object, const Path &path, const QString &key, bool required)
    {
        const auto it = object.constFind(key);
        if (it == object.constEnd()) {
            if (required)
                refuse(path + Path{key}, QStringLiteral("is required"));
            return std::nullopt;
        }
        return *it;
    }

    std::optional<QString> text(const QJsonObject &object, const Path &path, const QString &key, int maxLength,
                                bool required = false, bool allowControl = false)
    {
        const auto found = value(object, path, key, required);
        if (!found)
            return std::nullopt;
        if (!found->isString()) {
            refuse(path + Path{key}, QStringLiteral("must be a string, not %1").arg(typeName(*found)));
            return std::nullopt;
        }
        const QString result = found->toString();
        if (result.size() > maxLength) {
            refuse(path + Path{key}, QStringLiteral("has %1 characters; at most %2 are allowed").arg(result.size()).arg(maxLength));
            return std::nullopt;
        }
        if (!allowControl && hasControl(result)) {
            refuse(path + Path{key}, QStringLiteral("contains a control character (a line break or tab): remove it"));
            return std::nullopt;
        }
        return result;
    }

    std::optional<int> integer(const QJsonObject &object, const Path &path, const QString &key, int minimum,
                               int maximum, bool required = false)
    {
        const auto found = value(object, path, key, required);
        if (!found)
            return std::nullopt;
        const double number = found->toDouble(std::nan(""));
        if (!found->isDouble() || std::floor(number) != number || number < minimum || number > maximum) {
            refuse(path + Path{key}, QStringLiteral("must be a whole number from %1 to %2, not %3")
                                         .arg(minimum)
                                         .arg(maximum)
                                         .arg(found->isDouble() ? QString::number(number) : typeName(*found)));
            return std::nullopt;
        }
        return int(number);
    }

    std::optional<bool> boolean(const QJsonObject &object, const Path &path, const QString &key)
    {
        const auto found = value(object, path, key, false);
        if (!found)
            return std::nullopt;
        if (!found->isBool()) {
            refuse(path + Path{key}, QStringLiteral("must be true or false, not %1").arg(typeName(*found)));
            return std::nullopt;
        }
        return found->toBool();
    }

    std::optional<QJsonObject> object(const QJsonObject &parent, const Path &path, const QString &key)
    {
        const auto found = value(parent, path, key, false);
        if (!found)
            return std::nullopt;
        if (!found->isObject()) {
            refuse(path + Path{key}, QStringLiteral("must be an object ({ … }), not %1").arg(typeName(*found)));
            return std::nullopt;
        }
        return found->toObject();
    }

    // One of `choices` (case-insensitive); returns its index.
    std::optional<int> choice(const QJsonObject &object, const Path &path, const QString &key, const QStringList &choices)
    {
        const auto found = text(object, path, key, kMaxTextField);
        if (!found)
            return std::nullopt;
        const int index = int(choices.indexOf(found->toLower()));
        if (index < 0) {
            refuse(path + Path{key}, QStringLiteral("\"%1\" is not one of %2").arg(*found, choices.join(QStringLiteral(", "))));
            return std::nullopt;
        }
        return index;
    }

    // A readable file, relative paths against the profile's folder.
    std::optional<QString> existingFile(const QJsonObject &object, const Path &path, const QString &key, bool required)
    {
        const auto name = text(object, path, key, 4096, required);
        if (!name)
            return std::nullopt;
        if (name->isEmpty()) {
            refuse(path + Path{key}, QStringLiteral("is empty: name a file"));
            return std::nullopt;
        }
        const QString absolute = QDir::cleanPath(QDir(m_base).absoluteFilePath(*name));
        const QFileInfo info(absolute);
        if (!info.isFile() || !info.isReadable()) {
            refuse(path + Path{key}, QStringLiteral("cannot read %1: %2 (relative paths are relative to the profile's folder)")
                                         .arg(absolute, info.exists() ? QStringLiteral("not a readable file")
                                                                      : QStringLiteral("no such file")));
            return std::nullopt;
        }
        return absolute;
    }

    void parseModel(const QJsonValue &model, ProvisionProfile &profile);
    void parseSettings(const QJsonObject &settings, ProvisionProfile &profile);
    void parseApn(const QJsonObject &root, ProvisionProfile &profile);
    void parseCertificates(const QJsonObject &certificates, ProvisionProfile &profile);
    void parseTls(const QJsonObject &tls, ProvisionProfile &profile);
    void parseVerify(const QJsonObject &verify, ProvisionProfile &profile);
    void parseSteps(const QJsonValue &steps, ProvisionProfile &profile);
    std::optional<ScriptStep> parseStep(const QJsonObject &step, const Path &path, int line);
    void checkCombinations(const QJsonObject &root, ProvisionProfile &profile);

    const QByteArray &m_text;
    QString m_base;
    std::optional<Error> m_error;
};

Result<ProvisionProfile> Parser::parse(const QJsonObject &root)
{
    ProvisionProfile profile;
    checkKeys(root, {}, {QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("model"),
                         QStringLiteral("min_firmware"), QStringLiteral("settings"), QStringLiteral("apn"),
                         QStringLiteral("certificates"), QStringLiteral("tls"), QStringLiteral("verify"),
                         QStringLiteral("steps"), QStringLiteral("radio_off"), QStringLiteral("unit_timeout_s")});
    if (const auto name = text(root, {}, QStringLiteral("name"), 100, true)) {
        if (name->trimmed().isEmpty())
            refuse({QStringLiteral("name")}, QStringLiteral("is empty: give the profile a name (it is in every record)"));
        profile.name = name->trimmed();
    }
    text(root, {}, QStringLiteral("description"), 4096);
    if (const auto model = value(root, {}, QStringLiteral("model"), false))
        parseModel(*model, profile);
    if (const auto firmware = text(root, {}, QStringLiteral("min_firmware"), 64)) {
        if (!firmware->contains(QRegularExpression(QStringLiteral("[0-9]"))))
            refuse({QStringLiteral("min_firmware")},
                   QStringLiteral("\"%1\" has no number to compare; write the revision AT+CGMR shows, e.g. "
                                  "\"1529B04SIM7000G\"").arg(*firmware));
        profile.minFirmware = firmware->trimmed();
    }
    if (const auto settings = object(root, {}, QStringLiteral("settings")))
        parseSettings(*settings, profile);
    parseApn(root, profile);
    if (const auto certificates = object(root, {}, QStringLiteral("certificates")))
        parseCertificates(*certificates, profile);
    if (const auto tls = object(root, {}, QStringLiteral("tls")))
        parseTls(*tls, profile);
    if (const auto verify = object(root, {}, QStringLiteral("verify")))
        parseVerify(*verify, profile);
    if (const auto steps = value(root, {}, QStringLiteral("steps"), false))
        parseSteps(*steps, profile);
    profile.radioOff = boolean(root, {}, QStringLiteral("radio_off")).value_or(false);
    if (const auto timeout = integer(root, {}, QStringLiteral("unit_timeout_s"), 10, 86400))
        profile.unitTimeoutMs = *timeout * 1000;
    checkCombinations(root, profile);
    if (m_error)
        return std::unexpected(*m_error);
    profile.hash = QString::fromLatin1(
        QCryptographicHash::hash(QJsonDocument(root).toJson(QJsonDocument::Compact), QCryptographicHash::Sha256).toHex());
    return profile;
}

void Parser::parseModel(const QJsonValue &model, ProvisionProfile &profile)
{
    const Path path{QStringLiteral("model")};
    QJsonArray names;
    if (model.isString())
        names << model;
    else if (model.isArray() && !model.toArray().isEmpty())
        names = model.toArray();
    else
        return refuse(path, QStringLiteral("must be a model name or a non-empty array of them, not %1").arg(typeName(model)));
    for (qsizetype i = 0; i < names.size(); ++i) {
        const Path itemPath = model.isArray() ? path + Path{QStringLiteral("[%1]").arg(i)} : path;
        const QString name = names.at(i).toString();
        const auto family = names.at(i).isString() ? familyOf(name) : std::nullopt;
        if (!family)
            return refuse(itemPath, QStringLiteral("%1 is not a supported model: use sim7000, sim7080 or sim800 (or a "
                                                   "full name such as SIM7000G)")
                                        .arg(names.at(i).isString() ? QStringLiteral("\"%1\"").arg(name.left(60))
                                                                    : typeName(names.at(i))));
        if (!profile.families.contains(*family))
            profile.families << *family;
    }
}

void Parser::parseSettings(const QJsonObject &settings, ProvisionProfile &profile)
{
    const Path path{QStringLiteral("settings")};
    checkKeys(settings, path, {QStringLiteral("rat"), QStringLiteral("lte_mode"), QStringLiteral("bands"),
                               QStringLiteral("sleep"), QStringLiteral("net_light")});
    static constexpr int kCnmp[] = {2, 13, 38}; // AT+CNMP (§4.2)
    if (const auto rat = choice(settings, path, QStringLiteral("rat"),
                                {QStringLiteral("auto"), QStringLiteral("gsm"), QStringLiteral("lte")}))
        profile.settings.cnmp = kCnmp[*rat];
    if (const auto mode = choice(settings, path, QStringLiteral("lte_mode"),
                                 {QStringLiteral("cat-m"), QStringLiteral("nb-iot"), QStringLiteral("both")}))
        profile.settings.cmnb = *mode + 1; // AT+CMNB 1/2/3 (§4.3)
    if (const auto bands = value(settings, path, QStringLiteral("bands"), false)) {
        const Path bandPath = path + Path{QStringLiteral("bands")};
        QStringList parts;
        if (bands->isString()) {
            parts = bands->toString().split(QLatin1Char(','));
        } else if (bands->isArray()) {
            for (const QJsonValue &band : bands->toArray())
                parts << (band.isDouble() ? QString::number(band.toDouble()) : QStringLiteral("(%1)").arg(typeName(band)));
        } else {
            return refuse(bandPath, QStringLiteral("must be a string like \"3,8,20\" or an array of band numbers, not %1")
                                        .arg(typeName(*bands)));
        }
        QStringList clean;
        for (const QString &part : std::as_const(parts)) {
            bool ok = false;
            const int band = part.trimmed().toInt(&ok);
            if (!ok || band < 1 || band > 85)
                return refuse(bandPath, QStringLiteral("\"%1\" is not an LTE band number from 1 to 85 (AT+CBANDCFG, §4.4)")
                                            .arg(part.trimmed().left(20)));
            if (clean.contains(QString::number(band)))
                return refuse(bandPath, QStringLiteral("band %1 is listed twice").arg(band));
            clean << QString::number(band);
        }
        profile.settings.catmBands = clean.join(QLatin1Char(','));
    }
    profile.settings.sleep = boolean(settings, path, QStringLiteral("sleep"));
    profile.settings.netLight = boolean(settings, path, QStringLiteral("net_light"));
}

void Parser::parseApn(const QJsonObject &root, ProvisionProfile &profile)
{
    const auto apn = text(root, {}, QStringLiteral("apn"), kMaxApn);
    if (!apn)
        return;
    // It goes into AT+CNCFG / AT+CSTT between quotes (§6.4): a quote would end the argument.
    if (!isPrintableAscii(*apn) || apn->contains(QLatin1Char('"')) || apn->contains(QLatin1Char(',')))
        return refuse({QStringLiteral("apn")}, QStringLiteral("\"%1\" has a character the modem cannot take in an APN "
                                                              "(non-ASCII, '\"' or ','): use the operator's APN as written")
                                                   .arg(*apn));
    profile.apn = *apn;
}

void Parser::parseCertificates(const QJsonObject &certificates, ProvisionProfile &profile)
{
    const Path path{QStringLiteral("certificates")};
    ProfileCertificates &result = profile.certificates;
    checkKeys(certificates, path, {QStringLiteral("ca_file"), QStringLiteral("ca"), QStringLiteral("device_certificate"),
                                   QStringLiteral("device_days"), QStringLiteral("device_key"), QStringLiteral("ca_name"),
                                   QStringLiteral("client_name")});
    if (certificates.contains(QStringLiteral("ca_file")) && certificates.contains(QStringLiteral("ca")))
        return refuse(path + Path{QStringLiteral("ca")},
                      QStringLiteral("give either \"ca_file\" (a CA certificate to install) or \"ca\" (our CA), not both"));
    if (const auto file = existingFile(certificates, path, QStringLiteral("ca_file"), false)) {
        QFile pem(*file);
        const QByteArray head = pem.open(QIODevice::ReadOnly) && pem.size() <= kMaxCaFileBytes ? pem.readAll() : QByteArray();
        if (!head.contains("-----BEGIN CERTIFICATE-----"))
            return refuse(path + Path{QStringLiteral("ca_file")},
                          QStringLiteral("%1 is not a PEM certificate (no \"-----BEGIN CERTIFICATE-----\", or over 1 MiB): "
                                         "convert it with openssl x509 -outform PEM").arg(*file));
        result.caSource = ProfileCertificates::CaSource::File;
        result.caFile = *file;
    }
    if (const auto ca = object(certificates, path, QStringLiteral("ca"))) {
        const Path caPath = path + Path{QStringLiteral("ca")};
        checkKeys(*ca, caPath, {QStringLiteral("dir"), QStringLiteral("passphrase_file")});
        if (const auto dir = text(*ca, caPath, QStringLiteral("dir"), 4096, true)) {
            const QString absolute = QDir::cleanPath(QDir(m_base).absoluteFilePath(*dir));
            // The folder `ca init` makes holds ca.crt beside the key (core/pki/cafolder.h).
            const QFileInfo certificate(absolute + QLatin1String("/ca.crt"));
            if (dir->isEmpty() || !certificate.isFile() || !certificate.isReadable())
                return refuse(caPath + Path{QStringLiteral("dir")},
                              QStringLiteral("no CA in %1 (no readable ca.crt): create one with `modembench-cli ca init` "
                                             "or name the folder it made").arg(absolute));
            result.caSource = ProfileCertificates::CaSource::OwnCa;
            result.caDirectory = absolute;
        }
        if (const auto passphrase = existingFile(*ca, caPath, QStringLiteral("passphrase_file"), false))
            result.passphraseFile = *passphrase;
    }
    result.deviceCertificate = boolean(certificates, path, QStringLiteral("device_certificate")).value_or(false);
    if (result.deviceCertificate && !certificates.contains(QStringLiteral("ca")))
        return refuse(path + Path{QStringLiteral("device_certificate")},
                      QStringLiteral("device certificates are issued by our CA: add \"ca\": {\"dir\": …}"));
    if (const auto days = integer(certificates, path, QStringLiteral("device_days"), 1, 36500))
        result.deviceDays = *days;
    if (const auto key = text(certificates, path, QStringLiteral("device_key"), 16)) {
        if (!Pki::parseKeyKind(*key))
            return refuse(path + Path{QStringLiteral("device_key")},
                          QStringLiteral("unknown key type \"%1\": use rsa2048, rsa3072, rsa4096 or p256").arg(*key));
        result.deviceKey = key->toLower();
    }
    for (const QString &key : {QStringLiteral("ca_name"), QStringLiteral("client_name")}) {
        const auto name = text(certificates, path, key, 200);
        if (!name)
            continue;
        if (Result<void> valid = checkCfsName(*name); !valid)
            return refuse(path + Path{key}, valid.error().message);
        (key == QLatin1String("ca_name") ? result.caName : result.clientName) = *name;
    }
    if (result.caName == result.clientName)
        refuse(path + Path{QStringLiteral("client_name")},
               QStringLiteral("\"%1\" is also the CA's name on the modem: give the two different names").arg(result.caName));
}

void Parser::parseTls(const QJsonObject &tls, ProvisionProfile &profile)
{
    const Path path{QStringLiteral("tls")};
    checkKeys(tls, path, {QStringLiteral("version"), QStringLiteral("sni"), QStringLiteral("ignore_rtc_time"),
                          QStringLiteral("context"), QStringLiteral("accept_insecure_tls10")});
    TlsSettings settings;
    if (const auto version = text(tls, path, QStringLiteral("version"), 20)) {
        const auto parsed = tlsVersionFromName(*version);
        if (!parsed)
            return refuse(path + Path{QStringLiteral("version")},
                          QStringLiteral("\"%1\" is not a TLS version: use \"1.0\", \"1.1\", \"1.2\" or \"1.3\"").arg(*version));
        settings.version = *parsed;
    }
    if (const auto sni = text(tls, path, QStringLiteral("sni"), kMaxTextField)) {
        if (!isPrintableAscii(*sni) || sni->contains(QLatin1Char('"')) || sni->contains(QLatin1Char(' ')))
            return refuse(path + Path{QStringLiteral("sni")}, QStringLiteral("\"%1\" is not a host name").arg(*sni));
        settings.sni = *sni;
    }
    settings.ignoreRtcTime = boolean(tls, path, QStringLiteral("ignore_rtc_time")).value_or(false);
    if (const auto context = integer(tls, path, QStringLiteral("context"), 0, 5)) // AT+CSSLCFG ctxindex (§8.1)
        settings.sslContext = *context;
    settings.acceptInsecureTls10 = boolean(tls, path, QStringLiteral("accept_insecure_tls10")).value_or(false);
    if (settings.version == TlsVersion::Tls10 && !settings.acceptInsecureTls10)
        return refuse(path + Path{QStringLiteral("version")},
                      QStringLiteral("TLS 1.0 is insecure: add \"accept_insecure_tls10\": true if this modem (SIM800) "
                                     "offers nothing newer"));
    profile.tls = settings;
}

void Parser::parseVerify(const QJsonObject &verify, ProvisionProfile &profile)
{
    const Path path{QStringLiteral("verify")};
    checkKeys(verify, path, {QStringLiteral("tls_test"), QStringLiteral("ping"), QStringLiteral("min_signal_dbm")});
    if (const auto test = object(verify, path, QStringLiteral("tls_test"))) {
        const Path testPath = path + Path{QStringLiteral("tls_test")};
        checkKeys(*test, testPath, {QStringLiteral("host"), QStringLiteral("port"), QStringLiteral("send"),
                                    QStringLiteral("expect"), QStringLiteral("timeout_s"), QStringLiteral("open_timeout_s")});
        TlsTestRequest request;
        if (const auto host = text(*test, testPath, QStringLiteral("host"), kMaxTextField, true)) {
            if (host->isEmpty() || !isPrintableAscii(*host) || host->contains(QLatin1Char('"')) || host->contains(QLatin1Char(' ')))
                return refuse(testPath + Path{QStringLiteral("host")},
                              QStringLiteral("\"%1\" is not a host name or address").arg(*host));
            request.host = *host;
        }
        if (const auto port = integer(*test, testPath, QStringLiteral("port"), 1, 65535, true))
            request.port = *port;
        // Bytes for the server, not a command line: "hello\n" is what a line-based echo server wants.
        if (const auto send = text(*test, testPath, QStringLiteral("send"), kMaxTlsPayload, false, true))
            request.payload = send->toUtf8();
        if (const auto expect = text(*test, testPath, QStringLiteral("expect"), kMaxTlsPayload, false, true))
            profile.verify.tlsExpect = expect->toUtf8();
        if (const auto timeout = integer(*test, testPath, QStringLiteral("timeout_s"), 1, 600))
            request.receiveTimeoutMs = *timeout * 1000;
        if (const auto timeout = integer(*test, testPath, QStringLiteral("open_timeout_s"), 1, 600))
            request.openTimeoutMs = *timeout * 1000;
        profile.verify.tlsTest = request;
    }
    if (const auto ping = object(verify, path, QStringLiteral("ping"))) {
        const Path pingPath = path + Path{QStringLiteral("ping")};
        checkKeys(*ping, pingPath, {QStringLiteral("host"), QStringLiteral("count")});
        if (const auto host = text(*ping, pingPath, QStringLiteral("host"), kMaxTextField, true)) {
            if (host->isEmpty() || !isPrintableAscii(*host) || host->contains(QLatin1Char('"')) || host->contains(QLatin1Char(' ')))
                return refuse(pingPath + Path{QStringLiteral("host")},
                              QStringLiteral("\"%1\" is not a host name or address").arg(*host));
            profile.verify.pingHost = *host;
        }
        if (const auto count = integer(*ping, pingPath, QStringLiteral("count"), 1, 100))
            profile.verify.pingCount = *count;
    }
    // AT+CSQ reports -113 dBm (0) to -51 dBm (31) (§5.1).
    profile.verify.minSignalDbm = integer(verify, path, QStringLiteral("min_signal_dbm"), -113, -51);
}

void Parser::parseSteps(const QJsonValue &steps, ProvisionProfile &profile)
{
    const Path path{QStringLiteral("steps")};
    if (!steps.isArray())
        return refuse(path, QStringLiteral("must be an array of steps ([ {\"command\": …}, … ]), not %1").arg(typeName(steps)));
    const QJsonArray array = steps.toArray();
    if (array.size() > kMaxSteps)
        return refuse(path, QStringLiteral("has %1 steps; at most %2 are allowed").arg(array.size()).arg(kMaxSteps));
    const QList<int> lines = ProfileJson::elementLines(m_text, path);
    for (qsizetype i = 0; i < array.size() && !m_error; ++i) {
        const Path stepPath = path + Path{QStringLiteral("[%1]").arg(i)};
        if (!array.at(i).isObject()) {
            refuse(stepPath, QStringLiteral("must be an object ({\"command\": …} or {\"wait_ms\": …}), not %1")
                                 .arg(typeName(array.at(i))));
            break;
        }
        if (auto step = parseStep(array.at(i).toObject(), stepPath, lines.value(i, 1)))
            profile.steps << *step;
    }
}

std::optional<ScriptStep> Parser::parseStep(const QJsonObject &object, const Path &path, int line)
{
    ScriptStep step;
    step.line = line;
    if (object.contains(QStringLiteral("wait_ms"))) {
        checkKeys(object, path, {QStringLiteral("wait_ms"), QStringLiteral("name")});
        step.delayMs = integer(object, path, QStringLiteral("wait_ms"), 1, kScriptMaxWaitMs).value_or(0);
        step.name = text(object, path, QStringLiteral("name"), kMaxTextField)
                        .value_or(QStringLiteral("wait %1 ms").arg(step.delayMs));
        return m_error ? std::nullopt : std::optional(step);
    }
    checkKeys(object, path, {QStringLiteral("command"), QStringLiteral("expect"), QStringLiteral("timeout_ms"),
                             QStringLiteral("retries"), QStringLiteral("retry_delay_ms"), QStringLiteral("name")});
    if (const auto command = text(object, path, QStringLiteral("command"), kScriptMaxCommand, true)) {
        if (const auto problem = scriptCommandProblem(command->toLatin1()); problem || !isPrintableAscii(*command)) {
            refuse(path + Path{QStringLiteral("command")}, problem.value_or(QStringLiteral("must be printable ASCII")));
            return std::nullopt;
        }
        step.command = command->toLatin1();
    }
    if (const auto expect = text(object, path, QStringLiteral("expect"), 1000)) {
        if (const auto problem = scriptPatternProblem(*expect)) {
            refuse(path + Path{QStringLiteral("expect")}, *problem);
            return std::nullopt;
        }
        step.expect = *expect;
    }
    step.timeoutMs = integer(object, path, QStringLiteral("timeout_ms"), 1, kScriptMaxTimeoutMs).value_or(step.timeoutMs);
    step.retries = integer(object, path, QStringLiteral("retries"), 0, kScriptMaxRetries).value_or(step.retries);
    step.retryDelayMs = integer(object, path, QStringLiteral("retry_delay_ms"), 0, kScriptMaxTimeoutMs).value_or(step.retryDelayMs);
    step.name = text(object, path, QStringLiteral("name"), kMaxTextField).value_or(QString::fromLatin1(step.command));
    if (step.name.isEmpty())
        step.name = QString::fromLatin1(step.command);
    return m_error ? std::nullopt : std::optional(step);
}

void Parser::checkCombinations(const QJsonObject &root, ProvisionProfile &profile)
{
    if (m_error)
        return;
    const bool onlySim800 = !profile.families.isEmpty() && profile.families == QStringList{QStringLiteral("sim800")};
    if (onlySim800 && (profile.settings.cmnb || !profile.settings.catmBands.isEmpty() || profile.settings.cnmp == 38))
        return refuse({QStringLiteral("settings")}, QStringLiteral("a SIM800 has no LTE: remove \"lte_mode\", \"bands\" and "
                                                                   "\"rat\": \"lte\", or allow an LTE model"));
    if (profile.tls && !root.contains(QStringLiteral("verify")) && profile.certificates.caSource == ProfileCertificates::CaSource::None)
        return refuse({QStringLiteral("tls")}, QStringLiteral("TLS settings without certificates or a \"verify\".\"tls_test\" "
                                                              "do nothing: remove \"tls\" or add what it is for"));
    // The TLS test uses what this profile installs: the CA to verify the server, our device certificate to present.
    if (profile.verify.tlsTest && !profile.tls)
        profile.tls = TlsSettings{};
    if (profile.tls) {
        if (profile.certificates.caSource != ProfileCertificates::CaSource::None)
            profile.tls->caName = profile.certificates.caName;
        if (profile.certificates.deviceCertificate)
            profile.tls->clientCertName = profile.certificates.clientName;
    }
}

} // namespace

bool ProfileVerification::operator==(const ProfileVerification &other) const
{
    const auto sameTest = [](const std::optional<TlsTestRequest> &a, const std::optional<TlsTestRequest> &b) {
        if (a.has_value() != b.has_value())
            return false;
        return !a || (a->host == b->host && a->port == b->port && a->payload == b->payload && a->expectBytes == b->expectBytes
                      && a->openTimeoutMs == b->openTimeoutMs && a->receiveTimeoutMs == b->receiveTimeoutMs);
    };
    return sameTest(tlsTest, other.tlsTest) && tlsExpect == other.tlsExpect && pingHost == other.pingHost
           && pingCount == other.pingCount && minSignalDbm == other.minSignalDbm;
}

Result<ProvisionProfile> parseProfile(const QByteArray &input, const QString &baseDirectory)
{
    // Editors on Windows save a byte-order mark QJsonDocument refuses; lines are not affected.
    const QByteArray json = input.startsWith("\xEF\xBB\xBF") ? input.mid(3) : input;
    if (json.size() > kMaxProfileBytes)
        return fail(ErrorCode::Usage, QStringLiteral("line 1: the profile has %1 bytes; a profile is at most 1 MiB").arg(json.size()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(ErrorCode::Usage, QStringLiteral("line %1: the profile is not valid JSON: %2")
                                          .arg(ProfileJson::lineOfOffset(json, parseError.offset))
                                          .arg(parseError.errorString()));
    if (!document.isObject())
        return fail(ErrorCode::Usage, QStringLiteral("line 1: a profile is a JSON object ({ \"name\": …, … }), not an array"));
    return Parser(json, baseDirectory).parse(document.object());
}

Result<ProvisionProfile> loadProfile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Usage, QStringLiteral("Cannot read the profile %1: %2").arg(path, file.errorString()));
    const QByteArray bytes = file.read(kMaxProfileBytes + 1);
    Result<ProvisionProfile> profile = parseProfile(bytes, QFileInfo(path).absolutePath());
    if (!profile) {
        Error error = profile.error();
        error.message = QStringLiteral("%1: %2").arg(path, error.message);
        return std::unexpected(error);
    }
    profile->sourcePath = QFileInfo(path).absoluteFilePath();
    return profile;
}

} // namespace ModemBench
