// The "Go to" box and the "Elevation profile" dock driven as a user would,
// offscreen, on a copy of the sample project whose terrain is the synthetic
// DEM of support/synthetic_dem.h (a 600 m plain with three Gaussian hills).
// Expected positions come from GeographicLib's GeoConvert or hand
// conversion; expected elevations from the synthetic surface's formula and
// from ElevationProfile / LineOfSight run on the same points in this thread.
#include "elevation_profile_panel.h"
#include "go_to_box.h"
#include "main_window.h"
#include "map_canvas.h"
#include "map_overlay.h"
#include "path_tool.h"
#include "profile_chart.h"

#include "crs/coordinate_parser.h"
#include "io/gdal_environment.h"
#include "project/layer_loader.h"
#include "geodesy/geodesic.h"
#include "render/layer_stack.h"
#include "render/layer.h"
#include "terrain/dem_sampler.h"
#include "terrain/elevation_profile.h"
#include "terrain/line_of_sight.h"
#include "support/synthetic_dem.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QAbstractItemView>
#include <QCompleter>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include <cmath>

using namespace linewatch;

Q_DECLARE_METATYPE(linewatch::LonLat)

namespace {

double metresBetween(const LonLat &a, const LonLat &b) { return Geodesic::wgs84().inverse(a, b).distanceM; }

/// Where to keep screenshots of the tools at work: $LINEWATCH_SCREENSHOT_DIR
/// when set (to look at them), else the test's temporary folder.
QString screenshotPath(const QString &name)
{
    const QString dir = qEnvironmentVariable("LINEWATCH_SCREENSHOT_DIR", test::tempDir());
    return dir + QLatin1Char('/') + name;
}

QString describe(const LonLat &p) { return QStringLiteral("(%1, %2)").arg(p.lon, 0, 'f', 7).arg(p.lat, 0, 'f', 7); }

} // namespace

class TestTerrainTools : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void ctrlGFocusesTheBox();
    void completerOffersNamesInEveryLanguage();
    void goTo_data();
    void goTo();
    void badInputIsAnswered_data();
    void badInputIsAnswered();
    void profileOfClickedPath();
    void hoverMarksTheMap();
    void profileOfTheLine();
    void nodataGapIsShown();
    void lineOfSight_data();
    void lineOfSight();
    void newQueryReplacesTheRunningOne();
    void cancelStopsTheWorker();
    void cleanupTestCase();

private:
    void waitForFrame();
    bool waitForAnswer();
    void clickOnMap(const LonLat &position);

    MainWindow *mWindow = nullptr;
    GoToBox *mGoTo = nullptr;
    ElevationProfilePanel *mPanel = nullptr;
    MapOverlay *mOverlay = nullptr;
    QString mProject, mDem;
};

void TestTerrainTools::initTestCase()
{
    GdalEnvironment::initialise();
    mProject = test::prepareSampleCopy(QStringLiteral("shusha-terrain-tools"));
    QVERIFY(QFile::exists(mProject));
    mDem = QFileInfo(mProject).absolutePath() + QStringLiteral("/terrain/synthetic.tif");
    mWindow = new MainWindow;
    mWindow->resize(1200, 900);
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow));
    mWindow->openProject(mProject);
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->loader()->isRunning(), 20000);
    QVERIFY2(mWindow->problems().isEmpty(), qPrintable(mWindow->problems().join(QLatin1Char('\n'))));
    QVERIFY(mWindow->layers()->topmostTerrain());
    QCOMPARE(mWindow->layers()->topmostTerrain()->sourcePath(), mDem);
    mGoTo = mWindow->findChild<GoToBox *>();
    mPanel = mWindow->findChild<ElevationProfilePanel *>();
    mOverlay = mWindow->findChild<MapOverlay *>();
    QVERIFY(mGoTo && mPanel && mOverlay);
    QTRY_VERIFY_WITH_TIMEOUT(mGoTo->isGazetteerReady(), 10000);
    waitForFrame();
}

void TestTerrainTools::waitForFrame()
{
    QTest::qWait(20);
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->canvas()->isRendering(), 20000);
}

bool TestTerrainTools::waitForAnswer()
{
    QSignalSpy computed(mPanel, &ElevationProfilePanel::computed);
    return computed.wait(20000) && !mPanel->isComputing();
}

void TestTerrainTools::clickOnMap(const LonLat &position)
{
    const QPointF pixel = mWindow->canvas()->pixelOf(position);
    QTest::mouseClick(mWindow->canvas(), Qt::LeftButton, Qt::NoModifier, pixel.toPoint());
}

void TestTerrainTools::ctrlGFocusesTheBox()
{
    mWindow->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(mWindow));
    mWindow->canvas()->setFocus();
    QVERIFY(!mGoTo->edit()->hasFocus());
    QTest::keyClick(mWindow, Qt::Key_G, Qt::ControlModifier);
    QTRY_VERIFY(mGoTo->edit()->hasFocus());
}

void TestTerrainTools::completerOffersNamesInEveryLanguage()
{
    QCompleter *completer = mGoTo->edit()->completer();
    QVERIFY(completer && completer->model());
    QStringList names;
    for (int i = 0; i < completer->model()->rowCount(); ++i)
        names << completer->model()->index(i, 0).data().toString();
    // maps/shusha/gazetteer.geojson: Shusha in English, Armenian transliteration,
    // Azerbaijani, Russian and Armenian.
    for (const QString &n : {QStringLiteral("Shusha"), QStringLiteral("Shushi"), QStringLiteral("Şuşa"),
                             QStringLiteral("Шуша"), QStringLiteral("Շուշի"), QStringLiteral("Xankəndi")})
        QVERIFY2(names.contains(n), qPrintable(n));
    completer->setCompletionPrefix(QStringLiteral("sary"));
    QStringList offered;
    for (int i = 0; completer->setCurrentRow(i); ++i)
        offered << completer->currentCompletion();
    QVERIFY2(offered.contains(QStringLiteral("Sarybaba")), qPrintable(offered.join(QLatin1String(", "))));
}

void TestTerrainTools::goTo_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<bool>("typed");     ///< typed key by key (ASCII only) or pasted
    QTest::addColumn<LonLat>("expected");
    QTest::addColumn<double>("toleranceMetres");
    QTest::addColumn<QString>("label");  ///< expected in the marker's text
    QTest::newRow("decimal degrees, lat first (Stepanakert)")
        << QStringLiteral("39.81528, 46.75194") << true << LonLat{46.75194, 39.81528} << 0.01
        << QStringLiteral("decimal degrees");
    // Hand: 39 + 38/60 + 27/3600 = 39.6408333°, 46 + 32/60 + 49/3600 = 46.5469444°.
    QTest::newRow("DMS (Lachin)") << QStringLiteral("39°38′27″N 46°32′49″E") << false
                                  << LonLat{46.5469444444, 39.6408333333} << 0.01 << QStringLiteral("DMS");
    // echo "38N 645538 4406942" | GeoConvert -g -p 6 -> 39.80000140690 46.70000165294
    // (the corner; the parser gives the centre of the 1 m square, 0.71 m away).
    QTest::newRow("UTM, GeoConvert") << QStringLiteral("38N 645538 4406942") << true
                                     << LonLat{46.70000165294, 39.80000140690} << 0.75 << QStringLiteral("UTM");
    // echo "38SPK4976302393" | GeoConvert -g -p 6 -> 39.75830442184 46.74830042571 (centre)
    QTest::newRow("MGRS 1 m, GeoConvert") << QStringLiteral("38SPK4976302393") << true
                                          << LonLat{46.74830042571, 39.75830442184} << 0.01
                                          << QStringLiteral("MGRS, 1 m square");
    // maps/shusha/gazetteer.geojson coordinates.
    QTest::newRow("place, Russian (Shusha)") << QStringLiteral("Шуша") << false << LonLat{46.7483, 39.7583} << 0.01
                                              << QStringLiteral("Shusha / Shushi");
    QTest::newRow("place, approximate (Mount Sarybaba)") << QStringLiteral("mount sarybaba") << true
                                                         << LonLat{46.585, 39.695} << 0.01
                                                         << QStringLiteral("approximate");
}

void TestTerrainTools::goTo()
{
    QFETCH(QString, input);
    QFETCH(bool, typed);
    QFETCH(LonLat, expected);
    QFETCH(double, toleranceMetres);
    QFETCH(QString, label);
    // Start somewhere else so a stale centre cannot pass.
    mWindow->canvas()->setView(LonLat{46.4, 39.55}, 200000);
    QLineEdit *edit = mGoTo->edit();
    edit->clear();
    if (typed) {
        QTest::keyClicks(edit, input);
        if (QWidget *popup = edit->completer()->popup(); popup->isVisible())
            QTest::keyClick(popup, Qt::Key_Escape);
    } else {
        edit->setText(input);
    }
    QCOMPARE(edit->text(), input);
    QSignalSpy found(mGoTo, &GoToBox::positionFound);
    QTest::keyClick(edit, Qt::Key_Return);
    QCOMPARE(found.count(), 1);
    const LonLat centre = mWindow->canvas()->toLonLat(mWindow->canvas()->settings().center());
    const double off = metresBetween(centre, expected);
    QVERIFY2(off <= toleranceMetres, qPrintable(QStringLiteral("centre %1, expected %2: %3 m apart")
                                                    .arg(describe(centre), describe(expected)).arg(off)));
    QVERIFY(!mGoTo->messageLabel()->isVisible());
    QVERIFY(mOverlay->hasItem(GoToBox::markerKey()));
    QVERIFY(metresBetween(mOverlay->position(GoToBox::markerKey()), expected) <= toleranceMetres);
    const QString text = mOverlay->label(GoToBox::markerKey()).join(QLatin1Char('\n'));
    QVERIFY2(text.contains(label), qPrintable(text));
    if (label != QLatin1String("approximate"))
        QVERIFY2(!text.contains(QLatin1String("approximate")), qPrintable(text));
    waitForFrame();
    if (QTest::currentDataTag() == QByteArray("place, approximate (Mount Sarybaba)"))
        mWindow->grab().save(screenshotPath(QStringLiteral("terrain_tools_goto.png")));
}

void TestTerrainTools::badInputIsAnswered_data()
{
    QTest::addColumn<QString>("input");
    QTest::newRow("latitude out of range") << QStringLiteral("95.2, 46.7");
    QTest::newRow("unknown place") << QStringLiteral("Atlantis");
    QTest::newRow("MGRS with odd digits") << QStringLiteral("38SPK4976302");
}

void TestTerrainTools::badInputIsAnswered()
{
    QFETCH(QString, input);
    mWindow->canvas()->setView(LonLat{46.6, 39.7}, 100000);
    const QPointF before = mWindow->canvas()->settings().center();
    mGoTo->edit()->setText(input);
    QSignalSpy found(mGoTo, &GoToBox::positionFound);
    QTest::keyClick(mGoTo->edit(), Qt::Key_Return);
    QCOMPARE(found.count(), 0);
    QCOMPARE(mWindow->canvas()->settings().center(), before);
    // The answer is the parser's own message, which says what was expected.
    auto gazetteer = Gazetteer::loadBundled();
    QVERIFY(gazetteer.ok());
    const auto parsed = CoordinateParser::parse(input, &*gazetteer);
    QVERIFY(!parsed.ok());
    QVERIFY(mGoTo->messageLabel()->isVisible());
    QCOMPARE(mGoTo->messageLabel()->text(), parsed.error().message);
    QVERIFY(!parsed.error().message.isEmpty());
    // Below the box.
    const QPoint boxBottom = mGoTo->edit()->mapToGlobal(QPoint(0, mGoTo->edit()->height()));
    QVERIFY(mGoTo->messageLabel()->geometry().top() >= boxBottom.y());
    // Editing the text dismisses it.
    QTest::keyClick(mGoTo->edit(), Qt::Key_Backspace);
    QVERIFY(!mGoTo->messageLabel()->isVisible());
}

void TestTerrainTools::profileOfClickedPath()
{
    MapCanvas *canvas = mWindow->canvas();
    canvas->setView(LonLat{46.6, 39.72}, 150000);
    waitForFrame();
    auto *button = mPanel->findChild<QPushButton *>(QStringLiteral("profilePathButton"));
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(canvas->tool(), static_cast<MapTool *>(mPanel->profileTool()));
    // Three clicks across the big hill (centre 46.51° E 39.68° N), the last a double click.
    const QList<QPoint> pixels{canvas->pixelOf({46.42, 39.66}).toPoint(), canvas->pixelOf({46.55, 39.70}).toPoint(),
                               canvas->pixelOf({46.68, 39.75}).toPoint()};
    std::vector<LonLat> expectedPath;
    for (const QPoint &p : pixels)
        expectedPath.push_back(canvas->lonLatAt(QPointF(p)));
    QSignalSpy computed(mPanel, &ElevationProfilePanel::computed);
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, pixels[0]);
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, pixels[1]);
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, pixels[2]);
    QCOMPARE(mPanel->profileTool()->points().size(), std::size_t(3));
    QTest::mouseDClick(canvas, Qt::LeftButton, Qt::NoModifier, pixels[2]);
    QVERIFY(computed.count() > 0 || computed.wait(20000));
    QVERIFY2(mPanel->answer(), qPrintable(mPanel->statusText()));
    QCOMPARE(mPanel->path().size(), std::size_t(3));
    for (std::size_t i = 0; i < 3; ++i)
        QVERIFY(metresBetween(mPanel->path()[i], expectedPath[i]) < 1e-6);

    // Second method: the same profile computed here, and the surface's formula.
    auto dem = DemSampler::open(mDem);
    QVERIFY(dem.ok());
    auto direct = ElevationProfile::compute(*dem, expectedPath);
    QVERIFY(direct.ok());
    const ElevationProfile &shown = mPanel->answer()->terrain();
    QCOMPARE(shown.samples().size(), direct->samples().size());
    QCOMPARE(shown.lengthMetres(), direct->lengthMetres());
    // GeodSolve-equivalent: the length is the sum of the two geodesics.
    QVERIFY(std::abs(shown.lengthMetres()
                     - metresBetween(expectedPath[0], expectedPath[1]) - metresBetween(expectedPath[1], expectedPath[2]))
            < 0.01);
    double worst = 0;
    for (std::size_t i = 0; i < shown.samples().size(); ++i) {
        const ProfileSample &s = shown.samples()[i];
        QVERIFY(s.elevationMetres);
        QCOMPARE(*s.elevationMetres, *direct->samples()[i].elevationMetres);
        // Int16 rounding (0.5 m) plus bilinear interpolation of the smooth hills
        // between 0.001° cells (well under 0.5 m).
        worst = std::max(worst, std::abs(*s.elevationMetres
                                         - test::syntheticElevation(test::sampleTerrainBox(), s.position.lon, s.position.lat)));
    }
    QVERIFY2(worst < 1.0, qPrintable(QStringLiteral("worst difference from the surface %1 m").arg(worst)));
    QVERIFY(*shown.maxElevationMetres() > 1500); // over the big hill's flank
    QCOMPARE(mPanel->chart()->profile()->samples().size(), shown.samples().size());
    const QString stats = mPanel->findChild<QLabel *>(QStringLiteral("profileStats"))->text();
    QVERIFY2(stats.contains(QStringLiteral("max %L1 m").arg(*shown.maxElevationMetres(), 0, 'f', 0)), qPrintable(stats));
    QVERIFY2(stats.contains(QLatin1String("ascent")) && stats.contains(QLatin1String("geodesic")), qPrintable(stats));
    QVERIFY(mOverlay->hasItem(ElevationProfilePanel::pathKeyPrefix()));
    // Esc puts the tool away and unchecks the button.
    QTest::keyClick(canvas, Qt::Key_Escape);
    QCOMPARE(canvas->tool(), static_cast<MapTool *>(nullptr));
    QVERIFY(!button->isChecked());
}

void TestTerrainTools::hoverMarksTheMap()
{
    ProfileChart *chart = mPanel->chart();
    const ElevationProfile *profile = chart->profile();
    QVERIFY(profile);
    const std::size_t target = profile->samples().size() / 3;
    const ProfileSample &s = profile->samples()[target];
    const QPointF at(chart->pointOf(s.distanceMetres, 0).x(), chart->plotRect().center().y());
    // A plain move event: QTest::mouseMove moves the cursor, which the
    // offscreen platform does not turn into events.
    const QPointF pos(qRound(at.x()), qRound(at.y()));
    QMouseEvent move(QEvent::MouseMove, pos, chart->mapToGlobal(pos), Qt::NoButton, Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(chart, &move);
    QVERIFY(chart->hoveredSample() >= 0);
    // Rounding to a whole pixel may pick a neighbour: within one pixel of distance.
    const double metresPerPixel = profile->lengthMetres() / chart->plotRect().width();
    const ProfileSample &hovered = profile->samples()[chart->hoveredSample()];
    QVERIFY(std::abs(hovered.distanceMetres - s.distanceMetres) <= metresPerPixel);
    QVERIFY(mOverlay->hasItem(ElevationProfilePanel::hoverKey()));
    QVERIFY(metresBetween(mOverlay->position(ElevationProfilePanel::hoverKey()), hovered.position) < 1e-6);
    mWindow->grab().save(screenshotPath(QStringLiteral("terrain_tools_profile.png")));
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(chart, &leave);
    QVERIFY(!mOverlay->hasItem(ElevationProfilePanel::hoverKey()));
}

void TestTerrainTools::profileOfTheLine()
{
    QSignalSpy computed(mPanel, &ElevationProfilePanel::computed);
    QTest::mouseClick(mPanel->findChild<QPushButton *>(QStringLiteral("profileOfLineButton")), Qt::LeftButton);
    QVERIFY(computed.count() > 0 || computed.wait(20000));
    QVERIFY2(mPanel->answer(), qPrintable(mPanel->statusText()));
    QVERIFY2(mPanel->statusText().contains(QLatin1String("Profile of line loc-")), qPrintable(mPanel->statusText()));
    const ElevationProfile &p = mPanel->answer()->terrain();
    QVERIFY(p.lengthMetres() > 1000);
    const LonLatBox box = test::sampleTerrainBox();
    int checked = 0;
    for (const ProfileSample &s : p.samples()) {
        const bool inside = s.position.lon > box.west + 0.002 && s.position.lon < box.east - 0.002
                            && s.position.lat > box.south + 0.002 && s.position.lat < box.north - 0.002;
        if (!inside)
            continue;
        QVERIFY(s.elevationMetres);
        QVERIFY(std::abs(*s.elevationMetres - test::syntheticElevation(box, s.position.lon, s.position.lat)) < 1.0);
        ++checked;
    }
    QVERIFY(checked > 10);
}

void TestTerrainTools::nodataGapIsShown()
{
    // Out of the synthetic DEM's east edge (47° E) and back: both ends have
    // elevations, the middle none.
    const std::vector<LonLat> path{{46.90, 39.80}, {47.10, 39.80}, {46.90, 39.85}};
    QSignalSpy computed(mPanel, &ElevationProfilePanel::computed);
    mPanel->profileOfPath(path);
    QVERIFY(computed.wait(20000));
    QVERIFY2(mPanel->answer(), qPrintable(mPanel->statusText()));
    const ElevationProfile &p = mPanel->answer()->terrain();
    QVERIFY(p.missingSamples() > 0);
    std::size_t gapFirst = p.samples().size(), gapLast = 0;
    for (std::size_t i = 0; i < p.samples().size(); ++i) {
        const ProfileSample &s = p.samples()[i];
        if (s.position.lon < 46.999)
            QVERIFY(s.elevationMetres);
        if (s.position.lon > 47.001)
            QVERIFY(!s.elevationMetres);
        if (!s.elevationMetres) {
            gapFirst = std::min(gapFirst, i);
            gapLast = std::max(gapLast, i);
        }
    }
    QVERIFY2(mPanel->statusText().contains(QLatin1String("without elevation (hatched gaps)")),
             qPrintable(mPanel->statusText()));
    // On the chart the gap is hatched, with no terrain fill; either side has terrain.
    ProfileChart *chart = mPanel->chart();
    const QImage image = chart->grab().toImage();
    auto column = [&](double distanceMetres) {
        int terrain = 0, hatch = 0;
        const int x = qRound(chart->pointOf(distanceMetres, 0).x() * image.devicePixelRatio());
        const QRectF r = chart->plotRect();
        for (int y = int(r.top()) + 2; y < int(r.bottom()) - 2; ++y) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - 222) < 6 && std::abs(c.green() - 204) < 6 && std::abs(c.blue() - 170) < 6)
                ++terrain;
            else if (std::abs(c.red() - c.green()) < 8 && std::abs(c.green() - c.blue()) < 8 && c.red() < 235)
                ++hatch;
        }
        return std::pair{terrain, hatch};
    };
    const double gapMiddle = (p.samples()[gapFirst].distanceMetres + p.samples()[gapLast].distanceMetres) / 2;
    const auto [gapTerrain, gapHatch] = column(gapMiddle);
    QCOMPARE(gapTerrain, 0);
    QVERIFY(gapHatch > 10);
    QVERIFY(column(p.samples()[gapFirst].distanceMetres / 2).first > 10);
    mWindow->grab().save(screenshotPath(QStringLiteral("terrain_tools_gap.png")));
}

void TestTerrainTools::lineOfSight_data()
{
    QTest::addColumn<LonLat>("observer");
    QTest::addColumn<LonLat>("target");
    QTest::addColumn<int>("verdict");
    // The big hill peaks at 2100 m at 46.51° E 39.68° N (0.3, 0.4 of the box);
    // both ends stand on its lower flanks near 900 m: blocked.
    QTest::newRow("across the synthetic hill: blocked") << LonLat{46.36, 39.68} << LonLat{46.66, 39.68}
                                                        << int(LineOfSight::Verdict::Blocked);
    // The north-east corner is the bare 600 m plain (the hills contribute under
    // 0.1 m there); 4.6 km with a 2 m eye: the bulge at mid-line is 0.4 m.
    QTest::newRow("flat plain: visible") << LonLat{46.935, 39.905} << LonLat{46.975, 39.935}
                                         << int(LineOfSight::Verdict::Visible);
}

void TestTerrainTools::lineOfSight()
{
    QFETCH(LonLat, observer);
    QFETCH(LonLat, target);
    QFETCH(int, verdict);
    MapCanvas *canvas = mWindow->canvas();
    canvas->setView(LonLat{(observer.lon + target.lon) / 2, (observer.lat + target.lat) / 2},
                    metresBetween(observer, target) > 10000 ? 150000 : 40000);
    waitForFrame();
    mPanel->findChild<QDoubleSpinBox *>(QStringLiteral("observerHeight"))->setValue(2.0);
    mPanel->findChild<QDoubleSpinBox *>(QStringLiteral("targetHeight"))->setValue(0.0);
    auto *button = mPanel->findChild<QPushButton *>(QStringLiteral("lineOfSightButton"));
    if (!button->isChecked())
        QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(canvas->tool(), static_cast<MapTool *>(mPanel->lineOfSightTool()));
    QSignalSpy computed(mPanel, &ElevationProfilePanel::computed);
    clickOnMap(observer);
    QCOMPARE(computed.count(), 0);
    clickOnMap(target);
    QVERIFY(computed.count() > 0 || computed.wait(20000));
    QVERIFY2(mPanel->answer() && mPanel->answer()->lineOfSight, qPrintable(mPanel->statusText()));
    const LineOfSight &los = *mPanel->answer()->lineOfSight;
    QCOMPARE(int(los.verdict()), verdict);
    QCOMPARE(mPanel->path().size(), std::size_t(2));
    // The click lands on a whole pixel: within a pixel of the intended point.
    QVERIFY(metresBetween(mPanel->path()[0], observer) < canvas->settings().mapUnitsPerPixel());

    // The same points computed here agree.
    auto dem = DemSampler::open(mDem);
    QVERIFY(dem.ok());
    auto direct = LineOfSight::compute(*dem, mPanel->path()[0], mPanel->path()[1]);
    QVERIFY(direct.ok());
    QCOMPARE(int(direct->verdict()), verdict);

    const QString shown = mPanel->findChild<QLabel *>(QStringLiteral("lineOfSightVerdict"))->text();
    QVERIFY(mOverlay->hasItem(ElevationProfilePanel::pathKeyPrefix() + QStringLiteral("/0000")));
    QVERIFY(mPanel->statusText().contains(QLatin1String("k = 0.13")));
    if (verdict == int(LineOfSight::Verdict::Blocked)) {
        QVERIFY2(shown.startsWith(QLatin1String("Blocked")), qPrintable(shown));
        const Obstruction &o = *los.firstObstruction();
        // The first obstruction is the hill: its highest point above the
        // sight line lies near the peak, and the blocked stretch starts on
        // the west flank, before the peak.
        QVERIFY2(std::abs(o.position.lon - 46.51) < 0.05, qPrintable(describe(o.position)));
        QVERIFY(o.startMetres < metresBetween(mPanel->path()[0], LonLat{46.51, 39.68}));
        QVERIFY(mOverlay->hasItem(QStringLiteral("profile/point/obstruction")));
        QVERIFY(metresBetween(mOverlay->position(QStringLiteral("profile/point/obstruction")), o.position) < 1e-6);
        // A hidden (red) stretch follows on the map.
        QVERIFY(mOverlay->hasItem(ElevationProfilePanel::pathKeyPrefix() + QStringLiteral("/0001")));
        QCOMPARE(mPanel->chart()->lineOfSight()->verdict(), LineOfSight::Verdict::Blocked);
        mWindow->grab().save(screenshotPath(QStringLiteral("terrain_tools_los.png")));
    } else {
        QVERIFY2(shown.startsWith(QLatin1String("Visible")), qPrintable(shown));
        QVERIFY(!mOverlay->hasItem(QStringLiteral("profile/point/obstruction")));
        QVERIFY(!mOverlay->hasItem(ElevationProfilePanel::pathKeyPrefix() + QStringLiteral("/0001")));
    }
}

namespace {

/// A zigzag over the whole synthetic DEM, about 1 200 km of path and 30 000
/// samples: long enough that the worker is still running when the test acts.
std::vector<LonLat> longZigzag()
{
    const LonLatBox b = test::sampleTerrainBox();
    std::vector<LonLat> path;
    for (int i = 0; i < 40; ++i)
        path.push_back({i % 2 ? b.east - 0.01 : b.west + 0.01, b.south + 0.01 + (b.north - b.south - 0.02) * i / 39.0});
    return path;
}

} // namespace

void TestTerrainTools::newQueryReplacesTheRunningOne()
{
    QSignalSpy computed(mPanel, &ElevationProfilePanel::computed);
    mPanel->profileOfPath(longZigzag());
    QVERIFY(mPanel->isComputing());
    const std::vector<LonLat> shortPath{{46.60, 39.70}, {46.62, 39.71}};
    mPanel->profileOfPath(shortPath);
    QVERIFY(computed.wait(20000));
    QTRY_VERIFY_WITH_TIMEOUT(!mPanel->isComputing(), 20000);
    // Only the second answer is shown, once.
    QCOMPARE(computed.count(), 1);
    QVERIFY2(mPanel->answer(), qPrintable(mPanel->statusText()));
    QCOMPARE(mPanel->path().size(), std::size_t(2));
    QVERIFY(std::abs(mPanel->answer()->terrain().lengthMetres() - metresBetween(shortPath[0], shortPath[1])) < 0.01);
}

void TestTerrainTools::cancelStopsTheWorker()
{
    QSignalSpy computed(mPanel, &ElevationProfilePanel::computed);
    mPanel->profileOfPath(longZigzag());
    QVERIFY(mPanel->isComputing());
    auto *cancel = mPanel->findChild<QPushButton *>(QStringLiteral("profileCancelButton"));
    QVERIFY(cancel && cancel->isVisible());
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(computed.wait(20000));
    QVERIFY(!mPanel->isComputing());
    QVERIFY(!cancel->isVisible());
    QVERIFY2(mPanel->statusText().contains(QLatin1String("Cancelled")), qPrintable(mPanel->statusText()));
    // The previous answer stays on screen.
    QCOMPARE(mPanel->path().size(), std::size_t(2));
}

void TestTerrainTools::cleanupTestCase()
{
    delete mWindow;
    mWindow = nullptr;
}

QTEST_MAIN(TestTerrainTools)
#include "test_terrain_tools.moc"
