#pragma once

// Custom AT steps (issue #7): the "steps" of a provisioning profile and stand-alone AT script files
// (console "Run Script…", `modembench-cli script FILE`) run on one step runner, so a step behaves
// the same wherever it is written. The file format is in docs/scripts.md.

#include "core/clock.h"
#include "core/flows/flowrunner.h"

#include <QList>
#include <QString>

#include <memory>
#include <optional>

namespace ModemBench {

// One step: send `command` and match its reply, or (command empty) pause for delayMs.
struct ScriptStep {
    QString name;               // progress label; defaults to the command
    QByteArray command;         // "AT+CSCLK=0", without CR; empty for a pause
    QString expect;             // regular expression searched in the reply (info lines and the
                                // final line, joined by "\n"); empty: the final result must be OK
    int timeoutMs = 5000;       // per attempt
    int retries = 0;            // extra attempts when the reply does not match or the command fails
    int retryDelayMs = 1000;
    int delayMs = 0;            // pause step ("wait 2s")
    int line = 0;               // where it was written (profile or script file), for messages

    bool operator==(const ScriptStep &) const = default;
};

// What one step did; appended by scriptSteps() as each step ends (passed or not).
struct ScriptStepResult {
    QString name;
    QByteArray command;
    bool passed = false;
    int attempts = 0;
    qint64 durationMs = 0;
    QString reply;              // the last reply as text ("+CSQ: 20,99\nOK"), secrets never (no such commands)
    QString error;              // why it failed: "reply did not match /…/: …", the channel's error, …
};

struct ScriptContext {
    QList<ScriptStepResult> results;
    Clock *clock = nullptr;     // for durations; null: the thread's SystemClock
};

// Bounds shared by script files and profile steps (docs/scripts.md).
constexpr int kScriptMaxCommand = 556;        // protocol.md §1: a SIM800 line is at most 556 characters
constexpr int kScriptMaxTimeoutMs = 600000;   // per attempt
constexpr int kScriptMaxRetries = 100;
constexpr int kScriptMaxWaitMs = 3600000;     // one pause step
constexpr int kScriptMaxSteps = 10000;
constexpr qsizetype kScriptMaxBytes = 1024 * 1024;

// Why `command` cannot be a step ("must start with AT", a CR or LF, over 556 characters, non-ASCII), or nullopt.
std::optional<QString> scriptCommandProblem(const QByteArray &command);
// Why `pattern` is not a usable regular expression (its error and offset), or nullopt.
std::optional<QString> scriptPatternProblem(const QString &pattern);

// Parses a script file. Fails with Usage "line N: <what is wrong>" (unknown keyword, bad regular
// expression, timeout out of range, an attribute before any command, a file over 1 MiB or 10000
// steps) before anything is sent.
Result<QList<ScriptStep>> parseAtScript(const QByteArray &text);

// One FlowStep per ScriptStep, run on any FlowRunner. A step whose reply never matches after its
// retries fails the flow with Error naming the step, its line, the pattern and the reply.
QList<FlowStep> scriptSteps(const QList<ScriptStep> &steps, const std::shared_ptr<ScriptContext> &context);
// A deadline no healthy run reaches: every attempt's timeout and delay, plus margin.
int scriptDeadlineMs(const QList<ScriptStep> &steps);

} // namespace ModemBench
