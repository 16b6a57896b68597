#pragma once

#include "common/geo_point.h"
#include "common/result.h"
#include "crs/place_lookup.h"

#include <QString>

#include <optional>

namespace linewatch {

/// How a position was written.
enum class CoordinateNotation {
    DecimalDegrees,        ///< "39.7583, 46.7483", "N39.7583 E46.7483"
    DegreesMinutesSeconds, ///< "39°45′29.9″N …", also degrees and decimal minutes "39°45.498'N"
    Utm,                   ///< "38N 649763 4402393"
    Mgrs,                  ///< "38SPK4976302393"
    PlaceName,             ///< a name from the gazetteer
};

/// "decimal degrees", "DMS", "UTM", "MGRS", "place name".
QString toString(CoordinateNotation notation);

/// What CoordinateParser understood.
struct ParsedPosition
{
    LonLat position; ///< WGS84 [deg]; for MGRS and UTM the centre of the denoted square
    CoordinateNotation notation = CoordinateNotation::DecimalDegrees;
    /// [m] side of the square an MGRS or UTM reference denotes: 1 for
    /// "38SPK4976302393", 100 for "38SPK497023", 100000 for "38SPK"; 0 for
    /// degrees and place names.
    double precisionMetres = 0.0;
    /// For PlaceName: the place and the spelling that matched.
    std::optional<GazetteerMatch> place;
    /// How an ambiguous part was read, to show the user; usually empty
    /// ("38S read as latitude band S (northern hemisphere) …").
    QString note;
};

/// Reads a position typed into a "go to" box.
///
/// Accepted, tried in this order:
/// - MGRS with or without spaces, 0 to 5 digit pairs ("38SPK", "38S PK 49763
///   02393"), UPS forms included; converted by GeographicLib's MGRS::Reverse
///   to the centre of the square.
/// - UTM: zone, then hemisphere ("N"/"S", "north"/"south") or latitude band
///   letter (C–X), then easting and northing in metres with optional "E"/"mE"
///   and "N"/"mN": "38N 649763 4402393", "38T 649763 4402393", "38 N 649763E
///   4402393N". Whole metres denote a 1 m square and give its centre (+0.5 m),
///   matching the truncation of CoordinateFormat::utm and of MGRS; each
///   decimal place shrinks the square tenfold. UTM "S" is ambiguous (band S,
///   32–40°N, or the southern hemisphere, which is what GeographicLib's
///   "38s" means): it is read as band S when that puts the point inside band
///   S, else as the southern hemisphere, and ParsedPosition::note says so.
///   A band letter must agree with the latitude to within one band.
/// - Degrees as decimal degrees, degrees and decimal minutes, or degrees,
///   minutes and seconds, with °/º/d, ′/'/’/m and ″/"/''/s marks, colons
///   as GeoConvert writes them ("39:45:29.9N"), or none,
///   hemisphere letters before or after each value, or signs. **Without
///   hemisphere letters the order is latitude, longitude**, as analysts
///   write it; with them either order is fine ("46.7483E 39.7583N"). A comma
///   is a decimal separator only when the text has no point and reading the
///   commas as decimal separators is the only reading that works ("39,7583
///   46,7483"); "39,5 46,5" is refused as ambiguous.
/// - Otherwise a place name looked up in `places` (io/gazetteer.h's
///   Gazetteer), when given. Text with digits that is no coordinate gets the
///   coordinate error unless it is a name in `places`.
///
/// Never throws: GeographicLib's exceptions are caught and returned as an
/// Error whose message says what was expected ("expected latitude within
/// ±90°, got 95").
class CoordinateParser
{
public:
    static Result<ParsedPosition> parse(const QString &text, const PlaceLookup *places = nullptr);
};

} // namespace linewatch
