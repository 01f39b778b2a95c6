#include "ui/timelinedecimation.h"

#include <cmath>
#include <limits>

namespace ModemBench::Ui {

namespace {
constexpr qint64 kNoBucket = std::numeric_limits<qint64>::min();
} // namespace

int pointCount(const Segments &segments)
{
    int count = 0;
    for (const auto &segment : segments)
        count += int(segment.size());
    return count;
}

namespace Internal {

SegmentBuilder::SegmentBuilder(const DecimationSpan &span)
    : m_span(span)
    , m_bucketMs(qMax(1.0, double(span.toMs - span.fromMs) / qMax(1, span.buckets)))
    , m_bucket(kNoBucket)
{
}

qint64 SegmentBuilder::bucketOf(qint64 timeMs) const
{
    return qint64(std::floor(double(timeMs - m_span.fromMs) / m_bucketMs));
}

void SegmentBuilder::add(qint64 timeMs, double value)
{
    if (m_lastTimeMs && timeMs - *m_lastTimeMs > m_span.gapMs)
        breakLine();
    const qint64 bucket = bucketOf(timeMs);
    if (bucket != m_bucket) {
        flushBucket();
        m_bucket = bucket;
    }
    const QPointF point(double(timeMs), value);
    if (!m_min || value < m_min->y())
        m_min = point;
    if (!m_max || value > m_max->y())
        m_max = point;
    m_lastTimeMs = timeMs;
}

void SegmentBuilder::flushBucket()
{
    if (m_min && m_max) {
        // Time order, so the line goes through the dip and the peak as they happened.
        const bool minFirst = m_min->x() <= m_max->x();
        m_current.append(minFirst ? *m_min : *m_max);
        if (*m_min != *m_max)
            m_current.append(minFirst ? *m_max : *m_min);
    }
    m_min.reset();
    m_max.reset();
    m_bucket = kNoBucket;
}

void SegmentBuilder::breakLine()
{
    flushBucket();
    if (m_current.isEmpty() || m_segments.size() + 1 >= m_span.maxSegments)
        return;
    m_segments.append(std::exchange(m_current, {}));
    m_lastTimeMs.reset();
}

Segments SegmentBuilder::finish()
{
    flushBucket();
    if (!m_current.isEmpty())
        m_segments.append(std::exchange(m_current, {}));
    return std::exchange(m_segments, {});
}

} // namespace Internal

} // namespace ModemBench::Ui
