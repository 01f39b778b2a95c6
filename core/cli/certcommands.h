#pragma once

// `modembench-cli cert upload|install-ca|install-client` (issue #6 item 5): the files are checked
// and prepared on the PC first (core/flows/certinstall.h), then uploaded with read-back (keys are
// never read back), converted, and recorded in the per-modem inventory. install-ca and
// install-client also remember the converted name as this modem's TLS setting for tls-test.

#include "core/cli/modemcommand.h"
#include "core/flows/certinstall.h"

namespace ModemBench {

class CertCommand : public ModemCommand
{
    Q_OBJECT
public:
    CertCommand(const QCommandLineParser &parser, QTextStream &out, QTextStream &err, QObject *parent);

protected:
    Result<void> parse(const QStringList &arguments) override;
    void run() override;

private:
    enum class Kind { Upload, InstallCa, InstallClient };

    Result<void> prepare(const QStringList &files);
    void install();
    Result<void> record();
    void wipeSecrets();
    Result<void> rememberSettings(FileInventory *inventory);
    void report(const QList<ModemFileRecord> &records);

    Kind m_kind = Kind::Upload;
    int m_baud = 115200;
    PreparedInstall m_plan;
    std::shared_ptr<UploadContext> m_upload = std::make_shared<UploadContext>();
};

} // namespace ModemBench
