// ElevationProfile: geodesic samples against GeodSolve, ascent and descent on
// planes, nodata gaps, bad input, and a profile across Lake Uri (SRTM N46E008).
#include "common/geo_point.h"
#include "io/gdal_environment.h"
#include "geod_solve.h"
#include "support/test_paths.h"
#include "terrain/dem_sampler.h"
#include "terrain/elevation_profile.h"
#include "terrain_fixtures.h"

#include <QtTest>

#include <atomic>
#include <cmath>
#include <vector>

using namespace linewatch;

Q_DECLARE_METATYPE(std::vector<LonLat>)

namespace {

/// A plane on a geographic grid, z = 1000 (lon − 46°) + 500 (lat − 39°) [m],
/// over 46-47° E, 39-40° N on 0.01° cells (centres on whole hundredths).
/// Bilinear interpolation reproduces a plane exactly, and lon and lat are
/// both monotonic along a north-east geodesic this short, so there the
/// ascent is the rise exactly.
double plane(const LonLat &p) { return 1000 * (p.lon - 46) + 500 * (p.lat - 39); }

constexpr double kCell = 0.01; // [deg]

test::GeoTiffSpec geographicGrid()
{
    test::GeoTiffSpec spec;
    spec.crs = QStringLiteral("EPSG:4326");
    spec.width = spec.height = 101;
    spec.geoTransform = {46.0 - kCell / 2, kCell, 0, 40.0 + kCell / 2, 0, -kCell};
    spec.type = GDT_Float64;
    spec.nodata = -9999;
    return spec;
}

LonLat cellCentre(int c, int r) { return LonLat{46.0 + c * kCell, 40.0 - r * kCell}; }

QString planeDem()
{
    static QString path;
    if (path.isEmpty())
        path = test::writeGeoTiff(QStringLiteral("profile_plane.tif"), geographicGrid(),
                                  [](int c, int r) { return plane(cellCentre(c, r)); });
    return path;
}

/// 100 m south of 39.5° N, 300 m north of 39.6° N, nodata in between: a step
/// hidden in a gap, which a profile must not count as ascent.
QString stepBehindGapDem()
{
    static QString path;
    if (path.isEmpty())
        path = test::writeGeoTiff(QStringLiteral("profile_step_gap.tif"), geographicGrid(), [](int c, int r) {
            const double lat = cellCentre(c, r).lat;
            return lat < 39.495 ? 100.0 : lat > 39.605 ? 300.0 : -9999.0;
        });
    return path;
}

QString errorText(const Result<ElevationProfile> &r) { return r.ok() ? QString() : r.error().toString(); }

} // namespace

class TestElevationProfile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { GdalEnvironment::initialise(); }
    void ascentOnPlane_data();
    void ascentOnPlane();
    void distancesAgainstGeodSolve_data();
    void distancesAgainstGeodSolve();
    void cellSize_data();
    void cellSize();
    void defaultSpacing();
    void gapIsNotBridged();
    void badInput_data();
    void badInput();
    void cancelled();
    void acrossLakeUri();
};

void TestElevationProfile::ascentOnPlane_data()
{
    QTest::addColumn<std::vector<LonLat>>("path");
    QTest::addColumn<double>("ascent");
    QTest::addColumn<double>("descent");
    // Expected values by hand from z = 1000 Δlon + 500 Δlat.
    QTest::newRow("north-east, one segment: ascent = rise 700 + 300")
        << std::vector<LonLat>{{46.1, 39.1}, {46.8, 39.7}} << 1000.0 << 0.0;
    QTest::newRow("south-west, reversed: descent = fall 1000")
        << std::vector<LonLat>{{46.8, 39.7}, {46.1, 39.1}} << 0.0 << 1000.0;
    QTest::newRow("up then down: 1000 up, 1150 - 400 = 750 down")
        << std::vector<LonLat>{{46.1, 39.1}, {46.8, 39.7}, {46.3, 39.2}} << 1000.0 << 750.0;
    QTest::newRow("along the meridian 46.5° E: only the latitude term, 400")
        << std::vector<LonLat>{{46.5, 39.1}, {46.5, 39.9}} << 400.0 << 0.0;
    QTest::newRow("repeated vertex (zero-length segment) in the middle")
        << std::vector<LonLat>{{46.1, 39.1}, {46.4, 39.3}, {46.4, 39.3}, {46.8, 39.7}} << 1000.0 << 0.0;
}

void TestElevationProfile::ascentOnPlane()
{
    QFETCH(std::vector<LonLat>, path);
    QFETCH(double, ascent);
    QFETCH(double, descent);
    auto dem = DemSampler::open(planeDem());
    QVERIFY2(dem.ok(), qPrintable(dem.ok() ? QString() : dem.error().toString()));
    const auto profile = ElevationProfile::compute(*dem, path, 250.0);
    QVERIFY2(profile.ok(), qPrintable(errorText(profile)));
    // Bilinear values of a plane in Float64: exact to rounding, 1 µm.
    constexpr double tolerance = 1e-6; // [m]
    QVERIFY2(std::abs(profile->ascentMetres() - ascent) < tolerance,
             qPrintable(QStringLiteral("ascent %1 m, expected %2 m").arg(profile->ascentMetres(), 0, 'f', 9).arg(ascent)));
    QVERIFY2(std::abs(profile->descentMetres() - descent) < tolerance,
             qPrintable(QStringLiteral("descent %1 m, expected %2 m").arg(profile->descentMetres(), 0, 'f', 9).arg(descent)));
    QCOMPARE(profile->missingSamples(), std::size_t(0));
    double lowest = INFINITY, highest = -INFINITY;
    for (const LonLat &p : path) {
        lowest = std::min(lowest, plane(p));
        highest = std::max(highest, plane(p));
    }
    // On a plane the extremes of a path of monotonic segments are at vertices.
    QVERIFY(profile->minElevationMetres() && std::abs(*profile->minElevationMetres() - lowest) < tolerance);
    QVERIFY(profile->maxElevationMetres() && std::abs(*profile->maxElevationMetres() - highest) < tolerance);
    for (const ProfileSample &s : profile->samples())
        QVERIFY2(s.elevationMetres && std::abs(*s.elevationMetres - plane(s.position)) < tolerance,
                 qPrintable(QStringLiteral("at %1 m").arg(s.distanceMetres)));
    // Every vertex is a sample, in order; a repeated vertex is one sample.
    QCOMPARE(profile->vertexSamples().size(), path.size());
    for (std::size_t v = 0; v < path.size(); ++v) {
        QCOMPARE(profile->samples()[profile->vertexSamples()[v]].position, path[v]);
        if (v > 0)
            QCOMPARE(profile->vertexSamples()[v] == profile->vertexSamples()[v - 1], path[v] == path[v - 1]);
    }
}

void TestElevationProfile::distancesAgainstGeodSolve_data()
{
    QTest::addColumn<std::vector<LonLat>>("path");
    QTest::addColumn<double>("spacing");
    // Place coordinates from ../shared/data/SOURCES.md §4 (Wikipedia infoboxes).
    QTest::newRow("Lachin - Yeghtsahogh - Shusha - Stepanakert, 500 m")
        << std::vector<LonLat>{{46.54694, 39.64083}, {46.58750, 39.67722}, {46.7483, 39.7583}, {46.75194, 39.81528}}
        << 500.0;
    QTest::newRow("one 80 km segment along a parallel, 1 km")
        << std::vector<LonLat>{{46.05, 39.5}, {46.98, 39.5}} << 1000.0;
    QTest::newRow("across the antimeridian at 10° N, outside the DEM, 2 km")
        << std::vector<LonLat>{{179.9, 10.0}, {-179.9, 10.2}} << 2000.0;
    QTest::newRow("over the north pole, 10 km")
        << std::vector<LonLat>{{0.0, 89.9}, {180.0, 89.9}} << 10000.0;
}

void TestElevationProfile::distancesAgainstGeodSolve()
{
    QFETCH(std::vector<LonLat>, path);
    QFETCH(double, spacing);
    auto dem = DemSampler::open(planeDem());
    QVERIFY(dem.ok());
    const auto profile = ElevationProfile::compute(*dem, path, spacing);
    QVERIFY2(profile.ok(), qPrintable(errorText(profile)));
    const std::vector<ProfileSample> &samples = profile->samples();
    QCOMPARE(profile->vertexSamples().size(), path.size());

    // GeodSolve's lengths to 1 µm (-p 6); Karney's series agree to ~15 nm, so
    // 1 mm leaves room only for a wrong method, not for rounding.
    constexpr double tolerance = 1e-3; // [m]
    double along = 0;
    for (std::size_t v = 0; v < path.size(); ++v) {
        if (v > 0) {
            const double s12 = test::geodDistance(path[v - 1], path[v]);
            QVERIFY(std::isfinite(s12));
            along += s12;
        }
        const ProfileSample &vertex = samples[profile->vertexSamples()[v]];
        QVERIFY2(std::abs(vertex.distanceMetres - along) < tolerance,
                 qPrintable(QStringLiteral("vertex %1 at %2 m, GeodSolve %3 m").arg(v).arg(vertex.distanceMetres, 0, 'f', 4).arg(along, 0, 'f', 4)));
    }
    QVERIFY(std::abs(profile->lengthMetres() - along) < tolerance);

    // Every sample lies on its segment's geodesic: GeodSolve -L along the
    // segment from the vertex with the azimuth GeodSolve -i gives.
    for (std::size_t v = 0; v + 1 < path.size(); ++v) {
        const std::size_t first = profile->vertexSamples()[v], last = profile->vertexSamples()[v + 1];
        const auto inverse = test::geodSolve({QStringLiteral("-i")}, {test::latLon(path[v]) + QLatin1Char(' ') + test::latLon(path[v + 1])});
        QVERIFY(inverse.size() == 1 && inverse[0].size() == 3);
        QStringList distances;
        for (std::size_t i = first; i <= last; ++i)
            distances << QString::number(samples[i].distanceMetres - samples[first].distanceMetres, 'f', 6);
        const auto line = test::geodSolve({QStringLiteral("-L"), test::latLon(path[v]).section(QLatin1Char(' '), 0, 0),
                                           test::latLon(path[v]).section(QLatin1Char(' '), 1, 1), QString::number(inverse[0][0], 'f', 12)},
                                          distances);
        QCOMPARE(line.size(), std::size_t(last - first + 1));
        for (std::size_t i = first; i <= last; ++i) {
            const LonLat expected{line[i - first][1], line[i - first][0]};
            const LonLat got = samples[i].position;
            // 1e-8° is at most 1.1 mm; longitudes compared modulo 360°
            // (GeodSolve -L unrolls them, the profile reduces them).
            const double dLon = std::remainder(got.lon - expected.lon, 360.0) * std::cos(expected.lat * M_PI / 180);
            QVERIFY2(std::abs(got.lat - expected.lat) < 1e-8 && std::abs(dLon) < 1e-8,
                     qPrintable(QStringLiteral("sample %1: %2 %3, GeodSolve %4 %5").arg(i).arg(got.lat, 0, 'f', 10).arg(got.lon, 0, 'f', 10).arg(expected.lat, 0, 'f', 10).arg(expected.lon, 0, 'f', 10)));
            QVERIFY(got.lon >= -180 && got.lon <= 180);
        }
    }
    // No gap wider than the spacing, distances strictly increasing.
    for (std::size_t i = 1; i < samples.size(); ++i) {
        const double step = samples[i].distanceMetres - samples[i - 1].distanceMetres;
        QVERIFY2(step > 0 && step <= spacing + 1e-9, qPrintable(QStringLiteral("step %1 m at sample %2").arg(step).arg(i)));
    }
}

void TestElevationProfile::cellSize_data()
{
    QTest::addColumn<QString>("crs");
    QTest::addColumn<double>("expected");
    QTest::addColumn<double>("tolerance");
    // Geographic 0.01° cells: centre cell at 46.5° E 39.5° N; its east
    // neighbour is nearer than its south one. GeodSolve -i 39.5 46.5 39.5 46.51.
    QTest::newRow("EPSG:4326, 0.01° at 39.5° N: GeodSolve 860.134190 m")
        << QStringLiteral("EPSG:4326") << 860.134190 << 1e-3;
    // 50 m UTM cells: ground size is 50 m divided by the UTM scale factor,
    // which lies in [0.9996, 1.001] within a zone: 50 m ± 0.05 m.
    QTest::newRow("UTM 38N, 50 m cells") << QStringLiteral("EPSG:32638") << 50.0 << 0.05;
}

void TestElevationProfile::cellSize()
{
    QFETCH(QString, crs);
    QFETCH(double, expected);
    QFETCH(double, tolerance);
    test::GeoTiffSpec spec = geographicGrid();
    spec.crs = crs;
    if (crs != QStringLiteral("EPSG:4326"))
        spec.geoTransform = {640000, 50, 0, 4420000, 0, -50};
    const QString path = test::writeGeoTiff(QStringLiteral("cell_%1.tif").arg(QString(crs).replace(QLatin1Char(':'), QLatin1Char('_'))), spec,
                                            [](int, int) { return 0.0; });
    auto dem = DemSampler::open(path);
    QVERIFY(dem.ok());
    QVERIFY2(std::abs(dem->cellSizeMetres() - expected) < tolerance,
             qPrintable(QStringLiteral("%1 m, expected %2 m").arg(dem->cellSizeMetres(), 0, 'f', 6).arg(expected, 0, 'f', 6)));
}

void TestElevationProfile::defaultSpacing()
{
    auto dem = DemSampler::open(planeDem());
    QVERIFY(dem.ok());
    QCOMPARE(ElevationProfile::defaultSpacingMetres(*dem), dem->cellSizeMetres() / 2);
    const std::vector<LonLat> path{{46.1, 39.1}, {46.2, 39.15}};
    const auto profile = ElevationProfile::compute(*dem, path);
    QVERIFY2(profile.ok(), qPrintable(errorText(profile)));
    // GeodSolve length over half of 860.134 m, rounded up, plus the start.
    const double length = test::geodDistance(path[0], path[1]);
    const auto expected = static_cast<std::size_t>(std::ceil(length / (860.134190 / 2))) + 1;
    QCOMPARE(profile->samples().size(), expected);
}

void TestElevationProfile::gapIsNotBridged()
{
    auto dem = DemSampler::open(stepBehindGapDem());
    QVERIFY(dem.ok());
    const auto profile = ElevationProfile::compute(*dem, {{46.5, 39.3}, {46.5, 39.8}}, 200.0);
    QVERIFY2(profile.ok(), qPrintable(errorText(profile)));
    // The 200 m step lies inside the gap: bridging it would count 200 m up.
    QCOMPARE(profile->ascentMetres(), 0.0);
    QCOMPARE(profile->descentMetres(), 0.0);
    QCOMPARE(profile->minElevationMetres().value_or(NAN), 100.0);
    QCOMPARE(profile->maxElevationMetres().value_or(NAN), 300.0);
    // Samples whose 2×2 cell neighbourhood touches the nodata rows (cell
    // centres 39.50-39.60° N) have no value: 39.49 < lat < 39.61, the rest do.
    std::size_t missing = 0;
    for (const ProfileSample &s : profile->samples()) {
        const bool inGap = s.position.lat > 39.49 && s.position.lat < 39.61;
        QVERIFY2(s.elevationMetres.has_value() != inGap, qPrintable(QString::number(s.position.lat, 'f', 6)));
        missing += inGap;
    }
    QVERIFY(missing > 0);
    QCOMPARE(profile->missingSamples(), missing);
}

void TestElevationProfile::badInput_data()
{
    QTest::addColumn<std::vector<LonLat>>("path");
    QTest::addColumn<double>("spacing");
    QTest::addColumn<QString>("message");
    const std::vector<LonLat> good{{46.1, 39.1}, {46.2, 39.2}};
    QTest::newRow("no points") << std::vector<LonLat>{} << 100.0 << QStringLiteral("at least two points, got 0");
    QTest::newRow("one point") << std::vector<LonLat>{{46.1, 39.1}} << 100.0 << QStringLiteral("at least two points, got 1");
    QTest::newRow("NaN longitude of point 1") << std::vector<LonLat>{{46.1, 39.1}, {NAN, 39.2}} << 100.0 << QStringLiteral("point 1 (lon nan, lat 39.2) is not a number");
    QTest::newRow("infinite latitude") << std::vector<LonLat>{{46.1, INFINITY}, {46.2, 39.2}} << 100.0 << QStringLiteral("point 0 (lon 46.1, lat inf) is not a number");
    QTest::newRow("latitude 95") << std::vector<LonLat>{{46.1, 39.1}, {46.2, 95.0}} << 100.0 << QStringLiteral("point 1 (lon 46.2, lat 95) is out of range");
    QTest::newRow("longitude 600") << std::vector<LonLat>{{600.0, 39.1}, {46.2, 39.2}} << 100.0 << QStringLiteral("point 0 (lon 600, lat 39.1) is out of range");
    QTest::newRow("zero spacing") << good << 0.0 << QStringLiteral("spacing must be a positive number of metres, got 0");
    QTest::newRow("negative spacing") << good << -5.0 << QStringLiteral("spacing must be a positive number of metres, got -5");
    QTest::newRow("NaN spacing") << good << double(NAN) << QStringLiteral("spacing must be a positive number of metres, got nan");
    QTest::newRow("all points coincide") << std::vector<LonLat>{{46.1, 39.1}, {46.1, 39.1}} << 100.0 << QStringLiteral("zero length");
    QTest::newRow("10 000 km at 1 cm") << std::vector<LonLat>{{0.0, 0.0}, {90.0, 0.0}} << 0.01 << QStringLiteral("use a wider spacing");
}

void TestElevationProfile::badInput()
{
    QFETCH(std::vector<LonLat>, path);
    QFETCH(double, spacing);
    QFETCH(QString, message);
    auto dem = DemSampler::open(planeDem());
    QVERIFY(dem.ok());
    const auto profile = ElevationProfile::compute(*dem, path, spacing);
    QVERIFY(!profile.ok());
    QVERIFY2(profile.error().message.contains(message), qPrintable(profile.error().toString()));
    // Bad arguments are not the DEM's fault: no file is named.
    QVERIFY(profile.error().path.isEmpty());
}

void TestElevationProfile::cancelled()
{
    auto dem = DemSampler::open(planeDem());
    QVERIFY(dem.ok());
    std::atomic_bool cancel{true};
    const auto profile = ElevationProfile::compute(*dem, {{46.1, 39.1}, {46.8, 39.7}}, 100.0, &cancel);
    QVERIFY(!profile.ok());
    QVERIFY(profile.error().message.contains(QStringLiteral("cancelled")));
}

void TestElevationProfile::acrossLakeUri()
{
    const QString data = test::sharedDataDir();
    if (data.isEmpty())
        QSKIP("../shared/data is missing: the real-data group (profile across Lake Uri on SRTM N46E008) is skipped");
    auto dem = DemSampler::open(data + QStringLiteral("/dem/N46E008.tif"));
    QVERIFY2(dem.ok(), qPrintable(dem.ok() ? QString() : dem.error().toString()));
    // West to east along 46.95° N across the Urnersee (Lake Lucerne's
    // southern arm) between Seelisberg and Sisikon.
    const auto profile = ElevationProfile::compute(*dem, {{8.54, 46.95}, {8.68, 46.95}});
    QVERIFY2(profile.ok(), qPrintable(errorText(profile)));
    QCOMPARE(profile->missingSamples(), std::size_t(0));
    qInfo("Lake Uri profile: %zu samples over %.1f m, min %.1f m at %.0f m, max %.1f m at %.0f m, ascent %.1f m, descent %.1f m",
          profile->samples().size(), profile->lengthMetres(), *profile->minElevationMetres(),
          profile->samples()[*profile->minSample()].distanceMetres, *profile->maxElevationMetres(),
          profile->samples()[*profile->maxSample()].distanceMetres, profile->ascentMetres(), profile->descentMetres());
    // Lake Lucerne's surface is at 434 m (433.6 m mean level); SRTM's
    // vertical error over water is a few metres.
    QVERIFY2(std::abs(*profile->minElevationMetres() - 433.6) < 6, qPrintable(QString::number(*profile->minElevationMetres())));
    // The lowest point is on the lake, between the villages of Bauen on the
    // west shore (about 8.58° E) and Sisikon on the east shore (about
    // 8.62° E; both approximate, from Wikipedia's village coordinates).
    const double lakeWest = test::geodDistance({8.54, 46.95}, {8.58, 46.95});
    const double lakeEast = test::geodDistance({8.54, 46.95}, {8.625, 46.95});
    const double atMin = profile->samples()[*profile->minSample()].distanceMetres;
    QVERIFY2(atMin > lakeWest && atMin < lakeEast, qPrintable(QString::number(atMin)));
    // Second method: GDAL's gdallocationinfo -wgs84 (nearest cell) reads
    // 1481 m at 8.55° E and 1094 m at 8.66° E on this latitude, 431 m on the
    // lake. So the profile descends at least 1481 - 431 m and climbs at least
    // 1094 - 431 m; allow 30 m for nearest-cell against bilinear values on
    // slopes of up to 1:1 over half a cell.
    QVERIFY(*profile->maxElevationMetres() >= 1481 - 30);
    QVERIFY2(profile->descentMetres() > 1481 - 431 - 30, qPrintable(QString::number(profile->descentMetres())));
    QVERIFY2(profile->ascentMetres() > 1094 - 431 - 30, qPrintable(QString::number(profile->ascentMetres())));
    // Nothing on this line reaches the 2928 m of the Uri Rotstock, the
    // highest summit of the area, 8 km to the south.
    QVERIFY(*profile->maxElevationMetres() < 2928);
}

QTEST_GUILESS_MAIN(TestElevationProfile)
#include "test_elevation_profile.moc"
