#include "ui/networkwizard.h"

#include "core/clock.h"
#include "core/flows/flowrunner.h"

#include <QButtonGroup>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <functional>

namespace ModemBench::Ui {

namespace {

QLabel *noteLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

// A page whose Next follows a condition on its inputs.
class CheckedPage : public QWizardPage
{
public:
    using QWizardPage::QWizardPage;
    std::function<bool()> check;
    bool isComplete() const override { return !check || check(); }
    void recheck() { Q_EMIT completeChanged(); }
};

} // namespace

// ---- FlowPage ----

FlowPage::FlowPage(const QString &title, const QString &subTitle, const QString &startText, QWidget *parent)
    : QWizardPage(parent)
{
    setTitle(title);
    setSubTitle(subTitle);
    m_extra = new QWidget(this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(QStringLiteral("%v / %m"));
    m_startButton = new QPushButton(startText, this);
    m_startButton->setObjectName(QStringLiteral("flowStart"));
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("flowCancel"));
    m_cancelButton->setToolTip(tr("Stop this step; the modem is left as it is"));
    m_cancelButton->setEnabled(false);
    m_log = new QListWidget(this);
    m_log->setObjectName(QStringLiteral("flowLog"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("flowMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setMinimumHeight(m_message->fontMetrics().lineSpacing() * 2);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_startButton);
    buttons->addWidget(m_cancelButton);
    buttons->addWidget(m_progress, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_extra);
    layout->addLayout(buttons);
    layout->addWidget(m_log, 1);
    layout->addWidget(m_message);
    connect(m_startButton, &QPushButton::clicked, this, &FlowPage::start);
    connect(m_cancelButton, &QPushButton::clicked, this, &FlowPage::cancel);
}

NetworkWizard *FlowPage::networkWizard() const
{
    return qobject_cast<NetworkWizard *>(wizard());
}

void FlowPage::start()
{
    NetworkWizard *owner = networkWizard();
    if (isRunning() || !owner)
        return;
    ModemSession *session = owner->session();
    if (!session || session->state() != ModemSession::State::Ready) {
        m_message->setText(tr("<b>Not connected.</b> Connect to the modem first (Ctrl+K), then try again."));
        return;
    }
    m_succeeded = false;
    m_lastLabel.clear();
    m_log->clear();
    m_message->clear();
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(QStringLiteral("%v / %m"));
    const QList<FlowStep> table = steps();
    m_runner = new FlowRunner(session->channel(), SystemClock::instanceForThread(), table, flowName(), deadlineMs(),
                              deadlineHint(), this);
    connect(m_runner, &FlowRunner::progressed, this, [this](int done, int total, const QString &label) {
        m_progress->setRange(0, qMax(total, 1));
        m_progress->setValue(qMin(done, total));
        // Polling steps report on every poll; log each step once.
        if (!label.isEmpty() && label != std::exchange(m_lastLabel, label))
            m_log->addItem(label);
        m_log->scrollToBottom();
    });
    connect(m_runner, &FlowRunner::finished, this, &FlowPage::onFinished);
    setRunning(true);
    Q_EMIT completeChanged();
    m_runner->start();
}

void FlowPage::cancel()
{
    if (m_runner)
        m_runner->cancel();
}

void FlowPage::onFinished(const Result<void> &result)
{
    m_runner->deleteLater();
    m_runner = nullptr;
    setRunning(false);
    if (NetworkWizard *owner = networkWizard()) {
        for (const QString &warning : std::as_const(owner->context()->warnings))
            m_log->addItem(tr("Warning: %1").arg(warning));
        owner->context()->warnings.clear();
    }
    m_succeeded = result.has_value();
    if (m_succeeded) {
        m_progress->setValue(m_progress->maximum());
        m_message->setText(QStringLiteral("<span style=\"color:#2e7d32\">✔</span> ") + successText());
        onSucceeded();
    } else {
        const bool cancelled = result.error().code == ErrorCode::Cancelled;
        m_log->addItem(cancelled ? tr("Cancelled") : tr("Failed at: %1").arg(m_lastLabel));
        m_progress->setFormat(cancelled ? tr("Cancelled") : tr("Failed"));
        const QString again = m_startButton->text().remove(QLatin1Char('&'));
        m_message->setText(cancelled ? tr("Cancelled. Press %1 to run it again.").arg(again)
                                     : QStringLiteral("<span style=\"color:#c62828\">✘</span> ")
                                           + result.error().message.toHtmlEscaped());
    }
    m_log->scrollToBottom();
    Q_EMIT completeChanged();
    Q_EMIT flowFinished(m_succeeded);
}

void FlowPage::setRunning(bool running)
{
    m_startButton->setEnabled(!running);
    m_cancelButton->setEnabled(running);
    m_extra->setEnabled(!running);
}

bool FlowPage::isComplete() const
{
    return m_succeeded && !isRunning();
}

void FlowPage::cleanupPage()
{
    // Going Back means the inputs may change: the flow runs again when the page is next entered.
    cancel();
    m_succeeded = false;
    QWizardPage::cleanupPage();
}

// ---- Registration: bring-up, radio configuration, registration wait ----

class RegistrationPage : public FlowPage
{
public:
    explicit RegistrationPage(QWidget *parent)
        : FlowPage(NetworkWizard::tr("Registration"),
                   NetworkWizard::tr("Wakes the modem, detects model and firmware, checks the SIM, sets the radio "
                                     "and waits until the network accepts the modem."),
                   NetworkWizard::tr("&Register"), parent)
    {
        m_extra->hide();
    }

    void initializePage() override
    {
        if (!succeeded())
            start();
    }

protected:
    QList<FlowStep> steps() override
    {
        NetworkWizard *owner = networkWizard();
        owner->resetContext();
        const NetworkOptions options = owner->options();
        QList<FlowStep> table = bringUpSteps(owner->context(), options, owner->session()->transport());
        table << configureSteps(owner->context(), options)
              << registrationSteps(owner->context(), options, SystemClock::instanceForThread());
        return table;
    }
    QString flowName() const override { return NetworkWizard::tr("Registration"); }
    int deadlineMs() const override { return connectDeadlineMs(networkWizard()->options()); }
    QString deadlineHint() const override { return NetworkWizard::tr("Check the antenna and the SIM."); }
    QString successText() const override
    {
        const auto &registration = networkWizard()->context()->registration;
        if (!registration)
            return NetworkWizard::tr("Registered.");
        QString state = registrationStateName(registration->stat);
        state.remove(QLatin1String("registered-")); // "home" or "roaming"
        state.replace(QLatin1Char('-'), QLatin1Char(' '));
        return NetworkWizard::tr("Registered (%1). Press Next to activate the data connection.").arg(state);
    }
};

// ---- Activation: APN choice, activation, address read-back ----

class ActivationPage : public FlowPage
{
public:
    explicit ActivationPage(NetworkWizard *wizard)
        : FlowPage(NetworkWizard::tr("Data connection"),
                   NetworkWizard::tr("Chooses the APN and activates the data connection; the modem's IP address "
                                     "is read back."),
                   NetworkWizard::tr("&Activate"), wizard)
    {
        auto *form = new QFormLayout(m_extra);
        form->setContentsMargins(0, 0, 0, 0);
        wizard->m_address = new QLabel(QStringLiteral("—"), m_extra);
        wizard->m_address->setObjectName(QStringLiteral("wizardAddress"));
        wizard->m_address->setTextInteractionFlags(Qt::TextSelectableByMouse);
        QFont bold = wizard->m_address->font();
        bold.setBold(true);
        bold.setPointSizeF(bold.pointSizeF() * 1.3);
        wizard->m_address->setFont(bold);
        form->addRow(NetworkWizard::tr("IP address:"), wizard->m_address);
    }

    void initializePage() override
    {
        if (!succeeded())
            start();
    }

protected:
    QList<FlowStep> steps() override
    {
        NetworkWizard *owner = networkWizard();
        const NetworkOptions options = owner->options();
        return apnSteps(owner->context(), options) << activationSteps(owner->context(), options);
    }
    QString flowName() const override { return NetworkWizard::tr("Activation"); }
    int deadlineMs() const override { return connectDeadlineMs(networkWizard()->options()); }
    QString deadlineHint() const override { return NetworkWizard::tr("Check the APN and the SIM's data plan."); }
    QString successText() const override
    {
        const auto context = networkWizard()->context();
        return context->apn.isEmpty() ? NetworkWizard::tr("Connected.")
                                      : NetworkWizard::tr("Connected with APN %1.").arg(context->apn);
    }
    void onSucceeded() override
    {
        NetworkWizard *owner = networkWizard();
        owner->m_address->setText(owner->context()->address);
        Q_EMIT owner->connected(owner->context()->address);
    }
};

// ---- Ping ----

class PingPage : public FlowPage
{
public:
    explicit PingPage(NetworkWizard *wizard)
        : FlowPage(NetworkWizard::tr("Ping test"),
                   NetworkWizard::tr("Proves the data path: the modem pings a host over the new connection."),
                   NetworkWizard::tr("&Ping"), wizard)
    {
        auto *form = new QFormLayout(m_extra);
        form->setContentsMargins(0, 0, 0, 0);
        wizard->m_pingHost = new QLineEdit(QStringLiteral("8.8.8.8"), m_extra);
        wizard->m_pingHost->setObjectName(QStringLiteral("pingHost"));
        wizard->m_pingCount = new QSpinBox(m_extra);
        wizard->m_pingCount->setObjectName(QStringLiteral("pingCount"));
        wizard->m_pingCount->setRange(1, 500); // AT+SNPING4 limit, as the CLI's --count
        wizard->m_pingCount->setValue(4);
        wizard->m_pingCount->setMaximumWidth(wizard->m_pingCount->sizeHint().width() * 2);
        form->addRow(NetworkWizard::tr("Host:"), wizard->m_pingHost);
        form->addRow(NetworkWizard::tr("Count:"), wizard->m_pingCount);
        wizard->m_pingTable = new QTableWidget(0, 3, this);
        wizard->m_pingTable->setObjectName(QStringLiteral("pingTable"));
        wizard->m_pingTable->setHorizontalHeaderLabels(
            {NetworkWizard::tr("#"), NetworkWizard::tr("From"), NetworkWizard::tr("Round trip")});
        wizard->m_pingTable->horizontalHeader()->setStretchLastSection(true);
        wizard->m_pingTable->verticalHeader()->hide();
        wizard->m_pingTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
        wizard->m_pingTable->setMinimumHeight(110);
        wizard->m_pingSummary = new QLabel(this);
        wizard->m_pingSummary->setObjectName(QStringLiteral("pingSummary"));
        wizard->m_pingSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
        // Results sit between the inputs and the step log.
        auto *layout = static_cast<QVBoxLayout *>(this->layout());
        layout->insertWidget(2, wizard->m_pingTable, 2);
        layout->insertWidget(3, wizard->m_pingSummary);
        log()->setMaximumHeight(log()->fontMetrics().lineSpacing() * 5);
        setFinalPage(true);
    }

    bool isComplete() const override { return !isRunning(); }

protected:
    QList<FlowStep> steps() override
    {
        NetworkWizard *owner = networkWizard();
        owner->m_pingTable->setRowCount(0);
        owner->m_pingSummary->clear();
        const auto context = owner->context();
        context->ping = {};
        QList<FlowStep> table;
        if (!context->hasProfile()) // the pings speak the profile's dialect
            table << capabilityProbeSteps(context->probe);
        return table << pingSteps(context, owner->m_pingHost->text().trimmed(), owner->options());
    }
    QString flowName() const override { return NetworkWizard::tr("Ping"); }
    int deadlineMs() const override { return pingDeadlineMs(networkWizard()->options()); }
    QString deadlineHint() const override { return NetworkWizard::tr("Check the data connection (go Back)."); }
    QString successText() const override { return NetworkWizard::tr("Ping finished."); }
    void onSucceeded() override
    {
        NetworkWizard *owner = networkWizard();
        const PingReport &report = owner->context()->ping;
        QTableWidget *table = owner->m_pingTable;
        table->setRowCount(int(report.replies.size()));
        for (int row = 0; row < report.replies.size(); ++row) {
            const PingReply &reply = report.replies.at(row);
            table->setItem(row, 0, new QTableWidgetItem(QString::number(reply.id)));
            table->setItem(row, 1, new QTableWidgetItem(reply.address));
            table->setItem(row, 2, new QTableWidgetItem(reply.rttMs ? NetworkWizard::tr("%1 ms").arg(*reply.rttMs)
                                                                    : NetworkWizard::tr("lost")));
        }
        table->resizeColumnsToContents();
        QString summary = NetworkWizard::tr("%1 of %2 received, %3% loss")
                              .arg(report.received())
                              .arg(qMax(report.sent, int(report.replies.size())))
                              .arg(QString::number(report.lossPercent(), 'f', 0));
        if (report.minMs())
            summary += NetworkWizard::tr(", min/avg/max %1/%2/%3 ms")
                           .arg(*report.minMs())
                           .arg(QString::number(report.avgMs().value_or(0), 'f', 1))
                           .arg(*report.maxMs());
        owner->m_pingSummary->setText(summary);
    }
};

// ---- NetworkWizard ----

NetworkWizard::NetworkWizard(ModemSession *session, const std::optional<ModelProfile> &profile, QWidget *parent)
    : QWizard(parent)
    , m_session(session)
    , m_profile(profile)
{
    setWindowTitle(tr("Network Wizard"));
    setObjectName(QStringLiteral("networkWizard"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setPage(RadioPageId, buildRadioPage());
    setPage(ApnPageId, buildApnPage());
    setPage(RegistrationPageId, new RegistrationPage(this));
    setPage(ActivationPageId, new ActivationPage(this));
    setPage(PingPageId, new PingPage(this));
    resize(640, 520);
}

NetworkWizard::~NetworkWizard() = default;

QWizardPage *NetworkWizard::buildRadioPage()
{
    auto *page = new CheckedPage(this);
    page->setTitle(tr("Radio access technology"));
    page->setSubTitle(tr("Which LTE flavour the modem should search for, and optionally its bands."));
    m_rat = new QButtonGroup(page);
    auto *layout = new QVBoxLayout(page);
    const QList<QPair<Rat, QString>> choices{{Rat::CatM, tr("LTE Cat-M (recommended)")},
                                              {Rat::NbIot, tr("NB-IoT")},
                                              {Rat::Automatic, tr("Automatic (Cat-M and NB-IoT, GSM fallback)")}};
    for (const auto &[rat, label] : choices) {
        auto *button = new QRadioButton(label, page);
        button->setObjectName(QStringLiteral("rat%1").arg(int(rat)));
        m_rat->addButton(button, int(rat));
        layout->addWidget(button);
    }
    m_rat->button(int(Rat::CatM))->setChecked(true);
    auto *form = new QFormLayout;
    m_bands = new QLineEdit(page);
    m_bands->setObjectName(QStringLiteral("bands"));
    m_bands->setPlaceholderText(tr("leave as it is, or e.g. 3,8,20"));
    // AT+CBANDCFG takes a comma-separated list of band numbers (protocol §4.4).
    const QRegularExpression bandList(QStringLiteral("^(\\d{1,2}(,\\d{1,2})*)?$"));
    m_bands->setValidator(new QRegularExpressionValidator(bandList, m_bands));
    form->addRow(tr("Cat-M bands:"), m_bands);
    page->check = [this] { return m_bands->hasAcceptableInput(); };
    connect(m_bands, &QLineEdit::textChanged, page, &CheckedPage::recheck);
    layout->addLayout(form);
    if (m_profile && !m_profile->radioConfig) {
        const QString reason = tr("%1 is a 2G (GSM/GPRS) modem: it has no AT+CNMP/AT+CMNB/AT+CBANDCFG, so there is "
                                  "nothing to choose. Press Next.")
                                   .arg(m_profile->model);
        for (QAbstractButton *button : m_rat->buttons()) {
            button->setEnabled(false);
            button->setToolTip(reason);
        }
        m_bands->setEnabled(false);
        m_bands->setToolTip(reason);
        layout->addWidget(noteLabel(reason, page));
    } else if (!m_profile) {
        layout->addWidget(noteLabel(tr("The model is not known yet; SIM800 modems ignore this choice."), page));
    }
    layout->addStretch(1);
    return page;
}

QWizardPage *NetworkWizard::buildApnPage()
{
    auto *page = new CheckedPage(this);
    page->setTitle(tr("Access point name (APN)"));
    page->setSubTitle(tr("The APN selects the operator's data network. Most networks announce it."));
    auto *layout = new QVBoxLayout(page);
    m_apnAutomatic = new QRadioButton(tr("Automatic: ask the network (AT+CGNAPN)"), page);
    m_apnAutomatic->setObjectName(QStringLiteral("apnAutomatic"));
    m_apnManual = new QRadioButton(tr("Manual:"), page);
    m_apnManual->setObjectName(QStringLiteral("apnManual"));
    m_apn = new QLineEdit(page);
    m_apn->setObjectName(QStringLiteral("apn"));
    m_apn->setPlaceholderText(tr("e.g. internet, iot.1nce.net"));
    auto *manual = new QHBoxLayout;
    manual->addWidget(m_apnManual);
    manual->addWidget(m_apn, 1);
    layout->addWidget(m_apnAutomatic);
    layout->addLayout(manual);
    m_apnAutomatic->setChecked(true);
    m_apn->setEnabled(false);
    connect(m_apnManual, &QRadioButton::toggled, m_apn, &QLineEdit::setEnabled);
    // A manual APN must be given: an empty one would quietly mean "automatic".
    page->check = [this] { return !m_apnManual->isChecked() || !m_apn->text().trimmed().isEmpty(); };
    connect(m_apnManual, &QRadioButton::toggled, page, &CheckedPage::recheck);
    connect(m_apn, &QLineEdit::textChanged, page, &CheckedPage::recheck);
    if (m_profile && !m_profile->hasCgnapn) {
        const QString reason = tr("%1 has no AT+CGNAPN. Automatic uses the modem's default APN (CMNET), which "
                                  "few networks accept: enter your operator's APN.")
                                   .arg(m_profile->model);
        m_apnAutomatic->setText(tr("Automatic: the modem's default"));
        m_apnAutomatic->setToolTip(reason);
        layout->addWidget(noteLabel(reason, page));
    }
    layout->addWidget(noteLabel(tr("With a manual APN, ModemBench warns when the network announces a different one."),
                                page));
    layout->addStretch(1);
    return page;
}

NetworkOptions NetworkWizard::options() const
{
    NetworkOptions options;
    switch (Rat(m_rat->checkedId())) {
    case Rat::CatM:
        options.cnmp = 38; // LTE only (protocol §4.2)
        options.cmnb = 1;  // Cat-M (§4.3)
        break;
    case Rat::NbIot:
        options.cnmp = 38;
        options.cmnb = 2;
        break;
    case Rat::Automatic:
        options.cnmp = 2; // automatic
        options.cmnb = 3; // Cat-M and NB-IoT
        break;
    }
    options.catmBands = m_bands->text().trimmed();
    if (m_apnManual->isChecked())
        options.apn = m_apn->text().trimmed();
    options.pingCount = m_pingCount->value();
    return options;
}

FlowPage *NetworkWizard::flowPage(int id) const
{
    return qobject_cast<FlowPage *>(page(id));
}

bool NetworkWizard::isRunning() const
{
    for (int id : {RegistrationPageId, ActivationPageId, PingPageId}) {
        if (flowPage(id) && flowPage(id)->isRunning())
            return true;
    }
    return false;
}

QRadioButton *NetworkWizard::ratButton(Rat rat) const
{
    return qobject_cast<QRadioButton *>(m_rat->button(int(rat)));
}

void NetworkWizard::done(int result)
{
    // Closing the wizard stops what it started; the modem keeps whatever was already set.
    for (int id : {RegistrationPageId, ActivationPageId, PingPageId}) {
        if (FlowPage *page = flowPage(id))
            page->cancel();
    }
    QWizard::done(result);
}

} // namespace ModemBench::Ui
