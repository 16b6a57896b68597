#pragma once

#include "common/geo_point.h"
#include "geodesy/geodesic_polygon.h"

#include <QDate>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <optional>
#include <vector>

namespace linewatch {

/// A claim about a position and a line ("forces occupied elevations beyond
/// two kilometres of the line of contact"), as read from a claims file.
/// Properties as in claim-check.md; anything wrong with it is listed in
/// problems (the checker then gives it the verdict `error`).
struct Claim
{
    enum class Relation { Beyond, Within };

    int featureNumber = 0;   ///< 1-based, in the claims file
    QString id;              ///< "#N" (the feature number) when the file gives none
    QDate date;
    QString text;            ///< the quoted words
    QString source;
    Relation relation = Relation::Beyond;
    double distanceM = 0.0;  ///< D [m]
    QString side;            ///< a left_label or right_label; empty: no side named
    double uncertaintyM = 0.0; ///< radius r [m]
    QString line;            ///< the line's name; empty: the only name in the file

    /// Point claims: the position. Polygon claims: the area.
    std::optional<LonLat> point;
    std::optional<GeodesicPolygon> polygon;

    QVariantMap properties;  ///< every property as read, for writing the claim back
    std::vector<std::vector<LonLat>> geometryParts; ///< as read (point or rings)

    QStringList problems;    ///< empty when the claim can be evaluated
};

} // namespace linewatch
