// Reprojection of published coordinates through PROJ, checked against
// GeographicLib's independent UTM implementation (GeoConvert 2.1.2, -u -z 38).
#include "crs/crs.h"
#include "crs/crs_transform.h"

#include <QtTest>

#include <QThread>
#include <QtConcurrent>

#include <cmath>

using namespace linewatch;

class TestCrsTransform : public QObject
{
    Q_OBJECT

private slots:
    void toUtm38_data();
    void toUtm38();
    void roundTrip_data();
    void roundTrip();
    void unknownCrs_data();
    void unknownCrs();
    void crsProperties_data();
    void crsProperties();
    void displayCrs_data();
    void displayCrs();
    void perThread();
    void boundsEncloseCurvedEdges();
};

void TestCrsTransform::toUtm38_data()
{
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("easting");
    QTest::addColumn<double>("northing");
    // Places from shared/data/SOURCES.md (Wikipedia infobox values); expected
    // eastings/northings from GeographicLib's GeoConvert, not from PROJ.
    QTest::newRow("Shusha (en.wikipedia 39.7583 N 46.7483 E)") << 46.7483 << 39.7583 << 649763.473 << 4402393.008;
    QTest::newRow("Stepanakert/Khankendi (simple.wikipedia)") << 46.75194 << 39.81528 << 649951.509 << 4408723.633;
    QTest::newRow("Lachin/Berdzor (en.wikipedia)") << 46.54694 << 39.64083 << 632738.595 << 4389037.448;
    // UTM definition: the central meridian of zone 38 (45 E) on the equator.
    QTest::newRow("zone 38 origin (false easting 500 km)") << 45.0 << 0.0 << 500000.0 << 0.0;
}

void TestCrsTransform::toUtm38()
{
    QFETCH(double, lon);
    QFETCH(double, lat);
    QFETCH(double, easting);
    QFETCH(double, northing);
    auto t = CrsTransform::create(Crs::wgs84(), *Crs::fromString(QStringLiteral("EPSG:32638")));
    QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().message));
    double x = lon, y = lat;
    QVERIFY(t->forward(x, y));
    QVERIFY2(std::abs(x - easting) < 0.005, qPrintable(QStringLiteral("easting %1, expected %2").arg(x, 0, 'f', 3).arg(easting, 0, 'f', 3)));
    QVERIFY2(std::abs(y - northing) < 0.005, qPrintable(QStringLiteral("northing %1, expected %2").arg(y, 0, 'f', 3).arg(northing, 0, 'f', 3)));
}

void TestCrsTransform::roundTrip_data()
{
    QTest::addColumn<QString>("crs");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("toleranceDeg");
    // 1e-9 deg is 0.1 mm. A datum shift (LV95's Helmert from WGS84) is not
    // inverted bit-exactly by PROJ: allow 1e-7 deg (about 1 cm) there.
    QTest::newRow("UTM 38N, Shusha") << QStringLiteral("EPSG:32638") << 46.7483 << 39.7583 << 1e-9;
    QTest::newRow("Web Mercator, Shusha") << QStringLiteral("EPSG:3857") << 46.7483 << 39.7583 << 1e-9;
    QTest::newRow("Swiss LV95 (datum shift), Lucerne") << QStringLiteral("EPSG:2056") << 8.3093 << 47.0502 << 1e-7;
    // EPSG:4326 declares lat/lon axis order; normalisation must give lon first.
    QTest::newRow("EPSG:4326 identity, axis order lon/lat") << QStringLiteral("EPSG:4326") << 46.7483 << 39.7583 << 1e-12;
}

void TestCrsTransform::roundTrip()
{
    QFETCH(QString, crs);
    QFETCH(double, lon);
    QFETCH(double, lat);
    QFETCH(double, toleranceDeg);
    auto target = Crs::fromString(crs);
    QVERIFY(target.ok());
    auto t = CrsTransform::create(Crs::wgs84(), *target);
    QVERIFY(t.ok());
    double x = lon, y = lat;
    QVERIFY(t->forward(x, y));
    QVERIFY(t->inverse(x, y));
    QVERIFY2(std::abs(x - lon) < toleranceDeg, qPrintable(QString::number(x - lon)));
    QVERIFY2(std::abs(y - lat) < toleranceDeg, qPrintable(QString::number(y - lat)));
}

void TestCrsTransform::unknownCrs_data()
{
    QTest::addColumn<QString>("definition");
    QTest::newRow("empty") << QString();
    QTest::newRow("unknown EPSG code") << QStringLiteral("EPSG:999999");
    QTest::newRow("garbage") << QStringLiteral("not a crs");
    QTest::newRow("an operation, not a CRS") << QStringLiteral("+proj=noop");
}

void TestCrsTransform::unknownCrs()
{
    QFETCH(QString, definition);
    auto crs = Crs::fromString(definition);
    QVERIFY(!crs.ok());
    QVERIFY(!crs.error().message.isEmpty());
}

void TestCrsTransform::crsProperties_data()
{
    QTest::addColumn<QString>("definition");
    QTest::addColumn<bool>("geographic");
    QTest::addColumn<QString>("authId");
    QTest::newRow("EPSG:4326") << QStringLiteral("EPSG:4326") << true << QStringLiteral("EPSG:4326");
    QTest::newRow("EPSG:32638") << QStringLiteral("EPSG:32638") << false << QStringLiteral("EPSG:32638");
    QTest::newRow("EPSG:3857") << QStringLiteral("EPSG:3857") << false << QStringLiteral("EPSG:3857");
}

void TestCrsTransform::crsProperties()
{
    QFETCH(QString, definition);
    QFETCH(bool, geographic);
    QFETCH(QString, authId);
    auto crs = Crs::fromString(definition);
    QVERIFY(crs.ok());
    QCOMPARE(crs->isGeographic(), geographic);
    QCOMPARE(crs->authId(), authId);
}

void TestCrsTransform::displayCrs_data()
{
    QTest::addColumn<QString>("dataCrs");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("lat");
    QTest::addColumn<QString>("expected");
    // UTM zone n spans longitudes -180 + 6(n-1) to -180 + 6n.
    QTest::newRow("projected data keeps its CRS") << QStringLiteral("EPSG:2056") << 8.5 << 46.5 << QStringLiteral("EPSG:2056");
    QTest::newRow("geographic, Shusha: zone 38N (42-48 E)") << QStringLiteral("EPSG:4326") << 46.75 << 39.76 << QStringLiteral("EPSG:32638");
    QTest::newRow("geographic, Alps tile: zone 32N (6-12 E)") << QStringLiteral("EPSG:4326") << 8.5 << 46.5 << QStringLiteral("EPSG:32632");
    QTest::newRow("geographic, Andes tile: zone 19S (72-66 W)") << QStringLiteral("EPSG:4326") << -70.5 << -32.5 << QStringLiteral("EPSG:32719");
    QTest::newRow("zone boundary 48 E belongs to zone 39") << QStringLiteral("EPSG:4326") << 48.0 << 40.0 << QStringLiteral("EPSG:32639");
    QTest::newRow("beyond UTM's latitudes: Web Mercator") << QStringLiteral("EPSG:4326") << 10.0 << 86.0 << QStringLiteral("EPSG:3857");
}

void TestCrsTransform::displayCrs()
{
    QFETCH(QString, dataCrs);
    QFETCH(double, lon);
    QFETCH(double, lat);
    QFETCH(QString, expected);
    QCOMPARE(Crs::displayCrsFor(*Crs::fromString(dataCrs), lon, lat).authId(), expected);
    // The CRS made without asking PROJ must be one PROJ agrees with.
    QVERIFY(Crs::fromString(expected).ok());
}

void TestCrsTransform::perThread()
{
    // Each thread gets its own transform object (PROJ contexts are not shared).
    const Crs utm = *Crs::fromString(QStringLiteral("EPSG:32638"));
    const CrsTransform *mine = CrsTransform::forThread(Crs::wgs84(), utm);
    QVERIFY(mine);
    QCOMPARE(CrsTransform::forThread(Crs::wgs84(), utm), mine);
    const auto other = QtConcurrent::run([utm] {
                           return reinterpret_cast<quintptr>(CrsTransform::forThread(Crs::wgs84(), utm));
                       }).result();
    QVERIFY(other != 0);
    QVERIFY(other != reinterpret_cast<quintptr>(mine));
}

void TestCrsTransform::boundsEncloseCurvedEdges()
{
    // A 1 degree box in UTM: its image is curved; the densified bounds must
    // contain the transformed midpoint of every edge.
    auto t = CrsTransform::create(Crs::wgs84(), *Crs::fromString(QStringLiteral("EPSG:32638")));
    QVERIFY(t.ok());
    const QRectF box(46.0, 39.0, 1.0, 1.0);
    const QRectF b = t->forwardBounds(box);
    for (QPointF p : {QPointF(46.5, 39.0), QPointF(46.5, 40.0), QPointF(46.0, 39.5), QPointF(47.0, 39.5)}) {
        QVERIFY(t->forward(p));
        QVERIFY2(b.adjusted(-1e-6, -1e-6, 1e-6, 1e-6).contains(p), "edge midpoint outside bounds");
    }
}

QTEST_GUILESS_MAIN(TestCrsTransform)
#include "test_crs_transform.moc"
