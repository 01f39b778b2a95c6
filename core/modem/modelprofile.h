#pragma once

// Which SIMCom family a modem is and what that implies (protocol.md §2.2, §2.3, §11.1, §15, §18):
// the command dialect a flow must speak and the capabilities the firmware has.

#include "core/error.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace ModemBench {

enum class ModelFamily { Unknown, Sim7000, Sim7080, Sim800 };

// How the application PDP context is activated and read back (§6.4, §11.2, §15).
enum class PdpDialect {
    CnactSim7000,  // AT+CNACT=1,"apn" → +APP PDP: ACTIVE; +CNACT: <status>,"<ip>"
    CnactSim7080,  // AT+CNCFG=0,1,"apn"; AT+CNACT=0,1 → +APP PDP: 0,ACTIVE; four +CNACT lines
    CipSim800,     // AT+CSTT / AT+CIICR / AT+CIFSR (bare IP)
};

enum class PingDialect {
    Snping4,          // SIM7000: AT+SNPING4 directly
    Snping4WithPdpid, // SIM7080: AT+SNPDPID=0 first (§6.8)
    Cipping,          // SIM800: AT+CIPPING
};

struct ModelProfile {
    ModelFamily family = ModelFamily::Unknown;
    QString model;         // "SIMCOM_SIM7000G" (AT+CGMM) or the ATI model
    QString firmware;      // "R1529", "R14.18" (ATI) or the CGMR build when ATI gave none
    QString revision;      // full AT+CGMR text
    PdpDialect pdp = PdpDialect::CnactSim7000;
    PingDialect ping = PingDialect::Snping4;
    // Registration reads in order of trust: LTE modems from CEREG/CGREG, never CREG alone (§18).
    QList<QByteArray> registrationReads;
    bool hasCgnapn = false;     // §6.2: SIM7000/SIM7080 only
    bool radioConfig = false;   // CNMP/CMNB/CBANDCFG exist (§4.2-4.4)
    bool tls = false;
    QString tlsNote;

    bool operator==(const ModelProfile &) const = default;
};

// "sim7000", "sim7080", "sim800" or "unknown".
QString familyName(ModelFamily family);

// Family from the AT+CGMM model, the ATI line and the AT+CGMR revision (any may be empty): the
// first that names SIM7000/SIM7070/SIM7080/SIM800 wins. Unknown when none does.
ModelFamily detectFamily(const QString &cgmm, const QString &ati, const QString &revision);

// The SIM800 firmware release "R14.18" from ATI ("SIM800 R14.18") or, failing that, from the
// CGMR build ("1418B05SIM800L24" → "R14.18"). Empty when neither has one.
QString sim800Release(const QString &atiRevision, const QString &revision);

// The profile for a family. `cipsslTest` is the outcome of AT+CIPSSL=? on SIM800 (true: it
// answered +CIPSSL:, false: ERROR, nullopt: not probed, then the firmware release decides).
// Fails with Unsupported for ModelFamily::Unknown.
Result<ModelProfile> makeProfile(ModelFamily family, const QString &model, const QString &firmware,
                                 const QString &revision, std::optional<bool> cipsslTest = std::nullopt);

// {"model_family": ..., "capabilities": {"tls": bool, "tls_note": string}} for status --json.
QJsonObject profileToJson(const ModelProfile &profile);

} // namespace ModemBench
