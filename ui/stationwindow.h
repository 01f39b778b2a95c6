#pragma once

#include "core/error.h"
#include "core/provision/profile.h"
#include "core/provision/station.h"
#include "core/store/provisionrecords.h"
#include "ui/dialogseam.h"
#include "ui/passphrasedialog.h"

#include <QMainWindow>
#include <QPointer>
#include <QSet>

#include <functional>
#include <memory>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSplitter;

namespace ModemBench::Ui {

class MessageBanner;
class PassphraseSource;
class StationRecordsPanel;
class StationTile;
class StationTileGrid;

// A yes/no question that does not block (tests answer it at once); `yes` runs only on Yes.
using ConfirmPrompt = std::function<void(QWidget *parent, const QString &title, const QString &question,
                                         std::function<void()> yes)>;
ConfirmPrompt defaultConfirmPrompt();

// The provisioning station view (issue #7 item 4): profile, database, operator and ports on top,
// a tile per port, counters, and the records below. It drives a core Station and shows what it
// reports; the provisioning itself is all in core. A separate, non-modal window.
class StationWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit StationWindow(QWidget *parent = nullptr);
    ~StationWindow() override;

    void setOpenFileChooser(OpenFileChooser chooser) { m_openChooser = std::move(chooser); }
    void setSaveFileChooser(SaveFileChooser chooser);
    void setPassphrasePrompt(PassphrasePrompt prompt);
    void setConfirmPrompt(ConfirmPrompt prompt) { m_confirm = std::move(prompt); }

    // Loads and checks the profile at once (errors in the banner, with the line).
    Result<void> setProfilePath(const QString &path);
    // "sim:sim7000g*8", "/dev/ttyUSB*" (watched), "/dev/ttyUSB3": checked, then listed; added to a
    // running station at once.
    Result<void> addPortSpec(const QString &spec);
    QStringList portSpecs() const;
    // A glob over device names ("/dev/ttyUSB*") is watched for hot-plug; "sim:…?scenario=…" is not.
    static bool isWatchPattern(const QString &spec);

    Station *station() const { return m_station; }
    RecordStore *store() const { return m_store.get(); }
    const ProvisionProfile *profile() const { return m_profile.get(); }

    QLineEdit *profileEdit() const { return m_profileEdit; }
    QPushButton *profileButton() const { return m_profileButton; }
    QLineEdit *databaseEdit() const { return m_databaseEdit; }
    QLineEdit *operatorEdit() const { return m_operatorEdit; }
    QLineEdit *stationEdit() const { return m_stationEdit; }
    QCheckBox *forceBox() const { return m_forceBox; }
    QComboBox *portInput() const { return m_portInput; }
    QPushButton *addPortButton() const { return m_addPortButton; }
    QListWidget *portList() const { return m_portList; }
    QPushButton *startButton() const { return m_startButton; }
    QPushButton *stopButton() const { return m_stopButton; }
    QAction *startAllAction() const { return m_startAction; }
    QAction *stopAllAction() const { return m_stopAction; }
    QLabel *profileLabel() const { return m_profileLabel; }
    QLabel *countersLabel() const { return m_counters; }
    MessageBanner *banner() const { return m_banner; }
    StationTileGrid *tileGrid() const { return m_grid; }
    StationTile *tile(int index) const;
    StationRecordsPanel *recordsPanel() const { return m_records; }

public Q_SLOTS:
    void startAll();
    // Asks first; the units stop and their records say so.
    void stopAll();
    void chooseProfile();

Q_SIGNALS:
    // The station was built (a new one for each changed profile, database or operator).
    void stationCreated(ModemBench::Station *station);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildUi();
    void buildActions();
    void restoreSettings();
    void saveSettings() const;
    void showError(const QString &text);
    Result<void> ensureProfile();
    Result<void> ensureStore();
    bool stationMatches() const;
    void continueStart();
    void createStation(QByteArray caPassphrase);
    void feedPorts();
    void onPortAdded(int index);
    void onPortChanged(int index);
    void updateCounters();
    void updateButtons();
    void addPortFromInput();
    void removeSelectedPorts();
    void fillPortInput();
    StationOptions currentOptions(QByteArray caPassphrase) const;

    OpenFileChooser m_openChooser;
    ConfirmPrompt m_confirm;
    PassphraseSource *m_passphrases = nullptr;

    std::shared_ptr<const ProvisionProfile> m_profile;
    QString m_profilePathLoaded;
    std::unique_ptr<RecordStore> m_store;
    QString m_storeLocation;           // what open() was given (may hold a password: never shown)
    QPointer<Station> m_station;
    QString m_stationProfileHash;
    StationOptions m_stationOptions;
    QSet<QString> m_fedSpecs;          // specs already given to the current station
    bool m_closing = false;
    bool m_starting = false;

    MessageBanner *m_banner = nullptr;
    QLineEdit *m_profileEdit = nullptr;
    QPushButton *m_profileButton = nullptr;
    QLabel *m_profileLabel = nullptr;
    QLineEdit *m_databaseEdit = nullptr;
    QLineEdit *m_operatorEdit = nullptr;
    QLineEdit *m_stationEdit = nullptr;
    QCheckBox *m_forceBox = nullptr;
    QComboBox *m_portInput = nullptr;
    QPushButton *m_addPortButton = nullptr;
    QPushButton *m_removePortButton = nullptr;
    QListWidget *m_portList = nullptr;
    QPushButton *m_startButton = nullptr;
    QPushButton *m_stopButton = nullptr;
    QAction *m_startAction = nullptr;
    QAction *m_stopAction = nullptr;
    QLabel *m_counters = nullptr;
    StationTileGrid *m_grid = nullptr;
    StationRecordsPanel *m_records = nullptr;
    QSplitter *m_splitter = nullptr;
};

} // namespace ModemBench::Ui
