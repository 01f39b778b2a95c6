#include "ui/passphrasesource.h"

#include "core/pki/certificateauthority.h"
#include "ui/keyringstore.h"

#include <QComboBox>
#include <QStandardItemModel>
#include <QTimer>

namespace ModemBench::Ui {

PassphraseSource::PassphraseSource(QWidget *dialogParent)
    : QObject(dialogParent)
    , m_parent(dialogParent)
    , m_prompt(defaultPassphrasePrompt())
    , m_openChooser(defaultOpenFileChooser())
    , m_keyring(new KeyringStore(this))
{
}

void PassphraseSource::obtain(PassphraseOrigin origin, const PassphraseRequest &request, Callback done)
{
    switch (origin) {
    case PassphraseOrigin::Prompt:
        m_prompt(m_parent, request, [done](PassphraseAnswer answer) { done(std::move(answer)); });
        return;
    case PassphraseOrigin::Environment:
        // Answered on the next turn like every other origin, so callers have one code path.
        QTimer::singleShot(0, this, [done] {
            std::optional<Pki::SecretBytes> secret = Pki::passphraseFromEnvironment();
            if (!secret || secret->isEmpty())
                return done(fail(ErrorCode::Usage, tr("MODEMBENCH_CA_PASSPHRASE is not set. Set it before starting "
                                                      "ModemBench, or choose another passphrase source.")));
            done(PassphraseAnswer{std::move(*secret), false});
        });
        return;
    case PassphraseOrigin::File:
        m_openChooser(m_parent, OpenFileRequest{tr("Passphrase File (first line, mode 0600)"), request.caDirectory,
                                                tr("All files (*)")},
                      [done](const QString &path) {
                          Result<Pki::SecretBytes> secret = Pki::passphraseFromFile(path);
                          if (!secret)
                              return done(std::unexpected(secret.error()));
                          done(PassphraseAnswer{std::move(*secret), false});
                      });
        return;
    case PassphraseOrigin::Keyring:
        m_keyring->read(request.caDirectory, this, [done](Result<Pki::SecretBytes> secret) {
            if (!secret)
                return done(std::unexpected(secret.error()));
            done(PassphraseAnswer{std::move(*secret), false});
        });
        return;
    }
}

void PassphraseSource::rememberIfAsked(const QString &caDirectory, const PassphraseAnswer &answer,
                                       std::function<void(Result<void>)> done)
{
    if (!answer.remember)
        return;
    m_keyring->write(caDirectory, answer.passphrase, this, std::move(done));
}

PassphraseOrigin PassphraseSource::preferredOrigin(const QString &caDirectory)
{
    if (!qEnvironmentVariableIsEmpty("MODEMBENCH_CA_PASSPHRASE"))
        return PassphraseOrigin::Environment;
    if (!caDirectory.isEmpty() && KeyringStore::isRemembered(caDirectory) && KeyringStore::unavailableReason().isEmpty())
        return PassphraseOrigin::Keyring;
    return PassphraseOrigin::Prompt;
}

void PassphraseSource::fillOriginCombo(QComboBox *combo, const QString &caDirectory)
{
    if (combo->count() == 0) {
        combo->addItem(tr("Ask me (prompt)"), int(PassphraseOrigin::Prompt));
        combo->addItem(tr("Environment: MODEMBENCH_CA_PASSPHRASE"), int(PassphraseOrigin::Environment));
        combo->addItem(tr("First line of a file (0600)…"), int(PassphraseOrigin::File));
        combo->addItem(tr("Desktop keyring"), int(PassphraseOrigin::Keyring));
    }
    auto *model = qobject_cast<QStandardItemModel *>(combo->model());
    const bool envSet = !qEnvironmentVariableIsEmpty("MODEMBENCH_CA_PASSPHRASE");
    const QString keyringReason = KeyringStore::unavailableReason();
    if (model) {
        QStandardItem *env = model->item(combo->findData(int(PassphraseOrigin::Environment)));
        env->setEnabled(envSet);
        env->setToolTip(envSet ? tr("MODEMBENCH_CA_PASSPHRASE is set: it is used") : tr("MODEMBENCH_CA_PASSPHRASE is not set"));
        QStandardItem *keyring = model->item(combo->findData(int(PassphraseOrigin::Keyring)));
        keyring->setEnabled(keyringReason.isEmpty());
        keyring->setToolTip(keyringReason.isEmpty() ? tr("Only if you ticked \"Remember in the desktop keyring\" before")
                                                    : keyringReason);
    }
    combo->setCurrentIndex(combo->findData(int(preferredOrigin(caDirectory))));
}

PassphraseOrigin PassphraseSource::comboOrigin(const QComboBox *combo)
{
    return PassphraseOrigin(combo->currentData().toInt());
}

} // namespace ModemBench::Ui
