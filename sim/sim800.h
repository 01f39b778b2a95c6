#pragma once

#include "basepersonality.h"

namespace ModemBench::Sim {

class CaSocket;

// SIMCom SIM800L (protocol.md §11): GSM/GPRS only, CREG/CGREG (no CEREG, CPSI, CNMP, CMNB), COPS
// without <AcT>, "Call Ready" at boot, the documented *PSUTTZ, the CIP stack with CIPPING (cipstack.cpp).
// Two firmware generations: R14.18 has SSL (CIPSSL, HTTPSSL), R13.08 answers ERROR to them (§11.1).
class Sim800 final : public BasePersonality
{
public:
    enum class Firmware { R1418, R1308 };

    explicit Sim800(Firmware firmware);
    ~Sim800() override;

    QString model() const override;
    qsizetype maxLineLength() const override { return 556; }  // §1
    qsizetype maxCommandsPerLine() const override { return 39; }
    QByteArray cmeText(int code) const override { return standardCmeText(code); }
    QList<QByteArray> bootUrcs(int fun) const override;
    QList<QByteArray> networkTimeUrcs(const QDateTime &utc, int quarterHours) const override;
    AccessTech accessTechnology(const ModemState &) const override { return AccessTech::Gsm; }
    QList<QByteArray> dataLostUrcs(const ModemState &state) const override;
    void setUnsolicitedSink(UnsolicitedSink sink) override { m_sink = std::move(sink); }
    void dropConnections() override;
    void networkLost() override;

protected:
    QByteArray identification() const override;
    QByteArray manufacturer() const override { return "SIMCOM_Ltd"; }
    QByteArray modelId() const override { return "SIMCOM_SIM800L"; }
    QByteArray revision() const override;
    QByteArray registrationLocation(RegKind kind, const ModemState &state) const override;
    QByteArray bearerAddress(const ModemContext &context) const override;
    bool reportsAccessTech() const override { return false; }

private:
    void addSslCommands();
    static void onSslopt(const AtCommand &command, ModemContext &context, Reply &reply);
    // The single-connection CIP socket (§11.2, §11.3); cipsocket.cpp.
    void addCipSocket();
    void onCipstart(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCipsend(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCipclose(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCipData();
    void closeCip();
    void urc(const QByteArray &bytes, bool raw) const
    {
        if (m_sink)
            m_sink(bytes, raw);
    }

    Firmware m_firmware;
    UnsolicitedSink m_sink;
    CaSocket *m_cip = nullptr;   // connecting or connected; deleted later when it ends
    bool m_cipPeerClosed = false;  // CIPSTATUS "TCP CLOSED" until the next CIPSTART or CIPSHUT
    int m_cipHead = 0;           // AT+CIPHEAD: "+IPD,<len>:" before pushed data
};

} // namespace ModemBench::Sim
