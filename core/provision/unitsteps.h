#pragma once

// The step tables a provisioning unit runs (issue #7 item 2) that the generic flows do not have:
// identity reads, the signal read, radio off, and the checks that turn a profile's verification
// into a verdict. The phases themselves (bring-up, configure, network, TLS) come from core/flows.
// Internal to core/provision: front ends drive a Station.

#include "core/flows/flowrunner.h"
#include "core/flows/networkflows.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <optional>

namespace ModemBench {

struct ProvisionProfile;

struct UnitIdentity {
    QString imei;
    QString imsi;
    QString iccid;
};

// The NetworkOptions a profile asks for: its settings and APN, and bounds a station can live with.
NetworkOptions unitNetworkOptions(const ProvisionProfile &profile);

// AT+GSN (IMEI): placed before the SIM check so that a unit without a SIM is still recorded by IMEI.
FlowStep imeiStep(const std::shared_ptr<UnitIdentity> &identity);
// AT+CIMI and AT+CCID, after the SIM check.
QList<FlowStep> simIdentitySteps(const std::shared_ptr<UnitIdentity> &identity);

// bringUpSteps() with radioOnSteps() and imeiStep() inserted before the SIM check.
QList<FlowStep> unitBringUpSteps(const std::shared_ptr<NetworkContext> &context,
                                 const std::shared_ptr<UnitIdentity> &identity, const NetworkOptions &options,
                                 Transport *transport);

// AT+CEREG=1 / AT+CGREG=1 / AT+CREG=1 for the registrations the model reports (§5.2), so the
// registration wait ends on the URC instead of at its next poll. A refusal is ignored: polling
// still works.
QList<FlowStep> registrationUrcSteps(const std::shared_ptr<NetworkContext> &context);

// AT+CSQ into *dbm; with a minimum, a weaker (or unknown) signal fails the step.
QList<FlowStep> signalSteps(const std::shared_ptr<std::optional<int>> &dbm, std::optional<int> minimumDbm);

// An action step that fails with `message` unless `check` holds (after a ping or TLS test).
FlowStep checkStep(const QString &id, const QString &label, std::function<std::optional<Error>()> check);

// AT+CFUN? and, when the radio is off (0 or 4, e.g. a unit shipped with "radio_off" that is
// verified again), AT+CFUN=1 before registering. Left alone when on: AT+CFUN=1 restarts the search.
QList<FlowStep> radioOnSteps();

// AT+CFUN=0: the unit ships with its radio off (profile "radio_off").
QList<FlowStep> radioOffSteps();

} // namespace ModemBench
