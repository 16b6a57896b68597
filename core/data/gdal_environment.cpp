#include "data/gdal_environment.h"

#include <cpl_conv.h>
#include <gdal.h>
#include <ogr_api.h>
#include <proj.h>

#include <mutex>

namespace linewatch {

void GdalEnvironment::initialise(const Options &options)
{
    static std::once_flag once;
    std::call_once(once, [&options] {
        // Errors are read through CPLGetLastErrorMsg() by the callers; keep
        // GDAL from printing to stderr on its own.
        CPLSetErrorHandler(CPLQuietErrorHandler);
        GDALSetCacheMax64(static_cast<GIntBig>(options.cacheMiB) * 1024 * 1024);
        // No network access a file did not ask for, and none that is slow to give up.
        CPLSetConfigOption("GDAL_HTTP_NETRC", "NO");
        CPLSetConfigOption("GDAL_HTTP_CONNECTTIMEOUT", "10");
        CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "15");
        CPLSetConfigOption("GDAL_HTTP_LOW_SPEED_TIME", "10");
        CPLSetConfigOption("GDAL_HTTP_LOW_SPEED_LIMIT", "256");
        CPLSetConfigOption("GDAL_HTTP_MAX_RETRY", "2");
        CPLSetConfigOption("GDAL_HTTP_RETRY_DELAY", "1");
        CPLSetConfigOption("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".tif,.tiff,.vrt,.hgt,.dt0,.dt1,.dt2,.json,.geojson");
        // VRTs may not read raw files through VRTRawRasterBand.
        CPLSetConfigOption("GDAL_VRT_ENABLE_RAWRASTERBAND", "NO");
        // PROJ must never fetch grids at run time.
        CPLSetConfigOption("PROJ_NETWORK", "OFF");
        CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "200");
        GDALAllRegister();
    });
}

QString GdalEnvironment::gdalVersion() { return QString::fromLatin1(GDALVersionInfo("RELEASE_NAME")); }

QString GdalEnvironment::projVersion()
{
    const PJ_INFO info = proj_info();
    return QString::fromLatin1(info.version);
}

} // namespace linewatch
