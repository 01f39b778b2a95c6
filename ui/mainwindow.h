#pragma once

#include "core/error.h"
#include "core/modem/modemsession.h"
#include "ui/dialogseam.h"
#include "ui/networkwizard.h"

#include <QMainWindow>
#include <QPointer>

class QAction;
class QDockWidget;
class QLabel;
class QPushButton;

namespace ModemBench {
class AtChannel;
class CommandCatalog;
} // namespace ModemBench

namespace ModemBench::Ui {

class CaBrowser;
class CertificateWizard;
class ConnectionBar;
class ConsoleWidget;
class DashboardWidget;
class IdentityPanel;
class MessageBanner;
class ModemFilesDialog;
class ScriptRunPanel;
class StationWindow;
class TimelineWidget;
class TlsWizard;

// The workbench window: port picker and Connect on top, the AT console in the middle, the modem's
// identity on the side. It owns one ModemSession and wires widgets to it; it holds no protocol
// logic and never touches the port itself.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // The catalog must outlive the window.
    explicit MainWindow(const CommandCatalog *catalog, QWidget *parent = nullptr);
    ~MainWindow() override;

    ModemSession *session() const { return m_session; }
    ConsoleWidget *console() const { return m_console; }
    IdentityPanel *identityPanel() const { return m_identity; }
    ConnectionBar *connectionBar() const { return m_connectionBar; }
    MessageBanner *banner() const { return m_banner; }
    QLabel *stateLabel() const { return m_stateLabel; }
    DashboardWidget *dashboard() const { return m_dashboard; }
    QAction *networkWizardAction() const { return m_networkWizardAction; }
    // The open wizard, if any (one at a time, modeless).
    NetworkWizard *networkWizard() const { return m_networkWizard; }
    TimelineWidget *timeline() const { return m_timeline; }
    QDockWidget *timelineDock() const { return m_timelineDock; }
    QAction *openRecordingAction() const { return m_openRecordingAction; }
    void setOpenFileChooser(OpenFileChooser chooser) { m_openChooser = std::move(chooser); }
    QAction *certificateWizardAction() const { return m_certificateWizardAction; }
    QAction *caBrowserAction() const { return m_caBrowserAction; }
    // The open certificate wizard and CA browser, if any (one of each, modeless).
    CertificateWizard *certificateWizard() const;
    CaBrowser *caBrowser() const;
    // Certificates into the modem and the TLS test (issue #6); enabled while connected.
    QAction *tlsWizardAction() const { return m_tlsWizardAction; }
    QAction *modemFilesAction() const { return m_modemFilesAction; }
    TlsWizard *tlsWizard() const;
    ModemFilesDialog *modemFilesDialog() const;
    // The provisioning station (issue #7) and the console's AT script runner.
    QAction *stationAction() const { return m_stationAction; }
    QAction *runScriptAction() const { return m_runScriptAction; }
    StationWindow *stationWindow() const;
    ScriptRunPanel *scriptRunPanel() const;

public Q_SLOTS:
    void connectModem();
    void disconnectModem();
    void openNetworkWizard();
    // Connects to `replay:FILE`: modemsim plays a recorded traffic log back as a virtual modem.
    void openRecording();
    void openCertificateWizard();
    void openCaBrowser();
    void openTlsWizard();
    void openModemFiles();
    void openStation();
    void openRunScript();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildActions();
    void buildMenus();
    void buildToolBar();
    void buildStatusBar();
    void wireSession();
    void restoreSettings();
    void saveSettings() const;
    void onStateChanged(ModemSession::State state);
    void onOpenFailed(const Error &error);
    void onClosed(const Error &reason);
    void onNoticed(const QString &message);
    void onGarbageCountChanged(qint64 bytes);
    void updateTitle();
    void showAbout();

    const CommandCatalog *m_catalog;
    ModemSession *m_session = nullptr;
    QPointer<AtChannel> m_channel;
    ConnectionBar *m_connectionBar = nullptr;
    ConsoleWidget *m_console = nullptr;
    IdentityPanel *m_identity = nullptr;
    QDockWidget *m_identityDock = nullptr;
    DashboardWidget *m_dashboard = nullptr;
    QDockWidget *m_dashboardDock = nullptr;
    TimelineWidget *m_timeline = nullptr;
    QDockWidget *m_timelineDock = nullptr;
    QAction *m_openRecordingAction = nullptr;
    OpenFileChooser m_openChooser;
    QPointer<NetworkWizard> m_networkWizard;
    QAction *m_networkWizardAction = nullptr;
    QPointer<CertificateWizard> m_certificateWizard;
    QPointer<CaBrowser> m_caBrowser;
    QAction *m_certificateWizardAction = nullptr;
    QAction *m_caBrowserAction = nullptr;
    QPointer<TlsWizard> m_tlsWizard;
    QPointer<ModemFilesDialog> m_modemFiles;
    QAction *m_tlsWizardAction = nullptr;
    QAction *m_modemFilesAction = nullptr;
    QPointer<StationWindow> m_stationWindow;
    QPointer<ScriptRunPanel> m_scriptRun;
    QAction *m_stationAction = nullptr;
    QAction *m_runScriptAction = nullptr;
    MessageBanner *m_banner = nullptr;
    QLabel *m_stateLabel = nullptr;
    QLabel *m_garbageLabel = nullptr;
    QPushButton *m_connectButton = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_disconnectAction = nullptr;
    QAction *m_refreshIdentityAction = nullptr;
    QAction *m_quitAction = nullptr;
    QStringList m_noticesShown;
};

} // namespace ModemBench::Ui
