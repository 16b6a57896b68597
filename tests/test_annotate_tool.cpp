// Drives the annotate tools offscreen as an analyst would: each kind of
// annotation placed with simulated mouse events, then undone (Ctrl+Z) and
// redone (Ctrl+Shift+Z); select, drag and Del; restyle from the toolbar;
// save and reopen the project; a project whose files moved; and crash
// recovery by killing the real executable (kill -9) after its autosave.
// Positions are compared with independently known ground positions
// (GeodSolve values below) to within a pixel's ground size.
#include "annotation_toolbar.h"
#include "layer_panel.h"
#include "main_window.h"
#include "map_canvas.h"

#include "render/annotation_layer.h"
#include "io/gdal_environment.h"
#include "project/layer_loader.h"
#include "geodesy/geodesic.h"
#include "project/autosave.h"
#include "render/layer_stack.h"
#include "render/layer.h"
#include "support/synthetic_dem.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QAction>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageBox>
#include <QPushButton>
#include <QProcess>
#include <QUndoStack>

#include <cmath>

using namespace linewatch;

namespace {
const LonLat kA{46.70, 39.75}, kB{46.75, 39.78}, kE{46.78, 39.76};
// echo "39.72 46.72 0 2000" | GeodSolve → 39.73801324 46.72000000
const LonLat kCentre{46.72, 39.72}, kRim2km{46.72, 39.73801324};
} // namespace

class TestAnnotateTool : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void textLabel();
    void arrow();
    void circle();
    void lineAndPolygon();
    void selectMoveDelete();
    void restyle();
    void saveAndReopenAreIdentical();
    void autosaveFollowsEdits();
    void recoveryIsOffered();
    void missingFilesAreListedAndKept();
    void killedSessionIsRecovered_data();
    void killedSessionIsRecovered();
    void cleanupTestCase();

private:
    void waitLoaded(MainWindow *w);
    QPoint px(LonLat ll) const { return mWindow->canvas()->pixelOf(ll).toPoint(); }
    /// Ground size of one pixel at the centre of the view [m].
    double pixelM() const { return mWindow->canvas()->settings().metresPerPixelAtCenter(); }
    /// Clicks the mode's toolbar button unless it is already on (a second click turns it off).
    void choose(AnnotateTool::Mode mode)
    {
        QAction *a = mWindow->annotationToolBar()->action(mode);
        if (!a->isChecked())
            a->trigger();
        QVERIFY(a->isChecked());
        QCOMPARE(mWindow->canvas()->tool(), mWindow->annotationToolBar()->tool());
    }
    void undo() { QTest::keyClick(mWindow->canvas(), Qt::Key_Z, Qt::ControlModifier); }
    void redo() { QTest::keyClick(mWindow->canvas(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier); }
    int count() const { return mWindow->annotations()->count(); }
    const Annotation &last() const { return mWindow->annotations()->annotations().back(); }
    static double metres(LonLat a, LonLat b) { return Geodesic::wgs84().distance(a, b); }

    MainWindow *mWindow = nullptr;
    QString mProject;
};

void TestAnnotateTool::initTestCase()
{
    GdalEnvironment::initialise();
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    mProject = test::prepareSampleCopy(QStringLiteral("annotate"));
    QVERIFY(QFile::exists(mProject));
    mWindow = new MainWindow;
    mWindow->resize(1100, 750);
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow));
    mWindow->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(mWindow));
    mWindow->openProject(mProject);
    waitLoaded(mWindow);
    mWindow->canvas()->setView({46.73, 39.75}, 100000);
    mWindow->annotationToolBar()->tool()->setTextPrompt([] { return QStringLiteral("Mount Sarybaba"); });
}

void TestAnnotateTool::waitLoaded(MainWindow *w)
{
    QTRY_VERIFY_WITH_TIMEOUT(!w->loader()->isRunning(), 20000);
    QTest::qWait(50);
    QTRY_VERIFY_WITH_TIMEOUT(!w->canvas()->isRendering(), 20000);
}

void TestAnnotateTool::textLabel()
{
    choose(AnnotateTool::Mode::Text);
    QCOMPARE(mWindow->canvas()->tool(), mWindow->annotationToolBar()->tool());
    QTest::mouseClick(mWindow->canvas(), Qt::LeftButton, {}, px(kA));
    // The layer was created on first use and is listed with the others.
    QVERIFY(mWindow->layers()->indexOf(mWindow->annotations()) >= 0);
    QCOMPARE(mWindow->annotations()->name(), QStringLiteral("Annotations"));
    QCOMPARE(count(), 1);
    QCOMPARE(last().kind, Annotation::Kind::Text);
    QCOMPARE(last().text, QStringLiteral("Mount Sarybaba"));
    QVERIFY2(metres(last().points[0], kA) < pixelM(), qPrintable(QString::number(metres(last().points[0], kA))));
    undo();
    QCOMPARE(count(), 0);
    redo();
    QCOMPARE(count(), 1);
    QCOMPARE(last().text, QStringLiteral("Mount Sarybaba"));
}

void TestAnnotateTool::arrow()
{
    choose(AnnotateTool::Mode::Arrow);
    const int before = count();
    QTest::mousePress(mWindow->canvas(), Qt::LeftButton, {}, px(kB));
    QTest::mouseMove(mWindow->canvas(), (px(kB) + px(kE)) / 2);
    QTest::mouseRelease(mWindow->canvas(), Qt::LeftButton, {}, px(kE));
    QCOMPARE(count(), before + 1);
    QCOMPARE(last().kind, Annotation::Kind::Arrow);
    QVERIFY(metres(last().points[0], kB) < pixelM());
    QVERIFY(metres(last().points[1], kE) < pixelM());
    // A click without a drag makes no arrow.
    QTest::mouseClick(mWindow->canvas(), Qt::LeftButton, {}, px(kB));
    QCOMPARE(count(), before + 1);
    undo();
    QCOMPARE(count(), before);
    redo();
    QCOMPARE(last().kind, Annotation::Kind::Arrow);
}

void TestAnnotateTool::circle()
{
    choose(AnnotateTool::Mode::Circle);
    const int before = count();
    QTest::mousePress(mWindow->canvas(), Qt::LeftButton, {}, px(kCentre));
    QTest::mouseMove(mWindow->canvas(), px(kRim2km));
    QTest::mouseRelease(mWindow->canvas(), Qt::LeftButton, {}, px(kRim2km));
    QCOMPARE(count(), before + 1);
    QCOMPARE(last().kind, Annotation::Kind::Circle);
    // Centre and rim are each within a pixel: the radius within two.
    QVERIFY2(std::abs(last().radiusM - 2000.0) < 2 * pixelM(), qPrintable(QString::number(last().radiusM)));
    undo();
    QCOMPARE(count(), before);
    redo();
    QCOMPARE(count(), before + 1);
}

void TestAnnotateTool::lineAndPolygon()
{
    QWidget *c = mWindow->canvas();
    const LonLat p1{46.68, 39.70}, p2{46.72, 39.69}, p3{46.74, 39.71};
    choose(AnnotateTool::Mode::Line);
    int before = count();
    QTest::mouseClick(c, Qt::LeftButton, {}, px(p1));
    QTest::mouseClick(c, Qt::LeftButton, {}, px(p2));
    QTest::mouseDClick(c, Qt::LeftButton, {}, px(p3));
    QCOMPARE(count(), before + 1);
    QCOMPARE(last().kind, Annotation::Kind::Line);
    QCOMPARE(last().points.size(), std::size_t(3));
    QVERIFY(metres(last().points[2], p3) < pixelM());

    choose(AnnotateTool::Mode::Polygon);
    before = count();
    QTest::mouseClick(c, Qt::LeftButton, {}, px(p1));
    QTest::mouseClick(c, Qt::LeftButton, {}, px(p2));
    QTest::keyClick(c, Qt::Key_Return); // two points: not a polygon yet
    QCOMPARE(count(), before);
    QTest::mouseClick(c, Qt::LeftButton, {}, px(p1));
    QTest::mouseClick(c, Qt::LeftButton, {}, px(p2));
    QTest::mouseClick(c, Qt::LeftButton, {}, px({46.80, 39.80}));
    QTest::keyClick(c, Qt::Key_Backspace); // drops the stray vertex
    QTest::mouseClick(c, Qt::LeftButton, {}, px(p3));
    QTest::keyClick(c, Qt::Key_Return);
    QCOMPARE(count(), before + 1);
    QCOMPARE(last().kind, Annotation::Kind::Polygon);
    QCOMPARE(last().points.size(), std::size_t(3));
    // Area of the drawn triangle against the geodesic area of p1, p2, p3, within
    // what a pixel of error at each vertex can change (perimeter x pixel).
    Annotation exact = last();
    exact.points = {p1, p2, p3};
    const double perimeter = metres(p1, p2) + metres(p2, p3) + metres(p3, p1);
    QVERIFY(std::abs(AnnotationLayer::areaM2(last()) - AnnotationLayer::areaM2(exact)) < perimeter * pixelM());
    undo();
    undo();
    QCOMPARE(count(), before - 1);
    redo();
    redo();
    QCOMPARE(count(), before + 1);
}

void TestAnnotateTool::selectMoveDelete()
{
    QWidget *c = mWindow->canvas();
    AnnotationLayer *layer = mWindow->annotations();
    const Annotation text = layer->annotations().front();
    QCOMPARE(text.kind, Annotation::Kind::Text);
    choose(AnnotateTool::Mode::Select);
    AnnotateTool *tool = mWindow->annotationToolBar()->tool();

    const QPoint grab = px(text.points[0]), drop = grab + QPoint(60, -40);
    const LonLat expected = mWindow->canvas()->lonLatAt(drop);
    QTest::mousePress(c, Qt::LeftButton, {}, grab);
    QCOMPARE(tool->selected(), text.id);
    QTest::mouseMove(c, grab + QPoint(30, -20));
    QTest::mouseMove(c, drop);
    QTest::mouseRelease(c, Qt::LeftButton, {}, drop);
    QVERIFY(metres(layer->find(text.id)->points[0], expected) < pixelM());
    QCOMPARE(mWindow->undoStack()->undoText(), QStringLiteral("Move text"));
    undo();
    QCOMPARE(layer->find(text.id)->points, text.points);
    redo();
    QVERIFY(metres(layer->find(text.id)->points[0], expected) < pixelM());

    // Del removes the selection; undo puts it back in the same place in the order.
    const int n = count();
    QTest::mouseClick(c, Qt::LeftButton, {}, drop);
    QCOMPARE(tool->selected(), text.id);
    QTest::keyClick(c, Qt::Key_Delete);
    QCOMPARE(count(), n - 1);
    QVERIFY(!layer->find(text.id));
    undo();
    QCOMPARE(count(), n);
    QCOMPARE(layer->indexOf(text.id), 0);
    // Clicking empty map clears the selection.
    QTest::mouseClick(c, Qt::LeftButton, {}, QPoint(5, c->height() - 5));
    QVERIFY(tool->selected().isNull());
}

void TestAnnotateTool::restyle()
{
    QWidget *c = mWindow->canvas();
    AnnotationLayer *layer = mWindow->annotations();
    choose(AnnotateTool::Mode::Select);
    const Annotation arrow = *std::find_if(layer->annotations().begin(), layer->annotations().end(),
                                          [](const Annotation &a) { return a.kind == Annotation::Kind::Arrow; });
    QTest::mouseClick(c, Qt::LeftButton, {}, (px(arrow.points[0]) + px(arrow.points[1])) / 2);
    QCOMPARE(mWindow->annotationToolBar()->tool()->selected(), arrow.id);
    auto *width = mWindow->annotationToolBar()->findChild<QDoubleSpinBox *>(QStringLiteral("annotationWidth"));
    QVERIFY(width);
    QCOMPARE(width->value(), arrow.widthPt); // the toolbar shows the selection's style
    width->setValue(5.0);
    QCOMPARE(layer->find(arrow.id)->widthPt, 5.0);
    QCOMPARE(mWindow->undoStack()->undoText(), QStringLiteral("Restyle arrow"));
    undo();
    QCOMPARE(layer->find(arrow.id)->widthPt, arrow.widthPt);
    redo();
    QCOMPARE(layer->find(arrow.id)->widthPt, 5.0);
    QTest::keyClick(c, Qt::Key_Escape); // deselect
    QTest::keyClick(c, Qt::Key_Escape); // leave the tool
    QVERIFY(!mWindow->canvas()->tool());
}

void TestAnnotateTool::saveAndReopenAreIdentical()
{
    waitLoaded(mWindow);
    mWindow->layers()->at(mWindow->layers()->count() - 2)->setVisible(false);
    mWindow->layers()->at(1)->setOpacity(0.6);
    mWindow->layers()->move(mWindow->layers()->indexOf(mWindow->annotations()), 2); // below Claims and Places
    const QString path = test::tempDir() + QStringLiteral("/annotate/saved.lwproj");
    QVERIFY(mWindow->saveProject(path));
    QVERIFY(mWindow->undoStack()->isClean());
    QVERIFY(!QFile::exists(Autosave::pathFor(path)));
    waitLoaded(mWindow);
    const QImage before = mWindow->canvas()->lastFrame();
    mWindow->grab().save(test::binDir() + QStringLiteral("/../annotate_tool.png"));

    MainWindow again;
    again.resize(mWindow->size());
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    again.openProject(path);
    waitLoaded(&again);
    QCOMPARE(again.layers()->count(), mWindow->layers()->count());
    for (int i = 0; i < again.layers()->count(); ++i) {
        const Layer *a = again.layers()->at(i), *b = mWindow->layers()->at(i);
        QCOMPARE(a->name(), b->name());
        QCOMPARE(a->kind(), b->kind());
        QCOMPARE(a->isVisible(), b->isVisible());
        QCOMPARE(a->opacity(), b->opacity());
        QCOMPARE(a->sourcePath(), b->sourcePath());
    }
    QCOMPARE(again.canvas()->settings().crs().authId(), mWindow->canvas()->settings().crs().authId());
    const MapSettings s1 = again.canvas()->settings(), s2 = mWindow->canvas()->settings();
    QVERIFY(metres(again.canvas()->toLonLat(s1.center()), mWindow->canvas()->toLonLat(s2.center())) < 0.01);
    QVERIFY(std::abs(s1.scaleDenominator() / s2.scaleDenominator() - 1) < 1e-6);
    const auto &x = again.annotations()->annotations(), &y = mWindow->annotations()->annotations();
    QCOMPARE(x.size(), y.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        QCOMPARE(x[i].toJson(), y[i].toJson());
    // Same picture: at most 0.5 % of pixels differ (labels may settle differently).
    const QImage after = again.canvas()->lastFrame().convertToFormat(QImage::Format_ARGB32);
    const QImage ref = before.convertToFormat(QImage::Format_ARGB32);
    QCOMPARE(after.size(), ref.size());
    qint64 differ = 0;
    for (int r = 0; r < ref.height(); ++r)
        for (int col = 0; col < ref.width(); ++col)
            differ += ref.pixel(col, r) != after.pixel(col, r);
    QVERIFY2(differ < ref.width() * ref.height() / 200, qPrintable(QString::number(differ)));

    // Ctrl+S writes further work to the same file.
    mWindow->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(mWindow));
    choose(AnnotateTool::Mode::Text);
    QTest::mouseClick(mWindow->canvas(), Qt::LeftButton, {}, px({46.76, 39.72}));
    QVERIFY(!mWindow->undoStack()->isClean());
    QVERIFY(mWindow->isWindowModified());
    QTest::keyClick(mWindow->canvas(), Qt::Key_S, Qt::ControlModifier);
    QVERIFY(mWindow->undoStack()->isClean());
    QVERIFY(!mWindow->isWindowModified());
    auto resaved = Project::load(path);
    QVERIFY(resaved.ok());
    QCOMPARE(resaved->annotations.size(), mWindow->annotations()->annotations().size());
    QCOMPARE(resaved->annotations.back().toJson(), last().toJson());
}

void TestAnnotateTool::autosaveFollowsEdits()
{
    // The window is clean after the save above; one edit is on disk within 3 s.
    QVERIFY(mWindow->undoStack()->isClean());
    const QString autosave = Autosave::pathFor(mWindow->currentProject().filePath);
    QVERIFY(!QFile::exists(autosave));
    choose(AnnotateTool::Mode::Text);
    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(mWindow->canvas(), Qt::LeftButton, {}, px({46.77, 39.73}));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(autosave), 5000);
    QVERIFY2(clock.elapsed() <= 3000, qPrintable(QString::number(clock.elapsed())));
    auto saved = Project::load(autosave);
    QVERIFY(saved.ok());
    QCOMPARE(saved->annotations.back().toJson(), last().toJson());
    // Undoing back to the saved state leaves nothing to recover.
    undo();
    QVERIFY(mWindow->undoStack()->isClean());
    QVERIFY(!QFile::exists(autosave));
}

void TestAnnotateTool::recoveryIsOffered()
{
    // An autosave newer than its project: the window asks, and Yes restores it.
    const QString project = mWindow->currentProject().filePath;
    Project work = mWindow->currentProject();
    Annotation a;
    a.kind = Annotation::Kind::Text;
    a.points = {kB};
    a.text = QStringLiteral("left unsaved");
    work.annotations.push_back(a);
    QTest::qWait(1100); // newer than the project by more than the file time resolution
    QVERIFY(work.save(Autosave::pathFor(project)).ok());

    MainWindow w;
    w.show();
    QString question;
    QTimer::singleShot(300, &w, [&question] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            question = box->text();
            box->button(QMessageBox::Yes)->click();
        }
    });
    QVERIFY(w.recoverAutosave(project, MainWindow::Recovery::Ask));
    QVERIFY2(question.contains(QStringLiteral("did not close cleanly")), qPrintable(question));
    waitLoaded(&w);
    QCOMPARE(w.annotations()->annotations().back().toJson(), a.toJson());
    QVERIFY(w.isWindowModified()); // restored work is not saved yet
    QCOMPARE(w.currentProject().filePath, project);
    QFile::remove(Autosave::pathFor(project));
}

void TestAnnotateTool::missingFilesAreListedAndKept()
{
    const QString path = test::prepareSampleCopy(QStringLiteral("moved"));
    QVERIFY(QFile::remove(QFileInfo(path).absolutePath() + QStringLiteral("/places.geojson")));
    QVERIFY(QFile::remove(QFileInfo(path).absolutePath() + QStringLiteral("/borders.geojson")));
    MainWindow w;
    w.show();
    w.openProject(path);
    waitLoaded(&w);
    // One message names every missing file; the other layers are there.
    QCOMPARE(w.problems().size(), 1);
    QVERIFY(w.problems()[0].contains(QStringLiteral("places.geojson")));
    QVERIFY(w.problems()[0].contains(QStringLiteral("borders.geojson")));
    QCOMPARE(w.layers()->count(), 3);
    // A save keeps their entries.
    const QString saved = QFileInfo(path).absolutePath() + QStringLiteral("/resaved.lwproj");
    QVERIFY(w.saveProject(saved));
    auto back = Project::load(saved);
    QVERIFY(back.ok());
    QStringList paths;
    for (const ProjectLayer &l : back->layers)
        paths << l.path;
    QCOMPARE(paths, (QStringList{QStringLiteral("claims.geojson"), QStringLiteral("places.geojson"),
                                 QStringLiteral("line_of_contact.geojson"), QStringLiteral("borders.geojson"),
                                 QStringLiteral("terrain-remote.xml")}));
}

void TestAnnotateTool::killedSessionIsRecovered_data()
{
    QTest::addColumn<bool>("saved");
    QTest::newRow("saved project: autosave next to it") << true;
    QTest::newRow("never saved: autosave in the user's data folder") << false;
}

void TestAnnotateTool::killedSessionIsRecovered()
{
    QFETCH(bool, saved);
    const QString exe = test::binDir() + QStringLiteral("/linewatch");
    if (!QFile::exists(exe))
        QSKIP("build/bin/linewatch is not built (cmake --build build --target linewatch)");
    const QString sample = test::prepareSampleCopy(saved ? QStringLiteral("crash") : QStringLiteral("crash-unsaved"));
    const QString project = saved ? sample : QString();
    const QString dir = QFileInfo(sample).absolutePath();
    // Two annotations the first session adds, as if drawn.
    Annotation t;
    t.kind = Annotation::Kind::Text;
    t.points = {kA};
    t.text = QStringLiteral("unsaved label");
    Annotation c;
    c.kind = Annotation::Kind::Circle;
    c.points = {kCentre};
    c.radiusM = 2000;
    QFile json(dir + QStringLiteral("/add.json"));
    QVERIFY(json.open(QIODevice::WriteOnly));
    json.write(QJsonDocument(QJsonArray{t.toJson(), c.toJson()}).toJson());
    json.close();

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir + QStringLiteral("/xdg-data"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir + QStringLiteral("/xdg-config"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), dir + QStringLiteral("/xdg-cache"));

    QProcess first;
    first.setProcessEnvironment(env);
    QStringList args{QStringLiteral("--restore-autosave=no"), QStringLiteral("--add-annotations=") + json.fileName()};
    if (saved)
        args << project;
    first.start(exe, args);
    QVERIFY(first.waitForStarted());
    // QStandardPaths::AppDataLocation of the child: $XDG_DATA_HOME/<organisation>/<application>.
    const QString autosave = saved ? Autosave::pathFor(project)
                                   : dir + QStringLiteral("/xdg-data/Linewatch/Linewatch/unsaved.lwproj.autosave");
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(autosave), 20000);
    QTest::qWait(300); // let a write in progress finish (AtomicFile renames, so it is whole anyway)
    first.kill(); // SIGKILL: no close event, no cleanup
    QVERIFY(first.waitForFinished());
    QCOMPARE(first.exitStatus(), QProcess::CrashExit);
    if (saved)
        QVERIFY(Autosave::isRecoverable(project)); // recovery is offered at the next start

    const QString out = dir + QStringLiteral("/recovered.lwproj");
    QProcess second;
    second.setProcessEnvironment(env);
    args = QStringList{QStringLiteral("--restore-autosave=yes"), QStringLiteral("--save-to=") + out};
    if (saved)
        args << project;
    second.start(exe, args);
    QVERIFY(second.waitForFinished(60000));
    QVERIFY2(second.exitCode() == 0, second.readAllStandardError().constData());
    auto recovered = Project::load(out);
    QVERIFY2(recovered.ok(), qPrintable(recovered.ok() ? QString() : recovered.error().toString()));
    QCOMPARE(recovered->annotations.size(), std::size_t(2));
    QCOMPARE(recovered->annotations[0].toJson(), t.toJson());
    QCOMPARE(recovered->annotations[1].toJson(), c.toJson());
    QCOMPARE(recovered->layers.size(), saved ? 5 : 0); // the project's layers came back too
    QVERIFY(!QFile::exists(autosave)); // saved: nothing left to recover

    // The original project was never written by the crashed session.
    auto original = Project::load(sample);
    QVERIFY(original.ok());
    QVERIFY(original->annotations.empty());
}

void TestAnnotateTool::cleanupTestCase() { delete mWindow; }

QTEST_MAIN(TestAnnotateTool)
#include "test_annotate_tool.moc"
