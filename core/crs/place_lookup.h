#pragma once

#include "common/geo_point.h"

#include <QList>
#include <QString>

namespace linewatch {

/// One way of writing a place's name, with its language as a BCP 47 tag
/// ("az", "hy", "ru", "en"; "hy-Latn" for an Armenian name in Latin letters).
struct PlaceName
{
    QString text;
    QString language;
};

/// A named point of the gazetteer: where it is and who says so.
struct Place
{
    QString name;             ///< display name, e.g. "Shusha / Shushi" (as in maps/shusha/places.geojson)
    QString kind;             ///< "city", "town", "village", "summit", "height"; may be empty
    QList<PlaceName> names;   ///< every spelling that finds this place
    LonLat position;          ///< WGS84 [deg]
    QString source;           ///< citation of the coordinate
    bool approximate = false; ///< true when no published coordinate exists
};

/// A place found by one of its names.
struct GazetteerMatch
{
    Place place;
    PlaceName matchedName; ///< the spelling that matched, as written in the gazetteer
};

/// Where CoordinateParser looks up place names. An interface so that crs/
/// need not depend on how places are read: io/gazetteer (a GeoJSON file)
/// implements it, and the parser sits below io/ in the layer stack
/// (docs/architecture.md).
class PlaceLookup
{
public:
    /// Places with a name equal to `name` once case, accents and punctuation
    /// are ignored, in the order the source lists them; empty when none.
    virtual QList<GazetteerMatch> find(const QString &name) const = 0;

    /// Names that start with `prefix`, best first, at most `maxResults`:
    /// the "did you mean" of an unknown name.
    virtual QList<GazetteerMatch> suggest(const QString &prefix, int maxResults = 10) const = 0;

protected:
    // Never deleted through the interface: the parser only borrows it.
    PlaceLookup() = default;
    PlaceLookup(const PlaceLookup &) = default;
    PlaceLookup &operator=(const PlaceLookup &) = default;
    ~PlaceLookup() = default;
};

} // namespace linewatch
