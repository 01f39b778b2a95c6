#include "core/store/fileinventory.h"

#include <QFile>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace ModemBench;

namespace {

const QString kImei = QStringLiteral("869951031234564");

ModemFileRecord makeRecord(const QString &name, int directory = 3, const QString &modem = kImei)
{
    ModemFileRecord record;
    record.modemId = modem;
    record.directory = directory;
    record.name = name;
    record.size = 1322;
    record.sha256 = QByteArrayLiteral("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    record.when = QDateTime(QDate(2026, 11, 22), QTime(12, 30, 5), Qt::UTC);
    record.kind = ModemFileKind::Ca;
    record.converted = true;
    return record;
}

mode_t modeOf(const QString &path)
{
    struct stat info{};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? (info.st_mode & 07777) : mode_t(07777);
}

} // namespace

class TestFileInventory : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString freshPath() { return m_dir.filePath(QStringLiteral("db%1/inventory.sqlite").arg(++m_counter)); }

    std::unique_ptr<FileInventory> openFresh()
    {
        auto opened = FileInventory::open(freshPath());
        if (!opened) {
            qWarning("%s", qPrintable(opened.error().message));
            return {};
        }
        return std::move(*opened);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void kindNames()
    {
        QCOMPARE(modemFileKindName(ModemFileKind::Ca), QStringLiteral("ca"));
        QCOMPARE(modemFileKindName(ModemFileKind::ClientCertificate), QStringLiteral("client-cert"));
        QCOMPARE(modemFileKindName(ModemFileKind::ClientKey), QStringLiteral("client-key"));
        QCOMPARE(modemFileKindName(ModemFileKind::Other), QStringLiteral("other"));
    }

    void recordToJson()
    {
        const QJsonObject json = modemFileRecordToJson(makeRecord(QStringLiteral("root.pem")));
        QCOMPARE(json.value(QStringLiteral("modem")).toString(), kImei);
        QCOMPARE(json.value(QStringLiteral("directory")).toInt(), 3);
        QCOMPARE(json.value(QStringLiteral("name")).toString(), QStringLiteral("root.pem"));
        QCOMPARE(json.value(QStringLiteral("size")).toInteger(), 1322);
        QCOMPARE(json.value(QStringLiteral("sha256")).toString().size(), 64);
        QCOMPARE(json.value(QStringLiteral("when")).toString(), QStringLiteral("2026-11-22T12:30:05Z"));
        QCOMPARE(json.value(QStringLiteral("kind")).toString(), QStringLiteral("ca"));
        QCOMPARE(json.value(QStringLiteral("converted")).toBool(), true);
        QCOMPARE(json.size(), 8);
    }

    // The GUI (application "modembench") and the CLI ("modembench-cli") must share one inventory.
    void defaultPathIsSharedByTheApplications()
    {
        const QString path = FileInventory::defaultPath();
        QCOMPARE(path, QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
                           + QStringLiteral("/ModemBench/inventory.sqlite"));
        const QString before = QCoreApplication::applicationName();
        QCoreApplication::setApplicationName(QStringLiteral("modembench-cli"));
        QCOMPARE(FileInventory::defaultPath(), path);
        QCoreApplication::setApplicationName(before);
    }

    void recordAndFind()
    {
        auto inventory = openFresh();
        QVERIFY(inventory);
        const ModemFileRecord record = makeRecord(QStringLiteral("root.pem"));
        QVERIFY(inventory->record(record));
        auto found = inventory->find(kImei, 3, QStringLiteral("root.pem"));
        QVERIFY(found);
        QVERIFY(found->has_value());
        QCOMPARE(**found, record);
        auto missing = inventory->find(kImei, 3, QStringLiteral("other.pem"));
        QVERIFY(missing);
        QVERIFY(!missing->has_value());
        auto otherDirectory = inventory->find(kImei, 0, QStringLiteral("root.pem"));
        QVERIFY(otherDirectory && !otherDirectory->has_value());
    }

    void recordReplacesByKey()
    {
        auto inventory = openFresh();
        QVERIFY(inventory);
        QVERIFY(inventory->record(makeRecord(QStringLiteral("root.pem"))));
        ModemFileRecord second = makeRecord(QStringLiteral("root.pem"));
        second.size = 99;
        second.sha256 = QByteArrayLiteral("00");
        second.converted = false;
        second.kind = ModemFileKind::Other;
        second.when = second.when.addDays(1);
        QVERIFY(inventory->record(second));
        auto all = inventory->list(kImei);
        QVERIFY(all);
        QCOMPARE(all->size(), 1);
        QCOMPARE(all->first(), second);
    }

    void removeForgets()
    {
        auto inventory = openFresh();
        QVERIFY(inventory);
        QVERIFY(inventory->record(makeRecord(QStringLiteral("a.pem"))));
        QVERIFY(inventory->record(makeRecord(QStringLiteral("b.pem"))));
        QVERIFY(inventory->remove(kImei, 3, QStringLiteral("a.pem")));
        QVERIFY(inventory->remove(kImei, 3, QStringLiteral("never-there.pem"))); // not an error
        auto all = inventory->list(kImei);
        QVERIFY(all);
        QCOMPARE(all->size(), 1);
        QCOMPARE(all->first().name, QStringLiteral("b.pem"));
    }

    void listIsSortedAndPerModem()
    {
        auto inventory = openFresh();
        QVERIFY(inventory);
        QVERIFY(inventory->record(makeRecord(QStringLiteral("zeta.pem"), 3)));
        QVERIFY(inventory->record(makeRecord(QStringLiteral("alpha.pem"), 3)));
        QVERIFY(inventory->record(makeRecord(QStringLiteral("zulu.bin"), 0)));
        QVERIFY(inventory->record(makeRecord(QStringLiteral("mid.pem"), 3)));
        QVERIFY(inventory->record(makeRecord(QStringLiteral("other-modem.pem"), 3, QStringLiteral("490154203237518"))));
        auto all = inventory->list(kImei);
        QVERIFY(all);
        QStringList names;
        for (const ModemFileRecord &record : *all)
            names << QStringLiteral("%1/%2").arg(record.directory).arg(record.name);
        QCOMPARE(names, (QStringList{QStringLiteral("0/zulu.bin"), QStringLiteral("3/alpha.pem"),
                                     QStringLiteral("3/mid.pem"), QStringLiteral("3/zeta.pem")}));
        auto none = inventory->list(QStringLiteral("000000000000000"));
        QVERIFY(none && none->isEmpty());
    }

    void tlsSettingsRoundTrip()
    {
        auto inventory = openFresh();
        QVERIFY(inventory);
        auto absent = inventory->tlsSettings(kImei);
        QVERIFY(absent);
        QVERIFY(!absent->has_value());
        TlsSettings settings;
        settings.sslContext = 2;
        settings.connectionId = 1;
        settings.version = TlsVersion::Tls13;
        settings.ignoreRtcTime = true;
        settings.sni = QStringLiteral("iot.example.com");
        settings.caName = QStringLiteral("root.pem");
        settings.clientCertName = QStringLiteral("dev.crt");
        settings.timeoutS = 30;
        settings.keepAlive = true;
        settings.keepAliveIdleS = 60;
        QVERIFY(inventory->saveTlsSettings(kImei, settings));
        auto read = inventory->tlsSettings(kImei);
        QVERIFY2(read, read ? "" : qPrintable(read.error().message));
        QVERIFY(read->has_value());
        QCOMPARE(**read, settings);
        settings.caName = QStringLiteral("other.pem");
        QVERIFY(inventory->saveTlsSettings(kImei, settings));
        QCOMPARE(inventory->tlsSettings(kImei)->value().caName, QStringLiteral("other.pem"));
        QVERIFY(!inventory->tlsSettings(QStringLiteral("490154203237518"))->has_value());
    }

    void fileIsPrivateAndFolderCreated()
    {
        const QString path = m_dir.filePath(QStringLiteral("nested/deeper/inventory.sqlite"));
        auto inventory = FileInventory::open(path);
        QVERIFY2(inventory, inventory ? "" : qPrintable(inventory.error().message));
        QCOMPARE((*inventory)->path(), path);
        QVERIFY(QFile::exists(path));
        QCOMPARE(modeOf(path), mode_t(0600));
        QVERIFY((*inventory)->record(makeRecord(QStringLiteral("root.pem"))));
        QCOMPARE(modeOf(path), mode_t(0600));
    }

    void unwritableFolderIsAClearError()
    {
        // A file where the folder should be: refused for root too (chmod would not stop root).
        const QString blocker = m_dir.filePath(QStringLiteral("blocker"));
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const QString path = blocker + QStringLiteral("/sub/inventory.sqlite");
        auto inventory = FileInventory::open(path);
        QVERIFY(!inventory);
        QCOMPARE(inventory.error().code, ErrorCode::Transport);
        QVERIFY2(inventory.error().message.contains(blocker), qPrintable(inventory.error().message));
    }

    void notADatabaseIsAClearError()
    {
        const QString path = m_dir.filePath(QStringLiteral("garbage.sqlite"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        auto inventory = FileInventory::open(path);
        QVERIFY(!inventory);
        QCOMPARE(inventory.error().code, ErrorCode::Error);
        QVERIFY2(inventory.error().message.contains(path), qPrintable(inventory.error().message));
    }

    void reopenKeepsData()
    {
        const QString path = freshPath();
        TlsSettings settings;
        settings.caName = QStringLiteral("root.pem");
        {
            auto inventory = FileInventory::open(path);
            QVERIFY(inventory);
            QVERIFY((*inventory)->record(makeRecord(QStringLiteral("root.pem"))));
            QVERIFY((*inventory)->saveTlsSettings(kImei, settings));
        }
        auto again = FileInventory::open(path);
        QVERIFY(again);
        auto all = (*again)->list(kImei);
        QVERIFY(all);
        QCOMPARE(all->size(), 1);
        QCOMPARE(all->first(), makeRecord(QStringLiteral("root.pem")));
        QCOMPARE((*again)->tlsSettings(kImei)->value(), settings);
    }

    void twoInstancesShareTheFile()
    {
        const QString path = freshPath();
        auto first = FileInventory::open(path);
        auto second = FileInventory::open(path);
        QVERIFY(first && second);
        QVERIFY((*first)->record(makeRecord(QStringLiteral("root.pem"))));
        QCOMPARE((*second)->list(kImei)->size(), 1);
    }

    void newerSchemaIsRefused()
    {
        const QString path = freshPath();
        QVERIFY(FileInventory::open(path));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tst-newer"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("PRAGMA user_version = 99")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tst-newer"));
        auto inventory = FileInventory::open(path);
        QVERIFY(!inventory);
        QVERIFY2(inventory.error().message.contains(QStringLiteral("newer")), qPrintable(inventory.error().message));
    }

    void connectionsAreRemoved()
    {
        const int before = QSqlDatabase::connectionNames().size();
        {
            auto inventory = openFresh();
            QVERIFY(inventory);
            QCOMPARE(QSqlDatabase::connectionNames().size(), before + 1);
        }
        QCOMPARE(QSqlDatabase::connectionNames().size(), before);
        const QString garbage = m_dir.filePath(QStringLiteral("garbage2.sqlite"));
        QFile file(garbage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'y'));
        file.close();
        QVERIFY(!FileInventory::open(garbage));
        QCOMPARE(QSqlDatabase::connectionNames().size(), before); // also after a failed open
    }
};

QTEST_GUILESS_MAIN(TestFileInventory)
#include "tst_fileinventory.moc"
