#pragma once

// The AT command catalog: syntax, one-line help, default timeout, owned reply prefix and model
// support for every command in protocol.md, loaded from resources/commands.json. Commands as data
// so that the channel, the console's completion and the flows share one table.

#include "core/error.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace ModemBench {

struct CommandInfo {
    QString name;         // as it appears after "AT", upper case: "+CSQ", "I", "E", "&W", "" (AT)
    QString syntax;       // display string, forms joined with " | "
    QString description;  // one line
    int timeoutMs = 0;    // default timeout: manual maximum (protocol.md §13) or library practice
    QByteArray prefix;    // owned reply prefix, e.g. "+CSQ:"; empty when the reply is bare or none
    QString bareReply;    // "", "imei", "imsi", "iccid", "ip" or "text": info line without prefix
    QStringList models;   // any of "sim7000", "sim7080", "sim800"
};

class CommandCatalog
{
public:
    // From the embedded ":/modembench/commands.json". Fails only if the resource is missing or
    // broken, which is a build error.
    static Result<CommandCatalog> loadDefault();

    // Fails with ErrorCode::Usage for malformed JSON (with its offset), a wrong document shape, or
    // a bad entry; the message names the entry index, its name and the key at fault.
    static Result<CommandCatalog> loadFromJson(const QByteArray &json);

    // "AT+CSQ", "at+cops?", "AT+COPS=0", "ATI", "ATE0", "AT&W", "AT"; nullptr for an unknown
    // command or a line that does not start with "AT".
    const CommandInfo *lookup(QByteArrayView commandLine) const;

    // The (first) command's name, upper case: "AT+COPS=0" -> "+COPS", "ATE0" -> "E", "AT&W" ->
    // "&W", "AT" -> "" (empty, not null), "AT+CSQ;+CPSI?" -> "+CSQ". A null QString when the line
    // does not start with "AT" or the name is malformed.
    static QString commandName(QByteArrayView commandLine);

    // Full "AT"+name strings starting with what was typed (any case), sorted; "+CS" is read as
    // "AT+CS". All commands for an empty string.
    QStringList completions(const QString &typed) const;

    // "AT+CSQ — Signal quality report (rssi, ber). Syntax: AT+CSQ"; empty for an unknown command.
    QString helpLine(QByteArrayView commandLine) const;

    // The command's default timeout, or fallbackMs when the command is not in the catalog.
    int timeoutFor(QByteArrayView commandLine, int fallbackMs = 5000) const;

    const QList<CommandInfo> &commands() const;

private:
    QList<CommandInfo> m_commands;
    QHash<QString, qsizetype> m_indexByName;  // upper-case name -> index into m_commands
};

} // namespace ModemBench
