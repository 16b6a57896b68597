// The layer stack and the asynchronous loader, with a layer type made here so
// the order, ownership, cancel and error paths are tested without GDAL.
#include "project/layer_loader.h"
#include "render/layer_stack.h"
#include "render/layer.h"
#include "render/layer_renderer.h"

#include <QtTest>

#include <QThread>

using namespace linewatch;

namespace {

class BoxLayer : public Layer
{
public:
    BoxLayer(const QString &name, QRectF lonLat, Kind kind = Kind::Vector) : mBox(lonLat), mKind(kind) { setName(name); }
    Kind kind() const override { return mKind; }
    Crs crs() const override { return Crs::wgs84(); }
    QRectF extent() const override { return mBox; }
    std::unique_ptr<LayerRenderer> createRenderer(const MapSettings &) const override { return nullptr; }

private:
    QRectF mBox;
    Kind mKind;
};

QStringList names(const LayerStack &s)
{
    QStringList n;
    for (Layer *l : s.layers())
        n << l->name();
    return n;
}

} // namespace

class TestLayerStack : public QObject
{
    Q_OBJECT

private slots:
    void orderAndMoves();
    void drawingOrderIsBottomFirst();
    void fullExtentIsTheUnion();
    void topmostTerrainSkipsHiddenLayers();
    void loaderKeepsRequestIndicesAndReportsFailures();
    void loaderCancel();
};

void TestLayerStack::orderAndMoves()
{
    LayerStack s;
    QSignalSpy structure(&s, &LayerStack::structureChanged);
    s.insert(0, std::make_unique<BoxLayer>(QStringLiteral("a"), QRectF()));
    s.insert(0, std::make_unique<BoxLayer>(QStringLiteral("b"), QRectF()));
    s.insert(99, std::make_unique<BoxLayer>(QStringLiteral("c"), QRectF()));
    QCOMPARE(names(s), (QStringList{QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c")}));
    s.move(0, 2);
    QCOMPARE(names(s), (QStringList{QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("b")}));
    s.move(2, -5);
    QCOMPARE(names(s), (QStringList{QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c")}));
    auto taken = s.take(1);
    QCOMPARE(taken->name(), QStringLiteral("a"));
    QCOMPARE(names(s), (QStringList{QStringLiteral("b"), QStringLiteral("c")}));
    QCOMPARE(structure.count(), 6);
    QVERIFY(!s.take(7));
}

void TestLayerStack::drawingOrderIsBottomFirst()
{
    LayerStack s;
    s.insert(0, std::make_unique<BoxLayer>(QStringLiteral("bottom"), QRectF()));
    s.insert(0, std::make_unique<BoxLayer>(QStringLiteral("top"), QRectF()));
    const QList<const Layer *> order = s.drawingOrder();
    QCOMPARE(order.first()->name(), QStringLiteral("bottom"));
    QCOMPARE(order.last()->name(), QStringLiteral("top"));
}

void TestLayerStack::fullExtentIsTheUnion()
{
    LayerStack s;
    s.insert(0, std::make_unique<BoxLayer>(QStringLiteral("a"), QRectF(46.5, 39.6, 0.2, 0.1)));
    s.insert(0, std::make_unique<BoxLayer>(QStringLiteral("b"), QRectF(46.6, 39.7, 0.3, 0.2)));
    s.insert(0, std::make_unique<BoxLayer>(QStringLiteral("no extent"), QRectF()));
    const LonLatBox b = s.fullExtent();
    QCOMPARE(b.west, 46.5);
    QCOMPARE(b.south, 39.6);
    QVERIFY(std::abs(b.east - 46.9) < 1e-12);
    QVERIFY(std::abs(b.north - 39.9) < 1e-12);
}

void TestLayerStack::topmostTerrainSkipsHiddenLayers()
{
    LayerStack s;
    Layer *lower = s.insert(0, std::make_unique<BoxLayer>(QStringLiteral("dem 1"), QRectF(), Layer::Kind::Terrain));
    Layer *upper = s.insert(0, std::make_unique<BoxLayer>(QStringLiteral("dem 2"), QRectF(), Layer::Kind::Terrain));
    s.insert(0, std::make_unique<BoxLayer>(QStringLiteral("vector"), QRectF()));
    QCOMPARE(s.topmostTerrain(), upper);
    upper->setVisible(false);
    QCOMPARE(s.topmostTerrain(), lower);
}

void TestLayerStack::loaderKeepsRequestIndicesAndReportsFailures()
{
    // Later requests finish first (shorter sleeps) to show indices, not
    // completion order, identify the layers.
    LayerLoader loader([](const LayerRequest &r, const std::atomic_bool *) -> Result<std::unique_ptr<Layer>> {
        QThread::msleep(r.name.toInt() * 10);
        if (r.path == QLatin1String("bad"))
            return Error{QStringLiteral("broken on purpose"), r.path};
        return std::unique_ptr<Layer>(std::make_unique<BoxLayer>(r.path, QRectF()));
    });
    QList<LayerRequest> requests;
    for (const auto &[path, delay] : QList<QPair<QString, QString>>{{QStringLiteral("first"), QStringLiteral("8")},
                                                                    {QStringLiteral("bad"), QStringLiteral("4")},
                                                                    {QStringLiteral("third"), QStringLiteral("1")}}) {
        LayerRequest r;
        r.path = path;
        r.name = delay;
        requests << r;
    }
    QMap<int, QString> ready;
    QMap<int, QString> failed;
    connect(&loader, &LayerLoader::layerReady, this, [&](int i, Layer *l) {
        ready[i] = l->name();
        QCOMPARE(l->thread(), QThread::currentThread());
        delete l;
    });
    connect(&loader, &LayerLoader::layerFailed, this, [&](int i, const QString &, const QString &m) { failed[i] = m; });
    QSignalSpy finished(&loader, &LayerLoader::finished);
    loader.start(requests);
    QVERIFY(finished.wait(5000));
    QCOMPARE(ready.value(0), QStringLiteral("first"));
    QCOMPARE(ready.value(2), QStringLiteral("third"));
    QVERIFY(failed.value(1).contains(QLatin1String("bad: broken on purpose")));
    QVERIFY(!loader.isRunning());
}

void TestLayerStack::loaderCancel()
{
    std::atomic_int sawCancel{0};
    LayerLoader loader([&](const LayerRequest &r, const std::atomic_bool *cancel) -> Result<std::unique_ptr<Layer>> {
        for (int i = 0; i < 500 && !cancel->load(); ++i)
            QThread::msleep(2);
        if (cancel->load()) {
            ++sawCancel;
            return Error{QStringLiteral("cancelled"), r.path};
        }
        return std::unique_ptr<Layer>(std::make_unique<BoxLayer>(r.path, QRectF()));
    });
    int delivered = 0;
    connect(&loader, &LayerLoader::layerReady, this, [&](int, Layer *l) {
        ++delivered;
        delete l;
    });
    QSignalSpy finished(&loader, &LayerLoader::finished);
    LayerRequest r;
    r.path = QStringLiteral("slow");
    loader.start({r, r});
    QTest::qWait(30);
    loader.cancel();
    QVERIFY(finished.wait(5000));
    QCOMPARE(delivered, 0);
    QCOMPARE(sawCancel.load(), 2);
}

QTEST_GUILESS_MAIN(TestLayerStack)
#include "test_layer_stack.moc"
