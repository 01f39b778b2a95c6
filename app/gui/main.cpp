#include "core/catalog/commandcatalog.h"
#include "ui/connectionbar.h"
#include "ui/mainwindow.h"
#include "ui/screenshotdriver.h"

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
    QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                  QStringLiteral("Connect, run a few commands, save the window as PNG, exit."),
                                  QStringLiteral("FILE")};
};

void setUp(QCommandLineParser &parser, Options &options)
{
    parser.setApplicationDescription(QStringLiteral("Workbench for SIMCom cellular modems"));
    parser.addHelpOption();
    parser.addVersionOption();
    options.screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({options.port, options.connect, options.screenshot});
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

    if (parser.isSet(options.screenshot)) {
        auto *driver = new ModemBench::Ui::ScreenshotDriver(&window, parser.value(options.screenshot), &window);
        QObject::connect(driver, &ModemBench::Ui::ScreenshotDriver::finished, &app,
                         [](bool success) { QApplication::exit(success ? 0 : 2); });
        QTimer::singleShot(0, driver, &ModemBench::Ui::ScreenshotDriver::start);
    } else if (parser.isSet(options.connect)) {
        QTimer::singleShot(0, &window, &ModemBench::Ui::MainWindow::connectModem);
    }
    return app.exec();
}
