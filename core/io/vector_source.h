#pragma once

#include "common/geo_point.h"
#include "common/result.h"

#include <QString>
#include <QVariantMap>

#include <vector>

namespace linewatch {

/// One feature of a vector file, already in WGS84 lon/lat.
struct SourceFeature
{
    enum class Kind { None, Point, LineString, MultiLineString, Polygon, MultiPolygon, Other };

    int number = 0;         ///< 1-based position in the layer, for messages
    QVariantMap properties; ///< field name as in the file -> value (dates as ISO 8601 text); unset fields absent
    Kind kind = Kind::None;
    QString geometryName;   ///< OGR's name of the geometry type, for messages ("MULTIPOINT")
    /// Point: one part of one vertex. Lines: one part per LineString.
    /// Polygon: rings, outer first. MultiPolygon: the rings of all polygons.
    std::vector<std::vector<LonLat>> parts;

    /// The value of a property matched without regard to case, also under the
    /// 10-character name a Shapefile truncates it to ("right_label" is found
    /// as "RIGHT_LABE"). Invalid QVariant when absent.
    QVariant property(const QString &name) const;
    bool hasProperty(const QString &name) const { return property(name).isValid(); }
};

/// Reads the first layer of any OGR vector source (GeoJSON, GeoPackage,
/// Shapefile, ...) and transforms its geometries to WGS84 lon/lat. A layer
/// without a CRS is taken as WGS84 lon/lat (GeoJSON's rule).
class VectorSource
{
public:
    /// Errors name the file: cannot be opened, has no layer, CRS cannot be
    /// transformed to WGS84.
    static Result<std::vector<SourceFeature>> read(const QString &path);
};

} // namespace linewatch
