#include "ui/dialogseam.h"

#include <QFileDialog>

namespace ModemBench::Ui {

SaveFileChooser defaultSaveFileChooser()
{
    return [](QWidget *parent, const SaveFileRequest &request, std::function<void(const QString &)> accepted) {
        auto *dialog = new QFileDialog(parent, request.caption, request.suggestedPath, request.filter);
        dialog->setAcceptMode(QFileDialog::AcceptSave);
        dialog->setFileMode(QFileDialog::AnyFile);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        QObject::connect(dialog, &QFileDialog::fileSelected, dialog,
                         [accepted = std::move(accepted)](const QString &path) {
                             if (!path.isEmpty())
                                 accepted(path);
                         });
        dialog->open();
    };
}

OpenFileChooser defaultOpenFileChooser()
{
    return [](QWidget *parent, const OpenFileRequest &request, std::function<void(const QString &)> accepted) {
        auto *dialog = new QFileDialog(parent, request.caption, request.directory, request.filter);
        dialog->setAcceptMode(QFileDialog::AcceptOpen);
        dialog->setFileMode(QFileDialog::ExistingFile);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        QObject::connect(dialog, &QFileDialog::fileSelected, dialog,
                         [accepted = std::move(accepted)](const QString &path) {
                             if (!path.isEmpty())
                                 accepted(path);
                         });
        dialog->open();
    };
}

} // namespace ModemBench::Ui
