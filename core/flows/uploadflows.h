#pragma once

// Certificate upload and convert of issue #6 as FlowRunner step tables (style.md "Flows"):
// the CFS upload flow of protocol §9 and AT+CSSLCFG="convert" of §7.1.
//
// AT+CFSTERM always ends an upload, also after a failed step: the runner has no "finally", so a
// step that fails after AT+CFSINIT stores its error in the UploadContext and jumps to the table's
// own CFSTERM step, which sends AT+CFSTERM and then fails with the stored error. Only cancel(),
// the flow deadline, a closed port or a reboot bypass it: after those the caller runs
// cfsTermSteps() (its ERROR, "not allocated", is harmless; a reboot frees the buffer anyway).

#include "core/flows/flowrunner.h"

#include <QStringList>

#include <memory>

namespace ModemBench {

// protocol §9: name ≤ 50 chars, size 1..10240 per write, inputtime 100..10000 ms.
constexpr int kCfsMaxName = 50;
constexpr qsizetype kCfsMaxWrite = 10240;
constexpr int kCfsMinInputTimeMs = 100;
constexpr int kCfsMaxInputTimeMs = 10000;
constexpr int kCfsInputMarginMs = 1000;  // on top of the line time, for the host's scheduling
constexpr int kCfsCertDirectory = 3;     // /customer/, where convert looks (§7.1)

struct UploadRequest {
    int directory = kCfsCertDirectory;
    QString name;
    QByteArray bytes;
    bool secret = false;   // a private key: payload redacted in the log and never read back
    int baud = 115200;
};

struct UploadContext {
    std::optional<Error> pendingError; // a failure waiting for the closing AT+CFSTERM
    bool staleBuffer = false;          // AT+CFSINIT said ERROR: a buffer was left allocated
    qint64 reportedSize = -1;          // AT+CFSGFIS
    qsizetype verifiedBytes = 0;       // read back and equal so far
    QStringList warnings;
};

// Usage error for an empty name, one over 50 characters, or one with '/', '"', a comma or non-ASCII.
Result<void> checkCfsName(const QString &name);
// The <inputtime> for `bytes` at `baud` (10 bits a byte): line time + margin, clamped to 100..10000.
int cfsInputTimeMs(qsizetype bytes, int baud);
// The largest write ≤ 10240 bytes whose line time plus margin fits in 10 s at `baud`.
qsizetype cfsChunkSize(int baud);

// Name check, AT+CFSINIT (after AT+CFSTERM when a stale buffer answers ERROR), AT+CFSWFILE per
// chunk (mode 0 then 1) with the DOWNLOAD prompt and the bytes, AT+CFSGFIS size check, the read-back
// (AT+CFSRFILE in pieces ≤ 10240, compared byte for byte; skipped for secrets so key bytes never reach
// the traffic log: convert then checks the key against its certificate), AT+CFSTERM. Fails with
// Usage for a bad name or empty data (nothing sent), the command's error, or Error naming the first
// differing offset.
QList<FlowStep> uploadSteps(const std::shared_ptr<UploadContext> &context, const UploadRequest &request);
int uploadDeadlineMs(const UploadRequest &request);

// AT+CFSTERM alone, for after a cancelled or timed-out upload.
QList<FlowStep> cfsTermSteps();

// AT+CSSLCFG="convert",2,"name" (a root of trust; the file must be in /customer/).
QList<FlowStep> convertCaSteps(const QString &name);
// AT+CSSLCFG="convert",1,"cert","key"; with deleteKeyAfter then AT+CFSINIT, AT+CFSDFILE=3,"key",
// AT+CFSTERM (the manual suggests deleting, §7.1). Fails with the command's error and a hint.
QList<FlowStep> convertClientSteps(const std::shared_ptr<UploadContext> &context, const QString &certName,
                                   const QString &keyName, bool deleteKeyAfter);
constexpr int kConvertDeadlineMs = 60000;

// Pki::checkForModem for a certificate (and key, may be empty) about to be uploaded: Usage with
// every error finding joined; warnings are added to `warnings`.
Result<void> checkBeforeUpload(const QByteArray &certificatePem, const QByteArray &privateKeyPem,
                               QStringList *warnings = nullptr);

namespace Internal {

// Pieces of the upload table, shared with deleteFileSteps / verifyFileSteps (tlsfiles.cpp). The
// steps keep a raw pointer to the context: the caller keeps it alive as long as the table.
QList<FlowStep> cfsInitSteps(const std::shared_ptr<UploadContext> &context, const QString &prefix);
FlowStep cfsTermStep(const std::shared_ptr<UploadContext> &context, const QString &id);
// AT+CFSGFIS against request.bytes.size(), and one AT+CFSRFILE piece compared with request.bytes;
// a failure is stored in the context and the table jumps to `termId`.
FlowStep cfsSizeStep(const std::shared_ptr<UploadContext> &context, const UploadRequest &request, const QString &termId);
FlowStep cfsReadStep(const std::shared_ptr<UploadContext> &context, const UploadRequest &request, const QString &termId,
                     qsizetype offset, qsizetype size);
// A command whose failure is stored in the context before the jump to `termId`.
FlowStep cfsCommandStep(const std::shared_ptr<UploadContext> &context, const QString &id, const QString &label,
                        const QByteArray &command, const QString &termId);
// A step that fails with `error` without touching the modem.
FlowStep cfsFailingStep(const Error &error);

} // namespace Internal

} // namespace ModemBench
