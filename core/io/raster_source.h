#pragma once

#include "crs/crs.h"

#include <QList>
#include <QRectF>
#include <QRgb>
#include <QSize>
#include <QString>

#include <array>
#include <optional>

namespace linewatch {

/// What RasterLayer learnt about a GDAL raster when it opened it: an
/// immutable value shared by the layer and its renderers, so no renderer ever
/// asks the GUI thread's dataset anything.
struct RasterSource
{
    /// How the bands are drawn.
    enum class Bands { Elevation, Grey, GreyAlpha, Rgb, Rgba, Paletted };

    QString path;
    Crs crs;
    /// GDAL geotransform: x = gt[0] + col * gt[1] + row * gt[2],
    /// y = gt[3] + col * gt[4] + row * gt[5] (in the CRS's GIS axis order).
    std::array<double, 6> geoTransform{};
    QSize size;                  ///< [px] full resolution
    QList<QSize> overviews;      ///< [px] GDAL's overview levels, largest first
    Bands bands = Bands::Elevation;
    QList<QRgb> palette;         ///< for Bands::Paletted
    std::optional<double> nodata;
    double scale = 1.0, offset = 0.0; ///< GDAL's unit scale and offset: value = raw * scale + offset
    double linearUnitMetres = 1.0; ///< [m/unit] of a projected CRS (1 for metres, 0.3048 for feet)
    double minimum = 0.0;        ///< [m] lowest value (approximate statistics)
    double maximum = 0.0;        ///< [m] highest value

    bool isElevation() const { return bands == Bands::Elevation; }
    /// Extent in the layer CRS, top = min y.
    QRectF extent() const;
};

} // namespace linewatch
