#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace ModemBench::Ui {

// A dismissable strip above the console for what the user must not miss (a port held by
// ModemManager, a lost connection). It does not block like a message box: the bench keeps working.
class MessageBanner : public QFrame
{
    Q_OBJECT
public:
    enum class Level { Info, Warning, Error };

    explicit MessageBanner(QWidget *parent = nullptr);
    void showMessage(Level level, const QString &text);
    QString text() const;
    Level level() const { return m_level; }

private:
    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QToolButton *m_close = nullptr;
    Level m_level = Level::Info;
};

} // namespace ModemBench::Ui
