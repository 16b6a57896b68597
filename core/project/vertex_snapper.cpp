#include "project/vertex_snapper.h"

#include "claims/claim_set.h"
#include "claims/claims_layer.h"
#include "claims/line_layer.h"
#include "claims/line_set.h"
#include "crs/crs_transform.h"
#include "data/vector_layer.h"
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
                    for (const QPointF &p : l)
                        s.add({p.x(), p.y()}, name);
                for (const QPolygonF &r : f.rings)
                    for (const QPointF &p : r)
                        s.add({p.x(), p.y()}, name);
            }
        } else if (auto *line = qobject_cast<const LineLayer *>(layer)) {
            if (const LineVersion *v = line->shownVersion())
                for (const auto &part : v->geometry.parts())
                    for (const LonLat &p : part)
                        s.add(p, name);
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

void VertexSnapper::add(LonLat position, const QString &layerName)
{
    if (position.isValid())
        mVertices.push_back({position, layerName});
}

std::optional<VertexSnapper::Vertex> VertexSnapper::nearest(const MapSettings &settings, QPointF pixel,
                                                            double tolerancePx) const
{
    const CrsTransform *toMap = CrsTransform::forThread(Crs::wgs84(), settings.crs());
    if (!toMap || mVertices.empty() || !(tolerancePx > 0))
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
    if (!found)
        return std::nullopt;
    return *found;
}

} // namespace linewatch
