#pragma once

#include <cstdint>

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
    }
};

} // namespace ModemBench::Sim
