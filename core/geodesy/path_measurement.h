#pragma once

#include "common/geo_point.h"
#include "geodesy/geodesic.h"

#include <cmath>
#include <vector>

namespace linewatch {

/// One leg of a measured path: the shortest WGS84 geodesic between two
/// consecutive points.
struct MeasuredSegment
{
    LonLat from;
    LonLat to;
    double lengthM = 0.0;    ///< geodesic length [m]
    double azimuthDeg = 0.0; ///< forward azimuth at `from`, clockwise from true north, in [0, 360) [deg]

    /// The azimuth in NATO mils (6400 to the full turn), in [0, 6400).
    double azimuthMils() const;
};

/// The geodesic measurement of a path of WGS84 points: what the measure tool
/// shows and what "Copy as text" writes. Built once from the points; a value
/// type.
///
/// Every figure is ellipsoidal (Karney's algorithms through PROJ's
/// geodesic.h, via Geodesic; lengths good to about 15 nm, areas to about
/// 0.1 m^2 for areas of a few km^2). An open path of n points has n - 1
/// segments; a closed one has n, the last running from the last point back
/// to the first, and an area when it has at least three points.
///
/// Azimuths at the poles follow Karney's convention (the limit approaching
/// the pole along a meridian); longitudes may lie on either side of the
/// antimeridian. Like Geodesic, nothing throws: NaN in gives NaN out.
class PathMeasurement
{
public:
    PathMeasurement() = default;
    /// Measures the path. A closed path must not repeat its first point at
    /// the end (the closing segment is implied); if it does, the repeat is dropped.
    explicit PathMeasurement(std::vector<LonLat> points, bool closed = false,
                             const Geodesic &geodesic = Geodesic::wgs84());

    const std::vector<LonLat> &points() const { return mPoints; }
    bool isClosed() const { return mClosed; }
    const std::vector<MeasuredSegment> &segments() const { return mSegments; }

    /// The sum of the segment lengths [m]: the path length, or the perimeter
    /// of a closed path (the closing segment included).
    double totalLengthM() const { return mTotalM; }
    /// True for a closed path with at least three points.
    bool hasArea() const { return mClosed && mPoints.size() >= 3; }
    /// The ellipsoidal area enclosed by a closed path, whichever way round it
    /// was drawn [m^2] (Karney, "Algorithms for geodesics", 2013, sec. 6);
    /// NaN when !hasArea(). The ring must not cross itself for this to mean
    /// anything; a self-crossing ring gives the signed sum of its lobes.
    double areaM2() const { return mAreaM2; }
    /// The perimeter as geod_polygonarea computes it [m] (equal to
    /// totalLengthM() for a closed path); NaN when !hasArea().
    double perimeterM() const { return mPerimeterM; }

private:
    std::vector<LonLat> mPoints;
    bool mClosed = false;
    std::vector<MeasuredSegment> mSegments;
    double mTotalM = 0.0;
    double mAreaM2 = NAN;
    double mPerimeterM = NAN;
};

} // namespace linewatch
