#pragma once

// Helpers shared by the parser test classes.

#include "core/error.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <climits>
#include <optional>

namespace ModemBench::Test {

// Marks an absent optional in data rows; no real field has these values.
inline constexpr int kNone = INT_MIN;
inline const QString kNoText = QStringLiteral("<none>");

inline int opt(const std::optional<int> &value)
{
    return value ? *value : kNone;
}

inline QString opt(const std::optional<QString> &value)
{
    return value ? *value : kNoText;
}

// Every parser failure must be a Parse error with a message, never a crash or a silent success.
template<class T>
bool isParseError(const Result<T> &result)
{
    return !result && result.error().code == ErrorCode::Parse && !result.error().message.isEmpty();
}

} // namespace ModemBench::Test

// Runners, one per test class, called by tst_parsers.cpp's main().
int runIdentityParserTests(int argc, char **argv);
int runSimRegistrationParserTests(int argc, char **argv);
int runSignalParserTests(int argc, char **argv);
int runErrorParserTests(int argc, char **argv);
int runParserRobustnessTests(int argc, char **argv);
int runTranscriptParserTests(int argc, char **argv);
