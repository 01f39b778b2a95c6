// ca_issue: what issuing one device certificate costs in-process (Pki::CertificateAuthority, with
// the registry row and the PREFIX.crt / PREFIX.key files `modembench-cli ca issue-device` writes)
// against spawning `openssl x509 -req` for the same certificate with an unencrypted copy of the CA
// key (issue #5 item 5; test-plan "Figures to record"). Both sign the same pre-generated RSA-2048
// keys (untimed); rounds alternate the two and the medians are compared. Also prints RSA-2048 and
// P-256 key generations per second. The last line is "ratio=<openssl seconds / ours>".
// See bench/README.md.

#include "stats.h"

#include "core/cli/cacommand.h"
#include "core/pki/certificateauthority.h"
#include "core/pki/keys.h" // PrivateKey::Impl: the same key signed again in every round

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <expected>
#include <thread>
#include <vector>

namespace ModemBench::Bench {

namespace {

using Pki::PrivateKey;
template<class T>
using Outcome = std::expected<T, QString>;

const QByteArray kPassphrase = "ca_issue benchmark passphrase";
// What our device certificates carry (certbuilder), so openssl does the same work.
const QByteArray kDeviceExtensions = "basicConstraints=critical,CA:FALSE\n"
                                     "keyUsage=critical,digitalSignature,keyEncipherment\n"
                                     "extendedKeyUsage=clientAuth\n"
                                     "subjectKeyIdentifier=hash\n"
                                     "authorityKeyIdentifier=keyid:always\n";

struct Config {
    int count = 200;
    int rounds = 1;
    double keygenSeconds = 3;
    QString dir; // where the CA and the files go: the figure depends on that disk's fsync latency
};

void printLine(const QString &line)
{
    std::printf("%s\n", qPrintable(line));
    std::fflush(stdout);
}

Outcome<Config> parseArguments(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Device certificates issued in-process vs by spawning "
                                                    "openssl x509 -req, for the same RSA-2048 keys."));
    parser.addHelpOption();
    const QCommandLineOption count(QStringLiteral("count"), QStringLiteral("Certificates per run (200)."),
                                   QStringLiteral("n"), QStringLiteral("200"));
    const QCommandLineOption rounds(QStringLiteral("rounds"), QStringLiteral("Rounds of ours then openssl (1)."),
                                    QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption dir(QStringLiteral("dir"),
                                 QStringLiteral("Work in a temporary folder under DIR (default: the system's)."),
                                 QStringLiteral("dir"));
    const QCommandLineOption keygen(QStringLiteral("keygen-seconds"),
                                    QStringLiteral("Seconds spent measuring each key generation rate (3)."),
                                    QStringLiteral("s"), QStringLiteral("3"));
    parser.addOptions({count, rounds, keygen, dir});
    parser.process(app);
    Config config;
    bool ok[3] = {};
    config.count = parser.value(count).toInt(&ok[0]);
    config.rounds = parser.value(rounds).toInt(&ok[1]);
    config.keygenSeconds = parser.value(keygen).toDouble(&ok[2]);
    config.dir = parser.value(dir);
    if (!ok[0] || !ok[1] || !ok[2] || config.count < 1 || config.count > 100000 || config.rounds < 1
        || config.keygenSeconds <= 0 || config.keygenSeconds > 600)
        return std::unexpected(QStringLiteral("--count and --rounds take a positive number, --keygen-seconds a "
                                              "positive number of seconds"));
    return config;
}

// Distinct valid IMEIs (TAC of the simulated modem, a running serial, the Luhn digit).
QString imei(int index)
{
    const QString body = QStringLiteral("86995103%1").arg(index, 6, 10, QLatin1Char('0'));
    for (char check = '0'; check <= '9'; ++check) {
        const QString candidate = body + QLatin1Char(check);
        if (isValidImei(candidate))
            return candidate;
    }
    return {};
}

// Another handle on the same key (EVP_PKEY is reference counted): issueDevice() consumes its key.
PrivateKey share(const PrivateKey &key)
{
    auto impl = std::make_unique<PrivateKey::Impl>();
    impl->key = Pki::Internal::upRef(key.impl()->key.get());
    return PrivateKey(std::move(impl));
}

Outcome<std::vector<PrivateKey>> pregenerateKeys(int count)
{
    // Untimed set-up, so use every core: generateKey() is thread-safe.
    const int threads = int(qBound(1u, std::thread::hardware_concurrency(), 8u));
    const auto slots = static_cast<size_t>(threads);
    std::vector<std::vector<PrivateKey>> parts(slots);
    std::vector<QString> errors(slots);
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            for (int i = t; i < count && errors[size_t(t)].isEmpty(); i += threads) {
                Result<PrivateKey> key = Pki::generateKey(Pki::KeyKind::Rsa2048);
                if (key)
                    parts[size_t(t)].push_back(std::move(*key));
                else
                    errors[size_t(t)] = key.error().message;
            }
        });
    }
    for (std::thread &worker : workers)
        worker.join();
    std::vector<PrivateKey> keys;
    for (int t = 0; t < threads; ++t) {
        if (!errors[size_t(t)].isEmpty())
            return std::unexpected(QStringLiteral("key generation failed: ") + errors[size_t(t)]);
        for (PrivateKey &key : parts[size_t(t)])
            keys.push_back(std::move(key));
    }
    return keys;
}

void reportKeygenRate(Pki::KeyKind kind, const QString &name, double seconds)
{
    QElapsedTimer timer;
    timer.start();
    int made = 0;
    while (made == 0 || timer.nsecsElapsed() < qint64(seconds * 1e9)) {
        if (!Pki::generateKey(kind)) {
            printLine(QStringLiteral("keygen_%1_per_s: failed").arg(name));
            return;
        }
        ++made;
    }
    const double elapsed = double(timer.nsecsElapsed()) / 1e9;
    printLine(QStringLiteral("keygen_%1_per_s=%2 (%3 keys in %4 s, one thread)")
                  .arg(name)
                  .arg(made / elapsed, 0, 'f', 1)
                  .arg(made)
                  .arg(elapsed, 0, 'f', 2));
}

Outcome<QByteArray> runOpenssl(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral("openssl"), arguments);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return std::unexpected(QStringLiteral("openssl %1 failed: %2")
                                   .arg(arguments.value(0), QString::fromLocal8Bit(process.readAllStandardError())));
    return process.readAllStandardOutput();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.flush();
}

// The CSR `openssl x509 -req` needs, made in-process (untimed) from the same key.
Outcome<QByteArray> csrPem(const PrivateKey &key, const QString &commonName)
{
    EVP_PKEY *pkey = key.impl()->key.get();
    Pki::Internal::X509ReqPtr request(X509_REQ_new());
    const QByteArray cn = commonName.toUtf8();
    X509_NAME *name = request ? X509_REQ_get_subject_name(request.get()) : nullptr;
    if (!name || !X509_REQ_set_version(request.get(), 0)
        || !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(cn.constData()),
                                       int(cn.size()), -1, 0)
        || !X509_REQ_set_pubkey(request.get(), pkey) || !X509_REQ_sign(request.get(), pkey, EVP_sha256()))
        return std::unexpected(QStringLiteral("cannot make a CSR for %1").arg(commonName));
    Pki::Internal::BioPtr bio = Pki::Internal::writableBio();
    if (!bio || !PEM_write_bio_X509_REQ(bio.get(), request.get()))
        return std::unexpected(QStringLiteral("cannot write the CSR for %1").arg(commonName));
    return Pki::Internal::bioContents(bio.get());
}

struct Workspace {
    explicit Workspace(const QString &under)
        : root(under.isEmpty() ? QDir::tempPath() + QStringLiteral("/ca_issue-XXXXXX")
                               : under + QStringLiteral("/ca_issue-XXXXXX"))
    {
    }
    QTemporaryDir root;
    QString caDir;
    QString plainKey;   // the CA key unencrypted, for openssl (never what we do)
    QString extensions;
    QStringList imeis;
    QStringList csrs;
};

Outcome<Pki::CertificateAuthority> setUpCa(Workspace &work)
{
    work.caDir = work.root.filePath(QStringLiteral("ca"));
    const Pki::SecretBytes passphrase(kPassphrase);
    Result<Pki::CertificateAuthority> ca = Pki::CertificateAuthority::create(work.caDir, Pki::CaOptions{}, passphrase);
    if (!ca)
        return std::unexpected(QStringLiteral("cannot create the CA: ") + ca.error().message);
    const QString passFile = work.root.filePath(QStringLiteral("pass.txt"));
    work.plainKey = work.root.filePath(QStringLiteral("plain-ca.key"));
    work.extensions = work.root.filePath(QStringLiteral("ext.cnf"));
    if (!writeFile(passFile, kPassphrase + '\n') || !writeFile(work.extensions, kDeviceExtensions))
        return std::unexpected(QStringLiteral("cannot write to %1").arg(work.root.path()));
    const auto exported = runOpenssl({QStringLiteral("pkey"), QStringLiteral("-in"), work.caDir + QStringLiteral("/ca.key"),
                                      QStringLiteral("-passin"), QStringLiteral("file:") + passFile,
                                      QStringLiteral("-out"), work.plainKey});
    if (!exported)
        return std::unexpected(exported.error());
    return std::move(*ca);
}

Outcome<void> writeCsrs(Workspace &work, const std::vector<PrivateKey> &keys)
{
    const QString dir = work.root.filePath(QStringLiteral("csr"));
    QDir().mkpath(dir);
    for (size_t i = 0; i < keys.size(); ++i) {
        work.imeis << imei(int(i));
        const auto pem = csrPem(keys[i], QStringLiteral("dev-") + work.imeis.last());
        work.csrs << QStringLiteral("%1/%2.csr").arg(dir).arg(i);
        if (!pem)
            return std::unexpected(pem.error());
        if (!writeFile(work.csrs.last(), *pem))
            return std::unexpected(QStringLiteral("cannot write %1").arg(work.csrs.last()));
    }
    return {};
}

// Run A: what `ca issue-device` does per certificate once the CA is open.
Outcome<double> issueOurs(Pki::CertificateAuthority &ca, const Workspace &work, const std::vector<PrivateKey> &keys,
                          const QString &dir)
{
    QDir().mkpath(dir);
    QElapsedTimer timer;
    timer.start();
    for (size_t i = 0; i < keys.size(); ++i) {
        Pki::DeviceRequest request;
        request.imei = work.imeis.at(qsizetype(i));
        const Result<Pki::IssueResult> issued = ca.issueDevice(request, share(keys[i]));
        if (!issued)
            return std::unexpected(QStringLiteral("issueDevice: ") + issued.error().message);
        if (auto written = writeIssuedFiles(QStringLiteral("%1/dev-%2").arg(dir).arg(i), *issued, false); !written)
            return std::unexpected(written.error().message);
    }
    return double(timer.nsecsElapsed()) / 1e9;
}

QString randomSerial()
{
    // 127 random bits, positive, like ours (test-plan Security 4: >= 64 random bits).
    QByteArray bytes(16, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 4);
    bytes[0] = char(bytes.at(0) & 0x7f);
    return QStringLiteral("0x") + QString::fromLatin1(bytes.toHex());
}

// Run B: one `openssl x509 -req` per certificate, as a shell script would.
Outcome<double> issueOpenssl(const Workspace &work, const QString &dir)
{
    QDir().mkpath(dir);
    const QString caCertificate = work.caDir + QStringLiteral("/ca.crt");
    QElapsedTimer timer;
    timer.start();
    for (qsizetype i = 0; i < work.csrs.size(); ++i) {
        const auto signed_ = runOpenssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), work.csrs.at(i),
                                         QStringLiteral("-CA"), caCertificate, QStringLiteral("-CAkey"), work.plainKey,
                                         QStringLiteral("-set_serial"), randomSerial(), QStringLiteral("-days"),
                                         QStringLiteral("3650"), QStringLiteral("-sha256"), QStringLiteral("-extfile"),
                                         work.extensions, QStringLiteral("-out"),
                                         QStringLiteral("%1/dev-%2.crt").arg(dir).arg(i)});
        if (!signed_)
            return std::unexpected(signed_.error());
    }
    return double(timer.nsecsElapsed()) / 1e9;
}

// Both runs must have produced certificates a client would accept; a fast failure is no figure.
Outcome<void> verifyFirst(const Workspace &work, const QString &ours, const QString &theirs)
{
    for (const QString &certificate : {ours + QStringLiteral("/dev-0.crt"), theirs + QStringLiteral("/dev-0.crt")}) {
        const auto verified = runOpenssl({QStringLiteral("verify"), QStringLiteral("-x509_strict"), QStringLiteral("-purpose"),
                                          QStringLiteral("sslclient"), QStringLiteral("-CAfile"),
                                          work.caDir + QStringLiteral("/ca.crt"), certificate});
        if (!verified)
            return std::unexpected(verified.error());
    }
    return {};
}

Outcome<void> run(const Config &config)
{
    Workspace work(config.dir);
    if (!work.root.isValid())
        return std::unexpected(QStringLiteral("cannot make a temporary folder"));
    printLine(QStringLiteral("ca_issue: %1 device certificates x %2 round(s), RSA-2048 keys, RSA-2048 CA in %3")
                  .arg(config.count)
                  .arg(config.rounds)
                  .arg(work.root.path()));
    QElapsedTimer setUp;
    setUp.start();
    auto keys = pregenerateKeys(config.count);
    if (!keys)
        return std::unexpected(keys.error());
    printLine(QStringLiteral("pregenerated %1 keys in %2 s").arg(config.count).arg(setUp.elapsed() / 1000.0, 0, 'f', 1));
    auto ca = setUpCa(work);
    if (!ca)
        return std::unexpected(ca.error());
    if (auto csrs = writeCsrs(work, *keys); !csrs)
        return csrs;
    reportKeygenRate(Pki::KeyKind::Rsa2048, QStringLiteral("rsa2048"), config.keygenSeconds);
    reportKeygenRate(Pki::KeyKind::P256, QStringLiteral("p256"), config.keygenSeconds);

    QList<double> ours;
    QList<double> theirs;
    for (int round = 1; round <= config.rounds; ++round) {
        const QString oursDir = work.root.filePath(QStringLiteral("ours-%1").arg(round));
        const QString theirsDir = work.root.filePath(QStringLiteral("openssl-%1").arg(round));
        const auto a = issueOurs(*ca, work, *keys, oursDir);
        if (!a)
            return std::unexpected(a.error());
        const auto b = issueOpenssl(work, theirsDir);
        if (!b)
            return std::unexpected(b.error());
        if (auto verified = verifyFirst(work, oursDir, theirsDir); !verified)
            return verified;
        ours << *a;
        theirs << *b;
        printLine(QStringLiteral("round %1: ours_ms_per_cert=%2 openssl_ms_per_cert=%3 ratio=%4")
                      .arg(round)
                      .arg(*a * 1000 / config.count, 0, 'f', 3)
                      .arg(*b * 1000 / config.count, 0, 'f', 3)
                      .arg(*b / *a, 0, 'f', 2));
    }
    const double oursMedian = BenchStats::median(ours);
    const double theirsMedian = BenchStats::median(theirs);
    printLine(QStringLiteral("ours_median_s=%1").arg(oursMedian, 0, 'f', 4));
    printLine(QStringLiteral("openssl_median_s=%1").arg(theirsMedian, 0, 'f', 4));
    printLine(QStringLiteral("ratio=%1").arg(theirsMedian / oursMedian, 0, 'f', 2));
    return {};
}

} // namespace

} // namespace ModemBench::Bench

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const auto config = ModemBench::Bench::parseArguments(app);
    if (!config) {
        std::fprintf(stderr, "ca_issue: %s\n", qPrintable(config.error()));
        return 2;
    }
    if (const auto outcome = ModemBench::Bench::run(*config); !outcome) {
        std::fprintf(stderr, "ca_issue: %s\n", qPrintable(outcome.error()));
        return 1;
    }
    return 0;
}
