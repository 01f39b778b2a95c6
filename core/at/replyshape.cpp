#include "core/at/replyshape.h"

#include <QRegularExpression>

namespace ModemBench {

namespace {

bool allDigits(const QByteArray &text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

bool isRegistrationRead(const QByteArray &command, const QByteArray &prefix)
{
    const QByteArray upper = command.toUpper();
    return (prefix == "+CREG:" || prefix == "+CGREG:" || prefix == "+CEREG:")
        && upper.contains(prefix.chopped(1) + '?');
}

QByteArray commandName(const QByteArray &part)
{
    QByteArray name = part.trimmed().toUpper();
    if (name.startsWith("AT"))
        name = name.mid(2);
    const qsizetype end = name.indexOf('=');
    return end < 0 ? name : name.left(end);
}

} // namespace

bool isSolicitedShape(const QByteArray &command, const QByteArray &prefix, const QByteArray &line)
{
    if (!isRegistrationRead(command, prefix))
        return true;
    const QList<QByteArray> fields = line.mid(prefix.size()).split(',');
    return fields.size() >= 2 && allDigits(fields.at(0).trimmed()) && allDigits(fields.at(1).trimmed());
}

bool matchesBareReply(BareReply kind, const QByteArray &line)
{
    QByteArray text = line.trimmed();
    switch (kind) {
    case BareReply::None:
        return false;
    case BareReply::AnyText:
        return true;
    case BareReply::Imei:
        if (text.startsWith("+CGSN:") || text.startsWith("+GSN:"))
            text = text.mid(text.indexOf(':') + 1).trimmed();
        return text.size() == 15 && allDigits(text);
    case BareReply::Imsi:
        return text.size() >= 6 && text.size() <= 15 && allDigits(text);
    case BareReply::Iccid: {
        static const QRegularExpression iccid(QStringLiteral("^(\\+I?CCID:\\s*)?\"?[0-9A-Fa-f]{18,22}\"?$"));
        return iccid.match(QString::fromLatin1(text)).hasMatch() && text.size() > 0 && text.at(0) != 'F';
    }
    case BareReply::IpAddress: {
        static const QRegularExpression ip(QStringLiteral("^\\d{1,3}(\\.\\d{1,3}){3}$"));
        return ip.match(QString::fromLatin1(text)).hasMatch();
    }
    }
    return false;
}

BareReply bareReplyFromName(const QString &name)
{
    if (name == QLatin1String("imei"))
        return BareReply::Imei;
    if (name == QLatin1String("imsi"))
        return BareReply::Imsi;
    if (name == QLatin1String("iccid"))
        return BareReply::Iccid;
    if (name == QLatin1String("ip"))
        return BareReply::IpAddress;
    if (name == QLatin1String("text"))
        return BareReply::AnyText;
    return BareReply::None;
}

PromptKind promptKindFor(const QByteArray &command)
{
    const QByteArray name = commandName(command);
    if (name == "+CASEND" || name == "+CIPSEND" || name == "+SMPUB" || name == "+FSWRITE" || name == "+CMGS"
        || name == "+CIPSENDEX")
        return name == "+CASEND" && !command.contains(',') ? PromptKind::None : PromptKind::Angle;
    if (name == "+CFSWFILE" || name == "+HTTPDATA" || name == "+SHBODEXT")
        return PromptKind::Download;
    return PromptKind::None;
}

QList<QByteArray> successFinalsFor(const QByteArray &command)
{
    const QByteArray name = commandName(command);
    if (name == "+CIPSHUT")
        return {QByteArrayLiteral("SHUT OK")};
    if (name == "+CIPCLOSE")
        return {QByteArrayLiteral("CLOSE OK")};
    return {};
}

bool matchesSuccessFinal(const QList<QByteArray> &finals, const QByteArray &line)
{
    QByteArray text = line.trimmed();
    // Multi-connection mode prefixes the link number: "0, CLOSE OK".
    const qsizetype comma = text.indexOf(',');
    if (comma > 0 && comma <= 2 && allDigits(text.left(comma)))
        text = text.mid(comma + 1).trimmed();
    return finals.contains(text);
}

std::optional<QByteArray> malformedBinaryHeader(const QByteArray &prefix, const QList<QByteArray> &lines)
{
    for (const QByteArray &line : lines) {
        if (!line.startsWith(prefix))
            continue;
        if (allDigits(line.mid(prefix.size()).trimmed()) && line.mid(prefix.size()).trimmed().toLongLong() == 0)
            continue;
        return line;
    }
    return std::nullopt;
}

} // namespace ModemBench
