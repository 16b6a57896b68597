// The line and claims map layers: which line version is shown for a date,
// what the legend and attribution say, that the line and the claims are drawn
// where their coordinates project, and that the layer factory recognises
// lines and claims files by their fields.
#include "render/claims_layer.h"
#include "render/line_layer.h"
#include "crs/crs_transform.h"
#include "io/gdal_environment.h"
#include "project/layer_factory.h"
#include "render/map_renderer.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QFile>

using namespace linewatch;

namespace {

QString sample(const char *file) { return test::sourceDir() + QStringLiteral("/maps/shusha/") + QLatin1String(file); }

QString write(const QString &name, const QByteArray &bytes)
{
    const QString path = test::tempDir() + QLatin1Char('/') + name;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(bytes);
    return path;
}

/// Two versions of a straight north-south line at 46.7 E: before 2022 from
/// 39.6 to 39.9 N, from 2022 shifted to 46.8 E.
const QByteArray kLines = R"json({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"v1","name":"Test line","valid_from":"2020-01-01","valid_to":"2022-01-01",
 "left_label":"West side (test)","right_label":"East side (test)","source":"test fixture","approximate":false},
 "geometry":{"type":"LineString","coordinates":[[46.7,39.9],[46.7,39.6]]}},
{"type":"Feature","properties":{"id":"v2","name":"Test line","valid_from":"2022-01-01",
 "left_label":"West side (test)","right_label":"East side (test)","source":"test fixture v2","approximate":true,"accuracy_m":500},
 "geometry":{"type":"LineString","coordinates":[[46.8,39.9],[46.8,39.6]]}}]})json";

/// A point 0.1 deg west of v1 in 2021 (about 8.6 km: beyond 2 km, supported).
const QByteArray kClaims = R"json({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"c1","date":"2021-06-01","text":"beyond two kilometres","source":"test",
 "relation":"beyond","distance_m":2000},"geometry":{"type":"Point","coordinates":[46.6,39.75]}}]})json";

QRgb pixelAt(const QImage &image, const MapSettings &s, double lon, double lat)
{
    const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), s.crs());
    QPointF m(lon, lat);
    t->forward(m);
    const QPoint p = s.mapToPixel(m).toPoint();
    return image.pixel(p);
}

} // namespace

class TestClaimsLayers : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { GdalEnvironment::initialise(); }
    void versionShownForDate_data();
    void versionShownForDate();
    void lineIsDrawnWhereItProjects();
    void claimsCarryVerdictsAndColours();
    void factoryRecognisesFiles_data();
    void factoryRecognisesFiles();
    void sampleVerdicts();
};

void TestClaimsLayers::versionShownForDate_data()
{
    QTest::addColumn<QString>("date");
    QTest::addColumn<QString>("expectedId");
    QTest::newRow("no date: the newest version") << QString() << QStringLiteral("v2");
    QTest::newRow("2021-06-01: v1") << QStringLiteral("2021-06-01") << QStringLiteral("v1");
    QTest::newRow("2022-01-01: v2 (valid_from inclusive)") << QStringLiteral("2022-01-01") << QStringLiteral("v2");
    QTest::newRow("2021-12-31: v1 (valid_to exclusive)") << QStringLiteral("2021-12-31") << QStringLiteral("v1");
    QTest::newRow("2019-05-01: none") << QStringLiteral("2019-05-01") << QString();
}

void TestClaimsLayers::versionShownForDate()
{
    QFETCH(QString, date);
    QFETCH(QString, expectedId);
    auto layer = LineLayer::open(write(QStringLiteral("lines.geojson"), kLines));
    QVERIFY2(layer.ok(), qPrintable(layer.ok() ? QString() : layer.error().toString()));
    layer.value()->setDisplayDate(QDate::fromString(date, Qt::ISODate));
    const LineVersion *v = layer.value()->shownVersion();
    QCOMPARE(v ? v->id : QString(), expectedId);
    if (!v) {
        QCOMPARE(layer.value()->health(), Layer::Health::Warning);
        QVERIFY(layer.value()->healthMessage().contains(date));
        return;
    }
    QCOMPARE(layer.value()->isApproximate(), v->approximate);
    QCOMPARE(layer.value()->attribution(), v->source);
    const QList<LegendItem> legend = layer.value()->legend();
    QVERIFY(!legend.isEmpty());
    QVERIFY2(legend.first().label.contains(v->id), qPrintable(legend.first().label));
}

void TestClaimsLayers::lineIsDrawnWhereItProjects()
{
    auto layer = LineLayer::open(write(QStringLiteral("lines.geojson"), kLines));
    QVERIFY(layer.ok());
    layer.value()->setDisplayDate(QDate(2021, 6, 1));
    const Crs utm = *Crs::fromString(QStringLiteral("EPSG:32638"));
    QPointF c(46.75, 39.75);
    CrsTransform::forThread(Crs::wgs84(), utm)->forward(c);
    const MapSettings s(utm, c, 40.0, QSize(600, 600));
    const QImage image = MapRenderer::renderImage(s, QList<const Layer *>{layer.value().get()});
    // v1 runs along 46.7 E: its colour (dark red) at 39.75 N there, and only
    // background on 46.8 E where v2 (not shown on this date) lies.
    // The line is antialiased: take the reddest pixel within 1 px.
    const CrsTransform *t = CrsTransform::forThread(Crs::wgs84(), utm);
    QPointF m(46.7, 39.75);
    t->forward(m);
    const QPoint at = s.mapToPixel(m).toPoint();
    int redness = -255;
    for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
            const QRgb q = image.pixel(at + QPoint(dx, dy));
            redness = std::max(redness, qRed(q) - qGreen(q));
        }
    QVERIFY2(redness > 100, qPrintable(QString::number(redness)));
    QCOMPARE(pixelAt(image, s, 46.8, 39.75), MapRenderer::defaultBackground().rgb());
}

void TestClaimsLayers::claimsCarryVerdictsAndColours()
{
    const QString lines = write(QStringLiteral("lines.geojson"), kLines);
    auto layer = ClaimsLayer::open(write(QStringLiteral("claims.geojson"), kClaims), lines);
    QVERIFY2(layer.ok(), qPrintable(layer.ok() ? QString() : layer.error().toString()));
    QCOMPARE(layer.value()->verdicts().size(), std::size_t(1));
    const Verdict &v = layer.value()->verdicts().front();
    QCOMPARE(v.lineId, QStringLiteral("v1"));
    QCOMPARE(v.outcome, Verdict::Outcome::Supported);
    const Crs utm = *Crs::fromString(QStringLiteral("EPSG:32638"));
    QPointF c(46.65, 39.75);
    CrsTransform::forThread(Crs::wgs84(), utm)->forward(c);
    const MapSettings s(utm, c, 30.0, QSize(600, 600));
    const QImage image = MapRenderer::renderImage(s, QList<const Layer *>{layer.value().get()});
    QCOMPARE(pixelAt(image, s, 46.6, 39.75), ClaimsLayer::colourOf(Verdict::Outcome::Supported).rgb());
    // Without a lines file the claims still draw, with verdict error.
    auto alone = ClaimsLayer::open(write(QStringLiteral("claims2.geojson"), kClaims), QString());
    QVERIFY(alone.ok());
    QCOMPARE(alone.value()->verdicts().front().outcome, Verdict::Outcome::Error);
    QVERIFY(alone.value()->verdicts().front().reason.contains(QLatin1String("no lines file")));
}

void TestClaimsLayers::factoryRecognisesFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("className");
    QTest::newRow("sample lines") << sample("line_of_contact.geojson") << int(Layer::Kind::Vector) << QStringLiteral("linewatch::LineLayer");
    QTest::newRow("sample claims") << sample("claims.geojson") << int(Layer::Kind::Claims) << QStringLiteral("linewatch::ClaimsLayer");
    QTest::newRow("sample places") << sample("places.geojson") << int(Layer::Kind::Vector) << QStringLiteral("linewatch::VectorLayer");
}

void TestClaimsLayers::factoryRecognisesFiles()
{
    QFETCH(QString, file);
    QFETCH(int, kind);
    QFETCH(QString, className);
    LayerRequest r;
    r.path = file;
    auto layer = openLayer(r, nullptr);
    QVERIFY2(layer.ok(), qPrintable(layer.ok() ? QString() : layer.error().toString()));
    QCOMPARE(int(layer.value()->kind()), kind);
    QCOMPARE(QString::fromLatin1(layer.value()->metaObject()->className()), className);
}

void TestClaimsLayers::sampleVerdicts()
{
    // The seed claim against the illustrative line: its own date picks
    // loc-2022, and with 1 km position uncertainty and 1 km line accuracy
    // the honest answer is indeterminate (docs/claim-check.md).
    auto layer = ClaimsLayer::open(sample("claims.geojson"), sample("line_of_contact.geojson"));
    QVERIFY(layer.ok());
    bool seen = false;
    for (const Verdict &v : layer.value()->verdicts()) {
        QVERIFY2(v.outcome != Verdict::Outcome::Error, qPrintable(v.claimId + QStringLiteral(": ") + v.reason));
        if (v.claimId == QLatin1String("rumod-2023-03-25")) {
            seen = true;
            QCOMPARE(v.lineId, QStringLiteral("loc-2022"));
            QCOMPARE(v.outcome, Verdict::Outcome::Indeterminate);
            QVERIFY(v.lineApproximate);
        }
    }
    QVERIFY(seen);
}

QTEST_MAIN(TestClaimsLayers)
#include "test_claims_layers.moc"
