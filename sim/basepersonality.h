#pragma once

#include "personality.h"

#include <QHash>

#include <functional>
#include <utility>

namespace ModemBench::Sim {

// The V.250 and 3GPP TS 27.007 commands every SIMCom model shares (E, V, Z, I, CMEE, CPIN, CSQ,
// CFUN, COPS, CREG/CGREG/CEREG, identification), dispatched from a table. Models add their own
// commands with addCommand()/addSetting() and override the format hooks where their firmware
// differs (for example the extra <rac> field of SIM7000's CEREG, protocol.md §16.16).
class BasePersonality : public Personality
{
public:
    void execute(const AtCommand &command, ModemContext &context, Reply &reply) override;
    QList<QByteArray> registrationUrcs(const ModemState &state) const override;

protected:
    using Handler = std::function<void(const AtCommand &, ModemContext &, Reply &)>;
    enum class RegKind { Creg, Cgreg, Cereg };

    BasePersonality();

    void addCommand(const QByteArray &name, Handler handler);
    // The CIP stack bearer (CSTT, CIICR, CIFSR, CIPSTATUS, CIPSHUT, CIPMUX, CIPQSEND, CIPRXGET; §6.5,
    // §11.2) and, withPing, SIM800's CIPPING (§6.8); cipstack.cpp.
    void addCipStack(bool withPing);
    static bool cipBearerUp(const ModemState &state);
    // The bearer's CIPSTATUS / CIPSHUT; SIM800 wraps them with its socket (cipsocket.cpp).
    void onCipstatus(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCipshut(const AtCommand &command, ModemContext &context, Reply &reply);
    // AT+SAPBR, the bearer of SIM7000's and SIM800's HTTP/FTP/NTP apps (§6.6; basebearer.cpp).
    void addSapbr();
    // A stored integer setting with read ("+X: <n>"), test (testLine) and write forms; writes outside
    // `allowed` fail with 765 "Invalid input value".
    void addSetting(const QByteArray &name, int ModemState::*field, QList<int> allowed, const QByteArray &testLine);

    virtual QByteArray identification() const = 0;  // ATI
    virtual QByteArray manufacturer() const = 0;    // AT+CGMI
    virtual QByteArray modelId() const = 0;         // AT+CGMM
    virtual QByteArray revision() const = 0;        // AT+CGMR, with its "Revision:" prefix
    // ",<lac/tac>,<ci>,<AcT>" appended to a registration line in mode n=2 (§5.2).
    virtual QByteArray registrationLocation(RegKind kind, const ModemState &state) const;
    // The address of the default bearer (AT+CGPADDR): the network's address while attached.
    virtual QByteArray bearerAddress(const ModemContext &context) const;
    // The +CME ERROR texts of the SIMCom manuals (§3.3), shared by all models.
    static QByteArray standardCmeText(int code);
    // Whether COPS carries <AcT> (SIM70xx yes, SIM800 no, §5.1).
    virtual bool reportsAccessTech() const { return true; }

    static bool simUsable(const ModemContext &context)
    {
        return context.state.simPowered() && context.config.simPresent;
    }

    // MCC and MNC from the IMSI, e.g. {"001", "01"}.
    static std::pair<QByteArray, QByteArray> plmnOf(const Identity &identity);
    static QByteArray decimal(int value) { return QByteArray::number(value); }

private:
    void addBasicCommands();
    void addIdentityCommands();
    void addRadioCommands();
    void addRegistrationCommands();
    void addPacketDomainCommands();  // basepacketdomain.cpp
    void addClockCommand();          // AT+CCLK (§5.6), clockcommand.cpp
    void onCgact(const AtCommand &command, ModemContext &context, Reply &reply);

    void onEcho(const AtCommand &command, ModemContext &context, Reply &reply);
    void onVerbose(const AtCommand &command, ModemContext &context, Reply &reply);
    void onResetProfile(const AtCommand &command, ModemContext &context, Reply &reply);
    void onFixedText(const AtCommand &command, Reply &reply, const QList<QByteArray> &lines);
    void onSimText(const AtCommand &command, ModemContext &context, Reply &reply, const QByteArray &text);
    void onCpin(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCsq(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCfun(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCops(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCopsWrite(const AtCommand &command, ModemContext &context, Reply &reply);
    void onRegistration(RegKind kind, const AtCommand &command, ModemContext &context, Reply &reply);
    void onCgatt(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCgdcont(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCgpaddr(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCstt(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCiicr(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCifsr(const AtCommand &command, ModemContext &context, Reply &reply);
    void onCipping(const AtCommand &command, ModemContext &context, Reply &reply);

    QByteArray operatorName(const ModemContext &context, int format) const;
    static int ModemState::*registrationField(RegKind kind);
    static QByteArray registrationPrefix(RegKind kind);

    QHash<QByteArray, Handler> m_commands;
};

} // namespace ModemBench::Sim
