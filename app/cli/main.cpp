#include "core/cli/clirunner.h"
#include "core/cli/interruptnotifier.h"

#include <QCoreApplication>
#include <QEvent>
#include <QTimer>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("modembench-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("ModemBench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MODEMBENCH_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    ModemBench::CliRunner runner(out, err);
    int exitCode = 0;
    bool done = false;
    QObject::connect(&runner, &ModemBench::CliRunner::finished, &app, [&](int code) {
        exitCode = code;
        done = true;
        QCoreApplication::exit(code);
    });
    // Ctrl-C / SIGTERM end any command cleanly from the event loop (monitor: flushed, exit 0).
    ModemBench::InterruptNotifier interrupts;
    if (auto installed = interrupts.install(); !installed)
        err << "modembench-cli: note: " << installed.error().message << '\n';
    QObject::connect(&interrupts, &ModemBench::InterruptNotifier::interrupted, &runner,
                     [&runner](int) { runner.interrupt(); });
    QTimer::singleShot(0, &runner, [&] { runner.run(QCoreApplication::arguments()); });
    const int result = app.exec();
    // Objects closed from inside callbacks were handed to deleteLater(): free them before exit.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return done ? exitCode : result;
}
