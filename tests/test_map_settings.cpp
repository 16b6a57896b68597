// The view model: pixel/map conversions and the geodesic map scale.
#include "render/map_settings.h"

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

QTEST_GUILESS_MAIN(TestMapSettings)
#include "test_map_settings.moc"
