#pragma once

// Reduces a long time series to what a chart of a given width can show (issue #4: a 24-hour
// recording at 1 Hz is 86400 points per series; Qt Charts slows to a crawl long before that).
// The visible span is cut into pixel-wide buckets and each bucket keeps only its minimum and
// maximum, in time order: a spike or a dip of one sample still reaches the screen, which a plain
// "every n-th point" would lose. Pure functions over sorted samples; no Qt Charts here.

#include <QList>
#include <QPointF>

#include <algorithm>
#include <optional>

namespace ModemBench::Ui {

struct DecimationSpan {
    qint64 fromMs = 0;
    qint64 toMs = 0;
    int buckets = 1000;        // about one per horizontal pixel
    // Consecutive values further apart than this are not joined (the monitor stopped, the port
    // was gone, every ping of a minute failed).
    qint64 gapMs = 5000;
    // A sample without a value (CSQ 99, CPSI NO SERVICE) ends the line: no service is a hole, not
    // a straight line between the values around it.
    bool breakOnMissing = true;
    // Each segment becomes a chart series; past this many the remaining gaps are joined.
    int maxSegments = 64;
};

using Segments = QList<QList<QPointF>>;

int pointCount(const Segments &segments);

namespace Internal {

// Index of the first item at or after `timeMs` (items sorted by timeMs).
template<class T>
qsizetype lowerBound(const QList<T> &items, qint64 timeMs)
{
    const auto it = std::lower_bound(items.cbegin(), items.cend(), timeMs,
                                     [](const T &item, qint64 t) { return item.timeMs < t; });
    return it - items.cbegin();
}

// The index range to look at: one item either side of the span, so lines run to the edges.
template<class T>
std::pair<qsizetype, qsizetype> visibleRange(const QList<T> &items, const DecimationSpan &span)
{
    const qsizetype first = qMax<qsizetype>(0, lowerBound(items, span.fromMs) - 1);
    const qsizetype last = qMin<qsizetype>(items.size(), lowerBound(items, span.toMs + 1) + 1);
    return {first, last};
}

// Collects min/max per bucket and the segment breaks.
class SegmentBuilder
{
public:
    explicit SegmentBuilder(const DecimationSpan &span);
    void add(qint64 timeMs, double value);
    void breakLine();
    Segments finish();

private:
    qint64 bucketOf(qint64 timeMs) const;
    void flushBucket();

    DecimationSpan m_span;
    double m_bucketMs;
    Segments m_segments;
    QList<QPointF> m_current;
    qint64 m_bucket = -1;
    std::optional<QPointF> m_min;
    std::optional<QPointF> m_max;
    std::optional<qint64> m_lastTimeMs;
};

} // namespace Internal

// The min/max-decimated line of `value(item)` (a std::optional<double>) over the span, split into
// segments at gaps; x is ms since the epoch as a double (what QDateTimeAxis expects).
template<class T, class Value>
Segments decimate(const QList<T> &items, const DecimationSpan &span, Value value)
{
    Internal::SegmentBuilder builder(span);
    const auto [first, last] = Internal::visibleRange(items, span);
    for (qsizetype i = first; i < last; ++i) {
        const T &item = items.at(i);
        const std::optional<double> v = value(item);
        if (v)
            builder.add(item.timeMs, *v);
        else if (span.breakOnMissing)
            builder.breakLine();
    }
    return builder.finish();
}

// One point per bucket that holds at least one item matching `pick` (lost pings), at height y.
template<class T, class Pick>
QList<QPointF> decimateMarkers(const QList<T> &items, const DecimationSpan &span, Pick pick, double y)
{
    QList<QPointF> points;
    const double bucketMs = qMax(1.0, double(span.toMs - span.fromMs) / qMax(1, span.buckets));
    qint64 lastBucket = -1;
    for (qsizetype i = Internal::lowerBound(items, span.fromMs); i < items.size(); ++i) {
        const T &item = items.at(i);
        if (item.timeMs > span.toMs)
            break;
        if (!pick(item))
            continue;
        const auto bucket = qint64((item.timeMs - span.fromMs) / bucketMs);
        if (bucket == lastBucket)
            continue;
        lastBucket = bucket;
        points.append(QPointF(double(item.timeMs), y));
    }
    return points;
}

} // namespace ModemBench::Ui
