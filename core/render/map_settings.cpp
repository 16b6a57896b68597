#include "render/map_settings.h"

#include "common/geo_point.h"
#include "crs/crs_transform.h"

#include <geodesic.h>

#include <cmath>

namespace linewatch {

MapSettings::MapSettings(const Crs &crs, QPointF center, double mapUnitsPerPixel, QSize outputSize, double dpi)
    : mCrs(crs), mCenter(center), mMapUnitsPerPixel(mapUnitsPerPixel), mOutputSize(outputSize), mDpi(dpi)
{
}

MapSettings MapSettings::fitting(const Crs &crs, const QRectF &extent, QSize outputSize, double dpi)
{
    const double rx = extent.width() / std::max(1, outputSize.width());
    const double ry = extent.height() / std::max(1, outputSize.height());
    double r = std::max(rx, ry);
    if (!(r > 0))
        r = 1.0;
    return MapSettings(crs, extent.center(), r, outputSize, dpi);
}

bool MapSettings::isValid() const
{
    return mCrs.isValid() && mOutputSize.width() > 0 && mOutputSize.height() > 0 && mMapUnitsPerPixel > 0
           && std::isfinite(mMapUnitsPerPixel) && std::isfinite(mCenter.x()) && std::isfinite(mCenter.y());
}

QRectF MapSettings::visibleExtent() const
{
    const double w = mOutputSize.width() * mMapUnitsPerPixel;
    const double h = mOutputSize.height() * mMapUnitsPerPixel;
    return QRectF(mCenter.x() - w / 2, mCenter.y() - h / 2, w, h);
}

QPointF MapSettings::mapToPixel(QPointF map) const
{
    return QPointF((map.x() - mCenter.x()) / mMapUnitsPerPixel + mOutputSize.width() / 2.0,
                   (mCenter.y() - map.y()) / mMapUnitsPerPixel + mOutputSize.height() / 2.0);
}

QPointF MapSettings::pixelToMap(QPointF pixel) const
{
    return QPointF(mCenter.x() + (pixel.x() - mOutputSize.width() / 2.0) * mMapUnitsPerPixel,
                   mCenter.y() - (pixel.y() - mOutputSize.height() / 2.0) * mMapUnitsPerPixel);
}

QTransform MapSettings::mapToPixelTransform() const
{
    const double s = 1.0 / mMapUnitsPerPixel;
    return QTransform(s, 0, 0, -s, mOutputSize.width() / 2.0 - mCenter.x() * s,
                      mOutputSize.height() / 2.0 + mCenter.y() * s);
}

QPolygonF MapSettings::lonLatToPixels(const CrsTransform &toMap, const std::vector<LonLat> &positions) const
{
    QPolygonF poly;
    poly.reserve(static_cast<qsizetype>(positions.size()));
    for (const LonLat &v : positions) {
        QPointF m(v.lon, v.lat);
        if (toMap.forward(m))
            poly << mapToPixel(m);
    }
    return poly;
}

double MapSettings::metresPerPixelAtCenter() const
{
    const CrsTransform *toWgs = CrsTransform::forThread(mCrs, Crs::wgs84());
    if (!toWgs)
        return 0.0;
    const QPointF c = pixelToMap(QPointF(mOutputSize.width() / 2.0, mOutputSize.height() / 2.0));
    double x1 = c.x() - mMapUnitsPerPixel / 2, y1 = c.y();
    double x2 = c.x() + mMapUnitsPerPixel / 2, y2 = c.y();
    if (!toWgs->forward(x1, y1) || !toWgs->forward(x2, y2))
        return 0.0;
    geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    double s12 = 0, azi1 = 0, azi2 = 0;
    geod_inverse(&g, y1, x1, y2, x2, &s12, &azi1, &azi2);
    return s12;
}

double MapSettings::scaleDenominator() const
{
    const double metresPerPixel = metresPerPixelAtCenter();
    if (!(metresPerPixel > 0))
        return 0.0;
    const double paperMetresPerPixel = 0.0254 / mDpi;
    return metresPerPixel / paperMetresPerPixel;
}

} // namespace linewatch
