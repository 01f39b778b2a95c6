// libFuzzer target for the typed reply parsers and the command catalog (test-plan B3, B4, B8, B12).
//
// Input: the first byte selects the parser (value % 20, table below); the rest, split at '\n',
// is the reply's info lines (single-line parsers get each line in turn; loadFromJson gets the rest
// whole). Besides "no crash, no UB", each parser's documented promise is checked on success, and
// every failure must be a Parse error with a one-line message.
#include "fuzzcheck.h"

#include "core/catalog/commandcatalog.h"
#include "core/parsers/errors.h"
#include "core/parsers/identity.h"
#include "core/parsers/pdp.h"
#include "core/parsers/ping.h"
#include "core/parsers/registration.h"
#include "core/parsers/signal.h"
#include "core/parsers/sim.h"

#include <cstdint>

namespace {

using namespace ModemBench;

using Lines = QList<QByteArray>;

bool isAllDigits(const QString &text)
{
    for (const QChar c : text) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    }
    return !text.isEmpty();
}

bool isAllHex(const QString &text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (!((u >= '0' && u <= '9') || (u >= 'a' && u <= 'f') || (u >= 'A' && u <= 'F')))
            return false;
    }
    return !text.isEmpty();
}

// A failed parse says what was wrong in one readable line (fields.h quoteForMessage), never a
// dump of the input: error texts end up in dialogs and logs.
template<class T>
void checkFailure(const Result<T> &result)
{
    if (result)
        return;
    FUZZ_CHECK(result.error().code == ErrorCode::Parse);
    FUZZ_CHECK(!result.error().message.isEmpty());
    FUZZ_CHECK(result.error().message.size() <= 2048);
    FUZZ_CHECK(!result.error().message.contains(QLatin1Char('\n')));
    FUZZ_CHECK(!result.error().message.contains(QLatin1Char('\r')));
}

void checkIdentity(int which, const Lines &lines)
{
    switch (which) {
    case 0: {
        const auto ati = parseAti(lines);
        checkFailure(ati);
        FUZZ_CHECK(!ati || !ati->model.isEmpty());
        return;
    }
    case 1:
        checkFailure(parseManufacturer(lines));
        return;
    case 2:
        checkFailure(parseModel(lines));
        return;
    case 3: {
        const auto revision = parseRevision(lines);
        checkFailure(revision);
        FUZZ_CHECK(!revision || !revision->full.isEmpty());
        return;
    }
    case 4: {
        const auto imei = parseImei(lines);
        checkFailure(imei);
        FUZZ_CHECK(!imei || (imei->size() == 15 && isAllDigits(*imei)));
        if (imei)
            (void)imeiLuhnValid(*imei);
        return;
    }
    case 5: {
        const auto imsi = parseImsi(lines);
        checkFailure(imsi);
        FUZZ_CHECK(!imsi || (imsi->size() >= 6 && imsi->size() <= 15 && isAllDigits(*imsi)));
        return;
    }
    case 6: {
        // 18..22 characters as printed, minus trailing F padding; the first is a digit.
        const auto iccid = parseIccid(lines);
        checkFailure(iccid);
        FUZZ_CHECK(!iccid || (iccid->size() >= 17 && iccid->size() <= 22 && isAllHex(*iccid)
                              && iccid->front().isDigit()));
        return;
    }
    }
}

void checkRegistration(const Registration &registration, bool solicited)
{
    FUZZ_CHECK(registration.stat >= 0 && registration.stat <= 10);
    FUZZ_CHECK(solicited || !registration.n);
    FUZZ_CHECK(!registration.n || (*registration.n >= 0 && *registration.n <= 5));
    FUZZ_CHECK(!registration.act || (*registration.act >= 0 && *registration.act <= 15));
    FUZZ_CHECK(!registration.lac || (registration.lac->size() <= 8 && isAllHex(*registration.lac)));
    FUZZ_CHECK(!registration.ci || (registration.ci->size() <= 8 && isAllHex(*registration.ci)));
    (void)registrationStateName(registration.stat);
    (void)isRegistered(registration.stat);
}

void checkNetwork(int which, const Lines &lines)
{
    switch (which) {
    case 7: {
        const auto cpin = parseCpin(lines);
        checkFailure(cpin);
        FUZZ_CHECK(!cpin || (*cpin >= SimState::Ready && *cpin <= SimState::Unknown));
        if (cpin)
            FUZZ_CHECK(!simStateName(*cpin).isEmpty());
        return;
    }
    case 8: {
        const auto reply = parseRegistrationReply(lines);
        checkFailure(reply);
        if (reply)
            checkRegistration(*reply, true);
        return;
    }
    case 9:
        for (const QByteArray &line : lines) {
            const auto urc = parseRegistrationUrc(line);
            checkFailure(urc);
            if (urc)
                checkRegistration(*urc, false);
        }
        return;
    case 10: {
        const auto cops = parseCops(lines);
        checkFailure(cops);
        FUZZ_CHECK(!cops || (cops->mode >= 0 && cops->mode <= 4));
        FUZZ_CHECK(!cops || !cops->format || (*cops->format >= 0 && *cops->format <= 2));
        if (cops && cops->act)
            (void)accessTechnologyName(*cops->act);
        return;
    }
    }
}

void checkSignal(int which, const Lines &lines)
{
    if (which == 11) {
        const auto csq = parseCsq(lines);
        checkFailure(csq);
        if (!csq)
            return;
        FUZZ_CHECK((csq->rssi >= 0 && csq->rssi <= 31) || csq->rssi == 99);
        FUZZ_CHECK((csq->ber >= 0 && csq->ber <= 7) || csq->ber == 99);
        FUZZ_CHECK(csq->rssiDbm == csqToDbm(csq->rssi));
        FUZZ_CHECK(!csq->rssiDbm || (*csq->rssiDbm >= -115 && *csq->rssiDbm <= -52));
        return;
    }
    const auto cpsi = parseCpsi(lines);
    checkFailure(cpsi);
    FUZZ_CHECK(!cpsi || !cpsi->systemMode.isEmpty());
    FUZZ_CHECK(!cpsi || !cpsi->sinr || (*cpsi->sinr >= -20 && *cpsi->sinr <= 30));
}

void checkModemError(const Lines &lines)
{
    for (const QByteArray &line : lines) {
        const auto error = parseModemError(line);
        checkFailure(error);
        if (!error)
            continue;
        FUZZ_CHECK(!error->text.isEmpty());
        FUZZ_CHECK(!error->number || *error->number >= 0);
        if (error->number)
            (void)(error->kind == ModemErrorKind::Cme ? cmeErrorText(*error->number) : cmsErrorText(*error->number));
    }
}

// The catalog relies on this round trip: a name found in a line is found again in "AT"+name.
void checkCommandName(const Lines &lines)
{
    for (const QByteArray &line : lines) {
        const QString name = CommandCatalog::commandName(line);
        if (name.isNull())
            continue;
        FUZZ_CHECK(name == name.toUpper());
        FUZZ_CHECK(CommandCatalog::commandName(QByteArrayLiteral("AT") + name.toLatin1()) == name);
    }
}

void checkCatalogJson(const QByteArray &json)
{
    // A user's catalog file: the message may quote the JSON at fault, so only the code is checked.
    const auto catalog = CommandCatalog::loadFromJson(json);
    if (!catalog) {
        FUZZ_CHECK(catalog.error().code == ErrorCode::Usage && !catalog.error().message.isEmpty());
        return;
    }
    for (const CommandInfo &info : catalog->commands()) {
        const CommandInfo *found = catalog->lookup(QByteArrayLiteral("AT") + info.name.toLatin1());
        FUZZ_CHECK(found && found->name == info.name);
        FUZZ_CHECK(info.timeoutMs > 0);
    }
    (void)catalog->completions(QString::fromLatin1(json.left(8)));
    (void)catalog->helpLine(json.left(16));
}

bool isDottedAddress(const QString &text)
{
    for (const QChar c : text) {
        if (!(c.isDigit() || c == QLatin1Char('.') || c == QLatin1Char(':') || c.isLetter()))
            return false;
    }
    return !text.isEmpty();
}

// PDP replies (issue #3): 16 = CGNAPN/CNACT/CGATT on the lines, 17 = the +APP PDP URC, SIM800
// STATE:, CIFSR and the APN reads.
void checkPdp(int which, const Lines &lines)
{
    if (which == 16) {
        checkFailure(parseCgnapn(lines));
        const auto contexts = parseCnact(lines);
        checkFailure(contexts);
        FUZZ_CHECK(!contexts || !contexts->isEmpty());
        if (contexts) {
            for (const PdpContext &context : *contexts)
                FUZZ_CHECK(!context.active() || !context.address.isEmpty());
        }
        checkFailure(parseCgatt(lines));
        return;
    }
    for (const QByteArray &line : lines) {
        const auto event = parseAppPdpUrc(line);
        checkFailure(event);
        FUZZ_CHECK(!event || !event->index || *event->index >= 0);
    }
    checkFailure(parseCipState(lines));
    const auto address = parseCifsr(lines);
    checkFailure(address);
    FUZZ_CHECK(!address || isDottedAddress(*address));
    checkFailure(parseCncfgApn(lines, false));
    checkFailure(parseCncfgApn(lines, true));
    checkFailure(parseCsttApn(lines));
}

// Ping replies: every statistic of a report built from what parsed must be consistent.
void checkPing(int which, const Lines &lines)
{
    const auto replies = which == 18 ? parseSnping4(lines) : parseCipping(lines);
    checkFailure(replies);
    if (!replies)
        return;
    PingReport report;
    report.sent = int(replies->size());
    report.replies = *replies;
    FUZZ_CHECK(report.received() >= 0 && report.received() <= report.sent);
    FUZZ_CHECK(report.lossPercent() >= 0.0 && report.lossPercent() <= 100.0);
    FUZZ_CHECK(report.minMs().has_value() == report.maxMs().has_value());
    if (report.minMs()) {
        FUZZ_CHECK(*report.minMs() <= *report.maxMs());
        FUZZ_CHECK(*report.avgMs() >= *report.minMs() && *report.avgMs() <= *report.maxMs());
    }
    for (const PingReply &reply : *replies)
        FUZZ_CHECK(!reply.rttMs || *reply.rttMs >= 0);
    (void)report.toJson();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const int which = data[0] % 20;
    const QByteArray rest(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const Lines lines = rest.split('\n');
    if (which <= 6)
        checkIdentity(which, lines);
    else if (which <= 10)
        checkNetwork(which, lines);
    else if (which <= 12)
        checkSignal(which, lines);
    else if (which == 13)
        checkModemError(lines);
    else if (which == 14)
        checkCommandName(lines);
    else if (which == 15)
        checkCatalogJson(rest);
    else if (which <= 17)
        checkPdp(which, lines);
    else
        checkPing(which, lines);
    return 0;
}
