// DemSampler: bilinear elevations at WGS84 positions, nodata and bad input.
#include "common/geo_point.h"
#include "io/gdal_environment.h"
#include "support/test_paths.h"
#include "terrain/dem_sampler.h"
#include "terrain_fixtures.h"

#include <QProcess>
#include <QtTest>

#include <cmath>
#include <optional>

using namespace linewatch;

namespace {

/// A plane in UTM 38N: z = 100 + 0.01 (E - 640000) + 0.02 (N - 4400000) [m],
/// 50 m cells over E 640-660 km, N 4400-4420 km, with a nodata cell at
/// column 300, row 100 (E 655000-655050, N 4414950-4415000).
double plane(double e, double n) { return 100 + 0.01 * (e - 640000) + 0.02 * (n - 4400000); }

QString planeDem()
{
    static QString path;
    if (path.isEmpty()) {
        test::GeoTiffSpec spec;
        spec.width = spec.height = 400;
        spec.geoTransform = {640000, 50, 0, 4420000, 0, -50};
        spec.type = GDT_Float64;
        spec.nodata = -9999;
        path = test::writeGeoTiff(QStringLiteral("plane.tif"), spec, [](int c, int r) {
            return c == 300 && r == 100 ? -9999.0 : plane(640000 + (c + 0.5) * 50, 4420000 - (r + 0.5) * 50);
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

} // namespace

class TestDemSampler : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { GdalEnvironment::initialise(); }
    void onPlane_data();
    void onPlane();
    void noValue_data();
    void noValue();
    void manyAtOnce();
    void geographicDem();
    void scaledBand();
    void badFile();
};

void TestDemSampler::onPlane_data()
{
    QTest::addColumn<double>("easting");
    QTest::addColumn<double>("northing");
    // Bilinear interpolation reproduces a plane exactly between cell centres.
    QTest::newRow("cell centre") << 650025.0 << 4410025.0;
    QTest::newRow("between centres") << 647311.0 << 4403777.0;
    QTest::newRow("near the west edge, clamped neighbourhood") << 640030.0 << 4410000.0;
    QTest::newRow("next to the nodata cell, outside its reach") << 655100.0 << 4414975.0;
}

void TestDemSampler::onPlane()
{
    QFETCH(double, easting);
    QFETCH(double, northing);
    auto sampler = DemSampler::open(planeDem());
    QVERIFY2(sampler.ok(), qPrintable(sampler.ok() ? QString() : sampler.error().toString()));
    const LonLat p = geoConvertUtm38(easting, northing);
    QVERIFY(p.isFinite());
    const std::optional<double> z = sampler->elevationAt(p);
    QVERIFY(z.has_value());
    // Beyond the outermost cell centre the value is clamped (not extrapolated).
    const double e = std::clamp(easting, 640025.0, 659975.0);
    // GeoConvert prints 9 decimals of a degree (0.1 mm): 1 mm of height.
    QVERIFY2(std::abs(*z - plane(e, northing)) < 1e-3,
             qPrintable(QStringLiteral("%1 m, expected %2 m").arg(*z, 0, 'f', 4).arg(plane(e, northing), 0, 'f', 4)));
}

void TestDemSampler::noValue_data()
{
    QTest::addColumn<LonLat>("position");
    QTest::newRow("on the nodata cell") << geoConvertUtm38(655025, 4414975);
    QTest::newRow("west of the DEM") << geoConvertUtm38(639000, 4410000);
    QTest::newRow("NaN longitude") << LonLat{NAN, 39.8};
    QTest::newRow("latitude 95") << LonLat{46.75, 95.0};
}

void TestDemSampler::noValue()
{
    QFETCH(LonLat, position);
    auto sampler = DemSampler::open(planeDem());
    QVERIFY(sampler.ok());
    QVERIFY(!sampler->elevationAt(position).has_value());
}

void TestDemSampler::manyAtOnce()
{
    auto sampler = DemSampler::open(planeDem());
    QVERIFY(sampler.ok());
    const std::vector<LonLat> points{geoConvertUtm38(650025, 4410025), geoConvertUtm38(655025, 4414975),
                                     geoConvertUtm38(645000, 4405000)};
    const auto z = sampler->elevationsAt(points);
    QCOMPARE(z.size(), std::size_t(3));
    QVERIFY(z[0] && std::abs(*z[0] - plane(650025, 4410025)) < 1e-3);
    QVERIFY(!z[1]);
    QVERIFY(z[2] && std::abs(*z[2] - plane(645000, 4405000)) < 1e-3);
}

void TestDemSampler::geographicDem()
{
    // z = 1000 (lon - 46) + 500 (lat - 39) on 3" cells: again a plane.
    test::GeoTiffSpec spec;
    spec.crs = QStringLiteral("EPSG:4326");
    spec.width = spec.height = 1201;
    const double cell = 1.0 / 1200;
    spec.geoTransform = {46.0 - cell / 2, cell, 0, 40.0 + cell / 2, 0, -cell};
    spec.type = GDT_Float64;
    const QString path = test::writeGeoTiff(QStringLiteral("geo_plane.tif"), spec, [&](int c, int r) {
        return 1000 * (c * cell) + 500 * (1.0 - r * cell);
    });
    auto sampler = DemSampler::open(path);
    QVERIFY(sampler.ok());
    // Shusha (39.7539 N, 46.7489 E, SOURCES.md) on this synthetic plane.
    const std::optional<double> z = sampler->elevationAt(LonLat{46.7489, 39.7539});
    QVERIFY(z.has_value());
    QVERIFY2(std::abs(*z - (1000 * 0.7489 + 500 * 0.7539)) < 1e-6, qPrintable(QString::number(*z, 'f', 6)));
}

void TestDemSampler::scaledBand()
{
    // Int16 decimetres above a 100 m datum: raw 1234 is 1234 * 0.1 + 100 = 223.4 m.
    test::GeoTiffSpec spec;
    spec.width = spec.height = 16;
    spec.geoTransform = {640000, 50, 0, 4420000, 0, -50};
    spec.type = GDT_Int16;
    spec.scale = 0.1;
    spec.offset = 100.0;
    auto sampler = DemSampler::open(test::writeGeoTiff(QStringLiteral("scaled.tif"), spec, [](int, int) { return 1234; }));
    QVERIFY(sampler.ok());
    const std::optional<double> z = sampler->elevationAt(geoConvertUtm38(640400, 4419600));
    QVERIFY(z.has_value());
    QVERIFY2(std::abs(*z - 223.4) < 1e-9, qPrintable(QString::number(*z, 'f', 6)));
}

void TestDemSampler::badFile()
{
    const QString missing = test::tempDir() + QStringLiteral("/missing.tif");
    auto sampler = DemSampler::open(missing);
    QVERIFY(!sampler.ok());
    QVERIFY(sampler.error().toString().contains(missing));
}

QTEST_GUILESS_MAIN(TestDemSampler)
#include "test_dem_sampler.moc"
