#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <expected>
#include <optional>

namespace ModemBench::Sim {

// One command of an AT command line. "AT+CSQ;+CPSI?" holds two, "ATE0V1" two basic ones
// (protocol.md §1: several commands share one line after a single AT).
struct AtCommand
{
    enum class Form { Action, Read, Test, Write };

    QByteArray name;            // upper-cased: "+CSQ", "E", "&W", "I", "S"
    Form form = Form::Action;
    std::optional<int> number;  // basic commands: ATE0 -> 0; S-registers: ATS3? -> 3
    QList<QByteArray> args;     // Write form: the comma-separated parameters as sent (quotes kept)
    QByteArray text;            // the command as sent, e.g. "+csq=?" or "E0"

    // Parameter i as a decimal integer; nullopt when absent, empty, quoted or not a number.
    std::optional<int> intArg(qsizetype index) const;
    // Parameter i with surrounding quotes removed; nullopt when absent.
    std::optional<QByteArray> stringArg(qsizetype index) const;
    // The scenario latency key: "AT" + the command as sent, upper-cased, up to '=' or '?'.
    QByteArray latencyKey() const;

    // Splits the text after "AT" into commands. Fails on a syntax error (for example an unterminated
    // string or text after a read form) with a description.
    static std::expected<QList<AtCommand>, QString> parseBody(QByteArrayView body);
};

} // namespace ModemBench::Sim
