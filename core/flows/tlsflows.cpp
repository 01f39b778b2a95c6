// TLS settings, the shared step helpers of the TLS flows, and the preparation table (issue #6).

#include "core/flows/tlsrun.h"

#include "core/parsers/identity.h"

#include <QJsonValue>

#include <type_traits>

namespace ModemBench {

using namespace Internal;

QString tlsVersionName(TlsVersion version)
{
    switch (version) {
    case TlsVersion::Tls10:
        return QStringLiteral("TLS 1.0");
    case TlsVersion::Tls11:
        return QStringLiteral("TLS 1.1");
    case TlsVersion::Tls12:
        return QStringLiteral("TLS 1.2");
    case TlsVersion::Tls13:
        return QStringLiteral("TLS 1.3");
    }
    return QStringLiteral("TLS ?");
}

std::optional<TlsVersion> tlsVersionFromName(const QString &text)
{
    QString t = text.trimmed().toLower();
    t.remove(u' ');
    if (t.startsWith(QLatin1String("tlsv")))
        t = t.mid(4);
    else if (t.startsWith(QLatin1String("tls")))
        t = t.mid(3);
    if (t == QLatin1String("1.0") || t == QLatin1String("1"))
        return TlsVersion::Tls10;
    if (t == QLatin1String("1.1") || t == QLatin1String("2"))
        return TlsVersion::Tls11;
    if (t == QLatin1String("1.2") || t == QLatin1String("3"))
        return TlsVersion::Tls12;
    if (t == QLatin1String("1.3") || t == QLatin1String("6"))
        return TlsVersion::Tls13;
    return std::nullopt;
}

QJsonObject tlsSettingsToJson(const TlsSettings &s)
{
    return {{QStringLiteral("tls"), s.tls},
            {QStringLiteral("ssl_context"), s.sslContext},
            {QStringLiteral("connection_id"), s.connectionId},
            {QStringLiteral("version"), tlsVersionName(s.version).mid(4)},
            {QStringLiteral("ignore_rtc_time"), s.ignoreRtcTime},
            {QStringLiteral("sni"), s.sni},
            {QStringLiteral("ca"), s.caName},
            {QStringLiteral("client_cert"), s.clientCertName},
            {QStringLiteral("timeout_s"), s.timeoutS},
            {QStringLiteral("keep_alive"), s.keepAlive},
            {QStringLiteral("keep_alive_idle_s"), s.keepAliveIdleS},
            {QStringLiteral("keep_alive_interval_s"), s.keepAliveIntervalS},
            {QStringLiteral("keep_alive_count"), s.keepAliveCount},
            {QStringLiteral("accept_insecure_tls10"), s.acceptInsecureTls10}};
}

namespace {

Error badKey(const QString &key, const QString &expected)
{
    return {ErrorCode::Parse, QObject::tr("TLS settings: \"%1\" must be %2.").arg(key, expected), {}, -1};
}

template<class T>
std::optional<Error> readKey(const QJsonObject &o, const char *key, T *out)
{
    const QString name = QString::fromLatin1(key);
    if (!o.contains(name))
        return std::nullopt;
    const QJsonValue v = o.value(name);
    if constexpr (std::is_same_v<T, bool>) {
        if (!v.isBool())
            return badKey(name, QObject::tr("true or false"));
        *out = v.toBool();
    } else if constexpr (std::is_same_v<T, int>) {
        if (!v.isDouble() || v.toDouble() != double(v.toInt()))
            return badKey(name, QObject::tr("a whole number"));
        *out = v.toInt();
    } else {
        if (!v.isString())
            return badKey(name, QObject::tr("a string"));
        *out = v.toString();
    }
    return std::nullopt;
}

} // namespace

Result<TlsSettings> tlsSettingsFromJson(const QJsonObject &o)
{
    TlsSettings s;
    QString version = tlsVersionName(s.version).mid(4);
    const std::optional<Error> errors[] = {
        readKey(o, "tls", &s.tls), readKey(o, "ssl_context", &s.sslContext),
        readKey(o, "connection_id", &s.connectionId), readKey(o, "version", &version),
        readKey(o, "ignore_rtc_time", &s.ignoreRtcTime), readKey(o, "sni", &s.sni), readKey(o, "ca", &s.caName),
        readKey(o, "client_cert", &s.clientCertName), readKey(o, "timeout_s", &s.timeoutS),
        readKey(o, "keep_alive", &s.keepAlive), readKey(o, "keep_alive_idle_s", &s.keepAliveIdleS),
        readKey(o, "keep_alive_interval_s", &s.keepAliveIntervalS), readKey(o, "keep_alive_count", &s.keepAliveCount),
        readKey(o, "accept_insecure_tls10", &s.acceptInsecureTls10)};
    for (const auto &error : errors) {
        if (error)
            return std::unexpected(*error);
    }
    const auto parsed = tlsVersionFromName(version);
    if (!parsed)
        return std::unexpected(badKey(QStringLiteral("version"), QObject::tr("one of 1.0, 1.1, 1.2, 1.3")));
    s.version = *parsed;
    return s;
}

namespace Internal {

Clock *TlsRun::clock() const
{
    return context->clock ? context->clock : SystemClock::instanceForThread();
}

void TlsRun::warn(const QString &text)
{
    if (!context->warnings.contains(text))
        context->warnings << text;
}

bool isIpLiteral(const QString &host)
{
    QHostAddress address;
    return address.setAddress(host);
}

QByteArray quotedArg(const QString &text)
{
    return '"' + text.toLatin1() + '"';
}

FlowVerdict closingVerdict(TlsRun &run, const Result<AtResponse> &response, const char *command)
{
    if (run.pendingError)
        return FlowVerdict::failed(*run.pendingError);
    const TlsContext &c = *run.context;
    if (!response && !c.closedByPeer)
        run.warn(QObject::tr("%1 failed: %2").arg(QLatin1String(command), response.error().message));
    run.say(QObject::tr("Sent %1 bytes, received %2 bytes%3")
                .arg(c.sentBytes)
                .arg(c.received.size())
                .arg(c.closedByPeer ? QObject::tr("; the server closed the connection") : QString()));
    return FlowVerdict::next();
}

FlowStep tlsStep(const std::shared_ptr<TlsRun> &run, QString id, QString label)
{
    FlowStep step;
    step.id = std::move(id);
    step.label = std::move(label);
    step.urc = [run](const QByteArray &line) -> std::optional<FlowVerdict> {
        run->noteUrc(line);
        return std::nullopt;
    };
    return step;
}

FlowStep awaitStep(const std::shared_ptr<TlsRun> &run, QString id, QString label,
                   std::function<std::optional<FlowVerdict>()> check, std::function<qint64()> until,
                   std::function<FlowVerdict()> onTimeout, int pollMs)
{
    FlowStep step = tlsStep(run, std::move(id), std::move(label));
    TlsRun *r = run.get();
    step.action = [r, check, until, onTimeout, pollMs] {
        if (auto verdict = check())
            return *verdict;
        const qint64 left = until() - r->now();
        if (left <= 0)
            return onTimeout();
        return FlowVerdict::retry(int(qMin<qint64>(left, pollMs)));
    };
    // A URC that settles the condition ends the pause at once.
    step.urc = [r, check](const QByteArray &line) -> std::optional<FlowVerdict> {
        r->noteUrc(line);
        return check();
    };
    return step;
}

FlowVerdict abortTo(TlsRun &run, const QString &closeId, Error error)
{
    if (!run.pendingError)
        run.pendingError = std::move(error);
    return FlowVerdict::jump(closeId);
}

Error caOpenError(int code, bool tls)
{
    const CaResultMeaning m = caResultMeaning(code, tls);
    return {ErrorCode::Error, QStringLiteral("%1: %2 %3").arg(m.meaning, m.cause, m.fix).trimmed(),
            "+CAOPEN: " + QByteArray::number(code), code};
}

} // namespace Internal

namespace {

FlowStep imeiStep(const std::shared_ptr<TlsContext> &context)
{
    FlowStep step;
    step.id = QStringLiteral("tls-prep:gsn");
    step.label = QObject::tr("Reading the IMEI");
    step.request = [] { return AtRequest::make("AT+GSN"); };
    const std::shared_ptr<TlsContext> c = context;
    step.handle = [c](const Result<AtResponse> &r) {
        const auto imei = r ? parseImei(r->lines) : Result<QString>(std::unexpected(r.error()));
        if (imei)
            c->imei = *imei;
        else
            c->warnings << QObject::tr("AT+GSN gave no IMEI (%1): the file inventory cannot be kept for this modem.")
                               .arg(imei.error().message);
        return FlowVerdict::next();
    };
    return step;
}

FlowStep clockStep(const std::shared_ptr<TlsContext> &context)
{
    FlowStep step;
    step.id = QStringLiteral("tls-prep:cclk");
    step.label = QObject::tr("Reading the modem clock");
    step.request = [] { return AtRequest::make("AT+CCLK?"); };
    const std::shared_ptr<TlsContext> c = context;
    step.handle = [c](const Result<AtResponse> &r) {
        if (!r) {
            c->warnings << QObject::tr("AT+CCLK? was refused (%1): the modem clock, which certificate validity is "
                                       "checked against (result 24), is unknown.")
                               .arg(r.error().message);
            return FlowVerdict::next();
        }
        const auto clock = parseCclk(r->lines.isEmpty() ? QByteArray() : r->lines.constLast());
        if (!clock) {
            c->warnings << clock.error().message;
            return FlowVerdict::next();
        }
        c->modemClock = *clock;
        // §5.6: a module that never synced starts near 1980/2000, so every certificate looks
        // "not yet valid" to it (result 24).
        if (clock->date().year() < 2020)
            c->warnings << QObject::tr("The modem clock says %1: set it (AT+CCLK / AT+CNTP) or set ignorertctime, "
                                       "otherwise certificate validity fails (result 24).")
                               .arg(clock->toString(Qt::ISODate));
        return FlowVerdict::next();
    };
    return step;
}

} // namespace

QList<FlowStep> tlsPreparationSteps(const std::shared_ptr<TlsContext> &context)
{
    QList<FlowStep> steps;
    if (!context->probe->profile)
        steps << capabilityProbeSteps(context->probe);
    steps << imeiStep(context) << clockStep(context);
    return steps;
}

QList<FlowStep> tlsConfigureSteps(const std::shared_ptr<TlsContext> &context, const TlsSettings &settings,
                                  const QString &host)
{
    auto run = std::make_shared<TlsRun>();
    run->context = context;
    run->settings = settings;
    run->host = host;
    run->request.host = host;
    return configureSteps(run);
}

QList<FlowStep> tlsTestSteps(const std::shared_ptr<TlsContext> &context, const TlsSettings &settings,
                             const TlsTestRequest &request)
{
    auto run = std::make_shared<TlsRun>();
    run->context = context;
    run->settings = settings;
    run->request = request;
    run->host = request.host;
    run->testing = true;
    QList<FlowStep> steps = configureSteps(run);
    steps << caTestSteps(run) << sim800TestSteps(run);
    return steps;
}

int tlsTestDeadlineMs(const TlsTestRequest &request)
{
    const qsizetype pieces = (request.payload.size() + kCaMaxChunk - 1) / kCaMaxChunk;
    // Configuration (≤ 12 commands), the open, each send with its URC, the receive, state and close.
    return int(12 * kConfigCommandTimeoutMs + request.openTimeoutMs + pieces * (10000 + kCasendUrcWaitMs)
               + request.receiveTimeoutMs + 3 * 10000 + 5000);
}

} // namespace ModemBench
