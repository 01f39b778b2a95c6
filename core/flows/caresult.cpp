// +CAOPEN result codes (protocol §8.2 table) and the +CCLK clock (§5.6): pure functions.

#include "core/flows/tlsflows.h"

#include <QRegularExpression>

namespace ModemBench {

namespace {

CaResultMeaning meaning(int code, QString what, QString cause, QString fix)
{
    return {code, std::move(what), std::move(cause), std::move(fix)};
}

CaResultMeaning connectFailed(bool tls)
{
    if (!tls)
        return meaning(27, QObject::tr("connect failed"),
                       QObject::tr("the server did not accept the TCP connection (wrong host or port, a firewall, or "
                                   "nothing listening)."),
                       QObject::tr("Check the host and port from another machine and that the server is running."));
    return meaning(27, QObject::tr("connect failed"),
                   QObject::tr("on a TLS connection this is most often a failed handshake: the server was not "
                               "verified by the CA on the modem, the server refused the TLS version, or it refused "
                               "the client certificate (or the TCP connection itself failed)."),
                   QObject::tr("Check that the CA converted on the modem issued the server's chain (the TLS "
                               "doctor's findings name both), try TLS 1.2, and that the server trusts the client "
                               "certificate's issuer."));
}

} // namespace

CaResultMeaning caResultMeaning(int code)
{
    return caResultMeaning(code, true);
}

CaResultMeaning caResultMeaning(int code, bool tls)
{
    switch (code) {
    case 0:
        return meaning(0, QObject::tr("success"), {}, {});
    case 1:
        return meaning(1, QObject::tr("socket error"), QObject::tr("the module's IP stack refused the socket."),
                       QObject::tr("Close left-over connections (AT+CACLOSE) or restart the modem."));
    case 2:
        return meaning(2, QObject::tr("no memory"), QObject::tr("the module ran out of memory."),
                       QObject::tr("Close other connections or restart the modem."));
    case 3:
        return meaning(3, QObject::tr("connection limit reached"), QObject::tr("every connection id is in use."),
                       QObject::tr("Close unused connections with AT+CACLOSE=<cid>."));
    case 4:
        return meaning(4, QObject::tr("parameter invalid"),
                       QObject::tr("the module rejected an argument of AT+CAOPEN or the SSL settings."),
                       QObject::tr("Check the host (at most 64 characters), the port and the connection id."));
    case 6:
        return meaning(6, QObject::tr("invalid IP address"), QObject::tr("the address is not a valid IP address."),
                       QObject::tr("Check the host."));
    case 7:
        return meaning(7, QObject::tr("function not supported"),
                       QObject::tr("the firmware does not support this kind of connection."),
                       QObject::tr("Check the firmware version; try plain TCP or another TLS version."));
    case 12:
        return meaning(12, QObject::tr("cannot bind the port"), QObject::tr("the local port is in use."),
                       QObject::tr("Close other connections or restart the modem."));
    case 13:
        return meaning(13, QObject::tr("cannot listen on the port"), QObject::tr("the local port is in use."),
                       QObject::tr("Close other connections or restart the modem."));
    case 20:
        return meaning(20, QObject::tr("cannot resolve the host"),
                       QObject::tr("the DNS lookup failed (a typo, or the network's DNS is unreachable)."),
                       QObject::tr("Check the host name, or use the server's IP address."));
    case 21:
        return meaning(21, QObject::tr("network not active"),
                       QObject::tr("the application data context is not active (AT+CNACT)."),
                       QObject::tr("Run connect first."));
    case 23:
        return meaning(23, QObject::tr("remote refused"),
                       QObject::tr("the server refused the connection (nothing listening on that port)."),
                       QObject::tr("Check the port and that the server is running."));
    case 24:
        return meaning(24, QObject::tr("certificate time expired"),
                       QObject::tr("the module clock is outside the certificate's validity period (a modem that "
                                   "has not synced its clock thinks it is 1980 or 2000)."),
                       QObject::tr("Set the clock (AT+CCLK / AT+CNTP), or set ignorertctime, or renew the "
                                   "certificate if it really expired."));
    case 25:
        return meaning(25, QObject::tr("certificate common name mismatch"),
                       QObject::tr("the server's certificate does not name the host that was connected to (or the "
                                   "SNI sent)."),
                       QObject::tr("Connect with the name in the certificate, set the matching SNI, or reissue the "
                                   "server certificate with this name."));
    case 26:
        return meaning(26, QObject::tr("certificate common name mismatch and time expired"),
                       QObject::tr("the certificate does not name the host and the module clock is outside its "
                                   "validity."),
                       QObject::tr("Fix both: connect with the certificate's name and set the clock (AT+CCLK / "
                                   "AT+CNTP) or ignorertctime."));
    case 27:
        return connectFailed(tls);
    default:
        return meaning(code, QObject::tr("unknown result %1").arg(code),
                       QObject::tr("the manuals do not list this result code."),
                       QObject::tr("Look it up in your firmware's AT manual; the raw reply is in the traffic log."));
    }
}

Result<QDateTime> parseCclk(const QByteArray &line)
{
    // §5.6: "yy/MM/dd,hh:mm:ss±zz", zz in quarter hours (−47…+48).
    static const QRegularExpression re(
        QStringLiteral("^(?:\\+CCLK:\\s*)?\"?(\\d{2})/(\\d{2})/(\\d{2}),(\\d{2}):(\\d{2}):(\\d{2})([+-])(\\d{1,2})\"?$"));
    const QString text = QString::fromLatin1(line.trimmed());
    const auto m = re.match(text);
    const auto bad = [&text](const QString &why) {
        return fail(ErrorCode::Parse, QObject::tr("The modem clock \"%1\" %2 (expected \"yy/MM/dd,hh:mm:ss±zz\").")
                                          .arg(text.left(80), why),
                    text.left(80).toLatin1());
    };
    if (!m.hasMatch())
        return bad(QObject::tr("is not in the +CCLK format"));
    const QDate date(2000 + m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt());
    const int quarters = (m.captured(7) == QLatin1String("-") ? -1 : 1) * m.captured(8).toInt();
    if (!date.isValid() || !time.isValid())
        return bad(QObject::tr("is not a valid date and time"));
    if (quarters < -47 || quarters > 48)
        return bad(QObject::tr("has a time zone outside -47..+48 quarter hours"));
    // The fields are local time at offset zz; UTC is that minus the offset.
    const QDateTime local(date, time, Qt::UTC);
    return local.addSecs(-qint64(quarters) * 15 * 60);
}

} // namespace ModemBench
