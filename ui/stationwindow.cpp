#include "ui/stationwindow.h"

#include "core/transport/portlist.h"
#include "ui/messagebanner.h"
#include "ui/passphrasesource.h"
#include "ui/stationrecordspanel.h"
#include "ui/stationtile.h"
#include "ui/stationtilegrid.h"

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHostInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QVBoxLayout>

namespace ModemBench::Ui {

namespace {
const QString kProfileKey = QStringLiteral("station/profile");
const QString kDatabaseKey = QStringLiteral("station/database");
const QString kOperatorKey = QStringLiteral("station/operator");
const QString kStationKey = QStringLiteral("station/name");
const QString kPortsKey = QStringLiteral("station/ports");
const QString kGeometryKey = QStringLiteral("station/geometry");
const QString kSplitterKey = QStringLiteral("station/splitter");
constexpr int kStatusMessageMs = 10000;

// A remembered PostgreSQL URL never keeps its password (settings are not a secret store): without
// it libpq falls back to ~/.pgpass or PGPASSWORD.
QString withoutPassword(const QString &location)
{
    static const QRegularExpression password(QStringLiteral("^(postgres(?:ql)?://[^:/@]*):[^@]*@"));
    QString result = location;
    result.replace(password, QStringLiteral("\\1@"));
    return result;
}
} // namespace

ConfirmPrompt defaultConfirmPrompt()
{
    return [](QWidget *parent, const QString &title, const QString &question, std::function<void()> yes) {
        auto *box = new QMessageBox(QMessageBox::Question, title, question, QMessageBox::Yes | QMessageBox::No, parent);
        box->setDefaultButton(QMessageBox::No);
        box->setAttribute(Qt::WA_DeleteOnClose);
        QObject::connect(box, &QMessageBox::finished, box, [yes](int result) {
            if (result == QMessageBox::Yes)
                yes();
        });
        box->open();
    };
}

StationWindow::StationWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_openChooser(defaultOpenFileChooser())
    , m_confirm(defaultConfirmPrompt())
{
    setWindowFlag(Qt::Window);
    setWindowTitle(tr("Provisioning Station — ModemBench"));
    setObjectName(QStringLiteral("stationWindow"));
    m_passphrases = new PassphraseSource(this);
    m_passphrases->setPrompt(defaultPassphrasePrompt());
    m_passphrases->setOpenFileChooser(m_openChooser);
    buildUi();
    buildActions();
    restoreSettings();
    updateButtons();
    updateCounters();
}

StationWindow::~StationWindow()
{
    // The station goes before the store it writes to.
    delete m_station.data();
}

void StationWindow::setSaveFileChooser(SaveFileChooser chooser)
{
    m_records->setSaveFileChooser(std::move(chooser));
}

void StationWindow::setPassphrasePrompt(PassphrasePrompt prompt)
{
    m_passphrases->setPrompt(std::move(prompt));
}

void StationWindow::buildUi()
{
    m_banner = new MessageBanner(this);

    m_profileEdit = new QLineEdit(this);
    m_profileEdit->setObjectName(QStringLiteral("profileEdit"));
    m_profileEdit->setPlaceholderText(tr("A provisioning profile (.json), see docs/profiles.md"));
    m_profileButton = new QPushButton(tr("&Browse…"), this);
    m_profileButton->setAutoDefault(false);
    m_profileLabel = new QLabel(this);
    m_profileLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *profileRow = new QHBoxLayout;
    profileRow->addWidget(m_profileEdit, 1);
    profileRow->addWidget(m_profileButton);
    profileRow->addWidget(m_profileLabel);

    m_databaseEdit = new QLineEdit(this);
    m_databaseEdit->setObjectName(QStringLiteral("databaseEdit"));
    m_databaseEdit->setToolTip(tr("An SQLite file, or postgresql://user:password@host:port/database for a line of "
                                  "stations sharing one server. The password is not shown after it is used and "
                                  "not remembered: ~/.pgpass or PGPASSWORD also work."));
    m_operatorEdit = new QLineEdit(this);
    m_operatorEdit->setObjectName(QStringLiteral("operatorEdit"));
    m_operatorEdit->setPlaceholderText(tr("Required: every record names who ran it"));
    m_stationEdit = new QLineEdit(this);
    m_stationEdit->setObjectName(QStringLiteral("stationEdit"));
    m_forceBox = new QCheckBox(tr("Re-provision units already done with this profile"), this);
    m_forceBox->setToolTip(tr("Off: a unit already provisioned with the same profile is only verified"));
    auto *peopleRow = new QHBoxLayout;
    peopleRow->addWidget(m_operatorEdit, 1);
    auto *stationLabel = new QLabel(tr("S&tation:"), this);
    stationLabel->setBuddy(m_stationEdit);
    peopleRow->addWidget(stationLabel);
    peopleRow->addWidget(m_stationEdit, 1);
    peopleRow->addWidget(m_forceBox);

    m_portInput = new QComboBox(this);
    m_portInput->setObjectName(QStringLiteral("portInput"));
    m_portInput->setEditable(true);
    m_portInput->setInsertPolicy(QComboBox::NoInsert);
    m_portInput->setToolTip(tr("A port (/dev/ttyUSB2), a pattern watched for hot-plug (/dev/ttyUSB*), or simulated "
                               "modems (sim:sim7000g*8)"));
    m_portInput->lineEdit()->setPlaceholderText(tr("/dev/ttyUSB*, /dev/ttyUSB2 or sim:sim7000g*8"));
    m_portInput->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_portInput->setMinimumContentsLength(24);
    m_addPortButton = new QPushButton(tr("&Add"), this);
    m_addPortButton->setAutoDefault(false);
    m_removePortButton = new QPushButton(tr("Re&move"), this);
    m_removePortButton->setAutoDefault(false);
    m_portList = new QListWidget(this);
    m_portList->setObjectName(QStringLiteral("portList"));
    m_portList->setFlow(QListView::LeftToRight);
    m_portList->setWrapping(true);
    m_portList->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_portList->setMaximumHeight(m_portList->fontMetrics().height() * 3 + 8);
    m_portList->setAccessibleName(tr("Ports of this station"));
    auto *portRow = new QHBoxLayout;
    portRow->addWidget(m_portInput);
    portRow->addWidget(m_addPortButton);
    portRow->addWidget(m_portList, 1);
    portRow->addWidget(m_removePortButton);

    // Labels with buddies, so Alt+letter reaches each field (a plain addRow(text, layout) shows "&").
    auto label = [this](const QString &text, QWidget *buddy) {
        auto *result = new QLabel(text, this);
        result->setBuddy(buddy);
        return result;
    };
    auto *form = new QFormLayout;
    form->addRow(label(tr("&Profile:"), m_profileEdit), profileRow);
    form->addRow(label(tr("&Database:"), m_databaseEdit), m_databaseEdit);
    form->addRow(label(tr("&Operator:"), m_operatorEdit), peopleRow);
    form->addRow(label(tr("Po&rts:"), m_portInput), portRow);

    m_startButton = new QPushButton(tr("Start All (F5)"), this);
    m_startButton->setObjectName(QStringLiteral("startAllButton"));
    m_startButton->setAutoDefault(false);
    m_stopButton = new QPushButton(tr("Stop All (Shift+F5)"), this);
    m_stopButton->setObjectName(QStringLiteral("stopAllButton"));
    m_stopButton->setAutoDefault(false);
    m_counters = new QLabel(this);
    m_counters->setObjectName(QStringLiteral("stationCounters"));
    QFont countersFont = m_counters->font();
    countersFont.setPointSizeF(countersFont.pointSizeF() * 1.3);
    m_counters->setFont(countersFont);
    m_counters->setTextFormat(Qt::RichText);
    auto *runRow = new QHBoxLayout;
    runRow->addWidget(m_startButton);
    runRow->addWidget(m_stopButton);
    runRow->addSpacing(16);
    runRow->addWidget(m_counters, 1);

    m_grid = new StationTileGrid(this);
    m_grid->setPlaceholder(tr("Choose a profile, enter your name, add ports and press Start All (F5)."));
    m_records = new StationRecordsPanel(this);
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->addWidget(m_grid);
    m_splitter->addWidget(m_records);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 6, 8, 4);
    layout->addWidget(m_banner);
    layout->addLayout(form);
    layout->addLayout(runRow);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    // The order a technician fills it in, ending on Start.
    setTabOrder(m_profileEdit, m_profileButton);
    setTabOrder(m_profileButton, m_databaseEdit);
    setTabOrder(m_databaseEdit, m_operatorEdit);
    setTabOrder(m_operatorEdit, m_stationEdit);
    setTabOrder(m_stationEdit, m_forceBox);
    setTabOrder(m_forceBox, m_portInput);
    setTabOrder(m_portInput, m_addPortButton);
    setTabOrder(m_addPortButton, m_portList);
    setTabOrder(m_portList, m_removePortButton);
    setTabOrder(m_removePortButton, m_startButton);
    setTabOrder(m_startButton, m_stopButton);

    connect(m_profileButton, &QPushButton::clicked, this, &StationWindow::chooseProfile);
    connect(m_profileEdit, &QLineEdit::editingFinished, this, [this] {
        const QString path = m_profileEdit->text().trimmed();
        if (!path.isEmpty() && QFileInfo(path).absoluteFilePath() != m_profilePathLoaded)
            (void)setProfilePath(path);
    });
    connect(m_addPortButton, &QPushButton::clicked, this, &StationWindow::addPortFromInput);
    connect(m_portInput->lineEdit(), &QLineEdit::returnPressed, this, &StationWindow::addPortFromInput);
    connect(m_removePortButton, &QPushButton::clicked, this, &StationWindow::removeSelectedPorts);
    connect(m_startButton, &QPushButton::clicked, this, &StationWindow::startAll);
    connect(m_stopButton, &QPushButton::clicked, this, &StationWindow::stopAll);
    connect(m_records, &StationRecordsPanel::failed, this, &StationWindow::showError);
    connect(m_records, &StationRecordsPanel::exported, this, [this](const QString &path, int count) {
        statusBar()->showMessage(tr("Exported %n record(s) to %1", nullptr, count).arg(path), kStatusMessageMs);
    });
    fillPortInput();
}

void StationWindow::buildActions()
{
    m_startAction = new QAction(tr("Start All"), this);
    m_startAction->setShortcuts({QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_R)});
    m_startAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_startAction, &QAction::triggered, this, &StationWindow::startAll);
    addAction(m_startAction);
    m_stopAction = new QAction(tr("Stop All"), this);
    m_stopAction->setShortcuts({QKeySequence(Qt::SHIFT | Qt::Key_F5), QKeySequence(Qt::Key_Escape)});
    m_stopAction->setShortcutContext(Qt::WindowShortcut);
    connect(m_stopAction, &QAction::triggered, this, &StationWindow::stopAll);
    addAction(m_stopAction);
    m_startButton->setToolTip(tr("Provision every port (F5 or Ctrl+R)"));
    m_stopButton->setToolTip(tr("Stop every running unit; their records say so (Shift+F5 or Esc)"));
}

void StationWindow::fillPortInput()
{
    const QString typed = m_portInput->currentText();
    m_portInput->clear();
    for (const PortInfo &info : availablePorts(false))
        m_portInput->addItem(info.description.isEmpty() ? info.name : QStringLiteral("%1 — %2").arg(info.name, info.description),
                             info.name);
    m_portInput->addItem(QStringLiteral("/dev/ttyUSB*"));
    m_portInput->addItem(QStringLiteral("sim:sim7000g*8"));
    m_portInput->setEditText(typed);
}

void StationWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1280, 860);
    // The tiles are what the operator watches; the records get the rest.
    if (!m_splitter->restoreState(settings.value(kSplitterKey).toByteArray()))
        m_splitter->setSizes({560, 220});
    m_databaseEdit->setText(settings.value(kDatabaseKey, RecordStore::defaultLocation()).toString());
    m_operatorEdit->setText(settings.value(kOperatorKey).toString());
    m_stationEdit->setText(settings.value(kStationKey, QHostInfo::localHostName()).toString());
    for (const QString &spec : settings.value(kPortsKey).toStringList())
        if (!spec.isEmpty() && m_portList->findItems(spec, Qt::MatchExactly).isEmpty())
            m_portList->addItem(spec);
    const QString profile = settings.value(kProfileKey).toString();
    if (!profile.isEmpty()) {
        m_profileEdit->setText(profile);
        if (QFileInfo::exists(profile))
            (void)setProfilePath(profile);
    }
    // The records of earlier runs are shown at once when they are in a local file; a server is
    // only contacted on Start (opening it may take its connect timeout, and its password is not
    // remembered).
    const QString database = m_databaseEdit->text().trimmed();
    if (!database.contains(QStringLiteral("://")) && QFileInfo::exists(database))
        (void)ensureStore();
}

void StationWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kSplitterKey, m_splitter->saveState());
    settings.setValue(kProfileKey, m_profileEdit->text().trimmed());
    settings.setValue(kDatabaseKey, withoutPassword(m_databaseEdit->text().trimmed()));
    settings.setValue(kOperatorKey, m_operatorEdit->text().trimmed());
    settings.setValue(kStationKey, m_stationEdit->text().trimmed());
    settings.setValue(kPortsKey, portSpecs());
}

void StationWindow::showError(const QString &text)
{
    m_banner->showMessage(MessageBanner::Level::Error, text);
}

StationTile *StationWindow::tile(int index) const
{
    const auto &tiles = m_grid->tiles();
    return index >= 0 && index < tiles.size() ? tiles.at(index) : nullptr;
}

void StationWindow::chooseProfile()
{
    const QString current = m_profileEdit->text().trimmed();
    const OpenFileRequest request{tr("Open a Provisioning Profile"),
                                  current.isEmpty() ? QString() : QFileInfo(current).absolutePath(),
                                  tr("Profiles (*.json);;All files (*)")};
    m_openChooser(this, request, [this](const QString &path) { (void)setProfilePath(path); });
}

Result<void> StationWindow::setProfilePath(const QString &path)
{
    m_profileEdit->setText(path);
    auto profile = loadProfile(path);
    if (!profile) {
        m_profile.reset();
        m_profilePathLoaded.clear();
        m_profileLabel->setText(tr("<span style='color:#c62828'>not loaded</span>"));
        // The parser's message names the line and the key: nothing is touched until it is fixed.
        showError(tr("Profile %1: %2").arg(QFileInfo(path).fileName(), profile.error().message));
        updateButtons();
        return std::unexpected(profile.error());
    }
    m_profilePathLoaded = QFileInfo(path).absoluteFilePath();
    m_profileLabel->setText(tr("<b>%1</b> · %2 · %n custom step(s)", nullptr, int(profile->steps.size()))
                                .arg(profile->name.toHtmlEscaped(), profile->hash.left(12)));
    m_profileLabel->setToolTip(tr("SHA-256 %1").arg(profile->hash));
    m_profile = std::make_shared<const ProvisionProfile>(std::move(*profile));
    m_banner->hide();
    updateButtons();
    return {};
}

bool StationWindow::isWatchPattern(const QString &spec)
{
    if (spec.startsWith(QLatin1String("sim:")) || spec.startsWith(QLatin1String("replay:")))
        return false;
    return spec.contains(QLatin1Char('*')) || spec.contains(QLatin1Char('?')) || spec.contains(QLatin1Char('['));
}

QStringList StationWindow::portSpecs() const
{
    QStringList specs;
    for (int i = 0; i < m_portList->count(); ++i)
        specs << m_portList->item(i)->text();
    return specs;
}

Result<void> StationWindow::addPortSpec(const QString &rawSpec)
{
    const QString spec = rawSpec.trimmed();
    if (spec.isEmpty())
        return fail(ErrorCode::Usage, tr("Type a port, a pattern such as /dev/ttyUSB* or sim:sim7000g*8 first."));
    if (!isWatchPattern(spec)) {
        auto expanded = expandPortSpec(spec);
        if (!expanded) {
            showError(tr("Port %1: %2").arg(spec, expanded.error().message));
            return std::unexpected(expanded.error());
        }
    }
    if (m_portList->findItems(spec, Qt::MatchExactly).isEmpty())
        m_portList->addItem(spec);
    if (m_station)
        feedPorts();
    updateButtons();
    return {};
}

void StationWindow::addPortFromInput()
{
    QString spec = m_portInput->currentText();
    const int index = m_portInput->findText(spec);
    if (index >= 0 && m_portInput->itemData(index).isValid())
        spec = m_portInput->itemData(index).toString();
    if (addPortSpec(spec))
        m_portInput->setEditText(QString());
}

void StationWindow::removeSelectedPorts()
{
    // A tile stays while its station lives (its record is the history); the list is for next time.
    qDeleteAll(m_portList->selectedItems());
    updateButtons();
}

void StationWindow::closeEvent(QCloseEvent *event)
{
    if (m_station && m_station->isRunning()) {
        event->ignore();
        if (m_closing)
            return;
        m_confirm(this, tr("Close the Station"),
                  tr("%n unit(s) are still running. Stop them and close? Their records will say they were stopped.",
                     nullptr, m_station->counters().running),
                  [this] {
                      if (!m_station)
                          return;
                      m_closing = true;
                      statusBar()->showMessage(tr("Stopping every unit before closing…"));
                      m_station->stopAll();
                      // Queued: this may run inside closeEvent, where a nested close() is ignored.
                      if (!m_station->isRunning())
                          QMetaObject::invokeMethod(this, &QWidget::close, Qt::QueuedConnection);
                  });
        return;
    }
    saveSettings();
    QMainWindow::closeEvent(event);
}

} // namespace ModemBench::Ui
