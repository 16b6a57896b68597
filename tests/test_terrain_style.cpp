// TerrainStyle: defaults, JSON round trip for the project file, bad values,
// and the colour table of the hypsometric ramp.
#include "terrain/elevation_colour_table.h"
#include "terrain/terrain_style.h"

#include <QJsonArray>
#include <QtTest>

using namespace linewatch;

class TestTerrainStyle : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void roundTrip();
    void badValues_data();
    void badValues();
    void rampInterpolation_data();
    void rampInterpolation();
};

void TestTerrainStyle::defaults()
{
    const TerrainStyle s;
    QVERIFY(s.hillshade && s.colourRelief);
    QCOMPARE(s.zFactor, 1.0);
    QCOMPARE(s.azimuthDegrees, 315.0);
    QCOMPARE(s.altitudeDegrees, 45.0);
    QVERIFY(s.ramp.size() >= 2);
}

void TestTerrainStyle::roundTrip()
{
    TerrainStyle s;
    s.multidirectional = false;
    s.azimuthDegrees = 300;
    s.altitudeDegrees = 35;
    s.zFactor = 2.5;
    s.shadeOpacity = 0.4;
    s.ramp = {{0, QColor(0x10, 0x20, 0x30)}, {1000, QColor(0xf0, 0xe0, 0xd0)}};
    const auto back = TerrainStyle::fromJson(s.toJson());
    QVERIFY(back.ok());
    QCOMPARE(*back, s);
    QCOMPARE(back->fingerprint(), s.fingerprint());
    QVERIFY(TerrainStyle().fingerprint() != s.fingerprint());
    // Missing keys keep the defaults.
    QCOMPARE(*TerrainStyle::fromJson(QJsonObject{}), TerrainStyle());
}

void TestTerrainStyle::badValues_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QString>("key");
    QTest::newRow("altitude 120") << QJsonObject{{QStringLiteral("altitude_deg"), 120}} << QStringLiteral("altitude_deg");
    QTest::newRow("z factor text") << QJsonObject{{QStringLiteral("z_factor"), QStringLiteral("big")}} << QStringLiteral("z_factor");
    QTest::newRow("opacity 2") << QJsonObject{{QStringLiteral("shade_opacity"), 2}} << QStringLiteral("shade_opacity");
    QTest::newRow("hillshade not bool") << QJsonObject{{QStringLiteral("hillshade"), 1}} << QStringLiteral("hillshade");
    QTest::newRow("ramp of one stop")
        << QJsonObject{{QStringLiteral("ramp"), QJsonArray{QJsonObject{{QStringLiteral("elevation_m"), 0}, {QStringLiteral("colour"), QStringLiteral("#ffffff")}}}}}
        << QStringLiteral("ramp");
    QTest::newRow("ramp going down")
        << QJsonObject{{QStringLiteral("ramp"),
                        QJsonArray{QJsonObject{{QStringLiteral("elevation_m"), 100}, {QStringLiteral("colour"), QStringLiteral("#ffffff")}},
                                   QJsonObject{{QStringLiteral("elevation_m"), 50}, {QStringLiteral("colour"), QStringLiteral("#000000")}}}}}
        << QStringLiteral("ramp");
    QTest::newRow("ramp bad colour")
        << QJsonObject{{QStringLiteral("ramp"),
                        QJsonArray{QJsonObject{{QStringLiteral("elevation_m"), 0}, {QStringLiteral("colour"), QStringLiteral("greenish")}},
                                   QJsonObject{{QStringLiteral("elevation_m"), 50}, {QStringLiteral("colour"), QStringLiteral("#000000")}}}}}
        << QStringLiteral("ramp");
}

void TestTerrainStyle::badValues()
{
    QFETCH(QJsonObject, json);
    QFETCH(QString, key);
    const auto s = TerrainStyle::fromJson(json);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().message.contains(QLatin1Char('"') + key + QLatin1Char('"')), qPrintable(s.error().message));
}

void TestTerrainStyle::rampInterpolation_data()
{
    QTest::addColumn<double>("elevation");
    QTest::addColumn<QColor>("expected");
    // Ramp: 0 m black, 1000 m (200, 100, 40), 2000 m white.
    QTest::newRow("below the first stop") << -50.0 << QColor(0, 0, 0);
    QTest::newRow("half way to 1000 m") << 500.0 << QColor(100, 50, 20);
    QTest::newRow("on a stop") << 1000.0 << QColor(200, 100, 40);
    QTest::newRow("quarter past 1000 m") << 1250.0 << QColor(214, 139, 94);
    QTest::newRow("above the last stop") << 9000.0 << QColor(255, 255, 255);
}

void TestTerrainStyle::rampInterpolation()
{
    QFETCH(double, elevation);
    QFETCH(QColor, expected);
    const QList<ElevationStop> ramp{{0, QColor(0, 0, 0)}, {1000, QColor(200, 100, 40)}, {2000, QColor(255, 255, 255)}};
    QCOMPARE(ElevationColourTable::interpolate(ramp, elevation), expected);
    // The 4096-entry table over -100..2100 m is within 1 level of the exact colour.
    const ElevationColourTable table(ramp, -100, 2100);
    const QRgb c = table.colourAt(elevation);
    QVERIFY(std::abs(qRed(c) - expected.red()) <= 1 && std::abs(qGreen(c) - expected.green()) <= 1
            && std::abs(qBlue(c) - expected.blue()) <= 1);
}

QTEST_GUILESS_MAIN(TestTerrainStyle)
#include "test_terrain_style.moc"
