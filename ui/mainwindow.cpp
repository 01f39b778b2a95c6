#include "ui/mainwindow.h"

#include "core/at/atchannel.h"
#include "ui/cabrowser.h"
#include "ui/certificatewizard.h"
#include "ui/connectionbar.h"
#include "ui/consolewidget.h"
#include "ui/dashboardwidget.h"
#include "ui/identitypanel.h"
#include "ui/messagebanner.h"
#include "ui/modemfilesdialog.h"
#include "ui/networkwizard.h"
#include "ui/scriptrunpanel.h"
#include "ui/stationwindow.h"
#include "ui/tlswizard.h"
#include "ui/timelinewidget.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace ModemBench::Ui {

namespace {
const QString kLastPortKey = QStringLiteral("connection/lastPort");
const QString kBaudKey = QStringLiteral("connection/baud");
const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kRecordingDirKey = QStringLiteral("recording/lastDir");
constexpr int kStatusMessageMs = 10000;

ModemSession::Options sessionOptions()
{
    ModemSession::Options options;
    // A SIMCom modem that resets (AT+CFUN=1,1, a brown-out) re-enumerates its USB ports: come
    // back by itself instead of leaving the technician with a dead console.
    options.autoReconnect = true;
    return options;
}

QString stateText(ModemSession::State state)
{
    switch (state) {
    case ModemSession::State::Closed: return QObject::tr("Not connected");
    case ModemSession::State::Opening: return QObject::tr("Opening the port…");
    case ModemSession::State::Starting: return QObject::tr("Waiting for the modem to answer AT…");
    case ModemSession::State::Ready: return QObject::tr("Ready");
    case ModemSession::State::Reconnecting: return QObject::tr("Reconnecting…");
    }
    return QString();
}

QString stateColor(ModemSession::State state)
{
    switch (state) {
    case ModemSession::State::Ready: return QStringLiteral("#2e7d32");
    case ModemSession::State::Closed: return QStringLiteral("#80868c");
    case ModemSession::State::Reconnecting: return QStringLiteral("#c62828");
    default: return QStringLiteral("#b26a00");
    }
}
} // namespace

MainWindow::MainWindow(const CommandCatalog *catalog, QWidget *parent)
    : QMainWindow(parent)
    , m_catalog(catalog)
{
    setWindowTitle(tr("ModemBench"));
    m_session = new ModemSession(catalog, nullptr, sessionOptions(), this);
    m_connectionBar = new ConnectionBar(this);
    m_console = new ConsoleWidget(catalog, this);
    m_console->setSession(m_session);
    m_banner = new MessageBanner(this);
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 4, 6, 0);
    layout->addWidget(m_banner);
    layout->addWidget(m_console, 1);
    setCentralWidget(central);

    m_identity = new IdentityPanel(this);
    m_identity->setSession(m_session);
    m_identityDock = new QDockWidget(tr("Modem"), this);
    m_identityDock->setObjectName(QStringLiteral("identityDock"));
    m_identityDock->setWidget(m_identity);
    m_identityDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::RightDockWidgetArea, m_identityDock);

    m_dashboard = new DashboardWidget(this);
    m_dashboard->setSession(m_session);
    m_dashboardDock = new QDockWidget(tr("Dashboard"), this);
    m_dashboardDock->setObjectName(QStringLiteral("dashboardDock"));
    m_dashboardDock->setWidget(m_dashboard);
    m_dashboardDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    addDockWidget(Qt::RightDockWidgetArea, m_dashboardDock);
    tabifyDockWidget(m_identityDock, m_dashboardDock);
    m_dashboardDock->raise();

    // The timeline wants width more than height: under the console, across the window.
    m_timeline = new TimelineWidget(this);
    m_timeline->setSession(m_session);
    m_timelineDock = new QDockWidget(tr("Timeline"), this);
    m_timelineDock->setObjectName(QStringLiteral("timelineDock"));
    m_timelineDock->setWidget(m_timeline);
    addDockWidget(Qt::BottomDockWidgetArea, m_timelineDock);
    m_openChooser = defaultOpenFileChooser();

    buildActions();
    buildToolBar();
    buildMenus();
    buildStatusBar();
    wireSession();
    restoreSettings();
    onStateChanged(m_session->state());
    m_console->setFocus();
}

MainWindow::~MainWindow()
{
    // Close while the console and the panel still exist, so their pending callbacks see a
    // cancelled command rather than a half-destroyed window.
    m_session->close();
}

void MainWindow::buildActions()
{
    m_connectAction = new QAction(tr("&Connect"), this);
    m_connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_connectAction->setToolTip(tr("Open the port and wait for the modem to answer AT (Ctrl+K)"));
    m_disconnectAction = new QAction(tr("&Disconnect"), this);
    m_disconnectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_disconnectAction->setToolTip(tr("Close the port (Ctrl+Shift+K)"));
    m_refreshIdentityAction = new QAction(tr("Refresh &Modem Info"), this);
    m_refreshIdentityAction->setShortcut(QKeySequence(Qt::Key_F5));
    m_refreshIdentityAction->setToolTip(tr("Read identity, SIM, network and signal again (F5)"));
    m_networkWizardAction = new QAction(tr("&Network Wizard…"), this);
    m_networkWizardAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_networkWizardAction->setToolTip(tr("Choose RAT and APN, register, connect and ping (Ctrl+Shift+N)"));
    connect(m_networkWizardAction, &QAction::triggered, this, &MainWindow::openNetworkWizard);
    m_openRecordingAction = new QAction(tr("&Open Recording…"), this);
    m_openRecordingAction->setShortcut(QKeySequence::Open);
    m_openRecordingAction->setToolTip(tr("Replay a traffic log (File > Log to File…) as a virtual modem (Ctrl+O)"));
    connect(m_openRecordingAction, &QAction::triggered, this, &MainWindow::openRecording);
    m_certificateWizardAction = new QAction(tr("Certificate &Wizard…"), this);
    m_certificateWizardAction->setToolTip(tr("Create or open your CA, issue a server certificate and one for this modem's IMEI"));
    connect(m_certificateWizardAction, &QAction::triggered, this, &MainWindow::openCertificateWizard);
    m_caBrowserAction = new QAction(tr("CA &Browser…"), this);
    m_caBrowserAction->setToolTip(tr("List, inspect and revoke what your CA issued; export PEM bundles and the CRL"));
    connect(m_caBrowserAction, &QAction::triggered, this, &MainWindow::openCaBrowser);
    m_tlsWizardAction = new QAction(tr("Install in Modem and &Test TLS…"), this);
    m_tlsWizardAction->setToolTip(tr("Upload a CA (and a client certificate) with read-back, convert, configure and "
                                     "test a TLS connection, with the TLS doctor's findings"));
    connect(m_tlsWizardAction, &QAction::triggered, this, &MainWindow::openTlsWizard);
    m_modemFilesAction = new QAction(tr("Modem &Files…"), this);
    m_modemFilesAction->setToolTip(tr("What ModemBench uploaded to the connected modem; delete files"));
    connect(m_modemFilesAction, &QAction::triggered, this, &MainWindow::openModemFiles);
    m_stationAction = new QAction(tr("&Provisioning Station…"), this);
    m_stationAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_stationAction->setToolTip(tr("Provision many modems at once with a profile, with a record per unit (Ctrl+Shift+P)"));
    connect(m_stationAction, &QAction::triggered, this, &MainWindow::openStation);
    m_runScriptAction = new QAction(tr("Run &Script…"), this);
    m_runScriptAction->setToolTip(tr("Run an AT script file on the connected modem, in loops, with a pass/fail summary"));
    connect(m_runScriptAction, &QAction::triggered, this, &MainWindow::openRunScript);
    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_connectAction, &QAction::triggered, this, &MainWindow::connectModem);
    connect(m_disconnectAction, &QAction::triggered, this, &MainWindow::disconnectModem);
    connect(m_refreshIdentityAction, &QAction::triggered, m_identity, [this] { m_identity->refresh(Priority::Normal); });
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_connectionBar, &ConnectionBar::connectRequested, this, &MainWindow::connectModem);
}

void MainWindow::buildToolBar()
{
    auto *toolBar = new QToolBar(tr("Connection"), this);
    toolBar->setObjectName(QStringLiteral("connectionToolBar"));
    toolBar->setMovable(false);
    toolBar->addWidget(m_connectionBar);
    // One button that is Connect or Disconnect, sized for the longer word so it never jumps. A push
    // button, not a tool button given both actions: that would show a menu arrow.
    m_connectButton = new QPushButton(m_disconnectAction->text().remove(QLatin1Char('&')), this);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_connectButton->setMinimumWidth(m_connectButton->sizeHint().width() + 16);
    m_connectButton->setAutoDefault(false);
    connect(m_connectButton, &QPushButton::clicked, this, [this] {
        if (m_session->state() == ModemSession::State::Closed)
            connectModem();
        else
            disconnectModem();
    });
    toolBar->addWidget(m_connectButton);
    addToolBar(Qt::TopToolBarArea, toolBar);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openRecordingAction);
    file->addActions(m_console->fileActions());
    file->addSeparator();
    file->addAction(m_quitAction);
    QMenu *modem = menuBar()->addMenu(tr("&Modem"));
    modem->addAction(m_connectAction);
    modem->addAction(m_disconnectAction);
    modem->addSeparator();
    modem->addAction(m_refreshIdentityAction);
    modem->addAction(m_networkWizardAction);
    modem->addAction(m_runScriptAction);
    modem->addAction(m_connectionBar->refreshAction());
    QMenu *certificates = menuBar()->addMenu(tr("&Certificates"));
    certificates->addAction(m_certificateWizardAction);
    certificates->addAction(m_caBrowserAction);
    certificates->addSeparator();
    certificates->addAction(m_tlsWizardAction);
    certificates->addAction(m_modemFilesAction);
    QMenu *station = menuBar()->addMenu(tr("&Station"));
    station->addAction(m_stationAction);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addActions(m_console->viewActions());
    view->addSeparator();
    QAction *dockToggle = m_identityDock->toggleViewAction();
    dockToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    view->addAction(dockToggle);
    view->addAction(m_dashboardDock->toggleViewAction());
    QAction *timelineToggle = m_timelineDock->toggleViewAction();
    timelineToggle->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    view->addAction(timelineToggle);
    QMenu *timeline = view->addMenu(tr("Time&line"));
    timeline->addActions(m_timeline->menuActions());
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About ModemBench"), this, &MainWindow::showAbout);
}

void MainWindow::buildStatusBar()
{
    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("sessionState"));
    m_garbageLabel = new QLabel(this);
    m_garbageLabel->setToolTip(tr("Bytes that were not part of any line: a wrong baud rate or line noise"));
    m_garbageLabel->hide();
    statusBar()->addPermanentWidget(m_garbageLabel);
    statusBar()->addPermanentWidget(m_stateLabel);
}

void MainWindow::wireSession()
{
    connect(m_session, &ModemSession::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_session, &ModemSession::openFailed, this, &MainWindow::onOpenFailed);
    connect(m_session, &ModemSession::closed, this, &MainWindow::onClosed);
    connect(m_session, &ModemSession::noticed, this, &MainWindow::onNoticed);
    connect(m_session, &ModemSession::ready, this, [this] {
        if (m_banner->level() != MessageBanner::Level::Info)
            m_banner->hide();
        statusBar()->showMessage(tr("Connected to %1").arg(m_session->portName()), kStatusMessageMs);
        m_console->setFocus(); // ready to type the first command
    });
    connect(m_session, &ModemSession::modemRestarted, this, [this] {
        statusBar()->showMessage(tr("The modem restarted"), kStatusMessageMs);
    });
}

void MainWindow::connectModem()
{
    if (m_session->state() != ModemSession::State::Closed)
        return;
    const QString port = m_connectionBar->portName();
    if (port.isEmpty()) {
        m_banner->showMessage(MessageBanner::Level::Warning, tr("Choose a port first, or type tcp://HOST:PORT."));
        return;
    }
    m_banner->hide();
    m_noticesShown.clear();
    QSettings settings;
    settings.setValue(kLastPortKey, port);
    settings.setValue(kBaudKey, m_connectionBar->baudRate());
    m_connectionBar->rememberPort(port);
    m_session->open(port, m_connectionBar->serialSettings());
}

void MainWindow::disconnectModem()
{
    m_session->close();
}

void MainWindow::openNetworkWizard()
{
    if (m_networkWizard) {
        m_networkWizard->raise();
        m_networkWizard->activateWindow();
        return;
    }
    m_networkWizard = new NetworkWizard(m_session, m_dashboard->profile(), this);
    m_networkWizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_networkWizard, &NetworkWizard::connected, m_dashboard,
            [this] { m_dashboard->refresh(Priority::Normal); });
    m_networkWizard->show(); // modeless: the console and dashboard stay usable, no nested exec()
}

CertificateWizard *MainWindow::certificateWizard() const
{
    return m_certificateWizard;
}

CaBrowser *MainWindow::caBrowser() const
{
    return m_caBrowser;
}

void MainWindow::openCertificateWizard()
{
    if (m_certificateWizard) {
        m_certificateWizard->raise();
        m_certificateWizard->activateWindow();
        return;
    }
    m_certificateWizard = new CertificateWizard(m_session, this);
    m_certificateWizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_certificateWizard, &CertificateWizard::certificateWritten, this, [this] {
        if (m_caBrowser)
            m_caBrowser->refresh();
    });
    m_certificateWizard->show(); // modeless, like the network wizard
}

void MainWindow::openCaBrowser()
{
    if (!m_caBrowser) {
        m_caBrowser = new CaBrowser(this);
        m_caBrowser->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_caBrowser->show();
    m_caBrowser->raise();
    m_caBrowser->activateWindow();
}

TlsWizard *MainWindow::tlsWizard() const
{
    return m_tlsWizard;
}

ModemFilesDialog *MainWindow::modemFilesDialog() const
{
    return m_modemFiles;
}

void MainWindow::openTlsWizard()
{
    if (m_tlsWizard) {
        m_tlsWizard->raise();
        m_tlsWizard->activateWindow();
        return;
    }
    m_tlsWizard = new TlsWizard(m_session, m_connectionBar->baudRate(), this);
    m_tlsWizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_tlsWizard, &TlsWizard::inventoryChanged, this, [this] {
        if (m_modemFiles)
            m_modemFiles->refresh();
    });
    m_tlsWizard->show(); // modeless, like the other wizards
}

void MainWindow::openModemFiles()
{
    if (!m_modemFiles) {
        m_modemFiles = new ModemFilesDialog(m_session, {}, this);
        m_modemFiles->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_modemFiles->show();
    m_modemFiles->raise();
    m_modemFiles->activateWindow();
}

StationWindow *MainWindow::stationWindow() const
{
    return m_stationWindow;
}

ScriptRunPanel *MainWindow::scriptRunPanel() const
{
    return m_scriptRun;
}

void MainWindow::openStation()
{
    // Its own window: a station runs for hours beside the console, and owns no session of ours.
    if (!m_stationWindow) {
        m_stationWindow = new StationWindow(this);
        m_stationWindow->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_stationWindow->show();
    m_stationWindow->raise();
    m_stationWindow->activateWindow();
}

void MainWindow::openRunScript()
{
    if (!m_scriptRun) {
        m_scriptRun = new ScriptRunPanel(m_session, this);
        m_scriptRun->setAttribute(Qt::WA_DeleteOnClose);
        m_scriptRun->setOpenFileChooser(m_openChooser);
        // Each step's verdict also lands in the console, beside the traffic it caused.
        connect(m_scriptRun, &ScriptRunPanel::lineReady, m_console, &ConsoleWidget::note);
    }
    m_scriptRun->show();
    m_scriptRun->raise();
    m_scriptRun->activateWindow();
}

void MainWindow::openRecording()
{
    const OpenFileRequest request{tr("Open a Recording to Replay"), QSettings().value(kRecordingDirKey).toString(),
                                  tr("Traffic logs (*.log);;All files (*)")};
    m_openChooser(this, request, [this](const QString &path) {
        QSettings().setValue(kRecordingDirKey, QFileInfo(path).absolutePath());
        m_session->close();
        m_connectionBar->selectPort(QStringLiteral("replay:") + path);
        connectModem();
    });
}

void MainWindow::onStateChanged(ModemSession::State state)
{
    // A new channel comes with every open; Starting is the first state that has it.
    if (state == ModemSession::State::Starting && m_channel != m_session->channel()) {
        m_channel = m_session->channel();
        connect(m_channel, &AtChannel::garbageCountChanged, this, &MainWindow::onGarbageCountChanged);
        onGarbageCountChanged(0);
    }
    const bool closed = state == ModemSession::State::Closed;
    m_connectAction->setEnabled(closed);
    m_disconnectAction->setEnabled(!closed);
    QAction *next = closed ? m_connectAction : m_disconnectAction;
    m_connectButton->setText(next->text().remove(QLatin1Char('&')));
    m_connectButton->setToolTip(next->toolTip());
    m_connectionBar->setConnected(!closed);
    m_refreshIdentityAction->setEnabled(state == ModemSession::State::Ready);
    m_networkWizardAction->setEnabled(state == ModemSession::State::Ready);
    m_tlsWizardAction->setEnabled(state == ModemSession::State::Ready);
    m_modemFilesAction->setEnabled(state == ModemSession::State::Ready);
    const QString port = closed ? QString() : QStringLiteral(" — %1").arg(m_session->portName());
    m_stateLabel->setText(QStringLiteral("<span style=\"color:%1\">●</span> %2%3")
                              .arg(stateColor(state), stateText(state).toHtmlEscaped(), port.toHtmlEscaped()));
    updateTitle();
}

void MainWindow::onOpenFailed(const Error &error)
{
    // Core's messages usually name the port already; say it once.
    const QString port = m_session->portName();
    const QString text = error.message.contains(port) ? tr("Could not connect. %1").arg(error.message)
                                                      : tr("Could not connect to %1. %2").arg(port, error.message);
    m_banner->showMessage(MessageBanner::Level::Error, text);
    statusBar()->showMessage(tr("Connection failed: %1").arg(errorCodeName(error.code)), kStatusMessageMs);
}

void MainWindow::onClosed(const Error &reason)
{
    m_banner->showMessage(MessageBanner::Level::Error,
                          tr("The connection to %1 was lost: %2 ModemBench reconnects when the port comes back; "
                             "press Disconnect (Ctrl+Shift+K) to stop.")
                              .arg(m_session->portName(), reason.message));
}

void MainWindow::onNoticed(const QString &message)
{
    // Notices ("DTR/RTS not supported", "Reconnecting in 2 s") inform; they are not errors and
    // are shown once per connection.
    if (m_noticesShown.contains(message))
        return;
    m_noticesShown << message;
    statusBar()->showMessage(message, kStatusMessageMs);
}

void MainWindow::onGarbageCountChanged(qint64 bytes)
{
    m_garbageLabel->setVisible(bytes > 0);
    m_garbageLabel->setText(tr("%L1 unframed bytes").arg(bytes));
}

void MainWindow::updateTitle()
{
    const auto state = m_session->state();
    if (state == ModemSession::State::Closed)
        setWindowTitle(tr("ModemBench"));
    else
        setWindowTitle(tr("%1 (%2) — ModemBench").arg(m_session->portName(), stateText(state)));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1280, 800);
    // A first start has no saved layout: give the timeline room for a readable chart.
    if (!restoreState(settings.value(kStateKey).toByteArray()))
        resizeDocks({m_timelineDock}, {height() * 2 / 5}, Qt::Vertical);
    m_connectionBar->setBaudRate(settings.value(kBaudKey, 115200).toInt());
    // The last port if it is still there (or is not a device that can vanish), else what a new
    // user should try: a SIMCom port, or the simulated SIM7000G.
    const QString last = settings.value(kLastPortKey).toString();
    const bool listed = m_connectionBar->portCombo()->findData(last) >= 0;
    const bool virtualPort = last.startsWith(QLatin1String("tcp://")) || last.startsWith(QLatin1String("sim:"))
        || last.startsWith(QLatin1String("replay:"));
    m_connectionBar->selectPort(!last.isEmpty() && (listed || virtualPort) ? last : m_connectionBar->defaultPort());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // The station window asks before stopping running units; quitting must not skip that question.
    if (m_stationWindow && m_stationWindow->isVisible() && !m_stationWindow->close()) {
        event->ignore();
        return;
    }
    saveSettings();
    m_session->close();
    event->accept();
}

void MainWindow::showAbout()
{
    auto *box = new QMessageBox(QMessageBox::Information, tr("About ModemBench"),
                                tr("<b>ModemBench %1</b><br>A workbench for SIMCom cellular modems.<br><br>"
                                   "Ctrl+K connect, Ctrl+Shift+K disconnect, F5 refresh modem info, "
                                   "Ctrl+L clear the console, Ctrl+S save the log, Ctrl+O open a recording, Ctrl+T show the "
                                   "timeline, Ctrl+M monitor, Ctrl+P pause the timeline, Ctrl+0 reset its zoom.")
                                    .arg(QApplication::applicationVersion()),
                                QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

} // namespace ModemBench::Ui
