#pragma once

#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;
class QSlider;
class QLabel;
class QToolButton;

namespace linewatch {

class Layer;
class LayerStack;

/// The layer list: visibility, opacity, order, removal, zoom to layer, and the
/// legend of each layer with its source, approximation and health.
class LayerPanel : public QWidget
{
    Q_OBJECT

public:
    explicit LayerPanel(LayerStack *layers, QWidget *parent = nullptr);

    Layer *currentLayer() const;
    void setCurrentLayer(Layer *layer);
    QTreeWidget *tree() const { return mTree; }

signals:
    void zoomToLayerRequested(linewatch::Layer *layer);

public slots:
    void moveCurrentUp();
    void moveCurrentDown();
    void removeCurrent();

private:
    void rebuild();
    void updateItem(Layer *layer);
    void fillItem(QTreeWidgetItem *item, Layer *layer);
    void onItemChanged(QTreeWidgetItem *item, int column);
    void onCurrentChanged();
    QTreeWidgetItem *itemFor(const Layer *layer) const;

    LayerStack *mLayers;
    QTreeWidget *mTree;
    QSlider *mOpacity;
    QLabel *mOpacityLabel;
    QToolButton *mUp, *mDown, *mRemove, *mZoom;
};

} // namespace linewatch
