// The TLS wizard's connection page (declared in tlswizardpages.h): where to connect and how, and
// the doctor's checks before the first byte goes out.

#include "ui/tlswizard.h"
#include "ui/tlswizardflow.h"
#include "ui/tlswizardpages.h"
#include "ui/tlswizardsupport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ModemBench::Ui {

using namespace TlsWizardSupport;

namespace {
constexpr int kProbeTimeoutMs = 10000;
} // namespace

ConnectionPage::ConnectionPage(QWidget *parent)
    : QWizardPage(parent)
{
    setTitle(tr("Connection"));
    setSubTitle(tr("The server the modem connects to and how. Check asks the modem for its clock and model and "
                   "lets the doctor look for what usually makes AT+CAOPEN fail."));
    m_host = new QLineEdit(this);
    m_host->setObjectName(QStringLiteral("tlsHost"));
    m_host->setPlaceholderText(tr("e.g. mqtt.example.com"));
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("tlsPort"));
    m_port->setRange(1, 65535);
    m_port->setValue(443);
    m_port->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    m_sni = new QLineEdit(this);
    m_sni->setObjectName(QStringLiteral("tlsSni"));
    m_sni->setPlaceholderText(tr("same as host"));
    m_version = new QComboBox(this);
    m_version->setObjectName(QStringLiteral("tlsVersion"));
    m_version->addItem(tr("TLS 1.2 (recommended)"), int(TlsVersion::Tls12));
    m_version->addItem(tr("TLS 1.3 (SIM7080 firmware 2117 only)"), int(TlsVersion::Tls13));
    m_version->addItem(tr("TLS 1.1 (insecure)"), int(TlsVersion::Tls11));
    m_version->addItem(tr("TLS 1.0 (insecure)"), int(TlsVersion::Tls10));
    m_ignoreClock = new QCheckBox(tr("I&gnore the module clock when checking certificate dates (ignorertctime)"), this);
    m_ignoreClock->setObjectName(QStringLiteral("tlsIgnoreClock"));
    m_insecure = new QCheckBox(tr("&Accept an insecure TLS 1.0 link (this SIM800 offers nothing newer)"), this);
    m_insecure->setObjectName(QStringLiteral("tlsInsecureTls10"));
    m_insecure->setVisible(false);
    m_send = new QLineEdit(QStringLiteral("hello"), this);
    m_send->setObjectName(QStringLiteral("tlsSendText"));
    m_send->setToolTip(tr("Sent after the connection opens, with a newline at the end; may be empty"));
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("&SNI:"), m_sni);
    form->addRow(tr("TLS &version:"), m_version);
    form->addRow(QString(), m_ignoreClock);
    form->addRow(QString(), m_insecure);
    form->addRow(tr("Te&xt to send:"), m_send);

    m_check = new QPushButton(tr("&Check"), this);
    m_check->setObjectName(QStringLiteral("tlsCheck"));
    m_check->setAutoDefault(false);
    m_panel = new FlowPanel(this);
    m_panel->addButton(m_check);
    m_panel->log()->setMaximumHeight(m_panel->log()->fontMetrics().lineSpacing() * 4);
    m_findings = new FindingsView;
    m_findings->setObjectName(QStringLiteral("tlsPreflight"));
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_findings);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_panel);
    layout->addWidget(new QLabel(tr("<b>The doctor's checks:</b>"), this));
    layout->addWidget(scroll, 1);
    layout->addWidget(m_message);

    connect(m_check, &QPushButton::clicked, this, &ConnectionPage::check);
    connect(m_host, &QLineEdit::textChanged, this, &QWizardPage::completeChanged);
    connect(m_panel, &FlowPanel::runningChanged, this, [this](bool running) {
        m_check->setEnabled(!running);
        Q_EMIT completeChanged();
    });
}

ConnectionPage::~ConnectionPage() = default;

TlsWizard *ConnectionPage::owner() const
{
    return qobject_cast<TlsWizard *>(wizard());
}

void ConnectionPage::initializePage()
{
    TlsWizard *wizard = owner();
    if (!wizard)
        return;
    m_panel->setSession(wizard->session());
    connect(wizard, &TlsWizard::modemRead, this, &ConnectionPage::updateSim800, Qt::UniqueConnection);
    if (m_host->text().isEmpty()) {
        QSettings settings;
        m_host->setText(settings.value(TlsWizardSettings::kHost).toString());
        m_port->setValue(settings.value(TlsWizardSettings::kPort, 443).toInt());
        m_sni->setText(settings.value(TlsWizardSettings::kSni).toString());
        const auto version = tlsVersionFromName(settings.value(TlsWizardSettings::kVersion).toString());
        const int index = m_version->findData(int(version.value_or(TlsVersion::Tls12)));
        m_version->setCurrentIndex(qMax(index, 0));
        m_send->setText(settings.value(TlsWizardSettings::kSendText, QStringLiteral("hello")).toString());
    }
    updateSim800();
}

void ConnectionPage::updateSim800()
{
    TlsWizard *wizard = owner();
    const ModelProfile *profile = wizard ? wizard->modem()->profile() : nullptr;
    const bool sim800 = profile && profile->family == ModelFamily::Sim800;
    m_insecure->setVisible(sim800);
    if (sim800 && !profile->tlsNote.isEmpty())
        m_insecure->setToolTip(profile->tlsNote);
}

QString ConnectionPage::host() const
{
    return m_host->text().trimmed();
}

int ConnectionPage::port() const
{
    return m_port->value();
}

QByteArray ConnectionPage::payload() const
{
    // Line-based servers (openssl s_server -rev, most echo services) answer a whole line.
    const QByteArray text = m_send->text().toUtf8();
    return text.isEmpty() ? text : text + '\n';
}

void ConnectionPage::applyTo(TlsSettings &settings) const
{
    settings.version = TlsVersion(m_version->currentData().toInt());
    settings.ignoreRtcTime = m_ignoreClock->isChecked();
    settings.sni = m_sni->text().trimmed();
    // Only offered on a SIM800 (hidden, not merely off screen, elsewhere).
    settings.acceptInsecureTls10 = !m_insecure->isHidden() && m_insecure->isChecked();
}

void ConnectionPage::remember() const
{
    QSettings settings;
    settings.setValue(TlsWizardSettings::kHost, host());
    settings.setValue(TlsWizardSettings::kPort, port());
    settings.setValue(TlsWizardSettings::kSni, m_sni->text().trimmed());
    settings.setValue(TlsWizardSettings::kVersion, tlsVersionName(TlsVersion(m_version->currentData().toInt())));
    settings.setValue(TlsWizardSettings::kSendText, m_send->text());
}

bool ConnectionPage::isChecking() const
{
    return m_panel->isRunning() || m_probe;
}

bool ConnectionPage::isComplete() const
{
    return !host().isEmpty() && !isChecking();
}

bool ConnectionPage::validatePage()
{
    remember();
    return true;
}

void ConnectionPage::cancel()
{
    m_panel->cancel();
    if (m_probe)
        m_probe->cancel();
}

void ConnectionPage::check()
{
    TlsWizard *wizard = owner();
    if (!wizard || isChecking() || host().isEmpty())
        return;
    remember();
    m_findings->clear();
    m_message->clear();
    m_panel->clearLog();
    m_chain.reset();
    m_modemDone = false;
    // What the PC sees of the server, alongside what the modem says of itself: the doctor compares
    // the server's chain with the CA chosen for the modem.
    m_probe = new ServerChainProbe(this);
    connect(m_probe, &ServerChainProbe::finished, this, &ConnectionPage::onProbed);
    m_probe->start(host(), port(), m_sni->text().trimmed(), kProbeTimeoutMs);
    auto modem = std::make_shared<TlsContext>();
    QPointer<ConnectionPage> self(this);
    m_panel->run(tlsPreparationSteps(modem), tr("Check"), kPreparationDeadlineMs, {}, [self, modem](const Result<void> &result) {
        if (!self)
            return;
        if (result) {
            if (self->owner())
                self->owner()->setModem(modem);
        } else {
            self->m_message->setText(QStringLiteral("<span style=\"color:#c62828\">✘</span> ")
                                     + result.error().message.toHtmlEscaped());
        }
        self->m_modemDone = true;
        self->showFindings();
    });
    Q_EMIT completeChanged();
}

void ConnectionPage::onProbed(const Result<ServerChain> &chain)
{
    m_chain = chain;
    m_probe->deleteLater();
    m_probe = nullptr;
    m_panel->addLine(chain ? tr("This PC reached %1:%2 (%3)").arg(host()).arg(port()).arg(chain->protocol)
                           : tr("This PC could not reach %1:%2: %3").arg(host()).arg(port()).arg(chain.error().message));
    showFindings();
}

void ConnectionPage::showFindings()
{
    TlsWizard *wizard = owner();
    if (!wizard || !m_modemDone || !m_chain)
        return Q_EMIT completeChanged(); // the other half is still running
    const QList<DoctorFinding> findings = preflightFindings(wizard->doctorInput(&*m_chain));
    m_findings->setFindings(findings);
    if (m_message->text().isEmpty())
        m_message->setText(hasProblem(findings) ? tr("Fix the problems above first, or press Next to see what the modem says.")
                                                : tr("Nothing stands in the way. Press Next to run the test."));
    Q_EMIT completeChanged();
}

} // namespace ModemBench::Ui
