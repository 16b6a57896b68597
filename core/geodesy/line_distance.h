#pragma once

#include "common/geo_point.h"
#include "common/result.h"

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace linewatch {

/// Which side of a line's digitised direction a point lies on.
enum class Side { Left, Right, On };

/// The nearest point of a line to a query point (see LineDistance::nearest).
struct NearestPoint
{
    double distanceM = 0.0; ///< geodesic distance from the query point to the foot [m]
    LonLat foot;            ///< the nearest point of the line
    double alongM = 0.0;    ///< geodesic length of the line from its first vertex to the foot [m], over all parts before
    int segment = -1;       ///< 0-based segment (edge) index counted over all parts in order
    int part = -1;          ///< 0-based part of a MultiLineString
    int partSegment = -1;   ///< 0-based segment index within the part
    bool atVertex = false;  ///< the foot is a vertex (an end of the segment) rather than inside it
    Side side = Side::On;   ///< left/right of the digitised direction at the foot; On under 1 mm
};

/// A line on the WGS84 ellipsoid, parts of lon/lat vertices joined by
/// geodesic segments, built once and then queried for the nearest point.
///
/// Every reported figure is ellipsoidal (Karney's algorithm through PROJ's
/// geodesic.h). For each candidate segment the foot is found by a safeguarded
/// Newton iteration on the arc length s along the segment's geodesic: the
/// distance d(s) to the query point has d'(s) = -cos(theta) (theta: angle at
/// the foot between the segment and the geodesic to the point) and
/// d''(s) = sin^2(theta) M/m (the geodesic curvature of the distance circle,
/// Karney 2013 eq. 29 ff.), so convergence is quadratic; a bracket on the sign
/// of cos(theta) makes it globally convergent and finds feet at segment ends.
/// The result agrees with the exact ellipsoidal minimum to well under 1 um for
/// points within a few thousand km.
///
/// Candidate segments come from a Boost.Geometry R-tree of 3-D boxes in
/// Earth-centred (ECEF) coordinates. Pruning uses only lower bounds that
/// provably never exceed the geodesic distance: a straight 3-D chord is never
/// longer than a path on the surface, and a geodesic of length L (a space
/// curve of curvature <= a/b^2) leaves its chord by at most L^2 a / (8 b^2),
/// so the box of the segment's ends grown by that sagitta holds the whole
/// segment. Segments whose bound exceeds the best exact distance found so far
/// are skipped; nothing else is approximated.
///
/// A cheap value type (shared immutable data): copies share the index, and
/// every query is const and thread-safe.
class LineDistance
{
public:
    using Part = std::vector<LonLat>;

    LineDistance();

    /// Builds the index. Errors: no parts, a part with fewer than two distinct
    /// vertices, a coordinate that is NaN, infinite, a latitude outside
    /// [-90, 90] or a longitude outside [-180, 180].
    static Result<LineDistance> create(std::vector<Part> parts);

    /// The nearest point of the line, exact (see the class comment).
    /// Sides: inside a segment, the sign of the turn from the segment's
    /// azimuth at the foot to the azimuth of the point; at an interior vertex,
    /// the side with respect to both adjacent segments (the outer side of the
    /// turn when they disagree numerically); at a line end, with respect to
    /// the end segment extended. On when the distance is under 1 mm.
    NearestPoint nearest(LonLat point) const;

    /// The same answer by evaluating every segment exactly, without the
    /// index: the baseline of the benchmark and the check of the pruning.
    NearestPoint nearestBruteForce(LonLat point) const;

    /// How many segments nearest() evaluates exactly for this point (a
    /// measure of the pruning, for tests and benchmarks).
    int candidatesEvaluated(LonLat point) const;

    /// The distance from point to the line without the segment that holds
    /// `nearest` (its foot), or without both segments meeting at the foot when
    /// the foot is a vertex; +infinity when nothing is left. Used to prove that
    /// near a point the distance to the line is the distance to one feature.
    double distanceToRest(LonLat point, const NearestPoint &nearest) const;

    /// True when the geodesic from a to b properly crosses a segment of the line.
    bool crossesGeodesic(LonLat a, LonLat b) const;

    /// The first pair of segments (global indices) that cross or touch
    /// (within 1 mm) while not being consecutive in a part; nullopt if none.
    std::optional<std::pair<int, int>> selfIntersection() const;

    const std::vector<Part> &parts() const;
    int segmentCount() const;
    double lengthM() const;

private:
    struct Data;
    explicit LineDistance(std::shared_ptr<const Data> data);
    std::shared_ptr<const Data> d;
};

} // namespace linewatch
