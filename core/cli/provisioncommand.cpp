#include "core/cli/provisioncommand.h"

#include "core/cli/clirunner.h"
#include "core/cli/passphraseprompt.h"
#include "core/provision/profile.h"
#include "core/provision/station.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>
#include <numeric>

namespace ModemBench {

namespace {

const QString kProfile = QStringLiteral("profile");
const QString kPorts = QStringLiteral("ports");
const QString kWatch = QStringLiteral("watch");
const QString kDb = QStringLiteral("db");
const QString kReport = QStringLiteral("report");
const QString kOperator = QStringLiteral("operator");
const QString kStation = QStringLiteral("station");
const QString kCaPassphraseFile = QStringLiteral("ca-passphrase-file");
const QString kVerbose = QStringLiteral("verbose");

// A batch of 256 simulated modems times a few explicit ports is plenty for one station; a larger
// list is almost certainly a runaway pattern or script.
constexpr int kMaxPorts = 1024;

QString orDash(const QString &text)
{
    return text.isEmpty() ? QStringLiteral("-") : text;
}

QString seconds(qint64 ms)
{
    return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

qint64 unitMs(const ProvisionRecord &record, qint64 fallback)
{
    if (record.startedAt.isValid() && record.finishedAt.isValid())
        return record.startedAt.msecsTo(record.finishedAt);
    return fallback;
}

} // namespace

QList<QCommandLineOption> ProvisionCommand::options()
{
    return {
        {kProfile, QStringLiteral("provision: the profile (JSON, see docs/profiles.md)."), QStringLiteral("file")},
        {kPorts, QStringLiteral("provision: every serial port matching the glob PATTERN (\"/dev/ttyUSB*\")."),
         QStringLiteral("pattern")},
        {kWatch, QStringLiteral("provision: with --ports, keep watching for modems plugged in until Ctrl-C.")},
        {kDb, QStringLiteral("provision: the records: an SQLite file or a postgresql:// URL (default: "
                             "provisioning.sqlite in the data folder)."),
         QStringLiteral("url")},
        {kReport, QStringLiteral("provision: also write this run's unit records as JSON to FILE."),
         QStringLiteral("file")},
        {kOperator, QStringLiteral("provision: the operator's name, kept in every record."), QStringLiteral("name")},
        {kStation, QStringLiteral("provision: this station's name in the records (default: the host name)."),
         QStringLiteral("name")},
        {kCaPassphraseFile, QStringLiteral("provision: our CA's passphrase (a 0600 file) when the profile names none."),
         QStringLiteral("file")},
        {kVerbose, QStringLiteral("provision: print every unit's step changes on stderr.")},
    };
}

ProvisionCommand::ProvisionCommand(QTextStream &out, QTextStream &err, QObject *parent)
    : QObject(parent)
    , m_out(out)
    , m_err(err)
{
}

ProvisionCommand::~ProvisionCommand() = default;

Result<ProvisionCommand *> ProvisionCommand::create(const QStringList &arguments, const QCommandLineParser &parser,
                                                    QTextStream &out, QTextStream &err, QObject *parent)
{
    auto command = std::unique_ptr<ProvisionCommand>(new ProvisionCommand(out, err, parent));
    if (Result<void> parsed = command->parse(arguments, parser); !parsed)
        return std::unexpected(parsed.error());
    return command.release();
}

Result<void> ProvisionCommand::parse(const QStringList &arguments, const QCommandLineParser &parser)
{
    if (!arguments.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("'provision' takes no arguments (got '%1'); use --profile FILE "
                                                     "and --port or --ports").arg(arguments.join(QLatin1Char(' '))));
    if (!parser.isSet(kProfile))
        return fail(ErrorCode::Usage, QStringLiteral("'provision' needs --profile FILE (see examples/profiles/basic.json)"));
    m_json = parser.isSet(QStringLiteral("json"));
    m_verbose = parser.isSet(kVerbose);
    m_reportPath = parser.value(kReport);
    if (parser.isSet(kReport)) {
        const QFileInfo report(m_reportPath);
        if (m_reportPath.isEmpty() || !report.absoluteDir().exists())
            return fail(ErrorCode::Usage, QStringLiteral("--report '%1': the folder does not exist; give a file in an "
                                                         "existing folder").arg(m_reportPath));
    }

    // Cheap checks first, so a typo in a port costs neither a database connection nor a passphrase.
    if (Result<void> ports = preparePorts(parser); !ports)
        return ports;

    const QString profilePath = parser.value(kProfile);
    Result<ProvisionProfile> profile = loadProfile(profilePath);
    if (!profile) {
        // loadProfile() names the file in most of its messages; name it exactly once.
        const QString &message = profile.error().message;
        return fail(ErrorCode::Usage, message.startsWith(profilePath) ? QStringLiteral("profile ") + message
                                                                      : QStringLiteral("profile %1: %2").arg(profilePath, message));
    }

    const QString location = parser.isSet(kDb) ? parser.value(kDb) : RecordStore::defaultLocation();
    if (location.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("--db is empty: give an SQLite file or a postgresql:// URL"));
    Result<std::unique_ptr<RecordStore>> store = RecordStore::open(location);
    if (!store)
        return std::unexpected(store.error());
    m_store = std::move(*store);

    StationOptions options;
    options.stationName = parser.value(kStation);
    options.operatorName = parser.value(kOperator);
    options.force = parser.isSet(QStringLiteral("force"));
    const ProfileCertificates &certificates = profile->certificates;
    if (certificates.caSource == ProfileCertificates::CaSource::OwnCa && certificates.passphraseFile.isEmpty()) {
        PassphraseSources sources;
        // `ca`'s own --passphrase-file means the same thing; take it too rather than ask.
        sources.file = parser.isSet(kCaPassphraseFile) ? parser.value(kCaPassphraseFile)
                                                       : parser.value(QStringLiteral("passphrase-file"));
        Result<Pki::SecretBytes> passphrase =
            obtainPassphrase(sources, QStringLiteral("CA passphrase for %1: ").arg(certificates.caDirectory),
                             PassphraseConfirm::Once);
        if (!passphrase && passphrase.error().message == QLatin1String(kNoPassphraseMessage))
            return fail(ErrorCode::Usage, QStringLiteral("the profile issues certificates from our CA in %1 and names no "
                                                         "passphrase file: use --ca-passphrase-file FILE (0600), "
                                                         "MODEMBENCH_CA_PASSPHRASE or run in a terminal")
                                              .arg(certificates.caDirectory));
        if (!passphrase)
            return std::unexpected(passphrase.error());
        options.caPassphrase = passphrase->reveal();
    } else if (parser.isSet(kCaPassphraseFile)) {
        m_err << "note: --ca-passphrase-file is not used: the profile does not sign with our CA or names its own "
                 "passphrase file\n";
    }

    auto shared = std::make_shared<const ProvisionProfile>(std::move(*profile));
    m_station = std::make_unique<Station>(shared, m_store.get(), std::move(options));
    return m_station->prepare();
}

Result<void> ProvisionCommand::preparePorts(const QCommandLineParser &parser)
{
    const QStringList given = parser.values(QStringLiteral("port"));
    m_pattern = parser.value(kPorts);
    m_watch = parser.isSet(kWatch);
    if (given.isEmpty() == !parser.isSet(kPorts))
        return fail(ErrorCode::Usage, QStringLiteral("'provision' needs either --port P (repeatable, e.g. "
                                                     "--port sim:sim7000g*8) or --ports PATTERN, not both"));
    if (m_watch && m_pattern.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("--watch goes with --ports PATTERN (e.g. --ports '/dev/ttyUSB*' --watch)"));
    if (parser.isSet(kPorts) && m_pattern.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("--ports needs a pattern, e.g. --ports '/dev/ttyUSB*'"));
    for (const QString &spec : given) {
        Result<QStringList> expanded = expandPortSpec(spec);
        if (!expanded)
            return std::unexpected(expanded.error());
        for (const QString &port : std::as_const(*expanded)) {
            if (!m_ports.contains(port))
                m_ports << port;
        }
        if (m_ports.size() > kMaxPorts)
            return fail(ErrorCode::Usage, QStringLiteral("more than %1 ports: run several stations").arg(kMaxPorts));
    }
    return {};
}

void ProvisionCommand::start()
{
    connect(m_station.get(), &Station::portAdded, this, [this](int) { m_lastStep.resize(m_station->portCount()); });
    connect(m_station.get(), &Station::portChanged, this, &ProvisionCommand::onPortChanged);
    connect(m_station.get(), &Station::unitFinished, this, &ProvisionCommand::onUnitFinished);
    connect(m_station.get(), &Station::idle, this, &ProvisionCommand::onIdle);
    connect(m_station.get(), &Station::noticed, this, [this](const QString &message) {
        m_err << "note: " << message << '\n';
        m_err.flush();
    });
    m_elapsed.start();
    if (m_pattern.isEmpty()) {
        for (const QString &port : std::as_const(m_ports))
            m_station->addPort(port);
    } else {
        m_station->watchPorts(m_pattern);
    }
    m_lastStep.resize(m_station->portCount());
    if (m_station->portCount() == 0 && !m_watch) {
        m_err << "modembench-cli: no serial port matches '" << m_pattern
              << "': check the cables, or use --watch to wait for modems\n";
        m_finished = true;
        Q_EMIT finished(CliRunner::TransportFailure);
        return;
    }
    m_err << "Provisioning " << m_station->portCount() << (m_station->portCount() == 1 ? " unit" : " units")
          << " with profile '" << m_station->profile().name << "'"
          << (m_watch ? ", watching for more (Ctrl-C ends)" : "") << '\n';
    m_err.flush();
    m_started = true;
    m_station->startAll();
    // A station with nothing to start (every tile waiting on a watched port) reports no idle().
    if (!m_watch && !m_station->isRunning())
        onIdle();
}

void ProvisionCommand::interrupt()
{
    if (m_finished)
        return;
    m_interrupted = true;
    if (!m_station || !m_started || !m_station->isRunning()) {
        // Ctrl-C is how a watching station ends its shift: with no unit cut short, the units'
        // results decide the exit code.
        m_cancelled = !m_watch;
        end();
        return;
    }
    m_cancelled = true;
    m_err << "Stopping every unit (Ctrl-C again to quit without waiting for the records)\n";
    m_err.flush();
    m_station->stopAll(); // idle() follows once the stopped units' records are written
}

void ProvisionCommand::onPortChanged(int index)
{
    // 64 units' step changes would drown the per-unit lines: only for one port, or when asked.
    const bool single = m_pattern.isEmpty() && m_ports.size() == 1;
    if (m_json || !(single || m_verbose) || index < 0 || index >= m_station->portCount())
        return;
    if (m_lastStep.size() <= index)
        m_lastStep.resize(index + 1);
    const StationPort &port = m_station->portAt(index);
    if (port.state != PortState::Running || port.step.isEmpty() || port.step == m_lastStep.at(index))
        return;
    m_lastStep[index] = port.step;
    m_err << port.displayName << ": " << port.step;
    if (port.total > 0)
        m_err << " (" << port.done << '/' << port.total << ')';
    m_err << '\n';
    m_err.flush();
}

void ProvisionCommand::onUnitFinished(int index, const ProvisionRecord &record)
{
    m_records.append({index, record});
    if (m_json)
        return;
    const StationPort &port = m_station->portAt(index);
    const bool passed = record.result == UnitResult::Pass;
    m_out << (passed ? "PASS " : "FAIL ") << port.displayName << "  IMEI " << orDash(record.imei) << "  ICCID "
          << orDash(record.iccid) << "  ";
    if (passed)
        m_out << seconds(unitMs(record, port.elapsedMs)) << (record.verifiedOnly ? "  (verified, already provisioned)" : "");
    else
        m_out << (record.error.isEmpty() ? QStringLiteral("failed without a message") : record.error);
    m_out << '\n';
    m_out.flush();
}

void ProvisionCommand::onIdle()
{
    // With --watch the station idles between units; only Ctrl-C ends the run.
    if (m_watch && !m_interrupted)
        return;
    end();
}

QList<ProvisionRecord> ProvisionCommand::runRecords() const
{
    // By tile, then in the order they finished (a watched socket can see several units). Sorting
    // positions rather than std::stable_sort: clang-19 warns about libstdc++ 12's temporary buffer.
    QList<qsizetype> order(m_records.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [this](qsizetype a, qsizetype b) {
        return std::pair(m_records[a].first, a) < std::pair(m_records[b].first, b);
    });
    QList<ProvisionRecord> records;
    for (const qsizetype position : std::as_const(order))
        records << m_records[position].second;
    return records;
}

Result<void> ProvisionCommand::writeReport() const
{
    QSaveFile file(m_reportPath);
    if (!file.open(QIODevice::WriteOnly))
        return fail(ErrorCode::PermissionDenied, QStringLiteral("cannot write the report %1: %2; records are in the "
                                                                "database").arg(m_reportPath, file.errorString()));
    file.write(RecordStore::toJson(runRecords()));
    if (!file.commit())
        return fail(ErrorCode::Transport, QStringLiteral("cannot write the report %1: %2; records are in the database")
                                              .arg(m_reportPath, file.errorString()));
    return {};
}

void ProvisionCommand::end()
{
    if (m_finished)
        return;
    m_finished = true;
    const QList<ProvisionRecord> records = runRecords();
    const auto passed = std::count_if(records.cbegin(), records.cend(),
                                      [](const ProvisionRecord &r) { return r.result == UnitResult::Pass; });
    const qsizetype failed = records.size() - passed;
    const qint64 ms = m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
    if (m_json) {
        m_out << RecordStore::toJson(records);
    } else {
        const double perHour = ms > 0 ? double(records.size()) * 3600000.0 / double(ms) : 0.0;
        m_out << records.size() << (records.size() == 1 ? " unit: " : " units: ") << passed << " passed, " << failed
              << " failed in " << seconds(ms) << " (" << QString::number(perHour, 'f', 0)
              << " units/hour). Records: " << m_store->displayLocation() << '\n';
    }
    m_out.flush();
    int exitCode = failed == 0 ? CliRunner::Success : CliRunner::ModemFailure;
    if (!m_reportPath.isEmpty()) {
        if (Result<void> written = writeReport(); !written) {
            m_err << "modembench-cli: " << written.error().message << '\n';
            exitCode = CliRunner::TransportFailure;
        }
    }
    if (m_cancelled) {
        m_err << "modembench-cli: Cancelled (interrupted): running units were stopped and recorded\n";
        exitCode = CliRunner::exitCodeFor({ErrorCode::Cancelled, {}, {}, -1});
    }
    m_err.flush();
    Q_EMIT finished(exitCode);
}

} // namespace ModemBench
