#include "io/ogr_vector_reader.h"

#include "crs/crs_transform.h"

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <QDate>
#include <QDateTime>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTime>

#include <cmath>
#include <memory>
#include <vector>

namespace linewatch {

bool attributeIsTrue(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool();
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return value.toDouble() != 0.0;
    default: {
        const QString s = value.toString().trimmed().toLower();
        return s == QLatin1String("true") || s == QLatin1String("yes") || s == QLatin1String("y")
               || s == QLatin1String("t") || s == QLatin1String("1");
    }
    }
}

QVariant VectorFeature::value(const QString &field) const
{
    if (auto it = attributes.constFind(field); it != attributes.constEnd())
        return it.value();
    // dBASE field names have at most 10 characters.
    const QString dbf = field.left(10);
    for (auto it = attributes.constBegin(); it != attributes.constEnd(); ++it)
        if (it.key().compare(field, Qt::CaseInsensitive) == 0 || it.key().compare(dbf, Qt::CaseInsensitive) == 0)
            return it.value();
    return {};
}

bool VectorFeature::isApproximate() const { return attributeIsTrue(value(QStringLiteral("approximate"))); }

namespace {

struct DatasetCloser
{
    void operator()(GDALDataset *ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

/// Collects the messages GDAL reports on this thread while it is alive
/// (GDAL's handler stack is per thread, so workers do not interfere).
class ErrorCollector
{
public:
    ErrorCollector()
    {
        CPLErrorReset();
        CPLPushErrorHandlerEx(&ErrorCollector::handler, this);
    }
    ~ErrorCollector() { CPLPopErrorHandler(); }
    ErrorCollector(const ErrorCollector &) = delete;
    ErrorCollector &operator=(const ErrorCollector &) = delete;

    QStringList errors; ///< CE_Failure and worse, in order
    QStringList warnings;

private:
    static void CPL_STDCALL handler(CPLErr cls, CPLErrorNum, const char *msg)
    {
        auto *self = static_cast<ErrorCollector *>(CPLGetErrorHandlerUserData());
        const QString text = QString::fromUtf8(msg).trimmed();
        if (cls >= CE_Failure)
            self->errors << text;
        else if (cls == CE_Warning)
            self->warnings << text;
    }
};

QVariant fieldValue(OGRFeature &f, int i, const OGRFieldDefn &defn)
{
    if (!f.IsFieldSetAndNotNull(i))
        return {};
    switch (defn.GetType()) {
    case OFTInteger:
        if (defn.GetSubType() == OFSTBoolean)
            return f.GetFieldAsInteger(i) != 0;
        return f.GetFieldAsInteger(i);
    case OFTInteger64:
        return static_cast<qlonglong>(f.GetFieldAsInteger64(i));
    case OFTReal:
        return f.GetFieldAsDouble(i);
    case OFTDate:
    case OFTDateTime:
    case OFTTime: {
        int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
        float s = 0;
        f.GetFieldAsDateTime(i, &y, &mo, &d, &h, &mi, &s, &tz);
        const QTime time(h, mi, static_cast<int>(s), static_cast<int>((s - static_cast<int>(s)) * 1000));
        if (defn.GetType() == OFTDate)
            return QDate(y, mo, d);
        if (defn.GetType() == OFTTime)
            return time;
        return QDateTime(QDate(y, mo, d), time);
    }
    case OFTStringList: {
        QStringList list;
        if (char **values = f.GetFieldAsStringList(i))
            for (char **v = values; *v; ++v)
                list << QString::fromUtf8(*v);
        return list;
    }
    default:
        return QString::fromUtf8(f.GetFieldAsString(i));
    }
}

/// Appends the members of a (multi-, collection, curved) geometry to the
/// feature, in the source CRS's coordinates with x east.
void collectGeometry(const OGRGeometry *g, bool swapXY, VectorFeature &out)
{
    if (!g || g->IsEmpty())
        return;
    auto ring = [swapXY](const OGRSimpleCurve *c) {
        QPolygonF poly;
        poly.reserve(c->getNumPoints());
        for (int i = 0; i < c->getNumPoints(); ++i)
            poly << (swapXY ? QPointF(c->getY(i), c->getX(i)) : QPointF(c->getX(i), c->getY(i)));
        return poly;
    };
    switch (wkbFlatten(g->getGeometryType())) {
    case wkbPoint: {
        const auto *p = g->toPoint();
        out.points << (swapXY ? QPointF(p->getY(), p->getX()) : QPointF(p->getX(), p->getY()));
        return;
    }
    case wkbLineString:
        out.lines << ring(g->toLineString());
        return;
    case wkbPolygon:
        for (const OGRLinearRing *r : *g->toPolygon())
            out.rings << ring(r);
        return;
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
        for (const OGRGeometry *member : *g->toGeometryCollection())
            collectGeometry(member, swapXY, out);
        return;
    default:
        if (g->hasCurveGeometry()) {
            std::unique_ptr<OGRGeometry> linear(g->getLinearGeometry());
            collectGeometry(linear.get(), swapXY, out);
        } else if (OGR_GT_IsSubClassOf(g->getGeometryType(), wkbPolyhedralSurface)
                   || OGR_GT_IsSubClassOf(g->getGeometryType(), wkbTIN)) {
            std::unique_ptr<OGRGeometry> multi(OGRGeometryFactory::forceToMultiPolygon(g->clone()));
            collectGeometry(multi.get(), swapXY, out);
        }
        return;
    }
}

/// True when the source CRS's first axis points north (EPSG:4326 and many
/// national grids), so GDAL's data axis mapping must be read against it.
bool firstAxisIsNorth(const OGRSpatialReference &srs)
{
    return srs.EPSGTreatsAsLatLong() || srs.EPSGTreatsAsNorthingEasting();
}

QString featureLabel(const QString &layer, bool manyLayers, qint64 index, const QVariantMap &attributes)
{
    QString s = manyLayers ? QStringLiteral("layer \"%1\", feature %2").arg(layer).arg(index)
                           : QStringLiteral("feature %1").arg(index);
    const QString name = attributes.value(QStringLiteral("name")).toString();
    if (!name.isEmpty())
        s += QStringLiteral(" (\"%1\")").arg(name);
    return s;
}

/// Checks that a point is a usable lon/lat; returns the problem or "".
QString lonLatProblem(double lon, double lat)
{
    if (!std::isfinite(lon) || !std::isfinite(lat))
        return QStringLiteral("coordinate is not a number (NaN or infinite)");
    if (lat < -90.0 || lat > 90.0)
        return QStringLiteral("latitude %1 is outside [-90, 90]").arg(lat);
    // A hair of slack for data that rounds 180 outward.
    if (lon < -180.0 - 1e-9 || lon > 180.0 + 1e-9)
        return QStringLiteral("longitude %1 is outside [-180, 180]").arg(lon);
    return {};
}

template <class Fn>
void forEachPoint(VectorFeature &f, Fn fn)
{
    for (QPointF &p : f.points)
        fn(p);
    for (QPolygonF &l : f.lines)
        for (QPointF &p : l)
            fn(p);
    for (QPolygonF &r : f.rings)
        for (QPointF &p : r)
            fn(p);
}

} // namespace

Result<VectorData> OgrVectorReader::read(const QString &path, const std::atomic_bool *cancel,
                                         const std::function<void(double)> &progress,
                                         const VectorReadOptions &options)
{
    const QFileInfo info(path);
    const bool isVirtual = path.startsWith(QLatin1String("/vsi"));
    if (!isVirtual) {
        if (!info.exists())
            return Error{QStringLiteral("file not found"), path};
        if (info.isFile() && info.size() == 0)
            return Error{QStringLiteral("the file is empty"), path};
    }

    ErrorCollector gdalErrors;
    const QByteArray utf8 = path.toUtf8();
    // GeoJSON turns a NaN coordinate into an empty geometry without a word;
    // keeping each feature's JSON lets us tell that from a real empty one.
    bool isGeoJson = false;
    if (GDALDriverH drv = GDALIdentifyDriverEx(utf8.constData(), GDAL_OF_VECTOR, nullptr, nullptr))
        isGeoJson = QString::fromLatin1(GDALGetDriverShortName(drv)) == QLatin1String("GeoJSON");
    const char *geoJsonOptions[] = {"NATIVE_DATA=YES", nullptr};
    DatasetPtr ds(GDALDataset::Open(utf8.constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                    isGeoJson ? geoJsonOptions : nullptr, nullptr));
    if (!ds) {
        QString why = gdalErrors.errors.isEmpty() ? QString() : gdalErrors.errors.last();
        if (GDALIdentifyDriverEx(utf8.constData(), GDAL_OF_RASTER, nullptr, nullptr))
            return Error{QStringLiteral("not vector data (it is a raster GDAL can read; open it as a raster layer)"),
                         path};
        return Error{why.isEmpty() ? QStringLiteral("not a vector data source GDAL/OGR can read")
                                   : QStringLiteral("cannot read as vector data: %1").arg(why),
                     path};
    }
    const QString driverName = QString::fromLatin1(ds->GetDriverName());
    if (ds->GetLayerCount() == 0)
        return Error{QStringLiteral("no vector layers in this %1 source").arg(driverName), path};

    std::vector<OGRLayer *> layers;
    if (options.singleLayer) {
        OGRLayer *l = options.layerName.isEmpty() ? ds->GetLayer(0)
                                                  : ds->GetLayerByName(options.layerName.toUtf8().constData());
        if (!l)
            return Error{QStringLiteral("no layer named \"%1\"").arg(options.layerName), path};
        layers.push_back(l);
    } else {
        for (int i = 0; i < ds->GetLayerCount(); ++i)
            layers.push_back(ds->GetLayer(i));
    }
    const bool manyLayers = layers.size() > 1;

    GIntBig total = 0;
    for (OGRLayer *l : layers) {
        const GIntBig n = l->GetFeatureCount(FALSE);
        total = (n < 0 || total < 0) ? -1 : total + n;
    }

    VectorData data;
    data.path = path;
    const Crs wgs84 = Crs::wgs84();
    GIntBig done = 0;
    double allMinX = 1e300, allMinY = 1e300, allMaxX = -1e300, allMaxY = -1e300;
    for (std::size_t li = 0; li < layers.size(); ++li) {
        OGRLayer *layer = layers[li];
        const QString layerName = QString::fromUtf8(layer->GetName());
        data.layerNames << layerName;

        // The layer's CRS and the transform to WGS84.
        Crs layerCrs;
        bool swapXY = false;
        bool assumeWgs84 = false;
        const OGRSpatialReference *srs = layer->GetSpatialRef();
        // A CRS the file names but PROJ does not know: GDAL reports it and
        // then may fall back to WGS84 on its own. Never draw such data.
        for (const QString &e : std::as_const(gdalErrors.errors)) {
            if (e.contains(QLatin1String("crs not found"), Qt::CaseInsensitive)
                || e.contains(QLatin1String("PROJ:"), Qt::CaseInsensitive)
                || e.contains(QLatin1String("SRS"), Qt::CaseInsensitive)
                || e.contains(QLatin1String("projection"), Qt::CaseInsensitive))
                return Error{QStringLiteral("unknown CRS (%1)").arg(e), path};
        }
        if (srs) {
            char *wkt = nullptr;
            const char *wktOptions[] = {"FORMAT=WKT2_2019", nullptr};
            srs->exportToWkt(&wkt, wktOptions);
            const QString wktText = QString::fromUtf8(wkt ? wkt : "");
            CPLFree(wkt);
            auto crs = Crs::fromString(wktText);
            if (!crs)
                return Error{QStringLiteral("layer \"%1\": unsupported CRS: %2").arg(layerName, crs.error().message),
                             path};
            layerCrs = *crs;
            const std::vector<int> &mapping = srs->GetDataAxisToSRSAxisMapping();
            if (mapping.size() >= 2) {
                const bool north = firstAxisIsNorth(*srs);
                swapXY = north ? std::abs(mapping[0]) == 1 : std::abs(mapping[0]) == 2;
            }
        } else {
            layerCrs = wgs84;
            assumeWgs84 = true;
        }
        if (!data.sourceCrs.isValid())
            data.sourceCrs = layerCrs;
        auto toWgs = CrsTransform::create(layerCrs, wgs84);
        if (!toWgs)
            return Error{QStringLiteral("layer \"%1\": %2").arg(layerName, toWgs.error().message), path};

        OGRFeatureDefn *defn = layer->GetLayerDefn();
        if (li == 0)
            for (int i = 0; i < defn->GetFieldCount(); ++i)
                data.firstLayerSchema << QString::fromUtf8(defn->GetFieldDefn(i)->GetNameRef());
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            const QString name = QString::fromUtf8(defn->GetFieldDefn(i)->GetNameRef());
            if (!data.fieldNames.contains(name))
                data.fieldNames << name;
        }

        layer->ResetReading();
        qint64 index = 0;
        for (auto &feature : *layer) {
            ++index;
            ++done;
            if ((done & 0xff) == 0) {
                if (cancel && cancel->load())
                    return Error{QStringLiteral("loading cancelled"), path};
                if (progress && total > 0)
                    progress(std::min(1.0, static_cast<double>(done) / static_cast<double>(total)));
            }
            VectorFeature f;
            f.layerName = layerName;
            f.fid = feature->GetFID() == OGRNullFID ? index - 1 : feature->GetFID();
            for (int i = 0; i < defn->GetFieldCount(); ++i) {
                const OGRFieldDefn *fd = defn->GetFieldDefn(i);
                const QVariant v = fieldValue(*feature, i, *fd);
                if (v.isValid())
                    f.attributes.insert(QString::fromUtf8(fd->GetNameRef()), v);
            }
            const OGRGeometry *geom = feature->GetGeometryRef();
            if (!geom) {
                // GeoJSON whose geometry GDAL could not read (wrong types,
                // missing coordinates) comes back without one: say so rather
                // than drop the feature as if it had no geometry.
                // An empty coordinate array ("coordinates": []) is an empty
                // geometry, skipped like before.
                static const QRegularExpression hasGeometry(QStringLiteral(R"("geometry"\s*:\s*\{)"));
                static const QRegularExpression arrayCoordinates(
                    QStringLiteral(R"("(coordinates"\s*:\s*\[|geometries"))"));
                const char *native = feature->GetNativeData();
                const QString nativeText = isGeoJson && native ? QString::fromUtf8(native) : QString();
                if (hasGeometry.match(nativeText).hasMatch() && !arrayCoordinates.match(nativeText).hasMatch())
                    return Error{QStringLiteral("%1: the geometry is not valid GeoJSON (wrong types or missing coordinates)")
                                     .arg(featureLabel(layerName, manyLayers, index, f.attributes)),
                                 path};
                continue; // attribute-only rows have nothing to draw
            }
            if (geom->IsEmpty()) {
                // Only the geometry's own text counts, not e.g. a name "Nanjing".
                static const QRegularExpression nonFinite(
                    QStringLiteral(R"("coordinates"\s*:\s*\[[^"]*?\b(nan|-?infinity)\b)"),
                    QRegularExpression::CaseInsensitiveOption);
                const char *native = feature->GetNativeData();
                if (isGeoJson && native && nonFinite.match(QString::fromUtf8(native)).hasMatch())
                    return Error{QStringLiteral("%1: coordinate is not a number (NaN)")
                                     .arg(featureLabel(layerName, manyLayers, index, f.attributes)),
                                 path};
                continue;
            }
            collectGeometry(geom, swapXY, f);

            // Validate in the source CRS where it is geographic (PROJ would
            // wrap a longitude of 400), then everywhere after the transform.
            QString problem;
            if (layerCrs.isGeographic()) {
                forEachPoint(f, [&](QPointF &p) {
                    if (problem.isEmpty())
                        problem = lonLatProblem(p.x(), p.y());
                });
            } else {
                forEachPoint(f, [&](QPointF &p) {
                    if (problem.isEmpty() && !(std::isfinite(p.x()) && std::isfinite(p.y())))
                        problem = QStringLiteral("coordinate is not a number (NaN or infinite)");
                });
            }
            if (problem.isEmpty() && !toWgs->isIdentity()) {
                forEachPoint(f, [&](QPointF &p) {
                    if (!problem.isEmpty())
                        return;
                    const QPointF src = p;
                    if (!toWgs->forward(p))
                        problem = QStringLiteral("(%1, %2) cannot be transformed from %3 to WGS 84")
                                      .arg(src.x(), 0, 'f', 3)
                                      .arg(src.y(), 0, 'f', 3)
                                      .arg(layerCrs.authId());
                });
            }
            if (problem.isEmpty())
                forEachPoint(f, [&](QPointF &p) {
                    if (problem.isEmpty())
                        problem = lonLatProblem(p.x(), p.y());
                });
            if (!problem.isEmpty()) {
                if (assumeWgs84)
                    return Error{QStringLiteral("no CRS is declared (for a Shapefile: the .prj file is missing) and "
                                                "%1 is not WGS 84 longitude/latitude: %2")
                                     .arg(featureLabel(layerName, manyLayers, index, f.attributes), problem),
                                 path};
                return Error{QStringLiteral("%1: %2").arg(featureLabel(layerName, manyLayers, index, f.attributes),
                                                          problem),
                             path};
            }

            double minX = 1e300, minY = 1e300, maxX = -1e300, maxY = -1e300;
            forEachPoint(f, [&](QPointF &p) {
                minX = std::min(minX, p.x());
                maxX = std::max(maxX, p.x());
                minY = std::min(minY, p.y());
                maxY = std::max(maxY, p.y());
            });
            f.bounds = QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
            // Not QRectF::united(): it ignores the zero-size box of a point.
            allMinX = std::min(allMinX, minX);
            allMinY = std::min(allMinY, minY);
            allMaxX = std::max(allMaxX, maxX);
            allMaxY = std::max(allMaxY, maxY);
            data.features.push_back(std::move(f));
        }
        if (assumeWgs84 && data.crsAssumption.isEmpty())
            data.crsAssumption = QStringLiteral("layer \"%1\" declares no CRS (for a Shapefile: no .prj file); "
                                                "its coordinates fit longitude/latitude, so WGS 84 is assumed")
                                     .arg(layerName);
    }
    if (allMaxX >= allMinX)
        data.bounds = QRectF(QPointF(allMinX, allMinY), QPointF(allMaxX, allMaxY));
    if (progress)
        progress(1.0);
    return data;
}

} // namespace linewatch
