#pragma once

#include "core/modem/statusquery.h"

#include <QLabel>

#include <functional>

namespace ModemBench::Ui {

// The identity panel and the dashboard both show the session's one shared StatusQuery: its
// progress goes to their state line and its end to their own handler.
inline void followStatusQuery(QObject *owner, QLabel *state, StatusQuery *query,
                              std::function<void(StatusQuery *)> finished)
{
    QObject::connect(query, &StatusQuery::progressed, owner, [state](int done, int total, const QString &label) {
        if (!label.isEmpty())
            state->setText(QObject::tr("%1… (%2 of %3)").arg(label).arg(done + 1).arg(total));
    });
    QObject::connect(query, &StatusQuery::finished, owner,
                     [query, finished = std::move(finished)] { finished(query); });
}

} // namespace ModemBench::Ui
