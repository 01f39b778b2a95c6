#pragma once

#include "sim70xx.h"

namespace ModemBench::Sim {

// SIMCom SIM7080G, firmware 1951B16SIM7080 (protocol.md §2.1, §6, §15): four application contexts,
// AT+CNCFG=<pdpidx>,<ip_type>,... and AT+CNACT=<pdpidx>,<action>; AT+SNPDPID picks the ping context.
class Sim7080g final : public Sim70xx
{
public:
    Sim7080g();

    QString model() const override { return QStringLiteral("sim7080g"); }
    QList<QByteArray> dataLostUrcs(const ModemState &state) const override;

protected:
    QByteArray identification() const override { return "SIM7080 R1951"; }
    QByteArray modelId() const override { return "SIMCOM_SIM7080"; }
    QByteArray revision() const override { return "Revision:1951B16SIM7080"; }
    std::optional<int> pingContext(const ModemState &state) const override;
    bool sim7080Dialect() const override { return true; }

private:
    void onCncfg(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCnact(const AtCommand &command, ModemContext &context, Reply &reply);
    void onSnpdpid(const AtCommand &command, ModemContext &context, Reply &reply);
};

} // namespace ModemBench::Sim
