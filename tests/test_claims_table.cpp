// The claims table beside the map (core/project/claims_table_model,
// claims_filter_model) and the editable ClaimsLayer behind it: what each
// column says, that numbers sort as numbers, the verdict/source/date
// filters, edits re-checking at once, the JSON round trip for project files,
// picking a claim at a position, and the selected claim's band.
//
// Fixture: a meridian at 46.7 E digitised northwards (left = west) valid
// 2020-01-01 to 2022-01-01, then 46.8 E from 2022-01-01 with accuracy 500 m.
// Claims are placed with the geodesic direct problem at azimuth 90/270 from
// a point of the meridian: a geodesic leaving a meridian perpendicularly
// reaches points exactly that far from it, so every expected distance below
// is the distance used to place the claim (claim-check.md for the verdict
// arithmetic, done by hand in the comments).
#include "render/buffer_layer.h"
#include "claims/claim_set.h"
#include "claims/line_set.h"
#include "project/claims_filter_model.h"
#include "render/claims_layer.h"
#include "project/claims_table_model.h"
#include "io/vector_source.h"
#include "io/gdal_environment.h"
#include "geodesy/geodesic.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

using namespace linewatch;

namespace {

const QByteArray kLines = R"json({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"v1","name":"Test line","valid_from":"2020-01-01","valid_to":"2022-01-01",
 "left_label":"West (test)","right_label":"East (test)","source":"fixture","approximate":false},
 "geometry":{"type":"LineString","coordinates":[[46.7,39.6],[46.7,39.9]]}},
{"type":"Feature","properties":{"id":"v2","name":"Test line","valid_from":"2022-01-01",
 "left_label":"West (test)","right_label":"East (test)","source":"fixture v2","approximate":true,"accuracy_m":500},
 "geometry":{"type":"LineString","coordinates":[[46.8,39.6],[46.8,39.9]]}}]})json";

QString write(const QString &name, const QByteArray &bytes)
{
    const QString path = test::tempDir() + QLatin1Char('/') + name;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write(bytes);
    return path;
}

/// The point metres east (negative: west) of the meridian lon at 39.75 N.
LonLat offMeridian(double lon, double metresEast)
{
    return Geodesic::wgs84().direct({lon, 39.75}, metresEast >= 0 ? 90.0 : 270.0, std::abs(metresEast));
}

QJsonObject pointClaim(const QString &id, const QString &date, const QString &source, const QString &relation,
                       double distanceM, LonLat p, double uncertaintyM = 0.0, const QString &side = {})
{
    QJsonObject props{{QStringLiteral("id"), id}, {QStringLiteral("date"), date}, {QStringLiteral("source"), source},
                      {QStringLiteral("relation"), relation}, {QStringLiteral("distance_m"), distanceM},
                      {QStringLiteral("text"), QStringLiteral("test claim %1").arg(id)}};
    if (uncertaintyM > 0)
        props.insert(QStringLiteral("uncertainty_m"), uncertaintyM);
    if (!side.isEmpty())
        props.insert(QStringLiteral("side"), side);
    return {{QStringLiteral("type"), QStringLiteral("Feature")}, {QStringLiteral("properties"), props},
            {QStringLiteral("geometry"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Point")},
                                                     {QStringLiteral("coordinates"), QJsonArray{p.lon, p.lat}}}}};
}

/// a: 3 km west of v1 in 2021, beyond 2 km: supported, margin 1,000 m, left.
/// b: 1 km east of v1, beyond 20 km: contradicted, margin 19,000 m, right.
/// c: 2 km east of v2 in 2022, within 5 km; v2's accuracy widens it to
///    1,500-2,500 m: supported, margin 2,500 m.
/// d: 2 km west of v1, beyond 2 km, uncertainty 100 m: 1,900-2,100 m
///    straddles 2 km: indeterminate, margin 100 m.
QJsonArray fixtureClaims()
{
    return {pointClaim(QStringLiteral("a"), QStringLiteral("2021-06-01"), QStringLiteral("Agency A"), QStringLiteral("beyond"), 2000, offMeridian(46.7, -3000)),
            pointClaim(QStringLiteral("b"), QStringLiteral("2021-07-01"), QStringLiteral("Other outlet"), QStringLiteral("beyond"), 20000, offMeridian(46.7, 1000)),
            pointClaim(QStringLiteral("c"), QStringLiteral("2022-03-01"), QStringLiteral("Agency A"), QStringLiteral("within"), 5000, offMeridian(46.8, 2000)),
            pointClaim(QStringLiteral("d"), QStringLiteral("2021-08-01"), QStringLiteral("agency a (repost)"), QStringLiteral("beyond"), 2000, offMeridian(46.7, -2000), 100)};
}

std::unique_ptr<ClaimsLayer> makeLayer()
{
    const QString lines = write(QStringLiteral("lines.geojson"), kLines);
    const QJsonObject fc{{QStringLiteral("type"), QStringLiteral("FeatureCollection")}, {QStringLiteral("features"), fixtureClaims()}};
    const QString claims = write(QStringLiteral("claims.geojson"), QJsonDocument(fc).toJson());
    auto layer = ClaimsLayer::open(claims, lines);
    if (!layer)
        qFatal("%s", qPrintable(layer.error().toString()));
    return std::move(layer).value();
}

QStringList idsInOrder(const QAbstractItemModel &m)
{
    QStringList ids;
    for (int r = 0; r < m.rowCount(); ++r)
        ids << m.index(r, ClaimsTableModel::Id).data().toString();
    return ids;
}

} // namespace

class TestClaimsTable : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { GdalEnvironment::initialise(); }
    void columnsSayWhatWasChecked_data();
    void columnsSayWhatWasChecked();
    void numbersSortAsNumbers_data();
    void numbersSortAsNumbers();
    void filters_data();
    void filters();
    void editsAreCheckedAtOnce();
    void jsonRoundTrip();
    void claimNearAPosition();
    void selectedClaimHasItsBand();
    void bufferLayerSides();
};

void TestClaimsTable::columnsSayWhatWasChecked_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");
    // Hand-computed from the placement (see fixtureClaims).
    QTest::newRow("a verdict") << "a" << int(ClaimsTableModel::VerdictColumn) << "supported";
    QTest::newRow("a interval: exactly 3 km") << "a" << int(ClaimsTableModel::Interval) << "3,000.0 m – 3,000.0 m";
    QTest::newRow("a side with its label") << "a" << int(ClaimsTableModel::SideColumn) << "left (West (test))";
    QTest::newRow("a margin") << "a" << int(ClaimsTableModel::Margin) << "1,000.0 m";
    QTest::newRow("a version") << "a" << int(ClaimsTableModel::LineVersionColumn) << "v1 (2020-01-01 to 2022-01-01)";
    QTest::newRow("b verdict") << "b" << int(ClaimsTableModel::VerdictColumn) << "contradicted";
    QTest::newRow("b side") << "b" << int(ClaimsTableModel::SideColumn) << "right (East (test))";
    QTest::newRow("b margin") << "b" << int(ClaimsTableModel::Margin) << "19,000.0 m";
    QTest::newRow("c widened by v2's 500 m") << "c" << int(ClaimsTableModel::Interval) << "1,500.0 m – 2,500.0 m";
    QTest::newRow("c version") << "c" << int(ClaimsTableModel::LineVersionColumn) << "v2 (from 2022-01-01)";
    QTest::newRow("c relation") << "c" << int(ClaimsTableModel::Relation) << "within";
    QTest::newRow("d verdict") << "d" << int(ClaimsTableModel::VerdictColumn) << "indeterminate";
    QTest::newRow("d margin") << "d" << int(ClaimsTableModel::Margin) << "100.0 m";
    QTest::newRow("d date") << "d" << int(ClaimsTableModel::Date) << "2021-08-01";
    QTest::newRow("d distance D") << "d" << int(ClaimsTableModel::Distance) << "2,000.0 m";
    QTest::newRow("d source") << "d" << int(ClaimsTableModel::Source) << "agency a (repost)";
}

void TestClaimsTable::columnsSayWhatWasChecked()
{
    QFETCH(QString, id);
    QFETCH(int, column);
    QFETCH(QString, text);
    auto layer = makeLayer();
    ClaimsTableModel model(layer.get());
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.columnCount(), int(ClaimsTableModel::ColumnCount));
    const int row = model.rowOf(id);
    QVERIFY(row >= 0);
    QCOMPARE(model.index(row, column).data().toString(), text);
    QVERIFY(model.index(row, ClaimsTableModel::Reason).data().toString().contains(QLatin1String("line v")));
}

void TestClaimsTable::numbersSortAsNumbers_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QStringList>("ascending");
    // Margins 1,000 / 19,000 / 2,500 / 100: as text "1,000" < "100" < "19,000" < "2,500".
    QTest::newRow("margin") << int(ClaimsTableModel::Margin) << QStringList{"d", "a", "c", "b"};
    // D: 2,000 / 20,000 / 5,000 / 2,000 (ties keep layer order).
    QTest::newRow("distance D") << int(ClaimsTableModel::Distance) << QStringList{"a", "d", "c", "b"};
    // Interval by its minimum: 3,000 / 1,000 / 1,500 / 1,900.
    QTest::newRow("interval") << int(ClaimsTableModel::Interval) << QStringList{"b", "c", "d", "a"};
    QTest::newRow("date") << int(ClaimsTableModel::Date) << QStringList{"a", "b", "d", "c"};
}

void TestClaimsTable::numbersSortAsNumbers()
{
    QFETCH(int, column);
    QFETCH(QStringList, ascending);
    auto layer = makeLayer();
    ClaimsTableModel model(layer.get());
    ClaimsFilterModel proxy;
    proxy.setSourceModel(&model);
    proxy.sort(column, Qt::AscendingOrder);
    QCOMPARE(idsInOrder(proxy), ascending);
    proxy.sort(column, Qt::DescendingOrder);
    QStringList descending = idsInOrder(proxy);
    // Reversed except ties, which keep their order: compare the sort keys.
    for (int r = 1; r < proxy.rowCount(); ++r)
        QVERIFY(proxy.index(r - 1, column).data(ClaimsTableModel::SortRole).toDouble()
                    >= proxy.index(r, column).data(ClaimsTableModel::SortRole).toDouble()
                || column == ClaimsTableModel::Date);
    QCOMPARE(descending.first(), ascending.last());
}

void TestClaimsTable::filters_data()
{
    QTest::addColumn<QList<int>>("outcomes");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    QTest::addColumn<QStringList>("ids");
    QTest::newRow("none") << QList<int>{} << QString() << QDate() << QDate() << QStringList{"a", "b", "c", "d"};
    QTest::newRow("supported") << QList<int>{int(Verdict::Outcome::Supported)} << QString() << QDate() << QDate()
                               << QStringList{"a", "c"};
    QTest::newRow("contradicted or indeterminate")
        << QList<int>{int(Verdict::Outcome::Contradicted), int(Verdict::Outcome::Indeterminate)} << QString() << QDate()
        << QDate() << QStringList{"b", "d"};
    QTest::newRow("source, any case") << QList<int>{} << "AGENCY A" << QDate() << QDate() << QStringList{"a", "c", "d"};
    QTest::newRow("source other") << QList<int>{} << "outlet" << QDate() << QDate() << QStringList{"b"};
    QTest::newRow("dates inclusive") << QList<int>{} << QString() << QDate(2021, 7, 1) << QDate(2021, 8, 1)
                                     << QStringList{"b", "d"};
    QTest::newRow("from only") << QList<int>{} << QString() << QDate(2022, 1, 1) << QDate() << QStringList{"c"};
    QTest::newRow("all three") << QList<int>{int(Verdict::Outcome::Supported)} << "agency" << QDate()
                               << QDate(2021, 12, 31) << QStringList{"a"};
}

void TestClaimsTable::filters()
{
    QFETCH(QList<int>, outcomes);
    QFETCH(QString, source);
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    QFETCH(QStringList, ids);
    auto layer = makeLayer();
    ClaimsTableModel model(layer.get());
    ClaimsFilterModel proxy;
    proxy.setSourceModel(&model);
    QSet<Verdict::Outcome> set;
    for (int o : outcomes)
        set.insert(Verdict::Outcome(o));
    proxy.setOutcomes(set);
    proxy.setSourceFilter(source);
    proxy.setDateRange(from, to);
    QCOMPARE(idsInOrder(proxy), ids);
}

void TestClaimsTable::editsAreCheckedAtOnce()
{
    auto layer = makeLayer();
    ClaimsTableModel model(layer.get());
    ClaimsFilterModel proxy;
    proxy.setSourceModel(&model);
    proxy.setOutcomes({Verdict::Outcome::Supported});
    QSignalSpy changed(layer.get(), &ClaimsLayer::claimsChanged);

    // e: 2.5 km west of v1, beyond 2 km -> supported with margin 500 m.
    SourceFeature f;
    f.number = 5;
    f.kind = SourceFeature::Kind::Point;
    f.parts = {{offMeridian(46.7, -2500)}};
    f.properties = {{QStringLiteral("id"), QStringLiteral("e")}, {QStringLiteral("date"), QStringLiteral("2021-02-02")},
                    {QStringLiteral("source"), QStringLiteral("analyst")}, {QStringLiteral("relation"), QStringLiteral("beyond")},
                    {QStringLiteral("distance_m"), 2000.0}};
    Claim e = ClaimSet::claimFrom(f);
    QVERIFY2(e.problems.isEmpty(), qPrintable(e.problems.join(QLatin1String("; "))));
    QVERIFY(layer->insertClaim(layer->count(), e).ok());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.rowCount(), 5);
    const int row = model.rowOf(QStringLiteral("e"));
    QCOMPARE(model.index(row, ClaimsTableModel::VerdictColumn).data().toString(), QStringLiteral("supported"));
    QVERIFY(std::abs(layer->verdicts()[row].marginM - 500.0) < 1e-6);
    QCOMPARE(idsInOrder(proxy), (QStringList{"a", "c", "e"}));

    // Same id twice is refused.
    QVERIFY(!layer->insertClaim(0, e).ok());

    // Now "within 2 km": min 2,500 > 2,000 -> contradicted, margin 500 m.
    f.properties[QStringLiteral("relation")] = QStringLiteral("within");
    QVERIFY(layer->replaceClaim(row, ClaimSet::claimFrom(f)).ok());
    QCOMPARE(model.index(row, ClaimsTableModel::VerdictColumn).data().toString(), QStringLiteral("contradicted"));
    QCOMPARE(idsInOrder(proxy), (QStringList{"a", "c"}));
    // Renaming to an id another claim has is refused.
    f.properties[QStringLiteral("id")] = QStringLiteral("a");
    QVERIFY(!layer->replaceClaim(row, ClaimSet::claimFrom(f)).ok());

    QVERIFY(layer->removeClaim(row).ok());
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.rowOf(QStringLiteral("e")), -1);
    QVERIFY(!layer->removeClaim(4).ok());
}

void TestClaimsTable::jsonRoundTrip()
{
    auto layer = makeLayer();
    const QJsonArray json = layer->toJson();
    QCOMPARE(json.size(), 4);
    // Through text, as a project file stores it.
    const QJsonArray read = QJsonDocument::fromJson(QJsonDocument(json).toJson()).array();
    auto other = makeLayer();
    QVERIFY(other->removeClaim(0).ok());
    QVERIFY(other->restoreJson(read).ok());
    QCOMPARE(other->count(), 4);
    for (int i = 0; i < 4; ++i) {
        const Claim &x = layer->claims()->claims()[i], &y = other->claims()->claims()[i];
        QCOMPARE(y.id, x.id);
        QCOMPARE(y.date, x.date);
        QCOMPARE(y.source, x.source);
        QCOMPARE(y.text, x.text);
        QCOMPARE(y.distanceM, x.distanceM);
        QCOMPARE(y.uncertaintyM, x.uncertaintyM);
        QVERIFY(y.point && x.point && *y.point == *x.point);
        QCOMPARE(other->verdicts()[i].outcome, layer->verdicts()[i].outcome);
        QCOMPARE(other->verdicts()[i].distanceMinM, layer->verdicts()[i].distanceMinM);
    }
    // A polygon claim survives the trip with its rings and verdict: a box
    // 1-2 km west of v1 in 2021 (0.01 deg tall), "within 3 km": its max is
    // about 2,000 m (the west edge) <= 3,000 m, supported.
    const LonLat sw = offMeridian(46.7, -2000), se = offMeridian(46.7, -1000);
    const QJsonArray ring{QJsonArray{sw.lon, sw.lat - 0.005}, QJsonArray{se.lon, se.lat - 0.005},
                          QJsonArray{se.lon, se.lat + 0.005}, QJsonArray{sw.lon, sw.lat + 0.005},
                          QJsonArray{sw.lon, sw.lat - 0.005}};
    QJsonObject area{{QStringLiteral("type"), QStringLiteral("Feature")},
                     {QStringLiteral("properties"), QJsonObject{{QStringLiteral("id"), QStringLiteral("p")},
                                                                {QStringLiteral("date"), QStringLiteral("2021-03-03")},
                                                                {QStringLiteral("source"), QStringLiteral("s")},
                                                                {QStringLiteral("relation"), QStringLiteral("within")},
                                                                {QStringLiteral("distance_m"), 3000}}},
                     {QStringLiteral("geometry"), QJsonObject{{QStringLiteral("type"), QStringLiteral("Polygon")},
                                                              {QStringLiteral("coordinates"), QJsonArray{ring}}}}};
    QVERIFY(other->restoreJson(QJsonArray{area}).ok());
    QCOMPARE(other->verdicts()[0].outcome, Verdict::Outcome::Supported);
    const QJsonArray again = QJsonDocument::fromJson(QJsonDocument(other->toJson()).toJson()).array();
    QCOMPARE(again[0].toObject().value(QStringLiteral("geometry")).toObject().value(QStringLiteral("coordinates")).toArray(),
             QJsonArray{ring});
    QVERIFY(other->restoreJson(again).ok());
    QVERIFY(other->claims()->claims()[0].polygon.has_value());
    QCOMPARE(other->verdicts()[0].outcome, Verdict::Outcome::Supported);

    // Not a Feature: a clear error, and the claims are left as they were.
    QVERIFY(!other->restoreJson(QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("Point")}}}).ok());
    QCOMPARE(other->count(), 1);
    // A bad claim is kept with its problem (verdict error), never dropped.
    QJsonObject bad = pointClaim(QStringLiteral("x"), QStringLiteral("2021-13-45"), QStringLiteral("s"),
                                 QStringLiteral("beyond"), 10, offMeridian(46.7, 10));
    QVERIFY(other->restoreJson(QJsonArray{bad}).ok());
    QCOMPARE(other->verdicts()[0].outcome, Verdict::Outcome::Error);
    QVERIFY2(other->verdicts()[0].reason.contains(QLatin1String("date")), qPrintable(other->verdicts()[0].reason));
}

void TestClaimsTable::claimNearAPosition()
{
    auto layer = makeLayer();
    const LonLat a = offMeridian(46.7, -3000);
    // 20 m east of a: within 50 m, and nearer to a than to anything else.
    QCOMPARE(layer->claimNear(Geodesic::wgs84().direct(a, 90, 20), 50), layer->indexOf(QStringLiteral("a")));
    QCOMPARE(layer->claimNear(Geodesic::wgs84().direct(a, 90, 60), 50), -1);
}

void TestClaimsTable::selectedClaimHasItsBand()
{
    auto layer = makeLayer();
    QSignalSpy selected(layer.get(), &ClaimsLayer::selectionChanged);
    QVERIFY(layer->selectedBand().empty());
    // a names no side: bands on both sides of v1, 2 km wide.
    layer->setSelectedClaimId(QStringLiteral("a"));
    QCOMPARE(selected.count(), 1);
    QCOMPARE(layer->selectedBand().size(), std::size_t(2));
    // Name the west side: one band, all of it west of (or on) v1 at 46.7 E,
    // reaching 2 km west of its northern end (where 2 km spans the most
    // longitude; the quarter circle there starts due west).
    int row = layer->indexOf(QStringLiteral("a"));
    Claim a = layer->claims()->claims()[row];
    a.side = QStringLiteral("West (test)");
    QVERIFY(layer->replaceClaim(row, a).ok());
    QCOMPARE(layer->selectedClaimId(), QStringLiteral("a"));
    QCOMPARE(layer->selectedBand().size(), std::size_t(1));
    double westmost = 0;
    for (const LonLat &p : layer->selectedBand()[0]) {
        QVERIFY(p.lon <= 46.7 + 1e-9);
        westmost = std::min(westmost, p.lon - 46.7);
    }
    const double expected = Geodesic::wgs84().direct({46.7, 39.9}, 270.0, 2000.0).lon - 46.7;
    QVERIFY2(std::abs(westmost - expected) < 1e-6, qPrintable(QString::number(westmost, 'f', 8)));
    // Unknown ids select nothing.
    layer->setSelectedClaimId(QStringLiteral("nope"));
    QVERIFY(layer->selectedClaimId().isEmpty());
    QVERIFY(layer->selectedBand().empty());
}

void TestClaimsTable::bufferLayerSides()
{
    // v1 runs north along 46.7 E: its right is east. A 1 km buffer on the
    // right lies east of it, reaching 1 km (geodesic direct at 90 deg from
    // the northern end, where a quarter circle starts due east).
    auto lines = LineSet::load(write(QStringLiteral("lines.geojson"), kLines));
    QVERIFY(lines.ok());
    const LineVersion *v1 = lines->byId(QStringLiteral("v1"));
    BufferLayer right(v1->geometry, 1000, BufferLayer::Sides::Right, v1->id, v1->leftLabel, v1->rightLabel);
    QCOMPARE(right.rings().size(), std::size_t(1));
    double eastmost = 0;
    for (const LonLat &p : right.rings()[0]) {
        QVERIFY(p.lon >= 46.7 - 1e-9);
        eastmost = std::max(eastmost, p.lon - 46.7);
    }
    QVERIFY(std::abs(eastmost - (Geodesic::wgs84().direct({46.7, 39.9}, 90.0, 1000.0).lon - 46.7)) < 1e-6);
    QVERIFY(right.legend().first().label.contains(QLatin1String("East (test)")));
    BufferLayer both(v1->geometry, 1000, BufferLayer::Sides::Both, v1->id);
    QCOMPARE(both.rings().size(), std::size_t(2));
    QVERIFY(both.extent().width() > 2 * 0.0115); // 1 km is 0.0117 deg of longitude at 39.6-39.9 N
}

QTEST_GUILESS_MAIN(TestClaimsTable)
#include "test_claims_table.moc"
