#pragma once

// `modembench-cli tls-test --host H --port P ...` (issue #6 item 5): the remembered TLS settings of
// this modem overridden by the flags, the TLS doctor's preflight, the connection test (configure,
// AT+CAOPEN, send, receive, close), and after a failure the doctor's likely causes with the
// server's chain as this PC sees it. Exit 0 when the connection worked, 1 when the modem or the
// TLS handshake failed, 2 for usage (and the SIM800 TLS 1.0 refusal), 3 for the transport.

#include "core/cli/modemcommand.h"
#include "core/tls/serverchainprobe.h"
#include "core/tls/tlsdoctor.h"

#include <QElapsedTimer>
#include <QJsonObject>

#include <optional>

namespace ModemBench {

class TlsTestCommand : public ModemCommand
{
    Q_OBJECT
public:
    TlsTestCommand(const QCommandLineParser &parser, QTextStream &out, QTextStream &err, QObject *parent);

protected:
    Result<void> parse(const QStringList &arguments) override;
    void run() override;

private:
    Result<void> parseServer();
    Result<void> parseSettings();
    void connectFirst();
    Result<void> chooseSettings();
    DoctorInput doctorInput() const;
    void preflight();
    void test();
    void tested(const Result<void> &result);
    void probeChain();
    void conclude();
    void printPreflight() const;
    void printResult() const;
    void printFindings(const QList<DoctorFinding> &findings) const;
    void printChain() const;
    QJsonObject resultJson() const;

    QString m_host;
    int m_port = 0;
    QByteArray m_payload;
    int m_timeoutS = 0;

    // Flags that override what is remembered for this modem.
    std::optional<QString> m_caName;
    std::optional<QString> m_clientName;
    std::optional<TlsVersion> m_version;
    bool m_noVerify = false;
    bool m_ignoreRtcTime = false;
    bool m_acceptTls10 = false;

    TlsSettings m_settings;   // what this run sends
    TlsSettings m_remember;   // what is remembered after a success (one-off flags left out)
    std::optional<QList<ModemFileRecord>> m_inventoryRows;
    QList<DoctorFinding> m_preflight;
    QList<DoctorFinding> m_failure;
    std::optional<Error> m_error;
    std::optional<ServerChain> m_chain;
    QString m_chainError;
    QStringList m_warnings;
    QElapsedTimer m_elapsed;
    qint64 m_elapsedMs = 0;
};

} // namespace ModemBench
