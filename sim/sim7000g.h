#pragma once

#include "basepersonality.h"

namespace ModemBench::Sim {

// SIMCom SIM7000G, firmware 1529B04SIM7000G, registered on LTE Cat-M (protocol.md §2-§5, §18).
class Sim7000g final : public BasePersonality
{
public:
    Sim7000g();

    QString model() const override { return QStringLiteral("sim7000g"); }
    qsizetype maxLineLength() const override { return 559; }  // §1
    qsizetype maxCommandsPerLine() const override { return 39; }  // §1
    QByteArray cmeText(int code) const override;
    QList<QByteArray> bootUrcs(int fun) const override;
    QList<QByteArray> networkTimeUrcs(const QDateTime &utc, int quarterHours) const override;
    AccessTech accessTechnology(const ModemState &state) const override;

protected:
    QByteArray identification() const override { return "SIM7000G R1529"; }
    QByteArray manufacturer() const override { return "SIMCOM_Ltd"; }
    QByteArray modelId() const override { return "SIMCOM_SIM7000G"; }
    // Real units print no space after the colon, unlike the manual (§2.3).
    QByteArray revision() const override { return "Revision:1529B04SIM7000G"; }
    QByteArray registrationLocation(RegKind kind, const ModemState &state) const override;

private:
    void onCpsi(const AtCommand &command, ModemContext &context, Reply &reply);
    QByteArray servingCellLine(ModemContext &context) const;
};

} // namespace ModemBench::Sim
