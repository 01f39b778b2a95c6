// AT+CCLK, the module's real-time clock (protocol.md §5.6), on every model. The clock is kept as an
// offset from the host clock so that it runs on; TLS judges certificate validity by it (§7.1).
#include "basepersonality.h"

#include <QRegularExpression>

#include <cstdlib>

namespace ModemBench::Sim {

namespace {
using Form = AtCommand::Form;

// §5.6: the zone in quarter hours, -47...+48.
constexpr int kMinQuarterHours = -47;
constexpr int kMaxQuarterHours = 48;

QByteArray clockText(const ModemState &state)
{
    const int zone = state.clockQuarterHours;
    const QDateTime local = state.moduleUtc().addSecs(qint64(zone) * 15 * 60);
    const QByteArray sign = zone < 0 ? "-" : "+";
    return local.toString(QStringLiteral("yy/MM/dd,hh:mm:ss")).toLatin1() + sign
           + QByteArray::number(std::abs(zone)).rightJustified(2, '0');
}

// "yy/MM/dd,hh:mm:ss±zz" -> the UTC time it stands for and the zone; nullopt when malformed.
std::optional<std::pair<QDateTime, int>> parseClock(const QByteArray &text)
{
    static const QRegularExpression format(
        QStringLiteral("^(\\d\\d)/(\\d\\d)/(\\d\\d),(\\d\\d):(\\d\\d):(\\d\\d)([+-])(\\d\\d)$"));
    const QRegularExpressionMatch match = format.match(QString::fromLatin1(text));
    if (!match.hasMatch())
        return std::nullopt;
    const auto field = [&](int index) { return match.captured(index).toInt(); };
    const QDate date(2000 + field(1), field(2), field(3));
    const QTime time(field(4), field(5), field(6));
    const int zone = (match.captured(7) == QLatin1String("-") ? -1 : 1) * field(8);
    if (!date.isValid() || !time.isValid() || zone < kMinQuarterHours || zone > kMaxQuarterHours)
        return std::nullopt;
    const QDateTime local(date, time, Qt::UTC);
    return std::pair{local.addSecs(-qint64(zone) * 15 * 60), zone};
}
} // namespace

void BasePersonality::addClockCommand()
{
    addCommand("+CCLK", [](const AtCommand &command, ModemContext &context, Reply &reply) {
        if (command.form == Form::Test)
            return;
        if (command.form == Form::Read)
            return reply.add("+CCLK: \"" + clockText(context.state) + '"');
        const auto text = command.stringArg(0);
        const auto parsed = text ? parseClock(*text) : std::nullopt;
        if (command.form != Form::Write || command.args.size() != 1 || !parsed)
            return reply.failPlain();
        context.state.clockOffsetMs = QDateTime::currentDateTimeUtc().msecsTo(parsed->first);
        context.state.clockQuarterHours = parsed->second;
    });
}

} // namespace ModemBench::Sim
