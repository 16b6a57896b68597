#include "geodesy/geodesic.h"

#include <geodesic.h>

#include <cmath>

namespace linewatch {

namespace {

std::shared_ptr<const geod_geodesic> makeEllipsoid(double a, double f)
{
    auto g = std::make_shared<geod_geodesic>();
    geod_init(g.get(), a, f);
    return g;
}

} // namespace

Geodesic::Geodesic() : mGeod(wgs84().mGeod) {}

Geodesic::Geodesic(double equatorialRadiusM, double flattening)
    : mGeod(makeEllipsoid(equatorialRadiusM, flattening))
{
}

const Geodesic &Geodesic::wgs84()
{
    // Immutable after construction (C++ magic statics make this thread-safe).
    static const Geodesic instance(6378137.0, 1.0 / 298.257223563);
    return instance;
}

Geodesic::Inverse Geodesic::inverse(LonLat from, LonLat to) const
{
    Inverse r;
    geod_inverse(mGeod.get(), from.lat, from.lon, to.lat, to.lon, &r.distanceM, &r.azimuth1Deg, &r.azimuth2Deg);
    return r;
}

double Geodesic::distance(LonLat from, LonLat to) const
{
    double s12 = 0.0;
    geod_inverse(mGeod.get(), from.lat, from.lon, to.lat, to.lon, &s12, nullptr, nullptr);
    return s12;
}

LonLat Geodesic::direct(LonLat start, double azimuthDeg, double distanceM) const
{
    LonLat p;
    geod_direct(mGeod.get(), start.lat, start.lon, azimuthDeg, distanceM, &p.lat, &p.lon, nullptr);
    return p;
}

Geodesic::PolygonMeasure Geodesic::polygon(const std::vector<LonLat> &ring) const
{
    std::vector<double> lats, lons;
    lats.reserve(ring.size());
    lons.reserve(ring.size());
    for (const LonLat &p : ring) {
        lats.push_back(p.lat);
        lons.push_back(p.lon);
    }
    PolygonMeasure m;
    geod_polygonarea(mGeod.get(), lats.data(), lons.data(), static_cast<int>(ring.size()), &m.areaM2, &m.perimeterM);
    return m;
}

double Geodesic::equatorialRadiusM() const { return mGeod->a; }
double Geodesic::flattening() const { return mGeod->f; }
double Geodesic::minimumRadiusOfCurvatureM() const { return mGeod->b * mGeod->b / mGeod->a; }

} // namespace linewatch
