#pragma once

#include "atcommand.h"
#include "modemstate.h"
#include "reply.h"
#include "simconfig.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QStringList>

#include <functional>
#include <memory>
#include <random>

namespace ModemBench::Sim {

class SignalModel;

// What a command handler may read and change.
struct ModemContext
{
    ModemState &state;
    SignalModel &signal;
    const Identity &identity;
    const PowerOnDefaults &defaults;
    const SimConfig &config;  // the scenario: SIM, PDP and ping behaviour
    std::mt19937 &random;     // data-path randomness (ping), seeded apart from the signal walk
};

// One modem model: its command set, its formats and its quirks. The engine (framing, echo, timing,
// registration timers) is shared; a new model (sim7080g, sim800l) is a new subclass plus a line in
// createPersonality().
class Personality
{
public:
    virtual ~Personality() = default;

    virtual QString model() const = 0;
    // Longest accepted command line and most commands per line (protocol.md §1).
    virtual qsizetype maxLineLength() const = 0;
    virtual qsizetype maxCommandsPerLine() const = 0;
    // Verbose text of a +CME ERROR code for CMEE=2 (§3.3).
    virtual QByteArray cmeText(int code) const = 0;
    // The unsolicited lines of a (re)boot into CFUN level `fun` (§2.1).
    virtual QList<QByteArray> bootUrcs(int fun) const = 0;
    // "+CPIN: NOT INSERTED" instead of READY when the scenario has no SIM.
    virtual QByteArray simAbsentUrc() const { return "+CPIN: NOT INSERTED"; }
    // The +CREG/+CGREG/+CEREG URCs due after the registration state changed (§5.2).
    virtual QList<QByteArray> registrationUrcs(const ModemState &state) const = 0;
    // The URCs announcing that the network dropped the data sessions active in `state` (registration
    // lost): "+APP PDP: DEACTIVE" on SIM70xx, "+PDP: DEACT" on SIM800 (§11.2, §12).
    virtual QList<QByteArray> dataLostUrcs(const ModemState &state) const = 0;
    // Network time URCs sent after registering when CLTS=1 (§5.5).
    virtual QList<QByteArray> networkTimeUrcs(const QDateTime &utc, int quarterHours) const = 0;
    // The radio access technology the modem registers on, given its RAT preferences.
    virtual AccessTech accessTechnology(const ModemState &state) const = 0;
    // Runs one command; sets reply.final on failure and appends lines and effects.
    virtual void execute(const AtCommand &command, ModemContext &context, Reply &reply) = 0;
    // Where a model with live sockets (the CA* stack, protocol.md §8) sends its unsolicited output:
    // a URC line to frame (raw false) or bytes sent as they are (raw true).
    using UnsolicitedSink = std::function<void(const QByteArray &bytes, bool raw)>;
    virtual void setUnsolicitedSink(UnsolicitedSink sink) { static_cast<void>(sink); }
    // The module reboots: every socket ends silently.
    virtual void dropConnections() {}
    // Registration is lost and with it every data session: open sockets end (their URCs go to the sink).
    virtual void networkLost() {}
};

QStringList supportedModels();
// nullptr for an unknown model name.
std::unique_ptr<Personality> createPersonality(const QString &model);

} // namespace ModemBench::Sim
