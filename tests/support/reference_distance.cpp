#include "support/reference_distance.h"

#include "geodesy/geodesic.h"

#include <geodesic.h>

#include <algorithm>
#include <cmath>

namespace linewatch::test {

namespace {

const geod_geodesic &g() { return *Geodesic::wgs84().raw(); }

double distAt(const geod_geodesicline &l, double s, LonLat p, LonLat *foot = nullptr)
{
    LonLat x;
    geod_position(&l, s, &x.lat, &x.lon, nullptr);
    double d;
    geod_inverse(&g(), x.lat, x.lon, p.lat, p.lon, &d, nullptr, nullptr);
    if (foot)
        *foot = x;
    return d;
}

} // namespace

Reference bruteForce(const std::vector<std::vector<LonLat>> &parts, LonLat p)
{
    Reference best;
    double along = 0.0;
    int segment = 0;
    for (const auto &part : parts) {
        for (std::size_t i = 0; i + 1 < part.size(); ++i) {
            geod_geodesicline l;
            geod_inverseline(&l, &g(), part[i].lat, part[i].lon, part[i + 1].lat, part[i + 1].lon,
                             GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_DISTANCE_IN);
            const double len = l.s13;
            const int n = 4000;
            int bestK = 0;
            double bestD = std::numeric_limits<double>::infinity();
            for (int k = 0; k <= n; ++k) {
                const double d = distAt(l, len * k / n, p);
                if (d < bestD) {
                    bestD = d;
                    bestK = k;
                }
            }
            double a = len * std::max(0, bestK - 1) / n, b = len * std::min(n, bestK + 1) / n;
            const double phi = (std::sqrt(5.0) - 1.0) / 2.0;
            double c = b - phi * (b - a), e = a + phi * (b - a);
            double fc = distAt(l, c, p), fe = distAt(l, e, p);
            while (b - a > 1e-7) {
                if (fc < fe) {
                    b = e;
                    e = c;
                    fe = fc;
                    c = b - phi * (b - a);
                    fc = distAt(l, c, p);
                } else {
                    a = c;
                    c = e;
                    fc = fe;
                    e = a + phi * (b - a);
                    fe = distAt(l, e, p);
                }
            }
            // The ends themselves (golden section never evaluates them).
            for (double s : {0.5 * (a + b), 0.0, len}) {
                LonLat foot;
                const double d = distAt(l, s, p, &foot);
                if (d < best.distanceM - 1e-6) { // ties within 1 um (geod_position at the end is not bit-exact): the lower segment
                    best.distanceM = d;
                    best.foot = foot;
                    best.alongM = along + s;
                    best.segment = segment;
                    best.atVertex = s < 1e-4 || s > len - 1e-4;
                }
            }
            along += len;
            ++segment;
        }
    }
    return best;
}


} // namespace linewatch::test
