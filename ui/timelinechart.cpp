#include "ui/timelinechart.h"

#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsSimpleTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QScatterSeries>
#include <QValueAxis>

#include <cmath>

namespace ModemBench::Ui {

namespace {

// Okabe-Ito colours: told apart with the common colour-vision deficiencies, readable on white.
const QColor kRssiColor(0x56, 0xb4, 0xe9);
const QColor kRsrpColor(0x00, 0x72, 0xb2);
const QColor kRsrqColor(0xe6, 0x9f, 0x00);
const QColor kSinrColor(0x00, 0x9e, 0x73);
const QColor kRttColor(0x4a, 0x4a, 0x4a);
const QColor kLostColor(0xd0, 0x10, 0x10);
const QColor kRttLimitColor(0x88, 0x88, 0x88);

constexpr int kPixelsPerTimeLabel = 130;

struct Range {
    double min = 0;
    double max = 0;
};

constexpr int kPixelsPerValueLabel = 28;
constexpr qreal kTallPlot = 200;    // below this the axis titles are shortened to their units

// A range around [lo, hi] with ends on multiples of a step chosen for at most `maxTicks` - 1
// intervals; a short plot gets fewer labels instead of elided ones.
void setNiceRange(QValueAxis *axis, double lo, double hi, int maxTicks)
{
    if (hi - lo < 1)
        hi = lo + 1;
    double step = 5;
    for (double candidate : {5.0, 10.0, 20.0, 50.0, 100.0}) {
        step = candidate;
        if ((std::ceil(hi / step) - std::floor(lo / step)) <= maxTicks - 1)
            break;
    }
    const double min = std::floor(lo / step) * step;
    const double max = std::ceil(hi / step) * step;
    axis->setRange(min, max);
    axis->setTickCount(int((max - min) / step) + 1);
}

// 0 to a 1-2-5 ceiling above `hi`, with headroom for the lost-ping marks along the top.
void setRttRange(QValueAxis *axis, double hi, int maxTicks)
{
    const double target = qMax(100.0, hi * 1.25);
    const double magnitude = std::pow(10.0, std::floor(std::log10(target)));
    double top = 10 * magnitude;
    for (double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (factor * magnitude >= target) {
            top = factor * magnitude;
            break;
        }
    }
    axis->setRange(0, top);
    axis->setTickCount(maxTicks >= 6 ? 6 : 3);
}

QString timeFormat(qint64 spanMs)
{
    if (spanMs <= 2 * 3600 * 1000)
        return QStringLiteral("hh:mm:ss");
    if (spanMs <= 48 * 3600 * 1000)
        return QStringLiteral("hh:mm");
    return QStringLiteral("dd.MM. hh:mm");
}

void showInLegend(QChart *chart, QAbstractSeries *series, bool visible)
{
    for (QLegendMarker *marker : chart->legend()->markers(series))
        marker->setVisible(visible);
}

} // namespace

// One metric as a pool of line series, one per segment between gaps; only the first shows in
// the legend. Clicking its legend entry hides or shows the metric.
class TimelineChart::Line
{
public:
    Line(QChart *chart, const QString &name, const QColor &color, QAbstractAxis *x, QAbstractAxis *y)
        : m_chart(chart), m_name(name), m_color(color), m_x(x), m_y(y)
    {
        series(0);
    }

    void set(const Segments &segments)
    {
        m_points = 0;
        m_range.reset();
        for (qsizetype i = 0; i < qMax<qsizetype>(segments.size(), m_series.size()); ++i) {
            const QList<QPointF> points = i < segments.size() ? segments.at(i) : QList<QPointF>();
            if (points.isEmpty() && i >= m_series.size())
                continue;
            series(int(i))->replace(points);
            m_points += int(points.size());
            for (const QPointF &p : points)
                m_range = Range{m_range ? qMin(m_range->min, p.y()) : p.y(), m_range ? qMax(m_range->max, p.y()) : p.y()};
        }
        m_segments = int(segments.size());
    }

    int pointCount() const { return m_points; }
    int segmentCount() const { return m_segments; }
    const std::optional<Range> &range() const { return m_hidden ? m_none : m_range; }

private:
    QLineSeries *series(int index)
    {
        while (m_series.size() <= index) {
            auto *s = new QLineSeries(m_chart);
            s->setName(m_name);
            QPen pen(m_color, 2);
            pen.setCosmetic(true);
            s->setPen(pen);
            m_chart->addSeries(s);
            s->attachAxis(m_x);
            s->attachAxis(m_y);
            s->setVisible(!m_hidden);
            if (m_series.isEmpty())
                watchLegend(s);
            else
                showInLegend(m_chart, s, false);
            m_series.append(s);
        }
        return m_series.at(index);
    }

    void watchLegend(QLineSeries *s)
    {
        for (QLegendMarker *marker : m_chart->legend()->markers(s)) {
            QObject::connect(marker, &QLegendMarker::clicked, m_chart, [this, marker] {
                m_hidden = !m_hidden;
                for (QLineSeries *each : std::as_const(m_series))
                    each->setVisible(!m_hidden);
                for (qsizetype i = 1; i < m_series.size(); ++i)
                    showInLegend(m_chart, m_series.at(i), false);
                marker->setVisible(true);
                // A hidden metric stays listed, greyed, so it can be clicked back on.
                QColor label = marker->labelBrush().color();
                label.setAlphaF(m_hidden ? 0.4f : 1.0f);
                marker->setLabelBrush(label);
            });
        }
    }

    QChart *m_chart;
    QString m_name;
    QColor m_color;
    QAbstractAxis *m_x;
    QAbstractAxis *m_y;
    QList<QLineSeries *> m_series;
    int m_points = 0;
    int m_segments = 0;
    bool m_hidden = false;
    std::optional<Range> m_range;
    std::optional<Range> m_none;
};

TimelineChart::TimelineChart(QGraphicsItem *parent)
    : QChart(parent)
{
    // Animations would replay on every refresh of a live view.
    setAnimationOptions(QChart::NoAnimation);
    setTheme(QChart::ChartThemeLight);
    setMargins(QMargins(4, 4, 4, 4));
    legend()->setAlignment(Qt::AlignBottom);
    legend()->setShowToolTips(true);
    buildAxes();
    buildSeries();
    m_markers = std::make_unique<EventMarkerLayer>(this);
    m_hint = new QGraphicsSimpleTextItem(this);
    m_hint->setBrush(QColor(0x60, 0x60, 0x60));
    m_hint->setZValue(60);
    connect(this, &QChart::plotAreaChanged, this, [this] { layoutMarkers(); });
}

TimelineChart::~TimelineChart() = default;

void TimelineChart::buildAxes()
{
    m_timeAxis = new QDateTimeAxis(this);
    m_timeAxis->setTitleText(tr("Time"));
    m_dbmAxis = new QValueAxis(this);
    m_dbmAxis->setTitleText(tr("RSSI, RSRP (dBm)"));
    m_dbmAxis->setLabelFormat(QStringLiteral("%d"));
    m_dbAxis = new QValueAxis(this);
    m_dbAxis->setTitleText(tr("RSRQ, SINR (dB)"));
    m_dbAxis->setLabelFormat(QStringLiteral("%d"));
    m_msAxis = new QValueAxis(this);
    m_msAxis->setTitleText(tr("Ping RTT (ms)"));
    m_msAxis->setLabelFormat(QStringLiteral("%d"));
    // One grid is enough; the dB and ms axes only label their own scale.
    for (QValueAxis *axis : {m_dbAxis, m_msAxis})
        axis->setGridLineVisible(false);
    addAxis(m_timeAxis, Qt::AlignBottom);
    addAxis(m_dbmAxis, Qt::AlignLeft);
    addAxis(m_dbAxis, Qt::AlignRight);
    addAxis(m_msAxis, Qt::AlignRight);
    setNiceRange(m_dbmAxis, -120, -50, 8);
    setNiceRange(m_dbAxis, -20, 30, 8);
    setRttRange(m_msAxis, 100, 6);
}

void TimelineChart::buildSeries()
{
    const auto make = [this](Metric metric, const QString &name, const QColor &color, QValueAxis *axis) {
        m_lines[size_t(metric)] = std::make_unique<Line>(this, name, color, m_timeAxis, axis);
    };
    make(Metric::Rssi, tr("RSSI (dBm)"), kRssiColor, m_dbmAxis);
    make(Metric::Rsrp, tr("RSRP (dBm)"), kRsrpColor, m_dbmAxis);
    make(Metric::Rsrq, tr("RSRQ (dB)"), kRsrqColor, m_dbAxis);
    make(Metric::Sinr, tr("SINR (dB)"), kSinrColor, m_dbAxis);
    make(Metric::Rtt, tr("Ping RTT (ms)"), kRttColor, m_msAxis);

    m_lost = new QScatterSeries(this);
    m_lost->setName(tr("Lost ping"));
    m_lost->setMarkerShape(QScatterSeries::MarkerShapeRotatedRectangle);
    m_lost->setMarkerSize(9);
    m_lost->setColor(kLostColor);
    m_lost->setBorderColor(kLostColor.darker(130));
    addSeries(m_lost);
    m_lost->attachAxis(m_timeAxis);
    m_lost->attachAxis(m_msAxis);

    const auto limit = [this](const QColor &color, QValueAxis *axis) {
        auto *series = new QLineSeries(this);
        QPen pen(color, 1.5, Qt::DashLine);
        pen.setCosmetic(true);
        series->setPen(pen);
        addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(axis);
        return series;
    };
    m_rsrpThreshold = limit(kRsrpColor.darker(140), m_dbmAxis);
    m_rttThreshold = limit(kRttLimitColor, m_msAxis);
    renderThresholds();
}

void TimelineChart::setRsrpThreshold(std::optional<double> dbm)
{
    m_rsrpThresholdValue = dbm;
    renderThresholds();
}

void TimelineChart::setRttThreshold(std::optional<double> ms)
{
    m_rttThresholdValue = ms;
    renderThresholds();
}

int TimelineChart::plotWidth() const
{
    // Before the first layout the plot area is empty; assume a typical width.
    return plotArea().width() > 50 ? int(plotArea().width()) : 1000;
}

void TimelineChart::render(const TimelineData &data, qint64 fromMs, qint64 toMs)
{
    m_fromMs = fromMs;
    m_toMs = qMax(toMs, fromMs + 1000);
    DecimationSpan span;
    span.fromMs = m_fromMs;
    span.toMs = m_toMs;
    span.buckets = plotWidth();
    span.gapMs = m_gapMs;
    m_timeAxis->setFormat(timeFormat(m_toMs - m_fromMs));
    m_timeAxis->setTickCount(qBound(3, plotWidth() / kPixelsPerTimeLabel + 1, 13));
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(m_fromMs), QDateTime::fromMSecsSinceEpoch(m_toMs));
    renderLines(data, span);
    fitValueAxes();
    renderPings(data, span);
    renderThresholds();
    m_markers->setMarkers(data.events ? groupEvents(*data.events, m_fromMs, m_toMs, plotWidth()) : QList<EventMarker>());
    m_markers->setOutages(data.events ? outageSpans(*data.events, m_fromMs, m_toMs) : QList<OutageSpan>());
    layoutMarkers();
}

void TimelineChart::renderLines(const TimelineData &data, const DecimationSpan &span)
{
    static const QList<SignalSample> noSignal;
    static const QList<PingSample> noPings;
    const QList<SignalSample> &signal = data.signal ? *data.signal : noSignal;
    line(Metric::Rssi).set(decimate(signal, span, [](const SignalSample &s) { return s.rssiDbm; }));
    line(Metric::Rsrp).set(decimate(signal, span, [](const SignalSample &s) { return s.rsrpDbm; }));
    line(Metric::Rsrq).set(decimate(signal, span, [](const SignalSample &s) { return s.rsrqDb; }));
    line(Metric::Sinr).set(decimate(signal, span, [](const SignalSample &s) { return s.sinrDb; }));
    // A lost ping is a red mark, not a hole: the line joins the replies around it unless the
    // pings stopped for longer than a gap (no data connection).
    DecimationSpan rtt = span;
    rtt.breakOnMissing = false;
    line(Metric::Rtt).set(decimate(data.pings ? *data.pings : noPings, rtt, [](const PingSample &p) { return p.rttMs; }));
}

void TimelineChart::fitValueAxes()
{
    std::optional<Range> dbm;
    for (Metric m : {Metric::Rssi, Metric::Rsrp}) {
        if (const auto &r = line(m).range())
            dbm = Range{dbm ? qMin(dbm->min, r->min) : r->min, dbm ? qMax(dbm->max, r->max) : r->max};
    }
    double lo = dbm ? dbm->min - 3 : -120;
    double hi = dbm ? dbm->max + 3 : -50;
    if (m_rsrpThresholdValue) {
        lo = qMin(lo, *m_rsrpThresholdValue - 3);
        hi = qMax(hi, *m_rsrpThresholdValue + 3);
    }
    const int maxTicks = qBound(3, int(plotArea().height()) / kPixelsPerValueLabel + 1, 9);
    setNiceRange(m_dbmAxis, lo, hi, maxTicks);
    std::optional<Range> db;
    for (Metric m : {Metric::Rsrq, Metric::Sinr}) {
        if (const auto &r = line(m).range())
            db = Range{db ? qMin(db->min, r->min) : r->min, db ? qMax(db->max, r->max) : r->max};
    }
    setNiceRange(m_dbAxis, db ? db->min - 2 : -20, db ? db->max + 2 : 30, maxTicks);
    const auto &rtt = line(Metric::Rtt).range();
    setRttRange(m_msAxis, qMax(rtt ? rtt->max : 0.0, m_rttThresholdValue.value_or(0.0)), maxTicks);
    const bool tall = plotArea().height() >= kTallPlot;
    m_dbmAxis->setTitleText(tall ? tr("RSSI, RSRP (dBm)") : tr("dBm"));
    m_dbAxis->setTitleText(tall ? tr("RSRQ, SINR (dB)") : tr("dB"));
    m_msAxis->setTitleText(tall ? tr("Ping RTT (ms)") : tr("ms"));
}

void TimelineChart::renderPings(const TimelineData &data, const DecimationSpan &span)
{
    if (!data.pings) {
        m_lost->clear();
        return;
    }
    // Along the top of the RTT scale, a little inside so the marks are not cut by the frame.
    const double top = m_msAxis->max() * 0.95;
    m_lost->replace(decimateMarkers(*data.pings, span, [](const PingSample &p) { return !p.rttMs; }, top));
}

void TimelineChart::renderThresholds()
{
    const auto place = [this](QLineSeries *series, const std::optional<double> &value, const QString &name) {
        if (value) {
            if (series->name() != name)
                series->setName(name);
            series->replace({QPointF(double(m_fromMs), *value), QPointF(double(m_toMs), *value)});
        } else {
            series->clear();
        }
        series->setVisible(value.has_value());
        showInLegend(this, series, value.has_value());
    };
    place(m_rsrpThreshold, m_rsrpThresholdValue,
          tr("RSRP limit %1 dBm").arg(m_rsrpThresholdValue.value_or(0), 0, 'f', 0));
    place(m_rttThreshold, m_rttThresholdValue, tr("RTT limit %1 ms").arg(m_rttThresholdValue.value_or(0), 0, 'f', 0));
}

void TimelineChart::layoutMarkers()
{
    m_markers->layout(m_fromMs, m_toMs, plotArea());
    const QRectF box = m_hint->boundingRect();
    m_hint->setPos(plotArea().center() - QPointF(box.width() / 2, box.height() / 2));
}

void TimelineChart::setHint(const QString &text)
{
    if (m_hint->text() == text)
        return;
    m_hint->setText(text);
    m_hint->setVisible(!text.isEmpty());
    layoutMarkers();
}

QString TimelineChart::hint() const
{
    return m_hint->text();
}

qint64 TimelineChart::timeAt(qreal x) const
{
    const QRectF plot = plotArea();
    if (plot.width() <= 0)
        return m_fromMs;
    const double fraction = qBound(0.0, (x - plot.left()) / plot.width(), 1.0);
    return m_fromMs + qint64(fraction * double(m_toMs - m_fromMs));
}

int TimelineChart::pointCount(Metric metric) const
{
    return line(metric).pointCount();
}

int TimelineChart::segmentCount(Metric metric) const
{
    return line(metric).segmentCount();
}

int TimelineChart::lostPingCount() const
{
    return int(m_lost->count());
}

int TimelineChart::pushedPointCount() const
{
    int total = lostPingCount();
    for (const auto &l : m_lines)
        total += l->pointCount();
    return total;
}

} // namespace ModemBench::Ui
