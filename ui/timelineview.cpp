#include "ui/timelineview.h"

#include "ui/timelinechart.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QRubberBand>
#include <QWheelEvent>

#include <cmath>

namespace ModemBench::Ui {

namespace {
constexpr double kWheelStep = 0.8;   // one notch shows 80 % of the span
constexpr double kKeyPan = 0.1;
constexpr int kMinBandPx = 8;        // a shorter drag is a click, not a zoom
} // namespace

QString TimelineView::helpText()
{
    return tr("Drag to zoom into a span, Shift+drag or the middle button to pan, the wheel to zoom; "
              "Left/Right pan, +/− zoom, Home resets. Hover a marker for its events; click a legend entry "
              "to hide or show a curve.");
}

TimelineView::TimelineView(TimelineChart *chart, QWidget *parent)
    : QChartView(chart, parent)
    , m_chart(chart)
{
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::NoRubberBand); // ours: it asks for a range instead of scaling points
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    m_band = new QRubberBand(QRubberBand::Rectangle, viewport());
    m_band->hide();
}

QPointF TimelineView::chartPos(const QPointF &viewPos) const
{
    return m_chart->mapFromScene(mapToScene(viewPos.toPoint()));
}

void TimelineView::request(qint64 fromMs, qint64 toMs)
{
    if (toMs - fromMs < kMinSpanMs) {
        const qint64 middle = (fromMs + toMs) / 2;
        fromMs = middle - kMinSpanMs / 2;
        toMs = fromMs + kMinSpanMs;
    }
    Q_EMIT rangeRequested(fromMs, toMs);
}

void TimelineView::zoom(double factor, qint64 anchorMs)
{
    const qint64 from = m_chart->fromMs();
    const qint64 to = m_chart->toMs();
    const auto newFrom = qint64(double(anchorMs) - double(anchorMs - from) * factor);
    const auto newTo = qint64(double(anchorMs) + double(to - anchorMs) * factor);
    request(newFrom, newTo);
}

void TimelineView::pan(double fraction)
{
    const qint64 shift = qint64(double(m_chart->toMs() - m_chart->fromMs()) * fraction);
    request(m_chart->fromMs() + shift, m_chart->toMs() + shift);
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const double notches = event->angleDelta().y() / 120.0;
    if (notches == 0) {
        event->ignore();
        return;
    }
    zoom(std::pow(kWheelStep, notches), m_chart->timeAt(chartPos(event->position()).x()));
    event->accept();
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    const bool inPlot = m_chart->plotArea().contains(chartPos(event->position()));
    const bool panButton = event->button() == Qt::MiddleButton
        || (event->button() == Qt::LeftButton && event->modifiers() & Qt::ShiftModifier);
    if (!inPlot || (event->button() != Qt::LeftButton && !panButton)) {
        QChartView::mousePressEvent(event); // the legend takes its clicks here
        return;
    }
    m_dragStart = event->position().toPoint();
    if (panButton) {
        m_drag = Drag::Pan;
        m_panFromMs = m_chart->fromMs();
        m_panToMs = m_chart->toMs();
        setCursor(Qt::ClosedHandCursor);
    } else {
        m_drag = Drag::Zoom;
        const QRectF plot = mapFromScene(m_chart->mapToScene(m_chart->plotArea())).boundingRect();
        m_band->setGeometry(QRect(m_dragStart.x(), int(plot.top()), 0, int(plot.height())));
        m_band->show();
    }
    event->accept();
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    const int x = event->position().toPoint().x();
    if (m_drag == Drag::Zoom) {
        const QRect band = m_band->geometry();
        m_band->setGeometry(QRect(qMin(x, m_dragStart.x()), band.top(), std::abs(x - m_dragStart.x()), band.height()));
    } else if (m_drag == Drag::Pan) {
        const double width = qMax(1.0, m_chart->plotArea().width());
        const auto shift = qint64(double(m_dragStart.x() - x) / width * double(m_panToMs - m_panFromMs));
        request(m_panFromMs + shift, m_panToMs + shift);
    }
    QChartView::mouseMoveEvent(event);
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    const Drag drag = std::exchange(m_drag, Drag::None);
    if (drag == Drag::None) {
        QChartView::mouseReleaseEvent(event);
        return;
    }
    unsetCursor();
    m_band->hide();
    const int x = event->position().toPoint().x();
    if (drag == Drag::Zoom && std::abs(x - m_dragStart.x()) >= kMinBandPx) {
        const qint64 a = m_chart->timeAt(chartPos(QPointF(m_dragStart)).x());
        const qint64 b = m_chart->timeAt(chartPos(event->position()).x());
        request(qMin(a, b), qMax(a, b));
    }
    event->accept();
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    const qint64 middle = (m_chart->fromMs() + m_chart->toMs()) / 2;
    switch (event->key()) {
    case Qt::Key_Left: pan(-kKeyPan); break;
    case Qt::Key_Right: pan(kKeyPan); break;
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoom(kWheelStep, middle); break;
    case Qt::Key_Minus: zoom(1 / kWheelStep, middle); break;
    case Qt::Key_Home: Q_EMIT resetRequested(); break;
    default: QChartView::keyPressEvent(event); return;
    }
    event->accept();
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QChartView::resizeEvent(event);
    Q_EMIT resized();
}

} // namespace ModemBench::Ui
