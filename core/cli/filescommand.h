#pragma once

// `modembench-cli files [delete NAME | verify [NAME] [--file PATH]]` (issue #6 item 5). The modem
// cannot list its files, so `files` shows the tool's own inventory for this modem (by IMEI).
// `verify` reads a file back and compares it byte for byte when the bytes are known (--file, or the
// copy kept of an installed certificate); otherwise, and always for keys, it compares the size only.

#include "core/cli/modemcommand.h"

namespace ModemBench {

class FilesCommand : public ModemCommand
{
    Q_OBJECT
public:
    FilesCommand(const QCommandLineParser &parser, QTextStream &out, QTextStream &err, QObject *parent);

protected:
    Result<void> parse(const QStringList &arguments) override;
    void run() override;

private:
    enum class Kind { List, Delete, Verify };
    struct Check {
        ModemFileRecord record;
        QByteArray expected;
        bool sizeOnly = true;
    };

    // This modem's rows of the inventory.
    Result<QList<ModemFileRecord>> knownFiles();
    void list();
    void remove();
    void verify();
    void verifyNext(QList<Check> checks, int failures);

    Kind m_kind = Kind::List;
    QString m_name;
    std::optional<QByteArray> m_localFile;
};

} // namespace ModemBench
