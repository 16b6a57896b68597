#include "commands.h"

#include "io/gdal_environment.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QTextStream>

#include <cstdio>
#include <functional>
#include <map>

using namespace linewatch;

namespace linewatch::cli {

int runVersion(const QStringList &)
{
    QTextStream(stdout) << "linewatch-cli " << LINEWATCH_VERSION << " (GDAL " << GdalEnvironment::gdalVersion()
                        << ", PROJ " << GdalEnvironment::projVersion() << ")\n";
    return 0;
}

} // namespace linewatch::cli

namespace {

struct Command
{
    std::function<int(const QStringList &)> run;
    const char *summary;
};

const std::map<QString, Command> &commands()
{
    static const std::map<QString, Command> table = {
        {QStringLiteral("render"), {cli::runRender, "render a project or data files to a PNG"}},
        {QStringLiteral("version"), {cli::runVersion, "print the version of Linewatch, GDAL and PROJ"}},
        {QStringLiteral("terrain"), {cli::runTerrain, "show what the terrain layer opens; --probe tries the tile server"}},
        {QStringLiteral("distance"), {cli::runDistance, "geodesic distance from CSV points to a line version"}},
        {QStringLiteral("check"), {cli::runCheck, "verdicts for distance claims against dated line versions"}},
        {QStringLiteral("open"), {cli::runOpen, "open files or a project as the viewer does and print the outcome"}},
    };
    return table;
}

void printUsage(FILE *to)
{
    std::fprintf(to, "usage: linewatch-cli COMMAND [OPTIONS]\n\ncommands:\n");
    for (const auto &[name, cmd] : commands())
        std::fprintf(to, "  %-10s %s\n", qPrintable(name), cmd.summary);
    std::fprintf(to, "\nRun 'linewatch-cli COMMAND --help' for the options of a command.\n");
}

} // namespace

int main(int argc, char **argv)
{
    // Rendering uses QPainter text, which needs a QGuiApplication; without a
    // display we default to the offscreen platform so batch runs just work.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("linewatch-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LINEWATCH_VERSION));
    GdalEnvironment::initialise();

    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
        printUsage(args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? 2 : 0;
    }
    const QString name = args.takeFirst();
    const auto it = commands().find(name);
    if (it == commands().end()) {
        std::fprintf(stderr, "linewatch-cli: unknown command '%s'\n\n", qPrintable(name));
        printUsage(stderr);
        return 2;
    }
    return it->second.run(args);
}
