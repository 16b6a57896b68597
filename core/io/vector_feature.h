#pragma once

#include "crs/crs.h"

#include <QList>
#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <memory>
#include <vector>

namespace linewatch {

/// The kind of geometry a feature has, multi-geometries included
/// (a MultiPolygon is a Polygon feature with several parts).
enum class GeometryType { Point, Line, Polygon };

/// One feature of a vector source, in WGS84 lon/lat degrees whatever the
/// source's CRS (x = longitude, y = latitude in every QPointF here).
/// Geometry collections keep all their members, so one feature may hold
/// points, lines and polygon rings at once; type() is the highest-dimension one.
struct VectorFeature
{
    QString layerName;          ///< the OGR layer (sub-layer) of the source it came from
    qint64 fid = -1;            ///< OGR feature id, or the 0-based index when the driver has none
    QList<QPointF> points;      ///< [deg lon/lat] point members
    QList<QPolygonF> lines;     ///< [deg lon/lat] line strings
    QList<QPolygonF> rings;     ///< [deg lon/lat] polygon rings, exterior and holes (drawn odd-even)
    QVariantMap attributes;
    QRectF bounds;              ///< [deg] left = west, top = south (y grows north)

    GeometryType type() const
    {
        return !rings.isEmpty() ? GeometryType::Polygon : !lines.isEmpty() ? GeometryType::Line : GeometryType::Point;
    }
    /// The attribute `field`, found also when a format changed its name: KML
    /// capitalises `name` to `Name`, a Shapefile cuts names to 10 characters
    /// (`approximate` becomes `approximat`). Invalid when there is none.
    QVariant value(const QString &field) const;
    /// The `name` attribute, or "" when there is none.
    QString name() const { return value(QStringLiteral("name")).toString(); }
    /// The `source` attribute: where the feature comes from.
    QString source() const { return value(QStringLiteral("source")).toString(); }
    /// True when the `approximate` attribute says so (true, 1, "true", "yes").
    bool isApproximate() const;
};

/// The immutable in-memory model of a vector source, shared (never copied)
/// between the layer on the GUI thread and its renderers on workers.
struct VectorData
{
    QString path;
    Crs sourceCrs;               ///< the CRS the file declares (features are already in WGS84)
    QStringList layerNames;      ///< the OGR layers that were read
    QStringList fieldNames;      ///< union of the attribute names, in first-seen order
    QStringList firstLayerSchema; ///< the fields the first layer declares (set or not), as the file names them
    std::vector<VectorFeature> features;
    QRectF bounds;               ///< [deg] of all features; null when there are none
    QString crsAssumption;       ///< non-empty when the CRS was assumed, saying what and why
};

using VectorDataPtr = std::shared_ptr<const VectorData>;

/// True for the usual spellings of a yes in attribute tables (bool true,
/// non-zero numbers, "true", "yes", "y", "t", "1"), false otherwise.
bool attributeIsTrue(const QVariant &value);

} // namespace linewatch
