// The points CSV of `linewatch-cli distance`: quoting, headers, and every bad row.
#include "claims/points_csv.h"

#include <QtTest>

using namespace linewatch;

class TestPointsCsv : public QObject
{
    Q_OBJECT

private slots:
    void split_data();
    void split();
    void rows_data();
    void rows();
    void badHeader();
};

void TestPointsCsv::split_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QStringList>("fields");
    QTest::newRow("plain") << QStringLiteral("a,1,2") << QStringList{QStringLiteral("a"), QStringLiteral("1"), QStringLiteral("2")};
    QTest::newRow("quoted comma (RFC 4180)") << QStringLiteral("\"a,b\",1") << QStringList{QStringLiteral("a,b"), QStringLiteral("1")};
    QTest::newRow("doubled quote") << QStringLiteral("\"say \"\"hi\"\"\",2") << QStringList{QStringLiteral("say \"hi\""), QStringLiteral("2")};
    QTest::newRow("empty fields") << QStringLiteral(",,") << QStringList{QString(), QString(), QString()};
    QTest::newRow("unterminated quote keeps the rest") << QStringLiteral("\"abc,1") << QStringList{QStringLiteral("abc,1")};
}

void TestPointsCsv::split()
{
    QFETCH(QString, line);
    QFETCH(QStringList, fields);
    QCOMPARE(PointsCsv::splitRecord(line), fields);
}

void TestPointsCsv::rows_data()
{
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("error"); // empty: the row is good
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("lat");
    QTest::newRow("Shusha, id lon lat") << QStringLiteral("id,lon,lat") << QStringLiteral("shusha,46.7483,39.7583") << QString() << 46.7483 << 39.7583;
    QTest::newRow("other order and extra columns, header case") << QStringLiteral("note,LAT,Id,Lon") << QStringLiteral("x,39.5,p1,46.5")
                                                                << QString() << 46.5 << 39.5;
    QTest::newRow("latitude 95") << QStringLiteral("id,lon,lat") << QStringLiteral("p,46,95") << QStringLiteral("latitude 95 outside [-90, 90]") << 0.0 << 0.0;
    QTest::newRow("longitude 181") << QStringLiteral("id,lon,lat") << QStringLiteral("p,181,40") << QStringLiteral("longitude 181 outside [-180, 180]") << 0.0 << 0.0;
    QTest::newRow("NaN") << QStringLiteral("id,lon,lat") << QStringLiteral("p,nan,40") << QStringLiteral("are not numbers") << 0.0 << 0.0;
    QTest::newRow("text") << QStringLiteral("id,lon,lat") << QStringLiteral("p,east,40") << QStringLiteral("are not numbers") << 0.0 << 0.0;
    QTest::newRow("too few columns") << QStringLiteral("id,lon,lat") << QStringLiteral("p,46") << QStringLiteral("2 columns, expected at least 3") << 0.0 << 0.0;
}

void TestPointsCsv::rows()
{
    QFETCH(QString, header);
    QFETCH(QString, line);
    QFETCH(QString, error);
    QFETCH(double, lon);
    QFETCH(double, lat);
    auto columns = PointsCsv::header(header);
    QVERIFY(columns.ok());
    auto row = PointsCsv::row(line, *columns);
    if (error.isEmpty()) {
        QVERIFY2(row.ok(), qPrintable(row.ok() ? QString() : row.error().message));
        QCOMPARE(row->position.lon, lon);
        QCOMPARE(row->position.lat, lat);
    } else {
        QVERIFY(!row.ok());
        QVERIFY2(row.error().message.contains(error), qPrintable(row.error().message));
    }
}

void TestPointsCsv::badHeader()
{
    auto c = PointsCsv::header(QStringLiteral("name,x,y"));
    QVERIFY(!c.ok());
    QVERIFY(c.error().message.contains(QLatin1String("must name the columns id, lon and lat (found: name,x,y)")));
}

QTEST_GUILESS_MAIN(TestPointsCsv)
#include "test_points_csv.moc"
