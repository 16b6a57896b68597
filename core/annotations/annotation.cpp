#include "annotations/annotation.h"

#include <QJsonArray>

#include <cmath>

namespace linewatch {

namespace {
const Annotation::Kind kKinds[] = {Annotation::Kind::Text, Annotation::Kind::Arrow, Annotation::Kind::Line,
                                   Annotation::Kind::Polygon, Annotation::Kind::Circle, Annotation::Kind::Measurement};
}

QString Annotation::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Text: return QStringLiteral("text");
    case Kind::Arrow: return QStringLiteral("arrow");
    case Kind::Line: return QStringLiteral("line");
    case Kind::Polygon: return QStringLiteral("polygon");
    case Kind::Circle: return QStringLiteral("circle");
    case Kind::Measurement: return QStringLiteral("measurement");
    }
    return {};
}

QJsonObject Annotation::toJson() const
{
    QJsonArray pts;
    for (const LonLat &p : points)
        pts.append(QJsonArray{p.lon, p.lat});
    QJsonObject o;
    o.insert(QLatin1String("id"), id.toString(QUuid::WithoutBraces));
    o.insert(QLatin1String("kind"), kindName(kind));
    o.insert(QLatin1String("points"), pts);
    if (kind == Kind::Circle)
        o.insert(QLatin1String("radius_m"), radiusM);
    if (!text.isEmpty())
        o.insert(QLatin1String("text"), text);
    o.insert(QLatin1String("colour"), colour.name(QColor::HexArgb));
    o.insert(QLatin1String("width_pt"), widthPt);
    o.insert(QLatin1String("font_pt"), fontPt);
    if (closed)
        o.insert(QLatin1String("closed"), true);
    return o;
}

Result<Annotation> Annotation::fromJson(const QJsonObject &o)
{
    Annotation a;
    const QUuid id = QUuid::fromString(o.value(QLatin1String("id")).toString());
    if (!id.isNull())
        a.id = id;
    const QString kind = o.value(QLatin1String("kind")).toString();
    bool found = false;
    for (Kind k : kKinds)
        if (kindName(k) == kind) {
            a.kind = k;
            found = true;
        }
    if (!found)
        return Error{QStringLiteral("kind: unknown annotation kind \"%1\"").arg(kind)};
    const QJsonArray pts = o.value(QLatin1String("points")).toArray();
    for (int i = 0; i < pts.size(); ++i) {
        const QJsonArray p = pts[i].toArray();
        const LonLat ll{p.size() == 2 ? p[0].toDouble(NAN) : NAN, p.size() == 2 ? p[1].toDouble(NAN) : NAN};
        if (!ll.isValid() || std::abs(ll.lon) > 180)
            return Error{QStringLiteral("points[%1]: not a longitude, latitude pair in range").arg(i)};
        a.points.push_back(ll);
    }
    const std::size_t need = a.kind == Kind::Polygon ? 3 : (a.kind == Kind::Text || a.kind == Kind::Circle) ? 1 : 2;
    if (a.points.size() < need)
        return Error{QStringLiteral("points: a %1 needs at least %2").arg(kind).arg(need)};
    a.radiusM = o.value(QLatin1String("radius_m")).toDouble(0);
    if (a.kind == Kind::Circle && !(a.radiusM > 0 && a.radiusM < 2.0e7))
        return Error{QStringLiteral("radius_m: %1 is not a radius in metres").arg(a.radiusM)};
    a.text = o.value(QLatin1String("text")).toString();
    const QColor c(o.value(QLatin1String("colour")).toString());
    if (c.isValid())
        a.colour = c;
    a.widthPt = std::clamp(o.value(QLatin1String("width_pt")).toDouble(a.widthPt), 0.1, 20.0);
    a.fontPt = std::clamp(o.value(QLatin1String("font_pt")).toDouble(a.fontPt), 4.0, 72.0);
    a.closed = o.value(QLatin1String("closed")).toBool(false);
    return a;
}

} // namespace linewatch
