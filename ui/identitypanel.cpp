#include "ui/identitypanel.h"

#include "core/modem/statusquery.h"
#include "ui/statusqueryfollow.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTime>
#include <QVBoxLayout>

namespace ModemBench::Ui {

namespace {

const QString kNone = QStringLiteral("—");

QString text(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return QString();
    if (value.isDouble())
        return QString::number(value.toInt());
    return value.toString();
}

QString withUnit(const QJsonValue &value, const QString &unit)
{
    const QString number = text(value);
    return number.isEmpty() ? QString() : number + QLatin1Char(' ') + unit;
}

// "not-inserted" -> "Not inserted", "registered-home" -> "Registered, home".
QString humanize(const QString &name)
{
    if (name.isEmpty())
        return name;
    QString out = name;
    if (out.startsWith(QLatin1String("registered-")))
        out.replace(QLatin1String("registered-"), QLatin1String("registered, "));
    out.replace(QLatin1Char('-'), QLatin1Char(' '));
    out[0] = out[0].toUpper();
    return out;
}

// 27.007: 99 is "not known or not detectable" for both rssi and ber.
QString csqText(const QJsonObject &signal)
{
    const QJsonValue csq = signal.value(QStringLiteral("csq"));
    const QJsonValue ber = signal.value(QStringLiteral("ber"));
    if (!csq.isDouble())
        return QString();
    QString out = csq.toInt() == 99 ? IdentityPanel::tr("99 (not known)") : QString::number(csq.toInt());
    if (ber.isDouble() && ber.toInt() != 99)
        out += IdentityPanel::tr(", BER %1").arg(ber.toInt());
    return out;
}

} // namespace

IdentityPanel::IdentityPanel(QWidget *parent)
    : QWidget(parent)
{
    m_state = new QLabel(tr("Not connected"), this);
    m_state->setWordWrap(true);
    m_refreshButton = new QPushButton(tr("&Refresh"), this);
    m_refreshButton->setToolTip(tr("Read identity, SIM, network and signal again (F5)"));
    m_copyButton = new QPushButton(tr("&Copy All"), this);
    m_copyButton->setToolTip(tr("Copy every field as text, for a bug report or a label"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_refreshButton);
    buttons->addWidget(m_copyButton);
    buttons->addStretch(1);

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(buildFields());
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(scroll->widget()->minimumSizeHint().width()
                            + scroll->verticalScrollBar()->sizeHint().width());
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_state);
    layout->addLayout(buttons);
    layout->addWidget(scroll, 1);

    connect(m_refreshButton, &QPushButton::clicked, this, [this] { refresh(Priority::Normal); });
    connect(m_copyButton, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(asText()); });
    updateButtons();
}

QWidget *IdentityPanel::buildFields()
{
    auto *content = new QWidget;
    auto *fields = new QVBoxLayout(content);
    fields->setContentsMargins(0, 0, 0, 0);
    addSection(fields, tr("Identity"), {{QStringLiteral("manufacturer"), tr("Manufacturer")},
                                        {QStringLiteral("model"), tr("Model")},
                                        {QStringLiteral("revision"), tr("Revision")},
                                        {QStringLiteral("imei"), tr("IMEI")},
                                        {QStringLiteral("imsi"), tr("IMSI")},
                                        {QStringLiteral("iccid"), tr("ICCID")}});
    addSection(fields, tr("Network"), {{QStringLiteral("sim"), tr("SIM")},
                                       {QStringLiteral("registration"), tr("Registration")},
                                       {QStringLiteral("act"), tr("Technology")},
                                       {QStringLiteral("operator"), tr("Operator")},
                                       {QStringLiteral("cell"), tr("TAC / Cell")}});
    addSection(fields, tr("Signal"), {{QStringLiteral("csq"), tr("CSQ")},
                                      {QStringLiteral("rssi"), tr("RSSI")},
                                      {QStringLiteral("rsrp"), tr("RSRP")},
                                      {QStringLiteral("rsrq"), tr("RSRQ")},
                                      {QStringLiteral("sinr"), tr("SINR")}});
    m_problems = new QLabel(content);
    m_problems->setWordWrap(true);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->setVisible(false);
    QPalette warning = m_problems->palette();
    warning.setColor(QPalette::WindowText, QColor(0xb2, 0x6a, 0x00));
    m_problems->setPalette(warning);
    fields->addWidget(m_problems);
    fields->addStretch(1);
    return content;
}

void IdentityPanel::addSection(QVBoxLayout *layout, const QString &title, const QList<QPair<QString, QString>> &rows)
{
    auto *box = new QGroupBox(title);
    auto *form = new QFormLayout(box);
    form->setLabelAlignment(Qt::AlignRight);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const auto &[key, label] : rows) {
        auto *value = new QLabel(kNone, box);
        value->setObjectName(QStringLiteral("identity_") + key);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        value->setForegroundRole(QPalette::PlaceholderText);
        value->setWordWrap(true); // a long operator name wraps instead of being cut off
        // Digits of IMEI/IMSI/ICCID are read aloud and compared: a fixed-width font helps.
        if (key == QLatin1String("imei") || key == QLatin1String("imsi") || key == QLatin1String("iccid"))
            value->setFont(mono);
        // Room for a 22-digit ICCID, so the panel never clips the longest identifier.
        value->setMinimumWidth(QFontMetrics(mono).horizontalAdvance(QString(22, QLatin1Char('8'))));
        form->addRow(label + QLatin1Char(':'), value);
        m_values.insert(key, value);
        m_titles.insert(key, label);
        m_order << key;
    }
    layout->addWidget(box);
}

void IdentityPanel::setSession(ModemSession *session)
{
    if (m_session)
        m_session->disconnect(this);
    m_session = session;
    if (session) {
        connect(session, &ModemSession::stateChanged, this, &IdentityPanel::onStateChanged);
        connect(session, &ModemSession::statusQueryStarted, this, &IdentityPanel::attachQuery);
        // Automatic reads wait behind anything typed in the console.
        connect(session, &ModemSession::ready, this, [this] { refresh(Priority::Background); });
    }
    updateButtons();
}

void IdentityPanel::onStateChanged(ModemSession::State state)
{
    switch (state) {
    case ModemSession::State::Closed:
    case ModemSession::State::Reconnecting:
        m_state->setText(m_updatedAt.isEmpty() ? tr("Not connected")
                                               : tr("Not connected; values read at %1.").arg(m_updatedAt));
        break;
    case ModemSession::State::Opening:
    case ModemSession::State::Starting:
        m_state->setText(tr("Connecting…"));
        break;
    case ModemSession::State::Ready:
        break;
    }
    updateButtons();
}

// The session runs one status read for every view: a refresh while one runs joins it.
void IdentityPanel::refresh(Priority priority)
{
    if (m_session)
        m_session->refreshStatus(priority);
}

void IdentityPanel::attachQuery(StatusQuery *query)
{
    m_query = query;
    followStatusQuery(this, m_state, query, [this](StatusQuery *finished) { onQueryFinished(finished); });
    updateButtons();
}

void IdentityPanel::onQueryFinished(StatusQuery *query)
{
    m_query = nullptr;
    const auto &result = query->result();
    if (result) {
        showStatus(*result);
        m_updatedAt = QTime::currentTime().toString(QStringLiteral("hh:mm:ss"));
        m_state->setText(tr("Read at %1.").arg(m_updatedAt));
    } else {
        // A query cut short (port gone) must not blank a complete earlier reading; with nothing
        // shown yet, what it did read is better than dashes.
        if (m_updatedAt.isEmpty())
            showStatus(query->status());
        m_state->setText(tr("Reading stopped: %1").arg(result.error().message));
    }
    updateButtons();
    Q_EMIT refreshed(result.has_value() && result->problems.isEmpty());
}

void IdentityPanel::showStatus(const ModemStatus &status)
{
    const QJsonObject json = statusToJson(status);
    const QJsonObject identity = json.value(QStringLiteral("identity")).toObject();
    for (const QString &key : identity.keys())
        setValue(key, text(identity.value(key)));
    const QJsonObject registration = json.value(QStringLiteral("registration")).toObject();
    setValue(QStringLiteral("sim"), humanize(text(json.value(QStringLiteral("sim")))));
    const QString state = text(registration.value(QStringLiteral("state")));
    setValue(QStringLiteral("registration"), state == QLatin1String("unknown") ? QString() : humanize(state));
    setValue(QStringLiteral("act"), text(registration.value(QStringLiteral("act"))));
    setValue(QStringLiteral("operator"), text(registration.value(QStringLiteral("operator"))));
    const QString tac = text(registration.value(QStringLiteral("tac")));
    const QString ci = text(registration.value(QStringLiteral("ci")));
    setValue(QStringLiteral("cell"), tac.isEmpty() && ci.isEmpty() ? QString()
                                                                    : (tac.isEmpty() ? kNone : tac) + QStringLiteral(" / ")
                                                                          + (ci.isEmpty() ? kNone : ci));
    const QJsonObject signal = json.value(QStringLiteral("signal")).toObject();
    setValue(QStringLiteral("csq"), csqText(signal));
    setValue(QStringLiteral("rssi"), withUnit(signal.value(QStringLiteral("rssi_dbm")), QStringLiteral("dBm")));
    setValue(QStringLiteral("rsrp"), withUnit(signal.value(QStringLiteral("rsrp_dbm")), QStringLiteral("dBm")));
    setValue(QStringLiteral("rsrq"), withUnit(signal.value(QStringLiteral("rsrq_db")), QStringLiteral("dB")));
    setValue(QStringLiteral("sinr"), withUnit(signal.value(QStringLiteral("sinr_db")), QStringLiteral("dB")));
    m_problems->setText(status.problems.isEmpty() ? QString()
                                                  : tr("Not read:\n• %1").arg(status.problems.join(QStringLiteral("\n• "))));
    m_problems->setVisible(!status.problems.isEmpty());
}

void IdentityPanel::setValue(const QString &key, const QString &value)
{
    QLabel *label = m_values.value(key);
    if (!label)
        return;
    label->setText(value.isEmpty() ? kNone : value);
    label->setForegroundRole(value.isEmpty() ? QPalette::PlaceholderText : QPalette::WindowText);
}

QString IdentityPanel::value(const QString &key) const
{
    const QLabel *label = m_values.value(key);
    return label ? label->text() : QString();
}

QString IdentityPanel::asText() const
{
    QStringList lines;
    for (const QString &key : m_order)
        lines << QStringLiteral("%1: %2").arg(m_titles.value(key), value(key));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void IdentityPanel::updateButtons()
{
    const bool ready = m_session && m_session->state() == ModemSession::State::Ready;
    m_refreshButton->setEnabled(ready && !m_query);
}

} // namespace ModemBench::Ui
