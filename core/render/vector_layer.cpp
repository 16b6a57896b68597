#include "render/vector_layer.h"

#include "render/projected_geometry_cache.h"
#include "render/vector_layer_renderer.h"

#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <utility>

namespace linewatch {

namespace {

/// Distance from p to the segment a-b [same units].
double segmentDistance(QPointF p, QPointF a, QPointF b)
{
    const QPointF ab = b - a;
    const double len2 = QPointF::dotProduct(ab, ab);
    double t = len2 > 0 ? QPointF::dotProduct(p - a, ab) / len2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    const QPointF q = a + ab * t;
    return std::hypot(p.x() - q.x(), p.y() - q.y());
}

double polylineDistance(QPointF p, const QPolygonF &line)
{
    double best = std::numeric_limits<double>::infinity();
    for (qsizetype i = 1; i < line.size(); ++i)
        best = std::min(best, segmentDistance(p, line[i - 1], line[i]));
    if (line.size() == 1)
        best = std::hypot(p.x() - line[0].x(), p.y() - line[0].y());
    return best;
}

} // namespace

Result<std::unique_ptr<VectorLayer>> VectorLayer::open(const QString &path, const std::atomic_bool *cancel,
                                                       const std::function<void(double)> &progress,
                                                       const VectorReadOptions &options)
{
    auto data = OgrVectorReader::read(path, cancel, progress, options);
    if (!data)
        return data.error();
    return std::make_unique<VectorLayer>(std::make_shared<const VectorData>(std::move(data).value()));
}

VectorLayer::VectorLayer(VectorDataPtr data, QObject *parent)
    : Layer(parent), mData(data ? std::move(data) : std::make_shared<const VectorData>()),
      mCache(std::make_shared<ProjectedGeometryCache>(mData))
{
    setSourcePath(mData->path);
    setName(QFileInfo(mData->path).completeBaseName());
    mStyle = VectorStyle::suggestedFor(*mData, dominantType());
    QStringList shortSources;
    for (const QString &source : sources())
        for (const QString &s : shortSource(source))
            if (!shortSources.contains(s))
                shortSources << s;
    setAttribution(shortSources.join(QStringLiteral(", ")));
    setApproximate(std::any_of(mData->features.begin(), mData->features.end(),
                               [](const VectorFeature &f) { return f.isApproximate(); }));
    if (!mData->crsAssumption.isEmpty())
        setHealth(Health::Warning, mData->crsAssumption);
}

VectorLayer::~VectorLayer() = default;

GeometryType VectorLayer::dominantType() const
{
    bool lines = false;
    for (const VectorFeature &f : mData->features) {
        if (!f.rings.isEmpty())
            return GeometryType::Polygon;
        lines = lines || !f.lines.isEmpty();
    }
    return lines ? GeometryType::Line : GeometryType::Point;
}

QStringList VectorLayer::shortSource(const QString &source)
{
    static const QRegularExpression url(QStringLiteral(R"(https?://([^/\s:?#]+))"));
    QStringList hosts;
    for (auto it = url.globalMatch(source); it.hasNext();) {
        QString host = it.next().captured(1).toLower();
        if (host.startsWith(QLatin1String("www.")))
            host = host.mid(4);
        host.replace(QLatin1String(".m."), QLatin1String("."));
        if (host.startsWith(QLatin1String("m.")))
            host = host.mid(2);
        if (!hosts.contains(host))
            hosts << host;
    }
    if (!hosts.isEmpty())
        return hosts;
    // "1:10m" is a scale, not a clause: only a ':' followed by a space ends one.
    static const QRegularExpression clauseEnd(QStringLiteral(R"(;|:\s)"));
    QString text = source.section(clauseEnd, 0, 0, QString::SectionSkipEmpty).trimmed();
    if (text.size() > 80)
        text = text.left(79).trimmed() + QChar(0x2026);
    return text.isEmpty() ? QStringList{} : QStringList{text};
}

QStringList VectorLayer::sources() const
{
    QStringList out;
    QSet<QString> seen;
    for (const VectorFeature &f : mData->features) {
        const QString s = f.source().trimmed();
        if (!s.isEmpty() && !seen.contains(s)) {
            seen.insert(s);
            out << s;
        }
    }
    return out;
}

void VectorLayer::setStyle(const VectorStyle &style)
{
    mStyle = style;
    emit changed();
}

std::unique_ptr<LayerRenderer> VectorLayer::createRenderer(const MapSettings &settings) const
{
    return std::make_unique<VectorLayerRenderer>(mData, mCache, mStyle, settings);
}

QList<LegendItem> VectorLayer::legend() const
{
    // Which symbols are in use, with and without approximate features, in rule order.
    const int slotCount = mStyle.rules.size() + 1; // last slot: the base symbol
    std::vector<bool> used(slotCount, false), usedApprox(slotCount, false);
    std::vector<GeometryType> types(slotCount, GeometryType::Point);
    for (const VectorFeature &f : mData->features) {
        const VectorSymbol *s = &mStyle.symbolFor(f.attributes);
        int slot = slotCount - 1;
        for (int i = 0; i < mStyle.rules.size(); ++i)
            if (s == &mStyle.rules[i].symbol)
                slot = i;
        (f.isApproximate() ? usedApprox : used)[slot] = true;
        types[slot] = std::max(types[slot], f.type(), [](GeometryType a, GeometryType b) {
            return static_cast<int>(a) < static_cast<int>(b);
        });
    }
    QList<LegendItem> items;
    for (int slot = 0; slot < slotCount; ++slot) {
        const bool isBase = slot == slotCount - 1;
        const VectorSymbol &s = isBase ? mStyle.base : mStyle.rules[slot].symbol;
        QString label = s.legendLabel;
        if (label.isEmpty())
            label = isBase ? name() : mStyle.rules[slot].value;
        for (const bool approx : {false, true}) {
            if (!(approx ? usedApprox : used)[slot])
                continue;
            LegendItem item;
            const GeometryType t = types[slot];
            item.symbol = t == GeometryType::Point ? LegendItem::Symbol::Marker
                          : t == GeometryType::Line ? LegendItem::Symbol::Line
                                                    : LegendItem::Symbol::Fill;
            item.label = approx ? label + QStringLiteral(" (approximate)") : label;
            item.pen = VectorLayerRenderer::strokePen(s, t, approx, 1.0);
            item.brush = VectorLayerRenderer::fillBrush(s, t, approx);
            item.markerSize = s.markerSizePt;
            item.markerPath = VectorSymbol::markerPath(s.marker, 1.0);
            items << item;
        }
    }
    return items;
}

QList<int> VectorLayer::featuresAt(const MapSettings &settings, QPointF pixel, double tolerancePx) const
{
    const auto projected = mCache->get(settings.crs());
    if (!projected)
        return {};
    const QTransform toPixel = settings.mapToPixelTransform();
    const double mupp = settings.mapUnitsPerPixel();
    const QPointF map = settings.pixelToMap(pixel);
    const double tol = tolerancePx * mupp;
    QList<std::pair<double, int>> hits;
    for (std::size_t i = 0; i < projected->size(); ++i) {
        const ProjectedFeature &p = (*projected)[i];
        if (p.isEmpty() || !p.bounds.adjusted(-tol, -tol, tol, tol).contains(map))
            continue;
        double best = std::numeric_limits<double>::infinity();
        for (const QPointF &q : p.points)
            best = std::min(best, std::hypot(toPixel.map(q).x() - pixel.x(), toPixel.map(q).y() - pixel.y()));
        for (const QPolygonF &l : p.lines)
            best = std::min(best, polylineDistance(pixel, toPixel.map(l)));
        if (!p.rings.isEmpty()) {
            int inside = 0;
            for (const QPolygonF &r : p.rings)
                inside += r.containsPoint(map, Qt::OddEvenFill) ? 1 : 0;
            if (inside % 2 == 1)
                best = 0.0;
            else
                for (const QPolygonF &r : p.rings)
                    best = std::min(best, polylineDistance(pixel, toPixel.map(r)));
        }
        if (best <= tolerancePx)
            hits << std::make_pair(best, static_cast<int>(i));
    }
    std::stable_sort(hits.begin(), hits.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<int> out;
    for (const auto &h : hits)
        out << h.second;
    return out;
}

} // namespace linewatch
