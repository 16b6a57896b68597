#include "io/gdal_environment.h"

#include "io/terrain_cache.h"

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <proj.h>

#include <QByteArray>
#include <QDir>
#include <QStandardPaths>

#include <cstdlib>
#include <mutex>

namespace linewatch {

namespace {

void setIntOption(const char *key, int value)
{
    CPLSetConfigOption(key, QByteArray::number(value).constData());
}

int intOption(const char *key, int fallback)
{
    const char *value = CPLGetConfigOption(key, nullptr);
    return value ? std::atoi(value) : fallback;
}

} // namespace

void GdalEnvironment::initialise(const Options &options)
{
    static std::once_flag once;
    std::call_once(once, [&options] {
        // Errors are read through CPLGetLastErrorMsg() by the callers; keep
        // GDAL from printing to stderr on its own.
        CPLSetErrorHandler(CPLQuietErrorHandler);
        GDALSetCacheMax64(static_cast<GIntBig>(options.cacheMiB) * 1024 * 1024);
        // No network access a file did not ask for, and none that is slow to
        // give up: see HttpLimits. CPLHTTPSetOptions() reads these for every
        // request, the WMS driver's tile fetches included.
        const HttpLimits &http = options.http;
        CPLSetConfigOption("GDAL_HTTP_NETRC", "NO");
        setIntOption("GDAL_HTTP_CONNECTTIMEOUT", http.connectTimeoutS);
        setIntOption("GDAL_HTTP_TIMEOUT", http.totalTimeoutS);
        setIntOption("GDAL_HTTP_LOW_SPEED_TIME", http.lowSpeedTimeS);
        setIntOption("GDAL_HTTP_LOW_SPEED_LIMIT", http.lowSpeedLimitBps);
        setIntOption("GDAL_HTTP_MAX_RETRY", http.maxRetry);
        setIntOption("GDAL_HTTP_RETRY_DELAY", http.retryDelayS);
        CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".tif,.tiff,.vrt,.hgt,.dt0,.dt1,.dt2,.json,.geojson");
        // Remote terrain tiles are cached on disk in the user's cache folder,
        // not in ./gdalwmscache of whatever the working directory happens to be.
        // The generic location plus "linewatch" (not CacheLocation, which ends
        // in the application name) so the GUI and linewatch-cli share tiles.
        QString cacheFolder = options.cacheFolder;
        if (cacheFolder.isEmpty())
            cacheFolder = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation)
                          + QStringLiteral("/linewatch/terrain");
        // Every cache access of the WMS driver goes through TerrainCache's
        // checksummed file system mapped onto that folder: a damaged tile is
        // discarded and fetched again instead of being drawn.
        if (TerrainCache::install(cacheFolder).ok())
            CPLSetConfigOption("GDAL_DEFAULT_WMS_CACHE_PATH", TerrainCache::vsiPrefix().chopped(1).toUtf8().constData());
        else // no cache folder possible: no disk cache at all rather than ./gdalwmscache
            CPLSetConfigOption("GDAL_ENABLE_WMS_CACHE", "NO");
        // VRTs may not read raw files through VRTRawRasterBand.
        CPLSetConfigOption("GDAL_VRT_ENABLE_RAWRASTERBAND", "NO");
        // ... nor run Python pixel functions (GDAL's default trusts some modules).
        CPLSetConfigOption("GDAL_VRT_ENABLE_PYTHON", "NO");
        // PROJ must never fetch grids at run time.
        CPLSetConfigOption("PROJ_NETWORK", "OFF");
        CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "200");
        GDALAllRegister();
        // Only the formats Linewatch supports may open anything: GDAL has
        // about 200 drivers, each a parser an adversary's file can aim at.
        const QStringList allowed = allowedDrivers();
        for (int i = GDALGetDriverCount() - 1; i >= 0; --i) {
            GDALDriverH driver = GDALGetDriver(i);
            if (!allowed.contains(QString::fromLatin1(GDALGetDriverShortName(driver)))) {
                GDALDeregisterDriver(driver);
                GDALDestroyDriver(driver);
            }
        }
    });
}

GdalEnvironment::HttpLimits GdalEnvironment::httpLimits()
{
    const HttpLimits defaults;
    HttpLimits limits;
    limits.connectTimeoutS = intOption("GDAL_HTTP_CONNECTTIMEOUT", defaults.connectTimeoutS);
    limits.totalTimeoutS = intOption("GDAL_HTTP_TIMEOUT", defaults.totalTimeoutS);
    limits.lowSpeedTimeS = intOption("GDAL_HTTP_LOW_SPEED_TIME", defaults.lowSpeedTimeS);
    limits.lowSpeedLimitBps = intOption("GDAL_HTTP_LOW_SPEED_LIMIT", defaults.lowSpeedLimitBps);
    limits.maxRetry = intOption("GDAL_HTTP_MAX_RETRY", defaults.maxRetry);
    limits.retryDelayS = intOption("GDAL_HTTP_RETRY_DELAY", defaults.retryDelayS);
    return limits;
}

QString GdalEnvironment::cacheFolder() { return TerrainCache::rootFolder(); }

QStringList GdalEnvironment::allowedDrivers()
{
    return {// rasters and elevation models
            QStringLiteral("GTiff"), QStringLiteral("COG"), QStringLiteral("VRT"), QStringLiteral("SRTMHGT"),
            QStringLiteral("DTED"), QStringLiteral("HFA"), QStringLiteral("AAIGrid"), QStringLiteral("PNG"),
            QStringLiteral("JPEG"), QStringLiteral("WMS"), QStringLiteral("WMTS"), QStringLiteral("MEM"),
            // vector data
            QStringLiteral("GeoJSON"), QStringLiteral("GeoJSONSeq"), QStringLiteral("TopoJSON"),
            QStringLiteral("ESRI Shapefile"), QStringLiteral("GPKG"), QStringLiteral("KML"), QStringLiteral("LIBKML"),
            QStringLiteral("FlatGeobuf"), QStringLiteral("GPX"), QStringLiteral("Memory")};
}

QString GdalEnvironment::gdalVersion() { return QString::fromLatin1(GDALVersionInfo("RELEASE_NAME")); }

QString GdalEnvironment::projVersion()
{
    const PJ_INFO info = proj_info();
    return QString::fromLatin1(info.version);
}

} // namespace linewatch
