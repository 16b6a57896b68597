// The project file: round trip, relative paths, atomic save, and bad input.
#include "project/autosave.h"
#include "project/project.h"

#include "support/test_paths.h"

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace linewatch;

class TestProject : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip();
    void pathsAreRelativeToTheProject();
    void recoveredPathsAreAbsolute_data();
    void recoveredPathsAreAbsolute();
    void badInput_data();
    void badInput();
    void failedSaveNamesThePath();
    void sampleProjectLoads();
};

namespace {
QString writeFile(const QString &name, const QByteArray &bytes)
{
    const QString path = test::tempDir() + QLatin1Char('/') + name;
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(bytes);
    return path;
}
} // namespace

void TestProject::roundTrip()
{
    Project p;
    p.title = QStringLiteral("Test ✓ Шуша");
    p.crs = QStringLiteral("EPSG:3857");
    p.viewCenter = LonLat{46.75, 39.76};
    p.viewScale = 25000;
    ProjectLayer a;
    a.path = QStringLiteral("data/places.geojson");
    a.name = QStringLiteral("Places");
    a.opacity = 0.5;
    a.visible = false;
    a.inLocator = true;
    a.attribution = QStringLiteral("Wikipedia infoboxes");
    a.style = QJsonObject{{QStringLiteral("labelField"), QStringLiteral("name")}};
    ProjectLayer t;
    t.path = QStringLiteral("terrain-remote.xml");
    t.localTerrainFolder = QStringLiteral("terrain");
    t.name = QStringLiteral("Terrain");
    p.layers = {a, t};
    p.filePath = test::tempDir() + QStringLiteral("/roundtrip.lwproj");

    QVERIFY(p.save(p.filePath).ok());
    auto back = Project::load(p.filePath);
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
    QCOMPARE(back->title, p.title);
    QCOMPARE(back->crs, p.crs);
    QCOMPARE(back->viewCenter, p.viewCenter);
    QCOMPARE(back->viewScale, p.viewScale);
    QCOMPARE(back->layers.size(), 2);
    QCOMPARE(back->layers[0].path, a.path);
    QCOMPARE(back->layers[0].opacity, 0.5);
    QCOMPARE(back->layers[0].visible, false);
    QCOMPARE(back->layers[0].style, a.style);
    QCOMPARE(back->layers[0].inLocator, true);
    QCOMPARE(back->layers[0].attribution, a.attribution);
    QCOMPARE(back->layers[1].inLocator, false);
    QCOMPARE(back->layers[1].localTerrainFolder, t.localTerrainFolder);
}

void TestProject::pathsAreRelativeToTheProject()
{
    Project p;
    p.filePath = QStringLiteral("/data/projects/a.lwproj");
    QCOMPARE(p.resolve(QStringLiteral("x/places.geojson")), QStringLiteral("/data/projects/x/places.geojson"));
    QCOMPARE(p.resolve(QStringLiteral("../dem/n.tif")), QStringLiteral("/data/dem/n.tif"));
    QCOMPARE(p.resolve(QStringLiteral("/abs/file.tif")), QStringLiteral("/abs/file.tif"));
    QCOMPARE(p.resolve(QStringLiteral("/vsicurl/https://example.org/a.tif")), QStringLiteral("/vsicurl/https://example.org/a.tif"));

    // Saving elsewhere rewrites relative paths so they still point at the data.
    const QString dir = test::tempDir() + QStringLiteral("/moved");
    QDir().mkpath(dir + QStringLiteral("/sub"));
    Project q;
    q.filePath = test::tempDir() + QStringLiteral("/orig.lwproj");
    ProjectLayer l;
    l.path = QStringLiteral("places.geojson");
    q.layers = {l};
    QVERIFY(q.save(dir + QStringLiteral("/sub/copy.lwproj")).ok());
    auto back = Project::load(dir + QStringLiteral("/sub/copy.lwproj"));
    QVERIFY(back.ok());
    QCOMPARE(back->resolve(back->layers[0].path), QDir::cleanPath(test::tempDir() + QStringLiteral("/places.geojson")));
}

// Autosave::recover gives every local path absolute, resolved against the
// autosave's folder (the project's), whatever the journal holds.
void TestProject::recoveredPathsAreAbsolute_data()
{
    QTest::addColumn<QString>("written");
    QTest::addColumn<QString>("expected"); ///< relative to the project's folder, "" when kept as written
    QTest::newRow("file in the folder") << QStringLiteral("places.geojson") << QStringLiteral("places.geojson");
    QTest::newRow("parent folder") << QStringLiteral("../dem/n.tif") << QStringLiteral("../dem/n.tif");
    QTest::newRow("absolute") << QStringLiteral("/abs/file.tif") << QString();
    QTest::newRow("URL") << QStringLiteral("https://example.org/t.xml") << QString();
    QTest::newRow("GDAL virtual file") << QStringLiteral("/vsicurl/https://example.org/a.tif") << QString();
    // fuzz/corpus/fuzz_autosave_journal/regression-colon-path: Qt's resource
    // syntax made it "absolute", and cleaning made it "..", relative.
    QTest::newRow("leading colon (fuzz_autosave_journal, issue 6)") << QStringLiteral(":terrain/../..") << QStringLiteral("..");
    QTest::newRow("Qt resource syntax") << QStringLiteral(":/icons/app.svg") << QStringLiteral(":/icons/app.svg");
}

void TestProject::recoveredPathsAreAbsolute()
{
    QFETCH(QString, written);
    QFETCH(QString, expected);
    const QString dir = test::tempDir() + QStringLiteral("/recover/") + QString::fromLatin1(QTest::currentDataTag()).left(12);
    QVERIFY(QDir().mkpath(dir));
    const QString project = dir + QStringLiteral("/work.lwproj");
    const QJsonObject layer{{QStringLiteral("path"), written},
                            {QStringLiteral("local_terrain_folder"), written},
                            {QStringLiteral("type"), QStringLiteral("claims")},
                            {QStringLiteral("lines"), written}};
    const QJsonObject journal{{QStringLiteral("format"), QStringLiteral("linewatch-project")},
                              {QStringLiteral("version"), 1},
                              {QStringLiteral("layers"), QJsonArray{layer}}};
    QFile f(Autosave::pathFor(project));
    QVERIFY(f.open(QIODevice::WriteOnly)); // a fixture
    f.write(QJsonDocument(journal).toJson());
    f.close();
    const auto recovered = Autosave::recover(project);
    QVERIFY2(recovered.ok(), qPrintable(recovered.ok() ? QString() : recovered.error().toString()));
    QCOMPARE(recovered->filePath, project);
    const QString want = expected.isEmpty() ? written : QDir::cleanPath(dir + QLatin1Char('/') + expected);
    const ProjectLayer &l = recovered->layers.at(0);
    QCOMPARE(l.path, want);
    QCOMPARE(l.localTerrainFolder, want);
    QCOMPARE(l.linesPath, want);
    if (expected.isEmpty())
        return;
    QVERIFY(l.path.startsWith(QLatin1Char('/')));
    QCOMPARE(recovered->resolve(l.path), want); // resolving again changes nothing
}

void TestProject::badInput_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not JSON") << QByteArray("{ this is not json") << QStringLiteral("not a valid project file");
    QTest::newRow("a JSON array") << QByteArray("[1,2]") << QStringLiteral("expected a JSON object");
    QTest::newRow("another JSON file") << QByteArray(R"({"type":"FeatureCollection"})") << QStringLiteral("not a Linewatch project");
    QTest::newRow("future version") << QByteArray(R"({"format":"linewatch-project","version":99})")
                                    << QStringLiteral("version 99 is not supported");
    QTest::newRow("latitude 95 in the view") << QByteArray(R"({"format":"linewatch-project","version":1,"view":{"center":[46,95]}})")
                                             << QStringLiteral("not a valid longitude, latitude");
    QTest::newRow("NaN-like centre") << QByteArray(R"({"format":"linewatch-project","version":1,"view":{"center":["x",39]}})")
                                     << QStringLiteral("not a valid longitude, latitude");
    QTest::newRow("negative scale") << QByteArray(R"({"format":"linewatch-project","version":1,"view":{"scale":-5}})")
                                    << QStringLiteral("scale -5 is out of range");
    QTest::newRow("layer without path") << QByteArray(R"({"format":"linewatch-project","version":1,"layers":[{"name":"x"}]})")
                                        << QStringLiteral("layer 1 has no \"path\"");
    QTest::newRow("opacity 2") << QByteArray(R"({"format":"linewatch-project","version":1,"layers":[{"path":"a","opacity":2}]})")
                               << QStringLiteral("opacity 2 is not in [0, 1]");
}

void TestProject::badInput()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const QString path = writeFile(QStringLiteral("bad.lwproj"), content);
    auto p = Project::load(path);
    QVERIFY(!p.ok());
    QVERIFY2(p.error().message.contains(expected), qPrintable(p.error().message));
    QVERIFY2(p.error().toString().contains(QLatin1String("bad.lwproj")), "the message must name the file");
}

void TestProject::failedSaveNamesThePath()
{
    // The folder does not exist: the save fails with a message naming the path.
    Project p;
    const QString path = test::tempDir() + QStringLiteral("/no/such/folder/p.lwproj");
    const Status s = p.save(path);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().toString().contains(path), qPrintable(s.error().toString()));
    QVERIFY(!QFile::exists(path));
    // A directory where the file should be: fails too, and the directory stays.
    const QString dirPath = test::tempDir() + QStringLiteral("/a-directory.lwproj");
    QDir().mkpath(dirPath);
    QVERIFY(!p.save(dirPath).ok());
    QVERIFY(QFileInfo(dirPath).isDir());
}

void TestProject::sampleProjectLoads()
{
    auto p = Project::load(test::sourceDir() + QStringLiteral("/maps/shusha/shusha.lwproj"));
    QVERIFY2(p.ok(), qPrintable(p.ok() ? QString() : p.error().toString()));
    QCOMPARE(p->crs, QStringLiteral("EPSG:32638"));
    for (const ProjectLayer &l : p->layers)
        QVERIFY2(QFileInfo::exists(p->resolve(l.path)), qPrintable(p->resolve(l.path)));
}

QTEST_GUILESS_MAIN(TestProject)
#include "test_project.moc"
