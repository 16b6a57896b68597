#pragma once

#include "common/geo_point.h"

#include <QList>
#include <QObject>

#include <memory>

namespace linewatch {

class Layer;

/// The ordered layers of the map, top first as in the layer panel. Owns them.
/// Forwards every layer's change so the canvas re-renders once per change.
class LayerStack : public QObject
{
    Q_OBJECT

public:
    explicit LayerStack(QObject *parent = nullptr);
    ~LayerStack() override;

    int count() const { return mLayers.size(); }
    /// Index 0 is the top layer.
    Layer *at(int index) const { return mLayers.value(index); }
    int indexOf(const Layer *layer) const;
    QList<Layer *> layers() const { return mLayers; }

    /// The layers in drawing order, bottom first.
    QList<const Layer *> drawingOrder() const;

    /// Inserts at index (0 = top; clamped to the ends) and takes ownership.
    Layer *insert(int index, std::unique_ptr<Layer> layer);
    /// Removes the layer at index and gives ownership back.
    std::unique_ptr<Layer> take(int index);
    void remove(int index) { take(index); }
    void clear();
    /// Moves the layer at from to index to (both clamped).
    void move(int from, int to);

    /// The topmost visible elevation layer, for the elevation under the cursor.
    Layer *topmostTerrain() const;

    /// Union of the layers' extents as a WGS84 box; empty when none is known.
    LonLatBox fullExtent() const;
    /// A layer's extent as a WGS84 box (densified transform of its corners).
    static LonLatBox extentOf(const Layer &layer);

signals:
    /// Layers were added, removed or reordered.
    void structureChanged();
    /// Something that changes the rendered map.
    void mapChanged();
    /// A layer's panel-visible properties changed (name, health, visibility).
    void layerPropertiesChanged(linewatch::Layer *layer);

private:
    QList<Layer *> mLayers;
};

} // namespace linewatch
