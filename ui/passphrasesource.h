#pragma once

#include "core/error.h"
#include "ui/dialogseam.h"
#include "ui/passphrasedialog.h"

#include <QObject>
#include <QPointer>

class QComboBox;
class QWidget;

namespace ModemBench::Ui {

class KeyringStore;

// Where a CA passphrase comes from: never an argument or the settings (issue #5).
enum class PassphraseOrigin { Prompt, Environment, File, Keyring };

// Gets a passphrase from the origin the user picked, asynchronously (a prompt, a file chooser
// and the keyring all answer later). The callback is not called when the user cancels a dialog.
class PassphraseSource : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(Result<PassphraseAnswer>)>;

    explicit PassphraseSource(QWidget *dialogParent);

    void setPrompt(PassphrasePrompt prompt) { m_prompt = std::move(prompt); }
    void setOpenFileChooser(OpenFileChooser chooser) { m_openChooser = std::move(chooser); }
    KeyringStore *keyring() const { return m_keyring; }

    void obtain(PassphraseOrigin origin, const PassphraseRequest &request, Callback done);
    // After the passphrase proved right (the CA opened or was created): store it when asked to.
    // Reports on `done` (a failure is a warning: the CA itself is fine).
    void rememberIfAsked(const QString &caDirectory, const PassphraseAnswer &answer,
                         std::function<void(Result<void>)> done);

    // Environment when MODEMBENCH_CA_PASSPHRASE is set, the keyring when this folder's passphrase
    // was stored there, else the prompt.
    static PassphraseOrigin preferredOrigin(const QString &caDirectory);
    // Fills a combo with the origins (item data = int(origin)), greying out the environment when
    // the variable is unset and the keyring when there is none, and selects the preferred one.
    static void fillOriginCombo(QComboBox *combo, const QString &caDirectory);
    static PassphraseOrigin comboOrigin(const QComboBox *combo);

private:
    QPointer<QWidget> m_parent;
    PassphrasePrompt m_prompt;
    OpenFileChooser m_openChooser;
    KeyringStore *m_keyring = nullptr;
};

} // namespace ModemBench::Ui
