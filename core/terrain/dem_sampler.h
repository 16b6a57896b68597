#pragma once

#include "common/geo_point.h"
#include "common/result.h"
#include "crs/crs.h"

#include <QString>

#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace linewatch {

class CrsTransform;
class GdalDataset;

/// Elevations from a DEM at WGS84 positions, for the status bar's elevation
/// under the cursor, profiles and line of sight. Opens its own dataset handle
/// and PROJ transform, so each thread that samples makes its own DemSampler
/// (from RasterLayer::path()); one object is for one thread at a time.
class DemSampler
{
public:
    ~DemSampler();
    DemSampler(DemSampler &&) noexcept;
    DemSampler &operator=(DemSampler &&) noexcept;

    /// Opens band 1 of the raster; the error names the file and the problem.
    static Result<DemSampler> open(const QString &path);

    /// Elevation [m] at a WGS84 position, interpolated bilinearly between the
    /// four nearest cell centres (clamped at the raster's edge). nullopt
    /// outside the raster, when any of the four cells is nodata, or when the
    /// position cannot be transformed (NaN, latitude beyond ±90°).
    std::optional<double> elevationAt(const LonLat &position);
    /// The same for many positions; reads each block once through GDAL's cache.
    std::vector<std::optional<double>> elevationsAt(const std::vector<LonLat> &positions);

    const QString &path() const { return mPath; }

    /// Size [m] of the raster's centre cell: the shorter of its width and
    /// height, each measured as a WGS84 geodesic between neighbouring cell
    /// centres. For a geographic DEM this shrinks with cos(latitude) in x
    /// (SRTM 3" at 46.5° N: 63.9 m by 92.6 m gives 63.9 m). Profiles use it
    /// to choose a default sample spacing. NaN when the centre cannot be
    /// transformed to WGS84.
    double cellSizeMetres() const { return mCellSizeMetres; }

private:
    DemSampler();
    std::optional<double> sampleSourcePoint(double x, double y);
    double centreCellSizeMetres() const;

    QString mPath;
    std::unique_ptr<GdalDataset> mDataset;
    std::unique_ptr<CrsTransform> mFromWgs84;
    std::array<double, 6> mGeoTransform{};
    int mWidth = 0, mHeight = 0;
    std::optional<double> mNodata;
    double mScale = 1.0, mOffset = 0.0; ///< value = raw * scale + offset
    double mCellSizeMetres = 0.0;
};

} // namespace linewatch
