#include "core/transport/transportfactory.h"

#include "core/transport/serialtransport.h"
#include "core/transport/simtransport.h"
#include "core/transport/tcptransport.h"

#include <QFileInfo>
#include <QUrlQuery>

namespace ModemBench {

QStringList simulatorModels()
{
    return {QStringLiteral("sim7000g"), QStringLiteral("sim7080g"), QStringLiteral("sim800l"), QStringLiteral("sim800l-r13")};
}

namespace {

Result<PortName> parseTcp(const QString &name)
{
    const QString rest = name.mid(6);
    const qsizetype colon = rest.lastIndexOf(u':');
    if (colon <= 0)
        return fail(ErrorCode::Usage, QStringLiteral("'%1' lacks a port: write tcp://HOST:PORT").arg(name));
    bool ok = false;
    const uint port = rest.mid(colon + 1).toUInt(&ok);
    if (!ok || port == 0 || port > 65535)
        return fail(ErrorCode::Usage,
                    QStringLiteral("'%1' has an invalid TCP port; use 1-65535").arg(name));
    QString host = rest.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    return PortName{PortName::Kind::Tcp, host, quint16(port), {}};
}

Result<PortName> parseSim(const QString &name)
{
    const QString rest = name.mid(4);
    const qsizetype question = rest.indexOf(u'?');
    const QString model = (question < 0 ? rest : rest.left(question)).toLower();
    if (!simulatorModels().contains(model))
        return fail(ErrorCode::Usage, QStringLiteral("Unknown simulated model '%1'; available: %2")
                                          .arg(model, simulatorModels().join(QStringLiteral(", "))));
    PortName port{PortName::Kind::Simulator, model, 0, {}};
    if (question >= 0) {
        // Options pass straight to modemsim: sim:sim7000g?scenario=/x.json&seed=3
        const QUrlQuery query(rest.mid(question + 1));
        for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
            if (key.isEmpty() || !key.front().isLetter())
                return fail(ErrorCode::Usage, QStringLiteral("Bad simulator option '%1' in '%2'").arg(key, name));
            port.simulatorArguments << QStringLiteral("--") + key;
            if (!value.isEmpty())
                port.simulatorArguments << value;
        }
    }
    return port;
}

// "replay:FILE": checked here so that a typo is a usage error before modemsim starts; modemsim
// itself reports a malformed file with its line number.
Result<PortName> parseReplay(const QString &name)
{
    const QString path = name.mid(7);
    const QFileInfo file(path);
    if (path.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("'%1' names no recording: write replay:FILE with a traffic log "
                                                     "saved by --log or the console").arg(name));
    if (!file.isFile() || !file.isReadable())
        return fail(ErrorCode::Usage, QStringLiteral("Cannot read the recording '%1': no such readable file").arg(path));
    return PortName{PortName::Kind::Replay, file.absoluteFilePath(), 0, {}};
}

} // namespace

Result<PortName> parsePortName(const QString &name)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty())
        return fail(ErrorCode::Usage, QStringLiteral("No port given: pick a serial port, tcp://HOST:PORT, "
                                                     "sim:sim7000g or replay:FILE"));
    if (trimmed.startsWith(QStringLiteral("tcp://"), Qt::CaseInsensitive))
        return parseTcp(trimmed);
    if (trimmed.startsWith(QStringLiteral("sim:"), Qt::CaseInsensitive))
        return parseSim(trimmed);
    if (trimmed.startsWith(QStringLiteral("replay:"), Qt::CaseInsensitive))
        return parseReplay(trimmed);
    if (trimmed.contains(QStringLiteral("://")))
        return fail(ErrorCode::Usage, QStringLiteral("Unknown port scheme in '%1'; use a device path, "
                                                     "tcp://HOST:PORT, sim:MODEL or replay:FILE").arg(trimmed));
    return PortName{PortName::Kind::Serial, trimmed, 0, {}};
}

Result<std::unique_ptr<Transport>> createTransport(const QString &name, const SerialSettings &settings)
{
    auto port = parsePortName(name);
    if (!port)
        return std::unexpected(port.error());
    switch (port->kind) {
    case PortName::Kind::Tcp:
        return std::make_unique<TcpTransport>(port->device, port->port);
    case PortName::Kind::Simulator:
        return std::make_unique<SimTransport>(port->device, port->simulatorArguments, settings);
    case PortName::Kind::Replay:
        return SimTransport::replaying(port->device, settings);
    case PortName::Kind::Serial:
        return std::make_unique<SerialTransport>(port->device, settings);
    }
    return fail(ErrorCode::Usage, QStringLiteral("Unsupported port '%1'").arg(name));
}

} // namespace ModemBench
