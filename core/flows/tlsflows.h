#pragma once

// TLS set-up and the connection test of issue #6 as FlowRunner step tables (style.md "Flows"):
// AT+CSSLCFG / AT+CASSLCFG / AT+CACFG (protocol §7.1, §7.2, §8.7), the CA* socket stack (§8.2-8.6)
// on SIM7000 and SIM7080, and the CIP stack with AT+CIPSSL on SIM800 (§11.2, §11.3).
//
// The SSL context settings are NO_SAVE (§7.1) and a module forgets them on every reboot, so the
// test always re-sends the whole configuration right before AT+CAOPEN instead of trusting what an
// earlier session set (the seed's advice).

#include "core/flows/flowrunner.h"
#include "core/modem/capabilityprobe.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <memory>
#include <optional>

namespace ModemBench {

// AT+CSSLCFG="sslversion" values (§7.1). TLS 1.3 exists only on SIM7080 "2117" firmware.
enum class TlsVersion { Tls10 = 1, Tls11 = 2, Tls12 = 3, Tls13 = 6 };
QString tlsVersionName(TlsVersion version); // "TLS 1.2"
std::optional<TlsVersion> tlsVersionFromName(const QString &text); // "1.2", "tls1.2", "TLS 1.2", "3"

// Everything the modem must be told before AT+CAOPEN. Remembered per modem (FileInventory) and
// re-sent before each connection.
struct TlsSettings {
    bool tls = true;                 // false: plain TCP through the same stack
    int sslContext = 0;              // AT+CSSLCFG ctxindex 0..5, bound with CASSLCFG "crindex"
    int connectionId = 0;            // AT+CACID / AT+CAOPEN cid (0..12)
    TlsVersion version = TlsVersion::Tls12;
    bool ignoreRtcTime = false;      // manual: 1 = ignore the module clock when checking validity
    QString sni;                     // empty: the host name when it is not an IP address
    QString caName;                  // converted CA file name; empty = the modem trusts any server
    QString clientCertName;          // converted client certificate (its key converted with it)
    int timeoutS = 0;                // CASSLCFG "timeout" (SIM7000 only); 0 = leave the default
    bool keepAlive = false;          // AT+CACFG="KEEPALIVE",1,idle,interval,count (SIM7000 only)
    int keepAliveIdleS = 7200;
    int keepAliveIntervalS = 75;
    int keepAliveCount = 9;
    bool acceptInsecureTls10 = false; // SIM800 offers TLS 1.0 at most: refused unless the user says so

    bool operator==(const TlsSettings &) const = default;
};
QJsonObject tlsSettingsToJson(const TlsSettings &settings);
Result<TlsSettings> tlsSettingsFromJson(const QJsonObject &object); // Parse with the bad key named

struct TlsTestRequest {
    QString host;
    int port = 0;
    QByteArray payload;              // sent after the open (AT+CASEND, ≤ 1460 a write); may be empty
    qsizetype expectBytes = -1;      // wait until this many bytes came back; -1: payload.size()
    int openTimeoutMs = 90000;       // §8.2: TinyGSM 75 s, Zephyr 90 s
    int receiveTimeoutMs = 15000;    // how long to wait for +CADATAIND / the expected bytes
};

// Filled by the steps as they run; front ends read it afterwards (also after a failure).
struct TlsContext {
    std::shared_ptr<ProbeFindings> probe = std::make_shared<ProbeFindings>();
    QString imei;                    // AT+GSN, the key of the per-modem inventory
    std::optional<QDateTime> modemClock; // AT+CCLK?, in UTC
    int openResult = -1;             // +CAOPEN result code (-1: not reached); SIM800: 0 or 27
    qint64 openElapsedMs = -1;
    qsizetype sentBytes = 0;
    QByteArray received;             // every byte AT+CARECV returned
    bool closedByPeer = false;       // +CASTATE: <cid>,0 / CLOSED
    QStringList transcript;          // short human lines: "Opened localhost:8443 (TLS 1.2) in 230 ms"
    QStringList warnings;
    // Time for openElapsedMs and the receive and open deadlines; null: the thread's SystemClock.
    // Tests set their ManualClock here.
    Clock *clock = nullptr;

    const ModelProfile *profile() const { return probe->profile ? &*probe->profile : nullptr; }
};

// What a +CAOPEN result code means (§8.2 table), with the likely cause and the fix; unknown
// codes say so and quote the number.
struct CaResultMeaning {
    int code = -1;
    QString meaning;                 // "certificate time expired"
    QString cause;                   // "the module clock is outside the certificate's validity ..."
    QString fix;                     // "set the clock (AT+CCLK / AT+CNTP) or ignorertctime ..."
};
CaResultMeaning caResultMeaning(int code);
// The same, worded for a plain TCP (`tls` false) or a TLS connection: 27 on TLS is most often a
// failed handshake (§14.9), which caResultMeaning(code) also mentions.
CaResultMeaning caResultMeaning(int code, bool tls);

// +CCLK: "yy/MM/dd,hh:mm:ss±zz" (§5.6; zz in quarter hours) → UTC. Parse error names the text.
Result<QDateTime> parseCclk(const QByteArray &line);

// Identity and clock: the capability probe (when the context has no profile yet), AT+GSN into
// context->imei, AT+CCLK? into context->modemClock (a refused CCLK is a warning, not a failure).
QList<FlowStep> tlsPreparationSteps(const std::shared_ptr<TlsContext> &context);

// The configuration in the profile's dialect: SIM7000 CACID, CSSLCFG sslversion/ignorertctime/sni,
// CASSLCFG ssl/crindex/protocol/cacert/clientcert/timeout, CACFG KEEPALIVE; SIM7080 the upper-case
// CASSLCFG keywords ("SSL", "CRINDEX", "CACERT", "CERT") and no timeout/protocol. SIM800: AT+CIPSSL=1
// (and AT+SSLOPT) — refused with Usage before anything is sent when TLS is asked for and
// acceptInsecureTls10 is false, and with Unsupported when the firmware has no TLS at all.
QList<FlowStep> tlsConfigureSteps(const std::shared_ptr<TlsContext> &context, const TlsSettings &settings,
                                  const QString &host);

// The connection test: configuration (always re-sent), AT+CACLOSE of a left-over socket (its
// error ignored), AT+CAOPEN (either reply order, ASYNCOPEN URC too), then AT+CASEND with the ">"
// prompt per ≤1460-byte piece, +CADATAIND, AT+CARECV never asking for more than was announced or
// 1460, AT+CASTATE?, AT+CACLOSE (always, also after a failed open, like Zephyr). SIM800: AT+CIPSSL,
// AT+CIPSTART (CONNECT OK / CONNECT FAIL / CLOSE OK), AT+CIPSEND=<len>, AT+CIPCLOSE. A failed open
// ends with ErrorCode::Error whose number is the result code and whose message is
// caResultMeaning(code) (meaning, cause, fix).
QList<FlowStep> tlsTestSteps(const std::shared_ptr<TlsContext> &context, const TlsSettings &settings,
                             const TlsTestRequest &request);
int tlsTestDeadlineMs(const TlsTestRequest &request);

// AT+CFSINIT, AT+CFSDFILE=<dir>,"name", AT+CFSTERM (always). A missing file is not an error on
// real SIM7080 firmware (§9), so success says nothing about whether it existed.
QList<FlowStep> deleteFileSteps(const QString &name, int directory = 3);

// Byte-exact check of a file already on the modem: AT+CFSINIT, AT+CFSGFIS size, and unless
// `secret` AT+CFSRFILE in pieces compared with `expected`, AT+CFSTERM always. Fails with Error
// naming the size or the first differing offset.
QList<FlowStep> verifyFileSteps(const QString &name, const QByteArray &expected, bool secret, int directory = 3);

} // namespace ModemBench
