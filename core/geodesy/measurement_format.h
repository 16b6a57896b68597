#pragma once

#include <QString>

namespace linewatch {

class PathMeasurement;

/// How bearings are written: degrees (360 to the turn) or NATO mils (6400).
enum class AngleUnit { Degrees, Mils };

/// Writes measured figures the way analysts read them, independent of the
/// locale (a point as decimal separator, no digit grouping) so copied text
/// pastes the same everywhere.
namespace MeasurementFormat {

/// "0.0 m" .. "999.9 m" below one kilometre, "1.000 km" .. "99.999 km"
/// (metre resolution), then "100.00 km" and up (10 m). "" for NaN.
QString distance(double metres);

/// A round figure as typed, for radii and labels of chosen distances:
/// "500 m", "1 km", "2.5 km" (up to six significant digits, no trailing
/// zeros; metres below one kilometre). "" for NaN.
QString roundDistance(double metres);

/// "850 m²" below 0.1 km², then "0.100 km²" .. (1000 m² resolution), with
/// the hectares in brackets below 100 km² ("1.234 km² (123.4 ha)"). "" for NaN.
QString area(double squareMetres);

/// A bearing: "057.8°" (one decimal, three integer digits) or "1028 mils"
/// (four digits, NATO 6400). Any finite input is reduced to the turn, and a
/// value that rounds to the full turn is written as zero ("000.0°", "0000 mils").
QString azimuth(double degrees, AngleUnit unit);

/// Degrees to NATO mils, 6400 to the full turn (no reduction).
constexpr double degreesToMils(double degrees) { return degrees * (6400.0 / 360.0); }

/// The whole measurement as plain text for the clipboard: one line per
/// segment, the total, and for a closed path the area and perimeter, with the
/// method ("geodesic, WGS84") stated.
QString text(const PathMeasurement &measurement, AngleUnit unit);

} // namespace MeasurementFormat

} // namespace linewatch
