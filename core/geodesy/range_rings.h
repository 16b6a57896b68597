#pragma once

#include "common/geo_point.h"
#include "common/result.h"
#include "geodesy/geodesic.h"

#include <QString>

#include <vector>

namespace linewatch {

/// Geodesic circles round a centre: the points at a fixed geodesic distance
/// from it on the WGS84 ellipsoid ("everything within 2 km of this post").
/// Each ring is traced by the direct problem at evenly spaced azimuths, so
/// every vertex is exactly radiusM from the centre (to Karney's 15 nm); the
/// edges between vertices are drawn straight on screen, which with the
/// default 180 vertices keeps a ring within radius * (1 - cos 1 deg), 0.015 %
/// of the radius, of the true circle.
class RangeRings
{
public:
    RangeRings() = default;
    /// radiiM: positive and finite [m]; others are ignored.
    RangeRings(LonLat centre, std::vector<double> radiiM);

    LonLat centre() const { return mCentre; }
    const std::vector<double> &radiiM() const { return mRadiiM; }

    /// The ring of radius radiusM as `vertices` points, starting due north
    /// and going clockwise; not closed (the first point is not repeated).
    /// Longitudes are reduced to [-180, 180].
    static std::vector<LonLat> ring(LonLat centre, double radiusM, int vertices = 180,
                                    const Geodesic &geodesic = Geodesic::wgs84());

    /// Reads radii in kilometres as the analyst types them: "1, 2, 5",
    /// "0.5 1.5", "1;2;5 km". Returns them in metres, sorted ascending,
    /// duplicates removed. Errors name the bad item ("\"x\" is not a
    /// distance in km"), reject zero, negative and non-finite values and
    /// anything over 20 000 km (half the meridian), and an empty list.
    static Result<std::vector<double>> parseRadiiKm(const QString &text);

private:
    LonLat mCentre;
    std::vector<double> mRadiiM;
};

} // namespace linewatch
