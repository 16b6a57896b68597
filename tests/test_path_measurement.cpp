// PathMeasurement, MeasurementFormat and RangeRings (core/geodesy) against
// GeographicLib's own tools, GeodSolve and Planimeter 2.1.2, a C++
// implementation separate from PROJ's geodesic.c that the code under test
// calls. Expected values were produced by the commands quoted in each row.
#include "geodesy/measurement_format.h"
#include "geodesy/path_measurement.h"
#include "geodesy/range_rings.h"

#include "geod_solve.h"

#include <QtTest>

#include <cmath>

using namespace linewatch;

Q_DECLARE_METATYPE(std::vector<linewatch::LonLat>)
Q_DECLARE_METATYPE(std::vector<double>)

namespace {

// Towns from SOURCES.md, as (lon, lat).
const LonLat shusha{46.7483, 39.7583};
const LonLat stepanakert{46.75194, 39.81528};
const LonLat lachin{46.54694, 39.64083};
const LonLat lisagor{46.64306, 39.68750};

/// Difference of two azimuths [deg] on the circle, in [0, 180].
double angleGap(double a, double b)
{
    const double d = std::fmod(std::abs(a - b), 360.0);
    return d > 180.0 ? 360.0 - d : d;
}

} // namespace

class TestPathMeasurement : public QObject
{
    Q_OBJECT

private slots:
    void segments_data();
    void segments();
    void area_data();
    void area();
    void emptyAndSinglePoint();
    void closedPathDropsRepeatedFirstPoint();
    void nanPropagates();
    void distanceFormat_data();
    void distanceFormat();
    void roundDistanceFormat_data();
    void roundDistanceFormat();
    void areaFormat_data();
    void areaFormat();
    void azimuthFormat_data();
    void azimuthFormat();
    void copyText();
    void ringsAreAtTheRadius_data();
    void ringsAreAtTheRadius();
    void parseRadii_data();
    void parseRadii();
};

void TestPathMeasurement::segments_data()
{
    QTest::addColumn<std::vector<LonLat>>("path");
    QTest::addColumn<bool>("closed");
    // Per segment: length [m], forward azimuth [deg in 0..360) -- from
    // `echo lat1 lon1 lat2 lon2 | GeodSolve -i -p 9` (azi1 + 360 when negative).
    QTest::addColumn<std::vector<double>>("lengthsM");
    QTest::addColumn<std::vector<double>>("azimuthsDeg");

    QTest::newRow("Shusha-Stepanakert-Lachin-Lisagor, open")
        << std::vector<LonLat>{shusha, stepanakert, lachin, lisagor} << false
        << std::vector<double>{6334.198782008, 26154.169631325, 9740.710296985}
        << std::vector<double>{2.82033586282041, 360 - 137.71468472928947, 57.83123471618080};
    QTest::newRow("same, closed: Lisagor back to Shusha added")
        << std::vector<LonLat>{shusha, stepanakert, lachin, lisagor} << true
        << std::vector<double>{6334.198782008, 26154.169631325, 9740.710296985, 11967.001002484}
        << std::vector<double>{2.82033586282041, 360 - 137.71468472928947, 57.83123471618080, 48.90408581745832};
    QTest::newRow("across the antimeridian, closed")
        << std::vector<LonLat>{{179.9, 10.0}, {-179.9, 10.1}, {-179.8, 9.9}} << true
        << std::vector<double>{24556.579652876, 24689.489368704, 34706.494720004}
        << std::vector<double>{63.21185340169480, 153.62725651277347, 360 - 71.39017888438867};
    QTest::newRow("just west of north: azimuth near 360, not negative")
        << std::vector<LonLat>{{0, 0}, {-0.001, 1}} << false << std::vector<double>{110574.444586940}
        << std::vector<double>{360 - 0.05767602805339};
    QTest::newRow("over the north pole: 89N 0E to 89N 180E heads due north")
        << std::vector<LonLat>{{0, 89}, {180, 89}} << false << std::vector<double>{223387.729828400}
        << std::vector<double>{0.0};
    QTest::newRow("zero-length segment (a double click on one spot): 0 m, azimuth 180 as GeodSolve")
        << std::vector<LonLat>{shusha, shusha} << false << std::vector<double>{0.0} << std::vector<double>{180.0};
}

void TestPathMeasurement::segments()
{
    QFETCH(std::vector<LonLat>, path);
    QFETCH(bool, closed);
    QFETCH(std::vector<double>, lengthsM);
    QFETCH(std::vector<double>, azimuthsDeg);
    const PathMeasurement m(path, closed);
    QCOMPARE(m.segments().size(), lengthsM.size());
    double total = 0;
    for (std::size_t i = 0; i < lengthsM.size(); ++i) {
        const MeasuredSegment &s = m.segments()[i];
        QVERIFY2(std::abs(s.lengthM - lengthsM[i]) < 1e-6,
                 qPrintable(QStringLiteral("segment %1: %2 m, GeodSolve %3 m").arg(i).arg(s.lengthM, 0, 'f', 9).arg(lengthsM[i], 0, 'f', 9)));
        QVERIFY2(s.azimuthDeg >= 0.0 && s.azimuthDeg < 360.0, qPrintable(QString::number(s.azimuthDeg, 'f', 12)));
        QVERIFY2(angleGap(s.azimuthDeg, azimuthsDeg[i]) < 1e-9,
                 qPrintable(QStringLiteral("segment %1: azimuth %2, GeodSolve %3").arg(i).arg(s.azimuthDeg, 0, 'f', 12).arg(azimuthsDeg[i], 0, 'f', 12)));
        // Mils: 6400 to the turn, same direction, in [0, 6400).
        QVERIFY(s.azimuthMils() >= 0.0 && s.azimuthMils() < 6400.0);
        QVERIFY(angleGap(s.azimuthMils() * 360.0 / 6400.0, azimuthsDeg[i]) < 1e-9);
        QCOMPARE(s.from, path[i]);
        QCOMPARE(s.to, path[(i + 1) % path.size()]);
        total += lengthsM[i];
    }
    QVERIFY2(std::abs(m.totalLengthM() - total) < 1e-6, qPrintable(QString::number(m.totalLengthM(), 'f', 9)));
}

void TestPathMeasurement::area_data()
{
    QTest::addColumn<std::vector<LonLat>>("ring");
    QTest::addColumn<double>("areaM2");
    QTest::addColumn<double>("perimeterM");
    // `printf 'lat lon\n...' | Planimeter -p 9` (absolute value of the signed area).
    QTest::newRow("Shusha-Stepanakert-Lachin-Lisagor (counter-clockwise)")
        << std::vector<LonLat>{shusha, stepanakert, lachin, lisagor} << 61752547.5996 << 54196.079712801;
    QTest::newRow("same ring drawn clockwise: same area")
        << std::vector<LonLat>{lisagor, lachin, stepanakert, shusha} << 61752547.5996 << 54196.079712801;
    QTest::newRow("triangle across the antimeridian (clockwise)")
        << std::vector<LonLat>{{179.9, 10.0}, {-179.9, 10.1}, {-179.8, 9.9}} << 303138771.5812 << 83952.563741585;
}

void TestPathMeasurement::area()
{
    QFETCH(std::vector<LonLat>, ring);
    QFETCH(double, areaM2);
    QFETCH(double, perimeterM);
    const PathMeasurement m(ring, true);
    QVERIFY(m.hasArea());
    // Planimeter prints 0.1 mm^2; Karney's method is good to far better than 0.01 m^2 here.
    QVERIFY2(std::abs(m.areaM2() - areaM2) < 0.01,
             qPrintable(QStringLiteral("%1 m2, Planimeter %2 m2").arg(m.areaM2(), 0, 'f', 4).arg(areaM2, 0, 'f', 4)));
    QVERIFY2(std::abs(m.perimeterM() - perimeterM) < 1e-6, qPrintable(QString::number(m.perimeterM(), 'f', 9)));
    QVERIFY(std::abs(m.totalLengthM() - perimeterM) < 1e-6);
    // The same points as an open path have no area.
    const PathMeasurement open(ring, false);
    QVERIFY(!open.hasArea());
    QVERIFY(std::isnan(open.areaM2()));
}

void TestPathMeasurement::emptyAndSinglePoint()
{
    const PathMeasurement none;
    QVERIFY(none.segments().empty());
    QCOMPARE(none.totalLengthM(), 0.0);
    const PathMeasurement one({shusha}, true);
    QVERIFY(one.segments().empty());
    QVERIFY(!one.hasArea());
    // Two points closed: there and back, but no area.
    const PathMeasurement two({shusha, stepanakert}, true);
    QCOMPARE(two.segments().size(), std::size_t(2));
    QVERIFY(std::abs(two.totalLengthM() - 2 * 6334.198782008) < 1e-6);
    QVERIFY(!two.hasArea());
}

void TestPathMeasurement::closedPathDropsRepeatedFirstPoint()
{
    const PathMeasurement m({shusha, stepanakert, lachin, lisagor, shusha}, true);
    QCOMPARE(m.points().size(), std::size_t(4));
    QCOMPARE(m.segments().size(), std::size_t(4));
    QVERIFY(std::abs(m.areaM2() - 61752547.5996) < 0.01);
}

void TestPathMeasurement::nanPropagates()
{
    const PathMeasurement m({shusha, {NAN, 39.7}}, false);
    QCOMPARE(m.segments().size(), std::size_t(1));
    QVERIFY(std::isnan(m.segments()[0].lengthM));
    QVERIFY(std::isnan(m.totalLengthM()));
    QCOMPARE(MeasurementFormat::distance(m.totalLengthM()), QString());
}

void TestPathMeasurement::distanceFormat_data()
{
    QTest::addColumn<double>("metres");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0.0 << QStringLiteral("0.0 m");
    QTest::newRow("decimetres below 1 km") << 845.26 << QStringLiteral("845.3 m");
    QTest::newRow("999.96 m rounds into km, not 1000.0 m") << 999.96 << QStringLiteral("1.000 km");
    QTest::newRow("metres in km below 100 km") << 6334.198782008 << QStringLiteral("6.334 km");
    QTest::newRow("99999.6 m rounds to 100 km resolution") << 99999.6 << QStringLiteral("100.00 km");
    QTest::newRow("long: 10 m resolution") << 223387.7298 << QStringLiteral("223.39 km");
    QTest::newRow("NaN is empty") << double(NAN) << QString();
}

void TestPathMeasurement::distanceFormat()
{
    QFETCH(double, metres);
    QFETCH(QString, text);
    QCOMPARE(MeasurementFormat::distance(metres), text);
}

void TestPathMeasurement::roundDistanceFormat_data()
{
    QTest::addColumn<double>("metres");
    QTest::addColumn<QString>("text");
    QTest::newRow("whole km") << 1000.0 << QStringLiteral("1 km");
    QTest::newRow("2.5 km") << 2500.0 << QStringLiteral("2.5 km");
    QTest::newRow("below 1 km in metres") << 500.0 << QStringLiteral("500 m");
    QTest::newRow("1234.5 m") << 1234.5 << QStringLiteral("1.2345 km");
    QTest::newRow("NaN is empty") << double(NAN) << QString();
}

void TestPathMeasurement::roundDistanceFormat()
{
    QFETCH(double, metres);
    QFETCH(QString, text);
    QCOMPARE(MeasurementFormat::roundDistance(metres), text);
}

void TestPathMeasurement::areaFormat_data()
{
    QTest::addColumn<double>("squareMetres");
    QTest::addColumn<QString>("text");
    QTest::newRow("small: square metres") << 850.4 << QStringLiteral("850 m²");
    QTest::newRow("99999.4 m2 stays in m2") << 99999.4 << QStringLiteral("99999 m²");
    QTest::newRow("0.1 km2 and up: km2 with hectares") << 123456.0 << QStringLiteral("0.123 km² (12.3 ha)");
    QTest::newRow("the Shusha ring (Planimeter)") << 61752547.5996 << QStringLiteral("61.753 km² (6175.3 ha)");
    QTest::newRow("large: km2 only") << 303138771.58 << QStringLiteral("303.139 km²");
}

void TestPathMeasurement::areaFormat()
{
    QFETCH(double, squareMetres);
    QFETCH(QString, text);
    QCOMPARE(MeasurementFormat::area(squareMetres), text);
}

void TestPathMeasurement::azimuthFormat_data()
{
    QTest::addColumn<double>("degrees");
    QTest::addColumn<int>("unit");
    QTest::addColumn<QString>("text");
    // Mils by hand: deg * 6400 / 360.
    QTest::newRow("degrees, padded") << 2.82033586282041 << int(AngleUnit::Degrees) << QStringLiteral("002.8°");
    QTest::newRow("mils: 2.8203 deg = 50.14 mils") << 2.82033586282041 << int(AngleUnit::Mils) << QStringLiteral("0050 mils");
    QTest::newRow("degrees: 222.285 deg") << 222.28531527071053 << int(AngleUnit::Degrees) << QStringLiteral("222.3°");
    QTest::newRow("mils: 222.2853 deg = 3951.74 mils") << 222.28531527071053 << int(AngleUnit::Mils) << QStringLiteral("3952 mils");
    QTest::newRow("359.96 deg rounds to north: 000.0") << 359.96 << int(AngleUnit::Degrees) << QStringLiteral("000.0°");
    QTest::newRow("359.99 deg = 6399.82 mils rounds to 0000") << 359.99 << int(AngleUnit::Mils) << QStringLiteral("0000 mils");
    QTest::newRow("negative input reduced: -90 deg = 270.0") << -90.0 << int(AngleUnit::Degrees) << QStringLiteral("270.0°");
    QTest::newRow("negative input reduced: -90 deg = 4800 mils") << -90.0 << int(AngleUnit::Mils) << QStringLiteral("4800 mils");
    QTest::newRow("NaN is empty") << double(NAN) << int(AngleUnit::Mils) << QString();
}

void TestPathMeasurement::azimuthFormat()
{
    QFETCH(double, degrees);
    QFETCH(int, unit);
    QFETCH(QString, text);
    QCOMPARE(MeasurementFormat::azimuth(degrees, AngleUnit(unit)), text);
}

void TestPathMeasurement::copyText()
{
    const PathMeasurement m({shusha, stepanakert, lachin}, true);
    const QString t = MeasurementFormat::text(m, AngleUnit::Mils);
    const QStringList lines = t.trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 1 + 3 + 2);
    QVERIFY2(lines[0].contains(QLatin1String("geodesic on WGS84")), qPrintable(lines[0]));
    QCOMPARE(lines[1], QStringLiteral("1. 39.758300, 46.748300 -> 39.815280, 46.751940: 6.334 km, azimuth 0050 mils"));
    QVERIFY2(lines[2].endsWith(QLatin1String("26.154 km, azimuth 3952 mils")), qPrintable(lines[2]));
    QVERIFY2(lines[4].startsWith(QLatin1String("Total: ")), qPrintable(lines[4]));
    QVERIFY2(lines[5].startsWith(QLatin1String("Area: ")), qPrintable(lines[5]));
}

void TestPathMeasurement::ringsAreAtTheRadius_data()
{
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("radiusM");
    QTest::newRow("2 km round Shusha") << shusha.lon << shusha.lat << 2000.0;
    QTest::newRow("5 km across the antimeridian") << 179.99 << 10.0 << 5000.0;
    QTest::newRow("50 km round the north pole's neighbourhood (89.9N)") << 0.0 << 89.9 << 50000.0;
}

void TestPathMeasurement::ringsAreAtTheRadius()
{
    QFETCH(double, lon);
    QFETCH(double, lat);
    QFETCH(double, radiusM);
    const std::vector<LonLat> ring = RangeRings::ring({lon, lat}, radiusM, 36);
    QCOMPARE(ring.size(), std::size_t(36));
    // Each vertex checked with GeodSolve's inverse: distance from the centre
    // is the radius and the azimuth is i * 10 deg.
    QStringList lines;
    for (const LonLat &p : ring)
        lines << test::latLon({lon, lat}) + QLatin1Char(' ') + test::latLon(p);
    const auto out = test::geodSolve({QStringLiteral("-i")}, lines);
    if (out.empty())
        QSKIP("GeodSolve (GeographicLib tools) is not installed");
    QCOMPARE(out.size(), ring.size());
    for (std::size_t i = 0; i < ring.size(); ++i) {
        QVERIFY(ring[i].lon >= -180.0 && ring[i].lon <= 180.0);
        QVERIFY2(std::abs(out[i][2] - radiusM) < 1e-5, qPrintable(QStringLiteral("vertex %1: %2 m").arg(i).arg(out[i][2], 0, 'f', 6)));
        QVERIFY2(angleGap(out[i][0], 10.0 * double(i)) < 1e-7, qPrintable(QStringLiteral("vertex %1: azimuth %2").arg(i).arg(out[i][0])));
    }
}

void TestPathMeasurement::parseRadii_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<std::vector<double>>("radiiM");
    QTest::addColumn<QString>("error");
    QTest::newRow("commas") << QStringLiteral("1, 2, 5") << std::vector<double>{1000, 2000, 5000} << QString();
    QTest::newRow("spaces, decimals, unsorted, duplicate, km suffix")
        << QStringLiteral(" 2.5 0.5;2.5 1 km") << std::vector<double>{500, 1000, 2500} << QString();
    QTest::newRow("empty") << QStringLiteral("  ") << std::vector<double>{} << QStringLiteral("no radius given");
    QTest::newRow("not a number") << QStringLiteral("1, x, 5") << std::vector<double>{} << QStringLiteral("\"x\" is not a distance in km");
    QTest::newRow("zero") << QStringLiteral("0, 1") << std::vector<double>{} << QStringLiteral("must be greater than zero");
    QTest::newRow("negative") << QStringLiteral("-1") << std::vector<double>{} << QStringLiteral("must be greater than zero");
    QTest::newRow("beyond half the meridian") << QStringLiteral("20001") << std::vector<double>{} << QStringLiteral("larger than 20000 km");
    QTest::newRow("metres are not kilometres") << QStringLiteral("500 m") << std::vector<double>{} << QStringLiteral("\"m\" is not a distance in km");
}

void TestPathMeasurement::parseRadii()
{
    QFETCH(QString, text);
    QFETCH(std::vector<double>, radiiM);
    QFETCH(QString, error);
    const auto r = RangeRings::parseRadiiKm(text);
    if (!error.isEmpty()) {
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(error), qPrintable(r.error().message));
        return;
    }
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    QCOMPARE(*r, radiiM);
}

QTEST_GUILESS_MAIN(TestPathMeasurement)
#include "test_path_measurement.moc"
