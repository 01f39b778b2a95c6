#pragma once

#include <QObject>

#include <functional>
#include <map>
#include <memory>

class QTimer;

namespace ModemBench {

// A single-shot timer whose time source is a Clock. Restarting replaces the pending callback.
class ClockTimer
{
public:
    virtual ~ClockTimer() = default;
    virtual void start(qint64 ms, std::function<void()> callback) = 0;
    virtual void stop() = 0;
    virtual bool isActive() const = 0;
};

// Time for everything that waits on the modem. Tests inject ManualClock and step it, so no test
// is paced by sleeps (DEVELOPERS.md).
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
    virtual std::unique_ptr<ClockTimer> createTimer() = 0;
};

// Wall time through QElapsedTimer / QTimer on the owning thread's event loop.
class SystemClock final : public Clock
{
public:
    SystemClock();
    qint64 nowMs() const override;
    std::unique_ptr<ClockTimer> createTimer() override;
    static SystemClock *instanceForThread(); // shared default for callers that inject none

private:
    qint64 m_origin;
};

// Time that moves only when a test calls advance(); due timers fire in deadline order.
class ManualClock final : public Clock
{
public:
    qint64 nowMs() const override { return m_now; }
    std::unique_ptr<ClockTimer> createTimer() override;
    void advance(qint64 ms);
    int pendingTimers() const { return int(m_timers.size()); }

private:
    friend class ManualClockTimer;
    struct Entry {
        std::function<void()> callback;
        quint64 owner;
    };
    quint64 schedule(qint64 deadline, quint64 owner, std::function<void()> callback);
    void unschedule(quint64 owner);

    qint64 m_now = 0;
    quint64 m_nextId = 1;
    std::multimap<std::pair<qint64, quint64>, Entry> m_timers;
};

} // namespace ModemBench
