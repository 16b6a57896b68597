#include "io/vector_source.h"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <QDate>
#include <QDateTime>
#include <QTimeZone>

#include <memory>

namespace linewatch {

namespace {

struct DatasetCloser
{
    void operator()(GDALDataset *ds) const { GDALClose(ds); }
};

QString isoFromOgr(const OGRField *raw, OGRFieldType type)
{
    const auto &d = raw->Date;
    const QDate date(d.Year, d.Month, d.Day);
    if (type == OFTDate)
        return date.toString(Qt::ISODate);
    const QTime time(d.Hour, d.Minute, static_cast<int>(d.Second), static_cast<int>((d.Second - static_cast<int>(d.Second)) * 1000));
    QString text = date.toString(Qt::ISODate) + QLatin1Char('T') + time.toString(QStringLiteral("HH:mm:ss.zzz"));
    // OGR's TZFlag: 0 unknown, 1 local time, 100 UTC, 100 + n: UTC + n * 15 minutes.
    if (d.TZFlag == 100) {
        text += QLatin1Char('Z');
    } else if (d.TZFlag > 1) {
        const int minutes = (d.TZFlag - 100) * 15;
        text += QStringLiteral("%1%2:%3")
                    .arg(minutes < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                    .arg(std::abs(minutes) / 60, 2, 10, QLatin1Char('0'))
                    .arg(std::abs(minutes) % 60, 2, 10, QLatin1Char('0'));
    }
    return text;
}

std::vector<LonLat> pointsOf(const OGRSimpleCurve *curve)
{
    std::vector<LonLat> pts;
    pts.reserve(static_cast<std::size_t>(curve->getNumPoints()));
    for (int i = 0; i < curve->getNumPoints(); ++i)
        pts.push_back({curve->getX(i), curve->getY(i)});
    return pts;
}

void addPolygon(const OGRPolygon *poly, std::vector<std::vector<LonLat>> &parts)
{
    if (const OGRLinearRing *outer = poly->getExteriorRing())
        parts.push_back(pointsOf(outer));
    for (int i = 0; i < poly->getNumInteriorRings(); ++i)
        parts.push_back(pointsOf(poly->getInteriorRing(i)));
}

} // namespace

QVariant SourceFeature::property(const QString &name) const
{
    const QString shortName = name.left(10);
    for (auto it = properties.cbegin(); it != properties.cend(); ++it) {
        if (it.key().compare(name, Qt::CaseInsensitive) == 0)
            return it.value();
    }
    for (auto it = properties.cbegin(); it != properties.cend(); ++it) {
        if (it.key().compare(shortName, Qt::CaseInsensitive) == 0)
            return it.value();
    }
    return {};
}

Result<std::vector<SourceFeature>> VectorSource::read(const QString &path)
{
    CPLErrorReset();
    const QByteArray file = path.toUtf8();
    // GeoJSON guesses a type per column from all its values, so one timestamp
    // without a zone would turn "2021-05-01" into a zone-less DateTime: read
    // GeoJSON dates as the text the file holds and parse them ourselves.
    const char *const geoJsonOptions[] = {"DATE_AS_STRING=YES", nullptr};
    GDALDriverH driver = GDALIdentifyDriver(file.constData(), nullptr);
    const bool isGeoJson = driver && QByteArray(GDALGetDriverShortName(driver)) == "GeoJSON";
    std::unique_ptr<GDALDataset, DatasetCloser> ds(GDALDataset::Open(
        file.constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, isGeoJson ? geoJsonOptions : nullptr, nullptr));
    if (!ds) {
        const QString why = QString::fromUtf8(CPLGetLastErrorMsg());
        return Error(QStringLiteral("cannot open as a vector file%1").arg(why.isEmpty() ? QString() : QStringLiteral(": ") + why), path);
    }
    if (ds->GetLayerCount() < 1)
        return Error(QStringLiteral("the file has no layer"), path);
    OGRLayer *layer = ds->GetLayer(0);

    // Transform to WGS84 lon/lat unless the layer already is.
    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> transform;
    if (const OGRSpatialReference *srs = layer->GetSpatialRef()) {
        std::unique_ptr<OGRSpatialReference> source(srs->Clone());
        source->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (!source->IsSame(&wgs84)) {
            transform.reset(OGRCreateCoordinateTransformation(source.get(), &wgs84));
            if (!transform)
                return Error(QStringLiteral("cannot transform the layer's CRS to WGS84: %1").arg(QString::fromUtf8(CPLGetLastErrorMsg())), path);
        }
    }

    std::vector<SourceFeature> features;
    layer->ResetReading();
    int number = 0;
    for (auto &feature : *layer) {
        SourceFeature out;
        out.number = ++number;
        const OGRFeatureDefn *defn = feature->GetDefnRef();
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            if (!feature->IsFieldSetAndNotNull(i))
                continue;
            const OGRFieldDefn *field = defn->GetFieldDefn(i);
            const QString name = QString::fromUtf8(field->GetNameRef());
            QVariant value;
            switch (field->GetType()) {
            case OFTInteger:
                if (field->GetSubType() == OFSTBoolean)
                    value = feature->GetFieldAsInteger(i) != 0;
                else
                    value = feature->GetFieldAsInteger(i);
                break;
            case OFTInteger64: value = static_cast<qlonglong>(feature->GetFieldAsInteger64(i)); break;
            case OFTReal: value = feature->GetFieldAsDouble(i); break;
            case OFTDate:
            case OFTDateTime: value = isoFromOgr(feature->GetRawFieldRef(i), field->GetType()); break;
            default: value = QString::fromUtf8(feature->GetFieldAsString(i)); break;
            }
            out.properties.insert(name, value);
        }
        if (OGRGeometry *geom = feature->GetGeometryRef()) {
            if (transform && geom->transform(transform.get()) != OGRERR_NONE) {
                out.kind = SourceFeature::Kind::Other;
                out.geometryName = QStringLiteral("untransformable geometry");
            } else {
                out.geometryName = QString::fromUtf8(geom->getGeometryName());
                switch (wkbFlatten(geom->getGeometryType())) {
                case wkbPoint: {
                    const auto *p = geom->toPoint();
                    out.kind = p->IsEmpty() ? SourceFeature::Kind::None : SourceFeature::Kind::Point;
                    if (!p->IsEmpty())
                        out.parts.push_back({{p->getX(), p->getY()}});
                    break;
                }
                case wkbLineString:
                    out.kind = SourceFeature::Kind::LineString;
                    out.parts.push_back(pointsOf(geom->toLineString()));
                    break;
                case wkbMultiLineString:
                    out.kind = SourceFeature::Kind::MultiLineString;
                    for (const OGRLineString *ls : *geom->toMultiLineString())
                        out.parts.push_back(pointsOf(ls));
                    break;
                case wkbPolygon:
                    out.kind = SourceFeature::Kind::Polygon;
                    addPolygon(geom->toPolygon(), out.parts);
                    break;
                case wkbMultiPolygon:
                    out.kind = SourceFeature::Kind::MultiPolygon;
                    for (const OGRPolygon *poly : *geom->toMultiPolygon())
                        addPolygon(poly, out.parts);
                    break;
                default: out.kind = SourceFeature::Kind::Other; break;
                }
            }
        }
        features.push_back(std::move(out));
    }
    return features;
}

} // namespace linewatch
