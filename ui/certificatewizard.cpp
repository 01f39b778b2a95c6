#include "ui/certificatewizard.h"

#include "ui/certwizardpages.h"
#include "ui/passphrasesource.h"
#include "ui/pkitask.h"

namespace ModemBench::Ui {

CertificateWizard::CertificateWizard(ModemSession *session, QWidget *parent)
    : QWizard(parent)
    , m_session(session)
    , m_directoryChooser(defaultDirectoryChooser())
    , m_passphrases(new PassphraseSource(this))
{
    setWindowTitle(tr("Certificate Wizard"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    m_caPage = new CaPage(this);
    m_serverPage = new ServerPage(this);
    m_devicePage = new DevicePage(this);
    m_summaryPage = new SummaryPage(this);
    setPage(CaPageId, m_caPage);
    setPage(ServerPageId, m_serverPage);
    setPage(DevicePageId, m_devicePage);
    setPage(SummaryPageId, m_summaryPage);
    setStartId(CaPageId);
    resize(860, 680);
}

CertificateWizard::~CertificateWizard() = default;

void CertificateWizard::setPassphrasePrompt(PassphrasePrompt prompt)
{
    m_passphrases->setPrompt(std::move(prompt));
}

void CertificateWizard::setOpenFileChooser(OpenFileChooser chooser)
{
    m_passphrases->setOpenFileChooser(std::move(chooser));
}

void CertificateWizard::setAuthority(Pki::CertificateAuthority authority, const QString &directory)
{
    m_authority.emplace(std::move(authority));
    m_caDirectory = directory;
    Q_EMIT authorityChanged(directory);
}

void CertificateWizard::closeAuthority()
{
    if (!m_authority)
        return;
    m_authority.reset();
    Q_EMIT authorityChanged(m_caDirectory);
    m_caDirectory.clear();
}

void CertificateWizard::addWritten(WrittenCertificate certificate)
{
    const QString path = certificate.certificatePath;
    m_written << std::move(certificate);
    Q_EMIT certificateWritten(path);
}

bool CertificateWizard::isBusy() const
{
    return m_caPage->isBusy() || m_serverPage->isBusy() || m_devicePage->isBusy();
}

void CertificateWizard::done(int result)
{
    // Closing stops the waits; a worker still generating finishes alone and its key is dropped.
    for (PkiPage *page : {static_cast<PkiPage *>(m_caPage), static_cast<PkiPage *>(m_serverPage),
                          static_cast<PkiPage *>(m_devicePage)})
        page->cancel();
    QWizard::done(result);
}

} // namespace ModemBench::Ui
