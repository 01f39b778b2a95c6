#include "sim800.h"

#include "datapath.h"

#include <cstdlib>

namespace ModemBench::Sim {

namespace {
using Form = AtCommand::Form;

QByteArray hex(std::uint32_t value, int width)
{
    return QByteArray::number(value, 16).toUpper().rightJustified(width, '0');
}
} // namespace

Sim800::Sim800(Firmware firmware)
    : m_firmware(firmware)
{
    // §5.2, §15: SIM800 has CREG and CGREG only, and none of the LTE commands; the firmware answers
    // them with a plain ERROR, whatever CMEE says.
    for (const char *name : {"+CEREG", "+CPSI", "+CNMP", "+CMNB"})
        addCommand(name, [](const AtCommand &, ModemContext &, Reply &reply) { reply.failPlain(); });
    addSetting("+CNETLIGHT", &ModemState::cnetlight, {0, 1}, "+CNETLIGHT: (0,1)");
    // §4.7: SIM800 adds CSCLK=2, automatic sleep.
    addSetting("+CSCLK", &ModemState::csclk, {0, 1, 2}, "+CSCLK: (0-2)");
    addSetting("+CBATCHK", &ModemState::cbatchk, {0, 1}, "+CBATCHK: (0,1)");
    addSetting("+CLTS", &ModemState::clts, {0, 1}, "+CLTS: \"yy/MM/dd,hh:mm:ss+/-zz\"");
    addSslCommands();
    addCipStack(true);
    addCipSocket();
    addSapbr();
}

QString Sim800::model() const
{
    return m_firmware == Firmware::R1418 ? QStringLiteral("sim800l") : QStringLiteral("sim800l-r13");
}

// §11.1.
QByteArray Sim800::identification() const
{
    return m_firmware == Firmware::R1418 ? "SIM800 R14.18" : "SIM800 R13.08";
}

QByteArray Sim800::revision() const
{
    return m_firmware == Firmware::R1418 ? "Revision:1418B05SIM800L24" : "Revision:1308B08SIM800L16";
}

// §11.1/§11.3: R14.18 has CIPSSL and HTTPSSL; R13.08 answers a plain ERROR to every form of both.
void Sim800::addSslCommands()
{
    if (m_firmware == Firmware::R1308) {
        for (const char *name : {"+CIPSSL", "+HTTPSSL"})
            addCommand(name, [](const AtCommand &, ModemContext &, Reply &reply) { reply.failPlain(); });
        return;
    }
    addSetting("+CIPSSL", &ModemState::cipssl, {0, 1}, "+CIPSSL: (0-1)");
    addSetting("+HTTPSSL", &ModemState::httpssl, {0, 1}, "+HTTPSSL: (0-1)");
    addCommand("+SSLOPT", [](const AtCommand &command, ModemContext &context, Reply &reply) {
        onSslopt(command, context, reply);
    });
}

// §11.3: AT+SSLOPT=<opt>,<enable> (opt 0 ignore an invalid certificate, 1 client authentication);
// the read form lists both options. The simulated SIM800 TLS never verifies, so this is only stored.
void Sim800::onSslopt(const AtCommand &command, ModemContext &context, Reply &reply)
{
    std::array<int, 2> &options = context.state.sslopt;
    if (command.form == AtCommand::Form::Test)
        return reply.add("+SSLOPT: (0,1),(0,1)");
    if (command.form == AtCommand::Form::Read) {
        reply.add("+SSLOPT: 0," + decimal(options[0]));
        return reply.add("+SSLOPT: 1," + decimal(options[1]));
    }
    const std::optional<int> option = command.intArg(0);
    const std::optional<int> enable = command.intArg(1);
    if (command.form != AtCommand::Form::Write || command.args.size() != 2 || !option || !enable
        || *option < 0 || *option > 1 || *enable < 0 || *enable > 1)
        return reply.failPlain();
    options[size_t(*option)] = *enable;
}

QList<QByteArray> Sim800::bootUrcs(int fun) const
{
    // §2.1: RDY, +CFUN, +CPIN: READY, then Call Ready and SMS Ready.
    QList<QByteArray> urcs{"RDY", "+CFUN: " + decimal(fun)};
    if (fun != 0)
        urcs.append({"+CPIN: READY", "Call Ready"});
    urcs.append("SMS Ready");
    return urcs;
}

// §5.5: SIM800 prints the documented form, "*PSUTTZ: 2020,12,16,18,3,45,"+4",0", then "DST: 0".
QList<QByteArray> Sim800::networkTimeUrcs(const QDateTime &utc, int quarterHours) const
{
    const QByteArray zone = QByteArray(quarterHours < 0 ? "-" : "+") + decimal(std::abs(quarterHours));
    const QDate date = utc.date();
    const QTime time = utc.time();
    const QByteArray stamp = decimal(date.year()) + ',' + decimal(date.month()) + ',' + decimal(date.day()) + ','
                             + decimal(time.hour()) + ',' + decimal(time.minute()) + ',' + decimal(time.second());
    return {"*PSUTTZ: " + stamp + ",\"" + zone + "\",0", "DST: 0"};
}

// §5.2: SIM800's CREG/CGREG n=2 add only "<lac>","<ci>" (16-bit GSM cell id), no <AcT>.
QByteArray Sim800::registrationLocation(RegKind, const ModemState &) const
{
    return ",\"" + hex(ServingCell::kTac, 4) + "\",\"" + hex(ServingCell::kCellId & 0xFFFF, 4) + '"';
}

// §11.2: the network dropping the GPRS context announces "+PDP: DEACT" (the host must CIPSHUT).
QList<QByteArray> Sim800::dataLostUrcs(const ModemState &state) const
{
    return cipBearerUp(state) ? QList<QByteArray>{"+PDP: DEACT"} : QList<QByteArray>{};
}

QByteArray Sim800::bearerAddress(const ModemContext &context) const
{
    return cipBearerUp(context.state) ? DataPath::addressFor(context.config.pdp, 0) : QByteArray("0.0.0.0");
}

} // namespace ModemBench::Sim
