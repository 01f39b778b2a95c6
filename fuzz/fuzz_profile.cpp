// libFuzzer target for provisioning profiles and AT script files (issue #7 item 6).
//
// Input: the first byte selects the entry point (value % 3); the rest is the input:
//   0  parseProfile(rest, a folder that does not exist)   JSON, keys, types, ranges, the line locator
//   1  parseAtScript(rest)                                 the script file format
//   2  ProfileJson::lineOfPath(rest, a path from the rest)  the locator alone, on text that need not be JSON
// Besides "no crash, no hang": every refusal is a Usage error whose message starts with "line N:"
// (N within the text) and is one line; an accepted profile has a name and a 64-hex hash; every
// accepted script step is either a command starting with AT or a pause, within the documented bounds.
#include "fuzzcheck.h"

#include "core/provision/atscript.h"
#include "core/provision/profile.h"
#include "core/provision/profilejson.h"

#include <QRegularExpression>

#include <cstdint>

namespace {

using namespace ModemBench;

void checkRefusal(const Error &error, const QByteArray &input)
{
    FUZZ_CHECK(error.code == ErrorCode::Usage);
    static const QRegularExpression prefix(QStringLiteral("^line (\\d+): "));
    const QRegularExpressionMatch match = prefix.match(error.message);
    FUZZ_CHECK(match.hasMatch());
    const qsizetype line = match.captured(1).toLongLong();
    FUZZ_CHECK(line >= 1 && line <= input.count('\n') + 1);
}

void checkProfile(const QByteArray &input)
{
    const Result<ProvisionProfile> profile = parseProfile(input, QStringLiteral("/nonexistent-modembench-fuzz"));
    if (!profile)
        return checkRefusal(profile.error(), input);
    FUZZ_CHECK(!profile->name.isEmpty());
    FUZZ_CHECK(profile->hash.size() == 64);
    for (const ScriptStep &step : profile->steps)
        FUZZ_CHECK(step.command.isEmpty() ? step.delayMs > 0 : step.command.left(2).toUpper() == "AT");
}

void checkScript(const QByteArray &input)
{
    const Result<QList<ScriptStep>> steps = parseAtScript(input);
    if (!steps)
        return checkRefusal(steps.error(), input);
    FUZZ_CHECK(!steps->isEmpty() && steps->size() <= kScriptMaxSteps);
    for (const ScriptStep &step : *steps) {
        if (step.command.isEmpty()) {
            FUZZ_CHECK(step.delayMs > 0 && step.delayMs <= kScriptMaxWaitMs);
            continue;
        }
        FUZZ_CHECK(step.command.left(2).toUpper() == "AT");
        FUZZ_CHECK(step.command.size() <= kScriptMaxCommand);
        FUZZ_CHECK(!step.command.contains('\r') && !step.command.contains('\n'));
        FUZZ_CHECK(step.timeoutMs >= 1 && step.timeoutMs <= kScriptMaxTimeoutMs);
        FUZZ_CHECK(step.retries >= 0 && step.retries <= kScriptMaxRetries);
        FUZZ_CHECK(QRegularExpression(step.expect).isValid());
        FUZZ_CHECK(step.line >= 1 && step.line <= input.count('\n') + 1);
    }
    FUZZ_CHECK(scriptDeadlineMs(*steps) > 0);
}

void checkLocator(const QByteArray &input)
{
    // The path is the first line's words ("steps [0] command"), the text the rest.
    const qsizetype newline = input.indexOf('\n');
    const QStringList path = QString::fromUtf8(newline < 0 ? input : input.left(newline)).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QByteArray text = newline < 0 ? QByteArray() : input.mid(newline + 1);
    const int line = ProfileJson::lineOfPath(text, path);
    FUZZ_CHECK(line >= 1 && line <= text.count('\n') + 1);
    FUZZ_CHECK(ProfileJson::lineOfOffset(text, text.size()) == text.count('\n') + 1);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const int which = data[0] % 3;
    const QByteArray rest(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    if (which == 0)
        checkProfile(rest);
    else if (which == 1)
        checkScript(rest);
    else
        checkLocator(rest);
    return 0;
}
