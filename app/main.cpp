#include "main_window.h"

#include "data/gdal_environment.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QScreen>
#include <QStandardPaths>
#include <QTimer>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Linewatch"));
    QApplication::setOrganizationName(QStringLiteral("Linewatch"));
    QApplication::setApplicationVersion(QStringLiteral(LINEWATCH_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/app.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Desktop map viewer that checks distance claims against a line of contact."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption maximized(QStringLiteral("maximized"), QStringLiteral("Open the window maximized."));
    parser.addOption(maximized);
    parser.addPositionalArgument(QStringLiteral("files"),
                                 QStringLiteral("Data files or a Linewatch project (.lwproj) to open."),
                                 QStringLiteral("[FILE...]"));
    parser.process(app);

    linewatch::GdalEnvironment::Options options;
    options.cacheFolder = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    linewatch::GdalEnvironment::initialise(options);

    linewatch::MainWindow window;
    if (parser.isSet(maximized)) {
        // Without a window manager (Xvfb) showMaximized() does nothing: size it by hand.
        if (const QScreen *screen = QGuiApplication::primaryScreen())
            window.setGeometry(screen->availableGeometry());
        window.showMaximized();
    }
    else
        window.show();
    const QStringList files = parser.positionalArguments();
    if (!files.isEmpty())
        QTimer::singleShot(0, &window, [&window, files] { window.openPaths(files); });
    return app.exec();
}
