#include "geodesy/geodesic_polygon.h"

#include "geodesy/geodesic.h"

#include <geodesic.h>

#include <QStringLiteral>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <queue>

namespace linewatch {

namespace {

constexpr double kDegToRad = std::numbers::pi / 180.0;

/// Longitude difference reduced to (-180, 180] [deg].
double lonDiff(double fromDeg, double toDeg)
{
    double d = std::remainder(toDeg - fromDeg, 360.0);
    if (d <= -180.0)
        d += 360.0;
    return d;
}

const geod_geodesic &wgs84() { return *Geodesic::wgs84().raw(); }

double dist(LonLat a, LonLat b)
{
    double s12 = 0.0;
    geod_inverse(&wgs84(), a.lat, a.lon, b.lat, b.lon, &s12, nullptr, nullptr);
    return s12;
}

/// +1 when x is right of the geodesic a->b, -1 left, 0 on it (exact; see LineDistance).
int sideOf(LonLat a, LonLat b, LonLat x)
{
    double s = 0.0, aziAB = 0.0, aziAX = 0.0, tmp = 0.0;
    geod_inverse(&wgs84(), a.lat, a.lon, b.lat, b.lon, &s, &aziAB, &tmp);
    if (!(s > 0.0))
        return 0;
    geod_inverse(&wgs84(), a.lat, a.lon, x.lat, x.lon, &s, &aziAX, &tmp);
    if (!(s > 0.0))
        return 0;
    const double v = std::sin((aziAX - aziAB) * kDegToRad);
    return v > 0.0 ? 1 : (v < 0.0 ? -1 : 0);
}

bool properlyCross(LonLat a, LonLat b, LonLat c, LonLat d)
{
    return sideOf(a, b, c) * sideOf(a, b, d) < 0 && sideOf(c, d, a) * sideOf(c, d, b) < 0;
}

LonLat midpoint(LonLat a, LonLat b)
{
    geod_geodesicline line;
    geod_inverseline(&line, &wgs84(), a.lat, a.lon, b.lat, b.lon, GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_DISTANCE_IN);
    LonLat m;
    geod_position(&line, 0.5 * line.s13, &m.lat, &m.lon, nullptr);
    return m;
}

} // namespace

Result<GeodesicPolygon> GeodesicPolygon::create(std::vector<Ring> rings)
{
    if (rings.empty())
        return Error(QStringLiteral("the polygon has no rings"));
    GeodesicPolygon poly;
    std::vector<LineDistance::Part> parts;
    for (std::size_t ri = 0; ri < rings.size(); ++ri) {
        Ring ring = std::move(rings[ri]);
        for (std::size_t vi = 0; vi < ring.size(); ++vi) {
            const LonLat &v = ring[vi];
            if (!v.isFinite() || v.lat < -90.0 || v.lat > 90.0 || v.lon < -180.0 || v.lon > 180.0)
                return Error(QStringLiteral("ring %1, vertex %2: coordinate (%3, %4) is not a finite longitude in [-180, 180] "
                                            "and latitude in [-90, 90]")
                                 .arg(ri + 1)
                                 .arg(vi + 1)
                                 .arg(v.lon)
                                 .arg(v.lat));
        }
        if (!ring.empty() && !(ring.front() == ring.back()))
            ring.push_back(ring.front());
        std::vector<LonLat> distinct;
        for (const LonLat &v : ring)
            if (std::find(distinct.begin(), distinct.end(), v) == distinct.end())
                distinct.push_back(v);
        if (distinct.size() < 3)
            return Error(QStringLiteral("ring %1 has fewer than three distinct vertices").arg(ri + 1));
        parts.push_back(ring);
        poly.mRings.push_back(std::move(ring));
    }
    auto boundary = LineDistance::create(std::move(parts));
    if (!boundary)
        return boundary.error();
    poly.mBoundary = std::move(boundary).value();
    return poly;
}

bool GeodesicPolygon::contains(LonLat p) const
{
    bool inside = false;
    for (const Ring &ring : mRings) {
        for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
            const LonLat c = ring[i], d = ring[i + 1];
            const double dc = lonDiff(p.lon, c.lon), dd = lonDiff(p.lon, d.lon);
            if ((dc > 0.0) == (dd > 0.0) || std::abs(dd - dc) >= 180.0)
                continue; // the edge does not cross the meridian of p (half-open rule at vertices)
            const int side = sideOf(c, d, p);
            if (side == 0)
                return true; // on the boundary
            // Eastward edge: south of it is its right side. The crossing with
            // the meridian lies north of p exactly when p is south of the edge.
            const bool eastward = dd > dc;
            if ((eastward && side > 0) || (!eastward && side < 0))
                inside = !inside;
        }
    }
    if (!inside) {
        // Boundary points whose meridian test is degenerate (on a meridian edge).
        for (const Ring &ring : mRings)
            for (std::size_t i = 0; i + 1 < ring.size(); ++i)
                if (ring[i] == p)
                    return true;
    }
    return inside;
}

bool GeodesicPolygon::mayIntersectTriangle(const LonLat t[3]) const
{
    for (int i = 0; i < 3; ++i)
        if (contains(t[i]))
            return true;
    const int orientation = sideOf(t[0], t[1], t[2]);
    for (const Ring &ring : mRings) {
        for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
            const LonLat v = ring[i];
            const int s0 = sideOf(t[0], t[1], v), s1 = sideOf(t[1], t[2], v), s2 = sideOf(t[2], t[0], v);
            if (orientation != 0 && s0 != -orientation && s1 != -orientation && s2 != -orientation)
                return true; // a polygon vertex inside the triangle
            for (int k = 0; k < 3; ++k)
                if (properlyCross(t[k], t[(k + 1) % 3], ring[i], ring[i + 1]))
                    return true;
        }
    }
    return false;
}

double GeodesicPolygon::maxOnBoundary(const LineDistance &line, double toleranceM, int &budget, LonLat &where,
                                      double &upper) const
{
    // One-dimensional branch and bound along every edge. For a piece [t0, t1]
    // of an edge and F the line's foot of its midpoint, d(x) <= dist(x, F),
    // which is convex along the edge's geodesic, so max(dist(x0, F),
    // dist(x1, F)) bounds d on the whole piece; the gap shrinks quadratically.
    struct Piece
    {
        const geod_geodesicline *edge;
        double t0, t1;
        LonLat x0, x1;
        double upper;
        bool operator<(const Piece &o) const { return upper < o.upper; }
    };
    std::vector<geod_geodesicline> edges;
    for (const Ring &ring : mRings) {
        for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
            geod_geodesicline l;
            geod_inverseline(&l, &wgs84(), ring[i].lat, ring[i].lon, ring[i + 1].lat, ring[i + 1].lon,
                             GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_DISTANCE_IN);
            edges.push_back(l);
        }
    }
    double best = -1.0;
    auto consider = [&](LonLat x) {
        const NearestPoint n = line.nearest(x);
        --budget;
        if (n.distanceM > best) {
            best = n.distanceM;
            where = x;
        }
        return n;
    };
    std::priority_queue<Piece> queue;
    auto push = [&](const geod_geodesicline *e, double t0, double t1, LonLat x0, LonLat x1) {
        LonLat xm;
        geod_position(e, 0.5 * (t0 + t1), &xm.lat, &xm.lon, nullptr);
        const NearestPoint n = consider(xm);
        queue.push({e, t0, t1, x0, x1, std::max(dist(x0, n.foot), dist(x1, n.foot))});
    };
    for (const geod_geodesicline &e : edges) {
        const LonLat x0{e.lon1, e.lat1};
        LonLat x1;
        geod_position(&e, e.s13, &x1.lat, &x1.lon, nullptr);
        consider(x0);
        if (e.s13 > 0.0)
            push(&e, 0.0, e.s13, x0, x1);
    }
    while (!queue.empty() && queue.top().upper > best + toleranceM && budget > 0) {
        const Piece p = queue.top();
        queue.pop();
        const double tm = 0.5 * (p.t0 + p.t1);
        LonLat xm;
        geod_position(p.edge, tm, &xm.lat, &xm.lon, nullptr);
        push(p.edge, p.t0, tm, p.x0, xm);
        push(p.edge, tm, p.t1, xm, p.x1);
    }
    upper = queue.empty() ? best : std::max(best, queue.top().upper);
    return best;
}

GeodesicPolygon::DistanceRange GeodesicPolygon::distanceTo(const LineDistance &line, double toleranceM,
                                                           int maxEvaluations) const
{
    DistanceRange r;
    // --- Minimum -----------------------------------------------------------
    for (std::size_t i = 0; i + 1 < mRings[0].size() && !r.touches; ++i)
        r.touches = line.crossesGeodesic(mRings[0][i], mRings[0][i + 1]);
    for (std::size_t ri = 1; ri < mRings.size() && !r.touches; ++ri)
        for (std::size_t i = 0; i + 1 < mRings[ri].size() && !r.touches; ++i)
            r.touches = line.crossesGeodesic(mRings[ri][i], mRings[ri][i + 1]);
    for (const auto &part : line.parts()) {
        if (r.touches)
            break;
        for (const LonLat &v : part) {
            if (contains(v)) {
                r.touches = true;
                r.nearestPoint = v;
                break;
            }
        }
    }
    double minM = std::numeric_limits<double>::infinity();
    // The minimum between two geodesic polylines that do not cross lies at a
    // vertex of one of them: from the polygon's vertices to the line ...
    for (const Ring &ring : mRings) {
        for (const LonLat &v : ring) {
            const NearestPoint n = line.nearest(v);
            if (n.distanceM < minM) {
                minM = n.distanceM;
                r.nearestPoint = v;
                r.nearestOnLine = n;
            }
        }
    }
    // ... and from the line's vertices to the polygon's boundary.
    for (const auto &part : line.parts()) {
        for (const LonLat &w : part) {
            const NearestPoint b = mBoundary.nearest(w);
            if (b.distanceM < minM) {
                minM = b.distanceM;
                r.nearestPoint = b.foot;
                r.nearestOnLine = line.nearest(b.foot);
            }
        }
    }
    if (r.touches) {
        minM = 0.0;
        r.nearestOnLine = line.nearest(r.nearestPoint);
    }
    r.minM = minM;

    // --- Maximum -----------------------------------------------------------
    int budget = maxEvaluations;
    LonLat farthest = mRings[0][0];
    double upper = 0.0;
    double best = maxOnBoundary(line, toleranceM, budget, farthest, upper);

    // Interior maxima, by branch and bound over geodesic triangles that cover
    // the polygon. A triangle is dropped when (a) its bound max_i dist(v_i, F)
    // cannot beat the best point found, (b) it misses the polygon, or (c) the
    // distance to the line is provably the distance to one feature (a segment,
    // or the two segments at a vertex) on a disc around it, which has no
    // local maximum: then any maximum inside it would lie on the boundary,
    // which the edge search covers.
    struct Cell
    {
        LonLat v[3];
        double upper;
        bool operator<(const Cell &o) const { return upper < o.upper; }
    };
    std::priority_queue<Cell> cells;
    auto addCell = [&](LonLat a, LonLat b, LonLat c, double parentUpper) {
        if (budget <= 0) {
            cells.push({{a, b, c}, parentUpper}); // a part's bound is its parent's
            return;
        }
        const LonLat centre{a.lon + lonDiff(a.lon, b.lon) / 3.0 + lonDiff(a.lon, c.lon) / 3.0, (a.lat + b.lat + c.lat) / 3.0};
        const NearestPoint n = line.nearest(centre);
        budget -= 2;
        if (n.distanceM > best && contains(centre)) {
            best = n.distanceM;
            farthest = centre;
        }
        const double bound = std::min(parentUpper, std::max({dist(a, n.foot), dist(b, n.foot), dist(c, n.foot)}));
        if (bound <= best + toleranceM)
            return;
        const double radius = std::max({dist(centre, a), dist(centre, b), dist(centre, c)});
        if (n.distanceM > 2.0 * radius && line.distanceToRest(centre, n) - n.distanceM > 4.0 * radius)
            return;
        const LonLat t[3] = {a, b, c};
        if (!mayIntersectTriangle(t))
            return;
        cells.push({{a, b, c}, bound});
    };
    {
        const Ring &outer = mRings[0];
        const double ref = outer[0].lon;
        double west = 0.0, east = 0.0, south = outer[0].lat, north = outer[0].lat;
        for (const LonLat &v : outer) {
            const double dl = lonDiff(ref, v.lon);
            west = std::min(west, dl);
            east = std::max(east, dl);
            south = std::min(south, v.lat);
            north = std::max(north, v.lat);
        }
        // Grow the box so its geodesic-edged triangles surely cover it (a
        // geodesic between two corners on a parallel bows poleward by far
        // less than 10 % of the span for claim-sized areas).
        const double grow = 0.1 * std::max(east - west, north - south) + 1e-6;
        west -= grow;
        east += grow;
        south = std::max(-89.9, south - grow);
        north = std::min(89.9, north + grow);
        const LonLat sw{ref + west, south}, se{ref + east, south}, ne{ref + east, north}, nw{ref + west, north};
        const double unbounded = std::numeric_limits<double>::infinity();
        addCell(sw, se, ne, unbounded);
        addCell(sw, ne, nw, unbounded);
    }
    while (!cells.empty() && cells.top().upper > best + toleranceM && budget > 0) {
        const Cell c = cells.top();
        cells.pop();
        const LonLat m01 = midpoint(c.v[0], c.v[1]), m12 = midpoint(c.v[1], c.v[2]), m20 = midpoint(c.v[2], c.v[0]);
        addCell(c.v[0], m01, m20, c.upper);
        addCell(m01, c.v[1], m12, c.upper);
        addCell(m20, m12, c.v[2], c.upper);
        addCell(m01, m12, m20, c.upper);
    }
    const double interiorUpper = cells.empty() ? best : std::max(best, cells.top().upper);
    r.maxM = std::max({best, upper, interiorUpper});
    r.maxErrorM = r.maxM - best;
    r.farthestPoint = farthest;
    return r;
}

} // namespace linewatch
