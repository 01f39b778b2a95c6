#pragma once

#include "basepersonality.h"

namespace ModemBench::Sim {

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

protected:
    Sim70xx();

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

    void onCpsi(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCbandcfg(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCgnapn(const AtCommand &command, ModemContext &context, Reply &reply);
    void onSnping4(const AtCommand &command, ModemContext &context, Reply &reply);
    QByteArray servingCellLine(ModemContext &context) const;
};

} // namespace ModemBench::Sim
