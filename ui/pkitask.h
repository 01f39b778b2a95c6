#pragma once

#include "core/pki/certificateauthority.h"

#include <QElapsedTimer>
#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

class QTimer;

namespace ModemBench::Ui {

// Generates a private key on a worker thread (Pki::generateKey() is the one thread-safe call of
// core/pki; an RSA-4096 key can take seconds) and hands it to a callback on this object's thread,
// where the certificate is then issued (the CertificateAuthority must stay on its own thread).
// cancel() stops the wait at once: the callback is not called and the key, when the worker is
// done with it, is dropped, so nothing is issued or written. OpenSSL's key generation cannot be
// interrupted; the worker thread just finishes in the background.
class PkiTask : public QObject
{
    Q_OBJECT
public:
    using KeyCallback = std::function<void(Result<Pki::PrivateKey>)>;

    explicit PkiTask(QObject *parent = nullptr);
    ~PkiTask() override;

    void start(Pki::KeyKind kind, KeyCallback done);
    void cancel();
    bool isRunning() const { return m_running; }
    qint64 elapsedMs() const { return m_elapsed.isValid() ? m_elapsed.elapsed() : 0; }

    // Worker threads still generating (after a cancel they run to the end): tests wait for zero.
    static int activeWorkers();

Q_SIGNALS:
    void started();
    // About twice a second while waiting, for an "elapsed" label next to a busy indicator.
    void ticked(qint64 elapsedMs);
    void cancelled();
    // The key arrived and the callback has run (successfully or not).
    void finished();

private:
    struct Shared;
    void onWorkerDone(const std::shared_ptr<Shared> &shared);

    std::shared_ptr<Shared> m_current;
    KeyCallback m_done;
    QTimer *m_tick = nullptr;
    QElapsedTimer m_elapsed;
    bool m_running = false;
};

} // namespace ModemBench::Ui
