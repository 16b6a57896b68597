#include "render/annotation_layer.h"

#include "crs/crs_transform.h"
#include "geodesy/geodesic.h"
#include "render/layer_renderer.h"
#include "render/render_context.h"

#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace linewatch {

namespace {

constexpr int kStepsPerSegment = 32;   ///< geodesic segments are drawn as 32 chords
constexpr int kCircleStepDeg = 2;      ///< circle outline: one vertex every 2 degrees of azimuth

bool isClosed(const Annotation &a)
{
    return a.kind == Annotation::Kind::Polygon || a.kind == Annotation::Kind::Circle
        || (a.kind == Annotation::Kind::Measurement && a.closed);
}

/// The path's vertices in order, the first repeated at the end when closed.
std::vector<LonLat> pathVertices(const Annotation &a)
{
    std::vector<LonLat> v = a.points;
    if (isClosed(a) && a.kind != Annotation::Kind::Circle && v.size() >= 3)
        v.push_back(v.front());
    return v;
}

QFont fontFor(const Annotation &a, double ppt, bool bold)
{
    QFont f;
    // Pixel size from points and the output's DPI, so a 300 dpi PDF matches the screen.
    f.setPixelSize(std::max(1, int(std::lround(a.fontPt * ppt))));
    f.setBold(bold);
    return f;
}

/// Text centred on centre, drawn as a path with a white halo so it reads on
/// any background (and stays vector text in PDF/SVG).
void drawHaloText(QPainter &p, QPointF centre, const QString &text, const QFont &font, const QColor &colour, double ppt)
{
    const QFontMetricsF fm(font);
    const QRectF box = fm.boundingRect(text);
    QPainterPath path;
    path.addText(centre - QPointF(box.width() / 2, -fm.ascent() / 2 + fm.descent() / 2), font, text);
    p.setPen(QPen(QColor(255, 255, 255, 230), 3.0 * ppt, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    p.drawPath(path);
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawPath(path);
}

QRectF textBox(const Annotation &a, QPointF centre, double ppt)
{
    const QFontMetricsF fm(fontFor(a, ppt, a.kind == Annotation::Kind::Text));
    const double w = fm.horizontalAdvance(a.text), h = fm.height();
    return QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h);
}

double distanceToSegment(QPointF p, QPointF a, QPointF b)
{
    const QPointF ab = b - a;
    const double len2 = QPointF::dotProduct(ab, ab);
    const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
    const QPointF d = p - (a + t * ab);
    return std::hypot(d.x(), d.y());
}

class AnnotationRenderer : public LayerRenderer
{
public:
    explicit AnnotationRenderer(std::vector<Annotation> annotations) : mAnnotations(std::move(annotations)) {}

    void render(RenderContext &ctx) override
    {
        const CrsTransform *t = wgs84ToMap(ctx.settings);
        if (!t)
            return;
        QPainter &p = *ctx.painter;
        p.save();
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setRenderHint(QPainter::TextAntialiasing, true);
        for (const Annotation &a : mAnnotations) {
            if (ctx.isCancelled())
                break;
            draw(p, *t, ctx.settings, a);
        }
        p.restore();
    }

private:
    void draw(QPainter &p, const CrsTransform &t, const MapSettings &s, const Annotation &a)
    {
        const double ppt = s.pixelsPerPoint();
        const QPen pen(a.colour, a.widthPt * ppt, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        QColor fill = a.colour;
        fill.setAlpha(40);
        const QPolygonF anchorPx = s.lonLatToPixels(t, a.points);
        if (anchorPx.size() != int(a.points.size()))
            return; // a point PROJ cannot map in this CRS: draw nothing rather than something wrong

        if (a.kind == Annotation::Kind::Text) {
            drawHaloText(p, anchorPx.first(), a.text, fontFor(a, ppt, true), a.colour, ppt);
            return;
        }
        const QPolygonF outline = s.lonLatToPixels(t, AnnotationLayer::outline(a));
        if (outline.size() < 2)
            return;
        p.setPen(pen);
        if (isClosed(a)) {
            p.setBrush(fill);
            p.drawPolygon(outline);
        } else {
            p.setBrush(Qt::NoBrush);
            p.drawPolyline(outline);
        }
        if (a.kind == Annotation::Kind::Arrow)
            drawArrowHead(p, outline, a, ppt);
        if (a.kind == Annotation::Kind::Measurement)
            drawMeasurementLabels(p, t, s, a, anchorPx, ppt);
        if (a.kind == Annotation::Kind::Circle) {
            const QPointF c = anchorPx.first();
            p.setPen(QPen(a.colour, 1.0 * ppt));
            p.drawLine(c - QPointF(4 * ppt, 0), c + QPointF(4 * ppt, 0));
            p.drawLine(c - QPointF(0, 4 * ppt), c + QPointF(0, 4 * ppt));
        }
        if (!a.text.isEmpty()) {
            const QFont font = fontFor(a, ppt, false);
            const QPointF at = isClosed(a) ? outline.boundingRect().center() : anchorPx.first() + QPointF(0, -QFontMetricsF(font).height());
            drawHaloText(p, at, a.text, font, a.colour.darker(130), ppt);
        }
    }

    void drawArrowHead(QPainter &p, const QPolygonF &outline, const Annotation &a, double ppt)
    {
        const QPointF tip = outline.last();
        // The direction of the last visible chord at the tip.
        QPointF from = outline[outline.size() - 2];
        for (int i = outline.size() - 2; i >= 0 && std::hypot(tip.x() - from.x(), tip.y() - from.y()) < 2.0; --i)
            from = outline[i];
        const double angle = std::atan2(tip.y() - from.y(), tip.x() - from.x());
        const double len = std::max(9.0, 4.0 * a.widthPt) * ppt, spread = 0.42;
        QPolygonF head;
        head << tip << tip - QPointF(len * std::cos(angle - spread), len * std::sin(angle - spread))
             << tip - QPointF(len * std::cos(angle + spread), len * std::sin(angle + spread));
        p.setPen(QPen(a.colour, 1.0 * ppt, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(a.colour);
        p.drawPolygon(head);
    }

    void drawMeasurementLabels(QPainter &p, const CrsTransform &t, const MapSettings &s, const Annotation &a,
                               const QPolygonF &vertexPx, double ppt)
    {
        const QFont font = fontFor(a, ppt, false);
        const std::vector<LonLat> v = pathVertices(a);
        const auto segs = AnnotationLayer::segments(a);
        p.setPen(QPen(Qt::white, 1.0 * ppt));
        p.setBrush(a.colour);
        for (const QPointF &px : vertexPx)
            p.drawEllipse(px, 2.5 * ppt, 2.5 * ppt);
        const QPointF centroid = vertexPx.boundingRect().center();
        const double textHeight = QFontMetricsF(font).height();
        for (std::size_t i = 0; i < segs.size() && i + 1 < v.size(); ++i) {
            // At the geodesic midpoint, along the segment and kept upright,
            // beside it: outside a closed ring, above an open path.
            const LonLat mid = Geodesic::wgs84().direct(v[i], segs[i].azimuthDeg, segs[i].lengthM / 2);
            const QPolygonF m = s.lonLatToPixels(t, {mid});
            const QPolygonF ends = s.lonLatToPixels(t, {v[i], v[i + 1]});
            if (m.isEmpty() || ends.size() != 2)
                continue;
            const QPointF d = ends[1] - ends[0];
            const double n = std::hypot(d.x(), d.y());
            if (n < 1.0)
                continue;
            QPointF normal(d.y() / n, -d.x() / n);
            const bool flip = a.closed ? QPointF::dotProduct(normal, m.first() - centroid) < 0 : normal.y() > 0;
            if (flip)
                normal = -normal;
            double angle = std::atan2(d.y(), d.x()) * 180.0 / M_PI;
            if (angle > 90)
                angle -= 180;
            else if (angle < -90)
                angle += 180;
            p.save();
            p.translate(m.first() + normal * (textHeight * 0.6 + a.widthPt * ppt));
            p.rotate(angle);
            drawHaloText(p, QPointF(0, 0), AnnotationLayer::segmentLabel(segs[i]), font, a.colour.darker(140), ppt);
            p.restore();
        }
        if (a.closed && vertexPx.size() >= 3) {
            QFont bold = font;
            bold.setBold(true);
            drawHaloText(p, vertexPx.boundingRect().center(), AnnotationLayer::areaLabel(AnnotationLayer::areaM2(a)),
                         bold, a.colour.darker(140), ppt);
        }
    }

    std::vector<Annotation> mAnnotations;
};

} // namespace

AnnotationLayer::AnnotationLayer(QObject *parent) : Layer(parent)
{
    setName(tr("Annotations"));
    // The attribution line of the map and of exported figures says whose marks these are.
    setAttribution(tr("added by the analyst; lengths, azimuths and areas geodesic on WGS84"));
}

int AnnotationLayer::indexOf(const QUuid &id) const
{
    for (std::size_t i = 0; i < mAnnotations.size(); ++i)
        if (mAnnotations[i].id == id)
            return int(i);
    return -1;
}

const Annotation *AnnotationLayer::find(const QUuid &id) const
{
    const int i = indexOf(id);
    return i < 0 ? nullptr : &mAnnotations[std::size_t(i)];
}

void AnnotationLayer::insert(int index, const Annotation &annotation)
{
    if (indexOf(annotation.id) >= 0)
        return;
    index = std::clamp(index, 0, count());
    mAnnotations.insert(mAnnotations.begin() + index, annotation);
    emitChanged();
}

bool AnnotationLayer::update(const Annotation &annotation)
{
    const int i = indexOf(annotation.id);
    if (i < 0)
        return false;
    mAnnotations[std::size_t(i)] = annotation;
    emitChanged();
    return true;
}

bool AnnotationLayer::remove(const QUuid &id)
{
    const int i = indexOf(id);
    if (i < 0)
        return false;
    mAnnotations.erase(mAnnotations.begin() + i);
    emitChanged();
    return true;
}

void AnnotationLayer::clear()
{
    if (mAnnotations.empty())
        return;
    mAnnotations.clear();
    emitChanged();
}

void AnnotationLayer::emitChanged()
{
    emit annotationsChanged();
    emit changed();
}

QRectF AnnotationLayer::extent() const
{
    QRectF box;
    for (const Annotation &a : mAnnotations)
        for (const LonLat &p : a.kind == Annotation::Kind::Text ? a.points : outline(a)) {
            const QRectF r(p.lon, p.lat, 1e-9, 1e-9);
            box = box.isNull() ? r : box.united(r);
        }
    return box;
}

std::unique_ptr<LayerRenderer> AnnotationLayer::createRenderer(const MapSettings &) const
{
    return std::make_unique<AnnotationRenderer>(mAnnotations);
}

std::vector<LonLat> AnnotationLayer::outline(const Annotation &a)
{
    const Geodesic &g = Geodesic::wgs84();
    std::vector<LonLat> out;
    if (a.kind == Annotation::Kind::Text)
        return a.points;
    if (a.kind == Annotation::Kind::Circle) {
        if (a.points.empty())
            return out;
        for (int az = 0; az < 360; az += kCircleStepDeg)
            out.push_back(g.direct(a.points.front(), az, a.radiusM));
        out.push_back(out.front());
        return out;
    }
    const std::vector<LonLat> v = pathVertices(a);
    for (std::size_t i = 0; i + 1 < v.size(); ++i) {
        const Geodesic::Inverse inv = g.inverse(v[i], v[i + 1]);
        for (int k = 0; k < kStepsPerSegment; ++k)
            out.push_back(k == 0 ? v[i] : g.direct(v[i], inv.azimuth1Deg, inv.distanceM * k / kStepsPerSegment));
    }
    if (!v.empty())
        out.push_back(v.back());
    return out;
}

std::vector<AnnotationLayer::SegmentMeasure> AnnotationLayer::segments(const Annotation &a)
{
    std::vector<SegmentMeasure> out;
    if (a.kind == Annotation::Kind::Text || a.kind == Annotation::Kind::Circle)
        return out;
    const std::vector<LonLat> v = pathVertices(a);
    for (std::size_t i = 0; i + 1 < v.size(); ++i) {
        const Geodesic::Inverse inv = Geodesic::wgs84().inverse(v[i], v[i + 1]);
        SegmentMeasure m;
        m.lengthM = inv.distanceM;
        m.azimuthDeg = std::fmod(inv.azimuth1Deg + 360.0, 360.0);
        out.push_back(m);
    }
    return out;
}

double AnnotationLayer::areaM2(const Annotation &a)
{
    if (!isClosed(a))
        return 0.0;
    std::vector<LonLat> ring = a.kind == Annotation::Kind::Circle ? outline(a) : a.points;
    if (a.kind == Annotation::Kind::Circle && !ring.empty())
        ring.pop_back(); // geod_polygonarea closes the ring itself
    if (ring.size() < 3)
        return 0.0;
    return std::abs(Geodesic::wgs84().polygon(ring).areaM2);
}

QString AnnotationLayer::segmentLabel(const SegmentMeasure &s)
{
    const QLocale locale;
    const QString length = s.lengthM >= 10000 ? QStringLiteral("%1 km").arg(locale.toString(s.lengthM / 1000, 'f', 2))
                         : s.lengthM >= 1000  ? QStringLiteral("%1 km").arg(locale.toString(s.lengthM / 1000, 'f', 3))
                                              : QStringLiteral("%1 m").arg(locale.toString(s.lengthM, 'f', 0));
    const int az = int(std::lround(s.azimuthDeg)) % 360;
    return QStringLiteral("%1 · %2°").arg(length).arg(az, 3, 10, QLatin1Char('0'));
}

QString AnnotationLayer::areaLabel(double areaM2)
{
    const QLocale locale;
    return areaM2 >= 1e5 ? QStringLiteral("%1 km²").arg(locale.toString(areaM2 / 1e6, 'f', 2))
                         : QStringLiteral("%1 m²").arg(locale.toString(areaM2, 'f', 0));
}

QUuid AnnotationLayer::hitTest(const MapSettings &s, QPointF pixel, double tol) const
{
    QString error;
    const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), s.crs(), &error);
    if (!t)
        return {};
    const double ppt = s.pixelsPerPoint();
    for (auto it = mAnnotations.rbegin(); it != mAnnotations.rend(); ++it) {
        const Annotation &a = *it;
        if (a.kind == Annotation::Kind::Text) {
            const QPolygonF px = s.lonLatToPixels(*t, a.points);
            if (!px.isEmpty() && textBox(a, px.first(), ppt).adjusted(-tol, -tol, tol, tol).contains(pixel))
                return a.id;
            continue;
        }
        const QPolygonF px = s.lonLatToPixels(*t, outline(a));
        if (isClosed(a) && px.containsPoint(pixel, Qt::OddEvenFill))
            return a.id;
        for (int i = 0; i + 1 < px.size(); ++i)
            if (distanceToSegment(pixel, px[i], px[i + 1]) <= tol + a.widthPt * ppt / 2)
                return a.id;
    }
    return {};
}

} // namespace linewatch
