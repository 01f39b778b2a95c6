#pragma once

// Parsers for the identification replies (protocol.md §2.2, §2.3): ATI, AT+CGMI/GMI, AT+CGMM/GMM,
// AT+CGMR/GMR, AT+CGSN/GSN, AT+CIMI, AT+CCID.
//
// Input convention for every parser here: the intermediate lines of one reply (no CR/LF, echo and
// final result already removed). Other lines (URCs that slipped in, blank lines) are ignored; a
// value is only taken from a line that has the value's own format, so "DST: 1", "*PSUTTZ: ..." or
// "+CEREG: 1" is never returned as an IMSI (TinyGSM#682). All of them fail with ErrorCode::Parse,
// a message quoting what was seen, and Error::raw holding the lines, when no line fits.

#include "core/error.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace ModemBench {

struct AtiInfo {
    QString model;     // "SIM7000G", "SIM800"
    QString revision;  // "R1529", "R14.18"
    QString raw;       // the whole line
};

// "SIM7000G R1529", "SIM800 R14.18", "SIM7080 R1351".
Result<AtiInfo> parseAti(const QList<QByteArray> &lines);

// "SIMCOM_Ltd" (also a "+CGMI: x" form). Fails when only URC-looking lines are present.
Result<QString> parseManufacturer(const QList<QByteArray> &lines);

// "SIMCOM_SIM7000G", "SIMCOM_SIM800L" (also a "+CGMM: x" form).
Result<QString> parseModel(const QList<QByteArray> &lines);

struct RevisionInfo {
    QString full;   // "1351B05SIM7000E_20180821_1526"
    QString build;  // "1351B05"; empty if the text has no <digits>B<digits> build part
    QString model;  // "SIM7000E", "SIM800L24"
    QString date;   // "20180821_1526"; empty when absent
};

// "Revision:1351B04SIM7000G", "Revision: 1308B01SIM800H32", "+CGMR: ...", or a bare
// "1351B04SIM7000G". Fails when no line carries a revision.
Result<RevisionInfo> parseRevision(const QList<QByteArray> &lines);

// Splits a revision string into build, model and date; never fails (unknown parts stay empty).
RevisionInfo decomposeRevision(const QString &full);

struct ProductInfo {
    QString manufacturer;   // "SIMCOM_Ltd"
    QString model;          // "SIMCOM_SIM7000"
    RevisionInfo revision;  // from "Revision: 1351B01SIM7000"
};

// AT+GSV (protocol.md §2.3): the first two plain text lines are manufacturer and model, then a
// "Revision:" line. Fails when any of the three is missing.
Result<ProductInfo> parseGsv(const QList<QByteArray> &lines);

// Exactly 15 digits, bare or after "+CGSN: "/"+GSN: ", optionally quoted. A Luhn mismatch is
// accepted (some modems report such IMEIs); see imeiLuhnValid().
Result<QString> parseImei(const QList<QByteArray> &lines);

// True when the 15-digit IMEI's check digit (Luhn, 3GPP TS 23.003 annex B) is right.
bool imeiLuhnValid(const QString &imei);
// The Luhn check digit that completes `digits` (ISO/IEC 7812: IMEIs, ICCIDs); '\0' when `digits`
// is empty or holds anything but 0-9.
QChar luhnCheckDigit(QStringView digits);

// 6..15 digits on a bare line (protocol.md §2.3), "+CIMI: " tolerated.
Result<QString> parseImsi(const QList<QByteArray> &lines);

// "+CCID: x", "+ICCID: x" or bare; 18..22 hex-digit characters starting with a digit, quotes
// stripped, trailing F/f padding stripped (protocol.md §2.3, §18): "8901260862291477114f" gives
// "8901260862291477114"; hex letters inside ("898600810906F8048812") are kept as printed.
Result<QString> parseIccid(const QList<QByteArray> &lines);

} // namespace ModemBench
