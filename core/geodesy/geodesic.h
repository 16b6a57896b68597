#pragma once

#include "common/geo_point.h"

#include <memory>
#include <vector>

struct geod_geodesic;

namespace linewatch {

/// Geodesics on an ellipsoid of revolution (WGS84 by default): a thin wrapper
/// of PROJ's geodesic.h, which implements C. F. F. Karney, "Algorithms for
/// geodesics", J. Geodesy 87 (2013) 43-55, accurate to about 15 nm.
///
/// A cheap value type (the ellipsoid constants are shared and immutable), so
/// every member is const and safe to call from any number of threads.
/// Angles are degrees, lengths metres. Latitudes must lie in [-90, 90];
/// longitudes may be any finite value (they are reduced internally), which is
/// what makes segments across the antimeridian work without special cases.
/// Like GeographicLib, nothing here throws: NaN in gives NaN out.
class Geodesic
{
public:
    /// WGS84: a = 6378137 m, f = 1/298.257223563.
    Geodesic();
    /// Any ellipsoid; equatorialRadiusM > 0, flattening < 1.
    Geodesic(double equatorialRadiusM, double flattening);

    static const Geodesic &wgs84();

    struct Inverse
    {
        double distanceM = 0.0;  ///< s12 [m]
        double azimuth1Deg = 0.0; ///< forward azimuth at the first point [deg], clockwise from north
        double azimuth2Deg = 0.0; ///< forward azimuth at the second point [deg] (the direction of travel there)
    };

    /// The shortest geodesic between two points (the inverse problem).
    Inverse inverse(LonLat from, LonLat to) const;
    /// Only the distance [m].
    double distance(LonLat from, LonLat to) const;

    /// The point distanceM from start along the geodesic leaving it at
    /// azimuthDeg (the direct problem). The longitude is reduced to [-180, 180].
    LonLat direct(LonLat start, double azimuthDeg, double distanceM) const;

    struct PolygonMeasure
    {
        double areaM2 = 0.0;     ///< signed like geod_polygonarea: positive counter-clockwise [m^2]
        double perimeterM = 0.0; ///< [m]
    };
    /// Area and perimeter of a polygon whose edges are geodesics (the ring is
    /// closed implicitly; do not repeat the first vertex). Karney's
    /// geod_polygonarea: exact for any size, poles and antimeridian included.
    PolygonMeasure polygon(const std::vector<LonLat> &ring) const;

    double equatorialRadiusM() const;
    double flattening() const;
    /// The smallest radius of curvature on the ellipsoid, b^2 / a (the
    /// meridian radius at the equator) [m]: no geodesic bends more sharply
    /// in space than 1 / this, which bounds how far it leaves its chord.
    double minimumRadiusOfCurvatureM() const;

    /// The underlying PROJ structure, for the few callers (the line-distance
    /// engine) that need geod_inverseline or the reduced length.
    const geod_geodesic *raw() const { return mGeod.get(); }

private:
    std::shared_ptr<const geod_geodesic> mGeod;
};

} // namespace linewatch
