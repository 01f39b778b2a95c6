#include "ui/timelinemarkers.h"

#include <QBrush>
#include <QDateTime>
#include <QFontMetricsF>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QPen>

#include <algorithm>

namespace ModemBench::Ui {

namespace {

constexpr int kMaxToolTipLines = 12;
constexpr qreal kHoverHalfWidth = 4;
constexpr qreal kMinorTickHeight = 12;
constexpr qreal kMarkerZ = 50; // above the series, which Qt Charts stacks below 10

const QColor kRegistered(0x2e, 0x7d, 0x32);
const QColor kLost(0xc6, 0x28, 0x28);
const QColor kNotRegistered(0xd8, 0x43, 0x15);
const QColor kPdpDown(0xef, 0x6c, 0x00);
const QColor kPdpUp(0x00, 0x89, 0x7b);
const QColor kReboot(0x6a, 0x1b, 0x9a);
const QColor kPort(0x21, 0x21, 0x21);
const QColor kMinor(0x90, 0x9a, 0xa4);
const QColor kFailed(0xc0, 0x8a, 0x00);

constexpr qreal kOutageZ = 1.5; // above the plot background, below grid and series
const QColor kOutageFill(0xc6, 0x28, 0x28, 30);

// The monitor writes "LTE (CEREG): registered-home -> searching" (from -> to) or, for the first
// reading, "LTE (CEREG): registered-home".
std::pair<QString, QString> registrationChange(const QString &text)
{
    const qsizetype arrow = text.lastIndexOf(QLatin1String(" -> "));
    const qsizetype colon = text.indexOf(QLatin1String(": "));
    const QString to = arrow >= 0 ? text.mid(arrow + 4) : text.mid(colon + 2);
    const QString from = arrow >= 0 && colon >= 0 ? text.mid(colon + 2, arrow - colon - 2) : QString();
    return {from, to};
}

EventStyle registrationStyle(const QString &text)
{
    const auto [from, to] = registrationChange(text);
    if (to.startsWith(QLatin1String("registered")))
        return {to.endsWith(QLatin1String("roaming")) ? QObject::tr("Registered (roaming)") : QObject::tr("Registered"),
                kRegistered, true};
    if (from.startsWith(QLatin1String("registered")))
        return {QObject::tr("Registration lost (%1)").arg(to), kLost, true};
    return {QObject::tr("Not registered (%1)").arg(to), kNotRegistered, true};
}

QString clockText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("hh:mm:ss"));
}

QString toolTipLine(const MonitorEvent &event)
{
    return QStringLiteral("%1  %2: %3")
        .arg(QDateTime::fromMSecsSinceEpoch(event.timeMs).toString(QStringLiteral("hh:mm:ss.zzz")),
             monitorEventKindName(event.kind), event.text);
}

void addToMarker(EventMarker &marker, const MonitorEvent &event, const EventStyle &style, int &lines)
{
    if (style.major && !marker.label.contains(style.label))
        marker.label += (marker.label.isEmpty() ? QString() : QStringLiteral(" · ")) + style.label;
    if (lines < kMaxToolTipLines)
        marker.toolTip += (marker.toolTip.isEmpty() ? QString() : QStringLiteral("\n")) + toolTipLine(event);
    else if (lines == kMaxToolTipLines)
        marker.toolTip += QStringLiteral("\n…");
    ++lines;
}

} // namespace

EventStyle eventStyle(const MonitorEvent &event)
{
    switch (event.kind) {
    case MonitorEventKind::Registration:
        return registrationStyle(event.text);
    case MonitorEventKind::DataConnection: {
        const bool down = event.text.contains(QLatin1String("deactivated")) || event.text.contains(QLatin1String("closed"));
        return {down ? QObject::tr("PDP down") : QObject::tr("PDP up"), down ? kPdpDown : kPdpUp, true};
    }
    case MonitorEventKind::Reboot:
        return {QObject::tr("Reboot"), kReboot, true};
    case MonitorEventKind::PortClosed:
        return {QObject::tr("Port closed"), kPort, true};
    case MonitorEventKind::PollFailed:
        return {QObject::tr("Poll failed"), kFailed, false};
    case MonitorEventKind::Urc:
    case MonitorEventKind::Note:
        break;
    }
    return {event.text, kMinor, false};
}

QList<OutageSpan> outageSpans(const QList<MonitorEvent> &events, qint64 fromMs, qint64 toMs)
{
    // From the start: the state at the left edge depends on what came before it.
    QList<OutageSpan> spans;
    bool lost = false;
    qint64 lostAt = 0;
    for (const MonitorEvent &event : events) {
        if (event.timeMs > toMs)
            break;
        if (event.kind != MonitorEventKind::Registration)
            continue;
        const bool registered = registrationChange(event.text).second.startsWith(QLatin1String("registered"));
        if (!registered && !lost) {
            lost = true;
            lostAt = event.timeMs;
        } else if (registered && lost) {
            if (event.timeMs >= fromMs)
                spans.append({qMax(lostAt, fromMs), event.timeMs, false});
            lost = false;
        }
    }
    if (lost)
        spans.append({qMax(lostAt, fromMs), toMs, true});
    return spans;
}

QList<EventMarker> groupEvents(const QList<MonitorEvent> &events, qint64 fromMs, qint64 toMs, double widthPx,
                               double minGapPx, int maxMarkers)
{
    const double msPerPx = double(qMax<qint64>(1, toMs - fromMs)) / qMax(1.0, widthPx);
    const auto gapMs = qint64(minGapPx * msPerPx);
    // Major and minor events group separately: a failing poll must not swallow a registration drop.
    QList<EventMarker> markers;
    qsizetype open[2] = {-1, -1}; // the marker each group (minor, major) is filling
    int lines[2] = {0, 0};
    const auto first = std::lower_bound(events.cbegin(), events.cend(), fromMs,
                                        [](const MonitorEvent &e, qint64 t) { return e.timeMs < t; });
    for (auto it = first; it != events.cend() && it->timeMs <= toMs; ++it) {
        const EventStyle style = eventStyle(*it);
        const int kind = style.major ? 1 : 0;
        if (open[kind] < 0 || it->timeMs - markers.at(open[kind]).timeMs > gapMs) {
            markers.append(EventMarker{it->timeMs, {}, {}, style.color, style.major});
            open[kind] = markers.size() - 1;
            lines[kind] = 0;
        }
        addToMarker(markers[open[kind]], *it, style, lines[kind]);
    }
    if (markers.size() > maxMarkers)
        markers.remove(0, markers.size() - maxMarkers);
    return markers;
}

EventMarkerLayer::EventMarkerLayer(QGraphicsItem *parent)
    : m_parent(parent)
{
}

EventMarkerLayer::~EventMarkerLayer() = default; // the items are children of the chart

EventMarkerLayer::Items &EventMarkerLayer::items(int index)
{
    while (m_items.size() <= index) {
        Items items;
        items.hover = new QGraphicsRectItem(m_parent);
        items.hover->setPen(Qt::NoPen);
        items.hover->setBrush(Qt::transparent);
        items.hover->setZValue(kMarkerZ);
        items.line = new QGraphicsLineItem(items.hover);
        items.text = new QGraphicsSimpleTextItem(items.hover);
        QFont font = items.text->font();
        font.setBold(true);
        font.setPointSizeF(font.pointSizeF() * 0.95);
        items.text->setFont(font);
        items.text->setRotation(-90);
        // A pale backing keeps the label readable where a curve crosses it.
        auto *backing = new QGraphicsRectItem(items.text);
        backing->setPen(Qt::NoPen);
        backing->setBrush(QColor(255, 255, 255, 210));
        backing->setFlag(QGraphicsItem::ItemStacksBehindParent);
        m_items.append(items);
    }
    return m_items[index];
}

void EventMarkerLayer::setMarkers(QList<EventMarker> markers)
{
    m_markers = std::move(markers);
}

void EventMarkerLayer::setOutages(QList<OutageSpan> outages)
{
    m_outages = std::move(outages);
}

void EventMarkerLayer::layoutOutages(qint64 fromMs, qint64 toMs, const QRectF &plot)
{
    const double span = double(qMax<qint64>(1, toMs - fromMs));
    while (m_bands.size() < m_outages.size()) {
        auto *band = new QGraphicsRectItem(m_parent);
        band->setPen(Qt::NoPen);
        band->setBrush(kOutageFill);
        band->setZValue(kOutageZ);
        m_bands.append(band);
    }
    for (qsizetype i = 0; i < m_bands.size(); ++i) {
        QGraphicsRectItem *band = m_bands.at(i);
        band->setVisible(i < m_outages.size());
        if (i >= m_outages.size())
            continue;
        const OutageSpan &outage = m_outages.at(i);
        const qreal left = plot.left() + qMax(0.0, (outage.fromMs - fromMs) / span) * plot.width();
        const qreal right = plot.left() + qMin(1.0, (outage.toMs - fromMs) / span) * plot.width();
        band->setRect(left, plot.top(), qMax<qreal>(1, right - left), plot.height());
        const QString until = outage.ongoing ? QObject::tr("now") : clockText(outage.toMs);
        band->setToolTip(QObject::tr("Not registered from %1 to %2 (%3 s)")
                             .arg(clockText(outage.fromMs), until)
                             .arg((outage.toMs - outage.fromMs) / 1000.0, 0, 'f', 1));
    }
}

void EventMarkerLayer::layout(qint64 fromMs, qint64 toMs, const QRectF &plot)
{
    layoutOutages(fromMs, toMs, plot);
    const double span = double(qMax<qint64>(1, toMs - fromMs));
    int used = 0;
    for (const EventMarker &marker : std::as_const(m_markers)) {
        const qreal x = plot.left() + (marker.timeMs - fromMs) / span * plot.width();
        if (x < plot.left() || x > plot.right())
            continue;
        Items &it = items(used++);
        const qreal top = marker.major ? plot.top() : plot.bottom() - kMinorTickHeight;
        it.hover->setRect(x - kHoverHalfWidth, top, 2 * kHoverHalfWidth, plot.bottom() - top);
        it.hover->setToolTip(marker.toolTip);
        QPen pen(marker.color, marker.major ? 1.6 : 2.0);
        pen.setCosmetic(true);
        it.line->setPen(pen);
        it.line->setLine(x, top, x, plot.bottom());
        const QFontMetricsF metrics(it.text->font());
        const QString label = metrics.elidedText(marker.label, Qt::ElideRight, plot.height() * 0.7);
        it.text->setText(label);
        it.text->setBrush(marker.color);
        it.text->setVisible(!label.isEmpty());
        const QRectF box = it.text->boundingRect();
        static_cast<QGraphicsRectItem *>(it.text->childItems().first())->setRect(box.adjusted(-2, 0, 2, 0));
        // Rotated by -90°, the text runs upwards from its origin: put its start 6 px below the top.
        it.text->setPos(x + 2, plot.top() + 6 + box.width());
        it.hover->setVisible(true);
    }
    for (qsizetype i = used; i < m_items.size(); ++i)
        m_items[i].hover->setVisible(false);
}

} // namespace ModemBench::Ui
