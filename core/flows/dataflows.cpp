#include "core/flows/networkflows.h"

#include "core/flows/flowsupport.h"
#include "core/parsers/fields.h"
#include "core/parsers/pdp.h"

namespace ModemBench {

using namespace Internal;

namespace {

bool isFatal(const Error &error)
{
    return error.code != ErrorCode::CmeError && error.code != ErrorCode::Error && error.code != ErrorCode::Parse;
}

QByteArray quotedArg(const QString &text)
{
    QByteArray bytes = text.toLatin1();
    bytes.replace('"', "");
    return '"' + bytes + '"';
}

FlowStep step(const char *id, const QString &label, std::function<AtRequest()> request,
              std::function<FlowVerdict(const Result<AtResponse> &)> handle)
{
    FlowStep s;
    s.id = QString::fromLatin1(id);
    s.label = label;
    s.request = std::move(request);
    s.handle = std::move(handle);
    return s;
}

PdpDialect dialectOf(const NetworkContext &context)
{
    return context.hasProfile() ? context.profile().pdp : PdpDialect::CnactSim7000;
}

FlowVerdict chooseApn(NetworkContext &c, const NetworkOptions &options, const std::optional<NetworkApn> &offered)
{
    if (offered && offered->valid)
        c.networkApn = offered->apn;
    if (!options.apn.isEmpty()) {
        c.apn = options.apn;
        if (!c.networkApn.isEmpty() && c.networkApn.compare(options.apn, Qt::CaseInsensitive) != 0)
            c.warnings << QObject::tr("The network offers APN \"%1\" but \"%2\" is configured; using \"%2\". If "
                                      "activation fails, try --apn %1")
                              .arg(c.networkApn, options.apn);
        return FlowVerdict::next();
    }
    if (!c.networkApn.isEmpty()) {
        c.apn = c.networkApn;
        return FlowVerdict::next();
    }
    if (c.hasProfile() && c.profile().family == ModelFamily::Sim800) {
        c.apn = QStringLiteral("CMNET"); // §6.5: the CSTT default
        c.warnings << QObject::tr("No APN given and SIM800 cannot ask the network: using its default APN \"CMNET\". "
                                  "Pass --apn APN if activation fails");
        return FlowVerdict::next();
    }
    return FlowVerdict::failed({ErrorCode::Usage,
                                QObject::tr("The network sent no APN (AT+CGNAPN) and none is configured: pass "
                                            "--apn APN (the SIM provider's APN, e.g. iot.1nce.net)"),
                                {}, -1});
}

// --- SIM7000 / SIM7080 (CNACT, protocol §6.4) -------------------------------------------------

FlowVerdict storeCnact(NetworkContext &c, const Result<AtResponse> &response, bool mustBeActive)
{
    if (!response)
        return FlowVerdict::failedStep(response.error(), QStringLiteral("AT+CNACT?"));
    const auto contexts = parseCnact(response->lines);
    if (!contexts)
        return FlowVerdict::failed(contexts.error());
    for (const PdpContext &pdp : *contexts) {
        if (pdp.index == 0 && pdp.active()) {
            c.address = pdp.address;
            c.alreadyActive = !mustBeActive;
            return FlowVerdict::next();
        }
    }
    if (!mustBeActive)
        return FlowVerdict::next();
    return FlowVerdict::failed({ErrorCode::Error,
                                QObject::tr("The modem reported the data connection active but gave no address "
                                            "(AT+CNACT?): deactivate it with AT+CNACT=0 and connect again"),
                                joinedRaw(response->lines), -1});
}

std::optional<FlowVerdict> judgeAppPdp(const NetworkContext &c, const QByteArray &line)
{
    const auto event = parseAppPdpUrc(line);
    if (!event)
        return std::nullopt;
    if (dialectOf(c) == PdpDialect::CnactSim7080 && event->index && *event->index != 0)
        return std::nullopt;
    if (event->active)
        return FlowVerdict::next();
    return FlowVerdict::failed({ErrorCode::Error,
                                QObject::tr("The network refused the data connection for APN \"%1\" (+APP PDP: "
                                            "DEACTIVE): check the APN (--apn) and that the SIM has a data plan")
                                    .arg(c.apn),
                                line, -1});
}

// §6.4: OK first, then "+APP PDP: ACTIVE" (SIM7000) or "+APP PDP: 0,ACTIVE" (SIM7080) ~0.5 s later.
FlowStep activateStep(const std::shared_ptr<NetworkContext> &c, const NetworkOptions &options)
{
    const auto is7080 = [c] { return dialectOf(*c) == PdpDialect::CnactSim7080; };
    const QString activateLabel = QObject::tr("Activating the data connection");
    FlowStep activate = step(
        "cnact", activateLabel,
        [c, is7080] {
            // §15: SIM7000 "AT+CNACT=1,"apn"", SIM7080 "AT+CNACT=0,1".
            AtRequest request = AtRequest::make(is7080() ? QByteArray("AT+CNACT=0,1")
                                                         : "AT+CNACT=1," + quotedArg(c->apn));
            return request;
        },
        [options, activateLabel](const Result<AtResponse> &r) {
            if (!r)
                return FlowVerdict::failedStep(r.error(), activateLabel,
                                               QObject::tr("Check the APN (--apn) and the registration."));
            return FlowVerdict::wait(options.activationTimeoutMs,
                                     {ErrorCode::Timeout,
                                      QObject::tr("No +APP PDP: ACTIVE within %1 s after AT+CNACT: the network did "
                                                  "not answer the activation; check the APN and coverage, then retry")
                                          .arg(options.activationTimeoutMs / 1000),
                                      {}, -1});
        });
    activate.urc = [c](const QByteArray &line) { return judgeAppPdp(*c, line); };
    return activate;
}

QList<FlowStep> cnactSteps(const std::shared_ptr<NetworkContext> &ctx, const NetworkOptions &options)
{
    const std::shared_ptr<NetworkContext> c = ctx;
    const auto is7080 = [c] { return dialectOf(*c) == PdpDialect::CnactSim7080; };
    const auto cnact = [c] { return dialectOf(*c) != PdpDialect::CipSim800; };
    FlowStep read = step("cnact-read", QObject::tr("Checking for an active data connection"),
                         [] { return AtRequest::make("AT+CNACT?"); },
                         [c](const Result<AtResponse> &r) { return storeCnact(*c, r, false); });
    read.when = cnact;
    // §6.3 syntax differs: SIM7080 "AT+CNCFG=0,1,"apn"" (pdpidx, IPv4); SIM7000 "AT+CNCFG=1,"apn""
    // (IPv4), sent as TinyGSM does (§14a) so AT+CNCFG? names the APN later; SIM7000 takes the APN
    // from AT+CNACT anyway, so a refusal there is not fatal.
    FlowStep cncfg = step("cncfg", QObject::tr("Configuring the PDP context (AT+CNCFG)"),
                          [c, is7080] {
                              return AtRequest::make((is7080() ? "AT+CNCFG=0,1," : "AT+CNCFG=1,") + quotedArg(c->apn));
                          },
                          [is7080](const Result<AtResponse> &r) {
                              if (!r && (is7080() || isFatal(r.error())))
                                  return FlowVerdict::failedStep(r.error(), QStringLiteral("AT+CNCFG"),
                                                                 QObject::tr("Check the APN (--apn)."));
                              return FlowVerdict::next();
                          });
    cncfg.when = [c, cnact] { return cnact() && !c->alreadyActive; };
    FlowStep activate = activateStep(c, options);
    activate.when = [c, cnact] { return cnact() && !c->alreadyActive; };
    FlowStep readBack = step("cnact-readback", QObject::tr("Reading the IP address"),
                             [] { return AtRequest::make("AT+CNACT?"); },
                             [c](const Result<AtResponse> &r) { return storeCnact(*c, r, true); });
    readBack.when = [c, cnact] { return cnact() && !c->alreadyActive; };
    return {read, cncfg, activate, readBack};
}

} // namespace

QList<FlowStep> apnSteps(const std::shared_ptr<NetworkContext> &context, const NetworkOptions &options)
{
    const std::shared_ptr<NetworkContext> c = context;
    FlowStep cgnapn = step("cgnapn", QObject::tr("Asking the network for its APN (AT+CGNAPN)"),
                           [] { return AtRequest::make("AT+CGNAPN"); },
                           [c, options](const Result<AtResponse> &r) {
                               if (!r && isFatal(r.error()))
                                   return FlowVerdict::failedStep(r.error(), QStringLiteral("AT+CGNAPN"));
                               std::optional<NetworkApn> offered;
                               if (r) {
                                   if (auto parsed = parseCgnapn(r->lines))
                                       offered = *parsed;
                               }
                               return chooseApn(*c, options, offered);
                           });
    cgnapn.when = [c] { return c->hasProfile() && c->profile().hasCgnapn; };
    FlowStep fallback;
    fallback.id = QStringLiteral("apn");
    fallback.label = QObject::tr("Choosing the APN");
    fallback.when = [c] { return !c->hasProfile() || !c->profile().hasCgnapn; };
    fallback.action = [c, options] { return chooseApn(*c, options, std::nullopt); };
    return {cgnapn, fallback};
}

QList<FlowStep> addressReadSteps(const std::shared_ptr<NetworkContext> &context)
{
    const std::shared_ptr<NetworkContext> c = context;
    FlowStep read = step("cnact-read", QObject::tr("Reading the data connection"),
                         [] { return AtRequest::make("AT+CNACT?"); },
                         [c](const Result<AtResponse> &r) {
                             if (!r && !isFatal(r.error()))
                                 return FlowVerdict::next();
                             return storeCnact(*c, r, false);
                         });
    read.when = [c] { return dialectOf(*c) != PdpDialect::CipSim800; };
    // The APN in use, read where the dialect keeps it (§6.3, §6.5); only a lost port is fatal.
    FlowStep apn = step("apn-read", QObject::tr("Reading the APN"),
                        [c] {
                            return AtRequest::make(dialectOf(*c) == PdpDialect::CipSim800 ? QByteArray("AT+CSTT?")
                                                                                         : QByteArray("AT+CNCFG?"));
                        },
                        [c](const Result<AtResponse> &r) {
                            if (!r)
                                return isFatal(r.error()) ? FlowVerdict::failedStep(r.error(), QStringLiteral("APN"))
                                                          : FlowVerdict::next();
                            const PdpDialect dialect = dialectOf(*c);
                            const auto found = dialect == PdpDialect::CipSim800
                                                   ? parseCsttApn(r->lines)
                                                   : parseCncfgApn(r->lines, dialect == PdpDialect::CnactSim7080);
                            if (found)
                                c->apn = *found;
                            return FlowVerdict::next();
                        });
    apn.when = [c] { return c->hasProfile(); };
    QList<FlowStep> steps{read};
    steps << sim800AddressSteps(context) << apn;
    return steps;
}

QList<FlowStep> activationSteps(const std::shared_ptr<NetworkContext> &context, const NetworkOptions &options)
{
    QList<FlowStep> steps = cnactSteps(context, options);
    steps << sim800ActivationSteps(context, options);
    return steps;
}

} // namespace ModemBench
