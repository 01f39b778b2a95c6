#pragma once

// Internal state and pieces shared by the TLS flow files (tlsflows.cpp, tlsconfigure.cpp,
// tlstest.cpp, sim800tls.cpp); not for front ends.

#include "core/flows/tlsflows.h"

#include <QHostAddress>

namespace ModemBench::Internal {

enum class TlsDialect { Sim7000, Sim7080, Sim800 };

// One configuration command: sent in order, a failure ends the flow unless `optional`.
struct TlsConfigCommand {
    QByteArray command;
    QString label;
    bool optional = false;
};

// SIM800 CIPSTART outcome, from the URC after OK (§11.2, §11.3).
enum class CipConnect { Pending, Ok, Fail, HandshakeFailed, AlreadyConnected };

// Everything one connection test remembers between steps. The steps hold a raw pointer; the
// shared_ptr in each lambda keeps it alive as long as the table.
struct TlsRun {
    std::shared_ptr<TlsContext> context;
    TlsSettings settings;
    TlsTestRequest request;
    QString host;
    bool testing = false;              // tlsTestSteps: the port is checked too
    TlsDialect dialect = TlsDialect::Sim7000;
    QString sni;                       // what is sent as "sni" (empty: none)
    QList<TlsConfigCommand> config;
    int configIndex = 0;
    std::optional<Error> pendingError; // a failure waiting for the closing AT+CACLOSE / AT+CIPCLOSE

    qint64 openStartMs = -1;
    int casendResult = -1;             // from +CASEND: cid,<result>,len; -1 none yet
    qint64 casendWaitUntil = 0;
    bool dataIndicated = false;        // +CADATAIND (or an unsolicited +CARECV: cid,len) not yet read
    qsizetype announced = -1;          // length from an unsolicited +CARECV: cid,len
    qint64 receiveStartMs = -1;
    qint64 nextPollMs = 0;
    qsizetype lastAsk = 0;             // the last AT+CARECV length
    bool polledSinceClose = false;     // a CARECV was sent after the peer closed
    CipConnect cipConnect = CipConnect::Pending;
    qsizetype ipdMissing = 0;          // SIM800 +IPD bytes split across lines, still to come

    Clock *clock() const;
    qint64 now() const { return clock()->nowMs(); }
    qsizetype expectBytes() const
    {
        return request.expectBytes < 0 ? request.payload.size() : request.expectBytes;
    }
    void warn(const QString &text);
    void say(const QString &text) { context->transcript << text; }
    // Every URC while a TLS step is current lands here first (they arrive around finals, §18).
    void noteUrc(const QByteArray &line);
    void noteSim800Urc(const QByteArray &line);
};

constexpr qsizetype kCaMaxChunk = 1460;          // §8.3/§8.4: never more per CASEND/CARECV
constexpr int kCasendUrcWaitMs = 500;            // SIM7000 2019 firmware: +CASEND right after OK (§18)
constexpr int kReceivePollMs = 1000;             // poll CARECV when +CADATAIND may have been missed
constexpr int kConfigCommandTimeoutMs = 5000;

bool isIpLiteral(const QString &host);
QByteArray quotedArg(const QString &text);

// A step whose URC hook records every URC in `run` and then asks `hook` (may be empty).
FlowStep tlsStep(const std::shared_ptr<TlsRun> &run, QString id, QString label);

// Waits (polling its own condition, or woken by a URC) until `check` gives a verdict or the time
// `until()` passes, then `onTimeout` decides. Never fails by itself, so the closing step runs.
FlowStep awaitStep(const std::shared_ptr<TlsRun> &run, QString id, QString label,
                   std::function<std::optional<FlowVerdict>()> check, std::function<qint64()> until,
                   std::function<FlowVerdict()> onTimeout, int pollMs = 250);

// The closing AT+CACLOSE / AT+CIPCLOSE's verdict: the stored failure if any, else a summary line
// (a refused close only warns; after the peer closed it is expected).
FlowVerdict closingVerdict(TlsRun &run, const Result<AtResponse> &response, const char *command);

// Remembers a failure and goes to the table's closing step.
FlowVerdict abortTo(TlsRun &run, const QString &closeId, Error error);

// The dialect decision, the checks that refuse before anything is sent, and the command list.
Result<void> planConfiguration(TlsRun &run);
QList<FlowStep> configureSteps(const std::shared_ptr<TlsRun> &run);

// The connection test proper (after the configuration), per stack.
QList<FlowStep> caTestSteps(const std::shared_ptr<TlsRun> &run);
QList<FlowStep> sim800TestSteps(const std::shared_ptr<TlsRun> &run);

// The error of a failed +CAOPEN (number = result code).
Error caOpenError(int code, bool tls);

} // namespace ModemBench::Internal
