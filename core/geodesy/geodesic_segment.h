#pragma once

#include "common/geo_point.h"

#include <memory>

namespace linewatch {

/// The WGS84 geodesic between two points, for placing samples along a path.
///
/// This is the one place where the terrain code calls PROJ's <geodesic.h>
/// (Karney's algorithms, C. F. F. Karney, "Algorithms for geodesics",
/// J. Geodesy 87, 43-55, 2013; lengths good to about 15 nm). When the
/// project-wide Geodesic wrapper in core/geodesy lands, only this file changes.
///
/// Endpoints must satisfy LonLat::isValid(); at the poles the azimuth is
/// defined as by Karney (the limit approaching the pole along a meridian).
/// Longitudes returned by positionAt() are reduced to [-180°, 180°], so a
/// segment across the antimeridian yields positions on both sides of it.
class GeodesicSegment
{
public:
    GeodesicSegment(const LonLat &from, const LonLat &to);
    ~GeodesicSegment();
    GeodesicSegment(GeodesicSegment &&) noexcept;
    GeodesicSegment &operator=(GeodesicSegment &&) noexcept;
    GeodesicSegment(const GeodesicSegment &) = delete;
    GeodesicSegment &operator=(const GeodesicSegment &) = delete;

    /// Geodesic length [m] of the segment; 0 for coincident endpoints.
    double lengthMetres() const { return mLengthMetres; }

    /// The point at distanceMetres [m] from the start along the geodesic, and
    /// the forward azimuth there [deg clockwise from north]. Distances outside
    /// [0, length] extend the geodesic beyond its ends.
    LonLat positionAt(double distanceMetres, double *azimuthDeg = nullptr) const;

    /// Radius of curvature [m] of the WGS84 ellipsoid's normal section at a
    /// latitude [deg] along an azimuth [deg], by Euler's theorem:
    /// 1/R = cos²(az)/M + sin²(az)/N, with M the meridional and N the prime
    /// vertical radius. It ranges from 6 335 439 m (M at the equator) to
    /// 6 399 594 m (M = N at the poles).
    static double normalSectionRadiusMetres(double latitudeDeg, double azimuthDeg);

private:
    struct Line;
    std::unique_ptr<Line> mLine;
    double mLengthMetres = 0.0;
};

} // namespace linewatch
