#pragma once

#include "common/geo_point.h"

#include <QString>

namespace linewatch {

/// Writes positions the way analysts read them. All functions take WGS84
/// degrees and return "" for positions they cannot express (NaN, or MGRS
/// outside its latitude band).
namespace CoordinateFormat {

/// "39.75830° N, 46.74830° E"
QString decimalDegrees(const LonLat &p, int decimals = 5);

/// "39°45′29.9″ N, 46°44′53.9″ E" (seconds rounded to secondDecimals; the
/// carry into minutes and degrees is done before printing, never 60″).
QString degreesMinutesSeconds(const LonLat &p, int secondDecimals = 1);

/// "38N 649763 4402393" (zone, hemisphere, easting and northing in metres,
/// via GeographicLib's UTMUPS; UPS near the poles gives zone 0 as "N"/"S").
QString utm(const LonLat &p);

/// "38S PK 49763 02393": MGRS via GeographicLib at the given number of
/// digits per coordinate (5 = 1 m), grouped for reading.
QString mgrs(const LonLat &p, int digits = 5);

} // namespace CoordinateFormat

} // namespace linewatch
