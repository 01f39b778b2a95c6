#pragma once

#include "basepersonality.h"
#include "tlsclient.h"

#include <memory>

namespace ModemBench::Sim {

class CaStack;
struct CaOpenRequest;

// What SIM7000G and SIM7080G share (protocol.md §4, §5, §6, §15): the LTE-M/NB-IoT radio settings
// (CNMP, CMNB, CBANDCFG, CPSI), the malformed network-time URC, CGNAPN and the SNPING4 ping. The
// application PDP commands (CNCFG, CNACT) differ in syntax and live in the model classes.
class Sim70xx : public BasePersonality
{
public:
    qsizetype maxLineLength() const override { return 559; }  // §1
    qsizetype maxCommandsPerLine() const override { return 39; }  // §1
    QByteArray cmeText(int code) const override { return standardCmeText(code); }
    QList<QByteArray> bootUrcs(int fun) const override;
    QList<QByteArray> networkTimeUrcs(const QDateTime &utc, int quarterHours) const override;
    AccessTech accessTechnology(const ModemState &state) const override;
    ~Sim70xx() override;
    void setUnsolicitedSink(UnsolicitedSink sink) override;
    void dropConnections() override;
    void networkLost() override;

protected:
    Sim70xx();
    // SIM7080 syntax and limits where the two differ (§15): CAOPEN with <pdp_index>, CASSLCFG's
    // upper-case "CERT", CASEND without a +CASEND URC, CSSLCFG sslversion 6 (TLS 1.3).
    virtual bool sim7080Dialect() const { return false; }
    // Closes the CA* connections over application context `pdpIndex` (all when nullopt) because the
    // context went down; returns the "+CASTATE: <cid>,0" URCs of those that were connected (§8.5).
    QList<QByteArray> closeSocketsOn(std::optional<int> pdpIndex);

    QByteArray manufacturer() const override { return "SIMCOM_Ltd"; }
    QByteArray registrationLocation(RegKind kind, const ModemState &state) const override;
    // The PDP context index whose address a ping goes out of; nullopt when none may be used (SNPING4
    // then answers ERROR).
    virtual std::optional<int> pingContext(const ModemState &state) const = 0;

private:
    // The AP file system (AT+CFS*, protocol.md §9) and AT+CSSLCFG (§7.1); cfscommands.cpp.
    void addFileSystem();
    void onCfsinit(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCfsterm(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCfswfile(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCfsrfile(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCfsgfis(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCfsdfile(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCfsren(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCfsgfrs(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCsslcfg(const AtCommand &command, ModemContext &context, Reply &reply);
    void onConvert(const AtCommand &command, ModemContext &context, Reply &reply);

    // The CA* TCP/TLS stack (§7.2, §8); cacommands.cpp, caopen.cpp.
    void addCaStack();
    void onCacid(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCasslcfg(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCasslcfgRead(Reply &reply);
    void onCacfg(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCaopen(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCaopenRead(Reply &reply);
    std::optional<TlsSettings> tlsSettings(int cid, const QByteArray &host, const ModemContext &context) const;
    void onCasend(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCarecv(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCastate(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCaclose(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCaack(const AtCommand &command, ModemContext &context, Reply &reply);

    void onCpsi(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCbandcfg(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCgnapn(const AtCommand &command, ModemContext &context, Reply &reply);
    void onSnping4(const AtCommand &command, ModemContext &context, Reply &reply);
    QByteArray servingCellLine(ModemContext &context) const;

    std::unique_ptr<CaStack> m_ca;
};

} // namespace ModemBench::Sim
