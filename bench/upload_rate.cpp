// upload_rate: how close the certificate upload (issue #6) comes to the serial line's rate. A private
// modemsim paced to 115200 baud (10 bits a byte: 11520 B/s at best, --baud-pacing) receives a 20 KB
// file through the real upload flow (AT+CFSINIT, AT+CFSWFILE chunks with DOWNLOAD, the bytes,
// read-back, AT+CFSTERM) over QSerialPort. The write phase is timed from the first "Writing" step to
// the size check that follows the last chunk, so the read-back (which also crosses the paced line)
// is reported separately. The last line printed is "ratio=<payload bytes per second / 11520>"
// (target >= 0.9). See bench/README.md.

#include "core/catalog/commandcatalog.h"
#include "core/flows/flowrunner.h"
#include "core/flows/uploadflows.h"
#include "core/modem/modemsession.h"
#include "core/transport/simtransport.h"

#include "stats.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTimer>

#include <cstdio>
#include <memory>

namespace ModemBench::Bench {

namespace {

constexpr int kBaud = 115200;
constexpr double kLineBytesPerSecond = kBaud / 10.0; // start + 8 data + stop bits

struct Config {
    int bytes = 20480;
    int rounds = 3;
};

void printLine(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

// Certificate-like text (base64 alphabet, 64-column lines) so nothing in the path special-cases it.
QByteArray payload(int size)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    QByteArray bytes(size, 'A');
    for (int i = 0; i < size; ++i)
        bytes[i] = (i % 65 == 64) ? '\n' : alphabet[(i * 7 + i / 65) % 64];
    return bytes;
}

struct RoundResult {
    double writeSeconds = 0;
    double totalSeconds = 0;
};

// One session, `rounds` uploads one after another, all driven by the event loop.
class Driver : public QObject
{
public:
    Driver(const Config &config, const CommandCatalog *catalog)
        : m_config(config), m_session(catalog, SystemClock::instanceForThread()), m_bytes(payload(config.bytes))
    {
    }

    void start()
    {
        connect(&m_session, &ModemSession::openFailed, this, [this](const Error &e) { abort(e.message); });
        connect(&m_session, &ModemSession::ready, this, [this] { upload(); });
        if (qEnvironmentVariableIsSet("UPLOAD_RATE_TRACE"))
            connect(&m_session, &ModemSession::traffic, this, [](const TrafficRecord &r) {
                std::fprintf(stderr, "%lld %s %s\n", r.wallTimeMs % 100000, r.toModem ? ">" : "<", r.text.left(60).constData());
            });
        SerialSettings settings;
        settings.baudRate = kBaud;
        auto transport = std::make_unique<SimTransport>(
            QStringLiteral("sim7000g"), QStringList{QStringLiteral("--baud-pacing"), QString::number(kBaud)}, settings);
        m_session.openTransport(std::move(transport), QStringLiteral("sim:sim7000g"));
    }

    QList<RoundResult> results() const { return m_results; }
    QString failure() const { return m_failure; }

private:
    void upload()
    {
        UploadRequest request;
        request.name = QStringLiteral("bench%1.pem").arg(m_results.size());
        request.bytes = m_bytes;
        request.baud = kBaud;
        auto context = std::make_shared<UploadContext>();
        auto *runner = new FlowRunner(m_session.channel(), SystemClock::instanceForThread(),
                                      uploadSteps(context, request), QStringLiteral("Upload"),
                                      uploadDeadlineMs(request), {}, this);
        m_total.start();
        m_writeStarted = -1;
        m_writeEnded = -1;
        connect(runner, &FlowRunner::progressed, this, [this](int, int, const QString &label) {
            const qint64 now = m_total.nsecsElapsed();
            if (m_writeStarted < 0 && label.startsWith(QLatin1String("Writing")))
                m_writeStarted = now;
            else if (m_writeStarted >= 0 && m_writeEnded < 0 && !label.startsWith(QLatin1String("Writing")))
                m_writeEnded = now;
        });
        connect(runner, &FlowRunner::finished, this, [this, runner](const Result<void> &result) {
            runner->deleteLater();
            if (!result)
                return abort(result.error().message);
            if (m_writeStarted < 0 || m_writeEnded < 0)
                return abort(QStringLiteral("the upload flow reported no write phase"));
            RoundResult round{(m_writeEnded - m_writeStarted) / 1e9, m_total.nsecsElapsed() / 1e9};
            m_results << round;
            printLine(QStringLiteral("round %1: %2 bytes written in %3 s (%4 B/s), %5 s with read-back")
                          .arg(m_results.size())
                          .arg(m_config.bytes)
                          .arg(round.writeSeconds, 0, 'f', 3)
                          .arg(m_config.bytes / round.writeSeconds, 0, 'f', 0)
                          .arg(round.totalSeconds, 0, 'f', 3));
            if (m_results.size() < m_config.rounds)
                QTimer::singleShot(0, this, [this] { upload(); });
            else
                QCoreApplication::quit();
        });
        runner->start();
    }

    void abort(const QString &message)
    {
        m_failure = message;
        QCoreApplication::exit(1);
    }

    Config m_config;
    ModemSession m_session;
    QByteArray m_bytes;
    QElapsedTimer m_total;
    qint64 m_writeStarted = -1;
    qint64 m_writeEnded = -1;
    QList<RoundResult> m_results;
    QString m_failure;
};

std::expected<Config, QString> parseArguments(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Certificate upload through the upload flow to modemsim paced at 115200 baud."));
    parser.addHelpOption();
    const QCommandLineOption bytes(QStringLiteral("bytes"), QStringLiteral("File size (20480)."), QStringLiteral("n"),
                                   QStringLiteral("20480"));
    const QCommandLineOption rounds(QStringLiteral("rounds"), QStringLiteral("Uploads (3)."), QStringLiteral("n"),
                                    QStringLiteral("3"));
    parser.addOptions({bytes, rounds});
    parser.process(app);
    Config config;
    bool ok[2] = {};
    config.bytes = parser.value(bytes).toInt(&ok[0]);
    config.rounds = parser.value(rounds).toInt(&ok[1]);
    if (!ok[0] || !ok[1] || config.bytes < 1 || config.bytes > 200000 || config.rounds < 1)
        return std::unexpected(QStringLiteral("--bytes takes 1..200000, --rounds a positive number"));
    return config;
}

} // namespace

} // namespace ModemBench::Bench

int main(int argc, char **argv)
{
    using namespace ModemBench;
    using namespace ModemBench::Bench;
    QCoreApplication app(argc, argv);
    const auto config = parseArguments(app);
    if (!config) {
        std::fprintf(stderr, "upload_rate: %s\n", qPrintable(config.error()));
        return 2;
    }
    auto catalog = CommandCatalog::loadDefault();
    if (!catalog) {
        std::fprintf(stderr, "upload_rate: %s\n", qPrintable(catalog.error().message));
        return 1;
    }
    printLine(QStringLiteral("modemsim paced at %1 baud: at best %2 B/s").arg(kBaud).arg(kLineBytesPerSecond, 0, 'f', 0));
    Driver driver(*config, &*catalog);
    QTimer::singleShot(0, &driver, [&driver] { driver.start(); });
    if (app.exec() != 0) {
        std::fprintf(stderr, "upload_rate: %s\n", qPrintable(driver.failure()));
        return 1;
    }
    QList<double> rates;
    for (const RoundResult &round : driver.results())
        rates << config->bytes / round.writeSeconds;
    const double rate = BenchStats::median(rates);
    printLine(QStringLiteral("median write rate %1 B/s over %2 rounds").arg(rate, 0, 'f', 0).arg(rates.size()));
    printLine(QStringLiteral("ratio=%1").arg(rate / kLineBytesPerSecond, 0, 'f', 2));
    return 0;
}
