#include "ui/stationtilegrid.h"

#include "ui/stationtile.h"

#include <QDateTime>
#include <QGridLayout>
#include <QLabel>
#include <QResizeEvent>
#include <QScrollBar>

namespace ModemBench::Ui {

namespace {
constexpr int kTickMs = 1000;
constexpr int kSpacing = 8;
} // namespace

StationTileGrid::StationTileGrid(QWidget *parent)
    : QScrollArea(parent)
{
    setObjectName(QStringLiteral("stationTiles"));
    setWidgetResizable(true);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFrameShape(QFrame::NoFrame);
    m_container = new QWidget(this);
    m_grid = new QGridLayout(m_container);
    m_grid->setSpacing(kSpacing);
    m_grid->setContentsMargins(kSpacing, kSpacing, kSpacing, kSpacing);
    m_grid->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_placeholder = new QLabel(m_container);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_grid->addWidget(m_placeholder, 0, 0);
    setWidget(m_container);
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &StationTileGrid::tick);
    m_tick.start();
}

void StationTileGrid::setPlaceholder(const QString &text)
{
    m_placeholder->setText(text);
}

void StationTileGrid::clear()
{
    qDeleteAll(m_tiles);
    m_tiles.clear();
    m_placeholder->show();
    m_columns = 0;
}

void StationTileGrid::addTile(StationTile *tile)
{
    tile->setParent(m_container);
    m_tiles.append(tile);
    m_placeholder->hide();
    const int columns = qMax(1, m_columns);
    if (m_columns == 0) {
        relayout(true);
    } else {
        const int index = int(m_tiles.size()) - 1;
        m_grid->addWidget(tile, index / columns, index % columns);
    }
    tile->show();
}

void StationTileGrid::resizeEvent(QResizeEvent *event)
{
    QScrollArea::resizeEvent(event);
    relayout(false);
}

void StationTileGrid::relayout(bool force)
{
    if (m_tiles.isEmpty())
        return;
    const int tileWidth = m_tiles.first()->width() + kSpacing;
    const int available = viewport()->width() - 2 * kSpacing - verticalScrollBar()->sizeHint().width();
    const int columns = qMax(1, available / qMax(1, tileWidth));
    if (!force && columns == m_columns)
        return;
    m_columns = columns;
    for (StationTile *tile : std::as_const(m_tiles))
        m_grid->removeWidget(tile);
    for (int i = 0; i < m_tiles.size(); ++i)
        m_grid->addWidget(m_tiles.at(i), i / columns, i % columns);
}

void StationTileGrid::tick()
{
    if (m_tiles.isEmpty())
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (StationTile *tile : std::as_const(m_tiles))
        tile->refreshElapsed(now);
}

} // namespace ModemBench::Ui
