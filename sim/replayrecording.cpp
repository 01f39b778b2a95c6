#include "replayrecording.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace ModemBench::Sim {

namespace {

constexpr QByteArrayView kHeaderPrefix = "# modembench-traffic-log ";

// The kinds core/at/traffic.cpp writes; anything else means the line is not what we think it is.
bool isKnownKind(QByteArrayView kind)
{
    static const QByteArrayView kinds[] = {"command", "payload", "raw",     "echo",    "info", "final",
                                           "urc",     "prompt",  "binary",  "garbage", "late", "notice"};
    for (const QByteArrayView known : kinds) {
        if (kind == known)
            return true;
    }
    return false;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// "2026-11-22T06:00:00.123Z", exactly as TrafficLogFile writes it (Qt::ISODateWithMs, UTC).
std::expected<qint64, QString> parseTime(QByteArrayView text)
{
    static const QRegularExpression shape(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"));
    const QString time = QString::fromLatin1(text);
    const QDateTime parsed = shape.match(time).hasMatch() ? QDateTime::fromString(time, Qt::ISODateWithMs)
                                                           : QDateTime();
    if (!parsed.isValid())
        return std::unexpected(QStringLiteral("expected a time stamp like 2026-11-22T06:00:00.123Z"));
    return parsed.toMSecsSinceEpoch();
}

std::expected<void, QString> checkHeader(QByteArrayView line)
{
    if (!line.startsWith(kHeaderPrefix))
        return {};  // any other comment
    bool ok = false;
    const int version = line.sliced(kHeaderPrefix.size()).toByteArray().trimmed().toInt(&ok);
    if (!ok || version != RecordingReader::kFormatVersion)
        return std::unexpected(QStringLiteral("format '%1' is not supported; this modemsim reads version %2")
                                   .arg(QString::fromLatin1(line.sliced(kHeaderPrefix.size()).first(qMin<qsizetype>(20, line.size() - kHeaderPrefix.size()))))
                                   .arg(RecordingReader::kFormatVersion));
    return {};
}

} // namespace

std::expected<QByteArray, QString> RecordingReader::unescape(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text.at(i);
        const auto value = static_cast<unsigned char>(c);
        if (c != '\\') {
            if (value < 0x20 || value >= 0x7F || c == '"')
                return std::unexpected(QStringLiteral("byte 0x%1 at column %2 must be escaped")
                                           .arg(value, 2, 16, QLatin1Char('0')).arg(i + 1));
            out.append(c);
            continue;
        }
        const char next = i + 1 < text.size() ? text.at(i + 1) : '\0';
        ++i;
        switch (next) {
        case 'r': out.append('\r'); break;
        case 'n': out.append('\n'); break;
        case 't': out.append('\t'); break;
        case '\\': out.append('\\'); break;
        case '"': out.append('"'); break;
        case 'x': {
            const int high = i + 1 < text.size() ? hexValue(text.at(i + 1)) : -1;
            const int low = i + 2 < text.size() ? hexValue(text.at(i + 2)) : -1;
            if (high < 0 || low < 0)
                return std::unexpected(QStringLiteral("bad escape at column %1: \\x needs two hex digits").arg(i));
            out.append(char(high * 16 + low));
            i += 2;
            break;
        }
        default:
            return std::unexpected(QStringLiteral("bad escape at column %1: use \\r \\n \\t \\\\ \\\" or \\xHH").arg(i));
        }
    }
    return out;
}

// <time> SP ('>' | '<') SP <kind> SP '"' <escaped bytes> '"'
std::expected<LogRecord, QString> RecordingReader::parseLine(QByteArrayView line)
{
    LogRecord record;
    const qsizetype space = line.indexOf(' ');
    auto time = parseTime(space < 0 ? line : line.first(space));
    if (!time)
        return std::unexpected(time.error());
    record.wallTimeMs = *time;
    const QByteArrayView rest = line.sliced(space + 1);
    if (rest.size() < 3 || (rest.at(0) != '>' && rest.at(0) != '<') || rest.at(1) != ' ')
        return std::unexpected(QStringLiteral("expected '>' (to the modem) or '<' (from it) after the time"));
    record.toModem = rest.at(0) == '>';
    const QByteArrayView afterDirection = rest.sliced(2);
    const qsizetype quote = afterDirection.indexOf(" \"");
    record.kind = (quote < 0 ? afterDirection : afterDirection.first(quote)).toByteArray();
    if (!isKnownKind(record.kind))
        return std::unexpected(QStringLiteral("unknown record kind '%1'").arg(QString::fromLatin1(record.kind.left(20))));
    const QByteArrayView quoted = afterDirection.sliced(quote + 1);
    if (quote < 0 || quoted.size() < 2 || !quoted.endsWith('"'))
        return std::unexpected(QStringLiteral("expected the bytes in double quotes after the kind"));
    auto bytes = unescape(quoted.sliced(1, quoted.size() - 2));
    if (!bytes)
        return std::unexpected(bytes.error());
    record.bytes = std::move(*bytes);
    return record;
}

std::expected<Recording, QString> RecordingReader::parse(QByteArrayView text)
{
    QList<LogRecord> records;
    int lineNumber = 0;
    qsizetype pos = 0;
    while (pos < text.size()) {  // pos grows by at least one each turn
        ++lineNumber;
        const qsizetype newline = text.indexOf('\n', pos);
        const qsizetype end = newline < 0 ? text.size() : newline;
        QByteArrayView line = text.sliced(pos, end - pos);
        pos = end + 1;
        const auto where = [lineNumber](const QString &what) { return QStringLiteral("%1: %2").arg(lineNumber).arg(what); };
        if (line.size() > kMaxLineBytes)
            return std::unexpected(where(QStringLiteral("line longer than %1 bytes").arg(kMaxLineBytes)));
        if (line.endsWith('\r'))  // written in text mode on Windows
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        if (line.startsWith('#')) {
            if (auto header = checkHeader(line); !header)
                return std::unexpected(where(header.error()));
            continue;
        }
        auto record = parseLine(line);
        if (!record)
            return std::unexpected(where(record.error()));
        records.append(std::move(*record));
    }
    if (records.isEmpty())
        return std::unexpected(QStringLiteral(" no traffic records"));  // load() makes it "FILE: no ..."
    return build(records);
}

std::expected<Recording, QString> RecordingReader::load(const QString &path)
{
    QFile file(path);
    if (QFileInfo(path).isDir() || !file.open(QIODevice::ReadOnly))
        return std::unexpected(QStringLiteral("%1: cannot read it (%2)")
                                   .arg(path, QFileInfo(path).isDir() ? QStringLiteral("a directory")
                                                                      : file.errorString()));
    // read() stops one byte past the limit, so a device that never ends (/dev/zero) is refused too.
    const QByteArray text = file.read(kMaxFileBytes + 1);
    if (text.size() > kMaxFileBytes)
        return std::unexpected(QStringLiteral("%1: larger than %2 MiB").arg(path).arg(kMaxFileBytes / (1024 * 1024)));
    auto recording = parse(text);
    if (!recording)
        return std::unexpected(path + QStringLiteral(":") + recording.error());  // "FILE:12: ..."
    return recording;
}

} // namespace ModemBench::Sim
