#include "core/transport/loopbacktransport.h"

#include <QPointer>

namespace ModemBench {

LoopbackTransport::LoopbackTransport(QObject *parent)
    : Transport(parent)
{
}

void LoopbackTransport::setChunking(Chunking mode, int size, quint32 seed)
{
    m_chunking = mode;
    m_chunkSize = qMax(1, size);
    m_random.seed(seed);
}

void LoopbackTransport::open()
{
    if (m_openError) {
        const Error error = *m_openError;
        m_openError.reset();
        Q_EMIT openFailed(error);
        return;
    }
    m_open = true;
    Q_EMIT opened();
}

void LoopbackTransport::close()
{
    m_open = false;
}

Result<void> LoopbackTransport::write(const QByteArray &bytes)
{
    if (!m_open)
        return fail(ErrorCode::PortClosed, QStringLiteral("loopback is not open"));
    m_written += bytes;
    Q_EMIT bytesWritten(bytes.size());
    Q_EMIT hostWrote(bytes);
    return {};
}

int LoopbackTransport::nextChunkSize(int remaining)
{
    switch (m_chunking) {
    case Chunking::Whole: return remaining;
    case Chunking::Fixed: return qMin(remaining, m_chunkSize);
    case Chunking::Random: return qMin(remaining, int(std::uniform_int_distribution<int>(1, 64)(m_random)));
    }
    return remaining;
}

void LoopbackTransport::deliverFromModem(const QByteArray &bytes)
{
    QPointer<LoopbackTransport> self(this);
    qsizetype offset = 0;
    while (offset < bytes.size() && self && m_open) {
        const int size = nextChunkSize(int(bytes.size() - offset));
        Q_EMIT dataReceived(bytes.mid(offset, size));
        offset += size;
    }
}

void LoopbackTransport::dropConnection()
{
    if (!m_open)
        return;
    m_open = false;
    Q_EMIT closed(Error{ErrorCode::PortClosed, QStringLiteral("loopback went away"), {}, -1});
}

QByteArray LoopbackTransport::takeWritten()
{
    return std::exchange(m_written, {});
}

Result<void> LoopbackTransport::setDataTerminalReady(bool asserted)
{
    if (!m_controlLines)
        return unsupportedControlLines();
    Q_EMIT controlLineChanged('D', asserted);
    return {};
}

Result<void> LoopbackTransport::setRequestToSend(bool asserted)
{
    if (!m_controlLines)
        return unsupportedControlLines();
    Q_EMIT controlLineChanged('R', asserted);
    return {};
}

} // namespace ModemBench
