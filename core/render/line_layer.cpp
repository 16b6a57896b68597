#include "render/line_layer.h"

#include "crs/crs_transform.h"
#include "render/label_engine.h"
#include "render/layer_renderer.h"
#include "render/render_context.h"

#include <QJsonObject>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace linewatch {

namespace {

const QColor kLineColour(0xb0, 0x1c, 0x2e);

/// Draws one line version: casing, the line (dashed when approximate), and
/// the side labels, offset to each side of the longest part's middle segment.
class LineRenderer : public LayerRenderer
{
public:
    LineRenderer(std::shared_ptr<const LineSet> lines, const LineVersion *version)
        : mLines(std::move(lines)), mVersion(version)
    {
    }

    void render(RenderContext &ctx) override
    {
        if (!mVersion)
            return;
        const CrsTransform *t = wgs84ToMap(ctx.settings);
        if (!t)
            return;
        const double ppt = ctx.settings.pixelsPerPoint();
        QPainter &p = *ctx.painter;
        QPainterPath path;
        QPolygonF longest;
        for (const auto &part : mVersion->geometry.parts()) {
            QPolygonF poly;
            for (const LonLat &v : part) {
                QPointF m(v.lon, v.lat);
                if (t->forward(m))
                    poly << ctx.settings.mapToPixel(m);
            }
            if (poly.size() < 2)
                continue;
            path.addPolygon(poly);
            if (poly.size() > longest.size())
                longest = poly;
        }
        p.save();
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setBrush(Qt::NoBrush);
        QPen casing(QColor(255, 255, 255, 220), 5.0 * ppt, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        p.setPen(casing);
        p.drawPath(path);
        QPen line(kLineColour, 2.4 * ppt, Qt::SolidLine, Qt::FlatCap, Qt::RoundJoin);
        if (mVersion->approximate)
            line.setDashPattern({4.0, 1.6});
        p.setPen(line);
        p.drawPath(path);
        p.restore();

        if (!ctx.labels || longest.size() < 2)
            return;
        // Side labels at the middle of the longest part, perpendicular to it.
        const int mid = (longest.size() - 1) / 2;
        const QPointF a = longest[mid], b = longest[mid + 1];
        const QPointF m = (a + b) / 2;
        QPointF d = b - a;
        const double len = std::hypot(d.x(), d.y());
        if (len <= 0)
            return;
        d /= len;
        // Pixel y grows down: the left of the direction (dx, dy) is (dy, -dx).
        const QPointF left(d.y(), -d.x());
        QFont font;
        font.setPointSizeF(7.5);
        font.setItalic(true);
        for (const auto &[label, sign] : {std::pair{mVersion->leftLabel, 1.0}, std::pair{mVersion->rightLabel, -1.0}}) {
            if (label.isEmpty())
                continue;
            LabelCandidate c;
            c.text = label.section(QLatin1Char('('), 0, 0).trimmed();
            c.anchor = m + left * sign * 16.0 * ppt;
            c.aroundPoint = false;
            c.priority = 50;
            c.font = font;
            c.color = kLineColour.darker(130);
            ctx.labels->addLabel(c);
        }
    }

private:
    std::shared_ptr<const LineSet> mLines; // keeps mVersion alive
    const LineVersion *mVersion;
};

} // namespace

Result<std::unique_ptr<LineLayer>> LineLayer::open(const QString &path, const std::atomic_bool *cancel)
{
    auto lines = LineSet::load(path);
    if (!lines.ok())
        return lines.error();
    if (cancel && cancel->load())
        return Error{QStringLiteral("cancelled"), path};
    if (!lines->problems().isEmpty()) {
        QStringList all;
        for (const Error &e : lines->problems())
            all << e.toString();
        return Error{QStringLiteral("the lines file has problems:\n%1").arg(all.join(QLatin1Char('\n'))), path};
    }
    if (lines->versions().empty())
        return Error{QStringLiteral("no line versions in the file"), path};
    auto layer = std::make_unique<LineLayer>(std::make_shared<const LineSet>(std::move(lines).value()));
    layer->setSourcePath(path);
    return layer;
}

LineLayer::LineLayer(std::shared_ptr<const LineSet> lines, QObject *parent) : Layer(parent), mLines(std::move(lines))
{
    setName(mLines->names().value(0, QStringLiteral("Line")));
    updateDescription();
}

QRectF LineLayer::extent() const
{
    QRectF box;
    for (const LineVersion &v : mLines->versions())
        for (const auto &part : v.geometry.parts())
            for (const LonLat &p : part)
                box = box.isNull() ? QRectF(p.lon, p.lat, 1e-9, 1e-9) : box.united(QRectF(p.lon, p.lat, 1e-9, 1e-9));
    return box;
}

void LineLayer::setDisplayDate(const QDate &date)
{
    if (date == mDate)
        return;
    mDate = date;
    updateDescription();
    emit changed();
}

const LineVersion *LineLayer::shownVersion() const
{
    const QString name = mLines->names().value(0);
    if (mDate.isValid()) {
        auto v = mLines->select(name, mDate);
        return v.ok() ? v.value() : nullptr;
    }
    const LineVersion *newest = nullptr;
    for (const LineVersion &v : mLines->versions())
        if (v.name == name && (!newest || v.validFrom > newest->validFrom))
            newest = &v;
    return newest;
}

void LineLayer::applyStyle(const QJsonObject &style)
{
    const QDate d = QDate::fromString(style.value(QLatin1String("date")).toString(), Qt::ISODate);
    if (d.isValid())
        setDisplayDate(d);
}

void LineLayer::updateDescription()
{
    const LineVersion *v = shownVersion();
    setApproximate(v && v->approximate);
    setAttribution(v ? v->source : QString());
    if (!v)
        setHealth(Health::Warning, tr("no version of the line is valid on %1").arg(mDate.toString(Qt::ISODate)));
    else
        setHealth(Health::Ok);
}

std::unique_ptr<LayerRenderer> LineLayer::createRenderer(const MapSettings &) const
{
    return std::make_unique<LineRenderer>(mLines, shownVersion());
}

QList<LegendItem> LineLayer::legend() const
{
    QList<LegendItem> items;
    const LineVersion *v = shownVersion();
    if (!v)
        return items;
    LegendItem line;
    line.symbol = LegendItem::Symbol::Line;
    line.pen = QPen(kLineColour, 2.0, v->approximate ? Qt::DashLine : Qt::SolidLine);
    line.label = tr("%1, version %2 (%3)%4")
                     .arg(v->name, v->id, v->intervalText(),
                          v->accuracyM > 0 ? tr(", ±%1 m").arg(v->accuracyM, 0, 'f', 0) : QString());
    items << line;
    return items;
}

} // namespace linewatch
