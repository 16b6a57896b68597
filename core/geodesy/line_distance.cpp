#include "geodesy/line_distance.h"

#include "geodesy/geodesic.h"

#include <geodesic.h>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <QStringLiteral>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace linewatch {

namespace {

using Vec3 = std::array<double, 3>;
using Point3 = bg::model::point<double, 3, bg::cs::cartesian>;
using Box3 = bg::model::box<Point3>;
using RTreeValue = std::pair<Box3, int>;

constexpr double kDegToRad = std::numbers::pi / 180.0;
/// Distances closer than this count as a tie; the lower segment index wins.
constexpr double kTieM = 1e-7;
/// Newton stops when the step in arc length is below this [m].
constexpr double kStepToleranceM = 1e-7;
/// A Newton step below this [m] is applied to the foot without evaluating the
/// distance again: with quadratic convergence the foot is then exact to far
/// below a micrometre, and the distance already computed exceeds the minimum
/// by at most curvature * step^2 / 2 = step^2 / (2 d), under 5e-9 m for d >= 1 m
/// (and never more than the step itself).
constexpr double kFinalStepM = 1e-4;
/// "On the line" below this distance [m] (claim-check.md).
constexpr double kOnM = 1e-3;

Vec3 toEcef(const geod_geodesic &g, LonLat p)
{
    const double phi = p.lat * kDegToRad, lam = p.lon * kDegToRad;
    const double sphi = std::sin(phi), cphi = std::cos(phi);
    const double n = g.a / std::sqrt(1.0 - g.e2 * sphi * sphi);
    return {n * cphi * std::cos(lam), n * cphi * std::sin(lam), n * (1.0 - g.e2) * sphi};
}

Vec3 sub(const Vec3 &a, const Vec3 &b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }
double dot(const Vec3 &a, const Vec3 &b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
double norm(const Vec3 &a) { return std::sqrt(dot(a, a)); }

/// Euclidean distance from p to the 3-D chord ab, and the chord parameter t in [0, 1].
double chordDistance(const Vec3 &p, const Vec3 &a, const Vec3 &b, double *tOut = nullptr)
{
    const Vec3 ab = sub(b, a), ap = sub(p, a);
    const double len2 = dot(ab, ab);
    double t = len2 > 0.0 ? std::clamp(dot(ap, ab) / len2, 0.0, 1.0) : 0.0;
    if (tOut)
        *tOut = t;
    const Vec3 q = {a[0] + t * ab[0] - p[0], a[1] + t * ab[1] - p[1], a[2] + t * ab[2] - p[2]};
    return norm(q);
}

/// The sign of the turn from azimuth `from` to azimuth `to` [deg]: +1 right (clockwise), -1 left, 0 straight.
int turnSign(double fromDeg, double toDeg)
{
    const double s = std::sin((toDeg - fromDeg) * kDegToRad);
    return s > 0.0 ? 1 : (s < 0.0 ? -1 : 0);
}

} // namespace

struct LineDistance::Data
{
    struct Segment
    {
        LonLat a, b;
        Vec3 ea{}, eb{};         ///< ECEF of the ends [m]
        double lengthM = 0.0;
        double alongStartM = 0.0; ///< length of the line before this segment
        double sagittaM = 0.0;    ///< bound on the distance of the geodesic from its chord [m]
        double aziStartDeg = 0.0; ///< azimuth at a
        double aziEndDeg = 0.0;   ///< azimuth at b (direction of travel)
        int part = 0;
        int partSegment = 0;
        bool zeroLength = false;
        geod_geodesicline line{};
    };

    /// The exact minimum over one segment.
    struct SegmentHit
    {
        double distanceM = std::numeric_limits<double>::infinity();
        double s = 0.0;            ///< arc length of the foot from a [m]
        LonLat foot;
        double aziLineDeg = 0.0;   ///< azimuth of the segment at the foot
        double aziToPointDeg = 0.0; ///< azimuth from the foot to the point
        bool atStart = false, atEnd = false;
    };

    geod_geodesic geod{};
    std::vector<Part> parts;
    std::vector<Segment> segments;
    double lengthM = 0.0;
    bgi::rtree<RTreeValue, bgi::rstar<16>> tree;

    SegmentHit evaluate(const Segment &seg, LonLat p, const Vec3 &ep) const;
    NearestPoint finish(int segIndex, const SegmentHit &hit) const;
    int sideAtVertex(int segIndex, bool atEnd, double aziToPointDeg) const;
    int previousNonZero(int segIndex) const; ///< in the same part, ending at segIndex's start
    int nextNonZero(int segIndex) const;     ///< in the same part, starting at segIndex's end
    template <class Visit> void visitCandidates(LonLat p, Visit &&visit) const;
    SegmentHit bestOf(LonLat p, int skipFirst, int skipLast, int *bestIndex) const;
    Box3 boxOf(const Vec3 &a, const Vec3 &b, double grow) const
    {
        Point3 lo(std::min(a[0], b[0]) - grow, std::min(a[1], b[1]) - grow, std::min(a[2], b[2]) - grow);
        Point3 hi(std::max(a[0], b[0]) + grow, std::max(a[1], b[1]) + grow, std::max(a[2], b[2]) + grow);
        return Box3(lo, hi);
    }
    double sagitta(double lengthM) const
    {
        // |x(s) - chord(s)| <= kappa s (L - s) / 2 <= kappa L^2 / 8 for a curve
        // of curvature <= kappa; a geodesic's space curvature is its normal
        // curvature, at most 1 / (b^2 / a). 1 um covers rounding in ECEF.
        return lengthM * lengthM * geod.a / (8.0 * geod.b * geod.b) + 1e-6;
    }
};

LineDistance::Data::SegmentHit LineDistance::Data::evaluate(const Segment &seg, LonLat p, const Vec3 &ep) const
{
    SegmentHit hit;
    const double len = seg.lengthM;
    auto evalAt = [&](double s, SegmentHit &h) {
        h.s = s;
        h.atStart = s <= 0.0;
        h.atEnd = !h.atStart && s >= len;
        if (h.atStart) {
            h.foot = seg.a;
            h.aziLineDeg = seg.aziStartDeg;
        } else if (h.atEnd) {
            h.foot = seg.b;
            h.aziLineDeg = seg.aziEndDeg;
        } else {
            geod_genposition(&seg.line, GEOD_NOFLAGS, s, &h.foot.lat, &h.foot.lon, &h.aziLineDeg, nullptr, nullptr,
                             nullptr, nullptr, nullptr);
        }
        double m12 = 0.0, bigM12 = 0.0, bigM21 = 0.0, azi2 = 0.0;
        geod_geninverse(&geod, h.foot.lat, h.foot.lon, p.lat, p.lon, &h.distanceM, &h.aziToPointDeg, &azi2, &m12,
                        &bigM12, &bigM21, nullptr);
        return std::pair{m12, bigM12};
    };

    if (seg.zeroLength) {
        evalAt(0.0, hit);
        return hit;
    }

    // Start from the foot on the 3-D chord: within metres of the answer for
    // nearby points, so Newton needs two or three steps.
    double t = 0.0;
    chordDistance(ep, seg.ea, seg.eb, &t);
    double s = t * len;
    // Bracket [lo, hi]: d'(lo) < 0 and d'(hi) > 0 once evaluated; the ends
    // count as unevaluated until a step wants to go past them.
    double lo = 0.0, hi = len;
    bool loEvaluated = false, hiEvaluated = false;
    for (int iter = 0; iter < 100; ++iter) {
        const auto [m12, bigM12] = evalAt(s, hit);
        if (!(hit.distanceM > 0.0))
            return hit; // on the line (or NaN input)
        const double theta = (hit.aziToPointDeg - hit.aziLineDeg) * kDegToRad;
        const double c = std::cos(theta);
        if (hit.atStart && c <= 0.0)
            return hit; // d grows from a: the foot is a (d(s) is unimodal on a segment)
        if (hit.atEnd && c >= 0.0)
            return hit;
        if (c > 0.0) {
            lo = s;
            loEvaluated = true;
        } else {
            hi = s;
            hiEvaluated = true;
        }
        const double sin2 = 1.0 - c * c;
        const double curvature = bigM12 / m12; // geodesic curvature of the distance circle about p
        double step;
        if (std::isfinite(curvature) && curvature * sin2 > 1e-15)
            step = c / (curvature * sin2);
        else
            step = c * hit.distanceM;
        double next = s + step;
        if (!(next > lo) || !(next < hi)) {
            if (next <= lo && !loEvaluated)
                next = lo;
            else if (next >= hi && !hiEvaluated)
                next = hi;
            else
                next = 0.5 * (lo + hi);
        }
        if (std::abs(next - s) < kStepToleranceM || hi - lo < kStepToleranceM)
            return hit;
        if (std::abs(next - s) < kFinalStepM && next > 0.0 && next < len) {
            hit.s = next;
            hit.atStart = hit.atEnd = false;
            geod_genposition(&seg.line, GEOD_NOFLAGS, next, &hit.foot.lat, &hit.foot.lon, &hit.aziLineDeg, nullptr,
                             nullptr, nullptr, nullptr, nullptr);
            return hit;
        }
        s = next;
    }
    return hit;
}

int LineDistance::Data::previousNonZero(int segIndex) const
{
    const int part = segments[segIndex].part;
    for (int i = segIndex - 1; i >= 0 && segments[i].part == part; --i)
        if (!segments[i].zeroLength)
            return i;
    return -1;
}

int LineDistance::Data::nextNonZero(int segIndex) const
{
    const int part = segments[segIndex].part;
    for (int i = segIndex + 1; i < static_cast<int>(segments.size()) && segments[i].part == part; ++i)
        if (!segments[i].zeroLength)
            return i;
    return -1;
}

int LineDistance::Data::sideAtVertex(int segIndex, bool atEnd, double aziToPointDeg) const
{
    const Segment &seg = segments[segIndex];
    int incoming, outgoing;
    if (atEnd) {
        incoming = seg.zeroLength ? previousNonZero(segIndex) : segIndex;
        outgoing = nextNonZero(segIndex);
    } else {
        incoming = previousNonZero(segIndex);
        outgoing = seg.zeroLength ? nextNonZero(segIndex) : segIndex;
    }
    const int sideIn = incoming >= 0 ? turnSign(segments[incoming].aziEndDeg, aziToPointDeg) : 0;
    const int sideOut = outgoing >= 0 ? turnSign(segments[outgoing].aziStartDeg, aziToPointDeg) : 0;
    if (incoming < 0)
        return sideOut; // line start: the first segment extended backwards
    if (outgoing < 0)
        return sideIn; // line end: the last segment extended
    if (sideIn == sideOut)
        return sideIn;
    // Numerically on the bisector: the outer side of the turn.
    return -turnSign(segments[incoming].aziEndDeg, segments[outgoing].aziStartDeg);
}

NearestPoint LineDistance::Data::finish(int segIndex, const SegmentHit &hit) const
{
    const Segment &seg = segments[segIndex];
    NearestPoint r;
    r.distanceM = hit.distanceM;
    r.foot = hit.foot;
    r.alongM = seg.alongStartM + hit.s;
    r.segment = segIndex;
    r.part = seg.part;
    r.partSegment = seg.partSegment;
    r.atVertex = hit.atStart || hit.atEnd || seg.zeroLength;
    int sign;
    if (hit.distanceM < kOnM)
        sign = 0;
    else if (r.atVertex)
        sign = sideAtVertex(segIndex, hit.atEnd, hit.aziToPointDeg);
    else
        sign = turnSign(hit.aziLineDeg, hit.aziToPointDeg);
    if (hit.distanceM >= kOnM && sign == 0)
        sign = 1; // exactly on the extension of an end segment: documented as right
    r.side = sign > 0 ? Side::Right : (sign < 0 ? Side::Left : Side::On);
    return r;
}

template <class Visit>
void LineDistance::Data::visitCandidates(LonLat p, Visit &&visit) const
{
    // visit(segIndex, ecef, currentBest) -> new best. Boxes come in order of
    // their distance from p, k at a time (Boost's k-nearest query is cheap
    // for small k); once the k-th box lies beyond the best exact distance,
    // no later box can hold a nearer segment and the search stops.
    const Vec3 ep = toEcef(geod, p);
    const Point3 q(ep[0], ep[1], ep[2]);
    double best = std::numeric_limits<double>::infinity();
    thread_local std::vector<RTreeValue> found;
    thread_local std::vector<int> evaluated; // across re-queries (ties may reorder equal boxes)
    evaluated.clear();
    const std::size_t total = tree.size();
    for (std::size_t k = 4;; k *= 4) {
        k = std::min(k, total);
        found.clear();
        tree.query(bgi::nearest(q, static_cast<unsigned>(k)), std::back_inserter(found));
        // The query returns the k nearest in no particular order.
        std::sort(found.begin(), found.end(), [&q](const RTreeValue &a, const RTreeValue &b) {
            return bg::comparable_distance(q, a.first) < bg::comparable_distance(q, b.first);
        });
        bool stop = false;
        for (std::size_t i = 0; i < found.size(); ++i) {
            if (std::find(evaluated.begin(), evaluated.end(), found[i].second) != evaluated.end())
                continue;
            evaluated.push_back(found[i].second);
            const double boxDistance = bg::distance(q, found[i].first);
            if (boxDistance > best + kTieM) {
                stop = true; // every remaining box is farther: their segments cannot win
                break;
            }
            const Segment &seg = segments[found[i].second];
            const double lowerBound = chordDistance(ep, seg.ea, seg.eb) - seg.sagittaM;
            if (lowerBound > best + kTieM)
                continue;
            best = visit(found[i].second, ep, best);
        }
        if (stop || k >= total)
            return;
    }
}

LineDistance::LineDistance() : d(std::make_shared<const Data>()) {}

LineDistance::LineDistance(std::shared_ptr<const Data> data) : d(std::move(data)) {}

Result<LineDistance> LineDistance::create(std::vector<Part> parts)
{
    if (parts.empty())
        return Error(QStringLiteral("the line has no parts"));
    auto data = std::make_shared<Data>();
    data->geod = *Geodesic::wgs84().raw();
    for (std::size_t pi = 0; pi < parts.size(); ++pi) {
        const Part &part = parts[pi];
        bool distinct = false;
        for (std::size_t vi = 0; vi < part.size(); ++vi) {
            const LonLat &v = part[vi];
            if (!v.isFinite())
                return Error(QStringLiteral("part %1, vertex %2: coordinate is not a finite number").arg(pi + 1).arg(vi + 1));
            if (v.lat < -90.0 || v.lat > 90.0)
                return Error(QStringLiteral("part %1, vertex %2: latitude %3 outside [-90, 90]").arg(pi + 1).arg(vi + 1).arg(v.lat));
            if (v.lon < -180.0 || v.lon > 180.0)
                return Error(QStringLiteral("part %1, vertex %2: longitude %3 outside [-180, 180]").arg(pi + 1).arg(vi + 1).arg(v.lon));
            if (vi > 0 && !(v == part[0]))
                distinct = true;
        }
        if (!distinct)
            return Error(QStringLiteral("part %1 has fewer than two distinct vertices").arg(pi + 1));
    }
    data->parts = std::move(parts);

    std::vector<RTreeValue> values;
    double along = 0.0;
    for (std::size_t pi = 0; pi < data->parts.size(); ++pi) {
        const Part &part = data->parts[pi];
        for (std::size_t vi = 0; vi + 1 < part.size(); ++vi) {
            Data::Segment seg;
            seg.a = part[vi];
            seg.b = part[vi + 1];
            seg.part = static_cast<int>(pi);
            seg.partSegment = static_cast<int>(vi);
            seg.ea = toEcef(data->geod, seg.a);
            seg.eb = toEcef(data->geod, seg.b);
            geod_inverseline(&seg.line, &data->geod, seg.a.lat, seg.a.lon, seg.b.lat, seg.b.lon,
                             GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_AZIMUTH | GEOD_DISTANCE_IN);
            seg.lengthM = seg.line.s13;
            seg.zeroLength = !(seg.lengthM > 0.0);
            seg.aziStartDeg = seg.line.azi1;
            double lat2, lon2;
            geod_position(&seg.line, seg.lengthM, &lat2, &lon2, &seg.aziEndDeg);
            seg.alongStartM = along;
            seg.sagittaM = data->sagitta(seg.lengthM);
            along += seg.lengthM;
            values.emplace_back(data->boxOf(seg.ea, seg.eb, seg.sagittaM), static_cast<int>(data->segments.size()));
            data->segments.push_back(seg);
        }
    }
    data->lengthM = along;
    data->tree = decltype(data->tree)(values.begin(), values.end()); // packing (STR) construction
    return LineDistance(std::move(data));
}

LineDistance::Data::SegmentHit LineDistance::Data::bestOf(LonLat point, int skipFirst, int skipLast, int *bestIndex) const
{
    *bestIndex = -1;
    SegmentHit bestHit;
    visitCandidates(point, [&](int index, const Vec3 &ep, double best) {
        if (index >= skipFirst && index <= skipLast)
            return best;
        const SegmentHit hit = evaluate(segments[index], point, ep);
        if (hit.distanceM < best - kTieM || (hit.distanceM <= best + kTieM && index < *bestIndex)) {
            *bestIndex = index;
            bestHit = hit;
            return std::min(best, hit.distanceM);
        }
        return best;
    });
    return bestHit;
}

double LineDistance::distanceToRest(LonLat point, const NearestPoint &nearest) const
{
    int first = nearest.segment, last = nearest.segment;
    if (nearest.segment >= 0 && nearest.atVertex) {
        const Data::Segment &seg = d->segments[nearest.segment];
        if (nearest.foot == seg.a) {
            const int prev = d->previousNonZero(nearest.segment);
            if (prev >= 0)
                first = prev;
        }
        if (nearest.foot == seg.b) {
            const int next = d->nextNonZero(nearest.segment);
            if (next >= 0)
                last = next;
        }
    }
    int index = -1;
    const Data::SegmentHit hit = d->bestOf(point, first, last, &index);
    return index < 0 ? std::numeric_limits<double>::infinity() : hit.distanceM;
}

NearestPoint LineDistance::nearest(LonLat point) const
{
    if (!point.isFinite() || std::abs(point.lat) > 90.0) {
        NearestPoint nan; // GeographicLib's convention: bad numbers in, NaN out, no throw
        nan.distanceM = std::numeric_limits<double>::quiet_NaN();
        return nan;
    }
    int bestIndex = -1;
    const Data::SegmentHit bestHit = d->bestOf(point, -1, -1, &bestIndex);
    if (bestIndex < 0) {
        NearestPoint nan;
        nan.distanceM = std::numeric_limits<double>::quiet_NaN();
        return nan;
    }
    return d->finish(bestIndex, bestHit);
}

NearestPoint LineDistance::nearestBruteForce(LonLat point) const
{
    const Vec3 ep = toEcef(d->geod, point);
    int bestIndex = -1;
    Data::SegmentHit bestHit;
    double best = std::numeric_limits<double>::infinity();
    for (int i = 0; i < static_cast<int>(d->segments.size()); ++i) {
        const Data::SegmentHit hit = d->evaluate(d->segments[i], point, ep);
        if (hit.distanceM < best - kTieM) {
            bestIndex = i;
            bestHit = hit;
            best = hit.distanceM;
        }
    }
    if (bestIndex < 0) {
        NearestPoint nan;
        nan.distanceM = std::numeric_limits<double>::quiet_NaN();
        return nan;
    }
    return d->finish(bestIndex, bestHit);
}

int LineDistance::candidatesEvaluated(LonLat point) const
{
    int count = 0;
    d->visitCandidates(point, [&](int index, const Vec3 &ep, double best) {
        ++count;
        return std::min(best, d->evaluate(d->segments[index], point, ep).distanceM);
    });
    return count;
}

namespace {

/// Which side of the full geodesic through a (azimuth aziDeg) the point x
/// lies on: exact on the ellipsoid, because geodesics leaving a at other
/// azimuths do not meet that geodesic again before the conjugate point
/// (about 20,000 km away).
int sideOfGeodesic(const geod_geodesic &g, LonLat a, double aziDeg, LonLat x)
{
    double s12 = 0.0, azi1 = 0.0, azi2 = 0.0;
    geod_inverse(&g, a.lat, a.lon, x.lat, x.lon, &s12, &azi1, &azi2);
    if (!(s12 > 0.0))
        return 0;
    return turnSign(aziDeg, azi1);
}

bool properlyCross(const geod_geodesic &g, LonLat a, LonLat b, LonLat c, LonLat dd)
{
    double s = 0.0, aziAB = 0.0, aziCD = 0.0, tmp = 0.0;
    geod_inverse(&g, a.lat, a.lon, b.lat, b.lon, &s, &aziAB, &tmp);
    if (!(s > 0.0))
        return false;
    geod_inverse(&g, c.lat, c.lon, dd.lat, dd.lon, &s, &aziCD, &tmp);
    if (!(s > 0.0))
        return false;
    const int o1 = sideOfGeodesic(g, a, aziAB, c), o2 = sideOfGeodesic(g, a, aziAB, dd);
    const int o3 = sideOfGeodesic(g, c, aziCD, a), o4 = sideOfGeodesic(g, c, aziCD, b);
    return o1 * o2 < 0 && o3 * o4 < 0;
}

} // namespace

bool LineDistance::crossesGeodesic(LonLat a, LonLat b) const
{
    const Vec3 ea = toEcef(d->geod, a), eb = toEcef(d->geod, b);
    const double len = Geodesic::wgs84().distance(a, b);
    const Box3 box = d->boxOf(ea, eb, d->sagitta(len));
    for (auto it = d->tree.qbegin(bgi::intersects(box)); it != d->tree.qend(); ++it) {
        const Data::Segment &seg = d->segments[it->second];
        if (!seg.zeroLength && properlyCross(d->geod, seg.a, seg.b, a, b))
            return true;
    }
    return false;
}

std::optional<std::pair<int, int>> LineDistance::selfIntersection() const
{
    const int n = static_cast<int>(d->segments.size());
    for (int i = 0; i < n; ++i) {
        const Data::Segment &si = d->segments[i];
        if (si.zeroLength)
            continue;
        const Box3 box = d->boxOf(si.ea, si.eb, si.sagittaM + kOnM);
        for (auto it = d->tree.qbegin(bgi::intersects(box)); it != d->tree.qend(); ++it) {
            const int j = it->second;
            const Data::Segment &sj = d->segments[j];
            if (j <= i || sj.zeroLength)
                continue;
            // Consecutive in a part (ignoring zero-length segments between): they share a vertex by design.
            if (sj.part == si.part && d->nextNonZero(i) == j)
                continue;
            // A closed ring's last segment meets its first at the closing vertex.
            const Part &part = d->parts[si.part];
            if (sj.part == si.part && part.front() == part.back() && d->previousNonZero(i) < 0 && d->nextNonZero(j) < 0)
                continue;
            bool hit = properlyCross(d->geod, si.a, si.b, sj.a, sj.b);
            if (!hit) {
                // Touching: an end of one segment within 1 mm of the other.
                const std::array<std::pair<const Data::Segment *, LonLat>, 4> ends = {
                    std::pair{&si, sj.a}, std::pair{&si, sj.b}, std::pair{&sj, si.a}, std::pair{&sj, si.b}};
                for (const auto &[seg, pt] : ends) {
                    if (d->evaluate(*seg, pt, toEcef(d->geod, pt)).distanceM < kOnM) {
                        hit = true;
                        break;
                    }
                }
            }
            if (hit)
                return std::pair{i, j};
        }
    }
    return std::nullopt;
}

const std::vector<LineDistance::Part> &LineDistance::parts() const { return d->parts; }
int LineDistance::segmentCount() const { return static_cast<int>(d->segments.size()); }
double LineDistance::lengthM() const { return d->lengthM; }

} // namespace linewatch
