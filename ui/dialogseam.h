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

// The same seam for choosing an existing file to open (a recording to replay).
struct OpenFileRequest {
    QString caption;
    QString directory;
    QString filter;
};
using OpenFileChooser =
    std::function<void(QWidget *parent, const OpenFileRequest &request, std::function<void(const QString &path)> accepted)>;

OpenFileChooser defaultOpenFileChooser();

// And for choosing a folder (a certificate authority, an output folder); it may not exist yet.
struct DirectoryRequest {
    QString caption;
    QString directory;
};
using DirectoryChooser =
    std::function<void(QWidget *parent, const DirectoryRequest &request, std::function<void(const QString &path)> accepted)>;

DirectoryChooser defaultDirectoryChooser();

} // namespace ModemBench::Ui
