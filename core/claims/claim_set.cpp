#include "claims/claim_set.h"

#include "claims/iso_date.h"
#include "geodesy/geodesic.h"
#include "io/vector_source.h"

#include <QJsonValue>

#include <cmath>

namespace linewatch {

namespace {

/// A finite number >= 0 from a property, or an error text.
std::optional<double> metres(const QVariant &v, const QString &name, QStringList &problems)
{
    bool ok = false;
    const double x = v.toString().trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(x)) {
        problems.append(QStringLiteral("%1 '%2' is not a number of metres").arg(name, v.toString()));
        return std::nullopt;
    }
    if (x < 0.0) {
        problems.append(QStringLiteral("negative %1 %2").arg(name, v.toString()));
        return std::nullopt;
    }
    return x;
}

bool inRange(const LonLat &p)
{
    return p.isFinite() && p.lat >= -90.0 && p.lat <= 90.0 && p.lon >= -180.0 && p.lon <= 180.0;
}

} // namespace

Claim ClaimSet::claimFrom(const SourceFeature &feature)
{
    Claim c;
    c.featureNumber = feature.number;
    c.properties = feature.properties;
    c.geometryParts = feature.parts;
    c.id = feature.property(QStringLiteral("id")).toString().trimmed();
    if (c.id.isEmpty()) {
        c.id = QStringLiteral("#%1").arg(feature.number);
        c.problems.append(QStringLiteral("missing id"));
    }
    c.text = feature.property(QStringLiteral("text")).toString();
    c.source = feature.property(QStringLiteral("source")).toString().trimmed();
    if (c.source.isEmpty())
        c.problems.append(QStringLiteral("missing source (who made the claim, where reported)"));
    c.side = feature.property(QStringLiteral("side")).toString().trimmed();
    c.line = feature.property(QStringLiteral("line")).toString().trimmed();

    if (const QVariant d = feature.property(QStringLiteral("date")); !d.isValid()) {
        c.problems.append(QStringLiteral("missing date"));
    } else if (auto date = IsoDate::parse(d); !date) {
        c.problems.append(QStringLiteral("date: ") + date.error().message);
    } else {
        c.date = *date;
    }
    const QString relation = feature.property(QStringLiteral("relation")).toString().trimmed();
    if (relation.compare(QLatin1String("beyond"), Qt::CaseInsensitive) == 0)
        c.relation = Claim::Relation::Beyond;
    else if (relation.compare(QLatin1String("within"), Qt::CaseInsensitive) == 0)
        c.relation = Claim::Relation::Within;
    else if (relation.isEmpty())
        c.problems.append(QStringLiteral("missing relation (beyond or within)"));
    else
        c.problems.append(QStringLiteral("unknown relation '%1' (expected beyond or within)").arg(relation));
    if (const QVariant d = feature.property(QStringLiteral("distance_m")); !d.isValid())
        c.problems.append(QStringLiteral("missing distance_m"));
    else if (auto x = metres(d, QStringLiteral("distance_m"), c.problems))
        c.distanceM = *x;
    if (const QVariant u = feature.property(QStringLiteral("uncertainty_m")); u.isValid() && !u.toString().trimmed().isEmpty())
        if (auto x = metres(u, QStringLiteral("uncertainty_m"), c.problems))
            c.uncertaintyM = *x;

    switch (feature.kind) {
    case SourceFeature::Kind::Point:
        if (!inRange(feature.parts[0][0]))
            c.problems.append(QStringLiteral("coordinates (%1, %2) out of range").arg(feature.parts[0][0].lon).arg(feature.parts[0][0].lat));
        else
            c.point = feature.parts[0][0];
        break;
    case SourceFeature::Kind::Polygon: {
        auto poly = GeodesicPolygon::create(feature.parts);
        if (!poly)
            c.problems.append(QStringLiteral("bad polygon: ") + poly.error().message);
        else
            c.polygon = *poly;
        break;
    }
    case SourceFeature::Kind::None: c.problems.append(QStringLiteral("no geometry (expected Point or Polygon)")); break;
    default: c.problems.append(QStringLiteral("geometry is %1, expected Point or Polygon").arg(feature.geometryName)); break;
    }
    return c;
}

Result<ClaimSet> ClaimSet::load(const QString &path)
{
    auto features = VectorSource::read(path);
    if (!features)
        return features.error();
    return fromFeatures(*features, path);
}

ClaimSet ClaimSet::fromFeatures(const std::vector<SourceFeature> &features, const QString &path)
{
    ClaimSet set;
    set.mPath = path;
    QStringList seen;
    for (const SourceFeature &f : features) {
        Claim c = claimFrom(f);
        if (!f.property(QStringLiteral("id")).toString().trimmed().isEmpty() && seen.contains(c.id))
            c.problems.prepend(QStringLiteral("duplicate id (an earlier claim has it too)")); // first: the id is the first property read
        seen.append(c.id);
        set.mClaims.push_back(std::move(c));
    }
    return set;
}

ClaimSet ClaimSet::fromClaims(std::vector<Claim> claims, const QString &path)
{
    ClaimSet set;
    set.mPath = path;
    set.mClaims = std::move(claims);
    return set;
}

QJsonObject ClaimSet::toJson(const Claim &claim)
{
    QJsonObject geometry;
    auto ring = [](const std::vector<LonLat> &pts) {
        QJsonArray a;
        for (const LonLat &p : pts)
            a.append(QJsonArray{p.lon, p.lat});
        return a;
    };
    if (claim.geometryParts.size() == 1 && claim.geometryParts[0].size() == 1) {
        const LonLat p = claim.geometryParts[0][0];
        geometry = {{QStringLiteral("type"), QStringLiteral("Point")}, {QStringLiteral("coordinates"), QJsonArray{p.lon, p.lat}}};
    } else if (!claim.geometryParts.empty()) {
        QJsonArray rings;
        for (const auto &r : claim.geometryParts)
            rings.append(ring(r));
        geometry = {{QStringLiteral("type"), QStringLiteral("Polygon")}, {QStringLiteral("coordinates"), rings}};
    }
    // The claim's fields are what the analyst sees and edits: they win over
    // the properties as first read; other properties are kept as they were.
    QJsonObject properties = QJsonObject::fromVariantMap(claim.properties);
    auto put = [&properties](const char *key, const QJsonValue &value) {
        for (const QString &k : properties.keys())
            if (k.compare(QLatin1String(key), Qt::CaseInsensitive) == 0)
                properties.remove(k);
        if (!value.isNull() && !(value.isString() && value.toString().isEmpty()))
            properties.insert(QLatin1String(key), value);
    };
    put("id", claim.id);
    put("date", claim.date.isValid() ? QJsonValue(claim.date.toString(Qt::ISODate)) : QJsonValue());
    put("text", claim.text);
    put("source", claim.source);
    put("relation", claim.relation == Claim::Relation::Beyond ? QStringLiteral("beyond") : QStringLiteral("within"));
    put("distance_m", claim.distanceM);
    put("side", claim.side);
    put("uncertainty_m", claim.uncertaintyM > 0 ? QJsonValue(claim.uncertaintyM) : QJsonValue());
    put("line", claim.line);
    return {{QStringLiteral("type"), QStringLiteral("Feature")},
            {QStringLiteral("properties"), properties},
            {QStringLiteral("geometry"), geometry.isEmpty() ? QJsonValue() : QJsonValue(geometry)}};
}

Result<Claim> ClaimSet::claimFromJson(const QJsonObject &feature, int number)
{
    if (feature.value(QStringLiteral("type")).toString() != QLatin1String("Feature"))
        return Error{QStringLiteral("claim %1 is not a GeoJSON Feature").arg(number)};
    SourceFeature f;
    f.number = number;
    f.properties = feature.value(QStringLiteral("properties")).toObject().toVariantMap();
    const QJsonObject geometry = feature.value(QStringLiteral("geometry")).toObject();
    const QString type = geometry.value(QStringLiteral("type")).toString();
    const QJsonArray coords = geometry.value(QStringLiteral("coordinates")).toArray();
    auto vertex = [](const QJsonValue &v) {
        const QJsonArray a = v.toArray();
        return LonLat{a.size() >= 2 ? a[0].toDouble(qQNaN()) : qQNaN(), a.size() >= 2 ? a[1].toDouble(qQNaN()) : qQNaN()};
    };
    f.geometryName = type.toUpper();
    if (geometry.isEmpty()) {
        f.kind = SourceFeature::Kind::None;
    } else if (type == QLatin1String("Point")) {
        f.kind = SourceFeature::Kind::Point;
        f.parts = {{vertex(QJsonValue(coords))}};
    } else if (type == QLatin1String("Polygon")) {
        f.kind = SourceFeature::Kind::Polygon;
        for (const QJsonValue &r : coords) {
            std::vector<LonLat> ring;
            for (const QJsonValue &v : r.toArray())
                ring.push_back(vertex(v));
            f.parts.push_back(std::move(ring));
        }
    } else {
        f.kind = SourceFeature::Kind::Other;
    }
    return claimFrom(f);
}

Result<ClaimSet> ClaimSet::fromJson(const QJsonArray &features, const QString &origin)
{
    std::vector<Claim> claims;
    QStringList seen;
    for (int i = 0; i < features.size(); ++i) {
        auto c = claimFromJson(features[i].toObject(), i + 1);
        if (!c)
            return Error{c.error().message, origin};
        const bool hadId = !features[i].toObject().value(QStringLiteral("properties")).toObject()
                                .value(QStringLiteral("id")).toString().trimmed().isEmpty();
        if (hadId && seen.contains(c->id))
            c->problems.prepend(QStringLiteral("duplicate id (an earlier claim has it too)"));
        seen.append(c->id);
        claims.push_back(std::move(c).value());
    }
    return fromClaims(std::move(claims), origin);
}

QJsonArray ClaimSet::toJson() const
{
    QJsonArray a;
    for (const Claim &c : mClaims)
        a.append(toJson(c));
    return a;
}

int ClaimSet::claimNear(LonLat position, double toleranceM) const
{
    int best = -1;
    double bestM = toleranceM;
    for (std::size_t i = 0; i < mClaims.size(); ++i)
        if (mClaims[i].point) {
            const double d = Geodesic::wgs84().distance(position, *mClaims[i].point);
            if (d <= bestM) {
                bestM = d;
                best = static_cast<int>(i);
            }
        }
    if (best >= 0)
        return best;
    for (std::size_t i = 0; i < mClaims.size(); ++i)
        if (mClaims[i].polygon && mClaims[i].polygon->contains(position))
            return static_cast<int>(i);
    return -1;
}

} // namespace linewatch
