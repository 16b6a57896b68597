// The WGS84 geodesic wrapper (core/geodesy/geodesic.h) against GeographicLib's
// own command-line tools (GeodSolve / Planimeter 2.1.2, a separate C++
// implementation) and Karney's published high-precision test set.
#include "geodesy/geodesic.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QProcess>

#include <cmath>

using namespace linewatch;

class TestGeodesic : public QObject
{
    Q_OBJECT

private slots:
    void inverse_data();
    void inverse();
    void direct_data();
    void direct();
    void polygonArea();
    void nanPropagates();
    void karneyGeodTestShort();
};

void TestGeodesic::inverse_data()
{
    QTest::addColumn<double>("lon1");
    QTest::addColumn<double>("lat1");
    QTest::addColumn<double>("lon2");
    QTest::addColumn<double>("lat2");
    QTest::addColumn<double>("distanceM");
    QTest::addColumn<double>("azi1");
    QTest::addColumn<double>("azi2");
    // Expected values: `echo lat1 lon1 lat2 lon2 | GeodSolve -i -p 9`.
    QTest::newRow("Shusha -> Stepanakert (SOURCES.md coordinates)")
        << 46.7483 << 39.7583 << 46.75194 << 39.81528 << 6334.198782008 << 2.82033586282041 << 2.82266521758638;
    QTest::newRow("Lachin -> Lisagor (SOURCES.md coordinates)")
        << 46.54694 << 39.64083 << 46.64306 << 39.68750 << 9740.710296985 << 57.83123471618080 << 57.89258682633234;
    QTest::newRow("across the antimeridian 179.5 E -> 179.5 W")
        << 179.5 << 10.0 << -179.5 << 10.5 << 122722.095960054 << 63.12637437774482 << 63.30432402719492;
    QTest::newRow("nearly antipodal (equator, 179.5 deg apart)")
        << 0.0 << 0.0 << 179.5 << 0.5 << 19936288.578965314 << 25.67187286829188 << 154.32708546994161;
}

void TestGeodesic::inverse()
{
    QFETCH(double, lon1);
    QFETCH(double, lat1);
    QFETCH(double, lon2);
    QFETCH(double, lat2);
    QFETCH(double, distanceM);
    QFETCH(double, azi1);
    QFETCH(double, azi2);
    const auto r = Geodesic::wgs84().inverse({lon1, lat1}, {lon2, lat2});
    QVERIFY2(std::abs(r.distanceM - distanceM) < 1e-6,
             qPrintable(QStringLiteral("s12 %1 m, GeodSolve %2 m").arg(r.distanceM, 0, 'f', 9).arg(distanceM, 0, 'f', 9)));
    QVERIFY2(std::abs(r.azimuth1Deg - azi1) < 1e-9, qPrintable(QString::number(r.azimuth1Deg, 'f', 12)));
    QVERIFY2(std::abs(r.azimuth2Deg - azi2) < 1e-9, qPrintable(QString::number(r.azimuth2Deg, 'f', 12)));
    QCOMPARE(Geodesic::wgs84().distance({lon1, lat1}, {lon2, lat2}), r.distanceM);
}

void TestGeodesic::direct_data()
{
    QTest::addColumn<double>("lon1");
    QTest::addColumn<double>("lat1");
    QTest::addColumn<double>("azi");
    QTest::addColumn<double>("s");
    QTest::addColumn<double>("lon2");
    QTest::addColumn<double>("lat2");
    // `echo 39.6950 46.5850 45 2900 | GeodSolve -p 9`: the "2054 m height
    // 2.9 km NE of Mt. Sarybaba" (Turan, 27 Mar 2023) from the lead's
    // approximate summit 39.6950 N 46.5850 E.
    QTest::newRow("2054 m height, 2.9 km at 45 deg from approximate Sarybaba summit")
        << 46.5850 << 39.6950 << 45.0 << 2900.0 << 46.60891389629204 << 39.71346668123120;
    // The geodesic Shusha -> Stepanakert run forwards reaches Stepanakert.
    QTest::newRow("Shusha along azi1 for s12 reaches Stepanakert")
        << 46.7483 << 39.7583 << 2.82033586282041 << 6334.198782008 << 46.75194 << 39.81528;
}

void TestGeodesic::direct()
{
    QFETCH(double, lon1);
    QFETCH(double, lat1);
    QFETCH(double, azi);
    QFETCH(double, s);
    QFETCH(double, lon2);
    QFETCH(double, lat2);
    const LonLat p = Geodesic::wgs84().direct({lon1, lat1}, azi, s);
    // 1e-9 deg is about 0.1 mm.
    QVERIFY2(std::abs(p.lon - lon2) < 1e-9 && std::abs(p.lat - lat2) < 1e-9,
             qPrintable(QStringLiteral("got %1 %2").arg(p.lon, 0, 'f', 12).arg(p.lat, 0, 'f', 12)));
}

void TestGeodesic::polygonArea()
{
    // printf "39.7 46.7\n39.7 46.8\n39.8 46.8\n39.8 46.7\n" | Planimeter -p 6
    // -> 4 39346.850465 95157497.4
    const auto m = Geodesic::wgs84().polygon({{46.7, 39.7}, {46.8, 39.7}, {46.8, 39.8}, {46.7, 39.8}});
    QVERIFY2(std::abs(m.perimeterM - 39346.850465) < 1e-5, qPrintable(QString::number(m.perimeterM, 'f', 6)));
    QVERIFY2(std::abs(m.areaM2 - 95157497.4) < 0.1, qPrintable(QString::number(m.areaM2, 'f', 1)));
    // Clockwise order gives the negative area.
    const auto cw = Geodesic::wgs84().polygon({{46.7, 39.8}, {46.8, 39.8}, {46.8, 39.7}, {46.7, 39.7}});
    QVERIFY(std::abs(cw.areaM2 + 95157497.4) < 0.1);
}

void TestGeodesic::nanPropagates()
{
    const double nan = std::nan("");
    QVERIFY(std::isnan(Geodesic::wgs84().distance({nan, 10.0}, {10.0, 10.0})));
    QVERIFY(std::isnan(Geodesic::wgs84().direct({10.0, nan}, 10.0, 100.0).lat));
}

void TestGeodesic::karneyGeodTestShort()
{
    const QString data = test::sharedDataDir();
    if (data.isEmpty())
        QSKIP("../shared/data is missing: Karney's GeodTest-short.dat.gz is in the real-data group");
    const QString path = data + QStringLiteral("/geodesy/GeodTest-short.dat.gz");
    if (!QFileInfo::exists(path))
        QSKIP(qPrintable(QStringLiteral("%1 is missing").arg(path)));
    QProcess gzip;
    gzip.start(QStringLiteral("gzip"), {QStringLiteral("-dc"), path});
    QVERIFY2(gzip.waitForFinished(60000), "gzip -dc did not finish");
    QCOMPARE(gzip.exitCode(), 0);
    const QList<QByteArray> lines = gzip.readAllStandardOutput().split('\n');
    int rows = 0;
    double worst = 0.0;
    for (const QByteArray &line : lines) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() < 7)
            continue;
        // lat1 lon1 azi1 lat2 lon2 azi2 s12 a12 m12 S12
        const double lat1 = f[0].toDouble(), lon1 = f[1].toDouble(), lat2 = f[3].toDouble(), lon2 = f[4].toDouble();
        const double s12 = f[6].toDouble();
        const double got = Geodesic::wgs84().distance({lon1, lat1}, {lon2, lat2});
        worst = std::max(worst, std::abs(got - s12));
        QVERIFY2(std::abs(got - s12) < 1e-6,
                 qPrintable(QStringLiteral("row %1: s12 %2, published %3").arg(rows + 1).arg(got, 0, 'f', 9).arg(s12, 0, 'f', 9)));
        ++rows;
    }
    QCOMPARE(rows, 10000);
    qInfo("GeodTest-short: %d rows, worst |s12 error| %.3g m", rows, worst);
}

QTEST_GUILESS_MAIN(TestGeodesic)
#include "test_geodesic.moc"
