#pragma once

#include "core/monitor/monitorsamples.h"
#include "ui/timelinedecimation.h"
#include "ui/timelinemarkers.h"

#include <QChart>

#include <array>
#include <memory>
#include <optional>

class QDateTimeAxis;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace ModemBench::Ui {

// What the chart draws from; the lists are sorted by time (the monitor appends in order).
struct TimelineData {
    const QList<SignalSample> *signal = nullptr;
    const QList<PingSample> *pings = nullptr;
    const QList<MonitorEvent> *events = nullptr;
};

// The timeline chart of issue #4: RSSI and RSRP on a dBm axis, RSRQ and SINR on a dB axis, ping
// RTT on an ms axis with lost pings as red marks along its top, events as vertical markers, and
// threshold lines, all on one time axis. render() rebuilds every series for a time range from
// the full data, decimated to about two points per pixel, so its cost depends on the width of the
// plot and the samples in range, never on more points than the screen can show.
class TimelineChart : public QChart
{
    Q_OBJECT
public:
    enum class Metric { Rssi, Rsrp, Rsrq, Sinr, Rtt };
    static constexpr int kMetricCount = 5;

    explicit TimelineChart(QGraphicsItem *parent = nullptr);
    ~TimelineChart() override;

    void render(const TimelineData &data, qint64 fromMs, qint64 toMs);
    void setRsrpThreshold(std::optional<double> dbm);
    void setRttThreshold(std::optional<double> ms);
    // Consecutive samples further apart than this are not joined (about three poll intervals).
    void setGapMs(qint64 gapMs) { m_gapMs = gapMs; }
    // A line in the middle of the plot, for an empty chart ("Start monitoring…"); empty: none.
    void setHint(const QString &text);
    QString hint() const;

    qint64 fromMs() const { return m_fromMs; }
    qint64 toMs() const { return m_toMs; }
    // Time under a chart x coordinate, clamped to the plot.
    qint64 timeAt(qreal x) const;

    QDateTimeAxis *timeAxis() const { return m_timeAxis; }
    QValueAxis *dbmAxis() const { return m_dbmAxis; }
    QValueAxis *dbAxis() const { return m_dbAxis; }
    QValueAxis *msAxis() const { return m_msAxis; }
    QScatterSeries *lostSeries() const { return m_lost; }
    QLineSeries *rsrpThresholdSeries() const { return m_rsrpThreshold; }

    // What the last render() pushed into the chart (tests, and the "smooth for 24 h" check).
    int pointCount(Metric metric) const;
    int segmentCount(Metric metric) const;
    int lostPingCount() const;
    int pushedPointCount() const;
    const QList<EventMarker> &eventMarkers() const { return m_markers->markers(); }
    const QList<OutageSpan> &outages() const { return m_markers->outages(); }

private:
    class Line;
    Line &line(Metric metric) const { return *m_lines[size_t(metric)]; }
    void buildAxes();
    void buildSeries();
    void renderLines(const TimelineData &data, const DecimationSpan &span);
    void renderPings(const TimelineData &data, const DecimationSpan &span);
    void renderThresholds();
    void fitValueAxes();
    void layoutMarkers();
    int plotWidth() const;

    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_dbmAxis = nullptr;
    QValueAxis *m_dbAxis = nullptr;
    QValueAxis *m_msAxis = nullptr;
    std::array<std::unique_ptr<Line>, kMetricCount> m_lines;
    QScatterSeries *m_lost = nullptr;
    QLineSeries *m_rsrpThreshold = nullptr;
    QLineSeries *m_rttThreshold = nullptr;
    std::optional<double> m_rsrpThresholdValue;
    std::optional<double> m_rttThresholdValue;
    std::unique_ptr<EventMarkerLayer> m_markers;
    QGraphicsSimpleTextItem *m_hint = nullptr;
    qint64 m_fromMs = 0;
    qint64 m_toMs = 60000;
    qint64 m_gapMs = 9000;
};

} // namespace ModemBench::Ui
