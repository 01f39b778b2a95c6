#pragma once

// Ping replies (protocol.md §6.8): SIM7000/SIM7080 "+SNPING4: <id>,<ip>,<ms>" (ip unquoted) and
// SIM800 "+CIPPING: <id>,"<ip>",<time x100ms>,<ttl>" where time 600 with ttl 255 is a lost probe.

#include "core/error.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace ModemBench {

struct PingReply {
    int id = 0;
    QString address;
    std::optional<int> rttMs;   // empty for a lost probe
    std::optional<int> ttl;     // CIPPING only
};

struct PingReport {
    QString host;
    int sent = 0;
    QList<PingReply> replies;   // one per reply line the modem printed, lost ones included
    int received() const;
    double lossPercent() const;
    std::optional<int> minMs() const;
    std::optional<int> maxMs() const;
    std::optional<double> avgMs() const;
    QJsonObject toJson() const;
};

// All +SNPING4 lines of one reply. Undocumented timeouts (§16.27) simply give no line; the caller
// counts them as lost via PingReport::sent. Fails when a +SNPING4 line is malformed.
Result<QList<PingReply>> parseSnping4(const QList<QByteArray> &lines);

// All +CIPPING lines; time 600 / ttl 255 become lost replies. Fails on a malformed line.
Result<QList<PingReply>> parseCipping(const QList<QByteArray> &lines);

} // namespace ModemBench
