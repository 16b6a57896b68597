// Drives the measure and range-rings tools in the main window offscreen as an
// analyst would (clicks, double click, keys, Shift), on the sample project
// with a synthetic DEM. Expected figures are computed independently from the
// lon/lat of the pixels actually clicked (MapCanvas::lonLatAt): lengths and
// azimuths with GeographicLib's GeodSolve, areas with its Planimeter (both a
// separate implementation from PROJ's geodesic.c used by the code under test).
#include "main_window.h"
#include "map_canvas.h"
#include "measure_panel.h"
#include "measure_tool.h"
#include "measure_tools.h"
#include "range_rings_tool.h"

#include "annotations/annotation.h"
#include "io/gdal_environment.h"
#include "project/layer_loader.h"
#include "geodesy/measurement_format.h"
#include "render/layer_stack.h"
#include "render/layer.h"
#include "project/vertex_snapper.h"
#include "geod_solve.h"
#include "support/synthetic_dem.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QTableWidget>

#include <cmath>

using namespace linewatch;

namespace {

/// Area [m^2, absolute] and perimeter [m] of a ring by `Planimeter -p 9`; NaN on failure.
std::pair<double, double> planimeter(const std::vector<LonLat> &ring)
{
    QProcess p;
    p.start(QStringLiteral("Planimeter"), {QStringLiteral("-p"), QStringLiteral("9")});
    if (!p.waitForStarted(10000))
        return {NAN, NAN};
    QStringList lines;
    for (const LonLat &v : ring)
        lines << test::latLon(v);
    p.write((lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toLatin1());
    p.closeWriteChannel();
    p.waitForFinished(30000);
    const QStringList f = QString::fromLatin1(p.readAllStandardOutput()).simplified().split(QLatin1Char(' '));
    if (f.size() != 3)
        return {NAN, NAN};
    return {std::abs(f[2].toDouble()), f[1].toDouble()};
}

/// Azimuth difference on the circle [deg].
double angleGap(double a, double b)
{
    const double d = std::fmod(std::abs(a - b), 360.0);
    return d > 180.0 ? 360.0 - d : d;
}

} // namespace

class TestMeasureTool : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void shortcutActivatesTheTool();
    void openPathMatchesGeodSolve();
    void doubleClickFinishesWithoutAnExtraPoint();
    void clickingTheFirstPointClosesTheRing();
    void closeToggleShowsTheArea();
    void backspaceAndEscape();
    void snapsExactlyToAVertexUnlessShift();
    void milsCopyAndKeep();
    void rangeRings();
    void cleanupTestCase();

private:
    void waitForFrame();
    /// Clicks the pixel nearest to a position; returns the pixel clicked.
    QPoint clickAt(const LonLat &position, Qt::KeyboardModifiers modifiers = Qt::ShiftModifier);
    LonLat lonLatOf(QPoint pixel) const { return mWindow->canvas()->lonLatAt(QPointF(pixel)); }
    void moveTo(QPoint pixel, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    void grab(const QString &name);

    MainWindow *mWindow = nullptr;
    MeasureTool *mTool = nullptr;
    MeasurePanel *mPanel = nullptr;
    std::vector<Annotation> mKept;
};

void TestMeasureTool::initTestCase()
{
    GdalEnvironment::initialise();
    const QString project = test::prepareSampleCopy(QStringLiteral("shusha-measure"));
    QVERIFY(QFile::exists(project));
    mWindow = new MainWindow;
    mWindow->resize(1280, 820);
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow));
    mWindow->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(mWindow));
    mWindow->openProject(project);
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->loader()->isRunning(), 20000);
    QVERIFY2(mWindow->problems().isEmpty(), qPrintable(mWindow->problems().join(QLatin1Char('\n'))));
    QVERIFY(mWindow->measureTools());
    mTool = mWindow->measureTools()->measureTool();
    mPanel = mWindow->measureTools()->panel();
    connect(mWindow->measureTools(), &MeasureTools::keepMeasurement, this,
            [this](const Annotation &a) { mKept.push_back(a); });
    // 1:100 000 round Shusha: about 26 m per pixel.
    mWindow->canvas()->setView(LonLat{46.75, 39.76}, 100000);
    waitForFrame();
}

void TestMeasureTool::waitForFrame()
{
    QTest::qWait(20);
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->canvas()->isRendering(), 20000);
    QTest::qWait(20);
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->canvas()->isRendering(), 20000);
}

QPoint TestMeasureTool::clickAt(const LonLat &position, Qt::KeyboardModifiers modifiers)
{
    const QPointF p = mWindow->canvas()->pixelOf(position);
    const QPoint pixel(qRound(p.x()), qRound(p.y()));
    moveTo(pixel, modifiers);
    QTest::mouseClick(mWindow->canvas(), Qt::LeftButton, modifiers, pixel);
    return pixel;
}

void TestMeasureTool::moveTo(QPoint pixel, Qt::KeyboardModifiers modifiers)
{
    MapCanvas *canvas = mWindow->canvas();
    QMouseEvent move(QEvent::MouseMove, QPointF(pixel), canvas->mapToGlobal(QPointF(pixel)), Qt::NoButton,
                     Qt::NoButton, modifiers);
    QApplication::sendEvent(canvas, &move);
}

void TestMeasureTool::grab(const QString &name)
{
    // For looking at the tool: written next to the test's other outputs, or
    // into $LINEWATCH_SCREENSHOT_DIR when set.
    const QString dir = qEnvironmentVariable("LINEWATCH_SCREENSHOT_DIR", test::tempDir());
    const QString path = dir + QLatin1Char('/') + name;
    mWindow->grab().save(path);
    qInfo("screenshot: %s", qPrintable(path));
}

void TestMeasureTool::shortcutActivatesTheTool()
{
    MapCanvas *canvas = mWindow->canvas();
    QVERIFY(canvas->tool() == nullptr);
    canvas->setFocus();
    QTest::keyClick(canvas, Qt::Key_M);
    QCOMPARE(canvas->tool(), static_cast<MapTool *>(mTool));
    QVERIFY(mWindow->measureTools()->measureAction()->isChecked());
    QVERIFY(mWindow->measureTools()->dock()->isVisible());
}

void TestMeasureTool::openPathMatchesGeodSolve()
{
    // A path over Shusha to Stepanakert and west (SOURCES.md towns, roughly).
    const std::vector<LonLat> wanted{{46.7483, 39.7583}, {46.75194, 39.81528}, {46.70, 39.73}, {46.68, 39.78}};
    std::vector<LonLat> clicked;
    for (const LonLat &w : wanted)
        clicked.push_back(lonLatOf(clickAt(w)));
    QVERIFY(mTool->isDrawing());
    // The rubber band follows the cursor: its segment from the last point is
    // in the panel's live line as GeodSolve gives it.
    const QPoint hover(100, 100);
    moveTo(hover, Qt::ShiftModifier);
    auto *hint = mPanel->findChild<QLabel *>(QStringLiteral("measureHint"));
    QVERIFY(hint);
    const QString live = MeasurementFormat::distance(test::geodDistance(clicked.back(), lonLatOf(hover)));
    QVERIFY2(hint->text().startsWith(QStringLiteral("Segment %1 at ").arg(live)), qPrintable(hint->text() + QStringLiteral(" / ") + live));
    QTest::keyClick(mWindow->canvas(), Qt::Key_Return);
    QVERIFY(!mTool->isDrawing());

    const PathMeasurement m = mTool->measurement();
    QCOMPARE(m.points().size(), clicked.size());
    QCOMPARE(m.segments().size(), std::size_t(3));
    QStringList lines;
    for (std::size_t i = 0; i + 1 < clicked.size(); ++i)
        lines << test::latLon(clicked[i]) + QLatin1Char(' ') + test::latLon(clicked[i + 1]);
    const auto reference = test::geodSolve({QStringLiteral("-i")}, lines);
    QCOMPARE(reference.size(), std::size_t(3));
    const double metresPerPixel = mWindow->canvas()->settings().metresPerPixelAtCenter();
    double total = 0;
    auto *table = mPanel->findChild<QTableWidget *>(QStringLiteral("measureSegments"));
    QVERIFY(table);
    QCOMPARE(table->rowCount(), 3);
    for (std::size_t i = 0; i < 3; ++i) {
        const MeasuredSegment &s = m.segments()[i];
        const double lengthM = reference[i][2], azimuth = reference[i][0];
        // Same points: GeodSolve agrees to its printed precision.
        QVERIFY2(std::abs(s.lengthM - lengthM) < 1e-5,
                 qPrintable(QStringLiteral("segment %1: %2 m, GeodSolve %3 m").arg(i).arg(s.lengthM, 0, 'f', 6).arg(lengthM, 0, 'f', 6)));
        QVERIFY2(angleGap(s.azimuthDeg, azimuth) < 1e-6,
                 qPrintable(QStringLiteral("segment %1: %2 deg, GeodSolve %3").arg(i).arg(s.azimuthDeg, 0, 'f', 8).arg(azimuth, 0, 'f', 8)));
        // And the intended points are within a pixel of each click: the
        // length differs from the intended one by at most two half-diagonals.
        const double intended = test::geodDistance(wanted[i], wanted[i + 1]);
        QVERIFY2(std::abs(s.lengthM - intended) <= std::sqrt(2.0) * metresPerPixel,
                 qPrintable(QStringLiteral("segment %1: %2 m, intended %3 m, %4 m/px").arg(i).arg(s.lengthM).arg(intended).arg(metresPerPixel)));
        QCOMPARE(table->item(int(i), 1)->text(), MeasurementFormat::distance(lengthM));
        QCOMPARE(table->item(int(i), 2)->text(), MeasurementFormat::azimuth(azimuth, AngleUnit::Degrees));
        total += lengthM;
    }
    QVERIFY(std::abs(m.totalLengthM() - total) < 3e-5);
    auto *totalLabel = mPanel->findChild<QLabel *>(QStringLiteral("measureTotal"));
    QVERIFY2(totalLabel->text().contains(MeasurementFormat::distance(total)), qPrintable(totalLabel->text()));
    QVERIFY(!m.hasArea());
    waitForFrame();
    grab(QStringLiteral("measure_open_path.png"));
}

void TestMeasureTool::doubleClickFinishesWithoutAnExtraPoint()
{
    // A click after a finished measurement starts a new one.
    const QPoint a = clickAt({46.72, 39.74});
    QCOMPARE(mTool->measurement().points().size(), std::size_t(1));
    QVERIFY(mTool->isDrawing());
    const QPoint b = clickAt({46.78, 39.75});
    // The double click's first press added b; the double-click event ends the path.
    QTest::mouseDClick(mWindow->canvas(), Qt::LeftButton, Qt::ShiftModifier, b);
    QVERIFY(!mTool->isDrawing());
    const PathMeasurement m = mTool->measurement();
    QCOMPARE(m.points().size(), std::size_t(2));
    QVERIFY(std::abs(m.totalLengthM() - test::geodDistance(lonLatOf(a), lonLatOf(b))) < 1e-5);
}

void TestMeasureTool::clickingTheFirstPointClosesTheRing()
{
    const std::vector<LonLat> wanted{{46.72, 39.74}, {46.78, 39.74}, {46.79, 39.79}, {46.73, 39.78}};
    std::vector<LonLat> clicked;
    QPoint first;
    for (const LonLat &w : wanted) {
        const QPoint p = clickAt(w);
        if (clicked.empty())
            first = p;
        clicked.push_back(lonLatOf(p));
    }
    // Within the 8 px tolerance of the first point.
    moveTo(first + QPoint(3, -2), Qt::ShiftModifier);
    QTest::mouseClick(mWindow->canvas(), Qt::LeftButton, Qt::ShiftModifier, first + QPoint(3, -2));
    QVERIFY(!mTool->isDrawing());
    QVERIFY(mTool->isClosed());
    const PathMeasurement m = mTool->measurement();
    QCOMPARE(m.points().size(), std::size_t(4));
    QCOMPARE(m.segments().size(), std::size_t(4));
    QVERIFY(m.hasArea());
    const auto [area, perimeter] = planimeter(clicked);
    if (std::isnan(area))
        QSKIP("Planimeter (GeographicLib tools) is not installed");
    QVERIFY2(std::abs(m.areaM2() - area) < 0.01,
             qPrintable(QStringLiteral("%1 m2, Planimeter %2 m2").arg(m.areaM2(), 0, 'f', 4).arg(area, 0, 'f', 4)));
    QVERIFY2(std::abs(m.perimeterM() - perimeter) < 1e-5, qPrintable(QString::number(m.perimeterM(), 'f', 6)));
    auto *areaLabel = mPanel->findChild<QLabel *>(QStringLiteral("measureArea"));
    QVERIFY(areaLabel->isVisible());
    QVERIFY2(areaLabel->text().contains(MeasurementFormat::area(area)), qPrintable(areaLabel->text()));
    QVERIFY(mPanel->findChild<QCheckBox *>(QStringLiteral("measureClosed"))->isChecked());
    waitForFrame();
    grab(QStringLiteral("measure_closed_ring.png"));
}

void TestMeasureTool::closeToggleShowsTheArea()
{
    std::vector<LonLat> clicked;
    for (const LonLat &w : std::vector<LonLat>{{46.70, 39.72}, {46.74, 39.72}, {46.72, 39.76}})
        clicked.push_back(lonLatOf(clickAt(w)));
    QTest::keyClick(mWindow->canvas(), Qt::Key_Enter);
    QVERIFY(!mTool->measurement().hasArea());
    auto *closed = mPanel->findChild<QCheckBox *>(QStringLiteral("measureClosed"));
    closed->click();
    QVERIFY(mTool->isClosed());
    const auto [area, perimeter] = planimeter(clicked);
    if (std::isnan(area))
        QSKIP("Planimeter (GeographicLib tools) is not installed");
    QVERIFY(std::abs(mTool->measurement().areaM2() - area) < 0.01);
    QCOMPARE(mTool->measurement().segments().size(), std::size_t(3));
    closed->click();
    QVERIFY(!mTool->measurement().hasArea());
    QCOMPARE(mTool->measurement().segments().size(), std::size_t(2));
}

void TestMeasureTool::backspaceAndEscape()
{
    MapCanvas *canvas = mWindow->canvas();
    const QPoint a = clickAt({46.70, 39.75});
    const QPoint b = clickAt({46.73, 39.75});
    clickAt({46.76, 39.75});
    QCOMPARE(mTool->measurement().points().size(), std::size_t(3));
    QTest::keyClick(canvas, Qt::Key_Backspace);
    QCOMPARE(mTool->measurement().points().size(), std::size_t(2));
    QVERIFY(mTool->isDrawing());
    QCOMPARE(mTool->measurement().points().back(), lonLatOf(b));
    QTest::keyClick(canvas, Qt::Key_Backspace);
    QCOMPARE(mTool->measurement().points().size(), std::size_t(1));
    QCOMPARE(mTool->measurement().points().front(), lonLatOf(a));
    // Esc cancels the measurement; the window's Esc (cancel loading) does not take it.
    QTest::keyClick(canvas, Qt::Key_Escape);
    QVERIFY(mTool->measurement().points().empty());
    QVERIFY(!mTool->isDrawing());
    QCOMPARE(canvas->tool(), static_cast<MapTool *>(mTool));
    // A second Esc leaves the tool.
    QTest::keyClick(canvas, Qt::Key_Escape);
    QVERIFY(canvas->tool() == nullptr);
    QVERIFY(!mWindow->measureTools()->measureAction()->isChecked());
    // Back on for the next tests.
    QTest::keyClick(canvas, Qt::Key_M);
    QCOMPARE(canvas->tool(), static_cast<MapTool *>(mTool));
}

void TestMeasureTool::snapsExactlyToAVertexUnlessShift()
{
    MapCanvas *canvas = mWindow->canvas();
    // A vertex of a visible layer well inside the view with no other vertex
    // within 12 px, so the nearest one within 8 px is this one.
    const VertexSnapper all = VertexSnapper::fromLayers(mWindow->layers()->layers());
    QVERIFY2(all.size() > 0, "the sample has no vector vertices to snap to");
    std::optional<VertexSnapper::Vertex> target;
    for (const auto &v : all.vertices()) {
        const QPointF p = canvas->pixelOf(v.position);
        if (!(p.x() > 60 && p.y() > 60 && p.x() < canvas->width() - 60 && p.y() < canvas->height() - 60))
            continue;
        bool alone = true;
        for (const auto &w : all.vertices()) {
            const QPointF q = canvas->pixelOf(w.position);
            if (!(w.position == v.position) && std::hypot(q.x() - p.x(), q.y() - p.y()) < 12)
                alone = false;
        }
        if (alone) {
            target = v;
            break;
        }
    }
    if (!target)
        QSKIP("no isolated vertex in the view");
    const QPointF vp = canvas->pixelOf(target->position);
    const QPoint near(qRound(vp.x()) + 4, qRound(vp.y()) - 3); // about 5 px off
    QVERIFY(std::hypot(near.x() - vp.x(), near.y() - vp.y()) < 7.5);

    mTool->clear(); // start afresh (Esc on an empty measurement would leave the tool)
    QCOMPARE(canvas->tool(), static_cast<MapTool *>(mTool));
    // The snap target is shown (the magenta marker round the vertex) while
    // the cursor is near it, and not with Shift held.
    const QRect around(qRound(vp.x()) - 10, qRound(vp.y()) - 10, 21, 21);
    auto markerPixels = [&] {
        const QImage image = canvas->grab(around).toImage().convertToFormat(QImage::Format_RGB32);
        int n = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QRgb c = image.pixel(x, y);
                n += std::abs(qRed(c) - 0xc2) < 30 && std::abs(qGreen(c) - 0x25) < 30 && std::abs(qBlue(c) - 0x7a) < 30;
            }
        return n;
    };
    moveTo(near, Qt::ShiftModifier);
    const int withoutSnap = markerPixels();
    moveTo(near);
    const int withSnap = markerPixels();
    QVERIFY2(withSnap > withoutSnap + 20, qPrintable(QStringLiteral("%1 vs %2 marker pixels").arg(withSnap).arg(withoutSnap)));
    waitForFrame();
    grab(QStringLiteral("measure_snap_target.png"));
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, near);
    QCOMPARE(mTool->measurement().points().size(), std::size_t(1));
    const LonLat snapped = mTool->measurement().points().back();
    QVERIFY2(snapped == target->position,
             qPrintable(QStringLiteral("%1 %2 vs vertex %3 %4 of %5").arg(snapped.lon, 0, 'f', 9).arg(snapped.lat, 0, 'f', 9)
                            .arg(target->position.lon, 0, 'f', 9).arg(target->position.lat, 0, 'f', 9).arg(target->layerName)));
    // With Shift the point is where the mouse is.
    moveTo(near, Qt::ShiftModifier);
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::ShiftModifier, near);
    QCOMPARE(mTool->measurement().points().size(), std::size_t(2));
    QCOMPARE(mTool->measurement().points().back(), lonLatOf(near));
    QVERIFY(!(mTool->measurement().points().back() == target->position));
    QTest::keyClick(canvas, Qt::Key_Escape);
    QVERIFY(mTool->measurement().points().empty());
    QCOMPARE(canvas->tool(), static_cast<MapTool *>(mTool));
}

void TestMeasureTool::milsCopyAndKeep()
{
    std::vector<LonLat> clicked;
    for (const LonLat &w : std::vector<LonLat>{{46.70, 39.74}, {46.76, 39.77}, {46.79, 39.73}})
        clicked.push_back(lonLatOf(clickAt(w)));
    QTest::keyClick(mWindow->canvas(), Qt::Key_Return);
    auto *unit = mPanel->findChild<QComboBox *>(QStringLiteral("measureUnit"));
    unit->setCurrentIndex(unit->findData(int(AngleUnit::Mils)));
    QCOMPARE(mTool->angleUnit(), AngleUnit::Mils);
    auto *table = mPanel->findChild<QTableWidget *>(QStringLiteral("measureSegments"));
    QCOMPARE(table->rowCount(), 2);
    const auto reference = test::geodSolve({QStringLiteral("-i")}, {test::latLon(clicked[0]) + QLatin1Char(' ') + test::latLon(clicked[1])});
    QCOMPARE(reference.size(), std::size_t(1));
    // Mils by hand from GeodSolve's azimuth: deg * 6400 / 360, 0..6400.
    double mils = std::round(reference[0][0] * 6400.0 / 360.0);
    if (mils < 0)
        mils += 6400;
    QCOMPARE(table->item(0, 2)->text(), QStringLiteral("%1 mils").arg(int(mils), 4, 10, QLatin1Char('0')));

    QGuiApplication::clipboard()->clear();
    mPanel->findChild<QPushButton *>(QStringLiteral("measureCopy"))->click();
    const QString copied = QGuiApplication::clipboard()->text();
    QCOMPARE(copied, MeasurementFormat::text(mTool->measurement(), AngleUnit::Mils));
    QVERIFY(copied.contains(QLatin1String("mils")));

    mKept.clear();
    mPanel->findChild<QPushButton *>(QStringLiteral("measureKeep"))->click();
    QCOMPARE(mKept.size(), std::size_t(1));
    QCOMPARE(mKept[0].kind, Annotation::Kind::Measurement);
    QCOMPARE(mKept[0].points, clicked);
    QVERIFY(!mKept[0].closed);
    QVERIFY2(mKept[0].text.contains(MeasurementFormat::distance(mTool->measurement().totalLengthM())), qPrintable(mKept[0].text));
    unit->setCurrentIndex(unit->findData(int(AngleUnit::Degrees)));
}

void TestMeasureTool::rangeRings()
{
    MapCanvas *canvas = mWindow->canvas();
    RangeRingsTool *rings = mWindow->measureTools()->rangeRingsTool();
    QTest::keyClick(canvas, Qt::Key_R);
    QCOMPARE(canvas->tool(), static_cast<MapTool *>(rings));
    QVERIFY(!mWindow->measureTools()->measureAction()->isChecked());
    QVERIFY(mWindow->measureTools()->ringsAction()->isChecked());

    auto *radii = mPanel->findChild<QLineEdit *>(QStringLiteral("ringRadii"));
    auto *problem = mPanel->findChild<QLabel *>(QStringLiteral("ringRadiiProblem"));
    radii->setText(QStringLiteral("1, x"));
    emit radii->editingFinished();
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(QLatin1String("\"x\"")), qPrintable(problem->text()));
    QCOMPARE(rings->radiiM(), (std::vector<double>{1000, 2000, 5000})); // unchanged
    radii->setText(QStringLiteral("2.5, 1"));
    emit radii->editingFinished();
    QVERIFY(!problem->isVisible());
    QCOMPARE(rings->radiiM(), (std::vector<double>{1000, 2500}));

    const QPoint c = clickAt({46.7483, 39.7583});
    QVERIFY(rings->rings().has_value());
    QCOMPARE(rings->rings()->centre(), lonLatOf(c));
    // The 2.5 km ring drawn passes 2.5 km (GeodSolve direct) east of the centre:
    // its pixel is that many metres from the centre's pixel at this scale.
    const LonLat east = test::geodDirect(lonLatOf(c), 90.0, 2500.0);
    const double px = std::hypot(canvas->pixelOf(east).x() - c.x(), canvas->pixelOf(east).y() - c.y());
    QVERIFY2(std::abs(px * canvas->settings().metresPerPixelAtCenter() - 2500.0) < 2500.0 * 0.002,
             qPrintable(QString::number(px)));

    mKept.clear();
    mPanel->findChild<QPushButton *>(QStringLiteral("ringsKeep"))->click();
    QCOMPARE(mKept.size(), std::size_t(2));
    for (std::size_t i = 0; i < 2; ++i) {
        QCOMPARE(mKept[i].kind, Annotation::Kind::Circle);
        QCOMPARE(mKept[i].points, std::vector<LonLat>{lonLatOf(c)});
    }
    QCOMPARE(mKept[0].radiusM, 1000.0);
    QCOMPARE(mKept[0].text, QStringLiteral("1 km (geodesic)"));
    QCOMPARE(mKept[1].radiusM, 2500.0);
    waitForFrame();
    grab(QStringLiteral("range_rings.png"));
    QTest::keyClick(canvas, Qt::Key_Escape);
    QVERIFY(!rings->rings().has_value());
    QTest::keyClick(canvas, Qt::Key_Escape);
    QVERIFY(canvas->tool() == nullptr);
}

void TestMeasureTool::cleanupTestCase() { delete mWindow; }

QTEST_MAIN(TestMeasureTool)
#include "test_measure_tool.moc"
