#include "ui/dialogseam.h"

#include <QFileDialog>

namespace ModemBench::Ui {

namespace {

// Window-modal, never exec(): no nested event loop (style.md); the dialog deletes itself.
void openFileDialog(QWidget *parent, const QString &caption, const QString &path, const QString &filter,
                    QFileDialog::AcceptMode mode, std::function<void(const QString &)> accepted)
{
    auto *dialog = new QFileDialog(parent, caption, path, filter);
    dialog->setAcceptMode(mode);
    dialog->setFileMode(mode == QFileDialog::AcceptSave ? QFileDialog::AnyFile : QFileDialog::ExistingFile);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    QObject::connect(dialog, &QFileDialog::fileSelected, dialog, [accepted = std::move(accepted)](const QString &chosen) {
        if (!chosen.isEmpty())
            accepted(chosen);
    });
    dialog->open();
}

} // namespace

SaveFileChooser defaultSaveFileChooser()
{
    return [](QWidget *parent, const SaveFileRequest &request, std::function<void(const QString &)> accepted) {
        openFileDialog(parent, request.caption, request.suggestedPath, request.filter, QFileDialog::AcceptSave,
                       std::move(accepted));
    };
}

OpenFileChooser defaultOpenFileChooser()
{
    return [](QWidget *parent, const OpenFileRequest &request, std::function<void(const QString &)> accepted) {
        openFileDialog(parent, request.caption, request.directory, request.filter, QFileDialog::AcceptOpen,
                       std::move(accepted));
    };
}

DirectoryChooser defaultDirectoryChooser()
{
    return [](QWidget *parent, const DirectoryRequest &request, std::function<void(const QString &)> accepted) {
        auto *dialog = new QFileDialog(parent, request.caption, request.directory);
        dialog->setFileMode(QFileDialog::Directory);
        dialog->setOption(QFileDialog::ShowDirsOnly);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        QObject::connect(dialog, &QFileDialog::fileSelected, dialog, [accepted = std::move(accepted)](const QString &chosen) {
            if (!chosen.isEmpty())
                accepted(chosen);
        });
        dialog->open();
    };
}

} // namespace ModemBench::Ui
