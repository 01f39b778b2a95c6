#include "castack.h"

namespace ModemBench::Sim {

namespace {
// Long enough for a slow server, shorter than TinyGSM's 75 s CAOPEN wait (§8.2).
constexpr int kOpenTimeoutMs = 60000;
} // namespace

CaStack::~CaStack()
{
    for (int cid = 0; cid <= kMaxCid; ++cid)
        discard(cid);
}

void CaStack::open(int cid, CaOpenRequest request, std::function<void(int result)> done)
{
    discard(cid);
    auto *socket = new CaSocket(this);
    m_sockets.at(cid) = socket;
    m_requests.at(cid) = request;
    const QByteArray id = QByteArray::number(cid);
    connect(socket, &CaSocket::opened, this, [this, cid, socket, done = std::move(done)](int result) {
        if (result == 0)
            m_everOpened.at(cid) = true;
        else if (m_sockets.at(cid) == socket)
            discard(cid);  // a failed open leaves the cid free (§8.2)
        done(result);
    });
    // §8.4: one +CADATAIND when data arrives in an empty buffer.
    connect(socket, &CaSocket::dataArrived, this, [this, id] { urc("+CADATAIND: " + id); });
    // §8.5: the peer (or the network) closed the connection.
    connect(socket, &CaSocket::peerClosed, this, [this, id] { urc("+CASTATE: " + id + ",0"); });
    socket->open(request.address, request.port, request.tls, kOpenTimeoutMs);
}

bool CaStack::close(int cid)
{
    if (!inUse(cid))
        return false;
    discard(cid);
    return true;
}

void CaStack::discard(int cid)
{
    CaSocket *socket = std::exchange(m_sockets.at(cid), nullptr);
    if (!socket)
        return;
    // Called from the socket's own signals too: no more signals, deletion once control returns.
    QObject::disconnect(socket, nullptr, this, nullptr);
    socket->close();
    socket->deleteLater();
}

void CaStack::reset()
{
    for (int cid = 0; cid <= kMaxCid; ++cid)
        discard(cid);
    m_requests = {};
    m_configs = {};
    m_everOpened = {};
    cacid.reset();
    cacfg.clear();
}

QList<std::pair<int, int>> CaStack::states() const
{
    QList<std::pair<int, int>> list;
    for (int cid = 0; cid <= kMaxCid; ++cid) {
        if (!m_everOpened.at(cid))
            continue;
        const CaSocket *socket = m_sockets.at(cid);
        list.append({cid, socket && socket->state() == CaSocket::State::Open ? 1 : 0});
    }
    return list;
}

} // namespace ModemBench::Sim
