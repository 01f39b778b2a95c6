#pragma once

#include <QByteArray>
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
