#include "claims/claims_layer.h"

#include "claims/claim_checker.h"
#include "crs/crs_transform.h"
#include "geodesy/geodesic.h"
#include "render/label_engine.h"
#include "render/layer_renderer.h"
#include "render/render_context.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace linewatch {

namespace {

/// Projects lon/lat vertices to output pixels; drops points PROJ cannot map.
QPolygonF toPixels(const CrsTransform &t, const MapSettings &s, const std::vector<LonLat> &vertices)
{
    QPolygonF poly;
    for (const LonLat &v : vertices) {
        QPointF m(v.lon, v.lat);
        if (t.forward(m))
            poly << s.mapToPixel(m);
    }
    return poly;
}

/// Points along the geodesic from a to b, dense enough to draw it as the
/// curve it is on any projection (every 1/64 of its length).
std::vector<LonLat> geodesicPoints(LonLat a, LonLat b)
{
    const Geodesic &g = Geodesic::wgs84();
    const Geodesic::Inverse inv = g.inverse(a, b);
    std::vector<LonLat> pts;
    const int n = 64;
    for (int i = 0; i <= n; ++i)
        pts.push_back(i == n ? b : g.direct(a, inv.azimuth1Deg, inv.distanceM * i / n));
    return pts;
}

/// The geodesic circle of radius r around c (every 5 degrees of azimuth).
std::vector<LonLat> geodesicCircle(LonLat c, double radiusM)
{
    std::vector<LonLat> pts;
    for (int az = 0; az <= 360; az += 5)
        pts.push_back(Geodesic::wgs84().direct(c, az, radiusM));
    return pts;
}

class ClaimsRenderer : public LayerRenderer
{
public:
    ClaimsRenderer(std::shared_ptr<const ClaimSet> claims, std::shared_ptr<const LineSet> lines,
                   std::vector<Verdict> verdicts)
        : mClaims(std::move(claims)), mLines(std::move(lines)), mVerdicts(std::move(verdicts))
    {
    }

    void render(RenderContext &ctx) override
    {
        QString error;
        const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), ctx.settings.crs(), &error);
        if (!t) {
            addError(error);
            return;
        }
        QPainter &p = *ctx.painter;
        const double ppt = ctx.settings.pixelsPerPoint();
        p.save();
        p.setRenderHint(QPainter::Antialiasing, true);
        const auto &claims = mClaims->claims();
        for (std::size_t i = 0; i < claims.size() && i < mVerdicts.size(); ++i) {
            if (ctx.isCancelled())
                break;
            const Claim &c = claims[i];
            const Verdict &v = mVerdicts[i];
            const QColor colour = ClaimsLayer::colourOf(v.outcome);
            QColor fill = colour;
            fill.setAlpha(45);

            // The shortest geodesic to the line version of the claim's date.
            if (c.point && mLines && !v.lineId.isEmpty()) {
                if (const LineVersion *version = mLines->byId(v.lineId)) {
                    const NearestPoint n = version->geometry.nearest(*c.point);
                    const QPolygonF link = toPixels(*t, ctx.settings, geodesicPoints(*c.point, n.foot));
                    p.setPen(QPen(colour.darker(120), 1.2 * ppt, Qt::DashLine, Qt::RoundCap));
                    p.setBrush(Qt::NoBrush);
                    p.drawPolyline(link);
                    if (!link.isEmpty()) {
                        p.setPen(QPen(Qt::white, 0.8 * ppt));
                        p.setBrush(colour.darker(120));
                        p.drawEllipse(link.last(), 2.6 * ppt, 2.6 * ppt);
                    }
                }
            }

            QPointF anchor;
            if (c.point) {
                if (c.uncertaintyM > 0) {
                    p.setPen(QPen(colour, 1.0 * ppt, Qt::DashLine));
                    p.setBrush(fill);
                    p.drawPolygon(toPixels(*t, ctx.settings, geodesicCircle(*c.point, c.uncertaintyM)));
                }
                QPointF m(c.point->lon, c.point->lat);
                if (!t->forward(m))
                    continue;
                anchor = ctx.settings.mapToPixel(m);
                const double r = 4.2 * ppt;
                p.setPen(QPen(Qt::white, 1.2 * ppt));
                p.setBrush(colour);
                QPainterPath diamond;
                diamond.moveTo(anchor + QPointF(0, -r * 1.3));
                diamond.lineTo(anchor + QPointF(r, 0));
                diamond.lineTo(anchor + QPointF(0, r * 1.3));
                diamond.lineTo(anchor + QPointF(-r, 0));
                diamond.closeSubpath();
                p.drawPath(diamond);
                if (ctx.labels)
                    ctx.labels->addObstacle(QRectF(anchor - QPointF(r, r * 1.3), QSizeF(2 * r, 2.6 * r)));
            } else if (!c.geometryParts.empty()) {
                QPainterPath area;
                area.setFillRule(Qt::OddEvenFill);
                for (const auto &ring : c.geometryParts)
                    area.addPolygon(toPixels(*t, ctx.settings, ring));
                p.setPen(QPen(colour, 1.6 * ppt));
                p.setBrush(fill);
                p.drawPath(area);
                anchor = area.boundingRect().center();
            } else {
                continue;
            }
            if (ctx.labels) {
                LabelCandidate label;
                label.text = QStringLiteral("%1: %2").arg(c.id, Verdict::outcomeName(v.outcome));
                label.anchor = anchor;
                label.offset = 5 * ppt;
                label.priority = 100;
                label.font.setPointSizeF(8.0);
                label.font.setBold(true);
                label.color = colour.darker(140);
                ctx.labels->addLabel(label);
            }
        }
        p.restore();
    }

private:
    std::shared_ptr<const ClaimSet> mClaims;
    std::shared_ptr<const LineSet> mLines;
    std::vector<Verdict> mVerdicts;
};

} // namespace

QColor ClaimsLayer::colourOf(Verdict::Outcome outcome)
{
    switch (outcome) {
    case Verdict::Outcome::Supported: return QColor(0x2e, 0x7d, 0x32);
    case Verdict::Outcome::Contradicted: return QColor(0xc6, 0x28, 0x28);
    case Verdict::Outcome::Indeterminate: return QColor(0xe0, 0x8a, 0x00);
    case Verdict::Outcome::Error: return QColor(0x61, 0x61, 0x61);
    }
    return Qt::black;
}

Result<std::unique_ptr<ClaimsLayer>> ClaimsLayer::open(const QString &path, const QString &linesPath,
                                                       const std::atomic_bool *cancel)
{
    auto claims = ClaimSet::load(path);
    if (!claims.ok())
        return claims.error();
    std::shared_ptr<const LineSet> lines;
    if (!linesPath.isEmpty()) {
        auto loaded = LineSet::load(linesPath);
        if (!loaded.ok())
            return loaded.error();
        lines = std::make_shared<const LineSet>(std::move(loaded).value());
    }
    if (cancel && cancel->load())
        return Error{QStringLiteral("cancelled"), path};
    auto claimSet = std::make_shared<const ClaimSet>(std::move(claims).value());
    std::vector<Verdict> verdicts;
    for (const Claim &c : claimSet->claims()) {
        if (lines && lines->problems().isEmpty()) {
            verdicts.push_back(ClaimChecker(*lines).check(c));
        } else {
            Verdict v;
            v.claimId = c.id;
            v.claimSource = c.source;
            v.reason = lines ? QObject::tr("the lines file %1 has problems").arg(linesPath)
                             : QObject::tr("no lines file to check against");
            verdicts.push_back(v);
        }
    }
    auto layer = std::make_unique<ClaimsLayer>(claimSet, lines, std::move(verdicts));
    layer->setSourcePath(path);
    return layer;
}

ClaimsLayer::ClaimsLayer(std::shared_ptr<const ClaimSet> claims, std::shared_ptr<const LineSet> lines,
                         std::vector<Verdict> verdicts, QObject *parent)
    : Layer(parent), mClaims(std::move(claims)), mLines(std::move(lines)), mVerdicts(std::move(verdicts))
{
    setName(tr("Claims"));
    QStringList sources;
    for (const Claim &c : mClaims->claims())
        if (!c.source.isEmpty() && !sources.contains(c.source))
            sources << c.source;
    setAttribution(sources.join(QLatin1String("; ")));
}

QRectF ClaimsLayer::extent() const
{
    QRectF box;
    for (const Claim &c : mClaims->claims())
        for (const auto &part : c.geometryParts)
            for (const LonLat &p : part) {
                const QRectF r(p.lon, p.lat, 1e-9, 1e-9);
                box = box.isNull() ? r : box.united(r);
            }
    return box;
}

std::unique_ptr<LayerRenderer> ClaimsLayer::createRenderer(const MapSettings &) const
{
    return std::make_unique<ClaimsRenderer>(mClaims, mLines, mVerdicts);
}

QList<LegendItem> ClaimsLayer::legend() const
{
    QList<LegendItem> items;
    for (Verdict::Outcome o : {Verdict::Outcome::Supported, Verdict::Outcome::Contradicted,
                               Verdict::Outcome::Indeterminate, Verdict::Outcome::Error}) {
        LegendItem item;
        item.symbol = LegendItem::Symbol::Marker;
        item.pen = QPen(Qt::white, 1.0);
        item.brush = colourOf(o);
        item.markerSize = 9;
        int count = 0;
        for (const Verdict &v : mVerdicts)
            count += v.outcome == o;
        item.label = tr("%1 (%2)").arg(Verdict::outcomeName(o)).arg(count);
        items << item;
    }
    LegendItem link;
    link.symbol = LegendItem::Symbol::Line;
    link.pen = QPen(QColor(0x50, 0x50, 0x50), 1.2, Qt::DashLine);
    link.label = tr("shortest geodesic to the line (WGS84)");
    items << link;
    return items;
}

} // namespace linewatch
