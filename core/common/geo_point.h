#pragma once

#include <cmath>

namespace linewatch {

/// A WGS84 position in degrees, longitude first. Core APIs take and return
/// LonLat so the axis order is in the type, never in a comment.
struct LonLat
{
    double lon = 0.0; ///< [deg], east positive, normally in [-180, 180]
    double lat = 0.0; ///< [deg], north positive, in [-90, 90]

    bool isFinite() const { return std::isfinite(lon) && std::isfinite(lat); }
    bool isValid() const
    {
        return isFinite() && lat >= -90.0 && lat <= 90.0 && lon >= -540.0 && lon <= 540.0;
    }
    friend bool operator==(const LonLat &, const LonLat &) = default;
};

/// A lon/lat bounding box in degrees. West may exceed east for a box across
/// the antimeridian only where a function says so; elsewhere west <= east.
struct LonLatBox
{
    double west = 0.0, south = 0.0, east = 0.0, north = 0.0;
    bool isEmpty() const { return !(east > west) || !(north > south); }
};

} // namespace linewatch
