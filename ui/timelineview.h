#pragma once

#include <QChartView>

class QRubberBand;

namespace ModemBench::Ui {

class TimelineChart;

// The chart view with the timeline's own zoom and pan: drag to zoom into a time span, Shift+drag
// or the middle button to pan, the wheel to zoom around the cursor, and keys (Left/Right pan,
// +/- zoom, Home resets). It only asks for a range; the TimelineWidget decides what to draw, so a
// zoomed view is re-decimated at its own resolution instead of stretching the old points.
class TimelineView : public QChartView
{
    Q_OBJECT
public:
    static constexpr qint64 kMinSpanMs = 5000;

    explicit TimelineView(TimelineChart *chart, QWidget *parent = nullptr);
    // How to zoom and pan, for a tooltip outside the chart (the scene's items own the chart's).
    static QString helpText();
    TimelineChart *timelineChart() const { return m_chart; }

    // Zooms by `factor` (< 1: in) around `anchorMs`; pans by a fraction of the visible span.
    void zoom(double factor, qint64 anchorMs);
    void pan(double fraction);

Q_SIGNALS:
    void rangeRequested(qint64 fromMs, qint64 toMs);
    void resetRequested();
    void resized();

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    enum class Drag { None, Zoom, Pan };
    QPointF chartPos(const QPointF &viewPos) const;
    void request(qint64 fromMs, qint64 toMs);

    TimelineChart *m_chart;
    QRubberBand *m_band = nullptr;
    Drag m_drag = Drag::None;
    QPoint m_dragStart;
    qint64 m_panFromMs = 0;
    qint64 m_panToMs = 0;
};

} // namespace ModemBench::Ui
