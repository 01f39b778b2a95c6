#pragma once

// `modembench-cli --port P script FILE [--loops N] [--keep-going] [--json]` (issue #7 item 1): an
// AT script file (docs/scripts.md) run on the modem N times with ScriptRun, a line per step, a
// summary, and JSON with --json. Exit 0 when every loop passed, 1 when a step failed, 2 when the
// file is wrong (nothing sent), 3 for the transport.

#include "core/cli/modemcommand.h"
#include "core/provision/scriptrun.h"

#include <QJsonArray>

namespace ModemBench {

class ScriptCommand : public ModemCommand
{
    Q_OBJECT
public:
    ScriptCommand(const QCommandLineParser &parser, QTextStream &out, QTextStream &err, QObject *parent);

    // Ctrl-C: the run is cancelled and the summary still printed (the steps done so far).
    void interrupt() override;

protected:
    Result<void> parse(const QStringList &arguments) override;
    void run() override;

private:
    void printStep(int loop, const ScriptStepResult &result);
    void conclude(const ScriptSummary &summary);

    QString m_file;
    QList<ScriptStep> m_steps;
    int m_loops = 1;
    bool m_keepGoing = false;
    QJsonArray m_results;
    QPointer<ScriptRun> m_run;
};

} // namespace ModemBench
