// The TLS wizard's test page (declared in tlswizardpages.h): the PC looks at the server's chain,
// the modem's data connection is brought up when it has none, then the modem connects, sends and
// receives; a failure is explained by the result code and the doctor.

#include "ui/tlswizard.h"
#include "ui/tlswizardflow.h"
#include "ui/tlswizardpages.h"
#include "ui/tlswizardsupport.h"

#include "core/clock.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ModemBench::Ui {

using namespace TlsWizardSupport;

namespace {
constexpr int kProbeTimeoutMs = 10000;
constexpr int kNetworkNotActive = 21; // +CAOPEN result: no CNACT (protocol §8.2, §16.2)

QString dateText(const QDateTime &when)
{
    return QLocale().toString(when.toLocalTime(), QLocale::ShortFormat);
}

QLabel *heading(const QString &text, QWidget *parent)
{
    return new QLabel(QStringLiteral("<b>%1</b>").arg(text), parent);
}
} // namespace

TestPage::TestPage(QWidget *parent)
    : QWizardPage(parent)
{
    setTitle(tr("Test"));
    setSubTitle(tr("The modem opens the TLS connection, sends the text and reads the answer. The data connection "
                   "is brought up first when the modem has none."));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("tlsTestSummary"));
    m_summary->setWordWrap(true);
    m_run = new QPushButton(tr("Run &Test"), this);
    m_run->setObjectName(QStringLiteral("tlsRunTest"));
    m_run->setAutoDefault(false);
    m_panel = new FlowPanel(this);
    m_panel->addButton(m_run);
    m_panel->log()->setMaximumHeight(m_panel->log()->fontMetrics().lineSpacing() * 5);
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("tlsResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_result->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    m_result->setFont(big);
    m_resultDetail = new QLabel(this);
    m_resultDetail->setObjectName(QStringLiteral("tlsResultDetail"));
    m_resultDetail->setWordWrap(true);
    m_resultDetail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_resultDetail->hide();
    m_received = new QPlainTextEdit(this);
    m_received->setObjectName(QStringLiteral("tlsReceived"));
    m_received->setReadOnly(true);
    m_received->setMaximumHeight(m_received->fontMetrics().lineSpacing() * 3 + 12);
    m_received->setPlaceholderText(tr("nothing yet"));
    m_chainTree = new QTreeWidget(this);
    m_chainTree->setObjectName(QStringLiteral("tlsChain"));
    m_chainTree->setHeaderLabels({tr("Subject"), tr("Issuer"), tr("Valid from"), tr("Valid until")});
    m_chainTree->setRootIsDecorated(false);
    m_chainTree->setMaximumHeight(m_chainTree->fontMetrics().lineSpacing() * 5 + 8);
    m_findings = new FindingsView;
    m_findings->setObjectName(QStringLiteral("tlsFailureFindings"));
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_findings);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_panel);
    layout->addWidget(m_result);
    layout->addWidget(m_resultDetail);
    layout->addWidget(heading(tr("Received:"), this));
    layout->addWidget(m_received);
    layout->addWidget(heading(tr("The server's chain, as this PC sees it:"), this));
    layout->addWidget(m_chainTree);
    m_findingsHeading = heading(tr("The doctor's findings:"), this);
    m_findingsHeading->hide();
    layout->addWidget(m_findingsHeading);
    layout->addWidget(scroll, 1);
    setFinalPage(true);

    connect(m_run, &QPushButton::clicked, this, &TestPage::start);
    connect(m_panel, &FlowPanel::runningChanged, this, [this](bool running) {
        m_run->setEnabled(!running);
        Q_EMIT completeChanged();
    });
}

TestPage::~TestPage() = default;

TlsWizard *TestPage::owner() const
{
    return qobject_cast<TlsWizard *>(wizard());
}

bool TestPage::isRunning() const
{
    return m_panel->isRunning() || m_probe;
}

bool TestPage::isComplete() const
{
    return !isRunning();
}

void TestPage::cancel()
{
    m_panel->cancel();
    if (m_probe)
        m_probe->cancel();
}

void TestPage::initializePage()
{
    TlsWizard *wizard = owner();
    if (!wizard)
        return;
    m_panel->setSession(wizard->session());
    const TlsSettings settings = wizard->tlsSettings();
    const ConnectionPage *connection = wizard->connectionPage();
    QString summary = tr("<b>%1:%2</b> with %3, trusting <tt>%4</tt>")
                          .arg(connection->host().toHtmlEscaped())
                          .arg(connection->port())
                          .arg(tlsVersionName(settings.version), settings.caName.toHtmlEscaped());
    if (!settings.clientCertName.isEmpty())
        summary += tr(", presenting <tt>%1</tt>").arg(settings.clientCertName.toHtmlEscaped());
    m_summary->setText(summary);
    start();
}

void TestPage::start()
{
    TlsWizard *wizard = owner();
    if (!wizard || isRunning())
        return;
    m_succeeded = false;
    m_connectedData = false;
    m_chain.reset();
    m_panel->clearLog();
    m_result->clear();
    m_resultDetail->clear();
    m_resultDetail->hide();
    m_received->clear();
    m_chainTree->clear();
    m_findings->clear();
    m_findingsHeading->hide();
    m_received->setPlaceholderText(tr("nothing yet"));
    wizard->connectionPage()->remember();
    // The modem's own answers from earlier pages (model, IMEI); a fresh record of this run.
    m_context = std::make_shared<TlsContext>();
    m_context->probe = wizard->modem()->probe;
    m_context->imei = wizard->modem()->imei;
    m_context->modemClock = wizard->modem()->modemClock;
    // The PC looks first, alone: a one-connection-at-a-time server (openssl s_server) would
    // otherwise hold the modem's handshake until the probe is done.
    m_probe = new ServerChainProbe(this);
    connect(m_probe, &ServerChainProbe::finished, this, &TestPage::onProbed);
    const ConnectionPage *connection = wizard->connectionPage();
    m_panel->addLine(tr("This PC looks at %1:%2").arg(connection->host()).arg(connection->port()));
    m_probe->start(connection->host(), connection->port(), connection->sniEdit()->text().trimmed(), kProbeTimeoutMs);
    Q_EMIT completeChanged();
}

void TestPage::onProbed(const Result<ServerChain> &chain)
{
    m_chain = chain;
    m_probe->deleteLater();
    m_probe = nullptr;
    showChain();
    if (!chain && chain.error().code == ErrorCode::Cancelled) {
        m_panel->addLine(tr("Cancelled"));
        return Q_EMIT completeChanged();
    }
    readAddress();
}

void TestPage::showChain()
{
    m_chainTree->clear();
    if (!m_chain)
        return;
    if (!*m_chain) {
        auto *row = new QTreeWidgetItem(m_chainTree, {tr("This PC could not reach the server: %1").arg(m_chain->error().message)});
        row->setFirstColumnSpanned(true);
        return;
    }
    for (const ServerChainCertificate &certificate : (*m_chain)->certificates) {
        auto *row = new QTreeWidgetItem(m_chainTree, {certificate.subject, certificate.issuer,
                                                      dateText(certificate.notBefore), dateText(certificate.notAfter)});
        row->setToolTip(0, tr("SHA-256 %1").arg(QString::fromLatin1(certificate.sha256)));
    }
    for (int column = 0; column < m_chainTree->columnCount(); ++column)
        m_chainTree->resizeColumnToContents(column);
}

void TestPage::readAddress()
{
    m_network = std::make_shared<NetworkContext>();
    m_network->probe = m_context->probe;
    QList<FlowStep> steps;
    if (!m_context->profile()) // the address read speaks the profile's dialect
        steps << capabilityProbeSteps(m_network->probe);
    steps << addressReadSteps(m_network);
    QPointer<TestPage> self(this);
    m_panel->run(steps, tr("Data connection"), kPreparationDeadlineMs, {}, [self](const Result<void> &result) {
        if (!self)
            return;
        if (result && self->m_network->address.isEmpty())
            return self->connectData([self] {
                if (self)
                    self->runTest();
            });
        if (result)
            self->m_panel->addLine(tr("Data connection is up: %1").arg(self->m_network->address));
        // A failed read is not the test's failure: AT+CAOPEN says for itself (result 21).
        self->runTest();
    });
}

void TestPage::connectData(std::function<void()> then)
{
    TlsWizard *wizard = owner();
    if (!wizard || !wizard->session())
        return;
    m_panel->addLine(tr("The modem has no data connection: connecting first (APN from the network)…"));
    m_connectedData = true;
    const NetworkOptions options;
    m_network = std::make_shared<NetworkContext>();
    m_network->probe = m_context->probe;
    QPointer<TestPage> self(this);
    m_panel->run(connectSteps(m_network, options, wizard->session()->transport(), SystemClock::instanceForThread()),
                 tr("Connecting"), connectDeadlineMs(options), tr("Check the antenna, the SIM and the APN (Network Wizard)."),
                 [self, then = std::move(then)](const Result<void> &result) {
                     if (!self)
                         return;
                     if (!result)
                         return self->showResult(false, tr("The data connection could not be brought up: %1")
                                                            .arg(result.error().message.toHtmlEscaped()));
                     self->m_panel->addLine(tr("Data connection is up: %1").arg(self->m_network->address));
                     then();
                 });
}

void TestPage::runTest()
{
    TlsWizard *wizard = owner();
    if (!wizard)
        return;
    const ConnectionPage *connection = wizard->connectionPage();
    TlsTestRequest request;
    request.host = connection->host();
    request.port = connection->port();
    request.payload = connection->payload();
    QList<FlowStep> steps;
    if (!m_context->profile() || m_context->imei.isEmpty())
        steps << tlsPreparationSteps(m_context);
    steps << tlsTestSteps(m_context, wizard->tlsSettings(), request);
    QPointer<TestPage> self(this);
    m_panel->run(steps, tr("TLS test"), tlsTestDeadlineMs(request) + kPreparationDeadlineMs, {},
                 [self](const Result<void> &result) {
                     if (self)
                         self->onTested(result);
                 });
}

void TestPage::onTested(const Result<void> &result)
{
    TlsWizard *wizard = owner();
    if (!wizard)
        return;
    for (const QString &line : std::as_const(m_context->warnings))
        m_panel->addLine(tr("Warning: %1").arg(line));
    m_received->setPlainText(QString::fromUtf8(m_context->received));
    m_received->setPlaceholderText(tr("nothing received"));
    if (!result && m_context->openResult == kNetworkNotActive && !m_connectedData) {
        // The address read said "up" but the CA stack disagrees: bring it up and try once more.
        QPointer<TestPage> self(this);
        return connectData([self] {
            if (self)
                self->runTest();
        });
    }
    const TlsSettings settings = wizard->tlsSettings();
    if (result) {
        m_succeeded = true;
        const QLocale locale;
        showResult(true, tr("Connected — %1 — sent %2 B, received %3 B")
                             .arg(tlsVersionName(settings.version), locale.toString(m_context->sentBytes),
                                  locale.toString(m_context->received.size())));
        if (Result<FileInventory *> inventory = wizard->inventory(); inventory && !m_context->imei.isEmpty())
            (void)(*inventory)->saveTlsSettings(m_context->imei, settings); // re-sent before the next test
        return;
    }
    if (result.error().code == ErrorCode::Cancelled) {
        m_panel->finishBar(false, tr("Cancelled"));
        return showResult(false, tr("Cancelled. Press Run Test to try again."));
    }
    m_panel->finishBar(false, tr("Failed"));
    const int code = m_context->openResult;
    if (code > 0) {
        const CaResultMeaning meaning = caResultMeaning(code);
        QString cause = meaning.cause;
        if (!cause.isEmpty())
            cause[0] = cause[0].toUpper(); // core words it to follow "result 27:"; here it starts a line
        QString detail = cause.toHtmlEscaped();
        if (!meaning.fix.isEmpty())
            detail += QStringLiteral("<br><i>%1</i>").arg(tr("Fix: %1").arg(meaning.fix.toHtmlEscaped()));
        showResult(false, tr("Failed — result %1: %2").arg(code).arg(meaning.meaning.toHtmlEscaped()), detail);
        m_findings->setFindings(failureFindings(wizard->doctorInput(m_chain ? &*m_chain : nullptr), code));
        m_findingsHeading->setVisible(!m_findings->findings().isEmpty());
    } else {
        showResult(false, tr("Failed: %1").arg(result.error().message.toHtmlEscaped()));
    }
}

void TestPage::showResult(bool success, const QString &html, const QString &detailHtml)
{
    m_resultDetail->setText(detailHtml);
    m_resultDetail->setVisible(!detailHtml.isEmpty());
    m_result->setText(QStringLiteral("<span style=\"color:%1\">%2 %3</span>")
                          .arg(success ? QStringLiteral("#2e7d32") : QStringLiteral("#c62828"),
                               success ? QStringLiteral("✔") : QStringLiteral("✘"), html));
    Q_EMIT completeChanged();
}

} // namespace ModemBench::Ui
