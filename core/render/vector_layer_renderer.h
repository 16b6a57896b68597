#pragma once

#include "render/layer_renderer.h"
#include "render/map_settings.h"
#include "render/projected_geometry_cache.h"
#include "render/vector_style.h"

#include <QBrush>
#include <QPen>

#include <memory>

namespace linewatch {

/// Draws a vector layer for one view: polygons, then lines, then point
/// symbols, with QPainter paths only (so PDF and SVG get vectors), culling
/// features outside the view. Point symbols become label obstacles and every
/// labelled feature a label candidate, so labels of all layers never collide.
///
/// Approximate features (attribute `approximate` true) are drawn hollow and
/// dashed and labelled "(approx.)" so they are never mistaken for
/// authoritative data.
class VectorLayerRenderer : public LayerRenderer
{
public:
    VectorLayerRenderer(VectorDataPtr data, std::shared_ptr<ProjectedGeometryCache> cache, VectorStyle style,
                        const MapSettings &settings);

    void render(RenderContext &context) override;

    /// The pen a feature is stroked with; widths in px for the given scale
    /// (pixelsPerPoint = 1 gives points, for the legend).
    static QPen strokePen(const VectorSymbol &symbol, GeometryType type, bool approximate, double pixelsPerPoint);
    /// The brush a polygon or marker is filled with.
    static QBrush fillBrush(const VectorSymbol &symbol, GeometryType type, bool approximate);
    /// The text a feature is labelled with ("" for none).
    static QString labelText(const VectorStyle &style, const VectorFeature &feature);

    /// The label suffix of approximate features.
    static QString approximateSuffix() { return QStringLiteral(" (approx.)"); }

private:
    VectorDataPtr mData;
    std::shared_ptr<ProjectedGeometryCache> mCache;
    VectorStyle mStyle;
    MapSettings mSettings;
};

} // namespace linewatch
