#pragma once

#include "atcommand.h"
#include "personality.h"

namespace ModemBench::Sim::PdpCommands {

// The parameters of AT+CNCFG after the SIM7080 <pdpidx> (protocol.md §6.3):
// <ip_type>[,"<APN>"[,"<user>","<pass>"[,<auth>]]], starting at argument `first`. False when invalid.
bool parseConfig(const AtCommand &command, qsizetype first, PdpContext &target);
// '<ip_type>,"<APN>","<user>","<pass>",<auth>' for the read form.
QByteArray configFields(const PdpContext &pdp);

// Activates context `index` of the application network with `apn` (empty: CNCFG's, else the
// network's). Returns false, leaving it inactive, when the modem is not registered or the network
// refuses the APN (scenario "pdp.reject_other_apns").
bool activate(ModemContext &context, int index, const QByteArray &apn);

} // namespace ModemBench::Sim::PdpCommands
