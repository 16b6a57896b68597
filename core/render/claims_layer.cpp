#include "render/claims_layer.h"

#include "claims/claim_checker.h"
#include "crs/crs_transform.h"
#include "geodesy/geodesic.h"
#include "geodesy/range_rings.h"
#include "render/label_engine.h"
#include "render/layer_renderer.h"
#include "render/render_context.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

namespace linewatch {

namespace {

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

class ClaimsRenderer : public LayerRenderer
{
public:
    ClaimsRenderer(std::shared_ptr<const ClaimSet> claims, std::shared_ptr<const LineSet> lines,
                   std::vector<Verdict> verdicts, QString selectedId,
                   std::shared_ptr<const std::vector<std::vector<LonLat>>> band)
        : mClaims(std::move(claims)), mLines(std::move(lines)), mVerdicts(std::move(verdicts)),
          mSelectedId(std::move(selectedId)), mBand(std::move(band))
    {
    }

    void render(RenderContext &ctx) override
    {
        const CrsTransform *t = wgs84ToMap(ctx.settings);
        if (!t)
            return;
        QPainter &p = *ctx.painter;
        const double ppt = ctx.settings.pixelsPerPoint();
        p.save();
        p.setRenderHint(QPainter::Antialiasing, true);
        // The band where "beyond D" begins, under the claims.
        if (mBand && !mBand->empty()) {
            QPainterPath band;
            for (const auto &ring : *mBand)
                band.addPolygon(ctx.settings.lonLatToPixels(*t, ring));
            band.closeSubpath();
            p.setPen(QPen(ClaimsLayer::bandColour().darker(130), 1.2 * ppt, Qt::DashLine));
            p.setBrush(QBrush(ClaimsLayer::bandColour(), Qt::BDiagPattern));
            p.drawPath(band);
            QColor wash = ClaimsLayer::bandColour();
            wash.setAlpha(40);
            p.setPen(Qt::NoPen);
            p.setBrush(wash);
            p.drawPath(band);
        }
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
                    const QPolygonF link = ctx.settings.lonLatToPixels(*t, geodesicPoints(*c.point, n.foot));
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

            const bool selected = !mSelectedId.isEmpty() && c.id == mSelectedId;
            QPointF anchor;
            if (c.point && selected) {
                QPointF m(c.point->lon, c.point->lat);
                if (t->forward(m)) {
                    const QPointF at = ctx.settings.mapToPixel(m);
                    p.setPen(QPen(ClaimsLayer::highlightColour(), 3.0 * ppt));
                    p.setBrush(Qt::NoBrush);
                    p.drawEllipse(at, 11 * ppt, 11 * ppt);
                }
            }
            if (c.point) {
                if (c.uncertaintyM > 0) {
                    p.setPen(QPen(colour, 1.0 * ppt, Qt::DashLine));
                    p.setBrush(fill);
                    p.drawPolygon(ctx.settings.lonLatToPixels(*t, RangeRings::ring(*c.point, c.uncertaintyM, 72)));
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
                    area.addPolygon(ctx.settings.lonLatToPixels(*t, ring));
                if (selected) {
                    p.setPen(QPen(ClaimsLayer::highlightColour(), 5.0 * ppt));
                    p.setBrush(Qt::NoBrush);
                    p.drawPath(area);
                }
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
    QString mSelectedId;
    std::shared_ptr<const std::vector<std::vector<LonLat>>> mBand;
};

} // namespace

QColor ClaimsLayer::highlightColour() { return QColor(0x00, 0xb8, 0xd4); }
QColor ClaimsLayer::bandColour() { return QColor(0x6a, 0x1b, 0x9a); }

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
    for (const Claim &c : claimSet->claims())
        verdicts.push_back(ClaimChecker::checkAgainst(lines.get(), c));
    auto layer = std::make_unique<ClaimsLayer>(claimSet, lines, std::move(verdicts));
    layer->setSourcePath(path);
    return layer;
}

ClaimsLayer::ClaimsLayer(std::shared_ptr<const ClaimSet> claims, std::shared_ptr<const LineSet> lines,
                         std::vector<Verdict> verdicts, QObject *parent)
    : Layer(parent), mClaims(std::move(claims)), mLines(std::move(lines)), mVerdicts(std::move(verdicts)),
      mSelectedBand(std::make_shared<const std::vector<std::vector<LonLat>>>())
{
    setName(tr("Claims"));
    updateAttribution();
}

void ClaimsLayer::updateAttribution()
{
    QStringList sources;
    for (const Claim &c : mClaims->claims())
        if (!c.source.isEmpty() && !sources.contains(c.source))
            sources << c.source;
    setAttribution(sources.join(QLatin1String("; ")));
}

int ClaimsLayer::indexOf(const QString &id) const
{
    const auto &claims = mClaims->claims();
    for (std::size_t i = 0; i < claims.size(); ++i)
        if (claims[i].id == id)
            return static_cast<int>(i);
    return -1;
}

const LineVersion *ClaimsLayer::versionOf(int index) const
{
    if (!mLines || index < 0 || index >= static_cast<int>(mVerdicts.size()) || mVerdicts[index].lineId.isEmpty())
        return nullptr;
    return mLines->byId(mVerdicts[index].lineId);
}

Verdict ClaimsLayer::check(const Claim &claim) const { return ClaimChecker::checkAgainst(mLines.get(), claim); }

void ClaimsLayer::setClaims(std::vector<Claim> claims, std::vector<Verdict> verdicts)
{
    emit claimsAboutToChange();
    mClaims = std::make_shared<const ClaimSet>(ClaimSet::fromClaims(std::move(claims), mClaims->path()));
    mVerdicts = std::move(verdicts);
    // Selection and band first: the attribution's signal makes the layer
    // panel read legend(), which describes the selected claim.
    const bool lostSelection = !mSelectedId.isEmpty() && indexOf(mSelectedId) < 0;
    if (lostSelection)
        mSelectedId.clear();
    updateBand();
    updateAttribution();
    emit claimsChanged();
    if (lostSelection)
        emit selectionChanged(mSelectedId);
    emit changed();
}

Status ClaimsLayer::insertClaim(int index, const Claim &claim)
{
    if (index < 0 || index > count())
        return Error{tr("no place %1 among %2 claims").arg(index).arg(count())};
    if (indexOf(claim.id) >= 0)
        return Error{tr("another claim already has the id '%1'").arg(claim.id)};
    std::vector<Claim> claims = mClaims->claims();
    std::vector<Verdict> verdicts = mVerdicts;
    verdicts.insert(verdicts.begin() + index, check(claim));
    claims.insert(claims.begin() + index, claim);
    setClaims(std::move(claims), std::move(verdicts));
    return Ok{};
}

Status ClaimsLayer::replaceClaim(int index, const Claim &claim)
{
    if (index < 0 || index >= count())
        return Error{tr("no claim %1 among %2").arg(index).arg(count())};
    const int other = indexOf(claim.id);
    if (other >= 0 && other != index)
        return Error{tr("another claim already has the id '%1'").arg(claim.id)};
    std::vector<Claim> claims = mClaims->claims();
    std::vector<Verdict> verdicts = mVerdicts;
    const bool wasSelected = claims[index].id == mSelectedId;
    claims[index] = claim;
    verdicts[index] = check(claim);
    if (wasSelected)
        mSelectedId = claim.id; // the edited claim stays selected under a new id
    setClaims(std::move(claims), std::move(verdicts));
    if (wasSelected)
        emit selectionChanged(mSelectedId);
    return Ok{};
}

Status ClaimsLayer::removeClaim(int index)
{
    if (index < 0 || index >= count())
        return Error{tr("no claim %1 among %2").arg(index).arg(count())};
    std::vector<Claim> claims = mClaims->claims();
    std::vector<Verdict> verdicts = mVerdicts;
    claims.erase(claims.begin() + index);
    verdicts.erase(verdicts.begin() + index);
    setClaims(std::move(claims), std::move(verdicts));
    return Ok{};
}

QJsonArray ClaimsLayer::toJson() const { return mClaims->toJson(); }

Status ClaimsLayer::restoreJson(const QJsonArray &features)
{
    auto set = ClaimSet::fromJson(features, mClaims->path());
    if (!set)
        return set.error();
    std::vector<Verdict> verdicts;
    for (const Claim &c : set->claims())
        verdicts.push_back(check(c));
    setClaims(set->claims(), std::move(verdicts));
    return Ok{};
}

void ClaimsLayer::setSelectedClaimId(const QString &id)
{
    const QString chosen = indexOf(id) >= 0 ? id : QString();
    if (chosen == mSelectedId)
        return;
    mSelectedId = chosen;
    updateBand();
    emit selectionChanged(mSelectedId);
    emit propertiesChanged(); // the legend describes the selected claim's band
    emit changed();
}

void ClaimsLayer::updateBand()
{
    auto band = std::make_shared<std::vector<std::vector<LonLat>>>();
    const int index = indexOf(mSelectedId);
    if (const LineVersion *version = versionOf(index); version && index >= 0)
        *band = ClaimChecker::beyondBand(mClaims->claims()[index], *version);
    mSelectedBand = std::move(band);
}

int ClaimsLayer::claimNear(LonLat position, double toleranceM) const { return mClaims->claimNear(position, toleranceM); }

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
    return std::make_unique<ClaimsRenderer>(mClaims, mLines, mVerdicts, mSelectedId, mSelectedBand);
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
    if (const int index = indexOf(mSelectedId); index >= 0 && !mSelectedBand->empty()) {
        LegendItem band;
        band.symbol = LegendItem::Symbol::Fill;
        band.pen = QPen(bandColour().darker(130), 1.0, Qt::DashLine);
        QColor wash = bandColour();
        wash.setAlpha(90);
        band.brush = QBrush(wash);
        const Claim &c = mClaims->claims()[index];
        const QString side = c.side.isEmpty() ? tr("either side") : tr("the %1 side").arg(c.side);
        band.label = tr("%1: within %2 m of line %3 on %4; \"beyond\" begins at its edge (geodesic, WGS84)")
                         .arg(c.id, QLocale(QLocale::English).toString(c.distanceM, 'f', 0), mVerdicts[index].lineId, side);
        items << band;
    }
    LegendItem link;
    link.symbol = LegendItem::Symbol::Line;
    link.pen = QPen(QColor(0x50, 0x50, 0x50), 1.2, Qt::DashLine);
    link.label = tr("shortest geodesic to the line (WGS84)");
    items << link;
    return items;
}

} // namespace linewatch
