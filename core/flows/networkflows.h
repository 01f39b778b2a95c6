#pragma once

// The network bring-up flows of issue #3 as step tables for FlowRunner (style.md "Flows"): bring-up,
// configure, registration wait, APN choice, activation with address read-back, ping. Each table
// speaks the dialect of the profile found by the capability probe (protocol §15), which
// bringUpSteps() runs (or capabilityProbeSteps() alone, for ping and status); a caller concatenates
// the tables (see connectSteps()) and runs them on one FlowRunner. They share one NetworkContext
// that earlier steps fill and later ones read. Without a profile each table falls back to the
// SIM7000 dialect and reads all three registrations.

#include "core/flows/flowrunner.h"
#include "core/modem/capabilityprobe.h"
#include "core/parsers/ping.h"
#include "core/parsers/registration.h"

#include <QStringList>

#include <memory>

namespace ModemBench {

class Transport;

// The control line a board wires to the modem's PWRKEY (through a transistor), if any.
enum class PowerKeyLine { None, Dtr, Rts };

struct NetworkOptions {
    // Bring-up (protocol §2.2, §13: libraries poll AT for up to 10 s).
    int atAttempts = 10;
    int atRetryDelayMs = 500;
    bool sendAtz = false;
    // Power-key hook (protocol §2.1): when AT stays silent for powerKeyAfterAttempts tries, the line
    // is asserted for powerKeyPulseMs (SIM7000 ≥ 1 s, Zephyr pulses 1.5 s) once, then AT polling
    // resumes after bootWaitMs (UART ready ≥ 4.5 s after the pulse). Needs a port with control lines.
    PowerKeyLine powerKey = PowerKeyLine::None;
    int powerKeyAfterAttempts = 3;
    int powerKeyPulseMs = 1500;
    int bootWaitMs = 5000;
    // Configure (§4.2-4.7), SIM7000/SIM7080 only.
    int cnmp = 38;            // LTE only
    int cmnb = 1;             // Cat-M
    bool netLight = true;
    QString catmBands;        // e.g. "3,8,20"; empty: leave AT+CBANDCFG alone
    // Registration (§5.2; Zephyr waits 180 s overall).
    int registrationTimeoutMs = 180000;
    int registrationPollMs = 2000;
    int gaveUpAfterMs = 30000;    // stat 0 ("not searching") this long means the modem gave up
    int reregisterCycles = 2;     // COPS=2/COPS=0 cycles before reporting "gave up"
    int reregisterBackoffMs = 5000; // doubled each cycle
    // APN and activation (§6.2, §6.4: TinyGSM waits 60 s for +APP PDP).
    QString apn;
    int activationTimeoutMs = 60000;
    // Ping (§6.8).
    int pingCount = 4;
    int pingSize = 16;
    int pingTimeoutMs = 5000;
};

struct NetworkContext {
    std::shared_ptr<ProbeFindings> probe = std::make_shared<ProbeFindings>();
    std::optional<Registration> registration;
    QString apn;                // the APN activation used (empty: the modem's default)
    QString networkApn;         // what +CGNAPN offered
    bool alreadyActive = false;
    QString sim800State;        // SIM800 CIPSTATUS "STATE:" text
    QString address;            // the IP address read back
    PingReport ping;
    QStringList warnings;       // worth telling the user, but not failures

    const ModelProfile &profile() const { return *probe->profile; }
    bool hasProfile() const { return probe->profile.has_value(); }
};

// AT (with retries), optional ATZ, ATE0, AT+CMEE=1, the capability probe, then the SIM check
// (AT+CPIN?: "+CME ERROR: 10" = no SIM). When the transport has control lines DTR is asserted first
// (unless DTR is the power key): on the usual inverting USB-UART that is a low DTR pin, which wakes
// and keeps awake a module put to sleep with AT+CSCLK=1 (§4.7). With options.powerKey a silent
// modem gets one power-key pulse. Fails with the SIM state when the SIM is missing or locked.
QList<FlowStep> bringUpSteps(const std::shared_ptr<NetworkContext> &context, const NetworkOptions &options,
                             Transport *transport);

// AT+CSCLK=0, AT+CNMP, AT+CMNB, AT+CNETLIGHT and optionally AT+CBANDCFG on SIM7000/SIM7080; nothing
// on SIM800 (it has none of them but CSCLK, which it stores only with AT&W).
QList<FlowStep> configureSteps(const std::shared_ptr<NetworkContext> &context, const NetworkOptions &options);

// Polls the profile's registration reads and listens to +CEREG/+CGREG/+CREG URCs until registered
// (stat 1 or 5). Denied (stat 3) fails at once; "not searching" (stat 0) for gaveUpAfterMs runs a
// COPS=2/COPS=0 cycle with doubling backoff, then fails; the registration deadline fails with Timeout.
QList<FlowStep> registrationSteps(const std::shared_ptr<NetworkContext> &context, const NetworkOptions &options,
                                  Clock *clock);

// options.apn when given (with a warning when AT+CGNAPN offers a different one), else the network's
// APN from AT+CGNAPN (SIM7000/SIM7080), else SIM800's default "CMNET" with a warning. Fails with
// Usage when a SIM70xx network offers none and none is configured.
QList<FlowStep> apnSteps(const std::shared_ptr<NetworkContext> &context, const NetworkOptions &options);

// Activation and address read-back in the profile's dialect (§6.4, §11.2). Leaves context->address.
QList<FlowStep> activationSteps(const std::shared_ptr<NetworkContext> &context, const NetworkOptions &options);

// Reads whether a data connection is up, its address and APN (status --json "ip"): AT+CNACT? and
// AT+CNCFG? on SIM70xx; AT+CIPSTATUS, AT+CIFSR;E0 (only with a bearer up; E0 leaves echo off) and
// AT+CSTT? on SIM800. A refused command is skipped; an unreadable +CNACT reply ends it with Parse.
QList<FlowStep> addressReadSteps(const std::shared_ptr<NetworkContext> &context);

// Ping in the profile's dialect; leaves context->ping. Fails when no probe was answered.
QList<FlowStep> pingSteps(const std::shared_ptr<NetworkContext> &context, const QString &host,
                          const NetworkOptions &options);

// The whole `connect` (bring-up, registration, APN, activation), as the CLI and the wizard run it.
QList<FlowStep> connectSteps(const std::shared_ptr<NetworkContext> &context, const NetworkOptions &options,
                             Transport *transport, Clock *clock);
// Overall deadlines no healthy run reaches: the sum of every bounded wait inside, so a stuck step
// is reported instead of hanging.
int connectDeadlineMs(const NetworkOptions &options);
int pingDeadlineMs(const NetworkOptions &options);

// Messages for the registration outcomes (shared with the GUI wizard).
QString deniedMessage();
QString gaveUpMessage(int seconds);

} // namespace ModemBench
