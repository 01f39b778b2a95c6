#pragma once

// Network registration and operator replies: +CREG/+CGREG/+CEREG (protocol.md §5.2) and +COPS
// (§5.1). Registration on LTE must be read from CEREG/CGREG, not CREG (§18: NB-IoT "+CREG: 0,0"
// while "+CEREG: 0,1").

#include "core/error.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace ModemBench {

enum class RegistrationDomain {
    Cs,   // +CREG (circuit switched)
    Ps,   // +CGREG (GPRS)
    Eps,  // +CEREG (LTE)
};

struct Registration {
    RegistrationDomain domain = RegistrationDomain::Cs;
    std::optional<int> n;           // the URC mode; only in the solicited read form
    int stat = 4;                   // 0..5 (3GPP also 6..10), see registrationStateName()
    std::optional<QString> lac;     // LAC (CREG/CGREG) or TAC (CEREG): hex text without quotes
    std::optional<QString> ci;      // cell id: hex text without quotes
    std::optional<int> act;         // access technology: 0 GSM, 3 EGPRS, 7 Cat-M1, 9 NB-IoT
};

// Solicited read form "+CEREG: <n>,<stat>[,...]": the first +CREG/+CGREG/+CEREG line that has
// that form (a stray "+CEREG: 1" URC is skipped). Both CEREG layouts are understood: SIM7000's
// "2,1,"1A2B",,"0192E301",7" with its extra <rac> field and 3GPP's "2,1,"1A2B","0192E301",7".
// Fails with Parse when no line has the read form or a field is out of range.
Result<Registration> parseRegistrationReply(const QList<QByteArray> &lines);

// Unsolicited form "+CEREG: <stat>[,<tac>,[<rac>,]<ci>[,<act>]]" (n=1 or n=2 URCs). n stays empty.
Result<Registration> parseRegistrationUrc(const QByteArray &line);

// 0 "not-registered", 1 "registered-home", 2 "searching", 3 "denied", 4 "unknown",
// 5 "registered-roaming", anything else "unknown".
QString registrationStateName(int stat);

// True for stat 1 (home) and 5 (roaming).
bool isRegistered(int stat);

struct OperatorInfo {
    int mode = 0;                  // 0 auto, 1 manual, 2 deregister, 3 set format, 4 manual/auto
    std::optional<int> format;     // 0 long, 1 short, 2 numeric
    std::optional<QString> name;   // without quotes; may contain commas and spaces
    std::optional<int> act;        // absent on SIM800
};

// "+COPS: 0,0,"CHN-UNICOM",0", "+COPS: 0", SIM800 "+COPS: 0,0,"Viettel"".
Result<OperatorInfo> parseCops(const QList<QByteArray> &lines);

// 0 "GSM", 1 "GSM Compact", 3 "GSM EGPRS", 7 "LTE Cat-M1", 9 "LTE NB-IoT", else "unknown".
QString accessTechnologyName(int act);

} // namespace ModemBench
