#include "terrain/dem_sampler.h"

#include "crs/crs_transform.h"
#include "io/gdal_dataset.h"
#include "geodesy/geodesic_segment.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <cmath>

namespace linewatch {

DemSampler::DemSampler() = default;
DemSampler::~DemSampler() = default;
DemSampler::DemSampler(DemSampler &&) noexcept = default;
DemSampler &DemSampler::operator=(DemSampler &&) noexcept = default;

Result<DemSampler> DemSampler::open(const QString &path)
{
    Result<GdalDataset> opened = GdalDataset::open(path);
    if (!opened)
        return opened.error();
    auto ds = static_cast<GDALDatasetH>(opened->handle());
    DemSampler s;
    s.mPath = path;
    if (GDALGetRasterCount(ds) < 1)
        return Error{QStringLiteral("has no raster bands"), path};
    if (GDALGetGeoTransform(ds, s.mGeoTransform.data()) != CE_None)
        return Error{QStringLiteral("has no georeferencing (no geotransform)"), path};
    OGRSpatialReferenceH srs = GDALGetSpatialRef(ds);
    if (!srs)
        return Error{QStringLiteral("has no coordinate reference system"), path};
    char *wkt = nullptr;
    const char *wktOptions[] = {"FORMAT=WKT2_2019", nullptr};
    OSRExportToWktEx(srs, &wkt, wktOptions);
    Result<Crs> crs = Crs::fromString(QString::fromUtf8(wkt ? wkt : ""));
    CPLFree(wkt);
    if (!crs)
        return Error{QStringLiteral("unknown coordinate reference system: %1").arg(crs.error().message), path};
    Result<CrsTransform> t = CrsTransform::create(Crs::wgs84(), *crs);
    if (!t)
        return Error{QStringLiteral("cannot transform from WGS 84: %1").arg(t.error().message), path};
    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    int hasNodata = 0;
    const double nd = GDALGetRasterNoDataValue(band, &hasNodata);
    if (hasNodata)
        s.mNodata = nd;
    s.mScale = GDALGetRasterScale(band, nullptr);
    s.mOffset = GDALGetRasterOffset(band, nullptr);
    s.mWidth = GDALGetRasterXSize(ds);
    s.mHeight = GDALGetRasterYSize(ds);
    s.mFromWgs84 = std::make_unique<CrsTransform>(std::move(t).value());
    s.mDataset = std::make_unique<GdalDataset>(std::move(opened).value());
    s.mCellSizeMetres = s.centreCellSizeMetres();
    return s;
}

double DemSampler::centreCellSizeMetres() const
{
    // Centres of the centre cell and of its east and south neighbours.
    const auto &gt = mGeoTransform;
    const double c = mWidth / 2 + 0.5, r = mHeight / 2 + 0.5;
    double x[3] = {gt[0] + c * gt[1] + r * gt[2], gt[0] + (c + 1) * gt[1] + r * gt[2], gt[0] + c * gt[1] + (r + 1) * gt[2]};
    double y[3] = {gt[3] + c * gt[4] + r * gt[5], gt[3] + (c + 1) * gt[4] + r * gt[5], gt[3] + c * gt[4] + (r + 1) * gt[5]};
    mFromWgs84->inverseMany(x, y, 3);
    const LonLat centre{x[0], y[0]}, east{x[1], y[1]}, south{x[2], y[2]};
    if (!centre.isValid() || !east.isValid() || !south.isValid())
        return NAN;
    return std::min(GeodesicSegment(centre, east).lengthMetres(), GeodesicSegment(centre, south).lengthMetres());
}

std::optional<double> DemSampler::sampleSourcePoint(double x, double y)
{
    const auto &gt = mGeoTransform;
    const double det = gt[1] * gt[5] - gt[2] * gt[4];
    const double dx = x - gt[0], dy = y - gt[3];
    const double px = (gt[5] * dx - gt[2] * dy) / det;
    const double py = (-gt[4] * dx + gt[1] * dy) / det;
    if (!(px >= 0 && py >= 0 && px <= mWidth && py <= mHeight))
        return std::nullopt;
    // Cell centres lie at half-integers; clamp the 2×2 neighbourhood at the edge.
    const double u = std::clamp(px - 0.5, 0.0, mWidth - 1.0);
    const double v = std::clamp(py - 0.5, 0.0, mHeight - 1.0);
    const int c0 = std::min(static_cast<int>(u), std::max(0, mWidth - 2));
    const int r0 = std::min(static_cast<int>(v), std::max(0, mHeight - 2));
    const int nw = std::min(2, mWidth), nh = std::min(2, mHeight);
    double read[4] = {0, 0, 0, 0};
    GDALRasterBandH band = GDALGetRasterBand(static_cast<GDALDatasetH>(mDataset->handle()), 1);
    CPLErrorReset();
    if (GDALRasterIO(band, GF_Read, c0, r0, nw, nh, read, nw, nh, GDT_Float64, 0, 0) != CE_None)
        return std::nullopt;
    // A one-cell-wide raster repeats its only column or row.
    auto cell = [&](int c, int r) { return read[std::min(r, nh - 1) * nw + std::min(c, nw - 1)]; };
    const double z[4] = {cell(0, 0), cell(1, 0), cell(0, 1), cell(1, 1)};
    for (double value : z)
        if (std::isnan(value) || (mNodata && value == *mNodata))
            return std::nullopt;
    const double tx = std::clamp(u - c0, 0.0, 1.0), ty = std::clamp(v - r0, 0.0, 1.0);
    const double raw = (z[0] * (1 - tx) + z[1] * tx) * (1 - ty) + (z[2] * (1 - tx) + z[3] * tx) * ty;
    return raw * mScale + mOffset;
}

std::optional<double> DemSampler::elevationAt(const LonLat &position)
{
    if (!position.isValid() || !mDataset)
        return std::nullopt;
    double x = position.lon, y = position.lat;
    if (!mFromWgs84->forward(x, y))
        return std::nullopt;
    return sampleSourcePoint(x, y);
}

std::vector<std::optional<double>> DemSampler::elevationsAt(const std::vector<LonLat> &positions)
{
    std::vector<std::optional<double>> out;
    out.reserve(positions.size());
    for (const LonLat &p : positions)
        out.push_back(elevationAt(p));
    return out;
}

} // namespace linewatch
