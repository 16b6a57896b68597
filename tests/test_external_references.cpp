// External references (issue 6): every reference a file would make GDAL
// follow outside its folder or to the network is listed by name, without
// GDAL opening the file; openLayer refuses a file with unconsented
// references and nothing of the referenced file reaches a message.
//
// The element names of the rows come from GDAL's VRT format description
// (gdal.org/drivers/raster/vrt.html: SimpleSource, ComplexSource,
// AveragedSource, KernelFilteredSource, Overview, MaskBand, relativeToVRT,
// VRTDerivedRasterBand/PixelFunctionLanguage), GDAL's WMS driver
// (gdal.org/drivers/raster/wms.html: ServerUrl, Cache/Path) and the OGC KML
// 2.2 schema (NetworkLink/Link/href, Icon/href, styleUrl).
#include "io/external_references.h"
#include "io/gdal_environment.h"
#include "project/layer_factory.h"
#include "project/layer_request.h"
#include "project/project_references.h"
#include "render/layer.h"
#include "support/synthetic_dem.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QDir>
#include <QFile>

#include <cpl_error.h>
#include <cpl_vsi.h>

using namespace linewatch;

namespace {

/// A marker no file name or message of ours contains: it must never appear
/// in any message about a file that points at the secret.
constexpr char secretText[] = "TOP-SECRET-7f3a9c-CONTENTS";

QStringList gMessages;

void collectMessages(QtMsgType, const QMessageLogContext &, const QString &message) { gMessages << message; }

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

QByteArray vrtWith(const QByteArray &sourceElement, const QByteArray &source, bool relative = false)
{
    return "<VRTDataset rasterXSize=\"70\" rasterYSize=\"45\">\n"
           "  <SRS>EPSG:4326</SRS>\n  <GeoTransform>46.3, 0.01, 0, 39.95, 0, -0.01</GeoTransform>\n"
           "  <VRTRasterBand dataType=\"Int16\" band=\"1\">\n    <"
           + sourceElement + ">\n      <SourceFilename relativeToVRT=\"" + (relative ? "1" : "0") + "\">" + source
           + "</SourceFilename>\n      <SourceBand>1</SourceBand>\n    </" + sourceElement
           + ">\n  </VRTRasterBand>\n</VRTDataset>\n";
}

} // namespace

class TestExternalReferences : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init() { ExternalReferenceConsent::session().clear(); }
    void scan_data();
    void scan();
    void refusedScans_data();
    void refusedScans();
    void kmz();
    void project();
    void consent();
    void encodeDecode();
    void openLayerRefusesWithoutConsent();
    void secretNeverInMessages();
    void projectLayerOutsideNeedsConsent();
    void sampleTerrainOpensWithoutAsking();

private:
    QString mIn;  // the folder of the opened files
    QString mOut; // a folder outside it
};

void TestExternalReferences::initTestCase()
{
    GdalEnvironment::initialise();
    mIn = QDir(test::tempDir()).absoluteFilePath(QStringLiteral("inside"));
    mOut = QDir(test::tempDir()).absoluteFilePath(QStringLiteral("outside"));
    QVERIFY(QDir().mkpath(mIn + QStringLiteral("/sub")));
    QVERIFY(QDir().mkpath(mOut));
    QVERIFY(test::writeSyntheticDem(mIn + QStringLiteral("/sub/dem.tif"), test::sampleTerrainBox(), 70, 45));
    QVERIFY(writeFile(mOut + QStringLiteral("/secret.txt"), QByteArray(secretText) + "\n"));
    QVERIFY(writeFile(mIn + QStringLiteral("/sub/a.zip"), "PK"));
    // A symlink inside the folder that leads out of it counts as outside.
    QVERIFY(QFile::link(mOut + QStringLiteral("/secret.txt"), mIn + QStringLiteral("/link.tif")));
}

void TestExternalReferences::scan_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");  // @IN@ and @OUT@ stand for the folders
    QTest::addColumn<QStringList>("expected"); // targets, in document order
    QTest::addColumn<QStringList>("kinds");

    const QStringList none;
    QTest::newRow("VRT SimpleSource, absolute path outside")
        << "simple.vrt" << vrtWith("SimpleSource", "@OUT@/secret.txt") << QStringList{"@OUT@/secret.txt"}
        << QStringList{"local file"};
    QTest::newRow("VRT SimpleSource /etc/passwd")
        << "passwd.vrt" << vrtWith("SimpleSource", "/etc/passwd") << QStringList{"/etc/passwd"} << QStringList{"local file"};
    QTest::newRow("VRT ComplexSource /vsicurl/")
        << "curl.vrt" << vrtWith("ComplexSource", "/vsicurl/http://x.example/y.tif")
        << QStringList{"/vsicurl/http://x.example/y.tif"} << QStringList{"network"};
    QTest::newRow("VRT AveragedSource https URL")
        << "url.vrt" << vrtWith("AveragedSource", "https://x.example/y.tif") << QStringList{"https://x.example/y.tif"}
        << QStringList{"network"};
    QTest::newRow("VRT KernelFilteredSource relative escape")
        << "escape.vrt" << vrtWith("KernelFilteredSource", "../outside/secret.txt", true)
        << QStringList{"@OUT@/secret.txt"} << QStringList{"local file"};
    QTest::newRow("VRT relative source inside") << "inside.vrt" << vrtWith("SimpleSource", "sub/dem.tif", true) << none
                                                << none;
    QTest::newRow("VRT absolute source inside") << "inside-abs.vrt" << vrtWith("SimpleSource", "@IN@/sub/dem.tif")
                                                << none << none;
    QTest::newRow("VRT symlink inside pointing outside")
        << "link.vrt" << vrtWith("SimpleSource", "link.tif", true) << QStringList{"@IN@/link.tif"}
        << QStringList{"local file"};
    QTest::newRow("VRT /vsizip/ of an outside archive")
        << "zip-out.vrt" << vrtWith("SimpleSource", "/vsizip/@OUT@/a.zip/x.tif") << QStringList{"/vsizip/@OUT@/a.zip/x.tif"}
        << QStringList{"local file"};
    QTest::newRow("VRT /vsizip/ of an archive inside")
        << "zip-in.vrt" << vrtWith("SimpleSource", "/vsizip/@IN@/sub/a.zip/x.tif") << none << none;
    QTest::newRow("VRT /vsistdin/") << "stdin.vrt" << vrtWith("SimpleSource", "/vsistdin/") << QStringList{"/vsistdin/"}
                                    << QStringList{"special"};
    QTest::newRow("VRT /vsisubfile/")
        << "subfile.vrt" << vrtWith("SimpleSource", "/vsisubfile/0_100,@OUT@/secret.txt")
        << QStringList{"/vsisubfile/0_100,@OUT@/secret.txt"} << QStringList{"special"};
    QTest::newRow("VRT vrt:// of an outside file")
        << "vrtconn.vrt" << vrtWith("SimpleSource", "vrt://@OUT@/secret.txt?bands=1")
        << QStringList{"vrt://@OUT@/secret.txt?bands=1"} << QStringList{"special"};
    QTest::newRow("VRT vrt:// of a file inside") << "vrtconn-in.vrt"
                                                 << vrtWith("SimpleSource", "vrt://@IN@/sub/dem.tif?bands=1") << none << none;
    QTest::newRow("VRT overview and mask band")
        << "ovmask.vrt"
        << QByteArray("<VRTDataset rasterXSize=\"70\" rasterYSize=\"45\"><VRTRasterBand dataType=\"Int16\" band=\"1\">"
                      "<SimpleSource><SourceFilename relativeToVRT=\"1\">sub/dem.tif</SourceFilename></SimpleSource>"
                      "<Overview><SourceFilename relativeToVRT=\"0\">/vsicurl/https://ov.example/o.tif</SourceFilename>"
                      "<SourceBand>1</SourceBand></Overview>"
                      "<MaskBand><VRTRasterBand dataType=\"Byte\"><SimpleSource>"
                      "<SourceFilename relativeToVRT=\"0\">/etc/hostname</SourceFilename></SimpleSource>"
                      "</VRTRasterBand></MaskBand></VRTRasterBand></VRTDataset>")
        << QStringList{"/vsicurl/https://ov.example/o.tif", "/etc/hostname"} << QStringList{"network", "local file"};
    // GDAL finds "<VRTDataset" anywhere in a file's first KiB; the scan looks
    // further, and past a long comment.
    QTest::newRow("VRT after a 5 KB comment")
        << "comment.vrt" << "<!-- " + QByteArray(5000, 'x') + " -->\n" + vrtWith("SimpleSource", "/etc/passwd")
        << QStringList{"/etc/passwd"} << QStringList{"local file"};
    QTest::newRow("VRT after leading text, named .tif")
        << "disguised.tif" << "GIF89a " + vrtWith("SimpleSource", "/vsicurl/http://x.example/y.tif")
        << QStringList{"/vsicurl/http://x.example/y.tif"} << QStringList{"network"};
    QTest::newRow("KML network link, outside icon, external style")
        << "doc.kml"
        << QByteArray("<?xml version=\"1.0\"?><kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document>"
                      "<NetworkLink><Link><href>http://evil.example/more.kml</href></Link></NetworkLink>"
                      "<Placemark><styleUrl>#local</styleUrl><Style><IconStyle><Icon><href>sub/icon.png</href></Icon>"
                      "</IconStyle></Style><Point><coordinates>46.7,39.7</coordinates></Point></Placemark>"
                      "<GroundOverlay><Icon><href>/etc/passwd</href></Icon></GroundOverlay>"
                      "<Placemark><styleUrl>https://styles.example/s.kml#red</styleUrl></Placemark>"
                      "</Document></kml>")
        << QStringList{"http://evil.example/more.kml", "/etc/passwd", "https://styles.example/s.kml"}
        << QStringList{"network", "local file", "network"};
    QTest::newRow("KML with only local content") << "plain.kml"
                                                 << QByteArray("<kml><Document><Placemark><description>see "
                                                               "https://news.example/article</description>"
                                                               "</Placemark></Document></kml>")
                                                 << none << none;
    QTest::newRow("GDAL WMS description: server and cache folder")
        << "tiles.xml"
        << QByteArray("<GDAL_WMS><Service name=\"TMS\"><ServerUrl>https://tiles.example.org/${z}/${x}/${y}.tif</ServerUrl>"
                      "</Service><Cache><Path>@OUT@/cache</Path></Cache></GDAL_WMS>")
        << QStringList{"https://tiles.example.org/${z}/${x}/${y}.tif", "@OUT@/cache"} << QStringList{"network", "local file"};
    QTest::newRow("GeoJSON makes no reference") << "places.geojson"
                                                << QByteArray("{\"type\":\"FeatureCollection\",\"features\":[]}") << none
                                                << none;
}

void TestExternalReferences::scan()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(QStringList, expected);
    QFETCH(QStringList, kinds);
    content.replace("@IN@", mIn.toUtf8()).replace("@OUT@", mOut.toUtf8());
    const QString path = mIn + QLatin1Char('/') + fileName;
    QVERIFY(writeFile(path, content));
    auto refs = ExternalReferences::scan(path);
    QVERIFY2(refs.ok(), qPrintable(refs.ok() ? QString() : refs.error().toString()));
    QStringList targets, gotKinds;
    for (const ExternalReference &r : refs.value()) {
        targets << r.target;
        gotKinds << r.kindName();
        QVERIFY(!r.reason.isEmpty());
        QCOMPARE(QFileInfo(r.referrer).fileName(), fileName);
    }
    for (QString &e : expected)
        e.replace(QStringLiteral("@IN@"), mIn).replace(QStringLiteral("@OUT@"), mOut);
    QCOMPARE(targets, expected);
    QCOMPARE(gotKinds, kinds);
}

void TestExternalReferences::refusedScans_data()
{
    QTest::addColumn<QStringList>("files"); // name=content pairs, the first is scanned
    QTest::addColumn<QString>("pattern");
    QTest::newRow("VRT loop a -> b -> a")
        << QStringList{"loop-a.vrt=" + QString::fromUtf8(vrtWith("SimpleSource", "loop-b.vrt", true)),
                       "loop-b.vrt=" + QString::fromUtf8(vrtWith("SimpleSource", "loop-a.vrt", true))}
        << "loop \\(loop-a.vrt → loop-b.vrt → loop-a.vrt\\)";
    QTest::newRow("Python pixel function")
        << QStringList{"python.vrt=<VRTDataset rasterXSize=\"1\" rasterYSize=\"1\"><VRTRasterBand dataType=\"Byte\" "
                       "band=\"1\" subClass=\"VRTDerivedRasterBand\"><PixelFunctionLanguage>Python"
                       "</PixelFunctionLanguage><PixelFunctionType>f</PixelFunctionType></VRTRasterBand></VRTDataset>"}
        << "Python pixel functions \\(never run";
    QTest::newRow("pixel function code")
        << QStringList{"code.vrt=<VRTDataset rasterXSize=\"1\" rasterYSize=\"1\"><VRTRasterBand dataType=\"Byte\" "
                       "band=\"1\" subClass=\"VRTDerivedRasterBand\"><PixelFunctionCode>import os"
                       "</PixelFunctionCode></VRTRasterBand></VRTDataset>"}
        << "pixel-function code";
    QTest::newRow("XML 300 elements deep") << QStringList{"deep.vrt=<VRTDataset>" + QStringLiteral("<a>").repeated(300)
                                                          + QStringLiteral("</a>").repeated(300) + "</VRTDataset>"}
                                           << "nested more than 256 elements";
    QTest::newRow("malformed XML") << QStringList{"broken.vrt=<VRTDataset><VRTRasterBand></VRTDataset>"}
                                   << "malformed XML at line 1";
}

void TestExternalReferences::refusedScans()
{
    QFETCH(QStringList, files);
    QFETCH(QString, pattern);
    for (const QString &f : files)
        QVERIFY(writeFile(mIn + QLatin1Char('/') + f.section(QLatin1Char('='), 0, 0),
                          f.section(QLatin1Char('='), 1).toUtf8()));
    const QString path = mIn + QLatin1Char('/') + files.first().section(QLatin1Char('='), 0, 0);
    auto refs = ExternalReferences::scan(path);
    QVERIFY(!refs.ok());
    QVERIFY2(refs.error().message.contains(QRegularExpression(pattern)), qPrintable(refs.error().message));
    QCOMPARE(QFileInfo(refs.error().path).fileName(), QFileInfo(path).fileName());
}

void TestExternalReferences::kmz()
{
    // A KMZ is a zip with doc.kml inside; written through GDAL's /vsizip/.
    const QString path = mIn + QStringLiteral("/links.kmz");
    const QByteArray member = "/vsizip/" + path.toUtf8() + "/doc.kml";
    VSILFILE *f = VSIFOpenL(member.constData(), "wb");
    QVERIFY(f);
    const QByteArray kml = "<kml><Document><NetworkLink><Link><href>https://evil.example/live.kml</href></Link>"
                           "</NetworkLink></Document></kml>";
    QCOMPARE(VSIFWriteL(kml.constData(), 1, kml.size(), f), size_t(kml.size()));
    VSIFCloseL(f);
    auto refs = ExternalReferences::scan(path);
    QVERIFY2(refs.ok(), qPrintable(refs.ok() ? QString() : refs.error().toString()));
    QCOMPARE(refs->size(), 1);
    QCOMPARE(refs->first().target, QStringLiteral("https://evil.example/live.kml"));
    QCOMPARE(refs->first().reason, QStringLiteral("KML network link"));
    QCOMPARE(refs->first().host, QStringLiteral("evil.example"));
}

void TestExternalReferences::project()
{
    const QString path = mIn + QStringLiteral("/colleague.lwproj");
    const QByteArray json = "{\"format\": \"linewatch-project\", \"version\": 1, \"layers\": [{\"path\": \"/etc/passwd\"}, "
                            "{\"path\": \"https://x.example/claims.geojson\", \"type\": \"claims\", "
                            "\"lines\": \"../outside/lines.geojson\"}, {\"path\": \"sub/dem.tif\"}]}";
    QVERIFY(writeFile(path, json));
    auto refs = ProjectReferences::scan(path);
    QVERIFY2(refs.ok(), qPrintable(refs.ok() ? QString() : refs.error().toString()));
    QStringList targets;
    for (const ExternalReference &r : refs.value())
        targets << r.target;
    QCOMPARE(targets, (QStringList{"/etc/passwd", "https://x.example/claims.geojson", mOut + "/lines.geojson"}));
}

void TestExternalReferences::consent()
{
    ExternalReferenceConsent c;
    const ExternalReference file{ExternalReference::Kind::LocalFile, "/etc/passwd", mIn + "/a.vrt", "VRT source", {}};
    const ExternalReference tiles{ExternalReference::Kind::Network, "https://tiles.example.org/1/2/3.tif",
                                  mIn + "/t.xml", "tile server", "tiles.example.org"};
    const ExternalReference sample{ExternalReference::Kind::Network,
                                   "https://s3.amazonaws.com/elevation-tiles-prod/geotiff/${z}/${x}/${y}.tif",
                                   mIn + "/terrain-remote.xml", "tile server", "s3.amazonaws.com"};
    const ExternalReference otherBucket{ExternalReference::Kind::Network, "https://s3.amazonaws.com/evil/${z}.tif",
                                        mIn + "/t.xml", "tile server", "s3.amazonaws.com"};
    QCOMPARE(c.unconsented({file, tiles, sample, otherBucket}), (QList<ExternalReference>{file, tiles, otherBucket}));
    c.allow({file});
    QVERIFY(c.isAllowed(file));
    // Consent is per referring file: the same target from another file asks again.
    QVERIFY(!c.isAllowed(ExternalReference{file.kind, file.target, mIn + "/b.vrt", file.reason, {}}));
    c.allowHost(QStringLiteral("Tiles.Example.org"));
    QVERIFY(c.isAllowed(tiles));
    QCOMPARE(c.allowedHosts(), QStringList{"tiles.example.org"});
    c.clear();
    QVERIFY(!c.isAllowed(file));
    c.setPolicy(ExternalReferenceConsent::Policy::AllowAll);
    QVERIFY(c.isAllowed(file) && c.isAllowed(otherBucket));
}

void TestExternalReferences::encodeDecode()
{
    const ExternalReference r{ExternalReference::Kind::Special, "/vsistdin/", "/a/b.vrt", "VRT source (SimpleSource)", {}};
    const auto back = ExternalReference::decode(r.encode());
    QVERIFY(back.has_value());
    QCOMPARE(back->kind, r.kind);
    QCOMPARE(back->target, r.target);
    QCOMPARE(back->referrer, r.referrer);
    QCOMPARE(back->reason, r.reason);
    QVERIFY(!ExternalReference::decode(QStringLiteral("not\tan encoded reference")).has_value());
}

void TestExternalReferences::openLayerRefusesWithoutConsent()
{
    const QString path = mIn + QStringLiteral("/mosaic.vrt");
    QVERIFY(writeFile(path, vrtWith("SimpleSource", mOut.toUtf8() + "/dem.tif")));
    QVERIFY(test::writeSyntheticDem(mOut + QStringLiteral("/dem.tif"), test::sampleTerrainBox(), 70, 45));
    LayerRequest request;
    request.path = path;
    auto refused = openLayer(request, nullptr);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().path, path);
    QCOMPARE(refused.error().message,
             QStringLiteral("refers to files outside its folder or on the network, not read without your consent: %1/dem.tif")
                 .arg(mOut));
    QCOMPARE(refused.error().externalReferences.size(), 1);
    const auto reference = ExternalReference::decode(refused.error().externalReferences.first());
    QVERIFY(reference.has_value());
    QCOMPARE(reference->target, mOut + QStringLiteral("/dem.tif"));

    // Once the user allows it, the same request opens the mosaic.
    ExternalReferenceConsent::session().allow({*reference});
    auto opened = openLayer(request, nullptr);
    QVERIFY2(opened.ok(), qPrintable(opened.ok() ? QString() : opened.error().toString()));
    QCOMPARE(opened.value()->kind(), Layer::Kind::Terrain);
}

void TestExternalReferences::secretNeverInMessages()
{
    // A VRT that would read a secret file: every kind of path to it.
    gMessages.clear();
    const QtMessageHandler previous = qInstallMessageHandler(collectMessages);
    const QList<QByteArray> sources = {mOut.toUtf8() + "/secret.txt", "../outside/secret.txt", "link.tif",
                                       "/vsisubfile/0_40," + mOut.toUtf8() + "/secret.txt"};
    int i = 0;
    for (const QByteArray &source : sources) {
        const QString path = mIn + QStringLiteral("/steal%1.vrt").arg(i++);
        QVERIFY(writeFile(path, vrtWith("SimpleSource", source, !source.startsWith('/'))));
        CPLErrorReset();
        LayerRequest request;
        request.path = path;
        auto result = openLayer(request, nullptr);
        QVERIFY(!result.ok());
        QVERIFY(!result.error().externalReferences.isEmpty());
        QVERIFY2(!result.error().toString().contains(QLatin1String(secretText)), qPrintable(result.error().toString()));
        // GDAL never saw the file: its last error is not about it either.
        QVERIFY(!QString::fromUtf8(CPLGetLastErrorMsg()).contains(QLatin1String(secretText)));
    }
    qInstallMessageHandler(previous);
    for (const QString &m : std::as_const(gMessages))
        QVERIFY2(!m.contains(QLatin1String(secretText)), qPrintable(m));
}

void TestExternalReferences::projectLayerOutsideNeedsConsent()
{
    QVERIFY(test::writeSyntheticDem(mOut + QStringLiteral("/far.tif"), test::sampleTerrainBox(), 70, 45));
    LayerRequest request;
    request.path = mOut + QStringLiteral("/far.tif");
    request.referrer = mIn + QStringLiteral("/colleague.lwproj");
    auto refused = openLayer(request, nullptr);
    QVERIFY(!refused.ok());
    QVERIFY(!refused.error().externalReferences.isEmpty());
    QVERIFY(refused.error().message.contains(mOut + QStringLiteral("/far.tif")));
    // The same file chosen by the user (no referring project) opens.
    request.referrer.clear();
    QVERIFY(openLayer(request, nullptr).ok());
}

void TestExternalReferences::sampleTerrainOpensWithoutAsking()
{
    // The bundled sample's remote terrain description names the public
    // Terrain Tiles bucket, trusted without a dialog (builtInTrustedPrefixes).
    const QString remote = test::sourceDir() + QStringLiteral("/maps/shusha/terrain-remote.xml");
    auto refs = ExternalReferences::scan(remote);
    QVERIFY2(refs.ok(), qPrintable(refs.ok() ? QString() : refs.error().toString()));
    QCOMPARE(refs->size(), 1);
    QCOMPARE(refs->first().host, QStringLiteral("s3.amazonaws.com"));
    QCOMPARE(refs->first().reason, QStringLiteral("tile server"));
    QVERIFY(ExternalReferenceConsent::session().unconsented(refs.value()).isEmpty());
    // The same description pointing at another server asks.
    QFile original(remote);
    QVERIFY(original.open(QIODevice::ReadOnly));
    QByteArray other = original.readAll();
    other.replace("https://s3.amazonaws.com/elevation-tiles-prod/", "https://tiles.example.org/");
    QVERIFY(writeFile(mIn + QStringLiteral("/other-remote.xml"), other));
    auto otherRefs = ExternalReferences::scan(mIn + QStringLiteral("/other-remote.xml"));
    QVERIFY(otherRefs.ok());
    QCOMPARE(ExternalReferenceConsent::session().unconsented(otherRefs.value()).size(), 1);
}

QTEST_GUILESS_MAIN(TestExternalReferences)
#include "test_external_references.moc"
