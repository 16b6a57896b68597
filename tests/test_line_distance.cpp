// The exact point-to-line engine (core/geodesy/line_distance.h) against an
// independent method written here: dense sampling of every segment with
// geod_position followed by a golden-section refinement of the best sample,
// all through PROJ's geodesic.h, sharing no code with the engine.
#include "geodesy/geodesic.h"
#include "geodesy/line_distance.h"
#include "support/reference_distance.h"

#include <QtTest>

#include <QtConcurrent>

#include <geodesic.h>

#include <cmath>
#include <limits>
#include <random>

using namespace linewatch;
using linewatch::test::Reference;
using linewatch::test::bruteForce;

namespace {

LineDistance make(const std::vector<LineDistance::Part> &parts)
{
    auto line = LineDistance::create(parts);
    if (!line)
        qFatal("%s", qPrintable(line.error().message));
    return *line;
}

QString sideName(Side s)
{
    return s == Side::Left ? QStringLiteral("left") : (s == Side::Right ? QStringLiteral("right") : QStringLiteral("on"));
}

} // namespace

using Parts = std::vector<LineDistance::Part>;
Q_DECLARE_METATYPE(Parts)
Q_DECLARE_METATYPE(linewatch::LonLat)

class TestLineDistance : public QObject
{
    Q_OBJECT

private slots:
    void againstBruteForce_data();
    void againstBruteForce();
    void randomisedWithin500km();
    void sides_data();
    void sides();
    void pointOnTheLine();
    void nanAndPole();
    void footAtVertexAndSegmentIndex();
    void badInput_data();
    void badInput();
    void crossingAndSelfIntersection();
    void twoThreadsAgree();
};

void TestLineDistance::againstBruteForce_data()
{
    QTest::addColumn<Parts>("parts");
    QTest::addColumn<LonLat>("point");
    QTest::addColumn<int>("segment");  // -1: only compared with the brute force's
    QTest::addColumn<bool>("atVertex");

    // An illustrative line near Shusha/Lachin (SOURCES.md places), digitised north to south.
    const Parts shusha = {{{46.70, 39.85}, {46.745, 39.78}, {46.70, 39.72}, {46.62, 39.70}, {46.55, 39.66}}};
    QTest::newRow("Shusha (39.7583 N 46.7483 E), foot inside a short segment") << shusha << LonLat{46.7483, 39.7583} << 1 << false;
    QTest::newRow("Stepanakert (39.81528 N 46.75194 E)") << shusha << LonLat{46.75194, 39.81528} << 0 << false;
    QTest::newRow("Lachin (39.64083 N 46.54694 E), beyond the end") << shusha << LonLat{46.54694, 39.64083} << 3 << true;
    QTest::newRow("2054 m height (direct 2.9 km at 45 deg from 39.6950 N 46.5850 E)")
        << shusha << LonLat{46.60891389629204, 39.71346668123120} << -1 << false;

    // Long segments: feet tens of km inside them.
    const Parts longSeg = {{{40.0, 30.0}, {40.6, 30.5}, {41.2, 30.2}}};
    QTest::newRow("foot 30 km inside a 77 km segment, point 20 km away") << longSeg << LonLat{40.25, 30.35} << 0 << false;
    QTest::newRow("point 300 km from a long segment") << longSeg << LonLat{40.5, 33.2} << -1 << false;
    QTest::newRow("point 490 km away, beyond the start") << longSeg << LonLat{35.5, 28.5} << 0 << true;
    const Parts veryLong = {{{0.0, 0.0}, {5.0, 4.0}}}; // a 710 km segment
    QTest::newRow("710 km segment, point 400 km off its middle") << veryLong << LonLat{0.5, 5.5} << 0 << false;

    // Zero-length segment in the middle (a repeated vertex).
    const Parts repeated = {{{10.0, 50.0}, {10.1, 50.05}, {10.1, 50.05}, {10.25, 50.0}}};
    QTest::newRow("repeated vertex, point near it") << repeated << LonLat{10.1, 50.1} << 0 << true;
    QTest::newRow("repeated vertex, foot in the next segment") << repeated << LonLat{10.2, 50.06} << 2 << false;

    // Across the antimeridian.
    const Parts dateline = {{{179.5, 10.0}, {-179.5, 10.5}, {-179.0, 10.2}}};
    QTest::newRow("segment across the antimeridian, point at 180") << dateline << LonLat{180.0, 9.9} << 0 << false;
    QTest::newRow("antimeridian, point at -179.9") << dateline << LonLat{-179.9, 10.9} << 0 << false;

    // Over the pole: the geodesic (0 E, 89.5 N) -> (180 E, 89.5 N) runs along
    // the meridians through the pole; a point at the pole is on it.
    const Parts polar = {{{0.0, 89.5}, {180.0, 89.5}}};
    QTest::newRow("segment over the north pole, point 20 km off it") << polar << LonLat{90.0, 89.8} << 0 << false;
    QTest::newRow("point at the south pole, line near the equator") << Parts{{{10.0, -1.0}, {12.0, -1.5}}} << LonLat{0.0, -90.0} << -1 << false;

    // High latitude and a MultiLineString.
    const Parts multi = {{{20.0, 78.0}, {25.0, 79.0}}, {{26.0, 78.5}, {30.0, 78.0}, {33.0, 79.5}}};
    QTest::newRow("Svalbard, second part") << multi << LonLat{29.0, 79.2} << -1 << false;
    QTest::newRow("Svalbard, first part") << multi << LonLat{22.0, 77.5} << -1 << false;
}

void TestLineDistance::againstBruteForce()
{
    QFETCH(Parts, parts);
    QFETCH(LonLat, point);
    QFETCH(int, segment);
    QFETCH(bool, atVertex);
    const LineDistance line = make(parts);
    const NearestPoint n = line.nearest(point);
    const Reference ref = bruteForce(parts, point);
    QVERIFY2(std::abs(n.distanceM - ref.distanceM) < 1e-3,
             qPrintable(QStringLiteral("distance %1 m, brute force %2 m").arg(n.distanceM, 0, 'f', 6).arg(ref.distanceM, 0, 'f', 6)));
    // The foot and along agree to 1 cm (the brute force's bracket is 1e-7 m,
    // the comparison is limited by flat minima only at large distances).
    const double footGap = Geodesic::wgs84().distance(n.foot, ref.foot);
    QVERIFY2(footGap < 0.01, qPrintable(QStringLiteral("foot %1 m from the brute-force foot").arg(footGap)));
    QVERIFY2(std::abs(n.alongM - ref.alongM) < 0.01, qPrintable(QStringLiteral("along %1 vs %2").arg(n.alongM).arg(ref.alongM)));
    QCOMPARE(n.segment, ref.segment);
    QCOMPARE(n.atVertex, ref.atVertex);
    // Where the row states the answer from the geometry, it holds too.
    if (segment >= 0) {
        QCOMPARE(n.segment, segment);
        QCOMPARE(n.atVertex, atVertex);
    }
    // The R-tree pruning never changes the answer.
    const NearestPoint b = line.nearestBruteForce(point);
    QCOMPARE(b.segment, n.segment);
    QCOMPARE(b.distanceM, n.distanceM);
    QCOMPARE(b.side, n.side);
}

void TestLineDistance::randomisedWithin500km()
{
    // Fixed seed: random 30-vertex lines with 2-60 km segments and points up
    // to about 500 km away, cases not tuned for.
    std::mt19937 rng(20261126);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    int cases = 0;
    double worst = 0.0;
    for (int lineNo = 0; lineNo < 6; ++lineNo) {
        LineDistance::Part part;
        LonLat v{-30.0 + 60.0 * unit(rng), -60.0 + 120.0 * unit(rng)};
        double azi = 360.0 * unit(rng);
        for (int i = 0; i < 30; ++i) {
            part.push_back(v);
            azi += -60.0 + 120.0 * unit(rng);
            v = Geodesic::wgs84().direct(v, azi, 2000.0 + 58000.0 * unit(rng));
        }
        const Parts parts = {part};
        const LineDistance line = make(parts);
        for (int k = 0; k < 25; ++k) {
            const LonLat base = part[static_cast<std::size_t>(unit(rng) * 29.0)];
            const LonLat p = Geodesic::wgs84().direct(base, 360.0 * unit(rng), 500000.0 * unit(rng) * unit(rng));
            const NearestPoint n = line.nearest(p);
            const Reference ref = bruteForce(parts, p);
            worst = std::max(worst, std::abs(n.distanceM - ref.distanceM));
            QVERIFY2(std::abs(n.distanceM - ref.distanceM) < 1e-3,
                     qPrintable(QStringLiteral("line %1 point %2 (%3, %4): %5 vs %6")
                                    .arg(lineNo).arg(k).arg(p.lon, 0, 'f', 6).arg(p.lat, 0, 'f', 6)
                                    .arg(n.distanceM, 0, 'f', 6).arg(ref.distanceM, 0, 'f', 6)));
            const NearestPoint b = line.nearestBruteForce(p);
            QCOMPARE(b.distanceM, n.distanceM);
            QCOMPARE(b.segment, n.segment);
            ++cases;
        }
    }
    qInfo("%d random cases, worst |difference| from brute force %.3g m", cases, worst);
}

void TestLineDistance::sides_data()
{
    QTest::addColumn<Parts>("parts");
    QTest::addColumn<LonLat>("point");
    QTest::addColumn<QString>("side");
    // A line digitised northwards along 46.7 E: east is right, west is left.
    const Parts north = {{{46.7, 39.6}, {46.7, 39.9}}};
    QTest::newRow("northward, point east -> right") << north << LonLat{46.75, 39.75} << QStringLiteral("right");
    QTest::newRow("northward, point west -> left") << north << LonLat{46.65, 39.75} << QStringLiteral("left");
    QTest::newRow("beyond the north end, east -> right (end segment extended)") << north << LonLat{46.71, 40.0} << QStringLiteral("right");
    QTest::newRow("before the south end, west -> left") << north << LonLat{46.69, 39.5} << QStringLiteral("left");
    // A right-angle turn: north then east; the vertex (46.7, 39.9). A point
    // north-west of the corner has the corner as its foot and lies on the
    // outer (left) side of both edges.
    const Parts corner = {{{46.7, 39.6}, {46.7, 39.9}, {47.0, 39.9}}};
    QTest::newRow("outer side of a right turn at the vertex -> left") << corner << LonLat{46.68, 39.92} << QStringLiteral("left");
    QTest::newRow("inside the turn -> right") << corner << LonLat{46.75, 39.85} << QStringLiteral("right");
    QTest::newRow("south of the eastward leg -> right") << corner << LonLat{46.85, 39.88} << QStringLiteral("right");
    // Across the antimeridian, eastward along about 10 N: north is left.
    const Parts dateline = {{{179.5, 10.0}, {-179.5, 10.0}}};
    QTest::newRow("antimeridian, north -> left") << dateline << LonLat{180.0, 10.2} << QStringLiteral("left");
    QTest::newRow("antimeridian, south -> right") << dateline << LonLat{-180.0, 9.8} << QStringLiteral("right");
}

void TestLineDistance::sides()
{
    QFETCH(Parts, parts);
    QFETCH(LonLat, point);
    QFETCH(QString, side);
    QCOMPARE(sideName(make(parts).nearest(point).side), side);
}

void TestLineDistance::nanAndPole()
{
    const LineDistance line = make({{{0.0, 89.5}, {180.0, 89.5}}});
    // The pole lies on this geodesic.
    const NearestPoint pole = line.nearest({0.0, 90.0});
    QVERIFY2(pole.distanceM < 1e-6, qPrintable(QString::number(pole.distanceM)));
    QCOMPARE(pole.side, Side::On);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QVERIFY(std::isnan(line.nearest({nan, 10.0}).distanceM));
    QVERIFY(std::isnan(line.nearest({10.0, nan}).distanceM));
    QVERIFY(std::isnan(line.nearest({10.0, std::numeric_limits<double>::infinity()}).distanceM));
    QVERIFY(std::isnan(line.nearest({10.0, 91.0}).distanceM));
}

void TestLineDistance::pointOnTheLine()
{
    const Parts parts = {{{46.70, 39.85}, {46.745, 39.78}, {46.70, 39.72}}};
    const LineDistance line = make(parts);
    // A point on the geodesic of the first segment (direct problem), 3 km from its start.
    const auto inv = Geodesic::wgs84().inverse(parts[0][0], parts[0][1]);
    const LonLat onLine = Geodesic::wgs84().direct(parts[0][0], inv.azimuth1Deg, 3000.0);
    NearestPoint n = line.nearest(onLine);
    QVERIFY2(n.distanceM < 1e-6, qPrintable(QString::number(n.distanceM)));
    QCOMPARE(n.side, Side::On);
    QVERIFY(std::abs(n.alongM - 3000.0) < 1e-6);
    // A vertex itself.
    n = line.nearest(parts[0][1]);
    QCOMPARE(n.distanceM, 0.0);
    QCOMPARE(n.side, Side::On);
    QVERIFY(std::abs(n.alongM - inv.distanceM) < 1e-6);
    // 0.9 mm off the line is still "on"; 1.1 mm is a side.
    const LonLat nearlyOn = Geodesic::wgs84().direct(onLine, inv.azimuth1Deg + 90.0, 0.0009);
    QCOMPARE(line.nearest(nearlyOn).side, Side::On);
    const LonLat justOff = Geodesic::wgs84().direct(onLine, inv.azimuth1Deg + 90.0, 0.0011);
    QCOMPARE(line.nearest(justOff).side, Side::Right);
}

void TestLineDistance::footAtVertexAndSegmentIndex()
{
    // Two parts; segments are counted over all parts: 0,1 in part 0, 2 in part 1.
    const Parts parts = {{{10.0, 10.0}, {10.1, 10.0}, {10.2, 10.1}}, {{10.5, 10.0}, {10.6, 10.0}}};
    const LineDistance line = make(parts);
    QCOMPARE(line.segmentCount(), 3);
    const NearestPoint n = line.nearest({10.55, 9.95});
    QCOMPARE(n.segment, 2);
    QCOMPARE(n.part, 1);
    QCOMPARE(n.partSegment, 0);
    const double part0 = Geodesic::wgs84().distance(parts[0][0], parts[0][1]) + Geodesic::wgs84().distance(parts[0][1], parts[0][2]);
    const double inPart = Geodesic::wgs84().distance(parts[1][0], n.foot);
    QVERIFY(std::abs(n.alongM - (part0 + inPart)) < 1e-6);
    // Foot at the interior vertex (10.1, 10.0): reported on the lower segment.
    const NearestPoint v = line.nearest({10.1, 9.9});
    QCOMPARE(v.segment, 0);
    QVERIFY(v.atVertex);
    QCOMPARE(v.foot, (LonLat{10.1, 10.0}));
}

void TestLineDistance::badInput_data()
{
    QTest::addColumn<Parts>("parts");
    QTest::addColumn<QString>("message");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("no parts") << Parts{} << QStringLiteral("no parts");
    QTest::newRow("single vertex") << Parts{{{1.0, 2.0}}} << QStringLiteral("fewer than two distinct");
    QTest::newRow("all vertices equal") << Parts{{{1.0, 2.0}, {1.0, 2.0}}} << QStringLiteral("fewer than two distinct");
    QTest::newRow("latitude 95") << Parts{{{1.0, 2.0}, {1.0, 95.0}}} << QStringLiteral("latitude 95");
    QTest::newRow("longitude 181") << Parts{{{181.0, 2.0}, {1.0, 5.0}}} << QStringLiteral("longitude 181");
    QTest::newRow("NaN") << Parts{{{nan, 2.0}, {1.0, 5.0}}} << QStringLiteral("not a finite number");
}

void TestLineDistance::badInput()
{
    QFETCH(Parts, parts);
    QFETCH(QString, message);
    const auto line = LineDistance::create(parts);
    QVERIFY(!line.ok());
    QVERIFY2(line.error().message.contains(message), qPrintable(line.error().message));
}

void TestLineDistance::crossingAndSelfIntersection()
{
    const LineDistance line = make({{{46.7, 39.6}, {46.7, 39.9}}});
    QVERIFY(line.crossesGeodesic({46.6, 39.7}, {46.8, 39.71}));
    QVERIFY(!line.crossesGeodesic({46.71, 39.7}, {46.8, 39.71}));
    QVERIFY(!line.selfIntersection());
    // A figure with a crossing: segment 0 and segment 2 cross.
    const LineDistance looped = make({{{0.0, 0.0}, {1.0, 1.0}, {1.0, 0.0}, {0.0, 1.0}}});
    const auto hit = looped.selfIntersection();
    QVERIFY(hit);
    QCOMPARE(hit->first, 0);
    QCOMPARE(hit->second, 2);
    // A vertex touching another segment.
    const LineDistance touching = make({{{0.0, 0.0}, {2.0, 0.0}, {1.0, 1.0}, {1.0, Geodesic::wgs84().direct({1.0, 0.0}, 0.0, 0.0).lat}}});
    QVERIFY(touching.selfIntersection());
}

void TestLineDistance::twoThreadsAgree()
{
    std::vector<LonLat> points;
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> lon(46.4, 46.9), lat(39.55, 39.95);
    for (int i = 0; i < 4000; ++i)
        points.push_back({lon(rng), lat(rng)});
    const LineDistance line = make({{{46.70, 39.85}, {46.745, 39.78}, {46.70, 39.72}, {46.62, 39.70}, {46.55, 39.66}}});
    std::vector<double> serial;
    for (const LonLat &p : points)
        serial.push_back(line.nearest(p).distanceM);
    QThreadPool pool;
    pool.setMaxThreadCount(2);
    const QList<double> parallel = QtConcurrent::blockingMapped<QList<double>>(
        &pool, points, [&line](const LonLat &p) { return line.nearest(p).distanceM; });
    for (std::size_t i = 0; i < points.size(); ++i)
        QCOMPARE(parallel[static_cast<qsizetype>(i)], serial[i]);
}

QTEST_GUILESS_MAIN(TestLineDistance)
#include "test_line_distance.moc"
