#include "ui/screenshotdriver.h"

#include "ui/commandinput.h"
#include "ui/consolewidget.h"
#include "ui/identitypanel.h"
#include "ui/mainwindow.h"
#include "ui/trafficview.h"

#include <QPixmap>

#include <cstdio>

namespace ModemBench::Ui {

ScreenshotDriver::ScreenshotDriver(MainWindow *window, const QString &path, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_path(path)
    , m_commands{QStringLiteral("ATI"), QStringLiteral("AT+CSQ"), QStringLiteral("AT+CPSI?"),
                 QStringLiteral("AT+COPS?"), QStringLiteral("AT+CEREG=2"), QStringLiteral("AT+CFUN=0"),
                 QStringLiteral("AT+CFUN=1"), QStringLiteral("AT+CFOO")}
    , m_draft(QStringLiteral("AT+CEREG?"))
{
    m_giveUp.setSingleShot(true);
    m_giveUp.setInterval(kGiveUpMs);
    connect(&m_giveUp, &QTimer::timeout, this, [this] { capture(false); });
}

void ScreenshotDriver::start()
{
    m_giveUp.start();
    // The first full read of the modem info means the session is up and the panel is filled.
    connect(m_window->identityPanel(), &IdentityPanel::refreshed, this, [this] {
        if (!m_started) {
            m_started = true;
            sendNext();
        }
    });
    connect(m_window->console(), &ConsoleWidget::commandFinished, this, [this] {
        if (m_started)
            sendNext();
    });
    // A failed connection is worth a picture too: it shows how the failure is reported.
    connect(m_window->session(), &ModemSession::openFailed, this, [this] {
        QTimer::singleShot(kSettleMs, this, [this] { capture(false); });
    });
    if (m_window->session()->state() == ModemSession::State::Closed)
        m_window->connectModem();
}

void ScreenshotDriver::sendNext()
{
    if (m_done)
        return;
    if (m_commands.isEmpty()) {
        m_window->console()->input()->setText(m_draft);
        QTimer::singleShot(kSettleMs, this, [this] { capture(true); });
        return;
    }
    m_window->console()->submit(m_commands.takeFirst());
}

void ScreenshotDriver::capture(bool success)
{
    if (m_done)
        return;
    m_done = true;
    m_giveUp.stop();
    m_window->console()->view()->flush();
    const bool saved = m_window->grab().save(m_path, "PNG");
    if (!saved)
        std::fprintf(stderr, "modembench: cannot write the screenshot %s\n", qPrintable(m_path));
    Q_EMIT finished(success && saved);
}

} // namespace ModemBench::Ui
