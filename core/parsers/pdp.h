#pragma once

// PDP / application-network replies (protocol.md §6.1, §6.2, §6.4, §11.2, §15, §18):
// +CGNAPN, the two +CNACT read forms, the +APP PDP URC in both dialects, SIM800 STATE:,
// the bare CIFSR address and +CGATT. Same input convention as identity.h: the info lines of one
// reply; foreign lines are skipped; Parse errors quote what was seen.

#include "core/error.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace ModemBench {

struct NetworkApn {
    bool valid = false;  // 0: the network sent none (always on GSM)
    QString apn;
};

// "+CGNAPN: 1,"ctnb"", "+CGNAPN: 0,""".
Result<NetworkApn> parseCgnapn(const QList<QByteArray> &lines);

struct PdpContext {
    int index = 0;        // SIM7080 pdpidx; 0 for the SIM7000 one-line form
    int status = 0;       // 0 deactivated, 1 activated, 2 in operation
    QString address;      // "10.94.36.44"; "0.0.0.0" when inactive
    bool active() const { return status == 1 && address != QLatin1String("0.0.0.0") && !address.isEmpty(); }
};

// SIM7000 "+CNACT: 1,"10.250.5.248"" (one line) or SIM7080 "+CNACT: 0,1,"10.94.36.44"" (one line
// per pdpidx). Both forms are recognised by field count. Fails when no +CNACT line parses.
Result<QList<PdpContext>> parseCnact(const QList<QByteArray> &lines);

struct AppPdpEvent {
    std::optional<int> index;  // present in the SIM7080 form
    bool active = false;
};

// "+APP PDP: ACTIVE", "+APP PDP: DEACTIVE", "+APP PDP: 0,ACTIVE", "+APP PDP: 0,DEACTIVE".
Result<AppPdpEvent> parseAppPdpUrc(const QByteArray &line);

// SIM800 AT+CIPSTATUS "STATE: IP INITIAL" (§11.2): the state text, upper-case, without "STATE: ".
Result<QString> parseCipState(const QList<QByteArray> &lines);

// SIM800 AT+CIFSR: a bare dotted IPv4 line ("10.78.245.128"); "+CIFSREX: <ip>" tolerated.
Result<QString> parseCifsr(const QList<QByteArray> &lines);

// The APN configured for the application PDP context (§6.3): SIM7000 "+CNCFG: <ip_type>,<APN>,
// <user>,<pass>,<auth>" or, with `sim7080`, "+CNCFG: <pdpidx>,<ip_type>,<APN>,..." (the pdpidx 0
// line). Empty when none is configured; fails when no +CNCFG line parses.
Result<QString> parseCncfgApn(const QList<QByteArray> &lines, bool sim7080);

// SIM800 AT+CSTT? "+CSTT: "CMNET","",""" (§6.5) → "CMNET".
Result<QString> parseCsttApn(const QList<QByteArray> &lines);

// "+CGATT: 1" → true.
Result<bool> parseCgatt(const QList<QByteArray> &lines);

// True for a dotted-quad IPv4 address with each part 0..255.
bool isIpv4Address(QByteArrayView text);

} // namespace ModemBench
