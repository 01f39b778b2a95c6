#pragma once

#include "simport.h"

#include <QString>

#include <expected>
#include <memory>

class QSocketNotifier;

namespace ModemBench::Sim {

// A pseudo-terminal whose slave side is the modem's serial port. The slave is set raw (no echo, no
// CR/LF translation by the tty layer) and a slave descriptor stays open for the whole run:
// environment.md, "when the last open file descriptor of a pty's slave side is closed, reads on the
// master fail with EIO", which would kill us when a client closes and reopens the port.
class PtyPort final : public SimPort
{
    Q_OBJECT
public:
    static std::expected<std::unique_ptr<PtyPort>, QString> create();
    ~PtyPort() override;

    QString slavePath() const { return m_slavePath; }
    void write(const QByteArray &bytes) override;

private:
    PtyPort(int master, int slave, const QString &slavePath);

    void onReadable();
    void onWritable();
    qsizetype writeSome(const char *data, qsizetype size);
    void pauseReading(const QString &why);

    int m_master;
    int m_slave;
    QString m_slavePath;
    QSocketNotifier *m_readNotifier;
    QSocketNotifier *m_writeNotifier;
    QByteArray m_pending;
    bool m_dropNoticed = false;
    bool m_writeFailed = false;
};

} // namespace ModemBench::Sim
