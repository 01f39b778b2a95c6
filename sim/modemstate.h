#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>

#include <array>
#include <cstdint>
#include <utility>

namespace ModemBench::Sim {

// The values a reboot or ATZ restores (protocol.md §2.2, §3.2: echo, CMEE and V are NO_SAVE).
struct PowerOnDefaults
{
    bool echo = true;
    int cmee = 0;
};

// Registration <stat> (protocol.md §5.2).
enum class RegStat : int {
    NotSearching = 0,
    Home = 1,
    Searching = 2,
    Denied = 3,
    Unknown = 4,
    Roaming = 5,
};

// Access technology of COPS/CREG/CEREG (protocol.md §5.1): 7 = LTE M1 (Cat-M), 9 = NB-IoT.
enum class AccessTech : int {
    Gsm = 0,  // SIM800 (GSM/GPRS only)
    CatM = 7,
    NbIot = 9,
};

// The cell the simulated modem camps on. Fixed so that CEREG, CREG and CPSI agree with each other.
struct ServingCell
{
    static constexpr std::uint32_t kTac = 0x1A2B;
    static constexpr std::uint32_t kCellId = 0x0192E301;  // 28-bit E-UTRAN cell identity
    static constexpr int kPhysicalCellId = 94;
    static constexpr int kBand = 20;
    static constexpr int kEarfcn = 6300;  // band 20 downlink range is 6150-6449
};

// One application PDP context of the SIM70xx CNCFG/CNACT stack (protocol.md §6.3, §6.4). SIM7000
// has one (index 0), SIM7080 four (pdpidx 0-3).
struct PdpContext
{
    int ipType = 1;  // CNCFG <ip_type>: 0 dual, 1 IPv4, 2 IPv6
    QByteArray apn;
    QByteArray user;
    QByteArray password;
    int auth = 0;
    bool active = false;
    QByteArray address = "0.0.0.0";
};

// One AT+SAPBR bearer profile (protocol.md §6.6), cid 1-3.
struct SapbrBearer
{
    QList<std::pair<QByteArray, QByteArray>> params{
        {"CONTYPE", "GPRS"}, {"APN", "CMNET"}, {"USER", ""}, {"PWD", ""}};
    bool open = false;
};

// The SIM800 CIP stack states of protocol.md §11.2 (single connection, no socket opened).
enum class CipState { Initial, Start, GprsAct, Status };

// A certificate object made by AT+CSSLCFG="convert" (protocol.md §7.1) from files in /customer/:
// what later TLS work needs to find it by the certificate file's name.
struct ConvertedCert
{
    int type = 2;             // 1 client cert + key, 2 CA list, 3 PSK table
    QByteArray subject;       // RFC 2253 subject of the (first) certificate; empty for a PSK table
    QByteArray keyName;       // type 1: the key file it was converted with
    QByteArray certificates;  // the certificates, PEM (type 1 and 2)
    QByteArray keyPem;        // type 1: the private key, unencrypted PEM (simulator state, for TLS)
};

// One SSL context of AT+CSSLCFG (protocol.md §7.1, ctxindex 0-5); NO_SAVE.
struct SslContext
{
    int sslVersion = 3;
    int ignoreRtcTime = 0;
    int protocol = 1;
    QByteArray sni;
    std::array<QByteArray, 8> cipherSuites{"0x0000", "0x0000", "0x0000", "0x0000",
                                           "0x0000", "0x0000", "0x0000", "0x0000"};
};

// Everything a command can read or change. Fields marked "kept" survive a reboot (AUTO_SAVE in the
// SIM7000 manual); the rest return to their power-on values.
struct ModemState
{
    bool echo = true;
    bool verbose = true;  // ATV1
    int cmee = 0;
    int cfun = 1;
    int cregN = 0;
    int cgregN = 0;
    int ceregN = 0;
    int clts = 0;
    RegStat regStat = RegStat::NotSearching;
    AccessTech act = AccessTech::CatM;
    int copsMode = 0;    // kept
    int copsFormat = 0;  // kept
    int cnmp = 2;        // kept
    int cmnb = 1;        // kept
    int cnetlight = 1;   // kept
    int csclk = 0;       // kept
    int cbatchk = 0;     // kept
    QList<int> catMBands{1, 2, 3, 4, 5, 8, 12, 13, 18, 19, 20, 26, 28, 39};  // kept (§4.4)
    QList<int> nbIotBands{1, 2, 3, 5, 8, 12, 13, 17, 18, 19, 20, 26, 28};     // kept (§4.4)
    bool attached = false;  // CGATT (§6.1), follows registration
    QMap<int, std::pair<QByteArray, QByteArray>> cgdcont;  // kept; cid -> {PDP type, APN} (§6.1)
    std::array<PdpContext, 4> pdp{};
    int snpdpid = -1;  // SIM7080 AT+SNPDPID (§6.8); -1 = not chosen
    CipState cip = CipState::Initial;
    std::array<SapbrBearer, 3> sapbr{};
    QList<int> cgact;  // cids activated with AT+CGACT (§6.1)
    QByteArray cipApn = "CMNET";  // CSTT default (§6.5)
    int cipmux = 0;    // SIM800 CIP settings (§11.2, §11.3)
    int cipqsend = 0;
    int ciprxget = 0;
    int cipssl = 0;
    int httpssl = 0;
    std::array<int, 2> sslopt{};  // SIM800 AT+SSLOPT: 0 ignore invalid certificate, 1 client auth (§11.3)
    bool cfsInitialized = false;  // AT+CFSINIT's buffer (§9, §14.5)
    // kept (flash): the AP file system (§9), directory index 0-3 -> file name -> contents.
    std::array<QMap<QByteArray, QByteArray>, 4> files{};
    QMap<QByteArray, ConvertedCert> converted;  // kept: certificate name -> converted object (§7.1)
    std::array<SslContext, 6> ssl{};
    // The module clock (AT+CCLK, §5.6): its UTC minus the host's, and its zone in quarter hours. The
    // RTC runs on through reboots. TLS judges certificate validity by it (§7.1 ignorertctime).
    qint64 clockOffsetMs = 0;
    int clockQuarterHours = 0;

    qint64 fileBytes() const
    {
        qint64 total = 0;
        for (const auto &directory : files)
            for (const QByteArray &contents : directory)
                total += contents.size();
        return total;
    }

    QDateTime moduleUtc() const { return QDateTime::currentDateTimeUtc().addMSecs(clockOffsetMs); }

    bool registered() const { return regStat == RegStat::Home || regStat == RegStat::Roaming; }
    bool simPowered() const { return cfun != 0; }

    void restoreProfile(const PowerOnDefaults &defaults)
    {
        echo = defaults.echo;
        verbose = true;
        cmee = defaults.cmee;
    }

    void powerOn(const PowerOnDefaults &defaults, int fun)
    {
        restoreProfile(defaults);
        cfun = fun;
        cregN = cgregN = ceregN = 0;
        clts = 0;
        regStat = RegStat::NotSearching;
        attached = false;
        pdp = {};
        snpdpid = -1;
        cip = CipState::Initial;
        sapbr = {};
        cgact.clear();
        cipApn = "CMNET";
        cipmux = cipqsend = ciprxget = cipssl = httpssl = 0;
        sslopt = {};
        cfsInitialized = false;
        ssl = {};
    }
};

} // namespace ModemBench::Sim
