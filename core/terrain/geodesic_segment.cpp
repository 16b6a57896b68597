#include "terrain/geodesic_segment.h"

#include <geodesic.h>

#include <cmath>
#include <numbers>

namespace linewatch {

namespace {

constexpr double kWgs84A = 6378137.0;              ///< semi-major axis [m]
constexpr double kWgs84F = 1.0 / 298.257223563;    ///< flattening

const geod_geodesic &wgs84()
{
    // Immutable after initialisation (a function-local static is initialised
    // once, thread-safely), so sharing it across threads is fine.
    static const geod_geodesic g = [] {
        geod_geodesic e{};
        geod_init(&e, kWgs84A, kWgs84F);
        return e;
    }();
    return g;
}

} // namespace

struct GeodesicSegment::Line
{
    geod_geodesicline line{};
};

GeodesicSegment::GeodesicSegment(const LonLat &from, const LonLat &to) : mLine(std::make_unique<Line>())
{
    // PROJ takes latitude first.
    geod_inverseline(&mLine->line, &wgs84(), from.lat, from.lon, to.lat, to.lon, GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_AZIMUTH | GEOD_DISTANCE_IN);
    mLengthMetres = mLine->line.s13;
}

GeodesicSegment::~GeodesicSegment() = default;
GeodesicSegment::GeodesicSegment(GeodesicSegment &&) noexcept = default;
GeodesicSegment &GeodesicSegment::operator=(GeodesicSegment &&) noexcept = default;

LonLat GeodesicSegment::positionAt(double distanceMetres, double *azimuthDeg) const
{
    double lat = NAN, lon = NAN, azi = NAN;
    geod_position(&mLine->line, distanceMetres, &lat, &lon, &azi);
    if (azimuthDeg)
        *azimuthDeg = azi;
    return LonLat{lon, lat};
}

double GeodesicSegment::normalSectionRadiusMetres(double latitudeDeg, double azimuthDeg)
{
    constexpr double e2 = kWgs84F * (2 - kWgs84F);
    const double phi = latitudeDeg * std::numbers::pi / 180;
    const double alpha = azimuthDeg * std::numbers::pi / 180;
    const double w2 = 1 - e2 * std::sin(phi) * std::sin(phi);
    const double n = kWgs84A / std::sqrt(w2);
    const double m = kWgs84A * (1 - e2) / (w2 * std::sqrt(w2));
    const double c = std::cos(alpha), s = std::sin(alpha);
    return 1 / (c * c / m + s * s / n);
}

} // namespace linewatch
