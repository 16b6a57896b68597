// TerrainQuery (the worker body of the elevation profile dock), VisibilityRuns
// (how a line of sight is coloured on the map) and PositionLabel (the text of
// the "go to" marker), on small GeoTIFFs written here.
#include "crs/coordinate_parser.h"
#include "crs/position_label.h"
#include "io/gazetteer.h"
#include "io/gdal_environment.h"
#include "terrain/dem_sampler.h"
#include "terrain/terrain_query.h"
#include "terrain/visibility_runs.h"

#include "terrain_fixtures.h"

#include <QtTest>

#include <cmath>

using namespace linewatch;

namespace {

constexpr double kCell = 0.001; ///< [deg] cell size of the fixtures, about 85 m by 111 m at 40° N

/// EPSG:4326 grid over lon 46..46.1, lat 40..40.1 (cell centres on whole
/// thousandths) with value(lon, lat).
QString writeDem(const QString &name, const std::function<double(double, double)> &value)
{
    test::GeoTiffSpec spec;
    spec.width = 101;
    spec.height = 101;
    spec.crs = QStringLiteral("EPSG:4326");
    spec.geoTransform = {46.0 - kCell / 2, kCell, 0, 40.1 + kCell / 2, 0, -kCell};
    spec.type = GDT_Float64;
    return test::writeGeoTiff(name, spec, [=](int c, int r) { return value(46.0 + c * kCell, 40.1 - r * kCell); });
}

/// Rises 1 m per 0.001° of longitude: bilinear interpolation reproduces it exactly.
double plane(double lon, double) { return 100.0 + 1000.0 * (lon - 46.0); }

/// 500 m plain with a 300 m high wall three cells wide around lon 46.05.
double wall(double lon, double) { return std::abs(lon - 46.05) < 0.0015 ? 800.0 : 500.0; }

/// The error's text, or "" for a value: QVERIFY2 evaluates its message even when the check passes.
template <class T>
QByteArray errorOf(const Result<T> &r)
{
    return r.ok() ? QByteArray() : r.error().toString().toUtf8();
}

} // namespace

class TestTerrainQuery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void profileFollowsThePlane();
    void lineOfSight_data();
    void lineOfSight();
    void errors_data();
    void errors();
    void visibilityRunsCoverEverySample();
    void positionLabel_data();
    void positionLabel();

private:
    QString mPlane, mWall;
};

void TestTerrainQuery::initTestCase()
{
    GdalEnvironment::initialise();
    mPlane = writeDem(QStringLiteral("query_plane.tif"), plane);
    mWall = writeDem(QStringLiteral("query_wall.tif"), wall);
    QVERIFY(!mPlane.isEmpty() && !mWall.isEmpty());
}

void TestTerrainQuery::profileFollowsThePlane()
{
    TerrainQuery q;
    q.demPath = mPlane;
    q.path = {{46.02, 40.05}, {46.08, 40.05}};
    auto answer = q.run();
    QVERIFY2(answer.ok(), errorOf(answer).constData());
    QVERIFY(answer->profile && !answer->lineOfSight);
    const ElevationProfile &p = answer->terrain();
    // GeodSolve -i: 40.05 46.02 40.05 46.08 -> s12 = 5119.892349 m.
    QVERIFY2(std::abs(p.lengthMetres() - 5119.892349) < 0.001, qPrintable(QString::number(p.lengthMetres(), 'f', 6)));
    QVERIFY(p.samples().size() > 50);
    for (const ProfileSample &s : p.samples()) {
        QVERIFY(s.elevationMetres);
        // The geodesic bows north of the parallel by under 1e-4°; the plane
        // depends on longitude only, so the hand value holds to 1 mm.
        QVERIFY2(std::abs(*s.elevationMetres - plane(s.position.lon, s.position.lat)) < 1e-3,
                 qPrintable(QStringLiteral("at %1 m: %2 vs %3").arg(s.distanceMetres).arg(*s.elevationMetres)
                                .arg(plane(s.position.lon, s.position.lat))));
    }
    // 100 + 1000 * 0.02 = 120 m at the start, 180 m at the end, rising all the way.
    QVERIFY(std::abs(*p.minElevationMetres() - 120.0) < 1e-3);
    QVERIFY(std::abs(*p.maxElevationMetres() - 180.0) < 1e-3);
    QVERIFY(std::abs(p.ascentMetres() - 60.0) < 1e-3);
    QVERIFY(p.descentMetres() < 1e-9);

    // The same as computing in this thread.
    auto dem = DemSampler::open(mPlane);
    QVERIFY(dem.ok());
    auto direct = ElevationProfile::compute(*dem, q.path);
    QVERIFY(direct.ok());
    QCOMPARE(direct->samples().size(), p.samples().size());
    for (std::size_t i = 0; i < p.samples().size(); ++i)
        QCOMPARE(*direct->samples()[i].elevationMetres, *p.samples()[i].elevationMetres);
}

void TestTerrainQuery::lineOfSight_data()
{
    QTest::addColumn<QString>("dem");
    QTest::addColumn<LonLat>("observer");
    QTest::addColumn<LonLat>("target");
    QTest::addColumn<double>("observerHeight");
    QTest::addColumn<int>("verdict");
    // Hand reasoning: on the 500 m plain a 2 m eye sees a 0 m target 4.2 km
    // away (the bulge at mid-line, 2100² / (2 · 7.33e6 m) = 0.3 m, stays
    // under the 1 m the sight line has there).
    QTest::newRow("plain 4 km, eye 2 m: visible") << QStringLiteral("wall") << LonLat{46.01, 40.02}
                                                   << LonLat{46.04, 40.05} << 2.0 << int(LineOfSight::Verdict::Visible);
    // The 300 m wall between them hides the target from a 2 m eye…
    QTest::newRow("across the 300 m wall: blocked") << QStringLiteral("wall") << LonLat{46.02, 40.05}
                                                    << LonLat{46.08, 40.05} << 2.0 << int(LineOfSight::Verdict::Blocked);
    // …but not from a mast 700 m high: at the wall (half-way, d = D/2) the
    // line is at 500 + 350 = 850 m, less the bulge 2560² / (2 · 7.33e6) =
    // 0.45 m, above the 800 m crest.
    QTest::newRow("700 m mast over the wall: visible") << QStringLiteral("wall") << LonLat{46.02, 40.05}
                                                       << LonLat{46.08, 40.05} << 700.0 << int(LineOfSight::Verdict::Visible);
}

void TestTerrainQuery::lineOfSight()
{
    QFETCH(QString, dem);
    QFETCH(LonLat, observer);
    QFETCH(LonLat, target);
    QFETCH(double, observerHeight);
    QFETCH(int, verdict);
    TerrainQuery q;
    q.kind = TerrainQuery::Kind::LineOfSight;
    q.demPath = dem == QLatin1String("wall") ? mWall : mPlane;
    q.path = {observer, target};
    q.lineOfSightOptions.observerHeightMetres = observerHeight;
    auto answer = q.run();
    QVERIFY2(answer.ok(), errorOf(answer).constData());
    QVERIFY(answer->lineOfSight && !answer->profile);
    QCOMPARE(int(answer->lineOfSight->verdict()), verdict);
    QCOMPARE(&answer->terrain(), &answer->lineOfSight->profile());
    if (verdict == int(LineOfSight::Verdict::Blocked)) {
        const Obstruction &o = *answer->lineOfSight->firstObstruction();
        // The first blocked sample is the wall's west face, within 1.5 cells of 46.05°.
        QVERIFY2(std::abs(o.position.lon - 46.05) <= 0.0015 + 1e-9, qPrintable(QString::number(o.position.lon, 'f', 6)));
        QVERIFY(o.riseAboveSightLineMetres > 250);
    }
}

void TestTerrainQuery::errors_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("dem");
    QTest::addColumn<int>("points");
    QTest::addColumn<bool>("cancelled");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no DEM visible") << 0 << QString() << 2 << false << QStringLiteral("no elevation layer is visible");
    QTest::newRow("missing DEM file") << 0 << QStringLiteral("/nonexistent/dem.tif") << 2 << false
                                      << QStringLiteral("/nonexistent/dem.tif");
    QTest::newRow("line of sight with 3 points") << 1 << QStringLiteral("plane") << 3 << false
                                                 << QStringLiteral("observer and a target");
    QTest::newRow("profile of one point") << 0 << QStringLiteral("plane") << 1 << false << QStringLiteral("");
    QTest::newRow("cancelled before it starts") << 0 << QStringLiteral("plane") << 2 << true << QStringLiteral("cancel");
}

void TestTerrainQuery::errors()
{
    QFETCH(int, kind);
    QFETCH(QString, dem);
    QFETCH(int, points);
    QFETCH(bool, cancelled);
    QFETCH(QString, expected);
    TerrainQuery q;
    q.kind = kind ? TerrainQuery::Kind::LineOfSight : TerrainQuery::Kind::Profile;
    q.demPath = dem == QLatin1String("plane") ? mPlane : dem;
    for (int i = 0; i < points; ++i)
        q.path.push_back({46.02 + 0.01 * i, 40.05});
    const std::atomic_bool cancel(cancelled);
    auto answer = q.run(&cancel);
    QVERIFY(!answer.ok());
    QVERIFY2(answer.error().toString().contains(expected), errorOf(answer).constData());
    QVERIFY(!answer.error().message.isEmpty());
}

void TestTerrainQuery::visibilityRunsCoverEverySample()
{
    TerrainQuery q;
    q.kind = TerrainQuery::Kind::LineOfSight;
    q.demPath = mWall;
    q.path = {{46.02, 40.05}, {46.08, 40.05}};
    auto answer = q.run();
    QVERIFY(answer.ok());
    const LineOfSight &los = *answer->lineOfSight;
    const auto &vis = los.sampleVisibility();
    const auto runs = VisibilityRuns::of(los);
    QVERIFY(runs.size() >= 2);
    QCOMPARE(runs.front().first, std::size_t(0));
    QCOMPARE(runs.back().last, vis.size() - 1);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        QVERIFY(runs[i].first <= runs[i].last);
        if (i > 0) {
            QCOMPARE(runs[i].first, runs[i - 1].last + 1);
            QVERIFY(runs[i].visibility != runs[i - 1].visibility);
        }
        for (std::size_t k = runs[i].first; k <= runs[i].last; ++k)
            QCOMPARE(vis[k], runs[i].visibility);
    }
    // Ground up to the wall is seen; the lee of the wall (east of 46.052°) is hidden.
    QCOMPARE(runs.front().visibility, LineOfSight::SampleVisibility::Visible);
    QVERIFY(los.profile().samples()[runs.front().last].position.lon < 46.0516);
    QCOMPARE(runs.back().visibility, LineOfSight::SampleVisibility::Hidden);

    // An empty line of sight has no runs: a default-constructed one cannot be
    // made, so check the one-run case instead, the plain.
    q.path = {{46.01, 40.02}, {46.04, 40.05}};
    auto plain = q.run();
    QVERIFY(plain.ok());
    const auto one = VisibilityRuns::of(*plain->lineOfSight);
    QCOMPARE(one.size(), std::size_t(1));
    QCOMPARE(one.front().visibility, LineOfSight::SampleVisibility::Visible);
}

void TestTerrainQuery::positionLabel_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QStringList>("expected"); ///< substrings of the lines, in order
    // maps/shusha/gazetteer.geojson: Mount Sarybaba is marked approximate.
    QTest::newRow("place, approximate") << QStringLiteral("Sarybaba")
                                        << QStringList{QStringLiteral("Mount Sarybaba"),
                                                       QStringLiteral("place name \"Sarybaba\", approximate"),
                                                       QStringLiteral("source: "), QStringLiteral("39.69500° N")};
    QTest::newRow("place, surveyed") << QStringLiteral("Şuşa")
                                     << QStringList{QStringLiteral("Shusha / Shushi"), QStringLiteral("place name \"Şuşa\""),
                                                    QStringLiteral("source: ")};
    QTest::newRow("MGRS 100 m") << QStringLiteral("38SPK497023")
                                << QStringList{QStringLiteral("° N"), QStringLiteral("MGRS, 100 m square (centre shown)")};
    QTest::newRow("MGRS 100 km") << QStringLiteral("38SPK")
                                 << QStringList{QStringLiteral("° N"), QStringLiteral("MGRS, 100 km square (centre shown)")};
    QTest::newRow("decimal degrees") << QStringLiteral("39.7583, 46.7483")
                                     << QStringList{QStringLiteral("39.75830° N"), QStringLiteral("decimal degrees")};
}

void TestTerrainQuery::positionLabel()
{
    QFETCH(QString, input);
    QFETCH(QStringList, expected);
    auto gazetteer = Gazetteer::loadBundled();
    QVERIFY(gazetteer.ok());
    auto parsed = CoordinateParser::parse(input, &*gazetteer);
    QVERIFY2(parsed.ok(), errorOf(parsed).constData());
    const QStringList lines = PositionLabel::lines(*parsed);
    QVERIFY(lines.size() >= expected.size());
    int from = 0;
    for (const QString &e : expected) {
        int found = -1;
        for (int i = from; i < lines.size() && found < 0; ++i)
            if (lines[i].contains(e))
                found = i;
        QVERIFY2(found >= 0, qPrintable(QStringLiteral("\"%1\" not in %2").arg(e, lines.join(QLatin1String(" | ")))));
        from = found + 1;
    }
    if (input != QLatin1String("Sarybaba"))
        QVERIFY(!lines.join(QLatin1Char(' ')).contains(QLatin1String("approximate")));
    // The source appears once, and no line is a paragraph.
    if (parsed->place)
        QCOMPARE(lines.filter(QStringLiteral("source: ")).size(), 1);
    for (const QString &line : lines)
        QVERIFY2(line.size() <= 150, qPrintable(line));
}

QTEST_GUILESS_MAIN(TestTerrainQuery)
#include "test_terrain_query.moc"
