#pragma once

// Signal and serving-cell replies: AT+CSQ (protocol.md §5.3) and AT+CPSI? (§5.4).

#include "core/error.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace ModemBench {

struct CsqInfo {
    int rssi = 99;                 // 0..31, 99 = unknown
    int ber = 99;                  // 0..7 (RXQUAL), 99 = unknown
    std::optional<int> rssiDbm;    // csqToDbm(rssi)
    std::optional<int> berOpt;     // ber, or empty for 99
};

// "+CSQ: 20,0", "+CSQ:20,0", "+CSQ:  20 , 0". rssi outside 0..31/99 or ber outside 0..7/99 is a
// Parse error, as is the test form "+CSQ: (0-31,99),(0-7,99)".
Result<CsqInfo> parseCsq(const QList<QByteArray> &lines);

// The SIMCom table (protocol.md §5.3, §16.1), not the 3GPP one: 0 -> -115, 1 -> -111,
// 2..30 -> -110..-54 (-114 + 2*rssi), 31 -> -52; 99 or anything out of range -> nullopt.
std::optional<int> csqToDbm(int rssi);

struct CpsiInfo {
    QString systemMode;                 // "NO SERVICE", "GSM", "LTE CAT-M1", "LTE NB-IOT"
    QString operationMode;              // "Online", "Offline", "Low Power Mode", ...
    std::optional<QString> mcc;         // "460"
    std::optional<QString> mnc;         // "01"
    std::optional<QString> lacOrTac;    // as printed, e.g. "0x144f"
    std::optional<QString> cellId;      // as printed: GSM decimal "46576", LTE SCellID "33815299"
    std::optional<QString> band;        // GSM "EGSM 900", LTE "EUTRAN-BAND18"
    std::optional<int> earfcn;          // LTE E-ARFCN; on GSM the ARFCN
    std::optional<int> rsrq;            // dB (LTE)
    std::optional<int> rsrp;            // dBm (LTE)
    std::optional<int> rssi;            // dBm (LTE)
    std::optional<int> rssnr;           // raw RSSNR (LTE)
    std::optional<int> sinr;            // 2*RSSNR - 20 clamped to -20..30 dB (LTE)
    std::optional<int> rxlev;           // RxLev in dBm (GSM)
};

// "+CPSI: NO SERVICE,Online"; the GSM 9-field form; the LTE CAT-M1 / NB-IOT 14-field form (RSRQ
// comes before RSRP); the short "+CPSI: LTE CAT-M1,Online" form of SIM7000E B08 firmware gives the
// modes only. Unknown system modes give the modes only. A GSM line with fewer than 9 fields, an LTE
// line with 3..13 fields, or a non-numeric measurement is a Parse error.
Result<CpsiInfo> parseCpsi(const QList<QByteArray> &lines);

} // namespace ModemBench
