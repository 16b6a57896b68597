#include "geodesy/geodesic_offset.h"

#include "geodesy/geodesic.h"

#include <geodesic.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

namespace linewatch {

namespace {

constexpr double kToleranceM = 0.005; // vertices kept are at D - 5 mm or farther
constexpr double kArcStepDeg = 5.0;

double normalise180(double deg)
{
    deg = std::remainder(deg, 360.0);
    return deg <= -180.0 ? deg + 360.0 : deg;
}

/// One smooth piece of the raw offset, a point for each parameter in [t0, t1].
struct Piece
{
    std::function<LonLat(double)> at;
    double t0 = 0.0, t1 = 0.0;
    int samples = 1;
    double metresPerUnit = 1.0; ///< how far the point moves per unit of t, at most [m]
};

/// A segment of a part: its geodesic line (for points and azimuths along it).
struct SegmentLine
{
    geod_geodesicline line{};
    double lengthM = 0.0;
    double azimuthStartDeg = 0.0, azimuthEndDeg = 0.0;
};

SegmentLine segmentLine(LonLat a, LonLat b)
{
    const geod_geodesic *g = Geodesic::wgs84().raw();
    SegmentLine s;
    geod_inverseline(&s.line, g, a.lat, a.lon, b.lat, b.lon, GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_AZIMUTH | GEOD_DISTANCE_IN);
    s.lengthM = s.line.s13;
    s.azimuthStartDeg = s.line.azi1;
    double lat = 0, lon = 0, azi = 0;
    geod_position(&s.line, s.lengthM, &lat, &lon, &azi);
    s.azimuthEndDeg = azi;
    return s;
}

/// The raw pieces for one part, in order: start cap, then per segment its
/// perpendicular offset and the join at its end vertex, then the end cap.
std::vector<Piece> rawPieces(const LineDistance::Part &part, double d, Side side, double spacing)
{
    const Geodesic &g = Geodesic::wgs84();
    const double sign = side == Side::Left ? -1.0 : 1.0; // azimuth of the perpendicular: azi + sign * 90
    // Shared with the pieces' functions, which outlive this call.
    auto shared = std::make_shared<std::vector<SegmentLine>>();
    std::vector<SegmentLine> &segments = *shared;
    for (std::size_t i = 0; i + 1 < part.size(); ++i) {
        if (part[i] == part[i + 1])
            continue;
        segments.push_back(segmentLine(part[i], part[i + 1]));
    }
    std::vector<Piece> pieces;
    if (segments.empty())
        return pieces;
    auto arc = [&](LonLat centre, double fromDeg, double sweepDeg) {
        Piece p;
        p.at = [centre, fromDeg, sweepDeg, d, &g](double t) { return g.direct(centre, fromDeg + sweepDeg * t, d); };
        p.t0 = 0.0;
        p.t1 = 1.0;
        p.samples = std::max(1, static_cast<int>(std::ceil(std::abs(sweepDeg) / kArcStepDeg)));
        p.metresPerUnit = d * std::abs(sweepDeg) * M_PI / 180.0;
        return p;
    };
    // Start cap: the quarter circle from straight back to the perpendicular.
    const LonLat first = {segments.front().line.lon1, segments.front().line.lat1};
    pieces.push_back(arc(first, segments.front().azimuthStartDeg + 180.0, -sign * 90.0));
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const SegmentLine *s = &segments[i];
        Piece p;
        p.at = [shared, s, d, sign, &g](double t) {
            double lat = 0, lon = 0, azi = 0;
            geod_position(&s->line, t, &lat, &lon, &azi);
            return g.direct(LonLat{lon, lat}, azi + sign * 90.0, d);
        };
        p.t0 = 0.0;
        p.t1 = s->lengthM;
        p.samples = std::max(1, static_cast<int>(std::ceil(s->lengthM / spacing)));
        // A point of the offset moves no faster than its foot (the geodesic
        // scale M12 of the perpendicular is below 1 at these distances);
        // 2 is a safe bound for the 1 mm stop of the bisection.
        p.metresPerUnit = 2.0;
        pieces.push_back(std::move(p));
        if (i + 1 < segments.size()) {
            const double turn = normalise180(segments[i + 1].azimuthStartDeg - s->azimuthEndDeg);
            // The join is round where the corner turns away from the side
            // (a right turn is convex on the left); inside a corner the two
            // offsets cross and trimming cuts them where they meet.
            if (sign * turn < 0.0) {
                double lat = 0, lon = 0, azi = 0;
                geod_position(&s->line, s->lengthM, &lat, &lon, &azi);
                pieces.push_back(arc(LonLat{lon, lat}, s->azimuthEndDeg + sign * 90.0, turn));
            }
        }
    }
    // End cap: from the perpendicular to straight ahead.
    const SegmentLine &last = segments.back();
    double lat = 0, lon = 0, azi = 0;
    geod_position(&last.line, last.lengthM, &lat, &lon, &azi);
    pieces.push_back(arc(LonLat{lon, lat}, last.azimuthEndDeg + sign * 90.0, -sign * 90.0));
    return pieces;
}

} // namespace

std::vector<GeodesicOffset::Curve> GeodesicOffset::curve(const LineDistance &line, double distanceM, Side side,
                                                         double spacingM)
{
    std::vector<Curve> result;
    if (!(distanceM > 0.0) || side == Side::On || line.parts().empty())
        return result;
    const double spacing = spacingM > 0.0 ? spacingM : std::max(5.0, distanceM / 8.0);
    auto keep = [&](LonLat p) {
        const NearestPoint n = line.nearest(p);
        return n.distanceM >= distanceM - kToleranceM && n.side == side;
    };
    for (const LineDistance::Part &part : line.parts()) {
        Curve current;
        auto flush = [&] {
            if (current.size() >= 2)
                result.push_back(current);
            current.clear();
        };
        for (const Piece &piece : rawPieces(part, distanceM, side, spacing)) {
            double prevT = piece.t0;
            bool prevKept = false;
            for (int k = 0; k <= piece.samples; ++k) {
                const double t = k == piece.samples ? piece.t1 : piece.t0 + (piece.t1 - piece.t0) * k / piece.samples;
                const LonLat p = piece.at(t);
                const bool kept = keep(p);
                if (k == 0 && !kept)
                    flush();
                if (k > 0 && kept != prevKept) {
                    // Bisect to the end of the part that stays at D.
                    double in = prevKept ? prevT : t, out = prevKept ? t : prevT;
                    for (int it = 0; it < 60 && std::abs(in - out) * piece.metresPerUnit > 1e-3; ++it) {
                        const double mid = 0.5 * (in + out);
                        (keep(piece.at(mid)) ? in : out) = mid;
                    }
                    const LonLat boundary = piece.at(in);
                    if (prevKept) {
                        current.push_back(boundary);
                        flush();
                    } else {
                        flush();
                        current.push_back(boundary);
                    }
                }
                if (kept && !(k == 0 && !current.empty() && current.back() == p))
                    current.push_back(p);
                prevT = t;
                prevKept = kept;
            }
            // Consecutive pieces meet at the same point (a join starts where
            // the segment's offset ends); a piece that ends dropped ends a run.
            if (!prevKept)
                flush();
        }
        flush();
    }
    return result;
}

std::vector<GeodesicOffset::Curve> GeodesicOffset::band(const LineDistance &line, double distanceM, Side side,
                                                        double spacingM)
{
    std::vector<Curve> rings;
    if (!(distanceM > 0.0) || side == Side::On)
        return rings;
    const Geodesic &g = Geodesic::wgs84();
    const double spacing = spacingM > 0.0 ? spacingM : std::max(5.0, distanceM / 8.0);
    for (const LineDistance::Part &part : line.parts()) {
        auto single = LineDistance::create({part});
        if (!single)
            continue;
        // Trim against the whole line: the band of this part ends where
        // another part comes nearer.
        Curve ring;
        for (std::size_t i = 0; i + 1 < part.size(); ++i) {
            const Geodesic::Inverse inv = g.inverse(part[i], part[i + 1]);
            const int n = std::max(1, static_cast<int>(std::ceil(inv.distanceM / spacing)));
            for (int k = 0; k < n; ++k)
                ring.push_back(k == 0 ? part[i] : g.direct(part[i], inv.azimuth1Deg, inv.distanceM * k / n));
        }
        ring.push_back(part.back());
        std::vector<Curve> pieces = curve(*single, distanceM, side, spacingM);
        for (auto it = pieces.rbegin(); it != pieces.rend(); ++it)
            for (auto p = it->rbegin(); p != it->rend(); ++p) {
                const NearestPoint n = line.nearest(*p);
                if (n.distanceM >= distanceM - kToleranceM)
                    ring.push_back(*p);
            }
        rings.push_back(std::move(ring));
    }
    return rings;
}

} // namespace linewatch
