#include "core/transport/portlist.h"

#include "core/transport/transportfactory.h"

#include <QSerialPortInfo>

#include <algorithm>

namespace ModemBench {

namespace {

QString hex4(quint16 value)
{
    return QStringLiteral("%1").arg(value, 4, 16, QLatin1Char('0'));
}

QString simulatorTitle(const QString &model)
{
    // "sim7000g" -> "SIM7000G"
    return QStringLiteral("Simulated %1").arg(model.toUpper());
}

} // namespace

QString PortInfo::label() const
{
    if (simulated)
        return description;
    QString text = name;
    QString what = simcom ? QStringLiteral("SIMCom modem") : description;
    if (simcom && !description.isEmpty())
        what += QStringLiteral(" (%1)").arg(description);
    if (!what.isEmpty())
        text += QStringLiteral(" — ") + what;
    if (vendorId && productId)
        text += QStringLiteral(" [%1:%2]").arg(hex4(*vendorId), hex4(*productId));
    return text;
}

QJsonObject PortInfo::toJson() const
{
    QJsonObject json{
        {QStringLiteral("name"), name},
        {QStringLiteral("description"), description},
        {QStringLiteral("manufacturer"), manufacturer},
        {QStringLiteral("serial_number"), serialNumber},
        {QStringLiteral("simcom"), simcom},
        {QStringLiteral("simulated"), simulated},
        {QStringLiteral("label"), label()},
    };
    json.insert(QStringLiteral("vendor_id"), vendorId ? QJsonValue(hex4(*vendorId)) : QJsonValue());
    json.insert(QStringLiteral("product_id"), productId ? QJsonValue(hex4(*productId)) : QJsonValue());
    return json;
}

QList<PortInfo> availablePorts(bool includeSimulators)
{
    QList<PortInfo> ports;
    const auto infos = QSerialPortInfo::availablePorts();
    for (const QSerialPortInfo &info : infos) {
        PortInfo port;
        port.name = info.systemLocation();
        port.description = info.description();
        port.manufacturer = info.manufacturer();
        port.serialNumber = info.serialNumber();
        if (info.hasVendorIdentifier())
            port.vendorId = info.vendorIdentifier();
        if (info.hasProductIdentifier())
            port.productId = info.productIdentifier();
        port.simcom = port.vendorId == kSimcomUsbVendorId;
        ports << port;
    }
    // Names are unique, so a plain sort is stable enough.
    std::sort(ports.begin(), ports.end(), [](const PortInfo &a, const PortInfo &b) {
        if (a.simcom != b.simcom)
            return a.simcom;
        return a.name < b.name;
    });
    if (includeSimulators) {
        for (const QString &model : simulatorModels()) {
            PortInfo sim;
            sim.name = QStringLiteral("sim:") + model;
            sim.description = simulatorTitle(model);
            sim.simulated = true;
            ports << sim;
        }
    }
    return ports;
}

} // namespace ModemBench
