#pragma once

#include "core/flows/networkflows.h"
#include "core/modem/modemsession.h"

#include <QPointer>
#include <QWizard>
#include <QWizardPage>

#include <memory>
#include <optional>

class QButtonGroup;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTableWidget;

namespace ModemBench::Ui {

class NetworkWizard;

// A wizard page that runs one core flow (a FlowRunner over step tables from core/flows) with live
// progress, a log of the steps, Cancel, and the flow's own error message when it fails (it already
// says what to try next). The page is complete once its flow has succeeded.
class FlowPage : public QWizardPage
{
    Q_OBJECT
public:
    FlowPage(const QString &title, const QString &subTitle, const QString &startText, QWidget *parent = nullptr);

    void start();
    void cancel();
    bool isRunning() const { return !m_runner.isNull(); }
    bool succeeded() const { return m_succeeded; }
    bool isComplete() const override;
    void cleanupPage() override;

    QProgressBar *progressBar() const { return m_progress; }
    QListWidget *log() const { return m_log; }
    QLabel *message() const { return m_message; }
    QPushButton *startButton() const { return m_startButton; }
    QPushButton *cancelButton() const { return m_cancelButton; }

Q_SIGNALS:
    void flowFinished(bool success);

protected:
    NetworkWizard *networkWizard() const;
    // The steps to run, with the flow's name, deadline and hint (as the CLI passes them).
    virtual QList<FlowStep> steps() = 0;
    virtual QString flowName() const = 0;
    virtual int deadlineMs() const = 0;
    virtual QString deadlineHint() const = 0;
    virtual QString successText() const = 0;
    virtual void onSucceeded() {}
    // Pages put their own inputs and results here, above the progress bar.
    QWidget *m_extra = nullptr;

private:
    void onFinished(const Result<void> &result);
    void setRunning(bool running);

    QPointer<FlowRunner> m_runner;
    QProgressBar *m_progress = nullptr;
    QListWidget *m_log = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_startButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QString m_lastLabel;
    bool m_succeeded = false;
};

// The bench engineer's first hour as a wizard (issue #3): RAT and band, APN, registration, activation,
// ping. Each page runs core's network flow tables, exactly as `modembench-cli connect` and `ping` do;
// nothing here speaks AT. Show it modeless (show() or open()).
class NetworkWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { RadioPageId, ApnPageId, RegistrationPageId, ActivationPageId, PingPageId };
    enum class Rat { CatM, NbIot, Automatic };

    // `profile` is what the dashboard last read (may be empty): it greys out what the model lacks.
    NetworkWizard(ModemSession *session, const std::optional<ModelProfile> &profile, QWidget *parent = nullptr);
    ~NetworkWizard() override;

    ModemSession *session() const { return m_session; }
    const std::optional<ModelProfile> &knownProfile() const { return m_profile; }
    std::shared_ptr<NetworkContext> context() const { return m_context; }
    void resetContext() { m_context = std::make_shared<NetworkContext>(); }
    NetworkOptions options() const;
    FlowPage *flowPage(int id) const;
    bool isRunning() const;

    // Inputs and results, for tests and screenshots.
    QRadioButton *ratButton(Rat rat) const;
    QLineEdit *bandsEdit() const { return m_bands; }
    QRadioButton *apnAutomaticButton() const { return m_apnAutomatic; }
    QRadioButton *apnManualButton() const { return m_apnManual; }
    QLineEdit *apnEdit() const { return m_apn; }
    QLabel *addressLabel() const { return m_address; }
    QLineEdit *pingHostEdit() const { return m_pingHost; }
    QSpinBox *pingCountSpin() const { return m_pingCount; }
    QTableWidget *pingTable() const { return m_pingTable; }
    QLabel *pingSummary() const { return m_pingSummary; }

    void done(int result) override;

Q_SIGNALS:
    // Activation succeeded (the dashboard refreshes on this).
    void connected(const QString &address);

private:
    friend class ActivationPage;
    friend class PingPage;
    QWizardPage *buildRadioPage();
    QWizardPage *buildApnPage();

    QPointer<ModemSession> m_session;
    std::optional<ModelProfile> m_profile;
    std::shared_ptr<NetworkContext> m_context = std::make_shared<NetworkContext>();
    QButtonGroup *m_rat = nullptr;
    QLineEdit *m_bands = nullptr;
    QRadioButton *m_apnAutomatic = nullptr;
    QRadioButton *m_apnManual = nullptr;
    QLineEdit *m_apn = nullptr;
    QLabel *m_address = nullptr;
    QLineEdit *m_pingHost = nullptr;
    QSpinBox *m_pingCount = nullptr;
    QTableWidget *m_pingTable = nullptr;
    QLabel *m_pingSummary = nullptr;
};

} // namespace ModemBench::Ui
