#include "core/clock.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QThreadStorage>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace ModemBench {

namespace {

class SystemClockTimer final : public ClockTimer
{
public:
    SystemClockTimer()
    {
        m_timer.setSingleShot(true);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            // Move the callback out first: it may restart this timer.
            auto callback = std::move(m_callback);
            m_callback = nullptr;
            if (callback)
                callback();
        });
    }
    void start(qint64 ms, std::function<void()> callback) override
    {
        m_callback = std::move(callback);
        m_timer.start(int(std::clamp<qint64>(ms, 0, std::numeric_limits<int>::max())));
    }
    void stop() override
    {
        m_timer.stop();
        m_callback = nullptr;
    }
    bool isActive() const override { return m_timer.isActive(); }

private:
    QTimer m_timer;
    std::function<void()> m_callback;
};

qint64 monotonicMs()
{
    static QElapsedTimer timer = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return timer.elapsed();
}

} // namespace

SystemClock::SystemClock()
    : m_origin(monotonicMs())
{
}

qint64 SystemClock::nowMs() const
{
    return monotonicMs() - m_origin;
}

std::unique_ptr<ClockTimer> SystemClock::createTimer()
{
    return std::make_unique<SystemClockTimer>();
}

SystemClock *SystemClock::instanceForThread()
{
    static QThreadStorage<SystemClock *> storage;
    if (!storage.hasLocalData())
        storage.setLocalData(new SystemClock);
    return storage.localData();
}

class ManualClockTimer final : public ClockTimer
{
public:
    explicit ManualClockTimer(ManualClock *clock)
        : m_clock(clock)
        , m_owner(clock->m_nextId++)
    {
    }
    ~ManualClockTimer() override { stop(); }
    void start(qint64 ms, std::function<void()> callback) override
    {
        stop();
        m_active = true;
        m_clock->schedule(m_clock->nowMs() + qMax<qint64>(0, ms), m_owner, [this, cb = std::move(callback)] {
            m_active = false;
            cb();
        });
    }
    void stop() override
    {
        m_clock->unschedule(m_owner);
        m_active = false;
    }
    bool isActive() const override { return m_active; }

private:
    ManualClock *m_clock;
    quint64 m_owner;
    bool m_active = false;
};

std::unique_ptr<ClockTimer> ManualClock::createTimer()
{
    return std::make_unique<ManualClockTimer>(this);
}

quint64 ManualClock::schedule(qint64 deadline, quint64 owner, std::function<void()> callback)
{
    const quint64 seq = m_nextId++;
    m_timers.emplace(std::make_pair(deadline, seq), Entry{std::move(callback), owner});
    return seq;
}

void ManualClock::unschedule(quint64 owner)
{
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (it->second.owner == owner)
            it = m_timers.erase(it);
        else
            ++it;
    }
}

void ManualClock::advance(qint64 ms)
{
    const qint64 target = m_now + qMax<qint64>(0, ms);
    // Each fired callback may schedule more; the loop ends because deadlines never go backwards
    // past target and every iteration removes one entry.
    while (!m_timers.empty() && m_timers.begin()->first.first <= target) {
        auto node = m_timers.extract(m_timers.begin());
        m_now = node.key().first;
        node.mapped().callback();
    }
    m_now = target;
}

} // namespace ModemBench
