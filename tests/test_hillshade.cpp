// Hillshade (Horn's method with gdaldem's formulas) against hand-computed
// values on analytic surfaces, against gdaldem itself, and on a real SRTM tile.
#include "io/gdal_environment.h"
#include "render/map_renderer.h"
#include "support/image_compare.h"
#include "support/test_paths.h"
#include "terrain/hillshade.h"
#include "render/raster_layer.h"
#include "terrain_fixtures.h"

#include <QProcess>
#include <QtTest>

#include <gdal.h>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace linewatch;

namespace {

struct Grid
{
    int width = 0, height = 0;
    std::vector<float> values;
    std::array<double, 6> geoTransform{};
};

Grid readGrid(const QString &path)
{
    Grid g;
    GDALDatasetH ds = GDALOpen(path.toUtf8().constData(), GA_ReadOnly);
    if (!ds)
        return g;
    g.width = GDALGetRasterXSize(ds);
    g.height = GDALGetRasterYSize(ds);
    GDALGetGeoTransform(ds, g.geoTransform.data());
    g.values.resize(static_cast<std::size_t>(g.width) * g.height);
    if (GDALRasterIO(GDALGetRasterBand(ds, 1), GF_Read, 0, 0, g.width, g.height, g.values.data(), g.width, g.height,
                     GDT_Float32, 0, 0)
        != CE_None)
        g.values.clear();
    int hasNodata = 0;
    const double nodata = GDALGetRasterNoDataValue(GDALGetRasterBand(ds, 1), &hasNodata);
    if (hasNodata)
        for (float &v : g.values)
            if (v == static_cast<float>(nodata))
                v = std::numeric_limits<float>::quiet_NaN();
    GDALClose(ds);
    return g;
}

/// Shades a whole grid with constant cell sizes [m]; the result has the
/// grid's size with 0 in the outer ring (like gdaldem without -compute_edges).
std::vector<float> shadeGrid(const Grid &g, const std::vector<double> &cellW, const std::vector<double> &cellH,
                             const Hillshade::Parameters &p)
{
    std::vector<float> inner(static_cast<std::size_t>(g.width - 2) * (g.height - 2));
    Hillshade::compute(g.values.data(), g.width, g.height, cellW.data(), cellH.data(), p, inner.data());
    std::vector<float> out(g.values.size(), 0.0f);
    for (int r = 1; r < g.height - 1; ++r)
        for (int c = 1; c < g.width - 1; ++c)
            out[static_cast<std::size_t>(r) * g.width + c] = inner[static_cast<std::size_t>(r - 1) * (g.width - 2) + c - 1];
    return out;
}

struct Difference
{
    double max = 0, mean = 0, p99 = 0;
};

/// Differences over the interior, leaving `margin` cells at each edge.
Difference compareInterior(const std::vector<float> &a, const std::vector<float> &b, int width, int height, int margin)
{
    std::vector<double> d;
    for (int r = margin; r < height - margin; ++r)
        for (int c = margin; c < width - margin; ++c) {
            const std::size_t k = static_cast<std::size_t>(r) * width + c;
            // 0 is nodata for both; gdaldem also gives 0 next to a void,
            // where our kernel fills the missing neighbour.
            if (!(a[k] > 0) || !(b[k] > 0))
                continue;
            d.push_back(std::abs(static_cast<double>(a[k]) - b[k]));
        }
    Difference out;
    if (d.empty())
        return out;
    out.max = *std::max_element(d.begin(), d.end());
    out.mean = std::accumulate(d.begin(), d.end(), 0.0) / d.size();
    std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(d.size() * 99 / 100), d.end());
    out.p99 = d[d.size() * 99 / 100];
    return out;
}

/// Pearson correlation of each pixel's luminance with its right-hand neighbour.
double neighbourCorrelation(const QImage &image)
{
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    qint64 n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x + 1 < image.width(); ++x) {
            const double a = qGray(image.pixel(x, y)), b = qGray(image.pixel(x + 1, y));
            sx += a;
            sy += b;
            sxx += a * a;
            syy += b * b;
            sxy += a * b;
            ++n;
        }
    const double cov = sxy / n - (sx / n) * (sy / n);
    const double va = sxx / n - (sx / n) * (sx / n), vb = syy / n - (sy / n) * (sy / n);
    return va > 0 && vb > 0 ? cov / std::sqrt(va * vb) : 0.0;
}

} // namespace

class TestHillshade : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void planes_data();
    void planes();
    void coneFlank();
    void wgs84CellSize_data();
    void wgs84CellSize();
    void againstGdaldemOnGaussianHills_data();
    void againstGdaldemOnGaussianHills();
    void realTileAgainstGdaldem_data();
    void realTileAgainstGdaldem();
    void realTileRenderIsRelief();
    void realTileGolden();
};

void TestHillshade::initTestCase() { GdalEnvironment::initialise(); }

void TestHillshade::planes_data()
{
    QTest::addColumn<double>("riseEast");  // dz/dE
    QTest::addColumn<double>("riseNorth"); // dz/dN
    QTest::addColumn<double>("azimuth");
    QTest::addColumn<double>("altitude");
    QTest::addColumn<double>("zFactor");
    QTest::addColumn<bool>("multidirectional");
    QTest::addColumn<double>("expected");
    // Hand-computed from the cosine of the angle between the surface normal
    // n = (-p, -q, 1)/sqrt(1+p²+q²) and the light L = (sin az cos alt,
    // cos az cos alt, sin alt): shade = 1 + 254 max(0, n·L) (gdaldem's 1..255).
    // Flat ground: 1 + 254 sin 45° = 180.605.
    QTest::newRow("flat, light 315/45") << 0.0 << 0.0 << 315.0 << 45.0 << 1.0 << false << 180.605;
    // 45° slope facing the light (rising to the south-east): n·L = 1.
    QTest::newRow("45 deg slope facing the light") << std::sqrt(0.5) << -std::sqrt(0.5) << 315.0 << 45.0 << 1.0
                                                   << false << 255.0;
    // 45° slope facing away: n·L = 0, gdaldem's floor of 1.
    QTest::newRow("45 deg slope facing away") << -std::sqrt(0.5) << std::sqrt(0.5) << 315.0 << 45.0 << 1.0 << false
                                              << 1.0;
    // Rising east at 10 %: n·L = (0.70711 + 0.05) / 1.004988 = 0.753350.
    QTest::newRow("10 % rise to the east") << 0.1 << 0.0 << 315.0 << 45.0 << 1.0 << false << 192.351;
    // z factor 2 doubles the slope: (0.70711 + 0.1) / 1.019804 = 0.791437.
    QTest::newRow("10 % rise, z factor 2") << 0.1 << 0.0 << 315.0 << 45.0 << 2.0 << false << 202.025;
    // Light from the east onto the same slope: (0.70711 - 0.1*0.70711)/1.004988 = 0.633254.
    QTest::newRow("10 % rise, light from the east") << 0.1 << 0.0 << 90.0 << 45.0 << 1.0 << false << 161.847;
    // Multidirectional, flat: every light gives sin 45°.
    QTest::newRow("multidirectional, flat") << 0.0 << 0.0 << 315.0 << 45.0 << 1.0 << true << 180.605;
    // Multidirectional, 10 % rise east (gdaldem's weights: W270 = x², W225 =
    // W315 = x²/2, W360 = 0): 127 (0.75711 + 0.77782) / 1.004988 + 1.
    QTest::newRow("multidirectional, 10 % rise east") << 0.1 << 0.0 << 315.0 << 45.0 << 1.0 << true << 194.973;
}

void TestHillshade::planes()
{
    QFETCH(double, riseEast);
    QFETCH(double, riseNorth);
    QFETCH(double, azimuth);
    QFETCH(double, altitude);
    QFETCH(double, zFactor);
    QFETCH(bool, multidirectional);
    QFETCH(double, expected);
    // 5×5 grid of 30 m cells, row 0 in the north.
    const int n = 5;
    const double cell = 30.0;
    std::vector<float> z(n * n);
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c)
            z[r * n + c] = static_cast<float>(1000.0 + riseEast * c * cell - riseNorth * r * cell);
    const std::vector<double> cellW(n, cell), cellH(n, cell);
    Hillshade::Parameters p;
    p.azimuthDegrees = azimuth;
    p.altitudeDegrees = altitude;
    p.zFactor = zFactor;
    p.multidirectional = multidirectional;
    std::vector<float> out((n - 2) * (n - 2));
    Hillshade::compute(z.data(), n, n, cellW.data(), cellH.data(), p, out.data());
    for (float v : out) {
        if (std::abs(v - expected) > 0.01)
            QFAIL(qPrintable(QStringLiteral("shade %1, expected %2 (tolerance 0.01)").arg(v).arg(expected)));
    }
}

void TestHillshade::coneFlank()
{
    // A cone falling 0.5 m per metre from its apex, on 10 m cells. Due east of
    // the apex the ground faces east with slope 0.5 (p = -0.5, q = 0); with the
    // light at 315/45, n·L = (0.70711 - 0.25) / 1.118034 = 0.408862, shade
    // 104.85. Horn's stencil sees the cone's curvature across the row; 200 m
    // from the apex that costs less than 0.1.
    const int n = 81;
    const double cell = 10.0;
    std::vector<float> z(n * n);
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c)
            z[r * n + c] = static_cast<float>(2000.0 - 0.5 * std::hypot((c - 40) * cell, (r - 40) * cell));
    const std::vector<double> cellW(n, cell), cellH(n, cell);
    std::vector<float> out((n - 2) * (n - 2));
    Hillshade::compute(z.data(), n, n, cellW.data(), cellH.data(), Hillshade::Parameters{}, out.data());
    const float east = out[(40 - 1) * (n - 2) + (60 - 1)];
    QVERIFY2(std::abs(east - 104.85) < 0.1, qPrintable(QStringLiteral("east flank %1, expected 104.85").arg(east)));
    // Due north-west the flank faces the light head-on at atan(0.5) = 26.57°
    // of slope, 18.43° off the light's elevation: cos 18.43° = 0.948683.
    const float northWest = out[(26 - 1) * (n - 2) + (26 - 1)];
    QVERIFY2(std::abs(northWest - (1 + 254 * 0.948683)) < 0.3,
             qPrintable(QStringLiteral("north-west flank %1, expected 241.97").arg(northWest)));
}

void TestHillshade::wgs84CellSize_data()
{
    QTest::addColumn<double>("latitude");
    QTest::newRow("equator") << 0.0;
    QTest::newRow("45 deg") << 45.0;
    QTest::newRow("46.5 deg, middle of SRTM N46E008") << 46.5;
    QTest::newRow("60 deg") << 60.0;
    QTest::newRow("80 deg south") << -80.0;
}

namespace {
/// Geodesic distance [m] on WGS84 by GeographicLib's GeodSolve (an
/// independent implementation, Karney 2013).
double geodSolveDistance(double lat1, double lon1, double lat2, double lon2)
{
    QProcess p;
    p.start(QStringLiteral("GeodSolve"), {QStringLiteral("-i"), QStringLiteral("-p"), QStringLiteral("9")});
    p.waitForStarted();
    p.write(QStringLiteral("%1 %2 %3 %4\n").arg(lat1, 0, 'f', 12).arg(lon1, 0, 'f', 12).arg(lat2, 0, 'f', 12).arg(lon2, 0, 'f', 12).toLatin1());
    p.closeWriteChannel();
    p.waitForFinished(10000);
    const QStringList fields = QString::fromLatin1(p.readAllStandardOutput()).simplified().split(QLatin1Char(' '));
    return fields.size() == 3 ? fields[2].toDouble() : NAN;
}
} // namespace

void TestHillshade::wgs84CellSize()
{
    QFETCH(double, latitude);
    // Over 0.001° a geodesic along the meridian, or across the parallel,
    // differs from the arc by far less than a millimetre per degree.
    const double d = 0.001;
    const double lonMetres = geodSolveDistance(latitude, 0.0, latitude, d) / d;
    const double latMetres = geodSolveDistance(latitude - d / 2, 0.0, latitude + d / 2, 0.0) / d;
    QVERIFY2(std::isfinite(lonMetres) && std::isfinite(latMetres), "GeodSolve (geographiclib-tools) did not answer");
    QVERIFY2(std::abs(Wgs84CellSize::metresPerDegreeLongitude(latitude) - lonMetres) < 0.01,
             qPrintable(QStringLiteral("%1 m/deg of longitude, GeodSolve %2")
                            .arg(Wgs84CellSize::metresPerDegreeLongitude(latitude), 0, 'f', 3).arg(lonMetres, 0, 'f', 3)));
    QVERIFY2(std::abs(Wgs84CellSize::metresPerDegreeLatitude(latitude) - latMetres) < 0.01,
             qPrintable(QStringLiteral("%1 m/deg of latitude, GeodSolve %2")
                            .arg(Wgs84CellSize::metresPerDegreeLatitude(latitude), 0, 'f', 3).arg(latMetres, 0, 'f', 3)));
}

void TestHillshade::againstGdaldemOnGaussianHills_data()
{
    QTest::addColumn<QStringList>("gdaldemOptions");
    QTest::addColumn<double>("azimuth");
    QTest::addColumn<double>("altitude");
    QTest::addColumn<double>("zFactor");
    QTest::addColumn<bool>("multidirectional");
    QTest::newRow("default 315/45") << QStringList{} << 315.0 << 45.0 << 1.0 << false;
    QTest::newRow("light from the east, low, z 3")
        << QStringList{QStringLiteral("-az"), QStringLiteral("90"), QStringLiteral("-alt"), QStringLiteral("25"),
                       QStringLiteral("-z"), QStringLiteral("3")}
        << 90.0 << 25.0 << 3.0 << false;
    QTest::newRow("multidirectional") << QStringList{QStringLiteral("-multidirectional")} << 315.0 << 45.0 << 1.0
                                      << true;
}

void TestHillshade::againstGdaldemOnGaussianHills()
{
    QFETCH(QStringList, gdaldemOptions);
    QFETCH(double, azimuth);
    QFETCH(double, altitude);
    QFETCH(double, zFactor);
    QFETCH(bool, multidirectional);
    // Three Gaussian hills on 30 m cells in UTM 38N.
    test::GeoTiffSpec spec;
    spec.width = spec.height = 200;
    spec.geoTransform = {600000, 30, 0, 4400000, 0, -30};
    const QString dem = test::writeGeoTiff(QStringLiteral("hills.tif"), spec, [](int c, int r) {
        auto hill = [](double x, double y, double x0, double y0, double h, double s) {
            return h * std::exp(-((x - x0) * (x - x0) + (y - y0) * (y - y0)) / (2 * s * s));
        };
        return 500.0 + hill(c, r, 60, 70, 900, 25) + hill(c, r, 140, 120, 600, 15) + hill(c, r, 100, 160, 300, 40);
    });
    QVERIFY(!dem.isEmpty());
    const QString out = test::tempDir() + QStringLiteral("/hills_gdaldem.tif");
    QProcess gdaldem;
    gdaldem.start(QStringLiteral("gdaldem"), QStringList{QStringLiteral("hillshade"), QStringLiteral("-q"), dem, out}
                                                 + gdaldemOptions);
    QVERIFY(gdaldem.waitForFinished(60000));
    QCOMPARE(gdaldem.exitCode(), 0);

    const Grid z = readGrid(dem);
    const Grid reference = readGrid(out);
    QCOMPARE(reference.width, z.width);
    Hillshade::Parameters p;
    p.azimuthDegrees = azimuth;
    p.altitudeDegrees = altitude;
    p.zFactor = zFactor;
    p.multidirectional = multidirectional;
    const std::vector<float> ours = shadeGrid(z, std::vector<double>(z.height, 30.0), std::vector<double>(z.height, 30.0), p);
    // gdaldem writes bytes (rounded) and uses an approximate reciprocal square
    // root: within 1 grey level everywhere.
    const Difference d = compareInterior(ours, reference.values, z.width, z.height, 1);
    QVERIFY2(d.max <= 1.0, qPrintable(QStringLiteral("max difference %1 grey levels (mean %2)").arg(d.max).arg(d.mean)));
}

void TestHillshade::realTileAgainstGdaldem_data()
{
    QTest::addColumn<bool>("latitudeAware");
    QTest::addColumn<double>("maxP99");
    QTest::addColumn<double>("maxMean");
    // gdaldem hillshade -s 111120 treats a degree as 111,120 m in both
    // directions; with the same constant cell size our kernel must agree to
    // one grey level (rounding to bytes).
    QTest::newRow("constant scale as gdaldem -s 111120") << false << 1.0 << 0.6;
    // Our renderer's cell sizes come from the ellipsoid row by row. gdaldem
    // (3.6) has one scale for both axes, so it runs on a copy whose cell size
    // is rescaled to metres at the tile's middle latitude (46.5°); rows away
    // from the middle differ by up to ±0.9 % in cell width, which moves the
    // shade by a few grey levels on steep slopes.
    QTest::newRow("by latitude vs gdaldem on a copy in metres at 46.5 N") << true << 3.0 << 0.8;
}

void TestHillshade::realTileAgainstGdaldem()
{
    const QString data = test::sharedDataDir();
    if (data.isEmpty())
        QSKIP("../shared/data is missing: the real-data group (SRTM N46E008 against gdaldem) is skipped");
    QFETCH(bool, latitudeAware);
    QFETCH(double, maxP99);
    QFETCH(double, maxMean);
    const QString tile = data + QStringLiteral("/dem/N46E008.tif");
    const Grid z = readGrid(tile);
    QVERIFY(!z.values.empty());
    const double cellDegX = z.geoTransform[1], cellDegY = -z.geoTransform[5];

    QString input = tile;
    std::vector<double> cellW(z.height), cellH(z.height);
    if (!latitudeAware) {
        std::fill(cellW.begin(), cellW.end(), cellDegX * 111120.0);
        std::fill(cellH.begin(), cellH.end(), cellDegY * 111120.0);
    } else {
        for (int r = 0; r < z.height; ++r) {
            const double lat = z.geoTransform[3] + (r + 0.5) * z.geoTransform[5];
            cellW[r] = cellDegX * Wgs84CellSize::metresPerDegreeLongitude(lat);
            cellH[r] = cellDegY * Wgs84CellSize::metresPerDegreeLatitude(lat);
        }
        // A copy with the geotransform in units of 111,120 m at 46.5° N.
        input = test::tempDir() + QStringLiteral("/n46e008_metric.tif");
        GDALDatasetH src = GDALOpen(tile.toUtf8().constData(), GA_ReadOnly);
        GDALDatasetH copy = GDALCreateCopy(GDALGetDriverByName("GTiff"), input.toUtf8().constData(), src, FALSE,
                                           nullptr, nullptr, nullptr);
        double gt[6];
        GDALGetGeoTransform(src, gt);
        gt[1] *= Wgs84CellSize::metresPerDegreeLongitude(46.5) / 111120.0;
        gt[5] *= Wgs84CellSize::metresPerDegreeLatitude(46.5) / 111120.0;
        GDALSetGeoTransform(copy, gt);
        GDALClose(copy);
        GDALClose(src);
    }
    const QString out = test::tempDir() + QStringLiteral("/n46e008_gdaldem.tif");
    QProcess gdaldem;
    gdaldem.start(QStringLiteral("gdaldem"), {QStringLiteral("hillshade"), QStringLiteral("-q"), QStringLiteral("-s"),
                                              QStringLiteral("111120"), input, out});
    QVERIFY(gdaldem.waitForFinished(60000));
    QCOMPARE(gdaldem.exitCode(), 0);
    const Grid reference = readGrid(out);
    QCOMPARE(reference.width, z.width);

    const std::vector<float> ours = shadeGrid(z, cellW, cellH, Hillshade::Parameters{});
    const Difference d = compareInterior(ours, reference.values, z.width, z.height, 2);
    qInfo("N46E008 vs gdaldem: max %.2f, 99th percentile %.2f, mean %.3f grey levels", d.max, d.p99, d.mean);
    QVERIFY2(d.p99 <= maxP99, qPrintable(QStringLiteral("99th percentile %1 > %2").arg(d.p99).arg(maxP99)));
    QVERIFY2(d.mean <= maxMean, qPrintable(QStringLiteral("mean %1 > %2").arg(d.mean).arg(maxMean)));
}

void TestHillshade::realTileRenderIsRelief()
{
    const QString data = test::sharedDataDir();
    if (data.isEmpty())
        QSKIP("../shared/data is missing: the real-data group (render of SRTM N46E008) is skipped");
    auto layer = RasterLayer::open(data + QStringLiteral("/dem/N46E008.tif"));
    QVERIFY2(layer.ok(), qPrintable(layer.ok() ? QString() : layer.error().toString()));
    QCOMPARE((*layer)->kind(), Layer::Kind::Terrain);
    TerrainStyle hillshadeOnly;
    hillshadeOnly.colourRelief = false;
    hillshadeOnly.multidirectional = false;
    hillshadeOnly.shadeOpacity = 1.0;
    (*layer)->setTerrainStyle(hillshadeOnly);
    const MapSettings settings = MapSettings::fitting(Crs::wgs84(), (*layer)->extent(), QSize(600, 600));
    QList<LayerError> errors;
    const QImage image = MapRenderer::renderImage(settings, {layer->get()}, &errors);
    QVERIFY(errors.isEmpty());
    image.save(test::tempDir() + QStringLiteral("/n46e008_hillshade.png"));
    // Shaded relief of real mountains varies smoothly from pixel to pixel;
    // the same tile shaded with degrees taken as metres is near-random black
    // and white, with a neighbour correlation near zero.
    const double rho = neighbourCorrelation(image);
    qInfo("neighbour correlation %.3f", rho);
    QVERIFY2(rho > 0.8, qPrintable(QStringLiteral("neighbour correlation %1 <= 0.8: looks like noise").arg(rho)));
    int dark = 0, light = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const int g = qGray(image.pixel(x, y));
            dark += g < 30;
            light += g > 240;
        }
    const double extremes = double(dark + light) / (image.width() * image.height());
    QVERIFY2(extremes < 0.2, qPrintable(QStringLiteral("%1 % of pixels black or white").arg(extremes * 100)));
}

void TestHillshade::realTileGolden()
{
    const QString data = test::sharedDataDir();
    if (data.isEmpty())
        QSKIP("../shared/data is missing: the real-data group (golden render of SRTM N46E008) is skipped");
    auto layer = RasterLayer::open(data + QStringLiteral("/dem/N46E008.tif"));
    QVERIFY(layer.ok());
    // The default style, drawn in UTM 32N as an analyst would see it.
    const Crs utm32 = *Crs::fromString(QStringLiteral("EPSG:32632"));
    const MapSettings settings(utm32, QPointF(460000, 5150000), 100.0, QSize(720, 720));
    QList<LayerError> errors;
    const QImage image = MapRenderer::renderImage(settings, {layer->get()}, &errors);
    QVERIFY(errors.isEmpty());
    QString message;
    QVERIFY2(test::matchesGolden(image, QStringLiteral("terrain_n46e008_utm32"), 0.01, &message), qPrintable(message));

    // And in its own CRS (EPSG:4326), the whole tile: the geographic case
    // where cells must be converted to metres row by row.
    const MapSettings geographic = MapSettings::fitting(Crs::wgs84(), (*layer)->extent(), QSize(600, 600));
    const QImage image4326 = MapRenderer::renderImage(geographic, {layer->get()}, &errors);
    QVERIFY(errors.isEmpty());
    QVERIFY2(test::matchesGolden(image4326, QStringLiteral("terrain_n46e008_wgs84"), 0.01, &message), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestHillshade)
#include "test_hillshade.moc"
