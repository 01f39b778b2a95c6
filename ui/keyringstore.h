#pragma once

#include "core/error.h"
#include "core/pki/pkitypes.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace ModemBench::Ui {

// The desktop keyring (Secret Service, KWallet; QtKeychain) as an opt-in home for a CA's
// passphrase: service "ModemBench", one entry per CA folder (its absolute path). Every call is an
// asynchronous job whose callback runs later on this thread, guarded by `context`; nothing spins a
// nested event loop. Without a session D-Bus (a server, Xvfb) the callback gets an error that says
// so and what to use instead. Which folders have an entry is remembered in QSettings (the folder
// path only, never the passphrase) so the wizard can offer the keyring without asking it first.
class KeyringStore : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *kService = "ModemBench";

    explicit KeyringStore(QObject *parent = nullptr);

    using ReadCallback = std::function<void(Result<Pki::SecretBytes>)>;
    using DoneCallback = std::function<void(Result<void>)>;

    void read(const QString &caDirectory, QObject *context, ReadCallback done);
    void write(const QString &caDirectory, const Pki::SecretBytes &passphrase, QObject *context, DoneCallback done);
    void remove(const QString &caDirectory, QObject *context, DoneCallback done);

    // Whether a passphrase for this folder was stored from here (it may since have been removed
    // from the keyring by other means; read() then says so).
    static bool isRemembered(const QString &caDirectory);
    static QString keyFor(const QString &caDirectory);
    // Empty when a keyring may be reachable; otherwise why not (no D-Bus session bus).
    static QString unavailableReason();
};

} // namespace ModemBench::Ui
