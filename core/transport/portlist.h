#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace ModemBench {

// SIMCom's USB vendor id (SIM7000/SIM7080 USB composite devices).
constexpr quint16 kSimcomUsbVendorId = 0x1E0E;

struct PortInfo {
    QString name;            // what to pass as --port: "/dev/ttyUSB2", "COM5", "sim:sim7000g"
    QString description;
    QString manufacturer;
    QString serialNumber;
    std::optional<quint16> vendorId;
    std::optional<quint16> productId;
    bool simcom = false;     // vendor 0x1E0E
    bool simulated = false;
    QString label() const;   // one line for a picker: "/dev/ttyUSB2 — SIMCom SIM7000 (1e0e:9001)"
    QJsonObject toJson() const;
};

// Serial ports the system reports, SIMCom ones first, then the built-in simulated modems.
QList<PortInfo> availablePorts(bool includeSimulators = true);

} // namespace ModemBench
