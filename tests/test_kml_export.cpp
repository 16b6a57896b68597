// Claims as KML/KMZ for Google Earth, read back by GDAL's LIBKML driver (an
// independent reader): one placemark per claim, named with its verdict, at
// its position; uncertainty circles whose vertices lie at the radius
// (geodesic, within 1 mm); line versions with their validity as TimeSpans;
// and the same content as GeoJSON with annotations and their styles.
#include "annotations/annotation.h"
#include "claims/claim_checker.h"
#include "claims/claim_set.h"
#include "claims/line_set.h"
#include "export/kml_writer.h"
#include "io/gdal_environment.h"
#include "geodesy/geodesic.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QDomDocument>
#include <QProcess>

#include <gdal.h>
#include <ogr_api.h>

using namespace linewatch;

namespace {

QString sample(const char *file) { return test::sourceDir() + QStringLiteral("/maps/shusha/") + QLatin1String(file); }

int runCheck(const QStringList &extra, QByteArray *out = nullptr)
{
    QProcess p;
    p.start(test::binDir() + QStringLiteral("/linewatch-cli"),
            QStringList{QStringLiteral("check"), sample("claims.geojson"), QStringLiteral("--lines"), sample("line_of_contact.geojson")}
                + extra);
    if (!p.waitForFinished(60000))
        return -1;
    if (out)
        *out = p.readAllStandardOutput();
    return p.exitCode();
}

} // namespace

class TestKmlExport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { GdalEnvironment::initialise(); }
    void kmzReadsBackWithGdal();
    void kmlHasTimeSpansAndStyles();
    void kmzNeedsAnOutputFile();
    void geoJsonOfClaimsAndAnnotations();
};

void TestKmlExport::kmzReadsBackWithGdal()
{
    const QString out = test::tempDir() + QStringLiteral("/claims.kmz");
    QCOMPARE(runCheck({QStringLiteral("--format"), QStringLiteral("kmz"), QStringLiteral("-o"), out}), 0);
    auto claims = ClaimSet::load(sample("claims.geojson"));
    QVERIFY(claims.ok());

    GDALDatasetH ds = GDALOpenEx(out.toUtf8().constData(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    QVERIFY2(ds, "GDAL cannot open the KMZ");
    OGRLayerH layer = GDALDatasetGetLayerByName(ds, "Claims");
    QVERIFY(layer);
    QCOMPARE(int(OGR_L_GetFeatureCount(layer, TRUE)), int(claims->claims().size()));
    OGR_L_ResetReading(layer);
    for (const Claim &claim : claims->claims()) {
        OGRFeatureH f = OGR_L_GetNextFeature(layer);
        QVERIFY(f);
        const QString name = QString::fromUtf8(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "Name")));
        QVERIFY2(name.startsWith(claim.id + QStringLiteral(": ")), qPrintable(name));
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        if (claim.point) {
            // A collection of the point and its uncertainty circle.
            OGRGeometryH point = OGR_G_GetGeometryCount(g) > 0 ? OGR_G_GetGeometryRef(g, 0) : g;
            QVERIFY(std::abs(OGR_G_GetX(point, 0) - claim.point->lon) < 1e-9);
            QVERIFY(std::abs(OGR_G_GetY(point, 0) - claim.point->lat) < 1e-9);
            if (claim.uncertaintyM > 0) {
                OGRGeometryH ring = OGR_G_GetGeometryRef(OGR_G_GetGeometryRef(g, 1), 0);
                for (int i = 0; i < OGR_G_GetPointCount(ring); ++i) {
                    const double d = Geodesic::wgs84().distance(*claim.point, LonLat{OGR_G_GetX(ring, i), OGR_G_GetY(ring, i)});
                    // The coordinates carry 9 decimals (about 0.1 mm).
                    QVERIFY2(std::abs(d - claim.uncertaintyM) < 1e-3, qPrintable(QString::number(d)));
                }
            }
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
}

void TestKmlExport::kmlHasTimeSpansAndStyles()
{
    QByteArray kml;
    QCOMPARE(runCheck({QStringLiteral("--format"), QStringLiteral("kml")}, &kml), 0);
    QDomDocument doc;
    QVERIFY(doc.setContent(kml));
    // Two line versions of the sample, each with its validity.
    const QDomNodeList spans = doc.elementsByTagName(QStringLiteral("TimeSpan"));
    QCOMPARE(spans.size(), 2);
    QCOMPARE(spans.at(0).firstChildElement(QStringLiteral("begin")).text(), QStringLiteral("2020-11-10"));
    QCOMPARE(spans.at(0).firstChildElement(QStringLiteral("end")).text(), QStringLiteral("2022-08-26"));
    // Verdict styles in KML's aabbggrr: supported is #2e7d32.
    bool found = false;
    const QDomNodeList styles = doc.elementsByTagName(QStringLiteral("Style"));
    for (int i = 0; i < styles.size(); ++i)
        if (styles.at(i).toElement().attribute(QStringLiteral("id")) == QLatin1String("verdict-supported"))
            found = styles.at(i).firstChildElement(QStringLiteral("IconStyle")).firstChildElement(QStringLiteral("color")).text()
                    == QLatin1String("ff327d2e");
    QVERIFY(found);
    QVERIFY(kml.contains("Russian Ministry of Defence"));
}

void TestKmlExport::kmzNeedsAnOutputFile()
{
    QCOMPARE(runCheck({QStringLiteral("--format"), QStringLiteral("kmz")}), 2);
}

void TestKmlExport::geoJsonOfClaimsAndAnnotations()
{
    auto claims = ClaimSet::load(sample("claims.geojson"));
    auto lines = LineSet::load(sample("line_of_contact.geojson"));
    QVERIFY(claims.ok() && lines.ok());
    KmlWriter::Content c;
    c.claims = &*claims;
    for (const Claim &claim : claims->claims())
        c.verdicts.push_back(ClaimChecker(*lines).check(claim));
    Annotation ring;
    ring.kind = Annotation::Kind::Measurement;
    ring.points = {{46.70, 39.70}, {46.75, 39.72}, {46.72, 39.76}};
    ring.closed = true;
    ring.colour = QColor(0x12, 0x34, 0x56);
    Annotation label;
    label.kind = Annotation::Kind::Text;
    label.points = {{46.74, 39.75}};
    label.text = QStringLiteral("Shusha ridge");
    c.annotations = {ring, label};
    const QString out = test::tempDir() + QStringLiteral("/export.geojson");
    QVERIFY(KmlWriter::write(c, out).ok());

    // Read back with OGR's GeoJSON driver.
    GDALDatasetH ds = GDALOpenEx(out.toUtf8().constData(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr);
    QVERIFY(ds);
    OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
    QCOMPARE(int(OGR_L_GetFeatureCount(layer, TRUE)), int(claims->claims().size()) + 2);
    int annotations = 0, withVerdict = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(layer))) {
        const QString kind = QString::fromUtf8(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "layer")));
        if (kind == QLatin1String("annotations")) {
            ++annotations;
            if (QString::fromUtf8(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "kind"))) == QLatin1String("measurement")) {
                QCOMPARE(QString::fromUtf8(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "stroke"))), QStringLiteral("#123456"));
                // A closed measurement ends where it starts.
                OGRGeometryH g = OGR_F_GetGeometryRef(f);
                QCOMPARE(OGR_G_GetPointCount(g), 4);
                QCOMPARE(OGR_G_GetX(g, 3), 46.70);
            }
        } else if (!QString::fromUtf8(OGR_F_GetFieldAsString(f, OGR_F_GetFieldIndex(f, "verdict"))).isEmpty()) {
            ++withVerdict;
        }
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    QCOMPARE(annotations, 2);
    QCOMPARE(withVerdict, int(claims->claims().size()));
}

QTEST_GUILESS_MAIN(TestKmlExport)
#include "test_kml_export.moc"
