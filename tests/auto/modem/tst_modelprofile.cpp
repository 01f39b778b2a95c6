// Model and firmware detection and the per-family profile (protocol.md §2.2, §2.3, §11.1, §15).
#include "core/modem/modelprofile.h"

#include <QTest>

using namespace ModemBench;

class TestModelProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void detect_data()
    {
        QTest::addColumn<QString>("cgmm");
        QTest::addColumn<QString>("ati");
        QTest::addColumn<QString>("cgmr");
        QTest::addColumn<QString>("family");
        QTest::newRow("sim7000g") << "SIMCOM_SIM7000G" << "SIM7000G R1529" << "Revision:1529B04SIM7000G" << "sim7000";
        QTest::newRow("sim7000e-gmr-only") << "" << "" << "Revision:1351B05SIM7000E_20180821_1526" << "sim7000";
        QTest::newRow("sim7080") << "SIMCOM_SIM7080" << "SIM7080 R1351" << "Revision:1951B16SIM7080" << "sim7080";
        // The SIM7080 manual's ATI example is a copy of SIM7000's; CGMM must win (§2.2).
        QTest::newRow("sim7080-copied-ati") << "SIMCOM_SIM7080" << "SIM7000 R1351" << "" << "sim7080";
        QTest::newRow("sim7070g") << "SIMCOM_SIM7070G" << "" << "" << "sim7080";
        QTest::newRow("sim800l-r14") << "SIMCOM_SIM800L" << "SIM800 R14.18" << "Revision:1418B05SIM800L24" << "sim800";
        QTest::newRow("sim800l-r13-ati-only") << "" << "SIM800 R13.08" << "" << "sim800";
        QTest::newRow("sim800h-gsv") << "" << "" << "Revision: 1308B01SIM800H32" << "sim800";
        QTest::newRow("quectel") << "EC25" << "Quectel EC25" << "EC25EFAR06A06M4G" << "unknown";
    }
    void detect()
    {
        QFETCH(QString, cgmm);
        QFETCH(QString, ati);
        QFETCH(QString, cgmr);
        QFETCH(QString, family);
        QCOMPARE(familyName(detectFamily(cgmm, ati, cgmr)), family);
    }

    void sim800Release_data()
    {
        QTest::addColumn<QString>("atiRevision");
        QTest::addColumn<QString>("revision");
        QTest::addColumn<QString>("release");
        QTest::newRow("sim800l-r14-ati") << "R14.18" << "Revision:1418B05SIM800L24" << "R14.18";
        QTest::newRow("sim800l-r14-cgmr") << "" << "Revision:1418B05SIM800L24" << "R14.18";
        QTest::newRow("sim800l-r13-cgmr") << "" << "1308B08SIM800L16" << "R13.08";
        QTest::newRow("sim800h-spaced") << "" << "Revision: 1308B01SIM800H32" << "R13.08";
        QTest::newRow("sim800l-trimmed") << "" << "SIM800L16_20141031_1027" << "";
    }
    void sim800Release()
    {
        QFETCH(QString, atiRevision);
        QFETCH(QString, revision);
        QFETCH(QString, release);
        QCOMPARE(ModemBench::sim800Release(atiRevision, revision), release);
    }

    void profiles_data()
    {
        QTest::addColumn<int>("family");
        QTest::addColumn<QString>("firmware");
        QTest::addColumn<int>("cipssl"); // -1 not probed, 0 ERROR, 1 answered
        QTest::addColumn<bool>("tls");
        QTest::addColumn<int>("pdp");
        QTest::addColumn<int>("ping");
        QTest::addColumn<QByteArray>("firstRead");
        QTest::newRow("sim7000g") << int(ModelFamily::Sim7000) << "R1529" << -1 << true << int(PdpDialect::CnactSim7000)
                                  << int(PingDialect::Snping4) << QByteArray("AT+CEREG?");
        QTest::newRow("sim7080g") << int(ModelFamily::Sim7080) << "R1351" << -1 << true << int(PdpDialect::CnactSim7080)
                                  << int(PingDialect::Snping4WithPdpid) << QByteArray("AT+CEREG?");
        QTest::newRow("sim800l-r14-probed") << int(ModelFamily::Sim800) << "R14.18" << 1 << true
                                            << int(PdpDialect::CipSim800) << int(PingDialect::Cipping) << QByteArray("AT+CGREG?");
        QTest::newRow("sim800l-r13-probed") << int(ModelFamily::Sim800) << "R13.08" << 0 << false
                                            << int(PdpDialect::CipSim800) << int(PingDialect::Cipping) << QByteArray("AT+CGREG?");
        QTest::newRow("sim800l-r13-unprobed") << int(ModelFamily::Sim800) << "R13.08" << -1 << false
                                              << int(PdpDialect::CipSim800) << int(PingDialect::Cipping) << QByteArray("AT+CGREG?");
        QTest::newRow("sim800l-r14-unprobed") << int(ModelFamily::Sim800) << "R14.18" << -1 << true
                                              << int(PdpDialect::CipSim800) << int(PingDialect::Cipping) << QByteArray("AT+CGREG?");
    }
    void profiles()
    {
        QFETCH(int, family);
        QFETCH(QString, firmware);
        QFETCH(int, cipssl);
        QFETCH(bool, tls);
        QFETCH(int, pdp);
        QFETCH(int, ping);
        QFETCH(QByteArray, firstRead);
        const auto profile = makeProfile(ModelFamily(family), QStringLiteral("m"), firmware, QString(),
                                         cipssl < 0 ? std::nullopt : std::optional<bool>(cipssl == 1));
        QVERIFY(profile);
        QCOMPARE(profile->tls, tls);
        QVERIFY(!profile->tlsNote.isEmpty());
        QCOMPARE(int(profile->pdp), pdp);
        QCOMPARE(int(profile->ping), ping);
        QCOMPARE(profile->registrationReads.first(), firstRead);
        QCOMPARE(profile->hasCgnapn, ModelFamily(family) != ModelFamily::Sim800);
        const QJsonObject json = profileToJson(*profile);
        QCOMPARE(json.value(QStringLiteral("capabilities")).toObject().value(QStringLiteral("tls")).toBool(), tls);
    }

    void r13NoteSaysWhy()
    {
        const auto profile = makeProfile(ModelFamily::Sim800, QStringLiteral("SIMCOM_SIM800L"), QStringLiteral("R13.08"),
                                         QStringLiteral("1308B08SIM800L16"), false);
        QVERIFY(profile);
        QCOMPARE(profile->tlsNote,
                 QStringLiteral("SIM800 firmware R13.08 has no SSL/TLS; R14.18 or later adds TLS 1.0 at most"));
        const auto r14 = makeProfile(ModelFamily::Sim800, {}, QStringLiteral("R14.18"), {}, true);
        QCOMPARE(r14->tlsNote, QStringLiteral("TLS 1.0 at most: insecure, must be accepted explicitly"));
    }

    void unknownIsUnsupported()
    {
        const auto profile = makeProfile(ModelFamily::Unknown, QStringLiteral("EC25"), {}, {});
        QVERIFY(!profile);
        QCOMPARE(profile.error().code, ErrorCode::Unsupported);
        QVERIFY(profile.error().message.contains(QLatin1String("AT port")));
    }
};

QTEST_GUILESS_MAIN(TestModelProfile)
#include "tst_modelprofile.moc"
