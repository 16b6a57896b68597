#include "render/layer_stack.h"

#include "crs/crs_transform.h"
#include "render/layer.h"

#include <algorithm>
#include <limits>

namespace linewatch {

LayerStack::LayerStack(QObject *parent) : QObject(parent) {}

LayerStack::~LayerStack() { qDeleteAll(mLayers); }

int LayerStack::indexOf(const Layer *layer) const
{
    for (int i = 0; i < mLayers.size(); ++i)
        if (mLayers[i] == layer)
            return i;
    return -1;
}

QList<const Layer *> LayerStack::drawingOrder() const
{
    QList<const Layer *> order;
    order.reserve(mLayers.size());
    for (auto it = mLayers.crbegin(); it != mLayers.crend(); ++it)
        order << *it;
    return order;
}

Layer *LayerStack::insert(int index, std::unique_ptr<Layer> layer)
{
    if (!layer)
        return nullptr;
    Layer *raw = layer.release();
    raw->setParent(this);
    index = std::clamp(index, 0, int(mLayers.size()));
    mLayers.insert(index, raw);
    connect(raw, &Layer::changed, this, &LayerStack::mapChanged);
    connect(raw, &Layer::propertiesChanged, this, [this, raw] { emit layerPropertiesChanged(raw); });
    emit structureChanged();
    emit mapChanged();
    return raw;
}

std::unique_ptr<Layer> LayerStack::take(int index)
{
    if (index < 0 || index >= mLayers.size())
        return nullptr;
    Layer *raw = mLayers.takeAt(index);
    disconnect(raw, nullptr, this, nullptr);
    raw->setParent(nullptr);
    emit structureChanged();
    emit mapChanged();
    return std::unique_ptr<Layer>(raw);
}

void LayerStack::clear()
{
    if (mLayers.isEmpty())
        return;
    const QList<Layer *> old = std::exchange(mLayers, {});
    qDeleteAll(old);
    emit structureChanged();
    emit mapChanged();
}

void LayerStack::move(int from, int to)
{
    if (from < 0 || from >= mLayers.size())
        return;
    to = std::clamp(to, 0, int(mLayers.size()) - 1);
    if (from == to)
        return;
    mLayers.move(from, to);
    emit structureChanged();
    emit mapChanged();
}

Layer *LayerStack::topmostTerrain() const
{
    for (Layer *l : mLayers)
        if (l->kind() == Layer::Kind::Terrain && l->isVisible())
            return l;
    return nullptr;
}

LonLatBox LayerStack::extentOf(const Layer &layer)
{
    const QRectF e = layer.extent();
    if (e.isNull() || !layer.crs().isValid())
        return {};
    const CrsTransform *t = CrsTransform::forThread(layer.crs(), Crs::wgs84());
    if (!t)
        return {};
    const QRectF b = t->forwardBounds(e);
    if (b.isNull())
        return {};
    return LonLatBox{b.left(), b.top(), b.right(), b.bottom()};
}

LonLatBox LayerStack::fullExtent() const
{
    LonLatBox box{std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity(),
                  -std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    bool any = false;
    for (const Layer *l : mLayers) {
        const LonLatBox b = extentOf(*l);
        if (b.isEmpty())
            continue;
        any = true;
        box.west = std::min(box.west, b.west);
        box.south = std::min(box.south, b.south);
        box.east = std::max(box.east, b.east);
        box.north = std::max(box.north, b.north);
    }
    return any ? box : LonLatBox{};
}

} // namespace linewatch
