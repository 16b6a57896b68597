#include "main_window.h"

#include "project/annotation_commands.h"
#include "render/annotation_layer.h"
#include "io/gdal_environment.h"
#include "project/layer_loader.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUndoStack>
#include <QScreen>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>

namespace {

/// Test hook: adds the annotations in a JSON file (an array of
/// Annotation::toJson objects) as if drawn, one undoable command each.
QString addAnnotationsFrom(linewatch::MainWindow &window, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
    const QJsonArray items = QJsonDocument::fromJson(file.readAll()).array();
    for (int i = 0; i < items.size(); ++i) {
        auto a = linewatch::Annotation::fromJson(items[i].toObject());
        if (!a.ok())
            return QStringLiteral("%1: item %2: %3").arg(path).arg(i + 1).arg(a.error().message);
        window.undoStack()->push(new linewatch::AddAnnotationCommand(window.annotations(), a.value()));
    }
    return {};
}

} // namespace

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
    // Hidden options for the crash-recovery test: restore an autosave without
    // asking (yes/no; default ask), and add annotations from a JSON file.
    QCommandLineOption restore(QStringLiteral("restore-autosave"), QStringLiteral("ask, yes or no."),
                               QStringLiteral("choice"), QStringLiteral("ask"));
    restore.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(restore);
    QCommandLineOption addAnnotations(QStringLiteral("add-annotations"), QStringLiteral("JSON array of annotations."),
                                      QStringLiteral("file"));
    addAnnotations.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(addAnnotations);
    // When another Linewatch holds the project: ask (default), read-only or cancel.
    QCommandLineOption ifLocked(QStringLiteral("if-locked"),
                                QStringLiteral("When another Linewatch has the project open: ask, read-only or cancel."),
                                QStringLiteral("choice"), QStringLiteral("ask"));
    parser.addOption(ifLocked);
    QCommandLineOption saveTo(QStringLiteral("save-to"), QStringLiteral("Once loaded, save the project there and exit."),
                              QStringLiteral("file"));
    saveTo.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(saveTo);
    // Files that refer outside their folder or to the network: ask (default),
    // or allow/refuse without asking (tests, scripted runs).
    QCommandLineOption externalReferences(QStringLiteral("external-references"),
                                          QStringLiteral("ask, allow or refuse references outside a file's folder "
                                                         "or to the network (default ask)."),
                                          QStringLiteral("choice"), QStringLiteral("ask"));
    parser.addOption(externalReferences);
    parser.addPositionalArgument(QStringLiteral("files"),
                                 QStringLiteral("Data files or a Linewatch project (.lwproj) to open."),
                                 QStringLiteral("[FILE...]"));
    parser.process(app);

    linewatch::GdalEnvironment::Options options;
    options.cacheFolder = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    linewatch::GdalEnvironment::initialise(options);

    linewatch::MainWindow window;
    const QString lockChoice = parser.value(ifLocked);
    if (lockChoice == QLatin1String("read-only"))
        window.setIfLocked(linewatch::MainWindow::IfLocked::ReadOnly);
    else if (lockChoice == QLatin1String("cancel"))
        window.setIfLocked(linewatch::MainWindow::IfLocked::Cancel);
    else if (lockChoice != QLatin1String("ask")) {
        qCritical("--if-locked must be ask, read-only or cancel, not \"%s\"", qPrintable(lockChoice));
        return 2;
    }
    const QString externalChoice = parser.value(externalReferences);
    if (externalChoice == QLatin1String("allow"))
        window.setExternalReferenceChoice(linewatch::MainWindow::ExternalReferenceChoice::Allow);
    else if (externalChoice == QLatin1String("refuse"))
        window.setExternalReferenceChoice(linewatch::MainWindow::ExternalReferenceChoice::Refuse);
    else if (externalChoice != QLatin1String("ask")) {
        std::fprintf(stderr, "linewatch: --external-references must be ask, allow or refuse\n");
        return 2;
    }
    if (parser.isSet(maximized)) {
        // Without a window manager (Xvfb) showMaximized() does nothing: size it by hand.
        if (const QScreen *screen = QGuiApplication::primaryScreen())
            window.setGeometry(screen->availableGeometry());
        window.showMaximized();
    }
    else
        window.show();
    const QStringList files = parser.positionalArguments();
    const QString choice = parser.value(restore);
    const auto recovery = choice == QLatin1String("yes") ? linewatch::MainWindow::Recovery::Yes
                        : choice == QLatin1String("no")  ? linewatch::MainWindow::Recovery::No
                                                         : linewatch::MainWindow::Recovery::Ask;
    // The project whose autosave may be recovered: the one project given, or unsaved work.
    const QString project = files.size() == 1 && files.first().endsWith(QLatin1String(".lwproj"), Qt::CaseInsensitive)
                                ? files.first()
                                : QString();
    const QString annotationsFile = parser.value(addAnnotations);
    const QString saveToFile = parser.value(saveTo);
    QTimer::singleShot(0, &window, [&window, files, project, recovery, annotationsFile, saveToFile] {
        const bool recovered = (project.isEmpty() && !files.isEmpty()) ? false : window.recoverAutosave(project, recovery);
        if (!recovered && !files.isEmpty())
            window.openPaths(files);
        if (!annotationsFile.isEmpty())
            if (const QString problem = addAnnotationsFrom(window, annotationsFile); !problem.isEmpty())
                qWarning("%s", qPrintable(problem));
        if (saveToFile.isEmpty())
            return;
        auto *poll = new QTimer(&window);
        QObject::connect(poll, &QTimer::timeout, &window, [&window, saveToFile] {
            if (window.loader()->isRunning())
                return;
            QCoreApplication::exit(window.saveProject(saveToFile) ? 0 : 1);
        });
        poll->start(100);
    });
    return app.exec();
}
