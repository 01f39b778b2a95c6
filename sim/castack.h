#pragma once

#include "casocket.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QObject>

#include <array>
#include <functional>
#include <optional>
#include <utility>

namespace ModemBench::Sim {

// AT+CASSLCFG's settings of one connection id (protocol.md §7.2); NO_SAVE.
struct CaConfig
{
    int ssl = 0;
    int crindex = 0;
    QByteArray cacert;
    QByteArray clientcert;
    QByteArray psktable;
    int timeout = 0;
    int localport = 0;
    int protocol = 0;
    bool written = false;  // listed by the SIM7080 read form
};

// Where and how AT+CAOPEN connects a cid.
struct CaOpenRequest
{
    QString address;          // after the scenario's routes
    quint16 port = 0;
    QByteArray host;          // as the client sent it (read form, TLS name check)
    quint16 requestedPort = 0;
    int pdpIndex = 0;
    std::optional<TlsSettings> tls;
};

// The connections of the SIM7000/SIM7080 CA* stack (§8) and their per-cid settings. Owned by the
// personality; it reports URCs through the sink the engine installs.
class CaStack final : public QObject
{
public:
    static constexpr int kMaxCid = 12;  // §8.1: SIM7080 cid 0-12 (used for both models)
    using Sink = std::function<void(const QByteArray &bytes, bool raw)>;

    CaStack() = default;
    ~CaStack() override;

    void setSink(Sink sink) { m_sink = std::move(sink); }
    void urc(const QByteArray &line) const
    {
        if (m_sink)
            m_sink(line, false);
    }
    static bool validCid(std::optional<int> cid) { return cid && *cid >= 0 && *cid <= kMaxCid; }
    CaConfig &config(int cid) { return m_configs.at(cid); }

    // A cid that is connecting, open, or closed by the peer but not yet AT+CACLOSEd.
    bool inUse(int cid) const { return m_sockets.at(cid) != nullptr; }
    CaSocket *socket(int cid) const { return m_sockets.at(cid); }
    const CaOpenRequest &request(int cid) const { return m_requests.at(cid); }
    // Starts the connection; `done` gets the §8.2 result once the attempt is over.
    void open(int cid, CaOpenRequest request, std::function<void(int result)> done);
    // False when the cid is not in use.
    bool close(int cid);
    // A reboot: every connection and setting goes, silently.
    void reset();
    // AT+CASTATE?: every cid opened since boot, 1 while connected (§8.5).
    QList<std::pair<int, int>> states() const;

    std::optional<int> cacid;                 // AT+CACID (§8.1)
    QMap<QByteArray, QByteArrayList> cacfg;   // AT+CACFG tag -> values as sent (§8.7)

private:
    void discard(int cid);

    std::array<CaSocket *, kMaxCid + 1> m_sockets{};
    std::array<CaOpenRequest, kMaxCid + 1> m_requests{};
    std::array<CaConfig, kMaxCid + 1> m_configs{};
    std::array<bool, kMaxCid + 1> m_everOpened{};
    Sink m_sink;
};

} // namespace ModemBench::Sim
