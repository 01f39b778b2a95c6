#pragma once

#include "ui/commandhistory.h"

#include <QLineEdit>

namespace ModemBench::Ui {

// The console's input line: Enter submits, Up/Down walk the history, Tab asks for completion.
// In raw mode and at a data prompt, Ctrl+Z and Esc are bytes for the modem rather than
// editing keys, so they are reported as signals instead.
class CommandInput : public QLineEdit
{
    Q_OBJECT
public:
    explicit CommandInput(QWidget *parent = nullptr);

    CommandHistory &history() { return m_history; }
    void setControlKeysCaptured(bool captured) { m_controlKeysCaptured = captured; }
    bool controlKeysCaptured() const { return m_controlKeysCaptured; }

Q_SIGNALS:
    void submitted(const QString &text);
    void ctrlZPressed();
    void escapePressed();
    void completionRequested();

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    bool completionPopupVisible() const;
    void recall(const std::optional<QString> &line);

    CommandHistory m_history;
    bool m_controlKeysCaptured = false;
};

} // namespace ModemBench::Ui
