#pragma once
// Small GeoTIFFs written by the terrain tests themselves (no checked-in
// fixtures): analytic surfaces on a grid with a given geotransform and CRS.

#include "support/test_paths.h"

#include <QString>
#include <QStringList>

#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <array>
#include <functional>
#include <optional>
#include <vector>

namespace linewatch::test {

struct GeoTiffSpec
{
    int width = 64, height = 64;
    std::array<double, 6> geoTransform{0, 1, 0, 0, 0, -1};
    bool georeferenced = true;
    QString crs = QStringLiteral("EPSG:32638"); ///< "" for none
    GDALDataType type = GDT_Float32;
    std::optional<double> nodata;
    double scale = 1.0, offset = 0.0; ///< GDAL unit scale and offset of the band
    QStringList creationOptions{QStringLiteral("TILED=YES")};
    std::vector<int> overviews; ///< decimation factors, e.g. {2, 4, 8}
};

/// Writes tempDir()/name with value(col, row) in every cell; returns the path.
inline QString writeGeoTiff(const QString &name, const GeoTiffSpec &spec, const std::function<double(int, int)> &value)
{
    const QString path = tempDir() + QLatin1Char('/') + name;
    CPLStringList options;
    for (const QString &o : spec.creationOptions)
        options.AddString(o.toUtf8().constData());
    GDALDriverH driver = GDALGetDriverByName("GTiff");
    GDALDatasetH ds = GDALCreate(driver, path.toUtf8().constData(), spec.width, spec.height, 1, spec.type, options.List());
    if (!ds)
        return {};
    if (spec.georeferenced)
        GDALSetGeoTransform(ds, const_cast<double *>(spec.geoTransform.data()));
    if (!spec.crs.isEmpty()) {
        OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
        OSRSetFromUserInput(srs, spec.crs.toUtf8().constData());
        GDALSetSpatialRef(ds, srs);
        OSRDestroySpatialReference(srs);
    }
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    if (spec.nodata)
        GDALSetRasterNoDataValue(band, *spec.nodata);
    if (spec.scale != 1.0 || spec.offset != 0.0) {
        GDALSetRasterScale(band, spec.scale);
        GDALSetRasterOffset(band, spec.offset);
    }
    std::vector<double> row(static_cast<std::size_t>(spec.width));
    for (int r = 0; r < spec.height; ++r) {
        for (int c = 0; c < spec.width; ++c)
            row[static_cast<std::size_t>(c)] = value(c, r);
        if (GDALRasterIO(band, GF_Write, 0, r, spec.width, 1, row.data(), spec.width, 1, GDT_Float64, 0, 0) != CE_None) {
            GDALClose(ds);
            return {};
        }
    }
    if (!spec.overviews.empty()) {
        std::vector<int> levels = spec.overviews;
        if (GDALBuildOverviews(ds, "AVERAGE", static_cast<int>(levels.size()), levels.data(), 0, nullptr, nullptr,
                               nullptr)
            != CE_None) {
            GDALClose(ds);
            return {};
        }
    }
    GDALClose(ds);
    return path;
}

} // namespace linewatch::test
