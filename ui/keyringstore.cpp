#include "ui/keyringstore.h"

#include <qt6keychain/keychain.h>

#include <QDir>
#include <QSettings>
#include <QTimer>

namespace ModemBench::Ui {

namespace {

const QString kRememberedKey = QStringLiteral("pki/keyringFolders");

QString fallbackHint()
{
    return KeyringStore::tr("Type the passphrase instead, read it from a file (0600), or set MODEMBENCH_CA_PASSPHRASE.");
}

Error jobError(const QKeychain::Job *job)
{
    switch (job->error()) {
    case QKeychain::EntryNotFound:
        return Error{ErrorCode::Usage,
                     KeyringStore::tr("The desktop keyring holds no passphrase for this CA. %1").arg(fallbackHint()), {}, -1};
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return Error{ErrorCode::PermissionDenied,
                     KeyringStore::tr("The desktop keyring refused access (%1). Unlock it, or: %2")
                         .arg(job->errorString(), fallbackHint()),
                     {}, -1};
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return Error{ErrorCode::Unsupported,
                     KeyringStore::tr("No desktop keyring is available (%1). %2").arg(job->errorString(), fallbackHint()),
                     {}, -1};
    default:
        return Error{ErrorCode::Error,
                     KeyringStore::tr("The desktop keyring failed: %1. %2").arg(job->errorString(), fallbackHint()), {}, -1};
    }
}

void setRemembered(const QString &key, bool remembered)
{
    QSettings settings;
    QStringList folders = settings.value(kRememberedKey).toStringList();
    folders.removeAll(key);
    if (remembered)
        folders << key;
    settings.setValue(kRememberedKey, folders);
}

// Reports `error` on the next event-loop turn, like a job would: callers never see a callback
// run inside the call that started it.
template<class Callback>
void failLater(QObject *context, Callback done, const QString &message)
{
    QTimer::singleShot(0, context, [done = std::move(done), message] {
        done(std::unexpected(Error{ErrorCode::Unsupported, message, {}, -1}));
    });
}

template<class Job>
Job *makeJob(const QString &key)
{
    auto *job = new Job(QString::fromLatin1(KeyringStore::kService));
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain-text file in place of a keyring
    job->setKey(key);
    return job;
}

} // namespace

KeyringStore::KeyringStore(QObject *parent)
    : QObject(parent)
{
}

QString KeyringStore::keyFor(const QString &caDirectory)
{
    return QDir::cleanPath(QDir(caDirectory).absolutePath());
}

bool KeyringStore::isRemembered(const QString &caDirectory)
{
    return QSettings().value(kRememberedKey).toStringList().contains(keyFor(caDirectory));
}

QString KeyringStore::unavailableReason()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    // Without a session bus libsecret would try to autolaunch one (or hang on a headless box).
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        return tr("No desktop keyring is available: there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS is unset). %1")
            .arg(fallbackHint());
#endif
    return QString();
}

void KeyringStore::read(const QString &caDirectory, QObject *context, ReadCallback done)
{
    if (const QString reason = unavailableReason(); !reason.isEmpty())
        return failLater(context, std::move(done), reason);
    auto *job = makeJob<QKeychain::ReadPasswordJob>(keyFor(caDirectory));
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [guard, done = std::move(done)](QKeychain::Job *finished) {
        if (!guard)
            return;
        auto *reader = static_cast<QKeychain::ReadPasswordJob *>(finished);
        if (reader->error() != QKeychain::NoError)
            return done(std::unexpected(jobError(reader)));
        done(Pki::SecretBytes(reader->binaryData()));
    });
    job->start();
}

void KeyringStore::write(const QString &caDirectory, const Pki::SecretBytes &passphrase, QObject *context,
                         DoneCallback done)
{
    if (const QString reason = unavailableReason(); !reason.isEmpty())
        return failLater(context, std::move(done), reason);
    const QString key = keyFor(caDirectory);
    auto *job = makeJob<QKeychain::WritePasswordJob>(key);
    job->setBinaryData(passphrase.reveal());
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [guard, key, done = std::move(done)](QKeychain::Job *finished) {
        const bool ok = finished->error() == QKeychain::NoError;
        if (ok)
            setRemembered(key, true);
        if (!guard)
            return;
        if (!ok)
            return done(std::unexpected(jobError(finished)));
        done({});
    });
    job->start();
}

void KeyringStore::remove(const QString &caDirectory, QObject *context, DoneCallback done)
{
    const QString key = keyFor(caDirectory);
    setRemembered(key, false);
    if (const QString reason = unavailableReason(); !reason.isEmpty())
        return failLater(context, std::move(done), reason);
    auto *job = makeJob<QKeychain::DeletePasswordJob>(key);
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this, [guard, done = std::move(done)](QKeychain::Job *finished) {
        if (!guard)
            return;
        if (finished->error() != QKeychain::NoError && finished->error() != QKeychain::EntryNotFound)
            return done(std::unexpected(jobError(finished)));
        done({});
    });
    job->start();
}

} // namespace ModemBench::Ui
