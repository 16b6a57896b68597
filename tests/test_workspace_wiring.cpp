// The workspace's pieces meet in the main window: a measurement kept from the
// measure tool becomes an undoable annotation, and claims added in the
// session are saved in the project and come back when it is reopened, with
// the same verdict.
#include "main_window.h"
#include "elevation_profile_panel.h"
#include "map_canvas.h"
#include "measure_tool.h"
#include "measure_tools.h"

#include "render/annotation_layer.h"
#include "claims/claim_set.h"
#include "render/claims_layer.h"
#include "io/gdal_environment.h"
#include "project/layer_loader.h"
#include "render/layer_stack.h"
#include "project/project.h"
#include "support/synthetic_dem.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUndoStack>

using namespace linewatch;

namespace {

ClaimsLayer *claimsOf(MainWindow &w)
{
    for (Layer *l : w.layers()->layers())
        if (auto *c = qobject_cast<ClaimsLayer *>(l))
            return c;
    return nullptr;
}

} // namespace

class TestWorkspaceWiring : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { GdalEnvironment::initialise(); }
    void keptMeasurementIsAnUndoableAnnotation();
    void addedClaimIsSavedAndReopened();
    void claimEditsKeptWhileClaimsLoad();
    void profileOfTheMeasuredPath();
};

void TestWorkspaceWiring::keptMeasurementIsAnUndoableAnnotation()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    Annotation kept;
    kept.kind = Annotation::Kind::Measurement;
    kept.points = {{46.70, 39.70}, {46.75, 39.72}};
    emit w.measureTools()->keepMeasurement(kept);
    QVERIFY(w.annotations());
    QCOMPARE(w.annotations()->count(), 1);
    QCOMPARE(w.annotations()->annotations().front().kind, Annotation::Kind::Measurement);
    w.undoStack()->undo();
    QCOMPARE(w.annotations()->count(), 0);
    w.undoStack()->redo();
    QCOMPARE(w.annotations()->count(), 1);
    // Exported for Google Earth and as GeoJSON with the claims (none open
    // here) and the kept measurement.
    const QString kmz = test::tempDir() + QStringLiteral("/overlays.kmz");
    QCOMPARE(w.exportClaimsAndAnnotations(kmz), QString());
    QVERIFY(QFileInfo(kmz).size() > 100);
    const QString geojson = test::tempDir() + QStringLiteral("/overlays.geojson");
    QCOMPARE(w.exportClaimsAndAnnotations(geojson), QString());
    QFile f(geojson);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray features = QJsonDocument::fromJson(f.readAll()).object().value(QLatin1String("features")).toArray();
    QCOMPARE(features.size(), 1);
    QCOMPARE(features[0].toObject().value(QLatin1String("properties")).toObject().value(QLatin1String("kind")).toString(),
             QStringLiteral("measurement"));
    w.undoStack()->setClean(); // no "save changes?" question on close
}

void TestWorkspaceWiring::addedClaimIsSavedAndReopened()
{
    const QString project = test::prepareSampleCopy(QStringLiteral("shusha-wiring"));
    const QString saved = QFileInfo(project).absolutePath() + QStringLiteral("/saved.lwproj");
    Verdict::Outcome outcome;
    {
        MainWindow w;
        w.show();
        w.openProject(project);
        QTRY_VERIFY_WITH_TIMEOUT(!w.loader()->isRunning(), 20000);
        ClaimsLayer *claims = claimsOf(w);
        QVERIFY(claims);
        const int before = claims->count();
        // 0.1 deg east of Shusha on 2023-03-25: a claim the file does not have.
        Claim c;
        c.id = QStringLiteral("added-in-session");
        c.date = QDate(2023, 3, 25);
        c.source = QStringLiteral("test");
        c.relation = Claim::Relation::Beyond;
        c.distanceM = 2000;
        c.point = LonLat{46.85, 39.76};
        c.geometryParts = {{*c.point}};
        QVERIFY(claims->insertClaim(before, c).ok());
        QCOMPARE(claims->count(), before + 1);
        outcome = claims->verdicts().back().outcome;
        QVERIFY(outcome != Verdict::Outcome::Error);
        QVERIFY(w.saveProject(saved));
    }
    MainWindow again;
    again.show();
    again.openProject(saved);
    QTRY_VERIFY_WITH_TIMEOUT(!again.loader()->isRunning(), 20000);
    ClaimsLayer *claims = claimsOf(again);
    QVERIFY(claims);
    const int i = claims->indexOf(QStringLiteral("added-in-session"));
    if (i < 0) {
        QFile f(saved);
        f.open(QIODevice::ReadOnly);
        const QJsonObject edits = QJsonDocument::fromJson(f.readAll()).object().value(QLatin1String("claim_edits")).toObject();
        qWarning().noquote() << edits.keys() << claims->sourcePath() << claims->count() << again.problems();
    }
    QVERIFY2(i >= 0, "the claim added before saving is not in the reopened project");
    QCOMPARE(claims->verdicts()[std::size_t(i)].outcome, outcome);
}

void TestWorkspaceWiring::profileOfTheMeasuredPath()
{
    MainWindow w;
    w.resize(1100, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.openProject(test::prepareSampleCopy(QStringLiteral("shusha-profile")));
    QTRY_VERIFY_WITH_TIMEOUT(!w.loader()->isRunning(), 20000);
    // Measure two points by clicking, as a user would (M, click, double-click).
    MapCanvas *canvas = w.canvas();
    canvas->setFocus();
    QTest::keyClick(canvas, Qt::Key_M);
    const QPoint a(canvas->width() / 3, canvas->height() / 2), b(2 * canvas->width() / 3, canvas->height() / 3);
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::ShiftModifier, a); // Shift: no snapping
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::ShiftModifier, b);
    QTest::mouseDClick(canvas, Qt::LeftButton, Qt::ShiftModifier, b);
    const std::vector<LonLat> measured = w.measureTools()->measureTool()->measurement().points();
    QVERIFY(measured.size() >= 2);
    QAction *action = nullptr;
    for (QAction *candidate : w.findChildren<QAction *>())
        if (candidate->text() == QLatin1String("&Profile of the Measured Path"))
            action = candidate;
    QVERIFY(action);
    action->trigger();
    auto *profile = w.findChild<ElevationProfilePanel *>(QStringLiteral("elevationProfilePanel"));
    QVERIFY(profile);
    QTRY_VERIFY_WITH_TIMEOUT(!profile->isComputing() && profile->answer().has_value(), 20000);
    QCOMPARE(profile->path().size(), measured.size());
    QCOMPARE(profile->path().front(), measured.front());
    QCOMPARE(profile->path().back(), measured.back());
    w.undoStack()->setClean();
}

// Found while writing the kill -9 test (test_crash_recovery, issue 6): a save
// or an autosave made while the claims layer was still loading (an autosave
// is due 2 s after a recovery) dropped every claim edit, so a kill then lost
// them for good. Claim edits of layers not loaded yet are kept as they were.
void TestWorkspaceWiring::claimEditsKeptWhileClaimsLoad()
{
    const QString path = test::prepareSampleCopy(QStringLiteral("shusha-claims-loading"));
    auto project = Project::load(path);
    QVERIFY(project.ok());
    auto claims = ClaimSet::load(project->resolve(QStringLiteral("claims.geojson")));
    QVERIFY(claims.ok());
    QJsonArray features = claims->toJson();
    QVERIFY(!features.isEmpty());
    QJsonObject first = features[0].toObject();
    QJsonObject properties = first.value(QLatin1String("properties")).toObject();
    properties.insert(QLatin1String("text"), QStringLiteral("reworded by the analyst"));
    first.insert(QLatin1String("properties"), properties);
    features[0] = first;
    project->claimEdits = QJsonObject{{QStringLiteral("claims.geojson"), features}};
    QVERIFY(project->save(path).ok());

    MainWindow w;
    w.show();
    w.openProject(path);
    QVERIFY(w.loader()->isRunning()); // layers arrive through the event loop
    QCOMPARE(w.currentProject().claimEdits, project->claimEdits);
    QTRY_VERIFY_WITH_TIMEOUT(!w.loader()->isRunning(), 20000);
    QVERIFY(claimsOf(w));
    QCOMPARE(w.currentProject().claimEdits, project->claimEdits);
}

QTEST_MAIN(TestWorkspaceWiring)
#include "test_workspace_wiring.moc"
