#include "core/provision/station.h"

#include "core/catalog/commandcatalog.h"
#include "core/pki/certificateauthority.h"
#include "core/provision/profile.h"
#include "core/provision/unitrun.h"
#include "core/transport/portlist.h"
#include "core/transport/transportfactory.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QPointer>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTimer>
#include <QUrlQuery>

namespace ModemBench {

namespace {

// A tile repaints at most this often while its unit runs: 64 tiles at full speed would keep the
// GUI's event loop busy with repaints (issue #7 item 7: no stall over 50 ms).
constexpr qint64 kProgressIntervalMs = 100;

struct Tile {
    StationPort info;
    QPointer<UnitRun> unit;
    bool watched = false;
    bool present = true;        // a watched port currently exists
    qint64 lastEmitMs = -1;
    bool pending = false;       // a progress update waits for the throttle
};

QString displayNameFor(const QString &port, int index)
{
    if (const Result<PortName> name = parsePortName(port); name && name->kind == PortName::Kind::Simulator)
        return QStringLiteral("%1 #%2").arg(name->device).arg(index + 1);
    const QString name = QFileInfo(port).fileName();
    return name.isEmpty() ? port : name;
}

Result<QByteArray> readSmallFile(const QString &path, const QString &what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Usage, QObject::tr("Cannot read the %1 %2: %3").arg(what, path, file.errorString()));
    const QByteArray bytes = file.read(1024 * 1024);
    if (bytes.isEmpty())
        return fail(ErrorCode::Usage, QObject::tr("The %1 %2 is empty").arg(what, path));
    return bytes;
}

} // namespace

struct Station::Private {
    std::shared_ptr<const ProvisionProfile> profile;
    std::unique_ptr<Clock> ownClock;
    Clock *clock = nullptr;
    std::unique_ptr<CommandCatalog> catalog;
    std::optional<Pki::CertificateAuthority> ca;
    std::unique_ptr<FileInventory> inventory;
    UnitEnvironment env;
    QList<Tile> tiles;
    bool prepared = false;
    bool running = false;        // startAll() until stopAll(): ports that appear start at once
    bool started = false;        // some unit was started since the last idle()
    qint64 firstStartMs = -1;
    int passed = 0;
    int failed = 0;
    // This run's identities: a second tile showing one of them is a duplicate board or SIM.
    QHash<QString, int> imeiOwners;
    QHash<QString, int> iccidOwners;
    std::unique_ptr<ClockTimer> flushTimer;
    QTimer watchTimer;
    // startAll() starts one unit per event-loop turn: opening a port (for sim: ports, starting a
    // modemsim process) takes milliseconds, and 64 at once would stall the GUI (issue #7 item 7).
    QList<int> startQueue;
    QTimer startTimer;
    QRegularExpression watchPattern;
    QString watchGlob;
};

Station::Station(std::shared_ptr<const ProvisionProfile> profile, RecordStore *store, StationOptions options,
                 Clock *clock, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->profile = std::move(profile);
    d->clock = clock ? clock : SystemClock::instanceForThread();
    if (options.stationName.isEmpty())
        options.stationName = QSysInfo::machineHostName();
    if (options.trafficLogDirectory.isEmpty())
        options.trafficLogDirectory = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
                                      + QStringLiteral("/ModemBench/station-logs");
    d->env.profile = d->profile;
    d->env.store = store;
    d->env.options = std::move(options);
    d->env.clock = d->clock;
    d->env.claimIdentity = [this](const void *unit, const QString &imei, const QString &iccid) {
        return claimIdentity(unit, imei, iccid);
    };
    d->flushTimer = d->clock->createTimer();
    connect(&d->watchTimer, &QTimer::timeout, this, &Station::scanWatchedPorts);
    d->startTimer.setInterval(0);
    connect(&d->startTimer, &QTimer::timeout, this, [this] {
        if (d->startQueue.isEmpty()) {
            d->startTimer.stop();
            return;
        }
        start(d->startQueue.takeFirst());
        if (d->startQueue.isEmpty())
            d->startTimer.stop();
    });
}

Station::~Station()
{
    for (Tile &tile : d->tiles) {
        if (tile.unit) {
            // Before the environment they use goes; a unit still running is recorded as stopped.
            tile.unit->disconnect(this);
            tile.unit->stop();
            delete tile.unit.data();
        }
    }
}

Result<void> Station::prepare()
{
    if (!d->catalog) {
        auto catalog = CommandCatalog::loadDefault();
        if (!catalog)
            return std::unexpected(catalog.error());
        d->catalog = std::make_unique<CommandCatalog>(std::move(*catalog));
        d->env.catalog = d->catalog.get();
    }
    const ProfileCertificates &certificates = d->profile->certificates;
    if (certificates.caSource == ProfileCertificates::CaSource::File) {
        auto pem = readSmallFile(certificates.caFile, tr("CA file"));
        if (!pem)
            return std::unexpected(pem.error());
        d->env.caPem = *pem;
    } else if (certificates.caSource == ProfileCertificates::CaSource::OwnCa) {
        auto pem = readSmallFile(QDir(certificates.caDirectory).filePath(QStringLiteral("ca.crt")), tr("CA certificate"));
        if (!pem)
            return std::unexpected(pem.error());
        d->env.caPem = *pem;
    }
    if (certificates.deviceCertificate && !d->ca) {
        if (Result<void> opened = openCa(); !opened)
            return opened;
    }
    if (!d->env.caPem.isEmpty() && !d->inventory) {
        if (auto inventory = FileInventory::open(); inventory) {
            d->inventory = std::move(*inventory);
            d->env.inventory = d->inventory.get();
        } else {
            Q_EMIT noticed(tr("Installed certificates are not added to the file inventory: %1").arg(inventory.error().message));
        }
    }
    Result<QList<ProvisionRecord>> interrupted = d->env.store->closeInterrupted(d->env.options.stationName);
    if (!interrupted)
        return std::unexpected(interrupted.error());
    for (const ProvisionRecord &record : *interrupted)
        Q_EMIT noticed(tr("Interrupted run of IMEI %1 (port %2) at %3 detected; it will be redone")
                           .arg(record.imei.isEmpty() ? tr("unknown") : record.imei, record.port,
                                record.startedAt.toString(Qt::ISODate)));
    d->prepared = true;
    return {};
}

Result<void> Station::openCa()
{
    const ProfileCertificates &certificates = d->profile->certificates;
    Pki::SecretBytes passphrase;
    if (!d->env.options.caPassphrase.isEmpty()) {
        passphrase = Pki::SecretBytes(d->env.options.caPassphrase);
    } else if (!certificates.passphraseFile.isEmpty()) {
        auto read = Pki::passphraseFromFile(certificates.passphraseFile);
        if (!read)
            return std::unexpected(read.error());
        passphrase = std::move(*read);
    } else if (auto fromEnvironment = Pki::passphraseFromEnvironment()) {
        passphrase = std::move(*fromEnvironment);
    } else {
        return fail(ErrorCode::Usage, tr("The profile issues device certificates from the CA in %1: give its "
                                         "passphrase (certificates.passphrase_file, or the station's prompt)")
                                          .arg(certificates.caDirectory));
    }
    auto ca = Pki::CertificateAuthority::open(certificates.caDirectory, passphrase);
    if (!ca) {
        Error error = ca.error();
        error.code = ErrorCode::Usage;
        return std::unexpected(error);
    }
    d->ca.emplace(std::move(*ca));
    d->env.ca = &*d->ca;
    return {};
}

void Station::addPort(const QString &port)
{
    addTile(port, usbLocation(port), false);
}

int Station::addTile(const QString &port, const QString &location, bool watched)
{
    for (int i = 0; i < d->tiles.size(); ++i) {
        if (d->tiles[i].info.port == port)
            return i;
    }
    Tile tile;
    tile.info.port = port;
    tile.info.location = location;
    tile.info.displayName = displayNameFor(port, int(d->tiles.size()));
    tile.watched = watched;
    d->tiles.append(tile);
    const int index = int(d->tiles.size()) - 1;
    Q_EMIT portAdded(index);
    if (d->running)
        start(index);
    return index;
}

void Station::watchPorts(const QString &pattern, int intervalMs)
{
    d->watchGlob = pattern;
    d->watchPattern = QRegularExpression::fromWildcard(pattern, Qt::CaseSensitive);
    scanWatchedPorts();
    d->watchTimer.start(qMax(100, intervalMs));
}

// "ttyUSB*" matches /dev/ttyUSB0 as "/dev/ttyUSB*" does.
bool Station::watchMatches(const QString &port) const
{
    return d->watchPattern.match(port).hasMatch() || d->watchPattern.match(QFileInfo(port).fileName()).hasMatch();
}

void Station::scanWatchedPorts()
{
    if (!d->watchPattern.isValid() || d->watchPattern.pattern().isEmpty())
        return;
    // Candidates: every serial port by its device name, and by its /dev/serial/by-path link.
    QList<QString> found;
    for (const PortInfo &info : availablePorts(false)) {
        if (watchMatches(info.name))
            found << info.name;
    }
    // Links and device nodes in the pattern's own folder too: /dev/serial/by-path names the socket,
    // and a folder of udev-made links (or a test's links to ptys) is found the same way.
    QStringList folders{QStringLiteral("/dev/serial/by-path")};
    const QString folder = QFileInfo(d->watchGlob).path();
    if (QFileInfo(d->watchGlob).isAbsolute() && !folder.contains(QRegularExpression(QStringLiteral("[*?\\[]"))))
        folders << folder;
    for (const QString &path : folders) {
        for (const QFileInfo &entry : QDir(path).entryInfoList(QDir::System | QDir::Files | QDir::NoDotAndDotDot)) {
            const QString name = entry.absoluteFilePath();
            // A link whose device went away is a port that went away.
            if (!entry.exists() || found.contains(name) || found.contains(entry.canonicalFilePath()))
                continue;
            if (watchMatches(name))
                found << name;
        }
    }
    QList<bool> seen(d->tiles.size(), false);
    for (const QString &port : found) {
        const QString location = usbLocation(port);
        int index = -1;
        for (int i = 0; i < d->tiles.size() && index < 0; ++i) {
            const StationPort &info = d->tiles[i].info;
            if ((!location.isEmpty() && info.location == location) || info.port == port)
                index = i;
        }
        if (index < 0) {
            addTile(port, location, true);
            seen.append(true);
            continue;
        }
        seen[index] = true;
        Tile &tile = d->tiles[index];
        if (tile.present)
            continue;
        // A modem back in a socket that was empty: a new unit on that socket.
        tile.present = true;
        tile.info.port = port;
        tile.info.state = PortState::Waiting;
        tile.info.message.clear();
        Q_EMIT portChanged(index);
        if (d->running)
            start(index);
    }
    for (int i = 0; i < d->tiles.size(); ++i) {
        Tile &tile = d->tiles[i];
        if (!tile.watched || seen[i] || !tile.present)
            continue;
        tile.present = false;
        // A running unit fails with PortClosed by itself and its tile then shows Unplugged.
        if (!tile.unit || !tile.unit->isRunning()) {
            tile.info.state = PortState::Unplugged;
            Q_EMIT portChanged(i);
        }
    }
}

void Station::startAll()
{
    d->running = true;
    for (int i = 0; i < d->tiles.size(); ++i) {
        const Tile &tile = d->tiles[i];
        const bool busy = (tile.unit && tile.unit->isRunning()) || d->startQueue.contains(i);
        if ((!tile.watched || tile.present) && !busy)
            d->startQueue.append(i);
    }
    if (!d->startQueue.isEmpty()) {
        start(d->startQueue.takeFirst());
        if (!d->startQueue.isEmpty())
            d->startTimer.start();
    }
}

void Station::stopAll()
{
    d->running = false;
    d->startQueue.clear();
    d->startTimer.stop();
    for (int i = 0; i < d->tiles.size(); ++i)
        stop(i);
}

void Station::start(int index)
{
    if (index < 0 || index >= d->tiles.size())
        return;
    d->startQueue.removeAll(index);
    Tile &tile = d->tiles[index];
    if (tile.unit && tile.unit->isRunning())
        return;
    if (!d->prepared) {
        if (Result<void> prepared = prepare(); !prepared) {
            Q_EMIT noticed(prepared.error().message);
            return;
        }
    }
    if (!d->started) {
        // A new run: identities seen in the last one are records now, checked there.
        d->imeiOwners.clear();
        d->iccidOwners.clear();
        d->started = true;
    }
    releaseIdentity(index);
    if (d->firstStartMs < 0)
        d->firstStartMs = d->clock->nowMs();
    if (tile.unit)
        tile.unit->deleteLater();
    auto *unit = new UnitRun(&d->env, tile.info.port, tile.info.location, tile.info.displayName, this);
    tile.unit = unit;
    tile.info.state = PortState::Running;
    tile.info.step.clear();
    tile.info.done = 0;
    tile.info.total = 0;
    tile.info.startedAt = QDateTime::currentDateTimeUtc();
    tile.info.elapsedMs = 0;
    tile.info.imei.clear();
    tile.info.iccid.clear();
    tile.info.message.clear();
    const qint64 startedMs = d->clock->nowMs();
    connect(unit, &UnitRun::identified, this, [this, unit](const QString &imei, const QString &iccid) {
        const int i = indexOfUnit(unit);
        if (i < 0)
            return;
        d->tiles[i].info.imei = imei;
        d->tiles[i].info.iccid = iccid;
        Q_EMIT portChanged(i);
    });
    connect(unit, &UnitRun::progressed, this, [this, unit, startedMs](int done, int total, const QString &label) {
        const int i = indexOfUnit(unit);
        if (i < 0)
            return;
        StationPort &info = d->tiles[i].info;
        info.done = done;
        info.total = total;
        info.step = label;
        info.elapsedMs = d->clock->nowMs() - startedMs;
        throttledChange(i);
    });
    connect(unit, &UnitRun::finished, this,
            [this, unit, startedMs](const ProvisionRecord &record, PortState state, const QString &message) {
                const int i = indexOfUnit(unit);
                if (i < 0)
                    return;
                onUnitFinished(i, record, state, message, d->clock->nowMs() - startedMs);
            });
    Q_EMIT portChanged(index);
    unit->start();
}

void Station::onUnitFinished(int index, const ProvisionRecord &record, PortState state, const QString &message,
                             qint64 elapsedMs)
{
    Tile &tile = d->tiles[index];
    StationPort &info = tile.info;
    info.state = state == PortState::Failed && tile.watched && !tile.present ? PortState::Unplugged : state;
    info.message = message;
    info.elapsedMs = elapsedMs;
    info.imei = record.imei;
    info.iccid = record.iccid;
    info.step.clear();
    info.lastRecord = record;
    tile.pending = false;
    if (state == PortState::Passed)
        ++d->passed;
    else
        ++d->failed;
    Q_EMIT portChanged(index);
    Q_EMIT unitFinished(index, record);
    if (!isRunning() && d->started) {
        d->started = false;
        Q_EMIT idle();
    }
}

void Station::stop(int index)
{
    if (index < 0 || index >= d->tiles.size())
        return;
    d->startQueue.removeAll(index);
    if (d->tiles[index].unit)
        d->tiles[index].unit->stop();
}

bool Station::isRunning() const
{
    if (!d->startQueue.isEmpty())
        return true;
    for (const Tile &tile : d->tiles) {
        if (tile.unit && tile.unit->isRunning())
            return true;
    }
    return false;
}

int Station::portCount() const
{
    return int(d->tiles.size());
}

const StationPort &Station::portAt(int index) const
{
    return d->tiles.at(index).info;
}

StationCounters Station::counters() const
{
    StationCounters counters;
    counters.passed = d->passed;
    counters.failed = d->failed;
    for (const Tile &tile : d->tiles)
        counters.running += tile.unit && tile.unit->isRunning() ? 1 : 0;
    const int finished = d->passed + d->failed;
    if (d->firstStartMs >= 0 && finished > 0) {
        const qint64 elapsed = qMax<qint64>(1000, d->clock->nowMs() - d->firstStartMs);
        counters.unitsPerHour = finished * 3600000.0 / double(elapsed);
    }
    return counters;
}

const ProvisionProfile &Station::profile() const
{
    return *d->profile;
}

const StationOptions &Station::options() const
{
    return d->env.options;
}

int Station::indexOfUnit(const void *unit) const
{
    for (int i = 0; i < d->tiles.size(); ++i) {
        if (d->tiles[i].unit == unit)
            return i;
    }
    return -1;
}

QString Station::claimIdentity(const void *unit, const QString &imei, const QString &iccid)
{
    const int index = indexOfUnit(unit);
    const auto other = [this](int owner) { return d->tiles.at(owner).info.displayName; };
    if (const int owner = d->imeiOwners.value(imei, index); !imei.isEmpty() && owner != index)
        return tr("Duplicate IMEI %1: %2 of this run has it too. Two boards with one IMEI exist (users.md); "
                  "set this one aside")
            .arg(imei, other(owner));
    if (const int owner = d->iccidOwners.value(iccid, index); !iccid.isEmpty() && owner != index)
        return tr("Duplicate ICCID %1: %2 of this run has this SIM too; set this unit aside and check its SIM")
            .arg(iccid, other(owner));
    if (!imei.isEmpty())
        d->imeiOwners.insert(imei, index);
    if (!iccid.isEmpty())
        d->iccidOwners.insert(iccid, index);
    return {};
}

void Station::releaseIdentity(int index)
{
    d->imeiOwners.removeIf([index](const auto &entry) { return entry.value() == index; });
    d->iccidOwners.removeIf([index](const auto &entry) { return entry.value() == index; });
}

void Station::throttledChange(int index)
{
    Tile &tile = d->tiles[index];
    const qint64 now = d->clock->nowMs();
    if (tile.lastEmitMs < 0 || now - tile.lastEmitMs >= kProgressIntervalMs) {
        tile.lastEmitMs = now;
        tile.pending = false;
        Q_EMIT portChanged(index);
        return;
    }
    tile.pending = true;
    if (!d->flushTimer->isActive())
        d->flushTimer->start(kProgressIntervalMs, [this] { flushPending(); });
}

void Station::flushPending()
{
    const qint64 now = d->clock->nowMs();
    for (int i = 0; i < d->tiles.size(); ++i) {
        if (!d->tiles[i].pending)
            continue;
        d->tiles[i].pending = false;
        d->tiles[i].lastEmitMs = now;
        Q_EMIT portChanged(i);
    }
}

} // namespace ModemBench
