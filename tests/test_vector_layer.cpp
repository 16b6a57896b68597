// Vector layers through OGR: loading every supported format, bad input,
// provenance attributes, styles, and drawing (right pixel in UTM 38N,
// approximate features, vector output, culling, cancel).
//
// Fixtures are written by this test with OGR into a temporary folder.
// Expected UTM coordinates come from GeographicLib's GeoConvert 2.1.2
// (`echo "LAT LON" | GeoConvert -u -z 38 -p 3`), not from PROJ.
#include "crs/crs_transform.h"
#include "io/gdal_environment.h"
#include "render/vector_layer.h"
#include "render/label_engine.h"
#include "render/layer_renderer.h"
#include "render/map_renderer.h"
#include "render/render_context.h"
#include "render/vector_layer_renderer.h"
#include "render/vector_style.h"
#include "support/test_paths.h"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <QtTest>

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QtConcurrent>

#include <cmath>
#include <limits>

using namespace linewatch;

Q_DECLARE_METATYPE(GeometryType)

namespace {

/// One feature of the round-trip fixture, in WGS84 lon/lat.
struct FixtureFeature
{
    const char *layer;
    const char *wkt;
    const char *name;
    int count;
    double height;
    bool approximate;
};

// Published places (shared/data/SOURCES.md §4) so the numbers mean something:
// a point at Shusha, a line Shusha - Lisagor - Lachin, a polygon with a hole
// around Shusha, and a multipoint of Stepanakert and Lachin.
const FixtureFeature kFixture[] = {
    {"points", "POINT (46.7483 39.7583)", "Shusha", 4000, 1400.5, false},
    {"points", "MULTIPOINT ((46.75194 39.81528),(46.54694 39.64083))", "Stepanakert and Lachin", 2, 813.25, true},
    {"lines", "LINESTRING (46.7483 39.7583,46.64306 39.6875,46.54694 39.64083)", "Shusha-Lachin road (schematic)", 3,
     0.0, true},
    {"areas",
     "POLYGON ((46.70 39.72,46.80 39.72,46.80 39.80,46.70 39.80,46.70 39.72),"
     "(46.74 39.75,46.76 39.75,46.76 39.77,46.74 39.77,46.74 39.75))",
     "Box around Shusha", 1, -12.75, false},
};

GDALDataset *createDataset(const QString &driver, const QString &path)
{
    GDALDriver *drv = GetGDALDriverManager()->GetDriverByName(driver.toUtf8().constData());
    if (!drv)
        return nullptr;
    return drv->Create(path.toUtf8().constData(), 0, 0, 0, GDT_Unknown, nullptr);
}

/// Writes kFixture to path with the given OGR driver: one layer per
/// geometry kind (Shapefile and FlatGeobuf then make a folder of files),
/// or all in one layer "fixture" for single-layer formats (GeoJSON).
QString writeFixture(const QString &driver, const QString &path)
{
    const bool oneLayer = driver == QLatin1String("GeoJSON");
    GDALDataset *ds = createDataset(driver, path);
    if (!ds)
        return QStringLiteral("cannot create %1 with %2: %3").arg(path, driver, QString::fromUtf8(CPLGetLastErrorMsg()));
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    QString error;
    const std::vector<const char *> layerNames = oneLayer ? std::vector<const char *>{"fixture"}
                                                          : std::vector<const char *>{"points", "lines", "areas"};
    for (const char *layerName : layerNames) {
        const OGRwkbGeometryType type = QByteArray(layerName) == "points" ? wkbMultiPoint
                                        : QByteArray(layerName) == "lines" ? wkbLineString
                                                                           : wkbPolygon;
        OGRLayer *layer = ds->CreateLayer(layerName, &wgs84, driver == QLatin1String("ESRI Shapefile") ? type : wkbUnknown);
        if (!layer) {
            error = QStringLiteral("cannot create layer %1").arg(QString::fromLatin1(layerName));
            break;
        }
        OGRFieldDefn name("name", OFTString);
        OGRFieldDefn count("count", OFTInteger);
        OGRFieldDefn height("height", OFTReal);
        OGRFieldDefn approx("approximate", OFTInteger);
        approx.SetSubType(OFSTBoolean);
        for (OGRFieldDefn *f : {&name, &count, &height, &approx})
            layer->CreateField(f);
        for (const FixtureFeature &ff : kFixture) {
            if (!oneLayer && QByteArray(ff.layer) != layerName)
                continue;
            OGRFeature feature(layer->GetLayerDefn());
            // By index: a Shapefile stores `approximate` as `approximat`.
            feature.SetField(0, ff.name);
            feature.SetField(1, ff.count);
            feature.SetField(2, ff.height);
            feature.SetField(3, ff.approximate ? 1 : 0);
            OGRGeometry *g = nullptr;
            OGRGeometryFactory::createFromWkt(ff.wkt, &wgs84, &g);
            if (type == wkbMultiPoint && g && wkbFlatten(g->getGeometryType()) == wkbPoint)
                g = OGRGeometryFactory::forceToMultiPoint(g);
            feature.SetGeometryDirectly(g);
            if (layer->CreateFeature(&feature) != OGRERR_NONE)
                error = QStringLiteral("cannot write %1: %2").arg(QString::fromUtf8(ff.name),
                                                                  QString::fromUtf8(CPLGetLastErrorMsg()));
        }
    }
    GDALClose(ds);
    return error;
}

void writeText(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(text);
}

QByteArray pointCollection(const QByteArray &coordinates, const QByteArray &crsMember = {})
{
    return "{\"type\":\"FeatureCollection\"," + crsMember
           + "\"features\":["
             "{\"type\":\"Feature\",\"properties\":{\"name\":\"Good\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[46.7,39.7]}},"
             "{\"type\":\"Feature\",\"properties\":{\"name\":\"Bad\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":"
           + coordinates + "}}]}";
}

/// The centre of the pixels close to colour, or (-1, -1) when there are none.
QPointF centroidOf(const QImage &image, const QColor &color, int tolerance = 40)
{
    double sx = 0, sy = 0, n = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - color.red()) <= tolerance && std::abs(c.green() - color.green()) <= tolerance
                && std::abs(c.blue() - color.blue()) <= tolerance) {
                sx += x + 0.5;
                sy += y + 0.5;
                n += 1;
            }
        }
    }
    return n > 0 ? QPointF(sx / n, sy / n) : QPointF(-1, -1);
}

std::unique_ptr<VectorLayer> layerFromJson(const QString &fileName, const QByteArray &json)
{
    const QString path = test::tempDir() + QLatin1Char('/') + fileName;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return nullptr;
    f.write(json);
    f.close();
    auto layer = VectorLayer::open(path);
    if (!layer) {
        qWarning() << layer.error().toString();
        return nullptr;
    }
    return std::move(layer).value();
}

const Crs &utm38()
{
    static const Crs crs = *Crs::fromString(QStringLiteral("EPSG:32638"));
    return crs;
}

} // namespace

class TestVectorLayer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTripFormats_data();
    void roundTripFormats();
    void projectedSource();
    void badInput_data();
    void badInput();
    void shapefileWithoutPrjIsAssumedWgs84();
    void singleLayerOption();
    void cancelLoading();
    void provenance();
    void shortSource_data();
    void shortSource();
    void styleJsonRoundTrip();
    void styleJsonErrors_data();
    void styleJsonErrors();
    void pointAtRightPixelUtm38_data();
    void pointAtRightPixelUtm38();
    void approximateIsHollowAndLabelled();
    void cullsFeaturesOutsideView();
    void vectorDevicesGetPaths();
    void featuresAt();
    void legendPerRule();
    void cancelledRenderDrawsNothing();
    void concurrentRendersAgree();
    void deepZoomClipsGeometry_data();
    void deepZoomClipsGeometry();
    void sampleData();
    void sampleRender();
};

void TestVectorLayer::initTestCase() { GdalEnvironment::initialise(); }

void TestVectorLayer::roundTripFormats_data()
{
    QTest::addColumn<QString>("driver");
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<double>("toleranceDeg");
    QTest::addColumn<int>("layerCount");
    // Tolerances: binary formats keep doubles exactly; the text formats write
    // at least 15 significant digits (GeoJSON) or 1e-9 deg steps, i.e. < 0.1 mm.
    QTest::newRow("GeoJSON") << QStringLiteral("GeoJSON") << QStringLiteral("fixture.geojson") << 1e-9 << 1;
    QTest::newRow("GeoPackage") << QStringLiteral("GPKG") << QStringLiteral("fixture.gpkg") << 1e-12 << 3;
    QTest::newRow("KML (LIBKML)") << QStringLiteral("LIBKML") << QStringLiteral("fixture.kml") << 1e-9 << 3;
    QTest::newRow("Shapefile folder") << QStringLiteral("ESRI Shapefile") << QStringLiteral("fixture_shp") << 1e-12 << 3;
    QTest::newRow("FlatGeobuf folder") << QStringLiteral("FlatGeobuf") << QStringLiteral("fixture_fgb") << 1e-12 << 3;
}

void TestVectorLayer::roundTripFormats()
{
    QFETCH(QString, driver);
    QFETCH(QString, fileName);
    QFETCH(double, toleranceDeg);
    QFETCH(int, layerCount);
    const QString path = test::tempDir() + QLatin1Char('/') + fileName;
    const QString written = writeFixture(driver, path);
    QVERIFY2(written.isEmpty(), qPrintable(written));

    double lastFraction = -1;
    auto layer = VectorLayer::open(path, nullptr, [&](double f) { lastFraction = f; });
    QVERIFY2(layer.ok(), qPrintable(layer.ok() ? QString() : layer.error().toString()));
    QCOMPARE(lastFraction, 1.0);
    const auto &features = (*layer)->features();
    QCOMPARE(int(features.size()), int(std::size(kFixture)));
    QCOMPARE((*layer)->data()->layerNames.size(), layerCount);

    for (const FixtureFeature &ff : kFixture) {
        const QString name = QString::fromUtf8(ff.name);
        auto it = std::find_if(features.begin(), features.end(), [&](const VectorFeature &f) { return f.name() == name; });
        QVERIFY2(it != features.end(), qPrintable(name));
        const VectorFeature &f = *it;
        // Attributes by value: KML renames `name` to `Name`, a Shapefile cuts
        // `approximate` to `approximat`; VectorFeature::value() finds both.
        QCOMPARE(f.value(QStringLiteral("count")).toLongLong(), qlonglong(ff.count));
        QCOMPARE(f.value(QStringLiteral("height")).toDouble(), ff.height);
        QCOMPARE(f.isApproximate(), ff.approximate);
        QCOMPARE(f.layerName, layerCount == 1 ? QStringLiteral("fixture") : QString::fromLatin1(ff.layer));

        // Geometry, against OGR's own parse of the WKT we wrote.
        OGRGeometry *g = nullptr;
        OGRGeometryFactory::createFromWkt(ff.wkt, nullptr, &g);
        std::unique_ptr<OGRGeometry> expected(g);
        QList<QPointF> want;
        QList<QPointF> got;
        switch (wkbFlatten(expected->getGeometryType())) {
        case wkbPoint:
            want << QPointF(expected->toPoint()->getX(), expected->toPoint()->getY());
            got = f.points;
            QCOMPARE(f.type(), GeometryType::Point);
            break;
        case wkbMultiPoint:
            for (const OGRPoint *p : *expected->toMultiPoint())
                want << QPointF(p->getX(), p->getY());
            got = f.points;
            QCOMPARE(f.type(), GeometryType::Point);
            break;
        case wkbLineString:
            for (const OGRPoint &p : *expected->toLineString())
                want << QPointF(p.getX(), p.getY());
            QCOMPARE(f.lines.size(), 1);
            got = QList<QPointF>(f.lines[0].begin(), f.lines[0].end());
            QCOMPARE(f.type(), GeometryType::Line);
            break;
        case wkbPolygon: {
            QCOMPARE(f.rings.size(), 2); // exterior and hole
            for (const OGRLinearRing *r : *expected->toPolygon()) {
                for (const OGRPoint &p : *r)
                    want << QPointF(p.getX(), p.getY());
            }
            for (const QPolygonF &r : f.rings)
                got += QList<QPointF>(r.begin(), r.end());
            QCOMPARE(f.type(), GeometryType::Polygon);
            // Drivers may store rings in the other winding; compare as sets.
            auto byXY = [](const QPointF &a, const QPointF &b) { return a.x() < b.x() || (a.x() == b.x() && a.y() < b.y()); };
            std::sort(want.begin(), want.end(), byXY);
            std::sort(got.begin(), got.end(), byXY);
            break;
        }
        default:
            QFAIL("unexpected fixture geometry");
        }
        QCOMPARE(got.size(), want.size());
        for (int i = 0; i < want.size(); ++i) {
            QVERIFY2(std::abs(got[i].x() - want[i].x()) <= toleranceDeg && std::abs(got[i].y() - want[i].y()) <= toleranceDeg,
                     qPrintable(QStringLiteral("%1 vertex %2: got %3 %4, want %5 %6")
                                    .arg(name)
                                    .arg(i)
                                    .arg(got[i].x(), 0, 'g', 15)
                                    .arg(got[i].y(), 0, 'g', 15)
                                    .arg(want[i].x(), 0, 'g', 15)
                                    .arg(want[i].y(), 0, 'g', 15)));
        }
    }
    // Extent in degrees covers everything: from Lachin (46.54694 E) to the
    // box's east edge (46.80 E), from Lachin (39.64083 N) to Stepanakert (39.81528 N).
    const QRectF e = (*layer)->extent();
    QVERIFY(std::abs(e.left() - 46.54694) < 1e-7 && std::abs(e.right() - 46.80) < 1e-7);
    QVERIFY(std::abs(e.top() - 39.64083) < 1e-7 && std::abs(e.bottom() - 39.81528) < 1e-7);
}

void TestVectorLayer::projectedSource()
{
    // A GeoPackage in UTM 38N holding Shusha at GeoConvert's easting/northing
    // must load as Shusha's published lon/lat (tolerance 1e-7 deg, ~1 cm).
    const QString path = test::tempDir() + QStringLiteral("/utm.gpkg");
    GDALDataset *ds = createDataset(QStringLiteral("GPKG"), path);
    QVERIFY(ds);
    OGRSpatialReference utm;
    utm.importFromEPSG(32638);
    OGRLayer *layer = ds->CreateLayer("utm", &utm, wkbPoint);
    OGRFieldDefn name("name", OFTString);
    layer->CreateField(&name);
    OGRFeature feature(layer->GetLayerDefn());
    feature.SetField("name", "Shusha");
    feature.SetGeometryDirectly(new OGRPoint(649763.473, 4402393.008));
    QCOMPARE(layer->CreateFeature(&feature), OGRERR_NONE);
    GDALClose(ds);

    auto loaded = VectorLayer::open(path);
    QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().toString()));
    QCOMPARE((*loaded)->sourceCrs().authId(), QStringLiteral("EPSG:32638"));
    QCOMPARE((*loaded)->crs().authId(), QStringLiteral("EPSG:4326"));
    const QPointF p = (*loaded)->features().at(0).points.at(0);
    QVERIFY2(std::abs(p.x() - 46.7483) < 1e-7 && std::abs(p.y() - 39.7583) < 1e-7,
             qPrintable(QStringLiteral("got %1 %2").arg(p.x(), 0, 'f', 9).arg(p.y(), 0, 'f', 9)));
}

void TestVectorLayer::badInput_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content"); // empty with writeFile false: not written
    QTest::addColumn<bool>("writeFile");
    QTest::addColumn<QString>("expected");   // must appear in the message
    QTest::newRow("missing file") << QStringLiteral("nowhere.geojson") << QByteArray() << false << QStringLiteral("not found");
    QTest::newRow("empty file") << QStringLiteral("empty.geojson") << QByteArray() << true << QStringLiteral("empty");
    QTest::newRow("invalid JSON (truncated)") << QStringLiteral("truncated.geojson")
                                              << QByteArray("{\"type\": \"FeatureCollection\", \"features\": [ {\"type\"")
                                              << true << QStringLiteral("cannot read");
    QTest::newRow("NaN coordinate") << QStringLiteral("nan.geojson") << pointCollection("[NaN, 39.5]") << true
                                    << QStringLiteral("feature 2 (\"Bad\"): coordinate is not a number");
    QTest::newRow("Infinity coordinate") << QStringLiteral("inf.geojson") << pointCollection("[46.7, -Infinity]") << true
                                         << QStringLiteral("feature 2 (\"Bad\"): coordinate is not a number");
    QTest::newRow("latitude 95") << QStringLiteral("lat95.geojson") << pointCollection("[46.7, 95]") << true
                                 << QStringLiteral("feature 2 (\"Bad\"): latitude 95 is outside [-90, 90]");
    QTest::newRow("longitude 400") << QStringLiteral("lon400.geojson") << pointCollection("[400, 39.5]") << true
                                   << QStringLiteral("feature 2 (\"Bad\"): longitude 400 is outside [-180, 180]");
    QTest::newRow("unknown CRS EPSG:999999")
        << QStringLiteral("unknown_crs.geojson")
        << pointCollection("[46.7, 39.5]", "\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:999999\"}},") << true
        << QStringLiteral("unknown CRS");
    QTest::newRow("plain text, not vector data") << QStringLiteral("notes.txt") << QByteArray("just some words\n") << true
                                                 << QStringLiteral("not a vector data source");
    QTest::newRow("JSON that is not GeoJSON") << QStringLiteral("config.json") << QByteArray("{\"zoom\": 3}") << true
                                              << QStringLiteral("not a vector data source");
}

void TestVectorLayer::badInput()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(bool, writeFile);
    QFETCH(QString, expected);
    const QString path = test::tempDir() + QLatin1Char('/') + fileName;
    if (writeFile)
        writeText(path, content);
    auto layer = VectorLayer::open(path);
    QVERIFY(!layer.ok());
    const QString message = layer.error().toString();
    QVERIFY2(message.contains(fileName), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
}

void TestVectorLayer::shapefileWithoutPrjIsAssumedWgs84()
{
    // Documented assumption: no .prj and lon/lat-looking coordinates -> WGS84
    // with a warning; no .prj and projected-looking coordinates -> an error.
    const QString dir = test::tempDir() + QStringLiteral("/noprj");
    QDir().mkpath(dir);
    for (const auto &[file, x, y] : {std::tuple{"lonlat.shp", 46.7483, 39.7583}, std::tuple{"metres.shp", 649763.473, 4402393.008}}) {
        GDALDataset *ds = createDataset(QStringLiteral("ESRI Shapefile"), dir + QLatin1Char('/') + QString::fromLatin1(file));
        QVERIFY(ds);
        OGRLayer *layer = ds->CreateLayer(QByteArray(file).chopped(4).constData(), nullptr, wkbPoint);
        OGRFeature feature(layer->GetLayerDefn());
        feature.SetGeometryDirectly(new OGRPoint(x, y));
        QCOMPARE(layer->CreateFeature(&feature), OGRERR_NONE);
        GDALClose(ds);
    }
    QVERIFY(!QFile::exists(dir + QStringLiteral("/lonlat.prj")));
    auto ok = VectorLayer::open(dir + QStringLiteral("/lonlat.shp"));
    QVERIFY(ok.ok());
    QCOMPARE((*ok)->health(), Layer::Health::Warning);
    QVERIFY2((*ok)->healthMessage().contains(QStringLiteral("WGS 84 is assumed")), qPrintable((*ok)->healthMessage()));
    QCOMPARE((*ok)->features().at(0).points.at(0), QPointF(46.7483, 39.7583));

    auto bad = VectorLayer::open(dir + QStringLiteral("/metres.shp"));
    QVERIFY(!bad.ok());
    QVERIFY2(bad.error().toString().contains(QStringLiteral("metres.shp"))
                 && bad.error().toString().contains(QStringLiteral(".prj file is missing")),
             qPrintable(bad.error().toString()));
}

void TestVectorLayer::singleLayerOption()
{
    const QString path = test::tempDir() + QStringLiteral("/single.gpkg");
    QVERIFY(writeFixture(QStringLiteral("GPKG"), path).isEmpty());
    VectorReadOptions first;
    first.singleLayer = true;
    auto a = VectorLayer::open(path, nullptr, {}, first);
    QVERIFY(a.ok());
    QCOMPARE((*a)->data()->layerNames, QStringList{QStringLiteral("points")});
    QCOMPARE(int((*a)->features().size()), 2);

    VectorReadOptions named = first;
    named.layerName = QStringLiteral("areas");
    auto b = VectorLayer::open(path, nullptr, {}, named);
    QVERIFY(b.ok());
    QCOMPARE((*b)->dominantType(), GeometryType::Polygon);

    named.layerName = QStringLiteral("rivers");
    auto c = VectorLayer::open(path, nullptr, {}, named);
    QVERIFY(!c.ok());
    QVERIFY(c.error().toString().contains(QStringLiteral("no layer named \"rivers\"")));
}

void TestVectorLayer::cancelLoading()
{
    // 2000 points: the reader looks at the flag every 256 features.
    QByteArray json = "{\"type\":\"FeatureCollection\",\"features\":[";
    for (int i = 0; i < 2000; ++i)
        json += (i ? "," : "") + QByteArray("{\"type\":\"Feature\",\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":[")
                + QByteArray::number(40 + i * 0.001) + ",40]}}";
    json += "]}";
    const QString path = test::tempDir() + QStringLiteral("/many.geojson");
    writeText(path, json);
    std::atomic_bool cancel{true};
    auto cancelled = VectorLayer::open(path, &cancel);
    QVERIFY(!cancelled.ok());
    QVERIFY(cancelled.error().toString().contains(QStringLiteral("cancelled")));
    cancel = false;
    QList<double> fractions;
    auto loaded = VectorLayer::open(path, &cancel, [&](double f) { fractions << f; });
    QVERIFY(loaded.ok());
    QCOMPARE(int((*loaded)->features().size()), 2000);
    QVERIFY(fractions.size() >= 7); // 2000 / 256 steps, then 1.0
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
}

void TestVectorLayer::provenance()
{
    auto layer = layerFromJson(QStringLiteral("provenance.geojson"), R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"A","source":"Survey A","approximate":false},"geometry":{"type":"Point","coordinates":[46.1,39.1]}},
      {"type":"Feature","properties":{"name":"B","source":"Report B","approximate":false},"geometry":{"type":"Point","coordinates":[46.2,39.2]}},
      {"type":"Feature","properties":{"name":"C","source":"Survey A","approximate":true},"geometry":{"type":"Point","coordinates":[46.3,39.3]}}]})");
    QVERIFY(layer);
    QCOMPARE(layer->sources(), (QStringList{QStringLiteral("Survey A"), QStringLiteral("Report B")}));
    QCOMPARE(layer->attribution(), QStringLiteral("Survey A, Report B"));
    QVERIFY(layer->isApproximate());
    QCOMPARE(layer->name(), QStringLiteral("provenance"));

    // An empty geometry is skipped, not mistaken for a NaN because of its name.
    auto empty = layerFromJson(QStringLiteral("empty_geometry.geojson"), R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"Nanjing","source":"x","approximate":false},"geometry":{"type":"Point","coordinates":[]}},
      {"type":"Feature","properties":{"name":"Nan","source":"x","approximate":false},"geometry":null},
      {"type":"Feature","properties":{"name":"Shusha","source":"x","approximate":false},"geometry":{"type":"Point","coordinates":[46.7483,39.7583]}}]})");
    QVERIFY(empty);
    QCOMPARE(int(empty->features().size()), 1);

    // Unknown kinds: the generic point style, not the places preset.
    QCOMPARE(layer->style().toJson(), VectorStyle::defaultFor(GeometryType::Point).toJson());

    auto exact = layerFromJson(QStringLiteral("exact.geojson"), R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"A","source":"Survey A","approximate":"no"},"geometry":{"type":"Point","coordinates":[46.1,39.1]}}]})");
    QVERIFY(exact);
    QVERIFY(!exact->isApproximate());
}

void TestVectorLayer::shortSource_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QStringList>("expected");
    // The sample's own sources (maps/shusha/*.geojson).
    QTest::newRow("Stepanakert: two URLs") << QStringLiteral("https://simple.wikipedia.org/wiki/Stepanakert (39°48′55″N 46°45′7″E); same on the en.wikipedia mirror https://wikiclassic.com/wiki/X")
                                           << QStringList{QStringLiteral("simple.wikipedia.org"), QStringLiteral("wikiclassic.com")};
    QTest::newRow("Berdzor: mobile host, duplicate host") << QStringLiteral("http://en.wikipedia.org/wiki/Lachin and https://en.m.wikipedia.org/wiki/Berdzor")
                                                           << QStringList{QStringLiteral("en.wikipedia.org")};
    QTest::newRow("Natural Earth: '1:10m' is not a clause end") << QStringLiteral("Natural Earth 1:10m admin-0 v4.1.0 via world-atlas 2.0.2 (public domain)")
                                                                << QStringList{QStringLiteral("Natural Earth 1:10m admin-0 v4.1.0 via world-atlas 2.0.2 (public domain)")};
    QTest::newRow("summit: text up to the colon") << QStringLiteral("Linewatch approximation: no published coordinate exists; placed ...")
                                                   << QStringList{QStringLiteral("Linewatch approximation")};
    QTest::newRow("long text is elided") << QString(100, QLatin1Char('x')) << QStringList{QString(79, QLatin1Char('x')) + QChar(0x2026)};
    QTest::newRow("empty") << QString() << QStringList{};
}

void TestVectorLayer::shortSource()
{
    QFETCH(QString, source);
    QFETCH(QStringList, expected);
    QCOMPARE(VectorLayer::shortSource(source), expected);
}

void TestVectorLayer::styleJsonRoundTrip()
{
    for (const VectorStyle &style : {VectorStyle::places(), VectorStyle::borders(), VectorStyle::defaultFor(GeometryType::Polygon)}) {
        const QJsonObject json = style.toJson();
        auto back = VectorStyle::fromJson(json);
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
        QCOMPARE(back->toJson(), json);
        QCOMPARE(back->rules.size(), style.rules.size());
    }
    // A rule inherits what it does not say from the base symbol.
    auto partial = VectorStyle::fromJson(QJsonDocument::fromJson(R"({"base":{"stroke":"#112233","strokeWidthPt":2},
        "ruleField":"kind","rules":[{"value":"summit","marker":"triangle"}]})").object());
    QVERIFY(partial.ok());
    const VectorSymbol &summit = partial->symbolFor({{QStringLiteral("kind"), QStringLiteral("Summit")}});
    QCOMPARE(summit.marker, MarkerShape::Triangle);
    QCOMPARE(summit.strokeColor, QColor(0x11, 0x22, 0x33));
    QCOMPARE(summit.strokeWidthPt, 2.0);
    QCOMPARE(&partial->symbolFor({{QStringLiteral("kind"), QStringLiteral("lake")}}), &partial->base);
}

void TestVectorLayer::styleJsonErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown marker") << QByteArray(R"({"base":{"marker":"hexagon"}})") << QStringLiteral("unknown marker \"hexagon\"");
    QTest::newRow("bad colour") << QByteArray(R"({"base":{"fill":"greenish"}})") << QStringLiteral("\"greenish\" is not a colour");
    QTest::newRow("negative width") << QByteArray(R"({"base":{"strokeWidthPt":-1}})") << QStringLiteral("\"strokeWidthPt\" must be a number >= 0");
    QTest::newRow("odd dash") << QByteArray(R"({"base":{"dash":[4,2,1]}})") << QStringLiteral("even number");
    QTest::newRow("rule without value") << QByteArray(R"({"rules":[{"marker":"star"}]})") << QStringLiteral("needs a \"value\"");
}

void TestVectorLayer::styleJsonErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    auto style = VectorStyle::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY(!style.ok());
    QVERIFY2(style.error().message.contains(expected), qPrintable(style.error().message));
}

void TestVectorLayer::pointAtRightPixelUtm38_data()
{
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("lat");
    QTest::addColumn<QPointF>("utm"); // GeoConvert -u -z 38 -p 3
    QTest::addColumn<double>("dpi");
    QTest::newRow("Shusha, 96 dpi") << 46.7483 << 39.7583 << QPointF(649763.473, 4402393.008) << 96.0;
    QTest::newRow("Stepanakert/Khankendi, 96 dpi") << 46.75194 << 39.81528 << QPointF(649951.509, 4408723.633) << 96.0;
    QTest::newRow("Mt Sarybaba (approx. position), 300 dpi") << 46.585 << 39.695 << QPointF(635898.374, 4395106.836) << 300.0;
}

void TestVectorLayer::pointAtRightPixelUtm38()
{
    QFETCH(double, lon);
    QFETCH(double, lat);
    QFETCH(QPointF, utm);
    QFETCH(double, dpi);
    auto layer = layerFromJson(QStringLiteral("one_point.geojson"),
                               QStringLiteral(R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"p"},
                                   "geometry":{"type":"Point","coordinates":[%1,%2]}}]})")
                                   .arg(lon, 0, 'f', 8)
                                   .arg(lat, 0, 'f', 8)
                                   .toUtf8());
    QVERIFY(layer);
    VectorStyle style;
    style.labelField.clear();
    style.base.marker = MarkerShape::Square;
    style.base.fillColor = QColor(255, 0, 0);
    style.base.strokeWidthPt = 0.0;
    style.base.markerSizePt = 6.0;
    layer->setStyle(style);
    // A view centred 7.3 km west and 4.1 km south of the point, off the pixel
    // grid on purpose, at 25 m/px.
    const MapSettings settings(utm38(), utm + QPointF(-7300.0, -4100.0), 25.0, QSize(800, 600), dpi);
    const QImage image = MapRenderer::renderImage(settings, {layer.get()}, nullptr, nullptr, Qt::white);
    const QPointF expected = settings.mapToPixel(utm);
    const QPointF got = centroidOf(image, QColor(255, 0, 0), 60);
    // Tolerance: 0.3 px, i.e. 7.5 m at this scale (antialiased edges are symmetric).
    QVERIFY2(std::abs(got.x() - expected.x()) < 0.3 && std::abs(got.y() - expected.y()) < 0.3,
             qPrintable(QStringLiteral("drawn at %1,%2 px, expected %3,%4 px")
                            .arg(got.x()).arg(got.y()).arg(expected.x()).arg(expected.y())));
}

void TestVectorLayer::approximateIsHollowAndLabelled()
{
    auto layer = layerFromJson(QStringLiteral("approx.geojson"), R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"Exact","kind":"summit","approximate":false},"geometry":{"type":"Point","coordinates":[46.60,39.70]}},
      {"type":"Feature","properties":{"name":"Guess","kind":"summit","approximate":true},"geometry":{"type":"Point","coordinates":[46.70,39.70]}}]})");
    QVERIFY(layer);
    layer->setStyle(VectorStyle::places());
    const MapSettings settings = MapSettings::fitting(utm38(), QRectF(630000, 4385000, 30000, 20000), QSize(600, 400));
    QImage image(settings.outputSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    LabelEngine labels;
    RenderContext ctx;
    ctx.painter = &painter;
    ctx.settings = settings;
    ctx.labels = &labels;
    auto renderer = layer->createRenderer(settings);
    renderer->render(ctx);
    labels.drawLabels(painter, QRectF(QPointF(0, 0), QSizeF(settings.outputSize())));
    painter.end();
    QVERIFY(renderer->errors().isEmpty());

    auto pixelOf = [&](double lon, double lat) {
        double x = lon, y = lat;
        CrsTransform::forThread(Crs::wgs84(), utm38())->forward(x, y);
        return settings.mapToPixel(QPointF(x, y)).toPoint();
    };
    const QColor summitFill = VectorStyle::places().symbolFor({{QStringLiteral("kind"), QStringLiteral("summit")}}).fillColor;
    const QColor exactCentre = image.pixelColor(pixelOf(46.60, 39.70));
    const QColor guessCentre = image.pixelColor(pixelOf(46.70, 39.70));
    QVERIFY2(std::abs(exactCentre.red() - summitFill.red()) < 10 && std::abs(exactCentre.blue() - summitFill.blue()) < 10,
             qPrintable(exactCentre.name()));
    QVERIFY2(guessCentre.lightness() > 240, qPrintable(QStringLiteral("approximate symbol is not hollow: %1").arg(guessCentre.name())));

    QStringList texts;
    for (const PlacedLabel &p : labels.placed())
        texts << p.text;
    texts.sort();
    QCOMPARE(texts, (QStringList{QStringLiteral("Exact"), QStringLiteral("Guess (approx.)")}));
}

void TestVectorLayer::cullsFeaturesOutsideView()
{
    // Five places along a parallel, 0.1 deg (about 8.6 km) apart; a 12 km wide
    // view around the middle one only may take that one as a label candidate.
    QByteArray json = "{\"type\":\"FeatureCollection\",\"features\":[";
    for (int i = 0; i < 5; ++i)
        json += (i ? "," : "") + QByteArray("{\"type\":\"Feature\",\"properties\":{\"name\":\"P") + QByteArray::number(i)
                + "\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + QByteArray::number(46.5 + 0.1 * i) + ",39.7]}}";
    json += "]}";
    auto layer = layerFromJson(QStringLiteral("row.geojson"), json);
    QVERIFY(layer);
    double x = 46.7, y = 39.7;
    CrsTransform::forThread(Crs::wgs84(), utm38())->forward(x, y);
    const MapSettings settings(utm38(), QPointF(x, y), 20.0, QSize(600, 400));
    QImage image(settings.outputSize(), QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    LabelEngine labels;
    RenderContext ctx{&painter, settings, &labels, nullptr, false};
    layer->createRenderer(settings)->render(ctx);
    QCOMPARE(labels.candidateCount(), 1);
}

void TestVectorLayer::vectorDevicesGetPaths()
{
    const QString path = test::tempDir() + QStringLiteral("/vector_out.gpkg");
    QVERIFY(writeFixture(QStringLiteral("GPKG"), path).isEmpty());
    auto layer = VectorLayer::open(path);
    QVERIFY(layer.ok());
    (*layer)->setStyle(VectorStyle::defaultFor(GeometryType::Polygon));
    const MapSettings settings = MapSettings::fitting(utm38(), QRectF(620000, 4385000, 40000, 30000), QSize(800, 600), 96);

    // SVG: every feature must arrive as <path> elements, never as an <image>.
    QBuffer svgBuffer;
    svgBuffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&svgBuffer);
    svg.setSize(settings.outputSize());
    svg.setViewBox(QRect(QPoint(0, 0), settings.outputSize()));
    svg.setResolution(96);
    {
        QPainter painter(&svg);
        MapSnapshot snapshot(settings, {layer->get()});
        QVERIFY(snapshot.draw(painter, nullptr, true).isEmpty());
    }
    const QByteArray svgText = svgBuffer.data();
    QVERIFY2(svgText.count("<path") >= 4, qPrintable(QStringLiteral("%1 paths").arg(svgText.count("<path"))));
    QVERIFY(!svgText.contains("<image"));
    // Labels are written as text on vector devices, so they stay searchable.
    QVERIFY2(svgText.contains(">Shusha<"), "the label \"Shusha\" is not SVG text");

    // PDF: drawn as vectors, so the file holds no image XObject.
    const QString pdfPath = test::tempDir() + QStringLiteral("/vector_out.pdf");
    {
        QPdfWriter pdf(pdfPath);
        pdf.setResolution(300);
        pdf.setPageSize(QPageSize(QSizeF(800 * 25.4 / 96, 600 * 25.4 / 96), QPageSize::Millimeter));
        pdf.setPageMargins(QMarginsF());
        QPainter painter(&pdf);
        MapSettings printSettings = settings;
        printSettings.setDpi(300);
        printSettings.setOutputSize(QSize(pdf.width(), pdf.height()));
        printSettings.setMapUnitsPerPixel(settings.mapUnitsPerPixel() * 96.0 / 300.0);
        MapSnapshot snapshot(printSettings, {layer->get()});
        QVERIFY(snapshot.draw(painter, nullptr, true).isEmpty());
    }
    QFile pdfFile(pdfPath);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    const QByteArray pdfBytes = pdfFile.readAll();
    QVERIFY(pdfBytes.startsWith("%PDF"));
    QVERIFY(pdfBytes.size() > 1000);
    QVERIFY(!pdfBytes.contains("/Subtype /Image"));
}

void TestVectorLayer::featuresAt()
{
    const QString path = test::tempDir() + QStringLiteral("/identify.gpkg");
    QVERIFY(writeFixture(QStringLiteral("GPKG"), path).isEmpty());
    auto layer = VectorLayer::open(path);
    QVERIFY(layer.ok());
    const MapSettings settings = MapSettings::fitting(utm38(), QRectF(620000, 4385000, 40000, 30000), QSize(800, 600));
    const auto &features = (*layer)->features();
    auto indexOf = [&](const char *name) {
        for (std::size_t i = 0; i < features.size(); ++i)
            if (features[i].name() == QString::fromUtf8(name))
                return int(i);
        return -1;
    };
    // Shusha's point (649763.473, 4402393.008, GeoConvert) lies in the hole of
    // the box polygon and on the road's first vertex: the point and the road
    // are hit, the polygon is not (the hole is not inside it).
    const QPointF shusha = settings.mapToPixel(QPointF(649763.473, 4402393.008));
    const QList<int> hits = (*layer)->featuresAt(settings, shusha, 4.0);
    QVERIFY(hits.contains(indexOf("Shusha")));
    QVERIFY(hits.contains(indexOf("Shusha-Lachin road (schematic)")));
    QVERIFY(!hits.contains(indexOf("Box around Shusha")));
    // 46.78 E 39.73 N is inside the box and away from everything else.
    double x = 46.78, y = 39.73;
    CrsTransform::forThread(Crs::wgs84(), utm38())->forward(x, y);
    QCOMPARE((*layer)->featuresAt(settings, settings.mapToPixel(QPointF(x, y)), 4.0), QList<int>{indexOf("Box around Shusha")});
}

void TestVectorLayer::legendPerRule()
{
    auto layer = layerFromJson(QStringLiteral("legend.geojson"), R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"a","kind":"city","approximate":false},"geometry":{"type":"Point","coordinates":[46.1,39.1]}},
      {"type":"Feature","properties":{"name":"b","kind":"summit","approximate":false},"geometry":{"type":"Point","coordinates":[46.2,39.2]}},
      {"type":"Feature","properties":{"name":"c","kind":"summit","approximate":true},"geometry":{"type":"Point","coordinates":[46.3,39.3]}},
      {"type":"Feature","properties":{"name":"d","kind":"ruin","approximate":false},"geometry":{"type":"Point","coordinates":[46.4,39.4]}}]})");
    QVERIFY(layer);
    layer->setStyle(VectorStyle::places());
    QStringList labels;
    for (const LegendItem &item : layer->legend()) {
        labels << item.label;
        QCOMPARE(item.symbol, LegendItem::Symbol::Marker);
        QVERIFY(!item.markerPath.isEmpty());
    }
    // Rules in style order, approximate variants after each, then the base symbol ("ruin").
    QCOMPARE(labels, (QStringList{QStringLiteral("City"), QStringLiteral("Summit"), QStringLiteral("Summit (approximate)"),
                                  QStringLiteral("Other place")}));
}

void TestVectorLayer::cancelledRenderDrawsNothing()
{
    auto layer = layerFromJson(QStringLiteral("cancel.geojson"), R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"a"},"geometry":{"type":"Point","coordinates":[46.7,39.7]}}]})");
    QVERIFY(layer);
    const MapSettings settings = MapSettings::fitting(utm38(), QRectF(630000, 4385000, 30000, 20000), QSize(300, 200));
    std::atomic_bool cancel{true};
    QImage image(settings.outputSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    LabelEngine labels;
    RenderContext ctx{&painter, settings, &labels, &cancel, false};
    layer->createRenderer(settings)->render(ctx);
    painter.end();
    QCOMPARE(labels.candidateCount(), 0);
    QImage white(image.size(), image.format());
    white.fill(Qt::white);
    QCOMPARE(image, white);
}

void TestVectorLayer::concurrentRendersAgree()
{
    // Renderers of one layer run on worker threads at once and share its
    // projection cache: two frames started together on a cold cache must
    // equal a frame drawn alone afterwards (labels included).
    auto borders = VectorLayer::open(test::sourceDir() + QStringLiteral("/maps/shusha/borders.geojson"));
    auto places = VectorLayer::open(test::sourceDir() + QStringLiteral("/maps/shusha/places.geojson"));
    QVERIFY(borders.ok() && places.ok());
    const QList<const Layer *> layers{borders->get(), places->get()};
    const QRectF view = CrsTransform::forThread(Crs::wgs84(), utm38())->forwardBounds(QRectF(46.35, 39.56, 0.55, 0.30));
    const MapSettings settings = MapSettings::fitting(utm38(), view, QSize(600, 400));
    auto a = QtConcurrent::run([&] { return MapRenderer::renderImage(settings, layers); });
    auto b = QtConcurrent::run([&] { return MapRenderer::renderImage(settings, layers); });
    const QImage alone = MapRenderer::renderImage(settings, layers);
    QCOMPARE(a.result(), alone);
    QCOMPARE(b.result(), alone);
}

void TestVectorLayer::deepZoomClipsGeometry_data()
{
    QTest::addColumn<QByteArray>("geometry"); // GeoJSON geometry, lon/lat
    QTest::addColumn<QPointF>("centerLonLat"); // (NaN, NaN): the midpoint of the line in UTM
    QTest::addColumn<bool>("dashed");
    QTest::addColumn<QString>("expectCentre"); // "fill", "stroke" or "background"
    const QByteArray box = R"({"type":"Polygon","coordinates":[[[46.70,39.72],[46.80,39.72],[46.80,39.80],[46.70,39.80],[46.70,39.72]],
                                 [[46.74,39.75],[46.76,39.75],[46.76,39.77],[46.74,39.77],[46.74,39.75]]]})";
    const QByteArray line = R"({"type":"LineString","coordinates":[[46.0,39.0],[47.5,40.5]]})";
    const double nan = std::numeric_limits<double>::quiet_NaN();
    // At 1 cm/px the box is 1e6 px across and the line 2e7 px long.
    QTest::newRow("view inside a polygon") << box << QPointF(46.72, 39.73) << false << QStringLiteral("fill");
    QTest::newRow("view inside the polygon's hole") << box << QPointF(46.75, 39.76) << false << QStringLiteral("background");
    QTest::newRow("solid line across the view") << line << QPointF(nan, nan) << false << QStringLiteral("stroke");
    QTest::newRow("dashed line across the view") << line << QPointF(nan, nan) << true << QString();
}

void TestVectorLayer::deepZoomClipsGeometry()
{
    QFETCH(QByteArray, geometry);
    QFETCH(QPointF, centerLonLat);
    QFETCH(bool, dashed);
    QFETCH(QString, expectCentre);
    auto layer = layerFromJson(QStringLiteral("deep.geojson"),
                               R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Deep"},"geometry":)"
                                   + geometry + "}]}");
    QVERIFY(layer);
    VectorStyle style = VectorStyle::defaultFor(layer->dominantType());
    style.base.fillColor = QColor(0, 200, 0);
    style.base.strokeColor = QColor(0, 0, 220);
    style.base.strokeWidthPt = 2.0;
    if (dashed)
        style.base.dashPattern = {3, 2};
    layer->setStyle(style);
    const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), utm38());
    QPointF center = centerLonLat;
    if (std::isnan(center.x())) {
        QPointF a(46.0, 39.0), b(47.5, 40.5);
        QVERIFY(t->forward(a) && t->forward(b));
        center = (a + b) / 2;
    } else {
        QVERIFY(t->forward(center));
    }
    const MapSettings settings(utm38(), center, 0.01, QSize(200, 200));
    QImage image(settings.outputSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    LabelEngine labels;
    RenderContext ctx{&painter, settings, &labels, nullptr, false};
    layer->createRenderer(settings)->render(ctx);
    painter.end();

    const QColor centre = image.pixelColor(100, 100);
    if (expectCentre == QLatin1String("fill")) {
        QCOMPARE(centre, QColor(0, 200, 0));
        QCOMPARE(image.pixelColor(0, 0), QColor(0, 200, 0));
    } else if (expectCentre == QLatin1String("background")) {
        QCOMPARE(centre, QColor(Qt::white));
    } else if (expectCentre == QLatin1String("stroke")) {
        QVERIFY2(centre.blue() > 150 && centre.red() < 100, qPrintable(centre.name()));
    }
    if (layer->dominantType() == GeometryType::Line) {
        // Drawn across the whole view, and labelled where it is seen.
        int strokePixels = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                strokePixels += image.pixelColor(x, y).blue() > 150 && image.pixelColor(x, y).red() < 100 ? 1 : 0;
        QVERIFY2(strokePixels > (dashed ? 200 : 400), qPrintable(QString::number(strokePixels)));
        QCOMPARE(labels.candidateCount(), 1);
    }
}

void TestVectorLayer::sampleData()
{
    // Every feature of the bundled sample carries name, source and approximate.
    const QString dir = test::sourceDir() + QStringLiteral("/maps/shusha/");
    for (const QString &file : {QStringLiteral("places.geojson"), QStringLiteral("borders.geojson")}) {
        auto layer = VectorLayer::open(dir + file);
        QVERIFY2(layer.ok(), qPrintable(layer.ok() ? QString() : layer.error().toString()));
        QVERIFY(!(*layer)->features().empty());
        for (const VectorFeature &f : (*layer)->features()) {
            QVERIFY2(!f.name().isEmpty(), qPrintable(file));
            QVERIFY2(!f.source().isEmpty(), qPrintable(file + QStringLiteral(": ") + f.name()));
            QVERIFY2(f.attributes.contains(QStringLiteral("approximate")), qPrintable(file + QStringLiteral(": ") + f.name()));
        }
    }
    // Places: SOURCES.md §4 coordinates, exactly; the summit and the 2054 m
    // height are the only approximate ones.
    auto places = VectorLayer::open(dir + QStringLiteral("places.geojson"));
    QVERIFY(places.ok());
    QHash<QString, const VectorFeature *> byName;
    for (const VectorFeature &f : (*places)->features())
        byName.insert(f.name(), &f);
    const struct { const char *name; double lat, lon; bool approximate; const char *kind; } expected[] = {
        {"Shusha / Shushi", 39.7583, 46.7483, false, "town"},
        {"Stepanakert / Khankendi", 39.81528, 46.75194, false, "city"},
        {"Lachin / Berdzor", 39.64083, 46.54694, false, "town"},
        {"Lisagor / Turşsu", 39.68750, 46.64306, false, "village"},
        {"Yeghtsahogh / Sarıbaba", 39.67722, 46.58750, false, "village"},
        {"Böyük Kirs", 39.6475, 46.7458, false, "summit"},
        {"Mount Sarybaba", 39.6950, 46.5850, true, "summit"},
        // GeodSolve: echo "39.695 46.585 45 2900" | GeodSolve -> 39.71346668 46.60891390
        {"Height 2054 m", 39.71346668, 46.60891390, true, "height"},
    };
    QCOMPARE(byName.size(), int(std::size(expected)));
    for (const auto &e : expected) {
        const VectorFeature *f = byName.value(QString::fromUtf8(e.name));
        QVERIFY2(f, e.name);
        QCOMPARE(f->points.size(), 1);
        // 1e-6 deg: the file keeps 6 decimals for the computed height, sources' digits otherwise.
        QVERIFY2(std::abs(f->points[0].y() - e.lat) < 1e-6 && std::abs(f->points[0].x() - e.lon) < 1e-6, e.name);
        QCOMPARE(f->isApproximate(), e.approximate);
        QCOMPARE(f->attributes.value(QStringLiteral("kind")).toString(), QString::fromLatin1(e.kind));
    }
    QVERIFY((*places)->isApproximate());
    // The attribution corner: every cited host once, in file order.
    QCOMPARE((*places)->attribution(),
             QStringLiteral("simple.wikipedia.org, wikiclassic.com, wiki-gateway.eudic.net, piglix.com, en.wikipedia.org, "
                            "enwikipedia.net, restivo.info, wiki.outremer.quest, az.wikipedia.org, Linewatch approximation, turan.az"));

    // Borders: vertices must lie on Natural Earth's polygons as clipped in
    // shared/data (same source, converted independently with ogr2ogr).
    const QString shared = test::sharedDataDir();
    if (shared.isEmpty())
        QSKIP("../shared/data is missing: cannot compare borders.geojson with the reference Natural Earth clip");
    auto borders = VectorLayer::open(dir + QStringLiteral("borders.geojson"));
    auto reference = VectorLayer::open(shared + QStringLiteral("/ne10m_countries_caucasus_clip.geojson"));
    QVERIFY(borders.ok() && reference.ok());
    QVERIFY(!(*borders)->isApproximate());
    QVector<QPointF> refPoints;
    for (const VectorFeature &f : (*reference)->features())
        for (const QPolygonF &r : f.rings)
            refPoints += r;
    std::sort(refPoints.begin(), refPoints.end(), [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
    int checked = 0;
    for (const VectorFeature &f : (*borders)->features()) {
        QVERIFY(f.attributes.value(QStringLiteral("kind")) == QLatin1String("border")
                || f.attributes.value(QStringLiteral("kind")) == QLatin1String("coastline"));
        for (const QPolygonF &l : f.lines) {
            for (const QPointF &p : l) {
                // 2e-6 deg (~0.2 m): the file is written with 6 decimals.
                auto it = std::lower_bound(refPoints.begin(), refPoints.end(), p.x() - 2e-6,
                                           [](const QPointF &a, double x) { return a.x() < x; });
                bool found = false;
                for (; it != refPoints.end() && it->x() <= p.x() + 2e-6 && !found; ++it)
                    found = std::abs(it->y() - p.y()) <= 2e-6;
                QVERIFY2(found, qPrintable(QStringLiteral("%1: vertex %2 %3 not on a Natural Earth polygon")
                                               .arg(f.name()).arg(p.x(), 0, 'f', 6).arg(p.y(), 0, 'f', 6)));
                ++checked;
            }
        }
    }
    QVERIFY(checked > 1000);
    // The Armenia-Azerbaijan border is there, once.
    int armAze = 0;
    for (const VectorFeature &f : (*borders)->features())
        armAze += f.name() == QStringLiteral("Armenia – Azerbaijan") ? 1 : 0;
    QCOMPARE(armAze, 1);
}

void TestVectorLayer::sampleRender()
{
    // The sample's places over its borders in UTM 38N, written as a PNG for
    // people to look at, with the checks a reader would make: every place
    // labelled, no two labels overlapping, approximate ones marked.
    const QString dir = test::sourceDir() + QStringLiteral("/maps/shusha/");
    auto borders = VectorLayer::open(dir + QStringLiteral("borders.geojson"));
    auto places = VectorLayer::open(dir + QStringLiteral("places.geojson"));
    QVERIFY(borders.ok() && places.ok());
    // No style set: the layers must pick their presets from their `kind`s.
    QCOMPARE((*borders)->style().toJson(), VectorStyle::borders().toJson());
    QCOMPARE((*places)->style().toJson(), VectorStyle::places().toJson());
    // lon 46.35-46.90 E, lat 39.56-39.86 N in UTM 38N.
    const QRectF view = CrsTransform::forThread(Crs::wgs84(), utm38())->forwardBounds(QRectF(46.35, 39.56, 0.55, 0.30));
    const MapSettings settings = MapSettings::fitting(utm38(), view, QSize(1200, 800), 96);
    QList<LayerError> errors;
    const QImage image = MapRenderer::renderImage(settings, {borders->get(), places->get()}, &errors);
    QVERIFY(errors.isEmpty());
    const QString out = test::binDir() + QStringLiteral("/../test_output/vector_sample_utm38.png");
    QDir().mkpath(QFileInfo(out).absolutePath());
    QVERIFY(image.save(out));
    qInfo("sample map written to %s", qPrintable(QFileInfo(out).absoluteFilePath()));

    // Same frame through the parts, to see the labels.
    QImage again(settings.outputSize(), QImage::Format_ARGB32_Premultiplied);
    again.fill(Qt::white);
    QPainter painter(&again);
    LabelEngine labels;
    for (auto *layer : {borders->get(), places->get()}) {
        RenderContext ctx{&painter, settings, &labels, nullptr, false};
        layer->createRenderer(settings)->render(ctx);
    }
    labels.drawLabels(painter, QRectF(QPointF(0, 0), QSizeF(settings.outputSize())));
    painter.end();
    QStringList texts;
    const QList<PlacedLabel> placed = labels.placed();
    for (int i = 0; i < placed.size(); ++i) {
        texts << placed[i].text;
        for (int j = i + 1; j < placed.size(); ++j)
            QVERIFY2(!placed[i].box.intersects(placed[j].box), qPrintable(placed[i].text + QStringLiteral(" overlaps ") + placed[j].text));
    }
    QCOMPARE(texts.size(), 8);
    QVERIFY(texts.contains(QStringLiteral("Mount Sarybaba (approx.)")));
    QVERIFY(texts.contains(QStringLiteral("Height 2054 m (approx.)")));
    QVERIFY(texts.contains(QStringLiteral("Shusha / Shushi")));
    // The border between Armenia and Azerbaijan crosses the west of this view.
    int borderPixels = 0;
    const QColor borderColor = VectorStyle::borders().rules.first().symbol.strokeColor;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width() / 3; ++x)
            borderPixels += std::abs(image.pixelColor(x, y).red() - borderColor.red()) < 20
                                    && std::abs(image.pixelColor(x, y).blue() - borderColor.blue()) < 20
                                ? 1
                                : 0;
    QVERIFY2(borderPixels > 100, qPrintable(QString::number(borderPixels)));

    // Print looks like the screen: the same view at 300 dpi (3.125 times the
    // pixels) places the same labels, in boxes 3.125 times as far from the
    // origin: within 3 px plus 2 % of the label's width at 300 dpi, because
    // hinted text at 96 dpi is not exactly 96/300 as wide.
    MapSettings print = settings;
    print.setDpi(300);
    print.setOutputSize(settings.outputSize() * 300 / 96);
    print.setMapUnitsPerPixel(settings.mapUnitsPerPixel() * 96.0 / 300.0);
    QImage printImage(print.outputSize(), QImage::Format_ARGB32_Premultiplied);
    printImage.setDotsPerMeterX(qRound(300 / 0.0254));
    printImage.setDotsPerMeterY(qRound(300 / 0.0254));
    printImage.fill(Qt::white);
    QPainter printPainter(&printImage);
    LabelEngine printLabels;
    for (auto *layer : {borders->get(), places->get()}) {
        RenderContext ctx{&printPainter, print, &printLabels, nullptr, false};
        layer->createRenderer(print)->render(ctx);
    }
    printLabels.drawLabels(printPainter, QRectF(QPointF(0, 0), QSizeF(print.outputSize())));
    printPainter.end();
    QVERIFY(printImage.save(test::binDir() + QStringLiteral("/../test_output/vector_sample_utm38_300dpi.png")));
    QCOMPARE(printLabels.placed().size(), placed.size());
    for (const PlacedLabel &p : printLabels.placed()) {
        auto screen = std::find_if(placed.begin(), placed.end(), [&](const PlacedLabel &q) { return q.text == p.text; });
        QVERIFY2(screen != placed.end(), qPrintable(p.text));
        const QPointF scaled = screen->box.center() * (300.0 / 96.0);
        const double tolerance = 3.0 + 0.02 * p.box.width();
        QVERIFY2(std::abs(scaled.x() - p.box.center().x()) < tolerance && std::abs(scaled.y() - p.box.center().y()) < tolerance,
                 qPrintable(QStringLiteral("%1: %2,%3 at 300 dpi vs %4,%5 scaled from 96 dpi")
                                .arg(p.text).arg(p.box.center().x()).arg(p.box.center().y()).arg(scaled.x()).arg(scaled.y())));
    }

    // The whole region of borders.geojson, for a look at the border styling.
    const QRectF region = CrsTransform::forThread(Crs::wgs84(), utm38())->forwardBounds((*borders)->extent());
    const QImage overview = MapRenderer::renderImage(MapSettings::fitting(utm38(), region, QSize(1000, 700), 96),
                                                     {borders->get(), places->get()}, &errors);
    QVERIFY(errors.isEmpty());
    QVERIFY(overview.save(test::binDir() + QStringLiteral("/../test_output/vector_borders_region_utm38.png")));
}

QTEST_MAIN(TestVectorLayer)
#include "test_vector_layer.moc"
