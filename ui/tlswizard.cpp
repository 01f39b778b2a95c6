#include "ui/tlswizard.h"

#include "ui/passphrasesource.h"
#include "ui/tlswizardflow.h"
#include "ui/tlswizardpages.h"
#include "ui/tlswizardsupport.h"

#include "core/clock.h"
#include "core/flows/pemnormalize.h"

namespace ModemBench::Ui {

using namespace TlsWizardSupport;

TlsWizard::TlsWizard(ModemSession *session, int baud, QWidget *parent)
    : QWizard(parent)
    , m_session(session)
    , m_baud(baud)
    , m_openChooser(defaultOpenFileChooser())
    , m_directoryChooser(defaultDirectoryChooser())
    , m_passphrases(new PassphraseSource(this))
{
    setWindowTitle(tr("Install in Modem and Test TLS"));
    setObjectName(QStringLiteral("tlsWizard"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    m_rootPage = new RootPage(this);
    m_clientPage = new ClientPage(this);
    m_installPage = new InstallPage(this);
    m_connectionPage = new ConnectionPage(this);
    m_testPage = new TestPage(this);
    setPage(RootPageId, m_rootPage);
    setPage(ClientPageId, m_clientPage);
    setPage(InstallPageId, m_installPage);
    setPage(ConnectionPageId, m_connectionPage);
    setPage(TestPageId, m_testPage);
    setStartId(RootPageId);
    resize(820, 700);
    readModem();
}

TlsWizard::~TlsWizard() = default;

void TlsWizard::setOpenFileChooser(OpenFileChooser chooser)
{
    m_passphrases->setOpenFileChooser(chooser);
    m_openChooser = std::move(chooser);
}

void TlsWizard::setPassphrasePrompt(PassphrasePrompt prompt)
{
    m_passphrases->setPrompt(std::move(prompt));
}

void TlsWizard::setModem(std::shared_ptr<TlsContext> modem)
{
    m_modem = std::move(modem);
    m_modemError.reset();
    Q_EMIT modemRead(!m_modem->imei.isEmpty());
}

void TlsWizard::readModem()
{
    if (isReadingModem() || !m_session || m_session->state() != ModemSession::State::Ready)
        return;
    auto context = std::make_shared<TlsContext>();
    m_modemRunner = new FlowRunner(m_session->channel(), SystemClock::instanceForThread(), tlsPreparationSteps(context),
                                   tr("Reading the modem"), kPreparationDeadlineMs, {}, this);
    connect(m_modemRunner, &FlowRunner::finished, this, [this, context](const Result<void> &result) {
        m_modemRunner->deleteLater();
        m_modemRunner = nullptr;
        if (!result) {
            m_modemError = result.error();
            Q_EMIT modemRead(false);
            return;
        }
        setModem(context);
    });
    m_modemRunner->start();
}

QString TlsWizard::modemSummary() const
{
    if (isReadingModem())
        return tr("Reading the modem's model and IMEI…");
    if (m_modemError)
        return tr("Could not read the modem: %1").arg(m_modemError->message);
    if (m_modem->imei.isEmpty())
        return m_session && m_session->state() == ModemSession::State::Ready ? tr("Modem not read yet.")
                                                                              : tr("Not connected to a modem.");
    const ModelProfile *profile = m_modem->profile();
    const QString model = profile ? QStringLiteral("%1 (%2)").arg(profile->model, profile->firmware) : tr("Modem");
    return tr("%1, IMEI %2").arg(model, m_modem->imei);
}

PreparedInstall TlsWizard::installPlan() const
{
    PreparedInstall plan;
    if (m_rootPage->plan())
        plan = *m_rootPage->plan();
    if (m_clientPage->mode() != ClientPage::Mode::None && m_clientPage->plan()) {
        const PreparedInstall &client = *m_clientPage->plan();
        plan.items << client.items;
        plan.warnings << client.warnings;
        plan.convertClient = client.convertClient;
        plan.deleteKeyAfter = client.deleteKeyAfter;
    }
    return plan;
}

TlsSettings TlsWizard::tlsSettings() const
{
    TlsSettings settings;
    settings.caName = m_rootPage->modemName();
    if (m_clientPage->mode() != ClientPage::Mode::None && m_clientPage->plan()) {
        for (const InstallItem &item : m_clientPage->plan()->items) {
            if (item.kind == ModemFileKind::ClientCertificate)
                settings.clientCertName = item.name;
        }
    }
    m_connectionPage->applyTo(settings);
    return settings;
}

QList<QByteArray> TlsWizard::caCertificatesPem() const
{
    return pemCertificateBlocks(m_rootPage->caPem());
}

QByteArray TlsWizard::clientCertificatePem() const
{
    return m_clientPage->mode() == ClientPage::Mode::None ? QByteArray() : m_clientPage->certificatePem();
}

Result<FileInventory *> TlsWizard::inventory()
{
    if (!m_inventory) {
        Result<std::unique_ptr<FileInventory>> opened = FileInventory::open();
        if (!opened)
            return std::unexpected(opened.error());
        m_inventory = std::move(*opened);
    }
    return m_inventory.get();
}

DoctorInput TlsWizard::doctorInput(const Result<ServerChain> *chain) const
{
    DoctorInput input;
    input.settings = tlsSettings();
    input.host = m_connectionPage->host();
    input.port = m_connectionPage->port();
    if (const ModelProfile *profile = m_modem->profile())
        input.profile = *profile;
    input.modemClock = m_modem->modemClock;
    input.now = QDateTime::currentDateTimeUtc();
    input.caCertificatesPem = caCertificatesPem();
    input.clientCertificatePem = clientCertificatePem();
    if (m_inventory && !m_modem->imei.isEmpty()) {
        if (auto rows = m_inventory->list(m_modem->imei))
            input.inventory = *rows;
    }
    input.filesNotByteExact = filesNotByteExact;
    if (chain && *chain) {
        for (const ServerChainCertificate &certificate : (*chain)->certificates)
            input.serverChainDer << certificate.der;
    } else if (chain) {
        input.serverProbeError = chain->error().message;
    }
    return input;
}

bool TlsWizard::isBusy() const
{
    return isReadingModem() || m_clientPage->isIssuing() || m_installPage->isRunning() || m_connectionPage->isChecking()
        || m_testPage->isRunning();
}

void TlsWizard::done(int result)
{
    // Closing stops what the wizard started; the modem keeps whatever was already done.
    if (m_modemRunner)
        m_modemRunner->cancel();
    m_clientPage->cancel();
    m_installPage->panel()->cancel();
    m_connectionPage->cancel();
    m_testPage->cancel();
    QWizard::done(result);
}

} // namespace ModemBench::Ui
