// Exported figures: layout boxes never overlap, PDF and SVG keep vectors and
// text, georeferenced exports put known places at the right pixels when read
// back with GDAL, the sidecar's hashes match the inputs, and the PNG matches
// its golden image.
#include "io/gdal_environment.h"
#include "render/vector_layer.h"
#include "export/figure_composer.h"
#include "export/figure_exporter.h"
#include "export/figure_layout.h"
#include "render/layer_stack.h"
#include "support/image_compare.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QDomDocument>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>

#include <gdal.h>
#include <ogr_srs_api.h>

#include <cmath>

using namespace linewatch;

namespace {

QString run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000))
        return {};
    return QString::fromUtf8(p.readAllStandardOutput());
}

/// Shusha as a big red point, and a line, in a GeoJSON written here.
QString writeVectorFixture()
{
    const QString path = test::tempDir() + QStringLiteral("/fixture.geojson");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Shusha","source":"en.wikipedia infobox","approximate":false},
 "geometry":{"type":"Point","coordinates":[46.7483,39.7583]}},
{"type":"Feature","properties":{"name":"Test line","source":"test fixture","approximate":false},
 "geometry":{"type":"LineString","coordinates":[[46.60,39.70],[46.70,39.80],[46.85,39.78]]}}]})");
    return path;
}

} // namespace

class TestFigureExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void layoutBoxesAreDisjoint_data();
    void layoutBoxesAreDisjoint();
    void specFromJsonRejectsBadValues_data();
    void specFromJsonRejectsBadValues();
    void pdfKeepsVectorsAndText();
    void svgKeepsVectorsAndText();
    void georeferencedExports_data();
    void georeferencedExports();
    void sidecarHashesMatchInputs();
    void fixedScaleIsGeodesic();
    void pngMatchesGolden();

private:
    std::unique_ptr<FigureComposer> composer(const FigureSpec &spec) const;

    LayerStack mLayers;
    MapSettings mView;
    QString mFixture;
};

void TestFigureExport::initTestCase()
{
    GdalEnvironment::initialise();
    mFixture = writeVectorFixture();
    auto layer = VectorLayer::open(mFixture);
    QVERIFY2(layer.ok(), qPrintable(layer.ok() ? QString() : layer.error().toString()));
    layer.value()->setName(QStringLiteral("Fixture"));
    // A big red symbol, so georeferenced exports can be checked by colour.
    VectorStyle style = VectorStyle::defaultFor(GeometryType::Point);
    style.base.fillColor = QColor(220, 20, 20);
    style.base.strokeColor = QColor(150, 0, 0);
    style.base.markerSizePt = 14;
    layer.value()->setStyle(style);
    mLayers.insert(0, std::move(layer).value());
    const Crs utm = *Crs::fromString(QStringLiteral("EPSG:32638"));
    // Shusha in UTM 38N (GeoConvert: 649763.473 4402393.008), 20 m/px.
    mView = MapSettings(utm, QPointF(649763.473, 4402393.008), 20.0, QSize(800, 600), 96);
}

std::unique_ptr<FigureComposer> TestFigureExport::composer(const FigureSpec &spec) const
{
    return std::make_unique<FigureComposer>(spec, FigureContent::describe(mView, mLayers.drawingOrder()));
}

void TestFigureExport::layoutBoxesAreDisjoint_data()
{
    QTest::addColumn<QString>("templateName");
    QTest::addColumn<int>("orientation");
    QTest::addColumn<int>("tableRows");
    for (const QString &t : FigureSpec::templateNames())
        for (int o : {int(QPageLayout::Landscape), int(QPageLayout::Portrait)})
            for (int rows : {0, 3, 40})
                QTest::addRow("%s %s, %d table rows", qPrintable(t), o == QPageLayout::Landscape ? "landscape" : "portrait", rows)
                    << t << o << rows;
}

void TestFigureExport::layoutBoxesAreDisjoint()
{
    QFETCH(QString, templateName);
    QFETCH(int, orientation);
    QFETCH(int, tableRows);
    FigureSpec spec = *FigureSpec::fromTemplate(templateName);
    spec.orientation = QPageLayout::Orientation(orientation);
    spec.title = QStringLiteral("Title");
    spec.subtitle = QStringLiteral("Subtitle");
    const FigureLayout l = FigureLayout::compute(spec, 12, tableRows);
    const QList<QRectF> boxes = l.boxes();
    QVERIFY(!l.mapFrame.isEmpty());
    QVERIFY(l.gridBand.contains(l.mapFrame));
    for (int i = 0; i < boxes.size(); ++i) {
        QVERIFY2(l.page.contains(boxes[i]), "a box leaves the page");
        for (int j = i + 1; j < boxes.size(); ++j)
            QVERIFY2(!boxes[i].intersects(boxes[j]), qPrintable(QStringLiteral("boxes %1 and %2 overlap").arg(i).arg(j)));
    }
}

void TestFigureExport::specFromJsonRejectsBadValues_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("dpi 1000") << QByteArray(R"({"dpi":1000})") << QStringLiteral("dpi 1000 is outside 72 to 600");
    QTest::newRow("unknown page") << QByteArray(R"({"page":"B7"})") << QStringLiteral("unknown page size");
    QTest::newRow("bad orientation") << QByteArray(R"({"orientation":"diagonal"})") << QStringLiteral("orientation must be");
    QTest::newRow("scale 1:5") << QByteArray(R"({"scale":5})") << QStringLiteral("outside 1:100");
    QTest::newRow("custom page too small") << QByteArray(R"({"page":"custom","page_mm":"10x10"})") << QStringLiteral("page_mm");
}

void TestFigureExport::specFromJsonRejectsBadValues()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    auto s = FigureSpec::fromJson(QJsonDocument::fromJson(json).object());
    QVERIFY(!s.ok());
    QVERIFY2(s.error().message.contains(expected), qPrintable(s.error().message));
}

void TestFigureExport::pdfKeepsVectorsAndText()
{
    FigureSpec spec = *FigureSpec::fromTemplate(QStringLiteral("report-a4"));
    spec.title = QStringLiteral("Vector check");
    auto c = composer(spec);
    const QString out = test::tempDir() + QStringLiteral("/figure.pdf");
    QVERIFY(FigureExporter::write(*c, FigureFormat::Pdf, out, {mFixture}).ok());
    const QString info = run(QStringLiteral("pdfinfo"), {out});
    // A4 landscape is 297 x 210 mm = 841.89 x 595.28 pt; pdfinfo rounds.
    QVERIFY2(info.contains(QLatin1String("842 x 595 pts (A4)")), qPrintable(info));
    const QString text = run(QStringLiteral("pdftotext"), {out, QStringLiteral("-")});
    for (const char *needle : {"Vector check", "Legend", "Shusha", "WGS84 ellipsoid", "EPSG:32638", "Sources:"})
        QVERIFY2(text.contains(QLatin1String(needle)), needle);
    // Only vector layers: no raster image may appear in the PDF.
    const QString images = run(QStringLiteral("pdfimages"), {QStringLiteral("-list"), out});
    QVERIFY2(images.count(QLatin1Char('\n')) <= 2, qPrintable(images));
}

void TestFigureExport::svgKeepsVectorsAndText()
{
    FigureSpec spec = *FigureSpec::fromTemplate(QStringLiteral("report-a4"));
    spec.title = QStringLiteral("SVG check");
    spec.dpi = 150;
    auto c = composer(spec);
    const QString out = test::tempDir() + QStringLiteral("/figure.svg");
    QVERIFY(FigureExporter::write(*c, FigureFormat::Svg, out, {mFixture}).ok());
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QDomDocument doc;
    QVERIFY(doc.setContent(&f));
    const QDomElement svg = doc.documentElement();
    QCOMPARE(svg.tagName(), QStringLiteral("svg"));
    // 297 mm at 150 dpi = 1753.9 px.
    QVERIFY2(std::abs(svg.attribute(QStringLiteral("viewBox")).split(QLatin1Char(' ')).value(2).toDouble() - 1753.9) < 1.0,
             qPrintable(svg.attribute(QStringLiteral("viewBox"))));
    QVERIFY(doc.elementsByTagName(QStringLiteral("path")).size() > 10);
    QCOMPARE(doc.elementsByTagName(QStringLiteral("image")).size(), 0);
    QVERIFY(doc.toString().contains(QLatin1String("SVG check")));
}

void TestFigureExport::georeferencedExports_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("file");
    QTest::newRow("GeoTIFF") << int(FigureFormat::GeoTiff) << QStringLiteral("map.tif");
    QTest::newRow("PNG with world file") << int(FigureFormat::GeoPng) << QStringLiteral("map.png");
}

void TestFigureExport::georeferencedExports()
{
    QFETCH(int, format);
    QFETCH(QString, file);
    FigureSpec spec = *FigureSpec::fromTemplate(QStringLiteral("map-only"));
    spec.dpi = 96;
    auto c = composer(spec);
    const QString out = test::tempDir() + QLatin1Char('/') + file;
    QVERIFY(FigureExporter::write(*c, FigureFormat(format), out, {mFixture}).ok());
    if (format == int(FigureFormat::GeoPng)) {
        QVERIFY(QFile::exists(test::tempDir() + QStringLiteral("/map.pgw")));
        QVERIFY(QFile::exists(out + QStringLiteral(".aux.xml")));
    }
    GDALDatasetH ds = GDALOpen(out.toUtf8().constData(), GA_ReadOnly);
    QVERIFY(ds);
    double gt[6];
    QCOMPARE(GDALGetGeoTransform(ds, gt), CE_None);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(GDALGetProjectionRef(ds));
    QVERIFY(srs);
    OSRAutoIdentifyEPSG(srs);
    QCOMPARE(QString::fromLatin1(OSRGetAuthorityCode(srs, nullptr)), QStringLiteral("32638"));
    OSRDestroySpatialReference(srs);
    // Shusha at UTM 38N 649763.473 E 4402393.008 N (GeoConvert): its pixel
    // from the file's own geotransform must show the red place symbol.
    const double px = (649763.473 - gt[0]) / gt[1], py = (4402393.008 - gt[3]) / gt[5];
    QVERIFY(px > 0 && py > 0 && px < GDALGetRasterXSize(ds) && py < GDALGetRasterYSize(ds));
    unsigned char rgb[3];
    for (int b = 0; b < 3; ++b)
        QCOMPARE(GDALRasterIO(GDALGetRasterBand(ds, b + 1), GF_Read, int(px), int(py), 1, 1, &rgb[b], 1, 1, GDT_Byte, 0, 0), CE_None);
    GDALClose(ds);
    QVERIFY2(rgb[0] > 120 && rgb[1] < 100 && rgb[2] < 100,
             qPrintable(QStringLiteral("pixel (%1, %2) is %3,%4,%5, not the red symbol").arg(px).arg(py).arg(rgb[0]).arg(rgb[1]).arg(rgb[2])));
}

void TestFigureExport::sidecarHashesMatchInputs()
{
    FigureSpec spec = *FigureSpec::fromTemplate(QStringLiteral("report-a4"));
    spec.dpi = 72;
    auto c = composer(spec);
    const QString out = test::tempDir() + QStringLiteral("/sidecar.png");
    QVERIFY(FigureExporter::write(*c, FigureFormat::Png, out, {mFixture}).ok());
    QFile f(out + QStringLiteral(".json"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    const QJsonArray inputs = o.value(QLatin1String("inputs")).toArray();
    QCOMPARE(inputs.size(), 1);
    // A second method: coreutils' sha256sum.
    const QString expected = run(QStringLiteral("sha256sum"), {mFixture}).section(QLatin1Char(' '), 0, 0);
    QCOMPARE(expected.size(), 64);
    QCOMPARE(inputs[0].toObject().value(QLatin1String("sha256")).toString(), expected);
    QCOMPARE(o.value(QLatin1String("map")).toObject().value(QLatin1String("crs")).toString(), QStringLiteral("EPSG:32638"));
    QVERIFY(o.value(QLatin1String("method")).toArray().first().toString().contains(QLatin1String("WGS84")));
}

void TestFigureExport::fixedScaleIsGeodesic()
{
    // At 1:50,000 and 300 dpi one pixel is 50000 * 25.4 mm / 300 = 4.2333 m of ground.
    FigureSpec spec = *FigureSpec::fromTemplate(QStringLiteral("map-only"));
    spec.scaleDenominator = 50000;
    auto c = composer(spec);
    QVERIFY(std::abs(c->mapSettings().metresPerPixelAtCenter() - 4.23333) < 1e-4);
    QVERIFY(std::abs(c->mapSettings().scaleDenominator() - 50000) < 0.5);
}

void TestFigureExport::pngMatchesGolden()
{
    FigureSpec spec = *FigureSpec::fromTemplate(QStringLiteral("report-a4"));
    spec.dpi = 72;
    spec.title = QStringLiteral("Golden figure");
    FigureContent content = FigureContent::describe(mView, mLayers.drawingOrder());
    content.methodNote.removeLast(); // the date changes every run
    FigureComposer c(spec, content);
    const QString out = test::tempDir() + QStringLiteral("/golden.png");
    QVERIFY(FigureExporter::write(c, FigureFormat::Png, out, {mFixture}).ok());
    QString message;
    QVERIFY2(test::matchesGolden(QImage(out), QStringLiteral("figure_a4_72dpi"), 0.005, &message), qPrintable(message));
}

QTEST_MAIN(TestFigureExport)
#include "test_figure_export.moc"
