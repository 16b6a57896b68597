#pragma once

#include "common/result.h"

#include <QString>
#include <QStringList>

#include <chrono>

namespace linewatch {

/// What a terrain layer opens, as decided by TerrainSource::resolve().
struct TerrainChoice
{
    /// What to hand to RasterLayer::open(): a local DEM, a VRT mosaic of the
    /// local DEMs, or the remote tile description (a GDAL WMS XML file).
    QString path;
    /// True for the remote description: reads go over HTTP(S) through GDAL's
    /// on-disk tile cache and may fail when offline (see TerrainSource::probe).
    bool remote = false;
    /// Short credit line for the map's attribution corner.
    QString attribution;
    /// The local DEMs used, absolute paths sorted by name; empty when remote.
    QStringList localFiles;
};

/// Decides where the terrain of a map comes from: DEMs the user dropped into
/// a local folder (maps/shusha/terrain/ for the sample) win over the remote
/// tile source, because no DEM of the sample area may be shipped and the
/// remote one needs the network.
///
/// Everything here is static and thread-safe (each call owns its GDAL handles).
/// GdalEnvironment::initialise() must have run.
class TerrainSource
{
public:
    /// The terrain to open.
    /// - One raster GDAL can open in localFolder: that file.
    /// - Several: a VRT mosaic of them (GDALBuildVRT, highest resolution of the
    ///   inputs, nearest neighbour so elevations are not altered), written to
    ///   mosaicFolder, or when that is empty to the terrain cache folder
    ///   (GdalEnvironment::cacheFolder()), or to /vsimem/ when neither exists.
    /// - None (or no folder): remoteDescription.
    /// Documentation and sidecar files (README.md, *.txt, *.aux.xml, *.ovr,
    /// *.prj, world files...) and hidden files are ignored. Errors name the
    /// file: a file GDAL cannot open as a georeferenced raster, DEMs in
    /// different CRSs (a VRT mosaic needs one CRS), a missing or malformed
    /// remote description when no local DEM exists.
    static Result<TerrainChoice> resolve(const QString &localFolder, const QString &remoteDescription,
                                         const QString &mosaicFolder = {});

    /// Tries one small read of the remote source over the network, bypassing
    /// the disk cache: one pixel of the coarsest overview, i.e. one tile (for
    /// the sample, tile 7/80/48 over the sample area). A missing tile (404)
    /// counts as a failure here. Call it from a worker thread, never the UI's.
    /// Blocks for at most about `timeout` (whole seconds, at least 1, because
    /// libcurl's timeouts are in seconds), whatever the global HTTP limits are.
    /// Before GDAL reads (GDAL 3.6 follows every redirect), the probe tile is
    /// requested once with redirects off: a redirect to another host than the
    /// description's is refused ("terrain tiles from a refused: the server
    /// redirects to another host (b), which the terrain description does not
    /// name"); so is a server that does not answer at all, without waiting
    /// for GDAL. A tile that arrives but cannot be decoded (cut short, too
    /// slow, garbage) is reported as such.
    /// On failure the message is ready for the layer panel, e.g. "terrain
    /// tiles from s3.amazonaws.com unreachable (offline?): Could not resolve
    /// host: s3.amazonaws.com; add a DEM to maps/shusha/terrain/ or File > Open".
    /// localFolder is only used in that message.
    static Status probe(const QString &remoteDescription, const QString &localFolder,
                        std::chrono::milliseconds timeout = std::chrono::seconds(4));

    /// A clear account of why a read of remote tiles failed, from GDAL's WMS
    /// driver message (which lists URLs and curl details over several lines):
    /// "the server answered HTTP 503", "server unreachable: <curl reason>",
    /// "the server sent a tile that cannot be decoded (cut short, too slow,
    /// or not a raster)". Other messages are returned unchanged.
    static QString describeReadFailure(const QString &gdalMessage);

    /// Host name of the tile server of a remote description ("" if unreadable).
    static QString remoteHost(const QString &remoteDescription);
    /// The <Attribution> text of a remote description, or "terrain tiles from
    /// <host>" when it has none.
    static QString remoteAttribution(const QString &remoteDescription);

    /// True for files resolve() ignores in a local folder (documentation,
    /// sidecars of rasters, hidden files).
    static bool isIgnoredFileName(const QString &fileName);
};

} // namespace linewatch
