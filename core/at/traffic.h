#pragma once

#include <QByteArray>
#include <QMetaType>

namespace ModemBench {

// How the channel understood a unit of traffic; the console colours by it.
enum class TrafficKind { Command, Payload, Raw, Echo, Info, Final, Urc, Prompt, BinaryPayload, Garbage, Late, Notice };

// One unit of traffic: bytes in one direction at one time. Secret payloads arrive here already
// redacted ("<N bytes redacted>"): nothing downstream can leak them.
struct TrafficRecord {
    qint64 wallTimeMs = 0;   // ms since the Unix epoch
    bool toModem = false;
    TrafficKind kind = TrafficKind::Info;
    QByteArray bytes;        // raw bytes as on the wire (terminators included), or the redaction text
    QByteArray text;         // the line without terminators, for line views
    bool redacted = false;
    // Traffic of commands nobody typed (status polling, resync probes, start-up): the console
    // dims or hides it so the user's own exchange stays readable.
    bool automatic = false;
};

QByteArray trafficKindName(TrafficKind kind);

} // namespace ModemBench

Q_DECLARE_METATYPE(ModemBench::TrafficRecord)
