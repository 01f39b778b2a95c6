#include "core/cli/scriptcommand.h"

#include "core/cli/clirunner.h"
#include "core/modem/modemsession.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace ModemBench {

namespace {

constexpr int kMaxLoops = 1000000;

// The reply as one line: the info lines (the final OK adds nothing), or the final line alone.
QString shownReply(const QString &reply)
{
    QStringList lines = reply.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.size() > 1 && lines.last() == QLatin1String("OK"))
        lines.removeLast();
    return lines.join(QLatin1String(" | "));
}

} // namespace

ScriptCommand::ScriptCommand(const QCommandLineParser &parser, QTextStream &out, QTextStream &err, QObject *parent)
    : ModemCommand(parser, out, err, parent)
{
}

Result<void> ScriptCommand::parse(const QStringList &arguments)
{
    if (arguments.size() != 1)
        return fail(ErrorCode::Usage, QStringLiteral("use script FILE [--loops N] [--keep-going] [--json] (one script file)"));
    m_file = arguments.first();
    if (m_parser.isSet(QStringLiteral("loops"))) {
        bool ok = false;
        m_loops = m_parser.value(QStringLiteral("loops")).toInt(&ok);
        if (!ok || m_loops < 1 || m_loops > kMaxLoops)
            return fail(ErrorCode::Usage, QStringLiteral("--loops \"%1\": give a number from 1 to %2")
                                              .arg(m_parser.value(QStringLiteral("loops")))
                                              .arg(kMaxLoops));
    }
    m_keepGoing = m_parser.isSet(QStringLiteral("keep-going"));
    QFile file(m_file);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Usage, QStringLiteral("Cannot read the script %1: %2").arg(m_file, file.errorString()));
    const QByteArray text = file.read(kScriptMaxBytes + 1);
    Result<QList<ScriptStep>> steps = parseAtScript(text);
    if (!steps)
        return fail(ErrorCode::Usage, QStringLiteral("%1: %2").arg(m_file, steps.error().message));
    m_steps = *steps;
    return {};
}

void ScriptCommand::run()
{
    auto *run = new ScriptRun(m_session->channel(), m_steps, m_loops, !m_keepGoing, nullptr, this);
    m_run = run;
    connect(run, &ScriptRun::stepFinished, this, &ScriptCommand::printStep);
    connect(run, &ScriptRun::finished, this, &ScriptCommand::conclude);
    run->start();
}

void ScriptCommand::printStep(int loop, const ScriptStepResult &result)
{
    if (m_json) {
        m_results << QJsonObject{{QStringLiteral("loop"), loop},
                                 {QStringLiteral("name"), result.name},
                                 {QStringLiteral("command"), QString::fromLatin1(result.command)},
                                 {QStringLiteral("passed"), result.passed},
                                 {QStringLiteral("attempts"), result.attempts},
                                 {QStringLiteral("duration_ms"), result.durationMs},
                                 {QStringLiteral("reply"), result.reply},
                                 {QStringLiteral("error"), result.error}};
        return;
    }
    if (m_loops > 1)
        m_out << "loop " << loop << ": ";
    if (result.passed) {
        m_out << "PASS " << result.name << " (" << result.durationMs << " ms)";
        if (const QString reply = shownReply(result.reply); !reply.isEmpty())
            m_out << ' ' << reply;
    } else {
        m_out << "FAIL " << result.name << " (" << result.durationMs << " ms): " << result.error;
    }
    m_out << '\n';
    m_out.flush();
}

void ScriptCommand::interrupt()
{
    if (m_run && m_run->isRunning())
        m_run->cancel(); // finished() follows with summary.cancelled, so conclude() prints it
    else
        ModemCommand::interrupt();
}

void ScriptCommand::conclude(const ScriptSummary &summary)
{
    if (m_json) {
        m_out << QJsonDocument(QJsonObject{{QStringLiteral("file"), m_file},
                                           {QStringLiteral("passed"), summary.passed()},
                                           {QStringLiteral("loops"), summary.loops},
                                           {QStringLiteral("passed_loops"), summary.passedLoops},
                                           {QStringLiteral("steps_run"), summary.stepsRun},
                                           {QStringLiteral("steps_passed"), summary.stepsPassed},
                                           {QStringLiteral("duration_ms"), summary.durationMs},
                                           {QStringLiteral("cancelled"), summary.cancelled},
                                           {QStringLiteral("results"), m_results}})
                     .toJson(QJsonDocument::Indented);
    } else {
        m_out << summary.passedLoops << " of " << summary.loops << " loops passed, " << summary.stepsPassed << " of "
              << summary.stepsRun << " steps";
        if (summary.loops < m_loops)
            m_out << " (stopped after loop " << summary.loops << " of " << m_loops
                  << (m_keepGoing ? ")" : "; --keep-going runs every loop)");
        m_out << '\n';
    }
    if (summary.passed())
        return succeed();
    finishWith(summary.cancelled ? CliRunner::exitCodeFor(Error{ErrorCode::Cancelled, {}, {}, -1})
                                 : CliRunner::ModemFailure);
}

} // namespace ModemBench
