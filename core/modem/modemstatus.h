#pragma once

#include "core/modem/modelprofile.h"
#include "core/parsers/registration.h"
#include "core/parsers/signal.h"
#include "core/parsers/sim.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace ModemBench {

// Whether a data connection is up, read in the profile's dialect (protocol §6.4, §11.2).
struct IpStatus {
    bool active = false;
    std::optional<QString> address;
    std::optional<QString> apn;
};

struct ModemIdentity {
    std::optional<QString> manufacturer;
    std::optional<QString> model;
    std::optional<QString> revision;
    std::optional<QString> imei;
    std::optional<QString> imsi;
    std::optional<QString> iccid;
};

// A snapshot of what the modem said about itself. Every field is optional: a modem that gave no
// value (or an unreadable one) leaves it empty, and `problems` says why.
struct ModemStatus {
    QString port;
    ModemIdentity identity;
    std::optional<SimState> sim;
    std::optional<Registration> registration;
    std::optional<OperatorInfo> networkOperator;
    std::optional<CsqInfo> csq;
    std::optional<CpsiInfo> cpsi;
    std::optional<ModelProfile> profile; // empty: the model was not recognised
    std::optional<IpStatus> ip;          // empty: the data connection was not read
    QStringList problems;
};

// The CLI's `status --json` object (issue #2): null wherever the modem gave no value; with
// "model_family", "capabilities" and "ip" (issue #3) when the status read them.
QJsonObject statusToJson(const ModemStatus &status);

// Picks the registration to report: an LTE modem may say CREG 0,0 while CEREG says 0,1
// (protocol §18), so a registered EPS/PS state wins over CS, and EPS is preferred otherwise.
std::optional<Registration> chooseRegistration(const std::optional<Registration> &eps,
                                               const std::optional<Registration> &ps,
                                               const std::optional<Registration> &cs);

// Adds "model_family", "capabilities" {"tls", "tls_note"} and "ip" {"active", "address", "apn"}
// (issue #3) to a statusToJson() object. Without a profile the family is "unknown" and tls false.
void addNetworkJson(QJsonObject &json, const std::optional<ModelProfile> &profile, const IpStatus &ip);

} // namespace ModemBench
