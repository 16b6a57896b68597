#include "project/vertex_snapper.h"

#include "claims/claim_set.h"
#include "render/claims_layer.h"
#include "render/line_layer.h"
#include "claims/line_set.h"
#include "crs/crs_transform.h"
#include "render/vector_layer.h"
#include "render/layer.h"
#include "render/map_settings.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace linewatch {

VertexSnapper VertexSnapper::fromLayers(const QList<Layer *> &layers)
{
    VertexSnapper s;
    for (const Layer *layer : layers) {
        if (!layer || !layer->isVisible())
            continue;
        const QString name = layer->name();
        if (auto *vector = qobject_cast<const VectorLayer *>(layer)) {
            // QPointF here is x = longitude, y = latitude (VectorFeature).
            for (const VectorFeature &f : vector->features()) {
                for (const QPointF &p : f.points)
                    s.add({p.x(), p.y()}, name);
                for (const QPolygonF &l : f.lines)
                    for (int i = 0; i < l.size(); ++i) {
                        s.add({l[i].x(), l[i].y()}, name);
                        if (i > 0)
                            s.addEdge({l[i - 1].x(), l[i - 1].y()}, {l[i].x(), l[i].y()}, name);
                    }
                for (const QPolygonF &r : f.rings)
                    for (int i = 0; i < r.size(); ++i) {
                        s.add({r[i].x(), r[i].y()}, name);
                        if (i > 0)
                            s.addEdge({r[i - 1].x(), r[i - 1].y()}, {r[i].x(), r[i].y()}, name);
                    }
            }
        } else if (auto *line = qobject_cast<const LineLayer *>(layer)) {
            if (const LineVersion *v = line->shownVersion())
                for (const auto &part : v->geometry.parts())
                    for (std::size_t i = 0; i < part.size(); ++i) {
                        s.add(part[i], name);
                        if (i > 0)
                            s.addEdge(part[i - 1], part[i], name);
                    }
        } else if (auto *claims = qobject_cast<const ClaimsLayer *>(layer)) {
            if (const auto set = claims->claims())
                for (const Claim &c : set->claims())
                    for (const auto &part : c.geometryParts)
                        for (const LonLat &p : part)
                            s.add(p, name);
        }
    }
    return s;
}

void VertexSnapper::addEdge(LonLat from, LonLat to, const QString &layerName)
{
    if (from.isValid() && to.isValid() && !(from == to))
        mEdges.push_back({from, to, layerName});
}

void VertexSnapper::add(LonLat position, const QString &layerName)
{
    if (position.isValid())
        mVertices.push_back({position, layerName});
}

std::optional<VertexSnapper::Vertex> VertexSnapper::nearest(const MapSettings &settings, QPointF pixel,
                                                            double tolerancePx) const
{
    const CrsTransform *toMap = CrsTransform::forThread(Crs::wgs84(), settings.crs());
    if (!toMap || (mVertices.empty() && mEdges.empty()) || !(tolerancePx > 0))
        return std::nullopt;

    // The lon/lat bounds of the tolerance square (grown by a pixel for the
    // curvature of its edges in lon/lat); a box that cannot be computed or
    // straddles the antimeridian falls back to testing every vertex.
    bool prefilter = false;
    LonLatBox box;
    if (const CrsTransform *toLonLat = CrsTransform::forThread(settings.crs(), Crs::wgs84())) {
        const double r = tolerancePx + 1.0;
        const QPointF a = settings.pixelToMap(pixel + QPointF(-r, -r)), b = settings.pixelToMap(pixel + QPointF(r, r));
        const QRectF bounds = toLonLat->forwardBounds(QRectF(a, b).normalized(), 5);
        prefilter = !bounds.isNull() && std::isfinite(bounds.width()) && bounds.width() < 180.0;
        box = {bounds.left(), bounds.top(), bounds.right(), bounds.bottom()};
    }

    const QTransform toPixel = settings.mapToPixelTransform();
    double best = std::numeric_limits<double>::infinity();
    const Vertex *found = nullptr;
    for (const Vertex &v : mVertices) {
        if (prefilter
            && (v.position.lon < box.west || v.position.lon > box.east || v.position.lat < box.south
                || v.position.lat > box.north))
            continue;
        QPointF m(v.position.lon, v.position.lat);
        if (!toMap->forward(m))
            continue;
        const QPointF p = toPixel.map(m);
        const double d = std::hypot(p.x() - pixel.x(), p.y() - pixel.y());
        if (d <= tolerancePx && d < best) {
            best = d;
            found = &v;
        }
    }
    if (found)
        return *found;

    // No vertex in reach: the nearest point of an edge, in pixels.
    auto outside = [&](const LonLat &a, const LonLat &b) {
        return prefilter
               && (std::max(a.lon, b.lon) < box.west || std::min(a.lon, b.lon) > box.east
                   || std::max(a.lat, b.lat) < box.south || std::min(a.lat, b.lat) > box.north);
    };
    std::optional<Vertex> onEdge;
    for (const Edge &e : mEdges) {
        if (outside(e.from, e.to))
            continue;
        QPointF a(e.from.lon, e.from.lat), b(e.to.lon, e.to.lat);
        if (!toMap->forward(a) || !toMap->forward(b))
            continue;
        a = toPixel.map(a);
        b = toPixel.map(b);
        const QPointF ab = b - a;
        const double len2 = QPointF::dotProduct(ab, ab);
        if (!(len2 > 0))
            continue;
        const double t = std::clamp(QPointF::dotProduct(pixel - a, ab) / len2, 0.0, 1.0);
        const QPointF q = a + t * ab;
        const double d = std::hypot(q.x() - pixel.x(), q.y() - pixel.y());
        if (d > tolerancePx || d >= best)
            continue;
        QPointF m = settings.pixelToMap(q);
        const CrsTransform *toLonLat = CrsTransform::forThread(settings.crs(), Crs::wgs84());
        if (!toLonLat || !toLonLat->forward(m))
            continue;
        best = d;
        onEdge = Vertex{LonLat{m.x(), m.y()}, e.layerName, true};
    }
    return onEdge;
}

} // namespace linewatch
