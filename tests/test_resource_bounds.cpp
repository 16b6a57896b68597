// Resource bounds (issue 6): a raster's declared size against its bytes on
// disk and its block size, text vector files by size and JSON by nesting,
// all before a driver allocates anything; and cancelling a slow read.
//
// Ratios are hand-computed: 65536 x 65536 px x 1 byte = 4 GiB = 4096 MiB;
// DEFLATE's best case is about 1032:1 (RFC 1951: a 258-byte match costs at
// least 2 bits), so the 1000:1 bound sits at what real compression reaches.
#include "io/gdal_environment.h"
#include "project/layer_factory.h"
#include "project/layer_request.h"
#include "io/resource_bounds.h"
#include "render/layer.h"
#include "render/map_renderer.h"
#include "render/map_settings.h"
#include "render/raster_layer.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QElapsedTimer>
#include <QFile>

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <thread>

using namespace linewatch;

class TestResourceBounds : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { GdalEnvironment::initialise(); }
    void raster_data();
    void raster();
    void jsonNesting_data();
    void jsonNesting();
    void textVectorSize();
    void cancelSlowRead();
    void cancelSlowRasterRead();
};

void TestResourceBounds::raster_data()
{
    QTest::addColumn<qint64>("width");
    QTest::addColumn<qint64>("height");
    QTest::addColumn<int>("bands");
    QTest::addColumn<int>("bytesPerSample");
    QTest::addColumn<qint64>("blockWidth");
    QTest::addColumn<qint64>("blockHeight");
    QTest::addColumn<bool>("overviews");
    QTest::addColumn<qint64>("bytesOnDisk");
    QTest::addColumn<QString>("refusal"); // "" when it opens

    const qint64 MiB = 1024 * 1024;
    // A 1 arc-second DEM tile: 3601 x 3601 Int16, 25.9 MB uncompressed, ~10 MB DEFLATE.
    QTest::newRow("SRTM tile") << qint64(3601) << qint64(3601) << 1 << 2 << qint64(3601) << qint64(1) << false
                               << qint64(10 * MiB) << QString();
    // Small files pass at any ratio: 1000 x 1000 Byte of one colour in 300 bytes.
    QTest::newRow("small, 3333:1") << qint64(1000) << qint64(1000) << 1 << 1 << qint64(256) << qint64(256) << false
                                   << qint64(300) << QString();
    // 4 GiB declared in 512 KiB: 8192:1.
    QTest::newRow("shared-tile bomb") << qint64(65536) << qint64(65536) << 1 << 1 << qint64(256) << qint64(256) << true
                                      << qint64(MiB / 2) << QStringLiteral("declares 4096 MiB of pixels in 0.5 MiB on disk");
    // 4 GiB in 4.2 MiB is 975:1, under the bound: opens (with overviews).
    QTest::newRow("4 GiB at 975:1") << qint64(65536) << qint64(65536) << 1 << 1 << qint64(256) << qint64(256) << true
                                    << qint64(4404019) << QString();
    // One strip of 40000 x 40000 bytes = 1526 MiB in one block.
    QTest::newRow("one huge strip") << qint64(40000) << qint64(40000) << 1 << 1 << qint64(40000) << qint64(40000) << true
                                    << qint64(1600 * MiB) << QStringLiteral("one block of 40000 × 40000 pixels is 1526 MiB");
    // 100000 x 100000 Int16 = 19073 MiB, real data (ratio 2), no overviews.
    QTest::newRow("20 GB without overviews")
        << qint64(100000) << qint64(100000) << 1 << 2 << qint64(512) << qint64(512) << false << qint64(10000 * MiB)
        << QStringLiteral("declares 19073 MiB of pixels and has no overviews");
    QTest::newRow("20 GB with overviews") << qint64(100000) << qint64(100000) << 1 << 2 << qint64(512) << qint64(512)
                                          << true << qint64(10000 * MiB) << QString();
    // 2^31-1 squared overflows 64-bit products: saturates, still refused.
    QTest::newRow("2^31 x 2^31 x 4 bands Float64")
        << qint64(0x7fffffff) << qint64(0x7fffffff) << 4 << 8 << qint64(256) << qint64(256) << false << qint64(8192)
        << QStringLiteral("more than 1000:1");
}

void TestResourceBounds::raster()
{
    QFETCH(qint64, width);
    QFETCH(qint64, height);
    QFETCH(int, bands);
    QFETCH(int, bytesPerSample);
    QFETCH(qint64, blockWidth);
    QFETCH(qint64, blockHeight);
    QFETCH(bool, overviews);
    QFETCH(qint64, bytesOnDisk);
    QFETCH(QString, refusal);
    ResourceBounds::RasterDeclaration d;
    d.width = width;
    d.height = height;
    d.bands = bands;
    d.bytesPerSample = bytesPerSample;
    d.blockWidth = blockWidth;
    d.blockHeight = blockHeight;
    d.hasOverviews = overviews;
    d.bytesOnDisk = bytesOnDisk;
    const Status s = ResourceBounds::checkRaster(QStringLiteral("x.tif"), d);
    if (refusal.isEmpty()) {
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().message));
    } else {
        QVERIFY(!s.ok());
        QCOMPARE(s.error().path, QStringLiteral("x.tif"));
        QVERIFY2(s.error().message.contains(refusal), qPrintable(s.error().message));
    }
}

void TestResourceBounds::jsonNesting_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("depth");
    QTest::newRow("point") << QByteArray(R"({"type":"Point","coordinates":[1,2]})") << 2;
    // FeatureCollection > features > Feature > geometry > MultiPolygon coordinates (4 levels) = 8.
    QTest::newRow("MultiPolygon collection")
        << QByteArray(R"({"features":[{"geometry":{"coordinates":[[[[1,2],[3,4]]]]}}]})") << 8;
    QTest::newRow("brackets in strings do not count") << QByteArray(R"({"a":"[[[[{{{{","b":"\"[[["})") << 1;
    QTest::newRow("10000 deep") << QByteArray(10000, '[') + QByteArray(10000, ']') << 65; // stops once past 64
}

void TestResourceBounds::jsonNesting()
{
    QFETCH(QByteArray, json);
    QFETCH(int, depth);
    QCOMPARE(ResourceBounds::jsonNesting(json, 64), depth);
}

void TestResourceBounds::textVectorSize()
{
    const QString path = test::tempDir() + QStringLiteral("/big.geojson");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QVERIFY(f.resize(257LL * 1024 * 1024)); // sparse: no 257 MiB written
    f.close();
    const Status s = ResourceBounds::checkFile(path);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().message, QStringLiteral("is 257 MiB, more than Linewatch reads as a GEOJSON file (256 MiB); refused"));
    // One byte under the bound passes the size rule (then fails as JSON later, in GDAL).
    ResourceBounds::Limits limits;
    limits.maxTextVectorBytes = 257LL * 1024 * 1024;
    QVERIFY(ResourceBounds::checkFile(path, limits).ok());
}

void TestResourceBounds::cancelSlowRead()
{
    // A GeoPackage of 150,000 points: opening is quick, reading the features
    // is the slow part, and cancel is checked in that loop.
    const QString path = test::tempDir() + QStringLiteral("/many.gpkg");
    {
        GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GPKG"), path.toUtf8().constData(), 0, 0, 0, GDT_Unknown, nullptr);
        QVERIFY(ds);
        OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(nullptr);
        OSRImportFromEPSG(wgs84, 4326);
        OGRLayerH layer = GDALDatasetCreateLayer(ds, "points", wgs84, wkbPoint, nullptr);
        OSRDestroySpatialReference(wgs84);
        QVERIFY(layer);
        QCOMPARE(OGR_L_StartTransaction(layer), OGRERR_NONE);
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
        for (int i = 0; i < 150000; ++i) {
            OGRFeatureH f = OGR_F_Create(defn);
            OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
            OGR_G_SetPoint_2D(p, 0, 46.3 + (i % 500) * 1.4e-3, 39.5 + (i / 500) * 1.5e-3);
            OGR_F_SetGeometryDirectly(f, p);
            QCOMPARE(OGR_L_CreateFeature(layer, f), OGRERR_NONE);
            OGR_F_Destroy(f);
        }
        QCOMPARE(OGR_L_CommitTransaction(layer), OGRERR_NONE);
        GDALClose(ds);
    }
    LayerRequest request;
    request.path = path;
    QElapsedTimer timer;
    timer.start();
    auto full = openLayer(request, nullptr);
    const qint64 fullMs = timer.elapsed();
    QVERIFY2(full.ok(), qPrintable(full.ok() ? QString() : full.error().toString()));
    qInfo("uncancelled read of 150,000 points: %lld ms", fullMs);
    QVERIFY2(fullMs > 100, "the read is too fast to test cancelling it");

    std::atomic_bool cancel{false};
    const qint64 cancelAfterMs = fullMs / 4;
    std::thread canceller([&cancel, cancelAfterMs] {
        std::this_thread::sleep_for(std::chrono::milliseconds(cancelAfterMs));
        cancel.store(true);
    });
    timer.restart();
    auto cancelled = openLayer(request, &cancel);
    const qint64 cancelledMs = timer.elapsed();
    canceller.join();
    qInfo("cancelled after %lld ms: returned after %lld ms", cancelAfterMs, cancelledMs);
    QVERIFY(!cancelled.ok());
    QVERIFY2(cancelled.error().message.contains(QLatin1String("cancelled")), qPrintable(cancelled.error().toString()));
    // Stops at the next check (every 256 features), far before the end.
    QVERIFY2(cancelledMs < cancelAfterMs + fullMs / 4 + 50, qPrintable(QString::number(cancelledMs)));
}

void TestResourceBounds::cancelSlowRasterRead()
{
    // 16000 x 16000 Int16 DEFLATE without overviews: a whole-area view averages
    // all 512 MB (an idle machine reads 8000 x 8000 in about 100 ms, too fast to
    // time a cancel against), the slow read a cancelled frame must not wait for. The
    // renderer passes its cancel flag to GDAL (GDALRasterIOExtraArg::pfnProgress),
    // so the frame stops inside the read, not after it.
    constexpr int kSide = 16000;
    const QString path = test::tempDir() + QStringLiteral("/big-dem.tif");
    {
        const char *options[] = {"TILED=YES", "COMPRESS=DEFLATE", "ZLEVEL=1", nullptr};
        GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.toUtf8().constData(), kSide, kSide, 1, GDT_Int16,
                                     const_cast<char **>(options));
        QVERIFY(ds);
        double gt[6] = {46.3, 1e-4, 0, 39.95, 0, -1e-4};
        GDALSetGeoTransform(ds, gt);
        GDALSetProjection(ds, "EPSG:4326");
        std::vector<qint16> row(kSide);
        GDALRasterBandH band = GDALGetRasterBand(ds, 1);
        for (int y = 0; y < kSide; ++y) {
            for (int x = 0; x < kSide; ++x)
                row[x] = qint16(1000 + (x * 7 + y * 13) % 997 + ((x * 2654435761u + y) >> 28)); // varied, compresses ~3:1
            QCOMPARE(GDALRasterIO(band, GF_Write, 0, y, kSide, 1, row.data(), kSide, 1, GDT_Int16, 0, 0), CE_None);
        }
        GDALClose(ds);
    }
    auto timedRender = [&](const std::atomic_bool *cancel, QList<LayerError> *errors) {
        // Cold each time: GDAL's block cache emptied, a fresh tile cache.
        const GIntBig cacheBytes = GDALGetCacheMax64();
        GDALSetCacheMax64(0);
        GDALSetCacheMax64(cacheBytes);
        auto layer = RasterLayer::open(path, nullptr);
        if (!layer.ok())
            return qint64(-1);
        const MapSettings settings = MapSettings::fitting(layer.value()->crs(), layer.value()->extent(), QSize(512, 512));
        QElapsedTimer timer;
        timer.start();
        MapRenderer::renderImage(settings, {layer.value().get()}, errors, cancel, Qt::transparent);
        return timer.elapsed();
    };
    // The time from setting the flag to the frame returning, against the
    // whole read. Measured: 11 ms of 300 ms here; with the flag checked only
    // between the renderer's tiles (no pfnProgress) 90 ms of 450 ms.
    std::atomic_bool cancel{false};
    std::atomic<std::chrono::steady_clock::time_point> cancelledAt{};
    std::thread canceller([&cancel, &cancelledAt] {
        std::this_thread::sleep_for(std::chrono::milliseconds(40));
        cancelledAt.store(std::chrono::steady_clock::now());
        cancel.store(true);
    });
    QList<LayerError> cancelledErrors;
    const qint64 cancelledMs = timedRender(&cancel, &cancelledErrors);
    const auto returnedAt = std::chrono::steady_clock::now();
    canceller.join();
    const qint64 stopMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(returnedAt - cancelledAt.load()).count();
    QList<LayerError> errors;
    const qint64 fullMs = timedRender(nullptr, &errors);
    qInfo("whole-area view of 16000 x 16000 DEFLATE: %lld ms; cancelled 40 ms in: stopped %lld ms after the flag "
          "(returned after %lld ms)",
          fullMs, stopMs, cancelledMs);
    QVERIFY(fullMs > 0 && cancelledMs > 0);
    QVERIFY(errors.isEmpty());
    QVERIFY2(cancelledErrors.isEmpty(), "a cancelled read is not a read failure");
    QVERIFY2(fullMs > 150, "the read is too fast to test cancelling it");
    QVERIFY2(stopMs < fullMs / 8, qPrintable(QStringLiteral("%1 ms of %2 ms").arg(stopMs).arg(fullMs)));
}

QTEST_GUILESS_MAIN(TestResourceBounds)
#include "test_resource_bounds.moc"
