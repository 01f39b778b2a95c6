#pragma once

// Helpers shared by the TLS wizard's page files (internal to ui/).

#include "core/error.h"
#include "core/flows/certinstall.h"
#include "core/flows/uploadflows.h"
#include "core/tls/tlsdoctor.h"

#include <QDir>
#include <QFile>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>

namespace ModemBench::Ui::TlsWizardSupport {

// AT+GSN, AT+CCLK? and, when needed, the capability probe: a few seconds on any modem.
inline constexpr int kPreparationDeadlineMs = 30000;

inline QString modemFileKindText(ModemFileKind kind)
{
    switch (kind) {
    case ModemFileKind::Ca: return QObject::tr("CA certificate");
    case ModemFileKind::ClientCertificate: return QObject::tr("client certificate");
    case ModemFileKind::ClientKey: return QObject::tr("client key");
    case ModemFileKind::Other: return QObject::tr("file");
    }
    return {};
}

// Far above any certificate file the modem can hold (10240 bytes a write, protocol §9): the plan
// then says the file is too large instead of the wizard reading a mistaken multi-gigabyte choice.
inline constexpr qint64 kMaxReadBytes = 1024 * 1024;
inline const QString kOurCaName = QStringLiteral("modembench-ca.crt");

inline Result<QByteArray> readSmall(const QString &path)
{
    QFile file(path);
    if (path.isEmpty())
        return fail(ErrorCode::Usage, QObject::tr("Choose a file."));
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::Usage, QObject::tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    if (file.size() > kMaxReadBytes)
        return fail(ErrorCode::Usage, QObject::tr("%1 is %2 bytes; a modem file holds at most %3.")
                                          .arg(QDir::toNativeSeparators(path)).arg(file.size()).arg(kCfsMaxWrite));
    return file.readAll();
}

// A failed plan lists every finding on its own line: one problem row each.
inline QList<DoctorFinding> problemRows(const QString &check, const QString &message)
{
    QList<DoctorFinding> rows;
    for (const QString &line : message.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        rows << DoctorFinding{DoctorFinding::Severity::Problem, check, line.trimmed(), {}};
    return rows;
}

inline QList<DoctorFinding> planRows(const PreparedInstall &plan, const QString &ready)
{
    QList<DoctorFinding> rows{{DoctorFinding::Severity::Ok, QStringLiteral("plan"), ready, {}}};
    for (const QString &warning : plan.warnings)
        rows << DoctorFinding{DoctorFinding::Severity::Warning, QStringLiteral("plan"), warning, {}};
    return rows;
}

inline QLabel *noteLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

inline QPushButton *chooseButton(const QString &text, QWidget *parent)
{
    auto *button = new QPushButton(text, parent);
    button->setAutoDefault(false);
    return button;
}

// Rows of "label: field [button]", the label the field's buddy (mnemonics), the field stretching.
struct GridRow {
    QString label;
    QWidget *field = nullptr;
    QWidget *button = nullptr;
};
inline QGridLayout *gridRows(QWidget *parent, const QList<GridRow> &rows)
{
    auto *grid = new QGridLayout;
    for (int row = 0; row < rows.size(); ++row) {
        auto *label = new QLabel(rows[row].label, parent);
        label->setBuddy(rows[row].field);
        grid->addWidget(label, row, 0);
        grid->addWidget(rows[row].field, row, 1);
        if (rows[row].button)
            grid->addWidget(rows[row].button, row, 2);
    }
    grid->setColumnStretch(1, 1);
    return grid;
}

} // namespace ModemBench::Ui::TlsWizardSupport
