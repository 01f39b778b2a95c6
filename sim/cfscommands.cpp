// The SIM7000/SIM7080 AP file system (AT+CFS*, protocol.md §9, §14.5-§14.6) and AT+CSSLCFG (§7.1),
// including the certificate convert that parses the uploaded files with OpenSSL.
#include "certconvert.h"
#include "sim70xx.h"

#include <optional>

namespace ModemBench::Sim {

namespace {
using Form = AtCommand::Form;

constexpr int kDirectories = 4;           // 0 /custapp/, 1 /fota/, 2 /datatx/, 3 /customer/
constexpr int kCustomer = 3;              // certificates live here (§7.1)
constexpr qsizetype kMaxNameLength = 50;  // S7K-AT and S7080-AT; a newer manual says 230 (§16.12)
constexpr int kMaxWrite = 10240;
constexpr int kMinInputTime = 100;
constexpr int kMaxInputTime = 10000;
constexpr int kSslContexts = 6;

// Parameter i unquoted; numbers may come quoted too (Botletics sends "1234", §9).
std::optional<int> number(const AtCommand &command, qsizetype index)
{
    const auto text = command.stringArg(index);
    if (!text)
        return std::nullopt;
    bool ok = false;
    const int value = text->trimmed().toInt(&ok);
    return ok ? std::optional<int>(value) : std::nullopt;
}

std::optional<int> inRange(const AtCommand &command, qsizetype index, int minimum, int maximum)
{
    const auto value = number(command, index);
    return value && *value >= minimum && *value <= maximum ? value : std::nullopt;
}

// A file name as sent, quoted or not; nullopt when empty or longer than the manual's limit.
std::optional<QByteArray> fileName(const AtCommand &command, qsizetype index)
{
    const auto name = command.stringArg(index);
    if (!name || name->isEmpty() || name->size() > kMaxNameLength || name->contains('/'))
        return std::nullopt;
    return name;
}

// The "<dir>,<name>" write form of CFSGFIS / CFSDFILE, only inside CFSINIT..CFSTERM (§16).
std::optional<std::pair<int, QByteArray>> fileTarget(const AtCommand &command, const ModemContext &context)
{
    if (command.form != Form::Write || command.args.size() != 2 || !context.state.cfsInitialized)
        return std::nullopt;
    const auto directory = inRange(command, 0, 0, kDirectories - 1);
    const auto name = fileName(command, 1);
    if (!directory || !name)
        return std::nullopt;
    return std::pair{*directory, *name};
}

} // namespace

void Sim70xx::addFileSystem()
{
    addCommand("+CFSINIT", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCfsinit(c, x, r); });
    addCommand("+CFSTERM", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCfsterm(c, x, r); });
    addCommand("+CFSWFILE", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCfswfile(c, x, r); });
    addCommand("+CFSRFILE", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCfsrfile(c, x, r); });
    addCommand("+CFSGFIS", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCfsgfis(c, x, r); });
    addCommand("+CFSDFILE", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCfsdfile(c, x, r); });
    addCommand("+CFSREN", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCfsren(c, x, r); });
    addCommand("+CFSGFRS", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCfsgfrs(c, x, r); });
    addCommand("+CSSLCFG", [this](const AtCommand &c, ModemContext &x, Reply &r) { onCsslcfg(c, x, r); });
}

// §9/§14.5: one global buffer; a second CFSINIT fails.
void Sim70xx::onCfsinit(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return;
    if (command.form != Form::Action || context.state.cfsInitialized)
        return reply.failPlain();
    context.state.cfsInitialized = true;
}

void Sim70xx::onCfsterm(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return;
    if (command.form != Form::Action || !context.state.cfsInitialized)
        return reply.failPlain();
    context.state.cfsInitialized = false;
}

// AT+CFSWFILE=<index>,"<name>",<mode>,<size>,<inputtime>: DOWNLOAD, then <size> raw bytes (or what
// came within <inputtime>), then OK. Mode 0 overwrites, 1 appends.
void Sim70xx::onCfswfile(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CFSWFILE: (0-3),\"fileName\",(0-1),(1-10240),(100-10000)");
    if (command.form != Form::Write || command.args.size() != 5 || !context.state.cfsInitialized)
        return reply.failPlain();
    const auto directory = inRange(command, 0, 0, kDirectories - 1);
    const auto name = fileName(command, 1);
    const auto mode = inRange(command, 2, 0, 1);
    const auto size = inRange(command, 3, 1, kMaxWrite);
    const auto inputTime = inRange(command, 4, kMinInputTime, kMaxInputTime);
    if (!directory || !name || !mode || !size || !inputTime)
        return reply.failPlain();
    const QByteArray existing = context.state.files.at(*directory).value(*name);
    const qint64 after = context.state.fileBytes() - (*mode == 0 ? existing.size() : 0) + *size;
    if (after > context.config.fsCapacityBytes)
        return reply.fail(Cme::kMemoryFull);
    reply.add("DOWNLOAD");
    reply.dataRequest = DataRequest{
        *size, *inputTime,
        [directory = *directory, name = *name, append = *mode == 1](const QByteArray &data, ModemContext &x, Reply &) {
            QByteArray &file = x.state.files[directory][name];
            file = append ? file + data : data;
        }};
}

// AT+CFSRFILE=<index>,"<name>",<mode>,<size>,<position>: "+CFSRFILE: <n>", the n bytes raw, OK (§9,
// §16.13). Mode 0 reads from the start, 1 from <position>.
void Sim70xx::onCfsrfile(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CFSRFILE: (0-3),\"fileName\",(0-1),(1-10240),(0-10240)");
    if (command.form != Form::Write || command.args.size() < 4 || command.args.size() > 5
        || !context.state.cfsInitialized)
        return reply.failPlain();
    const auto directory = inRange(command, 0, 0, kDirectories - 1);
    const auto name = fileName(command, 1);
    const auto mode = inRange(command, 2, 0, 1);
    const auto size = inRange(command, 3, 1, kMaxWrite);
    const auto position = command.args.size() == 5 ? number(command, 4) : std::optional<int>(0);
    if (!directory || !name || !mode || !size || !position || *position < 0
        || (*mode == 1 && command.args.size() != 5))
        return reply.failPlain();
    const auto &files = context.state.files.at(*directory);
    const auto file = files.constFind(*name);
    const int from = *mode == 0 ? 0 : *position;
    if (file == files.constEnd() || from > file->size())
        return reply.failPlain();
    const QByteArray data = file->mid(from, *size);
    reply.add("+CFSRFILE: " + decimal(int(data.size())));
    reply.addRaw(data);
}

void Sim70xx::onCfsgfis(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CFSGFIS: (0-3),\"fileName\"");
    const auto target = fileTarget(command, context);
    if (!target)
        return reply.failPlain();
    const auto &[directory, name] = *target;
    const auto &files = context.state.files.at(directory);
    const auto file = files.constFind(name);
    if (file == files.constEnd())
        return reply.failPlain();
    reply.add("+CFSGFIS: " + decimal(int(file->size())));
}

// A real SIM7080 answers OK for a file that is not there (§9, IDX-66704594966).
void Sim70xx::onCfsdfile(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CFSDFILE: (0-3),\"fileName\"");
    const auto target = fileTarget(command, context);
    if (!target)
        return reply.failPlain();
    const auto &[directory, name] = *target;
    context.state.files[directory].remove(name);
}

void Sim70xx::onCfsren(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Test)
        return reply.add("+CFSREN: (0-3),\"oldName\",\"newName\"");
    if (command.form != Form::Write || command.args.size() != 3 || !context.state.cfsInitialized)
        return reply.failPlain();
    const auto directory = inRange(command, 0, 0, kDirectories - 1);
    const auto from = fileName(command, 1);
    const auto to = fileName(command, 2);
    if (!directory || !from || !to)
        return reply.failPlain();
    auto &files = context.state.files[*directory];
    if (!files.contains(*from) || (files.contains(*to) && *from != *to))
        return reply.failPlain();
    const QByteArray contents = files.take(*from);
    files.insert(*to, contents);
}

// Read form only (§9).
void Sim70xx::onCfsgfrs(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form != Form::Read || !context.state.cfsInitialized)
        return reply.failPlain();
    const qint64 free = std::max<qint64>(0, context.config.fsCapacityBytes - context.state.fileBytes());
    reply.add("+CFSGFRS: " + QByteArray::number(free));
}

// §7.1: sub-commands are case-insensitive, quoted or not (§1, §16.7).
void Sim70xx::onCsslcfg(const AtCommand &command, ModemContext &context, Reply &reply)
{
    if (command.form == Form::Read)
        return;
    if (command.form == Form::Test) {
        reply.add("+CSSLCFG: \"sslversion\",(0-5),(0-5)");
        reply.add("+CSSLCFG: \"ciphersuite\",(0-5),(0-7),(0x002F,0x0035,0x009C,0x009D,0xC02B,0xC02C,0xC02F,0xC030)");
        reply.add("+CSSLCFG: \"ignorertctime\",(0-5),(0-1)");
        reply.add("+CSSLCFG: \"protocol\",(0-5),(1-2)");
        reply.add("+CSSLCFG: \"sni\",(0-5),<servername>");
        reply.add("+CSSLCFG: \"ctxindex\",(0-5)");
        reply.add("+CSSLCFG: \"convert\",(1-3),(<cname>,[<keyname>[,<passkey>]])");
        return;
    }
    if (command.form != Form::Write || command.args.isEmpty())
        return reply.fail(Cme::kOperationNotSupported);
    const QByteArray sub = command.stringArg(0).value_or(QByteArray()).trimmed().toLower();
    if (sub == "convert")
        return onConvert(command, context, reply);
    const auto ctx = inRange(command, 1, 0, kSslContexts - 1);
    if (!ctx)
        return reply.fail(Cme::kInvalidInputValue);
    SslContext &ssl = context.state.ssl.at(*ctx);
    if (sub == "ctxindex") {
        if (command.args.size() != 2)
            return reply.fail(Cme::kInvalidInputValue);
        QByteArrayList fields{decimal(*ctx), decimal(ssl.sslVersion)};
        for (const QByteArray &suite : ssl.cipherSuites)
            fields.append(suite);
        fields << decimal(ssl.ignoreRtcTime) << decimal(ssl.protocol) << '"' + ssl.sni + '"';
        return reply.add("+CSSLCFG: " + fields.join(','));
    }
    if (sub == "sni") {
        const auto host = command.stringArg(2);
        if (command.args.size() != 3 || !host)
            return reply.fail(Cme::kInvalidInputValue);
        ssl.sni = *host;
        return;
    }
    if (sub == "ciphersuite") {
        const auto slot = inRange(command, 2, 0, 7);
        const QByteArray suite = command.stringArg(3).value_or(QByteArray()).trimmed();
        bool ok = false;
        const uint id = suite.startsWith("0x") || suite.startsWith("0X") ? suite.mid(2).toUInt(&ok, 16) : 0;
        if (command.args.size() != 4 || !slot || !ok || id > 0xFFFF)
            return reply.fail(Cme::kInvalidInputValue);
        ssl.cipherSuites.at(*slot) = "0x" + QByteArray::number(id, 16).toUpper().rightJustified(4, '0');
        return;
    }
    struct IntSub
    {
        const char *name;
        int SslContext::*field;
        int minimum;
        int maximum;
    };
    static const IntSub kIntSubs[] = {{"sslversion", &SslContext::sslVersion, 0, 6},
                                      {"ignorertctime", &SslContext::ignoreRtcTime, 0, 1},
                                      {"protocol", &SslContext::protocol, 1, 2}};
    for (const IntSub &entry : kIntSubs) {
        if (sub != entry.name)
            continue;
        const auto value = inRange(command, 2, entry.minimum, entry.maximum);
        // §7.1: sslversion 6 (TLS 1.3) exists only on SIM7080 firmware; elsewhere it is an error.
        const bool tls13Refused = value == 6 && !sim7080Dialect();
        if (command.args.size() != 3 || !value || tls13Refused)
            return reply.fail(Cme::kInvalidInputValue);
        ssl.*entry.field = *value;
        return;
    }
    reply.fail(Cme::kInvalidInputValue);
}

// AT+CSSLCFG="convert",<type>,"<cname>"[,"<keyname>"[,"<passkey>"]]: the files must be in /customer/;
// a file that is missing or does not parse fails with ERROR (§7.1 gives no code). No CFSINIT needed:
// real flows convert after CFSTERM (§14b).
void Sim70xx::onConvert(const AtCommand &command, ModemContext &context, Reply &reply)
{
    const auto type = inRange(command, 1, 1, 3);
    const auto name = fileName(command, 2);
    if (!type || !name || command.args.size() < 3 || command.args.size() > 5
        || (*type != 1 && command.args.size() != 3))
        return reply.failPlain();
    const auto &customer = context.state.files.at(kCustomer);
    const auto file = customer.constFind(*name);
    if (file == customer.constEnd())
        return reply.failPlain();
    ConvertedCert converted;
    converted.type = *type;
    if (*type == 3) {
        if (!CertConvert::pskTable(*file))
            return reply.failPlain();
    } else if (*type == 2) {
        const auto parsed = CertConvert::caList(*file);
        if (!parsed)
            return reply.failPlain();
        converted.subject = parsed->subject;
        converted.certificates = parsed->certificates;
    } else {
        const auto keyName = fileName(command, 3);
        if (!keyName)
            return reply.failPlain();
        const auto key = customer.constFind(*keyName);
        if (key == customer.constEnd())
            return reply.failPlain();
        const auto parsed = CertConvert::clientPair(*file, *key, command.stringArg(4).value_or(QByteArray()));
        if (!parsed)
            return reply.failPlain();
        converted.subject = parsed->subject;
        converted.certificates = parsed->certificates;
        converted.keyName = *keyName;
        converted.keyPem = parsed->keyPem;
    }
    context.state.converted.insert(*name, converted);
}

} // namespace ModemBench::Sim
