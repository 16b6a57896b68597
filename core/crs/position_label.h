#pragma once

#include "crs/coordinate_parser.h"

#include <QStringList>

namespace linewatch {

/// The text of the temporary marker "go to" puts on the map: what was found
/// and how it was read, so the analyst can tell a surveyed coordinate from a
/// gazetteer guess and a 1 m MGRS square from a 100 km one.
class PositionLabel
{
public:
    /// First line: the place's display name, or the position in decimal
    /// degrees. Then the notation ("MGRS, 100 m square"), and for places the
    /// spelling that matched, "approximate" when the gazetteer says so, and
    /// the source of the coordinate (cut at 140 characters). A parser note,
    /// if any, comes last, unless it only repeats the source.
    static QStringList lines(const ParsedPosition &position);
};

} // namespace linewatch
