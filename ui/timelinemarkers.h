#pragma once

#include "core/monitor/monitorsamples.h"

#include <QColor>
#include <QList>
#include <QRectF>
#include <QString>

class QGraphicsItem;
class QGraphicsLineItem;
class QGraphicsRectItem;
class QGraphicsSimpleTextItem;

namespace ModemBench::Ui {

// How one monitor event looks on the timeline: registration, PDP, reboot and port events are
// "major" (a solid line with a label); URCs, failed polls and notes are faint dotted lines with a
// tooltip only, so a minute of failing pings does not bury the one registration drop.
struct EventStyle {
    QString label;    // short: "Registration lost", "PDP deactivated", "Reboot"
    QColor color;
    bool major = false;
};
EventStyle eventStyle(const MonitorEvent &event);

// One drawn marker: the events closer together than a few pixels share it (a registration loss
// and its PDP drop arrive within milliseconds).
struct EventMarker {
    qint64 timeMs = 0;
    QString label;     // the major events' labels joined with " · "; empty for minor-only markers
    QString toolTip;   // every event with its time and full text
    QColor color;
    bool major = false;
};

// A stretch without registration: from a registration event whose new state is not registered to
// the next one that is (or the end of the view while it lasts).
struct OutageSpan {
    qint64 fromMs = 0;
    qint64 toMs = 0;
    bool ongoing = false;
};
QList<OutageSpan> outageSpans(const QList<MonitorEvent> &events, qint64 fromMs, qint64 toMs);

// Groups the events inside [fromMs, toMs] into markers at least `minGapPx` apart on a plot of
// `widthPx`. At most `maxMarkers` are returned (the newest win: they are what a live view shows).
QList<EventMarker> groupEvents(const QList<MonitorEvent> &events, qint64 fromMs, qint64 toMs, double widthPx,
                               double minGapPx = 10, int maxMarkers = 300);

// The vertical lines and labels drawn over the plot area as graphics items of the chart. Items are
// pooled: a live view redraws them several times a second.
class EventMarkerLayer
{
public:
    explicit EventMarkerLayer(QGraphicsItem *parent);
    ~EventMarkerLayer();
    void setMarkers(QList<EventMarker> markers);
    void setOutages(QList<OutageSpan> outages);
    // Places the markers for a time range on a plot rectangle (chart coordinates).
    void layout(qint64 fromMs, qint64 toMs, const QRectF &plotArea);
    const QList<EventMarker> &markers() const { return m_markers; }
    const QList<OutageSpan> &outages() const { return m_outages; }

private:
    // A transparent band a few pixels wide carries the tooltip: a 1 px line is hard to hover.
    struct Items {
        QGraphicsRectItem *hover = nullptr;
        QGraphicsLineItem *line = nullptr;
        QGraphicsSimpleTextItem *text = nullptr;
    };
    Items &items(int index);
    void layoutOutages(qint64 fromMs, qint64 toMs, const QRectF &plotArea);

    QGraphicsItem *m_parent;
    QList<EventMarker> m_markers;
    QList<Items> m_items;
    QList<OutageSpan> m_outages;
    QList<QGraphicsRectItem *> m_bands;
};

} // namespace ModemBench::Ui
