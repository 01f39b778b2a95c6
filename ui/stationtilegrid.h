#pragma once

#include <QList>
#include <QScrollArea>
#include <QTimer>

class QGridLayout;
class QLabel;

namespace ModemBench::Ui {

class StationTile;

// The tiles of the station view in rows that reflow with the window's width (as many columns as
// fit), scrolling when there are more than fit: 64 ports stay usable on a laptop screen. One
// shared one-second timer updates the elapsed time of running tiles: no timer per tile.
class StationTileGrid : public QScrollArea
{
    Q_OBJECT
public:
    explicit StationTileGrid(QWidget *parent = nullptr);

    void clear();
    void addTile(StationTile *tile);  // takes ownership
    const QList<StationTile *> &tiles() const { return m_tiles; }
    int columns() const { return m_columns; }
    void setPlaceholder(const QString &text);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void relayout(bool force);
    void tick();

    QWidget *m_container = nullptr;
    QGridLayout *m_grid = nullptr;
    QLabel *m_placeholder = nullptr;
    QList<StationTile *> m_tiles;
    int m_columns = 0;
    QTimer m_tick;
};

} // namespace ModemBench::Ui
