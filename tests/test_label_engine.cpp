// The label engine: labels of all layers never overlap each other or point
// symbols, higher priority wins, and the preferred position is upper right.
#include "render/label_engine.h"

#include <QtTest>

#include <QImage>
#include <QPainter>
#include <QRandomGenerator>

using namespace linewatch;

namespace {

LabelCandidate candidate(const QString &text, QPointF anchor, int priority, bool aroundPoint = true, double offset = 4.0)
{
    LabelCandidate c;
    c.text = text;
    c.anchor = anchor;
    c.priority = priority;
    c.aroundPoint = aroundPoint;
    c.offset = offset;
    c.font.setPointSizeF(10);
    return c;
}

/// Runs the engine on a 400x300 image and returns it.
QList<PlacedLabel> place(LabelEngine &engine, QSize size = QSize(400, 300))
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    engine.drawLabels(painter, QRectF(QPointF(0, 0), QSizeF(size)));
    return engine.placed();
}

} // namespace

class TestLabelEngine : public QObject
{
    Q_OBJECT

private slots:
    void neverOverlap_data();
    void neverOverlap();
    void higherPriorityWins_data();
    void higherPriorityWins();
    void preferredPositionIsUpperRight();
    void avoidsObstacles();
    void dropsLabelsOutsideBounds();
    void glyphsScaleWithDeviceDpi_data();
    void glyphsScaleWithDeviceDpi();
};

void TestLabelEngine::neverOverlap_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<double>("spacingPx"); // 0: all on one point; < 0: random (seeded)
    QTest::addColumn<int>("obstacles");    // point symbols, one per candidate, 6 px across
    QTest::newRow("50 on one point") << 50 << 0.0 << 0;
    QTest::newRow("100 on a 12 px grid, with symbols") << 100 << 12.0 << 1;
    QTest::newRow("300 random, seeded, with symbols") << 300 << -1.0 << 1;
}

void TestLabelEngine::neverOverlap()
{
    QFETCH(int, count);
    QFETCH(double, spacingPx);
    QFETCH(int, obstacles);
    LabelEngine engine;
    QRandomGenerator random(20201110); // fixed seed: the same layout every run
    QList<QRectF> symbols;
    for (int i = 0; i < count; ++i) {
        QPointF anchor(200, 150);
        if (spacingPx > 0)
            anchor = QPointF(80 + (i % 10) * spacingPx, 60 + (i / 10) * spacingPx);
        else if (spacingPx < 0)
            anchor = QPointF(random.bounded(400.0), random.bounded(300.0));
        engine.addLabel(candidate(QStringLiteral("Place %1").arg(i), anchor, random.bounded(100)));
        if (obstacles) {
            symbols << QRectF(anchor - QPointF(3, 3), QSizeF(6, 6));
            engine.addObstacle(symbols.last());
        }
    }
    const QList<PlacedLabel> placed = place(engine);
    QVERIFY(!placed.isEmpty());
    QVERIFY(placed.size() < count); // they cannot all fit: some must be dropped
    const QRectF bounds(0, 0, 400, 300);
    for (int i = 0; i < placed.size(); ++i) {
        QVERIFY2(bounds.contains(placed[i].box), qPrintable(placed[i].text));
        for (const QRectF &s : std::as_const(symbols))
            QVERIFY2(!placed[i].box.intersects(s), qPrintable(placed[i].text + QStringLiteral(" covers a symbol")));
        for (int j = i + 1; j < placed.size(); ++j)
            QVERIFY2(!placed[i].box.intersects(placed[j].box),
                     qPrintable(placed[i].text + QStringLiteral(" overlaps ") + placed[j].text));
    }
}

void TestLabelEngine::higherPriorityWins_data()
{
    QTest::addColumn<bool>("highFirst");
    QTest::newRow("high-priority label added first") << true;
    QTest::newRow("high-priority label added last") << false;
}

void TestLabelEngine::higherPriorityWins()
{
    QFETCH(bool, highFirst);
    // Two labels centred on the same point can never both be placed.
    LabelEngine engine;
    const LabelCandidate high = candidate(QStringLiteral("Shusha"), QPointF(200, 150), 50, false);
    const LabelCandidate low = candidate(QStringLiteral("Lisagor"), QPointF(200, 150), 20, false);
    if (highFirst) {
        engine.addLabel(high);
        engine.addLabel(low);
    } else {
        engine.addLabel(low);
        engine.addLabel(high);
    }
    const QList<PlacedLabel> placed = place(engine);
    QCOMPARE(placed.size(), 1);
    QCOMPARE(placed.first().text, QStringLiteral("Shusha"));
}

void TestLabelEngine::preferredPositionIsUpperRight()
{
    LabelEngine engine;
    engine.addLabel(candidate(QStringLiteral("Khankendi"), QPointF(200, 150), 0));
    const QList<PlacedLabel> placed = place(engine);
    QCOMPARE(placed.size(), 1);
    QVERIFY(placed.first().box.left() > 200);
    QVERIFY(placed.first().box.bottom() < 150);
}

void TestLabelEngine::avoidsObstacles()
{
    // Everything right of the anchor is taken: the label must go left.
    LabelEngine engine;
    engine.addObstacle(QRectF(199, 0, 201, 300));
    engine.addLabel(candidate(QStringLiteral("Lachin"), QPointF(200, 150), 0));
    const QList<PlacedLabel> placed = place(engine);
    QCOMPARE(placed.size(), 1);
    QVERIFY2(placed.first().box.right() < 199, qPrintable(QString::number(placed.first().box.right())));
}

void TestLabelEngine::dropsLabelsOutsideBounds()
{
    LabelEngine engine;
    engine.addLabel(candidate(QStringLiteral("Far away"), QPointF(-500, -500), 0));
    engine.addLabel(candidate(QStringLiteral(""), QPointF(100, 100), 0)); // empty text is never a candidate
    QCOMPARE(engine.candidateCount(), 1);
    QCOMPARE(place(engine).size(), 0);
}

void TestLabelEngine::glyphsScaleWithDeviceDpi_data()
{
    QTest::addColumn<double>("dpi");
    QTest::newRow("screen, 96 dpi") << 96.0;
    QTest::newRow("print, 300 dpi") << 300.0;
    QTest::newRow("print, 600 dpi") << 600.0;
}

void TestLabelEngine::glyphsScaleWithDeviceDpi()
{
    // A 10 pt label is 10/72 in tall on any device: the ink of "HH" (cap
    // height, about 0.7 em for sans fonts) and the box must grow with the DPI
    // together, or print output gets screen-sized text in print-sized boxes.
    QFETCH(double, dpi);
    auto inkHeight = [](double dpi, QRectF *box) {
        const int side = qRound(400 * dpi / 96.0);
        QImage image(side, side, QImage::Format_ARGB32_Premultiplied);
        image.setDotsPerMeterX(qRound(dpi / 0.0254));
        image.setDotsPerMeterY(qRound(dpi / 0.0254));
        image.fill(Qt::white);
        LabelEngine engine;
        LabelCandidate c = candidate(QStringLiteral("HH"), QPointF(side / 2.0, side / 2.0), 0, false);
        c.halo = Qt::transparent;
        engine.addLabel(c);
        QPainter painter(&image);
        engine.drawLabels(painter, QRectF(0, 0, side, side));
        painter.end();
        *box = engine.placed().value(0).box;
        int top = side, bottom = -1;
        for (int y = 0; y < side; ++y)
            for (int x = 0; x < side; ++x)
                if (qGray(image.pixel(x, y)) < 128) {
                    top = std::min(top, y);
                    bottom = std::max(bottom, y);
                }
        return bottom >= top ? bottom - top + 1 : 0;
    };
    QRectF box96, box;
    const int ink96 = inkHeight(96.0, &box96);
    const int ink = inkHeight(dpi, &box);
    const double scale = dpi / 96.0;
    QVERIFY(ink96 > 5);
    // Tolerances: 1 px of hinting at 96 dpi, scaled, plus 1 px.
    QVERIFY2(std::abs(ink - ink96 * scale) <= scale + 1.0,
             qPrintable(QStringLiteral("ink %1 px at %2 dpi, %3 px at 96 dpi").arg(ink).arg(dpi).arg(ink96)));
    QVERIFY2(std::abs(box.height() - box96.height() * scale) <= scale + 1.0,
             qPrintable(QStringLiteral("box %1 px at %2 dpi, %3 px at 96 dpi").arg(box.height()).arg(dpi).arg(box96.height())));
    // And the text fits its box.
    QVERIFY(ink <= box.height());
}

QTEST_MAIN(TestLabelEngine)
#include "test_label_engine.moc"
