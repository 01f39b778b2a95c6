#include "core/provision/atscript.h"

#include <QRegularExpression>

#include <limits>

namespace ModemBench {

namespace {

QString lineError(int line, const QString &what)
{
    return QStringLiteral("line %1: %2").arg(line).arg(what);
}

// "250ms", "2s", "2 s" → milliseconds within [minimum, maximum]; nullopt for anything else.
std::optional<qint64> parseDuration(const QString &text, qint64 minimum, qint64 maximum)
{
    static const QRegularExpression pattern(QStringLiteral("^([0-9]{1,9})\\s*(ms|s)$"), QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(text.trimmed());
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 value = match.captured(1).toLongLong() * (match.captured(2).compare(QLatin1String("s"), Qt::CaseInsensitive) == 0 ? 1000 : 1);
    if (value < minimum || value > maximum)
        return std::nullopt;
    return value;
}

bool isRebootCommand(const QByteArray &command)
{
    const QByteArray upper = command.toUpper();
    return upper.startsWith("AT+CFUN=1,1") || upper.startsWith("AT+CFUN=6") || upper == "AT+CREBOOT";
}

// One attribute line ("expect …", "timeout 5s", …) applied to the step it follows.
std::optional<QString> applyAttribute(ScriptStep &step, const QString &keyword, const QString &rest, QStringList &seen)
{
    if (seen.contains(keyword))
        return QStringLiteral("\"%1\" is given twice for this step").arg(keyword);
    seen << keyword;
    if (step.command.isEmpty() && keyword != QLatin1String("name"))
        return QStringLiteral("a wait step takes only \"name\", not \"%1\"").arg(keyword);
    if (keyword == QLatin1String("expect")) {
        if (rest.isEmpty())
            return QStringLiteral("\"expect\" needs a regular expression");
        if (const auto problem = scriptPatternProblem(rest))
            return *problem;
        step.expect = rest;
    } else if (keyword == QLatin1String("timeout")) {
        const auto ms = parseDuration(rest, 1, kScriptMaxTimeoutMs);
        if (!ms)
            return QStringLiteral("timeout \"%1\" is not a duration from 1ms to 600s (write 500ms or 5s)").arg(rest.left(40));
        step.timeoutMs = int(*ms);
    } else if (keyword == QLatin1String("retry_delay")) {
        const auto ms = parseDuration(rest, 0, kScriptMaxTimeoutMs);
        if (!ms)
            return QStringLiteral("retry_delay \"%1\" is not a duration from 0ms to 600s").arg(rest.left(40));
        step.retryDelayMs = int(*ms);
    } else if (keyword == QLatin1String("retries")) {
        bool ok = false;
        const int retries = rest.toInt(&ok);
        if (!ok || retries < 0 || retries > kScriptMaxRetries)
            return QStringLiteral("retries \"%1\" is not a number from 0 to %2").arg(rest.left(40)).arg(kScriptMaxRetries);
        step.retries = retries;
    } else if (keyword == QLatin1String("name")) {
        if (rest.isEmpty() || rest.size() > 255)
            return QStringLiteral("a name has 1 to 255 characters");
        step.name = rest;
    } else {
        return QStringLiteral("unknown attribute \"%1\": use expect, timeout, retries, retry_delay or name").arg(keyword.left(40));
    }
    return std::nullopt;
}

// The reply as text: the info lines and the final line, as docs/scripts.md says `expect` sees it.
QString replyText(const Result<AtResponse> &response)
{
    if (!response)
        return QString::fromLatin1(response.error().raw);
    QStringList lines;
    for (const QByteArray &line : response->lines)
        lines << QString::fromLatin1(line);
    lines << QString::fromLatin1(response->finalLine);
    return lines.join(QLatin1Char('\n'));
}

// The pieces of one command step that change while it runs (attempts, its start).
struct StepRun {
    int attempts = 0;
    qint64 startedMs = 0;
};

FlowStep commandStep(const ScriptStep &step, const std::shared_ptr<ScriptContext> &context)
{
    auto run = std::make_shared<StepRun>();
    Clock *clock = context->clock ? context->clock : SystemClock::instanceForThread();
    const QRegularExpression pattern(step.expect);
    FlowStep flow;
    flow.id = QStringLiteral("line%1").arg(step.line);
    flow.label = step.name.isEmpty() ? QString::fromLatin1(step.command) : step.name;
    // A reboot command is allowed to reboot; the script should `wait` for the modem afterwards.
    flow.restartExpected = isRebootCommand(step.command);
    flow.request = [step, run, clock] {
        if (run->attempts++ == 0)
            run->startedMs = clock->nowMs();
        AtRequest request = AtRequest::make(step.command);
        request.bareReply = BareReply::AnyText; // keep info lines without a known prefix (ATI, AT+GSN)
        request.timeoutMs = step.timeoutMs;
        return request;
    };
    flow.handle = [step, run, clock, context, pattern, label = flow.label](const Result<AtResponse> &response) {
        const QString reply = replyText(response);
        // A modem's error final (ERROR, +CME ERROR) is a reply the pattern may expect; a timeout or
        // a closed port is not.
        const bool matched = step.expect.isEmpty() ? response.has_value()
                                                   : !reply.isEmpty() && pattern.match(reply).hasMatch();
        if (!matched && run->attempts <= step.retries)
            return FlowVerdict::retry(step.retryDelayMs);
        ScriptStepResult result{label, step.command, matched, run->attempts, clock->nowMs() - run->startedMs, reply, {}};
        run->attempts = 0;
        if (matched) {
            context->results << result;
            return FlowVerdict::next();
        }
        const QString attempts = result.attempts > 1 ? QStringLiteral(" after %1 attempts").arg(result.attempts) : QString();
        if (!response && (reply.isEmpty() || step.expect.isEmpty()))
            result.error = response.error().message + attempts;
        else
            result.error = QStringLiteral("reply did not match /%1/%2: %3")
                               .arg(step.expect, attempts, reply.isEmpty() ? QStringLiteral("(no reply)")
                                                                           : QString(reply).replace(QLatin1Char('\n'), QLatin1String(" | ")));
        context->results << result;
        Error error = response ? Error{ErrorCode::Error, {}, {}, -1} : response.error();
        error.message = QStringLiteral("step \"%1\" (line %2) failed: %3").arg(label).arg(step.line).arg(result.error);
        return FlowVerdict::failed(error);
    };
    return flow;
}

FlowStep pauseStep(const ScriptStep &step, const std::shared_ptr<ScriptContext> &context)
{
    FlowStep flow;
    flow.id = QStringLiteral("line%1").arg(step.line);
    flow.label = step.name.isEmpty() ? QStringLiteral("wait %1 ms").arg(step.delayMs) : step.name;
    flow.action = [step, context, label = flow.label] {
        context->results << ScriptStepResult{label, {}, true, 1, step.delayMs, {}, {}};
        return FlowVerdict::next(step.delayMs);
    };
    return flow;
}

} // namespace

std::optional<QString> scriptCommandProblem(const QByteArray &command)
{
    if (!command.left(2).toUpper().startsWith("AT"))
        return QStringLiteral("a command starts with \"AT\", not \"%1\"").arg(QString::fromLatin1(command.left(20)));
    if (command.size() > kScriptMaxCommand)
        return QStringLiteral("the command has %1 characters; a modem takes at most %2 in one line (protocol §1)")
            .arg(command.size())
            .arg(kScriptMaxCommand);
    for (const char c : command) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte >= 0x7f)
            return QStringLiteral("the command contains byte 0x%1: only printable ASCII, one command line")
                .arg(byte, 2, 16, QLatin1Char('0'));
    }
    return std::nullopt;
}

std::optional<QString> scriptPatternProblem(const QString &pattern)
{
    const QRegularExpression expression(pattern);
    if (expression.isValid())
        return std::nullopt;
    return QStringLiteral("the regular expression /%1/ is not valid: %2 at character %3")
        .arg(pattern.left(200), expression.errorString())
        .arg(expression.patternErrorOffset() + 1);
}

Result<QList<ScriptStep>> parseAtScript(const QByteArray &text)
{
    if (text.size() > kScriptMaxBytes)
        return fail(ErrorCode::Usage, lineError(1, QStringLiteral("the script has %1 bytes; a script is at most 1 MiB").arg(text.size())));
    QList<ScriptStep> steps;
    QStringList seen; // attributes of the last step
    // A byte-order mark (Windows editors) is not part of the first line's command.
    const QList<QByteArray> lines = (text.startsWith("\xEF\xBB\xBF") ? text.mid(3) : text).split('\n');
    for (qsizetype index = 0; index < lines.size(); ++index) {
        const int number = int(index) + 1;
        QByteArray raw = lines.at(index);
        if (raw.endsWith('\r'))
            raw.chop(1);
        const QString line = QString::fromUtf8(raw);
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith(QLatin1Char('#')))
            continue;
        static const QRegularExpression whitespace(QStringLiteral("\\s"));
        const qsizetype space = trimmed.indexOf(whitespace);
        const QString keyword = (space < 0 ? trimmed : trimmed.left(space)).toLower();
        const QString rest = space < 0 ? QString() : trimmed.mid(space).trimmed();
        if (line.front().isSpace()) {
            if (steps.isEmpty())
                return fail(ErrorCode::Usage, lineError(number, QStringLiteral("an indented attribute (\"%1\") before any command")
                                                                    .arg(keyword.left(40))));
            if (const auto problem = applyAttribute(steps.last(), keyword, rest, seen))
                return fail(ErrorCode::Usage, lineError(number, *problem));
            continue;
        }
        if (steps.size() >= kScriptMaxSteps)
            return fail(ErrorCode::Usage, lineError(number, QStringLiteral("more than %1 steps: split the script").arg(kScriptMaxSteps)));
        ScriptStep step;
        step.line = number;
        seen.clear();
        if (keyword == QLatin1String("wait")) {
            const auto ms = parseDuration(rest, 1, kScriptMaxWaitMs);
            if (!ms)
                return fail(ErrorCode::Usage, lineError(number, QStringLiteral("wait \"%1\" is not a duration from 1ms to 3600s "
                                                                               "(write 500ms or 2s)").arg(rest.left(40))));
            step.delayMs = int(*ms);
            step.name = QStringLiteral("wait %1").arg(rest);
            steps << step;
            continue;
        }
        if (!keyword.startsWith(QLatin1String("at")))
            return fail(ErrorCode::Usage, lineError(number, QStringLiteral("\"%1\" is neither a command (AT…), \"wait\", a comment (#) "
                                                                           "nor an indented attribute").arg(keyword.left(40))));
        const QByteArray command = trimmed.toUtf8();
        if (const auto problem = scriptCommandProblem(command))
            return fail(ErrorCode::Usage, lineError(number, *problem));
        step.command = command;
        step.name = trimmed;
        steps << step;
    }
    if (steps.isEmpty())
        return fail(ErrorCode::Usage, lineError(1, QStringLiteral("the script has no steps: write one AT command per line")));
    return steps;
}

QList<FlowStep> scriptSteps(const QList<ScriptStep> &steps, const std::shared_ptr<ScriptContext> &context)
{
    QList<FlowStep> flow;
    flow.reserve(steps.size());
    for (const ScriptStep &step : steps)
        flow << (step.command.isEmpty() ? pauseStep(step, context) : commandStep(step, context));
    return flow;
}

int scriptDeadlineMs(const QList<ScriptStep> &steps)
{
    // Each attempt may also wait behind a reply's intermediate lines; the margin covers queueing.
    qint64 total = 10000;
    for (const ScriptStep &step : steps) {
        if (step.command.isEmpty())
            total += step.delayMs;
        else
            total += qint64(step.retries + 1) * (step.timeoutMs + 1000) + qint64(step.retries) * step.retryDelayMs;
        if (total >= std::numeric_limits<int>::max())
            return std::numeric_limits<int>::max();
    }
    return int(total);
}

} // namespace ModemBench
