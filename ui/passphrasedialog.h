#pragma once

#include "core/pki/pkitypes.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace ModemBench::Ui {

struct PassphraseRequest {
    enum class Mode { NewCa, Unlock };
    Mode mode = Mode::Unlock;
    QString caDirectory;
    QString purpose;               // "to revoke dev-869951031234564"; may be empty
};

struct PassphraseAnswer {
    Pki::SecretBytes passphrase;
    bool remember = false;         // the user opted in to the desktop keyring
};

// The passphrase prompt goes through this seam (like the file dialogs in dialogseam.h) so tests
// can answer it; `accepted` is not called when the user cancels.
using PassphrasePrompt = std::function<void(QWidget *parent, const PassphraseRequest &request,
                                            std::function<void(PassphraseAnswer)> accepted)>;
// A window-modal PassphraseDialog opened with open(): no nested event loop.
PassphrasePrompt defaultPassphrasePrompt();

// Asks for a CA passphrase: for a new CA twice, with a strength hint; "Remember in the desktop
// keyring" is an opt-in (off by default, greyed out with the reason when there is no keyring).
class PassphraseDialog : public QDialog
{
    Q_OBJECT
public:
    static constexpr int kMinimumLength = 8; // CertificateAuthority::create() refuses shorter ones

    PassphraseDialog(const PassphraseRequest &request, QWidget *parent = nullptr);

    QLineEdit *passphraseEdit() const { return m_passphrase; }
    QLineEdit *confirmEdit() const { return m_confirm; }
    QCheckBox *rememberBox() const { return m_remember; }
    QLabel *hintLabel() const { return m_hint; }
    PassphraseAnswer takeAnswer();

    // "weak", "fair", "strong" with a reason, from length and character classes only (no
    // dictionary): a hint, not a gate, beyond the minimum length.
    static QString strengthHint(const QString &passphrase);

private:
    void updateState();

    PassphraseRequest::Mode m_mode;
    QLineEdit *m_passphrase = nullptr;
    QLineEdit *m_confirm = nullptr;
    QLabel *m_hint = nullptr;
    QCheckBox *m_remember = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace ModemBench::Ui
