#pragma once

// A scratch PostgreSQL database for one test run (issue #7 item 6). modembench.sh starts a server
// on loopback and exports MODEMBENCH_TEST_POSTGRES_URL (a role with CREATEDB); each test program
// creates its own database beside the URL's, so parallel ctest jobs never see each other's rows,
// and drops it when done. Without the variable the PostgreSQL rows are skipped, except under CI=true
// where they fail: CI must not pass by skipping them.
//
//   PostgresScratch pg;                       // member of the test class
//   MODEMBENCH_REQUIRE_POSTGRES(pg, "tst_x"); // in a test or init(): QSKIP/QFAIL, else pg.url() is ready

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QUrl>

namespace ModemBench::Test {

class PostgresScratch
{
public:
    PostgresScratch() = default;
    PostgresScratch(const PostgresScratch &) = delete;
    PostgresScratch &operator=(const PostgresScratch &) = delete;
    ~PostgresScratch() { drop(); }

    static QString baseUrl() { return qEnvironmentVariable("MODEMBENCH_TEST_POSTGRES_URL"); }
    static bool requiredByCi() { return qEnvironmentVariable("CI") == QStringLiteral("true"); }

    // Creates the scratch database on first use. Empty string: ok; otherwise why it failed.
    QString ensure(const QString &prefix)
    {
        if (!m_url.isEmpty())
            return {};
        const QUrl base(baseUrl());
        if (!base.isValid() || base.path().size() < 2)
            return QStringLiteral("MODEMBENCH_TEST_POSTGRES_URL is not a postgresql://USER:PASSWORD@HOST:PORT/DATABASE URL");
        // An unquoted identifier: lower case, digits and '_' only.
        QString safePrefix = prefix.toLower();
        for (QChar &c : safePrefix) {
            if (!(c >= u'a' && c <= u'z') && !(c >= u'0' && c <= u'9'))
                c = u'_';
        }
        m_name = QStringLiteral("%1_%2_%3").arg(safePrefix).arg(QCoreApplication::applicationPid())
                     .arg(QDateTime::currentMSecsSinceEpoch());
        if (const QString error = adminExec(QStringLiteral("CREATE DATABASE %1").arg(m_name)); !error.isEmpty()) {
            m_name.clear();
            return error;
        }
        QUrl scratch = base;
        scratch.setPath(u'/' + m_name);
        m_url = scratch.toString();
        return {};
    }

    // The scratch database's URL (empty before ensure() succeeded).
    QString url() const { return m_url; }

    // Runs SQL on the scratch database; empty string: ok, otherwise the driver's text.
    QString exec(const QString &sql)
    {
        return run(m_url, sql);
    }

    void drop()
    {
        if (m_name.isEmpty())
            return;
        adminExec(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name));
        m_name.clear();
        m_url.clear();
    }

private:
    QString adminExec(const QString &sql) { return run(baseUrl(), sql); }

    static QString run(const QString &urlText, const QString &sql)
    {
        const QUrl url(urlText);
        const QString connection = QStringLiteral("modembench-test-postgres-%1").arg(++counter());
        QString error;
        bool ok = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connection);
            db.setHostName(url.host().isEmpty() ? QStringLiteral("localhost") : url.host());
            db.setPort(url.port(5432));
            db.setDatabaseName(url.path().mid(1));
            db.setUserName(url.userName(QUrl::FullyDecoded));
            db.setPassword(url.password(QUrl::FullyDecoded));
            db.setConnectOptions(QStringLiteral("connect_timeout=5"));
            if (!db.open()) {
                error = db.lastError().text();
            } else {
                QSqlQuery query(db);
                query.exec(QStringLiteral("SET client_min_messages = warning"));
                ok = query.exec(sql);
                error = query.lastError().text();
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(connection);
        if (ok)
            return {};
        return error.trimmed().isEmpty() ? QStringLiteral("failed without a message") : error;
    }

    static int &counter()
    {
        static int value = 0;
        return value;
    }

    QString m_name;
    QString m_url;
};

} // namespace ModemBench::Test

#define MODEMBENCH_REQUIRE_POSTGRES(scratch, prefix)                                                               \
    do {                                                                                                           \
        if (ModemBench::Test::PostgresScratch::baseUrl().isEmpty()) {                                              \
            if (ModemBench::Test::PostgresScratch::requiredByCi())                                                 \
                QFAIL("CI=true but MODEMBENCH_TEST_POSTGRES_URL is not set: run the tests through modembench.sh "  \
                      "test, which starts PostgreSQL");                                                            \
            QSKIP("MODEMBENCH_TEST_POSTGRES_URL is not set (modembench.sh test sets it)");                         \
        }                                                                                                          \
        if (const QString postgresError = (scratch).ensure(QStringLiteral(prefix)); !postgresError.isEmpty())      \
            QFAIL(qPrintable(QStringLiteral("Cannot create a scratch PostgreSQL database: ") + postgresError));     \
    } while (false)
