// RasterLayer: opening (kinds, bad input), window reads at the requested
// resolution, tile reuse on pan, seamless tiles, nodata, reprojection.
#include "common/geo_point.h"
#include "crs/crs_transform.h"
#include "io/gdal_environment.h"
#include "render/map_renderer.h"
#include "support/test_paths.h"
#include "terrain/hillshade.h"
#include "render/raster_layer.h"
#include "io/raster_source.h"
#include "render/raster_tile_cache.h"
#include "terrain_fixtures.h"

#include <QFile>
#include <QProcess>
#include <QtTest>

#include <cpl_vsi.h>
#include <gdal.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <thread>

using namespace linewatch;

namespace {

QString errorText(const Result<std::unique_ptr<RasterLayer>> &r) { return r.ok() ? QString() : r.error().toString(); }

/// A 4096×4096 Int16 DEM in UTM 38N (10 m cells), tiled, with overviews
/// 2, 4, 8, 16: a smooth relief so every read is visible in the image.
QString bigDem()
{
    static QString path;
    if (path.isEmpty()) {
        test::GeoTiffSpec spec;
        spec.width = spec.height = 4096;
        spec.geoTransform = {600000, 10, 0, 4440960, 0, -10};
        spec.type = GDT_Int16;
        spec.creationOptions = {QStringLiteral("TILED=YES"), QStringLiteral("BLOCKXSIZE=256"),
                                QStringLiteral("BLOCKYSIZE=256")};
        spec.overviews = {2, 4, 8, 16};
        path = test::writeGeoTiff(QStringLiteral("big_dem.tif"), spec, [](int c, int r) {
            return 1000 + 400 * std::sin(c / 150.0) * std::cos(r / 110.0) + 0.05 * c;
        });
    }
    return path;
}

/// Latitude, longitude of a UTM 38N point by GeographicLib's GeoConvert.
LonLat geoConvertUtm38(double easting, double northing)
{
    QProcess p;
    p.start(QStringLiteral("GeoConvert"), {QStringLiteral("-p"), QStringLiteral("9")});
    p.waitForStarted();
    p.write(QStringLiteral("38n %1 %2\n").arg(easting, 0, 'f', 3).arg(northing, 0, 'f', 3).toLatin1());
    p.closeWriteChannel();
    p.waitForFinished(10000);
    const QStringList f = QString::fromLatin1(p.readAllStandardOutput()).simplified().split(QLatin1Char(' '));
    return f.size() == 2 ? LonLat{f[1].toDouble(), f[0].toDouble()} : LonLat{NAN, NAN};
}

QImage render(const RasterLayer &layer, const MapSettings &settings)
{
    QList<LayerError> errors;
    QImage image = MapRenderer::renderImage(settings, {&layer}, &errors, nullptr, Qt::transparent);
    for (const LayerError &e : errors)
        qWarning("%s", qPrintable(e.message));
    return errors.isEmpty() ? image : QImage();
}

TerrainStyle greyHillshade()
{
    TerrainStyle s;
    s.colourRelief = false;
    s.multidirectional = false;
    s.shadeOpacity = 1.0;
    return s;
}

/// A minimal HTTP/1.1 file server on 127.0.0.1 for GDAL's /vsicurl/: HEAD
/// and GET with a byte Range, one request per connection. Counts the body
/// bytes it sends, so a test can see how much of a file a view read.
class RangeHttpServer
{
public:
    explicit RangeHttpServer(QByteArray file) : mFile(std::move(file))
    {
        mSocket = ::socket(AF_INET, SOCK_STREAM, 0);
        const int one = 1;
        ::setsockopt(mSocket, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        ::bind(mSocket, reinterpret_cast<sockaddr *>(&address), sizeof address);
        socklen_t length = sizeof address;
        ::getsockname(mSocket, reinterpret_cast<sockaddr *>(&address), &length);
        mPort = ntohs(address.sin_port);
        ::listen(mSocket, 16);
        mThread = std::thread([this] { serve(); });
    }
    ~RangeHttpServer()
    {
        mStop = true;
        ::shutdown(mSocket, SHUT_RDWR);
        ::close(mSocket);
        mThread.join();
    }
    int port() const { return mPort; }
    qint64 bytesSent() const { return mBytesSent.load(); }

private:
    void serve()
    {
        while (!mStop) {
            const int client = ::accept(mSocket, nullptr, nullptr);
            if (client < 0)
                return;
            QByteArray request;
            char buffer[4096];
            while (!request.contains("\r\n\r\n")) {
                const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
                if (n <= 0)
                    break;
                request.append(buffer, n);
            }
            respond(client, request);
            ::close(client);
        }
    }
    void respond(int client, const QByteArray &request)
    {
        const bool head = request.startsWith("HEAD ");
        const QByteArray path = request.split(' ').value(1);
        QByteArray header;
        QByteArray body;
        if (!path.endsWith("/dem.tif")) {
            header = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        } else {
            qint64 first = 0, last = mFile.size() - 1;
            bool ranged = false;
            for (const QByteArray &line : request.split('\n'))
                if (line.toLower().startsWith("range: bytes=")) {
                    const QList<QByteArray> r = line.trimmed().mid(13).split('-');
                    first = r.value(0).toLongLong();
                    if (!r.value(1).isEmpty())
                        last = std::min<qint64>(last, r.value(1).toLongLong());
                    ranged = true;
                }
            body = mFile.mid(first, last - first + 1);
            header = (ranged ? QByteArray("HTTP/1.1 206 Partial Content\r\n") : QByteArray("HTTP/1.1 200 OK\r\n"))
                     + "Accept-Ranges: bytes\r\nContent-Type: image/tiff\r\nConnection: close\r\n"
                     + (ranged ? "Content-Range: bytes " + QByteArray::number(first) + '-' + QByteArray::number(last) + '/'
                                     + QByteArray::number(mFile.size()) + "\r\n"
                               : QByteArray())
                     + "Content-Length: " + QByteArray::number(head ? mFile.size() : body.size()) + "\r\n\r\n";
        }
        QByteArray out = header;
        if (!head) {
            out += body;
            mBytesSent += body.size();
        }
        qint64 sent = 0;
        while (sent < out.size()) {
            const ssize_t n = ::send(client, out.constData() + sent, static_cast<size_t>(out.size() - sent), MSG_NOSIGNAL);
            if (n <= 0)
                break;
            sent += n;
        }
    }

    QByteArray mFile;
    int mSocket = -1;
    int mPort = 0;
    std::atomic_bool mStop{false};
    std::atomic<qint64> mBytesSent{0};
    std::thread mThread;
};

} // namespace

class TestRasterLayer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void badInput_data();
    void badInput();
    void kinds_data();
    void kinds();
    void legendRamp();
    void smallViewReadsOnlyItsWindow();
    void fittedViewReadsTheRightOverview_data();
    void fittedViewReadsTheRightOverview();
    void withoutOverviewsTheWholeFileIsRead();
    void panRendersOnlyTheNewStrip();
    void tilesJoinSeamlessly();
    void nodataIsTransparent();
    void reprojection_data();
    void reprojection();
    void geographicAndProjectedCopiesAgree();
    void imageryDrawnAsItIs_data();
    void imageryDrawnAsItIs();
    void cancelledRenderDrawsAndCachesNothing();
    void workerThreadsShareTheLayer();
    void zoomedInBeyondTheDataIsSmooth();
    void remoteDemReadsOnlyWhatTheViewNeeds();
    void remoteMissingFileNamesTheUrl();
};

void TestRasterLayer::initTestCase()
{
    GdalEnvironment::initialise();
    // Legend labels use the default locale: US English gives "1,510 m" whatever LANG says.
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestRasterLayer::badInput_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    const QString dir = test::tempDir();

    QTest::newRow("missing file") << dir + QStringLiteral("/no_such_dem.tif") << QStringLiteral("file not found");

    // A valid GeoTIFF cut to 60 % of its length: the header opens, pixels do not.
    test::GeoTiffSpec spec;
    spec.width = spec.height = 512;
    spec.type = GDT_Int16;
    spec.creationOptions = {QStringLiteral("TILED=YES")};
    spec.geoTransform = {600000, 30, 0, 4400000, 0, -30};
    const QString whole = test::writeGeoTiff(QStringLiteral("to_truncate.tif"), spec, [](int c, int r) { return c + r; });
    QFile f(whole);
    f.open(QIODevice::ReadOnly);
    const QByteArray bytes = f.readAll();
    f.close();
    const QString truncated = dir + QStringLiteral("/truncated.tif");
    QFile t(truncated);
    t.open(QIODevice::WriteOnly);
    t.write(bytes.left(bytes.size() * 6 / 10));
    t.close();
    QTest::newRow("truncated GeoTIFF") << truncated << QStringLiteral("truncated or corrupt");

    spec.crs.clear();
    spec.width = spec.height = 16;
    QTest::newRow("no CRS") << test::writeGeoTiff(QStringLiteral("no_crs.tif"), spec, [](int, int) { return 1; })
                            << QStringLiteral("has no coordinate reference system");

    // An engineering (local) CRS: georeferenced, but not to the Earth.
    spec.crs = QStringLiteral("LOCAL_CS[\"site grid\",LOCAL_DATUM[\"site\",0],UNIT[\"metre\",1],AXIS[\"X\",EAST],AXIS[\"Y\",NORTH]]");
    QTest::newRow("local CRS unknown to PROJ as geographic or projected")
        << test::writeGeoTiff(QStringLiteral("local_crs.tif"), spec, [](int, int) { return 1; })
        << QStringLiteral("unknown coordinate reference system");

    spec.crs = QStringLiteral("EPSG:32638");
    spec.georeferenced = false;
    QTest::newRow("no georeferencing")
        << test::writeGeoTiff(QStringLiteral("no_geotransform.tif"), spec, [](int, int) { return 1; })
        << QStringLiteral("has no georeferencing");

    const QString text = dir + QStringLiteral("/not_a_raster.tif");
    QFile n(text);
    n.open(QIODevice::WriteOnly);
    n.write("this is not a GeoTIFF\n");
    n.close();
    QTest::newRow("text file named .tif") << text << QStringLiteral("cannot open raster");
}

void TestRasterLayer::badInput()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    const auto layer = RasterLayer::open(path);
    QVERIFY(!layer.ok());
    const QString message = layer.error().toString();
    qInfo("%s", qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
    QVERIFY2(message.contains(path), qPrintable(QStringLiteral("error does not name the file: ") + message));
}

void TestRasterLayer::kinds_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<Layer::Kind>("kind");
    test::GeoTiffSpec spec;
    spec.width = spec.height = 32;
    spec.geoTransform = {600000, 30, 0, 4400000, 0, -30};
    spec.type = GDT_Int16;
    QTest::newRow("Int16 DEM") << test::writeGeoTiff(QStringLiteral("kind_dem.tif"), spec, [](int c, int) { return c; })
                               << Layer::Kind::Terrain;
    spec.type = GDT_Float32;
    QTest::newRow("Float32 DEM") << test::writeGeoTiff(QStringLiteral("kind_dem_f.tif"), spec, [](int c, int) { return c; })
                                 << Layer::Kind::Terrain;

    // RGB and paletted images written with GDAL's MEM driver, then copied.
    auto write = [](const QString &name, int bands, bool paletted) {
        const QString path = test::tempDir() + QLatin1Char('/') + name;
        GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.toUtf8().constData(), 32, 32, bands, GDT_Byte, nullptr);
        double gt[6] = {600000, 30, 0, 4400000, 0, -30};
        GDALSetGeoTransform(ds, gt);
        GDALSetProjection(ds, "EPSG:32638");
        OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
        OSRImportFromEPSG(srs, 32638);
        GDALSetSpatialRef(ds, srs);
        OSRDestroySpatialReference(srs);
        if (paletted) {
            GDALColorTableH ct = GDALCreateColorTable(GPI_RGB);
            const GDALColorEntry red{255, 0, 0, 255};
            GDALSetColorEntry(ct, 0, &red);
            GDALSetRasterColorTable(GDALGetRasterBand(ds, 1), ct);
            GDALDestroyColorTable(ct);
        }
        GDALClose(ds);
        return path;
    };
    QTest::newRow("RGB image") << write(QStringLiteral("kind_rgb.tif"), 3, false) << Layer::Kind::Raster;
    QTest::newRow("RGBA image") << write(QStringLiteral("kind_rgba.tif"), 4, false) << Layer::Kind::Raster;
    QTest::newRow("paletted image") << write(QStringLiteral("kind_pal.tif"), 1, true) << Layer::Kind::Raster;
}

void TestRasterLayer::kinds()
{
    QFETCH(QString, path);
    QFETCH(Layer::Kind, kind);
    const auto layer = RasterLayer::open(path);
    QVERIFY2(layer.ok(), qPrintable(errorText(layer)));
    QCOMPARE((*layer)->kind(), kind);
    QCOMPARE((*layer)->crs().authId(), QStringLiteral("EPSG:32638"));
    QCOMPARE((*layer)->extent(), QRectF(600000, 4400000 - 32 * 30, 32 * 30, 32 * 30));
    QCOMPARE((*layer)->path(), path);
}

void TestRasterLayer::legendRamp()
{
    test::GeoTiffSpec spec;
    spec.width = spec.height = 64;
    spec.geoTransform = {600000, 30, 0, 4400000, 0, -30};
    spec.type = GDT_Int16;
    // Elevations from 250 m (west) to 250 + 63 * 20 = 1510 m (east).
    const auto layer = RasterLayer::open(
        test::writeGeoTiff(QStringLiteral("legend.tif"), spec, [](int c, int) { return 250 + 20 * c; }));
    QVERIFY(layer.ok());
    const QList<LegendItem> legend = (*layer)->legend();
    QCOMPARE(legend.size(), 1);
    QCOMPARE(legend[0].symbol, LegendItem::Symbol::Ramp);
    QCOMPARE(legend[0].rampMin, QStringLiteral("250 m"));
    QCOMPARE(legend[0].rampMax, QStringLiteral("1,510 m"));
    QVERIFY(!legend[0].ramp.isNull());

    // A band in decimetres (scale 0.1): the legend is in metres.
    spec.scale = 0.1;
    const auto scaled = RasterLayer::open(
        test::writeGeoTiff(QStringLiteral("legend_dm.tif"), spec, [](int c, int) { return 2500 + 200 * c; }));
    QVERIFY(scaled.ok());
    QCOMPARE((*scaled)->legend().value(0).rampMin, QStringLiteral("250 m"));
    QCOMPARE((*scaled)->legend().value(0).rampMax, QStringLiteral("1,510 m"));
}

void TestRasterLayer::smallViewReadsOnlyItsWindow()
{
    const auto layer = RasterLayer::open(bigDem());
    QVERIFY2(layer.ok(), qPrintable(errorText(layer)));
    const RasterLayer &l = **layer;
    QCOMPARE(l.source().overviews.size(), 4);
    const qint64 filePixels = 4096LL * 4096;
    // 300×200 px at native resolution (10 m/px) in the middle of the file.
    const MapSettings settings(*Crs::fromString(QStringLiteral("EPSG:32638")), QPointF(620480, 4420480), 10.0,
                               QSize(300, 200));
    l.tileCache().resetStatistics();
    const GIntBig cacheBefore = GDALGetCacheUsed64();
    QVERIFY(!render(l, settings).isNull());
    const GIntBig cacheGrowth = GDALGetCacheUsed64() - cacheBefore;
    const RasterTileCache::Statistics s = l.tileCache().statistics();
    // The view touches 2×2 tiles of 256 px; each reads its cells plus a
    // border of 2: at most 4 × 260² pixels, 1.6 % of the file.
    QCOMPARE(s.lastOverviewLevel, -1);
    QVERIFY2(s.fullResolutionPixels <= 4 * 260 * 260 && s.fullResolutionPixels < filePixels / 50,
             qPrintable(QStringLiteral("%1 of %2 pixels read").arg(s.fullResolutionPixels).arg(filePixels)));
    // GDAL's own block cache agrees (an independent count): a whole read
    // would cache 32 MiB of Int16 blocks.
    QVERIFY2(cacheGrowth < 2 * 1024 * 1024, qPrintable(QStringLiteral("block cache grew by %1 bytes").arg(cacheGrowth)));
}

void TestRasterLayer::fittedViewReadsTheRightOverview_data()
{
    QTest::addColumn<int>("outputSize");
    QTest::addColumn<int>("overview");
    // 4096 cells into N pixels: the largest overview whose cells are no
    // larger than a pixel (overviews 0..3 are factors 2, 4, 8, 16).
    QTest::newRow("1024 px: 4 cells/px, factor 4") << 1024 << 1;
    QTest::newRow("512 px: 8 cells/px, factor 8") << 512 << 2;
    QTest::newRow("300 px: 13.7 cells/px, factor 8") << 300 << 2;
    QTest::newRow("200 px: 20.5 cells/px, factor 16") << 200 << 3;
    QTest::newRow("2048 px: 2 cells/px, factor 2") << 2048 << 0;
}

void TestRasterLayer::fittedViewReadsTheRightOverview()
{
    QFETCH(int, outputSize);
    QFETCH(int, overview);
    const auto layer = RasterLayer::open(bigDem());
    QVERIFY(layer.ok());
    const RasterLayer &l = **layer;
    const MapSettings settings = MapSettings::fitting(l.crs(), l.extent(), QSize(outputSize, outputSize));
    l.tileCache().resetStatistics();
    QVERIFY(!render(l, settings).isNull());
    const RasterTileCache::Statistics s = l.tileCache().statistics();
    QCOMPARE(s.lastOverviewLevel, overview);
    // Pixels read at that level: about the output's size (tiles overlap the
    // edge of the data and carry borders), never the full file.
    const double factor = 2 << overview;
    const double levelPixels = (4096 / factor) * (4096 / factor);
    QVERIFY2(s.pixelsRead < 1.6 * levelPixels,
             qPrintable(QStringLiteral("%1 pixels read at level %2 of %3").arg(s.pixelsRead).arg(overview).arg(levelPixels)));
}

void TestRasterLayer::withoutOverviewsTheWholeFileIsRead()
{
    // The baseline of bench_terrain: no overviews means a fitted view
    // decimates from the full resolution, reading every block.
    const auto layer = RasterLayer::open(bigDem());
    QVERIFY(layer.ok());
    RasterLayer &l = **layer;
    l.setUseOverviews(false);
    const MapSettings settings = MapSettings::fitting(l.crs(), l.extent(), QSize(512, 512));
    l.tileCache().resetStatistics();
    QVERIFY(!render(l, settings).isNull());
    const RasterTileCache::Statistics s = l.tileCache().statistics();
    QCOMPARE(s.lastOverviewLevel, -1);
    QVERIFY(s.pixelsRead >= 4096LL * 4096 * 9 / 10);
}

void TestRasterLayer::panRendersOnlyTheNewStrip()
{
    const auto layer = RasterLayer::open(bigDem());
    QVERIFY(layer.ok());
    const RasterLayer &l = **layer;
    const Crs utm = l.crs();
    // 1024×768 at 10 m/px, then a pan east by 10 % of the width.
    MapSettings settings(utm, QPointF(619840, 4418880), 10.0, QSize(1024, 768));
    QVERIFY(!render(l, settings).isNull());
    l.tileCache().resetStatistics();
    settings.setCenter(settings.center() + QPointF(0.1 * 1024 * 10.0, 0));
    const QImage panned = render(l, settings);
    QVERIFY(!panned.isNull());
    const RasterTileCache::Statistics s = l.tileCache().statistics();
    // The view spans 5 tile columns × 4 rows; the pan exposes one new column.
    QVERIFY2(s.tilesRendered <= 4, qPrintable(QStringLiteral("%1 tiles rendered after a pan").arg(s.tilesRendered)));
    QVERIFY(s.tilesReused >= 16);
    QVERIFY2(s.fullResolutionPixels <= 4 * 262 * 262,
             qPrintable(QStringLiteral("%1 pixels read after a pan").arg(s.fullResolutionPixels)));

    // What is reused looks exactly like a fresh render.
    const auto fresh = RasterLayer::open(bigDem());
    QVERIFY(fresh.ok());
    (*fresh)->setTileReuse(false);
    QCOMPARE(render(**fresh, settings), panned);
}

void TestRasterLayer::tilesJoinSeamlessly()
{
    // Grey hillshade at native resolution with pixels on the cells: every
    // pixel, at tile edges too, must be the hillshade of the whole grid.
    test::GeoTiffSpec spec;
    spec.width = spec.height = 600;
    spec.geoTransform = {600000, 30, 0, 4400000, 0, -30};
    auto surface = [](int c, int r) {
        return 800 + 500 * std::exp(-((c - 300.0) * (c - 300.0) + (r - 280.0) * (r - 280.0)) / (2 * 90.0 * 90.0))
               + 30 * std::sin(c / 9.0) * std::cos(r / 13.0);
    };
    const QString path = test::writeGeoTiff(QStringLiteral("seams.tif"), spec, surface);
    auto layer = RasterLayer::open(path);
    QVERIFY(layer.ok());
    (*layer)->setTerrainStyle(greyHillshade());
    // 512×512 px at 30 m/px with the top-left pixel on cell (44, 44);
    // tile edges (every 7680 m) fall at x = 0, 256, 512 of the tile grid.
    const MapSettings settings(*Crs::fromString(QStringLiteral("EPSG:32638")),
                               QPointF(600000 + (44 + 256) * 30.0, 4400000 - (44 + 256) * 30.0), 30.0, QSize(512, 512));
    const QImage image = render(**layer, settings);
    QVERIFY(!image.isNull());

    std::vector<float> z(600 * 600);
    for (int r = 0; r < 600; ++r)
        for (int c = 0; c < 600; ++c)
            z[r * 600 + c] = static_cast<float>(surface(c, r));
    std::vector<float> shade(598 * 598);
    const std::vector<double> cell(600, 30.0);
    Hillshade::compute(z.data(), 600, 600, cell.data(), cell.data(), Hillshade::Parameters{}, shade.data());
    int worst = 0;
    for (int y = 0; y < 512; ++y)
        for (int x = 0; x < 512; ++x) {
            const int c = x + 44, r = y + 44;
            const int expected = std::clamp(static_cast<int>(shade[(r - 1) * 598 + (c - 1)] + 0.5f), 0, 255);
            worst = std::max(worst, std::abs(qGray(image.pixel(x, y)) - expected));
        }
    QVERIFY2(worst <= 1, qPrintable(QStringLiteral("a pixel differs by %1 grey levels from the whole-grid hillshade").arg(worst)));
}

void TestRasterLayer::nodataIsTransparent()
{
    test::GeoTiffSpec spec;
    spec.width = spec.height = 256;
    spec.geoTransform = {600000, 30, 0, 4400000, 0, -30};
    spec.type = GDT_Int16;
    spec.nodata = -32768;
    // A 50×50-cell void at columns and rows 100..149.
    const QString path = test::writeGeoTiff(QStringLiteral("void.tif"), spec, [](int c, int r) {
        return c >= 100 && c < 150 && r >= 100 && r < 150 ? -32768 : 600 + c + r;
    });
    const auto layer = RasterLayer::open(path);
    QVERIFY(layer.ok());
    const MapSettings settings(*Crs::fromString(QStringLiteral("EPSG:32638")), QPointF(600000 + 128 * 30, 4400000 - 128 * 30),
                               30.0, QSize(256, 256));
    const QImage image = render(**layer, settings);
    QVERIFY(!image.isNull());
    for (int y = 100; y < 150; ++y)
        for (int x = 100; x < 150; ++x)
            QVERIFY2(qAlpha(image.pixel(x, y)) == 0, qPrintable(QStringLiteral("void pixel %1,%2 drawn").arg(x).arg(y)));
    for (QPoint p : {QPoint(5, 5), QPoint(98, 120), QPoint(151, 120), QPoint(250, 250), QPoint(120, 10)})
        QVERIFY2(qAlpha(image.pixel(p)) == 255, qPrintable(QStringLiteral("data pixel %1,%2 not drawn").arg(p.x()).arg(p.y())));
}

void TestRasterLayer::reprojection_data()
{
    QTest::addColumn<QString>("crs");
    QTest::addColumn<double>("unitsPerPixel");
    QTest::newRow("EPSG:4326 at 0.0002 deg/px") << QStringLiteral("EPSG:4326") << 0.0002;
    QTest::newRow("EPSG:3857 at 20 m/px") << QStringLiteral("EPSG:3857") << 20.0;
}

void TestRasterLayer::reprojection()
{
    QFETCH(QString, crs);
    QFETCH(double, unitsPerPixel);
    // A DEM in UTM 38N (50 m cells, E 640-660 km, N 4400-4420 km) with a
    // 4×4-cell void centred on E 650000, N 4410000.
    test::GeoTiffSpec spec;
    spec.width = spec.height = 400;
    spec.geoTransform = {640000, 50, 0, 4420000, 0, -50};
    spec.nodata = -9999;
    const QString path = test::writeGeoTiff(QStringLiteral("utm_void.tif"), spec, [](int c, int r) {
        return c >= 198 && c < 202 && r >= 198 && r < 202 ? -9999.0 : 900.0 + 0.5 * c;
    });
    const auto layer = RasterLayer::open(path);
    QVERIFY(layer.ok());

    // Where the void's centre must land, computed without PROJ: GeoConvert
    // for UTM → geographic, the spherical Mercator formulas for EPSG:3857.
    const LonLat centre = geoConvertUtm38(650000, 4410000);
    QVERIFY(centre.isFinite());
    QPointF expectedMap(centre.lon, centre.lat);
    if (crs == QLatin1String("EPSG:3857")) {
        const double R = 6378137.0, d = M_PI / 180.0;
        expectedMap = QPointF(R * centre.lon * d, R * std::log(std::tan(M_PI / 4 + centre.lat * d / 2)));
    }
    const MapSettings settings(*Crs::fromString(crs), expectedMap + QPointF(7 * unitsPerPixel, -5 * unitsPerPixel),
                               unitsPerPixel, QSize(160, 120));
    const QImage image = render(**layer, settings);
    QVERIFY(!image.isNull());
    double sx = 0, sy = 0;
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qAlpha(image.pixel(x, y)) == 0) {
                sx += x + 0.5;
                sy += y + 0.5;
                ++n;
            }
    QVERIFY2(n > 20, qPrintable(QStringLiteral("void not found (%1 transparent pixels)").arg(n)));
    const QPointF found(sx / n, sy / n);
    const QPointF expected = settings.mapToPixel(expectedMap);
    QVERIFY2(std::hypot(found.x() - expected.x(), found.y() - expected.y()) < 1.0,
             qPrintable(QStringLiteral("void drawn at (%1, %2) px, expected (%3, %4) px (tolerance 1 px)")
                            .arg(found.x()).arg(found.y()).arg(expected.x()).arg(expected.y())));
}

void TestRasterLayer::geographicAndProjectedCopiesAgree()
{
    // One surface, a Gaussian hill 1200 m high with a 1.5 km sigma centred on
    // E 650000, N 4410000 (UTM 38N), stored twice: on 30 m UTM cells and on
    // 1" geographic cells (about 24 m × 31 m here). Drawn in UTM 38N, the
    // hillshades must agree: a geographic DEM shaded with cells in degrees
    // instead of metres would be black and white.
    auto hill = [](double e, double n) {
        return 300 + 1200 * std::exp(-((e - 650000) * (e - 650000) + (n - 4410000) * (n - 4410000)) / (2 * 1500.0 * 1500.0));
    };
    test::GeoTiffSpec utm;
    utm.width = utm.height = 400;
    utm.geoTransform = {644000, 30, 0, 4416000, 0, -30};
    const QString utmPath = test::writeGeoTiff(QStringLiteral("hill_utm.tif"), utm, [&](int c, int r) {
        return hill(644000 + (c + 0.5) * 30, 4416000 - (r + 0.5) * 30);
    });
    const Crs utm38 = *Crs::fromString(QStringLiteral("EPSG:32638"));
    auto toUtm = CrsTransform::create(Crs::wgs84(), utm38);
    QVERIFY(toUtm.ok());
    test::GeoTiffSpec geo;
    geo.crs = QStringLiteral("EPSG:4326");
    const double cell = 1.0 / 3600;
    const LonLat nw = geoConvertUtm38(644000, 4416000);
    geo.width = 600;
    geo.height = 450;
    geo.geoTransform = {nw.lon, cell, 0, nw.lat, 0, -cell};
    const QString geoPath = test::writeGeoTiff(QStringLiteral("hill_geo.tif"), geo, [&](int c, int r) {
        double x = nw.lon + (c + 0.5) * cell, y = nw.lat - (r + 0.5) * cell;
        toUtm->forward(x, y);
        return hill(x, y);
    });
    auto a = RasterLayer::open(utmPath);
    auto b = RasterLayer::open(geoPath);
    QVERIFY(a.ok() && b.ok());
    (*a)->setTerrainStyle(greyHillshade());
    (*b)->setTerrainStyle(greyHillshade());
    const MapSettings settings(utm38, QPointF(650000, 4410000), 30.0, QSize(300, 300));
    const QImage ia = render(**a, settings), ib = render(**b, settings);
    QVERIFY(!ia.isNull() && !ib.isNull());
    double sum = 0;
    int worst = 0;
    for (int y = 0; y < 300; ++y)
        for (int x = 0; x < 300; ++x) {
            const int d = std::abs(qGray(ia.pixel(x, y)) - qGray(ib.pixel(x, y)));
            sum += d;
            worst = std::max(worst, d);
        }
    const double mean = sum / (300 * 300);
    qInfo("UTM vs geographic copy: mean %.2f, max %d grey levels", mean, worst);
    // Both are resampled from different grids (30 m vs 24×31 m cells), so
    // they agree to a few grey levels, not exactly.
    QVERIFY2(mean < 2.0 && worst <= 12,
             qPrintable(QStringLiteral("mean difference %1, max %2 grey levels").arg(mean).arg(worst)));
}

void TestRasterLayer::imageryDrawnAsItIs_data()
{
    QTest::addColumn<int>("bands");
    QTest::addColumn<bool>("paletted");
    QTest::addColumn<QRgb>("west");  // colour of the western half
    QTest::addColumn<QRgb>("east");  // colour of the eastern half, 0 for transparent
    QTest::newRow("RGB: red | blue") << 3 << false << qRgb(255, 0, 0) << qRgb(0, 0, 255);
    QTest::newRow("RGBA: red | transparent") << 4 << false << qRgb(255, 0, 0) << QRgb(0);
    QTest::newRow("paletted: index 0 red | index 1 green") << 1 << true << qRgb(255, 0, 0) << qRgb(0, 128, 0);
}

void TestRasterLayer::imageryDrawnAsItIs()
{
    QFETCH(int, bands);
    QFETCH(bool, paletted);
    QFETCH(QRgb, west);
    QFETCH(QRgb, east);
    // 64×64 cells of 30 m in UTM 38N; the western 32 columns one colour,
    // the eastern 32 another.
    const QString path = test::tempDir() + QStringLiteral("/image_%1_%2.tif").arg(bands).arg(paletted);
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.toUtf8().constData(), 64, 64, bands, GDT_Byte, nullptr);
    double gt[6] = {600000, 30, 0, 4400000, 0, -30};
    GDALSetGeoTransform(ds, gt);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRImportFromEPSG(srs, 32638);
    GDALSetSpatialRef(ds, srs);
    OSRDestroySpatialReference(srs);
    std::vector<quint8> plane(64 * 64);
    auto fill = [&](int band, int westValue, int eastValue) {
        for (int r = 0; r < 64; ++r)
            for (int c = 0; c < 64; ++c)
                plane[r * 64 + c] = static_cast<quint8>(c < 32 ? westValue : eastValue);
        return GDALRasterIO(GDALGetRasterBand(ds, band), GF_Write, 0, 0, 64, 64, plane.data(), 64, 64, GDT_Byte, 0, 0) == CE_None;
    };
    if (paletted) {
        GDALColorTableH ct = GDALCreateColorTable(GPI_RGB);
        const GDALColorEntry red{255, 0, 0, 255}, green{0, 128, 0, 255};
        GDALSetColorEntry(ct, 0, &red);
        GDALSetColorEntry(ct, 1, &green);
        GDALSetRasterColorTable(GDALGetRasterBand(ds, 1), ct);
        GDALDestroyColorTable(ct);
        QVERIFY(fill(1, 0, 1));
    } else {
        QVERIFY(fill(1, qRed(west), qRed(east)) && fill(2, qGreen(west), qGreen(east)) && fill(3, qBlue(west), qBlue(east)));
        if (bands == 4) {
            GDALSetRasterColorInterpretation(GDALGetRasterBand(ds, 4), GCI_AlphaBand);
            QVERIFY(fill(4, 255, 0));
        }
    }
    GDALClose(ds);

    const auto layer = RasterLayer::open(path);
    QVERIFY2(layer.ok(), qPrintable(errorText(layer)));
    QCOMPARE((*layer)->kind(), Layer::Kind::Raster);
    const MapSettings settings(*Crs::fromString(QStringLiteral("EPSG:32638")), QPointF(600000 + 32 * 30, 4400000 - 32 * 30),
                               30.0, QSize(64, 64));
    const QImage image = render(**layer, settings).convertToFormat(QImage::Format_ARGB32);
    QVERIFY(!image.isNull());
    for (int y = 0; y < 64; y += 7)
        for (int x = 0; x < 64; x += 3) {
            const QRgb expected = x < 32 ? west : east;
            const QRgb got = image.pixel(x, y);
            if (expected == 0)
                QVERIFY2(qAlpha(got) == 0, qPrintable(QStringLiteral("pixel %1,%2 should be transparent").arg(x).arg(y)));
            else
                QVERIFY2(got == (expected | 0xff000000u),
                         qPrintable(QStringLiteral("pixel %1,%2 is #%3, expected #%4").arg(x).arg(y).arg(got, 8, 16).arg(expected, 8, 16)));
        }
}

void TestRasterLayer::cancelledRenderDrawsAndCachesNothing()
{
    const auto layer = RasterLayer::open(bigDem());
    QVERIFY(layer.ok());
    const RasterLayer &l = **layer;
    l.tileCache().clear();
    l.tileCache().resetStatistics();
    std::atomic_bool cancel{true};
    const MapSettings settings(l.crs(), QPointF(620480, 4420480), 10.0, QSize(512, 512));
    const QImage image = MapRenderer::renderImage(settings, {&l}, nullptr, &cancel, Qt::transparent);
    QCOMPARE(l.tileCache().statistics().tilesRendered, 0);
    QCOMPARE(l.tileCache().bytesUsed(), 0);
    QCOMPARE(qAlpha(image.pixel(256, 256)), 0);
}

void TestRasterLayer::workerThreadsShareTheLayer()
{
    // Two frames rendered at once on MapRenderJob's worker threads (tiles on
    // the global pool, a dataset handle per worker, one shared cache) give
    // exactly what a synchronous render gives.
    const auto layer = RasterLayer::open(bigDem());
    QVERIFY(layer.ok());
    const RasterLayer &l = **layer;
    const MapSettings a(l.crs(), QPointF(612000, 4430000), 10.0, QSize(700, 500));
    const MapSettings b(l.crs(), QPointF(630000, 4410000), 20.0, QSize(700, 500));
    MapRenderJob jobA(a, {&l});
    MapRenderJob jobB(b, {&l});
    jobA.start();
    jobB.start();
    jobA.waitForFinished();
    jobB.waitForFinished();
    QCoreApplication::processEvents(); // deliver the results queued to this thread
    QVERIFY(jobA.errors().isEmpty() && jobB.errors().isEmpty());
    QVERIFY(!jobA.image().isNull() && !jobB.image().isNull());

    const auto fresh = RasterLayer::open(bigDem());
    QVERIFY(fresh.ok());
    (*fresh)->setTileReuse(false);
    QCOMPARE(jobA.image(), MapRenderer::renderImage(a, {fresh->get()}));
    QCOMPARE(jobB.image(), MapRenderer::renderImage(b, {fresh->get()}));
}

void TestRasterLayer::zoomedInBeyondTheDataIsSmooth()
{
    // At 4 pixels per cell the cells are read at full resolution and the
    // shade interpolated: no blocks of 4×4 identical pixels with steps between.
    test::GeoTiffSpec spec;
    spec.width = spec.height = 200;
    spec.geoTransform = {600000, 30, 0, 4400000, 0, -30};
    const QString path = test::writeGeoTiff(QStringLiteral("zoom.tif"), spec, [](int c, int r) {
        return 800 + 400 * std::exp(-((c - 100.0) * (c - 100.0) + (r - 100.0) * (r - 100.0)) / (2 * 30.0 * 30.0));
    });
    auto layer = RasterLayer::open(path);
    QVERIFY(layer.ok());
    (*layer)->setTerrainStyle(greyHillshade());
    const Crs utm = (*layer)->crs();
    const QImage native = render(**layer, MapSettings(utm, QPointF(603000, 4397000), 30.0, QSize(64, 64)));
    const QImage zoomed = render(**layer, MapSettings(utm, QPointF(603000, 4397000), 7.5, QSize(256, 256)));
    QVERIFY(!native.isNull() && !zoomed.isNull());
    auto maxStep = [](const QImage &image) {
        int step = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x + 1 < image.width(); ++x) {
                step = std::max(step, std::abs(qGray(image.pixel(x, y)) - qGray(image.pixel(x + 1, y))));
            }
        return step;
    };
    const int nativeStep = maxStep(native), zoomedStep = maxStep(zoomed);
    QVERIFY2(zoomedStep * 2 <= nativeStep + 2,
             qPrintable(QStringLiteral("largest step between neighbours: %1 zoomed in, %2 at native resolution").arg(zoomedStep).arg(nativeStep)));
    for (QPoint p : {QPoint(0, 0), QPoint(255, 255), QPoint(128, 128)})
        QCOMPARE(qAlpha(zoomed.pixel(p)), 255);
}

void TestRasterLayer::remoteDemReadsOnlyWhatTheViewNeeds()
{
    // A 2048×2048 Int16 DEM (8 MiB uncompressed) with overviews, served on
    // 127.0.0.1 and read through /vsicurl/ as a remote COG would be.
    test::GeoTiffSpec spec;
    spec.width = spec.height = 2048;
    spec.geoTransform = {600000, 10, 0, 4420480, 0, -10};
    spec.type = GDT_Int16;
    spec.creationOptions = {QStringLiteral("TILED=YES"), QStringLiteral("BLOCKXSIZE=256"), QStringLiteral("BLOCKYSIZE=256")};
    spec.overviews = {2, 4, 8, 16};
    const QString path = test::writeGeoTiff(QStringLiteral("remote_source.tif"), spec, [](int c, int r) {
        return 800 + 300 * std::sin(c / 90.0) * std::cos(r / 70.0);
    });
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    RangeHttpServer server(f.readAll());
    const qint64 fileSize = f.size();
    qputenv("no_proxy", "127.0.0.1");
    qputenv("NO_PROXY", "127.0.0.1");
    const QString url = QStringLiteral("/vsicurl/http://127.0.0.1:%1/dem.tif").arg(server.port());

    auto layer = RasterLayer::open(url);
    QVERIFY2(layer.ok(), qPrintable(errorText(layer)));
    QCOMPARE((*layer)->kind(), Layer::Kind::Terrain);
    QCOMPARE((*layer)->source().overviews.size(), 4);
    const qint64 afterOpen = server.bytesSent();

    // 256×256 px at native resolution in one corner, then the whole DEM
    // fitted into 256×256 px (from the 1/8 overview).
    const Crs utm = (*layer)->crs();
    const QImage corner = render(**layer, MapSettings(utm, QPointF(600000 + 1280, 4420480 - 1280), 10.0, QSize(256, 256)));
    const qint64 afterCorner = server.bytesSent();
    const QImage whole = render(**layer, MapSettings::fitting(utm, (*layer)->extent(), QSize(256, 256)));
    const qint64 afterWhole = server.bytesSent();
    QVERIFY(!corner.isNull() && !whole.isNull());
    QCOMPARE(qAlpha(corner.pixel(128, 128)), 255);
    QCOMPARE(qAlpha(whole.pixel(128, 128)), 255);
    qInfo("bytes over HTTP: open %lld, corner view %lld, fitted view %lld, file %lld", afterOpen,
          afterCorner - afterOpen, afterWhole - afterCorner, fileSize);
    // The corner touches at most 2×2 blocks of 128 KiB (plus GDAL's 16 KiB
    // read-ahead per request); the fitted view reads the 256×256 overview.
    QVERIFY2(afterCorner - afterOpen < fileSize / 8, "the corner view read too much of the remote file");
    QVERIFY2(afterWhole - afterCorner < fileSize / 8, "the fitted view read too much of the remote file");
    QVERIFY(afterWhole < fileSize / 3);
}

void TestRasterLayer::remoteMissingFileNamesTheUrl()
{
    RangeHttpServer server(QByteArray("unused"));
    qputenv("no_proxy", "127.0.0.1");
    qputenv("NO_PROXY", "127.0.0.1");
    const QString url = QStringLiteral("/vsicurl/http://127.0.0.1:%1/missing.tif").arg(server.port());
    const auto layer = RasterLayer::open(url);
    QVERIFY(!layer.ok());
    QVERIFY2(layer.error().toString().contains(url), qPrintable(layer.error().toString()));
}

QTEST_GUILESS_MAIN(TestRasterLayer)
#include "test_raster_layer.moc"
