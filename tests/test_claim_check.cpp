// Lines, claims and verdicts (core/claims) with the semantics of
// shared/design/claim-check.md. Expected distances come from the geodesic
// direct problem (a point reached perpendicularly from a meridian, which is a
// geodesic, lies exactly that far from it), from GeodSolve, or from an
// independent brute-force search written here.
#include "claims/claim_checker.h"
#include "claims/claim_set.h"
#include "claims/iso_date.h"
#include "claims/line_set.h"
#include "claims/verdict_writer.h"
#include "io/gdal_environment.h"
#include "geodesy/geodesic.h"
#include "geodesy/geodesic_polygon.h"
#include "support/test_paths.h"

#include <QtTest>

#include <gdal_utils.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <limits>

using namespace linewatch;

namespace {

QString writeFile(const QString &name, const QByteArray &content)
{
    const QString path = test::tempDir() + QLatin1Char('/') + name;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    f.write(content);
    return path;
}

QByteArray collection(const QList<QJsonObject> &features)
{
    QJsonArray a;
    for (const auto &f : features)
        a.append(f);
    return QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("FeatureCollection")}, {QStringLiteral("features"), a}}).toJson();
}

QJsonObject feature(const QJsonObject &properties, const QJsonObject &geometry)
{
    return {{QStringLiteral("type"), QStringLiteral("Feature")}, {QStringLiteral("properties"), properties}, {QStringLiteral("geometry"), geometry}};
}

QJsonObject lineString(const QList<LonLat> &pts)
{
    QJsonArray c;
    for (const auto &p : pts)
        c.append(QJsonArray{p.lon, p.lat});
    return {{QStringLiteral("type"), QStringLiteral("LineString")}, {QStringLiteral("coordinates"), c}};
}

QJsonObject point(LonLat p)
{
    return {{QStringLiteral("type"), QStringLiteral("Point")}, {QStringLiteral("coordinates"), QJsonArray{p.lon, p.lat}}};
}

QJsonObject polygon(const QList<LonLat> &ring)
{
    QJsonArray c;
    for (const auto &p : ring)
        c.append(QJsonArray{p.lon, p.lat});
    c.append(QJsonArray{ring.first().lon, ring.first().lat});
    return {{QStringLiteral("type"), QStringLiteral("Polygon")}, {QStringLiteral("coordinates"), QJsonArray{c}}};
}

// The fixture line: the meridian 46.7 E from 39.6 N to 39.9 N, digitised
// northwards, so east is right. Version L1 2020-11-10 to 2022-08-26 (exact),
// L2 from 2022-08-26 with accuracy_m 500.
const LonLat kOnLine{46.7, 39.75};

QJsonObject lineProps(const QString &id, const QString &from, const QString &to, double accuracy = 0.0)
{
    QJsonObject p{{QStringLiteral("id"), id},
                  {QStringLiteral("name"), QStringLiteral("test line")},
                  {QStringLiteral("valid_from"), from},
                  {QStringLiteral("left_label"), QStringLiteral("West side")},
                  {QStringLiteral("right_label"), QStringLiteral("East side")},
                  {QStringLiteral("source"), QStringLiteral("test fixture: the meridian 46.7 E")},
                  {QStringLiteral("approximate"), false}};
    if (!to.isEmpty())
        p.insert(QStringLiteral("valid_to"), to);
    if (accuracy > 0.0)
        p.insert(QStringLiteral("accuracy_m"), accuracy);
    return p;
}

QString standardLines()
{
    const QJsonObject g = lineString({{46.7, 39.6}, {46.7, 39.9}});
    return writeFile(QStringLiteral("lines.geojson"),
                     collection({feature(lineProps(QStringLiteral("L1"), QStringLiteral("2020-11-10"), QStringLiteral("2022-08-26")), g),
                                 feature(lineProps(QStringLiteral("L2"), QStringLiteral("2022-08-26"), QString(), 500.0), g)}));
}

QJsonObject claimProps(const QString &id, const QString &relation, double d, const QString &date = QStringLiteral("2021-05-01"))
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("date"), date},
            {QStringLiteral("text"), QStringLiteral("a test claim")},
            {QStringLiteral("source"), QStringLiteral("test fixture")},
            {QStringLiteral("relation"), relation},
            {QStringLiteral("distance_m"), d}};
}

/// A point offsetM from the line: east (right) for positive, west (left) for negative.
LonLat offPoint(double offsetM)
{
    return Geodesic::wgs84().direct(kOnLine, offsetM >= 0 ? 90.0 : 270.0, std::abs(offsetM));
}

Verdict checkOne(const QString &linesPath, const QJsonObject &claimFeature)
{
    auto lines = LineSet::load(linesPath);
    if (!lines || !lines->problems().isEmpty())
        qFatal("fixture lines do not load");
    const QString claimsPath = writeFile(QStringLiteral("claims.geojson"), collection({claimFeature}));
    auto claims = ClaimSet::load(claimsPath);
    if (!claims || claims->claims().size() != 1)
        qFatal("fixture claims do not load");
    return ClaimChecker(*lines).check(claims->claims()[0]);
}

} // namespace

class TestClaimCheck : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { GdalEnvironment::initialise(); }
    void verdicts_data();
    void verdicts();
    void reasonReadsLikeTheSpec();
    void versionChoice_data();
    void versionChoice();
    void badClaims_data();
    void badClaims();
    void badLines_data();
    void badLines();
    void isoDates_data();
    void isoDates();
    void shapefileNamesAndProjectedCrs();
    void geoPackageClaims();
    void pointInPolygonFollowsGeodesicEdges();
    void polygonDistanceAgainstBruteForce_data();
    void polygonDistanceAgainstBruteForce();
    void writers();
};

void TestClaimCheck::verdicts_data()
{
    QTest::addColumn<QString>("relation");
    QTest::addColumn<double>("distance");
    QTest::addColumn<double>("offset");      // signed distance of the point from the line [m], + east (right)
    QTest::addColumn<double>("uncertainty");
    QTest::addColumn<QString>("side");       // named side, "" none
    QTest::addColumn<QString>("date");
    QTest::addColumn<QString>("verdict");
    QTest::addColumn<double>("margin");
    QTest::addColumn<QString>("positionSide");
    const QString none, east = QStringLiteral("East side"), west = QStringLiteral("West side");
    const QString y2021 = QStringLiteral("2021-05-01"), y2023 = QStringLiteral("2023-05-01");
    // Thresholds (claim-check.md table): beyond needs min > D; max <= D contradicts.
    QTest::newRow("beyond, exactly at D -> contradicted, margin 0") << "beyond" << 2000.0 << 2000.0 << 0.0 << none << y2021 << "contradicted" << 0.0 << "right";
    QTest::newRow("beyond, 1 cm inside -> contradicted") << "beyond" << 2000.0 << 1999.99 << 0.0 << none << y2021 << "contradicted" << 0.01 << "right";
    QTest::newRow("beyond, 1 cm outside -> supported") << "beyond" << 2000.0 << 2000.01 << 0.0 << none << y2021 << "supported" << 0.01 << "right";
    QTest::newRow("within, exactly at D -> supported, margin 0") << "within" << 2000.0 << -2000.0 << 0.0 << none << y2021 << "supported" << 0.0 << "left";
    QTest::newRow("within, 1 cm inside -> supported") << "within" << 2000.0 << -1999.99 << 0.0 << none << y2021 << "supported" << 0.01 << "left";
    QTest::newRow("within, 1 cm outside -> contradicted") << "within" << 2000.0 << -2000.01 << 0.0 << none << y2021 << "contradicted" << 0.01 << "left";
    // Uncertainty radius r widens [d - r, d + r].
    QTest::newRow("beyond, d 2500 r 400 -> supported by 100") << "beyond" << 2000.0 << 2500.0 << 400.0 << none << y2021 << "supported" << 100.0 << "right";
    QTest::newRow("beyond, d 2300 r 400 -> indeterminate, 100 short") << "beyond" << 2000.0 << 2300.0 << 400.0 << none << y2021 << "indeterminate" << 100.0 << "right";
    QTest::newRow("within, d 1500 r 700 -> indeterminate, 200 over") << "within" << 2000.0 << 1500.0 << 700.0 << none << y2021 << "indeterminate" << 200.0 << "right";
    // Line accuracy (L2, 500 m) widens too: d 2600 -> [2100, 3100].
    QTest::newRow("L2 accuracy 500: d 2600 -> supported by 100") << "beyond" << 2000.0 << 2600.0 << 0.0 << none << y2023 << "supported" << 100.0 << "right";
    QTest::newRow("L2 accuracy 500 + r 200: d 2600 -> indeterminate") << "beyond" << 2000.0 << 2600.0 << 200.0 << none << y2023 << "indeterminate" << 100.0 << "right";
    // Sides.
    QTest::newRow("named side matches -> supported") << "beyond" << 2000.0 << 3000.0 << 0.0 << east << y2021 << "supported" << 1000.0 << "right";
    QTest::newRow("wholly on the other side -> contradicted") << "beyond" << 2000.0 << -3000.0 << 0.0 << east << y2021 << "contradicted" << 3000.0 << "left";
    QTest::newRow("within, wrong side -> contradicted") << "within" << 5000.0 << -3000.0 << 100.0 << east << y2021 << "contradicted" << 2900.0 << "left";
    QTest::newRow("straddles (d 300 < r 500), side named -> indeterminate") << "within" << 2000.0 << 300.0 << 500.0 << east << y2021 << "indeterminate" << 200.0 << "both";
    QTest::newRow("on the line, within 0 -> supported") << "within" << 0.0 << 0.0 << 0.0 << none << y2021 << "supported" << 0.0 << "on";
}

void TestClaimCheck::verdicts()
{
    QFETCH(QString, relation);
    QFETCH(double, distance);
    QFETCH(double, offset);
    QFETCH(double, uncertainty);
    QFETCH(QString, side);
    QFETCH(QString, date);
    QFETCH(QString, verdict);
    QFETCH(double, margin);
    QFETCH(QString, positionSide);
    QJsonObject props = claimProps(QStringLiteral("c1"), relation, distance, date);
    if (uncertainty > 0.0)
        props.insert(QStringLiteral("uncertainty_m"), uncertainty);
    if (!side.isEmpty())
        props.insert(QStringLiteral("side"), side);
    const Verdict v = checkOne(standardLines(), feature(props, point(offPoint(offset))));
    QVERIFY2(Verdict::outcomeName(v.outcome) == verdict, qPrintable(Verdict::outcomeName(v.outcome) + QStringLiteral(": ") + v.reason));
    // 1e-6 m: the perpendicular offset is exact to Karney's accuracy.
    QVERIFY2(std::abs(v.marginM - margin) < 1e-6, qPrintable(QStringLiteral("margin %1, expected %2").arg(v.marginM, 0, 'f', 9).arg(margin)));
    QCOMPARE(Verdict::sideName(v.side), positionSide);
    QCOMPARE(v.claimSource, QStringLiteral("test fixture"));
    QCOMPARE(v.lineSource, QStringLiteral("test fixture: the meridian 46.7 E"));
}

void TestClaimCheck::reasonReadsLikeTheSpec()
{
    QJsonObject props = claimProps(QStringLiteral("c1"), QStringLiteral("beyond"), 2000.0);
    props.insert(QStringLiteral("side"), QStringLiteral("East side"));
    const Verdict v = checkOne(standardLines(), feature(props, point(offPoint(2314.2))));
    QCOMPARE(v.reason, QStringLiteral("min 2,314.2 m > 2,000 m, wholly on the East side side (line L1, valid 2020-11-10 to 2022-08-26)"));
    QCOMPARE(v.lineId, QStringLiteral("L1"));
    QVERIFY(std::abs(v.distanceMinM - 2314.2) < 1e-6);
    QVERIFY(std::abs(v.distanceMaxM - 2314.2) < 1e-6);
}

void TestClaimCheck::versionChoice_data()
{
    QTest::addColumn<QString>("date");
    QTest::addColumn<QString>("lineId");
    QTest::newRow("first day of L1 (inclusive)") << "2020-11-10" << "L1";
    QTest::newRow("last day of L1") << "2022-08-25" << "L1";
    QTest::newRow("valid_to is exclusive: 2022-08-26 is L2") << "2022-08-26" << "L2";
    QTest::newRow("open-ended L2, 2030") << "2030-01-01" << "L2";
    QTest::newRow("timestamp 2022-08-25T23:30-02:00 is 2022-08-26 UTC") << "2022-08-25T23:30:00-02:00" << "L2";
    QTest::newRow("before any version") << "2019-05-01" << "";
}

void TestClaimCheck::versionChoice()
{
    QFETCH(QString, date);
    QFETCH(QString, lineId);
    const Verdict v = checkOne(standardLines(), feature(claimProps(QStringLiteral("c"), QStringLiteral("beyond"), 10.0, date), point(offPoint(50.0))));
    QCOMPARE(v.lineId, lineId);
    if (lineId.isEmpty()) {
        QCOMPARE(v.outcome, Verdict::Outcome::Error);
        QCOMPARE(v.reason, QStringLiteral("no line version valid on 2019-05-01"));
    }
}

void TestClaimCheck::badClaims_data()
{
    QTest::addColumn<QJsonObject>("claim");
    QTest::addColumn<QString>("message");
    const QJsonObject good = claimProps(QStringLiteral("c"), QStringLiteral("beyond"), 100.0);
    const QJsonObject pt = point(offPoint(500.0));
    auto with = [&](const QString &key, const QJsonValue &value) {
        QJsonObject p = good;
        if (value.isUndefined())
            p.remove(key);
        else
            p.insert(key, value);
        return p;
    };
    QTest::newRow("unknown relation") << feature(with("relation", "near"), pt) << "unknown relation 'near'";
    QTest::newRow("negative distance") << feature(with("distance_m", -5), pt) << "negative distance_m -5";
    QTest::newRow("distance not a number") << feature(with("distance_m", "far"), pt) << "distance_m 'far' is not a number";
    QTest::newRow("missing distance") << feature(with("distance_m", QJsonValue::Undefined), pt) << "missing distance_m";
    QTest::newRow("negative uncertainty") << feature(with("uncertainty_m", -1), pt) << "negative uncertainty_m";
    QTest::newRow("date not ISO") << feature(with("date", "25/03/2023"), pt) << "'25/03/2023' is not an ISO 8601 date";
    QTest::newRow("timestamp without zone") << feature(with("date", "2023-03-25T10:00:00"), pt) << "not an ISO 8601 date";
    QTest::newRow("date with no valid line") << feature(with("date", "2019-05-01"), pt) << "no line version valid on 2019-05-01";
    QTest::newRow("unknown line name") << feature(with("line", "other line"), pt) << "unknown line 'other line'";
    QTest::newRow("side matching no label") << feature(with("side", "North"), pt) << "side 'North' is neither left_label";
    QTest::newRow("latitude out of range") << feature(good, point({46.7, 95.0})) << "out of range";
    QTest::newRow("LineString geometry") << feature(good, lineString({{46.8, 39.7}, {46.9, 39.7}})) << "geometry is LINESTRING, expected Point or Polygon";
    QTest::newRow("missing id") << feature(with("id", QJsonValue::Undefined), pt) << "missing id";
    QTest::newRow("missing source") << feature(with("source", QJsonValue::Undefined), pt) << "missing source";
    QTest::newRow("missing relation") << feature(with("relation", QJsonValue::Undefined), pt) << "missing relation";
    QTest::newRow("degenerate polygon") << feature(good, polygon({{46.8, 39.7}, {46.9, 39.7}})) << "fewer than three distinct vertices";
}

void TestClaimCheck::badClaims()
{
    QFETCH(QJsonObject, claim);
    QFETCH(QString, message);
    // A good claim beside the bad one is still evaluated.
    const QString linesPath = standardLines();
    const QString claimsPath = writeFile(QStringLiteral("bad-claims.geojson"),
                                         collection({claim, feature(claimProps(QStringLiteral("ok"), QStringLiteral("beyond"), 100.0), point(offPoint(500.0)))}));
    auto lines = LineSet::load(linesPath);
    auto claims = ClaimSet::load(claimsPath);
    QVERIFY(lines && claims);
    QCOMPARE(claims->claims().size(), std::size_t(2));
    const ClaimChecker checker(*lines);
    const Verdict bad = checker.check(claims->claims()[0]);
    QCOMPARE(bad.outcome, Verdict::Outcome::Error);
    QVERIFY2(bad.reason.contains(message), qPrintable(bad.reason));
    const Verdict ok = checker.check(claims->claims()[1]);
    QCOMPARE(ok.outcome, Verdict::Outcome::Supported);
}

void TestClaimCheck::badLines_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("message");
    const QJsonObject g = lineString({{46.7, 39.6}, {46.7, 39.9}});
    const QJsonObject l1 = lineProps(QStringLiteral("L1"), QStringLiteral("2020-11-10"), QStringLiteral("2022-08-26"));
    QTest::newRow("overlapping versions")
        << collection({feature(l1, g), feature(lineProps(QStringLiteral("L2"), QStringLiteral("2022-01-01"), QString()), g)})
        << "versions L1 (2020-11-10 to 2022-08-26) and L2 (from 2022-01-01) of line 'test line' overlap in time";
    QTest::newRow("one-vertex line") << collection({feature(l1, lineString({{46.7, 39.6}}))}) << "line L1 (feature 1): empty or invalid line";
    QTest::newRow("self-intersecting line")
        << collection({feature(l1, lineString({{46.7, 39.6}, {46.8, 39.7}, {46.8, 39.6}, {46.7, 39.7}}))}) << "the line intersects itself";
    QTest::newRow("bad valid_from") << collection({feature(lineProps(QStringLiteral("L1"), QStringLiteral("2020-13-01"), QString()), g)})
                                   << "valid_from: '2020-13-01' is not a calendar date";
    QTest::newRow("valid_to before valid_from")
        << collection({feature(lineProps(QStringLiteral("L1"), QStringLiteral("2022-01-01"), QStringLiteral("2021-01-01")), g)})
        << "valid_to 2021-01-01 is not after valid_from 2022-01-01";
    QTest::newRow("longitude 200") << collection({feature(l1, lineString({{200.0, 39.6}, {46.7, 39.9}}))}) << "longitude 200";
    QJsonObject noLabel = l1;
    noLabel.remove(QStringLiteral("right_label"));
    QTest::newRow("missing right_label") << collection({feature(noLabel, g)}) << "missing left_label or right_label";
    QJsonObject noSource = l1;
    noSource.remove(QStringLiteral("source"));
    QTest::newRow("missing source") << collection({feature(noSource, g)}) << "line L1 (feature 1): missing source";
    QTest::newRow("polygon instead of line") << collection({feature(l1, polygon({{46.7, 39.6}, {46.8, 39.6}, {46.8, 39.7}}))})
                                            << "geometry is POLYGON, expected LineString";
}

void TestClaimCheck::badLines()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    const QString path = writeFile(QStringLiteral("bad-lines.geojson"), content);
    auto lines = LineSet::load(path);
    QVERIFY(lines.ok());
    QVERIFY(!lines->problems().isEmpty());
    QString all;
    for (const Error &e : lines->problems()) {
        QCOMPARE(e.path, path); // every problem names the file
        all += e.message + QLatin1Char('\n');
    }
    QVERIFY2(all.contains(message), qPrintable(all));
    // Every claim is then an error, never silently checked against a bad file.
    const QString claimsPath = writeFile(QStringLiteral("c.geojson"), collection({feature(claimProps(QStringLiteral("c"), QStringLiteral("beyond"), 1.0), point(offPoint(10.0)))}));
    const Verdict v = ClaimChecker(*lines).check(ClaimSet::load(claimsPath)->claims()[0]);
    QCOMPARE(v.outcome, Verdict::Outcome::Error);
}

void TestClaimCheck::isoDates_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDate>("date"); // invalid: an error is expected
    QTest::newRow("calendar date") << "2023-03-25" << QDate(2023, 3, 25);
    QTest::newRow("Z timestamp") << "2023-03-25T10:00:00Z" << QDate(2023, 3, 25);
    QTest::newRow("+04:00 just after midnight is the day before in UTC") << "2023-03-25T01:00:00+04:00" << QDate(2023, 3, 24);
    QTest::newRow("-02:00 late evening is the next day in UTC") << "2023-03-25T23:30:00-02:00" << QDate(2023, 3, 26);
    QTest::newRow("no time zone") << "2023-03-25T10:00:00" << QDate();
    QTest::newRow("day first") << "25/03/2023" << QDate();
    QTest::newRow("30 February") << "2023-02-30" << QDate();
    QTest::newRow("year only") << "2023" << QDate();
}

void TestClaimCheck::isoDates()
{
    QFETCH(QString, text);
    QFETCH(QDate, date);
    const auto r = IsoDate::parse(QVariant(text));
    QCOMPARE(r.ok(), date.isValid());
    if (r.ok())
        QCOMPARE(*r, date);
    else
        QVERIFY(r.error().message.contains(text));
}

void TestClaimCheck::shapefileNamesAndProjectedCrs()
{
    // The fixture lines as a Shapefile in UTM 38N: field names truncated to
    // 10 characters (right_labe, approximat), coordinates projected; the
    // verdict must not change.
    const QString geojson = standardLines();
    const QString shp = test::tempDir() + QStringLiteral("/lines_utm.shp");
    const QByteArray src = geojson.toUtf8(), dst = shp.toUtf8();
    char *argv[] = {const_cast<char *>("-f"), const_cast<char *>("ESRI Shapefile"), const_cast<char *>("-t_srs"),
                    const_cast<char *>("EPSG:32638"), const_cast<char *>("-lco"), const_cast<char *>("ENCODING=UTF-8"), nullptr};
    GDALVectorTranslateOptions *opts = GDALVectorTranslateOptionsNew(argv, nullptr);
    GDALDatasetH in = GDALOpenEx(src.constData(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    QVERIFY(in);
    int usageError = 0;
    GDALDatasetH out = GDALVectorTranslate(dst.constData(), nullptr, 1, &in, opts, &usageError);
    QVERIFY(out);
    GDALClose(out);
    GDALClose(in);
    GDALVectorTranslateOptionsFree(opts);

    auto lines = LineSet::load(shp);
    QVERIFY(lines.ok());
    QVERIFY2(lines->problems().isEmpty(), qPrintable(lines->problems().value(0).toString()));
    QCOMPARE(lines->versions().size(), std::size_t(2));
    QCOMPARE(lines->versions()[0].rightLabel, QStringLiteral("East side"));
    QCOMPARE(lines->versions()[1].accuracyM, 500.0);
    QCOMPARE(lines->versions()[0].validTo, QDate(2022, 8, 26));
    const NearestPoint n = lines->versions()[0].geometry.nearest(offPoint(1234.5));
    // UTM round trip moves vertices by far less than a millimetre.
    QVERIFY2(std::abs(n.distanceM - 1234.5) < 1e-3, qPrintable(QString::number(n.distanceM, 'f', 6)));
}

void TestClaimCheck::geoPackageClaims()
{
    // Claims in a GeoPackage with upper-case property names.
    QJsonObject props{{QStringLiteral("ID"), QStringLiteral("gpkg-1")}, {QStringLiteral("Date"), QStringLiteral("2021-05-01")},
                      {QStringLiteral("TEXT"), QStringLiteral("t")}, {QStringLiteral("Source"), QStringLiteral("s")},
                      {QStringLiteral("RELATION"), QStringLiteral("Beyond")}, {QStringLiteral("Distance_M"), 1000.0},
                      {QStringLiteral("UNCERTAINT"), 100.0}};
    const QString geojson = writeFile(QStringLiteral("claims-upper.geojson"), collection({feature(props, point(offPoint(1500.0)))}));
    const QString gpkg = test::tempDir() + QStringLiteral("/claims.gpkg");
    QFile::remove(gpkg);
    char *argv[] = {const_cast<char *>("-f"), const_cast<char *>("GPKG"), nullptr};
    GDALVectorTranslateOptions *opts = GDALVectorTranslateOptionsNew(argv, nullptr);
    const QByteArray src = geojson.toUtf8(), dst = gpkg.toUtf8();
    GDALDatasetH in = GDALOpenEx(src.constData(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    int usageError = 0;
    GDALDatasetH out = GDALVectorTranslate(dst.constData(), nullptr, 1, &in, opts, &usageError);
    QVERIFY(out);
    GDALClose(out);
    GDALClose(in);
    GDALVectorTranslateOptionsFree(opts);
    auto claims = ClaimSet::load(gpkg);
    QVERIFY(claims.ok());
    QCOMPARE(claims->claims().size(), std::size_t(1));
    const Claim &c = claims->claims()[0];
    QVERIFY2(c.problems.isEmpty(), qPrintable(c.problems.join(QStringLiteral("; "))));
    QCOMPARE(c.uncertaintyM, 100.0);
    auto lines = LineSet::load(standardLines());
    const Verdict v = ClaimChecker(*lines).check(c);
    QCOMPARE(v.outcome, Verdict::Outcome::Supported);
    QVERIFY(std::abs(v.marginM - 400.0) < 1e-6);
}

void TestClaimCheck::pointInPolygonFollowsGeodesicEdges()
{
    // The north edge (0 E, 60 N) -> (20 E, 60 N) is a geodesic that bows
    // poleward to 60.37897664 N at 10 E (GeodSolve: midpoint of the inverse
    // 60 0 60 20 at s12/2). A lon/lat test would put 60.3 N outside.
    auto poly = GeodesicPolygon::create({{{0.0, 50.0}, {20.0, 50.0}, {20.0, 60.0}, {0.0, 60.0}}});
    QVERIFY(poly.ok());
    QVERIFY(poly->contains({10.0, 60.3}));
    QVERIFY(poly->contains({10.0, 60.378}));
    QVERIFY(!poly->contains({10.0, 60.3792}));
    QVERIFY(!poly->contains({10.0, 60.45}));
    QVERIFY(poly->contains({0.5, 55.0}));
    QVERIFY(!poly->contains({-0.5, 55.0}));
    // A hole.
    auto holed = GeodesicPolygon::create({{{0.0, 0.0}, {1.0, 0.0}, {1.0, 1.0}, {0.0, 1.0}}, {{0.4, 0.4}, {0.6, 0.4}, {0.6, 0.6}, {0.4, 0.6}}});
    QVERIFY(holed.ok());
    QVERIFY(!holed->contains({0.5, 0.5}));
    QVERIFY(holed->contains({0.2, 0.5}));
    // Across the antimeridian.
    auto dateline = GeodesicPolygon::create({{{179.5, -0.5}, {-179.5, -0.5}, {-179.5, 0.5}, {179.5, 0.5}}});
    QVERIFY(dateline.ok());
    QVERIFY(dateline->contains({180.0, 0.0}));
    QVERIFY(dateline->contains({-179.8, 0.1}));
    QVERIFY(!dateline->contains({179.0, 0.0}));
}

namespace {

/// Independent min/max of the distance to the line over a polygon: dense
/// sampling of the boundary and of a grid inside, then a compass search
/// (shrinking steps to 1e-5 m) from the best samples.
std::pair<double, double> bruteForceRange(const GeodesicPolygon &poly, const LineDistance &line)
{
    const Geodesic &g = Geodesic::wgs84();
    double lo = std::numeric_limits<double>::infinity(), hi = -1.0;
    LonLat loAt, hiAt;
    auto sample = [&](LonLat p) {
        const double d = line.nearestBruteForce(p).distanceM;
        if (d < lo) { lo = d; loAt = p; }
        if (d > hi) { hi = d; hiAt = p; }
    };
    double west = 180, east = -180, south = 90, north = -90;
    for (const auto &ring : poly.rings()) {
        for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
            const auto inv = g.inverse(ring[i], ring[i + 1]);
            for (int k = 0; k <= 400; ++k)
                sample(g.direct(ring[i], inv.azimuth1Deg, inv.distanceM * k / 400));
            west = std::min(west, ring[i].lon); east = std::max(east, ring[i].lon);
            south = std::min(south, ring[i].lat); north = std::max(north, ring[i].lat);
        }
    }
    for (int i = 0; i <= 80; ++i)
        for (int j = 0; j <= 80; ++j) {
            const LonLat p{west + (east - west) * i / 80, south + (north - south) * j / 80};
            if (poly.contains(p))
                sample(p);
        }
    // Compass search for the maximum inside the polygon, and the minimum.
    auto refine = [&](LonLat start, bool wantMax) {
        LonLat best = start;
        double bestD = line.nearestBruteForce(start).distanceM;
        for (double step = 50.0; step > 1e-5; step *= 0.5) {
            bool moved = true;
            while (moved) {
                moved = false;
                for (double az = 0; az < 360; az += 45) {
                    const LonLat q = g.direct(best, az, step);
                    if (!poly.contains(q))
                        continue;
                    const double d = line.nearestBruteForce(q).distanceM;
                    if (wantMax ? d > bestD : d < bestD) { best = q; bestD = d; moved = true; }
                }
            }
        }
        return bestD;
    };
    return {std::min(lo, refine(loAt, false)), std::max(hi, refine(hiAt, true))};
}

} // namespace

Q_DECLARE_METATYPE(std::vector<linewatch::LonLat>)

void TestClaimCheck::polygonDistanceAgainstBruteForce_data()
{
    QTest::addColumn<std::vector<LonLat>>("ring");
    QTest::addColumn<std::vector<LonLat>>("lineVertices");
    QTest::addColumn<bool>("touches");
    const std::vector<LonLat> meridian = {{46.7, 39.6}, {46.7, 39.9}};
    QTest::newRow("box east of a meridian (max at a corner)") << std::vector<LonLat>{{46.72, 39.70}, {46.75, 39.70}, {46.75, 39.72}, {46.72, 39.72}} << meridian << false;
    QTest::newRow("box crossed by the line") << std::vector<LonLat>{{46.69, 39.70}, {46.75, 39.70}, {46.75, 39.72}, {46.69, 39.72}} << meridian << true;
    // Between two branches of a U-shaped line: the farthest point is inside
    // the area or inside an edge, not at a vertex.
    const std::vector<LonLat> uLine = {{46.70, 39.90}, {46.70, 39.60}, {46.80, 39.60}, {46.80, 39.90}};
    QTest::newRow("polygon inside a U (max not at a vertex)") << std::vector<LonLat>{{46.72, 39.70}, {46.78, 39.70}, {46.78, 39.80}, {46.72, 39.80}} << uLine << false;
    QTest::newRow("triangle inside a U") << std::vector<LonLat>{{46.71, 39.65}, {46.79, 39.66}, {46.75, 39.85}} << uLine << false;
    // The line ends inside the polygon.
    QTest::newRow("line ending inside") << std::vector<LonLat>{{46.65, 39.85}, {46.75, 39.85}, {46.75, 39.95}, {46.65, 39.95}} << meridian << true;
}

void TestClaimCheck::polygonDistanceAgainstBruteForce()
{
    QFETCH(std::vector<LonLat>, ring);
    QFETCH(std::vector<LonLat>, lineVertices);
    QFETCH(bool, touches);
    auto poly = GeodesicPolygon::create({ring});
    QVERIFY(poly.ok());
    auto line = LineDistance::create({lineVertices});
    QVERIFY(line.ok());
    const auto range = poly->distanceTo(*line);
    const auto [lo, hi] = bruteForceRange(*poly, *line);
    QCOMPARE(range.touches, touches);
    if (touches)
        QCOMPARE(range.minM, 0.0);
    else
        QVERIFY2(std::abs(range.minM - lo) < 0.01, qPrintable(QStringLiteral("min %1, brute force %2").arg(range.minM, 0, 'f', 4).arg(lo, 0, 'f', 4)));
    // max never understates (it is a proven bound) and is within 1 cm.
    QVERIFY2(range.maxM >= hi - 1e-6 && range.maxM - hi < 0.01,
             qPrintable(QStringLiteral("max %1, brute force %2, bound %3").arg(range.maxM, 0, 'f', 4).arg(hi, 0, 'f', 4).arg(range.maxErrorM)));
    QVERIFY(range.maxErrorM < 0.01);
}

void TestClaimCheck::writers()
{
    Verdict v;
    v.claimId = QStringLiteral("a,b");
    v.outcome = Verdict::Outcome::Supported;
    v.lineId = QStringLiteral("L1");
    v.distanceMinM = 2314.21234;
    v.distanceMaxM = 2400.0;
    v.side = Verdict::PositionSide::Right;
    v.marginM = 314.21234;
    v.reason = QStringLiteral("min 2,314.2 m > 2,000 m \"quoted\"");
    QCOMPARE(VerdictWriter::csvRow(v),
             QStringLiteral("\"a,b\",supported,L1,2314.2123,2400.0000,right,314.2123,\"min 2,314.2 m > 2,000 m \"\"quoted\"\"\""));
    Verdict e;
    e.claimId = QStringLiteral("x");
    e.reason = QStringLiteral("missing id");
    QCOMPARE(VerdictWriter::csvRow(e), QStringLiteral("x,error,,,,,,missing id"));
    const QJsonArray json = QJsonDocument::fromJson(VerdictWriter::json({v, e})).array();
    QCOMPARE(json.size(), 2);
    QCOMPARE(json[0].toObject().value(QStringLiteral("distance_min_m")).toDouble(), 2314.2123);
    QVERIFY(json[1].toObject().value(QStringLiteral("distance_min_m")).isNull());
}

QTEST_GUILESS_MAIN(TestClaimCheck)
#include "test_claim_check.moc"
