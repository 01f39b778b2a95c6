// Port names for a station: simulated batches ("sim:MODEL*N") and USB location paths.

#include "core/provision/station.h"

#include "core/parsers/identity.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace ModemBench {

namespace {

constexpr int kMaxSimulated = 256;

// Unit i (1-based) of a batch: fixed bases so that the same N gives the same units on every run,
// and valid forms so modemsim and our parsers take them (IMEI Luhn, IMSI 00101 test network,
// ICCID 89 01 260 issuer prefix + Luhn, 19 digits).
QString simulatedIdentity(int i)
{
    const QString imei = QStringLiteral("86995103%1").arg(700000 + i, 6, 10, QLatin1Char('0'));
    const QString imsi = QStringLiteral("00101%1").arg(qint64(7000000000) + i, 10, 10, QLatin1Char('0'));
    const QString iccid = QStringLiteral("8901260%1").arg(qint64(70000000000) + i, 11, 10, QLatin1Char('0'));
    return QStringLiteral("imei=%1%2&imsi=%3&iccid=%4%5&seed=%6")
        .arg(imei, luhnCheckDigit(imei), imsi, iccid, luhnCheckDigit(iccid))
        .arg(i);
}

} // namespace

Result<QStringList> expandPortSpec(const QString &spec)
{
    const QString trimmed = spec.trimmed();
    const qsizetype star = trimmed.lastIndexOf(u'*');
    if (!trimmed.startsWith(QStringLiteral("sim:"), Qt::CaseInsensitive) || star < 0)
        return QStringList{trimmed};
    bool ok = false;
    const int count = trimmed.mid(star + 1).toInt(&ok);
    if (!ok || count < 1 || count > kMaxSimulated)
        return fail(ErrorCode::Usage, QObject::tr("'%1': the count after '*' must be 1 to %2, e.g. sim:sim7000g*8")
                                          .arg(trimmed)
                                          .arg(kMaxSimulated));
    const QString base = trimmed.left(star);
    const qsizetype question = base.indexOf(u'?');
    const QString model = question < 0 ? base : base.left(question);
    const QString options = question < 0 ? QString() : base.mid(question + 1);
    if (model.size() <= 4)
        return fail(ErrorCode::Usage, QObject::tr("'%1' names no model: write sim:MODEL*N, e.g. sim:sim7000g*8").arg(trimmed));
    QStringList ports;
    ports.reserve(count);
    for (int i = 1; i <= count; ++i) {
        QString port = model + u'?' + simulatedIdentity(i);
        if (!options.isEmpty())
            port += u'&' + options;
        ports << port;
    }
    return ports;
}

QString usbLocation(const QString &portName)
{
#ifdef Q_OS_LINUX
    if (!portName.startsWith(u'/') && portName.contains(u':'))
        return {}; // sim:, tcp://, replay:
    // /dev/serial/by-path/...-usb-0:2.3:1.2-port0 is a link to the tty; the kernel's own view is
    // /sys/class/tty/<name>/device → .../1-2.3:1.2/ttyUSB0 (usb-serial) or .../1-2.3:1.2 (cdc-acm).
    const QString device = QFileInfo(portName).canonicalFilePath();
    const QString name = QFileInfo(device.isEmpty() ? portName : device).fileName();
    if (name.isEmpty())
        return {};
    QString path = QFileInfo(QStringLiteral("/sys/class/tty/%1/device").arg(name)).canonicalFilePath();
    static const QRegularExpression interface(QStringLiteral("^\\d+-[\\d.]+:\\d+\\.\\d+$"));
    // Walk up a few levels at most: the interface directory is the device's parent or grandparent.
    for (int level = 0; level < 4 && !path.isEmpty() && path != QLatin1String("/"); ++level) {
        const QString part = QFileInfo(path).fileName();
        if (interface.match(part).hasMatch())
            return part;
        path = QFileInfo(path).path();
    }
#else
    Q_UNUSED(portName);
#endif
    return {};
}

QString portStateName(PortState state)
{
    switch (state) {
    case PortState::Waiting:
        return QStringLiteral("waiting");
    case PortState::Running:
        return QStringLiteral("running");
    case PortState::Passed:
        return QStringLiteral("passed");
    case PortState::Failed:
        return QStringLiteral("failed");
    case PortState::Stopped:
        return QStringLiteral("stopped");
    case PortState::Unplugged:
        return QStringLiteral("unplugged");
    }
    return QStringLiteral("unknown");
}

} // namespace ModemBench
