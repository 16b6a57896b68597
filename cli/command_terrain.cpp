// linewatch-cli terrain: what the sample's terrain layer would open, and with
// --probe whether the remote tiles are reachable. Lets someone on a connected
// machine check the real tile server in one command.
#include "commands.h"

#include "io/gdal_environment.h"
#include "io/terrain_source.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <chrono>
#include <cstdio>

namespace linewatch::cli {

int runTerrain(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Shows what the terrain layer opens: DEMs in the local folder, else the remote tile description."));
    parser.addHelpOption();
    const QCommandLineOption localOption(QStringLiteral("local"), QStringLiteral("Folder of local DEMs."),
                                         QStringLiteral("DIR"), QStringLiteral("maps/shusha/terrain"));
    const QCommandLineOption remoteOption(QStringLiteral("remote"), QStringLiteral("Remote tile description (GDAL WMS XML)."),
                                          QStringLiteral("FILE"), QStringLiteral("maps/shusha/terrain-remote.xml"));
    const QCommandLineOption probeOption(QStringLiteral("probe"),
                                         QStringLiteral("Try one tile from the remote server (bypassing the cache)."));
    const QCommandLineOption timeoutOption(QStringLiteral("timeout"), QStringLiteral("Probe time budget [s]."),
                                           QStringLiteral("SECONDS"), QStringLiteral("4"));
    parser.addOptions({localOption, remoteOption, probeOption, timeoutOption});
    if (!parser.parse(QStringList{QStringLiteral("linewatch-cli terrain")} + args)) {
        std::fprintf(stderr, "linewatch-cli terrain: %s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }
    bool timeoutOk = false;
    const int timeoutS = parser.value(timeoutOption).toInt(&timeoutOk);
    if (!timeoutOk || timeoutS < 1) {
        std::fprintf(stderr, "linewatch-cli terrain: --timeout must be a whole number of seconds >= 1\n");
        return 2;
    }

    QTextStream out(stdout);
    const QString localFolder = parser.value(localOption);
    const QString remote = parser.value(remoteOption);
    const auto choice = TerrainSource::resolve(localFolder, remote);
    if (!choice) {
        std::fprintf(stderr, "linewatch-cli terrain: %s\n", qPrintable(choice.error().toString()));
        return 1;
    }
    out << "terrain: " << choice->path << '\n';
    out << "remote: " << (choice->remote ? "yes" : "no") << '\n';
    out << "attribution: " << choice->attribution << '\n';
    for (const QString &f : choice->localFiles)
        out << "local: " << f << '\n';
    out << "cache: " << GdalEnvironment::cacheFolder() << '\n';
    if (!parser.isSet(probeOption))
        return 0;
    if (!choice->remote) {
        out << "probe: skipped (local DEM in use)\n";
        return 0;
    }
    out.flush();
    const Status probed = TerrainSource::probe(remote, localFolder, std::chrono::seconds(timeoutS));
    if (!probed.ok()) {
        out << "probe: failed\n";
        out.flush();
        std::fprintf(stderr, "linewatch-cli terrain: %s\n", qPrintable(probed.error().message));
        return 1;
    }
    out << "probe: ok (" << TerrainSource::remoteHost(remote) << ")\n";
    return 0;
}

} // namespace linewatch::cli
