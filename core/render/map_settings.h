#pragma once

#include "common/geo_point.h"
#include "crs/crs.h"

#include <QPointF>
#include <QPolygonF>

#include <vector>
#include <QRectF>
#include <QSize>
#include <QTransform>

namespace linewatch {

class CrsTransform;

/// What to draw: the display CRS, the view (centre and resolution), the size
/// of the output in pixels and its DPI. A value type, copied into every render
/// job, so a worker never reads state the GUI may be changing.
///
/// Map coordinates are in the CRS's normalised axis order (x = easting or
/// longitude, y = northing or latitude). Rectangles in map units use
/// left = min x, top = min y (y grows north), unlike pixel rectangles.
class MapSettings
{
public:
    MapSettings() = default;
    MapSettings(const Crs &crs, QPointF center, double mapUnitsPerPixel, QSize outputSize, double dpi = 96.0);

    /// Settings that show the whole of extent (map units) in an output of the
    /// given size, keeping square pixels.
    static MapSettings fitting(const Crs &crs, const QRectF &extent, QSize outputSize, double dpi = 96.0);

    bool isValid() const;

    const Crs &crs() const { return mCrs; }
    QPointF center() const { return mCenter; }
    double mapUnitsPerPixel() const { return mMapUnitsPerPixel; } ///< [map unit/px]
    QSize outputSize() const { return mOutputSize; }
    double dpi() const { return mDpi; }

    void setCrs(const Crs &crs) { mCrs = crs; }
    void setCenter(QPointF center) { mCenter = center; }
    void setMapUnitsPerPixel(double r) { mMapUnitsPerPixel = r; }
    void setOutputSize(QSize size) { mOutputSize = size; }
    void setDpi(double dpi) { mDpi = dpi; }

    /// The map rectangle the output shows (map units, top = min y).
    QRectF visibleExtent() const;
    /// Map coordinates to output pixels (origin top-left, y down).
    QPointF mapToPixel(QPointF map) const;
    QPointF pixelToMap(QPointF pixel) const;
    QTransform mapToPixelTransform() const;

    /// Device pixels per typographic point; symbol sizes given in points are
    /// multiplied by this so a print at 300 dpi looks like the screen.
    double pixelsPerPoint() const { return mDpi / 72.0; }
    double pixelsPerMillimetre() const { return mDpi / 25.4; }

    /// The scale denominator at the centre of the view, from the geodesic
    /// length on WGS84 of one pixel horizontally there, at this DPI.
    /// 0 when the centre cannot be transformed.
    double scaleDenominator() const;

    /// WGS84 positions to output pixels through toMap (WGS84 to this CRS);
    /// positions PROJ cannot map are left out.
    QPolygonF lonLatToPixels(const CrsTransform &toMap, const std::vector<LonLat> &positions) const;

    /// Ground metres per output pixel at the centre, measured geodesically.
    double metresPerPixelAtCenter() const;

    friend bool operator==(const MapSettings &, const MapSettings &) = default;

private:
    Crs mCrs;
    QPointF mCenter;
    double mMapUnitsPerPixel = 1.0;
    QSize mOutputSize;
    double mDpi = 96.0;
};

} // namespace linewatch
