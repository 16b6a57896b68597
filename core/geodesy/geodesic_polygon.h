#pragma once

#include "common/geo_point.h"
#include "common/result.h"
#include "geodesy/line_distance.h"

#include <vector>

namespace linewatch {

/// A polygon on the WGS84 ellipsoid whose edges are geodesics: an outer ring
/// and optional holes, lon/lat degrees. Built once; queries are const and
/// thread-safe.
///
/// Limits (stated, not checked): a polygon must not contain a pole and must
/// span less than 180 degrees of longitude; claim areas are a few km across.
class GeodesicPolygon
{
public:
    using Ring = std::vector<LonLat>;

    GeodesicPolygon() = default;

    /// rings[0] is the outer ring, the others holes; a ring may repeat its
    /// first vertex at the end or not. Errors: no ring, a ring with fewer than
    /// three distinct vertices, coordinates out of range or not finite.
    static Result<GeodesicPolygon> create(std::vector<Ring> rings);

    /// Even-odd rule over all rings with geodesic edges, exact on the
    /// ellipsoid: a ray along the meridian from the point to the north pole
    /// (itself a geodesic) is tested against each edge with Karney's azimuths.
    /// Points on the boundary count as inside.
    bool contains(LonLat point) const;

    /// The distance interval of the whole area to a line.
    struct DistanceRange
    {
        double minM = 0.0;       ///< 0 when the line touches, crosses or enters the polygon
        double maxM = 0.0;       ///< max over the whole area (vertices, edge interiors, interior)
        double maxErrorM = 0.0;  ///< proven bound on maxM - (true max) (maxM never understates)
        bool touches = false;    ///< the line crosses the boundary or has a vertex inside
        LonLat nearestPoint;     ///< a point of the polygon at minM from the line
        NearestPoint nearestOnLine; ///< the line's nearest point to nearestPoint (its side is the polygon's side)
        LonLat farthestPoint;    ///< a point of the polygon at (about) maxM from the line
    };

    /// Min exactly (the minimum of two non-crossing geodesic polylines lies at
    /// a vertex of one of them); max by branch and bound with the rigorous
    /// bound d(x) <= dist(x, F) for any point F of the line, and the
    /// convexity of dist(., F) along geodesics (its second derivative is
    /// sin^2(theta) M/m > 0 within the conjugate distance): over an edge
    /// piece or a small geodesic triangle, dist(., F) is largest at a vertex.
    /// Stops when the bound is within toleranceM of the best point found, or
    /// after maxEvaluations line queries; then maxM is the proven upper bound
    /// and maxErrorM says how loose it may be.
    DistanceRange distanceTo(const LineDistance &line, double toleranceM = 0.005, int maxEvaluations = 200000) const;

    const std::vector<Ring> &rings() const { return mRings; }
    /// The rings as a closed multi-part line (for distances to the boundary).
    const LineDistance &boundary() const { return mBoundary; }

private:
    double maxOnBoundary(const LineDistance &line, double toleranceM, int &budget, LonLat &where, double &upper) const;
    bool mayIntersectTriangle(const LonLat t[3]) const;

    std::vector<Ring> mRings; ///< closed: last vertex == first
    LineDistance mBoundary;
};

} // namespace linewatch
