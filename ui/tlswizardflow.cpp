#include "ui/tlswizardflow.h"

#include "core/clock.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace ModemBench::Ui {

// ---- FlowPanel ----

FlowPanel::FlowPanel(QWidget *parent)
    : QWidget(parent)
{
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("flowProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(QStringLiteral("%v / %m"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("flowCancel"));
    m_cancel->setToolTip(tr("Stop now; the modem keeps what it already has"));
    m_cancel->setEnabled(false);
    m_log = new QListWidget(this);
    m_log->setObjectName(QStringLiteral("flowLog"));
    m_log->setWordWrap(true);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    m_buttons = buttons;
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_log, 1);
    connect(m_cancel, &QPushButton::clicked, this, &FlowPanel::cancel);
}

void FlowPanel::addButton(QPushButton *button)
{
    static_cast<QHBoxLayout *>(m_buttons)->insertWidget(0, button);
    setTabOrder(button, m_cancel);
}

void FlowPanel::run(const QList<FlowStep> &steps, const QString &name, int deadlineMs, const QString &hint, Done done)
{
    if (isRunning())
        return done(fail(ErrorCode::Usage, tr("Another step is still running; wait for it or press Cancel.")));
    if (!m_session || m_session->state() != ModemSession::State::Ready)
        return done(fail(ErrorCode::Usage, tr("Not connected. Connect to the modem first (Ctrl+K), then try again.")));
    m_lastLabel.clear();
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(QStringLiteral("%v / %m"));
    m_runner = new FlowRunner(m_session->channel(), SystemClock::instanceForThread(), steps, name, deadlineMs, hint, this);
    connect(m_runner, &FlowRunner::progressed, this, [this](int stepsDone, int total, const QString &label) {
        m_progress->setRange(0, qMax(total, 1));
        m_progress->setValue(qMin(stepsDone, total));
        // Polling steps report on every poll; log each step once.
        if (!label.isEmpty() && label != std::exchange(m_lastLabel, label)) {
            m_log->addItem(label);
            m_log->scrollToBottom();
            Q_EMIT stepStarted(label);
        }
    });
    connect(m_runner, &FlowRunner::finished, this, [this, done](const Result<void> &result) { onFinished(result, done); });
    m_cancel->setEnabled(true);
    Q_EMIT runningChanged(true);
    m_runner->start();
}

void FlowPanel::onFinished(const Result<void> &result, const Done &done)
{
    m_runner->deleteLater();
    m_runner = nullptr;
    m_cancel->setEnabled(false);
    if (result) {
        m_progress->setValue(m_progress->maximum());
    } else if (result.error().code == ErrorCode::Cancelled) {
        m_log->addItem(tr("Cancelled"));
    } else {
        // The message's first sentence: the step label alone misleads when a flow ends with a
        // clean-up step (AT+CACLOSE after a failed open) that carries the earlier failure.
        const QString message = result.error().message;
        const qsizetype stop = message.indexOf(QLatin1String(". "));
        m_log->addItem(tr("Failed: %1").arg(stop > 0 ? message.left(stop + 1) : message));
    }
    m_log->scrollToBottom();
    // `done` may start the next flow; runningChanged(false) only when it did not.
    done(result);
    if (!isRunning())
        Q_EMIT runningChanged(false);
}

void FlowPanel::cancel()
{
    if (m_runner)
        m_runner->cancel();
}

void FlowPanel::addLine(const QString &text)
{
    m_log->addItem(text);
    m_log->scrollToBottom();
}

void FlowPanel::clearLog()
{
    m_log->clear();
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setFormat(QStringLiteral("%v / %m"));
}

void FlowPanel::finishBar(bool success, const QString &text)
{
    if (success)
        m_progress->setValue(m_progress->maximum());
    if (!text.isEmpty())
        m_progress->setFormat(text);
}

// ---- FindingsView ----

QString severityMark(DoctorFinding::Severity severity)
{
    switch (severity) {
    case DoctorFinding::Severity::Ok: return QStringLiteral("<span style=\"color:#2e7d32\">✔</span>");
    case DoctorFinding::Severity::Info: return QStringLiteral("<span style=\"color:#1565c0\">ℹ</span>");
    case DoctorFinding::Severity::Warning: return QStringLiteral("<span style=\"color:#b26a00\">⚠</span>");
    case DoctorFinding::Severity::Problem: return QStringLiteral("<span style=\"color:#c62828\">✘</span>");
    }
    return {};
}

namespace {
QStyle::StandardPixmap severityIcon(DoctorFinding::Severity severity)
{
    switch (severity) {
    case DoctorFinding::Severity::Ok: return QStyle::SP_DialogApplyButton;
    case DoctorFinding::Severity::Info: return QStyle::SP_MessageBoxInformation;
    case DoctorFinding::Severity::Warning: return QStyle::SP_MessageBoxWarning;
    case DoctorFinding::Severity::Problem: return QStyle::SP_MessageBoxCritical;
    }
    return QStyle::SP_MessageBoxInformation;
}
} // namespace

FindingsView::FindingsView(QWidget *parent)
    : QWidget(parent)
{
    m_rows = new QVBoxLayout(this);
    m_rows->setContentsMargins(0, 0, 0, 0);
    m_rows->setSpacing(4);
    m_rows->addStretch(1);
}

void FindingsView::setFindings(const QList<DoctorFinding> &findings)
{
    m_findings = findings;
    while (m_rows->count() > 1) {
        QLayoutItem *item = m_rows->takeAt(0);
        if (QWidget *widget = item->widget()) {
            widget->hide(); // gone from view now, deleted when the event loop is back
            widget->deleteLater();
        }
        delete item;
    }
    const int iconSize = fontMetrics().height();
    int at = 0;
    for (const DoctorFinding &finding : findings) {
        auto *row = new QWidget(this);
        row->setObjectName(QStringLiteral("finding-%1").arg(finding.check));
        auto *icon = new QLabel(row);
        icon->setPixmap(style()->standardIcon(severityIcon(finding.severity)).pixmap(iconSize, iconSize));
        icon->setAlignment(Qt::AlignTop);
        icon->setAccessibleName(severityName(finding.severity));
        QString html = finding.message.toHtmlEscaped();
        if (!finding.fix.isEmpty())
            html += QStringLiteral("<br><i>%1</i>").arg(tr("Fix: %1").arg(finding.fix.toHtmlEscaped()));
        auto *text = new QLabel(html, row);
        text->setWordWrap(true);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *layout = new QHBoxLayout(row);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(icon, 0, Qt::AlignTop);
        layout->addWidget(text, 1);
        m_rows->insertWidget(at++, row);
        row->show(); // a layout shows new children of a visible widget only later (queued)
    }
    setAccessibleDescription(lines().join(QLatin1Char('\n')));
}

QStringList FindingsView::lines() const
{
    QStringList lines;
    for (const DoctorFinding &finding : m_findings) {
        QString line = QStringLiteral("%1 [%2] %3").arg(severityName(finding.severity), finding.check, finding.message);
        if (!finding.fix.isEmpty())
            line += QStringLiteral(" — ") + finding.fix;
        lines << line;
    }
    return lines;
}

} // namespace ModemBench::Ui
