// Formatting of positions for the status bar and exports. Expected strings
// are worked out by hand from the degrees; MGRS rows use GeographicLib's
// GeoConvert (the reference implementation of MGRS) and published places.
#include "crs/coordinate_format.h"

#include <QtTest>

#include <limits>

using namespace linewatch;

class TestCoordinateFormat : public QObject
{
    Q_OBJECT

private slots:
    void formats_data();
    void formats();
};

void TestCoordinateFormat::formats_data()
{
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("lat");
    QTest::addColumn<QString>("decimal");
    QTest::addColumn<QString>("dms");
    QTest::addColumn<QString>("mgrs");
    QTest::addColumn<QString>("utm");

    // 39.7583 deg = 39 deg 45.498' = 39 deg 45' 29.88"; 46.7483 = 46 deg 44' 53.88".
    // GeoConvert -m: 38SPK4976302393; -u: 38n 649763.473 4402393.008.
    QTest::newRow("Shusha (en.wikipedia)") << 46.7483 << 39.7583 << QStringLiteral("39.75830° N, 46.74830° E")
                                           << QStringLiteral("39°45′29.9″ N, 046°44′53.9″ E")
                                           << QStringLiteral("38S PK 49763 02393") << QStringLiteral("38N 649763 4402393");
    // GeoConvert -m: 38SPK4995108723.
    QTest::newRow("Stepanakert (simple.wikipedia)") << 46.75194 << 39.81528 << QStringLiteral("39.81528° N, 46.75194° E")
                                                    << QStringLiteral("39°48′55.0″ N, 046°45′07.0″ E")
                                                    << QStringLiteral("38S PK 49951 08723") << QStringLiteral("38N 649951 4408723");
    // 70.99999 W is 70 deg 59' 59.964": rounds up to the next degree, never 60.0".
    QTest::newRow("carry of rounded seconds, southern/western") << -70.99999 << -33.5
                                                                << QStringLiteral("33.50000° S, 70.99999° W")
                                                                << QStringLiteral("33°30′00.0″ S, 071°00′00.0″ W")
                                                                << QStringLiteral("19H CC 14215 91490")
                                                                << QStringLiteral("19S 314215 6291490");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("NaN gives nothing") << nan << 10.0 << QString() << QString() << QString() << QString();
    QTest::newRow("latitude 95 gives nothing") << 10.0 << 95.0 << QString() << QString() << QString() << QString();
}

void TestCoordinateFormat::formats()
{
    QFETCH(double, lon);
    QFETCH(double, lat);
    QFETCH(QString, decimal);
    QFETCH(QString, dms);
    QFETCH(QString, mgrs);
    QFETCH(QString, utm);
    const LonLat p{lon, lat};
    QCOMPARE(CoordinateFormat::decimalDegrees(p), decimal);
    QCOMPARE(CoordinateFormat::degreesMinutesSeconds(p), dms);
    QCOMPARE(CoordinateFormat::mgrs(p), mgrs);
    QCOMPARE(CoordinateFormat::utm(p), utm);
}

QTEST_GUILESS_MAIN(TestCoordinateFormat)
#include "test_coordinate_format.moc"
