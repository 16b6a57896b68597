#include "claims/claim_set.h"

#include "claims/iso_date.h"
#include "claims/vector_source.h"

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

Result<ClaimSet> ClaimSet::load(const QString &path)
{
    auto features = VectorSource::read(path);
    if (!features)
        return features.error();
    ClaimSet set;
    set.mPath = path;
    QStringList seen;
    for (const SourceFeature &f : *features) {
        Claim c;
        c.featureNumber = f.number;
        c.properties = f.properties;
        c.geometryParts = f.parts;
        c.id = f.property(QStringLiteral("id")).toString().trimmed();
        if (c.id.isEmpty()) {
            c.id = QStringLiteral("#%1").arg(f.number);
            c.problems.append(QStringLiteral("missing id"));
        } else if (seen.contains(c.id)) {
            c.problems.append(QStringLiteral("duplicate id (an earlier claim has it too)"));
        }
        seen.append(c.id);
        c.text = f.property(QStringLiteral("text")).toString();
        c.source = f.property(QStringLiteral("source")).toString().trimmed();
        if (c.source.isEmpty())
            c.problems.append(QStringLiteral("missing source (who made the claim, where reported)"));
        c.side = f.property(QStringLiteral("side")).toString().trimmed();
        c.line = f.property(QStringLiteral("line")).toString().trimmed();

        if (const QVariant d = f.property(QStringLiteral("date")); !d.isValid()) {
            c.problems.append(QStringLiteral("missing date"));
        } else if (auto date = IsoDate::parse(d); !date) {
            c.problems.append(QStringLiteral("date: ") + date.error().message);
        } else {
            c.date = *date;
        }
        const QString relation = f.property(QStringLiteral("relation")).toString().trimmed();
        if (relation.compare(QLatin1String("beyond"), Qt::CaseInsensitive) == 0)
            c.relation = Claim::Relation::Beyond;
        else if (relation.compare(QLatin1String("within"), Qt::CaseInsensitive) == 0)
            c.relation = Claim::Relation::Within;
        else if (relation.isEmpty())
            c.problems.append(QStringLiteral("missing relation (beyond or within)"));
        else
            c.problems.append(QStringLiteral("unknown relation '%1' (expected beyond or within)").arg(relation));
        if (const QVariant d = f.property(QStringLiteral("distance_m")); !d.isValid())
            c.problems.append(QStringLiteral("missing distance_m"));
        else if (auto x = metres(d, QStringLiteral("distance_m"), c.problems))
            c.distanceM = *x;
        if (const QVariant u = f.property(QStringLiteral("uncertainty_m")); u.isValid() && !u.toString().trimmed().isEmpty())
            if (auto x = metres(u, QStringLiteral("uncertainty_m"), c.problems))
                c.uncertaintyM = *x;

        switch (f.kind) {
        case SourceFeature::Kind::Point:
            if (!inRange(f.parts[0][0]))
                c.problems.append(QStringLiteral("coordinates (%1, %2) out of range").arg(f.parts[0][0].lon).arg(f.parts[0][0].lat));
            else
                c.point = f.parts[0][0];
            break;
        case SourceFeature::Kind::Polygon: {
            auto poly = GeodesicPolygon::create(f.parts);
            if (!poly)
                c.problems.append(QStringLiteral("bad polygon: ") + poly.error().message);
            else
                c.polygon = *poly;
            break;
        }
        case SourceFeature::Kind::None: c.problems.append(QStringLiteral("no geometry (expected Point or Polygon)")); break;
        default: c.problems.append(QStringLiteral("geometry is %1, expected Point or Polygon").arg(f.geometryName)); break;
        }
        set.mClaims.push_back(std::move(c));
    }
    return set;
}

} // namespace linewatch
