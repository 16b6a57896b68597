// Opening files as layers: each kind of file becomes the right layer, and
// what may not or cannot be opened is refused with a message naming the file.
// The driver allow-list (GdalEnvironment::allowedDrivers) is checked with a
// real raster in a format GDAL knows but Linewatch does not open (ENVI-style
// EHdr, written by the gdal_translate tool, not by this process).
#include "io/gdal_environment.h"
#include "project/layer_factory.h"
#include "render/layer.h"
#include "support/synthetic_dem.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QFile>
#include <QProcess>

using namespace linewatch;

class TestLayerFactory : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void refused_data();
    void refused();
    void opened_data();
    void opened();

private:
    QString mDem;
};

void TestLayerFactory::initTestCase()
{
    GdalEnvironment::initialise();
    mDem = test::tempDir() + QStringLiteral("/dem.tif");
    QVERIFY(test::writeSyntheticDem(mDem, test::sampleTerrainBox(), 70, 45));
    QProcess p;
    p.start(QStringLiteral("gdal_translate"), {QStringLiteral("-q"), QStringLiteral("-of"), QStringLiteral("EHdr"), mDem,
                                               test::tempDir() + QStringLiteral("/dem.bil")});
    QVERIFY(p.waitForFinished(60000) && p.exitCode() == 0);
    // A raster bomb: a 400-byte VRT declaring 2,000,000 x 1,000,000 pixels.
    QFile bomb(test::tempDir() + QStringLiteral("/bomb.vrt"));
    QVERIFY(bomb.open(QIODevice::WriteOnly));
    bomb.write(R"(<VRTDataset rasterXSize="2000000" rasterYSize="1000000">
  <SRS>EPSG:4326</SRS>
  <GeoTransform>0, 0.00001, 0, 10, 0, -0.00001</GeoTransform>
  <VRTRasterBand dataType="Int16" band="1"/>
</VRTDataset>
)");
    bomb.close();
    QFile text(test::tempDir() + QStringLiteral("/notes.tif"));
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("these are notes, not a GeoTIFF\n");
}

void TestLayerFactory::refused_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing file") << QStringLiteral("/nonexistent/dem.tif") << QStringLiteral("file not found");
    QTest::newRow("EHdr raster: a format outside the allow-list") << QStringLiteral("dem.bil")
                                                                 << QStringLiteral("not a raster or vector format GDAL can read");
    QTest::newRow("text with a .tif name") << QStringLiteral("notes.tif") << QStringLiteral("not a raster or vector format GDAL can read");
    QTest::newRow("raster bomb: 2e12 pixels declared in a 400-byte VRT")
        << QStringLiteral("bomb.vrt") << QStringLiteral("declares 2000000 × 1000000 pixels");
}

void TestLayerFactory::refused()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    LayerRequest r;
    r.path = file.startsWith(QLatin1Char('/')) ? file : test::tempDir() + QLatin1Char('/') + file;
    auto layer = openLayer(r, nullptr);
    QVERIFY(!layer.ok());
    QVERIFY2(layer.error().toString().contains(expected), qPrintable(layer.error().toString()));
    QVERIFY2(layer.error().toString().contains(QFileInfo(r.path).fileName()), "the message must name the file");
}

void TestLayerFactory::opened_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("kind");
    QTest::newRow("GeoTIFF DEM: terrain") << QStringLiteral("dem.tif") << int(Layer::Kind::Terrain);
    QTest::newRow("sample places: vector") << test::sourceDir() + QStringLiteral("/maps/shusha/places.geojson") << int(Layer::Kind::Vector);
    QTest::newRow("sample claims: claims") << test::sourceDir() + QStringLiteral("/maps/shusha/claims.geojson") << int(Layer::Kind::Claims);
}

void TestLayerFactory::opened()
{
    QFETCH(QString, file);
    QFETCH(int, kind);
    LayerRequest r;
    r.path = file.startsWith(QLatin1Char('/')) ? file : test::tempDir() + QLatin1Char('/') + file;
    r.name = QStringLiteral("Given name");
    r.opacity = 0.4;
    r.visible = false;
    auto layer = openLayer(r, nullptr);
    QVERIFY2(layer.ok(), qPrintable(layer.ok() ? QString() : layer.error().toString()));
    QCOMPARE(int(layer.value()->kind()), kind);
    QCOMPARE(layer.value()->name(), r.name);
    QCOMPARE(layer.value()->opacity(), 0.4);
    QCOMPARE(layer.value()->isVisible(), false);
    QCOMPARE(layer.value()->sourcePath(), r.path);
}

QTEST_GUILESS_MAIN(TestLayerFactory)
#include "test_layer_factory.moc"
