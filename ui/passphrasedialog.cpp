#include "ui/passphrasedialog.h"

#include "ui/keyringstore.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ModemBench::Ui {

PassphrasePrompt defaultPassphrasePrompt()
{
    return [](QWidget *parent, const PassphraseRequest &request, std::function<void(PassphraseAnswer)> accepted) {
        auto *dialog = new PassphraseDialog(request, parent);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        QObject::connect(dialog, &QDialog::accepted, dialog,
                         [dialog, accepted = std::move(accepted)] { accepted(dialog->takeAnswer()); });
        dialog->open();
    };
}

PassphraseDialog::PassphraseDialog(const PassphraseRequest &request, QWidget *parent)
    : QDialog(parent)
    , m_mode(request.mode)
{
    const bool newCa = request.mode == PassphraseRequest::Mode::NewCa;
    setWindowTitle(newCa ? tr("Choose the CA Passphrase") : tr("CA Passphrase"));
    const QString folder = QDir::toNativeSeparators(request.caDirectory);
    QString intro = newCa ? tr("The CA key in <b>%1</b> is encrypted with this passphrase. Use at least %2 characters; "
                               "it cannot be recovered, and without it no certificate can be issued or revoked.")
                                .arg(folder.toHtmlEscaped())
                                .arg(kMinimumLength)
                          : tr("Unlock the CA in <b>%1</b>.").arg(folder.toHtmlEscaped());
    if (!request.purpose.isEmpty())
        intro += QLatin1Char(' ') + tr("Needed %1.").arg(request.purpose.toHtmlEscaped());
    auto *introLabel = new QLabel(intro, this);
    introLabel->setWordWrap(true);

    m_passphrase = new QLineEdit(this);
    m_passphrase->setObjectName(QStringLiteral("passphrase"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_confirm = new QLineEdit(this);
    m_confirm->setObjectName(QStringLiteral("passphraseConfirm"));
    m_confirm->setEchoMode(QLineEdit::Password);
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("passphraseHint"));
    m_hint->setWordWrap(true);
    m_remember = new QCheckBox(tr("&Remember in the desktop keyring"), this);
    m_remember->setObjectName(QStringLiteral("rememberInKeyring"));
    m_remember->setChecked(false);
    const QString unavailable = KeyringStore::unavailableReason();
    m_remember->setToolTip(unavailable.isEmpty()
                               ? tr("Stores the passphrase in the Secret Service / KWallet under \"ModemBench\", for "
                                    "this CA folder only. Off by default.")
                               : unavailable);
    m_remember->setEnabled(unavailable.isEmpty());

    auto *form = new QFormLayout;
    form->addRow(tr("&Passphrase:"), m_passphrase);
    if (newCa)
        form->addRow(tr("C&onfirm:"), m_confirm);
    else
        m_confirm->hide();
    form->addRow(QString(), m_hint);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(newCa ? tr("Use This Passphrase") : tr("Unlock"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(introLabel);
    layout->addLayout(form);
    layout->addWidget(m_remember);
    if (!unavailable.isEmpty()) {
        auto *note = new QLabel(unavailable, this);
        note->setWordWrap(true);
        note->setForegroundRole(QPalette::PlaceholderText);
        layout->addWidget(note);
    }
    layout->addWidget(m_buttons);
    setMinimumWidth(460);

    connect(m_passphrase, &QLineEdit::textChanged, this, &PassphraseDialog::updateState);
    connect(m_confirm, &QLineEdit::textChanged, this, &PassphraseDialog::updateState);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateState();
}

QString PassphraseDialog::strengthHint(const QString &passphrase)
{
    const qsizetype length = passphrase.size();
    int classes = 0;
    bool lower = false, upper = false, digit = false, other = false;
    for (QChar c : passphrase) {
        lower |= c.isLower();
        upper |= c.isUpper();
        digit |= c.isDigit();
        other |= !c.isLetterOrNumber();
    }
    classes = int(lower) + int(upper) + int(digit) + int(other);
    if (length < kMinimumLength)
        return tr("Too short: at least %1 characters.").arg(kMinimumLength);
    if (length >= 20 || (length >= 14 && classes >= 3))
        return tr("Strong.");
    if (length >= 12 || classes >= 3)
        return tr("Fair: a few more words make it strong.");
    return tr("Weak: use a longer phrase of several words.");
}

void PassphraseDialog::updateState()
{
    const QString text = m_passphrase->text();
    bool ok = !text.isEmpty();
    if (m_mode == PassphraseRequest::Mode::NewCa) {
        QString hint = strengthHint(text);
        const bool longEnough = text.size() >= kMinimumLength;
        const bool matches = m_confirm->text() == text;
        if (longEnough && !m_confirm->text().isEmpty() && !matches)
            hint += QLatin1Char(' ') + tr("The two entries differ.");
        m_hint->setText(hint);
        ok = longEnough && matches;
    } else {
        m_hint->setText(tr("Asked only for this operation; it is not stored unless you tick the box below."));
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
}

PassphraseAnswer PassphraseDialog::takeAnswer()
{
    PassphraseAnswer answer{Pki::SecretBytes(m_passphrase->text().toUtf8()), m_remember->isChecked()};
    m_passphrase->clear();
    m_confirm->clear();
    return answer;
}

} // namespace ModemBench::Ui
