// VertexSnapper (core/project): which vertices a tool snaps to, and that the
// snapped position is the vertex itself. Pixel distances are computed by hand
// from the view's resolution in a geographic view (1 px = a known number of
// degrees), independent of the code under test.
#include "project/vertex_snapper.h"

#include "render/line_layer.h"
#include "crs/crs.h"
#include "crs/crs_transform.h"
#include "claims/line_set.h"
#include "io/gdal_environment.h"
#include "render/vector_layer.h"
#include "render/map_settings.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QFile>

#include <cmath>
#include <limits>
#include <random>

using namespace linewatch;

namespace {

/// EPSG:4326 view centred on (46.7, 39.7) at 0.001 deg per pixel, 400 x 300:
/// pixel (200, 150) is the centre, x grows east, y grows south.
MapSettings geographicView()
{
    return MapSettings(*Crs::fromString(QStringLiteral("EPSG:4326")), QPointF(46.7, 39.7), 0.001, QSize(400, 300));
}

QPointF pixelOf(LonLat p) { return QPointF(200 + (p.lon - 46.7) / 0.001, 150 - (p.lat - 39.7) / 0.001); }

} // namespace

class TestVertexSnapper : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { GdalEnvironment::initialise(); }
    void nearest_data();
    void nearest();
    void prefilterMissesNothing();
    void collectsVisibleLayersOnly();
    void lineLayerGivesShownVersion();
    void snapsOntoEdges_data();
    void snapsOntoEdges();
};

void TestVertexSnapper::nearest_data()
{
    QTest::addColumn<QPointF>("offsetPx");
    QTest::addColumn<int>("expected"); // index into the vertices, -1: none
    // Vertices 0 at (46.71, 39.71) and 1 at 6 px east of it.
    QTest::newRow("on vertex 0") << QPointF(0, 0) << 0;
    QTest::newRow("5 px west of vertex 0 (11 px from 1)") << QPointF(-5, 0) << 0;
    QTest::newRow("4 px east: 2 px from vertex 1") << QPointF(4, 0) << 1;
    QTest::newRow("7.9 px south of vertex 0: within (9.9 px from 1)") << QPointF(0, 7.9) << 0;
    QTest::newRow("8.5 px north of vertex 0: outside 8 px") << QPointF(0, -8.5) << -1;
    QTest::newRow("(-6, -6): 8.49 px, outside") << QPointF(-6, -6) << -1;
}

void TestVertexSnapper::nearest()
{
    QFETCH(QPointF, offsetPx);
    QFETCH(int, expected);
    VertexSnapper s;
    const LonLat v0{46.71, 39.71}, v1{46.716, 39.71};
    s.add(v0, QStringLiteral("a"));
    s.add(v1, QStringLiteral("b"));
    s.add({NAN, 39.7}, QStringLiteral("bad")); // ignored
    QCOMPARE(s.size(), std::size_t(2));
    const auto hit = s.nearest(geographicView(), pixelOf(v0) + offsetPx, 8.0);
    if (expected < 0) {
        QVERIFY(!hit.has_value());
        return;
    }
    QVERIFY(hit.has_value());
    // Exactly the vertex, not a re-projected approximation of it.
    QCOMPARE(hit->position, expected == 0 ? v0 : v1);
    QCOMPARE(hit->layerName, QString(expected == 0 ? QStringLiteral("a") : QStringLiteral("b")));
}

void TestVertexSnapper::prefilterMissesNothing()
{
    // In a projected view (UTM 38N, 26 m/px) the lon/lat prefilter must not
    // drop a vertex that projecting every vertex finds within 8 px.
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> lon(46.55, 46.85), lat(39.65, 39.95), x(0, 900), y(0, 650);
    VertexSnapper s;
    std::vector<LonLat> all;
    for (int i = 0; i < 3000; ++i) {
        all.push_back({lon(rng), lat(rng)});
        s.add(all.back(), QStringLiteral("v"));
    }
    const Crs utm = *Crs::fromString(QStringLiteral("EPSG:32638"));
    const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), utm);
    QVERIFY(t);
    QPointF c(46.7, 39.8);
    QVERIFY(t->forward(c));
    const MapSettings view(utm, c, 26.0, QSize(900, 650));
    int hits = 0;
    for (int q = 0; q < 400; ++q) {
        const QPointF pixel(x(rng), y(rng));
        double best = std::numeric_limits<double>::infinity();
        for (const LonLat &v : all) {
            QPointF m(v.lon, v.lat);
            QVERIFY(t->forward(m));
            const QPointF p = view.mapToPixel(m);
            best = std::min(best, std::hypot(p.x() - pixel.x(), p.y() - pixel.y()));
        }
        const auto hit = s.nearest(view, pixel, 8.0);
        QCOMPARE(hit.has_value(), best <= 8.0);
        if (hit) {
            ++hits;
            QPointF m(hit->position.lon, hit->position.lat);
            QVERIFY(t->forward(m));
            const QPointF p = view.mapToPixel(m);
            QVERIFY(std::abs(std::hypot(p.x() - pixel.x(), p.y() - pixel.y()) - best) < 1e-9);
        }
    }
    QVERIFY2(hits > 50, qPrintable(QString::number(hits))); // the rows above tested both outcomes
}

void TestVertexSnapper::collectsVisibleLayersOnly()
{
    auto data = std::make_shared<VectorData>();
    VectorFeature f;
    f.points << QPointF(46.70, 39.70);
    f.lines << QPolygonF({QPointF(46.71, 39.71), QPointF(46.72, 39.72)});
    f.rings << QPolygonF({QPointF(46.6, 39.6), QPointF(46.61, 39.6), QPointF(46.61, 39.61), QPointF(46.6, 39.6)});
    data->features.push_back(f);
    VectorLayer shown(data), hidden(data);
    shown.setName(QStringLiteral("shown"));
    hidden.setName(QStringLiteral("hidden"));
    hidden.setVisible(false);
    const VertexSnapper s = VertexSnapper::fromLayers({&shown, &hidden, nullptr});
    QCOMPARE(s.size(), std::size_t(1 + 2 + 4));
    for (const auto &v : s.vertices())
        QCOMPARE(v.layerName, QStringLiteral("shown"));
    QCOMPARE(s.vertices()[1].position, (LonLat{46.71, 39.71}));
}

void TestVertexSnapper::lineLayerGivesShownVersion()
{
    // Two versions of one line; the layer shows the newest by default.
    const QString path = test::tempDir() + QStringLiteral("/snap_lines.geojson");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(R"({"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"id":"old","name":"Line","valid_from":"2020-01-01","valid_to":"2021-01-01","left_label":"A","right_label":"B","source":"test"},
  "geometry":{"type":"LineString","coordinates":[[46.0,39.0],[46.1,39.1]]}},
 {"type":"Feature","properties":{"id":"new","name":"Line","valid_from":"2021-01-01","left_label":"A","right_label":"B","source":"test"},
  "geometry":{"type":"LineString","coordinates":[[46.2,39.2],[46.3,39.3],[46.4,39.25]]}}]})");
    file.close();
    auto layer = LineLayer::open(path);
    QVERIFY2(layer.ok(), qPrintable(layer.ok() ? QString() : layer.error().toString()));
    const VertexSnapper s = VertexSnapper::fromLayers({layer->get()});
    QCOMPARE(s.size(), std::size_t(3));
    QCOMPARE(s.vertices()[2].position, (LonLat{46.4, 39.25}));
}

void TestVertexSnapper::snapsOntoEdges_data()
{
    // A geographic view at 0.001 deg/px centred on (46.7, 39.7), output
    // 400 x 300: pixel (200, 150) is the centre. An edge runs along 39.7 N
    // from 46.6 E to 46.8 E (pixels x 100 to 300 on row 150), its ends far
    // outside the tolerance of a click near its middle.
    QTest::addColumn<QPointF>("pixel");
    QTest::addColumn<bool>("snaps");
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("lat");
    QTest::newRow("3 px above the middle of the edge: onto it") << QPointF(230, 147) << true << 46.73 << 39.7;
    QTest::newRow("7 px below: onto it") << QPointF(180, 157) << true << 46.68 << 39.7;
    QTest::newRow("9 px away: beyond the 8 px tolerance") << QPointF(230, 159) << false << 0.0 << 0.0;
}

void TestVertexSnapper::snapsOntoEdges()
{
    QFETCH(QPointF, pixel);
    QFETCH(bool, snaps);
    QFETCH(double, lon);
    QFETCH(double, lat);
    VertexSnapper s;
    s.add({46.6, 39.7}, QStringLiteral("edge"));
    s.add({46.8, 39.7}, QStringLiteral("edge"));
    s.addEdge({46.6, 39.7}, {46.8, 39.7}, QStringLiteral("edge"));
    const auto hit = s.nearest(geographicView(), pixel, 8.0);
    QCOMPARE(hit.has_value(), snaps);
    if (!snaps)
        return;
    QVERIFY(hit->onEdge);
    // The foot of the perpendicular from the pixel, worked out by hand.
    QVERIFY2(std::abs(hit->position.lon - lon) < 1e-9 && std::abs(hit->position.lat - lat) < 1e-9,
             qPrintable(QStringLiteral("%1, %2").arg(hit->position.lon, 0, 'f', 9).arg(hit->position.lat, 0, 'f', 9)));
    // A vertex in reach wins over the edge.
    const auto vertex = s.nearest(geographicView(), QPointF(103, 151), 8.0);
    QVERIFY(vertex && !vertex->onEdge);
    QCOMPARE(vertex->position, (LonLat{46.6, 39.7}));
}

QTEST_GUILESS_MAIN(TestVertexSnapper)
#include "test_vertex_snapper.moc"
