#pragma once

#include "core/transport/transport.h"

#include <QList>

#include <functional>
#include <random>

namespace ModemBench {

// The modem side is the test: it feeds bytes with deliverFromModem() and sees what the host
// wrote through hostWrote(). Delivery is synchronous, cut into chunks of a chosen size (1, 8, or
// random, as Zephyr's mock transport does), so framing is exercised at every boundary.
class LoopbackTransport final : public Transport
{
    Q_OBJECT
public:
    enum class Chunking { Whole, Fixed, Random };

    explicit LoopbackTransport(QObject *parent = nullptr);

    void setChunking(Chunking mode, int size = 1, quint32 seed = 1);
    // Fails the next open() with this error instead of opening.
    void failNextOpen(const Error &error) { m_openError = error; }

    void open() override;
    void close() override;
    bool isOpen() const override { return m_open; }
    Result<void> write(const QByteArray &bytes) override;
    QString description() const override { return QStringLiteral("loopback"); }

    // Off by default (like a pty); on, DTR/RTS changes are reported through controlLineChanged()
    // so a test can play a board whose PWRKEY is wired to a control line.
    void setControlLinesAvailable(bool available) { m_controlLines = available; }
    bool hasControlLines() const override { return m_controlLines; }
    Result<void> setDataTerminalReady(bool asserted) override;
    Result<void> setRequestToSend(bool asserted) override;

    void deliverFromModem(const QByteArray &bytes);
    // Simulates an unplugged cable: the transport closes and reports why.
    void dropConnection();
    QByteArray takeWritten();
    const QByteArray &written() const { return m_written; }

Q_SIGNALS:
    void hostWrote(const QByteArray &bytes);
    // 'D' (DTR) or 'R' (RTS).
    void controlLineChanged(char line, bool asserted);

private:
    int nextChunkSize(int remaining);

    bool m_open = false;
    bool m_controlLines = false;
    Chunking m_chunking = Chunking::Whole;
    int m_chunkSize = 1;
    std::mt19937 m_random{1};
    QByteArray m_written;
    std::optional<Error> m_openError;
};

} // namespace ModemBench
