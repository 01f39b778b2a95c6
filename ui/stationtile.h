#pragma once

#include "core/provision/station.h"

#include <QFrame>

class QLabel;
class QProgressBar;
class QToolButton;

namespace ModemBench::Ui {

// One port of the provisioning station (issue #7 item 4): a big state colour and word that read
// from across the bench, the current step with a progress bar, the elapsed time, the unit's
// IMEI/ICCID and its error. It holds no state of its own: the window pushes StationPort into it
// on Station::portChanged only, so 64 tiles cost nothing while nothing changes.
class StationTile : public QFrame
{
    Q_OBJECT
public:
    explicit StationTile(int index, QWidget *parent = nullptr);

    int index() const { return m_index; }
    void showPort(const StationPort &port);
    // Called by the window's one shared second timer; only running tiles change.
    void refreshElapsed(const QDateTime &nowUtc);

    PortState state() const { return m_state; }
    QString stateWord() const;
    QColor stateColor() const;
    QLabel *wordLabel() const { return m_word; }
    QLabel *stepLabel() const { return m_step; }
    QLabel *errorLabel() const { return m_error; }
    QLabel *elapsedLabel() const { return m_elapsed; }
    QLabel *identityLabel() const { return m_identity; }
    QProgressBar *progressBar() const { return m_progress; }
    QToolButton *startButton() const { return m_start; }
    QToolButton *stopButton() const { return m_stop; }

    static QString wordFor(PortState state);
    static QColor colorFor(PortState state);
    static QString formatElapsed(qint64 ms);
    // The step line of a tile that is not running: "Done", "Failed at: SIM check", …
    static QString finishedStepText(const StationPort &port);

Q_SIGNALS:
    void startRequested(int index);
    void stopRequested(int index);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void applyColor();
    void updateErrorText();

    int m_index;
    PortState m_state = PortState::Waiting;
    QDateTime m_startedAt;
    qint64 m_elapsedMs = 0;
    QString m_errorText;
    QLabel *m_name = nullptr;
    QLabel *m_location = nullptr;
    QLabel *m_word = nullptr;
    QLabel *m_step = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_elapsed = nullptr;
    QLabel *m_identity = nullptr;
    QLabel *m_error = nullptr;
    QToolButton *m_start = nullptr;
    QToolButton *m_stop = nullptr;
};

} // namespace ModemBench::Ui
