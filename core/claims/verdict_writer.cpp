#include "claims/verdict_writer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace linewatch {

namespace {

QString fixed4(double x) { return std::isfinite(x) ? QString::number(x, 'f', 4) : QString(); }

QJsonValue number4(double x)
{
    if (!std::isfinite(x))
        return QJsonValue(QJsonValue::Null);
    return std::round(x * 1e4) / 1e4;
}

void addVerdictFields(QJsonObject &o, const Verdict &v, const QString &sideKey)
{
    o.insert(QStringLiteral("verdict"), Verdict::outcomeName(v.outcome));
    o.insert(QStringLiteral("line_id"), v.lineId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(v.lineId));
    o.insert(QStringLiteral("distance_min_m"), number4(v.distanceMinM));
    o.insert(QStringLiteral("distance_max_m"), number4(v.distanceMaxM));
    const QString side = Verdict::sideName(v.side);
    o.insert(sideKey, side.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(side));
    o.insert(QStringLiteral("margin_m"), number4(v.marginM));
    o.insert(QStringLiteral("reason"), v.reason);
    o.insert(QStringLiteral("claim_source"), v.claimSource);
    o.insert(QStringLiteral("line_source"), v.lineSource.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(v.lineSource));
    o.insert(QStringLiteral("line_approximate"), v.lineId.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(v.lineApproximate));
}

QJsonArray position(const LonLat &p) { return QJsonArray{p.lon, p.lat}; }

} // namespace

QString VerdictWriter::csvHeader()
{
    return QStringLiteral("id,verdict,line_id,distance_min_m,distance_max_m,side,margin_m,reason");
}

QString VerdictWriter::csvField(const QString &s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) && !s.contains(QLatin1Char('\n')) && !s.contains(QLatin1Char('\r')))
        return s;
    QString q = s;
    q.replace(QLatin1String("\""), QLatin1String("\"\""));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

QString VerdictWriter::csvRow(const Verdict &v)
{
    const QStringList fields = {csvField(v.claimId), Verdict::outcomeName(v.outcome), csvField(v.lineId),
                                fixed4(v.distanceMinM), fixed4(v.distanceMaxM), Verdict::sideName(v.side),
                                fixed4(v.marginM), csvField(v.reason)};
    return fields.join(QLatin1Char(','));
}

QByteArray VerdictWriter::json(const std::vector<Verdict> &verdicts)
{
    QJsonArray out;
    for (const Verdict &v : verdicts) {
        QJsonObject o;
        o.insert(QStringLiteral("id"), v.claimId);
        addVerdictFields(o, v, QStringLiteral("side"));
        out.append(o);
    }
    return QJsonDocument(out).toJson(QJsonDocument::Indented);
}

QByteArray VerdictWriter::geoJson(const ClaimSet &claims, const std::vector<Verdict> &verdicts)
{
    QJsonArray features;
    for (std::size_t i = 0; i < claims.claims().size() && i < verdicts.size(); ++i) {
        const Claim &c = claims.claims()[i];
        QJsonObject properties = QJsonObject::fromVariantMap(c.properties);
        addVerdictFields(properties, verdicts[i], QStringLiteral("position_side"));
        QJsonValue geometry(QJsonValue::Null);
        if (c.point) {
            geometry = QJsonObject{{QStringLiteral("type"), QStringLiteral("Point")},
                                   {QStringLiteral("coordinates"), position(*c.point)}};
        } else if (c.polygon) {
            QJsonArray rings;
            for (const auto &ring : c.polygon->rings()) {
                QJsonArray r;
                for (const LonLat &p : ring)
                    r.append(position(p));
                rings.append(r);
            }
            geometry = QJsonObject{{QStringLiteral("type"), QStringLiteral("Polygon")}, {QStringLiteral("coordinates"), rings}};
        }
        features.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("Feature")},
                                    {QStringLiteral("properties"), properties},
                                    {QStringLiteral("geometry"), geometry}});
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("FeatureCollection")},
                                     {QStringLiteral("features"), features}})
        .toJson(QJsonDocument::Indented);
}

} // namespace linewatch
