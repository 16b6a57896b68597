// The "Claims" dock driven as an analyst would, offscreen: add a point claim
// by clicking the map and typing into the dialog, read its verdict in the
// table and compare with an independent expectation (the brute-force nearest
// point of tests/support/reference_distance and claim-check.md's interval
// arithmetic by hand), select its row and see it highlighted on the map,
// click it on the map and see its row selected, filter by verdict, edit it,
// and undo/redo through the window's undo stack.
#include "add_claim_tool.h"
#include "claim_dialog.h"
#include "claims_panel.h"
#include "main_window.h"
#include "map_canvas.h"

#include "render/buffer_layer.h"
#include "project/claims_filter_model.h"
#include "render/claims_layer.h"
#include "project/claims_table_model.h"
#include "render/line_layer.h"
#include "io/gdal_environment.h"
#include "project/layer_loader.h"
#include "render/layer_stack.h"
#include "support/reference_distance.h"
#include "support/synthetic_dem.h"
#include "support/test_paths.h"

#include <QtTest>

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QUndoStack>

#include <cmath>

using namespace linewatch;

namespace {

/// Pixels of (about) the colour within the box.
int countColour(const QImage &image, const QRect &box, const QColor &colour, int tolerance = 30)
{
    int n = 0;
    const QRect r = box.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - colour.red()) <= tolerance && std::abs(c.green() - colour.green()) <= tolerance
                && std::abs(c.blue() - colour.blue()) <= tolerance)
                ++n;
        }
    return n;
}

} // namespace

class TestClaimsPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void addPointClaimByClicking();
    void escapeLeavesTheAddClaimTool_data();
    void escapeLeavesTheAddClaimTool();
    void selectingARowHighlightsTheClaim();
    void clickingTheClaimSelectsItsRow();
    void selectingARowBringsTheClaimIntoView();
    void filterByVerdict();
    void editClaimRechecksIt();
    void undoAndRedo();
    void lineDateSelectorSetsTheVersionShown();
    void addAreaClaimByClicking();
    void bufferOfTheLineShown();
    void cleanupTestCase();

private:
    void waitForFrame();
    int tableRowOf(const QString &id) const;
    QPoint claimPixel() const { return mWindow->canvas()->pixelOf(mPosition).toPoint(); }

    MainWindow *mWindow = nullptr;
    ClaimsPanel *mPanel = nullptr;
    LonLat mPosition;
    double mReferenceM = 0.0; ///< brute-force distance from the new claim to loc-2022
};

void TestClaimsPanel::initTestCase()
{
    GdalEnvironment::initialise();
    const QString project = test::prepareSampleCopy();
    mWindow = new MainWindow;
    mWindow->resize(1300, 950);
    mWindow->show();
    QVERIFY(QTest::qWaitForWindowExposed(mWindow));
    mWindow->openProject(project);
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->loader()->isRunning(), 20000);
    mPanel = mWindow->findChild<ClaimsPanel *>();
    QVERIFY(mPanel);
    QTRY_VERIFY_WITH_TIMEOUT(mPanel->claimsLayer() != nullptr, 5000);
    QCOMPARE(mPanel->table()->model()->rowCount(), 4);
    waitForFrame();
}

void TestClaimsPanel::waitForFrame()
{
    QTest::qWait(20);
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->canvas()->isRendering(), 20000);
    QTest::qWait(20);
    QTRY_VERIFY_WITH_TIMEOUT(!mWindow->canvas()->isRendering(), 20000);
}

int TestClaimsPanel::tableRowOf(const QString &id) const
{
    const QAbstractItemModel *m = mPanel->table()->model();
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r, ClaimsTableModel::Id).data().toString() == id)
            return r;
    return -1;
}

void TestClaimsPanel::escapeLeavesTheAddClaimTool_data()
{
    // Issue 11: Esc is also the window's "Cancel Loading" shortcut, which took
    // the key and left the Add Claim tool active.
    QTest::addColumn<bool>("area");
    QTest::newRow("point") << false;
    QTest::newRow("area, two vertices placed") << true;
}

void TestClaimsPanel::escapeLeavesTheAddClaimTool()
{
    QFETCH(bool, area);
    MapCanvas *canvas = mWindow->canvas();
    QAction *action = area ? mPanel->addAreaAction() : mPanel->addPointAction();
    const int editsBefore = mWindow->undoStack()->count();
    mPanel->table()->setFocus(); // where the analyst was: the tool takes the focus itself
    action->trigger();
    QCOMPARE(canvas->tool(), static_cast<MapTool *>(mPanel->addTool()));
    if (area) {
        QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, QPoint(200, 200));
        QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, QPoint(260, 210));
    }
    // The window's focus widget (offscreen windows are not always active).
    QCOMPARE(mWindow->focusWidget(), static_cast<QWidget *>(canvas));
    QTest::keyClick(mWindow->focusWidget(), Qt::Key_Escape);
    QTRY_COMPARE(canvas->tool(), static_cast<MapTool *>(nullptr));
    QVERIFY(!action->isChecked());
    QVERIFY(!mPanel->openDialog());
    QCOMPARE(mWindow->undoStack()->count(), editsBefore);
}

void TestClaimsPanel::addPointClaimByClicking()
{
    MapCanvas *canvas = mWindow->canvas();
    ClaimsLayer *layer = mPanel->claimsLayer();
    const LineVersion *loc2022 = layer->lines()->byId(QStringLiteral("loc-2022"));
    QVERIFY(loc2022);
    // A pixel whose position lies 3 to 6 km from loc-2022 (so that with the
    // line's 1 km accuracy "beyond 1 km" is decided either way), away from
    // the existing claims.
    QPoint pixel;
    for (int y = 150; y < canvas->height() - 150 && pixel.isNull(); y += 17)
        for (int x = 150; x < canvas->width() - 150 && pixel.isNull(); x += 17) {
            const LonLat p = canvas->lonLatAt(QPointF(x, y));
            const double d = loc2022->geometry.nearest(p).distanceM;
            if (d > 3000 && d < 6000 && layer->claimNear(p, 1500) < 0)
                pixel = QPoint(x, y);
        }
    QVERIFY2(!pixel.isNull(), "no pixel 3-6 km from the line in view");

    // The tool, as the analyst picks it from the dock's toolbar.
    mPanel->addPointAction()->trigger();
    QCOMPARE(canvas->tool(), static_cast<MapTool *>(mPanel->addTool()));
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, pixel);
    mPosition = canvas->lonLatAt(QPointF(pixel));
    ClaimDialog *dialog = mPanel->openDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());

    auto *id = dialog->findChild<QLineEdit *>(QStringLiteral("claimId"));
    auto *date = dialog->findChild<QDateEdit *>(QStringLiteral("claimDate"));
    auto *source = dialog->findChild<QLineEdit *>(QStringLiteral("claimSource"));
    auto *distance = dialog->findChild<QDoubleSpinBox *>(QStringLiteral("claimDistance"));
    auto *side = dialog->findChild<QComboBox *>(QStringLiteral("claimSide"));
    QVERIFY(id && date && source && distance && side);
    id->selectAll();
    QTest::keyClicks(id, QStringLiteral("gui-1"));
    date->setFocus();
    date->setSelectedSection(QDateTimeEdit::YearSection);
    QTest::keyClicks(date, QStringLiteral("2023"));
    date->setSelectedSection(QDateTimeEdit::MonthSection);
    QTest::keyClicks(date, QStringLiteral("03"));
    date->setSelectedSection(QDateTimeEdit::DaySection);
    QTest::keyClicks(date, QStringLiteral("25"));
    QCOMPARE(date->date(), QDate(2023, 3, 25));
    QTest::keyClicks(source, QStringLiteral("GUI test"));
    distance->selectAll();
    QTest::keyClicks(distance, QStringLiteral("1000"));
    QCOMPARE(distance->value(), 1000.0);
    // The sides offered are loc-2022's labels.
    QCOMPARE(side->count(), 3);
    QCOMPARE(side->itemData(2).toString(), loc2022->rightLabel);
    auto *buttons = dialog->findChild<QDialogButtonBox *>();
    QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(!mPanel->openDialog());

    // The independent expectation: distance by brute force; the version of
    // 2023-03-25 is loc-2022 (accuracy 1,000 m), so the interval is
    // [d - 1000, d + 1000] and "beyond 1,000 m" holds when d - 1000 > 1000.
    mReferenceM = test::bruteForce(loc2022->geometry.parts(), mPosition).distanceM;
    const QString expected = mReferenceM - 1000 > 1000 ? QStringLiteral("supported")
                             : mReferenceM + 1000 <= 1000 ? QStringLiteral("contradicted")
                                                          : QStringLiteral("indeterminate");
    const int row = tableRowOf(QStringLiteral("gui-1"));
    QVERIFY(row >= 0);
    const QAbstractItemModel *m = mPanel->table()->model();
    QCOMPARE(m->index(row, ClaimsTableModel::VerdictColumn).data().toString(), expected);
    QCOMPARE(m->index(row, ClaimsTableModel::LineVersionColumn).data().toString(),
             QStringLiteral("loc-2022 (2022-08-26 to 2023-09-20)"));
    const Verdict &v = layer->verdicts()[layer->indexOf(QStringLiteral("gui-1"))];
    QVERIFY2(std::abs(v.distanceMinM - (mReferenceM - 1000)) < 0.001,
             qPrintable(QStringLiteral("%1 vs %2").arg(v.distanceMinM, 0, 'f', 4).arg(mReferenceM - 1000, 0, 'f', 4)));
    QVERIFY(std::abs(v.marginM - (mReferenceM - 2000)) < 0.001);
    QCOMPARE(mWindow->undoStack()->count(), 1);
    QVERIFY(!mPanel->addPointAction()->isChecked());
    QCOMPARE(canvas->tool(), static_cast<MapTool *>(nullptr));
    // The new claim is the selected one.
    QCOMPARE(layer->selectedClaimId(), QStringLiteral("gui-1"));
}

void TestClaimsPanel::selectingARowHighlightsTheClaim()
{
    ClaimsLayer *layer = mPanel->claimsLayer();
    layer->setSelectedClaimId(QString());
    QVERIFY(mPanel->table()->selectionModel()->selectedRows().isEmpty());
    waitForFrame();
    const QRect around(claimPixel() - QPoint(16, 16), QSize(33, 33));
    const QImage before = mWindow->canvas()->lastFrame();
    QCOMPARE(countColour(before, around, ClaimsLayer::highlightColour()), 0);

    // Click the row's first cell, as the analyst would.
    QTableView *table = mPanel->table();
    const int row = tableRowOf(QStringLiteral("gui-1"));
    const QRect cell = table->visualRect(table->model()->index(row, 0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::NoModifier, cell.center());
    QCOMPARE(layer->selectedClaimId(), QStringLiteral("gui-1"));
    waitForFrame();
    const QImage after = mWindow->canvas()->lastFrame();
    const QRect around2(claimPixel() - QPoint(16, 16), QSize(33, 33)); // the view may have moved to show it
    QVERIFY2(countColour(after, around2, ClaimsLayer::highlightColour()) > 20, "no highlight round the claim");
    // And the band of "beyond 1 km" of loc-2022 is drawn somewhere on the map.
    QVERIFY(!layer->selectedBand().empty());
    QVERIFY2(countColour(after, after.rect(), ClaimsLayer::bandColour(), 25) > 200, "no band drawn");
    after.save(test::tempDir() + QStringLiteral("/claims-selected.png"));
    mWindow->grab().save(QStringLiteral("/tmp/claimspanel-window.png"));
}

void TestClaimsPanel::clickingTheClaimSelectsItsRow()
{
    ClaimsLayer *layer = mPanel->claimsLayer();
    layer->setSelectedClaimId(QString());
    QVERIFY(mPanel->table()->selectionModel()->selectedRows().isEmpty());
    MapCanvas *canvas = mWindow->canvas();
    QCOMPARE(canvas->tool(), static_cast<MapTool *>(nullptr));
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, claimPixel() + QPoint(3, -2));
    QCOMPARE(layer->selectedClaimId(), QStringLiteral("gui-1"));
    const QModelIndexList rows = mPanel->table()->selectionModel()->selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().data(ClaimsTableModel::ClaimIdRole).toString(), QStringLiteral("gui-1"));
    // A click on empty map clears it.
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, QPoint(5, 5));
    QVERIFY(layer->selectedClaimId().isEmpty());
}

void TestClaimsPanel::selectingARowBringsTheClaimIntoView()
{
    MapCanvas *canvas = mWindow->canvas();
    mPanel->selectClaim(QString());
    const double resolution = canvas->settings().mapUnitsPerPixel();
    canvas->panByPixels(QPointF(3 * canvas->width(), 0));
    const QRectF screen(QPointF(0, 0), QSizeF(canvas->size()));
    QVERIFY(!screen.contains(canvas->pixelOf(mPosition)));
    QTableView *table = mPanel->table();
    const QRect cell = table->visualRect(table->model()->index(tableRowOf(QStringLiteral("gui-1")), 0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::NoModifier, cell.center());
    QCOMPARE(mPanel->claimsLayer()->selectedClaimId(), QStringLiteral("gui-1"));
    // Panned to centre it, the zoom unchanged.
    const QPointF p = canvas->pixelOf(mPosition);
    QVERIFY2(std::abs(p.x() - canvas->width() / 2.0) < 1.0 && std::abs(p.y() - canvas->height() / 2.0) < 1.0,
             qPrintable(QStringLiteral("%1, %2").arg(p.x()).arg(p.y())));
    QCOMPARE(canvas->settings().mapUnitsPerPixel(), resolution);
    waitForFrame();
}

void TestClaimsPanel::filterByVerdict()
{
    const QString verdict = mPanel->table()->model()->index(tableRowOf(QStringLiteral("gui-1")),
                                                            ClaimsTableModel::VerdictColumn).data().toString();
    auto *box = mPanel->findChild<QCheckBox *>(QStringLiteral("show-") + verdict);
    QVERIFY(box && box->isChecked());
    const int all = mPanel->table()->model()->rowCount();
    int same = 0;
    for (const Verdict &v : mPanel->claimsLayer()->verdicts())
        same += Verdict::outcomeName(v.outcome) == verdict;
    QTest::mouseClick(box, Qt::LeftButton, Qt::NoModifier, QPoint(5, box->height() / 2));
    QVERIFY(!box->isChecked());
    QCOMPARE(tableRowOf(QStringLiteral("gui-1")), -1);
    QCOMPARE(mPanel->table()->model()->rowCount(), all - same);
    QTest::mouseClick(box, Qt::LeftButton, Qt::NoModifier, QPoint(5, box->height() / 2));
    QCOMPARE(mPanel->table()->model()->rowCount(), all);
    // By source: typed into the filter box.
    auto *source = mPanel->findChild<QLineEdit *>(QStringLiteral("sourceFilter"));
    QTest::keyClicks(source, QStringLiteral("gui TEST"));
    QCOMPARE(mPanel->table()->model()->rowCount(), 1);
    source->clear();
    QCOMPARE(mPanel->table()->model()->rowCount(), all);
}

void TestClaimsPanel::editClaimRechecksIt()
{
    ClaimsLayer *layer = mPanel->claimsLayer();
    mPanel->selectClaim(QStringLiteral("gui-1"));
    mPanel->editAction()->trigger();
    ClaimDialog *dialog = mPanel->openDialog();
    QVERIFY(dialog);
    auto *relation = dialog->findChild<QComboBox *>(QStringLiteral("claimRelation"));
    QCOMPARE(relation->currentData().toString(), QStringLiteral("beyond"));
    relation->setFocus();
    QTest::keyClick(relation, Qt::Key_Down); // "within"
    QCOMPARE(relation->currentData().toString(), QStringLiteral("within"));
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(!mPanel->openDialog());
    // "within 1,000 m" with [d - 1000, d + 1000], d > 3 km: min > D, contradicted.
    const Verdict &v = layer->verdicts()[layer->indexOf(QStringLiteral("gui-1"))];
    QCOMPARE(v.outcome, Verdict::Outcome::Contradicted);
    QVERIFY(std::abs(v.marginM - (mReferenceM - 2000)) < 0.001);
    QCOMPARE(mWindow->undoStack()->count(), 2);
    QCOMPARE(layer->claims()->claims()[layer->indexOf(QStringLiteral("gui-1"))].source, QStringLiteral("GUI test"));
}

void TestClaimsPanel::undoAndRedo()
{
    ClaimsLayer *layer = mPanel->claimsLayer();
    QUndoStack *undo = mWindow->undoStack();
    auto outcome = [layer] {
        const int i = layer->indexOf(QStringLiteral("gui-1"));
        return i < 0 ? -1 : int(layer->verdicts()[i].outcome);
    };
    const int added = mReferenceM > 2000 ? int(Verdict::Outcome::Supported) : int(Verdict::Outcome::Indeterminate);
    // Ctrl+Z, as the analyst presses it in the window: back to "beyond".
    mWindow->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(mWindow));
    QTest::keyClick(mWindow, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(outcome(), added);
    undo->undo(); // the addition
    QCOMPARE(outcome(), -1);
    QCOMPARE(layer->count(), 4);
    QCOMPARE(mPanel->table()->model()->rowCount(), 4);
    undo->redo();
    QCOMPARE(outcome(), added);
    QTest::keyClick(mWindow, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(outcome(), int(Verdict::Outcome::Contradicted));
    // Remove Claim is undoable too.
    mPanel->selectClaim(QStringLiteral("gui-1"));
    mPanel->removeAction()->trigger();
    QCOMPARE(outcome(), -1);
    undo->undo();
    QCOMPARE(outcome(), int(Verdict::Outcome::Contradicted));
}

void TestClaimsPanel::lineDateSelectorSetsTheVersionShown()
{
    LineLayer *line = nullptr;
    for (Layer *l : mWindow->layers()->layers())
        if (!line)
            line = qobject_cast<LineLayer *>(l);
    QVERIFY(line);
    auto *follow = mPanel->findChild<QCheckBox *>(QStringLiteral("followClaimDate"));
    auto *date = mPanel->findChild<QDateEdit *>(QStringLiteral("lineDate"));
    QVERIFY(follow && date);
    mPanel->selectClaim(QString());
    date->setDate(QDate(2021, 5, 1));
    QCOMPARE(line->displayDate(), QDate(2021, 5, 1));
    QCOMPARE(line->shownVersion()->id, QStringLiteral("loc-2020"));
    // Selecting a claim shows the version it was checked against.
    mPanel->selectClaim(QStringLiteral("gui-1"));
    QCOMPARE(line->displayDate(), QDate(2023, 3, 25));
    QCOMPARE(line->shownVersion()->id, QStringLiteral("loc-2022"));
    follow->setChecked(false);
    mPanel->selectClaim(QStringLiteral("example-lachin-2021"));
    QCOMPARE(line->shownVersion()->id, QStringLiteral("loc-2022"));
    follow->setChecked(true);
}

void TestClaimsPanel::addAreaClaimByClicking()
{
    MapCanvas *canvas = mWindow->canvas();
    ClaimsLayer *layer = mPanel->claimsLayer();
    const int before = layer->count();
    mPanel->addAreaAction()->trigger();
    QCOMPARE(canvas->tool(), static_cast<MapTool *>(mPanel->addTool()));
    const QPoint a(200, 150), b(260, 150), c(230, 200);
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, a);
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, b);
    QTest::mouseClick(canvas, Qt::LeftButton, Qt::NoModifier, c);
    QVERIFY(!mPanel->openDialog()); // still drawing
    QTest::mouseDClick(canvas, Qt::LeftButton, Qt::NoModifier, c);
    ClaimDialog *dialog = mPanel->openDialog();
    QVERIFY(dialog);
    auto *id = dialog->findChild<QLineEdit *>(QStringLiteral("claimId"));
    id->selectAll();
    QTest::keyClicks(id, QStringLiteral("gui-area"));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("claimSource")), QStringLiteral("GUI test"));
    auto *relation = dialog->findChild<QComboBox *>(QStringLiteral("claimRelation"));
    relation->setCurrentIndex(relation->findData(QStringLiteral("within")));
    auto *distance = dialog->findChild<QDoubleSpinBox *>(QStringLiteral("claimDistance"));
    distance->selectAll();
    QTest::keyClicks(distance, QStringLiteral("100000"));
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(!mPanel->openDialog());
    QCOMPARE(layer->count(), before + 1);
    const int i = layer->indexOf(QStringLiteral("gui-area"));
    QVERIFY(i >= 0);
    const Claim &claim = layer->claims()->claims()[i];
    QVERIFY(claim.polygon.has_value());
    QVERIFY2(claim.problems.isEmpty(), qPrintable(claim.problems.join(QLatin1String("; "))));
    // The three clicked vertices, in order (the ring is closed).
    QCOMPARE(claim.geometryParts.at(0).size(), std::size_t(4));
    QCOMPARE(claim.geometryParts[0][0], canvas->lonLatAt(QPointF(a)));
    QCOMPARE(claim.geometryParts[0][2], canvas->lonLatAt(QPointF(c)));
    // The whole area is a few km from the line (the view spans about 25 km):
    // the interval lies below 100 km however it is widened, so "within
    // 100 km" is supported; each vertex's brute-force distance lies inside it.
    const Verdict &v = layer->verdicts()[i];
    QCOMPARE(v.outcome, Verdict::Outcome::Supported);
    const LineVersion *version = layer->lines()->byId(v.lineId);
    QVERIFY(version);
    for (int k = 0; k < 3; ++k) {
        const double d = test::bruteForce(version->geometry.parts(), claim.geometryParts[0][k]).distanceM;
        QVERIFY(d >= v.distanceMinM - 0.001 && d <= v.distanceMaxM + 0.001);
    }
    QCOMPARE(canvas->tool(), static_cast<MapTool *>(nullptr));
}

void TestClaimsPanel::bufferOfTheLineShown()
{
    const int layers = mWindow->layers()->count();
    mPanel->selectClaim(QString());
    waitForFrame();
    const QImage before = mWindow->canvas()->lastFrame();
    Layer *buffer = mPanel->addBuffer(2000, 1);
    QVERIFY(buffer);
    QCOMPARE(mWindow->layers()->count(), layers + 1);
    QVERIFY2(buffer->name().startsWith(QLatin1String("Buffer 2,000 m of loc-")), qPrintable(buffer->name()));
    QVERIFY(buffer->name().contains(QLatin1String("right (Russian peacekeeping zone")));
    waitForFrame();
    const QImage after = mWindow->canvas()->lastFrame();
    QVERIFY2(countColour(after, after.rect(), BufferLayer::colour(), 12) > countColour(before, before.rect(), BufferLayer::colour(), 12) + 200,
             "the buffer is not drawn");
}

void TestClaimsPanel::cleanupTestCase() { delete mWindow; }

QTEST_MAIN(TestClaimsPanel)
#include "test_claims_panel.moc"
