// Drives the main window offscreen as a user would: open the sample project,
// pan, zoom, toggle a layer, and check that the canvas changes and is not
// blank. The sample's remote terrain is replaced by a synthetic DEM dropped
// into the copy's terrain/ folder, which also exercises the local override.
#include "layer_panel.h"
#include "main_window.h"
#include "map_canvas.h"

#include "io/gdal_environment.h"
#include "project/layer_loader.h"
#include "render/layer_stack.h"
#include "render/layer.h"
#include "support/synthetic_dem.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMimeData>
#include <QToolButton>
#include <QRegularExpression>
#include <QTreeWidget>

#include <cmath>

using namespace linewatch;

namespace {

/// Fraction of pixels that differ from the other image by more than 24 on any channel.
double changedFraction(const QImage &a, const QImage &b)
{
    if (a.size() != b.size())
        return 1.0;
    const QImage x = a.convertToFormat(QImage::Format_ARGB32), y = b.convertToFormat(QImage::Format_ARGB32);
    qint64 changed = 0;
    for (int r = 0; r < x.height(); ++r) {
        const auto *p = reinterpret_cast<const QRgb *>(x.constScanLine(r));
        const auto *q = reinterpret_cast<const QRgb *>(y.constScanLine(r));
        for (int c = 0; c < x.width(); ++c)
            if (std::abs(qRed(p[c]) - qRed(q[c])) > 24 || std::abs(qGreen(p[c]) - qGreen(q[c])) > 24
                || std::abs(qBlue(p[c]) - qBlue(q[c])) > 24)
                ++changed;
    }
    return double(changed) / (double(x.width()) * x.height());
}

/// Number of distinct colours, capped: a blank or flat image has very few.
int distinctColours(const QImage &image, int cap = 5000)
{
    QSet<QRgb> seen;
    const QImage x = image.convertToFormat(QImage::Format_ARGB32);
    for (int r = 0; r < x.height(); r += 2) {
        const auto *p = reinterpret_cast<const QRgb *>(x.constScanLine(r));
        for (int c = 0; c < x.width(); c += 2) {
            seen.insert(p[c]);
            if (seen.size() >= cap)
                return cap;
        }
    }
    return seen.size();
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void opensSampleAndRendersTerrain();
    void panMovesTheMap();
    void wheelZoomsAboutTheCursor();
    void keyboardZoom();
    void statusBarShowsPositionAndElevation();
    void togglingALayerChangesTheMap();
    void brokenFileIsReportedAndTheRestWorks();
    void dropAFileAndZoomToIt();
    void cleanupTestCase();

private:
    void waitForFrame();
    QImage frame() const { return mWindow->canvas()->lastFrame(); }

    MainWindow *mWindow = nullptr;
    QString mProject;
};

void TestMainWindow::initTestCase()
{
    GdalEnvironment::initialise();
    // A DEM in the copy's local terrain folder replaces the remote tiles.
    mProject = test::prepareSampleCopy();
    QVERIFY(QFile::exists(mProject));

    mWindow = new MainWindow;
    mWindow->resize(1100, 750);
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow));
}

void TestMainWindow::waitForFrame()
{
    // A render is scheduled on the next event loop turn after a change.
    QTest::qWait(20);
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->canvas()->isRendering(), 20000);
    QTest::qWait(20);
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->canvas()->isRendering(), 20000);
    QVERIFY(!frame().isNull());
}

void TestMainWindow::opensSampleAndRendersTerrain()
{
    mWindow->openProject(mProject);
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->loader()->isRunning(), 20000);
    QVERIFY2(mWindow->problems().isEmpty(), qPrintable(mWindow->problems().join(QLatin1Char('\n'))));
    QVERIFY(mWindow->layers()->count() >= 4);
    QStringList kinds;
    for (Layer *l : mWindow->layers()->layers())
        kinds << QStringLiteral("%1 (%2, visible %3)").arg(l->name()).arg(int(l->kind())).arg(l->isVisible());
    QVERIFY2(mWindow->layers()->topmostTerrain() != nullptr, qPrintable(kinds.join(QLatin1String(", "))));
    QVERIFY(mWindow->layers()->topmostTerrain()->sourcePath().contains(QLatin1String("synthetic.tif")));
    waitForFrame();
    QCOMPARE(frame().size(), mWindow->canvas()->size());
    QVERIFY2(distinctColours(frame()) > 500, "the map looks blank or flat");
    QCOMPARE(mWindow->canvas()->settings().crs().authId(), QStringLiteral("EPSG:32638"));
}

void TestMainWindow::panMovesTheMap()
{
    MapCanvas *canvas = mWindow->canvas();
    const QImage before = frame();
    const QPointF centerBefore = canvas->settings().center();
    const double r = canvas->settings().mapUnitsPerPixel();
    const QPoint start(400, 300), end(300, 250);
    QTest::mousePress(canvas, Qt::LeftButton, Qt::NoModifier, start);
    QMouseEvent move(QEvent::MouseMove, QPointF(end), canvas->mapToGlobal(QPointF(end)), Qt::NoButton, Qt::LeftButton,
                     Qt::NoModifier);
    QApplication::sendEvent(canvas, &move);
    QTest::mouseRelease(canvas, Qt::LeftButton, Qt::NoModifier, end);
    // Dragging 100 px left and 50 px up moves the view 100 px east, 50 px south.
    const QPointF moved = canvas->settings().center() - centerBefore;
    QVERIFY(std::abs(moved.x() - 100 * r) < 1e-6 * r);
    QVERIFY(std::abs(moved.y() + 50 * r) < 1e-6 * r);
    waitForFrame();
    QVERIFY2(changedFraction(before, frame()) > 0.05, "panning did not change the map");
}

void TestMainWindow::wheelZoomsAboutTheCursor()
{
    MapCanvas *canvas = mWindow->canvas();
    const QImage before = frame();
    const QPointF cursor(250, 200);
    const QPointF mapUnderCursor = canvas->settings().pixelToMap(cursor);
    const double r = canvas->settings().mapUnitsPerPixel();
    QWheelEvent wheel(cursor, canvas->mapToGlobal(cursor), QPoint(), QPoint(0, 240), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(canvas, &wheel);
    // Two notches zoom in by 2 and keep the point under the cursor in place.
    QVERIFY(std::abs(canvas->settings().mapUnitsPerPixel() - r / 2) < 1e-9 * r);
    const QPointF after = canvas->settings().pixelToMap(cursor);
    QVERIFY(std::abs(after.x() - mapUnderCursor.x()) < 1e-6 * r);
    QVERIFY(std::abs(after.y() - mapUnderCursor.y()) < 1e-6 * r);
    waitForFrame();
    QVERIFY2(changedFraction(before, frame()) > 0.05, "zooming did not change the map");
}

void TestMainWindow::keyboardZoom()
{
    MapCanvas *canvas = mWindow->canvas();
    canvas->setFocus();
    const double r = canvas->settings().mapUnitsPerPixel();
    QTest::keyClick(canvas, Qt::Key_Minus);
    QVERIFY(std::abs(canvas->settings().mapUnitsPerPixel() - 2 * r) < 1e-9 * r);
    const QPointF c = canvas->settings().center();
    QTest::keyClick(canvas, Qt::Key_Right);
    QVERIFY(canvas->settings().center().x() > c.x());
    waitForFrame();
}

void TestMainWindow::statusBarShowsPositionAndElevation()
{
    MapCanvas *canvas = mWindow->canvas();
    const QPoint pixel(canvas->width() / 2 + 37, canvas->height() / 2 - 23);
    // Earlier tests moved the mouse too: let their lookups land, then clear.
    QTest::qWait(300);
    mWindow->findChild<QLabel *>(QStringLiteral("elevationLabel"))->clear();
    QTest::mouseMove(canvas, pixel);
    const LonLat p = canvas->toLonLat(canvas->settings().pixelToMap(QPointF(pixel)));
    QVERIFY(p.isValid());
    auto *coords = mWindow->findChild<QLabel *>(QStringLiteral("coordinateLabel"));
    auto *mgrs = mWindow->findChild<QLabel *>(QStringLiteral("mgrsLabel"));
    auto *elevation = mWindow->findChild<QLabel *>(QStringLiteral("elevationLabel"));
    QVERIFY(coords && mgrs && elevation);
    QVERIFY2(coords->text().contains(QStringLiteral("%1° N").arg(p.lat, 0, 'f', 5)), qPrintable(coords->text()));
    QVERIFY2(coords->text().contains(QStringLiteral("%1° E").arg(p.lon, 0, 'f', 5)), qPrintable(coords->text()));
    QVERIFY2(mgrs->text().startsWith(QLatin1String("MGRS 38S ")), qPrintable(mgrs->text()));
    // Distance to the line version shown (loc-2022 on 2023-03-25), as the
    // core computes it exactly, in the status bar.
    auto *line = mWindow->findChild<QLabel *>(QStringLiteral("lineDistanceLabel"));
    QVERIFY(line);
    QVERIFY2(line->text().contains(QLatin1String("from line loc-2022")), qPrintable(line->text()));
    // The elevation comes from a worker; compare with the synthetic surface
    // itself (the DEM samples it on a 0.001 deg grid, bilinear in between).
    QTRY_VERIFY_WITH_TIMEOUT(elevation->text().contains(QLatin1String(" m")), 10000);
    QTest::qWait(200); // a lookup queued behind ours would land now
    const double expected = test::syntheticElevation(test::sampleTerrainBox(), p.lon, p.lat);
    QString digits = elevation->text();
    digits.remove(QRegularExpression(QStringLiteral("[^0-9.]")));
    QVERIFY2(std::abs(digits.toDouble() - expected) < 5.0,
             qPrintable(QStringLiteral("%1, expected %2 m").arg(elevation->text()).arg(expected, 0, 'f', 1)));
}

void TestMainWindow::togglingALayerChangesTheMap()
{
    const QImage before = frame();
    Layer *terrain = mWindow->layers()->topmostTerrain();
    QVERIFY(terrain);
    // Untick it in the layer panel, as a user would.
    QTreeWidget *tree = mWindow->layerPanel()->tree();
    QTreeWidgetItem *item = nullptr;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        if (tree->topLevelItem(i)->text(0).startsWith(terrain->name()))
            item = tree->topLevelItem(i);
    QVERIFY(item);
    item->setCheckState(0, Qt::Unchecked);
    QVERIFY(!terrain->isVisible());
    waitForFrame();
    QVERIFY2(changedFraction(before, frame()) > 0.2, "hiding the terrain did not change the map");
    item->setCheckState(0, Qt::Checked);
    waitForFrame();
    QVERIFY2(changedFraction(before, frame()) < 0.01, "showing the terrain again did not restore the map");
}

void TestMainWindow::brokenFileIsReportedAndTheRestWorks()
{
    const int before = mWindow->layers()->count();
    const QString broken = test::tempDir() + QStringLiteral("/broken.tif");
    QFile f(broken);
    QVERIFY(f.open(QIODevice::WriteOnly));
    // A TIFF signature and then garbage; the literal holds 31 bytes with its NUL.
    static constexpr char kBrokenTiff[] = "II*\0garbage that is not a TIFF";
    f.write(kBrokenTiff, sizeof kBrokenTiff - 1);
    f.close();
    const QString missing = test::tempDir() + QStringLiteral("/does-not-exist.geojson");
    mWindow->openPaths({broken, missing});
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->loader()->isRunning(), 20000);
    QCOMPARE(mWindow->layers()->count(), before);
    const QString problems = mWindow->problems().join(QLatin1Char('\n'));
    QVERIFY2(problems.contains(QLatin1String("broken.tif")), qPrintable(problems));
    QVERIFY2(problems.contains(QLatin1String("does-not-exist.geojson")) && problems.contains(QLatin1String("not found")),
             qPrintable(problems));
    // The map still renders.
    mWindow->canvas()->zoomBy(2.0);
    waitForFrame();
}

void TestMainWindow::dropAFileAndZoomToIt()
{
    // A GeoJSON far from the sample, dropped on the window as from a file manager.
    const QString file = test::tempDir() + QStringLiteral("/dropped.geojson");
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Dropped","source":"test",
"approximate":false},"geometry":{"type":"LineString","coordinates":[[44.0,40.0],[44.2,40.1]]}}]})");
    f.close();
    const int before = mWindow->layers()->count();
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(file)});
    const QPoint at = mWindow->canvas()->geometry().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(mWindow, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(mWindow, &drop);
    QTRY_COMPARE_WITH_TIMEOUT(mWindow->layers()->count(), before + 1, 10000);
    Layer *dropped = mWindow->layers()->at(0);
    QCOMPARE(dropped->sourcePath(), file);
    // Zoom to it from the layer panel: the whole line is in view.
    mWindow->layerPanel()->setCurrentLayer(dropped);
    QToolButton *zoom = nullptr;
    for (QToolButton *b : mWindow->layerPanel()->findChildren<QToolButton *>())
        if (b->toolTip() == QLatin1String("Zoom to layer"))
            zoom = b;
    QVERIFY(zoom);
    zoom->click();
    MapCanvas *canvas = mWindow->canvas();
    for (const LonLat &p : {LonLat{44.0, 40.0}, LonLat{44.2, 40.1}}) {
        const QPointF px = canvas->pixelOf(p);
        QVERIFY2(QRectF(canvas->rect()).contains(px), qPrintable(QStringLiteral("%1,%2").arg(px.x()).arg(px.y())));
    }
    waitForFrame();
}

void TestMainWindow::cleanupTestCase() { delete mWindow; }

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
