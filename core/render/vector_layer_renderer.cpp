#include "render/vector_layer_renderer.h"

#include "render/label_engine.h"
#include "render/render_context.h"

#include <QPainter>
#include <QPainterPath>
#include <QPainterPathStroker>

#include <cmath>
#include <map>
#include <utility>

namespace linewatch {

namespace {

// How often the draw loop looks at the cancel flag [features].
constexpr std::size_t kCancelCheckInterval = 64;
// Vertices closer than this to the previous one are not drawn [px] (QGIS's
// default simplification threshold is also 1 px).
constexpr double kMinVertexStepPx = 1.0;

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

/// Drops vertices closer than minStepPx to the last one kept (the last
/// vertex is always kept): a zoomed-out view otherwise strokes thousands of
/// vertices into a single pixel.
QPolygonF decimated(const QPolygonF &in, double minStepPx)
{
    if (in.size() <= 2)
        return in;
    QPolygonF out;
    out.reserve(in.size());
    out << in.first();
    const double min2 = minStepPx * minStepPx;
    for (qsizetype i = 1; i + 1 < in.size(); ++i) {
        const QPointF d = in[i] - out.last();
        if (d.x() * d.x() + d.y() * d.y() >= min2)
            out << in[i];
    }
    out << in.last();
    return out;
}

/// The path as straight-edged polygons (curves flattened at device scale).
QPainterPath flattened(const QPainterPath &path)
{
    QPainterPath out;
    out.setFillRule(path.fillRule());
    for (const QPolygonF &poly : path.toFillPolygons())
        out.addPolygon(poly);
    return out;
}

/// Liang-Barsky: clips the segment a-b to r in place; false when it misses.
bool clipSegment(QPointF &a, QPointF &b, const QRectF &r)
{
    const double dx = b.x() - a.x(), dy = b.y() - a.y();
    double t0 = 0.0, t1 = 1.0;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {a.x() - r.left(), r.right() - a.x(), a.y() - r.top(), r.bottom() - a.y()};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0.0) {
            if (q[i] < 0.0)
                return false;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0.0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return false;
    }
    const QPointF a0 = a;
    if (t1 < 1.0)
        b = a0 + QPointF(dx, dy) * t1;
    if (t0 > 0.0)
        a = a0 + QPointF(dx, dy) * t0;
    return true;
}

/// The parts of a polyline inside r [px]. Without this a deep zoom hands
/// QPainter lines millions of pixels long, which it dashes dash by dash.
QList<QPolygonF> clipPolyline(const QPolygonF &line, const QRectF &r)
{
    if (r.contains(line.boundingRect()))
        return {line};
    QList<QPolygonF> out;
    QPolygonF run;
    for (qsizetype i = 1; i < line.size(); ++i) {
        QPointF a = line[i - 1], b = line[i];
        if (!clipSegment(a, b, r)) {
            if (run.size() >= 2)
                out << run;
            run.clear();
            continue;
        }
        if (run.isEmpty() || run.last() != a) {
            if (run.size() >= 2)
                out << run;
            run = QPolygonF{a};
        }
        run << b;
        if (b != line[i]) { // the line leaves r here
            out << run;
            run.clear();
        }
    }
    if (run.size() >= 2)
        out << run;
    return out;
}

/// Sutherland-Hodgman: a ring clipped to r [px]. Each ring is clipped on its
/// own, which keeps odd-even filling right inside r; the new edges lie on r,
/// which the caller puts outside the visible output.
QPolygonF clipRing(const QPolygonF &ring, const QRectF &r)
{
    if (r.contains(ring.boundingRect()))
        return ring;
    QPolygonF poly = ring;
    for (int edge = 0; edge < 4 && !poly.isEmpty(); ++edge) {
        auto inside = [&](const QPointF &p) {
            switch (edge) {
            case 0: return p.x() >= r.left();
            case 1: return p.x() <= r.right();
            case 2: return p.y() >= r.top();
            default: return p.y() <= r.bottom();
            }
        };
        auto cross = [&](const QPointF &a, const QPointF &b) {
            double t = 0.0;
            switch (edge) {
            case 0: t = (r.left() - a.x()) / (b.x() - a.x()); break;
            case 1: t = (r.right() - a.x()) / (b.x() - a.x()); break;
            case 2: t = (r.top() - a.y()) / (b.y() - a.y()); break;
            default: t = (r.bottom() - a.y()) / (b.y() - a.y()); break;
            }
            return a + (b - a) * t;
        };
        QPolygonF out;
        out.reserve(poly.size() + 4);
        for (qsizetype i = 0; i < poly.size(); ++i) {
            const QPointF cur = poly[i];
            const QPointF prev = poly[(i + poly.size() - 1) % poly.size()];
            const bool curIn = inside(cur), prevIn = inside(prev);
            if (curIn) {
                if (!prevIn)
                    out << cross(prev, cur);
                out << cur;
            } else if (prevIn) {
                out << cross(prev, cur);
            }
        }
        poly = out;
    }
    return poly;
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
            widthPt = std::max(1.5, symbol.strokeWidthPt * 1.4);
            dash = {2.0, 1.0};
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
    // Geometry is clipped to this [px]: out of sight, so strokes on its edges never show.
    const QRectF clipRect = outputRect.adjusted(-64.0 * ppp, -64.0 * ppp, 64.0 * ppp, 64.0 * ppp);
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

    struct MarkerStamp
    {
        QPainterPath body;
        QBrush fill;
        QPainterPath outline;
        QColor outlineColor;
    };
    std::map<std::pair<const VectorSymbol *, bool>, MarkerStamp> stamps;

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
                for (const QPolygonF &r : p.rings) {
                    const QPolygonF clipped = clipRing(decimated(toPixel.map(r), kMinVertexStepPx), clipRect);
                    if (clipped.size() >= 3) {
                        path.addPolygon(clipped);
                        path.closeSubpath();
                    }
                }
                if (path.isEmpty())
                    continue;
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
                QList<QPolygonF> visibleRuns;
                for (const QPolygonF &l : p.lines)
                    visibleRuns += clipPolyline(decimated(toPixel.map(l), kMinVertexStepPx), clipRect);
                for (const QPolygonF &run : std::as_const(visibleRuns))
                    path.addPolygon(run);
                if (path.isEmpty())
                    continue;
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
                    // Halfway along the longest run in view, so a long line
                    // is labelled where it is seen.
                    const QPolygonF *longest = &visibleRuns.first();
                    for (const QPolygonF &run : std::as_const(visibleRuns))
                        if (polylineLength(run) > polylineLength(*longest))
                            longest = &run;
                    const QPointF anchor = midpointAlong(*longest);
                    if (outputRect.contains(anchor))
                        context.labels->addLabel(LabelCandidate{label, anchor, 0.0, false, priority, font,
                                                                symbol.labelColor, QColor(255, 255, 255, 220)});
                }
            } else if (pass == 2 && !p.points.isEmpty()) {
                const double sizePx = symbol.markerSizePt * ppp;
                // The marker and its outline as fills, made once per symbol:
                // filling a ready outline is far cheaper than stroking every
                // symbol, and PDF/SVG still get paths.
                const auto key = std::make_pair(&symbol, approximate);
                auto stamp = stamps.find(key);
                if (stamp == stamps.end()) {
                    MarkerStamp m;
                    // Flattened once here, not for every symbol drawn.
                    m.body = flattened(VectorSymbol::markerPath(symbol.marker, sizePx));
                    m.fill = fillBrush(symbol, GeometryType::Point, approximate);
                    const QPen pen = strokePen(symbol, GeometryType::Point, approximate, ppp);
                    if (pen.style() != Qt::NoPen && pen.widthF() > 0) {
                        QPainterPathStroker stroker(pen);
                        m.outline = flattened(stroker.createStroke(m.body).simplified());
                        m.outlineColor = pen.color();
                    }
                    stamp = stamps.emplace(key, std::move(m)).first;
                }
                const MarkerStamp &m = stamp->second;
                painter.setPen(Qt::NoPen);
                for (const QPointF &q : p.points) {
                    const QPointF px = toPixel.map(q);
                    if (m.fill.style() != Qt::NoBrush)
                        painter.fillPath(m.body.translated(px), m.fill);
                    if (!m.outline.isEmpty())
                        painter.fillPath(m.outline.translated(px), m.outlineColor);
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
