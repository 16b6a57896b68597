// The sample's terrain over HTTP: the shipped GDAL WMS (TMS) description read
// for real from a web server on 127.0.0.1 that this test starts, serving
// analytic GeoTIFF tiles in z/x/y layout; the on-disk cache and reading it
// offline; failures (refused, connect hanging, stalled, HTTP 500/503/404)
// bounded in time with a clear message; TerrainSource::resolve preferring DEMs
// in a local folder; and "linewatch-cli terrain".
//
// Expected elevations are computed independently of GDAL: tile and pixel from
// the slippy-map formulas of the OpenStreetMap wiki ("Slippy map tilenames"),
// the surface evaluated at that pixel's centre. GDAL gets there through PROJ
// (EPSG:4326 -> EPSG:3857) and the dataset's geotransform.
#include "common/geo_point.h"
#include "crs/crs.h"
#include "crs/crs_transform.h"
#include "io/gdal_environment.h"
#include "io/gdal_dataset.h"
#include "io/terrain_cache.h"
#include "io/terrain_source.h"

#include "support/local_http_server.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <memory>
#include <numbers>
#include <vector>

using namespace linewatch;
using linewatch::test::LocalHttpServer;

namespace {

constexpr double kEarthRadiusM = 6378137.0;                       // EPSG:3857 sphere
constexpr double kMercatorHalfM = std::numbers::pi * kEarthRadiusM; // 20037508.342789244
constexpr int kTilePx = 512;                                      // Terrain Tiles GeoTIFF size
constexpr int kFullZoom = 11;                                     // TileLevel of terrain-remote.xml
constexpr qint16 kNodata = -32768;

double degrees(double radians) { return radians * 180.0 / std::numbers::pi; }
double radians(double degrees) { return degrees * std::numbers::pi / 180.0; }

// The analytic terrain: a Gaussian hill of 1500 m on a 500 m plain, centred
// on Shusha (en.wikipedia 39.7583 N 46.7483 E), sigma 0.05 deg of latitude
// (about 5.6 km). Steepest slope 1500 * exp(-1/2) / 5.6 km = 0.16 m/m.
double hill(double lon, double lat)
{
    const double dx = (lon - 46.7483) * std::cos(radians(39.7583));
    const double dy = lat - 39.7583;
    const double sigma = 0.05;
    return 500.0 + 1500.0 * std::exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
}

// Slippy-map global pixel of a position at zoom z (OSM wiki formulas).
QPointF slippyPixel(double lon, double lat, int z)
{
    const double n = std::ldexp(1.0, z) * kTilePx;
    const double x = (lon + 180.0) / 360.0 * n;
    const double y = (1.0 - std::asinh(std::tan(radians(lat))) / std::numbers::pi) / 2.0 * n;
    return {x, y};
}

LonLat slippyPixelCentre(qint64 px, qint64 py, int z)
{
    const double n = std::ldexp(1.0, z) * kTilePx;
    const double lon = (px + 0.5) / n * 360.0 - 180.0;
    const double lat = degrees(std::atan(std::sinh(std::numbers::pi * (1.0 - 2.0 * (py + 0.5) / n))));
    return {lon, lat};
}

qint16 expectedElevation(double lon, double lat, int z)
{
    const QPointF p = slippyPixel(lon, lat, z);
    const LonLat c = slippyPixelCentre(static_cast<qint64>(std::floor(p.x())), static_cast<qint64>(std::floor(p.y())), z);
    return static_cast<qint16>(std::lround(hill(c.lon, c.lat)));
}

struct DatasetCloser
{
    void operator()(void *d) const
    {
        if (d)
            GDALClose(d);
    }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

QString srsWkt(int epsg)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, epsg);
    char *wkt = nullptr;
    OSRExportToWkt(srs, &wkt);
    const QString result = QString::fromUtf8(wkt);
    CPLFree(wkt);
    OSRDestroySpatialReference(srs);
    return result;
}

// Writes tile z/x/y like the Terrain Tiles GeoTIFFs: 512x512 Int16, nodata
// -32768, EPSG:3857, internally tiled 256x256, DEFLATE.
void writeTile(const QString &root, int z, int x, int y)
{
    const QString dir = QStringLiteral("%1/%2/%3").arg(root).arg(z).arg(x);
    QDir().mkpath(dir);
    const QByteArray path = QFile::encodeName(QStringLiteral("%1/%2.tif").arg(dir).arg(y));
    const double res = 2 * kMercatorHalfM / (std::ldexp(1.0, z) * kTilePx);
    const double x0 = -kMercatorHalfM + x * kTilePx * res;
    const double y0 = kMercatorHalfM - y * kTilePx * res;
    std::vector<qint16> pixels(kTilePx * kTilePx);
    for (int j = 0; j < kTilePx; ++j) {
        const double lat = degrees(std::atan(std::sinh((y0 - (j + 0.5) * res) / kEarthRadiusM)));
        for (int i = 0; i < kTilePx; ++i) {
            const double lon = degrees((x0 + (i + 0.5) * res) / kEarthRadiusM);
            pixels[j * kTilePx + i] = static_cast<qint16>(std::lround(hill(lon, lat)));
        }
    }
    const char *options[] = {"TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=DEFLATE", "PREDICTOR=2", nullptr};
    DatasetPtr ds(GDALCreate(GDALGetDriverByName("GTiff"), path.constData(), kTilePx, kTilePx, 1, GDT_Int16,
                             const_cast<char **>(options)));
    QVERIFY2(ds, CPLGetLastErrorMsg());
    double gt[6] = {x0, res, 0.0, y0, 0.0, -res};
    GDALSetGeoTransform(ds.get(), gt);
    GDALSetProjection(ds.get(), srsWkt(3857).toUtf8().constData());
    GDALRasterBandH band = GDALGetRasterBand(ds.get(), 1);
    GDALSetRasterNoDataValue(band, kNodata);
    QCOMPARE(GDALRasterIO(band, GF_Write, 0, 0, kTilePx, kTilePx, pixels.data(), kTilePx, kTilePx, GDT_Int16, 0, 0),
             CE_None);
}

// A geographic DEM (EPSG:4326, Float32) of plane(lon, lat) at pixel centres.
double plane(double lon, double lat) { return 1000.0 + 1000.0 * (lon - 46.4) + 500.0 * (lat - 39.6); }

void writeGeographicDem(const QString &path, double west, double north, int width, int height, double step, int epsg = 4326)
{
    std::vector<float> pixels(static_cast<size_t>(width) * height);
    for (int j = 0; j < height; ++j)
        for (int i = 0; i < width; ++i)
            pixels[static_cast<size_t>(j) * width + i] =
                static_cast<float>(plane(west + (i + 0.5) * step, north - (j + 0.5) * step));
    DatasetPtr ds(GDALCreate(GDALGetDriverByName("GTiff"), QFile::encodeName(path).constData(), width, height, 1,
                             GDT_Float32, nullptr));
    QVERIFY2(ds, CPLGetLastErrorMsg());
    double gt[6] = {west, step, 0.0, north, 0.0, -step};
    GDALSetGeoTransform(ds.get(), gt);
    GDALSetProjection(ds.get(), srsWkt(epsg).toUtf8().constData());
    GDALSetRasterNoDataValue(GDALGetRasterBand(ds.get(), 1), -9999);
    QCOMPARE(GDALRasterIO(GDALGetRasterBand(ds.get(), 1), GF_Write, 0, 0, width, height, pixels.data(), width, height,
                          GDT_Float32, 0, 0),
             CE_None);
}

QString shippedDescription() { return test::sourceDir() + QStringLiteral("/maps/shusha/terrain-remote.xml"); }

// A copy of the shipped description whose tiles come from baseUrl. The tag
// makes the URL, hence GDAL's per-URL cache subfolder, unique to a test.
QString localDescription(const QString &baseUrl, const QString &tag)
{
    QFile in(shippedDescription());
    if (!in.open(QIODevice::ReadOnly))
        return {};
    QString xml = QString::fromUtf8(in.readAll());
    xml.replace(QRegularExpression(QStringLiteral("<ServerUrl>[^<]*</ServerUrl>")),
                QStringLiteral("<ServerUrl>%1/${z}/${x}/${y}.tif?run=%2</ServerUrl>").arg(baseUrl, tag));
    const QString dir = test::tempDir() + QStringLiteral("/descriptions");
    QDir().mkpath(dir);
    const QString path = dir + QStringLiteral("/%1.xml").arg(tag);
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    out.write(xml.toUtf8());
    return path;
}

DatasetPtr openDataset(const QString &path)
{
    return DatasetPtr(GDALOpenEx(QFile::encodeName(path).constData(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr,
                                 nullptr, nullptr));
}

struct PixelRead
{
    CPLErr err = CE_Failure;
    double value = 0.0;
    QString message;
};

// Reads the pixel under a position from the band of the given zoom (the full
// resolution band or one of its overviews), through PROJ and the geotransform.
PixelRead readAt(void *dataset, double lon, double lat, int zoom)
{
    PixelRead r;
    auto toMercator = CrsTransform::create(Crs::wgs84(), Crs::webMercator());
    if (!toMercator) {
        r.message = toMercator.error().message;
        return r;
    }
    double x = lon, y = lat;
    if (!toMercator->forward(x, y)) {
        r.message = QStringLiteral("PROJ failed");
        return r;
    }
    double gt[6];
    GDALGetGeoTransform(dataset, gt);
    GDALRasterBandH band = GDALGetRasterBand(dataset, 1);
    const int overviewIndex = kFullZoom - 1 - zoom; // overviews are zooms 10, 9, 8, 7
    const double scale = std::ldexp(1.0, kFullZoom - zoom);
    if (zoom < kFullZoom)
        band = GDALGetOverview(band, overviewIndex);
    const int col = static_cast<int>(std::floor((x - gt[0]) / (gt[1] * scale)));
    const int row = static_cast<int>(std::floor((y - gt[3]) / (gt[5] * scale)));
    CPLErrorReset();
    r.err = GDALRasterIO(band, GF_Read, col, row, 1, 1, &r.value, 1, 1, GDT_Float64, 0, 0);
    r.message = QString::fromUtf8(CPLGetLastErrorMsg());
    return r;
}

QStringList filesBelow(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    return files;
}

// Positions used for reads (en.wikipedia / simple.wikipedia coordinates as in
// test_crs_transform.cpp) and corners of the sample view.
struct Place
{
    const char *name;
    double lon, lat;
};
constexpr Place kPlaces[] = {
    {"Shusha (39.7583 N 46.7483 E, hill top)", 46.7483, 39.7583},
    {"Stepanakert/Khankendi (39.81528 N 46.75194 E, hill flank)", 46.75194, 39.81528},
    {"Lachin/Berdzor (39.64083 N 46.54694 E, plain)", 46.54694, 39.64083},
    {"sample view NW corner (39.89 N 46.41 E)", 46.41, 39.89},
    {"sample view SE corner (39.56 N 46.94 E)", 46.94, 39.56},
};

} // namespace

class TestTerrainSource : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void environmentBoundsRequests();
    void shippedDescriptionIsRight();
    void readsElevationsOverHttp_data();
    void readsElevationsOverHttp();
    void missingTileReadsAsNodata();
    void cacheIsFilledAndServesOffline();
    void failuresAreBoundedAndClear_data();
    void failuresAreBoundedAndClear();
    void descriptionCannotLiftTheTimeout_data();
    void descriptionCannotLiftTheTimeout();
    void probeSucceedsWhenServed();
    void resolve_data();
    void resolve();
    void mosaicReadsAcrossTheSeam();
    void cliShowsChoiceAndProbes();

private:
    QString mTiles;
    std::unique_ptr<LocalHttpServer> mServer;
};

void TestTerrainSource::initTestCase()
{
    GdalEnvironment::Options options;
    options.cacheFolder = test::tempDir() + QStringLiteral("/cache/terrain");
    GdalEnvironment::initialise(options);

    // Tiles of the sample view at full resolution (zoom 11: x 1287..1291,
    // y 776..778), two at zoom 9 and the zoom-7 tile of the data window;
    // everything else answers 404.
    mTiles = test::tempDir() + QStringLiteral("/tiles");
    for (int x = 1287; x <= 1291; ++x)
        for (int y = 776; y <= 778; ++y)
            writeTile(mTiles, 11, x, y);
    writeTile(mTiles, 9, 321, 194);
    writeTile(mTiles, 9, 322, 194);
    writeTile(mTiles, 7, 80, 48);

    mServer = std::make_unique<LocalHttpServer>(mTiles);
    QString error;
    QVERIFY2(mServer->start(0, &error), qPrintable(error));
}

void TestTerrainSource::cleanupTestCase() { mServer.reset(); }

void TestTerrainSource::environmentBoundsRequests()
{
    // What initialise() set is what GDAL's HTTP code reads for every request.
    const GdalEnvironment::HttpLimits defaults;
    const GdalEnvironment::HttpLimits limits = GdalEnvironment::httpLimits();
    QCOMPARE(limits.connectTimeoutS, defaults.connectTimeoutS);
    QCOMPARE(limits.lowSpeedTimeS, defaults.lowSpeedTimeS);
    QCOMPARE(limits.lowSpeedLimitBps, defaults.lowSpeedLimitBps);
    QCOMPARE(limits.totalTimeoutS, defaults.totalTimeoutS);
    QCOMPARE(limits.maxRetry, defaults.maxRetry);
    // Nothing may block for long: every bound is finite and short.
    QVERIFY(limits.connectTimeoutS > 0 && limits.connectTimeoutS <= 10);
    QVERIFY(limits.lowSpeedTimeS > 0 && limits.lowSpeedTimeS <= 10);
    QVERIFY(limits.lowSpeedLimitBps >= 256);
    // Issue 6: every terrain request gives up within 15 s (GDAL 3.6's WMS
    // tiles are one attempt each; see failuresAreBoundedAndClear).
    QVERIFY(limits.totalTimeoutS > 0 && limits.totalTimeoutS < 15);
    QVERIFY(limits.maxRetry <= 3);
    QCOMPARE(GdalEnvironment::cacheFolder(), test::tempDir() + QStringLiteral("/cache/terrain"));
    QVERIFY(QFileInfo(GdalEnvironment::cacheFolder()).isDir());
}

void TestTerrainSource::shippedDescriptionIsRight()
{
    const QString path = shippedDescription();
    DatasetPtr ds = openDataset(path);
    QVERIFY2(ds, CPLGetLastErrorMsg());
    QCOMPARE(QString::fromLatin1(GDALGetDriverShortName(GDALGetDatasetDriver(ds.get()))), QStringLiteral("WMS"));
    // Terrain Tiles GeoTIFF: Int16 metres, nodata -32768, 512 px blocks.
    GDALRasterBandH band = GDALGetRasterBand(ds.get(), 1);
    QCOMPARE(GDALGetRasterCount(ds.get()), 1);
    QCOMPARE(GDALGetRasterDataType(band), GDT_Int16);
    int hasNodata = 0;
    QCOMPARE(GDALGetRasterNoDataValue(band, &hasNodata), -32768.0);
    QVERIFY(hasNodata);
    int bx = 0, by = 0;
    GDALGetBlockSize(band, &bx, &by);
    QCOMPARE(bx, kTilePx);
    QCOMPARE(by, kTilePx);
    // Data window: exactly slippy tile z7 x80 y48 at zoom 11 (16 x 16 tiles),
    // with overviews down to that one tile.
    QCOMPARE(GDALGetRasterXSize(ds.get()), 16 * kTilePx);
    QCOMPARE(GDALGetRasterYSize(ds.get()), 16 * kTilePx);
    QCOMPARE(GDALGetOverviewCount(band), 4);
    QCOMPARE(GDALGetRasterBandXSize(GDALGetOverview(band, 3)), kTilePx);
    double gt[6];
    QCOMPARE(GDALGetGeoTransform(ds.get(), gt), CE_None);
    const double tile7 = 2 * kMercatorHalfM / 128;
    QVERIFY(std::abs(gt[0] - (-kMercatorHalfM + 80 * tile7)) < 0.01);
    QVERIFY(std::abs(gt[3] - (kMercatorHalfM - 48 * tile7)) < 0.01);
    QVERIFY(std::abs(gt[1] - 2 * kMercatorHalfM / (2048.0 * kTilePx)) < 1e-6);
    // The window holds the sample view 46.40-46.95 E, 39.55-39.90 N.
    const QPointF nw = slippyPixel(46.40, 39.90, 7), se = slippyPixel(46.95, 39.55, 7);
    QCOMPARE(int(nw.x() / kTilePx), 80);
    QCOMPARE(int(nw.y() / kTilePx), 48);
    QCOMPARE(int(se.x() / kTilePx), 80);
    QCOMPARE(int(se.y() / kTilePx), 48);
    // Cache in the checksummed file system over the folder the environment
    // set, per-URL subfolder.
    const QString cachePath = QString::fromUtf8(GDALGetMetadataItem(ds.get(), "CACHE_PATH", nullptr));
    QVERIFY2(cachePath.startsWith(TerrainCache::vsiPrefix()), qPrintable(cachePath));
    QVERIFY2(TerrainCache::realPath(cachePath).startsWith(GdalEnvironment::cacheFolder() + QLatin1Char('/')),
             qPrintable(TerrainCache::realPath(cachePath)));
    // Over HTTPS from the public bucket, with a request timeout within the bound.
    QCOMPARE(TerrainSource::remoteHost(path), QStringLiteral("s3.amazonaws.com"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString xml = QString::fromUtf8(f.readAll());
    QVERIFY(xml.contains(QStringLiteral("<ServerUrl>https://s3.amazonaws.com/elevation-tiles-prod/geotiff/${z}/${x}/${y}.tif</ServerUrl>")));
    const QRegularExpressionMatch timeout = QRegularExpression(QStringLiteral("<Timeout>(\\d+)</Timeout>")).match(xml);
    QVERIFY(timeout.hasMatch());
    QVERIFY(timeout.captured(1).toInt() <= GdalEnvironment::httpLimits().totalTimeoutS);
    QVERIFY(TerrainSource::remoteAttribution(path).contains(QStringLiteral("U.S. Geological Survey")));
}

void TestTerrainSource::readsElevationsOverHttp_data()
{
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("lat");
    QTest::addColumn<int>("zoom");
    for (const Place &p : kPlaces)
        QTest::newRow(qPrintable(QStringLiteral("z11 %1").arg(QLatin1String(p.name)))) << p.lon << p.lat << 11;
    // Overviews: GDAL shifts TileX/TileY right per level, so these hit z9 and
    // z7 tiles; a wrong shift would read nodata (404) or another place.
    QTest::newRow("z9 overview, Shusha") << 46.7483 << 39.7583 << 9;
    QTest::newRow("z9 overview, Khankendi") << 46.75194 << 39.81528 << 9;
    QTest::newRow("z7 overview (one tile), Shusha") << 46.7483 << 39.7583 << 7;
}

void TestTerrainSource::readsElevationsOverHttp()
{
    QFETCH(double, lon);
    QFETCH(double, lat);
    QFETCH(int, zoom);
    const QString description = localDescription(mServer->baseUrl(), QStringLiteral("reads"));
    DatasetPtr ds = openDataset(description);
    QVERIFY2(ds, CPLGetLastErrorMsg());
    const PixelRead r = readAt(ds.get(), lon, lat, zoom);
    QVERIFY2(r.err == CE_None, qPrintable(r.message));
    // Same pixel as the slippy-map formulas: exact (tiles hold rounded values).
    const qint16 expected = expectedElevation(lon, lat, zoom);
    QVERIFY2(r.value == expected, qPrintable(QStringLiteral("read %1 m, expected %2 m").arg(r.value).arg(expected)));
    // And the surface itself within slope x half a pixel diagonal + rounding:
    // at zoom 11, 0.16 x 21 m + 0.5 = 3.9 m; 4x and 16x that at zooms 9 and 7.
    const double tolerance = 4.0 * std::ldexp(1.0, kFullZoom - zoom);
    QVERIFY2(std::abs(r.value - hill(lon, lat)) <= tolerance,
             qPrintable(QStringLiteral("read %1 m, surface %2 m").arg(r.value).arg(hill(lon, lat))));
}

void TestTerrainSource::missingTileReadsAsNodata()
{
    // 45.5 E 40.5 N is inside the data window but no tile is served there:
    // the server says 404, which <ZeroBlockHttpCodes> turns into nodata.
    mServer->resetCounters();
    const QString description = localDescription(mServer->baseUrl(), QStringLiteral("missing"));
    DatasetPtr ds = openDataset(description);
    QVERIFY(ds);
    const PixelRead r = readAt(ds.get(), 45.5, 40.5, 11);
    QCOMPARE(r.err, CE_None);
    QCOMPARE(r.value, double(kNodata));
    const QPointF p = slippyPixel(45.5, 40.5, 11);
    const QString tilePath = QStringLiteral("/11/%1/%2.tif").arg(int(p.x()) / kTilePx).arg(int(p.y()) / kTilePx);
    QVERIFY2(mServer->requestedPaths().join(QLatin1Char(' ')).contains(tilePath),
             qPrintable(mServer->requestedPaths().join(QLatin1Char(' '))));
}

void TestTerrainSource::cacheIsFilledAndServesOffline()
{
    const QString description = localDescription(mServer->baseUrl(), QStringLiteral("cache"));
    QString cachePath;
    std::vector<double> online;
    mServer->resetCounters();
    {
        DatasetPtr ds = openDataset(description);
        QVERIFY(ds);
        cachePath = TerrainCache::realPath(QString::fromUtf8(GDALGetMetadataItem(ds.get(), "CACHE_PATH", nullptr)));
        for (const Place &p : kPlaces) {
            const PixelRead r = readAt(ds.get(), p.lon, p.lat, 11);
            QVERIFY2(r.err == CE_None, qPrintable(r.message));
            online.push_back(r.value);
        }
    }
    const int downloads = mServer->requestCount();
    QVERIFY(downloads >= 3); // the places span several tiles
    // One cache file per downloaded tile, each a readable tile: sealed on
    // disk (TerrainCache), read through the cache's prefix.
    QVERIFY2(cachePath.startsWith(GdalEnvironment::cacheFolder() + QLatin1Char('/')), qPrintable(cachePath));
    const QStringList cached = filesBelow(cachePath);
    QCOMPARE(cached.size(), downloads);
    for (const QString &file : cached) {
        QFile entry(file);
        QVERIFY(entry.open(QIODevice::ReadOnly));
        QVERIFY2(TerrainCache::unseal(entry.readAll(), QFile::encodeName(QFileInfo(file).fileName())), qPrintable(file));
        const QString vsiFile = TerrainCache::vsiPrefix() + QDir(GdalEnvironment::cacheFolder()).relativeFilePath(file);
        DatasetPtr tile = openDataset(vsiFile);
        QVERIFY2(tile, qPrintable(vsiFile));
        QCOMPARE(GDALGetRasterXSize(tile.get()), kTilePx);
    }

    // Server running: a new dataset reads from the cache, no request at all.
    mServer->resetCounters();
    {
        DatasetPtr ds = openDataset(description);
        for (size_t i = 0; i < std::size(kPlaces); ++i)
            QCOMPARE(readAt(ds.get(), kPlaces[i].lon, kPlaces[i].lat, 11).value, online[i]);
    }
    QCOMPARE(mServer->requestCount(), 0);

    // Server stopped (connection refused): the same reads still work.
    mServer->stop();
    {
        DatasetPtr ds = openDataset(description);
        for (size_t i = 0; i < std::size(kPlaces); ++i) {
            const PixelRead r = readAt(ds.get(), kPlaces[i].lon, kPlaces[i].lat, 11);
            QVERIFY2(r.err == CE_None, qPrintable(r.message));
            QCOMPARE(r.value, online[i]);
        }
    }
    QString error;
    QVERIFY2(mServer->start(mServer->port(), &error), qPrintable(error));
}

void TestTerrainSource::failuresAreBoundedAndClear_data()
{
    // Issue 6: "against hostile servers run on 127.0.0.1 ... each request
    // gives up within 15 s, at most 2 retries, a clear message". Each row
    // reads one uncached tile under the app's global HTTP limits and then
    // probes the server as the viewer does.
    QTest::addColumn<QString>("failure");
    QTest::addColumn<QString>("readMessage");  // pattern in GDAL's error for the read; "ok": the served value; "nodata": nodata, no error
    QTest::addColumn<QString>("probeMessage"); // pattern in TerrainSource::probe's message; empty: the probe succeeds
    QTest::addColumn<int>("maxRequests");      // for the tile, redirects included
    QTest::addColumn<double>("minSeconds");    // of the read
    QTest::addColumn<double>("maxSeconds");    // of the read, retries included
    const GdalEnvironment::HttpLimits limits = GdalEnvironment::httpLimits();
    const double bound = 15.0; // the issue's figure
    // Refused: fails at once, well inside the connect timeout.
    QTest::newRow("offline: connection refused") << "refused" << "Failed to connect to 127.0.0.1"
                                                 << R"(unreachable \(offline\?\): Failed to connect to 127\.0\.0\.1)" << 0
                                                 << 0.0 << double(limits.connectTimeoutS);
    // Connecting hangs (SYNs dropped, as for a firewalled host): the connect timeout.
    QTest::newRow("connect hangs (listen backlog full)")
        // (curl 7.88 says "Failed to connect ... after 5000 ms: Timeout was
        // reached", older ones "Connection timed out after 5001 milliseconds")
        << "hang" << "(Timeout was reached|Connection timed out)"
        << R"(unreachable \(offline\?\): .*(Timeout was reached|Connection timed out))" << 0
        << double(limits.connectTimeoutS) - 0.5 << double(limits.connectTimeoutS) + 1.5;
    // Accepts and says nothing: dropped by the low-speed limit.
    QTest::newRow("server stalls after the request")
        << "stall" << "Operation too slow"
        // the probe's 2 s total timeout and 2 s low-speed time race; either ends it
        << R"(unreachable \(offline\?\): Operation (too slow|timed out))" << 3
        << double(limits.lowSpeedTimeS) - 0.5 << bound;
    // 10 bytes a second: below the low-speed floor of 1 KiB/s. curl gives up
    // after lowSpeedTimeS with the header and ~50 bytes, which GDAL 3.6 then
    // tries to decode (status 200) and cannot.
    const QString undecodable = QStringLiteral("ReadBlockFromFile .* failed");
    const QString probeUndecodable = QStringLiteral("could not be read: the server sent a tile that cannot be decoded");
    QTest::newRow("server trickles 10 B/s") << "trickle" << undecodable << probeUndecodable << 3
                                            << double(limits.lowSpeedTimeS) - 0.5 << bound;
    // 2 KiB/s: above the low-speed floor, so only the total timeout ends it.
    QTest::newRow("server trickles 2 KiB/s (above the low-speed floor)")
        << "trickle2k" << undecodable << probeUndecodable << 3 << double(limits.totalTimeoutS) - 0.5 << bound;
    // Half the announced body, then the connection closes: the half tile is
    // neither drawn nor cached.
    QTest::newRow("truncated body") << "truncated" << undecodable << probeUndecodable << 3 << 0.0 << bound;
    // 200 with 4 KiB of noise as image/png: no decoder accepts it.
    QTest::newRow("garbage body (noise as image/png)") << "garbage" << undecodable << probeUndecodable << 3 << 0.0
                                                       << bound;
    // The whole tile, but Content-Length 1000 bytes larger: curl reports the
    // short transfer, GDAL decodes the complete tile, and that is right: the
    // served elevation.
    QTest::newRow("Content-Length larger than the body") << "wrongLength" << "ok" << "" << 3 << 0.0 << bound;
    for (int status : {429, 500, 502, 503, 504})
        QTest::newRow(qPrintable(QStringLiteral("server answers HTTP %1").arg(status)))
            << QString::number(status) << QStringLiteral("HTTP status code: %1").arg(status)
            << QStringLiteral("unavailable: the server answered HTTP %1").arg(status) << 3 << 0.0 << bound;
    // A redirect within the host is followed, by reads and the probe.
    QTest::newRow("redirect within the host") << "redirect" << "ok" << "" << 2 << 0.0 << bound;
    // A redirect from 127.0.0.1 to "localhost" (same server, another host):
    // GDAL 3.6 follows it in a read (it cannot be told not to), but the probe
    // refuses it, so the viewer keeps the layer suspended and reads nothing.
    QTest::newRow("redirect to another host")
        << "redirectOtherHost" << "ok"
        << R"(refused: the server redirects to another host \(localhost:\d+\), which the terrain description does not name)"
        << 2 << 0.0 << bound;
    // No tile at all: a read gives nodata (see missingTileReadsAsNodata), but
    // the probe reports it, since it means a wrong URL.
    QTest::newRow("server has no tiles (404 everywhere)") << "404" << "nodata" << "unavailable: the server answered HTTP 404"
                                                          << 1 << 0.0 << double(limits.attemptBoundS());
}

void TestTerrainSource::failuresAreBoundedAndClear()
{
    QFETCH(QString, failure);
    QFETCH(QString, readMessage);
    QFETCH(QString, probeMessage);
    QFETCH(int, maxRequests);
    QFETCH(double, minSeconds);
    QFETCH(double, maxSeconds);

    LocalHttpServer server(mTiles);
    QString error;
    QVERIFY2(server.start(0, &error), qPrintable(error));
    test::FullBacklogListener hanging;
    if (failure == QLatin1String("hang"))
        QVERIFY2(hanging.start(&error), qPrintable(error));
    using B = LocalHttpServer::Behaviour;
    if (failure == QLatin1String("refused") || failure == QLatin1String("hang"))
        server.stop(); // the port was just free; nobody listens on it now
    else if (failure == QLatin1String("stall"))
        server.setBehaviour(B::Stall);
    else if (failure == QLatin1String("trickle"))
        server.addRule({B::Trickle, 0, 10, {}});
    else if (failure == QLatin1String("trickle2k"))
        server.addRule({B::Trickle, 0, 2048, {}});
    else if (failure == QLatin1String("truncated"))
        server.setBehaviour(B::TruncatedBody);
    else if (failure == QLatin1String("garbage"))
        server.setBehaviour(B::GarbageBody);
    else if (failure == QLatin1String("wrongLength"))
        server.setBehaviour(B::WrongContentLength);
    else if (failure == QLatin1String("redirect"))
        server.setBehaviour(B::Redirect);
    else if (failure == QLatin1String("redirectOtherHost"))
        server.setBehaviour(B::RedirectOtherHost);
    else if (failure == QLatin1String("404"))
        server.setBehaviour(B::NotFound);
    else
        server.setBehaviour(B::Status, failure.toInt());

    // A read through the description under the app's global HTTP limits, of a
    // tile that is not cached (the tag gives this row its own cache folder).
    const QString baseUrl = failure == QLatin1String("hang") ? hanging.baseUrl() : server.baseUrl();
    const quint16 port = failure == QLatin1String("hang") ? hanging.port() : server.port();
    const QString description = localDescription(baseUrl, QStringLiteral("fail-%1-%2").arg(failure).arg(port));
    const double lon = 46.7483, lat = 39.7583; // Shusha
    const QPointF px = slippyPixel(lon, lat, kFullZoom);
    const QString tilePath = QStringLiteral("/11/%1/%2.tif").arg(int(px.x()) / kTilePx).arg(int(px.y()) / kTilePx);
    {
        DatasetPtr ds = openDataset(description);
        QVERIFY(ds);
        const QString cacheFolder = TerrainCache::realPath(QString::fromUtf8(GDALGetMetadataItem(ds.get(), "CACHE_PATH", nullptr)));
        QElapsedTimer timer;
        timer.start();
        const PixelRead r = readAt(ds.get(), lon, lat, kFullZoom);
        const double seconds = timer.elapsed() / 1000.0;
        const int requests = int(server.requestedPaths().filter(tilePath).size());
        qInfo("MATRIX %s: read %s after %.2f s, %d request(s) for the tile: %s", qPrintable(failure),
              r.err == CE_None ? "succeeded" : "failed", seconds, requests, qPrintable(r.message.simplified()));
        if (readMessage == QLatin1String("ok")) {
            QVERIFY2(r.err == CE_None, qPrintable(r.message));
            QCOMPARE(r.value, double(expectedElevation(lon, lat, kFullZoom)));
        } else if (readMessage == QLatin1String("nodata")) {
            QCOMPARE(r.err, CE_None);
            QCOMPARE(r.value, double(kNodata));
        } else {
            // Nothing is drawn from a failed read, and nothing is cached.
            QCOMPARE(r.err, CE_Failure);
            QVERIFY2(r.message.contains(QRegularExpression(readMessage)), qPrintable(r.message));
            QVERIFY2(filesBelow(cacheFolder).isEmpty(), qPrintable(filesBelow(cacheFolder).join(QLatin1Char(' '))));
            // What the layer panel shows for a failed read while drawing: one
            // clear line, no driver jargon.
            const QString clear = TerrainSource::describeReadFailure(r.message);
            QVERIFY2(!clear.contains(QLatin1String("GDALWMS")) && !clear.contains(QLatin1Char('\n')), qPrintable(clear));
            if (failure.toInt() >= 400)
                QCOMPARE(clear, QStringLiteral("the server answered HTTP %1").arg(failure));
            else if (readMessage.startsWith(QLatin1String("ReadBlockFromFile")))
                QCOMPARE(clear, QStringLiteral("the server sent a tile that cannot be decoded (cut short, too slow, or not a raster)"));
            else
                QVERIFY2(clear.startsWith(QLatin1String("server unreachable: ")), qPrintable(clear));
        }
        QVERIFY2(requests <= maxRequests,
                 qPrintable(QStringLiteral("%1 requests: %2").arg(requests).arg(server.requestedPaths().join(QLatin1Char(' ')))));
        QVERIFY2(seconds >= minSeconds && seconds <= maxSeconds,
                 qPrintable(QStringLiteral("read ended after %1 s, expected %2..%3 s").arg(seconds).arg(minSeconds).arg(maxSeconds)));
    }

    // The probe with a 2 s budget: within the budget plus 1.5 s of slack, and
    // a message for the layer panel.
    const QString localFolder = QStringLiteral("maps/shusha/terrain");
    QElapsedTimer timer;
    timer.start();
    const Status probed = TerrainSource::probe(description, localFolder, std::chrono::seconds(2));
    const double seconds = timer.elapsed() / 1000.0;
    const QString message = probed.ok() ? QString() : probed.error().message;
    qInfo("MATRIX %s: probe %s after %.2f s: %s", qPrintable(failure), probed.ok() ? "succeeded" : "failed", seconds,
          qPrintable(message));
    if (probeMessage.isEmpty()) {
        QVERIFY2(probed.ok(), qPrintable(message));
    } else {
        QVERIFY(!probed.ok());
        QVERIFY2(message.startsWith(QStringLiteral("terrain tiles from 127.0.0.1 ")), qPrintable(message));
        QVERIFY2(message.contains(QRegularExpression(probeMessage)), qPrintable(message));
        QVERIFY2(message.endsWith(QStringLiteral("; add a DEM to maps/shusha/terrain/ or File > Open")), qPrintable(message));
        QCOMPARE(probed.error().path, description);
    }
    QVERIFY2(seconds <= 3.5, qPrintable(QStringLiteral("probe took %1 s").arg(seconds)));
}

void TestTerrainSource::descriptionCannotLiftTheTimeout_data()
{
    // A description's <Timeout> beats GDAL_HTTP_TIMEOUT and GDAL's default
    // without one is 300 s: a 2 KiB/s server (above the low-speed floor)
    // would hold a read for minutes. GdalDataset::open caps it.
    QTest::addColumn<QString>("timeoutElement"); // replaces the shipped <Timeout>12</Timeout>
    QTest::newRow("no <Timeout>") << QString();
    QTest::newRow("<Timeout>300</Timeout>") << QStringLiteral("<Timeout>300</Timeout>");
}

void TestTerrainSource::descriptionCannotLiftTheTimeout()
{
    QFETCH(QString, timeoutElement);
    LocalHttpServer server(mTiles);
    QString error;
    QVERIFY2(server.start(0, &error), qPrintable(error));
    server.addRule({LocalHttpServer::Behaviour::Trickle, 0, 2048, {}});
    const QString path = localDescription(server.baseUrl(), QStringLiteral("timeout-%1").arg(server.port()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString xml = QString::fromUtf8(file.readAll());
    file.close();
    QVERIFY(xml.contains(QStringLiteral("<Timeout>12</Timeout>")));
    xml.replace(QStringLiteral("<Timeout>12</Timeout>"), timeoutElement);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(xml.toUtf8());
    file.close();

    auto dataset = GdalDataset::open(path);
    QVERIFY2(dataset.ok(), qPrintable(dataset.ok() ? QString() : dataset.error().toString()));
    QElapsedTimer timer;
    timer.start();
    const PixelRead r = readAt(dataset->handle(), 46.7483, 39.7583, 11);
    const double seconds = timer.elapsed() / 1000.0;
    qInfo("read gave up after %.2f s", seconds);
    QCOMPARE(r.err, CE_Failure);
    const int cap = GdalEnvironment::httpLimits().totalTimeoutS;
    QVERIFY2(seconds >= cap - 1.0 && seconds <= 15.0, qPrintable(QStringLiteral("%1 s").arg(seconds)));
}

void TestTerrainSource::probeSucceedsWhenServed()
{
    // The probe bypasses the cache, so it must reach the server even for a
    // tile that is cached already.
    const QString description = localDescription(mServer->baseUrl(), QStringLiteral("probe"));
    for (int attempt = 0; attempt < 2; ++attempt) {
        mServer->resetCounters();
        const Status probed = TerrainSource::probe(description, QStringLiteral("maps/shusha/terrain"));
        QVERIFY2(probed.ok(), qPrintable(probed.ok() ? QString() : probed.error().message));
        // Twice: the redirect check (headers only), then GDAL's read.
        QCOMPARE(mServer->requestedPaths(),
                 QStringList({QStringLiteral("/7/80/48.tif?run=probe"), QStringLiteral("/7/80/48.tif?run=probe")}));
    }
}

void TestTerrainSource::resolve_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<bool>("remote");
    QTest::addColumn<int>("localFiles");
    QTest::addColumn<QString>("errorText"); // empty: success expected
    QTest::newRow("no local folder: remote tiles") << "nofolder" << true << 0 << "";
    QTest::newRow("empty folder: remote tiles") << "empty" << true << 0 << "";
    QTest::newRow("only README.md and sidecars: remote tiles") << "docs" << true << 0 << "";
    QTest::newRow("one GeoTIFF: that file") << "one" << false << 1 << "";
    QTest::newRow("two adjacent GeoTIFFs: VRT mosaic") << "two" << false << 2 << "";
    QTest::newRow("SRTM .hgt dropped in: that file") << "hgt" << false << 1 << "";
    QTest::newRow("a non-raster named .tif: error naming it") << "garbage" << false << 0
                                                              << "not a raster GDAL can read";
    QTest::newRow("DEMs in two CRSs: error naming them") << "mixedcrs" << false << 0 << "needs one CRS";
    QTest::newRow("raster without georeferencing: error") << "nogeo" << false << 0 << "has no georeferencing";
    QTest::newRow("no local DEM, remote description missing: error") << "noremote" << true << 0
                                                                     << "remote terrain description not found";
}

void TestTerrainSource::resolve()
{
    QFETCH(QString, fixture);
    QFETCH(bool, remote);
    QFETCH(int, localFiles);
    QFETCH(QString, errorText);

    const QString folder = test::tempDir() + QStringLiteral("/resolve/") + fixture;
    QString remoteDescription = shippedDescription();
    QString offender; // the file an error must name
    if (fixture != QLatin1String("nofolder"))
        QDir().mkpath(folder);
    if (fixture == QLatin1String("docs")) {
        QFile(test::sourceDir() + QStringLiteral("/maps/shusha/terrain/README.md")).copy(folder + QStringLiteral("/README.md"));
        QFile aux(folder + QStringLiteral("/old.tif.aux.xml"));
        QVERIFY(aux.open(QIODevice::WriteOnly));
        aux.write("<PAMDataset/>");
        QFile hidden(folder + QStringLiteral("/.DS_Store"));
        QVERIFY(hidden.open(QIODevice::WriteOnly));
        hidden.write("x");
    } else if (fixture == QLatin1String("one")) {
        writeGeographicDem(folder + QStringLiteral("/dem.tif"), 46.4, 39.9, 300, 300, 0.001);
    } else if (fixture == QLatin1String("two")) {
        writeGeographicDem(folder + QStringLiteral("/west.tif"), 46.4, 39.9, 300, 300, 0.001);
        writeGeographicDem(folder + QStringLiteral("/east.tif"), 46.7, 39.9, 300, 300, 0.001);
    } else if (fixture == QLatin1String("hgt")) {
        // SRTM 3 arc-second layout: 1201 x 1201 samples centred on whole
        // degrees, the tile named after its south-west corner.
        DatasetPtr mem(GDALCreate(GDALGetDriverByName("MEM"), "", 1201, 1201, 1, GDT_Int16, nullptr));
        const double step = 1.0 / 1200;
        double gt[6] = {46.0 - step / 2, step, 0.0, 40.0 + step / 2, 0.0, -step};
        GDALSetGeoTransform(mem.get(), gt);
        GDALSetProjection(mem.get(), srsWkt(4326).toUtf8().constData());
        const QByteArray hgt = QFile::encodeName(folder + QStringLiteral("/N39E046.hgt"));
        DatasetPtr out(GDALCreateCopy(GDALGetDriverByName("SRTMHGT"), hgt.constData(), mem.get(), FALSE, nullptr,
                                      nullptr, nullptr));
        QVERIFY2(out, CPLGetLastErrorMsg());
    } else if (fixture == QLatin1String("garbage")) {
        writeGeographicDem(folder + QStringLiteral("/good.tif"), 46.4, 39.9, 10, 10, 0.001);
        offender = folder + QStringLiteral("/broken.tif");
        QFile f(offender);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a GeoTIFF\n");
    } else if (fixture == QLatin1String("mixedcrs")) {
        writeGeographicDem(folder + QStringLiteral("/a-geographic.tif"), 46.4, 39.9, 10, 10, 0.001);
        offender = folder + QStringLiteral("/b-utm38n.tif");
        writeGeographicDem(offender, 630000, 4420000, 10, 10, 30, 32638);
    } else if (fixture == QLatin1String("nogeo")) {
        offender = folder + QStringLiteral("/plain.tif");
        DatasetPtr ds(GDALCreate(GDALGetDriverByName("GTiff"), QFile::encodeName(offender).constData(), 8, 8, 1,
                                 GDT_Int16, nullptr));
        QVERIFY(ds);
    } else if (fixture == QLatin1String("noremote")) {
        remoteDescription = folder + QStringLiteral("/does-not-exist.xml");
        offender = remoteDescription;
    }

    const QString mosaicFolder = test::tempDir() + QStringLiteral("/mosaics");
    const auto choice = TerrainSource::resolve(folder, remoteDescription, mosaicFolder);
    if (!errorText.isEmpty()) {
        QVERIFY(!choice.ok());
        QVERIFY2(choice.error().message.contains(errorText), qPrintable(choice.error().toString()));
        QCOMPARE(QFileInfo(choice.error().path).absoluteFilePath(), QFileInfo(offender).absoluteFilePath());
        return;
    }
    QVERIFY2(choice.ok(), qPrintable(choice.ok() ? QString() : choice.error().toString()));
    QCOMPARE(choice->remote, remote);
    QCOMPARE(choice->localFiles.size(), localFiles);
    QVERIFY(!choice->attribution.isEmpty());
    if (remote) {
        QCOMPARE(choice->path, remoteDescription);
        QVERIFY(choice->attribution.contains(QStringLiteral("Terrain Tiles")));
        return;
    }
    QVERIFY(choice->attribution.startsWith(QStringLiteral("local DEM ")));
    for (const QString &f : choice->localFiles)
        QVERIFY2(f.startsWith(QDir(folder).absolutePath()), qPrintable(f));
    if (localFiles == 1) {
        QCOMPARE(choice->path, choice->localFiles.first());
    } else {
        QVERIFY2(choice->path.startsWith(mosaicFolder) && choice->path.endsWith(QStringLiteral(".vrt")),
                 qPrintable(choice->path));
    }
    DatasetPtr ds = openDataset(choice->path);
    QVERIFY2(ds, CPLGetLastErrorMsg());
}

void TestTerrainSource::mosaicReadsAcrossTheSeam()
{
    // Two adjacent 0.3 x 0.3 deg DEMs meeting at 46.7 E: the mosaic is one
    // 600 x 300 raster whose columns 299 and 300 are the last of the west
    // file and the first of the east one, with the plane's values there.
    const QString folder = test::tempDir() + QStringLiteral("/seam");
    QDir().mkpath(folder);
    writeGeographicDem(folder + QStringLiteral("/west.tif"), 46.4, 39.9, 300, 300, 0.001);
    writeGeographicDem(folder + QStringLiteral("/east.tif"), 46.7, 39.9, 300, 300, 0.001);
    // The default mosaic folder is the terrain cache folder.
    const auto choice = TerrainSource::resolve(folder, shippedDescription());
    QVERIFY2(choice.ok(), qPrintable(choice.ok() ? QString() : choice.error().toString()));
    QVERIFY2(choice->path.startsWith(GdalEnvironment::cacheFolder()), qPrintable(choice->path));
    DatasetPtr ds = openDataset(choice->path);
    QVERIFY(ds);
    QCOMPARE(GDALGetRasterXSize(ds.get()), 600);
    QCOMPARE(GDALGetRasterYSize(ds.get()), 300);
    double gt[6];
    QCOMPARE(GDALGetGeoTransform(ds.get(), gt), CE_None);
    QVERIFY(std::abs(gt[0] - 46.4) < 1e-9 && std::abs(gt[3] - 39.9) < 1e-9 && std::abs(gt[1] - 0.001) < 1e-12);
    // Read a 4-pixel strip across the seam on row 150.
    float strip[4];
    QCOMPARE(GDALRasterIO(GDALGetRasterBand(ds.get(), 1), GF_Read, 298, 150, 4, 1, strip, 4, 1, GDT_Float32, 0, 0),
             CE_None);
    const double lat = 39.9 - 150.5 * 0.001;
    for (int i = 0; i < 4; ++i) {
        const double lon = 46.4 + (298 + i + 0.5) * 0.001;
        // Float32 storage of ~1350 m: 1e-4 m resolution; allow 1 mm.
        QVERIFY2(std::abs(strip[i] - plane(lon, lat)) < 1e-3,
                 qPrintable(QStringLiteral("column %1: %2 m, expected %3 m").arg(298 + i).arg(strip[i]).arg(plane(lon, lat))));
    }
}

void TestTerrainSource::cliShowsChoiceAndProbes()
{
    // linewatch-cli terrain, run as a user would, with its own (default)
    // cache folder under XDG_CACHE_HOME.
    const QString cli = test::binDir() + QStringLiteral("/linewatch-cli");
    QVERIFY2(QFileInfo(cli).isExecutable(), qPrintable(cli + QStringLiteral(" not built")));
    const QString xdg = test::tempDir() + QStringLiteral("/xdg-cache");
    auto run = [&](const QStringList &args, QString *out, QString *err) {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CACHE_HOME"), xdg);
        process.setProcessEnvironment(env);
        process.start(cli, QStringList{QStringLiteral("terrain")} + args);
        if (!process.waitForFinished(30000))
            return -1;
        *out = QString::fromUtf8(process.readAllStandardOutput());
        *err = QString::fromUtf8(process.readAllStandardError());
        return process.exitCode();
    };
    QString out, err;

    const QString local = test::tempDir() + QStringLiteral("/cli-local");
    QDir().mkpath(local);
    writeGeographicDem(local + QStringLiteral("/dem.tif"), 46.4, 39.9, 20, 20, 0.001);
    QCOMPARE(run({QStringLiteral("--local"), local, QStringLiteral("--remote"), shippedDescription()}, &out, &err), 0);
    QVERIFY2(out.contains(QStringLiteral("terrain: %1/dem.tif\n").arg(QDir(local).absolutePath())), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("remote: no\n")), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("cache: %1/linewatch/terrain\n").arg(xdg)), qPrintable(out));

    const QString empty = test::tempDir() + QStringLiteral("/cli-empty");
    QDir().mkpath(empty);
    const QString description = localDescription(mServer->baseUrl(), QStringLiteral("cli"));
    const QStringList probeArgs{QStringLiteral("--local"), empty, QStringLiteral("--remote"), description,
                                QStringLiteral("--probe"), QStringLiteral("--timeout"), QStringLiteral("2")};
    QCOMPARE(run(probeArgs, &out, &err), 0);
    QVERIFY2(out.contains(QStringLiteral("remote: yes\n")) && out.contains(QStringLiteral("probe: ok (127.0.0.1)")),
             qPrintable(out + err));

    mServer->stop();
    QCOMPARE(run(probeArgs, &out, &err), 1);
    QVERIFY2(out.contains(QStringLiteral("probe: failed")), qPrintable(out));
    QVERIFY2(err.contains(QStringLiteral("terrain tiles from 127.0.0.1 unreachable (offline?)")), qPrintable(err));
    QString error;
    QVERIFY2(mServer->start(mServer->port(), &error), qPrintable(error));

    QCOMPARE(run({QStringLiteral("--timeout"), QStringLiteral("zero")}, &out, &err), 2);
}

QTEST_GUILESS_MAIN(TestTerrainSource)
#include "test_terrain_source.moc"
