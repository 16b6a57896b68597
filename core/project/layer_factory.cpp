#include "project/layer_factory.h"

#include "render/claims_layer.h"
#include "render/line_layer.h"
#include "io/external_references.h"
#include "io/resource_bounds.h"
#include "render/vector_layer.h"
#include "render/layer.h"
#include "render/raster_layer.h"
#include "io/terrain_source.h"

#include <QFileInfo>

#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>

namespace linewatch {

namespace {

enum class DataKind { Missing, Raster, Vector, Unknown };

DataKind identify(const QString &path, QString *why)
{
    const bool remote = path.contains(QLatin1String("://")) || path.startsWith(QLatin1String("/vsi"));
    if (!remote && !QFileInfo::exists(path))
        return DataKind::Missing;
    // A driver that reads only vectors (GeoJSON, KML, ...) or only rasters
    // (GeoTIFF, ...) tells the kind without opening: opening a GeoJSON parses
    // all of it, and the layer's own open parses it again.
    if (!remote) {
        if (GDALDriverH driver = GDALIdentifyDriverEx(path.toUtf8().constData(), GDAL_OF_RASTER | GDAL_OF_VECTOR,
                                                      nullptr, nullptr)) {
            const bool raster = GDALGetMetadataItem(driver, GDAL_DCAP_RASTER, nullptr) != nullptr;
            const bool vector = GDALGetMetadataItem(driver, GDAL_DCAP_VECTOR, nullptr) != nullptr;
            if (raster && !vector)
                return DataKind::Raster;
            if (vector && !raster)
                return DataKind::Vector;
        }
    }
    // A GDAL WMS/TMS description is a raster even though it is XML.
    CPLErrorReset();
    GDALDatasetH ds = GDALOpenEx(path.toUtf8().constData(), GDAL_OF_RASTER | GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                 nullptr, nullptr, nullptr);
    if (!ds) {
        *why = QString::fromUtf8(CPLGetLastErrorMsg());
        return DataKind::Unknown;
    }
    const bool raster = GDALGetRasterCount(ds) > 0;
    const bool vector = GDALDatasetGetLayerCount(ds) > 0;
    GDALClose(ds);
    if (raster)
        return DataKind::Raster;
    if (vector)
        return DataKind::Vector;
    *why = QStringLiteral("it holds neither raster bands nor vector layers");
    return DataKind::Unknown;
}

/// "lines" or "claims" when the fields of a vector file's first layer are
/// those of a lines or claims file (claim-check.md, Shapefile names included).
QString thematicType(const QStringList &firstLayerSchema)
{
    QStringList fields;
    for (const QString &f : firstLayerSchema)
        fields << f.toLower();
    if (fields.contains(QLatin1String("valid_from"))
        && (fields.contains(QLatin1String("left_label")) || fields.contains(QLatin1String("left_label").left(10))))
        return QStringLiteral("lines");
    if (fields.contains(QLatin1String("relation")) && fields.contains(QLatin1String("distance_m")))
        return QStringLiteral("claims");
    return {};
}

/// thematicType() of a file the vector reader refused: opens its first
/// layer only for the field names, so that a broken lines or claims file is
/// refused by its own reader, with its own message.
QString thematicType(const QString &path)
{
    GDALDatasetH ds = GDALOpenEx(path.toUtf8().constData(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
    if (!ds)
        return {};
    QStringList fields;
    if (OGRLayerH layer = GDALDatasetGetLayer(ds, 0)) {
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
        for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i)
            fields << QString::fromUtf8(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
    }
    GDALClose(ds);
    return thematicType(fields);
}

/// The references of the request that leave their folder and were not
/// accepted: project layers outside the project's folder (request.referrer)
/// and what the data file itself points at. Runs before GDAL sees the file.
Status checkExternalReferences(const LayerRequest &request, const QString &path)
{
    QList<ExternalReference> references;
    if (!request.referrer.isEmpty()) {
        const QString folder = QFileInfo(request.referrer).absolutePath();
        const std::pair<QString, QString> listed[] = {
            {request.path, QStringLiteral("project layer")},
            {request.linesPath, QStringLiteral("lines file of a claims layer")},
            {request.localTerrainFolder, QStringLiteral("local terrain folder")}};
        for (const auto &[target, reason] : listed) {
            ExternalReference::Kind kind = ExternalReference::Kind::LocalFile;
            QString host;
            if (!target.isEmpty() && ExternalReferences::isExternal(target, folder, &kind, &host))
                references << ExternalReference{kind, target, QFileInfo(request.referrer).absoluteFilePath(), reason, host};
        }
    }
    for (const QString &file : {path, request.linesPath}) {
        if (file.isEmpty())
            continue;
        auto scanned = ExternalReferences::scan(file);
        if (!scanned.ok())
            return scanned.error();
        references += scanned.value();
    }
    const QList<ExternalReference> missing = ExternalReferenceConsent::session().unconsented(references);
    if (missing.isEmpty())
        return Ok{};
    QStringList targets, encoded;
    for (const ExternalReference &r : missing) {
        if (!targets.contains(r.target))
            targets << r.target;
        encoded << r.encode();
    }
    Error error{QStringLiteral("refers to files outside its folder or on the network, not read without your consent: %1")
                    .arg(targets.join(QStringLiteral(", "))),
                request.referrer.isEmpty() ? path : request.path};
    error.externalReferences = encoded;
    return error;
}

} // namespace

Result<std::unique_ptr<Layer>> openLayer(const LayerRequest &request, const std::atomic_bool *cancel)
{
    QString path = request.path;
    QString terrainAttribution;
    if (!request.localTerrainFolder.isEmpty()) {
        auto choice = TerrainSource::resolve(request.localTerrainFolder, request.path);
        if (!choice.ok())
            return choice.error();
        path = choice->path;
        terrainAttribution = choice->attribution;
    }
    if (path.isEmpty())
        return Error{QStringLiteral("no file given")};
    // Before GDAL reads a byte: nothing outside the allowed places without consent.
    if (const Status consent = checkExternalReferences(request, path); !consent.ok())
        return consent.error();
    if (const Status bounded = ResourceBounds::checkFile(path); !bounded.ok())
        return bounded.error();

    QString why;
    QString styleProblem;
    std::unique_ptr<Layer> layer;
    switch (identify(path, &why)) {
    case DataKind::Missing:
        return Error{QStringLiteral("file not found"), path};
    case DataKind::Unknown:
        return Error{why.isEmpty() ? QStringLiteral("not a raster or vector format GDAL can read")
                                   : QStringLiteral("not a raster or vector format GDAL can read (%1)").arg(why),
                     path};
    case DataKind::Raster: {
        auto raster = RasterLayer::open(path, cancel);
        if (!raster.ok())
            return raster.error();
        if (!request.style.isEmpty()) {
            if (auto style = TerrainStyle::fromJson(request.style); style.ok())
                raster.value()->setTerrainStyle(style.value());
            else
                styleProblem = style.error().message;
        }
        layer = std::move(raster).value();
        break;
    }
    case DataKind::Vector: {
        // Read once: the fields that make a file a lines or claims file come
        // from the same pass that reads plain vector data. Opening the file
        // first only for its fields parsed a GeoJSON twice, and json-c's
        // allocation per number made 250,000 vertices take 17.8 s under ASan
        // (issue 16). Lines and claims files are read again by their own
        // readers, as before.
        QString type = request.type;
        Result<std::unique_ptr<VectorLayer>> plain = Error{};
        if (type.isEmpty()) {
            plain = VectorLayer::open(path, cancel);
            if (!plain.ok() && cancel && cancel->load())
                return plain.error();
            type = plain.ok() ? thematicType(plain.value()->data()->firstLayerSchema) : thematicType(path);
        }
        if (type == QLatin1String("lines")) {
            auto lines = LineLayer::open(path, cancel);
            if (!lines.ok())
                return lines.error();
            lines.value()->applyStyle(request.style);
            layer = std::move(lines).value();
            break;
        }
        if (type == QLatin1String("claims")) {
            auto claims = ClaimsLayer::open(path, request.linesPath, cancel);
            if (!claims.ok())
                return claims.error();
            layer = std::move(claims).value();
            break;
        }
        auto vector = plain.ok() || request.type.isEmpty() ? std::move(plain) : VectorLayer::open(path, cancel);
        if (!vector.ok())
            return vector.error();
        if (!request.style.isEmpty()) {
            if (auto style = VectorStyle::fromJson(request.style); style.ok())
                vector.value()->setStyle(style.value());
            else
                styleProblem = style.error().message;
        }
        layer = std::move(vector).value();
        break;
    }
    }
    if (layer->sourcePath().isEmpty())
        layer->setSourcePath(path);
    if (!request.name.isEmpty())
        layer->setName(request.name);
    if (!request.attribution.isEmpty())
        layer->setAttribution(request.attribution);
    else if (!terrainAttribution.isEmpty() && layer->attribution().isEmpty())
        layer->setAttribution(terrainAttribution);
    if (!styleProblem.isEmpty())
        layer->setHealth(Layer::Health::Warning,
                         QStringLiteral("style in the project ignored, defaults used: %1").arg(styleProblem));
    layer->setVisible(request.visible);
    layer->setInLocator(request.inLocator);
    layer->setOpacity(request.opacity);
    return layer;
}

} // namespace linewatch
