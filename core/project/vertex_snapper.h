#pragma once

#include "common/geo_point.h"

#include <QList>
#include <QPointF>
#include <QString>

#include <optional>
#include <vector>

namespace linewatch {

class Layer;
class MapSettings;

/// The vertices a measuring or drawing tool may snap to: every vertex of the
/// visible vector layers (points, line strings, polygon rings), of the line
/// version each visible line layer shows, and of the claims of each visible
/// claims layer. A snapshot, in WGS84 lon/lat: build it again when the
/// layers change. Snapping gives the vertex's exact coordinates, so a
/// measurement from a snapped point is the distance from the data's vertex,
/// not from wherever the mouse happened to be.
class VertexSnapper
{
public:
    struct Vertex
    {
        LonLat position;
        QString layerName;
        bool onEdge = false; ///< a point on a line or ring between vertices, not a vertex
    };

    VertexSnapper() = default;

    /// Collects the vertices of the visible layers that have any (others are skipped).
    static VertexSnapper fromLayers(const QList<Layer *> &layers);

    void add(LonLat position, const QString &layerName);
    /// A line or ring edge to snap onto between its vertices.
    void addEdge(LonLat from, LonLat to, const QString &layerName);
    std::size_t size() const { return mVertices.size(); }
    const std::vector<Vertex> &vertices() const { return mVertices; }

    /// The vertex nearest to the widget pixel in the view, if it lies within
    /// tolerancePx [px] of it (Euclidean, in pixels); ties go to the vertex
    /// added first. Vertices outside the tolerance square's lon/lat bounds
    /// are skipped without being projected. With no vertex in reach, the
    /// nearest point of an edge within tolerancePx (onEdge set): the point of
    /// the edge as drawn (a straight segment on the map) nearest the pixel,
    /// converted back to lon/lat, so it lies on the drawn feature.
    std::optional<Vertex> nearest(const MapSettings &settings, QPointF pixel, double tolerancePx) const;

private:
    struct Edge
    {
        LonLat from, to;
        QString layerName;
    };
    std::vector<Vertex> mVertices;
    std::vector<Edge> mEdges;
};

} // namespace linewatch
