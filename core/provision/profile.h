#pragma once

// A provisioning profile (issue #7): the JSON file that says what a station does to every unit.
// The format is in docs/profiles.md; examples/profiles/ has working examples. Everything is checked
// before any modem is touched: unknown keys, wrong types and impossible values are refused with
// the line and the reason.

#include "core/flows/tlsflows.h"
#include "core/provision/atscript.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace ModemBench {

struct ProfileSettings {
    std::optional<int> cnmp;        // "rat": "auto" 2, "gsm" 13, "lte" 38 (AT+CNMP, §4.2)
    std::optional<int> cmnb;        // "lte_mode": "cat-m" 1, "nb-iot" 2, "both" 3 (AT+CMNB, §4.3)
    QString catmBands;              // "bands": "3,8,20" (AT+CBANDCFG="CAT-M", §4.4)
    std::optional<bool> sleep;      // "sleep": AT+CSCLK (§4.7)
    std::optional<bool> netLight;   // "net_light": AT+CNETLIGHT (§4.6)

    bool operator==(const ProfileSettings &) const = default;
};

struct ProfileCertificates {
    enum class CaSource { None, File, OwnCa };
    CaSource caSource = CaSource::None;
    QString caFile;                 // CaSource::File: absolute path (relative ones resolve against the profile)
    QString caDirectory;            // CaSource::OwnCa: the CA folder made by `ca init`
    QString passphraseFile;         // our CA's passphrase, read at station start; never in the profile itself
    bool deviceCertificate = false; // issue one per IMEI from our CA and install it as the client certificate
    int deviceDays = 3650;
    // "device_key": "rsa2048" (default: what every SIMCom firmware converts) or "p256" (an
    // ECDSA key is generated in about a millisecond instead of tens: faster stations, but check
    // that the firmware's convert accepts it), also "rsa3072", "rsa4096".
    QString deviceKey = QStringLiteral("rsa2048");
    QString caName = QStringLiteral("ca.pem");          // names on the modem (≤ 50 chars)
    QString clientName = QStringLiteral("device.pem");

    bool operator==(const ProfileCertificates &) const = default;
};

struct ProfileVerification {
    // "tls_test": {"host", "port", "send", "expect"}; the TLS settings come from ProvisionProfile::tls.
    std::optional<TlsTestRequest> tlsTest;
    QByteArray tlsExpect;           // bytes that must be among those received; empty: any reply
    QString pingHost;               // "ping": {"host", "count"}; empty: no ping
    int pingCount = 4;
    std::optional<int> minSignalDbm; // "min_signal_dbm": RSSI from AT+CSQ at the end must reach it

    bool operator==(const ProfileVerification &other) const;
};

struct ProvisionProfile {
    QString name;
    QString sourcePath;             // where it was read from (empty when parsed from bytes)
    QString hash;                   // SHA-256 hex of the compact JSON: same content, same hash
    QStringList families;           // "model": allowed families ("sim7000", "sim7080", "sim800"); empty: any
    QString minFirmware;            // "min_firmware": compared with firmwareAtLeast()
    ProfileSettings settings;
    QString apn;                    // empty: the network's (AT+CGNAPN)
    ProfileCertificates certificates;
    std::optional<TlsSettings> tls; // "tls": version, sni, ignore_rtc_time, context; names from certificates
    ProfileVerification verify;
    QList<ScriptStep> steps;        // custom AT steps, run after the settings and before the certificates
    bool radioOff = false;          // "radio_off": AT+CFUN=0 last, so the unit ships with its radio off
    int unitTimeoutMs = 600000;     // "unit_timeout_s": one unit's whole run

    // Whether a data connection is needed (a TLS test or a ping).
    bool needsDataConnection() const { return verify.tlsTest.has_value() || !verify.pingHost.isEmpty(); }
};

// Parses a profile. `baseDirectory` resolves relative file paths. Fails with Usage
// "line L: key "path.to.key": <reason>" for JSON syntax errors, unknown keys, wrong types,
// impossible values (port 0, a 60-char file name, an unknown model, a bad regular expression in a
// step) and for files named in it that cannot be read.
Result<ProvisionProfile> parseProfile(const QByteArray &json, const QString &baseDirectory);
// Reads (≤ 1 MiB) and parses a file; sourcePath set.
Result<ProvisionProfile> loadProfile(const QString &path);

// Firmware comparison by the numbers in the revision: "1529B04SIM7000G" ≥ "1529B02SIM7000G",
// "R14.18" ≥ "R13.08". Compares the runs of digits in order; text between them must agree
// (a SIM7000 build is not compared with a SIM800 release: false).
bool firmwareAtLeast(const QString &actual, const QString &minimum);

} // namespace ModemBench
