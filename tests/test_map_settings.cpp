// The view model: pixel/map conversions and the geodesic map scale.
#include "render/map_decorations.h"
#include "render/map_settings.h"
#include "crs/crs_transform.h"

#include <QtTest>

#include <cmath>

using namespace linewatch;

class TestMapSettings : public QObject
{
    Q_OBJECT

private slots:
    void pixelMapRoundTrip_data();
    void pixelMapRoundTrip();
    void fittingKeepsWholeExtent();
    void scaleDenominator_data();
    void scaleDenominator();
    void trueNorth_data();
    void trueNorth();
    void scaleBarLength_data();
    void scaleBarLength();
};

void TestMapSettings::pixelMapRoundTrip_data()
{
    QTest::addColumn<QPointF>("pixel");
    QTest::addColumn<QPointF>("map");
    // 800x600 output centred on (650000, 4400000) at 10 m/px: the top-left
    // pixel corner lies 4000 m west and 3000 m north of the centre.
    QTest::newRow("top-left corner") << QPointF(0, 0) << QPointF(646000, 4403000);
    QTest::newRow("centre") << QPointF(400, 300) << QPointF(650000, 4400000);
    QTest::newRow("bottom-right corner") << QPointF(800, 600) << QPointF(654000, 4397000);
}

void TestMapSettings::pixelMapRoundTrip()
{
    QFETCH(QPointF, pixel);
    QFETCH(QPointF, map);
    const MapSettings s(*Crs::fromString(QStringLiteral("EPSG:32638")), QPointF(650000, 4400000), 10.0, QSize(800, 600));
    QCOMPARE(s.pixelToMap(pixel), map);
    QCOMPARE(s.mapToPixel(map), pixel);
    QCOMPARE(s.mapToPixelTransform().map(map), pixel);
}

void TestMapSettings::fittingKeepsWholeExtent()
{
    const QRectF extent(640000, 4390000, 20000, 10000);
    const MapSettings s = MapSettings::fitting(*Crs::fromString(QStringLiteral("EPSG:32638")), extent, QSize(1000, 1000));
    QVERIFY(s.visibleExtent().contains(extent));
    QCOMPARE(s.mapUnitsPerPixel(), 20.0);
}

void TestMapSettings::scaleDenominator_data()
{
    QTest::addColumn<QString>("crs");
    QTest::addColumn<QPointF>("center");
    QTest::addColumn<double>("unitsPerPixel");
    QTest::addColumn<double>("expected");
    QTest::addColumn<double>("tolerance");
    // At 96 dpi one pixel is 0.2645833 mm of paper. On the equator one degree
    // of longitude is 111,319.49 m (WGS84 a * pi / 180), so 1e-4 deg/px is
    // 11.1319 m/px, i.e. 1:42,073.
    QTest::newRow("geographic, equator") << QStringLiteral("EPSG:4326") << QPointF(0, 0) << 1e-4 << 42073.5 << 1.0;
    // Web Mercator's scale factor is 1/cos(lat): at 60 N a pixel of 10 map
    // units covers 5 m on the sphere, 5.0126 m on the ellipsoid (N/a = 1.00252 at 60 N): 1:18,945.2.
    QTest::newRow("Web Mercator at 60 N") << QStringLiteral("EPSG:3857") << QPointF(0, 8399737.89) << 10.0 << 18945.2 << 1.0;
}

void TestMapSettings::scaleDenominator()
{
    QFETCH(QString, crs);
    QFETCH(QPointF, center);
    QFETCH(double, unitsPerPixel);
    QFETCH(double, expected);
    QFETCH(double, tolerance);
    const MapSettings s(*Crs::fromString(crs), center, unitsPerPixel, QSize(400, 400), 96.0);
    const double d = s.scaleDenominator();
    QVERIFY2(std::abs(d - expected) < tolerance, qPrintable(QStringLiteral("1:%1, expected 1:%2").arg(d).arg(expected)));
}

void TestMapSettings::trueNorth_data()
{
    QTest::addColumn<QString>("crs");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("expected");
    // Meridian convergence gamma (grid north clockwise from true north) from
    // GeographicLib's `GeoConvert -c -z 38`: 1.11833 deg at Shusha, so true
    // north points 1.118 deg counter-clockwise of up. First-order check by
    // hand: atan(tan(46.7483 - 45 deg) * sin(39.7583 deg)) = 1.1183 deg.
    QTest::newRow("UTM 38N at Shusha") << QStringLiteral("EPSG:32638") << 46.7483 << 39.7583 << -1.1183;
    QTest::newRow("UTM 38N on its central meridian") << QStringLiteral("EPSG:32638") << 45.0 << 39.0 << 0.0;
    // West of the central meridian north turns the other way.
    QTest::newRow("UTM 38N at 43 E 40 N (GeoConvert -c: -1.28589)") << QStringLiteral("EPSG:32638") << 43.0 << 40.0 << 1.2859;
    QTest::newRow("Web Mercator") << QStringLiteral("EPSG:3857") << 46.7 << 39.7 << 0.0;
    QTest::newRow("geographic") << QStringLiteral("EPSG:4326") << 46.7 << 39.7 << 0.0;
}

void TestMapSettings::trueNorth()
{
    QFETCH(QString, crs);
    QFETCH(double, lon);
    QFETCH(double, lat);
    QFETCH(double, expected);
    const Crs c = *Crs::fromString(crs);
    QPointF center(lon, lat);
    QVERIFY(CrsTransform::forThread(Crs::wgs84(), c)->forward(center));
    const MapSettings s(c, center, 10.0, QSize(100, 100));
    const double a = MapDecorations::trueNorthAngle(s);
    QVERIFY2(std::abs(a - expected) < 0.002, qPrintable(QStringLiteral("%1 deg, expected %2").arg(a).arg(expected)));
}

void TestMapSettings::scaleBarLength_data()
{
    QTest::addColumn<double>("metresPerPixel");
    QTest::addColumn<double>("maxPixels");
    QTest::addColumn<double>("expected");
    QTest::addColumn<QString>("label");
    // The longest 1, 2 or 5 x 10^n that fits.
    QTest::newRow("150 px at 10 m/px: 1500 m fits, 1 km") << 10.0 << 150.0 << 1000.0 << QStringLiteral("1 km");
    QTest::newRow("150 px at 20 m/px: 3000 m fits, 2 km") << 20.0 << 150.0 << 2000.0 << QStringLiteral("2 km");
    QTest::newRow("110 px at 50 m/px: 5500 m fits, 5 km") << 50.0 << 110.0 << 5000.0 << QStringLiteral("5 km");
    QTest::newRow("100 px at 0.3 m/px: 30 m fits, 20 m") << 0.3 << 100.0 << 20.0 << QStringLiteral("20 m");
}

void TestMapSettings::scaleBarLength()
{
    QFETCH(double, metresPerPixel);
    QFETCH(double, maxPixels);
    QFETCH(double, expected);
    QFETCH(QString, label);
    // On the equator in Web Mercator a map unit is a metre of ground (scale factor 1).
    const MapSettings s(Crs::webMercator(), QPointF(0, 0), metresPerPixel, QSize(400, 400));
    const double length = MapDecorations::scaleBarLength(s, maxPixels);
    QVERIFY2(std::abs(length - expected) < 1e-6 * expected, qPrintable(QString::number(length)));
    QCOMPARE(MapDecorations::formatDistance(length), label);
}

QTEST_GUILESS_MAIN(TestMapSettings)
#include "test_map_settings.moc"
