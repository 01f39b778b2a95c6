#include "ui/commandinput.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QKeyEvent>

namespace ModemBench::Ui {

CommandInput::CommandInput(QWidget *parent)
    : QLineEdit(parent)
{
    // Typing after walking the history starts a new search from what is now in the line.
    connect(this, &QLineEdit::textEdited, this, [this] { m_history.resetNavigation(); });
}

bool CommandInput::completionPopupVisible() const
{
    return completer() && completer()->popup() && completer()->popup()->isVisible();
}

bool CommandInput::event(QEvent *event)
{
    // Tab would move the focus away before keyPressEvent sees it; in a console it completes.
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        // On an empty line Tab keeps moving the focus, so the keyboard can still leave the console.
        if (key->key() == Qt::Key_Tab && key->modifiers() == Qt::NoModifier && !m_controlKeysCaptured
            && !text().isEmpty()) {
            Q_EMIT completionRequested();
            return true;
        }
    }
    return QLineEdit::event(event);
}

void CommandInput::recall(const std::optional<QString> &line)
{
    if (line) {
        setText(*line);
        end(false);
    }
}

void CommandInput::keyPressEvent(QKeyEvent *event)
{
    const bool ctrl = event->modifiers() == Qt::ControlModifier;
    if (m_controlKeysCaptured && ctrl && event->key() == Qt::Key_Z) {
        Q_EMIT ctrlZPressed();
        return;
    }
    switch (event->key()) {
    case Qt::Key_Up:
        recall(m_history.previous(text()));
        return;
    case Qt::Key_Down:
        recall(m_history.next());
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        // With a highlighted completion, Enter accepts it (the completer does that) and does not send.
        if (completionPopupVisible() && completer()->popup()->currentIndex().isValid()) {
            event->ignore();
            return;
        }
        if (completionPopupVisible())
            completer()->popup()->hide();
        Q_EMIT submitted(text());
        return;
    case Qt::Key_Escape:
        if (m_controlKeysCaptured) {
            Q_EMIT escapePressed();
            return;
        }
        if (!text().isEmpty() && !completionPopupVisible()) {
            clear();
            m_history.resetNavigation();
            return;
        }
        break;
    default:
        break;
    }
    QLineEdit::keyPressEvent(event);
}

} // namespace ModemBench::Ui
