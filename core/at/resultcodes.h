#pragma once

#include "core/error.h"

#include <QByteArray>

#include <optional>

namespace ModemBench {

// The final result codes of protocol §1 (ATV1 text and ATV0 numbers) plus the send results of the
// CIP/CA stacks. Anything else ("ERRORX", "OK then text") is not final (test-plan B3).
enum class FinalResult { Ok, Error, CmeError, CmsError, NoCarrier, Busy, NoAnswer, NoDialtone, SendOk, SendFail };

struct FinalContext {
    bool numericResults = false; // ATV0 in force
    bool sendCommand = false;    // "SEND OK"/"SEND FAIL" only end a send (CIPSEND)
};

std::optional<FinalResult> classifyFinal(const QByteArray &line, const FinalContext &context);

bool isSuccess(FinalResult result);

// The Error for a failed final, with the CME/CMS number and its meaning when known.
Error errorForFinal(FinalResult result, const QByteArray &line, const QByteArray &command);

// Lines that mean the modem just booted (protocol §2.1). Only "RDY" is unambiguous: "+CPIN: READY"
// and "SMS Ready" also follow a plain AT+CFUN=1.
bool isBootBanner(const QByteArray &line);

// Unsolicited result codes of protocol §12, by prefix. A line that matches is never taken as a
// bare reply (TinyGSM#682: "DST: 1" returned as the IMSI).
bool isKnownUrc(const QByteArray &line);

} // namespace ModemBench
