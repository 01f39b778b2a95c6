// The station window's run side: building the Station from what the top bar says, feeding it
// ports, and showing what it reports (tiles on portChanged only, counters, records).

#include "ui/messagebanner.h"
#include "ui/passphrasesource.h"
#include "ui/stationrecordspanel.h"
#include "ui/stationtile.h"
#include "ui/stationtilegrid.h"
#include "ui/stationwindow.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStatusBar>

namespace ModemBench::Ui {

namespace {
constexpr int kStatusMessageMs = 10000;
} // namespace

StationOptions StationWindow::currentOptions(QByteArray caPassphrase) const
{
    StationOptions options;
    options.stationName = m_stationEdit->text().trimmed();
    options.operatorName = m_operatorEdit->text().trimmed();
    options.force = m_forceBox->isChecked();
    options.caPassphrase = std::move(caPassphrase);
    return options;
}

Result<void> StationWindow::ensureProfile()
{
    const QString path = m_profileEdit->text().trimmed();
    if (path.isEmpty())
        return fail(ErrorCode::Usage, tr("Choose a provisioning profile first (Browse…)."));
    // Read again at every start: a profile edited since it was chosen must not run half-known.
    return setProfilePath(path);
}

Result<void> StationWindow::ensureStore()
{
    QString location = m_databaseEdit->text().trimmed();
    if (location.isEmpty()) {
        location = RecordStore::defaultLocation();
        m_databaseEdit->setText(location);
    }
    // The field shows displayLocation() ("***" for the password) once a store is open: unchanged.
    if (m_store && (location == m_storeLocation || location == m_store->displayLocation()))
        return {};
    if (m_station && m_station->isRunning())
        return fail(ErrorCode::Usage, tr("Stop the running units before changing the database."));
    auto store = RecordStore::open(location);
    if (!store)
        return std::unexpected(store.error());
    delete m_station.data();
    m_store = std::move(*store);
    m_storeLocation = location;
    m_databaseEdit->setText(m_store->displayLocation());
    m_records->setStore(m_store.get());
    return {};
}

bool StationWindow::stationMatches() const
{
    if (!m_station || !m_profile)
        return false;
    const StationOptions wanted = currentOptions({});
    return m_stationProfileHash == m_profile->hash && m_stationOptions.operatorName == wanted.operatorName
        && m_stationOptions.stationName == wanted.stationName && m_stationOptions.force == wanted.force;
}

void StationWindow::startAll()
{
    if (m_starting)
        return;
    if (m_operatorEdit->text().trimmed().isEmpty()) {
        showError(tr("Enter the operator's name before starting: every record names who provisioned the unit."));
        m_operatorEdit->setFocus();
        return;
    }
    if (m_stationEdit->text().trimmed().isEmpty()) {
        showError(tr("Enter a station name before starting (the host name is the usual choice)."));
        m_stationEdit->setFocus();
        return;
    }
    if (m_portList->count() == 0 && !(m_station && m_station->portCount() > 0)) {
        showError(tr("Add at least one port: /dev/ttyUSB2, a pattern such as /dev/ttyUSB* or sim:sim7000g*8."));
        m_portInput->setFocus();
        return;
    }
    if (!m_station || !m_station->isRunning()) {
        if (auto loaded = ensureProfile(); !loaded) {
            if (m_profileEdit->text().trimmed().isEmpty())
                showError(loaded.error().message);
            return;
        }
    }
    if (auto opened = ensureStore(); !opened) {
        showError(tr("Database: %1").arg(opened.error().message));
        return;
    }
    if (stationMatches()) {
        continueStart();
        return;
    }
    if (m_station && m_station->isRunning()) {
        showError(tr("The profile, operator or station changed while units run: stop them (Shift+F5) first."));
        return;
    }
    const ProfileCertificates &certificates = m_profile->certificates;
    // Only issuing device certificates opens our CA's key; installing its certificate needs no secret.
    if (certificates.caSource == ProfileCertificates::CaSource::OwnCa && certificates.deviceCertificate
        && certificates.passphraseFile.isEmpty()) {
        // Asked here, kept only in the station's options (never the settings or the profile).
        m_starting = true;
        updateButtons();
        PassphraseRequest request;
        request.caDirectory = certificates.caDirectory;
        request.purpose = tr("to issue device certificates for profile %1").arg(m_profile->name);
        QPointer<StationWindow> self(this);
        m_passphrases->obtain(PassphraseSource::preferredOrigin(certificates.caDirectory), request,
                              [self](Result<PassphraseAnswer> answer) {
                                  if (!self)
                                      return;
                                  self->m_starting = false;
                                  if (!answer) {
                                      self->showError(answer.error().message);
                                      self->updateButtons();
                                      return;
                                  }
                                  self->createStation(answer->passphrase.reveal());
                              });
        return;
    }
    createStation({});
}

void StationWindow::createStation(QByteArray caPassphrase)
{
    delete m_station.data();
    m_grid->clear();
    m_fedSpecs.clear();
    m_stationOptions = currentOptions(std::move(caPassphrase));
    m_stationProfileHash = m_profile->hash;
    auto *station = new Station(m_profile, m_store.get(), m_stationOptions, nullptr, this);
    // Keep no copy of the secret beyond the station's own.
    m_stationOptions.caPassphrase.fill('\0');
    m_stationOptions.caPassphrase.clear();
    m_station = station;
    connect(station, &Station::portAdded, this, &StationWindow::onPortAdded);
    connect(station, &Station::portChanged, this, &StationWindow::onPortChanged);
    connect(station, &Station::unitFinished, this, [this] { m_records->scheduleRefresh(); });
    connect(station, &Station::noticed, this,
            [this](const QString &message) { statusBar()->showMessage(message, kStatusMessageMs); });
    connect(station, &Station::idle, this, [this] {
        updateButtons();
        updateCounters();
        m_records->scheduleRefresh();
        // Queued: idle can come from inside stopAll() called by closeEvent, where close() is ignored.
        if (m_closing)
            QMetaObject::invokeMethod(this, &QWidget::close, Qt::QueuedConnection);
    });
    if (auto prepared = station->prepare(); !prepared) {
        showError(tr("The station cannot start: %1").arg(prepared.error().message));
        delete station;
        updateButtons();
        return;
    }
    // prepare() may have closed rows a killed run left "running".
    m_records->scheduleRefresh();
    Q_EMIT stationCreated(station);
    continueStart();
}

void StationWindow::continueStart()
{
    if (!m_station)
        return;
    m_banner->hide();
    feedPorts();
    m_station->startAll();
    updateButtons();
    updateCounters();
}

void StationWindow::feedPorts()
{
    for (const QString &spec : portSpecs()) {
        if (m_fedSpecs.contains(spec))
            continue;
        if (isWatchPattern(spec)) {
            m_station->watchPorts(spec);
        } else {
            auto ports = expandPortSpec(spec);
            if (!ports) {
                showError(tr("Port %1: %2").arg(spec, ports.error().message));
                continue;
            }
            for (const QString &port : std::as_const(*ports))
                m_station->addPort(port);
        }
        m_fedSpecs.insert(spec);
    }
}

void StationWindow::stopAll()
{
    if (!m_station || !m_station->isRunning())
        return;
    const int running = m_station->counters().running;
    m_confirm(this, tr("Stop All Units"),
              tr("Stop %n running unit(s)? Each record will say it was stopped; start again to redo them.", nullptr,
                 running),
              [self = QPointer<StationWindow>(this)] {
                  if (self && self->m_station)
                      self->m_station->stopAll();
              });
}

void StationWindow::onPortAdded(int index)
{
    if (!m_station)
        return;
    auto *tile = new StationTile(index);
    connect(tile, &StationTile::startRequested, this, [this](int i) {
        if (m_station)
            m_station->start(i);
        updateButtons();
    });
    connect(tile, &StationTile::stopRequested, this, [this](int i) {
        if (m_station)
            m_station->stop(i);
    });
    tile->showPort(m_station->portAt(index));
    m_grid->addTile(tile);
    updateCounters();
}

void StationWindow::onPortChanged(int index)
{
    if (!m_station)
        return;
    if (StationTile *changed = tile(index))
        changed->showPort(m_station->portAt(index));
    updateCounters();
    updateButtons();
}

void StationWindow::updateCounters()
{
    const StationCounters counters = m_station ? m_station->counters() : StationCounters{};
    const int ports = m_station ? m_station->portCount() : 0;
    m_counters->setText(
        tr("<span style='color:%1'><b>%2</b> passed</span> &nbsp; <span style='color:%3'><b>%4</b> failed</span> "
           "&nbsp; <span style='color:%5'><b>%6</b> running</span> &nbsp; <b>%7</b> units/hour &nbsp; %8 ports")
            .arg(StationTile::colorFor(PortState::Passed).name())
            .arg(counters.passed)
            .arg(StationTile::colorFor(PortState::Failed).name())
            .arg(counters.failed)
            .arg(StationTile::colorFor(PortState::Running).name())
            .arg(counters.running)
            .arg(counters.unitsPerHour, 0, 'f', counters.unitsPerHour < 10 ? 1 : 0)
            .arg(ports));
    m_counters->setAccessibleName(tr("%1 passed, %2 failed, %3 running").arg(counters.passed).arg(counters.failed).arg(counters.running));
}

void StationWindow::updateButtons()
{
    const bool running = m_station && m_station->isRunning();
    m_startButton->setEnabled(!m_starting);
    m_startAction->setEnabled(!m_starting);
    m_stopButton->setEnabled(running);
    m_stopAction->setEnabled(running);
    // What a station was built with stays fixed while its units run.
    m_profileEdit->setEnabled(!running);
    m_profileButton->setEnabled(!running);
    m_databaseEdit->setEnabled(!running);
    m_operatorEdit->setEnabled(!running);
    m_stationEdit->setEnabled(!running);
    m_forceBox->setEnabled(!running);
}

} // namespace ModemBench::Ui
