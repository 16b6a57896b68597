// Core of the annotations slice: the AnnotationLayer's geodesic figures
// (checked against GeographicLib's GeodSolve and Planimeter command-line
// tools, values pasted below with the command that made them), its edits
// and hit testing, the undo commands, drawing on screen and to SVG, the
// project file's annotations, missing files, and the autosave.
#include "project/annotation_commands.h"
#include "render/annotation_layer.h"
#include "crs/crs.h"
#include "io/gdal_environment.h"
#include "geodesy/geodesic.h"
#include "project/autosave.h"
#include "project/project.h"
#include "render/layer_renderer.h"
#include "render/render_context.h"
#include "support/synthetic_dem.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QBuffer>
#include <QElapsedTimer>
#include <QFile>
#include <QPainter>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QSvgGenerator>
#include <QUndoStack>

#include <cmath>

using namespace linewatch;

namespace {

const LonLat kA{46.70, 39.75}, kB{46.75, 39.78}, kC{46.80, 39.72};

Annotation make(Annotation::Kind kind, std::vector<LonLat> points, double radiusM = 0)
{
    Annotation a;
    a.kind = kind;
    a.points = std::move(points);
    a.radiusM = radiusM;
    return a;
}

/// Lon/lat view of the area around kA..kC, 800 x 600 px, EPSG:4326.
MapSettings view()
{
    return MapSettings::fitting(Crs::wgs84(), QRectF(46.65, 39.68, 0.20, 0.14), QSize(800, 600));
}

QImage render(const AnnotationLayer &layer, const MapSettings &s)
{
    QImage image(s.outputSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter p(&image);
    RenderContext ctx;
    ctx.painter = &p;
    ctx.settings = s;
    auto r = layer.createRenderer(s);
    r->render(ctx);
    p.end();
    return image;
}

QPointF pixel(const MapSettings &s, LonLat ll) { return s.mapToPixel(QPointF(ll.lon, ll.lat)); }

/// True when some pixel within radius of centre is close to colour.
bool colourNear(const QImage &image, QPointF centre, int radius, QColor colour)
{
    for (int y = int(centre.y()) - radius; y <= int(centre.y()) + radius; ++y)
        for (int x = int(centre.x()) - radius; x <= int(centre.x()) + radius; ++x) {
            if (!image.rect().contains(x, y))
                continue;
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - colour.red()) < 40 && std::abs(c.green() - colour.green()) < 40
                && std::abs(c.blue() - colour.blue()) < 40)
                return true;
        }
    return false;
}

} // namespace

class TestAnnotations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void segmentsMatchGeodSolve_data();
    void segmentsMatchGeodSolve();
    void polygonAreaMatchesPlanimeter();
    void circleIsGeodesic();
    void labels();
    void editsAndSignals();
    void commandsUndoAndRedo();
    void commandsSurviveTheLayerGoing();
    void dragKeepsGroundSize();
    void hitTest();
    void drawsOnScreenAndInSvg();
    void projectRoundTrip();
    void projectRejectsBadAnnotation();
    void missingFilesAreListed();
    void autosaveWritesWithinThreeSeconds();
    void autosaveRecovery();
    void autosaveNeverOlderThanTheSave_data();
    void autosaveNeverOlderThanTheSave();
    void cliDrawsProjectAnnotations();
};

void TestAnnotations::initTestCase()
{
    GdalEnvironment::initialise();
    QLocale::setDefault(QLocale::c());
    QStandardPaths::setTestModeEnabled(true);
}

void TestAnnotations::segmentsMatchGeodSolve_data()
{
    QTest::addColumn<LonLat>("from");
    QTest::addColumn<LonLat>("to");
    QTest::addColumn<double>("lengthM");
    QTest::addColumn<double>("azimuthDeg");
    // echo "39.75 46.70 39.78 46.75" | GeodSolve -i -p 6 → 52.12006636572 52.15204838114 5426.793410
    QTest::newRow("A-B (GeodSolve)") << kA << kB << 5426.793410 << 52.12006636572;
    // echo "39.78 46.75 39.72 46.80" | GeodSolve -i -p 6 → 147.23269963701 147.26467159271 7921.021049
    QTest::newRow("B-C (GeodSolve)") << kB << kC << 7921.021049 << 147.23269963701;
}

void TestAnnotations::segmentsMatchGeodSolve()
{
    QFETCH(LonLat, from);
    QFETCH(LonLat, to);
    QFETCH(double, lengthM);
    QFETCH(double, azimuthDeg);
    const auto segs = AnnotationLayer::segments(make(Annotation::Kind::Measurement, {from, to}));
    QCOMPARE(segs.size(), std::size_t(1));
    QVERIFY2(std::abs(segs[0].lengthM - lengthM) < 1e-6, qPrintable(QString::number(segs[0].lengthM, 'f', 7)));
    QVERIFY2(std::abs(segs[0].azimuthDeg - azimuthDeg) < 1e-9, qPrintable(QString::number(segs[0].azimuthDeg, 'f', 10)));
    // The drawn outline follows the geodesic: every vertex is on it.
    const auto outline = AnnotationLayer::outline(make(Annotation::Kind::Line, {from, to}));
    QVERIFY(outline.size() > 10);
    for (const LonLat &p : outline) {
        const double viaP = Geodesic::wgs84().distance(from, p) + Geodesic::wgs84().distance(p, to);
        QVERIFY(std::abs(viaP - lengthM) < 1e-6); // [m]
    }
}

void TestAnnotations::polygonAreaMatchesPlanimeter()
{
    // printf "39.75 46.70\n39.78 46.75\n39.72 46.80\n" | Planimeter -p 4 → 3 22544.5089 -21408431
    const double planimeterM2 = 21408431;
    QVERIFY(std::abs(AnnotationLayer::areaM2(make(Annotation::Kind::Polygon, {kA, kB, kC})) - planimeterM2) < 1.0);
    Annotation m = make(Annotation::Kind::Measurement, {kA, kB, kC});
    QCOMPARE(AnnotationLayer::areaM2(m), 0.0); // an open path has no area
    m.closed = true;
    QVERIFY(std::abs(AnnotationLayer::areaM2(m) - planimeterM2) < 1.0);
    // Closed: three segments whose lengths add up to Planimeter's perimeter.
    const auto segs = AnnotationLayer::segments(m);
    QCOMPARE(segs.size(), std::size_t(3));
    QVERIFY(std::abs(segs[0].lengthM + segs[1].lengthM + segs[2].lengthM - 22544.5089) < 1e-3);
}

void TestAnnotations::circleIsGeodesic()
{
    const Annotation c = make(Annotation::Kind::Circle, {kA}, 1000);
    const auto ring = AnnotationLayer::outline(c);
    QCOMPARE(ring.size(), std::size_t(181)); // every 2 degrees, closed
    QCOMPARE(ring.front(), ring.back());
    for (const LonLat &p : ring)
        QVERIFY(std::abs(Geodesic::wgs84().distance(kA, p) - 1000.0) < 1e-6);
    // echo "39.75 46.70 30 1000" | GeodSolve -p 9 → 39.75779978248245 46.70583466030567 (azimuth 30 is vertex 15)
    QVERIFY(std::abs(ring[15].lat - 39.75779978248245) < 1e-11);
    QVERIFY(std::abs(ring[15].lon - 46.70583466030567) < 1e-11);
    // Area of the drawn 180-gon: (n/2) r^2 sin(2 pi / n) = 3,140,954.5 m^2 on a plane; the
    // ellipsoid changes that by well under 1 m^2 at r = 1 km.
    const double n = 180, expected = n / 2 * 1000.0 * 1000.0 * std::sin(2 * M_PI / n);
    QVERIFY2(std::abs(AnnotationLayer::areaM2(c) - expected) < 2.0, qPrintable(QString::number(AnnotationLayer::areaM2(c))));
}

void TestAnnotations::labels()
{
    QCOMPARE(AnnotationLayer::segmentLabel({5426.79341, 52.12}), QStringLiteral("5.427 km · 052°"));
    QCOMPARE(AnnotationLayer::segmentLabel({850.4, 359.7}), QStringLiteral("850 m · 000°"));
    QCOMPARE(AnnotationLayer::segmentLabel({12345.6, 147.23}), QStringLiteral("12.35 km · 147°"));
    QCOMPARE(AnnotationLayer::areaLabel(21408431), QStringLiteral("21.41 km²"));
    QCOMPARE(AnnotationLayer::areaLabel(8500), QStringLiteral("8500 m²"));
}

void TestAnnotations::editsAndSignals()
{
    AnnotationLayer layer;
    QCOMPARE(layer.kind(), Layer::Kind::Annotations);
    QSignalSpy changed(&layer, &AnnotationLayer::annotationsChanged);
    QSignalSpy render(&layer, &Layer::changed);
    const Annotation a = make(Annotation::Kind::Text, {kA}), b = make(Annotation::Kind::Arrow, {kA, kB});
    layer.add(a);
    layer.insert(0, b);
    QCOMPARE(layer.count(), 2);
    QCOMPARE(layer.indexOf(b.id), 0);
    QCOMPARE(layer.indexOf(a.id), 1);
    layer.add(a); // the same id twice is ignored
    QCOMPARE(layer.count(), 2);
    Annotation a2 = a;
    a2.text = QStringLiteral("Sarybaba");
    QVERIFY(layer.update(a2));
    QCOMPARE(layer.find(a.id)->text, QStringLiteral("Sarybaba"));
    QVERIFY(!layer.update(make(Annotation::Kind::Text, {kB}))); // unknown id
    QVERIFY(layer.remove(b.id));
    QVERIFY(!layer.remove(b.id));
    QCOMPARE(layer.count(), 1);
    QCOMPARE(changed.count(), 4); // add, insert, update, remove
    QCOMPARE(render.count(), 4);
    // The extent covers a circle's rim, not only its centre.
    layer.add(make(Annotation::Kind::Circle, {kC}, 5000));
    QVERIFY(layer.extent().right() > kC.lon + 0.05);
}

void TestAnnotations::commandsUndoAndRedo()
{
    AnnotationLayer layer;
    QUndoStack stack;
    Annotation a = make(Annotation::Kind::Polygon, {kA, kB, kC});
    stack.push(new AddAnnotationCommand(&layer, a));
    QCOMPARE(layer.count(), 1);
    Annotation b = make(Annotation::Kind::Line, {kA, kC});
    stack.push(new AddAnnotationCommand(&layer, b));

    const std::vector<LonLat> moved{{46.71, 39.75}, {46.76, 39.78}, {46.81, 39.72}};
    stack.push(new MoveAnnotationCommand(&layer, a.id, a.points, moved));
    QCOMPARE(layer.find(a.id)->points, moved);

    AnnotationStyle red{QColor(Qt::red), 4.0, 14.0};
    stack.push(new RestyleAnnotationCommand(&layer, a.id, red));
    QCOMPARE(AnnotationStyle::of(*layer.find(a.id)), red);

    stack.push(new RemoveAnnotationCommand(&layer, a.id));
    QCOMPARE(layer.count(), 1);

    stack.undo(); // remove → back at index 0, below b
    QCOMPARE(layer.indexOf(a.id), 0);
    stack.undo(); // restyle
    QCOMPARE(AnnotationStyle::of(*layer.find(a.id)), AnnotationStyle::of(a));
    stack.undo(); // move
    QCOMPARE(layer.find(a.id)->points, a.points);
    stack.undo();
    stack.undo();
    QCOMPARE(layer.count(), 0);
    for (int i = 0; i < 5; ++i)
        stack.redo();
    QCOMPARE(layer.count(), 1);
    QCOMPARE(layer.annotations().front().id, b.id);
    stack.undo();
    QCOMPARE(layer.find(a.id)->points, moved);
    QCOMPARE(layer.find(a.id)->colour, QColor(Qt::red));
    // Removing an annotation that is not there makes an obsolete command.
    RemoveAnnotationCommand none(&layer, QUuid::createUuid());
    QVERIFY(none.isObsolete());
}

void TestAnnotations::commandsSurviveTheLayerGoing()
{
    QUndoStack stack;
    auto *layer = new AnnotationLayer;
    stack.push(new AddAnnotationCommand(layer, make(Annotation::Kind::Text, {kA})));
    delete layer; // removed from the map
    stack.undo();
    stack.redo(); // nothing to do, and no crash
    QCOMPARE(stack.count(), 1);
}

void TestAnnotations::dragKeepsGroundSize()
{
    // A single point lands exactly on the drop position.
    const LonLat drop{46.9, 39.9};
    const auto one = displacedPoints({kA}, kA, drop);
    QVERIFY(Geodesic::wgs84().distance(one[0], drop) < 1e-6);
    // A triangle keeps its side lengths to 0.01 % after a 20 km drag, and its
    // vertices their exact distances from the grab point.
    const auto tri = displacedPoints({kA, kB, kC}, kB, {46.95, 39.85});
    const double before = Geodesic::wgs84().distance(kA, kC), after = Geodesic::wgs84().distance(tri[0], tri[2]);
    QVERIFY2(std::abs(after - before) / before < 1e-4, qPrintable(QStringLiteral("%1 vs %2").arg(after).arg(before)));
    const LonLat drop2{46.95, 39.85};
    QVERIFY(std::abs(Geodesic::wgs84().distance(drop2, tri[0]) - Geodesic::wgs84().distance(kB, kA)) < 1e-6);
    QVERIFY(std::abs(Geodesic::wgs84().distance(drop2, tri[2]) - Geodesic::wgs84().distance(kB, kC)) < 1e-6);
}

void TestAnnotations::hitTest()
{
    AnnotationLayer layer;
    const MapSettings s = view();
    const Annotation line = make(Annotation::Kind::Line, {kA, kB});
    Annotation text = make(Annotation::Kind::Text, {kC});
    text.text = QStringLiteral("Mount Sarybaba");
    const Annotation poly = make(Annotation::Kind::Polygon, {{46.66, 39.69}, {46.70, 39.69}, {46.70, 39.72}});
    layer.add(line);
    layer.add(text);
    layer.add(poly);
    const QPointF mid = (pixel(s, kA) + pixel(s, kB)) / 2;
    QCOMPARE(layer.hitTest(s, mid + QPointF(0, 3)), line.id);
    QVERIFY(layer.hitTest(s, mid + QPointF(0, 30)).isNull());
    QCOMPARE(layer.hitTest(s, pixel(s, kC) + QPointF(15, 0)), text.id);
    QCOMPARE(layer.hitTest(s, pixel(s, {46.69, 39.695})), poly.id); // inside
}

void TestAnnotations::drawsOnScreenAndInSvg()
{
    AnnotationLayer layer;
    const MapSettings s = view();
    Annotation arrow = make(Annotation::Kind::Arrow, {kA, kB});
    arrow.colour = QColor(200, 0, 0);
    arrow.widthPt = 3;
    Annotation circle = make(Annotation::Kind::Circle, {kC}, 2000);
    circle.colour = QColor(0, 0, 200);
    Annotation text = make(Annotation::Kind::Text, {{46.70, 39.80}});
    text.text = QStringLiteral("HQ");
    text.colour = QColor(0, 150, 0);
    text.fontPt = 20;
    Annotation measure = make(Annotation::Kind::Measurement, {{46.66, 39.70}, {46.70, 39.69}, {46.72, 39.71}});
    measure.closed = true;
    measure.colour = QColor(120, 0, 120);
    layer.add(arrow);
    layer.add(circle);
    layer.add(text);
    layer.add(measure);
    const QImage image = render(layer, s);
    if (qEnvironmentVariableIsSet("LINEWATCH_KEEP_IMAGES")) // to look at: LINEWATCH_KEEP_IMAGES=1
        image.save(QDir::tempPath() + QStringLiteral("/test_annotations_draw.png"));
    QVERIFY(colourNear(image, (pixel(s, kA) + pixel(s, kB)) / 2, 2, arrow.colour));
    QVERIFY(colourNear(image, pixel(s, kB), 3, arrow.colour)); // the head
    // The rim passes 2 km north of the centre (echo "39.72 46.80 0 2000" | GeodSolve → 39.73801324 46.80).
    QVERIFY(colourNear(image, pixel(s, {kC.lon, 39.73801324}), 2, circle.colour));
    QVERIFY(!colourNear(image, pixel(s, {kC.lon, kC.lat + 0.030}), 3, circle.colour));
    QVERIFY(colourNear(image, pixel(s, text.points[0]), 8, text.colour));

    // SVG keeps vectors: paths, and the labels' text as outlines.
    QBuffer svg;
    svg.open(QIODevice::WriteOnly);
    QSvgGenerator gen;
    gen.setOutputDevice(&svg);
    gen.setSize(s.outputSize());
    gen.setResolution(96);
    QPainter p(&gen);
    RenderContext ctx;
    ctx.painter = &p;
    ctx.settings = s;
    ctx.vectorOutput = true;
    layer.createRenderer(s)->render(ctx);
    p.end();
    const QByteArray doc = svg.data();
    QVERIFY(doc.count("<path") >= 4);
    QVERIFY(doc.contains("#c80000"));
    QVERIFY(doc.contains("#0000c8"));
}

void TestAnnotations::projectRoundTrip()
{
    Project p;
    p.title = QStringLiteral("Shusha check");
    p.viewCenter = {46.75, 39.76};
    p.viewScale = 50000;
    ProjectLayer l;
    l.path = test::tempDir() + QStringLiteral("/places.geojson");
    l.name = QStringLiteral("Places");
    l.style = QJsonObject{{QStringLiteral("colour"), QStringLiteral("#ff0000")}};
    p.layers << l;
    Annotation text = make(Annotation::Kind::Text, {kA});
    text.text = QStringLiteral("Sarybaba");
    Annotation circle = make(Annotation::Kind::Circle, {kB}, 2500);
    circle.colour = QColor(10, 20, 30);
    p.annotations = {text, circle};
    p.hasAnnotationLayer = true;
    p.annotationsVisible = false;
    p.annotationsOpacity = 0.5;
    p.annotationsPosition = 3;
    p.claimEdits = QJsonObject{{QStringLiteral("claims"), QJsonArray{QStringLiteral("C-1")}}};

    const QString path = test::tempDir() + QStringLiteral("/roundtrip.lwproj");
    QVERIFY(p.save(path).ok());
    auto back = Project::load(path);
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
    QCOMPARE(back->annotations.size(), std::size_t(2));
    QCOMPARE(back->annotations[0].toJson(), text.toJson());
    QCOMPARE(back->annotations[1].toJson(), circle.toJson());
    QVERIFY(back->hasAnnotationLayer);
    QCOMPARE(back->annotationsVisible, false);
    QCOMPARE(back->annotationsOpacity, 0.5);
    QCOMPARE(back->annotationsPosition, 3);
    QCOMPARE(back->claimEdits, p.claimEdits);
    QCOMPARE(back->layers.size(), 1);
    QCOMPARE(back->resolve(back->layers[0].path), l.path);
    QCOMPARE(back->layers[0].style, l.style);
    // A project without annotations writes no "annotations" key.
    QVERIFY(!Project().toJson().contains(QStringLiteral("annotations")));
}

void TestAnnotations::projectRejectsBadAnnotation()
{
    QJsonObject json = Project().toJson();
    QJsonObject bad = make(Annotation::Kind::Polygon, {kA, kB, kC}).toJson();
    bad.insert(QStringLiteral("points"), QJsonArray{QJsonArray{46.7, 39.7}});
    json.insert(QStringLiteral("annotations"), QJsonObject{{QStringLiteral("items"), QJsonArray{bad}}});
    const auto r = Project::fromJson(json, QStringLiteral("x.lwproj"));
    QVERIFY(!r.ok());
    QVERIFY2(r.error().message.contains(QStringLiteral("annotations item 1")), qPrintable(r.error().message));
    QVERIFY(r.error().message.contains(QStringLiteral("polygon needs at least 3")));
}

void TestAnnotations::missingFilesAreListed()
{
    const QString dir = test::tempDir() + QStringLiteral("/moved");
    QDir().mkpath(dir);
    QFile present(dir + QStringLiteral("/here.geojson"));
    QVERIFY(present.open(QIODevice::WriteOnly));
    present.close();
    Project p;
    p.filePath = dir + QStringLiteral("/p.lwproj");
    for (const QString &name : {QStringLiteral("here.geojson"), QStringLiteral("gone.geojson"), QStringLiteral("sub/lost.tif"),
                                QStringLiteral("https://example.org/dem.tif")}) {
        ProjectLayer l;
        l.path = name;
        p.layers << l;
    }
    QCOMPARE(p.missingFiles(), (QStringList{dir + QStringLiteral("/gone.geojson"), dir + QStringLiteral("/sub/lost.tif")}));
}

void TestAnnotations::autosaveWritesWithinThreeSeconds()
{
    const QString projectPath = test::tempDir() + QStringLiteral("/auto.lwproj");
    Project current;
    current.annotations = {make(Annotation::Kind::Text, {kA})};
    current.annotations[0].text = QStringLiteral("unsaved");
    Autosave autosave([&current] { return current; });
    autosave.setProjectPath(projectPath);
    QCOMPARE(autosave.path(), projectPath + QStringLiteral(".autosave"));
    QVERIFY(!QFile::exists(autosave.path()));
    QSignalSpy written(&autosave, &Autosave::written);
    QElapsedTimer clock;
    clock.start();
    autosave.schedule();
    QTest::qWait(500);
    autosave.schedule(); // a later change does not push the write back
    QTRY_COMPARE_WITH_TIMEOUT(written.count(), 1, 5000);
    QVERIFY2(clock.elapsed() <= 3000, qPrintable(QString::number(clock.elapsed())));
    auto back = Project::load(autosave.path());
    QVERIFY(back.ok());
    QCOMPARE(back->annotations.at(0).text, QStringLiteral("unsaved"));
    autosave.discard();
    QVERIFY(!QFile::exists(autosave.path()));
}

void TestAnnotations::autosaveRecovery()
{
    const QString dir = test::tempDir() + QStringLiteral("/recover");
    QDir().mkpath(dir);
    const QString projectPath = dir + QStringLiteral("/p.lwproj");
    Project saved;
    ProjectLayer l;
    l.path = dir + QStringLiteral("/data/lines.geojson");
    saved.layers << l;
    QVERIFY(saved.save(projectPath).ok());
    QVERIFY(!Autosave::isRecoverable(projectPath));

    Project work = saved;
    work.filePath = projectPath;
    work.annotations = {make(Annotation::Kind::Arrow, {kA, kB})};
    QTest::qWait(1100); // file times have 1 s resolution on some file systems
    Autosave autosave([&work] { return work; });
    autosave.setProjectPath(projectPath);
    QVERIFY(autosave.writeNow().ok());
    QVERIFY(Autosave::isRecoverable(projectPath));
    auto recovered = Autosave::recover(projectPath);
    QVERIFY(recovered.ok());
    QCOMPARE(recovered->filePath, projectPath);
    QCOMPARE(recovered->layers.at(0).path, l.path); // absolute again
    QCOMPARE(recovered->annotations.at(0).toJson(), work.annotations[0].toJson());

    // Saving the project afterwards makes the autosave stale.
    QTest::qWait(1100);
    QVERIFY(saved.save(projectPath).ok());
    QVERIFY(!Autosave::isRecoverable(projectPath));

    // Unsaved work goes to the user's data folder.
    QVERIFY(Autosave::pathFor(QString()).startsWith(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)));
}

void TestAnnotations::autosaveNeverOlderThanTheSave_data()
{
    // Issue 16: which of an autosave and a project file recovery offers is
    // decided by what the autosave was made on and what each save replaced,
    // not by file times. Each row writes an autosave of work made on the
    // opened project, then changes the project file somehow (a Linewatch save
    // killed before it removed the autosave leaves exactly this), then sets
    // the autosave's time relative to the project's.
    QTest::addColumn<QString>("then"); ///< what happens to the project file after the autosave
    QTest::addColumn<int>("autosaveTimeOffsetS"); ///< the autosave's mtime minus the project's
    QTest::addColumn<bool>("offered");
    QTest::newRow("Linewatch saves, autosave's time later") << "save" << 5 << false;
    QTest::newRow("Linewatch saves, same time") << "save" << 0 << false;
    QTest::newRow("Linewatch saves unchanged work") << "save unchanged" << 5 << false;
    QTest::newRow("nothing, clock set back") << "nothing" << -3600 << true;
    QTest::newRow("nothing, same time") << "nothing" << 0 << true;
    // Not Linewatch's save: file times are all there is.
    QTest::newRow("another program rewrites it, autosave later") << "rewrite" << 5 << true;
    QTest::newRow("another program rewrites it, autosave older") << "rewrite" << -5 << false;
    // The autosave may be the only good copy.
    QTest::newRow("the project no longer reads, autosave older") << "damage" << -5 << true;
}

void TestAnnotations::autosaveNeverOlderThanTheSave()
{
    QFETCH(QString, then);
    QFETCH(int, autosaveTimeOffsetS);
    QFETCH(bool, offered);
    const QString dir = test::tempDir() + QStringLiteral("/never-older-") + QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'));
    QVERIFY(QDir().mkpath(dir));
    const QString projectPath = dir + QStringLiteral("/p.lwproj");
    Project first;
    first.annotations = {make(Annotation::Kind::Text, {kA})};
    QVERIFY(first.save(projectPath).ok());
    auto opened = Project::load(projectPath); // as the window opens it: with the file's digest
    QVERIFY(opened.ok());
    QCOMPARE(opened->fileSha256, Project::sha256OfFile(projectPath));

    Project work = *opened;
    work.annotations.push_back(make(Annotation::Kind::Arrow, {kA, kB}));
    Autosave autosave([&work] { return work; });
    autosave.setProjectPath(projectPath);
    QVERIFY(autosave.writeNow().ok());
    if (then.startsWith(QLatin1String("save"))) {
        Project later = then == QLatin1String("save unchanged") ? *opened : work;
        if (then == QLatin1String("save"))
            later.annotations.push_back(make(Annotation::Kind::Text, {kB}));
        QVERIFY(later.save(projectPath).ok());
    } else if (then == QLatin1String("rewrite")) {
        QFile file(projectPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray crlf = file.readAll().replace("\n", "\r\n"); // say, an editor on another system
        file.close();
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QVERIFY(file.write(crlf) == crlf.size());
        file.close();
        QVERIFY(Project::load(projectPath).ok());
    } else if (then == QLatin1String("damage")) {
        QFile file(projectPath);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QVERIFY(file.write("{\"format\": \"linewatch-project\", \"vers") > 0);
        file.close();
    }
    QFile autosaveFile(autosave.path());
    QVERIFY(autosaveFile.open(QIODevice::ReadWrite));
    const QDateTime projectTime = QFileInfo(projectPath).lastModified();
    QVERIFY(autosaveFile.setFileTime(projectTime.addSecs(autosaveTimeOffsetS), QFileDevice::FileModificationTime));
    autosaveFile.close();

    QCOMPARE(Autosave::isRecoverable(projectPath), offered);
    if (!offered)
        return;
    auto recovered = Autosave::recover(projectPath);
    QVERIFY(recovered.ok());
    QCOMPARE(recovered->annotations.size(), std::size_t(2));
    // The restored work is still work made on the file it was made on ...
    QCOMPARE(recovered->fileSha256, opened->fileSha256);
    QVERIFY(recovered->autosaveOf.isEmpty());
    if (then != QLatin1String("nothing"))
        return;
    // ... so its next autosave is offered, and a save of it makes that stale.
    Project restored = *recovered;
    Autosave again([&restored] { return restored; });
    again.setProjectPath(projectPath);
    QVERIFY(again.writeNow().ok());
    QVERIFY(Autosave::isRecoverable(projectPath));
    QVERIFY(restored.save(projectPath).ok());
    QVERIFY(!Autosave::isRecoverable(projectPath));
}

void TestAnnotations::cliDrawsProjectAnnotations()
{
    // linewatch-cli render --project draws the project's annotations too (PDF/SVG figures).
    const QString path = test::prepareSampleCopy(QStringLiteral("cli-annotations"));
    QVERIFY(!path.isEmpty());
    auto project = Project::load(path);
    QVERIFY(project.ok());
    Annotation circle = make(Annotation::Kind::Circle, {{46.75, 39.75}}, 3000);
    circle.colour = QColor(0x12, 0xab, 0x34);
    project->annotations = {circle};
    QVERIFY(project->save(path).ok());
    const QString out = test::tempDir() + QStringLiteral("/annotated.svg");
    QProcess cli;
    cli.start(test::binDir() + QStringLiteral("/linewatch-cli"),
              {QStringLiteral("render"), QStringLiteral("--project"), path, QStringLiteral("--size"), QStringLiteral("600x400"),
               QStringLiteral("--extent"), QStringLiteral("46.6,39.65,46.9,39.85"), QStringLiteral("--no-remote"),
               QStringLiteral("-o"), out});
    QVERIFY(cli.waitForFinished(120000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    QFile svg(out);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QVERIFY(svg.readAll().contains("#12ab34"));
}

QTEST_MAIN(TestAnnotations)
#include "test_annotations.moc"
