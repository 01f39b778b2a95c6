#pragma once

// Internal pieces shared by the network flow tables (not for front ends).

#include "core/flows/networkflows.h"

namespace ModemBench::Internal {

// SIM800 CIP bearer (protocol §11.2): CIPSTATUS, then CSTT/CIICR as the state needs, then CIFSR.
QList<FlowStep> sim800ActivationSteps(const std::shared_ptr<NetworkContext> &context, const NetworkOptions &options);

// SIM800: CIPSTATUS and, when a bearer is up, CIFSR; never changes the state.
QList<FlowStep> sim800AddressSteps(const std::shared_ptr<NetworkContext> &context);

} // namespace ModemBench::Internal
