#pragma once

#include "modemstate.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace ModemBench::Sim {

// What the SIM card and the network say about themselves. Defaults are valid values: the IMEI and the
// ICCID carry correct Luhn check digits so that clients which validate them accept the simulator.
struct Identity
{
    QByteArray imei = "869951031234564";
    QByteArray imsi = "001010123456789";
    QByteArray iccid = "89012608622914771148";
    QByteArray operatorName = "ModemSim LTE";
};

// A raw byte string that a scenario emits unprompted this long after start.
struct ScheduledUrc
{
    int afterMs = 0;
    QByteArray text;
};

// One step of the scenario's registration sequence (docs/modemsim.md): the <stat> reported, and for
// how long before the next step; forMs < 0 stays for good.
struct RegistrationStep
{
    RegStat stat = RegStat::Home;
    int forMs = -1;
};

// What the network does with data sessions (protocol.md §6.2-§6.4, §11.2).
struct PdpScenario
{
    QByteArray apn = "modemsim";  // the network's APN, reported by AT+CGNAPN when announced
    bool announceApn = true;      // false: AT+CGNAPN answers 0,""
    bool rejectOtherApns = false;  // true: activating with another non-empty APN fails
    QByteArray address = "10.64.0.2";
    int activationMs = 200;  // OK -> "+APP PDP: ACTIVE"
};

// Round trips of AT+SNPING4 / AT+CIPPING (protocol.md §6.8).
struct PingScenario
{
    int rttMeanMs = 50;
    int rttJitterMs = 10;
    double loss = 0.0;
    QHash<QByteArray, QByteArray> resolve;  // lower-cased host -> IPv4; "" = the name does not resolve
};

// Fault switches (docs/modemsim.md, "faults"); zero means off.
struct FaultScenario
{
    int noisePerSecond = 0;
    double dropByteRate = 0.0;
    int rebootAfterCommands = 0;
    int rebootAfterMs = 0;
    double slowFactor = 1.0;
    int closeAfterMs = 0;
};

// Everything one modemsim run is configured with: built-in defaults, then the scenario file, then the
// command line (the most explicit source wins).
struct SimConfig
{
    QString model = QStringLiteral("sim7000g");
    Identity identity;
    int registrationDelayMs = 1500;
    int bannerDelayMs = 200;
    int signalStepMs = 1000;
    bool banner = true;
    bool echo = true;
    int cmee = 0;
    // Upper-cased command key ("AT+CSQ", "ATI") -> milliseconds before the reply is sent.
    QHash<QByteArray, int> latencyMs;
    std::optional<int> defaultLatencyMs;
    // Upper-cased exact command line -> raw replies for successive occurrences (the last repeats).
    QHash<QByteArray, QList<QByteArray>> responses;
    QList<ScheduledUrc> urcs;
    // Empty: search for registrationDelayMs, then registered home.
    QList<RegistrationStep> registrationSequence;
    bool simPresent = true;
    PdpScenario pdp;
    PingScenario ping;
    FaultScenario faults;
    // --baud-pacing / "baud_pacing": bytes in and out no faster than a UART at this rate (10 bits a
    // byte); 0 = as fast as the port goes.
    int baudPacing = 0;
    int fsCapacityBytes = 256 * 1024;  // "fs_capacity_bytes": room in the AP file system (AT+CFS*)
    // "routes": lower-cased "host:port" or "host" -> "127.0.0.1[:port]": where AT+CAOPEN really
    // connects; the TLS name check still uses the requested host (docs/modemsim.md).
    QHash<QByteArray, QByteArray> routes;
    std::optional<QDateTime> clock;  // "clock": the module clock at start (UTC); none = the host's
    QString statePath;  // --state: JSON file of the settings the modem saves itself

    QString replayPath;  // --replay: a traffic log to play back instead of simulating (docs/recording.md)
    double replaySpeed = 1.0;

    QString linkPath;
    QString tcpEndpoint;
    std::optional<std::uint32_t> seed;
    bool exitWithStdin = false;
    bool verbose = false;
};

namespace IdentityRules {
// Each returns an empty string when the value is acceptable, else what is wrong with it.
QString checkImei(const QByteArray &value);
QString checkImsi(const QByteArray &value);
QString checkIccid(const QByteArray &value);
QString checkOperator(const QByteArray &value);
// True when the last digit of an all-digit string is its Luhn check digit (IMEI, ICCID).
bool hasValidLuhn(const QByteArray &digits);
} // namespace IdentityRules

} // namespace ModemBench::Sim
