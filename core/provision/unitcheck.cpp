// UnitRun: what happens between the phases' flows: the checks against the profile and the records
// before anything is changed on the modem, the certificate plan, the verification table, and what
// each phase leaves in the record.

#include "core/provision/unitrun.h"

#include "core/flows/certinstall.h"
#include "core/pki/certificateauthority.h"
#include "core/provision/profile.h"

#include <QCryptographicHash>
#include <QSslCertificate>

namespace ModemBench {

namespace {

constexpr int kBaud = 115200;  // for the upload's input time; a simulated or USB port is faster

std::optional<CertificateRecord> certificateRecord(const QString &role, const QString &name, const QByteArray &pem)
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromData(pem, QSsl::Pem);
    if (certificates.isEmpty())
        return std::nullopt;
    const QSslCertificate &first = certificates.first();
    CertificateRecord record;
    record.role = role;
    record.name = name;
    record.serialHex = QString::fromLatin1(first.serialNumber()).remove(u':').toUpper();
    record.sha256Fingerprint = QString::fromLatin1(first.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
    return record;
}

QString when(const ProvisionRecord &record)
{
    return record.startedAt.toString(Qt::ISODate);
}

} // namespace

void UnitRun::fillIdentity()
{
    m_record.imei = m_identity->imei;
    m_record.imsi = m_identity->imsi;
    m_record.iccid = m_identity->iccid;
    if (m_network->hasProfile()) {
        m_record.model = m_network->profile().model;
        m_record.firmware = m_network->probe->revision.isEmpty() ? m_network->profile().firmware
                                                                 : m_network->probe->revision;
    }
}

Result<void> UnitRun::checkUnit()
{
    fillIdentity();
    Q_EMIT identified(m_record.imei, m_record.iccid);
    const ProvisionProfile &profile = *m_env->profile;
    if (!m_network->hasProfile())
        return fail(ErrorCode::Unsupported, tr("The modem's model is unknown: it answered no model query"));
    const QString family = familyName(m_network->profile().family);
    if (!profile.families.isEmpty() && !profile.families.contains(family))
        return fail(ErrorCode::Unsupported,
                    tr("Model %1 (%2) is not allowed by the profile (model: %3): set this unit aside or use a "
                       "profile for it")
                        .arg(m_record.model, family, profile.families.join(QStringLiteral(", "))));
    if (!profile.minFirmware.isEmpty() && !firmwareAtLeast(m_record.firmware, profile.minFirmware)
        && !firmwareAtLeast(m_network->profile().firmware, profile.minFirmware)) {
        // Neither is at least the other: another model's firmware line, not an older build.
        if (!firmwareAtLeast(profile.minFirmware, m_record.firmware))
            return fail(ErrorCode::Unsupported,
                        tr("Firmware %1 is another model's line than the profile's min_firmware %2, so it cannot be "
                           "compared: use a profile per model family, or leave min_firmware out")
                            .arg(m_record.firmware, profile.minFirmware));
        return fail(ErrorCode::Unsupported,
                    tr("Firmware %1 is older than the profile's min_firmware %2: update the module's firmware "
                       "first")
                        .arg(m_record.firmware, profile.minFirmware));
    }
    if (const QString other = m_env->claimIdentity(this, m_record.imei, m_record.iccid); !other.isEmpty())
        return fail(ErrorCode::Usage, other);
    if (Result<void> checked = checkRecords(); !checked)
        return checked;
    m_record.steps.append(StepRecord{tr("Check"), true, 0,
                                     m_note.isEmpty() ? tr("new unit, %1").arg(family) : m_note});
    // The running row goes in before anything on the modem changes, so a killed station leaves a
    // trace the next run finds (closeInterrupted).
    ProvisionRecord running = m_record;
    running.result = UnitResult::Running;
    Result<qint64> id = m_env->store->begin(running);
    if (!id)
        return std::unexpected(id.error());
    m_record.id = *id;
    return {};
}

Result<void> UnitRun::checkRecords()
{
    const Result<QList<ProvisionRecord>> found = m_env->store->findUnit(m_record.imei, m_record.iccid);
    if (!found)
        return std::unexpected(found.error());
    for (const ProvisionRecord &earlier : *found) {
        if (earlier.result != UnitResult::Pass)
            continue;
        if (earlier.imei == m_record.imei && earlier.iccid != m_record.iccid)
            return fail(ErrorCode::Usage,
                        tr("Duplicate IMEI %1: already recorded for ICCID %2 at %3 (station %4). Two boards with "
                           "one IMEI exist (users.md); set this one aside")
                            .arg(m_record.imei, earlier.iccid, when(earlier), earlier.station));
        if (earlier.iccid == m_record.iccid && earlier.imei != m_record.imei)
            return fail(ErrorCode::Usage,
                        tr("Duplicate ICCID %1: already recorded for IMEI %2 at %3 (station %4). A SIM that "
                           "was in another unit is in this one; set it aside and check the SIM")
                            .arg(m_record.iccid, earlier.imei, when(earlier), earlier.station));
    }
    for (const ProvisionRecord &earlier : *found) {
        if (earlier.imei != m_record.imei || earlier.iccid != m_record.iccid)
            continue;
        // The newest record of this very unit decides.
        if (earlier.result == UnitResult::Pass && earlier.profileHash == m_record.profileHash
            && !m_env->options.force) {
            m_verifyOnly = true;
            m_note = tr("already provisioned with this profile on %1 (station %2): verified")
                         .arg(when(earlier), earlier.station);
        } else if (earlier.result == UnitResult::Interrupted || earlier.result == UnitResult::Running) {
            m_note = tr("an earlier interrupted run (%1, station %2) was redone").arg(when(earlier), earlier.station);
        }
        break;
    }
    return {};
}

Result<UnitRun::PhasePlan> UnitRun::certificatePlan()
{
    const ProfileCertificates &certificates = m_env->profile->certificates;
    PreparedInstall plan;
    if (!m_env->caPem.isEmpty()) {
        Result<PreparedInstall> ca = prepareCaInstall(m_env->caPem, certificates.caName);
        if (!ca)
            return std::unexpected(ca.error());
        plan = std::move(*ca);
        if (auto record = certificateRecord(QStringLiteral("ca"), certificates.caName, m_env->caPem))
            m_record.certificates.append(*record);
    }
    if (certificates.deviceCertificate) {
        if (!m_env->ca)
            return fail(ErrorCode::Usage, tr("The profile issues device certificates but our CA is not open"));
        Pki::DeviceRequest request;
        request.imei = m_record.imei;
        request.days = certificates.deviceDays;
        request.key = Pki::parseKeyKind(certificates.deviceKey).value_or(Pki::KeyKind::Rsa2048);
        Result<Pki::IssueResult> issued = m_env->ca->issueDevice(request);
        if (!issued)
            return std::unexpected(issued.error());
        Result<PreparedInstall> client = prepareClientInstall(issued->certificatePem, issued->privateKeyPem.reveal(),
                                                              certificates.clientName);
        if (!client)
            return std::unexpected(client.error());
        plan.items += client->items;
        plan.warnings += client->warnings;
        plan.convertClient = client->convertClient;
        plan.deleteKeyAfter = client->deleteKeyAfter;
        m_record.certificates.append(CertificateRecord{QStringLiteral("device"), certificates.clientName,
                                                       issued->record.serialHex, issued->record.sha256Fingerprint});
    }
    if (plan.items.isEmpty())
        return PhasePlan{};
    m_installPlan = plan;
    auto upload = std::make_shared<UploadContext>();
    return PhasePlan{tr("Install certificates"), installSteps(upload, plan, kBaud), installDeadlineMs(plan, kBaud)};
}

QList<FlowStep> UnitRun::verifySteps()
{
    const ProvisionProfile &profile = *m_env->profile;
    const ProfileVerification &verify = profile.verify;
    QList<FlowStep> steps;
    if (verify.tlsTest) {
        m_tls = std::make_shared<TlsContext>();
        m_tls->probe = m_network->probe;
        m_tls->imei = m_record.imei;
        m_tls->clock = m_env->clock;
        TlsSettings settings = profile.tls.value_or(TlsSettings{});
        if (profile.certificates.caSource != ProfileCertificates::CaSource::None)
            settings.caName = profile.certificates.caName;
        if (profile.certificates.deviceCertificate)
            settings.clientCertName = profile.certificates.clientName;
        steps += tlsTestSteps(m_tls, settings, *verify.tlsTest);
        steps += checkStep(QStringLiteral("tls-expect"), tr("Checking the TLS reply"),
                           [tls = m_tls, expect = verify.tlsExpect, host = verify.tlsTest->host]() -> std::optional<Error> {
                               if (expect.isEmpty() || tls->received.contains(expect))
                                   return std::nullopt;
                               return Error{ErrorCode::Error,
                                            tr("TLS test to %1: the reply (%2 bytes) did not contain \"%3\": check "
                                               "the server")
                                                .arg(host)
                                                .arg(tls->received.size())
                                                .arg(QString::fromUtf8(expect.left(60))),
                                            {}, -1};
                           });
    }
    if (!verify.pingHost.isEmpty()) {
        steps += pingSteps(m_network, verify.pingHost, m_networkOptions);
        steps += checkStep(QStringLiteral("ping-check"), tr("Checking the ping"),
                           [network = m_network, host = verify.pingHost]() -> std::optional<Error> {
                               if (network->ping.received() > 0)
                                   return std::nullopt;
                               return Error{ErrorCode::Timeout,
                                            tr("Ping to %1: no reply to %2 probes: check the APN and the network")
                                                .arg(host)
                                                .arg(network->ping.sent),
                                            {}, -1};
                           });
    }
    steps += signalSteps(m_signal, verify.minSignalDbm);
    return steps;
}

int UnitRun::verifyDeadlineMs() const
{
    const ProfileVerification &verify = m_env->profile->verify;
    qint64 total = 30000;
    if (verify.tlsTest)
        total += tlsTestDeadlineMs(*verify.tlsTest);
    if (!verify.pingHost.isEmpty())
        total += pingDeadlineMs(m_networkOptions);
    return int(qMin<qint64>(total, 24 * 3600 * 1000));
}

QString UnitRun::phaseDetail(Phase phase) const
{
    switch (phase) {
    case Phase::BringUp:
        return m_network->hasProfile() ? QStringLiteral("%1, %2").arg(m_network->profile().model, m_network->probe->revision)
                                       : QString();
    case Phase::Identity:
        return tr("IMEI %1, ICCID %2").arg(m_identity->imei, m_identity->iccid);
    case Phase::Network:
        return tr("address %1").arg(m_network->address);
    case Phase::Verify: {
        QStringList parts;
        if (m_tls)
            parts << tr("TLS %1 bytes back").arg(m_tls->received.size());
        if (!m_env->profile->verify.pingHost.isEmpty())
            parts << tr("ping %1/%2").arg(m_network->ping.received()).arg(m_network->ping.sent);
        parts << (m_signal->has_value() ? tr("signal %1 dBm").arg(**m_signal) : tr("signal unknown"));
        return parts.join(QStringLiteral(", "));
    }
    case Phase::Certificates:
        return tr("%1 certificate(s)").arg(m_record.certificates.size());
    default:
        return {};
    }
}

void UnitRun::appendScriptResults()
{
    for (const ScriptStepResult &result : m_script->results)
        m_record.steps.append(StepRecord{result.name, result.passed, result.durationMs,
                                         (result.passed ? result.reply : result.error).left(300)});
}

} // namespace ModemBench
