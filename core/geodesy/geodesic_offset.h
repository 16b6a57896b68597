#pragma once

#include "common/geo_point.h"
#include "geodesy/line_distance.h"

#include <vector>

namespace linewatch {

/// The true geodesic offset of a line on the WGS84 ellipsoid: the curve at
/// distance D on one side of a LineDistance line, i.e. the locus of points
/// whose nearest distance to the line is D and which lie on that side (the
/// boundary of "beyond D" in claim-check.md), and the band between the line
/// and that curve.
///
/// Built from geodesic perpendiculars: at samples along each segment (at
/// most `spacing` apart) the point D away along the geodesic leaving the
/// segment at azimuth -90 deg (left) or +90 deg (right) from the segment's
/// azimuth there, which is exactly D from the line wherever that segment is
/// the nearest part of it; round joins (geodesic circles about the vertex) at
/// corners turning away from the side, and quarter circles about the ends
/// (the sides of a line end are taken about the end segment extended, as
/// LineDistance does). Pieces that come closer than D to another part of the
/// line (inside a corner turning towards the side, or near another bend) are
/// trimmed: every vertex is checked with LineDistance::nearest, and where a
/// piece stops being at D the boundary is found by bisection along the piece
/// to 1 mm. Every vertex of the result therefore lies at D within 5 mm from
/// the line on the requested side. A planar buffer in a projection does not
/// (scale error grows with the distance from a UTM zone's central meridian).
class GeodesicOffset
{
public:
    using Curve = std::vector<LonLat>;

    /// The offset as pieces in the line's direction (one per part unless
    /// trimming splits it). distanceM > 0; side Left or Right (On gives none).
    /// spacingM: the largest gap between samples along a segment, 0 = D / 8
    /// (at least 5 m); arcs are sampled every 5 degrees.
    static std::vector<Curve> curve(const LineDistance &line, double distanceM, Side side, double spacingM = 0.0);

    /// The band between each part of the line (densified along its
    /// geodesics) and the offset of that part, one closed ring per part (last
    /// vertex not repeated), for drawing and for area.
    static std::vector<Curve> band(const LineDistance &line, double distanceM, Side side, double spacingM = 0.0);
};

} // namespace linewatch
