#include "render/vector_style.h"

#include <QJsonArray>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace linewatch {

namespace {

constexpr std::array<std::pair<MarkerShape, const char *>, 6> kShapeNames = {{
    {MarkerShape::Circle, "circle"},
    {MarkerShape::Square, "square"},
    {MarkerShape::Triangle, "triangle"},
    {MarkerShape::Diamond, "diamond"},
    {MarkerShape::Star, "star"},
    {MarkerShape::Cross, "cross"},
}};

QString colorName(const QColor &c) { return c.name(c.alpha() == 255 ? QColor::HexRgb : QColor::HexArgb); }

Result<QColor> readColor(const QJsonObject &json, const char *key, const QColor &fallback)
{
    const QString k = QString::fromLatin1(key);
    if (!json.contains(k))
        return fallback;
    const QString text = json.value(k).toString();
    QColor c = QColor::fromString(text);
    if (!c.isValid())
        return Error{QStringLiteral("style: \"%1\" is not a colour for \"%2\"").arg(text, k)};
    return c;
}

} // namespace

QString markerShapeName(MarkerShape shape)
{
    for (const auto &[s, name] : kShapeNames)
        if (s == shape)
            return QString::fromLatin1(name);
    return QStringLiteral("circle");
}

QPainterPath VectorSymbol::markerPath(MarkerShape shape, double sizePx)
{
    const double r = sizePx / 2.0;
    QPainterPath path;
    switch (shape) {
    case MarkerShape::Circle:
        path.addEllipse(QPointF(0, 0), r, r);
        break;
    case MarkerShape::Square:
        path.addRect(QRectF(-r * 0.9, -r * 0.9, r * 1.8, r * 1.8));
        break;
    case MarkerShape::Triangle: {
        // Equilateral, centred on its centroid so the summit point is the
        // centre of the symbol, as on topographic maps.
        const double h = sizePx * std::sqrt(3.0) / 2.0;
        path.moveTo(0, -2.0 * h / 3.0);
        path.lineTo(r, h / 3.0);
        path.lineTo(-r, h / 3.0);
        path.closeSubpath();
        break;
    }
    case MarkerShape::Diamond:
        path.moveTo(0, -r);
        path.lineTo(r * 0.8, 0);
        path.lineTo(0, r);
        path.lineTo(-r * 0.8, 0);
        path.closeSubpath();
        break;
    case MarkerShape::Star: {
        const double inner = r * 0.45;
        for (int i = 0; i < 10; ++i) {
            const double a = -std::numbers::pi / 2 + i * std::numbers::pi / 5;
            const double rr = (i % 2 == 0) ? r : inner;
            const QPointF p(rr * std::cos(a), rr * std::sin(a));
            if (i == 0)
                path.moveTo(p);
            else
                path.lineTo(p);
        }
        path.closeSubpath();
        break;
    }
    case MarkerShape::Cross: {
        const double w = r * 0.35;
        path.addRect(QRectF(-r, -w, 2 * r, 2 * w));
        path.addRect(QRectF(-w, -r, 2 * w, 2 * r));
        path = path.simplified();
        break;
    }
    }
    return path;
}

QJsonObject VectorSymbol::toJson() const
{
    QJsonObject o;
    o[QStringLiteral("stroke")] = colorName(strokeColor);
    o[QStringLiteral("strokeWidthPt")] = strokeWidthPt;
    QJsonArray dash;
    for (double d : dashPattern)
        dash.append(d);
    o[QStringLiteral("dash")] = dash;
    o[QStringLiteral("casing")] = colorName(casingColor);
    o[QStringLiteral("casingWidthPt")] = casingWidthPt;
    o[QStringLiteral("fill")] = colorName(fillColor);
    o[QStringLiteral("marker")] = markerShapeName(marker);
    o[QStringLiteral("markerSizePt")] = markerSizePt;
    o[QStringLiteral("labelFontSizePt")] = labelFontSizePt;
    o[QStringLiteral("labelBold")] = labelBold;
    o[QStringLiteral("labelColor")] = colorName(labelColor);
    o[QStringLiteral("labelPriority")] = labelPriority;
    if (!legendLabel.isEmpty())
        o[QStringLiteral("legend")] = legendLabel;
    return o;
}

Result<VectorSymbol> VectorSymbol::fromJson(const QJsonObject &json, const VectorSymbol &defaults)
{
    VectorSymbol s = defaults;
    auto stroke = readColor(json, "stroke", s.strokeColor);
    auto casing = readColor(json, "casing", s.casingColor);
    auto fill = readColor(json, "fill", s.fillColor);
    auto label = readColor(json, "labelColor", s.labelColor);
    for (const auto *r : {&stroke, &casing, &fill, &label})
        if (!r->ok())
            return r->error();
    s.strokeColor = *stroke;
    s.casingColor = *casing;
    s.fillColor = *fill;
    s.labelColor = *label;
    auto number = [&json](const char *key, double fallback) -> Result<double> {
        const QString k = QString::fromLatin1(key);
        if (!json.contains(k))
            return fallback;
        const QJsonValue v = json.value(k);
        if (!v.isDouble() || !std::isfinite(v.toDouble()) || v.toDouble() < 0)
            return Error{QStringLiteral("style: \"%1\" must be a number >= 0").arg(k)};
        return v.toDouble();
    };
    for (auto [key, field] : {std::pair{"strokeWidthPt", &s.strokeWidthPt}, std::pair{"casingWidthPt", &s.casingWidthPt},
                              std::pair{"markerSizePt", &s.markerSizePt},
                              std::pair{"labelFontSizePt", &s.labelFontSizePt}}) {
        auto r = number(key, *field);
        if (!r)
            return r.error();
        *field = *r;
    }
    if (json.contains(QStringLiteral("dash"))) {
        s.dashPattern.clear();
        for (const QJsonValue &v : json.value(QStringLiteral("dash")).toArray()) {
            if (!v.isDouble() || !(v.toDouble() > 0))
                return Error{QStringLiteral("style: \"dash\" must list numbers > 0")};
            s.dashPattern << v.toDouble();
        }
        if (s.dashPattern.size() % 2 != 0)
            return Error{QStringLiteral("style: \"dash\" needs an even number of entries (dash, gap, ...)")};
    }
    if (json.contains(QStringLiteral("marker"))) {
        const QString name = json.value(QStringLiteral("marker")).toString().toLower();
        bool found = false;
        for (const auto &[shape, n] : kShapeNames) {
            if (name == QLatin1String(n)) {
                s.marker = shape;
                found = true;
            }
        }
        if (!found)
            return Error{QStringLiteral("style: unknown marker \"%1\"").arg(name)};
    }
    s.labelBold = json.value(QStringLiteral("labelBold")).toBool(s.labelBold);
    s.labelPriority = json.value(QStringLiteral("labelPriority")).toInt(s.labelPriority);
    s.legendLabel = json.value(QStringLiteral("legend")).toString(s.legendLabel);
    return s;
}

const VectorSymbol &VectorStyle::symbolFor(const QVariantMap &attributes) const
{
    if (ruleField.isEmpty() || rules.isEmpty())
        return base;
    const QString value = attributes.value(ruleField).toString();
    for (const VectorStyleRule &r : rules)
        if (r.value.compare(value, Qt::CaseInsensitive) == 0)
            return r.symbol;
    return base;
}

VectorStyle VectorStyle::defaultFor(GeometryType type)
{
    VectorStyle s;
    switch (type) {
    case GeometryType::Point:
        s.base.fillColor = QColor(0xb0, 0x30, 0x30);
        s.base.strokeColor = Qt::white;
        s.base.strokeWidthPt = 0.8;
        s.base.markerSizePt = 7.0;
        break;
    case GeometryType::Line:
        s.base.strokeColor = QColor(0x2b, 0x4c, 0x8c);
        s.base.strokeWidthPt = 1.2;
        s.base.labelFontSizePt = 8.0;
        break;
    case GeometryType::Polygon:
        s.base.strokeColor = QColor(0x55, 0x6b, 0x2f);
        s.base.strokeWidthPt = 0.8;
        s.base.fillColor = QColor(0x8f, 0xb0, 0x5a, 0x50);
        s.base.labelFontSizePt = 8.5;
        break;
    }
    return s;
}

VectorStyle VectorStyle::suggestedFor(const VectorData &data, GeometryType dominantType)
{
    const std::array<VectorStyle, 2> candidates = {places(), borders()};
    const std::array<GeometryType, 2> types = {GeometryType::Point, GeometryType::Line};
    for (std::size_t c = 0; c < candidates.size(); ++c) {
        if (dominantType != types[c])
            continue;
        // Every feature's kind must be one the preset knows, and there must be some.
        bool any = false, all = true;
        for (const VectorFeature &f : data.features) {
            const QString kind = f.value(candidates[c].ruleField).toString();
            const bool known = std::any_of(candidates[c].rules.begin(), candidates[c].rules.end(),
                                           [&kind](const VectorStyleRule &r) { return r.value.compare(kind, Qt::CaseInsensitive) == 0; });
            any = any || known;
            all = all && known;
        }
        if (any && all)
            return candidates[c];
    }
    return defaultFor(dominantType);
}

VectorStyle VectorStyle::places()
{
    VectorStyle s = defaultFor(GeometryType::Point);
    s.base.legendLabel = QStringLiteral("Other place");
    s.ruleField = QStringLiteral("kind");
    auto symbol = [](MarkerShape shape, QColor fill, double sizePt, double fontPt, bool bold, int priority,
                     const char *legend) {
        VectorSymbol v;
        v.marker = shape;
        v.fillColor = fill;
        v.strokeColor = Qt::white;
        v.strokeWidthPt = 0.9;
        v.markerSizePt = sizePt;
        v.labelFontSizePt = fontPt;
        v.labelBold = bold;
        v.labelPriority = priority;
        v.legendLabel = QString::fromUtf8(legend);
        return v;
    };
    s.rules = {
        {QStringLiteral("city"), symbol(MarkerShape::Star, QColor(0x9e, 0x1b, 0x1b), 15.0, 11.0, true, 50, "City")},
        {QStringLiteral("town"), symbol(MarkerShape::Square, QColor(0x3a, 0x3a, 0x3a), 8.5, 10.0, true, 40, "Town")},
        {QStringLiteral("village"), symbol(MarkerShape::Circle, QColor(0x55, 0x55, 0x55), 7.0, 8.5, false, 20,
                                           "Village")},
        {QStringLiteral("summit"), symbol(MarkerShape::Triangle, QColor(0x7a, 0x4a, 0x1e), 11.0, 9.0, false, 30,
                                          "Summit")},
        {QStringLiteral("height"), symbol(MarkerShape::Diamond, QColor(0x8a, 0x5a, 0x9e), 11.0, 8.5, false, 25,
                                          "Height (hill)")},
    };
    for (VectorStyleRule &r : s.rules)
        if (r.value == QLatin1String("summit") || r.value == QLatin1String("height"))
            r.symbol.labelColor = QColor(0x5a, 0x32, 0x10);
    return s;
}

VectorStyle VectorStyle::borders()
{
    VectorStyle s = defaultFor(GeometryType::Line);
    s.labelField.clear();
    s.ruleField = QStringLiteral("kind");
    VectorSymbol border;
    border.strokeColor = QColor(0x5b, 0x3a, 0x74);
    border.strokeWidthPt = 1.1;
    border.dashPattern = {6, 2, 1, 2}; // dash-dot: the classic international boundary
    border.casingColor = QColor(0xb3, 0x8f, 0xc9, 0x70);
    border.casingWidthPt = 4.5;
    border.legendLabel = QStringLiteral("International border (Natural Earth)");
    VectorSymbol coast;
    coast.strokeColor = QColor(0x4a, 0x7f, 0xb5);
    coast.strokeWidthPt = 0.9;
    coast.legendLabel = QStringLiteral("Coastline");
    s.base = border;
    s.rules = {{QStringLiteral("border"), border}, {QStringLiteral("coastline"), coast}};
    return s;
}

QJsonObject VectorStyle::toJson() const
{
    QJsonObject o;
    o[QStringLiteral("base")] = base.toJson();
    o[QStringLiteral("labelField")] = labelField;
    o[QStringLiteral("ruleField")] = ruleField;
    o[QStringLiteral("priority")] = priority;
    QJsonArray rs;
    for (const VectorStyleRule &r : rules) {
        QJsonObject ro = r.symbol.toJson();
        ro[QStringLiteral("value")] = r.value;
        rs.append(ro);
    }
    o[QStringLiteral("rules")] = rs;
    return o;
}

Result<VectorStyle> VectorStyle::fromJson(const QJsonObject &json)
{
    VectorStyle s;
    auto base = VectorSymbol::fromJson(json.value(QStringLiteral("base")).toObject(), s.base);
    if (!base)
        return base.error();
    s.base = *base;
    s.labelField = json.value(QStringLiteral("labelField")).toString(s.labelField);
    s.ruleField = json.value(QStringLiteral("ruleField")).toString();
    s.priority = json.value(QStringLiteral("priority")).toInt(0);
    const QJsonValue rulesValue = json.value(QStringLiteral("rules"));
    if (!rulesValue.isUndefined() && !rulesValue.isArray())
        return Error{QStringLiteral("style: \"rules\" must be an array")};
    for (const QJsonValue &v : rulesValue.toArray()) {
        const QJsonObject ro = v.toObject();
        if (!ro.value(QStringLiteral("value")).isString())
            return Error{QStringLiteral("style: every rule needs a \"value\"")};
        // Rules inherit from the base symbol, so a rule may say only what differs.
        auto sym = VectorSymbol::fromJson(ro, s.base);
        if (!sym)
            return sym.error();
        s.rules << VectorStyleRule{ro.value(QStringLiteral("value")).toString(), *sym};
    }
    return s;
}

} // namespace linewatch
