#include "export/kml_writer.h"

#include "render/claims_layer.h"
#include "claims/verdict_writer.h"
#include "common/atomic_file.h"
#include "geodesy/range_rings.h"

#include <QColor>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QXmlStreamWriter>

#include <cpl_vsi.h>

#include <atomic>
#include <cmath>

namespace linewatch {

namespace {

/// KML colours are aabbggrr.
QString kmlColour(const QColor &c, int alpha = 255)
{
    return QStringLiteral("%1%2%3%4")
        .arg(alpha, 2, 16, QLatin1Char('0'))
        .arg(c.blue(), 2, 16, QLatin1Char('0'))
        .arg(c.green(), 2, 16, QLatin1Char('0'))
        .arg(c.red(), 2, 16, QLatin1Char('0'));
}

QString coordinates(const std::vector<LonLat> &points, bool close = false)
{
    QStringList parts;
    for (const LonLat &p : points)
        parts << QStringLiteral("%1,%2,0").arg(p.lon, 0, 'f', 9).arg(p.lat, 0, 'f', 9);
    if (close && !points.empty() && !(points.front() == points.back()))
        parts << parts.first();
    return parts.join(QLatin1Char(' '));
}

void style(QXmlStreamWriter &w, const QString &id, const QColor &colour, double width, int fillAlpha)
{
    w.writeStartElement(QStringLiteral("Style"));
    w.writeAttribute(QStringLiteral("id"), id);
    w.writeStartElement(QStringLiteral("IconStyle"));
    w.writeTextElement(QStringLiteral("color"), kmlColour(colour));
    w.writeTextElement(QStringLiteral("scale"), QStringLiteral("1.1"));
    w.writeStartElement(QStringLiteral("Icon"));
    w.writeTextElement(QStringLiteral("href"), QStringLiteral("http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"));
    w.writeEndElement();
    w.writeEndElement();
    w.writeStartElement(QStringLiteral("LineStyle"));
    w.writeTextElement(QStringLiteral("color"), kmlColour(colour));
    w.writeTextElement(QStringLiteral("width"), QString::number(width));
    w.writeEndElement();
    w.writeStartElement(QStringLiteral("PolyStyle"));
    w.writeTextElement(QStringLiteral("color"), kmlColour(colour, fillAlpha));
    w.writeEndElement();
    w.writeEndElement();
}

void polygon(QXmlStreamWriter &w, const std::vector<std::vector<LonLat>> &rings)
{
    w.writeStartElement(QStringLiteral("Polygon"));
    for (std::size_t i = 0; i < rings.size(); ++i) {
        w.writeStartElement(i == 0 ? QStringLiteral("outerBoundaryIs") : QStringLiteral("innerBoundaryIs"));
        w.writeStartElement(QStringLiteral("LinearRing"));
        w.writeTextElement(QStringLiteral("coordinates"), coordinates(rings[i], true));
        w.writeEndElement();
        w.writeEndElement();
    }
    w.writeEndElement();
}

QString figure(double metres)
{
    return std::isfinite(metres) ? QLocale(QLocale::English).toString(metres, 'f', 1) + QStringLiteral(" m") : QStringLiteral("–");
}

} // namespace

QByteArray KmlWriter::kml(const Content &c)
{
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeStartElement(QStringLiteral("kml"));
    w.writeDefaultNamespace(QStringLiteral("http://www.opengis.net/kml/2.2"));
    w.writeStartElement(QStringLiteral("Document"));
    w.writeTextElement(QStringLiteral("name"), c.title.isEmpty() ? QStringLiteral("Linewatch") : c.title);
    w.writeTextElement(QStringLiteral("description"),
                       QStringLiteral("Exported by Linewatch %1. Distances are geodesics on the WGS84 ellipsoid "
                                      "(Karney's algorithm). Approximate data is marked as such.")
                           .arg(QStringLiteral(LINEWATCH_VERSION)));
    for (Verdict::Outcome o : {Verdict::Outcome::Supported, Verdict::Outcome::Contradicted,
                               Verdict::Outcome::Indeterminate, Verdict::Outcome::Error})
        style(w, QStringLiteral("verdict-") + Verdict::outcomeName(o), ClaimsLayer::colourOf(o), 2.0, 60);
    style(w, QStringLiteral("line"), QColor(0xb0, 0x1c, 0x2e), 3.0, 0);

    if (c.lines) {
        w.writeStartElement(QStringLiteral("Folder"));
        w.writeTextElement(QStringLiteral("name"), QStringLiteral("Line versions"));
        for (const LineVersion &v : c.lines->versions()) {
            w.writeStartElement(QStringLiteral("Placemark"));
            w.writeTextElement(QStringLiteral("name"), QStringLiteral("%1 (%2)%3").arg(v.id, v.intervalText(),
                                                                                      v.approximate ? QStringLiteral(", approximate") : QString()));
            w.writeTextElement(QStringLiteral("description"),
                               QStringLiteral("%1\nLeft: %2\nRight: %3\nAccuracy: ±%4 m\nSource: %5")
                                   .arg(v.name, v.leftLabel, v.rightLabel)
                                   .arg(v.accuracyM, 0, 'f', 0)
                                   .arg(v.source));
            w.writeStartElement(QStringLiteral("TimeSpan"));
            w.writeTextElement(QStringLiteral("begin"), v.validFrom.toString(Qt::ISODate));
            if (v.validTo.isValid())
                w.writeTextElement(QStringLiteral("end"), v.validTo.toString(Qt::ISODate));
            w.writeEndElement();
            w.writeTextElement(QStringLiteral("styleUrl"), QStringLiteral("#line"));
            w.writeStartElement(QStringLiteral("MultiGeometry"));
            for (const auto &part : v.geometry.parts()) {
                w.writeStartElement(QStringLiteral("LineString"));
                w.writeTextElement(QStringLiteral("tessellate"), QStringLiteral("1"));
                w.writeTextElement(QStringLiteral("coordinates"), coordinates(part));
                w.writeEndElement();
            }
            w.writeEndElement();
            w.writeEndElement();
        }
        w.writeEndElement();
    }

    if (c.claims) {
        w.writeStartElement(QStringLiteral("Folder"));
        w.writeTextElement(QStringLiteral("name"), QStringLiteral("Claims"));
        const auto &claims = c.claims->claims();
        for (std::size_t i = 0; i < claims.size(); ++i) {
            const Claim &claim = claims[i];
            const Verdict v = i < c.verdicts.size() ? c.verdicts[i] : Verdict{};
            const QString verdict = Verdict::outcomeName(v.outcome);
            w.writeStartElement(QStringLiteral("Placemark"));
            w.writeTextElement(QStringLiteral("name"), QStringLiteral("%1: %2").arg(claim.id, verdict));
            w.writeTextElement(
                QStringLiteral("description"),
                QStringLiteral("\"%1\"\nDate: %2\nSource: %3\nClaim: %4 %5 of the line%6\nVerdict: %7 (margin %8)\n"
                               "Distance: %9 to %10\nLine version: %11 (source: %12)\nReason: %13")
                    .arg(claim.text, claim.date.toString(Qt::ISODate), claim.source,
                         claim.relation == Claim::Relation::Beyond ? QStringLiteral("beyond") : QStringLiteral("within"),
                         figure(claim.distanceM),
                         claim.side.isEmpty() ? QString() : QStringLiteral(" on the %1 side").arg(claim.side), verdict,
                         figure(v.marginM), figure(v.distanceMinM))
                    .arg(figure(v.distanceMaxM), v.lineId, v.lineSource, v.reason));
            if (claim.date.isValid()) {
                w.writeStartElement(QStringLiteral("TimeStamp"));
                w.writeTextElement(QStringLiteral("when"), claim.date.toString(Qt::ISODate));
                w.writeEndElement();
            }
            w.writeTextElement(QStringLiteral("styleUrl"), QStringLiteral("#verdict-") + verdict);
            w.writeStartElement(QStringLiteral("ExtendedData"));
            const QList<QPair<QString, QString>> data = {
                {QStringLiteral("verdict"), verdict}, {QStringLiteral("line_id"), v.lineId},
                {QStringLiteral("distance_min_m"), QString::number(v.distanceMinM, 'f', 4)},
                {QStringLiteral("distance_max_m"), QString::number(v.distanceMaxM, 'f', 4)},
                {QStringLiteral("margin_m"), QString::number(v.marginM, 'f', 4)},
                {QStringLiteral("source"), claim.source}};
            for (const auto &[key, value] : data) {
                w.writeStartElement(QStringLiteral("Data"));
                w.writeAttribute(QStringLiteral("name"), key);
                w.writeTextElement(QStringLiteral("value"), value);
                w.writeEndElement();
            }
            w.writeEndElement();
            if (claim.point && claim.uncertaintyM > 0) {
                w.writeStartElement(QStringLiteral("MultiGeometry"));
                w.writeStartElement(QStringLiteral("Point"));
                w.writeTextElement(QStringLiteral("coordinates"), coordinates({*claim.point}));
                w.writeEndElement();
                polygon(w, {RangeRings::ring(*claim.point, claim.uncertaintyM, 72)});
                w.writeEndElement();
            } else if (claim.point) {
                w.writeStartElement(QStringLiteral("Point"));
                w.writeTextElement(QStringLiteral("coordinates"), coordinates({*claim.point}));
                w.writeEndElement();
            } else if (!claim.geometryParts.empty()) {
                polygon(w, claim.geometryParts);
            }
            w.writeEndElement();
        }
        w.writeEndElement();
    }

    if (!c.annotations.empty()) {
        w.writeStartElement(QStringLiteral("Folder"));
        w.writeTextElement(QStringLiteral("name"), QStringLiteral("Annotations"));
        for (const Annotation &a : c.annotations) {
            w.writeStartElement(QStringLiteral("Placemark"));
            w.writeTextElement(QStringLiteral("name"), a.text.isEmpty() ? Annotation::kindName(a.kind) : a.text);
            w.writeStartElement(QStringLiteral("Style"));
            w.writeStartElement(QStringLiteral("LineStyle"));
            w.writeTextElement(QStringLiteral("color"), kmlColour(a.colour));
            w.writeTextElement(QStringLiteral("width"), QString::number(std::max(1.0, a.widthPt * 1.33), 'f', 1));
            w.writeEndElement();
            w.writeStartElement(QStringLiteral("PolyStyle"));
            w.writeTextElement(QStringLiteral("color"), kmlColour(a.colour, 50));
            w.writeEndElement();
            w.writeEndElement();
            switch (a.kind) {
            case Annotation::Kind::Text:
                w.writeStartElement(QStringLiteral("Point"));
                w.writeTextElement(QStringLiteral("coordinates"), coordinates({a.points.front()}));
                w.writeEndElement();
                break;
            case Annotation::Kind::Circle:
                polygon(w, {RangeRings::ring(a.points.front(), a.radiusM, 72)});
                break;
            case Annotation::Kind::Polygon:
                polygon(w, {a.points});
                break;
            default:
                w.writeStartElement(QStringLiteral("LineString"));
                w.writeTextElement(QStringLiteral("tessellate"), QStringLiteral("1"));
                w.writeTextElement(QStringLiteral("coordinates"), coordinates(a.points, a.closed));
                w.writeEndElement();
            }
            w.writeEndElement();
        }
        w.writeEndElement();
    }
    w.writeEndElement(); // Document
    w.writeEndElement(); // kml
    w.writeEndDocument();
    return out;
}

QByteArray KmlWriter::geoJson(const Content &c)
{
    QJsonArray features;
    if (c.claims) {
        const QJsonObject claims = QJsonDocument::fromJson(VerdictWriter::geoJson(*c.claims, c.verdicts)).object();
        for (const QJsonValue &f : claims.value(QLatin1String("features")).toArray()) {
            QJsonObject feature = f.toObject();
            QJsonObject props = feature.value(QLatin1String("properties")).toObject();
            props.insert(QLatin1String("layer"), QStringLiteral("claims"));
            // The verdict's colour, as on the map ("stroke" as simplestyle has it).
            const QString verdict = props.value(QLatin1String("verdict")).toString();
            QColor colour = ClaimsLayer::colourOf(Verdict::Outcome::Error);
            for (Verdict::Outcome o : {Verdict::Outcome::Supported, Verdict::Outcome::Contradicted,
                                       Verdict::Outcome::Indeterminate})
                if (Verdict::outcomeName(o) == verdict)
                    colour = ClaimsLayer::colourOf(o);
            props.insert(QLatin1String("stroke"), colour.name());
            feature.insert(QLatin1String("properties"), props);
            features.append(feature);
        }
    }
    for (const Annotation &a : c.annotations) {
        auto position = [](const LonLat &p) { return QJsonArray{p.lon, p.lat}; };
        QJsonArray coords;
        QJsonObject geometry;
        switch (a.kind) {
        case Annotation::Kind::Text:
        case Annotation::Kind::Circle:
            geometry.insert(QLatin1String("type"), QStringLiteral("Point"));
            geometry.insert(QLatin1String("coordinates"), position(a.points.front()));
            break;
        case Annotation::Kind::Polygon: {
            for (const LonLat &p : a.points)
                coords.append(position(p));
            coords.append(position(a.points.front()));
            geometry.insert(QLatin1String("type"), QStringLiteral("Polygon"));
            geometry.insert(QLatin1String("coordinates"), QJsonArray{coords});
            break;
        }
        default:
            for (const LonLat &p : a.points)
                coords.append(position(p));
            if (a.closed)
                coords.append(position(a.points.front()));
            geometry.insert(QLatin1String("type"), QStringLiteral("LineString"));
            geometry.insert(QLatin1String("coordinates"), coords);
        }
        QJsonObject props = a.toJson();
        props.remove(QLatin1String("points"));
        props.insert(QLatin1String("layer"), QStringLiteral("annotations"));
        props.insert(QLatin1String("stroke"), a.colour.name());
        props.insert(QLatin1String("stroke-width"), a.widthPt * 4.0 / 3.0);
        features.append(QJsonObject{{QLatin1String("type"), QStringLiteral("Feature")},
                                    {QLatin1String("geometry"), geometry},
                                    {QLatin1String("properties"), props}});
    }
    QJsonObject collection{{QLatin1String("type"), QStringLiteral("FeatureCollection")},
                           {QLatin1String("name"), c.title.isEmpty() ? QStringLiteral("Linewatch") : c.title},
                           {QLatin1String("features"), features}};
    return QJsonDocument(collection).toJson(QJsonDocument::Indented);
}

Status KmlWriter::write(const Content &content, const QString &path)
{
    if (path.endsWith(QLatin1String(".geojson"), Qt::CaseInsensitive) || path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
        return AtomicFile::save(path, geoJson(content));
    const QByteArray doc = kml(content);
    if (!path.endsWith(QLatin1String(".kmz"), Qt::CaseInsensitive))
        return AtomicFile::save(path, doc);
    // KMZ: a zip holding doc.kml. GDAL's /vsizip/ builds it in memory
    // (/vsimem/, one name per call as exports may run on several threads);
    // the bytes then go through the one writer like every other save.
    static std::atomic_int counter{0};
    // GDAL knows a zip by its extension: the name in memory keeps ".kmz".
    const QByteArray zip = QByteArrayLiteral("/vsimem/linewatch-kmz-") + QByteArray::number(QCoreApplication::applicationPid())
                           + '-' + QByteArray::number(counter.fetch_add(1)) + QByteArrayLiteral(".kmz");
    const QByteArray member = QByteArrayLiteral("/vsizip/") + zip + QByteArrayLiteral("/doc.kml");
    VSILFILE *fp = VSIFOpenL(member.constData(), "wb");
    if (!fp)
        return Error{QStringLiteral("cannot create the KMZ archive"), path};
    const bool ok = VSIFWriteL(doc.constData(), 1, static_cast<size_t>(doc.size()), fp) == static_cast<size_t>(doc.size());
    const bool closed = VSIFCloseL(fp) == 0;
    vsi_l_offset length = 0;
    GByte *data = ok && closed ? VSIGetMemFileBuffer(zip.constData(), &length, FALSE) : nullptr;
    const QByteArray bytes = data ? QByteArray(reinterpret_cast<const char *>(data), static_cast<qsizetype>(length))
                                  : QByteArray();
    VSIUnlink(zip.constData());
    if (bytes.isEmpty())
        return Error{QStringLiteral("cannot build the KMZ archive"), path};
    return AtomicFile::save(path, bytes);
}

} // namespace linewatch
