#include "ui/stationtile.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace ModemBench::Ui {

namespace {
constexpr int kTileWidth = 250;
constexpr int kWordHeight = 46;
} // namespace

StationTile::StationTile(int index, QWidget *parent)
    : QFrame(parent)
    , m_index(index)
{
    setObjectName(QStringLiteral("stationTile%1").arg(index));
    setFrameShape(QFrame::StyledPanel);
    setFixedWidth(kTileWidth);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);

    m_name = new QLabel(this);
    QFont bold = m_name->font();
    bold.setBold(true);
    m_name->setFont(bold);
    m_location = new QLabel(this);
    QFont small = m_location->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    m_location->setFont(small);
    m_location->setForegroundRole(QPalette::PlaceholderText);
    m_start = new QToolButton(this);
    m_start->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_start->setToolTip(tr("Start this unit"));
    m_start->setAccessibleName(tr("Start unit %1").arg(index + 1));
    m_stop = new QToolButton(this);
    m_stop->setIcon(style()->standardIcon(QStyle::SP_MediaStop));
    m_stop->setToolTip(tr("Stop this unit"));
    m_stop->setAccessibleName(tr("Stop unit %1").arg(index + 1));
    connect(m_start, &QToolButton::clicked, this, [this] { Q_EMIT startRequested(m_index); });
    connect(m_stop, &QToolButton::clicked, this, [this] { Q_EMIT stopRequested(m_index); });

    auto *header = new QHBoxLayout;
    header->setSpacing(4);
    auto *names = new QVBoxLayout;
    names->setSpacing(0);
    names->addWidget(m_name);
    names->addWidget(m_location);
    header->addLayout(names, 1);
    header->addWidget(m_start);
    header->addWidget(m_stop);

    // The word is what an operator reads from two metres away: big, white on the state colour.
    m_word = new QLabel(this);
    m_word->setAlignment(Qt::AlignCenter);
    m_word->setFixedHeight(kWordHeight);
    m_word->setAutoFillBackground(true);
    QFont big = m_word->font();
    big.setPointSizeF(big.pointSizeF() * 1.9);
    big.setBold(true);
    m_word->setFont(big);

    m_step = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setTextVisible(true);
    m_progress->setFormat(QStringLiteral("%v / %m"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setMaximumHeight(18);
    m_elapsed = new QLabel(this);
    m_elapsed->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_elapsed);

    m_identity = new QLabel(this);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(small.pointSizeF());
    m_identity->setFont(mono);
    m_identity->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error = new QLabel(this);
    m_error->setWordWrap(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(m_word);
    layout->addWidget(m_step);
    layout->addLayout(progressRow);
    layout->addWidget(m_identity);
    layout->addWidget(m_error);

    StationPort empty;
    showPort(empty);
}

QString StationTile::wordFor(PortState state)
{
    switch (state) {
    case PortState::Waiting: return tr("WAITING");
    case PortState::Running: return tr("RUNNING");
    case PortState::Passed: return tr("PASS");
    case PortState::Failed: return tr("FAIL");
    case PortState::Stopped: return tr("STOPPED");
    case PortState::Unplugged: return tr("UNPLUGGED");
    }
    return QString();
}

QColor StationTile::colorFor(PortState state)
{
    // Dark enough for white text (contrast ≥ 4.5:1) on every state, light theme or dark.
    switch (state) {
    case PortState::Waiting: return QColor(0x6b, 0x72, 0x78);
    case PortState::Running: return QColor(0x15, 0x65, 0xc0);
    case PortState::Passed: return QColor(0x2e, 0x7d, 0x32);
    case PortState::Failed: return QColor(0xc6, 0x28, 0x28);
    case PortState::Stopped:
    case PortState::Unplugged: return QColor(0xa8, 0x5d, 0x00);
    }
    return QColor(Qt::gray);
}

QString StationTile::formatElapsed(qint64 ms)
{
    const qint64 seconds = qMax<qint64>(0, ms / 1000);
    if (seconds >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(seconds / 3600)
            .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QString StationTile::finishedStepText(const StationPort &port)
{
    switch (port.state) {
    case PortState::Waiting: return port.startedAt.isValid() ? tr("Waiting for the modem") : tr("Ready to start");
    case PortState::Running: return port.step;
    case PortState::Passed:
        return port.lastRecord && port.lastRecord->verifiedOnly ? tr("Verified: already provisioned") : tr("Done");
    case PortState::Stopped: return tr("Stopped by the operator");
    case PortState::Unplugged: return tr("Unplugged: waiting for a modem on this port");
    case PortState::Failed:
        break;
    }
    // Where it stopped, so the operator knows which stage to look at.
    if (port.lastRecord) {
        for (const StepRecord &record : port.lastRecord->steps)
            if (!record.passed)
                return tr("Failed at: %1").arg(record.name);
    }
    return port.step.isEmpty() ? tr("Failed") : tr("Failed at: %1").arg(port.step);
}

QString StationTile::stateWord() const
{
    return wordFor(m_state);
}

QColor StationTile::stateColor() const
{
    return colorFor(m_state);
}

void StationTile::showPort(const StationPort &port)
{
    m_state = port.state;
    m_startedAt = port.startedAt;
    m_elapsedMs = port.elapsedMs;
    m_name->setText(port.displayName.isEmpty() ? port.port : port.displayName);
    m_name->setToolTip(port.port);
    m_location->setText(port.location.isEmpty() ? tr("no USB location") : tr("USB %1").arg(port.location));
    m_word->setText(wordFor(port.state));
    m_word->setAccessibleName(tr("%1: %2").arg(m_name->text(), wordFor(port.state)));
    applyColor();

    const bool running = port.state == PortState::Running;
    QString step = running ? port.step : finishedStepText(port);
    if (step.isEmpty())
        step = running ? tr("Starting…") : tr("Ready to start");
    m_step->setText(step);
    m_step->setToolTip(step);
    m_progress->setRange(0, qMax(1, port.total));
    m_progress->setValue(qBound(0, port.done, qMax(1, port.total)));
    m_elapsed->setText(formatElapsed(port.elapsedMs));

    const QString imei = port.imei.isEmpty() ? QStringLiteral("—") : port.imei;
    const QString iccid = port.iccid.isEmpty() ? QStringLiteral("—") : port.iccid;
    m_identity->setText(tr("IMEI  %1\nICCID %2").arg(imei, iccid));
    m_errorText = port.message;
    updateErrorText();

    m_start->setEnabled(!running);
    m_stop->setEnabled(running);
}

void StationTile::refreshElapsed(const QDateTime &nowUtc)
{
    if (m_state != PortState::Running || !m_startedAt.isValid())
        return;
    m_elapsed->setText(formatElapsed(m_startedAt.msecsTo(nowUtc)));
}

void StationTile::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    updateErrorText();
}

void StationTile::applyColor()
{
    QPalette palette = m_word->palette();
    palette.setColor(QPalette::Window, colorFor(m_state));
    palette.setColor(QPalette::WindowText, Qt::white);
    m_word->setPalette(palette);
}

void StationTile::updateErrorText()
{
    // Elided to the tile; the full message (it says what to do) is one hover away.
    const int width = qMax(40, contentsRect().width() - 16);
    m_error->setText(m_error->fontMetrics().elidedText(m_errorText, Qt::ElideRight, width));
    m_error->setToolTip(m_errorText);
    QPalette palette = m_error->palette();
    const bool bad = m_state == PortState::Failed || m_state == PortState::Unplugged || m_state == PortState::Stopped;
    palette.setColor(QPalette::WindowText, bad ? colorFor(m_state) : palette.color(QPalette::Text));
    m_error->setPalette(palette);
}

} // namespace ModemBench::Ui
