#include "render/buffer_layer.h"

#include "crs/crs_transform.h"
#include "geodesy/geodesic_offset.h"
#include "render/layer_renderer.h"
#include "render/render_context.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

namespace linewatch {

namespace {

class BufferRenderer : public LayerRenderer
{
public:
    explicit BufferRenderer(std::shared_ptr<const std::vector<std::vector<LonLat>>> rings) : mRings(std::move(rings)) {}

    void render(RenderContext &ctx) override
    {
        const CrsTransform *t = wgs84ToMap(ctx.settings);
        if (!t)
            return;
        QPainterPath path;
        for (const auto &ring : *mRings) {
            QPolygonF poly;
            for (const LonLat &v : ring) {
                QPointF m(v.lon, v.lat);
                if (t->forward(m))
                    poly << ctx.settings.mapToPixel(m);
            }
            path.addPolygon(poly);
            path.closeSubpath();
        }
        QPainter &p = *ctx.painter;
        p.save();
        p.setRenderHint(QPainter::Antialiasing, true);
        QColor fill = BufferLayer::colour();
        fill.setAlpha(60);
        p.setPen(QPen(BufferLayer::colour(), 1.2 * ctx.settings.pixelsPerPoint()));
        p.setBrush(fill);
        p.drawPath(path);
        p.restore();
    }

private:
    std::shared_ptr<const std::vector<std::vector<LonLat>>> mRings;
};

} // namespace

BufferLayer::BufferLayer(const LineDistance &line, double widthM, Sides sides, const QString &lineName,
                         const QString &leftLabel, const QString &rightLabel, QObject *parent)
    : Layer(parent), mWidthM(widthM), mSides(sides)
{
    auto rings = std::make_shared<std::vector<std::vector<LonLat>>>();
    for (Side s : {Side::Left, Side::Right}) {
        if ((s == Side::Left && sides == Sides::Right) || (s == Side::Right && sides == Sides::Left))
            continue;
        for (auto &ring : GeodesicOffset::band(line, widthM, s))
            rings->push_back(std::move(ring));
    }
    mRings = std::move(rings);
    const QString width = QLocale(QLocale::English).toString(widthM, 'f', 0) + QStringLiteral(" m");
    QString side;
    switch (sides) {
    case Sides::Left: side = leftLabel.isEmpty() ? tr("left") : tr("left (%1)").arg(leftLabel); break;
    case Sides::Right: side = rightLabel.isEmpty() ? tr("right") : tr("right (%1)").arg(rightLabel); break;
    case Sides::Both: side = tr("both sides"); break;
    }
    setName(tr("Buffer %1 of %2, %3").arg(width, lineName, side));
    mDescription = tr("within %1 of line %2 on %3 (geodesic, WGS84)").arg(width, lineName, side);
}

QColor BufferLayer::colour() { return QColor(0x00, 0x83, 0x8f); }

QRectF BufferLayer::extent() const
{
    QRectF box;
    for (const auto &ring : *mRings)
        for (const LonLat &p : ring) {
            const QRectF r(p.lon, p.lat, 1e-9, 1e-9);
            box = box.isNull() ? r : box.united(r);
        }
    return box;
}

std::unique_ptr<LayerRenderer> BufferLayer::createRenderer(const MapSettings &) const
{
    return std::make_unique<BufferRenderer>(mRings);
}

QList<LegendItem> BufferLayer::legend() const
{
    LegendItem item;
    item.symbol = LegendItem::Symbol::Fill;
    item.pen = QPen(colour(), 1.0);
    QColor fill = colour();
    fill.setAlpha(60);
    item.brush = fill;
    item.label = mDescription;
    return {item};
}

} // namespace linewatch
