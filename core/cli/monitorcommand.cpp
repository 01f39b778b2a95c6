#include "core/cli/monitorcommand.h"

#include "core/monitor/monitorrecorder.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace ModemBench {

namespace {

const QString kInterval = QStringLiteral("interval");
const QString kDuration = QStringLiteral("duration");
const QString kPing = QStringLiteral("ping");
const QString kKeepConnected = QStringLiteral("keep-connected");
const QString kCsv = QStringLiteral("csv");
const QString kRecord = QStringLiteral("record");

QString number(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'g', 10) : QString();
}

QString number(const std::optional<int> &value)
{
    return value ? QString::number(*value) : QString();
}

// RFC 4180: a field with a comma, quote or line break is quoted, inner quotes doubled. URCs
// such as +CEREG: 1,"1A2B",... need it.
QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString jsonValue(const QJsonValue &value)
{
    // A one-element array is the cheapest way to get QJsonDocument's escaping for a bare value.
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QJsonValue jsonNumber(const std::optional<double> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

Result<int> seconds(const QCommandLineParser &parser, const QString &name, double minimum)
{
    bool ok = false;
    const double value = parser.value(name).toDouble(&ok);
    if (!ok || !std::isfinite(value) || value < minimum || value > 86400.0 * 365)
        return fail(ErrorCode::Usage, QStringLiteral("--%1 must be a number of seconds of at least %2 (fractions "
                                                     "allowed), e.g. --%1 1; got '%3'")
                                          .arg(name)
                                          .arg(minimum)
                                          .arg(parser.value(name)));
    return int(std::lround(value * 1000));
}

} // namespace

QList<QCommandLineOption> MonitorCommand::options()
{
    return {
        {kInterval, QStringLiteral("monitor: seconds between signal polls and pings (default 1, min 0.2)."),
         QStringLiteral("s")},
        {kDuration, QStringLiteral("monitor: stop after this many seconds (default: until Ctrl-C)."),
         QStringLiteral("s")},
        {kPing, QStringLiteral("monitor: also ping HOST from the modem every interval."), QStringLiteral("host")},
        {kCsv, QStringLiteral("monitor: print CSV rows (the default).")},
        {kKeepConnected, QStringLiteral("monitor: after registration or the data connection is lost, activate it "
                                        "again (with --apn, else the network's APN) so pings resume.")},
        {kRecord, QStringLiteral("monitor: also record every sample and event to FILE as JSON lines."),
         QStringLiteral("file")},
    };
}

Result<MonitorCommand::Settings> MonitorCommand::parse(const QCommandLineParser &parser, const QStringList &arguments)
{
    if (!arguments.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("'monitor' takes no arguments (got '%1'); use --ping HOST to "
                                                     "ping a host").arg(arguments.join(QLatin1Char(' '))));
    Settings settings;
    settings.json = parser.isSet(QStringLiteral("json"));
    if (settings.json && parser.isSet(kCsv))
        return fail(ErrorCode::Usage, QStringLiteral("'monitor' takes --csv or --json, not both"));
    if (parser.isSet(kInterval)) {
        const Result<int> interval = seconds(parser, kInterval, kMinIntervalS);
        if (!interval)
            return std::unexpected(interval.error());
        settings.intervalMs = *interval;
    }
    if (parser.isSet(kDuration)) {
        const Result<int> duration = seconds(parser, kDuration, 0.001);
        if (!duration)
            return std::unexpected(duration.error());
        settings.durationMs = *duration;
    }
    if (parser.isSet(kPing)) {
        settings.pingHost = parser.value(kPing).trimmed();
        if (settings.pingHost.isEmpty() || settings.pingHost.contains(QLatin1Char('"')))
            return fail(ErrorCode::Usage, QStringLiteral("--ping needs a host name or IPv4 address, e.g. --ping 8.8.8.8"));
    }
    settings.recordPath = parser.value(kRecord);
    settings.keepConnected = parser.isSet(kKeepConnected);
    settings.apn = parser.value(QStringLiteral("apn"));
    return settings;
}

QString monitorCsvRow(const SignalSample &s, const std::optional<double> &rttMs, const QString &event)
{
    return QStringList{MonitorRecorder::isoTime(s.timeMs), number(s.csq), number(s.rssiDbm), number(s.rsrpDbm),
                       number(s.rsrqDb), number(s.sinrDb), number(rttMs), csvField(event)}
        .join(QLatin1Char(','));
}

QString monitorJsonRow(const SignalSample &s, const std::optional<double> &rttMs, const QString &event)
{
    const std::optional<double> csq = s.csq ? std::optional<double>(*s.csq) : std::nullopt;
    const QList<std::pair<const char *, QJsonValue>> fields{
        {"timestamp", MonitorRecorder::isoTime(s.timeMs)},
        {"csq", jsonNumber(csq)},
        {"rssi_dbm", jsonNumber(s.rssiDbm)},
        {"rsrp_dbm", jsonNumber(s.rsrpDbm)},
        {"rsrq_db", jsonNumber(s.rsrqDb)},
        {"sinr_db", jsonNumber(s.sinrDb)},
        {"rtt_ms", jsonNumber(rttMs)},
        {"event", event.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(event)},
    };
    // Built by hand so the keys keep the CSV header's order (QJsonObject sorts them).
    QStringList parts;
    for (const auto &[key, value] : fields)
        parts << QLatin1Char('"') + QLatin1String(key) + QStringLiteral("\":") + jsonValue(value);
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

MonitorCommand::MonitorCommand(AtChannel *channel, Clock *clock, Settings settings, QTextStream &out, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_out(out)
    , m_clock(clock)
    , m_duration(clock->createTimer())
{
    SignalMonitor::Options options;
    options.signalIntervalMs = m_settings.intervalMs;
    options.pingIntervalMs = m_settings.intervalMs;
    options.pingHost = m_settings.pingHost;
    options.restoreDataConnection = m_settings.keepConnected;
    options.apn = m_settings.apn;
    // A CLI run keeps only what it has not printed yet; the series stay small.
    options.capacity = 1024;
    m_monitor = std::make_unique<SignalMonitor>(channel, clock, options);
    connect(m_monitor.get(), &SignalMonitor::signalSampled, this, &MonitorCommand::onSample);
    connect(m_monitor.get(), &SignalMonitor::pingSampled, this, &MonitorCommand::onPing);
    connect(m_monitor.get(), &SignalMonitor::eventRecorded, this, &MonitorCommand::onEvent);
    connect(m_monitor.get(), &SignalMonitor::failed, this, [this](const Error &error) { end(std::unexpected(error)); });
}

MonitorCommand::~MonitorCommand() = default;

void MonitorCommand::start()
{
    if (!m_settings.recordPath.isEmpty()) {
        if (auto recording = m_monitor->startRecording(m_settings.recordPath); !recording) {
            end(recording);
            return;
        }
    }
    if (!m_settings.json) {
        m_out << kCsvHeader << '\n';
        m_out.flush();
    }
    m_monitor->start();
}

void MonitorCommand::interrupt()
{
    end({});
}

void MonitorCommand::onEvent(const MonitorEvent &event)
{
    // The start note says what the user typed; a row's event column is for what happened.
    if (event.kind == MonitorEventKind::Note)
        return;
    m_events << monitorEventKindName(event.kind) + QStringLiteral(": ") + event.text;
}

void MonitorCommand::onPing(const PingSample &ping)
{
    m_ping = ping;
}

QString MonitorCommand::eventText()
{
    QStringList events = std::exchange(m_events, {});
    if (m_ping && !m_ping->rttMs)
        events << QStringLiteral("ping lost");
    return events.join(QStringLiteral("; "));
}

void MonitorCommand::onSample(const SignalSample &sample)
{
    if (m_ended)
        return;
    // --duration counts from the first row, so a run of D seconds at interval I has D/I rows even
    // when the model detection before it was slow.
    if (m_settings.durationMs && !m_duration->isActive())
        m_duration->start(*m_settings.durationMs, [this] { interrupt(); });
    const std::optional<double> rtt = m_ping ? m_ping->rttMs : std::nullopt;
    const QString event = eventText();
    m_ping.reset();
    m_out << (m_settings.json ? monitorJsonRow(sample, rtt, event) : monitorCsvRow(sample, rtt, event)) << '\n';
    m_out.flush();
}

void MonitorCommand::end(const Result<void> &result)
{
    if (m_ended)
        return;
    m_ended = true;
    m_duration->stop();
    m_monitor->stop();
    m_monitor->stopRecording();
    m_out.flush();
    Q_EMIT finished(result);
}

} // namespace ModemBench
