#include "render/raster_layer.h"

#include "io/resource_bounds.h"

#include "render/map_settings.h"
#include "terrain/elevation_colour_table.h"
#include "io/gdal_dataset.h"
#include "render/raster_layer_renderer.h"
#include "io/raster_source.h"
#include "render/raster_tile_cache.h"

#include <QFileInfo>
#include <QLocale>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <cmath>

namespace linewatch {

QRectF RasterSource::extent() const
{
    // Corners through the geotransform, so a rotated grid is enclosed too.
    double minX = INFINITY, minY = INFINITY, maxX = -INFINITY, maxY = -INFINITY;
    for (int c : {0, size.width()})
        for (int r : {0, size.height()}) {
            const double x = geoTransform[0] + c * geoTransform[1] + r * geoTransform[2];
            const double y = geoTransform[3] + c * geoTransform[4] + r * geoTransform[5];
            minX = std::min(minX, x);
            maxX = std::max(maxX, x);
            minY = std::min(minY, y);
            maxY = std::max(maxY, y);
        }
    return QRectF(minX, minY, maxX - minX, maxY - minY);
}

namespace {

QString lastGdalError(const QString &fallback)
{
    const QString msg = QString::fromUtf8(CPLGetLastErrorMsg()).trimmed();
    return msg.isEmpty() ? fallback : msg;
}

bool cancelled(const std::atomic_bool *cancel) { return cancel && cancel->load(); }

/// A file cut short often opens (the header is intact) and fails only when
/// pixels are read; probe the first and last pixel so it fails here instead.
bool probeCorners(GDALRasterBandH band, int width, int height)
{
    float v = 0;
    CPLErrorReset();
    return GDALRasterIO(band, GF_Read, 0, 0, 1, 1, &v, 1, 1, GDT_Float32, 0, 0) == CE_None
           && GDALRasterIO(band, GF_Read, width - 1, height - 1, 1, 1, &v, 1, 1, GDT_Float32, 0, 0) == CE_None;
}

QString attributionFrom(GDALDatasetH ds)
{
    for (const char *key : {"ATTRIBUTION", "attribution", "TIFFTAG_COPYRIGHT", "COPYRIGHT", "copyright", "SOURCE",
                            "source"}) {
        if (const char *v = GDALGetMetadataItem(ds, key, nullptr); v && *v)
            return QString::fromUtf8(v).trimmed();
    }
    return {};
}

} // namespace

RasterLayer::RasterLayer(std::shared_ptr<const RasterSource> source)
    : mSource(std::move(source)), mPool(GdalDatasetPool::create(mSource->path)),
      mCache(std::make_shared<RasterTileCache>())
{
    setSourcePath(mSource->path);
}

RasterLayer::~RasterLayer() = default;

Result<std::unique_ptr<RasterLayer>> RasterLayer::open(const QString &path, const std::atomic_bool *cancel)
{
    if (cancelled(cancel))
        return Error{QStringLiteral("opening cancelled"), path};
    bool remote = path.startsWith(QLatin1String("/vsi")) || path.contains(QLatin1String("://"))
                        || path.trimmed().startsWith(QLatin1Char('<'));
    if (!remote && !QFileInfo::exists(path))
        return Error{QStringLiteral("file not found"), path};

    Result<GdalDataset> opened = GdalDataset::open(path);
    if (!opened)
        return opened.error();
    if (cancelled(cancel))
        return Error{QStringLiteral("opening cancelled"), path};
    auto ds = static_cast<GDALDatasetH>(opened->handle());
    // A tile service description (GDAL WMS/WMTS XML) is a local file whose
    // pixels come over the network: treat it as remote.
    if (GDALDriverH driver = GDALGetDatasetDriver(ds)) {
        const QString shortName = QString::fromLatin1(GDALGetDriverShortName(driver));
        if (shortName == QLatin1String("WMS") || shortName == QLatin1String("WMTS"))
            remote = true;
    }

    auto src = std::make_shared<RasterSource>();
    src->path = path;
    src->size = QSize(GDALGetRasterXSize(ds), GDALGetRasterYSize(ds));
    const int bandCount = GDALGetRasterCount(ds);
    if (bandCount < 1 || src->size.isEmpty())
        return Error{QStringLiteral("has no raster bands"), path};
    // A tiny file can declare an absurd size (a "raster bomb"): refuse more
    // than 10^12 pixels (a global 1 arc-second DEM has about 8 × 10^11)
    // before anything is read or allocated.
    const double declaredPixels = double(src->size.width()) * double(src->size.height());
    if (declaredPixels > 1e12)
        return Error{QStringLiteral("declares %1 × %2 pixels, more than Linewatch opens (10^12); refused")
                         .arg(src->size.width())
                         .arg(src->size.height()),
                     path};
    // Declared size against the bytes on disk and the block size, before any
    // pixel is read (ResourceBounds states the rules). Remote sources have no
    // bytes on disk to compare with; their reads are windowed tiles.
    if (!remote) {
        ResourceBounds::RasterDeclaration declaration;
        declaration.width = src->size.width();
        declaration.height = src->size.height();
        declaration.bands = bandCount;
        GDALRasterBandH first = GDALGetRasterBand(ds, 1);
        declaration.bytesPerSample = GDALGetDataTypeSizeBytes(GDALGetRasterDataType(first));
        int blockX = 0, blockY = 0;
        GDALGetBlockSize(first, &blockX, &blockY);
        declaration.blockWidth = blockX;
        declaration.blockHeight = blockY;
        declaration.hasOverviews = GDALGetOverviewCount(first) > 0;
        // Every file of the dataset: a GeoTIFF and its .ovr, a VRT and its sources.
        char **files = GDALGetFileList(ds);
        for (char **f = files; f && *f; ++f)
            declaration.bytesOnDisk += std::max<qint64>(0, QFileInfo(QString::fromUtf8(*f)).size());
        CSLDestroy(files);
        if (const Status bounded = ResourceBounds::checkRaster(path, declaration); !bounded.ok())
            return bounded.error();
    }

    if (GDALGetGeoTransform(ds, src->geoTransform.data()) != CE_None
        || (src->geoTransform[1] == 1.0 && src->geoTransform[5] == 1.0 && src->geoTransform[0] == 0.0
            && src->geoTransform[3] == 0.0))
        return Error{QStringLiteral("has no georeferencing (no geotransform); GCP-only rasters must be warped first"),
                     path};

    OGRSpatialReferenceH srs = GDALGetSpatialRef(ds);
    if (!srs)
        return Error{QStringLiteral("has no coordinate reference system"), path};
    char *wkt = nullptr;
    const char *wktOptions[] = {"FORMAT=WKT2_2019", nullptr};
    OSRExportToWktEx(srs, &wkt, wktOptions);
    const QString wktText = QString::fromUtf8(wkt ? wkt : "");
    CPLFree(wkt);
    Result<Crs> crs = Crs::fromString(wktText);
    if (!crs)
        return Error{QStringLiteral("unknown coordinate reference system: %1").arg(crs.error().message), path};
    src->crs = *crs;
    if (OSRIsProjected(srs))
        src->linearUnitMetres = OSRGetLinearUnits(srs, nullptr);

    GDALRasterBandH band = GDALGetRasterBand(ds, 1);
    const GDALDataType type = GDALGetRasterDataType(band);
    GDALColorTableH colours = GDALGetRasterColorTable(band);
    const GDALColorInterp interp1 = GDALGetRasterColorInterpretation(band);
    if (bandCount == 1 && colours) {
        src->bands = RasterSource::Bands::Paletted;
        for (int i = 0; i < GDALGetColorEntryCount(colours); ++i) {
            const GDALColorEntry *e = GDALGetColorEntry(colours, i);
            src->palette.append(qRgba(e->c1, e->c2, e->c3, e->c4));
        }
    } else if (bandCount == 1 && type != GDT_Unknown && !GDALDataTypeIsComplex(type)) {
        src->bands = RasterSource::Bands::Elevation;
    } else if (bandCount == 2) {
        src->bands = RasterSource::Bands::GreyAlpha;
    } else if (bandCount >= 4 || (bandCount >= 3 && interp1 == GCI_RedBand)) {
        src->bands = bandCount >= 4 ? RasterSource::Bands::Rgba : RasterSource::Bands::Rgb;
    } else if (bandCount == 3) {
        src->bands = RasterSource::Bands::Rgb;
    } else {
        return Error{QStringLiteral("band layout not supported (%1 bands of complex data)").arg(bandCount), path};
    }

    int hasNodata = 0;
    const double nodata = GDALGetRasterNoDataValue(band, &hasNodata);
    if (hasNodata)
        src->nodata = nodata;
    src->scale = GDALGetRasterScale(band, nullptr);
    src->offset = GDALGetRasterOffset(band, nullptr);
    for (int i = 0; i < GDALGetOverviewCount(band); ++i) {
        GDALRasterBandH ov = GDALGetOverview(band, i);
        src->overviews.append(QSize(GDALGetRasterBandXSize(ov), GDALGetRasterBandYSize(ov)));
    }

    // A remote source is opened without reading a pixel: offline, the layer
    // still opens, the layer panel says the server cannot be reached, and the
    // rest of the map works. Local files are read at the corners so a
    // truncated file is refused here rather than drawn half.
    if (!remote && !probeCorners(band, src->size.width(), src->size.height()))
        return Error{QStringLiteral("cannot read pixels (truncated or corrupt file?): %1")
                         .arg(lastGdalError(QStringLiteral("read failed"))),
                     path};
    if (cancelled(cancel))
        return Error{QStringLiteral("opening cancelled"), path};

    if (src->isElevation()) {
        // Approximate statistics read an overview or a sample of blocks,
        // never the whole file.
        double minMax[2] = {0, 0};
        double mean = 0, stddev = 0;
        CPLErrorReset();
        if (remote) {
            // Statistics of a remote source would cost downloads at open; the
            // legend shows the range of land elevations instead.
            minMax[0] = 0;
            minMax[1] = 4000;
        } else if (GDALGetRasterStatistics(band, TRUE, FALSE, &minMax[0], &minMax[1], &mean, &stddev) != CE_None
                   && GDALComputeRasterMinMax(band, TRUE, minMax) != CE_None)
            return Error{QStringLiteral("cannot compute the range of elevations: %1")
                             .arg(lastGdalError(QStringLiteral("no valid pixels"))),
                         path};
        src->minimum = std::min(minMax[0], minMax[1]) * src->scale + src->offset;
        src->maximum = std::max(minMax[0], minMax[1]) * src->scale + src->offset;
        if (src->scale < 0)
            std::swap(src->minimum, src->maximum);
    }

    auto layer = std::unique_ptr<RasterLayer>(new RasterLayer(src));
    layer->setName(QFileInfo(path).completeBaseName().isEmpty() ? path : QFileInfo(path).completeBaseName());
    layer->setAttribution(attributionFrom(ds));
    return layer;
}

Layer::Kind RasterLayer::kind() const { return mSource->isElevation() ? Kind::Terrain : Kind::Raster; }
Crs RasterLayer::crs() const { return mSource->crs; }
QRectF RasterLayer::extent() const { return mSource->extent(); }
QString RasterLayer::path() const { return mSource->path; }

void RasterLayer::setSuspended(bool suspended)
{
    if (suspended == mSuspended)
        return;
    mSuspended = suspended;
    emit changed();
}

std::unique_ptr<LayerRenderer> RasterLayer::createRenderer(const MapSettings &settings) const
{
    if (mSuspended)
        return nullptr;
    RasterLayerRenderer::Options options;
    options.useOverviews = mUseOverviews;
    options.reuseTiles = mTileReuse;
    return std::make_unique<RasterLayerRenderer>(mSource, mPool, mCache, mStyle, settings, options);
}

QList<LegendItem> RasterLayer::legend() const
{
    LegendItem item;
    if (!mSource->isElevation()) {
        item.symbol = LegendItem::Symbol::Raster;
        item.label = name();
        return {item};
    }
    item.symbol = LegendItem::Symbol::Ramp;
    item.label = tr("Elevation");
    const QLocale locale;
    item.rampMin = tr("%1 m").arg(locale.toString(std::round(mSource->minimum), 'f', 0));
    item.rampMax = tr("%1 m").arg(locale.toString(std::round(mSource->maximum), 'f', 0));
    item.ramp = ElevationColourTable::rampImage(mStyle.ramp, mSource->minimum, mSource->maximum);
    return {item};
}

void RasterLayer::setTerrainStyle(const TerrainStyle &style)
{
    if (style == mStyle)
        return;
    mStyle = style;
    mCache->clear(); // tiles of the old style would only take room
    emit changed();
}

void RasterLayer::setUseOverviews(bool use)
{
    if (use == mUseOverviews)
        return;
    mUseOverviews = use;
    // GDAL picks overviews by itself in a decimated read; only opening with
    // OVERVIEW_LEVEL=NONE really hides them.
    mPool = GdalDatasetPool::create(mSource->path,
                                    use ? QStringList{} : QStringList{QStringLiteral("OVERVIEW_LEVEL=NONE")});
    mCache->clear();
    emit changed();
}

void RasterLayer::setTileReuse(bool reuse)
{
    if (reuse == mTileReuse)
        return;
    mTileReuse = reuse;
    mCache->clear();
    emit changed();
}

} // namespace linewatch
