#pragma once

#include "common/geo_point.h"
#include "common/result.h"

#include <QColor>
#include <QJsonObject>
#include <QString>
#include <QUuid>

#include <vector>

namespace linewatch {

/// One thing an analyst placed on the map: a text label, an arrow, a line, a
/// polygon, a circle (a geodesic circle of radius radiusM around its first
/// point), or a kept measurement (a path whose segments are labelled with
/// their geodesic lengths and azimuths). Positions are WGS84 so annotations
/// stay put whatever the display CRS. A value type.
struct Annotation
{
    enum class Kind { Text, Arrow, Line, Polygon, Circle, Measurement };

    QUuid id = QUuid::createUuid();
    Kind kind = Kind::Text;
    std::vector<LonLat> points; ///< Text: 1; Arrow: 2 (tail, head); Line/Measurement: >= 2; Polygon: >= 3; Circle: 1
    double radiusM = 0.0;       ///< Circle only [m]
    QString text;               ///< Text: the label; others: an optional caption
    QColor colour = QColor(0x1f, 0x4e, 0x9a);
    double widthPt = 1.5;       ///< [pt]
    double fontPt = 10.0;       ///< [pt]
    bool closed = false;        ///< Measurement: the path is a closed ring (area is shown)

    QJsonObject toJson() const;
    /// Errors name the field ("points[2]: not a longitude, latitude pair in range").
    static Result<Annotation> fromJson(const QJsonObject &json);

    /// "text", "arrow", "line", "polygon", "circle", "measurement".
    static QString kindName(Kind kind);
};

} // namespace linewatch
