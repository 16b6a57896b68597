// Issue 6, "Losing nothing": disk full and write errors injected at each step
// of the one writer (AtomicFile::injectFault) through the real save paths:
// project save, autosave, every figure export format and the KML/KMZ/GeoJSON
// export. Each failure returns an Error naming the path, leaves the old files
// byte-identical (compared byte for byte) and leaves no temporaries. A
// failure after the rename (syncing the folder) leaves the new, complete file
// in place, as AtomicFile documents. A multi-file export (GeoPNG + .pgw +
// .aux.xml + sidecar) is replaced as a whole or not at all. And one real
// kernel error: linewatch-cli render and check under RLIMIT_FSIZE.
#include "annotations/annotation.h"
#include "common/atomic_file.h"
#include "common/atomic_file_group.h"
#include "io/gdal_environment.h"
#include "render/vector_layer.h"
#include "export/figure_composer.h"
#include "export/figure_exporter.h"
#include "export/kml_writer.h"
#include "project/autosave.h"
#include "render/layer_stack.h"
#include "project/project.h"
#include "support/folder_snapshot.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QImage>
#include <QProcess>

#include <gdal.h>

#include <cerrno>
#include <csignal>
#include <map>
#include <tuple>
#include <sys/resource.h>

using namespace linewatch;

namespace {

using test::readAll;
using test::snapshot;
using test::strayFiles;

using Step = AtomicFile::Step;
using Folder = test::FolderSnapshot;

QStringList names(const Folder &f)
{
    QStringList n;
    for (const auto &[name, bytes] : f)
        n << name;
    return n;
}

QString stepName(Step s)
{
    switch (s) {
    case Step::Create: return QStringLiteral("create");
    case Step::Write: return QStringLiteral("write");
    case Step::Sync: return QStringLiteral("sync");
    case Step::Rename: return QStringLiteral("rename");
    case Step::SyncFolder: return QStringLiteral("sync folder");
    }
    return {};
}

/// Rows "<what>: <errno> at <step>" for every step with ENOSPC and EIO.
template <class AddColumns>
void faultRows(const QString &what, AddColumns extra)
{
    for (Step step : {Step::Create, Step::Write, Step::Sync, Step::Rename, Step::SyncFolder})
        for (int err : {ENOSPC, EIO}) {
            const QString name = QStringLiteral("%1: %2 at %3")
                                     .arg(what, err == ENOSPC ? QStringLiteral("ENOSPC") : QStringLiteral("EIO"),
                                          stepName(step));
            extra(QTest::newRow(qPrintable(name)) << int(step) << err);
        }
}

QString reasonFor(int err) { return QString::fromLocal8Bit(std::strerror(err)); }

/// Shusha as a red point, and a line, in a GeoJSON written here.
QString writeVectorFixture()
{
    const QString path = test::tempDir() + QStringLiteral("/fixture.geojson");
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"name":"Shusha"},"geometry":{"type":"Point","coordinates":[46.7483,39.7583]}},
{"type":"Feature","properties":{"name":"Test line"},
 "geometry":{"type":"LineString","coordinates":[[46.60,39.70],[46.70,39.80],[46.85,39.78]]}}]})");
    return path;
}

} // namespace

class TestSaveFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup() { AtomicFile::clearFault(); }

    void projectSave_data();
    void projectSave();
    void autosaveWriteNow_data();
    void autosaveWriteNow();
    void autosaveReportsOnceAndRetries();
    void figureExport_data();
    void figureExport();
    void laterFileOfAnExportFails_data();
    void laterFileOfAnExportFails();
    void staleAuxXmlOfAnOlderExportIsRemoved();
    void kmlExport_data();
    void kmlExport();
    void cliOutputUnderFileSizeLimit_data();
    void cliOutputUnderFileSizeLimit();

private:
    std::unique_ptr<FigureComposer> composer(FigureFormat format, const QString &title) const;
    QString freshFolder(const QString &name) const;

    LayerStack mLayers;
    MapSettings mView;
    QString mFixture;
};

void TestSaveFaults::initTestCase()
{
    GdalEnvironment::initialise();
    QStandardPaths::setTestModeEnabled(true);
    mFixture = writeVectorFixture();
    auto layer = VectorLayer::open(mFixture);
    QVERIFY2(layer.ok(), qPrintable(layer.ok() ? QString() : layer.error().toString()));
    mLayers.insert(0, std::move(layer).value());
    const Crs utm = *Crs::fromString(QStringLiteral("EPSG:32638"));
    // Shusha in UTM 38N (GeoConvert: 649763.473 4402393.008), 40 m/px.
    mView = MapSettings(utm, QPointF(649763.473, 4402393.008), 40.0, QSize(320, 240), 96);
}

QString TestSaveFaults::freshFolder(const QString &name) const
{
    const QString folder = test::tempDir() + QLatin1Char('/') + name;
    QDir(folder).removeRecursively();
    QDir().mkpath(folder);
    return folder;
}

std::unique_ptr<FigureComposer> TestSaveFaults::composer(FigureFormat format, const QString &title) const
{
    const bool mapOnly = format == FigureFormat::GeoTiff || format == FigureFormat::GeoPng;
    FigureSpec spec = *FigureSpec::fromTemplate(mapOnly ? QStringLiteral("map-only") : QStringLiteral("report-a4"));
    spec.dpi = mapOnly ? 96 : 30; // small pages: these tests are about files, not pixels
    spec.title = title;
    MapSettings view = mView;
    // A different title moves nothing on a map-only figure: shift the view so the bytes differ.
    if (title.endsWith(QLatin1String("new")))
        view.setCenter(view.center() + QPointF(400, 0));
    return std::make_unique<FigureComposer>(spec, FigureContent::describe(view, mLayers.drawingOrder()));
}

// --- project and autosave --------------------------------------------------

void TestSaveFaults::projectSave_data()
{
    QTest::addColumn<int>("step");
    QTest::addColumn<int>("err");
    faultRows(QStringLiteral("project save"), [](QTestData &) {});
}

void TestSaveFaults::projectSave()
{
    QFETCH(int, step);
    QFETCH(int, err);
    const QString folder = freshFolder(QStringLiteral("project"));
    const QString path = folder + QStringLiteral("/work.lwproj");
    Project old;
    old.title = QStringLiteral("Before");
    QVERIFY(old.save(path).ok());
    const Folder before = snapshot(folder);

    Project changed = old;
    changed.title = QStringLiteral("After the change that must not be lost");
    AtomicFile::injectFault(Step(step), err, QStringLiteral("work.lwproj"));
    const Status s = changed.save(path);
    AtomicFile::clearFault();

    QVERIFY(!s.ok());
    QVERIFY2(s.error().toString().startsWith(path + QStringLiteral(": ")), qPrintable(s.error().toString()));
    QVERIFY2(s.error().message.contains(reasonFor(err)), qPrintable(s.error().message));
    QCOMPARE(strayFiles(folder), QStringList());
    if (Step(step) == Step::SyncFolder) {
        // Renamed already: the new project is whole; only its durability is in doubt.
        QVERIFY(s.error().message.startsWith(QLatin1String("saved, but")));
        auto reread = Project::load(path);
        QVERIFY(reread.ok());
        QCOMPARE(reread->title, changed.title);
    } else {
        QVERIFY(snapshot(folder) == before);
    }
}

void TestSaveFaults::autosaveWriteNow_data()
{
    QTest::addColumn<int>("step");
    QTest::addColumn<int>("err");
    faultRows(QStringLiteral("autosave"), [](QTestData &) {});
}

void TestSaveFaults::autosaveWriteNow()
{
    QFETCH(int, step);
    QFETCH(int, err);
    const QString folder = freshFolder(QStringLiteral("autosave"));
    const QString projectPath = folder + QStringLiteral("/work.lwproj");
    Project work;
    work.title = QStringLiteral("first autosave");
    Autosave autosave([&work] { return work; });
    autosave.setProjectPath(projectPath);
    QVERIFY(autosave.writeNow().ok());
    const Folder before = snapshot(folder);
    QCOMPARE(names(before), QStringList{QStringLiteral("work.lwproj.autosave")});

    work.title = QStringLiteral("second autosave");
    QSignalSpy failed(&autosave, &Autosave::failed);
    AtomicFile::injectFault(Step(step), err, QStringLiteral(".autosave"));
    const Status s = autosave.writeNow();
    AtomicFile::clearFault();

    QVERIFY(!s.ok());
    QCOMPARE(failed.size(), 1);
    QVERIFY2(failed.first().first().toString().startsWith(autosave.path() + QStringLiteral(": ")),
             qPrintable(failed.first().first().toString()));
    QVERIFY(failed.first().first().toString().contains(reasonFor(err)));
    QVERIFY(autosave.isFailing());
    QVERIFY(autosave.isPending()); // a retry is scheduled
    QCOMPARE(strayFiles(folder), QStringList());
    if (Step(step) == Step::SyncFolder) {
        auto reread = Project::load(autosave.path());
        QVERIFY(reread.ok());
        QCOMPARE(reread->title, work.title);
    } else {
        QVERIFY(snapshot(folder) == before);
    }
    autosave.discard();
    QVERIFY(!autosave.isPending());
}

void TestSaveFaults::autosaveReportsOnceAndRetries()
{
    const QString folder = freshFolder(QStringLiteral("autosave-retry"));
    Project work;
    work.title = QStringLiteral("unsaved analysis");
    int attempts = 0;
    Autosave autosave([&] {
        ++attempts;
        return work;
    });
    autosave.setProjectPath(folder + QStringLiteral("/work.lwproj"));
    QSignalSpy failed(&autosave, &Autosave::failed);
    QSignalSpy written(&autosave, &Autosave::written);
    QSignalSpy resumed(&autosave, &Autosave::resumed);

    AtomicFile::injectFault(Step::Write, ENOSPC, QStringLiteral(".autosave"));
    autosave.schedule();
    // The first attempt after kDelayMs, then a retry every kDelayMs.
    QTRY_VERIFY_WITH_TIMEOUT(attempts >= 3, 4 * Autosave::kDelayMs);
    QCOMPARE(failed.size(), 1); // told once, not at every retry
    QVERIFY(failed.first().first().toString().contains(QLatin1String("No space left on device")));
    QCOMPARE(written.size(), 0);
    QVERIFY(!QFile::exists(autosave.path()));
    QVERIFY(autosave.isPending());

    // Space again: the next retry writes the work without any new change.
    AtomicFile::clearFault();
    QTRY_COMPARE_WITH_TIMEOUT(written.size(), 1, 2 * Autosave::kDelayMs);
    QCOMPARE(resumed.size(), 1);
    QCOMPARE(failed.size(), 1);
    QVERIFY(!autosave.isFailing());
    QVERIFY(!autosave.isPending()); // no more retries once it worked
    auto reread = Project::load(autosave.path());
    QVERIFY(reread.ok());
    QCOMPARE(reread->title, work.title);

    // A new run of failures is reported again (once).
    AtomicFile::injectFault(Step::Sync, EIO, QStringLiteral(".autosave"));
    QVERIFY(!autosave.writeNow().ok());
    QVERIFY(!autosave.writeNow().ok());
    QCOMPARE(failed.size(), 2);
    AtomicFile::clearFault();
    autosave.discard();
}

// --- figure exports --------------------------------------------------------

void TestSaveFaults::figureExport_data()
{
    QTest::addColumn<int>("step");
    QTest::addColumn<int>("err");
    QTest::addColumn<int>("format");
    QTest::addColumn<QString>("file");
    const QList<std::tuple<FigureFormat, QString, QString>> formats = {
        {FigureFormat::Png, QStringLiteral("PNG page"), QStringLiteral("fig.png")},
        {FigureFormat::Pdf, QStringLiteral("PDF page"), QStringLiteral("fig.pdf")},
        {FigureFormat::Svg, QStringLiteral("SVG page"), QStringLiteral("fig.svg")},
        {FigureFormat::GeoTiff, QStringLiteral("GeoTIFF"), QStringLiteral("map.tif")},
        {FigureFormat::GeoPng, QStringLiteral("GeoPNG+pgw+aux.xml"), QStringLiteral("map.png")}};
    for (const auto &[format, label, file] : formats)
        faultRows(label, [format = format, file = file](QTestData &row) { row << int(format) << file; });
}

void TestSaveFaults::figureExport()
{
    QFETCH(int, step);
    QFETCH(int, err);
    QFETCH(int, format);
    QFETCH(QString, file);
    const QString folder = freshFolder(QStringLiteral("figure"));
    const QString path = folder + QLatin1Char('/') + file;
    auto old = composer(FigureFormat(format), QStringLiteral("old"));
    const Status first = FigureExporter::write(*old, FigureFormat(format), path, {mFixture});
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().toString()));
    const Folder before = snapshot(folder);
    QVERIFY(before.count(file + QStringLiteral(".json")));
    if (FigureFormat(format) == FigureFormat::GeoPng)
        QCOMPARE(names(before), (QStringList{QStringLiteral("map.pgw"), file, file + QStringLiteral(".aux.xml"),
                                             file + QStringLiteral(".json")}));

    // The fault hits the figure (first member) and, by name, its companions.
    auto changed = composer(FigureFormat(format), QStringLiteral("new"));
    AtomicFile::injectFault(Step(step), err, file);
    const Status s = FigureExporter::write(*changed, FigureFormat(format), path, {mFixture});
    AtomicFile::clearFault();

    QVERIFY(!s.ok());
    QVERIFY2(s.error().toString().startsWith(path), qPrintable(s.error().toString()));
    QVERIFY2(s.error().message.contains(reasonFor(err)), qPrintable(s.error().message));
    QCOMPARE(strayFiles(folder), QStringList());
    const Folder after = snapshot(folder);
    if (Step(step) == Step::SyncFolder) {
        // Every file was renamed into place: the new export, whole.
        QCOMPARE(names(after), names(before));
        QVERIFY(after.at(file) != before.at(file));
        const QJsonObject sidecar = QJsonDocument::fromJson(after.at(file + QStringLiteral(".json"))).object();
        QCOMPARE(sidecar.value(QLatin1String("output")).toString(), file);
    } else {
        QCOMPARE(names(after), names(before));
        QVERIFY(after == before);
    }
}

void TestSaveFaults::laterFileOfAnExportFails_data()
{
    QTest::addColumn<QString>("failing");
    QTest::addColumn<int>("step");
    QTest::addColumn<bool>("hadOldExport");
    // Members are committed in order map.png, map.pgw, map.png.aux.xml, map.png.json:
    // a failure of a later one must put back the ones already renamed.
    QTest::newRow("world file fails to sync: image put back") << "map.pgw" << int(Step::Sync) << true;
    QTest::newRow(".aux.xml rename refused: image and world file put back") << "map.png.aux.xml" << int(Step::Rename) << true;
    QTest::newRow("sidecar fails to sync: all three put back") << "map.png.json" << int(Step::Sync) << true;
    QTest::newRow("sidecar disk full while writing: nothing renamed") << "map.png.json" << int(Step::Write) << true;
    QTest::newRow("no old export, sidecar rename fails: new files removed") << "map.png.json" << int(Step::Rename) << false;
}

void TestSaveFaults::laterFileOfAnExportFails()
{
    QFETCH(QString, failing);
    QFETCH(int, step);
    QFETCH(bool, hadOldExport);
    const QString folder = freshFolder(QStringLiteral("group"));
    const QString path = folder + QStringLiteral("/map.png");
    if (hadOldExport) {
        auto old = composer(FigureFormat::GeoPng, QStringLiteral("old"));
        QVERIFY(FigureExporter::write(*old, FigureFormat::GeoPng, path, {mFixture}).ok());
    }
    const Folder before = snapshot(folder);
    QCOMPARE(before.size(), hadOldExport ? std::size_t(4) : std::size_t(0));

    auto changed = composer(FigureFormat::GeoPng, QStringLiteral("new"));
    AtomicFile::injectFault(Step(step), EIO, failing);
    const Status s = FigureExporter::write(*changed, FigureFormat::GeoPng, path, {mFixture});
    AtomicFile::clearFault();

    QVERIFY(!s.ok());
    QVERIFY2(s.error().path == folder + QLatin1Char('/') + failing, qPrintable(s.error().toString()));
    QVERIFY(s.error().message.contains(QLatin1String("Input/output error")));
    if (Step(step) == Step::Sync || Step(step) == Step::Rename)
        QVERIFY2(s.error().message.contains(QLatin1String("put back as they were")), qPrintable(s.error().message));
    QCOMPARE(strayFiles(folder), QStringList());
    QVERIFY(snapshot(folder) == before);
}

void TestSaveFaults::staleAuxXmlOfAnOlderExportIsRemoved()
{
    // GDAL prefers an .aux.xml's georeferencing to the GeoTIFF's own: one left
    // by an older export would misplace the new map by kilometres.
    const QString folder = freshFolder(QStringLiteral("stale-aux"));
    const QString path = folder + QStringLiteral("/map.tif");
    auto c = composer(FigureFormat::GeoTiff, QStringLiteral("new"));
    QVERIFY(FigureExporter::write(*c, FigureFormat::GeoTiff, path, {mFixture}).ok());
    if (QFile::exists(path + QStringLiteral(".aux.xml")))
        QSKIP("this GDAL writes an .aux.xml beside GeoTIFFs: nothing stale to remove");
    double expected[6];
    {
        GDALDatasetH ds = GDALOpen(path.toUtf8().constData(), GA_ReadOnly);
        QVERIFY(ds);
        QCOMPARE(GDALGetGeoTransform(ds, expected), CE_None);
        GDALClose(ds);
    }
    QVERIFY(AtomicFile::save(path + QStringLiteral(".aux.xml"),
                             "<PAMDataset><GeoTransform>0, 1, 0, 0, 0, -1</GeoTransform></PAMDataset>\n")
                .ok());
    QVERIFY(FigureExporter::write(*c, FigureFormat::GeoTiff, path, {mFixture}).ok());
    QVERIFY(!QFile::exists(path + QStringLiteral(".aux.xml")));
    GDALDatasetH ds = GDALOpen(path.toUtf8().constData(), GA_ReadOnly);
    QVERIFY(ds);
    double gt[6];
    QCOMPARE(GDALGetGeoTransform(ds, gt), CE_None);
    GDALClose(ds);
    for (int i = 0; i < 6; ++i)
        QCOMPARE(gt[i], expected[i]);
}

// --- KML, KMZ, GeoJSON -----------------------------------------------------

void TestSaveFaults::kmlExport_data()
{
    QTest::addColumn<int>("step");
    QTest::addColumn<int>("err");
    QTest::addColumn<QString>("file");
    for (const QString &file : {QStringLiteral("claims.kml"), QStringLiteral("claims.kmz"), QStringLiteral("claims.geojson")})
        faultRows(file, [file](QTestData &row) { row << file; });
}

void TestSaveFaults::kmlExport()
{
    QFETCH(int, step);
    QFETCH(int, err);
    QFETCH(QString, file);
    const QString folder = freshFolder(QStringLiteral("kml"));
    const QString path = folder + QLatin1Char('/') + file;
    Annotation label;
    label.kind = Annotation::Kind::Text;
    label.points = {LonLat{46.7483, 39.7583}};
    label.text = QStringLiteral("Shusha (old)");
    KmlWriter::Content content;
    content.title = QStringLiteral("Export");
    content.annotations = {label};
    QVERIFY(KmlWriter::write(content, path).ok());
    const Folder before = snapshot(folder);
    QCOMPARE(names(before), QStringList{file});

    content.annotations[0].text = QStringLiteral("Mount Sarybaba (new)");
    AtomicFile::injectFault(Step(step), err, file);
    const Status s = KmlWriter::write(content, path);
    AtomicFile::clearFault();

    QVERIFY(!s.ok());
    QVERIFY2(s.error().toString().startsWith(path + QStringLiteral(": ")), qPrintable(s.error().toString()));
    QVERIFY2(s.error().message.contains(reasonFor(err)), qPrintable(s.error().message));
    QCOMPARE(strayFiles(folder), QStringList());
    if (Step(step) == Step::SyncFolder) {
        QVERIFY(readAll(path) != before.at(file));
        if (!file.endsWith(QLatin1String(".kmz")))
            QVERIFY(readAll(path).contains("Mount Sarybaba (new)"));
    } else {
        QVERIFY(snapshot(folder) == before);
    }
}

// --- a real kernel error through the CLI -------------------------------------

void TestSaveFaults::cliOutputUnderFileSizeLimit_data()
{
    QTest::addColumn<QStringList>("args"); // before "-o OUT"
    QTest::addColumn<QString>("file");
    const QString sample = test::sourceDir() + QStringLiteral("/maps/shusha/");
    const QStringList check{QStringLiteral("check"), sample + QStringLiteral("claims.geojson"), QStringLiteral("--lines"),
                            sample + QStringLiteral("line_of_contact.geojson"), QStringLiteral("--format")};
    // Each output is well over the 4 KiB limit (the sample's GeoJSON verdicts are about 10 KB).
    QTest::newRow("render PNG 1600x1200")
        << QStringList{QStringLiteral("render"), QStringLiteral("<fixture>"), QStringLiteral("--extent"),
                       QStringLiteral("46.5,39.6,46.9,39.9"), QStringLiteral("--size"), QStringLiteral("1600x1200"),
                       QStringLiteral("--no-decorations")}
        << QStringLiteral("existing.png");
    QTest::newRow("check --format geojson") << (check + QStringList{QStringLiteral("geojson")}) << QStringLiteral("verdicts.geojson");
    QTest::newRow("check --format kml (KmlWriter)") << (check + QStringList{QStringLiteral("kml")}) << QStringLiteral("claims.kml");
}

void TestSaveFaults::cliOutputUnderFileSizeLimit()
{
    QFETCH(QStringList, args);
    QFETCH(QString, file);
    const QString cli = test::binDir() + QStringLiteral("/linewatch-cli");
    if (!QFile::exists(cli))
        QSKIP("build/bin/linewatch-cli is not built (cmake --build build --target linewatch-cli)");
    const QString folder = freshFolder(QStringLiteral("cli-fsize"));
    const QString out = folder + QLatin1Char('/') + file;
    args.replaceInStrings(QStringLiteral("<fixture>"), mFixture);
    // Without the limit the command works (so the failure below is the limit's).
    const QString scratch = freshFolder(QStringLiteral("cli-fsize-unlimited")) + QLatin1Char('/') + file;
    QProcess free;
    free.start(cli, args + QStringList{QStringLiteral("-o"), scratch});
    QVERIFY(free.waitForFinished(60000));
    QVERIFY2(free.exitCode() == 0, free.readAllStandardError().constData());
    QVERIFY2(QFileInfo(scratch).size() > 4096, qPrintable(QString::number(QFileInfo(scratch).size())));

    const QByteArray old = "the previous output, which must survive\n";
    QVERIFY(AtomicFile::save(out, old).ok());
    QProcess p;
    // Runs in the child between fork and exec: write() beyond 4 KiB fails
    // with EFBIG (a real kernel error; SIGXFSZ ignored, which stays across exec).
    p.setChildProcessModifier([] {
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit{4096, 4096};
        ::setrlimit(RLIMIT_FSIZE, &limit);
    });
    p.start(cli, args + QStringList{QStringLiteral("-o"), out});
    QVERIFY(p.waitForFinished(60000));
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QVERIFY2(p.exitCode() != 0, qPrintable(err));
    QVERIFY2(err.contains(out), qPrintable(err));
    QVERIFY2(err.contains(QLatin1String("File too large")), qPrintable(err));
    QCOMPARE(readAll(out), old);
    QCOMPARE(strayFiles(folder), QStringList());
}

QTEST_MAIN(TestSaveFaults) // figures draw text: a QGuiApplication (offscreen)
#include "test_save_faults.moc"
