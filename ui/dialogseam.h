#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace ModemBench::Ui {

// File dialogs go through this seam so tests can answer them (QGroundControl's lesson): a test
// installs a chooser that calls `accepted` with a temporary path at once. The default opens a
// window-modal QFileDialog with open(), so no nested event loop runs.
struct SaveFileRequest {
    QString caption;
    QString suggestedPath;
    QString filter;
};
using SaveFileChooser =
    std::function<void(QWidget *parent, const SaveFileRequest &request, std::function<void(const QString &path)> accepted)>;

SaveFileChooser defaultSaveFileChooser();

} // namespace ModemBench::Ui
