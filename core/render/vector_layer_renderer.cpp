#include "render/vector_layer_renderer.h"

#include "render/label_engine.h"
#include "render/render_context.h"

#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace linewatch {

namespace {

// How often the draw loop looks at the cancel flag [features].
constexpr std::size_t kCancelCheckInterval = 64;

double polylineLength(const QPolygonF &p)
{
    double len = 0.0;
    for (qsizetype i = 1; i < p.size(); ++i)
        len += std::hypot(p[i].x() - p[i - 1].x(), p[i].y() - p[i - 1].y());
    return len;
}

/// The point halfway along a polyline [same units as the input].
QPointF midpointAlong(const QPolygonF &p)
{
    const double half = polylineLength(p) / 2.0;
    double walked = 0.0;
    for (qsizetype i = 1; i < p.size(); ++i) {
        const double seg = std::hypot(p[i].x() - p[i - 1].x(), p[i].y() - p[i - 1].y());
        if (walked + seg >= half && seg > 0)
            return p[i - 1] + (p[i] - p[i - 1]) * ((half - walked) / seg);
        walked += seg;
    }
    return p.isEmpty() ? QPointF() : p.first();
}

} // namespace

VectorLayerRenderer::VectorLayerRenderer(VectorDataPtr data, std::shared_ptr<ProjectedGeometryCache> cache,
                                         VectorStyle style, const MapSettings &settings)
    : mData(std::move(data)), mCache(std::move(cache)), mStyle(std::move(style)), mSettings(settings)
{
}

QPen VectorLayerRenderer::strokePen(const VectorSymbol &symbol, GeometryType type, bool approximate,
                                    double pixelsPerPoint)
{
    QColor color = symbol.strokeColor;
    double widthPt = symbol.strokeWidthPt;
    QList<double> dash = symbol.dashPattern;
    if (approximate) {
        if (type == GeometryType::Point) {
            // Hollow marker: the outline takes the fill colour, dashed.
            color = symbol.fillColor.alpha() > 0 ? symbol.fillColor : symbol.strokeColor;
            color.setAlpha(255);
            widthPt = std::max(1.2, symbol.strokeWidthPt * 1.4);
            dash = {2.2, 1.2};
        } else if (dash.isEmpty()) {
            dash = {4.0, 2.5};
        }
    }
    QPen pen(color, std::max(0.0, widthPt * pixelsPerPoint));
    pen.setJoinStyle(Qt::RoundJoin);
    pen.setCapStyle(dash.isEmpty() ? Qt::RoundCap : Qt::FlatCap);
    if (!dash.isEmpty())
        pen.setDashPattern(QList<qreal>(dash.begin(), dash.end()));
    if (symbol.strokeWidthPt <= 0.0 && !approximate)
        pen.setStyle(Qt::NoPen);
    return pen;
}

QBrush VectorLayerRenderer::fillBrush(const VectorSymbol &symbol, GeometryType type, bool approximate)
{
    if (type == GeometryType::Line)
        return Qt::NoBrush;
    if (approximate) {
        if (type == GeometryType::Point)
            return QColor(255, 255, 255, 235);
        QColor c = symbol.fillColor;
        c.setAlpha(c.alpha() / 2);
        return c.alpha() > 0 ? QBrush(c, Qt::BDiagPattern) : QBrush(Qt::NoBrush);
    }
    return symbol.fillColor.alpha() > 0 ? QBrush(symbol.fillColor) : QBrush(Qt::NoBrush);
}

QString VectorLayerRenderer::labelText(const VectorStyle &style, const VectorFeature &feature)
{
    if (style.labelField.isEmpty())
        return {};
    const QString text = feature.value(style.labelField).toString().trimmed();
    if (text.isEmpty())
        return {};
    return feature.isApproximate() ? text + approximateSuffix() : text;
}

void VectorLayerRenderer::render(RenderContext &context)
{
    if (!context.painter || !mData)
        return;
    QString why;
    const std::shared_ptr<const ProjectedFeatures> projected = mCache->get(mSettings.crs(), &why);
    if (!projected) {
        addError(QStringLiteral("cannot show %1 in %2: %3").arg(mData->path, mSettings.crs().authId(), why));
        return;
    }
    QPainter &painter = *context.painter;
    const double ppp = mSettings.pixelsPerPoint();
    const QTransform toPixel = mSettings.mapToPixelTransform();
    const QRectF outputRect(QPointF(0, 0), QSizeF(mSettings.outputSize()));
    // Cull with a margin so symbols and wide strokes at the edge still draw.
    const double marginPx = 24.0 * ppp;
    const QRectF view = mSettings.visibleExtent().adjusted(-marginPx * mSettings.mapUnitsPerPixel(),
                                                            -marginPx * mSettings.mapUnitsPerPixel(),
                                                            marginPx * mSettings.mapUnitsPerPixel(),
                                                            marginPx * mSettings.mapUnitsPerPixel());
    auto visible = [&view](const ProjectedFeature &p) {
        if (p.isEmpty())
            return false;
        const QRectF b = p.bounds;
        return b.right() >= view.left() && b.left() <= view.right() && b.bottom() >= view.top()
               && b.top() <= view.bottom();
    };

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    const std::size_t n = std::min(projected->size(), mData->features.size());

    // Pass 1: areas, pass 2: lines, pass 3: point symbols on top.
    for (int pass = 0; pass < 3; ++pass) {
        for (std::size_t i = 0; i < n; ++i) {
            if (i % kCancelCheckInterval == 0 && context.isCancelled()) {
                painter.restore();
                return;
            }
            const ProjectedFeature &p = (*projected)[i];
            if (!visible(p))
                continue;
            const VectorFeature &f = mData->features[i];
            const VectorSymbol &symbol = mStyle.symbolFor(f.attributes);
            const bool approximate = f.isApproximate();
            const QString label = labelText(mStyle, f);
            const int priority = mStyle.priority * 1000 + symbol.labelPriority;
            QFont font;
            font.setPointSizeF(symbol.labelFontSizePt);
            font.setBold(symbol.labelBold);

            if (pass == 0 && !p.rings.isEmpty()) {
                QPainterPath path;
                path.setFillRule(Qt::OddEvenFill);
                for (const QPolygonF &r : p.rings)
                    path.addPolygon(toPixel.map(r));
                path.closeSubpath();
                painter.setPen(strokePen(symbol, GeometryType::Polygon, approximate, ppp));
                painter.setBrush(fillBrush(symbol, GeometryType::Polygon, approximate));
                painter.drawPath(path);
                if (context.labels && !label.isEmpty()) {
                    // The centre of the largest ring's box: good enough for the
                    // compact areas we label; labels outside the view are skipped.
                    const QPolygonF *largest = &p.rings.first();
                    for (const QPolygonF &r : p.rings)
                        if (r.boundingRect().width() * r.boundingRect().height()
                            > largest->boundingRect().width() * largest->boundingRect().height())
                            largest = &r;
                    const QPointF anchor = toPixel.map(largest->boundingRect().center());
                    if (outputRect.contains(anchor))
                        context.labels->addLabel(LabelCandidate{label, anchor, 0.0, false, priority, font,
                                                                symbol.labelColor, QColor(255, 255, 255, 220)});
                }
            } else if (pass == 1 && !p.lines.isEmpty()) {
                QPainterPath path;
                for (const QPolygonF &l : p.lines)
                    path.addPolygon(toPixel.map(l));
                painter.setBrush(Qt::NoBrush);
                if (symbol.casingColor.alpha() > 0 && symbol.casingWidthPt > 0) {
                    QPen casing(symbol.casingColor, symbol.casingWidthPt * ppp, Qt::SolidLine, Qt::RoundCap,
                                Qt::RoundJoin);
                    painter.setPen(casing);
                    painter.drawPath(path);
                }
                painter.setPen(strokePen(symbol, GeometryType::Line, approximate, ppp));
                painter.drawPath(path);
                if (context.labels && !label.isEmpty()) {
                    const QPolygonF *longest = &p.lines.first();
                    for (const QPolygonF &l : p.lines)
                        if (polylineLength(l) > polylineLength(*longest))
                            longest = &l;
                    const QPointF anchor = toPixel.map(midpointAlong(*longest));
                    if (outputRect.contains(anchor))
                        context.labels->addLabel(LabelCandidate{label, anchor, 0.0, false, priority, font,
                                                                symbol.labelColor, QColor(255, 255, 255, 220)});
                }
            } else if (pass == 2 && !p.points.isEmpty()) {
                const double sizePx = symbol.markerSizePt * ppp;
                const QPainterPath marker = VectorSymbol::markerPath(symbol.marker, sizePx);
                painter.setPen(strokePen(symbol, GeometryType::Point, approximate, ppp));
                painter.setBrush(fillBrush(symbol, GeometryType::Point, approximate));
                for (const QPointF &q : p.points) {
                    const QPointF px = toPixel.map(q);
                    const QPainterPath placed = marker.translated(px);
                    painter.drawPath(placed);
                    if (!context.labels)
                        continue;
                    // The symbol's core, not its full box: the engine's diagonal
                    // positions sit 0.7 of the offset out, as they would around a circle.
                    const double core = 0.7 * sizePx / 2.0;
                    context.labels->addObstacle(QRectF(px.x() - core, px.y() - core, 2 * core, 2 * core));
                    if (!label.isEmpty() && outputRect.contains(px))
                        context.labels->addLabel(LabelCandidate{label, px, sizePx / 2.0, true, priority, font,
                                                                symbol.labelColor, QColor(255, 255, 255, 230)});
                }
            }
        }
    }
    painter.restore();
}

} // namespace linewatch
