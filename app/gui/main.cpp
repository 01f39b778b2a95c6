#include "core/catalog/commandcatalog.h"
#include "ui/connectionbar.h"
#include "ui/mainwindow.h"
#include "ui/screenshotdriver.h"

#include <QAction>
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>
#include <optional>

namespace {

struct Options {
    QCommandLineOption port{QStringLiteral("port"),
                            QStringLiteral("Preselect a port: /dev/ttyUSB2, tcp://HOST:PORT, sim:sim7000g."),
                            QStringLiteral("P")};
    QCommandLineOption connect{QStringLiteral("connect"), QStringLiteral("Connect at start.")};
    // A factory PC starts straight into the provisioning station (its settings are remembered).
    QCommandLineOption station{QStringLiteral("station"), QStringLiteral("Open the provisioning station at start.")};
    QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                  QStringLiteral("Connect, run a few commands, save the window as PNG, exit."),
                                  QStringLiteral("FILE")};
    // Which screenshot: "console" (the default) or "timeline" (connect, monitor with ping, wait).
    QCommandLineOption screenshotView{QStringLiteral("screenshot-view"),
                                      QStringLiteral("What --screenshot shows: console or timeline."),
                                      QStringLiteral("VIEW"), QStringLiteral("console")};
    QCommandLineOption screenshotAfter{QStringLiteral("screenshot-after-ms"),
                                       QStringLiteral("Timeline shot: milliseconds of monitoring before the grab."),
                                       QStringLiteral("MS"), QStringLiteral("120000")};
    QCommandLineOption screenshotPing{QStringLiteral("screenshot-ping"),
                                      QStringLiteral("Timeline shot: the host the monitor pings."),
                                      QStringLiteral("HOST"), QStringLiteral("8.8.8.8")};
};

void setUp(QCommandLineParser &parser, Options &options)
{
    parser.setApplicationDescription(QStringLiteral("Workbench for SIMCom cellular modems"));
    parser.addHelpOption();
    parser.addVersionOption();
    for (QCommandLineOption *hidden :
         {&options.screenshot, &options.screenshotView, &options.screenshotAfter, &options.screenshotPing})
        hidden->setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({options.port, options.connect, options.station, options.screenshot, options.screenshotView,
                       options.screenshotAfter, options.screenshotPing});
}

// --help and --version are answered before QApplication exists, so they work without a display
// (an SSH session, a CI log). Anything else, including Qt's own options (-platform, -style) and
// mistakes, is left to the parser that runs after QApplication has taken its options.
std::optional<int> answerWithoutGui(int argc, char *argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    QCommandLineParser parser;
    Options options;
    setUp(parser, options);
    if (!parser.parse(arguments))
        return std::nullopt;
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("modembench %s\n", MODEMBENCH_VERSION);
        return 0;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(parser.helpText().replace(QStringLiteral("<executable_name>"),
                                                                QStringLiteral("modembench"))));
        return 0;
    }
    return std::nullopt;
}

} // namespace

int main(int argc, char *argv[])
{
    if (const auto exitCode = answerWithoutGui(argc, argv))
        return *exitCode;
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("ModemBench"));
    QApplication::setApplicationName(QStringLiteral("modembench"));
    QApplication::setApplicationDisplayName(QStringLiteral("ModemBench"));
    QApplication::setApplicationVersion(QStringLiteral(MODEMBENCH_VERSION));
    QCommandLineParser parser;
    Options options;
    setUp(parser, options);
    parser.process(app);

    auto catalog = ModemBench::CommandCatalog::loadDefault();
    if (!catalog) {
        std::fprintf(stderr, "modembench: %s\n", qPrintable(catalog.error().message));
        return 1;
    }
    ModemBench::Ui::MainWindow window(&*catalog);
    if (parser.isSet(options.port))
        window.connectionBar()->selectPort(parser.value(options.port));
    window.show();

    const auto exitWith = [](bool success) { QApplication::exit(success ? 0 : 2); };
    if (parser.isSet(options.screenshot) && parser.value(options.screenshotView) == QLatin1String("timeline")) {
        bool ok = false;
        const int afterMs = parser.value(options.screenshotAfter).toInt(&ok);
        if (!ok || afterMs < 0) {
            std::fprintf(stderr, "modembench: --screenshot-after-ms needs a number of milliseconds\n");
            return 2;
        }
        auto *driver = new ModemBench::Ui::TimelineScreenshotDriver(&window, parser.value(options.screenshot), afterMs,
                                                                    parser.value(options.screenshotPing), &window);
        QObject::connect(driver, &ModemBench::Ui::TimelineScreenshotDriver::finished, &app, exitWith);
        QTimer::singleShot(0, driver, &ModemBench::Ui::TimelineScreenshotDriver::start);
    } else if (parser.isSet(options.screenshot)) {
        auto *driver = new ModemBench::Ui::ScreenshotDriver(&window, parser.value(options.screenshot), &window);
        QObject::connect(driver, &ModemBench::Ui::ScreenshotDriver::finished, &app, exitWith);
        QTimer::singleShot(0, driver, &ModemBench::Ui::ScreenshotDriver::start);
    } else if (parser.isSet(options.connect)) {
        QTimer::singleShot(0, &window, &ModemBench::Ui::MainWindow::connectModem);
    }
    if (parser.isSet(options.station))
        QTimer::singleShot(0, window.stationAction(), &QAction::trigger);
    return app.exec();
}
