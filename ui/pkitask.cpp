#include "ui/pkitask.h"

#include <QPointer>
#include <QThread>
#include <QTimer>

#include <optional>

namespace ModemBench::Ui {

namespace {
std::atomic<int> g_activeWorkers{0};
constexpr int kTickMs = 500;
} // namespace

// Written by the worker before it finishes, read on the GUI thread after QThread::finished (which
// orders the two); `cancelled` is only touched on the GUI thread.
struct PkiTask::Shared {
    std::optional<Result<Pki::PrivateKey>> result;
    bool cancelled = false;
};

PkiTask::PkiTask(QObject *parent)
    : QObject(parent)
    , m_tick(new QTimer(this))
{
    m_tick->setInterval(kTickMs);
    connect(m_tick, &QTimer::timeout, this, [this] { Q_EMIT ticked(elapsedMs()); });
}

PkiTask::~PkiTask()
{
    // A worker still running keeps its Shared alive and its thread deletes itself; no wait here,
    // the GUI must not block on OpenSSL.
    if (m_current)
        m_current->cancelled = true;
}

int PkiTask::activeWorkers()
{
    return g_activeWorkers.load();
}

void PkiTask::start(Pki::KeyKind kind, KeyCallback done)
{
    if (m_running)
        cancel();
    auto shared = std::make_shared<Shared>();
    m_current = shared;
    m_done = std::move(done);
    m_running = true;
    m_elapsed.start();
    ++g_activeWorkers;
    QThread *thread = QThread::create([shared, kind] { shared->result.emplace(Pki::generateKey(kind)); });
    thread->setObjectName(QStringLiteral("pki-keygen"));
    // The QThread object lives here, so this runs queued on this thread: the callback and the CA
    // run here, never on the worker. It runs (and counts down) even when the task is gone.
    QPointer<PkiTask> self(this);
    connect(thread, &QThread::finished, thread, [self, shared, thread] {
        --g_activeWorkers;
        thread->deleteLater();
        if (self)
            self->onWorkerDone(shared);
    });
    m_tick->start();
    Q_EMIT started();
    thread->start(QThread::LowPriority);
}

void PkiTask::cancel()
{
    if (!m_running)
        return;
    m_current->cancelled = true;
    m_current.reset();
    m_done = nullptr;
    m_running = false;
    m_tick->stop();
    Q_EMIT cancelled();
}

void PkiTask::onWorkerDone(const std::shared_ptr<Shared> &shared)
{
    if (shared->cancelled || shared != m_current || !shared->result)
        return;
    m_current.reset();
    m_running = false;
    m_tick->stop();
    KeyCallback done = std::exchange(m_done, nullptr);
    Result<Pki::PrivateKey> result = std::move(*shared->result);
    shared->result.reset();
    if (done)
        done(std::move(result));
    Q_EMIT finished();
}

} // namespace ModemBench::Ui
