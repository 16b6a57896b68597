#include "geodesy/geodesic_segment.h"

#include "geodesy/geodesic.h"

#include <geodesic.h>

#include <cmath>
#include <numbers>

namespace linewatch {


struct GeodesicSegment::Line
{
    geod_geodesicline line{};
};

GeodesicSegment::GeodesicSegment(const LonLat &from, const LonLat &to) : mLine(std::make_unique<Line>())
{
    // PROJ takes latitude first.
    geod_inverseline(&mLine->line, Geodesic::wgs84().raw(), from.lat, from.lon, to.lat, to.lon, GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_AZIMUTH | GEOD_DISTANCE_IN);
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
    const double a = Geodesic::wgs84().equatorialRadiusM();
    const double f = Geodesic::wgs84().flattening();
    const double e2 = f * (2 - f);
    const double phi = latitudeDeg * std::numbers::pi / 180;
    const double alpha = azimuthDeg * std::numbers::pi / 180;
    const double w2 = 1 - e2 * std::sin(phi) * std::sin(phi);
    const double n = a / std::sqrt(w2);
    const double m = a * (1 - e2) / (w2 * std::sqrt(w2));
    const double c = std::cos(alpha), s = std::sin(alpha);
    return 1 / (c * c / m + s * s / n);
}

} // namespace linewatch
