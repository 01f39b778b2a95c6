#include "ui/dashboardwidget.h"

#include "core/clock.h"
#include "core/flows/flowrunner.h"
#include "core/modem/statusquery.h"
#include "ui/statusqueryfollow.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTime>
#include <QTimer>
#include <QVBoxLayout>

namespace ModemBench::Ui {

namespace {

const QString kNone = QStringLiteral("—");
// A changed value starts on this yellow and fades to transparent over kHighlightMs.
QString highlightStyle(int alpha)
{
    return QStringLiteral("QLabel { background-color: rgba(255, 226, 80, %1); border-radius: 2px; }").arg(alpha);
}
constexpr int kHighlightAlpha = 150;
constexpr int kFadeSteps = 20;

QString text(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return QString();
    if (value.isDouble())
        return QString::number(value.toInt());
    if (value.isBool())
        return value.toBool() ? DashboardWidget::tr("Yes") : DashboardWidget::tr("No");
    return value.toString();
}

QString withUnit(const QJsonValue &value, const QString &unit)
{
    const QString number = text(value);
    return number.isEmpty() ? QString() : number + QLatin1Char(' ') + unit;
}

QString humanize(QString name)
{
    if (name.isEmpty() || name == QLatin1String("unknown"))
        return QString();
    name.replace(QLatin1String("registered-"), QLatin1String("registered, "));
    name.replace(QLatin1Char('-'), QLatin1Char(' '));
    name[0] = name[0].toUpper();
    return name;
}

// The serving band from AT+CPSI? ("EUTRAN-BAND20"); not part of statusToJson.
QString bandText(const ModemStatus &status)
{
    if (!status.cpsi)
        return QString();
    return status.cpsi->band.value_or(QString());
}

} // namespace

DashboardWidget::DashboardWidget(QWidget *parent)
    : QWidget(parent)
{
    m_state = new QLabel(tr("Not connected"), this);
    m_state->setObjectName(QStringLiteral("dashboardState"));
    m_state->setWordWrap(true);
    m_refreshButton = new QPushButton(tr("&Refresh"), this);
    m_refreshButton->setObjectName(QStringLiteral("dashboardRefresh"));
    m_refreshButton->setToolTip(tr("Read status, model profile and data connection again"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_state, 1);
    buttons->addWidget(m_refreshButton);

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(buildFields());
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(scroll, 1);

    m_highlightTimer = new QTimer(this);
    m_highlightTimer->setInterval(kHighlightMs / kFadeSteps);
    connect(m_highlightTimer, &QTimer::timeout, this, [this] {
        if (++m_fadeStep >= kFadeSteps) {
            clearHighlights();
            return;
        }
        const QString style = highlightStyle(kHighlightAlpha * (kFadeSteps - m_fadeStep) / kFadeSteps);
        for (const QString &key : std::as_const(m_highlighted))
            m_values.value(key)->setStyleSheet(style);
    });
    connect(m_refreshButton, &QPushButton::clicked, this, [this] { refresh(Priority::Normal); });
    updateButtons();
}

QWidget *DashboardWidget::buildFields()
{
    auto *content = new QWidget;
    auto *fields = new QVBoxLayout(content);
    fields->setContentsMargins(0, 0, 0, 0);
    fields->setSpacing(2);
    addSection(fields, tr("Identity"), {{QStringLiteral("model"), tr("Model")},
                                        {QStringLiteral("revision"), tr("Revision")},
                                        {QStringLiteral("imei"), tr("IMEI")},
                                        {QStringLiteral("iccid"), tr("ICCID")},
                                        {QStringLiteral("family"), tr("Family")},
                                        {QStringLiteral("firmware"), tr("Firmware")}});
    // Right under the model: what it can do decides what the rest of the bench offers.
    addSection(fields, tr("Capabilities"), {{QStringLiteral("tls"), tr("TLS")},
                                            {QStringLiteral("radio"), tr("RAT / band choice")},
                                            {QStringLiteral("cgnapn"), tr("APN discovery")}});
    addSection(fields, tr("Network"), {{QStringLiteral("sim"), tr("SIM")},
                                       {QStringLiteral("registration"), tr("Registration")},
                                       {QStringLiteral("operator"), tr("Operator")},
                                       {QStringLiteral("act"), tr("RAT")},
                                       {QStringLiteral("band"), tr("Band")}});
    addSection(fields, tr("Signal"), {{QStringLiteral("rssi"), tr("RSSI")},
                                      {QStringLiteral("rsrp"), tr("RSRP")},
                                      {QStringLiteral("rsrq"), tr("RSRQ")},
                                      {QStringLiteral("sinr"), tr("SINR")}});
    addSection(fields, tr("Data connection"), {{QStringLiteral("active"), tr("Active")},
                                               {QStringLiteral("ip"), tr("IP address")},
                                               {QStringLiteral("apn"), tr("APN")}});
    m_problems = new QLabel(content);
    m_problems->setWordWrap(true);
    m_problems->setVisible(false);
    fields->addWidget(m_problems);
    fields->addStretch(1);
    return content;
}

void DashboardWidget::addSection(QVBoxLayout *layout, const QString &title, const QList<QPair<QString, QString>> &rows)
{
    auto *box = new QGroupBox(title);
    auto *form = new QFormLayout(box);
    form->setLabelAlignment(Qt::AlignRight);
    // Compact rows: the whole dashboard should fit a 800 px high window without scrolling.
    form->setVerticalSpacing(3);
    form->setContentsMargins(6, 2, 6, 2);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const auto &[key, label] : rows) {
        auto *value = new QLabel(kNone, box);
        value->setObjectName(QStringLiteral("dashboard_") + key);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setForegroundRole(QPalette::PlaceholderText);
        value->setWordWrap(true);
        if (key == QLatin1String("imei") || key == QLatin1String("iccid") || key == QLatin1String("ip"))
            value->setFont(mono);
        form->addRow(label + QLatin1Char(':'), value);
        m_values.insert(key, value);
    }
    layout->addWidget(box);
}

void DashboardWidget::setSession(ModemSession *session)
{
    if (m_session)
        m_session->disconnect(this);
    m_session = session;
    if (session) {
        connect(session, &ModemSession::stateChanged, this, [this](ModemSession::State state) {
            if (state != ModemSession::State::Ready)
                m_state->setText(state == ModemSession::State::Closed ? tr("Not connected") : tr("Connecting…"));
            updateButtons();
        });
        connect(session, &ModemSession::statusQueryStarted, this, &DashboardWidget::attachQuery);
        // Automatic reads wait behind anything typed in the console.
        connect(session, &ModemSession::ready, this, [this] { refresh(Priority::Background); });
    }
    updateButtons();
}

// The session runs one status read for every view: a refresh while one runs joins it.
void DashboardWidget::refresh(Priority priority)
{
    if (m_session)
        m_session->refreshStatus(priority);
}

void DashboardWidget::attachQuery(StatusQuery *query)
{
    m_query = query;
    followStatusQuery(this, m_state, query, [this](StatusQuery *finished) { onQueryFinished(finished); });
    updateButtons();
}

void DashboardWidget::onQueryFinished(StatusQuery *query)
{
    m_query = nullptr;
    const Result<ModemStatus> &result = query->result();
    if (result) {
        show(*result, result->profile, result->ip.value_or(IpStatus{}));
        m_state->setText(tr("Read at %1.").arg(QTime::currentTime().toString(QStringLiteral("hh:mm:ss"))));
    } else {
        m_state->setText(tr("Reading stopped: %1").arg(result.error().message));
    }
    updateButtons();
    Q_EMIT refreshed();
}

void DashboardWidget::show(const ModemStatus &status, const std::optional<ModelProfile> &profile, const IpStatus &ip)
{
    QJsonObject json = statusToJson(status);
    addNetworkJson(json, profile, ip);
    const QJsonObject identity = json.value(QStringLiteral("identity")).toObject();
    for (const char *key : {"model", "revision", "imei", "iccid"})
        setValue(QLatin1String(key), text(identity.value(QLatin1String(key))));
    setValue(QStringLiteral("sim"), humanize(text(json.value(QStringLiteral("sim")))));
    const QJsonObject registration = json.value(QStringLiteral("registration")).toObject();
    setValue(QStringLiteral("registration"), humanize(text(registration.value(QStringLiteral("state")))));
    setValue(QStringLiteral("operator"), text(registration.value(QStringLiteral("operator"))));
    setValue(QStringLiteral("act"), text(registration.value(QStringLiteral("act"))));
    setValue(QStringLiteral("band"), bandText(status));
    const QJsonObject signal = json.value(QStringLiteral("signal")).toObject();
    setValue(QStringLiteral("rssi"), withUnit(signal.value(QStringLiteral("rssi_dbm")), QStringLiteral("dBm")));
    setValue(QStringLiteral("rsrp"), withUnit(signal.value(QStringLiteral("rsrp_dbm")), QStringLiteral("dBm")));
    setValue(QStringLiteral("rsrq"), withUnit(signal.value(QStringLiteral("rsrq_db")), QStringLiteral("dB")));
    setValue(QStringLiteral("sinr"), withUnit(signal.value(QStringLiteral("sinr_db")), QStringLiteral("dB")));
    const QJsonObject ipJson = json.value(QStringLiteral("ip")).toObject();
    setValue(QStringLiteral("active"), text(ipJson.value(QStringLiteral("active"))));
    setValue(QStringLiteral("ip"), text(ipJson.value(QStringLiteral("address"))));
    setValue(QStringLiteral("apn"), text(ipJson.value(QStringLiteral("apn"))));
    setValue(QStringLiteral("family"), text(json.value(QStringLiteral("model_family"))));
    setValue(QStringLiteral("firmware"), profile ? profile->firmware : QString());

    m_profile = profile;
    const QJsonObject caps = json.value(QStringLiteral("capabilities")).toObject();
    const QString tlsNote = caps.value(QStringLiteral("tls_note")).toString();
    if (caps.value(QStringLiteral("tls")).toBool()) {
        setValue(QStringLiteral("tls"), tr("Yes"));
        m_values.value(QStringLiteral("tls"))->setToolTip(tlsNote);
    } else {
        setUnavailable(QStringLiteral("tls"), tr("No: %1").arg(tlsNote), tlsNote);
    }
    const QString unknown = tr("Unknown model: not checked");
    if (profile && profile->radioConfig)
        setValue(QStringLiteral("radio"), tr("Cat-M / NB-IoT"));
    else
        setUnavailable(QStringLiteral("radio"), tr("Not available"),
                       profile ? tr("%1 has no AT+CNMP/AT+CMNB/AT+CBANDCFG: it is a 2G modem").arg(profile->model)
                               : unknown);
    if (profile && profile->hasCgnapn)
        setValue(QStringLiteral("cgnapn"), tr("Yes (AT+CGNAPN)"));
    else
        setUnavailable(QStringLiteral("cgnapn"), tr("Not available"),
                       profile ? tr("%1 has no AT+CGNAPN: enter the APN by hand").arg(profile->model) : unknown);

    const QString problems = status.problems.join(QStringLiteral("\n• "));
    m_problems->setText(status.problems.isEmpty() ? QString() : tr("Not read:\n• %1").arg(problems));
    m_problems->setVisible(!status.problems.isEmpty());
    m_firstReading = false;
    if (!m_highlighted.isEmpty()) {
        m_fadeStep = 0;
        m_highlightTimer->start();
    }
}

void DashboardWidget::setValue(const QString &key, const QString &value)
{
    QLabel *label = m_values.value(key);
    if (!label)
        return;
    const QString shown = value.isEmpty() ? kNone : value;
    const bool changed = label->text() != shown;
    label->setText(shown);
    label->setEnabled(true);
    label->setToolTip(QString());
    label->setForegroundRole(value.isEmpty() ? QPalette::PlaceholderText : QPalette::WindowText);
    // The first reading fills everything: only later changes are news.
    if (changed && !m_firstReading) {
        label->setStyleSheet(highlightStyle(kHighlightAlpha));
        if (!m_highlighted.contains(key))
            m_highlighted << key;
    }
}

void DashboardWidget::setUnavailable(const QString &key, const QString &text, const QString &reason)
{
    setValue(key, text);
    if (QLabel *label = m_values.value(key)) {
        label->setEnabled(false);
        label->setToolTip(reason);
    }
}

void DashboardWidget::clearHighlights()
{
    m_highlightTimer->stop();
    for (const QString &key : std::as_const(m_highlighted)) {
        if (QLabel *label = m_values.value(key))
            label->setStyleSheet(QString());
    }
    m_highlighted.clear();
}

QString DashboardWidget::value(const QString &key) const
{
    const QLabel *label = m_values.value(key);
    return label ? label->text() : QString();
}

void DashboardWidget::updateButtons()
{
    const bool ready = m_session && m_session->state() == ModemSession::State::Ready;
    m_refreshButton->setEnabled(ready && !isRefreshing());
}

} // namespace ModemBench::Ui
