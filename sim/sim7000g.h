#pragma once

#include "sim70xx.h"

namespace ModemBench::Sim {

// SIMCom SIM7000G, firmware 1529B04SIM7000G, registered on LTE Cat-M (protocol.md §2-§6, §18). Its
// application network has one context: AT+CNCFG=<ip_type>,... and AT+CNACT=<mode>[,"<apn>"] (§6.3, §6.4).
class Sim7000g final : public Sim70xx
{
public:
    Sim7000g();

    QString model() const override { return QStringLiteral("sim7000g"); }
    QList<QByteArray> dataLostUrcs(const ModemState &state) const override;

protected:
    QByteArray identification() const override { return "SIM7000G R1529"; }
    QByteArray modelId() const override { return "SIMCOM_SIM7000G"; }
    // Real units print no space after the colon, unlike the manual (§2.3).
    QByteArray revision() const override { return "Revision:1529B04SIM7000G"; }
    std::optional<int> pingContext(const ModemState &state) const override;

private:
    void onCncfg(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCnact(const AtCommand &command, ModemContext &context, Reply &reply);
};

} // namespace ModemBench::Sim
