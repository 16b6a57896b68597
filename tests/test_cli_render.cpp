// linewatch-cli render end to end: the sample (with a synthetic DEM in its
// terrain folder, so no network) and a real SRTM tile, compared with golden
// images; and bad arguments answered with exit status 2 and a message.
#include "support/image_compare.h"
#include "support/synthetic_dem.h"
#include "support/test_paths.h"

#include "io/gdal_environment.h"

#include <QtTest>

#include <QProcess>

using namespace linewatch;

namespace {

struct Run
{
    int exitCode = -1;
    QString out, err;
};

Run runCli(const QStringList &args)
{
    QProcess p;
    p.start(test::binDir() + QStringLiteral("/linewatch-cli"), args);
    Run r;
    if (!p.waitForFinished(120000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class TestCliRender : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void sampleMatchesGolden();
    void alpsTileMatchesGolden();
    void badArguments_data();
    void badArguments();
};

void TestCliRender::initTestCase() { GdalEnvironment::initialise(); }

void TestCliRender::sampleMatchesGolden()
{
    const QString project = test::prepareSampleCopy(QStringLiteral("shusha-cli"));
    QVERIFY(!project.isEmpty());
    const QString out = test::tempDir() + QStringLiteral("/sample.png");
    const Run r = runCli({QStringLiteral("render"), QStringLiteral("--project"), project, QStringLiteral("--size"),
                          QStringLiteral("800x600"), QStringLiteral("--extent"), QStringLiteral("46.45,39.6,46.85,39.85"),
                          QStringLiteral("--no-decorations"), QStringLiteral("-o"), out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QLatin1String("EPSG:32638")));
    const QImage image(out);
    QCOMPARE(image.size(), QSize(800, 600));
    QString message;
    QVERIFY2(test::matchesGolden(image, QStringLiteral("cli_sample"), 0.005, &message), qPrintable(message));
}

void TestCliRender::alpsTileMatchesGolden()
{
    const QString data = test::sharedDataDir();
    if (data.isEmpty())
        QSKIP("real-data group skipped: ../shared/data (SRTM tiles) is not present");
    const QString out = test::tempDir() + QStringLiteral("/alps.png");
    const Run r = runCli({QStringLiteral("render"), data + QStringLiteral("/dem/N46E008.tif"), QStringLiteral("--crs"),
                          QStringLiteral("EPSG:32632"), QStringLiteral("--extent"), QStringLiteral("8.3,46.45,8.7,46.75"),
                          QStringLiteral("--size"), QStringLiteral("600x600"), QStringLiteral("--no-decorations"),
                          QStringLiteral("-o"), out});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QImage image(out);
    QCOMPARE(image.size(), QSize(600, 600));
    QString message;
    QVERIFY2(test::matchesGolden(image, QStringLiteral("cli_alps"), 0.005, &message), qPrintable(message));
}

void TestCliRender::badArguments_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    const QString out = QStringLiteral("/tmp/linewatch-never-written.png");
    const QString missing = QStringLiteral("/nonexistent/places.geojson");
    QTest::newRow("no output") << QStringList{QStringLiteral("render"), missing} << QStringLiteral("-o OUT.png is required");
    QTest::newRow("missing file") << QStringList{QStringLiteral("render"), missing, QStringLiteral("--extent"),
                                                 QStringLiteral("46,39,47,40"), QStringLiteral("-o"), out}
                                  << QStringLiteral("/nonexistent/places.geojson: file not found");
    QTest::newRow("latitude 95 in extent") << QStringList{QStringLiteral("render"), missing, QStringLiteral("--extent"),
                                                          QStringLiteral("46,39,47,95"), QStringLiteral("-o"), out}
                                           << QStringLiteral("--extent must be LON1,LAT1,LON2,LAT2");
    QTest::newRow("bad size") << QStringList{QStringLiteral("render"), missing, QStringLiteral("--size"),
                                             QStringLiteral("0x10"), QStringLiteral("-o"), out}
                              << QStringLiteral("--size must be WxH");
    QTest::newRow("unknown CRS") << QStringList{QStringLiteral("render"), missing, QStringLiteral("--crs"),
                                                QStringLiteral("EPSG:999999"), QStringLiteral("--extent"),
                                                QStringLiteral("46,39,47,40"), QStringLiteral("-o"), out}
                                 << QStringLiteral("--crs: unknown CRS");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("draw")} << QStringLiteral("unknown command 'draw'");
}

void TestCliRender::badArguments()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    const Run r = runCli(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(expected), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestCliRender)
#include "test_cli_render.moc"
